"""TutorCruncher's list filters: exactly the documented ones, typed, sent as the vendor reads them.

The names come from the addendum (the scraped docs lost them); mypy's side of the
same surface is in tests/typing/tutorcruncher_usage.py.
"""

from __future__ import annotations

import inspect
import typing
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from aio_edu_clients import TutorCruncher
from aio_edu_clients.core.operations import PAGER_OPTIONS, EndpointSpec, resource
from aio_edu_clients.testing import FakeTutorCruncher
from aio_edu_clients.tutorcruncher.models import AppointmentStatus, ClientStatus

ROLE_FILTERS = {
    "user__created__gte",
    "user__created__lte",
    "user__first_name",
    "user__last_name",
    "user__email",
    "distance_address",
    "distance_radius",
    "labels",
}
# The documented filters of every list (the addendum names them all); the rest have none.
DOCUMENTED_FILTERS: dict[str, set[str]] = {
    "adhoccharges": {
        "date_occurred_gte",
        "date_occurred_lte",
        "service",
        "client",
        "contractor",
        "category",
        "appointment",
    },
    "agents": ROLE_FILTERS | {"status"},
    "clients": ROLE_FILTERS | {"status"},
    "contractors": ROLE_FILTERS | {"status", "skills"},
    "recipients": ROLE_FILTERS,
    "appointments": {
        "start_gte",
        "start_lte",
        "service",
        "contractor",
        "recipient",
        "client",
        "status",
        "location",
    },
    "balance_updates": {
        "client",
        "contractor",
        "method",
        "update_type",
        "credit_amount_gte",
        "credit_amount_lte",
        "created_gte",
        "created_lte",
    },
    "public_contractors": {"release__gte", "release__lte"},
    "reports": {
        "dt_created_gte",
        "dt_created_lte",
        "appointment",
        "creator",
        "service_recipient",
        "client",
    },
    "services": {"created_gte", "created_lte", "last_updated_gte", "last_updated_lte", "labels"},
    "tenders": {"contractor", "service", "created_gte", "created_lte"},
}
LISTS = [
    (attr, spec)
    for attr, value in vars(TutorCruncher).items()
    if isinstance(value, resource)
    for name, spec in value.cls.endpoints()
    if name == "list"
]


@pytest.mark.parametrize(("resource_name", "spec"), LISTS, ids=[r for r, _ in LISTS])
def test_list_takes_exactly_the_documented_filters(resource_name: str, spec: EndpointSpec) -> None:
    params = inspect.signature(spec.func).parameters
    keywords = {n for n, p in params.items() if p.kind is p.KEYWORD_ONLY}
    assert keywords == DOCUMENTED_FILTERS.get(resource_name, set()) | PAGER_OPTIONS
    assert set(spec.query_params) == DOCUMENTED_FILTERS.get(resource_name, set())
    hints = typing.get_type_hints(spec.func)
    for name in spec.query_params:
        shown = {a for a in typing.get_args(hints[name]) if a is not type(None)}
        if name.endswith(("_gte", "_lte")) and "amount" not in name:
            assert shown == {date, datetime, str}, (resource_name, name)  # a date/time
        elif name in ("service", "client", "contractor", "recipient", "labels", "skills"):
            assert shown == {int}, (resource_name, name)  # an id


async def test_typed_filters_go_on_the_query_as_the_vendor_reads_them(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    await tc.appointments.list(
        start_gte=datetime(2026, 1, 5, 9, tzinfo=UTC),
        start_lte=date(2026, 2, 1),
        status=AppointmentStatus.CANCELLED_CHARGEABLE,
        service=3,
        max_items=1,
    ).collect()
    assert dict(tc_fake.requests[-1].query) == {
        "start_gte": "2026-01-05T09:00:00+00:00",
        "start_lte": "2026-02-01",
        "status": "cancelled-chargeable",
        "service": "3",
    }
    await tc.balance_updates.list(
        method="bank_transfer", credit_amount_gte=Decimal("10.50"), max_items=1
    ).collect()
    assert dict(tc_fake.requests[-1].query) == {
        "method": "bank_transfer",
        "credit_amount_gte": "10.50",
    }


async def test_a_status_filter_given_as_the_enum_filters(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    dormant = {c["id"] for c in tc_fake.clients.values() if c["status"] == "dormant"}
    got = {ref.id async for ref in tc.clients.list(status=ClientStatus.DORMANT)}
    assert got == dormant and got
    assert tc_fake.requests[-1].query["status"] == "dormant"
    after = {ref.id async for ref in tc.clients.list(user__created__gte=date(2000, 1, 1))}
    assert after == set(tc_fake.clients)


async def test_a_misspelled_filter_is_a_type_error_naming_the_right_one(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    with pytest.raises(TypeError, match="start_gte"):
        tc.appointments.list(start_gt=date(2026, 1, 1))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="extra_query"):
        tc.invoices.list(status="paid")  # type: ignore[call-arg]
    assert tc_fake.requests == []
