"""Deterministic TutorCruncher clients, with the quirks the docs show.

Stored in the Roles V1 shape (personal fields nested in ``user``); the fake flattens
them for V2 on the way out. Nested ``url`` fields point at ``http://localhost:8000``
as in the vendor's own examples, so data never depends on the fake's port.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

Record = dict[str, Any]

FIRST_NAMES = (
    "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy",
    "Leo", "Lily", "Arthur", "Isabella", "Muhammad", "Rosie", "Oscar", "Sophia", "Charlie",
    "Grace", "Jacob", "Freya", "Thomas", "Poppy", "Henry", "Evie", "William", "Ella",
    "Alfie", "Florence", "Archie", "Willow", "Joshua", "Phoebe", "Priya", "Aisha", "Kwame",
    "Siobhan", "Rhys", "Niamh",
)  # fmt: skip
LAST_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
    "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner",
    "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Khan", "Okafor", "O'Brien",
    "MacDonald", "Begum", "Nowak", "Fraser", "Lloyd", "Ahmed",
)  # fmt: skip
# (town, postcode, latitude, longitude)
TOWNS = (
    ("London", "N1 9GU", 51.5362, -0.1033),
    ("London", "SW11 4NJ", 51.4700, -0.1677),
    ("Manchester", "M1 1AE", 53.4808, -2.2426),
    ("Birmingham", "B1 1BB", 52.4862, -1.8904),
    ("Leeds", "LS1 4DY", 53.7997, -1.5492),
    ("Bristol", "BS1 5TR", 51.4545, -2.5879),
    ("Edinburgh", "EH1 1YZ", 55.9533, -3.1883),
    ("Glasgow", "G1 1XQ", 55.8642, -4.2518),
    ("Cardiff", "CF10 1EP", 51.4816, -3.1791),
    ("Oxford", "OX1 1BX", 51.7520, -1.2577),
    ("Cambridge", "CB2 1TN", 52.2053, 0.1218),
    ("York", "YO1 7HH", 53.9590, -1.0815),
    ("Brighton", "BN1 1AE", 50.8225, -0.1372),
    ("Bath", "BA1 1LT", 51.3811, -2.3590),
    ("Nottingham", "NG1 2BY", 52.9548, -1.1581),
)
STREETS = (
    "High Street", "Church Road", "Station Road", "Victoria Road", "Green Lane",
    "Manor Road", "Park Avenue", "Queens Road", "Mill Lane", "Kings Road",
)  # fmt: skip
COUNTRIES = {183: "United Kingdom (GB)"}
STATUSES = ("live",) * 8 + ("prospect", "dormant")  # most clients are live
ADMINS = (
    {"id": 11, "first_name": "Sam", "last_name": "Okoye", "email": "sam@tutors.example.com"},
    {"id": 12, "first_name": "Hannah", "last_name": "Price", "email": "hannah@tutors.example.com"},
    {"id": 13, "first_name": "Tom", "last_name": "Fielding", "email": "tom@tutors.example.com"},
)
AGENTS = (
    {
        "id": 301,
        "first_name": "Bright",
        "last_name": "Futures",
        "email": "hello@brightfutures.example.com",
    },
    {"id": 302, "first_name": "Study", "last_name": "Circle", "email": None},
)
PIPELINE_STAGES = (
    {"id": 1, "colour": "#FFE0B2", "name": "Enquiry", "sort_index": 0},
    {"id": 2, "colour": "#B3E5FC", "name": "Contacted", "sort_index": 1},
    {"id": 3, "colour": "#C8E6C9", "name": "Trial lesson booked", "sort_index": 2},
)
LABELS = (
    {"id": 1, "name": "VIP", "machine_name": "vip"},
    {"id": 2, "name": "Sibling discount", "machine_name": "sibling-discount"},
    {"id": 3, "name": "Online only", "machine_name": "online-only"},
    {"id": 4, "name": "Enquiry", "machine_name": "enquiry"},
)
NOTIFICATIONS = ("invoices", "credit-requests", "apt_reminders", "broadcasts")
COLOURS = ("Khaki", "LimeGreen", "SteelBlue", "Salmon", "#fff000", "Orchid")
HEARD_FROM = ("Google search", "A friend", "School newsletter", "Facebook")
BST = timezone(timedelta(hours=1))
EPOCH = datetime(2019, 1, 7, 9, 0, tzinfo=UTC)


def stamp(moment: datetime, *, offset: bool = False) -> str:
    """Django REST framework's datetime format: microseconds, ``Z`` or a ``+01:00`` offset."""
    if offset:
        return moment.astimezone(BST).isoformat(timespec="microseconds")
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _ref(kind: str, ident: int, first: str, last: str, email: str | None) -> Record:
    url = f"http://localhost:8000/api/{kind}/{ident}/"
    return {"id": ident, "first_name": first, "last_name": last, "email": email, "url": url}


