"""What every loopback test server shares: its lifecycle and URL, the requests it
recorded, and the script of faults a test queued for it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Self

from multidict import CIMultiDictProxy, MultiDictProxy

from ..core.lifecycle import AsyncCloseable
from ._faults import Fault

__all__ = ["LoopbackServer", "RecordedRequest"]


@dataclass(slots=True)
class RecordedRequest:
    """One request as the fake received it. ``status`` is filled in once it is answered
    (``None`` if the connection was dropped instead). ``response_body`` is the body of
    the answer, kept only while the server's ``record_bodies`` is on (``None`` otherwise,
    and for an answer a wire fault took over)."""

    method: str
    path: str
    query: MultiDictProxy[str]
    headers: CIMultiDictProxy[str]
    body: bytes
    time: float
    status: int | None = None
    response_body: bytes | None = None

    @property
    def params(self) -> dict[str, str]:
        """The query as a dict (first value of a repeated parameter)."""
        out: dict[str, str] = {}
        for key, value in self.query.items():
            out.setdefault(key, value)
        return out

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass(slots=True)
class _Scripted:
    fault: Fault
    method: str | None
    path: str | None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or path.startswith(self.path)
        )


class LoopbackServer(AsyncCloseable):
    """A server on ``host`` and an ephemeral port; subclasses say how to start and stop.

    ``async with`` starts it and closes it; ``requests`` records what arrived, and
    ``script`` queues faults that later requests consume in order.

    ``record_bodies`` (off by default, because a large export would otherwise keep
    every page it served in memory): when on, each request's record also keeps the
    body it was answered with, as ``response_body``.
    """

    record_bodies: bool = False

    def __init__(self, *, host: str) -> None:
        self.host = host
        self.requests: list[RecordedRequest] = []
        self._script: list[_Scripted] = []
        self._port: int | None = None

    async def start(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    async def aclose(self) -> None:
        """`close`, for `contextlib.aclosing` and friends."""
        await self.close()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the server root, no trailing slash."""
        if self._port is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"

    # -- steering from tests -------------------------------------------------------------

    def script(self, *faults: Fault, method: str | None = None, path: str | None = None) -> None:
        """Queue ``faults``: each later request whose method is ``method`` (any if None)
        and whose path starts with ``path`` (any if None) consumes the next one, in order,
        instead of being handled normally."""
        wanted = method.upper() if method else None
        self._script.extend(_Scripted(fault, wanted, path) for fault in faults)

    @property
    def pending_faults(self) -> int:
        """How many scripted faults no request has consumed yet."""
        return len(self._script)

    def reset_requests(self) -> None:
        """Forget the recorded requests."""
        self.requests.clear()

    def _take(self, method: str, path: str) -> Fault | None:
        """Remove and return the first scripted fault that matches the request, if any."""
        for i, scripted in enumerate(self._script):
            if scripted.matches(method, path):
                del self._script[i]
                return scripted.fault
        return None
