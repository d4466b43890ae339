"""TutorCruncher's typed surface at run time: request bodies and ids.

What mypy must catch is in tests/typing/tutorcruncher_usage.py; here the same surface
meets the fake: a request model sends exactly the fields set (money as the docs
write it, dates as ISO 8601), a missing required field is a TypeError before anything
is sent, and list items carry the id their ``get()`` takes. Filters: test_tc_filters.py.
"""

from __future__ import annotations

import enum
import inspect
import re
import types
import typing
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import attrs
import pytest

from aio_edu_clients import TutorCruncher, errors
from aio_edu_clients.core.operations import EndpointSpec
from aio_edu_clients.core.options import BODY_REQUEST_OPTIONS
from aio_edu_clients.core.payload import UNSET, Payload
from aio_edu_clients.testing import FakeTutorCruncher
from aio_edu_clients.tutorcruncher import (
    AdHocChargeCreate,
    AppointmentContractorInput,
    AppointmentCreate,
    AppointmentRecipientInput,
    ClientCreate,
    ClientUpdate,
    ProformaInvoiceCreate,
    ServiceContractorInput,
    ServiceCreate,
    ServiceRecipientInput,
    TakePayment,
    UserInput,
    UserUpdate,
)
from aio_edu_clients.tutorcruncher import models as tcm
from aio_edu_clients.tutorcruncher.models import (
    AppointmentStatus,
    AppointmentWriteResponse,
    Client,
    ClientStatus,
    PaymentResponse,
    ProformaInvoice,
    Service,
)

from .conftest import FAST_RETRY


@pytest.fixture
async def v2() -> AsyncIterator[tuple[TutorCruncher, FakeTutorCruncher]]:
    """A Roles API V2 branch (updates POST to the role's own URL)."""
    async with (
        FakeTutorCruncher(rate_limit=None, clients=30, roles_version=2) as fake,
        TutorCruncher(
            fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
        ) as tc,
    ):
        yield tc, fake


# -- request bodies ---------------------------------------------------------------------


