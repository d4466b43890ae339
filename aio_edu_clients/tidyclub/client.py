"""The TidyClub client: what is TidyClub's, nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Unpack

from ..core.auth import Auth, OAuth2Auth, OAuthToken, TokenCallback, check_credential
from ..core.client import (
    VENDOR_DEFAULT,
    BaseClient,
    ClientOptions,
    VendorDefault,
    credential_from_env,
)
from ..core.models import ModelConverter
from ..core.oauth import TokenGrant, fetch_token
from ..core.operations import resource
from ..core.options import NOT_GIVEN, NotGiven
from ..core.paging import XPagination
from ..core.pool import SessionPool
from ..core.ratelimit import RateLimit
from ..core.redact import Secrets
from ..core.retry import RetryPolicy
from . import oauth
from .resources import (
    Categories,
    Contacts,
    CustomFields,
    Deposits,
    Emails,
    Events,
    Expenses,
    Groups,
    Invoices,
    Meetings,
    MembershipLevels,
    Memberships,
    OrganizationResource,
    Tasks,
    Transactions,
    Users,
)

POLITE_RATE_LIMIT = RateLimit(requests=300, per=60)
"""TidyClub publishes no limit: 5 requests a second sustained, and 429s are honoured."""


class PublicAccess(Auth):
    """No token at all: TidyClub then serves public data only (quirk 10).

    Tickets need no token, and contacts answer with their public fields; anything
    private answers 401, raised as `AuthenticationError` since nothing can renew.
    """

    def __init__(self) -> None:
        self.secrets = Secrets()

    @property
    def credential_id(self) -> str:
        return "public"

    async def headers(self) -> Mapping[str, str]:
        return {}


class TidyClub(BaseClient):
    """TidyClub's API v1 (``https://api.tidyclub.com/v1``), with an OAuth2 user token.

    Build it with `login` (password grant: renews itself before expiry and after a
    401), `from_authorization_code`, or ``TidyClub(access_token=...)`` for a token you
    already have (a 401 is then final: `AuthenticationError`). ``on_token`` is called
    with every new `OAuthToken`, so an application can persist it. The token travels
    only in the ``Authorization: Bearer`` header, never in a URL (the docs also allow
    ``?access_token=``, which would put it in every log line on the way).

    ``TidyClub()`` with neither token nor grant reads public data only (tickets need
    no token). Nested collections are methods of their parent, parent id first:
    ``tidy.groups.contacts(group_id)``, ``tidy.events.tickets(event_id)``.
    """

    vendor = "TidyClub"
    default_base_url = "https://api.tidyclub.com/v1"
    default_rate_limit = POLITE_RATE_LIMIT
    paging = XPagination()
    converter = ModelConverter(vendor)

    organization = resource(OrganizationResource)
    contacts = resource(Contacts)
    custom_fields = resource(CustomFields)
    groups = resource(Groups)
    membership_levels = resource(MembershipLevels)
    memberships = resource(Memberships)
    emails = resource(Emails)
    meetings = resource(Meetings)
    events = resource(Events)
    categories = resource(Categories)
    tasks = resource(Tasks)
    invoices = resource(Invoices)
    deposits = resource(Deposits)
    expenses = resource(Expenses)
    transactions = resource(Transactions)
    users = resource(Users)

    def __init__(
        self,
        access_token: str | OAuthToken | NotGiven | None = NOT_GIVEN,
        *,
        grant: TokenGrant | None = None,
        renewable: bool = True,
        on_token: TokenCallback | None = None,
        base_url: str | None = None,
        pool: SessionPool | None = None,
        rate_limit: RateLimit | VendorDefault | None = VENDOR_DEFAULT,
        retry: RetryPolicy | None = None,
        timeout: float | None = 30.0,
    ) -> None:
        """``access_token`` defaults to the environment's ``TIDYCLUB_ACCESS_TOKEN``.

        ``access_token=None`` reads public data only. ``grant`` (advanced) is how to
        obtain tokens; ``renewable=False`` uses it once. ``base_url``, ``pool``,
        ``rate_limit`` (default 300 a minute), ``retry`` and ``timeout`` are every
        client's options (see `BaseClient`).
        """
        if isinstance(access_token, NotGiven):
            access_token = (
                None
                if grant is not None
                else credential_from_env(None, "TIDYCLUB_ACCESS_TOKEN", self.vendor, "access_token")
            )
        if isinstance(access_token, str) and not access_token.strip():
            raise ValueError("access_token is empty; pass None for public data only")
        token = OAuthToken(access_token) if isinstance(access_token, str) else access_token
        if token is not None:
            check_credential(getattr(token, "access_token", token), "access_token")
        identity = None
        if grant is not None:
            form = grant.form
            identity = "|".join(form.get(k, "") for k in ("client_id", "domain_prefix", "username"))
        self._grant = grant
        auth: Auth = PublicAccess()
        if token is not None or grant is not None:
            auth = OAuth2Auth(
                token=token,
                fetch=self._fetch_token if grant is not None else None,
                single_use=not renewable,
                on_token=on_token,
                identity=identity if grant is not None and renewable else None,
                extra_secrets=tuple(grant.secrets().values) if grant is not None else (),
            )
        super().__init__(
            auth=auth,
            base_url=base_url,
            pool=pool,
            rate_limit=rate_limit,
            retry=retry,
            timeout=timeout,
        )

    code_from_redirect = staticmethod(oauth.code_from_redirect)
    token_from_redirect = staticmethod(oauth.token_from_redirect)

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
