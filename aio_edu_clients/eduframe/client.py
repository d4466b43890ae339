"""The Eduframe client: what is Eduframe's, nothing else.

Everything an endpoint needs is declared in `resources` (generated from the OpenAPI
spec); this module adds only Eduframe's own ways of answering (see `Eduframe._result`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.auth import HeaderAuth
from ..core.client import VENDOR_DEFAULT, BaseClient, VendorDefault, credential_from_env
from ..core.models import ModelConverter
from ..core.operations import EndpointSpec
from ..core.paging import LinkHeader
from ..core.pool import SessionPool
from ..core.ratelimit import RateLimit
from ..core.response import Response, status_error
from ..core.retry import RetryPolicy
from . import models
from .models import Created
from .resources import EduframeResources

POLITE_RATE_LIMIT = RateLimit(requests=300, per=60)
"""Eduframe publishes no limit: 5 requests a second sustained, and 429s are honoured."""

_ERROR_KEYS = frozenset({"code", "message", "errors"})


class Eduframe(EduframeResources, BaseClient):
    """Eduframe's API v1 (``https://api.eduframe.nl/api/v1``), with a Bearer API key.

    Every operation of the published OpenAPI spec has a typed method, plus the seven
    older ones the spec dropped (their docstrings say "Legacy"); ``Eduframe.operations()``
    lists them. Updates are PATCH with only the fields given (`Payload` leaves `UNSET`
    fields out); PUT only where the spec says so (the ``cancel``/``approve`` actions).

    Lists page by the ``Link`` header, followed exactly as given (the live API uses
    opaque cursors); a ``rel="last"`` with a page number lets ``concurrency`` fan out.
    Eduframe documents no rate limit; the default client-side limit is
    `POLITE_RATE_LIMIT`, and 429 answers pause the key for their ``Retry-After``.

    Errors: the body ``{code, message, errors}`` becomes the typed error, its
    ``message`` and field ``errors`` in the exception text. The spec answers a bad key
    with 401 (`AuthenticationError`), but the docs say auth failures surface as 403
    (`PermissionDeniedError`: also a key without the scope, e.g. ``courses:modify``)
    or 404 (`NotFoundError`): a 404 on a record you know exists may mean the key is
    wrong. A create that answers 200 with an error body (the spec allows it for
    orders, leads and users) raises like the status in its ``code``.
    """

    vendor = "Eduframe"
    default_base_url = "https://api.eduframe.nl/api/v1"
    default_rate_limit = POLITE_RATE_LIMIT
    paging = LinkHeader()
    converter = ModelConverter(vendor, models.configure)

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        pool: SessionPool | None = None,
        rate_limit: RateLimit | VendorDefault | None = VENDOR_DEFAULT,
        retry: RetryPolicy | None = None,
        timeout: float | None = 30.0,
    ) -> None:
        """``api_key`` defaults to the environment's ``EDUFRAME_API_KEY``.

        ``base_url``: another host (a fake, a staging API); ``pool``: a shared
        `SessionPool`; ``rate_limit``: a `RateLimit`, ``None`` for none (default
        `POLITE_RATE_LIMIT`); ``retry``: a `RetryPolicy`; ``timeout``: seconds per HTTP
        exchange.
        """
        key = credential_from_env(api_key, "EDUFRAME_API_KEY", self.vendor, "api_key")
        super().__init__(
            auth=HeaderAuth("Bearer", key),
            base_url=base_url,
            pool=pool,
            rate_limit=rate_limit,
            retry=retry,
            timeout=timeout,
        )

    def _result(self, spec: EndpointSpec, path: str, response: Response) -> Any:
        """Eduframe's answers beyond plain JSON: `Created`, and errors in a 2xx body."""
        if spec.returns is Created:
            return Created.from_response(response)
        if spec.returns not in (None, type(None), Response) and response.content.strip():
            status = _error_status(response.json())
            if status is not None:
                raise status_error(_as_status(response, status))
        return super()._result(spec, path, response)


def _error_status(body: Any) -> int | None:
    """The status an error body in a 2xx answer names (``{code, message, errors}``), or None.

    Only an integral ``code`` from 400 to 599 counts: ``code: 1e400`` (``inf``), ``NaN``
    or ``422.5`` is not a status, so the body is decoded as the model it claims to be.
    """
    if not isinstance(body, Mapping) or "message" not in body or not _ERROR_KEYS.issuperset(body):
        return None
    code = body.get("code")
    if isinstance(code, float) and code.is_integer():
        code = int(code)  # finite: inf and nan are not integers
    if isinstance(code, int) and not isinstance(code, bool) and 400 <= code < 600:
        return code
    return None


def _as_status(response: Response, status: int) -> Response:
    """``response`` as if it had come with the status its error body names."""
    return Response(
        vendor=response.vendor,
        method=response.method,
        url=response.url,
        status=status,
        headers=response.headers,
        content=response.content,
        secrets=response.secrets,
    )