async def test_a_typed_create_sends_exactly_the_fields_set(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    made = await tc.clients.create(
        ClientCreate(
            user=UserInput(first_name="Ada", last_name="Lovelace", country=183, state=None),
            status=ClientStatus.PROSPECT,
            received_notifications=["invoices"],
            auto_charge=20,
            associated_admin=12,
            extra_attrs={"client_dob": "1993-06-23"},
        )
    )
    assert tc_fake.requests[-1].json() == {
        "user": {"first_name": "Ada", "last_name": "Lovelace", "country": 183, "state": None},
        "status": "prospect",
        "received_notifications": ["invoices"],
        "auto_charge": 20,
        "associated_admin": 12,
        "extra_attrs": {"client_dob": "1993-06-23"},
    }
    assert isinstance(made, Client) and isinstance(made.id, int)
    assert made.status is ClientStatus.PROSPECT and made.auto_charge == 20
    assert made.personal.last_name == "Lovelace" and made.personal.country == "United Kingdom (GB)"
    assert made.associated_admin is not None and made.associated_admin.id == 12
    again = await tc.clients.get(made.id)
    assert (again.id, again.status, again.personal.first_name) == (made.id, made.status, "Ada")


async def test_an_update_sends_only_what_changed_and_none_as_null(
    v2: tuple[TutorCruncher, FakeTutorCruncher],
) -> None:
    tc, fake = v2
    before = await tc.clients.get(4)
    after = await tc.clients.update(
        4, ClientUpdate(user=UserUpdate(phone="020 7946 0000"), photo=None)
    )
    assert fake.requests[-1].json() == {"user": {"phone": "020 7946 0000"}, "photo": None}
    assert after.id == 4 and after.phone == "020 7946 0000" and after.photo is None
    assert (after.last_name, after.email, after.status) == (
        before.last_name,
        before.email,
        before.status,
    )


async def test_money_goes_as_the_docs_write_it(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    """Payments and service rates as JSON numbers; appointment rates as strings."""
    paid = await tc.invoices.take_payment(
        2, TakePayment(amount=Decimal("100.50"), method="cash", send_receipt=True)
    )
    assert tc_fake.requests[-1].json() == {"amount": 100.5, "method": "cash", "send_receipt": True}
    assert isinstance(paid, PaymentResponse) and paid.amount_paid == Decimal("100.50")

    pfi = await tc.proforma_invoices.create(
        ProformaInvoiceCreate(amount=Decimal("120.00"), client=3, send_pfi=False)
    )
    assert tc_fake.requests[-1].json() == {"amount": 120, "client": 3, "send_pfi": False}
    assert isinstance(pfi, ProformaInvoice) and isinstance(pfi.id, int)

    service = await tc.services.create(
        ServiceCreate(
            name="GCSE Maths",
            dft_charge_rate=Decimal("45.00"),
            dft_contractor_rate="35.5",
            dft_charge_type="hourly",
            conjobs=[ServiceContractorInput(contractor=3, pay_rate=Decimal("45.0"))],
            rcrs=[ServiceRecipientInput(recipient=5, charge_rate=25)],
        )
    )
    assert tc_fake.requests[-1].json() == {
        "name": "GCSE Maths",
        "dft_charge_rate": 45,
        "dft_contractor_rate": 35.5,
        "dft_charge_type": "hourly",
        "conjobs": [{"contractor": 3, "pay_rate": 45}],
        "rcrs": [{"recipient": 5, "charge_rate": 25}],
    }
    assert isinstance(service, Service) and service.name == "GCSE Maths"


async def test_an_appointment_with_its_people(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    made = await tc.appointments.create(
        AppointmentCreate(
            topic="Algebra",
            start=datetime(2026, 3, 2, 16, tzinfo=UTC),
            finish="2026-03-02T17:00:00Z",
            service=12,
            rcras=[AppointmentRecipientInput(recipient=7, charge_rate=Decimal("100.00"))],
            cjas=[AppointmentContractorInput(contractor=9)],
        )
    )
    assert tc_fake.requests[-1].json() == {
        "topic": "Algebra",
        "start": "2026-03-02T16:00:00+00:00",
        "finish": "2026-03-02T17:00:00Z",
        "service": 12,
        "status": "planned",  # the only status a create takes, and a required one
        "rcras": [{"recipient": 7, "charge_rate": "100.00"}],
        "cjas": [{"contractor": 9}],
    }
    assert isinstance(made, AppointmentWriteResponse) and isinstance(made.id, int)
    assert made.status is AppointmentStatus.PLANNED and made.service == 12
    assert [(r.recipient, r.charge_rate) for r in made.rcras] == [(7, Decimal("100.00"))]


async def test_form_encoded_bodies_too(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    await tc.adhoccharges.create(
        AdHocChargeCreate(
            date_occurred=datetime(2026, 1, 5, 9, 30),
            category=7,
            description="Registration fee",
            client=37,
            charge_client=Decimal("25.00"),
        )
    )
    sent = tc_fake.requests[-1]
    assert sent.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert parse_qs(sent.body.decode()) == {
        "date_occurred": ["2026-01-05T09:30:00"],
        "category": ["7"],
        "description": ["Registration fee"],
        "client": ["37"],
        "charge_client": ["25.00"],
    }


@pytest.mark.parametrize(
    ("model", "given"),
    [
        (ClientCreate, {}),
        (UserInput, {"first_name": "Ada"}),
        (AppointmentCreate, {"topic": "x", "start": "2026-01-01", "service": 1}),
        (ServiceCreate, {"name": "x", "dft_charge_rate": 1}),
        (TakePayment, {"method": "cash"}),
        (ProformaInvoiceCreate, {"amount": 1, "client": 2}),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else "",
)
def test_a_missing_required_field_is_a_type_error(
    model: type[Payload], given: dict[str, Any]
) -> None:
    with pytest.raises(TypeError, match="missing"):
        model(**given)


def test_a_misspelled_field_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="stauts"):
        ClientUpdate(stauts="live")  # type: ignore[call-arg]


def test_extra_body_still_reaches_fields_the_docs_forgot() -> None:
    """A request model holds only documented fields; the rest go as ``extra_body``."""
    assert "change_via_branch" not in attrs.fields_dict(ClientCreate)
    assert "charge_via_branch" in attrs.fields_dict(ClientCreate)


# -- every write takes its model --------------------------------------------------------


def _endpoints() -> list[tuple[str, str, EndpointSpec]]:
    from aio_edu_clients.core.operations import resource

    return [
        (attr, name, spec)
        for attr, value in vars(TutorCruncher).items()
        if isinstance(value, resource)
        for name, spec in value.cls.endpoints()
    ]


def _request_model(spec: EndpointSpec) -> type[Payload] | None:
    annotation = typing.get_type_hints(spec.func).get("data")
    found = [a for a in typing.get_args(annotation) if isinstance(a, type)]
    models = [a for a in found if issubclass(a, Payload)]
    return models[0] if models else None


WRITES = [(r, n, s) for r, n, s in _endpoints() if "data" in inspect.signature(s.func).parameters]


def test_every_write_with_a_body_takes_a_request_model_or_a_mapping() -> None:
    assert len(WRITES) == 36
    for resource_name, name, spec in WRITES:
        hint = typing.get_type_hints(spec.func)["data"]
        model = _request_model(spec)
        assert model is not None, f"{resource_name}.{name} takes no request model"
        assert set(typing.get_args(hint)) == {model, Mapping[str, Any]}, resource_name
        assert spec.options == BODY_REQUEST_OPTIONS


def _is_unset(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Literal and typing.get_args(tp) == (UNSET,)


def _sample(tp: Any) -> Any:
    """A value of type ``tp`` the fake accepts (the first choice of a union)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in args if a is not type(None) and not _is_unset(a)))
    if origin is typing.Literal:
        return args[0]
    if origin is list:
        return [_sample(args[0])]
    if origin is Mapping or tp is Mapping:
        return {"machine_name": "value"}
    if isinstance(tp, type) and issubclass(tp, Payload):
        return _build(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return next(iter(tp))
    return {int: 3, str: "x", bool: True, Decimal: Decimal("12.50"), date: date(2026, 1, 5)}[tp]


def _build(model: type[Payload]) -> Payload:
    """``model`` with its required fields set, and nothing else."""
    hints = typing.get_type_hints(model)
    required = [f.name for f in attrs.fields(model) if f.default is attrs.NOTHING]
    return model(**{name: _sample(hints[name]) for name in required})


@pytest.mark.parametrize(
    ("resource_name", "name", "spec"), WRITES, ids=[f"{r}.{n}" for r, n, _ in WRITES]
)
async def test_every_write_sends_its_model_as_set(
    v2: tuple[TutorCruncher, FakeTutorCruncher], resource_name: str, name: str, spec: EndpointSpec
) -> None:
    tc, fake = v2
    model = _request_model(spec)
    assert model is not None
    body = _build(model)
    ids = [2] * len(spec.path_params)
    result = await getattr(getattr(tc, resource_name), name)(*ids, body)
    sent = fake.requests[-1]
    assert sent.path == "/api" + re.sub(r"{\w+}", "2", spec.path)
    if spec.body == "form":
        received: dict[str, Any] = {k: v[0] for k, v in parse_qs(sent.body.decode()).items()}
    else:
        received = sent.json()
    required = {f.name for f in attrs.fields(model) if f.default is attrs.NOTHING}
    defaulted = {f.name for f in attrs.fields(model) if f.default not in (attrs.NOTHING, UNSET)}
    assert set(received) == required | defaulted
    returns = spec.returns
    if isinstance(returns, type) and attrs.has(returns):
        assert isinstance(result, returns)


def test_every_field_of_every_model_goes_on_the_wire() -> None:
    """Each model with every field set: every field is sent, documented numbers as numbers."""
    converter = TutorCruncher.converter
    for model_name in tcm.requests.__all__:
        model = getattr(tcm, model_name)
        hints = typing.get_type_hints(model)
        full = model(**{f.name: _sample(hints[f.name]) for f in attrs.fields(model)})
        sent = converter.unstructure(full)
        assert set(sent) == {f.name for f in attrs.fields(model)}, model_name
        for field in attrs.fields(model):
            value = sent[field.name]
            if field.metadata.get("number"):
                assert value == 12.5 and isinstance(value, float), (model_name, field.name)
            elif isinstance(getattr(full, field.name), Decimal):
                assert value == "12.50", (model_name, field.name)


# -- ids --------------------------------------------------------------------------------


def _model(tp: Any) -> Any:
    args = typing.get_args(tp)
    return _model(args[0]) if args else tp


LISTS = [(r, s) for r, n, s in _endpoints() if n == "list"]
GETS = {r: s for r, n, s in _endpoints() if n == "get"}
# The docs' list items without an id (the url carries it): the id cannot be typed.
NO_ID = {"proforma_invoices", "reports"}


@pytest.mark.parametrize(("resource_name", "spec"), LISTS, ids=[r for r, _ in LISTS])
def test_list_items_carry_the_id_their_get_takes(resource_name: str, spec: EndpointSpec) -> None:
    item = _model(spec.returns)
    fields = attrs.fields_dict(item)
    if resource_name in NO_ID or "id" not in fields:
        assert resource_name in NO_ID | {"action_types", "tenders"}, resource_name
        assert "id" not in fields
        return
    assert typing.get_type_hints(item)["id"] is int, resource_name
    assert fields["id"].default is attrs.NOTHING, f"{item.__name__}.id is optional"
    get = GETS.get(resource_name)
    if get is not None:
        assert typing.get_type_hints(get.func)["id"] is int, resource_name
        detail = _model(get.returns)
        if "id" in attrs.fields_dict(detail):
            assert attrs.fields_dict(detail)["id"].default is attrs.NOTHING, detail.__name__


async def test_a_list_item_without_its_id_is_a_decode_error_naming_it(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    await tc.appointments.list(max_items=1).collect()  # the fake makes its store
    del tc_fake.catalogue.stores["appointments"][5]["id"]
    with pytest.raises(errors.DecodeError) as info:
        await tc.appointments.list().collect()
    assert "AppointmentListItem" in str(info.value)
    assert re.search(r"required field missing @ \$\[\d+\]\.id", str(info.value))
