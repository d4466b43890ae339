"""``FaultServer``: a raw-socket HTTP/1.1 server that breaks HTTP on cue, for any client.

The vendor fakes answer like a vendor; this answers like a broken network. It is built
on ``asyncio.start_server``, not aiohttp.web, because the failures worth testing (a
reset before the status line, a lying chunk size, a trickle of bytes) are exactly what
an HTTP server library refuses to produce. It has no routes, auth or data: each request
gets the next scripted ``Fault`` or, when the script is empty, ``default``::

    async with FaultServer(default=Fault.body(200, b'{"id": 1}')) as server:
        server.script(Fault.reset(), Fault.lying_chunked())
        async with TutorCruncher("key", base_url=server.base_url, rate_limit=None) as tc:
            ...  # two broken answers, then {"id": 1} for every later request
        assert [r.path for r in server.requests] == ...

HTTP faults (``status``, ``body``, ``rate_limited``, ``html``, ``malformed_json``) are
written as HTTP/1.1 and keep the connection alive; ``delay`` waits, then answers with
``default``; wire faults close the connection when done. Those that mangle an answer
(``drip``, ``close_mid_body``, ``bad_gzip``, ``lying_chunked``) mangle ``default`` unless
given a ``body``; when ``default`` is itself a wire fault they mangle ``200 {}``.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import suppress
from http import HTTPStatus

from multidict import CIMultiDict, CIMultiDictProxy, MultiDictProxy
from yarl import URL

from . import _wire
from ._faults import WIRE_KINDS, Fault
from ._loopback import LoopbackServer, RecordedRequest

__all__ = ["FaultServer"]

#: What answers when nothing is scripted and no ``default`` was given.
DEFAULT = Fault.body(200, b"{}")

#: What a mangling fault mangles when ``default`` gives no answer to mangle.
_EMPTY = _wire.Answer(200, b"{}", (("Content-Type", "application/json"),))

#: The longest request head read; a longer one is refused, as a real server would.
_HEAD_LIMIT = 64 * 1024


class _BadRequest(Exception):
    """The client sent something that is not an HTTP/1.1 request."""


class FaultServer(LoopbackServer):
    """``async with FaultServer() as server:``; point a client at ``server.base_url``.

    ``requests`` records every request (``status`` is the status line sent, ``None``
    when a wire fault sent none). ``default`` may be changed at any time.
    """

    def __init__(self, *, default: Fault = DEFAULT, host: str = "127.0.0.1") -> None:
        super().__init__(host=host)
        self.default = default
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def default(self) -> Fault:
        """The answer to a request no scripted fault claims."""
        return self._default

    @default.setter
    def default(self, fault: Fault) -> None:
        if fault.kind == "delay":  # "wait, then answer with default" would never answer
            raise ValueError("default cannot be Fault.delay(); script delays instead")
        self._default = fault

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on an ephemeral port of ``host``."""
        if self._server is not None:
            raise RuntimeError("FaultServer is already started")
        self._server = await asyncio.start_server(self._connected, self.host, 0, limit=_HEAD_LIMIT)
        self._port = int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        """Stop listening, end every connection (a stalled one included) and wait for
        their handlers, so no task or transport outlives the server. Safe to call twice."""
        server, self._server, self._port = self._server, None, None
        if server is None:
            return
        server.close()
        connections = list(self._connections)
        for task in connections:
            task.cancel()
        await asyncio.gather(*connections, return_exceptions=True)
        await server.wait_closed()

    @property
    def base_url(self) -> str:
        """``url`` with a trailing slash, as a client's ``base_url``: every path answers."""
        return self.url + "/"

    # -- steering from tests -------------------------------------------------------------

    # -- connections ---------------------------------------------------------------------

    def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # A plain callback, not a coroutine: asyncio's own task for a coroutine callback
        # reports cancellation as an error, and we must cancel stalled handlers on close.
        if self._server is None:  # accepted while closing
            writer.transport.abort()
            return
        task = asyncio.get_running_loop().create_task(self._serve(reader, writer))
        self._connections.add(task)
        task.add_done_callback(self._connections.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        wire = _wire.StreamWire(reader, writer)
        try:
            while True:
                try:
                    record, keep_alive = await _read_request(reader)
                except _BadRequest:
                    await _wire.send(wire, _wire.json_answer(400, {"message": "Bad request"}))
                    return
                if record is None:
                    return
                self.requests.append(record)
                fault = self._take(record.method, record.path) or self.default
                if not await self._answer(fault, wire, record, keep_alive):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client left mid-request, or sent an endless line
        finally:
            writer.close()
            with suppress(Exception):
                await writer.wait_closed()

    async def _answer(
        self, fault: Fault, wire: _wire.StreamWire, record: RecordedRequest, keep_alive: bool
    ) -> bool:
        """Answer ``record`` with ``fault``; whether the connection may serve another."""
        if fault.kind == "delay":
            await asyncio.sleep(fault.seconds)
            fault = self.default
        if fault.kind in WIRE_KINDS:
            record.status = await _wire.play(fault, wire, self._normal)
            return False
        answer = _http_answer(fault)
        record.status = answer.status
        await _wire.send(wire, answer, close=not keep_alive)
        return keep_alive

    async def _normal(self) -> _wire.Answer:
        default = self.default
        return _EMPTY if default.kind in WIRE_KINDS else _http_answer(default)


def _http_answer(fault: Fault) -> _wire.Answer:
    """The bytes-to-be of an HTTP fault; bodies the fakes take from the vendor are
    generic JSON here."""
    if fault.kind == "rate_limited":
        headers = (("Retry-After", fault.retry_after), *fault.headers)
        return _wire.json_answer(429, {"message": "Too many requests"}, headers)
    if fault.kind == "status" and fault.payload is None:
        try:
            message = HTTPStatus(fault.code).phrase
        except ValueError:
            message = "Error"
        return _wire.json_answer(fault.code, {"message": message}, fault.headers)
    return _wire.answer_of(fault)


async def _read_request(reader: asyncio.StreamReader) -> tuple[RecordedRequest | None, bool]:
    """The next request on the connection and whether the client allows keep-alive;
    ``None`` when the client closed between requests."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise _BadRequest from None
        return None, False
    except asyncio.LimitOverrunError:
        raise _BadRequest from None
    arrived = time.monotonic()
    request_line, *lines = raw.decode("latin-1").split("\r\n")
    try:
        method, target, version = request_line.split(" ")
    except ValueError:
        raise _BadRequest from None
    headers: CIMultiDict[str] = CIMultiDict()
    for line in lines:
        if line:
            name, sep, value = line.partition(":")
            if not sep or not name.strip():
                raise _BadRequest
            headers.add(name.strip(), value.strip())
    if "chunked" in headers.get("Transfer-Encoding", "").lower():
        body = await _read_chunked(reader)
    else:
        try:
            length = int(headers.get("Content-Length", "0"))
        except ValueError:
            raise _BadRequest from None
        body = await reader.readexactly(length)
    try:
        url = URL(target)
    except ValueError:
        raise _BadRequest from None
    record = RecordedRequest(
        method=method.upper(),
        path=url.path,
        query=MultiDictProxy(url.query.copy()),
        headers=CIMultiDictProxy(headers),
        body=body,
        time=arrived,
    )
    keep_alive = version == "HTTP/1.1" and headers.get("Connection", "").lower() != "close"
    return record, keep_alive


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        line = await reader.readuntil(b"\r\n")
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise _BadRequest from None
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass  # trailers
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
