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


# -- the rest of the club ---------------------------------------------------------------------

CHECKBOX_FIELD, DROPDOWN_FIELD, NUMBER_FIELD = "5b8ff85455e9", "280ada4c1dea", "001c1ca97c04"
TEXT_FIELD, DATE_FIELD = "76fc0695956c", "91288961b8d7"
GROUP_LABELS = (
    ("Committee", "Office bearers and general committee"), ("Coaches", "Accredited coaches"),
    ("Juniors", "Members under 18"), ("Masters", "Members over 35"),
    ("Volunteers", "Canteen, scoring and working bees"), ("Social", "Social members"),
    ("Life members", ""), ("Newsletter", "Monthly newsletter list"),
    ("Rowing squad", "Early morning crews"), ("Sailing", "Saturday racing fleet"),
    ("Parents", "Parents of junior members"), ("Alumni", None),
)  # fmt: skip
LEVELS = (
    ("Individual (rolling 3 months)", 3, "month", "2.0", False),
    ("Individual (annual)", 12, "month", "120.0", False),
    ("Family (annual)", 12, "month", "250.0", True),
    ("Junior (annual)", 12, "month", "60.5", False),
    ("Social (annual)", 1, "year", "35.0", False),
    ("Life member", 99, "year", "0.0", False),
)
EVENTS = (
    "Season opener", "Twilight regatta", "Annual general meeting", "Working bee",
    "Quiz night", "Junior clinic", "Presentation dinner", "Open day", "Masters regatta",
    "Christmas party", "Coaching course", "Charity row", "Sausage sizzle", "Club champs",
)  # fmt: skip
CATEGORIES = (
    ("Administration", "Running the club"), ("Membership", "Fees and subscriptions"),
    ("Events", "Event income and costs"), ("Equipment", "Boats, oars and repairs"),
    ("Canteen", "Food and drink"), ("Sponsorship", "Sponsors and grants"),
    ("Coaching", "Coach fees and courses"), ("Maintenance", "Sheds and grounds"),
)  # fmt: skip
TASKS = (
    "Renew insurance", "Book the hall", "Order new singlets", "Service the trailer",
    "Update the website", "Chase unpaid fees", "Print the newsletter", "Mow the lawn",
    "Check first aid kit", "Send AGM notice",
)  # fmt: skip
SUBJECTS = (
    "Welcome to the club", "Training times this week", "AGM notice", "Fees are due",
    "Regatta results", "Working bee this Saturday", "Newsletter", "Volunteers needed",
)  # fmt: skip
PAYMENT_TYPES = ("cash", "card", "cheque", "bank", "other", "stripe", "paypaladaptive")
START = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)


def hex_id(rng: random.Random, n: int) -> str:
    """A 12-character id; every 9th is all digits and every 7th zero-padded (quirk 3)."""
    if n % 9 == 0:
        return str(rng.randrange(10**11, 10**12))
    if n % 7 == 0:
        return "00" + f"{rng.getrandbits(40):010x}"
    return f"{rng.getrandbits(48):012x}"


def make_custom_fields() -> tuple[dict[str, Record], dict[str, Record]]:
    """The custom fields the contacts carry, and the dropdown's choices."""
    at = datetime(2015, 3, 26, 8, 12, tzinfo=UTC)
    fields = {
        fid: {"id": fid, "title": title, "type": kind, "created_at": stamp(at, perth=True)}
        for fid, title, kind in (
            (CHECKBOX_FIELD, "Custom checkbox field", "boolean"),
            (DROPDOWN_FIELD, "Custom dropdown field", "dropdown"),
            (NUMBER_FIELD, "Member number", "text"),
            (TEXT_FIELD, "Custom single-line text field", "string"),
            (DATE_FIELD, "Custom date field", "date"),
        )
    }
    choices = {
        cid: {
            "id": cid,
            "custom_field_id": DROPDOWN_FIELD,
            "title": title,
            "created_at": stamp(at, perth=True),
        }
        for cid, title in DROPDOWN_OPTIONS
    }
    return fields, choices


