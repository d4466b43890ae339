"""The vendor-agnostic fake: a real aiohttp.web server on loopback.

Every request is recorded, then: optional latency → the next scripted fault, if
one matches → the vendor's auth check → a strict sliding-window rate limit (429 with
``Retry-After`` and the vendor's body) → the vendor's handler. Vendors subclass it
with their routes, auth, error bodies and data.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any, Literal, Self

from aiohttp import web
from multidict import CIMultiDict, MultiDict, MultiDictProxy

from ..core.lifecycle import AsyncCloseable
from ._faults import Fault
from ._window import SlidingWindow

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class RecordedRequest:
    """One request as the fake received it, and the status it answered."""

    method: str
    path: str
    query: MultiDictProxy[str]
    headers: CIMultiDict[str]
    body: bytes
    time: float
    status: int | None = None

    @property
    def params(self) -> dict[str, str]:
        return dict(self.query)


@dataclass
class _Scripted:
    fault: Fault
    method: str | None
    path: str | None


@dataclass
class _Stats:
    in_flight: int = 0
    max_in_flight: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class FakeServer(AsyncCloseable):
    """Base of the vendor fakes. ``async with FakeX() as fake:`` then use ``fake.base_url``."""

    api_prefix = ""

    def __init__(
        self,
        *,
        rate_limit: tuple[int, float] | None = None,
        latency: float = 0.0,
        retry_after: Literal["seconds", "http-date"] = "seconds",
        host: str = "127.0.0.1",
    ) -> None:
        self.rate_limit = rate_limit
        self.latency = latency
        self.retry_after_format = retry_after
        self.host = host
        self.requests: list[RecordedRequest] = []
        self.rate_limited = 0
        self.stats = _Stats()
        self._script: deque[_Scripted] = deque()
        self._window: SlidingWindow | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(middlewares=[self._middleware], client_max_size=10 * 2**20)
        self.setup_routes(app)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def aclose(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    @property
    def url(self) -> str:
        if self._port is None:
            raise RuntimeError("the fake server is not started")
        return f"http://{self.host}:{self._port}"

    @property
    def base_url(self) -> str:
        return self.url + self.api_prefix

    # -- what tests steer ----------------------------------------------------------------

    def script(self, *faults: Fault, method: str | None = None, path: str | None = None) -> None:
        """Answer the next matching requests with ``faults``, one each, in order."""
        for fault in faults:
            self._script.append(_Scripted(fault, method.upper() if method else None, path))

    def reset_requests(self) -> None:
        self.requests.clear()

    # -- what vendors provide ------------------------------------------------------------

    def setup_routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def credential(self, request: web.Request) -> str | None:
        """Who is calling (the rate-limit key), or None if not authenticated."""
        raise NotImplementedError

    def error_body(self, status: int, message: str) -> dict[str, Any]:
        return {"message": message}

    def auth_error(self, request: web.Request) -> web.Response:
        return self.error(401, "Unauthorized")

    def rate_limit_message(self, wait: int) -> str:
        return f"Too many requests. Retry in {wait} seconds."

    # -- helpers for vendor handlers -----------------------------------------------------

    def error(
        self, status: int, message: str, headers: dict[str, str] | None = None
    ) -> web.Response:
        return web.json_response(self.error_body(status, message), status=status, headers=headers)

    def absolute(self, request: web.Request, path: str, params: list[tuple[str, str]]) -> str:
        """An absolute URL on this server, as vendors put in next links."""
        from urllib.parse import urlencode

        query = urlencode(params)
        return f"{self.url}{path}" + (f"?{query}" if query else "")

    @staticmethod
    async def json_body(request: web.Request) -> Any:
        try:
            return json.loads(await request.read() or b"null")
        except ValueError:
            return ...

    # -- the pipeline --------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=MultiDictProxy(MultiDict(request.query)),
            headers=CIMultiDict(request.headers),
            body=await request.read(),
            time=time.monotonic(),
        )
        self.requests.append(record)
        self.stats.in_flight += 1
        self.stats.max_in_flight = max(self.stats.max_in_flight, self.stats.in_flight)
        try:
            response = await self._answer(request, handler)
        except web.HTTPException as exc:
            record.status = exc.status
            raise
        finally:
            self.stats.in_flight -= 1
        record.status = response.status
        return response

    async def _answer(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.latency:
            await asyncio.sleep(self.latency)
        fault = self._take_fault(request)
        if fault is not None:
            answer = await self._apply(fault, request)
            if answer is not None:
                return answer
        if self.credential(request) is None:
            return self.auth_error(request)
        refusal = self._throttle(request)
        if refusal is not None:
            return refusal
        return await handler(request)

    def _take_fault(self, request: web.Request) -> Fault | None:
        for scripted in self._script:
            if scripted.method not in (None, request.method):
                continue
            if scripted.path is not None and not request.path.startswith(scripted.path):
                continue
            self._script.remove(scripted)
            return scripted.fault
        return None

    def _throttle(self, request: web.Request) -> web.Response | None:
        if self.rate_limit is None:
            self._window = None
            return None
        requests, per = self.rate_limit
        if self._window is None or (self._window.requests, self._window.per) != (requests, per):
            self._window = SlidingWindow(requests, per)
        wait = self._window.hit(self.credential(request) or "")
        if wait is None:
            return None
        self.rate_limited += 1
        seconds = max(1, math.ceil(wait))
        return self.error(
            429, self.rate_limit_message(seconds), {"Retry-After": self._retry_after(seconds)}
        )

    def _retry_after(self, seconds: int) -> str:
        if self.retry_after_format == "http-date":
            return formatdate(time.time() + seconds + 1, usegmt=True)
        return str(seconds)

    async def _apply(self, fault: Fault, request: web.Request) -> web.StreamResponse | None:
        kind = fault.kind
        if kind == "delay":
            await asyncio.sleep(fault.seconds)
            return None
        if kind == "drop":
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError  # nothing may be written on an aborted connection
        if kind == "truncated":
            response = web.StreamResponse(status=200, headers={"Content-Type": "application/json"})
            body = fault.payload or b""
            response.content_length = len(body) + 500
            await response.prepare(request)
            await response.write(body)
            if request.transport is not None:
                request.transport.close()
            return response
        if kind == "rate_limited":
            wait = fault.headers.get("Retry-After", "1")
            seconds = int(wait) if wait.isdigit() else 1
            return self.error(429, self.rate_limit_message(seconds), dict(fault.headers))
        if kind == "status" and fault.payload is None:
            return self.error(
                fault.code, _REASONS.get(fault.code, "Error"), dict(fault.headers) or None
            )
        return web.Response(
            status=fault.code,
            body=fault.payload or b"",
            headers={"Content-Type": fault.content_type, **fault.headers},
        )


_REASONS = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    422: "Unprocessable entity",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}
