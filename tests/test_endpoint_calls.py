"""How declared endpoints take their arguments: what is sent, and what is refused.

Arguments are bound by a fast path, not `inspect.Signature.bind`; these tests hold it
to the same rules: positional or keyword path parameters, defaults, extra filters as
query parameters, and a `TypeError` for any call Python itself would refuse.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import pytest

from aio_edu_clients import TutorCruncher
from aio_edu_clients.testing import FakeTutorCruncher


@pytest.fixture
async def tc() -> AsyncIterator[tuple[TutorCruncher, FakeTutorCruncher]]:
    async with (
        FakeTutorCruncher(clients=5, rate_limit=None) as fake,
        TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as client,
    ):
        yield client, fake


async def test_path_parameter_by_position_or_by_name(
    tc: tuple[TutorCruncher, FakeTutorCruncher],
) -> None:
    client, fake = tc
    by_position = await client.clients.get(3)
    by_name = await client.clients.get(id=3)
    assert by_position == by_name and by_position.id == 3
    assert [r.path for r in fake.requests] == ["/api/clients/3/"] * 2


async def test_typed_filters_and_extra_query_become_the_query(
    tc: tuple[TutorCruncher, FakeTutorCruncher],
) -> None:
    client, fake = tc
    pager = client.clients.list(status="live", extra_query={"new_vendor_filter": "x"}, max_items=1)
    await pager.collect()
    query = dict(fake.requests[-1].query)
    assert query["status"] == "live" and query["new_vendor_filter"] == "x"
    assert "max_items" not in query and "extra_query" not in query


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.clients.get(),  # missing
        lambda c: c.clients.get(1, 2),  # too many
        lambda c: c.clients.get(1, id=1),  # twice
        lambda c: c.clients.get(1, colour="red"),  # unknown, and no **filters to take it
        lambda c: c.clients.list("live"),  # keyword-only given by position
    ],
    ids=["missing", "too-many", "twice", "unknown", "positional-filter"],
)
async def test_calls_python_would_refuse_raise_type_error_and_send_nothing(
    tc: tuple[TutorCruncher, FakeTutorCruncher], call: object
) -> None:
    client, fake = tc
    with pytest.raises(TypeError):
        result = call(client)  # type: ignore[operator]
        if hasattr(result, "__await__"):
            await result
    assert fake.requests == []


async def test_bodies_may_hold_decimals_and_dates(
    tc: tuple[TutorCruncher, FakeTutorCruncher],
) -> None:
    client, fake = tc
    await client.invoices.take_payment(
        2, {"amount": Decimal("10.50"), "method": "cash", "date": date(2026, 11, 23)}
    )
    sent = fake.requests[-1].json()
    assert sent["amount"] == "10.50" and sent["date"] == "2026-11-23"
