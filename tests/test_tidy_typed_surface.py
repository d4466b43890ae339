"""TidyClub's typed surface at run time: documented filters only, request models, ids.

What mypy sees is checked in ``tests/typing/tidyclub_usage.py``; here the same
promises are held against the fake: a misspelled filter or body field is a
`TypeError` before anything is sent, a request model sends exactly the fields that
were set (as TidyClub writes them), and the ids lists return fetch their item. Every
body-sending operation called with its model is in ``test_tidy_request_bodies.py``.
"""

from __future__ import annotations

import json
import typing
from collections.abc import AsyncIterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from aio_edu_clients import AsyncPager, TidyClub, errors
from aio_edu_clients.core.operations import PAGER_OPTIONS, EndpointSpec
from aio_edu_clients.testing import FakeTidyClub, Fault
from aio_edu_clients.testing._tidy_catalogue import TABLES
from aio_edu_clients.tidyclub import (
    ContactCreate,
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
    Gender,
)

from .conftest import tidy_with_token

SNAPSHOT = json.loads((Path(__file__).parent / "data" / "tidyclub_operations.json").read_text())
Fixture = tuple[TidyClub, FakeTidyClub]

# The catalogue's ``body`` of every operation that sends one: its fields, then the
# required ones (``shared/api/tidyclub.json``), and the request model that carries them.
_CONTACT = (
    "first_name last_name email_address phone_number address1 city state country postcode "
    "gender birthday facebook twitter details custom_fields"
)
_EVENT = "name location start_at end_at body archived hidden"
_TICKET = "name amount initial_quantity maximum_purchase sales_end"
_TASK = "title description due_date contact_id category_id"
_TASK_REQUIRED = "title due_date contact_id category_id"
_LEDGER = "name description amount currency due_date category_id contact_id"
_LEDGER_REQUIRED = "name amount due_date category_id contact_id"
_PAYMENT = "amount payment_type date"
BODIES: dict[tuple[str, str], tuple[type[Any], str, str]] = {
    ("POST", "/contacts"): (ContactCreate, _CONTACT, "first_name"),
    ("PUT", "/contacts/{id}"): (ContactUpdate, _CONTACT, ""),
    ("POST", "/custom_fields"): (CustomFieldCreate, "title type", "title type"),
    ("PUT", "/custom_fields/{id}"): (CustomFieldUpdate, "title type", ""),
    ("POST", "/custom_fields/{custom_field_id}/choices"): (
        CustomFieldChoiceCreate,
        "title",
        "title",
    ),
    ("PUT", "/custom_fields/{custom_field_id}/choices/{id}"): (
        CustomFieldChoiceUpdate,
        "title",
        "",
    ),
    ("POST", "/groups"): (GroupCreate, "label description", "label"),
    ("PUT", "/groups/{id}"): (GroupUpdate, "label description", ""),
    ("POST", "/emails"): (EmailCreate, "subject body contacts", "subject body contacts"),
    ("POST", "/events"): (EventCreate, _EVENT, "name start_at"),
    ("PUT", "/events/{id}"): (EventUpdate, _EVENT, ""),
    ("POST", "/events/{event_id}/tickets"): (TicketCreate, _TICKET, "name"),
    ("PUT", "/events/{event_id}/tickets/{id}"): (TicketUpdate, _TICKET, ""),
    ("POST", "/tasks"): (TaskCreate, _TASK, _TASK_REQUIRED),
    ("PUT", "/tasks/{id}"): (TaskUpdate, _TASK, _TASK_REQUIRED),  # quirk 13, as catalogued
    ("POST", "/invoices"): (InvoiceCreate, _LEDGER, _LEDGER_REQUIRED),
    ("POST", "/invoices/{id}/payments"): (PaymentCreate, _PAYMENT, ""),
    ("POST", "/deposits"): (
        DepositCreate,
        "name description amount currency paid_date payment_type category_id contact_id",
        "name amount category_id contact_id",
    ),
    ("POST", "/expenses"): (ExpenseCreate, _LEDGER, _LEDGER_REQUIRED),
    ("POST", "/expenses/{id}/payments"): (PaymentCreate, _PAYMENT, ""),
    ("POST", "/users"): (
        UserCreate,
        "first_name last_name email password",
        "first_name last_name email password",
    ),
}


def _spec(resource: str, name: str) -> EndpointSpec:
    spec = getattr(getattr(TidyClub, resource).cls, name).__endpoint__
    assert isinstance(spec, EndpointSpec)
    return spec


SPECS = {(op.method, op.path): _spec(op.resource, op.name) for op in TidyClub.operations()}


@pytest.fixture
async def club() -> AsyncIterator[Fixture]:
    async with tidy_with_token(contacts=40) as both:
        yield both


# -- filters ---------------------------------------------------------------------------


def test_every_methods_filters_are_exactly_the_documented_ones() -> None:
    """limit/offset are the pager's (``page_size``); everything else is a filter."""
    for endpoint in SNAPSHOT["endpoints"]:
        spec = SPECS[endpoint["method"], endpoint["path"]]
        documented = set(endpoint["query"]) - {"limit", "offset"}
        assert set(spec.query_params) == documented, endpoint["path"]
        if typing.get_origin(spec.returns) is AsyncPager:
            assert set(typing.get_type_hints(spec.func)) >= PAGER_OPTIONS, endpoint["path"]


def test_filters_are_typed_booleans_and_dates() -> None:
    for spec in SPECS.values():
        hints = typing.get_type_hints(spec.func)
        for name in spec.query_params:
            kinds = set(typing.get_args(hints[name]))
            if name in ("registered", "active", "public", "completed"):
                assert kinds == {bool, type(None)}, name
            elif name in ("start_at", "end_at", "start_date", "end_date"):
                assert kinds == {date, datetime, str, type(None)}, name
            else:
                assert kinds == {str, type(None)}, name  # search_terms


