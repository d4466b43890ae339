"""One error hierarchy for every vendor.

A user catches `NotFoundError` whether TutorCruncher, Eduframe or TidyClub said it,
and never sees a bare ``KeyError``, ``json`` or ``aiohttp`` exception from a bad
response. Every message names the vendor, method and URL (secrets removed) and
quotes the vendor's own explanation when it gave one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DecodeError",
    "EduClientError",
    "ForeignURLError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SharedLimiterUnavailable",
    "UnprocessableEntityError",
    "WebhookSignatureError",
    "status_error_class",
]


class EduClientError(Exception):
    """Base of every error this library raises on purpose.

    Errors survive pickling with every attribute (task queues and process pools move
    them between processes): the default pickling of an exception calls its class
    with ``args`` alone, which fails for errors with keyword-only fields. What an error
    holds is already free of secrets (URLs redacted, bodies scrubbed, credential
    headers dropped), so the pickle is too.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.args, dict(self.__dict__))


def _rebuild(cls: type[EduClientError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class APIConnectionError(EduClientError):
    """The request did not get an HTTP answer: refused, reset, DNS, TLS, dropped."""

    def __init__(self, message: str, *, vendor: str = "", method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.vendor = vendor
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """No complete answer within the client's ``timeout``."""


class ForeignURLError(EduClientError):
    """A URL the server handed us (a next-page link) points at another origin.

    Following it would send the credential to a host the user never chose.
    """


class DecodeError(EduClientError):
    """The body is not the JSON (or the shape) the endpoint promises.

    Raised for malformed or truncated JSON, HTML error pages with a 2xx status, and
    payloads that do not fit the model. ``.body`` keeps the raw text so nothing is lost.
    """

    def __init__(
        self,
        message: str,
        *,
        vendor: str = "",
        method: str = "",
        url: str = "",
        status: int | None = None,
        body: str = "",
        headers: Mapping[str, str] | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.vendor = vendor
        self.method = method
        self.url = url
        self.status = status
        self.body = body
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.request_id = request_id


class APIStatusError(EduClientError):
    """The vendor answered with an error status.

    ``.body`` is the decoded JSON when the body was JSON, else the raw text;
    ``.message`` is the vendor's own explanation when one could be found;
    ``.headers`` the response headers (cookies and credentials left out) and
    ``.request_id`` the vendor's id for the request, when it sends one (quote it to
    their support).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int,
        vendor: str,
        method: str,
        url: str,
        body: Any = None,
        vendor_message: str | None = None,
        headers: Mapping[str, str] | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.vendor = vendor
        self.method = method
        self.url = url
        self.body = body
        self.message = vendor_message
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.request_id = request_id


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401, or a token that cannot be renewed."""


class PermissionDeniedError(APIStatusError):
    """403."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429 after the retry budget was spent; ``.retry_after`` in seconds if the vendor said."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx."""


class OAuthError(EduClientError):
    """The OAuth token endpoint refused or answered nonsense (``.error`` is the RFC 6749 code)."""

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        description: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.error = error
        self.description = description
        self.status = status


class SharedLimiterUnavailable(EduClientError):
    """A shared rate limit's Redis cannot be reached, and no local fallback was asked for.

    Raised rather than sending without a permit: several processes each spending the
    whole budget is exactly what the shared limit exists to prevent. Pass
    ``RateLimit(..., on_unreachable="local")`` to trade that for availability.
    """


class WebhookSignatureError(EduClientError):
    """A webhook body does not match its signature."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The most specific class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIStatusError)
