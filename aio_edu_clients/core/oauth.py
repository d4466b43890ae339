"""The OAuth2 token endpoint (RFC 6749 section 4), for any vendor that uses one.

Token requests are form-encoded and go to the vendor's accounts host, not its API
host, so they bypass the API's rate budget but share the session pool. They are
retried like idempotent calls (a second grant only issues a second token); a refusal
(``invalid_grant``, ``invalid_client``...) is final and raised as `OAuthError` without
the submitted secrets.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

import aiohttp
import attrs

from ..errors import OAuthError
from .auth import OAuthToken
from .pool import SessionPool
from .redact import Secrets, redact_url
from .response import decode_json
from .retry import RetryPolicy, parse_retry_after

log = logging.getLogger("aio_edu_clients")


@attrs.frozen(repr=False)
class TokenGrant:
    """A way to obtain a fresh access token: a token URL and the grant's form fields."""

    token_url: str
    form: Mapping[str, str]

    @property
    def grant_type(self) -> str:
        return self.form.get("grant_type", "?")

    def secrets(self) -> Secrets:
        return Secrets(self.form.get(k) for k in ("client_secret", "password", "code"))

    def __repr__(self) -> str:
        return f"<TokenGrant {self.grant_type} at {redact_url(self.token_url)}>"


async def fetch_token(
    pool: SessionPool,
    grant: TokenGrant,
    *,
    retry: RetryPolicy,
    request_timeout: float | None,
) -> OAuthToken:
    """Run ``grant`` against its token endpoint and return the new token."""
    session = await pool.session()
    secrets = grant.secrets()
    shown = redact_url(grant.token_url)
    attempt = 0
    while True:
        attempt += 1
        try:
            async with session.post(
                grant.token_url,
                data=dict(grant.form),
                headers={"Accept": "application/json"},
                timeout=aiohttp.ClientTimeout(total=request_timeout),
                allow_redirects=False,
            ) as resp:
                status, content = resp.status, await resp.read()
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        except (
            aiohttp.ClientError,
            aiohttp.http_exceptions.HttpProcessingError,
            TimeoutError,
        ) as exc:
            if attempt <= retry.max_retries:
                await asyncio.sleep(retry.backoff_delay(attempt))
                continue
            raise OAuthError(
                f"token request to {shown} failed: {secrets.scrub(str(exc)) or type(exc).__name__}"
            ) from None
        log.debug("POST %s (%s grant) -> %d (attempt %d)", shown, grant.grant_type, status, attempt)
        if (status == 429 or status >= 500) and attempt <= retry.max_retries:
            # Retry-After is honoured on a 5xx as on a 429 (RFC 9110 10.2.3), capped.
            delay = (
                retry.rate_limit_delay(retry_after, attempt)
                if status == 429 or retry_after is not None
                else retry.backoff_delay(attempt)
            )
            log.debug("token request to %s -> %d; retrying in %.2fs", shown, status, delay)
            await asyncio.sleep(delay)
            continue
        return _token_from(status, content, shown, secrets)


def _text(value: object) -> str | None:
    """An ``error``/``error_description`` worth quoting: a non-empty string, else nothing.

    Anything else (a number, a list nested a thousand deep) is not RFC 6749's answer,
    and ``str()`` of a deep value raises RecursionError.
    """
    return value if isinstance(value, str) and value else None


def _token_from(status: int, content: bytes, shown: str, secrets: Secrets) -> OAuthToken:
    """The token in a token endpoint's final answer, or the `OAuthError` it amounts to.

    Every way the answer can be wrong (not JSON, invalid UTF-8, nested too deep, NaN,
    a refusal, an object without a usable token) is an `OAuthError` with the status,
    never a bare ``ValueError`` or ``RecursionError``.
    """
    try:
        body = decode_json(content)
    except ValueError as exc:
        body, reason = None, str(exc)
    else:
        reason = "not a JSON object"
    if status != 200 or not isinstance(body, Mapping):
        error = _text(body.get("error")) if isinstance(body, Mapping) else None
        description = _text(body.get("error_description")) if isinstance(body, Mapping) else None
        if error or description:
            text = ": ".join(x for x in (error, description) if x)
        elif status == 200:
            text = f"the answer is {reason}"
        else:
            text = "no explanation"
        raise OAuthError(
            secrets.scrub(f"token request to {shown} -> {status}: {text}"),
            error=error,
            description=secrets.scrub(description) if description else None,
            status=status,
        )
    try:
        return OAuthToken.from_response(body)
    except OAuthError as exc:
        raise OAuthError(
            f"token request to {shown} -> {status}: the answer holds no usable access_token ({exc})",
            status=status,
        ) from None
