"""One rate budget for every process and host: a sliding-window log in Redis.

Why this design: the guarantee users need is the local limiter's — no window of
``per`` seconds ever holds more than ``requests`` — across processes. Token buckets
(``pyrate-limiter``'s buckets, ``limits``' fixed and moving windows with their
separate check-then-hit) either admit a burst that a vendor counting a strict sliding
window refuses, or leave a gap between checking and taking in which two workers both
take the last permit. A sorted set of permit times per credential, pruned, counted and
added to in one Lua script, is exact: Redis runs the script atomically, so the last
permit goes to exactly one worker, and the script reads Redis' own clock (``TIME``),
so hosts with skewed clocks agree. redis-py's asyncio client runs the script; no
further limiter library is needed, and none we know gives this guarantee.

The window the script enforces is ``per`` plus 1 % (at least 100 ms), so a request
that reaches the vendor a little after its permit still fits its window. A
429 seen by any process sets a ``pause`` key that every process checks before taking
a permit; the process that saw it pauses at once, without waiting for Redis.

Keys hold no credential in clear: ``aio-edu:<vendor>:<sha256(vendor, credential)>``.
Redis ≥ 5 (scripts that read ``TIME`` before writing need effect replication).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import weakref
from typing import Any, Final

from ..errors import SharedLimiterUnavailable
from .ratelimit import JITTER_MARGIN, CredentialThrottle, RateLimit
from .redact import redact_url

try:  # the optional extra; this module is imported only when a RateLimit is shared
    from redis.asyncio import Redis
    from redis.exceptions import RedisError
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "RateLimit(shared=...) needs redis-py: pip install 'aio-edu-clients[redis]'"
    ) from exc

log = logging.getLogger("aio_edu_clients")

#: The least slack (seconds) added to the shared window. A permit is taken before its
#: request opens a connection and crosses the network, from whichever host; a request
#: that starts a window may reach the vendor later than one that ends it. 1 % of a
#: minute covers that; for short windows this floor does.
MIN_MARGIN: Final = 0.1

#: After Redis failed, how long the local fallback serves before Redis is tried again.
RETRY_REDIS_AFTER: Final = 5.0

# KEYS[1] window (sorted set of permit times, some reserved ahead), KEYS[2] pause;
# ARGV: limit, window ms, a unique member. Reserves the earliest instant at which one
# more permit keeps every window within the limit; returns the milliseconds until it,
# or -(ms) without reserving while the credential is paused.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return -paused end
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local at = now
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local nth = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  at = math.max(at, tonumber(nth[2]) + window)
end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] then at = math.max(at, tonumber(last[2])) end
redis.call('ZADD', KEYS[1], at, ARGV[3])
redis.call('PEXPIRE', KEYS[1], at - now + window)
return at - now
"""

# KEYS[1] pause; ARGV[1] milliseconds. Only ever lengthens a pause.
_PAUSE = """
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 0
"""

# One Redis client (one connection pool) per event loop and URL, however many
# credentials use it: a backend with a thousand tenants opens a handful of connections.
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)


def _redis_for(url: str) -> Any:
    per_loop = _clients.setdefault(asyncio.get_running_loop(), {})
    client = per_loop.get(url)
    if client is None:
        client = per_loop[url] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    return client


class RedisThrottle:
    """The gate of one credential shared across processes: pause, then a permit."""

    def __init__(self, rate_limit: RateLimit, key: str) -> None:
        assert rate_limit.shared is not None
        self.rate_limit = rate_limit
        self._url = rate_limit.shared
        self._window_key = f"{key}:window"
        self._pause_key = f"{key}:pause"
        margin = max(rate_limit.per * JITTER_MARGIN, MIN_MARGIN)
        self._window_ms = round((rate_limit.per + margin) * 1000)
        self._redis = _redis_for(self._url)
        self._reserve = self._redis.register_script(_RESERVE)
        self._pause = self._redis.register_script(_PAUSE)
        self._fallback: CredentialThrottle | None = None
        self._redis_down_until = 0.0
        self._paused_until = 0.0
        self.waited = 0.0

    async def acquire(self) -> None:
        """Wait out any pause, reserve the next free instant in the shared window, wait for it.

        Reserving (rather than polling until a permit frees) serves processes in the
        order they asked, costs one round trip per permit, and wakes no herd. A task
        cancelled before its instant gives the reservation back.
        """
        started = time.monotonic()
        while True:
            delay = self.paused_for
            if delay > 0:
                await asyncio.sleep(delay)
                continue
            if time.monotonic() < self._redis_down_until:
                await self._local(None)
                break
            member = uuid.uuid4().hex
            try:
                wait_ms = int(
                    await self._reserve(
                        keys=[self._window_key, self._pause_key],
                        args=[self.rate_limit.requests, self._window_ms, member],
                    )
                )
            except (RedisError, OSError) as exc:
                await self._local(exc)
                break
            if wait_ms < 0:  # another process saw a 429
                self._paused_until = max(self._paused_until, time.monotonic() - wait_ms / 1000)
                continue
            if wait_ms == 0:
                break
            try:
                await asyncio.sleep(wait_ms / 1000)
            except asyncio.CancelledError:
                self._give_back(member)
                raise
            if await self._still_paused(member):
                continue
            break
        waited = time.monotonic() - started
        if waited > 0.001:
            self.waited += waited
            log.debug("waited %.3fs for a shared rate permit", waited)

    async def _still_paused(self, member: str) -> bool:
        """After a wait, has a 429 anywhere paused the credential? Then give the slot back."""
        try:
            pause_ms = int(await self._redis.pttl(self._pause_key))
        except (RedisError, OSError):
            return False  # the reservation stands; the next acquire meets the outage
        if pause_ms <= 0 and self.paused_for <= 0:
            return False
        self._paused_until = max(self._paused_until, time.monotonic() + pause_ms / 1000)
        self._give_back(member)
        return True

    def _give_back(self, member: str) -> None:
        """Drop an unused reservation: fewer permits in a window never breaks the limit."""
        task = asyncio.ensure_future(self._redis.zrem(self._window_key, member))
        task.add_done_callback(_log_failure)

    async def _local(self, exc: BaseException | None) -> None:
        """Redis failed (``exc``) or recently failed: the error, or the local fallback."""
        if exc is not None:
            if self.rate_limit.on_unreachable != "local":
                raise SharedLimiterUnavailable(
                    f"the shared rate limit's Redis at {redact_url(self._url)} is unreachable "
                    f"({type(exc).__name__}); pass RateLimit(..., on_unreachable='local') "
                    "to fall back to a per-process limit"
                ) from None
            log.warning(
                "shared rate limit unreachable (%s): using a per-process limit for %.0fs",
                type(exc).__name__,
                RETRY_REDIS_AFTER,
            )
            self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER
        if self._fallback is None:
            self._fallback = CredentialThrottle(self.rate_limit)
        await self._fallback.acquire()

    def pause(self, seconds: float) -> None:
        """Pause every process using this credential: here at once, elsewhere via Redis."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)
        if self._fallback is not None:
            self._fallback.pause(seconds)
        task = asyncio.ensure_future(
            self._pause(keys=[self._pause_key], args=[max(1, round(seconds * 1000))])
        )
        task.add_done_callback(_log_failure)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - time.monotonic())

    async def release(self) -> None:
        """Close idle Redis connections; a throttle still in use reconnects on demand."""
        await self._redis.connection_pool.disconnect(inuse_connections=False)


def _log_failure(task: asyncio.Future[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning(
            "could not update the shared rate limit in Redis (%s)", type(task.exception()).__name__
        )