def make_club(seed: int, contacts: dict[int, Record]) -> dict[str, dict[Any, Record]]:
    """Every store but contacts, deterministic for ``seed``, linked to ``contacts``."""
    rng = random.Random(seed + 7919)
    serial = iter(range(1, 1_000_000))
    people = sorted(contacts) or [1]

    def when(days: float) -> datetime:
        return START + timedelta(days=days, minutes=rng.randrange(0, 600))

    fields, choices = make_custom_fields()
    groups = {
        gid: {
            "id": gid,
            "label": label,
            "description": text,
            "created_at": stamp(when(-400 + gid), perth=gid % 3 == 0),
        }
        for gid, (label, text) in enumerate(GROUP_LABELS, 1)
    }
    levels: dict[Any, Record] = {}
    for lid, (name, duration, unit, amount, bundle) in enumerate(LEVELS, 1):
        levels[lid] = {
            "id": lid,
            "name": name,
            "description": "",
            "duration": duration,
            "unit_period": unit,
            "fixed": lid % 2 == 0,
            "start_at": None,
            "enabled": lid != 6,
            "active_since": (START.date() - timedelta(days=300 + lid)).isoformat(),
            "amount": amount,
            "bundle": bundle,
            "deleted": False,
            "created_at": stamp(when(-500), perth=True),
        }
        if bundle:
            levels[lid]["bundle_amounts"] = [
                {"amount": "120.0", "subsequent": False, "type": "adult"},
                {"amount": "40.0", "subsequent": True, "type": "child"},
            ]
    memberships: dict[Any, Record] = {}
    for mid, contact in enumerate(people[::2], 1):
        start = when(-rng.randrange(0, 700))
        level = rng.randrange(1, len(LEVELS) + 1)
        memberships[mid] = {
            "id": mid,
            "start_date": stamp(start),
            "end_date": stamp(start + timedelta(days=365)),
            "contact_id": contact,
            "membership_level_id": level,
            "state": rng.choice(("activated", "activated", "activated", "expired", "pending")),
            "created_at": stamp(start - timedelta(days=2)),
        }
    emails = {}
    for n in range(1, 25):
        eid = hex_id(rng, next(serial))
        emails[eid] = {
            "id": eid,
            "subject": SUBJECTS[n % len(SUBJECTS)],
            "body": f"Hi all,\n\n{SUBJECTS[n % len(SUBJECTS)]}.\n\nThe committee",
            "contacts": sorted(rng.sample(people, min(3, len(people)))),
            "created_at": stamp(when(n * 6)),
        }
    categories: dict[Any, Record] = {
        cid: {
            "id": cid,
            "name": name,
            "description": text,
            "balance": {"AUD": round(rng.uniform(-500, 3000), 2)},
            "created_at": stamp(when(-600 + cid)),
        }
        for cid, (name, text) in enumerate(CATEGORIES, 1)
    }
    categories[3]["balance"]["USD"] = 42.0
    tasks: dict[Any, Record] = {}
    for tid in range(1, 61):
        tasks[tid] = {
            "id": tid,
            "title": TASKS[tid % len(TASKS)],
            "description": f"{TASKS[tid % len(TASKS)]} before the next committee meeting",
            "contact_id": rng.choice(people),
            "category_id": rng.randrange(1, len(CATEGORIES) + 1),
            "due_date": (START.date() + timedelta(days=tid * 3)).isoformat(),
            "completed": rng.random() < 0.4,
            "created_at": stamp(when(tid), perth=tid % 5 == 0),
        }
    meetings = {}
    for mid in range(1, 11):
        day = when(mid * 30)
        owner = rng.choice(people)
        meetings[mid] = {
            "id": mid,
            "name": f"Committee meeting {mid}",
            "body": "Minutes attached.",
            "date": stamp(day.replace(hour=0, minute=0)),
            "location": "Clubhouse",
            "topics": [
                {
                    "owner_id": owner,
                    "title": f"Topic {mid}",
                    "date": day.date().isoformat(),
                    "category": "TODO",
                    "task": {
                        "id": mid,
                        "title": tasks[mid]["title"],
                        "description": None,
                        "due_date": stamp(day + timedelta(days=7)),
                        "created_at": stamp(day),
                    }
                    if mid % 2
                    else None,
                }
            ],
            "attendees": sorted(rng.sample(people, min(4, len(people)))),
            "apologies": [rng.choice(people)],
            "minute_takers": [owner],
            "public": mid % 3 == 0,
            "created_at": stamp(day - timedelta(days=10)),
        }
    events: dict[Any, Record] = {}
    tickets: dict[Any, Record] = {}
    sales: dict[Any, Record] = {}
    for evid, name in enumerate(EVENTS, 1):
        start = when(evid * 14)
        events[evid] = {
            "id": evid,
            "name": name,
            "location": rng.choice(("Perth", "Fremantle", "Clubhouse", "Swan River")),
            "start_at": stamp(start),
            "end_at": stamp(start + timedelta(hours=3)),
            "body": f"{name}: all welcome.",
            "archived": False,
            "hidden": evid % 5 == 0,
            "public": evid % 4 != 0,
            "created_at": stamp(start - timedelta(days=30), perth=evid % 2 == 0),
        }
        for label, amount in (("For Members", "10.0"), ("Guests", "15.5"))[: 1 + evid % 2]:
            ticket_id = hex_id(rng, next(serial))
            tickets[ticket_id] = {
                "id": ticket_id,
                "event_id": evid,
                "name": label,
                "amount": amount,
                "initial_quantity": 100,
                "maximum_purchase": 5,
                "sales_end": stamp(start),
                "created_at": stamp(start - timedelta(days=29)),
            }
            for _ in range(rng.randrange(0, 5)):
                code = f"{rng.getrandbits(96):024x}"
                sales[code] = {
                    "event_id": evid,
                    "contact_id": rng.choice(people),
                    "ticket_id": ticket_id,
                    "created_at": stamp(start - timedelta(days=rng.randrange(1, 20))),
                    "code": code,
                }
    ledgers: dict[str, dict[Any, Record]] = {"invoices": {}, "expenses": {}, "deposits": {}}
    transactions: dict[Any, Record] = {}
    ref = iter(range(40, 1_000_000))
    for kind, store in (("invoice", "invoices"), ("expense", "expenses"), ("deposit", "deposits")):
        for n in range(1, 41 if kind == "invoice" else 21):
            ledger_id = hex_id(rng, next(serial))
            total = round(rng.uniform(5, 500), 2)
            contact = rng.choice(people)
            record: Record = {
                "id": ledger_id,
                "ref_no": str(next(ref)),
                "contact_id": contact,
                "type": kind,
                "name": f"{kind.title()} Ref.No {n}",
                "description": None if n % 3 else f"{kind.title()} for {CATEGORIES[n % 8][0]}",
                "category_id": n % len(CATEGORIES) + 1,
                "amount": total,
                "payments": [],
            }
            if kind == "deposit":
                record["currency"] = "AUD"
            else:
                record["due_date"] = (START.date() + timedelta(days=n * 5)).isoformat()
            paid = kind == "deposit" or rng.random() < 0.5
            if paid:
                record["payments"].append(
                    {
                        "id": hex_id(rng, next(serial)),
                        "amount": total,
                        "type": rng.choice(PAYMENT_TYPES[:5]),
                        "paid_at": stamp(when(n * 4)),
                    }
                )
            if kind != "deposit":
                record["amount_paid"] = total if paid else 0.0
                record["amount_due"] = 0.0 if paid else total
                record["paid"] = paid
            ledgers[store][ledger_id] = record
            for payment in record["payments"]:
                transactions[payment["id"]] = transaction_for(
                    payment, record, categories, contacts, rng.choice(PAYMENT_TYPES)
                )
    organization: Record = {
        "name": "Harbour Rowing Club",
        "domain_prefix": "",  # set by the fake
        "location": None,
        "address": "1 Riverside Dr",
        "city": "Perth",
        "state": "Western Australia",
        "postcode": "6000",
        "country": "Australia",
        "phone": "0892221234",
        "website": "https://harbourrowing.example.org",
        "twitter": "harbour_rowing",
        "facebook": "harbourrowing",
        "currency": "AUD",
        "time_zone": "Australia/Perth",
        "public_contacts": [],
        "logo_url": "https://static.tidyclub.com/assets/clubs/logos/medpng/club_logo_2.png",
    }
    return {
        "organization": {0: organization},
        "custom_fields": fields,
        "choices": choices,
        "groups": groups,
        "membership_levels": levels,
        "memberships": memberships,
        "emails": emails,
        "meetings": meetings,
        "events": events,
        "tickets": tickets,
        "ticket_sales": sales,
        "categories": categories,
        "tasks": tasks,
        **ledgers,
        "transactions": transactions,
    }


