"""Each quirk of the TidyClub catalogue (``tidyclub.md``, numbered 1 to 17), survived.

Quirk 1 (OAuth on its own host, form-encoded, no refresh) is proved in
``test_tidy_oauth.py``; quirk 8 (broken doc paths) in ``test_tidy_operations.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from aio_edu_clients import TidyClub, errors
from aio_edu_clients.testing import FakeTidyClub, Fault
from aio_edu_clients.tidyclub.custom_fields import as_write_mapping, write_custom_fields
from aio_edu_clients.tidyclub.models import (
    Category,
    Contact,
    CustomField,
    CustomFieldChoiceRef,
    CustomFieldType,
    Deposit,
    Expense,
    Invoice,
    Meeting,
    MembershipLevel,
    Organization,
    PaymentType,
    Task,
    Ticket,
    Transaction,
)

from .conftest import tidy_with_token

CONVERT = TidyClub.converter
Fixture = tuple[TidyClub, FakeTidyClub]


@pytest.fixture
async def club() -> AsyncIterator[Fixture]:
    async with tidy_with_token(contacts=60) as both:
        yield both


# 2 -- header-only paging ---------------------------------------------------------------


async def test_q2_totals_and_fan_out_from_pagination_headers(club: Fixture) -> None:
    tidy, fake = club
    pages = [p async for p in tidy.invoices.list(page_size=7).pages()]
    expected = list(fake.stores["invoices"])
    assert {p.total for p in pages} == {len(expected)}
    assert [i.id for p in pages for i in p.items] == expected
    fake.reset_requests()
    fanned = [i.id async for i in tidy.invoices.list(page_size=7, concurrency=4)]
    assert fanned == expected, "vendor order, each exactly once"
    offsets = sorted(int(r.query["offset"]) for r in fake.requests)
    assert offsets == list(range(0, len(expected), 7))
    assert all(r.query["limit"] == "7" for r in fake.requests)


async def test_q2_pages_without_headers_end_on_a_short_page(club: Fixture) -> None:
    tidy, fake = club
    fake.script(
        Fault.body(200, b'[{"id": "a1"}, {"id": "a2"}]'),
        Fault.body(200, b'[{"id": "a3"}]'),
        path="/v1/expenses",
    )
    assert [e.id for e in await tidy.expenses.list(page_size=2).collect()] == ["a1", "a2", "a3"]


# 3 -- mixed ids --------------------------------------------------------------------------


def test_q3_string_ids_stay_strings_and_numbers_become_strings() -> None:
    invoice = CONVERT.structure(
        {"id": "001c1ca97c04", "contact_id": "227", "payments": [{"id": 909612847079}]}, Invoice
    )
    assert invoice.id == "001c1ca97c04" and invoice.contact_id == 227
    assert invoice.payments[0].id == "909612847079"
    assert CONVERT.structure({"id": "909612847079"}, Transaction).id == "909612847079"


async def test_q3_seeded_ids_include_numeric_looking_and_zero_padded(club: Fixture) -> None:
    tidy, fake = club
    ids = [t.id async for t in tidy.transactions.list()]
    assert all(isinstance(i, str) and len(i) == 12 for i in ids)
    assert any(i.isdigit() for i in ids) and any(i.startswith("00") for i in ids)
    padded = next(i for i in ids if i.startswith("00"))
    assert (await tidy.transactions.get(padded)).id == padded
    assert fake.requests[-1].path == f"/v1/transactions/{padded}"


# 4 -- money ------------------------------------------------------------------------------


def test_q4_money_from_strings_and_numbers() -> None:
    assert CONVERT.structure({"id": "c17a437d2a71", "amount": "10.0"}, Ticket).amount == Decimal(
        "10.0"
    )
    assert CONVERT.structure({"id": "5b1cc25e95d6", "amount": 409.14}, Invoice).amount == Decimal(
        "409.14"
    )
    level = CONVERT.structure(
        {"id": 1, "amount": "2.0", "bundle_amounts": [{"amount": "5.0"}]}, MembershipLevel
    )
    assert level.amount == Decimal("2.0") and level.bundle_amounts[0].amount == Decimal("5.0")
    balance = CONVERT.structure({"id": 9, "balance": {"AUD": -20.0, "USD": 42.0}}, Category).balance
    assert balance == {"AUD": Decimal("-20.0"), "USD": Decimal("42.0")}


async def test_q4_decimal_and_date_bodies_are_sent_as_json(club: Fixture) -> None:
    tidy, fake = club
    await tidy.events.create_ticket(
        3, {"name": "Early bird", "amount": Decimal("12.50"), "sales_end": date(2026, 3, 1)}
    )
    assert fake.requests[-1].json() == {
        "name": "Early bird",
        "amount": "12.50",
        "sales_end": "2026-03-01",
    }
    tickets = {t.name: t for t in await tidy.events.tickets(3).collect()}
    assert tickets["Early bird"].amount == Decimal("12.50")


# 5 -- timestamps and dates ----------------------------------------------------------------


def test_q5_offsets_and_misleading_names() -> None:
    field = CONVERT.structure(
        {"id": "5b8ff85455e9", "created_at": "2015-03-26T16:12:00+08:00"}, CustomField
    )
    assert field.created_at == datetime(2015, 3, 26, 8, 12, tzinfo=UTC)
    assert field.created_at is not None and field.created_at.utcoffset() == timedelta(hours=8)
    meeting = CONVERT.structure(
        {
            "id": 1,
            "date": "2013-01-31T00:00:00Z",
            "topics": [
                {"date": "2013-01-31", "task": {"id": 7, "due_date": "2013-01-30T22:00:00Z"}}
            ],
        },
        Meeting,
    )
    assert meeting.date == datetime(2013, 1, 31, tzinfo=UTC)
    topic = meeting.topics[0]
    assert topic.date == date(2013, 1, 31)
    assert topic.task is not None and topic.task.due_date == datetime(2013, 1, 30, 22, tzinfo=UTC)
    assert CONVERT.structure({"id": 1, "due_date": "2013-12-16"}, Task).due_date == date(
        2013, 12, 16
    )
    # a timestamp where a date belongs keeps its date (invoice due_date is written as one)
    assert CONVERT.structure(
        {"id": "5b1cc25e95d6", "due_date": "2014-08-01T00:00:00Z"}, Invoice
    ).due_date == date(2014, 8, 1)


async def test_q5_seeded_data_mixes_z_and_offsets(club: Fixture) -> None:
    tidy, _ = club
    contacts = await tidy.contacts.list().collect()
    offsets = {c.created_at.utcoffset() for c in contacts if c.created_at}
    assert offsets == {timedelta(0), timedelta(hours=8)}
    perth = timezone(timedelta(hours=8))
    assert all(c.created_at and c.created_at.tzinfo for c in contacts)
    assert any(c.created_at and c.created_at.tzinfo == perth for c in contacts)


# 6 -- custom fields -------------------------------------------------------------------------


def test_q6_read_values_are_typed_by_field_type() -> None:
    contact = CONVERT.structure(
        {
            "id": 1,
            "custom_fields": [
                {"id": "5b8ff85455e9", "type": "boolean", "value": True},
                {"id": "91288961b8d7", "type": "date", "value": "2012-01-01"},
                {
                    "id": "280ada4c1dea",
                    "type": "dropdown",
                    "value": {"id": "2fbd15a7ff31", "title": "Option 3"},
                },
                {"id": "76fc0695956c", "type": "string", "value": "hello"},
                {"id": "aaaaaaaaaaaa", "type": "text", "value": ""},
            ],
        },
        Contact,
    )
    values = [f.value for f in contact.custom_fields]
    assert values == [
        True,
        date(2012, 1, 1),
        CustomFieldChoiceRef(id="2fbd15a7ff31", title="Option 3"),
        "hello",
        None,
    ]
    assert contact.custom_fields[2].type is CustomFieldType.DROPDOWN
    assert contact.custom_field("280ada4c1dea") is contact.custom_fields[2]
    assert as_write_mapping(contact.custom_fields) == {
        "5b8ff85455e9": True,
        "91288961b8d7": "2012-01-01",
        "280ada4c1dea": "2fbd15a7ff31",
        "76fc0695956c": "hello",
        "aaaaaaaaaaaa": "",
    }


def test_q6_write_helper() -> None:
    choice = CustomFieldChoiceRef(id="a9e1b7c40d55", title="Option 2")
    assert write_custom_fields(
        {
            "5b8ff85455e9": False,
            "280ada4c1dea": choice,
            "91288961b8d7": date(2020, 2, 29),
            "001c1ca97c04": None,
        }
    ) == {
        "5b8ff85455e9": False,
        "280ada4c1dea": "a9e1b7c40d55",
        "91288961b8d7": "2020-02-29",
        "001c1ca97c04": "",
    }
    with pytest.raises(TypeError):
        write_custom_fields({"5b8ff85455e9": object()})
    with pytest.raises(ValueError):
        write_custom_fields({"": True})


async def test_q6_write_then_read_through_the_api(club: Fixture) -> None:
    tidy, fake = club
    dropdown = await tidy.custom_fields.get("280ada4c1dea")
    option = dropdown.choices[1]
    made = await tidy.contacts.create(
        {
            "first_name": "Ada",
            "custom_fields": write_custom_fields(
                {"280ada4c1dea": option, "5b8ff85455e9": True, "91288961b8d7": date(2001, 5, 6)}
            ),
        }
    )
    assert made.id in fake.contacts
    assert fake.requests[-1].json()["custom_fields"] == {
        "280ada4c1dea": option.id,
        "5b8ff85455e9": True,
        "91288961b8d7": "2001-05-06",
    }
    field = made.custom_field("280ada4c1dea")
    assert field is not None and field.value == CustomFieldChoiceRef(
        id=option.id, title=option.title
    )
    cleared = await tidy.contacts.update(
        made.id, {"custom_fields": write_custom_fields({"280ada4c1dea": None})}
    )
    assert cleared.custom_field("280ada4c1dea") is None, "a blank value empties the field"
    assert cleared.custom_field("Custom date field") is not None and cleared.custom_field(
        "Custom date field"
    ).value == date(2001, 5, 6)  # type: ignore[union-attr]
    with pytest.raises(errors.UnprocessableEntityError):
        await tidy.contacts.update(made.id, {"custom_fields": {"280ada4c1dea": "not-a-choice"}})


# 7 -- status codes and bodies ---------------------------------------------------------------


async def test_q7_bodiless_201_and_204_and_delete_message(club: Fixture) -> None:
    tidy, fake = club
    before = len(fake.stores["invoices"])
    made = await tidy.invoices.create(
        {"name": "Fees", "amount": 50, "due_date": "2026-01-31", "category_id": 1, "contact_id": 2}
    )
    assert (
        made is None
        and fake.requests[-1].status == 201
        and len(fake.stores["invoices"]) == before + 1
    )
    assert await tidy.tasks.delete(1) is None
    assert fake.requests[-1].status == 200
    assert await tidy.groups.add_contact(1, 2) is None and fake.requests[-1].status == 204


async def test_q7_a_201_that_does_carry_a_body_is_hydrated(club: Fixture) -> None:
    tidy, fake = club
    fake.script(Fault.body(201, b'{"id": "0fe0bc5db4dd", "amount": 10.0, "type": "deposit"}'))
    made = await tidy.deposits.create(
        {"name": "x", "amount": 10, "category_id": 1, "contact_id": 1}
    )
    assert (
        isinstance(made, Deposit) and made.id == "0fe0bc5db4dd" and made.amount == Decimal("10.0")
    )


async def test_q7_create_validation_is_a_typed_error(club: Fixture) -> None:
    tidy, _ = club
    with pytest.raises(errors.UnprocessableEntityError) as info:
        await tidy.tasks.create({"title": "No due date"})
    assert "due_date can't be blank" in str(info.value)


# 9 and 14 -- elided, null and unknown fields ----------------------------------------------------


def test_q9_q14_every_field_but_the_id_optional_unknown_fields_kept() -> None:
    organization = CONVERT.structure(
        {
            "name": "Default Club",
            "location": None,
            "public_contacts": [],
            "logo_url": "x",
            "plan": "pro",
        },
        Organization,
    )
    assert organization.location is None and organization.public_contacts == []
    assert organization.extra == {"plan": "pro"}
    assert not hasattr(organization, "id"), "the organisation object has no id"
    level = CONVERT.structure({"id": 1, "description": "", "start_at": None}, MembershipLevel)
    assert level.description == "" and level.start_at is None and level.bundle_amounts == []
    assert CONVERT.structure({"id": 1}, Contact).first_name is None
    with pytest.raises(errors.DecodeError, match=r"required field missing @ \$\.id"):
        CONVERT.structure({"first_name": "Ada"}, Contact)


# 11 -- write names differ from read names -------------------------------------------------------


async def test_q11_payment_written_as_payment_type_read_as_type(club: Fixture) -> None:
    tidy, fake = club
    invoice = next(iter(v for v in fake.stores["invoices"].values() if not v["paid"]))
    result = await tidy.invoices.add_payment(
        invoice["id"],
        {"amount": invoice["amount"], "payment_type": "card", "date": "2026-01-05T10:00:00Z"},
    )
    assert result is None
    paid = await tidy.invoices.get(invoice["id"])
    assert paid.paid is True and paid.amount_due == 0
    assert paid.payments[-1].type is PaymentType.CARD
    assert paid.payments[-1].paid_at == datetime(2026, 1, 5, 10, tzinfo=UTC)
    shown = await tidy.transactions.get(paid.payments[-1].id)
    assert shown.amount == paid.amount and shown.payment_type is PaymentType.CARD
    with pytest.raises(errors.UnprocessableEntityError):
        await tidy.invoices.add_payment(invoice["id"], {"amount": 1, "payment_type": "stripe"})
    user = await tidy.users.create(
        {"first_name": "Ada", "last_name": "L", "email": "ada@example.org", "password": "pw-123456"}
    )
    contact = await tidy.contacts.get(user.contact_id)
    assert contact.email_address == "ada@example.org"


def test_q11_transaction_payment_types_beyond_the_write_enum() -> None:
    types = [
        CONVERT.structure({"id": "909612847079", "payment_type": value}, Transaction).payment_type
        for value in ("stripe", "paypaladaptive", "bitcoin")
    ]
    assert types[:2] == [PaymentType.STRIPE, PaymentType.PAYPAL_ADAPTIVE]
    assert types[2] == "bitcoin" and types[2] is not None and not types[2].known


# 12 -- boolean filters --------------------------------------------------------------------------


async def test_q12_every_boolean_filter_is_lowercase(club: Fixture) -> None:
    tidy, fake = club
    busy = next(t["contact_id"] for t in fake.stores["tasks"].values() if t["completed"])
    calls = [
        (tidy.contacts.list(registered=True), "registered", "true"),
        (tidy.memberships.list(active=False), "active", "false"),
        (tidy.events.list(public=True), "public", "true"),
        (tidy.tasks.list(completed=False), "completed", "false"),
        (tidy.contacts.tasks(busy, completed=True), "completed", "true"),
    ]
    for pager, name, sent in calls:
        items = await pager.collect()
        assert fake.requests[-1].query[name] == sent
        assert items, name
    done = await tidy.tasks.list(completed=True).collect()
    assert {t.completed for t in done} == {True}
    assert len(done) == sum(1 for t in fake.stores["tasks"].values() if t["completed"])


async def test_q12_date_filters(club: Fixture) -> None:
    tidy, fake = club
    events = await tidy.events.list(
        start_at=datetime(2024, 9, 1, tzinfo=UTC), end_at=date(2024, 10, 31)
    ).collect()
    assert fake.requests[-1].query["start_at"] == "2024-09-01T00:00:00+00:00"
    assert fake.requests[-1].query["end_at"] == "2024-10-31"
    assert events and all(
        e.start_at
        and datetime(2024, 9, 1, tzinfo=UTC) <= e.start_at < datetime(2024, 11, 1, tzinfo=UTC)
        for e in events
    )
    later = await tidy.transactions.list(start_date=date(2024, 9, 1)).collect()
    assert later and all(t.paid_at and t.paid_at.date() >= date(2024, 9, 1) for t in later)
    assert len(later) < len(fake.stores["transactions"])


# 13 -- PUT /tasks/{id} -----------------------------------------------------------------------------


async def test_q13_task_update_with_every_create_field(club: Fixture) -> None:
    tidy, fake = club
    body = {"title": "Renamed", "due_date": date(2026, 4, 1), "contact_id": 2, "category_id": 3}
    task = await tidy.tasks.update(5, body)
    assert (task.title, task.due_date, task.contact_id, task.category_id) == (
        "Renamed",
        date(2026, 4, 1),
        2,
        3,
    )
    assert fake.requests[-1].json()["due_date"] == "2026-04-01"


# 15 -- conditional fields ---------------------------------------------------------------------------


async def test_q15_choices_only_on_dropdowns_and_no_currency_on_invoices(club: Fixture) -> None:
    tidy, _ = club
    fields = await tidy.custom_fields.list().collect()
    with_choices = {f.type for f in fields if f.choices}
    assert with_choices == {CustomFieldType.DROPDOWN}
    levels = await tidy.membership_levels.list().collect()
    assert any(lv.bundle and lv.bundle_amounts for lv in levels)
    assert all(lv.bundle_amounts == [] for lv in levels if not lv.bundle)
    invoice = (await tidy.invoices.list(max_items=1).collect())[0]
    assert "currency" not in invoice.extra and invoice.amount_due is not None
    deposit = (await tidy.deposits.list(max_items=1).collect())[0]
    assert deposit.currency == "AUD"


# 16 -- expenses share the invoice shape ----------------------------------------------------------------


def test_q16_expense_is_invoice_shaped() -> None:
    data = {
        "id": "4eeb3ac8ede1",
        "ref_no": "42",
        "type": "expense",
        "amount": 409.14,
        "paid": False,
    }
    expense = CONVERT.structure(data, Expense)
    assert isinstance(expense, Invoice) and expense.ref_no == "42" and expense.extra == {}


# 17 -- base URL trailing slash ------------------------------------------------------------------------


async def test_q17_trailing_slash_base_url(club: Fixture) -> None:
    _, fake = club
    async with TidyClub(access_token=fake.access_token, base_url=fake.base_url + "/") as tidy:
        await tidy.organization.get()
    assert fake.requests[-1].path == "/v1/organization"
