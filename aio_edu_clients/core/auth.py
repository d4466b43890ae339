"""How a request proves who it is: a static header, or an OAuth2 token that renews.

Every strategy answers the same three questions for the transport: which headers to
send, what identifies the credential for its rate budget, and — after a 401 — can a
fresh credential be had. Renewal is single-flight: however many requests fail with
the same stale token at once, one token request is made and all of them replay.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs

from ..errors import AuthenticationError, OAuthError
from .redact import Secrets

log = logging.getLogger("aio_edu_clients")


class Auth:
    """Base strategy. ``generation`` changes whenever the credential does."""

    secrets: Secrets
    generation: int = 0

    @property
    def credential_id(self) -> str:
        """Identifies the rate budget; hashed before use, never shown."""
        raise NotImplementedError

    @property
    def can_renew(self) -> bool:
        return False

    async def headers(self) -> Mapping[str, str]:
        raise NotImplementedError

    async def renew(self, stale_generation: int) -> bool:
        """After a 401 with ``stale_generation``: True if a newer credential is now in place."""
        return False

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def check_credential(value: object, option: str) -> str:
    """``value`` if it can travel in an ``Authorization`` header; else an error naming ``option``.

    Checked when a client is made, not on its first call: a key pasted with a trailing
    newline, or a token with a control character, would otherwise surface as an aiohttp
    header error (or a header injection) far from where it was passed. The message
    names the option and what is wrong, never the value.
    """
    if not isinstance(value, str):
        raise TypeError(f"{option} must be a string, not {type(value).__name__}")
    if not value:
        raise ValueError(f"{option} is empty")
    if value != value.strip():
        raise ValueError(f"{option} has whitespace around it (a stray space or newline?)")
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValueError(f"{option} holds whitespace or control characters")
    return value


class HeaderAuth(Auth):
    """``Authorization: <scheme> <secret>``: TutorCruncher's ``token KEY``, a Bearer key."""

    def __init__(self, scheme: str, secret: str, *, option: str = "api_key") -> None:
        self._secret = check_credential(secret, option)
        self._header = {"Authorization": f"{scheme} {secret}"}
        self.secrets = Secrets([secret])

    @property
    def credential_id(self) -> str:
        return self._secret

    async def headers(self) -> Mapping[str, str]:
        return self._header


@attrs.frozen(repr=False)
class OAuthToken:
    """An OAuth2 access token and when it stops working (wall-clock epoch seconds)."""

    access_token: str
    token_type: str = "bearer"
    expires_at: float | None = None
    refresh_token: str | None = None
    scope: str | None = None

    @classmethod
    def from_response(cls, data: Any, *, now: float | None = None) -> OAuthToken:
        """From an RFC 6749 token response (5.1); `OAuthError` if it is not a usable one.

        Checked field by field, because the token goes straight into an
        ``Authorization`` header and the expiry into arithmetic: ``access_token`` must
        be a string that can travel in a header (no newline, no control character);
        ``expires_in`` a finite number of seconds ``>= 0`` (or its text, as the implicit
        flow's fragment carries it), so ``1e400`` or a 5,000-digit value is refused
        rather than raising OverflowError later; the other fields strings or absent.
        The message names the field, never its value.
        """
        if not isinstance(data, Mapping):
            raise OAuthError(f"the token answer is {type(data).__name__}, not an object")
        token = data.get("access_token")
        if token is None:
            raise OAuthError("the token answer has no access_token")
        try:
            check_credential(token, "access_token")
        except (TypeError, ValueError) as exc:
            raise OAuthError(f"the token answer's {exc}") from None
        expires_at = None
        expires_in = _seconds(data.get("expires_in"))
        if expires_in is not None:
            expires_at = (time.time() if now is None else now) + expires_in
        return cls(
            access_token=token,
            token_type=_optional_text(data, "token_type") or "bearer",
            expires_at=expires_at,
            refresh_token=_optional_text(data, "refresh_token") or None,
            scope=_optional_text(data, "scope"),
        )

    def expires_within(self, seconds: float) -> bool:
        return self.expires_at is not None and self.expires_at - time.time() <= seconds

    def __repr__(self) -> str:
        return f"OAuthToken(access_token='***', token_type={self.token_type!r}, expires_at={self.expires_at!r})"


def _seconds(value: Any) -> float | None:
    """``expires_in`` as a finite number of seconds ``>= 0``; `OAuthError` if it is not one."""
    if value is None:
        return None
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        try:
            seconds = float(value)
        except (ValueError, OverflowError):  # "soon", or an int too large for a float
            pass
        else:
            if math.isfinite(seconds) and seconds >= 0:
                return seconds
    raise OAuthError("the token answer's expires_in is not a number of seconds")


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or isinstance(value, str):
        return value
    raise OAuthError(f"the token answer's {key} is {type(value).__name__}, not a string")


TokenFetcher = Callable[[], Awaitable[OAuthToken]]
TokenCallback = Callable[[OAuthToken], Awaitable[None] | None]


class OAuth2Auth(Auth):
    """A Bearer token that is re-acquired before it expires and once after a 401.

    ``fetch`` obtains a brand-new token (a password grant, say); without it the
    token cannot be renewed and a 401 is final; ``single_use`` fetches once only (an
    authorization code cannot be redeemed twice). ``on_token`` is told of every new
    token so an application can persist it. ``identity`` names the credential for
    its rate budget and must stay the same across renewals (the user, not the token).
    """

    def __init__(
        self,
        *,
        token: OAuthToken | None = None,
        fetch: TokenFetcher | None = None,
        on_token: TokenCallback | None = None,
        identity: str | None = None,
        single_use: bool = False,
        renew_margin: float = 60.0,
        extra_secrets: tuple[str | None, ...] = (),
    ) -> None:
        if token is None and fetch is None:
            raise ValueError("an access token or a way to fetch one is required")
        self._token = token
        self._fetch = fetch
        self._single_use = single_use
        self._on_token = on_token
        self._identity = identity
        self._renew_margin = renew_margin
        self._lock = asyncio.Lock()
        self.secrets = Secrets([token.access_token if token else None, *extra_secrets])

    @property
    def token(self) -> OAuthToken | None:
        return self._token

    @property
    def credential_id(self) -> str:
        if self._identity is not None:
            return self._identity
        return self._token.access_token if self._token else ""

    @property
    def can_renew(self) -> bool:
        return self._fetch is not None

    async def headers(self) -> Mapping[str, str]:
        token = self._token
        if token is None or (self._fetch is not None and token.expires_within(self._renew_margin)):
            await self.renew(self.generation)
            token = self._token
        if token is None:  # pragma: no cover - renew() either sets a token or raises
            raise AuthenticationError("no access token", status=401, vendor="", method="", url="")
        return {"Authorization": f"Bearer {token.access_token}"}

    async def renew(self, stale_generation: int) -> bool:
        if self._fetch is None:
            return False
        async with self._lock:
            if self._fetch is None:
                return self.generation != stale_generation
            if self.generation != stale_generation and self._token is not None:
                return True  # another caller renewed while we waited for the lock
            log.debug("acquiring a new OAuth2 access token")
            token = await self._fetch()
            if self._single_use:
                self._fetch = None
            self._token = token
            self.secrets.add(token.access_token)
            self.secrets.add(token.refresh_token)
            self.generation += 1
            if self._on_token is not None:
                result = self._on_token(token)
                if inspect.isawaitable(result):
                    await result
            return True