async def test_a_misspelled_filter_is_a_type_error_and_nothing_is_sent(club: Fixture) -> None:
    tidy, fake = club
    with pytest.raises(TypeError, match="did you mean 'search_terms'"):
        tidy.contacts.list(search_term="smith")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="did you mean 'start_date'"):
        tidy.transactions.list(start_at=date(2024, 9, 1))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="registred"):
        tidy.groups.contacts(2, registred=True)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="extra_query"):
        tidy.invoices.list(status="paid")  # type: ignore[call-arg]
    assert fake.requests == []
    found = await tidy.contacts.list(extra_query={"search_term": "x"}, max_items=1).collect()
    assert len(found) == 1 and fake.requests[-1].query["search_term"] == "x"


# -- request models --------------------------------------------------------------------


def test_every_body_operation_takes_its_request_model_or_a_mapping() -> None:
    with_body = {key for key, spec in SPECS.items() if spec.takes_body}
    assert with_body == set(BODIES)
    for key, (model, _, _) in BODIES.items():
        data = typing.get_type_hints(SPECS[key].func)["data"]
        assert set(typing.get_args(data)) == {model, Mapping[str, Any]}, key


def test_request_models_are_the_catalogues_body_fields() -> None:
    for key, (model, fields, required) in BODIES.items():
        declared = attrs.fields(model)
        assert {f.name for f in declared} == set(fields.split()), key
        assert {f.name for f in declared if f.default is attrs.NOTHING} == set(required.split())
        method, path = key
        store = [p for p in path.split("/") if p and not p.startswith("{")][-1]
        if method == "POST" and store != "payments":  # the fake refuses what the docs require
            assert set(TABLES[store].required) == set(required.split()), key


def test_a_missing_or_misspelled_field_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="start_at"):
        EventCreate(name="Regatta")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="due_date"):
        InvoiceCreate(name="Fees", amount=1, category_id=1, contact_id=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="email_adress"):
        ContactCreate(first_name="Ada", email_adress="ada@example.org")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="custom field value"):
        ContactCreate(first_name="Ada", custom_fields={"5b8ff85455e9": object()})  # type: ignore[dict-item]


async def test_a_contact_from_a_model_sends_only_what_was_set(club: Fixture) -> None:
    tidy, fake = club
    option = (await tidy.custom_fields.get("280ada4c1dea")).choices[1]
    made = await tidy.contacts.create(
        ContactCreate(
            first_name="Ada",
            last_name="Lovelace",
            gender=Gender.FEMALE,
            birthday=date(1815, 12, 10),
            custom_fields={"280ada4c1dea": option, "5b8ff85455e9": True},
        )
    )
    assert fake.requests[-1].json() == {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "gender": "female",
        "birthday": "1815-12-10",
        "custom_fields": {"280ada4c1dea": option.id, "5b8ff85455e9": True},
    }
    assert isinstance(made, Contact) and made.id in fake.contacts
    assert (made.gender, made.birthday) == (Gender.FEMALE, date(1815, 12, 10))
    dropdown = made.custom_field("280ada4c1dea")
    assert dropdown is not None and dropdown.value is not None
    assert dropdown.value.id == option.id  # type: ignore[union-attr]

    changed = await tidy.contacts.update(
        made.id, ContactUpdate(last_name=None, custom_fields={"280ada4c1dea": None})
    )
    assert fake.requests[-1].json() == {"last_name": None, "custom_fields": {"280ada4c1dea": ""}}
    assert changed.last_name is None and changed.custom_field("280ada4c1dea") is None
    assert changed.first_name == "Ada", "fields not set are not sent, so not changed"


# -- ids -----------------------------------------------------------------------------


async def test_the_id_a_list_returns_gets_its_item(club: Fixture) -> None:
    tidy, _ = club
    for name in (
        "contacts", "groups", "events", "tasks", "invoices", "deposits", "expenses",
        "transactions", "custom_fields", "memberships", "membership_levels", "emails",
    ):  # fmt: skip
        resource = getattr(tidy, name)
        listed = (await resource.list(max_items=1).collect())[0]
        fetched = await resource.get(listed.id)
        assert (type(fetched), fetched.id) == (type(listed), listed.id), name
    async for event in tidy.events.list(max_items=3):
        async for ticket in tidy.events.tickets(event.id):
            assert (await tidy.events.get_ticket(event.id, ticket.id)).id == ticket.id
    dropdown = "280ada4c1dea"  # the seeded dropdown field
    async for choice in tidy.custom_fields.choices(dropdown):
        assert (await tidy.custom_fields.get_choice(dropdown, choice.id)).title == choice.title
    async for member in tidy.groups.contacts(2, max_items=3):
        assert (await tidy.contacts.get(member.id)).id == member.id


def test_a_missing_id_is_a_decode_error_naming_it() -> None:
    with pytest.raises(errors.DecodeError, match=r"required field missing @ \$\.id"):
        TidyClub.converter.structure({"first_name": "Ada"}, Contact, where="GET /contacts/1")


async def test_a_listed_item_without_an_id_is_a_decode_error_naming_it(club: Fixture) -> None:
    tidy, fake = club
    fake.script(Fault.body(200, b'[{"id": 1, "label": "a"}, {"label": "b"}]'), path="/v1/groups")
    with pytest.raises(errors.DecodeError) as info:
        await tidy.groups.list().collect()
    assert "$[1].id" in str(info.value) and "Group" in str(info.value)