def transaction_for(
    payment: Record,
    ledger: Record,
    categories: dict[Any, Record],
    contacts: dict[int, Record],
    payment_type: str,
) -> Record:
    """The transaction a payment shows up as; amounts are JSON numbers."""
    category = categories.get(ledger.get("category_id")) or {}
    person = contacts.get(ledger.get("contact_id") or 0) or {}
    name = " ".join(p for p in (person.get("first_name"), person.get("last_name")) if p)
    return {
        "id": payment["id"],
        "category_id": ledger.get("category_id"),
        "category_name": category.get("name"),
        "currency": ledger.get("currency") or "AUD",
        "paid_at": payment["paid_at"],
        "contact_id": ledger.get("contact_id"),
        "contact_name": name or None,
        "payment_type": payment_type,
        "surcharge": False,
        "amount": payment["amount"],
        "total": payment["amount"],
        "fee": 0.0,
    }


def make_group_members(seed: int, contact_ids: list[int], groups: int) -> dict[int, set[int]]:
    """group id → contact ids: each contact in up to three groups."""
    rng = random.Random(seed + 104729)
    members: dict[int, set[int]] = {gid: set() for gid in range(1, groups + 1)}
    for cid in contact_ids:
        for gid in rng.sample(range(1, groups + 1), rng.randrange(0, 4)):
            members[gid].add(cid)
    return members
