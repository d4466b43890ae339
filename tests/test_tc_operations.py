"""Every TutorCruncher operation, through the public client, against the fake."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import attrs
import pytest

from aio_edu_clients import AsyncPager, Operation, TutorCruncher, errors
from aio_edu_clients.testing import FakeTutorCruncher
from aio_edu_clients.tutorcruncher.models import DeleteResponse, PaymentResponse

from .conftest import FAST_RETRY

OPERATIONS = TutorCruncher.operations()


@pytest.fixture
async def tc_all() -> AsyncIterator[tuple[TutorCruncher, FakeTutorCruncher]]:
    async with (
        FakeTutorCruncher(rate_limit=None, clients=30, roles_version=2) as fake,
        TutorCruncher(
            fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
        ) as tc,
    ):
        yield tc, fake


# The smallest body each write accepts (as mappings: the typed models have their own
# tests in test_tc_typed_surface.py); the fake refuses a write missing a required field.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("adhoccharges", "create"): {"date_occurred": "2026-01-05", "category": 1, "description": "x"},
    ("adhoccharges", "update"): {"date_occurred": "2026-01-05", "category": 1, "description": "x"},
    ("appointments", "create"): {
        "topic": "Maths",
        "start": "2026-01-05T09:00:00Z",
        "finish": "2026-01-05T10:00:00Z",
        "service": 3,
        "status": "planned",
    },
    ("appointments", "update"): {
        "topic": "Maths",
        "start": "2026-01-05T09:00:00Z",
        "finish": "2026-01-05T10:00:00Z",
        "service": 3,
    },
    ("services", "create"): {"name": "GCSE", "dft_charge_rate": 45, "dft_contractor_rate": 35},
    ("services", "update"): {"name": "GCSE", "dft_charge_rate": 45, "dft_contractor_rate": 35},
    ("invoices", "create"): {"appointments": [1, 2]},
    ("proforma_invoices", "create"): {"amount": 120, "client": 3, "send_pfi": False},
    ("balance_updates", "create"): {"role": 3, "credit_amount": 10, "method": "cash"},
    ("enquiry", "create"): {"client_name": "Joe Blog", "client_email": "joe@example.org"},
    ("qual_levels", "create"): {"name": "A level", "ranking": 5},
    ("subjects", "create"): {"name": "Latin", "category": 1},
    ("contractor_skills", "create"): {"contractor": 2, "subject": 3, "qual_level": 4},
}


def write_body(op: Operation) -> dict[str, Any]:
    if op.resource in ("agents", "clients", "contractors", "recipients"):
        return {
            "user": {
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email": f"ada.{op.name}@example.org",
            }
        }
    if op.name == "take_payment":
        return {"amount": "10.00", "method": "cash", "send_receipt": True}
    if op.name.startswith(("add_", "remove_")) and op.name not in ("add_label", "remove_label"):
        return {op.name.split("_", 1)[1]: 3}
    return BODIES[op.resource, op.name]


async def call(tc: TutorCruncher, op: Operation) -> Any:
    method = getattr(getattr(tc, op.resource), op.name)
    if op.name == "list":
        return await method(max_items=5).collect()
    if op.name in ("create", "upsert"):
        return await method(write_body(op))
    if op.name in ("add_label", "remove_label"):
        return await method(2, label=5)
    if op.name in ("get", "delete", "availability", "accept", "reject"):
        return await method(2)
    if op.name == "options":
        return await method()
    return await method(2, write_body(op))


@pytest.mark.parametrize("op", OPERATIONS, ids=[f"{o.resource}.{o.name}" for o in OPERATIONS])
async def test_every_operation(
    tc_all: tuple[TutorCruncher, FakeTutorCruncher], op: Operation
) -> None:
    tc, fake = tc_all
    result = await call(tc, op)
    sent = fake.requests[-1]
    template = "/api" + re.sub(r"{\w+}", "2", op.path)
    assert (sent.method, sent.path) == (op.method, template)
    assert sent.headers["Authorization"] == f"token {fake.api_key}"
    if op.name == "list":
        assert isinstance(getattr(tc, op.resource).list(), AsyncPager)
        assert 1 <= len(result) <= 5
        assert all(attrs.has(type(item)) for item in result)
    elif op.name == "delete":
        assert isinstance(result, DeleteResponse) and result.message
    elif op.name == "take_payment":
        assert isinstance(result, PaymentResponse) and result.amount_paid is not None
    elif op.name == "options":
        assert isinstance(result, dict) and "actions" in result
    elif op.name == "availability":
        assert [slot.type for slot in result] == ["available", "appointment"]
    elif isinstance(result, dict):
        assert result  # undocumented answers come back as JSON
    else:
        assert attrs.has(type(result)), f"{op} returned {result!r}"
    if op.method in ("POST", "PUT") and op.name not in ("accept", "reject"):
        assert sent.body, "the write sent a body"


async def test_writes_change_what_reads_see(
    tc_all: tuple[TutorCruncher, FakeTutorCruncher],
) -> None:
    tc, _ = tc_all
    made = await tc.agents.create(
        {"user": {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"}}
    )
    assert made.id is not None and made.personal.last_name == "Hopper"
    changed = await tc.agents.update(made.id, {"user": {"last_name": "Murray Hopper"}})
    assert changed.personal.last_name == "Murray Hopper"
    labelled = await tc.agents.add_label(made.id, label=9)
    assert 9 in [lab.id for lab in labelled.labels]
    assert 9 not in [lab.id for lab in (await tc.agents.remove_label(made.id, label=9)).labels]
    await tc.agents.delete(made.id)
    with pytest.raises(errors.NotFoundError):
        await tc.agents.get(made.id)


async def test_lists_page_over_the_whole_store(
    tc_all: tuple[TutorCruncher, FakeTutorCruncher],
) -> None:
    tc, fake = tc_all
    fake.catalogue.size = 230
    fake.catalogue.stores.clear()
    ids = [a.id async for a in tc.appointments.list()]
    assert ids == list(range(230, 0, -1))
    statuses = {a.status for a in await tc.appointments.list(max_items=30).collect()}
    assert len(statuses) > 1 and all(s is not None and s.known for s in statuses)


async def test_form_encoded_ad_hoc_charges(tc_all: tuple[TutorCruncher, FakeTutorCruncher]) -> None:
    tc, fake = tc_all
    await tc.adhoccharges.create(
        {
            "date_occurred": "2026-01-05",
            "description": "Books",
            "charge_client": "12.50",
            "client": 3,
            "category": 1,
        }
    )
    sent = fake.requests[-1]
    assert sent.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert b"charge_client=12.50" in sent.body


async def test_the_fake_refuses_a_write_missing_a_required_field(
    tc_all: tuple[TutorCruncher, FakeTutorCruncher],
) -> None:
    """As DRF does; the required fields are the request model's (see _tc_catalogue)."""
    tc, _ = tc_all
    with pytest.raises(errors.BadRequestError) as info:
        await tc.services.create({"name": "GCSE", "dft_charge_rate": 45})
    assert info.value.body == {"dft_contractor_rate": ["This field is required."]}
