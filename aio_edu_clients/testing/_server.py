"""The vendor-agnostic fake: a real aiohttp.web server on a loopback ephemeral port.

Each request goes through one pipeline, in this order:

1. record it (``requests``), even if it is later refused, faulted or dropped;
2. ``latency``;
3. the next queued ``Fault`` that matches, if any (before auth, so a test can script
   "503, 503, then the real answer" without caring about credentials). A wire fault
   (``Fault.reset()``, ``Fault.drip()``...) takes the connection's transport over from
   aiohttp and writes raw bytes (``_wire``); those that mangle an answer (drip,
   close_mid_body, bad_gzip, lying_chunked) mangle the one steps 4 to 6 give;
4. the vendor's auth check (``credential``), answered with the vendor's 401 body;
5. the strict sliding-window rate limit, keyed on the credential: 429 + ``Retry-After``;
6. the vendor's handler.

Vendor subclasses add routes, credentials, error bodies and data.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Iterable
from email.utils import formatdate, parsedate_to_datetime
from typing import Any, ClassVar, Literal
from urllib.parse import urlencode

from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy, MultiDict, MultiDictProxy

from . import _wire
from ._faults import WIRE_KINDS, Fault
from ._loopback import LoopbackServer, RecordedRequest
from ._window import SlidingWindow

__all__ = ["FakeServer", "RecordedRequest", "RetryAfterFormat"]

RetryAfterFormat = Literal["seconds", "http-date"]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Sentence-case messages for error bodies the fake writes itself.
_REASONS = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    415: "Unsupported media type",
    422: "Unprocessable entity",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class _Dropped(web.Response):
    """Stands in for the answer on a connection a wire fault took over: aiohttp fails to
    send it quietly. ``sent`` is the status line the fault wrote, if it wrote one."""

    sent: int | None = None

    @classmethod
    def after(cls, sent: int | None) -> _Dropped:
        dropped = cls(status=599)
        dropped.sent = sent
        return dropped


class FakeServer(LoopbackServer):
    """Base of the vendor fakes: ``async with FakeX() as fake:``, then use ``fake.base_url``.

    ``latency`` and ``rate_limit`` are plain attributes: change them mid-test.
    """

    #: Path of the vendor's API root on this server; ``base_url`` is ``url`` + this.
    api_prefix: ClassVar[str] = ""

    def __init__(
        self,
        *,
        rate_limit: tuple[int, float] | None = None,
        latency: float = 0.0,
        retry_after: RetryAfterFormat = "seconds",
        host: str = "127.0.0.1",
    ) -> None:
        self.rate_limit = rate_limit
        self.latency = latency
        self.retry_after = retry_after
        super().__init__(host=host)
        self.rate_limited = 0
        self.max_in_flight = 0
        self._in_flight = 0
        self._window: SlidingWindow | None = None
        self._runner: web.AppRunner | None = None

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on an ephemeral port of ``host``."""
        if self._runner is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        app = web.Application(middlewares=[self._pipeline])
        self.setup_routes(app)
        # No access log: it would print tokens passed as query parameters.
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.25)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, 0).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def close(self) -> None:
        """Stop listening and close open connections. Safe to call twice."""
        runner, self._runner, self._port = self._runner, None, None
        if runner is not None:
            await runner.cleanup()

    @property
    def base_url(self) -> str:
        """The vendor API root, as a client's ``base_url``."""
        return self.url + self.api_prefix

    # -- steering from tests -------------------------------------------------------------

    def reset_requests(self) -> None:
        """Forget the recorded requests (and the in-flight high-water mark)."""
        super().reset_requests()
        self.max_in_flight = self._in_flight

    # -- vendor hooks --------------------------------------------------------------------

    def setup_routes(self, app: web.Application) -> None:
        """Register the vendor's routes on ``app.router``."""
        raise NotImplementedError

    def credential(self, request: web.Request) -> str | None:
        """The identity the rate limiter keys on, or None if unauthenticated."""
        raise NotImplementedError

    def is_public(self, request: web.Request) -> bool:
        """Whether ``request`` skips auth and the rate limit (e.g. an OAuth endpoint)."""
        return False

    def auth_error(self, request: web.Request) -> web.StreamResponse:
        """The answer to a request without valid credentials."""
        return self.error(401, self.reason(401))

    def error_body(self, status: int, message: str) -> Any:
        """The vendor's JSON error body."""
        return {"message": message}

    def rate_limit_body(self, wait: int) -> Any:
        """The vendor's JSON body for a 429; ``wait`` is the Retry-After in seconds."""
        return self.error_body(429, self.reason(429))

    def reason(self, status: int) -> str:
        """The message the vendor puts in its error body for ``status``."""
        return _REASONS.get(status, "Error")

    def observe(self, record: RecordedRequest) -> None:
        """Called with each request as it arrives, before anything else happens to it."""

    # -- helpers for vendor handlers -----------------------------------------------------

    def error(
        self, status: int, message: str, headers: dict[str, str] | None = None
    ) -> web.Response:
        """An error answer with the vendor's body."""
        return web.json_response(self.error_body(status, message), status=status, headers=headers)

    def absolute(
        self, request: web.Request | None, path: str, query: Iterable[tuple[str, str]] = ()
    ) -> str:
        """An absolute URL on this server, as vendors put in their next links. Built from
        ``url``, never from the request's Host header, so links are stable; ``request``
        is accepted for handlers written against DRF's ``build_absolute_uri``."""
        encoded = urlencode(list(query))
        return f"{self.url}{path}?{encoded}" if encoded else f"{self.url}{path}"

    # -- the pipeline --------------------------------------------------------------------

    @web.middleware
    async def _pipeline(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        arrived = time.monotonic()
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=MultiDictProxy(MultiDict(request.query)),
            headers=CIMultiDictProxy(CIMultiDict(request.headers)),
            body=await request.read(),
            time=arrived,
        )
        self.requests.append(record)
        self.observe(record)
        self._in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            response = await self._answer(request, handler)
        except web.HTTPException as exc:  # the router's 404/405, or a handler's raise
            if exc.status < 400:
                record.status = exc.status
                raise
            response = self._from_http_exception(exc)
        except Exception:
            record.status = 500
            raise
        finally:
            self._in_flight -= 1
        record.status = response.sent if isinstance(response, _Dropped) else response.status
        if (
            self.record_bodies
            and isinstance(response, web.Response)
            and not isinstance(response, _Dropped)
            and isinstance(response.body, bytes)
        ):
            record.response_body = response.body
        return response

    async def _answer(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.latency > 0:
            await asyncio.sleep(self.latency)
        fault = self._next_fault(request)
        if fault is not None:
            if fault.kind != "delay":
                return await self._apply(fault, request, handler)
            await asyncio.sleep(fault.seconds)
        return await self._respond(request, handler)

    async def _respond(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Steps 4 to 6: auth, rate limit, the vendor's handler."""
        if not self.is_public(request):
            key = self.credential(request)
            if key is None:
                return self.auth_error(request)
            refusal = self._throttle(key)
            if refusal is not None:
                return refusal
        return await handler(request)

    def _next_fault(self, request: web.Request) -> Fault | None:
        return self._take(request.method, request.path)

    def _throttle(self, key: str) -> web.Response | None:
        limit = self.rate_limit
        if limit is None:
            self._window = None
            return None
        window = self._window
        if window is None or (window.requests, window.per) != tuple(limit):
            window = self._window = SlidingWindow(*limit)
        wait = window.hit(key)
        if wait is None:
            return None
        self.rate_limited += 1
        seconds = max(1, math.ceil(wait))
        if self.retry_after == "http-date":
            header = formatdate(time.time() + seconds + 1, usegmt=True)
        else:
            header = str(seconds)
        return self._too_many(seconds, header)

    def _too_many(self, seconds: int, retry_after: str) -> web.Response:
        return web.json_response(
            self.rate_limit_body(seconds), status=429, headers={"Retry-After": retry_after}
        )

    def _from_http_exception(self, exc: web.HTTPException) -> web.Response:
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        return self.error(exc.status, self.reason(exc.status), headers)

    async def _apply(
        self, fault: Fault, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        headers = dict(fault.headers)
        if fault.kind in WIRE_KINDS:
            transport = request.transport
            if transport is None:  # the client has already gone
                return _Dropped.after(None)

            async def normal() -> _wire.Answer:
                try:
                    response = await self._respond(request, handler)
                except web.HTTPException as exc:
                    response = self._from_http_exception(exc) if exc.status >= 400 else exc
                return _as_answer(response)

            return _Dropped.after(await _wire.play(fault, _wire.Wire(transport), normal))
        if fault.kind == "rate_limited":
            return self._too_many(_seconds_until(fault.retry_after), fault.retry_after)
        if fault.kind == "status" and fault.payload is None:
            return self.error(fault.code, self.reason(fault.code), headers or None)
        merged = CIMultiDict({"Content-Type": fault.content_type})
        merged.update(headers)  # a test's own Content-Type wins
        return web.Response(status=fault.code, body=fault.payload or b"", headers=merged)


def _as_answer(response: web.StreamResponse) -> _wire.Answer:
    """A handler's answer as bytes a wire fault can mangle."""
    body = response.body if isinstance(response, web.Response) else False
    if not isinstance(body, bytes | None):
        raise TypeError(
            f"a wire fault cannot mangle a streamed {type(response).__name__}; "
            "give the fault a body= of its own"
        )
    return _wire.Answer(response.status, body or b"", tuple(response.headers.items()))


def _seconds_until(retry_after: str) -> int:
    """Whole seconds a ``Retry-After`` value asks for (seconds or an HTTP-date)."""
    if retry_after.strip().isdigit():
        return int(retry_after)
    try:
        when = parsedate_to_datetime(retry_after).timestamp()
    except (TypeError, ValueError):
        return 1
    return max(0, math.ceil(when - time.time()))