def _agent(agent: Record) -> Record:
    return _ref("agents", agent["id"], agent["first_name"], agent["last_name"], agent["email"])


def _money(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randrange(low, high) / 100:.2f}"


def make_client(rng: random.Random, cid: int) -> Record:
    """One client, V1 shape. Ids grow with creation time, as in a real database."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    town, postcode, lat, lng = rng.choice(TOWNS)
    created = EPOCH + timedelta(hours=11 * cid, seconds=rng.randrange(3600))
    status = rng.choice(STATUSES)
    pending = _money(rng, 0, 50_000)
    domain = rng.choice(("example.com", "example.org", "example.co.uk"))
    handle = f"{first}.{last}".lower().replace("'", "")
    return {
        "id": cid,
        "user": {
            "title": rng.choice(("Mr", "Ms", "Mrs", "Miss", "Dr", None)),
            "first_name": first,
            "last_name": last,
            "email": f"{handle}{cid}@{domain}",
            "mobile": f"07{rng.randrange(100_000_000, 999_999_999)}",
            "phone": None if rng.random() < 0.6 else f"020 7946 0{rng.randrange(1000):03d}",
            "street": f"{rng.randrange(1, 240)} {rng.choice(STREETS)}",
            "state": None,
            "town": town,
            "country": COUNTRIES[183],
            "postcode": postcode,
            "latitude": f"{lat + rng.uniform(-0.02, 0.02):.16f}",
            "longitude": f"{lng + rng.uniform(-0.02, 0.02):.16f}",
            "date_created": stamp(created, offset=cid % 3 == 0),
            "timezone": None if cid % 11 == 0 else "Europe/London",
        },
        "status": status,
        "is_taxable": rng.random() < 0.15,
        "received_notifications": sorted(rng.sample(NOTIFICATIONS, rng.randrange(0, 4))),
        "charge_via_branch": rng.random() < 0.1,
        "invoices_count": rng.randrange(0, 60),
        # Decimals are strings, except where the vendor slips a JSON number in.
        "payment_pending": float(pending) if cid % 7 == 0 else pending,
        # Documented as 0/10/20; the examples show ``true``.
        "auto_charge": True if cid % 4 == 0 else rng.choice((0, 10, 20)),
        "associated_admin": dict(rng.choice(ADMINS)),
        "associated_agent": _agent(rng.choice(AGENTS)) if cid % 6 == 0 else None,
        "pipeline_stage": dict(rng.choice(PIPELINE_STAGES)) if status == "prospect" else None,
        "paid_recipients": [
            _ref("recipients", 10_000 + 4 * cid + n, rng.choice(FIRST_NAMES), last, None)
            for n in range(rng.choice((0, 1, 1, 2, 3)))
        ],
        "calendar_colour": rng.choice(COLOURS),
        "labels": [dict(label) for label in rng.sample(LABELS, rng.choice((0, 0, 1, 2)))],
        "extra_attrs": [
            {
                "id": 2 * cid,
                "value": f"{rng.randrange(1965, 1995)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                "type": "Date",
                "machine_name": "client-dob",
                "name": "Date of birth",
            },
            {
                "id": 2 * cid + 1,
                "value": rng.choice(HEARD_FROM),
                "type": "Dropdown",
                "machine_name": "heard-from",
                "name": "How did you hear about us?",
            },
        ],
        # May be negative: the client owes money.
        "invoice_balance": _money(rng, -40_000, 150_000),
        "available_balance": _money(rng, 0, 60_000),
    }


def make_clients(count: int, seed: int) -> dict[int, Record]:
    rng = random.Random(seed)
    return {cid: make_client(rng, cid) for cid in range(1, count + 1)}


def blank_client(cid: int, now: datetime) -> Record:
    """A client as TutorCruncher creates it before the request's fields are applied."""
    return {
        "id": cid,
        "user": {
            "title": None,
            "first_name": "",
            "last_name": "",
            "email": "",
            "mobile": None,
            "phone": None,
            "street": "",
            "state": None,
            "town": "",
            "country": COUNTRIES[183],
            "postcode": "",
            "latitude": None,
            "longitude": None,
            "date_created": stamp(now),
            "timezone": None,
        },
        "status": "live",
        "is_taxable": False,
        "received_notifications": [],
        "charge_via_branch": False,
        "invoices_count": 0,
        "payment_pending": "0.00",
        "auto_charge": 0,
        "associated_admin": dict(ADMINS[0]),
        "associated_agent": None,
        "pipeline_stage": None,
        "paid_recipients": [],
        "calendar_colour": "Khaki",
        "labels": [],
        "extra_attrs": [],
        "invoice_balance": "0.00",
        "available_balance": "0.00",
    }
