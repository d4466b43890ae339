"""Every TidyClub operation, through the public client, against the fake."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from aio_edu_clients import AsyncPager, Operation, TidyClub, errors
from aio_edu_clients.testing import FakeTidyClub

from .conftest import tidy_with_token

OPERATIONS = TidyClub.operations()
SNAPSHOT = json.loads((Path(__file__).parent / "data" / "tidyclub_operations.json").read_text())

Fixture = tuple[TidyClub, FakeTidyClub]


@pytest.fixture
async def tidy_all() -> AsyncIterator[Fixture]:
    async with tidy_with_token(contacts=40) as both:
        yield both


def test_operations_are_exactly_the_catalogue() -> None:
    documented = {(e["method"], e["path"]) for e in SNAPSHOT["endpoints"]}
    implemented = [(op.method, op.path) for op in OPERATIONS]
    assert len(implemented) == len(set(implemented)) == SNAPSHOT["count"] == 70
    assert set(implemented) == documented


def test_broken_doc_paths_are_corrected_and_explained() -> None:
    fixed = {
        e["documented_path"]: e["path"]
        for e in SNAPSHOT["endpoints"]
        if e["documented_path"] != e["path"]
    }
    assert fixed == {
        "/custom_fields/{custom_field_id}/choice/{id}": (
            "/custom_fields/{custom_field_id}/choices/{id}"
        ),
        "/events/{event_id}/tickets": "/events/{event_id}/tickets/{id}",
    }
    by_path = {(op.method, op.path): op for op in OPERATIONS}
    for path in fixed.values():
        op = by_path["GET", path]
        doc = getattr(getattr(TidyClub, op.resource).cls, op.name).__doc__
        assert "evident intended" in " ".join(doc.split())


def test_nested_style_parent_first() -> None:
    names = {(op.resource, op.name): op.path for op in OPERATIONS}
    assert names["groups", "contacts"] == "/groups/{group_id}/contacts"
    assert names["contacts", "groups"] == "/contacts/{contact_id}/groups"
    assert names["contacts", "memberships"] == "/contacts/{contact_id}/memberships"
    assert names["contacts", "tasks"] == "/contacts/{contact_id}/tasks"
    assert names["contacts", "me"] == "/contacts/me"
    assert names["membership_levels", "memberships"] == (
        "/membership_levels/{membership_level_id}/memberships"
    )
    assert names["custom_fields", "choices"] == "/custom_fields/{custom_field_id}/choices"
    assert names["events", "tickets"] == "/events/{event_id}/tickets"
    assert names["events", "tickets_sold"] == "/events/{event_id}/tickets/sold"
    assert names["groups", "add_contact"] == "/groups/{group_id}/contacts/{contact_id}"
    assert names["invoices", "add_payment"] == "/invoices/{id}/payments"
    assert names["expenses", "add_payment"] == "/expenses/{id}/payments"
    resources = {op.resource for op in OPERATIONS}
    assert resources == {
        "organization", "contacts", "custom_fields", "groups", "membership_levels",
        "memberships", "emails", "meetings", "events", "categories", "tasks", "invoices",
        "deposits", "expenses", "transactions", "users",
    }  # fmt: skip


def _ids(fake: FakeTidyClub) -> dict[str, Any]:
    """A real id for every placeholder, so each call finds its record."""
    field = "280ada4c1dea"  # the seeded dropdown field
    event = 2
    return {
        "id_of": {
            "contacts": 3,
            "custom_fields": field,
            "choices": next(iter(fake.stores["choices"])),
            "groups": 2,
            "membership_levels": 1,
            "memberships": 1,
            "emails": next(iter(fake.stores["emails"])),
            "events": event,
            "tickets": next(t for t, r in fake.stores["tickets"].items() if r["event_id"] == event),
            "tasks": 4,
            "invoices": next(iter(fake.stores["invoices"])),
            "deposits": next(iter(fake.stores["deposits"])),
            "expenses": next(iter(fake.stores["expenses"])),
            "transactions": next(iter(fake.stores["transactions"])),
        },
        "group_id": 2,
        "contact_id": 3,
        "custom_field_id": field,
        "event_id": event,
        "membership_level_id": 1,
    }


BODIES: dict[str, dict[str, Any]] = {
    "contacts": {"first_name": "Ada", "last_name": "Lovelace"},
    "custom_fields": {"title": "Shirt size", "type": "string"},
    "choices": {"title": "Option 4"},
    "groups": {"label": "Rowers"},
    "emails": {"subject": "Hello", "body": "Hi all", "contacts": [1, 2]},
    "events": {"name": "Regatta", "start_at": "2026-02-01T09:00:00Z"},
    "tickets": {"name": "Adult", "amount": "12.50"},
    "tasks": {"title": "Book hall", "due_date": "2026-02-01", "contact_id": 1, "category_id": 1},
    "invoices": {
        "name": "Fees",
        "amount": "50.00",
        "due_date": "2026-02-01",
        "category_id": 1,
        "contact_id": 1,
    },
    "deposits": {"name": "Donation", "amount": 20, "category_id": 1, "contact_id": 1},
    "users": {"first_name": "Ada", "last_name": "L", "email": "ada@example.org", "password": "pw"},
    "payments": {"amount": "5.00", "payment_type": "cash", "date": "2026-01-05T10:00:00Z"},
}
BODIES["expenses"] = BODIES["invoices"]


def _store_of(op: Operation) -> str:
    """The collection a path is about: ``/events/{event_id}/tickets/{id}`` → tickets."""
    return [p for p in op.path.strip("/").split("/") if not p.startswith("{")][-1]


def _is_list(tidy: TidyClub, op: Operation) -> bool:
    return not inspect.iscoroutinefunction(getattr(getattr(tidy, op.resource), op.name))


async def call(tidy: TidyClub, fake: FakeTidyClub, op: Operation) -> tuple[Any, str]:
    """Call ``op`` with real ids and a valid body; return the result and the path sent."""
    ids = _ids(fake)
    store = _store_of(op)
    owner = op.resource if store == "payments" else store
    args: dict[str, Any] = {
        name: ids["id_of"][owner] if name == "id" else ids[name]
        for name in re.findall(r"{(\w+)}", op.path)
    }
    if op.method in ("POST", "PUT") and op.name != "add_contact":
        args["data"] = BODIES[store]
    method = getattr(getattr(tidy, op.resource), op.name)
    sent = re.sub(r"{(\w+)}", lambda m: str(args[m[1]]), op.path)
    if _is_list(tidy, op):
        pager = method(**args, max_items=5)
        assert isinstance(pager, AsyncPager)
        return await pager.collect(), sent
    return await method(**args), sent


@pytest.mark.parametrize("op", OPERATIONS, ids=[f"{o.resource}.{o.name}" for o in OPERATIONS])
async def test_every_operation(tidy_all: Fixture, op: Operation) -> None:
    tidy, fake = tidy_all
    result, path = await call(tidy, fake, op)
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == (op.method, "/v1" + path)
    assert sent.headers["Authorization"] == f"Bearer {fake.access_token}"
    assert "access_token" not in sent.query
    if _is_list(tidy, op):
        # a list: hydrated items, paged with limit/offset
        assert 1 <= len(result) <= 5, op
        assert all(attrs.has(type(item)) for item in result)
        assert sent.query["limit"] == "25" and sent.query["offset"] == "0"
    elif op.method == "DELETE" or op.name in ("add_contact",):
        assert result is None
    elif op.name == "add_payment" or (
        op.name == "create" and op.resource in ("emails", "invoices", "deposits", "expenses")
    ):
        assert result is None, "201 without a body"
        assert sent.status == 201
    else:
        assert attrs.has(type(result)), f"{op} returned {result!r}"
    if op.method in ("POST", "PUT") and op.name != "add_contact":
        assert sent.headers["Content-Type"].startswith("application/json")
        assert sent.json() == BODIES[_store_of(op)]


async def test_every_top_level_list_has_seeded_items(tidy_all: Fixture) -> None:
    """What a bulk export in demo mode walks: every list without a parent id."""
    tidy, fake = tidy_all
    lists = [op for op in OPERATIONS if op.method == "GET" and "{" not in op.path]
    lists = [op for op in lists if op.path not in ("/organization", "/contacts/me")]
    assert len(lists) == 14
    for op in lists:
        pages = [p async for p in getattr(tidy, op.resource).list(page_size=100).pages()]
        items = [item for page in pages for item in page.items]
        assert len(items) >= 5, op
        assert pages[0].total == len(items) == len(fake.store(op.path.strip("/")))
        ids = [getattr(item, "id", None) for item in items]
        assert None not in ids and len(set(ids)) == len(ids), op


async def test_nested_lists_follow_their_parent(tidy_all: Fixture) -> None:
    tidy, fake = tidy_all
    group = 2
    members = sorted(fake.group_members[group])
    assert [c.id async for c in tidy.groups.contacts(group)] == members
    contact = members[0]
    groups = [g.id async for g in tidy.contacts.groups(contact)]
    assert groups == sorted(g for g, inside in fake.group_members.items() if contact in inside)
    tasks = fake.stores["tasks"]
    busy = next(t["contact_id"] for t in tasks.values())
    mine = await tidy.contacts.tasks(busy).collect()
    assert [t.id for t in mine] == sorted(i for i, t in tasks.items() if t["contact_id"] == busy)
    level_members = await tidy.membership_levels.memberships(1).collect()
    assert {m.membership_level_id for m in level_members} == {1}
    choices = await tidy.custom_fields.choices("280ada4c1dea").collect()
    assert [c.title for c in choices] == ["Option 1", "Option 2", "Option 3"]
    sold = await tidy.events.tickets_sold(1).collect()
    ticket_ids = {t.id async for t in tidy.events.tickets(1)}
    assert all(s.ticket_id in ticket_ids and s.code for s in sold)


async def test_group_membership_changes_answer_204(tidy_all: Fixture) -> None:
    tidy, fake = tidy_all
    outsider = next(c for c in fake.contacts if c not in fake.group_members[5])
    assert await tidy.groups.add_contact(5, outsider) is None
    assert fake.requests[-1].status == 204 and fake.requests[-1].method == "PUT"
    assert outsider in [c.id async for c in tidy.groups.contacts(5)]
    assert await tidy.groups.remove_contact(5, outsider) is None
    assert fake.requests[-1].status == 204
    assert outsider not in [c.id async for c in tidy.groups.contacts(5)]


async def test_writes_change_what_reads_see(tidy_all: Fixture) -> None:
    tidy, fake = tidy_all
    group = await tidy.groups.create({"label": "Coxes", "description": "Small and loud"})
    assert group.id in fake.stores["groups"] and group.label == "Coxes"
    changed = await tidy.groups.update(group.id, {"description": "Loud"})
    assert (changed.label, changed.description) == ("Coxes", "Loud")
    assert fake.requests[-1].json() == {"description": "Loud"}
    assert await tidy.groups.delete(group.id) is None
    assert fake.requests[-1].status == 200
    with pytest.raises(errors.NotFoundError) as info:
        await tidy.groups.get(group.id)
    assert "Group not found" in str(info.value)
