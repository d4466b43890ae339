"""RetryPolicy: what is retried, what never is, and how long it waits."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from email.utils import formatdate, parsedate_to_datetime

import pytest

from aio_edu_clients import RetryPolicy, TutorCruncher, errors
from aio_edu_clients.core.retry import parse_retry_after
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .conftest import FAST_RETRY, eventually

CREATE = {"user": {"last_name": "Once"}}


def client_for(fake: FakeTutorCruncher, **options: object) -> TutorCruncher:
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("rate_limit", None)
    return TutorCruncher(fake.api_key, base_url=fake.base_url, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_idempotent_get_retried_through_5xx(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, status: int
) -> None:
    tc_fake.script(Fault.status(status), Fault.status(status))
    refs = await tc.clients.list(max_items=3).collect()
    assert len(refs) == 3
    assert [r.status for r in tc_fake.requests] == [status, status, 200]


async def test_5xx_exhausts_retries_then_raises_server_error(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(*[Fault.status(503)] * 4)
    with pytest.raises(errors.ServerError) as info:
        await tc.clients.get(1)
    assert info.value.status == 503
    assert len(tc_fake.requests) == 4  # the first try and three retries


async def test_post_is_never_resent_after_a_5xx(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    count = len(tc_fake.clients)
    tc_fake.script(Fault.status(502))
    with pytest.raises(errors.ServerError):
        await tc.clients.create(CREATE)
    assert len(tc_fake.requests) == 1
    assert len(tc_fake.clients) == count


async def test_post_is_never_resent_after_a_dropped_connection(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(Fault.drop(), method="POST")
    with pytest.raises(errors.APIConnectionError):
        await tc.clients.create(CREATE)
    assert len(tc_fake.requests) == 1


async def test_get_is_retried_after_a_dropped_connection(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    # aiohttp resends an idempotent request once itself when the connection drops
    # (RFC 9112 9.3.1), so each of our attempts can take two drops: four drops need
    # our own retry twice.
    tc_fake.script(*[Fault.drop()] * 4)
    cid = next(iter(tc_fake.clients))
    assert (await tc.clients.get(cid)).id == cid
    assert len(tc_fake.requests) == 5


async def test_post_is_retried_after_a_429(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    tc_fake.script(Fault.rate_limited(retry_after=0), method="POST")
    made = await tc.clients.create(CREATE)
    posts = [r for r in tc_fake.requests if r.method == "POST"]
    assert [r.status for r in posts] == [429, 201]
    assert made.id in tc_fake.clients


async def test_connection_refused_is_retried_for_post_too_then_raises(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    policy = RetryPolicy(max_retries=2, backoff=0.01)
    async with TutorCruncher(
        "k" * 8, base_url=f"http://127.0.0.1:{port}/api/", retry=policy, rate_limit=None
    ) as tc:
        with (
            caplog.at_level(logging.DEBUG, logger="aio_edu_clients"),
            pytest.raises(errors.APIConnectionError) as info,
        ):
            await tc.clients.create(CREATE)
    assert not isinstance(info.value, errors.APITimeoutError)
    assert f"127.0.0.1:{port}" in str(info.value)
    retried = [r.getMessage() for r in caplog.records if "; retrying in" in r.getMessage()]
    assert len(retried) == 2 and all("POST" in m for m in retried), "both retries, then the error"


async def test_read_timeout_retried_for_get_not_for_post(tc_fake: FakeTutorCruncher) -> None:
    async with client_for(tc_fake, timeout=0.2) as tc:
        tc_fake.script(Fault.delay(1.0))
        cid = next(iter(tc_fake.clients))
        assert (await tc.clients.get(cid)).id == cid
        assert len(tc_fake.requests) == 2
        tc_fake.reset_requests()
        tc_fake.script(Fault.delay(1.0), method="POST")
        with pytest.raises(errors.APITimeoutError):
            await tc.clients.create(CREATE)
        assert len(tc_fake.requests) == 1


async def test_max_retries_zero_switches_retries_off(tc_fake: FakeTutorCruncher) -> None:
    async with client_for(tc_fake, retry=RetryPolicy(max_retries=0)) as tc:
        tc_fake.script(Fault.status(503))
        with pytest.raises(errors.ServerError):
            await tc.clients.get(1)
        tc_fake.script(Fault.rate_limited(retry_after=0))
        with pytest.raises(errors.RateLimitError) as info:
            await tc.clients.get(1)
    assert info.value.retry_after == 0
    assert len(tc_fake.requests) == 2


async def test_retry_after_http_date_is_honoured(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    when = formatdate(time.time() + 2, usegmt=True)  # 1 to 2 s ahead: whole seconds
    tc_fake.script(Fault.rate_limited(retry_after=when))
    await tc.clients.list(max_items=1).collect()
    assert [r.status for r in tc_fake.requests] == [429, 200]
    # The retry waited for the date (the margin: wall and monotonic clocks may drift apart).
    assert time.time() > parsedate_to_datetime(when).timestamp() - 0.01


async def test_retry_after_is_capped_by_the_policy(
    tc_fake: FakeTutorCruncher, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = RetryPolicy(max_retries=1, backoff=0.01, max_retry_after=0.3)
    async with client_for(tc_fake, retry=policy) as tc:
        throttle = tc._transport.throttle
        pauses: list[float] = []
        pause = throttle.pause

        def recording(seconds: float) -> None:
            pauses.append(seconds)
            pause(min(seconds, 0.3))  # a broken cap fails the assertion below, not in an hour

        monkeypatch.setattr(throttle, "pause", recording)
        tc_fake.script(Fault.rate_limited(retry_after=3600))
        await tc.clients.list(max_items=1).collect()
    assert pauses == [0.3], "the credential paused for the policy's cap, not the hour asked"
    assert [r.status for r in tc_fake.requests] == [429, 200]


async def test_429_exhaustion_raises_rate_limit_error_with_retry_after(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(*[Fault.rate_limited(retry_after=0)] * 4)
    with pytest.raises(errors.RateLimitError) as info:
        await tc.clients.get(1)
    assert info.value.status == 429 and info.value.retry_after == 0
    assert "throttled" in str(info.value)


async def test_cancellation_is_not_retried_and_frees_the_connection(
    tc_fake: FakeTutorCruncher,
) -> None:
    from aio_edu_clients import SessionPool

    async with SessionPool(limit=1) as pool, client_for(tc_fake, pool=pool) as tc:
        tc_fake.latency = 5.0
        task = asyncio.create_task(tc.clients.get(1))
        await eventually(lambda: bool(tc_fake.requests))
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert task.cancelled()
        tc_fake.latency = 0.0
        # The only connection of the pool is free again: the next call goes through.
        # (Were it still taken, the client's own timeout would fail this call.)
        cid = next(iter(tc_fake.clients))
        assert (await tc.clients.get(cid)).id == cid
    assert len(tc_fake.requests) == 2, "the cancelled call was not retried"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), ("0", 0.0), (" 1.5 ", 1.5), ("soon", None), ("", None), (None, None), ("-4", 0.0)],
)
def test_parse_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_http_date() -> None:
    seconds = parse_retry_after(formatdate(time.time() + 30, usegmt=True))
    assert seconds is not None and 28 <= seconds <= 31
    assert parse_retry_after(formatdate(time.time() - 30, usegmt=True)) == 0.0


def test_backoff_is_full_jitter_and_capped() -> None:
    policy = RetryPolicy(backoff=1.0, backoff_cap=4.0)
    samples = [policy.backoff_delay(n) for n in range(1, 8) for _ in range(200)]
    assert all(0 <= s <= 4.0 for s in samples)
    assert max(policy.backoff_delay(1) for _ in range(200)) <= 1.0
    assert min(samples) < 0.2  # full jitter reaches near zero
