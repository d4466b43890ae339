"""Every TidyClub body-sending operation, called with its request model, against the fake.

Each sends exactly the fields that were set, written as TidyClub writes them (ledger
money as JSON numbers, a ticket's amount as a decimal string, dates in ISO 8601,
enums by value, ``None`` as ``null``), and returns its typed model, or None where the
docs say the 201 has no body. The models' fields against the catalogue, and a contact
with custom fields, are in ``test_tidy_typed_surface.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from aio_edu_clients import TidyClub
from aio_edu_clients.testing import FakeTidyClub
from aio_edu_clients.tidyclub import (
    ContactUpdate,
    CustomFieldChoiceCreate,
    CustomFieldChoiceUpdate,
    CustomFieldCreate,
    CustomFieldUpdate,
    DepositCreate,
    EmailCreate,
    EventCreate,
    EventUpdate,
    ExpenseCreate,
    GroupCreate,
    GroupUpdate,
    InvoiceCreate,
    PaymentCreate,
    TaskCreate,
    TaskUpdate,
    TicketCreate,
    TicketUpdate,
    UserCreate,
)
from aio_edu_clients.tidyclub.models import (
    Contact,
    CustomField,
    CustomFieldChoice,
    CustomFieldType,
    Event,
    Group,
    PaymentType,
    Task,
    Ticket,
    UserCreated,
)

from .conftest import tidy_with_token

Fixture = tuple[TidyClub, FakeTidyClub]


@pytest.fixture
async def club() -> AsyncIterator[Fixture]:
    async with tidy_with_token(contacts=40) as both:
        yield both


Call = Callable[[TidyClub, FakeTidyClub], Awaitable[Any]]
_AT = datetime(2026, 2, 1, 9, tzinfo=UTC)
_FIELD = "280ada4c1dea"  # the seeded dropdown field


def _choice(fake: FakeTidyClub) -> str:
    return next(c for c, r in fake.stores["choices"].items() if r["custom_field_id"] == _FIELD)


def _ticket(fake: FakeTidyClub) -> str:
    return next(t for t, r in fake.stores["tickets"].items() if r["event_id"] == 2)


def _unpaid(fake: FakeTidyClub, store: str) -> str:
    return next(i for i, r in fake.stores[store].items() if not r.get("paid"))


# (operation, the call, the body TidyClub must receive, what the call returns)
MODEL_CALLS: list[tuple[str, Call, dict[str, Any], type[Any] | None]] = [
    (
        "contacts.update",
        lambda t, f: t.contacts.update(3, ContactUpdate(city="Perth", details=None)),
        {"city": "Perth", "details": None},
        Contact,
    ),
    (
        "custom_fields.create",
        lambda t, f: t.custom_fields.create(
            CustomFieldCreate(title="Shirt", type=CustomFieldType.DROPDOWN)
        ),
        {"title": "Shirt", "type": "dropdown"},
        CustomField,
    ),
    (
        "custom_fields.update",
        lambda t, f: t.custom_fields.update(_FIELD, CustomFieldUpdate(title="Size")),
        {"title": "Size"},
        CustomField,
    ),
    (
        "custom_fields.create_choice",
        lambda t, f: t.custom_fields.create_choice(_FIELD, CustomFieldChoiceCreate(title="XL")),
        {"title": "XL"},
        CustomFieldChoice,
    ),
    (
        "custom_fields.update_choice",
        lambda t, f: t.custom_fields.update_choice(
            _FIELD, _choice(f), CustomFieldChoiceUpdate(title="XXL")
        ),
        {"title": "XXL"},
        CustomFieldChoice,
    ),
    (
        "groups.create",
        lambda t, f: t.groups.create(GroupCreate(label="Coxes")),
        {"label": "Coxes"},
        Group,
    ),
    (
        "groups.update",
        lambda t, f: t.groups.update(2, GroupUpdate(description=None)),
        {"description": None},
        Group,
    ),
    (
        "emails.create",
        lambda t, f: t.emails.create(EmailCreate(subject="Hi", body="All", contacts=(1, 2))),
        {"subject": "Hi", "body": "All", "contacts": [1, 2]},
        None,
    ),
    (
        "events.create",
        lambda t, f: t.events.create(EventCreate(name="Regatta", start_at=_AT, archived=False)),
        {"name": "Regatta", "start_at": "2026-02-01T09:00:00+00:00", "archived": False},
        Event,
    ),
    (
        "events.update",
        lambda t, f: t.events.update(2, EventUpdate(end_at=date(2026, 2, 2), hidden=True)),
        {"end_at": "2026-02-02", "hidden": True},
        Event,
    ),
    (
        "events.create_ticket",
        lambda t, f: t.events.create_ticket(
            2, TicketCreate(name="Adult", amount=Decimal("12.50"), maximum_purchase=2)
        ),
        {"name": "Adult", "amount": "12.50", "maximum_purchase": 2},
        Ticket,
    ),
    (
        "events.update_ticket",
        lambda t, f: t.events.update_ticket(2, _ticket(f), TicketUpdate(initial_quantity=None)),
        {"initial_quantity": None},
        Ticket,
    ),
    (
        "tasks.create",
        lambda t, f: t.tasks.create(
            TaskCreate(title="Book hall", due_date=date(2026, 2, 1), contact_id=1, category_id=1)
        ),
        {"title": "Book hall", "due_date": "2026-02-01", "contact_id": 1, "category_id": 1},
        Task,
    ),
    (
        "tasks.update",
        lambda t, f: t.tasks.update(
            4, TaskUpdate(title="Hall", due_date="2026-02-03", contact_id=2, category_id=1)
        ),
        {"title": "Hall", "due_date": "2026-02-03", "contact_id": 2, "category_id": 1},
        Task,
    ),
    (
        "invoices.create",
        lambda t, f: t.invoices.create(
            InvoiceCreate(
                name="Fees",
                amount=Decimal("50.25"),
                due_date=date(2026, 1, 31),
                category_id=1,
                contact_id=2,
            )
        ),
        {
            "name": "Fees",
            "amount": 50.25,
            "due_date": "2026-01-31",
            "category_id": 1,
            "contact_id": 2,
        },
        None,
    ),
    (
        "invoices.add_payment",
        lambda t, f: t.invoices.add_payment(
            _unpaid(f, "invoices"),
            PaymentCreate(amount=Decimal("5.00"), payment_type="card", date=_AT),
        ),
        {"amount": 5, "payment_type": "card", "date": "2026-02-01T09:00:00+00:00"},
        None,
    ),
    (
        "deposits.create",
        lambda t, f: t.deposits.create(
            DepositCreate(
                name="Donation",
                amount="20.5",
                category_id=1,
                contact_id=1,
                payment_type=PaymentType.BANK,
                paid_date=date(2026, 1, 2),
            )
        ),
        {
            "name": "Donation",
            "amount": 20.5,
            "category_id": 1,
            "contact_id": 1,
            "payment_type": "bank",
            "paid_date": "2026-01-02",
        },
        None,
    ),
    (
        "expenses.create",
        lambda t, f: t.expenses.create(
            ExpenseCreate(
                name="Oars",
                amount=300,
                due_date="2026-03-01",
                category_id=1,
                contact_id=2,
                description=None,
            )
        ),
        {
            "name": "Oars",
            "amount": 300,
            "due_date": "2026-03-01",
            "category_id": 1,
            "contact_id": 2,
            "description": None,
        },
        None,
    ),
    (
        "expenses.add_payment",
        lambda t, f: t.expenses.add_payment(
            _unpaid(f, "expenses"), PaymentCreate(payment_type=PaymentType.CASH)
        ),
        {"payment_type": "cash"},
        None,
    ),
    (
        "users.create",
        lambda t, f: t.users.create(
            UserCreate(first_name="Ada", last_name="L", email="ada@example.org", password="pw")
        ),
        {"first_name": "Ada", "last_name": "L", "email": "ada@example.org", "password": "pw"},
        UserCreated,
    ),
]


def test_every_body_operation_is_exercised_with_a_model() -> None:
    exercised = {name for name, *_ in MODEL_CALLS} | {"contacts.create"}  # typed_surface
    with_body = {
        f"{op.resource}.{op.name}" for op in TidyClub.operations() if op.method in ("POST", "PUT")
    }
    assert exercised == with_body - {"groups.add_contact"}  # a PUT without a body


@pytest.mark.parametrize(
    ("call", "body", "returns"),
    [c[1:] for c in MODEL_CALLS],
    ids=[c[0] for c in MODEL_CALLS],
)
async def test_a_model_sends_exactly_its_set_fields(
    club: Fixture, call: Call, body: dict[str, Any], returns: type[Any] | None
) -> None:
    tidy, fake = club
    result = await call(tidy, fake)
    sent = fake.requests[-1]
    assert sent.headers["Content-Type"].startswith("application/json")
    assert sent.json() == body  # types too: 50.25 (a ledger's amount) is not "12.50" (a ticket's)
    assert sent.status in (200, 201)
    if returns is None:
        assert result is None, "201 without a body"
    else:
        assert isinstance(result, returns)


async def test_bodiless_creates_land_in_the_fake(club: Fixture) -> None:
    tidy, fake = club
    await tidy.invoices.create(
        InvoiceCreate(
            name="Fees", amount=Decimal("50.25"), due_date=_AT, category_id=1, contact_id=2
        )
    )
    invoice = await tidy.invoices.get(list(fake.stores["invoices"])[-1])
    assert (invoice.name, invoice.amount, invoice.due_date) == (
        "Fees",
        Decimal("50.25"),
        _AT.date(),
    )
    await tidy.invoices.add_payment(
        invoice.id, PaymentCreate(amount=Decimal("50.25"), payment_type="bank")
    )
    paid = await tidy.invoices.get(invoice.id)
    assert paid.paid is True and paid.payments[-1].type is PaymentType.BANK
    await tidy.transactions.get(paid.payments[-1].id)
