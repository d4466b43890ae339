"""Deterministic TidyClub contacts (an Australian club's members), with the read-side
``custom_fields`` array the docs show and timestamps in ``Z`` or ``+08:00``."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

Record = dict[str, Any]

FIRST_NAMES = (
    "Charlotte", "Jack", "Olivia", "William", "Mia", "Lachlan", "Chloe", "Thomas", "Matilda",
    "Cooper", "Isla", "Riley", "Zoe", "Liam", "Harper", "Ethan", "Ruby", "Mason", "Sienna",
    "Xavier", "Grace", "Hamish", "Aanya", "Minh", "Mei", "Tane", "Priya", "Declan",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Nguyen", "Johnson", "Martin",
    "White", "Anderson", "Walker", "Thompson", "Kelly", "Ryan", "Tran", "Singh", "Chen",
    "O'Connor", "McDonald", "Campbell", "Harris",
)  # fmt: skip
# (city, state, postcode)
CITIES = (
    ("Perth", "WA", "6000"), ("Fremantle", "WA", "6160"), ("Sydney", "NSW", "2000"),
    ("Newcastle", "NSW", "2300"), ("Melbourne", "VIC", "3000"), ("Geelong", "VIC", "3220"),
    ("Brisbane", "QLD", "4000"), ("Adelaide", "SA", "5000"), ("Hobart", "TAS", "7000"),
    ("Canberra", "ACT", "2600"), ("Darwin", "NT", "0800"),
)  # fmt: skip
STREETS = ("Beach Rd", "Hay St", "George St", "Collins St", "Marine Pde", "Oxford St", "King St")
COMPANIES = ("Harbour Rowing Club", "Acme Pty Ltd", "Swan River Sailing", "Coastal Physio")
PERTH = timezone(timedelta(hours=8))
DROPDOWN_OPTIONS = (
    ("8c2d3e0f1a2b", "Option 1"),
    ("a9e1b7c40d55", "Option 2"),
    ("2fbd15a7ff31", "Option 3"),
)


def stamp(moment: datetime, *, perth: bool = False) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ``, or the same instant with a ``+08:00`` offset."""
    if perth:
        return moment.astimezone(PERTH).isoformat(timespec="seconds")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_contact(rng: random.Random, cid: int) -> Record:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    city, state, postcode = rng.choice(CITIES)
    created = datetime(2012, 12, 16, 21, 1, 22, tzinfo=UTC) + timedelta(
        days=9 * cid, seconds=rng.randrange(86_400)
    )
    updated = created + timedelta(days=rng.randrange(0, 700), seconds=rng.randrange(86_400))
    perth = cid % 4 == 0
    birthday = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 22_000))
    option = rng.choice(DROPDOWN_OPTIONS)
    handle = f"{first}.{last}".lower().replace("'", "")
    return {
        "id": cid,
        "first_name": first,
        "last_name": last,
        "nick_name": first[:3] if rng.random() < 0.15 else None,
        "company": rng.choice(COMPANIES) if rng.random() < 0.25 else None,
        "email_address": f"{handle}{cid}@example.com.au" if rng.random() < 0.95 else None,
        "phone_number": f"04{rng.randrange(10_000_000, 99_999_999)}",
        "address1": f"{rng.randrange(1, 400)} {rng.choice(STREETS)}",
        "city": city,
        "state": state,
        "country": "Australia",
        "postcode": postcode,
        "gender": rng.choice(("female", "male", "undisclosed", None)),
        "birthday": birthday.isoformat() if rng.random() < 0.7 else None,
        "facebook": f"https://facebook.com/{handle}" if rng.random() < 0.1 else None,
        "twitter": f"@{handle.replace('.', '_')}" if rng.random() < 0.1 else None,
        "details": rng.choice(("", "", "Prefers email.", "Volunteer coach")),
        "registered": rng.random() < 0.6,
        "created_at": stamp(created, perth=perth),
        "updated_at": stamp(updated, perth=perth),
        "custom_fields": [
            {
                "id": "5b8ff85455e9",
                "title": "Custom checkbox field",
                "type": "boolean",
                "value": rng.random() < 0.5,
            },
            {
                "id": "280ada4c1dea",
                "title": "Custom dropdown field",
                "type": "dropdown",
                "value": {"id": option[0], "title": option[1]},
            },
            # A string that looks like a number, with leading zeros to keep.
            {"id": "001c1ca97c04", "title": "Member number", "type": "text", "value": f"{cid:06d}"},
        ],
    }


def make_contacts(count: int, seed: int) -> dict[int, Record]:
    rng = random.Random(seed)
    return {cid: make_contact(rng, cid) for cid in range(1, count + 1)}
