"""A finished HTTP exchange, and turning its body into JSON or a typed error.

The body is read in full before the connection goes back to the pool, so a
``Response`` holds no resources and can be kept, logged or raised with.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from itertools import chain
from typing import Any

from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from ..errors import APIStatusError, DecodeError, RateLimitError, status_error_class
from .redact import Secrets, redact_url

_SNIPPET = 300

REQUEST_ID_HEADERS = ("X-Request-Id", "Request-Id", "X-Amzn-RequestId", "X-Correlation-Id")
# Kept out of errors and raw responses: a session cookie is a credential too.
_PRIVATE_HEADERS = frozenset({"set-cookie", "authorization", "proxy-authorization"})


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (RFC 8259 has no NaN or Infinity)")


# Python's json reads NaN, Infinity and -Infinity by default; no vendor sends them in
# JSON, and a model would turn them into non-finite values nobody can compute with.
# ``parse_constant`` runs only for those three literals, so refusing them is free; a
# number too large for a float (``1e400``) still decodes, as ``inf``, and every hook
# that needs a finite number refuses it there (a per-float callback would cost about
# a quarter of the decode time of a page of numbers).
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


_orjson_loads: Callable[[bytes], Any] | None
try:  # the `fast` extra: about three times json's speed on a page of records
    from orjson import loads as _orjson_loads
except ImportError:  # pragma: no cover - depends on the install
    _orjson_loads = None

# orjson reads an integer past 64 bits as a float, silently rounded; a body with a run
# of 19 digits anywhere (in a string too: the fallback is only slower) goes to json. A
# byte translation and a find cost a quarter of orjson's time; a regex cost four times.
_DIGITS = bytes(1 if 0x30 <= b <= 0x39 else 0 for b in range(256))
_LONG_RUN = b"\x01" * 19


def decode_json(content: bytes | bytearray | str) -> Any:
    """``content`` as strict JSON; ``ValueError`` (with the reason) for anything else.

    Like ``json.loads`` (the encoding is detected the same way), except that ``NaN``
    and ``Infinity`` are refused, bytes are decoded strictly (``json.loads`` lets
    UTF-8-encoded surrogates through, which are not UTF-8 and fail again whenever the
    text is encoded), and a document nested deeper than the interpreter can follow is
    a ``ValueError`` rather than a ``RecursionError``: every way a body can fail to
    decode is one exception type, which each caller turns into its own typed error.
    Integers longer than Python's limit (4,300 digits) are a ``ValueError`` too.
    """
    # orjson's verdict is only trusted when it accepts: whatever it refuses (a BOM,
    # UTF-16, a lone surrogate escape, 1e400) json decides below, as without it.
    if (
        _orjson_loads is not None
        and not isinstance(content, str)
        and bytes(content).translate(_DIGITS).find(_LONG_RUN) < 0
    ):
        try:
            return _orjson_loads(bytes(content))
        except ValueError:  # orjson.JSONDecodeError
            pass
    try:
        if not isinstance(content, str):
            content = bytes(content).decode(json.detect_encoding(content))
        return _DECODER.decode(content)
    except RecursionError:
        raise ValueError("nested too deeply to decode") from None


class Response:
    """Status, headers and body of one answer.

    ``url`` is the request URL free of secrets, worked out when first read: most
    answers are never shown, and redacting every one cost more than a tenth of the
    library's own time per request.
    """

    __slots__ = (
        "_data",
        "_decoded",
        "_raw_url",
        "_shown_url",
        "content",
        "headers",
        "method",
        "secrets",
        "status",
        "vendor",
    )

    def __init__(
        self,
        *,
        vendor: str,
        method: str,
        url: str | URL,
        status: int,
        headers: CIMultiDictProxy[str],
        content: bytes,
        secrets: Secrets | None = None,
    ) -> None:
        self.secrets = secrets or Secrets()
        self.vendor = vendor
        self.method = method
        self._raw_url = url
        self._shown_url: str | None = None
        self.status = status
        self.headers = headers
        self.content = content
        self._decoded = False
        self._data: Any = None

    @property
    def url(self) -> str:
        """The request URL as it may be shown: no userinfo, no secret values."""
        if self._shown_url is None:
            self._shown_url = redact_url(self._raw_url, self.secrets)
        return self._shown_url

    @property
    def request_url(self) -> URL:
        """The URL this answer came from, as sent: for resolving its links, never for show."""
        raw = self._raw_url
        return raw if isinstance(raw, URL) else URL(raw)

    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; ``DecodeError`` if it is empty, HTML, truncated or malformed."""
        if not self._decoded:
            self._data = self._decode()
            self._decoded = True
        return self._data

    def _decode(self) -> Any:
        ctype = self.headers.get("Content-Type", "").lower()
        if not self.content.strip():
            raise self.decode_error("empty body where JSON was expected")
        if "html" in ctype or self.content.lstrip()[:1] == b"<":
            raise self.decode_error("an HTML page where JSON was expected")
        try:
            return decode_json(self.content)
        except ValueError as exc:  # also bad UTF-8, NaN, too deep: see decode_json
            raise self.decode_error(f"malformed JSON ({exc})") from None

    @property
    def request_id(self) -> str | None:
        """The vendor's id for this request, if it sent one (quote it to their support)."""
        for name in REQUEST_ID_HEADERS:
            value = self.headers.get(name)
            if value:
                return self.secrets.scrub(value)
        return None

    def shown_headers(self) -> CIMultiDict[str]:
        """The headers as they may be kept and shown: cookies out, secrets masked."""
        return CIMultiDict(
            (name, self.secrets.scrub(value))
            for name, value in self.headers.items()
            if name.lower() not in _PRIVATE_HEADERS
        )

    def decode_error(self, problem: str) -> DecodeError:
        text = self.secrets.scrub(self.text())
        snippet = text[:_SNIPPET] + ("…" if len(text) > _SNIPPET else "")
        return DecodeError(
            f"{self.vendor} {self.method} {self.url} -> {self.status}: {problem}; body starts {snippet!r}",
            vendor=self.vendor,
            method=self.method,
            url=self.url,
            status=self.status,
            body=text,
            headers=self.shown_headers(),
            request_id=self.request_id,
        )

    def __repr__(self) -> str:
        return f"<Response {self.method} {self.url} {self.status}>"


