"""Deterministic Eduframe courses and planned courses, shaped like the OpenAPI schemas
``CourseWithIncludes`` and ``PlannedCourseWithIncludes``, plus a few off-schema values
(an unknown status, an extra field) that a tolerant client must survive."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

Record = dict[str, Any]

SUBJECTS = (
    "Data Analysis with Python", "Project Management (PRINCE2)", "Leadership Essentials",
    "UX Design Fundamentals", "Applied Statistics", "Digital Marketing", "Finance for Managers",
    "Agile Coaching", "Public Speaking", "Dutch for Beginners", "Machine Learning in Practice",
    "Negotiation Skills", "Business English", "Cyber Security Awareness", "Lean Six Sigma",
)  # fmt: skip
LEVELS = ("Beginner", "Intermediate", "Advanced", "HBO", "MBO 4", None)
DURATIONS = ("1 day", "3 days", "6 weeks", "10 weeks", "3 months", None)
COST_SCHEMES = ("student", "student", "student", "order", "free", "tbd")
HOST = "https://academy.example.nl"
CDN = "https://cdn.eduframe.example"


def stamp(moment: datetime) -> str:
    """Rails' JSON timestamp: milliseconds and ``Z``."""
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in keep.split("-") if part)


def make_course(rng: random.Random, cid: int) -> Record:
    subject = SUBJECTS[(cid - 1) % len(SUBJECTS)]
    edition = (cid - 1) // len(SUBJECTS)
    name = subject if edition == 0 else f"{subject} {edition + 1}"
    slug = _slug(name)
    scheme = rng.choice(COST_SCHEMES)
    cost = None if scheme in ("free", "tbd") else f"{rng.randrange(9, 60) * 50}.00"
    created = datetime(2019, 8, 24, 14, 15, 22, tzinfo=UTC) + timedelta(
        hours=37 * cid, milliseconds=rng.randrange(1000)
    )
    return {
        "id": cid,
        "position": cid,
        "starting_price": cost or "0.00",
        "signup_url": f"{HOST}/signup/{slug}",
        "slug": slug,
        "slug_history": [f"{slug}-old"] if cid % 10 == 0 else [],
        "avatar": f"{CDN}/courses/{cid}/original.jpg",
        "avatar_url": f"{CDN}/courses/{cid}/300x200.jpg",
        "avatar_thumb_url": f"{CDN}/courses/{cid}/748x296.jpg",
        "conditions_or_default": "Cancellation is free of charge up to 14 days before the start.",
        "website_url": f"{HOST}/courses/{slug}" if rng.random() < 0.7 else None,
        "certificate_template_id": rng.choice((None, None, 1, 2)),
        "category_id": rng.randrange(1, 9),
        "name": name,
        "code": f"{''.join(w[0] for w in subject.split() if w[0].isalpha()).upper()}-{cid:03d}",
        "duration": rng.choice(DURATIONS),
        "level": rng.choice(LEVELS),
        "meta_title": name if rng.random() < 0.5 else None,
        "meta_description": None,
        "result": rng.choice(("Certificate", "Diploma", None)),
        "label_ids": sorted(rng.sample(range(1, 16), rng.randrange(0, 3))),
        "cost": cost,
        "cost_scheme": scheme,
        "is_published": rng.random() < 0.8,
        "updated_at": stamp(created + timedelta(days=rng.randrange(0, 400))),
        "created_at": stamp(created),
        "custom": {"internal_code": f"INT-{cid:04d}", "accredited": rng.random() < 0.3},
    }


def make_planned_course(rng: random.Random, pid: int, course: Record | None) -> Record:
    fixed = rng.random() < 0.85
    start = date(2025, 9, 1) + timedelta(days=rng.randrange(0, 540))
    days = rng.randrange(1, 60)
    maximum = rng.choice((12, 16, 20, 24, None))
    current = rng.randrange(0, (maximum or 30) + 1)
    status = rng.choice(("planned", "planned", "planned", "active", "completed", "canceled"))
    scheme = course["cost_scheme"] if course else "student"
    created = datetime(2025, 3, 1, 8, tzinfo=UTC) + timedelta(hours=5 * pid, milliseconds=pid)
    return {
        "id": pid,
        "status": status,
        "duration_in_days": days if fixed else rng.choice((30, 90, 365)),
        "availability_state": "closed"
        if status in ("completed", "canceled")
        else rng.choice(("open", "open", "closed")),
        "payable": scheme in ("student", "order"),
        "current_participants": current,
        "confirmed_active_and_completed_enrollments_count": max(0, current - rng.randrange(0, 3)),
        "requested_enrollments_count": rng.randrange(0, 4),
        "available_places": maximum is None or current < maximum,
        "currency": rng.choice(("EUR", "EUR", "EUR", "GBP", "USD")),
        "cost_multiplier": rng.choice(("1.21", "1.21", "1.09", "1.0")),
        "is_published": rng.random() < 0.9,
        "course_id": course["id"] if course else 1,
        "type": "FixedPlannedCourse" if fixed else "FlexiblePlannedCourse",
        # Flexible courses have no fixed dates.
        "start_date": start.isoformat() if fixed else None,
        "end_date": (start + timedelta(days=days)).isoformat() if fixed else None,
        "min_participants": rng.choice((4, 6, 8, None)),
        "max_participants": maximum,
        "cost_scheme": scheme,
        "cost": None if scheme in ("free", "tbd") else f"{rng.randrange(6, 100) * 50}.00",
        "course_variant_id": rng.choice((None, None, rng.randrange(1, 40))),
        "course_location_id": rng.choice((1, 2, 3, 4, None)),
        "updated_at": stamp(created + timedelta(days=rng.randrange(0, 30))),
        "created_at": stamp(created),
    }


def make_catalogue(
    courses: int, planned: int, seed: int
) -> tuple[dict[int, Record], dict[int, Record]]:
    rng = random.Random(seed)
    course_map = {cid: make_course(rng, cid) for cid in range(1, courses + 1)}
    planned_map = {
        pid: make_planned_course(
            rng, pid, course_map.get(rng.randrange(1, courses + 1)) if courses else None
        )
        for pid in range(1, planned + 1)
    }
    # Off-schema values a tolerant client must survive: an enum value the spec lacks, a
    # field it does not declare, and a Canvas link (declared, but only sometimes sent).
    if 7 in planned_map:
        planned_map[7]["status"] = "postponed"
    if 13 in planned_map:
        planned_map[13]["legacy_ref"] = "PC-2019-0013"
    for pid in range(5, planned + 1, 50):
        planned_map[pid]["canvas_link"] = f"https://canvas.example.nl/courses/{pid}"
    return course_map, planned_map
