"""A fake Eduframe: Bearer keys, bare arrays, ``Link`` headers with opaque cursors."""

from __future__ import annotations

import base64
import binascii
import json
import operator
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from aiohttp import web

from ._server import FakeServer

SUBJECTS = [
    "Data Analysis",
    "Project Management",
    "Python Basics",
    "Leadership",
    "UX Design",
    "Statistics",
    "Marketing",
    "Finance for Managers",
    "Agile Coaching",
    "Public Speaking",
]
LEVELS = ["Beginner", "Intermediate", "Advanced", None]
COURSE_SORTS = {"name", "created_at", "updated_at", "id"}


class FakeEduframe(FakeServer):
    """Eduframe API v1 under ``/api/v1``: courses and planned courses.

    ``paging="cursor"`` (the live API) links the next page by an opaque cursor and
    gives no ``rel="last"``; ``paging="page"`` (older docs) uses page numbers and a
    ``rel="last"``, which lets clients fan out.
    """

    api_prefix = "/api/v1"

    def __init__(
        self,
        *,
        api_key: str = "test-key",
        courses: int = 120,
        planned_courses: int = 300,
        rate_limit: tuple[int, float] | None = None,
        paging: Literal["cursor", "page"] = "cursor",
        seed: int = 0,
        **kw: Any,
    ) -> None:
        super().__init__(rate_limit=rate_limit, **kw)
        self.api_key = api_key
        self.paging = paging
        rng = random.Random(seed)
        self.courses = {cid: _course(rng, cid) for cid in range(1, courses + 1)}
        self.planned_courses = {
            pid: _planned(rng, pid, rng.randrange(1, courses + 1) if courses else 1)
            for pid in range(1, planned_courses + 1)
        }
        if self.planned_courses:  # quirks: a status outside the enum, a field outside the schema
            self.planned_courses[1]["status"] = "postponed"
            self.planned_courses[1]["legacy_ref"] = "PC-0001"

    def setup_routes(self, app: web.Application) -> None:
        app.router.add_get("/api/v1/courses", self._list_courses)
        app.router.add_get("/api/v1/courses/{id}", self._get_course)
        app.router.add_get("/api/v1/planned_courses", self._list_planned)

    def credential(self, request: web.Request) -> str | None:
        ok = request.headers.get("Authorization", "") == f"Bearer {self.api_key}"
        return self.api_key if ok else None

    def error_body(self, status: int, message: str) -> dict[str, Any]:
        return {"errors": {}, "code": status, "message": message}

    # -- handlers ------------------------------------------------------------------------

    async def _list_courses(self, request: web.Request) -> web.Response:
        q = request.query
        items = list(self.courses.values())
        if q.get("published") == "published":
            items = [c for c in items if c["is_published"]]
        sorts = q.getall("sort", [])
        for spec in reversed(sorts):
            name, _, direction = spec.partition(":")
            if name not in COURSE_SORTS or direction not in ("", "asc", "desc"):
                return self.error(400, f"sort {spec!r} is not allowed")
            items.sort(key=operator.itemgetter(name), reverse=direction == "desc")
        return self._page(request, items, "/api/v1/courses")

    async def _get_course(self, request: web.Request) -> web.Response:
        try:
            return web.json_response(self.courses[int(request.match_info["id"])])
        except (KeyError, ValueError):
            return self.error(404, "Not found")

    async def _list_planned(self, request: web.Request) -> web.Response:
        q = request.query
        items = list(self.planned_courses.values())
        if "course_id" in q:
            wanted = {int(v) for v in q.getall("course_id") if v.isdigit()}
            items = [p for p in items if p["course_id"] in wanted]
        if "status" in q:
            statuses = set(q.getall("status"))
            items = [p for p in items if p["status"] in statuses]
        if "type" in q:
            items = [p for p in items if p["type"] == q["type"]]
        if "start_date_from" in q:
            items = [p for p in items if p["start_date"] >= q["start_date_from"]]
        if "start_date_until" in q:
            items = [p for p in items if p["start_date"] <= q["start_date_until"]]
        for spec in q.getall("sort", []):
            if spec not in ("start_date:asc", "start_date:desc"):
                return self.error(400, f"sort {spec!r} is not allowed")
            items.sort(key=lambda p: p["start_date"], reverse=spec.endswith("desc"))
        return self._page(request, items, "/api/v1/planned_courses")

    # -- paging --------------------------------------------------------------------------

    def _page(self, request: web.Request, items: list[dict[str, Any]], path: str) -> web.Response:
        q = request.query
        try:
            per_page = int(q.get("per_page", "25"))
        except ValueError:
            per_page = 0
        if not 1 <= per_page <= 100:
            return web.json_response(
                {
                    "errors": {"per_page": ["must be between 1 and 100"]},
                    "code": 422,
                    "message": "Validation failed",
                },
                status=422,
            )
        others = [(k, v) for k, v in q.items() if k not in ("cursor", "page", "per_page")]
        links = []
        if self.paging == "cursor":
            decoded = _decode_cursor(q["cursor"]) if "cursor" in q else 0
            if decoded is None:
                return self.error(400, "Invalid cursor")
            start = decoded
            chunk = items[start : start + per_page]
            if start + per_page < len(items):
                cursor = _encode_cursor(start + per_page)
                links.append(
                    (
                        self.absolute(
                            request,
                            path,
                            [*others, ("cursor", cursor), ("per_page", str(per_page))],
                        ),
                        "next",
                    )
                )
        else:
            page = int(q.get("page", "1")) if q.get("page", "1").isdigit() else 1
            last = max(1, -(-len(items) // per_page))
            chunk = items[(page - 1) * per_page : page * per_page]
            if page < last:
                links.append(
                    (
                        self.absolute(
                            request,
                            path,
                            [*others, ("page", str(page + 1)), ("per_page", str(per_page))],
                        ),
                        "next",
                    )
                )
            links.append(
                (
                    self.absolute(
                        request, path, [*others, ("page", str(last)), ("per_page", str(per_page))]
                    ),
                    "last",
                )
            )
        headers = (
            {"Link": ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)} if links else {}
        )
        return web.json_response(chunk, headers=headers)


def _encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": offset}).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return int(data["after"])
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _course(rng: random.Random, cid: int) -> dict[str, Any]:
    subject = rng.choice(SUBJECTS)
    name = f"{subject} {cid}"
    created = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=cid * 7)
    scheme = rng.choice(["free", "order", "student", "student", "tbd"])
    cost = None if scheme == "free" else f"{rng.randrange(100, 3000)}.00"
    slug = name.lower().replace(" ", "-")
    return {
        "id": cid,
        "position": cid,
        "starting_price": cost or "0.00",
        "signup_url": f"https://academy.example.org/signup/{slug}",
        "slug": slug,
        "slug_history": [],
        "avatar": f"https://cdn.example.org/{slug}.png",
        "avatar_url": f"https://cdn.example.org/{slug}-300.png",
        "avatar_thumb_url": f"https://cdn.example.org/{slug}-748.png",
        "conditions_or_default": "Cancellation is free up to 14 days before the start.",
        "website_url": None,
        "certificate_template_id": None,
        "category_id": rng.randrange(1, 8),
        "name": name,
        "code": f"C{cid:04d}",
        "duration": rng.choice(["3 days", "6 weeks", None]),
        "level": rng.choice(LEVELS),
        "meta_title": None,
        "meta_description": None,
        "result": None,
        "label_ids": rng.sample(range(1, 20), rng.randrange(0, 3)),
        "cost": cost,
        "cost_scheme": scheme,
        "is_published": rng.random() < 0.8,
        "updated_at": _stamp(created + timedelta(days=30)),
        "created_at": _stamp(created),
        "custom": {"internal_code": f"X{cid}"},
    }


