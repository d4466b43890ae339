"""TidyClub as mypy sees it: typed filters, request models, ids that round-trip to get().

Run by tests/test_typing.py with ``mypy --strict``: plain lines must type-check, each
``# type: ignore[code]`` marks a mistake mypy must keep catching.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from aio_edu_clients import TidyClub
from aio_edu_clients.tidyclub import (
    ContactCreate,
    ContactUpdate,
    CustomFieldChoiceCreate,
    CustomFieldCreate,
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
    UserCreate,
)
from aio_edu_clients.tidyclub.models import (
    Contact,
    CustomField,
    CustomFieldChoice,
    CustomFieldType,
    Deposit,
    Event,
    Gender,
    Group,
    Invoice,
    Payment,
    PaymentType,
    Task,
    Ticket,
    UserCreated,
)


async def ids_round_trip_to_get(tidy: TidyClub) -> None:
    """Every list's items carry an id (never None) that its resource's get() takes."""
    async for contact in tidy.contacts.list(search_terms="smith", registered=True):
        again: Contact = await tidy.contacts.get(contact.id)
        assert again.id + 1 > contact.id  # an int, not int | None
    async for group in tidy.groups.list(search_terms="row"):
        await tidy.groups.get(group.id)
        async for member in tidy.groups.contacts(group.id, registered=False):
            await tidy.contacts.get(member.id)
    async for event in tidy.events.list(start_at=date(2024, 9, 1), end_at="2024-10-31"):
        await tidy.events.get(event.id)
        async for ticket in tidy.events.tickets(event.id):
            await tidy.events.get_ticket(event.id, ticket.id)
    async for field in tidy.custom_fields.list():
        await tidy.custom_fields.get(field.id)
        async for choice in tidy.custom_fields.choices(field.id):
            await tidy.custom_fields.get_choice(field.id, choice.id)
    async for task in tidy.tasks.list(completed=False):
        await tidy.tasks.get(task.id)
    async for invoice in tidy.invoices.list():
        await tidy.invoices.get(invoice.id)
        for payment in invoice.payments:
            await tidy.transactions.get(payment.id)
    async for expense in tidy.expenses.list():
        await tidy.expenses.get(expense.id)
    async for deposit in tidy.deposits.list():
        await tidy.deposits.get(deposit.id)
    async for transaction in tidy.transactions.list(start_date=datetime(2024, 1, 1, tzinfo=UTC)):
        await tidy.transactions.get(transaction.id)
    async for membership in tidy.memberships.list(active=True):
        await tidy.memberships.get(membership.id)
    async for level in tidy.membership_levels.list():
        await tidy.membership_levels.get(level.id)
        await tidy.membership_levels.memberships(level.id).collect()
    async for email in tidy.emails.list():
        await tidy.emails.get(email.id)
    padded: str = (await tidy.invoices.list().collect())[0].id
    await tidy.invoices.get(padded.upper())


async def string_ids_are_not_ints(tidy: TidyClub, invoice: Invoice, contact: Contact) -> None:
    await tidy.invoices.get(909612847079)  # type: ignore[arg-type]
    await tidy.invoices.get(contact.id)  # type: ignore[arg-type]
    contact.id.upper()  # type: ignore[attr-defined]
    invoice.id + 1  # type: ignore[operator]


async def filters_are_typed(tidy: TidyClub) -> None:
    tidy.contacts.list(search_term="smith")  # type: ignore[call-arg]
    tidy.contacts.list(registered="true")  # type: ignore[arg-type]
    tidy.events.list(start_at=20240901)  # type: ignore[arg-type]
    tidy.events.list(starts_at=date(2024, 9, 1))  # type: ignore[call-arg]
    tidy.transactions.list(start_at=date(2024, 9, 1))  # type: ignore[call-arg]
    tidy.tasks.list(completed=1)  # type: ignore[arg-type]
    tidy.invoices.list(status="paid")  # type: ignore[call-arg]
    tidy.invoices.list(extra_query={"status": "paid"}, max_items=10, page_size=50)


async def typed_creates(tidy: TidyClub, field: CustomField, choice: CustomFieldChoice) -> None:
    made: Contact = await tidy.contacts.create(
        ContactCreate(
            first_name="Ada",
            last_name="Lovelace",
            gender="female",
            birthday=date(1815, 12, 10),
            custom_fields={field.id: choice, "5b8ff85455e9": True, "91288961b8d7": None},
        )
    )
    await tidy.contacts.update(made.id, ContactUpdate(gender=Gender.UNDISCLOSED, last_name=None))
    await tidy.contacts.create({"first_name": "Still", "anything": "goes"})
    ContactCreate(last_name="Lovelace")  # type: ignore[call-arg]
    ContactCreate(first_name="Ada", email="ada@example.org")  # type: ignore[call-arg]
    ContactCreate(first_name="Ada", gender="other")  # type: ignore[arg-type]
    ContactCreate(first_name="Ada", birthday=1815)  # type: ignore[arg-type]
    ContactCreate(first_name="Ada", custom_fields={"5b8ff85455e9": object()})  # type: ignore[dict-item]

    group: Group = await tidy.groups.create(GroupCreate(label="Rowers"))
    await tidy.groups.update(group.id, GroupUpdate(description=None))
    GroupCreate(name="Rowers")  # type: ignore[call-arg]
    await tidy.contacts.create(GroupCreate(label="Rowers"))  # type: ignore[arg-type]

    custom: CustomField = await tidy.custom_fields.create(
        CustomFieldCreate(title="Shirt size", type=CustomFieldType.DROPDOWN)
    )
    await tidy.custom_fields.create_choice(custom.id, CustomFieldChoiceCreate(title="XL"))
    CustomFieldCreate(title="Shirt size", type="select")  # type: ignore[arg-type]

    await tidy.emails.create(EmailCreate(subject="Hi", body="Hello", contacts=[1, 2]))
    EmailCreate(subject="Hi", body="Hello")  # type: ignore[call-arg]
    EmailCreate(subject="Hi", body="Hello", contacts=["ada"])  # type: ignore[list-item]

    event: Event = await tidy.events.create(
        EventCreate(name="Regatta", start_at=datetime(2026, 2, 1, 9, tzinfo=UTC), hidden=True)
    )
    await tidy.events.update(event.id, EventUpdate(end_at=None))
    EventCreate(name="Regatta")  # type: ignore[call-arg]
    EventCreate(name="Regatta", start_at=date(2026, 2, 1), public=True)  # type: ignore[call-arg]
    ticket: Ticket = await tidy.events.create_ticket(
        event.id, TicketCreate(name="Adult", amount=Decimal("12.50"), initial_quantity=None)
    )
    TicketCreate(name="Adult", amount=12.5)  # type: ignore[arg-type]
    assert ticket.id

    task: Task = await tidy.tasks.create(
        TaskCreate(title="Book hall", due_date=date(2026, 2, 1), contact_id=1, category_id=1)
    )
    await tidy.tasks.update(
        task.id, TaskUpdate(title="Book", due_date="2026-02-02", contact_id=1, category_id=1)
    )
    TaskUpdate(title="Book")  # type: ignore[call-arg]
    TaskCreate(title="Book", due_date=date(2026, 2, 1), contact_id="1", category_id=1)  # type: ignore[arg-type]


async def money(tidy: TidyClub, invoice: Invoice) -> None:
    raised: Invoice | None = await tidy.invoices.create(
        InvoiceCreate(
            name="Fees",
            amount=Decimal("50.00"),
            due_date=date(2026, 1, 31),
            category_id=1,
            contact_id=2,
        )
    )
    assert raised is None or raised.id
    paid: Payment | None = await tidy.invoices.add_payment(
        invoice.id, PaymentCreate(amount=Decimal("5"), payment_type="card", date=date(2026, 1, 5))
    )
    assert paid is None or paid.id
    await tidy.expenses.add_payment(invoice.id, PaymentCreate(payment_type=PaymentType.CASH))
    await tidy.expenses.create(
        ExpenseCreate(name="Oars", amount=300, due_date="2026-03-01", category_id=1, contact_id=2)
    )
    deposit: Deposit | None = await tidy.deposits.create(
        DepositCreate(name="Donation", amount="20", category_id=1, contact_id=1)
    )
    assert deposit is None or deposit.id
    PaymentCreate(payment_type="stripe")  # type: ignore[arg-type]
    PaymentCreate(payment_type=PaymentType.STRIPE)  # type: ignore[arg-type]
    PaymentCreate(type="cash")  # type: ignore[call-arg]
    PaymentCreate(amount=5.5)  # type: ignore[arg-type]
    InvoiceCreate(name="Fees", amount=50, category_id=1, contact_id=2)  # type: ignore[call-arg]
    oars = ExpenseCreate(name="Oars", amount=1, due_date="2026-03-01", category_id=1, contact_id=2)
    await tidy.invoices.create(oars)  # type: ignore[arg-type]
    DepositCreate(name="x", amount=1, category_id=1, contact_id=1, due_date="x")  # type: ignore[call-arg]


async def users(tidy: TidyClub, body: dict[str, Any]) -> None:
    created: UserCreated = await tidy.users.create(
        UserCreate(first_name="Ada", last_name="L", email="ada@example.org", password="pw")
    )
    await tidy.contacts.get(created.contact_id)
    await tidy.users.create(body)
    UserCreate(first_name="Ada", last_name="L", email_address="a@b.c", password="pw")  # type: ignore[call-arg]
