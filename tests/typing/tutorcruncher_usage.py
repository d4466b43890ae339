"""TutorCruncher's typed surface as mypy sees it (see tests/test_typing.py).

Plain lines must type-check; each ``# type: ignore[code]`` marks a mistake mypy must
catch: a misspelled filter or body field, a value outside a documented set, a missing
required field, a float for money, a body of the wrong call.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from aio_edu_clients import TutorCruncher
from aio_edu_clients.tutorcruncher import (
    AdHocChargeCreate,
    AppointmentCreate,
    AppointmentRecipientInput,
    AppointmentUpdate,
    ClientCreate,
    ClientUpdate,
    ServiceContractorInput,
    ServiceCreate,
    TakePayment,
    UserInput,
    UserUpdate,
)
from aio_edu_clients.tutorcruncher.models import (
    AppointmentStatus,
    AppointmentWriteResponse,
    Client,
    ClientStatus,
    ClientStatusValue,
    PaymentResponse,
)


async def typed_creates(tc: TutorCruncher) -> None:
    made: Client = await tc.clients.create(
        ClientCreate(
            user=UserInput(first_name="Ada", last_name="Lovelace", email="ada@example.org"),
            status="prospect",
            received_notifications=["invoices", "apt_reminders"],
            auto_charge=20,
        )
    )
    await tc.clients.update(made.id, ClientUpdate(status=ClientStatus.LIVE, photo=None))
    await tc.clients.update(made.id, ClientUpdate(user=UserUpdate(phone="020 7946 0000")))
    await tc.clients.create({"user": {"last_name": "Mappings still work"}})

    lesson: AppointmentWriteResponse = await tc.appointments.create(
        AppointmentCreate(
            topic="Algebra",
            start=datetime(2026, 3, 2, 16, tzinfo=UTC),
            finish="2026-03-02T17:00:00Z",
            service=12,
            rcras=[AppointmentRecipientInput(recipient=7, charge_rate=Decimal("40.00"))],
        )
    )
    await tc.appointments.add_recipient(lesson.id, AppointmentRecipientInput(recipient=8))
    await tc.services.create(
        ServiceCreate(
            name="GCSE Maths",
            dft_charge_rate=Decimal("45"),
            dft_contractor_rate=35,
            conjobs=[ServiceContractorInput(contractor=3, contractor_permissions="add-edit")],
        )
    )
    paid: PaymentResponse = await tc.invoices.take_payment(
        5, TakePayment(amount=Decimal("100.00"), method="cash", send_receipt=True)
    )
    print(paid.still_to_pay)
    await tc.adhoccharges.create(
        AdHocChargeCreate(date_occurred=date(2026, 1, 5), category=1, description="Books")
    )


async def body_mistakes(tc: TutorCruncher) -> None:
    ClientCreate()  # type: ignore[call-arg]
    ClientCreate(user=UserInput(first_name="No last name"))  # type: ignore[call-arg]
    ClientCreate(user=UserInput(last_name="Ng"), stauts="live")  # type: ignore[call-arg]
    ClientUpdate(status="alive")  # type: ignore[arg-type]
    UserUpdate(country="United Kingdom")  # type: ignore[arg-type]
    TakePayment(amount=100.0)  # type: ignore[arg-type]
    TakePayment(amount=Decimal(1), method="paypal")  # type: ignore[arg-type]
    AppointmentCreate(topic="Algebra", start="2026-03-02T16:00:00Z", service=12)  # type: ignore[call-arg]
    AppointmentUpdate(  # type: ignore[call-arg]
        topic="x", start="2026-03-02T16:00:00Z", finish="2026-03-02T17:00:00Z", service=1, rcras=[]
    )
    ServiceCreate(name="GCSE", dft_charge_rate=45)  # type: ignore[call-arg]
    # A body of another call: a create's body does not fit an update (nor the reverse).
    await tc.clients.update(1, ClientCreate(user=UserInput(last_name="Ng")))  # type: ignore[arg-type]
    await tc.services.create(ClientCreate(user=UserInput(last_name="Ng")))  # type: ignore[arg-type]


def typed_filters(tc: TutorCruncher, status: ClientStatusValue) -> None:
    tc.clients.list(status=status, user__created__gte=date(2026, 1, 1), labels=3)
    tc.clients.list(status=ClientStatus.DORMANT, user__created__lte="2026-01-01T00:00:00Z")
    tc.contractors.list(status="approved", skills=4, distance_address="SW8 1XP", distance_radius=5)
    tc.appointments.list(
        start_gte=datetime(2026, 1, 1, tzinfo=UTC), status="awaiting-report", service=12
    )
    tc.appointments.list(status=AppointmentStatus.CANCELLED_CHARGEABLE)
    tc.balance_updates.list(method="bank_transfer", update_type="top_up", credit_amount_gte=10)
    tc.reports.list(dt_created_gte=date(2026, 1, 1), client=3)
    tc.adhoccharges.list(date_occurred_gte=date(2026, 1, 1), category=2)

    tc.clients.list(status="alive")  # type: ignore[arg-type]
    tc.clients.list(user__created__gte=1_700_000_000)  # type: ignore[arg-type]
    tc.contractors.list(status="live")  # type: ignore[arg-type]
    tc.appointments.list(start_gt=date(2026, 1, 1))  # type: ignore[call-arg]
    tc.appointments.list(service="12")  # type: ignore[arg-type]
    tc.recipients.list(status="live")  # type: ignore[call-arg]
    tc.invoices.list(status="paid")  # type: ignore[call-arg]
    tc.balance_updates.list(method="paypal")  # type: ignore[arg-type]


async def ids_from_lists_fit_get(tc: TutorCruncher) -> None:
    async for ref in tc.clients.list():
        await tc.clients.get(ref.id)
    async for agent in tc.agents.list():
        await tc.agents.get(agent.id)
    async for appointment in tc.appointments.list():
        await tc.appointments.get(appointment.id)
    async for invoice in tc.invoices.list():
        await tc.invoices.get(invoice.id)
    async for order in tc.payment_orders.list():
        await tc.payment_orders.get(order.id)
    async for service in tc.services.list():
        await tc.services.get(service.id)
    async for charge in tc.adhoccharges.list():
        await tc.adhoccharges.get(charge.id)
    async for label in tc.labels.list():
        await tc.labels.get(label.id)
    async for note in tc.notes.list():
        await tc.notes.get(note.id)
    async for task in tc.tasks.list():
        await tc.tasks.get(task.id)
    async for country in tc.countries.list():
        await tc.countries.get(country.id)
    async for update in tc.balance_updates.list():
        await tc.balance_updates.get(update.id)
    made = await tc.contractors.create({"user": {"last_name": "Ng"}})
    await tc.contractors.add_label(made.id, label=3)
