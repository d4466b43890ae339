"""Raw wire behaviours: the bytes a broken server or proxy puts on the socket.

HTTP libraries only let a server say well-formed things; the failures clients meet in
production (a reset, a body cut short, a lying ``Transfer-Encoding``) happen below
them. So these functions write raw bytes on a ``Wire``, the write side of one
connection, and the same code serves both servers: ``FaultServer`` wraps the
``StreamWriter`` of its own connection (``StreamWire``), ``FakeServer`` wraps the
asyncio transport under an aiohttp.web request (``Wire``), writes behind aiohttp's back
and then tells aiohttp there is nothing left to send.

Every behaviour ends with the connection closed or reset: a connection that carried a
broken answer is never offered for the next request.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from http import HTTPStatus

from ._faults import TRUNCATED_JSON, WIRE_KINDS, ChunkLie, Fault

__all__ = [
    "Answer",
    "StreamWire",
    "Wire",
    "answer_of",
    "bad_gzip",
    "close_mid_body",
    "drip",
    "garbage",
    "hang_up",
    "json_answer",
    "lying_chunked",
    "play",
    "render",
    "reset",
    "send",
    "stall",
]

#: Headers a behaviour owns: it frames the body itself, so an answer's own are dropped.
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection", "content-encoding"})

#: How often a bare transport is polled; it has no awaitable for "peer gone" or "drained".
_POLL = 0.01

#: What ``bad_gzip`` sends when the answer has no body: an empty body decodes fine.
_NOT_GZIP = b"this is not gzip"


@dataclass(frozen=True, slots=True)
class Answer:
    """A complete answer before a behaviour mangles it. ``headers`` should carry the
    ``Content-Type``; framing headers are the behaviour's and are ignored here."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


class Wire:
    """The write side of a connection that only exposes an asyncio transport.

    aiohttp.web owns the protocol of its connections, so there is no reader to wait
    on: the end of the connection and the draining of the buffer are polled.
    """

    def __init__(self, transport: asyncio.WriteTransport) -> None:
        self.transport = transport

    @property
    def gone(self) -> bool:
        """Whether the connection is closed or closing (by either side)."""
        return self.transport.is_closing()

    def write(self, data: bytes) -> None:
        if not self.gone:
            self.transport.write(data)

    async def drain(self) -> None:
        """Wait until what was written has left for the kernel, so each write of a
        drip reaches the peer on its own instead of in one burst at the end."""
        while not self.gone and self.transport.get_write_buffer_size():  # noqa: ASYNC110
            await asyncio.sleep(_POLL)

    async def until_gone(self) -> None:
        """Wait until the peer hangs up (or the owning server closes the connection)."""
        while not self.gone:  # noqa: ASYNC110 (no event to wait on: see the class)
            await asyncio.sleep(_POLL)

    def close(self) -> None:
        """Flush, then close cleanly: the peer reads what was sent, then end of stream."""
        self.transport.close()

    def reset(self) -> None:
        """Close with a TCP RST: ``SO_LINGER`` (on, 0 s) turns close into an abort, so
        the peer gets ECONNRESET instead of a clean end of stream."""
        sock = self.transport.get_extra_info("socket")
        if sock is not None:
            with suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.transport.abort()


