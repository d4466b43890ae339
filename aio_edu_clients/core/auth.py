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
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs

from ..errors import AuthenticationError
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


class HeaderAuth(Auth):
    """``Authorization: <scheme> <secret>``: TutorCruncher's ``token KEY``, a Bearer key."""

    def __init__(self, scheme: str, secret: str) -> None:
        if not secret:
            raise ValueError("an API key or token is required")
        self._secret = secret
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
    def from_response(cls, data: Mapping[str, Any], *, now: float | None = None) -> OAuthToken:
        """From an RFC 6749 token response; raises ``KeyError``/``TypeError`` if malformed."""
        token = data["access_token"]
        if not isinstance(token, str) or not token:
            raise TypeError("access_token is not a non-empty string")
        expires_in = data.get("expires_in")
        expires_at = None
        if expires_in is not None:
            expires_at = (time.time() if now is None else now) + float(expires_in)
        return cls(
            access_token=token,
            token_type=str(data.get("token_type") or "bearer"),
            expires_at=expires_at,
            refresh_token=data.get("refresh_token") or None,
            scope=data.get("scope"),
        )

    def expires_within(self, seconds: float) -> bool:
        return self.expires_at is not None and self.expires_at - time.time() <= seconds

    def __repr__(self) -> str:
        return f"OAuthToken(access_token='***', token_type={self.token_type!r}, expires_at={self.expires_at!r})"


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
