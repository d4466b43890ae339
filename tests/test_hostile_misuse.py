"""Retry-After on every retried status, secrets kept out of logs, credentials checked early."""

from __future__ import annotations

import json
import logging
import time
from email.utils import formatdate

import pytest

from aio_edu_clients import Eduframe, RetryPolicy, TidyClub, TutorCruncher, errors
from aio_edu_clients.core.auth import OAuthToken
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .conftest import eventually

LOG = "aio_edu_clients"


def debug_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith(LOG)]


# -- Retry-After on 503 and friends --------------------------------------------------------


@pytest.mark.parametrize("status", [503, 500, 502, 504])
async def test_retry_after_on_a_retried_status_is_waited_out(
    tc_fake: FakeTutorCruncher, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    cid = next(iter(tc_fake.clients))
    tc_fake.script(Fault.status(status, headers={"Retry-After": "1"}))
    retry = RetryPolicy(max_retries=2, backoff=0.001, backoff_cap=0.001, max_retry_after=5)
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None, retry=retry
    ) as tc:
        with caplog.at_level(logging.DEBUG, LOG):
            started = time.monotonic()
            assert (await tc.clients.get(cid)).id == cid
            waited = time.monotonic() - started
    assert [r.status for r in tc_fake.requests] == [status, 200]
    assert tc_fake.requests[1].time - tc_fake.requests[0].time >= 0.95
    assert waited >= 0.95, "the server's Retry-After, not the 1 ms backoff"
    assert any(f"-> {status}; Retry-After 1.00s, waiting 1.00s" in m for m in debug_lines(caplog))


async def test_retry_after_as_an_http_date_on_a_503(tc_fake: FakeTutorCruncher) -> None:
    cid = next(iter(tc_fake.clients))
    when = formatdate(time.time() + 2, usegmt=True)
    tc_fake.script(Fault.status(503, headers={"Retry-After": when}))
    retry = RetryPolicy(max_retries=1, backoff=0.001, backoff_cap=0.001)
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None, retry=retry
    ) as tc:
        assert (await tc.clients.get(cid)).id == cid
    # An HTTP-date has whole seconds: at least one of the two is waited out.
    assert tc_fake.requests[1].time - tc_fake.requests[0].time >= 0.9


async def test_a_long_retry_after_on_a_503_is_capped_by_the_policy(
    tc_fake: FakeTutorCruncher, caplog: pytest.LogCaptureFixture
) -> None:
    cid = next(iter(tc_fake.clients))
    tc_fake.script(Fault.status(503, headers={"Retry-After": "3600"}))
    retry = RetryPolicy(max_retries=1, backoff=0.001, max_retry_after=0.2)
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None, retry=retry
    ) as tc:
        with caplog.at_level(logging.DEBUG, LOG):
            assert (await tc.clients.get(cid)).id == cid
    assert tc_fake.requests[1].time - tc_fake.requests[0].time >= 0.19
    assert any("Retry-After 3600.00s, waiting 0.20s" in m for m in debug_lines(caplog))


async def test_a_503_with_retry_after_pauses_every_task_of_the_credential(
    tc_fake: FakeTutorCruncher,
) -> None:
    import asyncio

    ids = sorted(tc_fake.clients)[:3]
    tc_fake.script(Fault.status(503, headers={"Retry-After": "1"}))
    retry = RetryPolicy(max_retries=1, backoff=0.001)
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None, retry=retry
    ) as tc:
        await tc.clients.get(ids[0])  # 503, then paused, then served
        tc_fake.reset_requests()
        tc_fake.script(Fault.status(503, headers={"Retry-After": "1"}))
        first = asyncio.create_task(tc.clients.get(ids[1]))
        await eventually(lambda: tc._transport.throttle.paused_for > 0)  # the 503 is in
        await tc.clients.get(ids[2])
        await first
    refused = tc_fake.requests[0]
    other = next(r for r in tc_fake.requests if r.path.endswith(f"/{ids[2]}/"))
    assert refused.status == 503
    assert other.time - refused.time >= 0.95, "the other task waited out the pause"


