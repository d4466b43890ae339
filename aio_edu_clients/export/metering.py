"""How long each resource of an export waited for rate permits.

The client already counts the wait of its whole credential (`BaseClient.rate_limit_wait`),
but an export runs several resources at once on that one credential, and the progress
shows the wait per resource. So for the length of an export the credential's gate is
wrapped: each permit's wait is added to the `WaitMeter` of the task that asked for it
(a context variable, which the pager's own fan-out tasks inherit). The wrapper only
times and delegates; the limiter itself is untouched, and it is unwrapped afterwards.
If a future transport no longer exposes its gate this way, the figures stay at zero
and the export runs the same.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import attrs

from ..core.client import BaseClient


@attrs.define
class WaitMeter:
    """Seconds spent waiting for permits by the tasks running under it."""

    waited: float = 0.0


@attrs.define
class WaitClock:
    """Wall-clock seconds during which at least one request waited for a permit.

    Waits of concurrent resources overlap; summing them would overstate how long the
    export was held back, so the export as a whole reports this instead.
    """

    seconds: float = 0.0
    _waiting: int = 0
    _since: float = 0.0

    def enter(self) -> None:
        if self._waiting == 0:
            self._since = time.monotonic()
        self._waiting += 1

    def leave(self) -> None:
        self._waiting -= 1
        if self._waiting == 0:
            self.seconds += time.monotonic() - self._since


current_meter: ContextVar[WaitMeter | None] = ContextVar("aio_edu_wait_meter", default=None)


class _MeteredGate:
    """Delegates to the credential's gate, timing each `acquire` for the current meter."""

    def __init__(self, inner: Any, clock: WaitClock) -> None:
        self._inner = inner
        self._clock = clock

    @property
    def waited(self) -> float:
        return float(self._inner.waited)

    @waited.setter
    def waited(self, value: float) -> None:
        self._inner.waited = value

    @property
    def paused_for(self) -> float:
        return float(self._inner.paused_for)

    def pause(self, seconds: float) -> None:
        self._inner.pause(seconds)

    async def acquire(self) -> None:
        started = time.monotonic()
        self._clock.enter()
        try:
            await self._inner.acquire()
        finally:
            self._clock.leave()
            meter = current_meter.get()
            if meter is not None:
                meter.waited += time.monotonic() - started

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextlib.contextmanager
def metered(client: BaseClient) -> Iterator[WaitClock]:
    """Attribute ``client``'s permit waits to `current_meter` while the block runs, and
    clock the time any of them waited.

    Call it inside the running loop: the credential's gate belongs to the loop.
    """
    clock = WaitClock()
    transport: Any = getattr(client, "_transport", None)
    if transport is None or not hasattr(transport, "_throttle"):
        yield clock
        return
    inner = transport.throttle
    transport._throttle = _MeteredGate(inner, clock)
    try:
        yield clock
    finally:
        transport._throttle = inner
