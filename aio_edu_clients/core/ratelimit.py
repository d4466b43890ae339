"""Client-side rate limiting: one budget per (vendor, credential), on aiolimiter.

Why not ``AsyncLimiter(100, 60)``: a leaky bucket of capacity C that drains at r per
second admits up to C + r·W requests in any window of W seconds. With C = 100 and
r = 100/60 that is ~199 in the first minute, and a vendor that counts a sliding
60-second window refuses the 101st. We keep aiolimiter's bucket but size it so that
C + floor(r·W) stays within the budget: a small burst (3 % of it, at least one) and a
drip of the rest, spread over the window plus a 1 % margin for network jitter (a
permit is taken a little before the request reaches the server). For 100/60 s that is
a burst of 3 and 1.61 requests a second: 99 permits in any 60 s, 100 in any 60.6 s,
and ~96.5 % of the budget used in a sustained run.

A 429 pauses the whole credential, not only the caller that got it: every task
sharing the budget waits out ``Retry-After`` before taking its next permit.

Budgets are shared by every client in the process that uses the same vendor and
credential (the vendor counts per key, not per client object), and keyed per event
loop because aiolimiter's waiters belong to one loop. Keys are hashes: the registry
never holds a credential in clear.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import time
import weakref
from contextvars import ContextVar
from typing import Final, Literal, Protocol

import attrs
from aiolimiter import AsyncLimiter

log = logging.getLogger("aio_edu_clients")

BURST_SHARE: Final = 0.03
JITTER_MARGIN: Final = 0.01


def _redis_url(instance: object, attribute: object, value: str | None) -> None:
    if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("RateLimit(shared=...) takes a redis://, rediss:// or unix:// URL")


@attrs.frozen
class RateLimit:
    """At most ``requests`` in every window of ``per`` seconds, for one credential.

    ``shared="redis://host:port/db"`` keeps that one budget in Redis for every process
    and host that uses it (extra ``aio-edu-clients[redis]``; see `shared_limit`). If
    Redis cannot be reached, calls fail with `SharedLimiterUnavailable`, unless
    ``on_unreachable="local"``, which falls back to this process's own limiter.
    """

    requests: int = attrs.field(validator=attrs.validators.gt(0))
    per: float = attrs.field(validator=attrs.validators.gt(0))
    shared: str | None = attrs.field(default=None, repr=False, validator=_redis_url)
    on_unreachable: Literal["error", "local"] = attrs.field(
        default="error", validator=attrs.validators.in_(("error", "local"))
    )

    @property
    def burst(self) -> int:
        """Requests admitted at once from idle; the rest drips."""
        return max(1, min(self.requests, math.floor(self.requests * BURST_SHARE)))

    @property
    def drip_per_second(self) -> float:
        """Sustained permits per second, so burst + drip over a window fits the budget.

        After the burst, permits come every 1/r seconds, so a window of W seconds holds
        at most ``burst + floor(r * W)``. With r = (requests - burst + 0.5) / (per * 1.01)
        even a window of ``per`` plus 1 % jitter holds ``burst + (requests - burst)``.
        """
        return (self.requests - self.burst + 0.5) / (self.per * (1 + JITTER_MARGIN))


class CredentialThrottle:
    """The shared gate of one credential: the 429 pause, then a permit (if limited)."""

    def __init__(self, rate_limit: RateLimit | None) -> None:
        self.rate_limit = rate_limit
        self._bucket: AsyncLimiter | None = None
        if rate_limit is not None:
            burst = rate_limit.burst
            # aiolimiter drains max_rate per time_period; choose the period that gives our drip.
            self._bucket = AsyncLimiter(burst, burst / rate_limit.drip_per_second)
        self._paused_until = 0.0
        self.waited = 0.0  # seconds callers spent waiting here, for progress and benchmarks

    def pause(self, seconds: float) -> None:
        """Hold every caller of this credential for ``seconds`` (a 429's Retry-After)."""
        until = time.monotonic() + seconds
        if until > self._paused_until:
            self._paused_until = until
            log.debug("rate limited: pausing this credential for %.2fs", seconds)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - time.monotonic())

    async def acquire(self) -> None:
        """Wait out any pause, then take a permit.

        Cancellation while waiting takes nothing: aiolimiter only adds to the bucket once
        the permit is granted, and a pause holds no resource.
        """
        started = time.monotonic()
        while True:
            delay = self.paused_for
            if delay > 0:
                await asyncio.sleep(delay)
                continue
            if self._bucket is not None:
                await self._bucket.acquire()
            # A 429 may have paused the credential while we waited for the bucket.
            if self.paused_for <= 0:
                break
        waited = time.monotonic() - started
        if waited > 0.001:
            self.waited += waited
            log.debug("waited %.3fs for a rate permit", waited)

    async def release(self) -> None:
        """Nothing to release: the bucket lives in this process's memory."""


class Throttle(Protocol):
    """What the transport needs of a credential's gate, local or shared."""

    waited: float

    async def acquire(self) -> None: ...

    def pause(self, seconds: float) -> None: ...

    @property
    def paused_for(self) -> float: ...

    async def release(self) -> None:
        """Let go of outside resources (connections) when a client closes."""


class PermitObserver(Protocol):
    """Hears how long the rate permits of the tasks in one context took.

    Set it with `permit_observer` for a task (tasks it starts inherit it): a bulk
    export attributes waits to each resource this way, while the credential's gate is
    shared by them all.
    """

    def waiting(self) -> None:
        """A request of this context starts waiting for its permit."""

    def granted(self, waited: float) -> None:
        """It got the permit (or gave up, cancelled) after ``waited`` seconds."""


permit_observer: ContextVar[PermitObserver | None] = ContextVar(
    "aio_edu_permit_observer", default=None
)


async def acquire_observed(throttle: Throttle) -> None:
    """``throttle.acquire()``, told to the context's `PermitObserver` if there is one."""
    observer = permit_observer.get()
    if observer is None:
        await throttle.acquire()
        return
    started = time.monotonic()
    observer.waiting()
    try:
        await throttle.acquire()
    finally:
        observer.granted(time.monotonic() - started)


_Key = tuple[str, str, RateLimit | None]
_registry: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, weakref.WeakValueDictionary[_Key, Throttle]
] = weakref.WeakKeyDictionary()


def credential_fingerprint(vendor: str, credential: str) -> str:
    """A stable, non-reversible name for a credential (for keys, never for display)."""
    return hashlib.sha256(f"{vendor}\x00{credential}".encode()).hexdigest()


def throttle_for(vendor: str, credential: str, rate_limit: RateLimit | None) -> Throttle:
    """The throttle shared by every client of this loop with the same vendor and credential."""
    loop = asyncio.get_running_loop()
    per_loop = _registry.get(loop)
    if per_loop is None:
        per_loop = _registry[loop] = weakref.WeakValueDictionary()
    key = (vendor, credential_fingerprint(vendor, credential), rate_limit)
    throttle = per_loop.get(key)
    if throttle is None:
        if rate_limit is not None and rate_limit.shared:
            from .shared_limit import RedisThrottle

            throttle = RedisThrottle(rate_limit, f"aio-edu:{vendor.lower()}:{key[1]}")
        else:
            throttle = CredentialThrottle(rate_limit)
        per_loop[key] = throttle
    return throttle