class StreamWire(Wire):
    """A connection the caller owns as an asyncio stream pair: real drain, real EOF."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        super().__init__(writer.transport)
        self.reader = reader
        self.writer = writer

    async def drain(self) -> None:
        with suppress(ConnectionError):  # the peer left; callers check `gone`
            await self.writer.drain()

    async def until_gone(self) -> None:
        # Anything the peer still sends (a pipelined request) is read and ignored.
        with suppress(ConnectionError):
            while await self.reader.read(65536):
                pass


# -- building answers ------------------------------------------------------------------


def answer_of(fault: Fault) -> Answer:
    """The answer an HTTP fault carries: its status, its payload, its Content-Type
    (unless the fault's own headers set one) and its headers."""
    own = {name.lower() for name, _ in fault.headers}
    ctype = () if "content-type" in own else (("Content-Type", fault.content_type),)
    return Answer(fault.code, fault.payload or b"", (*ctype, *fault.headers))


def json_answer(status: int, document: object, headers: Iterable[tuple[str, str]] = ()) -> Answer:
    """A JSON answer, for the bodies a server writes itself."""
    return Answer(
        status, json.dumps(document).encode(), (("Content-Type", "application/json"), *headers)
    )


def head(answer: Answer, *framing: tuple[str, str]) -> bytes:
    """Status line and headers of ``answer``, with ``framing`` in place of its own."""
    try:
        reason = HTTPStatus(answer.status).phrase
    except ValueError:
        reason = "Unknown"
    lines = [f"HTTP/1.1 {answer.status} {reason}"]
    lines += [f"{k}: {v}" for k, v in answer.headers if k.lower() not in _FRAMING]
    lines += [f"{k}: {v}" for k, v in framing]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def render(answer: Answer, *, close: bool = True) -> bytes:
    """``answer`` as a valid HTTP/1.1 response with a ``Content-Length``."""
    framing = [("Content-Length", str(len(answer.body)))]
    if close:
        framing.append(("Connection", "close"))
    return head(answer, *framing) + answer.body


# -- behaviours ------------------------------------------------------------------------


async def send(wire: Wire, answer: Answer, *, close: bool = True) -> None:
    """A correct answer; kept alive unless ``close``."""
    wire.write(render(answer, close=close))
    await wire.drain()
    if close:
        wire.close()


async def hang_up(wire: Wire) -> None:
    """Close without a byte of answer (FIN): a server that died between requests."""
    wire.close()


async def reset(wire: Wire) -> None:
    """RST before any byte of the status line."""
    wire.reset()


async def garbage(wire: Wire, data: bytes) -> None:
    """``data`` instead of HTTP, then a clean close."""
    wire.write(data)
    await wire.drain()
    wire.close()


async def stall(wire: Wire) -> None:
    """Nothing at all until the peer gives up; cancelling it (server shutdown) is fine."""
    await wire.until_gone()
    wire.close()


async def close_mid_body(
    wire: Wire, answer: Answer, *, sent: int | None = None, promise: int | None = None
) -> None:
    """Head with ``Content-Length: promise`` (default: the body's true length), the first
    ``sent`` body bytes (default: half), then a clean close. The promise is always more
    than was sent, or the answer would be complete."""
    body = answer.body
    keep = len(body) // 2 if sent is None else min(sent, len(body))
    promised = max(len(body) if promise is None else promise, keep + 1)
    framing = (("Content-Length", str(promised)), ("Connection", "close"))
    wire.write(head(answer, *framing) + body[:keep])
    await wire.drain()
    wire.close()


async def drip(wire: Wire, answer: Answer, *, chunk: int, interval: float) -> None:
    """The whole valid answer, ``chunk`` bytes per write, ``interval`` s apart. Stops
    early once the peer has gone: nobody is left to read the rest."""
    data = render(answer)
    for start in range(0, len(data), chunk):
        if wire.gone:
            break
        if start:
            await asyncio.sleep(interval)
        wire.write(data[start : start + chunk])
        await wire.drain()
    wire.close()


async def bad_gzip(wire: Wire, answer: Answer) -> None:
    """The body as is, labelled ``Content-Encoding: gzip``."""
    body = answer.body or _NOT_GZIP
    framing = (
        ("Content-Encoding", "gzip"),
        ("Content-Length", str(len(body))),
        ("Connection", "close"),
    )
    wire.write(head(answer, *framing) + body)
    await wire.drain()
    wire.close()


async def lying_chunked(wire: Wire, answer: Answer, *, lie: ChunkLie) -> None:
    """One chunk whose size lies, the terminating chunk, then a close.

    Written in one piece: aiohttp's C parser reports a bad chunk size only when it
    arrives with the head; split off, the client would wait for its timeout instead,
    and a fault that does one thing on one machine and another elsewhere is no use.
    """
    body = answer.body or b"{}"
    # too_long swallows the terminator as data, then the stream ends; not_hex is the size
    # as Python's hex() writes it ("0x1f"), and a chunk size never has the 0x.
    size = b"%x" % (len(body) + 64) if lie == "too_long" else hex(len(body)).encode()
    framing = (("Transfer-Encoding", "chunked"), ("Connection", "close"))
    wire.write(head(answer, *framing) + size + b"\r\n" + body + b"\r\n0\r\n\r\n")
    await wire.drain()
    wire.close()


async def play(fault: Fault, wire: Wire, normal: Callable[[], Awaitable[Answer]]) -> int | None:
    """Act out wire fault ``fault``; return the status line it sent, if it sent one.

    ``normal`` gives the answer the server would have sent; it is only awaited by the
    faults that mangle an answer and were given no ``body`` of their own.
    """

    async def answer() -> Answer:
        if fault.payload is None:
            return await normal()
        return Answer(fault.code, fault.payload, (("Content-Type", fault.content_type),))

    kind = fault.kind
    if kind not in WIRE_KINDS:
        raise ValueError(f"{kind!r} is not a wire fault")
    if kind == "drop":
        await hang_up(wire)
    elif kind == "reset":
        await reset(wire)
    elif kind == "garbage":
        await garbage(wire, fault.payload or b"")
    elif kind == "stall":
        await stall(wire)
    elif kind == "truncated":
        truncated = answer_of(fault)
        payload = fault.payload or TRUNCATED_JSON
        await close_mid_body(wire, truncated, sent=len(payload), promise=len(payload) + 1024)
        return truncated.status
    else:
        mangled = await answer()
        if kind == "close_mid_body":
            await close_mid_body(wire, mangled, sent=fault.size)
        elif kind == "drip":
            await drip(wire, mangled, chunk=fault.size or 1, interval=fault.seconds)
        elif kind == "bad_gzip":
            await bad_gzip(wire, mangled)
        else:
            await lying_chunked(wire, mangled, lie=fault.lie)
        return mangled.status
    return None
