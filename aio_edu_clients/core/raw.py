"""Raw answers of typed calls: the status, headers and bytes, and the model on demand.

``await tc.with_raw_response(tc.clients.get)(37)`` makes the same call as
``await tc.clients.get(37)`` — same limits, retries and errors — but returns an
`APIResponse`: what the vendor sent (headers such as a request id or a rate-limit
count, the exact bytes) and ``.parse()`` for the model the plain call returns.
It wraps the method rather than the client (openai-python's
``client.with_raw_response.x.y()``) so mypy keeps the method's parameters and return
type: ``APIResponse[Client]``. Lists have this already: each `Page` has ``.raw``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from multidict import CIMultiDict

from .response import Response

T = TypeVar("T")


class APIResponse(Generic[T]):
    """One answer as sent, and the typed result it stands for (``parse()``)."""

    __slots__ = ("_parse", "_parsed", "response")

    def __init__(self, response: Response, parse: Callable[[], T]) -> None:
        self.response = response
        self._parse = parse
        self._parsed: list[T] = []

    @property
    def status(self) -> int:
        return self.response.status

    @property
    def headers(self) -> CIMultiDict[str]:
        """The response headers, cookies left out and secrets masked."""
        return self.response.shown_headers()

    @property
    def content(self) -> bytes:
        """The body's bytes, exactly as received."""
        return self.response.content

    @property
    def url(self) -> str:
        """The request URL, secrets removed."""
        return self.response.url

    @property
    def method(self) -> str:
        return self.response.method

    @property
    def request_id(self) -> str | None:
        """The vendor's id for the request, if it sent one."""
        return self.response.request_id

    def text(self) -> str:
        return self.response.text()

    def json(self) -> Any:
        """The body as JSON (`DecodeError` if it is not)."""
        return self.response.json()

    def parse(self) -> T:
        """What the plain call returns (parsed once; `DecodeError` if it does not fit)."""
        if not self._parsed:
            self._parsed.append(self._parse())
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<APIResponse {self.method} {self.url} {self.status}>"