def vendor_error_text(body: Any) -> str | None:
    """The explanation a vendor put in an error body, in any of the three dialects.

    DRF (TutorCruncher): ``{"detail": ...}`` or field errors ``{"user": {"last_name": [...]}}``;
    Eduframe: ``{"code", "message", "errors"}``; TidyClub/OAuth: ``{"error", "error_description"}``.
    """
    if isinstance(body, str):
        return body.strip()[:_SNIPPET] or None
    if isinstance(body, list):
        # DRF's non-field errors: a list of strings (objects in it are flattened, and
        # never ``str()``-ed: the repr of a deeply nested value raises RecursionError).
        texts = [str(x) for x in body if not isinstance(x, Mapping | list)]
        for item in body:
            if isinstance(item, Mapping):
                texts.extend(_flatten_field_errors(item))
        return "; ".join(texts) or None
    if not isinstance(body, Mapping):
        return None
    parts: list[str] = []
    for key in ("detail", "message", "error_description", "error"):
        value = body.get(key)
        if isinstance(value, str) and value:
            parts.append(value)
            break
    errors = body.get("errors")
    # DRF puts field errors at the top level; they are the lists and objects there.
    fields = (
        errors
        if isinstance(errors, Mapping)
        else {k: v for k, v in body.items() if isinstance(v, list | Mapping)}
    )
    parts.extend(_flatten_field_errors(fields))
    return "; ".join(parts) or None


def _scrub_json(body: Any, secrets: Secrets, text: str) -> Any:
    """``body`` with any secret value masked, re-parsed so it stays JSON-shaped.

    A body nested nearly as deep as ``json`` can decode may be too deep to encode again
    from further down the stack; it is then kept as its (scrubbed) ``text``.
    """
    try:
        dumped = json.dumps(body)
        scrubbed = secrets.scrub(dumped)
        return body if scrubbed == dumped else json.loads(scrubbed)
    except (RecursionError, ValueError):
        return secrets.scrub(text)


def _flatten_field_errors(errors: Mapping[str, Any]) -> list[str]:
    """``["user.last_name: This field is required.", ...]`` from nested field errors.

    Iterative, with its own stack: an error body nested a thousand levels deep (as deep
    as ``json`` decodes) still gives its status error instead of a RecursionError.
    """
    out: list[str] = []
    stack: list[tuple[str, Iterator[tuple[Any, Any]]]] = [("", iter(errors.items()))]
    while stack:
        prefix, items = stack[-1]
        for key, value in items:
            name = f"{prefix}{key}"
            if isinstance(value, Mapping):
                stack.append((f"{name}.", iter(value.items())))
                break
            if isinstance(value, list):
                texts = [str(v) for v in value if not isinstance(v, Mapping | list)]
                if texts:
                    out.append(f"{name}: {' '.join(texts)}")
                nested = [v.items() for v in value if isinstance(v, Mapping)]
                if nested:
                    stack.append((f"{name}.", chain.from_iterable(nested)))
                    break
            elif value is not None:
                out.append(f"{name}: {value}")
        else:
            stack.pop()
    return out


def status_error(response: Response, *, retry_after: float | None = None) -> APIStatusError:
    """The typed error for a non-2xx ``response``, quoting the vendor's explanation."""
    body: Any
    try:
        body = _scrub_json(response.json(), response.secrets, response.text())
    except DecodeError:
        body = response.secrets.scrub(response.text())
        # An HTML error page's text is noise, not a message.
        body_message = None if body.lstrip()[:1] == "<" else vendor_error_text(body)
    else:
        body_message = vendor_error_text(body)
    cls = status_error_class(response.status)
    message = f"{response.vendor} {response.method} {response.url} -> {response.status}"
    if body_message:
        message += f": {body_message}"
    kwargs: dict[str, Any] = dict(
        status=response.status,
        vendor=response.vendor,
        method=response.method,
        url=response.url,
        body=body,
        vendor_message=body_message,
        headers=response.shown_headers(),
        request_id=response.request_id,
    )
    if cls is RateLimitError:
        return RateLimitError(message, retry_after=retry_after, **kwargs)
    return cls(message, **kwargs)
