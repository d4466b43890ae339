"""Scripted faults: what a fake answers instead of its normal response, one per request.

A ``Fault`` is inert data; ``FakeServer`` and ``FaultServer`` interpret it. Build them
with the class methods and queue them with ``script``.

Two families. HTTP faults (``status``, ``rate_limited``, ``malformed_json``, ``html``,
``body``, ``delay``) are well-formed answers a client must classify. Wire faults
(``drop``, ``truncated``, ``close_mid_body``, ``reset``, ``garbage``, ``stall``, ``drip``,
``bad_gzip``, ``lying_chunked``) break HTTP itself: the server writes raw bytes on the
socket (see ``_wire``) and then closes the connection, so no broken connection is ever
kept alive for the next request.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal

__all__ = ["WIRE_KINDS", "ChunkLie", "Fault", "FaultKind"]

#: The kinds a server answers by writing raw bytes on the socket, then closing it.
WireKind = Literal[
    "drop",
    "truncated",
    "close_mid_body",
    "reset",
    "garbage",
    "stall",
    "drip",
    "bad_gzip",
    "lying_chunked",
]
FaultKind = Literal["status", "rate_limited", "malformed_json", "html", "delay", "body", WireKind]
WIRE_KINDS: frozenset[FaultKind] = frozenset(typing.get_args(WireKind))

#: Which lie ``Fault.lying_chunked`` tells.
ChunkLie = Literal["too_long", "not_hex"]

#: What ``Fault.garbage`` sends by default: an SSH server's banner, as a client sees when
#: a port mapping points at the wrong service.
SSH_BANNER = b"SSH-2.0-OpenSSH_9.6\r\n"

#: The start of a JSON document that never ends: a proxy that cut the body short.
MALFORMED_JSON = b'{"results": [{"id": 1,'

#: What a truncated answer sends before it hangs up.
TRUNCATED_JSON = b'{"count": 250, "next": null, "previous": null, "results": [{"id": 250, "first'


def _nginx_page(status: int) -> bytes:
    """The error page nginx serves when the app behind it is down."""
    try:
        title = f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        title = str(status)
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n"
        "</body>\r\n</html>\r\n"
    ).encode()


@dataclass(frozen=True, slots=True)
class Fault:
    """One scripted misbehaviour. Immutable, so one instance may be queued many times."""

    kind: FaultKind
    code: int = 200
    payload: bytes | None = None
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    retry_after: str = ""
    #: ``drip``: bytes per write; ``close_mid_body``: body bytes sent (None: half).
    size: int | None = None
    #: ``lying_chunked``: which lie.
    lie: ChunkLie = "too_long"

    @classmethod
    def status(
        cls,
        code: int,
        body: bytes | str | dict[str, Any] | list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Fault:
        """Answer ``code``. A dict/list body is sent as JSON, str/bytes as text/plain;
        ``None`` sends the vendor's own error body for that status."""
        raw: bytes | None
        ctype = "application/json"
        if body is None:
            raw = None
        elif isinstance(body, bytes | str):
            raw = body.encode() if isinstance(body, str) else body
            ctype = "text/plain; charset=utf-8"
        else:
            raw = json.dumps(body).encode()
        return cls("status", code=code, payload=raw, content_type=ctype, headers=_pairs(headers))

    @classmethod
    def rate_limited(cls, retry_after: int | str = 1) -> Fault:
        """A 429 with ``Retry-After: retry_after`` (seconds or an HTTP-date) and the
        vendor's throttling body. It does not count against the sliding window."""
        return cls("rate_limited", code=429, retry_after=str(retry_after))

    @classmethod
    def malformed_json(cls, status: int = 200) -> Fault:
        """``application/json`` that does not parse."""
        return cls("malformed_json", code=status, payload=MALFORMED_JSON)

    @classmethod
    def html(cls, status: int = 502) -> Fault:
        """An nginx ``text/html`` error page, as a load balancer answers for a dead app."""
        return cls("html", code=status, payload=_nginx_page(status), content_type="text/html")

    @classmethod
    def truncated(cls) -> Fault:
        """200 whose ``Content-Length`` promises more than is sent, then a hang-up:
        the client sees a payload error mid-body."""
        return cls("truncated", code=200, payload=TRUNCATED_JSON)

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without answering: the client sees a disconnect."""
        return cls("drop", code=0)

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait ``seconds``, then answer normally: trips client read timeouts."""
        return cls("delay", seconds=seconds)

    @classmethod
    def body(
        cls,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Fault:
        """Answer exactly these bytes, e.g. a hand-written page envelope."""
        return cls(
            "body", code=status, payload=body, content_type=content_type, headers=_pairs(headers)
        )

    # -- wire faults: raw bytes on the socket, then the connection is closed --------------
    #
    # Those that mangle an answer (close_mid_body, drip, bad_gzip, lying_chunked) mangle the
    # answer the server would have given (a fake's vendor answer, a FaultServer's
    # default) unless ``body`` is given, which is then sent as a 200 application/json.

    @classmethod
    def close_mid_body(cls, sent: int | None = None, body: bytes | None = None) -> Fault:
        """The status line and headers with the body's true ``Content-Length``, then only
        its first ``sent`` bytes (default: half), then a clean close (FIN): a server that
        crashed mid-write. The client sees a truncated body, not a disconnect."""
        if sent is not None and sent < 0:
            raise ValueError("sent must be >= 0")
        return cls("close_mid_body", payload=body, size=sent)

    @classmethod
    def reset(cls) -> Fault:
        """Read the request, then reset the connection (TCP RST) before any byte of an
        answer: the client sees ECONNRESET, not a clean end of stream."""
        return cls("reset", code=0)

    @classmethod
    def garbage(cls, data: bytes = SSH_BANNER) -> Fault:
        """Send ``data``, which is not HTTP, then close: a port that is some other
        service, or a proxy speaking another protocol."""
        return cls("garbage", code=0, payload=data)

    @classmethod
    def stall(cls) -> Fault:
        """Read the request, then send nothing until the client hangs up or the server
        closes: only the client's own timeout ends the wait."""
        return cls("stall", code=0)

    @classmethod
    def drip(cls, chunk: int = 8, interval: float = 0.05, body: bytes | None = None) -> Fault:
        """A complete, valid answer written ``chunk`` bytes at a time, ``interval`` seconds
        apart: a client whose timeout is shorter than the whole drip times out, a
        patient one gets every byte."""
        if chunk < 1:
            raise ValueError("chunk must be >= 1")
        if interval < 0:
            raise ValueError("interval must be >= 0")
        return cls("drip", payload=body, size=chunk, seconds=interval)

    @classmethod
    def bad_gzip(cls, body: bytes | None = None) -> Fault:
        """``Content-Encoding: gzip`` on a body that is not gzip: a proxy that labels
        what it did not compress."""
        return cls("bad_gzip", payload=body)

    @classmethod
    def lying_chunked(cls, lie: ChunkLie = "too_long", body: bytes | None = None) -> Fault:
        """``Transfer-Encoding: chunked`` with a chunk size that lies, then a close.
        ``"too_long"``: the size promises more bytes than follow (the terminating chunk
        is swallowed as data, then the connection ends); ``"not_hex"``: the size is
        written as Python's ``hex()`` does (``0x1f``), which is not a chunk size."""
        if lie not in ("too_long", "not_hex"):
            raise ValueError(f"unknown lie {lie!r}: 'too_long' or 'not_hex'")
        return cls("lying_chunked", payload=body, lie=lie)


def _pairs(headers: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple((headers or {}).items())
