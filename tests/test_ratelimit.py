"""Rate limits: every window holds, a 429 pauses the credential, cancelling loses nothing.

How much of the budget a sustained run uses is a measurement, not a guarantee: it is
in ``benchmarks/ratelimit.py``, with the numbers for one task, 20 tasks and Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Iterator

import pytest

from aio_edu_clients import RateLimit, RetryPolicy, SessionPool, TutorCruncher, errors
from aio_edu_clients.core.ratelimit import (
    JITTER_MARGIN,
    CredentialThrottle,
    Throttle,
    permit_observer,
)
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .conftest import FAST_RETRY, FakeClock, eventually

# Time-scaled TutorCruncher: 100 requests in every 2-second window instead of 60.
BUDGET = RateLimit(requests=100, per=2.0)


def max_in_window(times: list[float], per: float) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, t in enumerate(times):
        while t - times[start] >= per:
            start += 1
        best = max(best, end - start + 1)
    return best


class Grants:
    """A `PermitObserver`: hears each wait begin, and keeps the instant each one ended."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.started = asyncio.Event()

    def waiting(self) -> None:
        self.started.set()

    def granted(self, waited: float) -> None:
        self.times.append(time.monotonic())


async def sustained(fake: FakeTutorCruncher, tasks: int, total: int) -> Grants:
    """``tasks`` workers sending ``total`` requests on one credential, as fast as the limit
    lets them; the instants their permits were granted."""
    grants = Grants()
    async with TutorCruncher(
        fake.api_key, base_url=fake.base_url, rate_limit=BUDGET, retry=RetryPolicy(max_retries=0)
    ) as tc:
        left = total

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                await tc.request("GET", "/clients/")

        token = permit_observer.set(grants)  # the workers' tasks inherit it
        try:
            await asyncio.gather(*(worker() for _ in range(tasks)))
        finally:
            permit_observer.reset(token)
        assert tc.rate_limit_wait > 0, "the limiter held requests back"
    return grants


@pytest.mark.parametrize("tasks", [1, 20])
async def test_strict_sliding_window_never_answers_429(tasks: int) -> None:
    total = 250  # two and a half windows' budget: ~5 s at the limiter's pace
    async with FakeTutorCruncher(clients=5, rate_limit=(BUDGET.requests, BUDGET.per)) as fake:
        grants = await sustained(fake, tasks, total)
    assert fake.rate_limited == 0
    assert [r.status for r in fake.requests] == [200] * total
    assert len(grants.times) == total
    # The limiter's own promise, on the instants it granted permits (load cannot move
    # those closer together): at most `requests` in any window, even one stretched by
    # the jitter margin...
    assert max_in_window(grants.times, BUDGET.per * (1 + JITTER_MARGIN)) <= BUDGET.requests
    # ...so the arrivals the strict fake counted fit every window too.
    assert max_in_window([r.time for r in fake.requests], BUDGET.per) <= BUDGET.requests


def test_the_bucket_fits_the_window() -> None:
    for limit in (RateLimit(100, 60), RateLimit(10, 1), RateLimit(5000, 3600), RateLimit(1, 5)):
        assert limit.burst >= 1
        jittered_window = limit.per * (1 + JITTER_MARGIN)
        assert limit.burst + math.floor(limit.drip_per_second * jittered_window) <= limit.requests
    tc = RateLimit(100, 60)
    assert tc.burst == 3
    assert 0.95 <= tc.drip_per_second * 60 / 100 < 1


