"""Scripted faults: what a fake answers instead of its normal response, one per request.

A ``Fault`` is inert data; ``FakeServer`` interprets it. Build them with the class
methods and queue them with ``FakeServer.script``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal

__all__ = ["Fault", "FaultKind"]

FaultKind = Literal[
    "status", "rate_limited", "malformed_json", "html", "truncated", "drop", "delay", "body"
]

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


def _pairs(headers: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple((headers or {}).items())
