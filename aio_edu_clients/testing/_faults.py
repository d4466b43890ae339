"""Scripted faults: what a fake answers instead of the normal response, in order."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["status", "rate_limited", "malformed", "html", "truncated", "drop", "delay", "body"]

HTML_PAGE = (
    b"<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour. Build with the class methods; queue with ``FakeServer.script``."""

    kind: Kind
    code: int = 200
    payload: bytes | None = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @classmethod
    def status(
        cls,
        code: int,
        body: bytes | str | dict[str, Any] | list[Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Fault:
        """Answer ``code``; ``body=None`` gives the vendor's own error body for it."""
        raw: bytes | None
        if body is None:
            raw = None
        elif isinstance(body, bytes):
            raw = body
        elif isinstance(body, str):
            raw = body.encode()
        else:
            raw = json.dumps(body).encode()
        ctype = "application/json" if not isinstance(body, str | bytes) else "text/plain"
        return cls(
            "status", code=code, payload=raw, content_type=ctype, headers=dict(headers or {})
        )

    @classmethod
    def rate_limited(cls, retry_after: int | str = 1) -> Fault:
        """A 429 with ``Retry-After`` (seconds or an HTTP-date) and the vendor's body."""
        return cls("rate_limited", code=429, headers={"Retry-After": str(retry_after)})

    @classmethod
    def malformed_json(cls, status: int = 200) -> Fault:
        return cls("malformed", code=status, payload=b'{"results": [{"id": 1,')

    @classmethod
    def html(cls, status: int = 502) -> Fault:
        page = HTML_PAGE.replace(b"{status}", str(status).encode())
        return cls("html", code=status, payload=page, content_type="text/html")

    @classmethod
    def truncated(cls) -> Fault:
        """200 promising more bytes than it sends, then the connection closes."""
        return cls("truncated", code=200, payload=b'{"count": 1, "next": null, "results": [{"id"')

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without answering."""
        return cls("drop")

    @classmethod
    def delay(cls, seconds: float) -> Fault:
        """Wait, then answer normally (to trip a client timeout)."""
        return cls("delay", seconds=seconds)

    @classmethod
    def body(
        cls,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Fault:
        return cls(
            "body",
            code=status,
            payload=body,
            content_type=content_type,
            headers=dict(headers or {}),
        )
