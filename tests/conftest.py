"""Fixtures: the loopback fakes, and clients pointed at them with fast retries."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import time
import types
from collections.abc import AsyncIterator, Callable

import pytest

from aio_edu_clients import Eduframe, RetryPolicy, TidyClub, TutorCruncher
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher

# Real policy, but waits in milliseconds so fault tests run fast.
FAST_RETRY = RetryPolicy(max_retries=3, backoff=0.01, backoff_cap=0.05, max_retry_after=2.0)


@pytest.fixture
async def tc_fake() -> AsyncIterator[FakeTutorCruncher]:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        yield fake


@pytest.fixture
async def ef_fake() -> AsyncIterator[FakeEduframe]:
    async with FakeEduframe() as fake:
        yield fake


@pytest.fixture
async def tidy_fake() -> AsyncIterator[FakeTidyClub]:
    async with FakeTidyClub() as fake:
        yield fake


@pytest.fixture
async def tc(tc_fake: FakeTutorCruncher) -> AsyncIterator[TutorCruncher]:
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=None, retry=FAST_RETRY
    ) as client:
        yield client


@pytest.fixture
async def ef(ef_fake: FakeEduframe) -> AsyncIterator[Eduframe]:
    async with Eduframe(
        ef_fake.api_key, base_url=ef_fake.base_url, rate_limit=None, retry=FAST_RETRY
    ) as client:
        yield client


async def tidy_login(fake: FakeTidyClub, **options: object) -> TidyClub:
    """A password-grant login against ``fake``; options go to the client."""
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("rate_limit", None)
    return await TidyClub.login(**fake.login_options(), **options)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def tidy_with_token(contacts: int) -> AsyncIterator[tuple[TidyClub, FakeTidyClub]]:
    """A seeded `FakeTidyClub` and a client holding one of its access tokens."""
    async with (
        FakeTidyClub(contacts=contacts) as fake,
        TidyClub(
            access_token=fake.access_token,
            base_url=fake.base_url,
            rate_limit=None,
            retry=FAST_RETRY,
        ) as tidy,
    ):
        yield tidy, fake


@pytest.fixture
async def tidy(tidy_fake: FakeTidyClub) -> AsyncIterator[TidyClub]:
    client = await tidy_login(tidy_fake)
    async with client:
        yield client


async def eventually(condition: Callable[[], bool], within: float = 5.0) -> None:
    """Wait (polling) until ``condition()`` holds, e.g. until a fake has seen a request."""
    for _ in range(int(within / 0.005)):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition never became true")


class FakeClock:
    """A ``time.monotonic`` that moves only when the test says so."""

    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fakes_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Put the fakes' rate-limit windows and token expiry on a clock the test moves.

    Only the clock of those two modules is replaced (their ``time`` name, not the
    ``time`` module): request timestamps, Retry-After dates and every timer keep real
    time. A test then says "these requests came within one window" or "a second
    passed" without depending on how fast the machine is.
    """
    clock = FakeClock()
    shim = types.SimpleNamespace(
        **{name: getattr(time, name) for name in dir(time) if not name.startswith("_")}
    )
    shim.monotonic = clock
    for name in ("aio_edu_clients.testing._window", "aio_edu_clients.testing.tidyclub"):
        monkeypatch.setattr(importlib.import_module(name), "time", shim)
    return clock
