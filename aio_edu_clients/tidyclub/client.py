"""The TidyClub client: what is TidyClub's, nothing else."""

from __future__ import annotations

from typing import Unpack

from ..core.auth import OAuth2Auth, OAuthToken, TokenCallback
from ..core.client import BaseClient, ClientOptions
from ..core.models import ModelConverter
from ..core.oauth import TokenGrant, fetch_token
from ..core.operations import resource
from ..core.paging import XPagination
from ..core.ratelimit import RateLimit
from . import oauth
from .resources import Contacts

POLITE_RATE_LIMIT = RateLimit(requests=300, per=60)
"""TidyClub publishes no limit: 5 requests a second sustained, and 429s are honoured."""


class TidyClub(BaseClient):
    """TidyClub's API v1 (``https://api.tidyclub.com/v1``), with an OAuth2 user token.

    Build it with `login` (password grant: renews itself before expiry and after a
    401), `from_authorization_code`, or ``TidyClub(access_token=...)`` for a token you
    already have (a 401 is then final: `AuthenticationError`). ``on_token`` is called
    with every new `OAuthToken`, so an application can persist it. The token travels
    only in the ``Authorization: Bearer`` header, never in a URL.
    """

    vendor = "TidyClub"
    default_base_url = "https://api.tidyclub.com/v1"
    default_rate_limit = POLITE_RATE_LIMIT
    paging = XPagination()
    converter = ModelConverter(vendor)

    contacts = resource(Contacts)

    def __init__(
        self,
        access_token: str | OAuthToken | None = None,
        *,
        grant: TokenGrant | None = None,
        renewable: bool = True,
        on_token: TokenCallback | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """``grant`` (advanced) is how to obtain tokens; ``renewable=False`` uses it once."""
        token = OAuthToken(access_token) if isinstance(access_token, str) else access_token
        identity = None
        if grant is not None:
            form = grant.form
            identity = "|".join(form.get(k, "") for k in ("client_id", "domain_prefix", "username"))
        self._grant = grant
        super().__init__(
            auth=OAuth2Auth(
                token=token,
                fetch=self._fetch_token if grant is not None else None,
                single_use=not renewable,
                on_token=on_token,
                identity=identity if grant is not None and renewable else None,
                extra_secrets=tuple(grant.secrets().values) if grant is not None else (),
            ),
            **options,
        )

    async def _fetch_token(self) -> OAuthToken:
        assert self._grant is not None
        transport = self._transport
        return await fetch_token(
            self.pool, self._grant, retry=transport.retry, request_timeout=transport.timeout
        )

    @classmethod
    def authorize_url(
        cls,
        *,
        client_id: str,
        redirect_uri: str,
        response_type: str = "code",
        state: str | None = None,
        accounts_url: str = oauth.ACCOUNTS_URL,
    ) -> str:
        """Where to send the user's browser for the authorization-code or implicit flow."""
        return oauth.authorize_url(
            accounts_url,
            client_id=client_id,
            redirect_uri=redirect_uri,
            response_type=response_type,
            state=state,
        )

    @classmethod
    async def login(
        cls,
        *,
        client_id: str,
        client_secret: str,
        username: str,
        password: str,
        domain_prefix: str,
        accounts_url: str = oauth.ACCOUNTS_URL,
        on_token: TokenCallback | None = None,
        **options: Unpack[ClientOptions],
    ) -> TidyClub:
        """Log in with the password grant; bad credentials raise `OAuthError` here."""
        grant = oauth.password_grant(
            accounts_url,
            client_id=client_id,
            client_secret=client_secret,
            username=username,
            password=password,
            domain_prefix=domain_prefix,
        )
        return await cls(grant=grant, on_token=on_token, **options)._first_token()

    @classmethod
    async def from_authorization_code(
        cls,
        *,
        client_id: str,
        client_secret: str,
        code: str,
        redirect_uri: str,
        accounts_url: str = oauth.ACCOUNTS_URL,
        on_token: TokenCallback | None = None,
        **options: Unpack[ClientOptions],
    ) -> TidyClub:
        """Exchange the code the authorize redirect brought back for a token.

        A code works once, so this client cannot renew its token: when TidyClub
        expires it, calls raise `AuthenticationError` and the user must authorize again.
        """
        grant = oauth.authorization_code_grant(
            accounts_url,
            client_id=client_id,
            client_secret=client_secret,
            code=code,
            redirect_uri=redirect_uri,
        )
        client = cls(grant=grant, renewable=False, on_token=on_token, **options)
        return await client._first_token()

    async def _first_token(self) -> TidyClub:
        try:
            await self._transport.auth.renew(self._transport.auth.generation)
        except BaseException:
            await self.aclose()
            raise
        return self