def record_pauses(throttle: Throttle, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record every pause of ``throttle`` (the seconds asked for), as it happens."""
    pauses: list[float] = []
    pause = throttle.pause

    def recording(seconds: float) -> None:
        pause(seconds)
        pauses.append(seconds)

    monkeypatch.setattr(throttle, "pause", recording)
    return pauses


async def test_a_429_pauses_every_caller_of_the_credential(
    tc_fake: FakeTutorCruncher, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=RateLimit(1000, 1), retry=FAST_RETRY
    ) as tc:
        pauses = record_pauses(tc._transport.throttle, monkeypatch)
        tc_fake.script(Fault.rate_limited(retry_after=1))
        first = asyncio.create_task(tc.request("GET", "/clients/"))
        await eventually(lambda: bool(pauses))  # the 429 is in: the credential is paused
        others = [asyncio.create_task(tc.request("GET", "/clients/")) for _ in range(5)]
        await asyncio.gather(first, *others)
    refused = tc_fake.requests[0]
    assert refused.status == 429
    after = [r.time - refused.time for r in tc_fake.requests[1:]]
    assert len(after) == 6
    assert min(after) >= 0.95, "nobody sent during the Retry-After pause"


async def test_other_credentials_are_not_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake, SessionPool() as pool:
        patient = RetryPolicy(max_retries=1, max_retry_after=60)
        a = TutorCruncher(fake.api_key, base_url=fake.base_url, pool=pool, retry=patient)
        b = TutorCruncher(
            "another-key", base_url=fake.base_url, pool=pool, retry=RetryPolicy(max_retries=0)
        )
        pauses = record_pauses(a._transport.throttle, monkeypatch)
        fake.script(Fault.rate_limited(retry_after=60))
        paused = asyncio.create_task(a.request("GET", "/clients/"))
        await eventually(lambda: bool(pauses))
        with pytest.raises(errors.AuthenticationError):  # b's key is unknown to the fake
            await b.request("GET", "/clients/")
        # b was sent and answered while a's credential sat out its minute.
        assert a._transport.throttle.paused_for > 0 and not paused.done()
        assert b._transport.throttle.paused_for == 0
        assert [r.status for r in fake.requests] == [429, 401]
        paused.cancel()
        with pytest.raises(asyncio.CancelledError):
            await paused


async def test_waiting_for_a_permit_does_not_eat_the_timeout(tc_fake: FakeTutorCruncher) -> None:
    slow = RateLimit(requests=1, per=1.0)  # one permit, then the next after ~2 s
    async with TutorCruncher(
        tc_fake.api_key,
        base_url=tc_fake.base_url,
        rate_limit=slow,
        timeout=0.3,
        retry=RetryPolicy(max_retries=0),
    ) as tc:
        started = time.monotonic()
        await asyncio.gather(*(tc.request("GET", "/clients/") for _ in range(2)))
        elapsed = time.monotonic() - started
    assert elapsed > 1.5, "the limiter made one wait well past the timeout"
    assert [r.status for r in tc_fake.requests] == [200, 200]


async def test_a_cancelled_waiter_sends_nothing(tc_fake: FakeTutorCruncher) -> None:
    slow = RateLimit(requests=1, per=60.0)  # the burst, then nothing for two minutes
    async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=slow) as tc:
        await tc.request("GET", "/clients/")  # takes the burst
        grants = Grants()
        token = permit_observer.set(grants)
        waiter = asyncio.create_task(tc.request("GET", "/clients/"))
        permit_observer.reset(token)
        await grants.started.wait()  # it is waiting for a permit
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
    assert len(tc_fake.requests) == 1, "the cancelled call was never sent"


@contextlib.contextmanager
def frozen_loop_clock(clock: FakeClock) -> Iterator[None]:
    """Run the event loop (aiolimiter's clock and every timer) on ``clock``."""
    loop = asyncio.get_running_loop()
    loop.time = clock  # type: ignore[method-assign]
    try:
        yield
    finally:
        del loop.time  # back to the class's own clock


async def settle() -> None:
    """Let every task that can run, run (no timer fires: the clock stands still)."""
    for _ in range(20):
        await asyncio.sleep(0)


async def test_a_cancelled_waiter_leaves_its_permit_to_the_next_caller() -> None:
    """On a clock that moves only when told: nothing here depends on the machine's speed."""
    limit = RateLimit(requests=2, per=1.0)  # a burst of 1, then one permit per interval
    assert limit.burst == 1
    interval = 1 / limit.drip_per_second
    throttle = CredentialThrottle(limit)
    clock = FakeClock(asyncio.get_running_loop().time())
    with frozen_loop_clock(clock):
        await throttle.acquire()  # the burst
        cancelled = asyncio.create_task(throttle.acquire())
        await settle()
        assert not cancelled.done(), "it waits for the next drip"
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled

        clock.advance(interval * 1.01)  # one interval: one permit has dripped
        await settle()  # a waiter still in line would take it now
        nxt = asyncio.create_task(throttle.acquire())
        await settle()
        assert nxt.done(), "the next caller got the permit the cancelled task never took"

        # The control: a permit that was taken is gone; the one after it needs an interval.
        after = asyncio.create_task(throttle.acquire())
        clock.advance(interval * 0.98)
        await settle()
        assert not after.done()
        clock.advance(interval * 0.03)
        await settle()
        assert after.done()


async def test_rate_limit_none_switches_limiting_off(tc_fake: FakeTutorCruncher) -> None:
    async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None) as tc:
        await asyncio.gather(*(tc.request("GET", "/clients/") for _ in range(150)))
        assert tc.rate_limit is None
        assert tc.rate_limit_wait == 0.0, "150 requests, more than any budget, never waited"
    assert [r.status for r in tc_fake.requests] == [200] * 150


async def test_tutorcruncher_defaults_to_its_published_limit() -> None:
    async with TutorCruncher("k" * 10) as tc:
        assert tc.rate_limit == RateLimit(requests=100, per=60)
        assert tc.base_url == "https://app.tutorcruncher.com/api"


async def test_clients_with_the_same_key_share_one_budget(tc_fake: FakeTutorCruncher) -> None:
    slow = RateLimit(requests=1, per=0.5)  # permits ~1 s apart
    async with SessionPool() as pool:
        a = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool, rate_limit=slow)
        b = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool, rate_limit=slow)
        started = time.monotonic()
        await a.request("GET", "/clients/")
        await b.request("GET", "/clients/")
        assert time.monotonic() - started > 0.8, "b waited for the permit a used"