async def test_a_post_is_not_resent_after_a_503_even_with_retry_after(
    tc_fake: FakeTutorCruncher,
) -> None:
    tc_fake.script(Fault.status(503, headers={"Retry-After": "0"}), method="POST")
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None, retry=RetryPolicy()
    ) as tc:
        with pytest.raises(errors.ServerError):
            await tc.clients.create({"user": {"last_name": "Sent once"}})
    assert [r.method for r in tc_fake.requests] == ["POST"]


# -- secrets stay out of log lines ---------------------------------------------------------


async def test_next_links_built_with_the_key_inside_never_reach_a_log_line(
    tc_fake: FakeTutorCruncher, caplog: pytest.LogCaptureFixture
) -> None:
    key = tc_fake.api_key
    base = tc_fake.base_url

    def page(ids: list[int], nxt: str | None) -> Fault:
        body = {"count": 3, "next": nxt, "results": [{"id": i} for i in ids]}
        return Fault.body(200, json.dumps(body).encode())

    tc_fake.script(
        page([1], f"{base}{key}/clients/?page=2&sig={key}&token=opaque-vendor-token"),
        Fault.status(503, headers={"Retry-After": "0"}),
        Fault.truncated(),
        page([2], f"{base}clients/?page=3&api_key={key}"),
        page([3], None),
    )
    retry = RetryPolicy(max_retries=3, backoff=0.001, backoff_cap=0.002)
    async with TutorCruncher(key, base_url=base, rate_limit=None, retry=retry) as tc:
        with caplog.at_level(logging.DEBUG, LOG):
            assert [r.id async for r in tc.clients.list()] == [1, 2, 3]
    lines = debug_lines(caplog)
    assert any("-> 503" in m for m in lines) and any("failed" in m for m in lines)
    assert any("***" in m for m in lines), "the key's place is shown masked"
    for line in lines:
        assert key not in line
        assert "opaque-vendor-token" not in line, "secret-named parameters are masked too"
    # The requests themselves went where the vendor said, key and all.
    assert tc_fake.requests[1].path == f"/api/{key}/clients/"


# -- credentials are checked when a client is made -----------------------------------------

BAD_SECRETS = [
    "abc123\n",
    " abc123",
    "abc123 ",
    "abc\r\nX-Injected: 1",
    "abc\x00123",
    "abc\t123",
    "abc 123",
    "abc\u2028123",
]


@pytest.mark.parametrize("secret", BAD_SECRETS)
@pytest.mark.parametrize("make", [TutorCruncher, Eduframe])
def test_an_api_key_with_whitespace_or_control_characters_is_refused_by_name(
    make: type[TutorCruncher] | type[Eduframe], secret: str
) -> None:
    with pytest.raises(ValueError, match="api_key") as caught:
        make(secret, base_url="http://127.0.0.1:9/")
    assert "abc" not in str(caught.value)


@pytest.mark.parametrize("secret", BAD_SECRETS)
def test_a_tidyclub_token_with_control_characters_is_refused_by_name(secret: str) -> None:
    for token in (secret, OAuthToken(secret)):
        with pytest.raises(ValueError, match="access_token") as caught:
            TidyClub(access_token=token, base_url="http://127.0.0.1:9/")
        assert "abc" not in str(caught.value)


@pytest.mark.parametrize("make", [TutorCruncher, Eduframe])
def test_an_empty_or_non_text_key_is_refused(make: type[TutorCruncher] | type[Eduframe]) -> None:
    with pytest.raises(ValueError, match="api_key is empty"):
        make("", base_url="http://127.0.0.1:9/")
    with pytest.raises(TypeError, match="api_key must be a string"):
        make(b"abc123", base_url="http://127.0.0.1:9/")  # type: ignore[arg-type]


async def test_a_503_from_the_token_endpoint_honours_its_retry_after() -> None:
    from aio_edu_clients.testing import FakeTidyClub

    async with FakeTidyClub() as fake:
        fake.script(Fault.status(503, headers={"Retry-After": "1"}), path="/oauth/token")
        retry = RetryPolicy(max_retries=1, backoff=0.001, backoff_cap=0.001)
        async with await TidyClub.login(**fake.login_options(), retry=retry, rate_limit=None):
            pass
        tokens = [r for r in fake.requests if r.path == "/oauth/token"]
    assert [r.status for r in tokens] == [503, 200]
    assert tokens[1].time - tokens[0].time >= 0.95, "the Retry-After, not the 1 ms backoff"