def _planned(rng: random.Random, pid: int, course_id: int) -> dict[str, Any]:
    start = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 365))
    fixed = rng.random() < 0.8
    created = datetime(2025, 6, 1, tzinfo=UTC) + timedelta(hours=pid)
    maximum = rng.choice([12, 16, 20, None])
    current = rng.randrange(0, (maximum or 20) + 1)
    return {
        "id": pid,
        "status": rng.choice(["planned", "planned", "active", "completed", "canceled"]),
        "duration_in_days": rng.randrange(1, 40),
        "availability_state": rng.choice(["open", "open", "closed"]),
        "payable": True,
        "current_participants": current,
        "confirmed_active_and_completed_enrollments_count": current,
        "requested_enrollments_count": rng.randrange(0, 3),
        "available_places": maximum is None or current < maximum,
        "currency": rng.choice(["EUR", "EUR", "GBP"]),
        "cost_multiplier": "1.21",
        "is_published": rng.random() < 0.9,
        "course_id": course_id,
        "type": "FixedPlannedCourse" if fixed else "FlexiblePlannedCourse",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=rng.randrange(1, 60))).isoformat() if fixed else None,
        "min_participants": rng.choice([4, 6, None]),
        "max_participants": maximum,
        "cost_scheme": "student",
        "cost": f"{rng.randrange(300, 5000)}.00",
        "course_variant_id": None,
        "course_location_id": rng.choice([1, 2, 3, None]),
        "updated_at": _stamp(created + timedelta(days=3)),
        "created_at": _stamp(created),
    }
