"""Rate limits: every window holds, the budget is used, a 429 pauses the credential."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from aio_edu_clients import RateLimit, RetryPolicy, SessionPool, TutorCruncher, errors
from aio_edu_clients.core.ratelimit import JITTER_MARGIN
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .conftest import FAST_RETRY, eventually

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


async def sustained(fake: FakeTutorCruncher, tasks: int, seconds: float) -> list[float]:
    """Run ``tasks`` workers hammering one credential for ``seconds``; arrival times."""
    async with TutorCruncher(
        fake.api_key, base_url=fake.base_url, rate_limit=BUDGET, retry=RetryPolicy(max_retries=0)
    ) as tc:
        deadline = time.monotonic() + seconds

        async def worker() -> None:
            while time.monotonic() < deadline:
                await tc.request("GET", "/clients/")

        await asyncio.gather(*(worker() for _ in range(tasks)))
    return [r.time for r in fake.requests]


@pytest.mark.parametrize("tasks", [1, 20])
async def test_strict_sliding_window_never_answers_429_and_budget_is_used(tasks: int) -> None:
    async with FakeTutorCruncher(clients=5, rate_limit=(BUDGET.requests, BUDGET.per)) as fake:
        times = await sustained(fake, tasks, seconds=6.0)
    assert fake.rate_limited == 0
    assert max_in_window(times, BUDGET.per) <= BUDGET.requests
    span = max(times) - min(times)
    used = len(times) / (BUDGET.requests * (span + BUDGET.per / BUDGET.requests) / BUDGET.per)
    assert used >= 0.95, f"only {used:.1%} of the budget used"


def test_the_bucket_fits_the_window() -> None:
    for limit in (RateLimit(100, 60), RateLimit(10, 1), RateLimit(5000, 3600), RateLimit(1, 5)):
        assert limit.burst >= 1
        jittered_window = limit.per * (1 + JITTER_MARGIN)
        assert limit.burst + math.floor(limit.drip_per_second * jittered_window) <= limit.requests
    tc = RateLimit(100, 60)
    assert tc.burst == 3
    assert 0.95 <= tc.drip_per_second * 60 / 100 < 1


async def test_a_429_pauses_every_caller_of_the_credential(tc_fake: FakeTutorCruncher) -> None:
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=RateLimit(1000, 1), retry=FAST_RETRY
    ) as tc:
        tc_fake.script(Fault.rate_limited(retry_after=1))
        first = asyncio.create_task(tc.request("GET", "/clients/"))
        await eventually(lambda: bool(tc_fake.requests))
        await asyncio.sleep(0.05)  # the 429 has been answered: the credential is paused
        others = [asyncio.create_task(tc.request("GET", "/clients/")) for _ in range(5)]
        await asyncio.gather(first, *others)
    refused = tc_fake.requests[0]
    assert refused.status == 429
    after = [r.time - refused.time for r in tc_fake.requests[1:]]
    assert len(after) == 6
    assert min(after) >= 0.95, "nobody sent during the Retry-After pause"


async def test_other_credentials_are_not_paused() -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake, SessionPool() as pool:
        a = TutorCruncher(fake.api_key, base_url=fake.base_url, pool=pool, retry=FAST_RETRY)
        b = TutorCruncher(
            "another-key", base_url=fake.base_url, pool=pool, retry=RetryPolicy(max_retries=0)
        )
        fake.script(Fault.rate_limited(retry_after=2))
        paused = asyncio.create_task(a.request("GET", "/clients/"))
        await eventually(lambda: bool(fake.requests))
        started = time.monotonic()
        with pytest.raises(errors.AuthenticationError):  # b's key is unknown to the fake
            await b.request("GET", "/clients/")
        assert time.monotonic() - started < 1
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


async def test_a_cancelled_waiter_takes_no_permit(tc_fake: FakeTutorCruncher) -> None:
    slow = RateLimit(requests=2, per=1.0)
    async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=slow) as tc:
        started = time.monotonic()
        await tc.request("GET", "/clients/")  # takes the burst
        waiter = asyncio.create_task(tc.request("GET", "/clients/"))
        await asyncio.sleep(0.2)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        await tc.request("GET", "/clients/")  # gets the permit the cancelled task never took
        elapsed = time.monotonic() - started
    assert len(tc_fake.requests) == 2
    assert elapsed < 1.7, (
        f"the next caller waited {elapsed:.2f}s: a permit was lost to the cancelled task"
    )


async def test_rate_limit_none_switches_limiting_off(tc_fake: FakeTutorCruncher) -> None:
    async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None) as tc:
        started = time.monotonic()
        await asyncio.gather(*(tc.request("GET", "/clients/") for _ in range(150)))
        assert tc.rate_limit is None
    assert len(tc_fake.requests) == 150
    assert time.monotonic() - started < 10


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
