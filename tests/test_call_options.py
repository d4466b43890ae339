"""Per-call options, ``with_options`` and raw responses, through the public API.

What a user of openai-python expects: ``timeout=``, ``extra_headers=``,
``extra_query=`` and ``extra_body=`` on every call, a client copy with other settings
that shares the pool and rate budget, and the raw answer of a typed call.
"""

from __future__ import annotations

import inspect

import pytest

from aio_edu_clients import TidyClub, TutorCruncher, errors
from aio_edu_clients.testing import FakeTidyClub, FakeTutorCruncher, Fault
from aio_edu_clients.tutorcruncher.models import Client

from .conftest import FAST_RETRY


async def test_a_misspelled_filter_is_a_type_error_naming_the_likely_one(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    with pytest.raises(TypeError, match=r"'statuss'.*did you mean 'status'.*extra_query"):
        tc.clients.list(statuss="live")
    with pytest.raises(TypeError, match="'colour'"):
        await tc.clients.get(1, colour="red")  # type: ignore[call-arg]
    assert tc_fake.requests == []


async def test_extra_query_is_sent_and_wins_over_a_documented_filter(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    pager = tc.clients.list(status="live", extra_query={"status": "dormant", "new_filter": 1})
    await pager.collect(max_items=1)
    sent = tc_fake.requests[0].query
    assert sent.getall("status") == ["dormant"] and sent["new_filter"] == "1"


async def test_extra_headers_are_sent_on_every_page_but_never_replace_the_credential(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    headers = {"X-Trace": "abc", "Authorization": "token someone-else"}
    got = await tc.clients.list(extra_headers=headers).collect()
    assert len(got) == len(tc_fake.clients) == 250
    assert len(tc_fake.requests) == 3  # 100 a page
    for request in tc_fake.requests:
        assert request.headers["X-Trace"] == "abc"
        assert request.headers["Authorization"] == f"token {tc_fake.api_key}"


async def test_extra_body_is_merged_over_the_body(tidy: TidyClub, tidy_fake: FakeTidyClub) -> None:
    made = await tidy.groups.create({"label": "Juniors"}, extra_body={"description": "U12"})
    assert made.label == "Juniors"
    assert tidy_fake.requests[-1].json() == {"label": "Juniors", "description": "U12"}


async def test_a_per_call_timeout_overrides_the_clients(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    cid = next(iter(tc_fake.clients))
    tc_fake.script(Fault.delay(2.0))
    no_retry = tc.with_options(max_retries=0)
    with pytest.raises(errors.APITimeoutError, match=r"after 0\.05s"):
        await no_retry.clients.get(cid, timeout=0.05)
    tc_fake.script(Fault.delay(0.2))
    assert (await tc.clients.get(cid, timeout=None)).id == cid  # None: no limit at all


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": "5"}, "timeout must be a positive number"),
        ({"timeout": 0}, "timeout must be a positive number"),
        ({"extra_query": [("a", 1)]}, "extra_query must be a mapping"),
        ({"extra_headers": {"X-N": 1}}, "extra_headers must map str to str"),
    ],
)
async def test_option_values_of_the_wrong_kind_are_refused_before_sending(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, options: dict[str, object], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        await tc.clients.get(1, **options)  # type: ignore[arg-type]
    assert tc_fake.requests == []


def test_help_shows_the_options_as_named_parameters() -> None:
    params = inspect.signature(TutorCruncher.clients.cls.get).parameters
    assert list(params)[-3:] == ["timeout", "extra_headers", "extra_query"]
    create = inspect.signature(TutorCruncher.clients.cls.create).parameters
    assert "extra_body" in create
    assert "extra_body" not in params  # no body, no extra_body


# -- with_options ----------------------------------------------------------------------


async def test_with_options_shares_the_pool_and_the_rate_budget(
    tc_fake: FakeTutorCruncher,
) -> None:
    async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url) as tc:
        quick = tc.with_options(timeout=5, max_retries=1)
        cid = next(iter(tc_fake.clients))
        assert (await quick.clients.get(cid)).id == cid
        await tc.clients.get(cid)
        assert quick.pool is tc.pool
        assert quick._transport.throttle is tc._transport.throttle  # one budget
        assert quick._transport.timeout == 5 and tc._transport.timeout == 30
        assert quick._transport.retry.max_retries == 1
        slower = tc.with_options(rate_limit=None)
        assert slower.rate_limit is None and tc.rate_limit is not None


async def test_with_options_max_retries_zero_fails_at_once(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    cid = next(iter(tc_fake.clients))
    tc_fake.script(Fault.status(503), Fault.status(503))
    with pytest.raises(errors.ServerError):
        await tc.with_options(max_retries=0).clients.get(cid)
    assert len(tc_fake.requests) == 1
    assert (await tc.clients.get(cid)).id == cid  # the original still retries
    assert len(tc_fake.requests) == 3


async def test_a_derived_client_closes_with_its_original_and_not_the_other_way(
    tc_fake: FakeTutorCruncher,
) -> None:
    cid = next(iter(tc_fake.clients))
    tc = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, retry=FAST_RETRY)
    derived = tc.with_options(timeout=5)
    await derived.aclose()
    assert (await tc.clients.get(cid)).id == cid
    again = tc.with_options(timeout=5)
    await tc.aclose()
    with pytest.raises(RuntimeError, match=r"TutorCruncher client for .* is closed"):
        await again.clients.get(cid)


# -- raw responses -----------------------------------------------------------------------


async def test_raw_response_of_a_typed_call(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    cid = next(iter(tc_fake.clients))
    tc_fake.record_bodies = True
    raw = await tc.with_raw_response(tc.clients.get)(cid, extra_headers={"X-Trace": "1"})
    assert raw.status == 200
    assert raw.headers["Content-Type"].startswith("application/json")
    assert raw.content == tc_fake.requests[-1].response_body
    assert raw.json()["id"] == cid
    parsed = raw.parse()
    assert isinstance(parsed, Client) and parsed == await tc.clients.get(cid)
    assert raw.parse() is parsed
    assert tc_fake.requests[0].headers["X-Trace"] == "1"


async def test_raw_response_carries_the_request_id_and_errors_still_raise(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    cid = next(iter(tc_fake.clients))
    tc_fake.script(Fault.status(200, {"id": [cid]}, headers={"X-Request-Id": "req-123"}))
    raw = await tc.with_raw_response(tc.clients.get)(cid)
    assert raw.request_id == "req-123"
    with pytest.raises(errors.DecodeError):
        raw.parse()  # an id that is not one: the error comes on parse
    with pytest.raises(errors.NotFoundError):
        await tc.with_raw_response(tc.clients.get)(999_999)


async def test_raw_response_refuses_what_it_cannot_wrap(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    with pytest.raises(TypeError, match=r"page\.raw"):
        tc.with_raw_response(tc.clients.list)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="endpoint method"):
        tc.with_raw_response(tc.aclose)
    async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url) as other:
        with pytest.raises(ValueError, match="belongs to"):
            tc.with_raw_response(other.clients.get)
    assert tc_fake.requests == []
