"""A fake TidyClub: OAuth 2 (password, authorization-code, implicit), Bearer tokens that
expire, and every API v1 operation over a seeded club, bare JSON arrays with
``X-Pagination-*`` headers.

One server plays both of TidyClub's hosts: the API under ``/v1`` and the accounts
host's ``/oauth`` endpoints, so ``accounts_url`` is the server root. The OAuth side is
written out here; the API is served generically from the client's own operation list
(`_tidy_catalogue`), so every operation the client has, the fake answers.
"""

from __future__ import annotations

import base64
import binascii
import random
import re
import secrets
import time
from typing import Any, TypedDict
from urllib.parse import urlencode

from aiohttp import web

from ._server import FakeServer, RecordedRequest, RetryAfterFormat
from ._store import IdStore
from ._tidy_catalogue import TidyCatalogue
from ._tidyclub_data import hex_id, make_club, make_contacts, make_group_members

__all__ = ["FakeTidyClub"]

Record = dict[str, Any]
TOKEN_PATH = "/oauth/token"
_SLUGS = {400: "invalid_request", 401: "invalid_token", 404: "not_found", 429: "too_many_requests"}
# The error descriptions of Doorkeeper, the Rails OAuth provider these messages come from.
INVALID_CLIENT = (
    "Client authentication failed due to unknown client, no client authentication "
    "included, or unsupported authentication method."
)
INVALID_GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not match the "
    "redirection URI used in the authorization request, or was issued to another client."
)
INVALID_TOKEN = "The access token is invalid or has expired"
# "Authentication token is not required" for the whole Tickets section.
_PUBLIC_API = re.compile(r"^/v1/events/[^/]+/tickets(/|$)")


class PasswordLogin(TypedDict):
    """`TidyClub.login` arguments for a fake: see `FakeTidyClub.login_options`."""

    client_id: str
    client_secret: str
    username: str
    password: str
    domain_prefix: str
    accounts_url: str
    base_url: str


class FakeTidyClub(FakeServer):
    """TidyClub API v1 under ``/v1`` plus its OAuth endpoints under ``/oauth``.

    Tokens live ``token_ttl`` seconds (read when a token is issued), and
    ``expire_tokens()`` ends them all at once: TidyClub says tokens "may expire at any
    time". ``token_requests`` counts every POST to the token endpoint, granted or not;
    ``tokens_issued`` lists the tokens handed out, in order; ``issue_token()`` (or
    ``access_token``) gives a ready token without the OAuth dance.

    The club is seeded from ``seed``: ``contacts`` (id → dict, ``/contacts/me`` is
    ``me_id``), and every other collection in ``stores`` by its path name
    (``stores["invoices"]``...), with ``group_members`` (group id → contact ids). Tests
    read and edit them as plain dicts. Ticket endpoints need no token, as documented.
    """

    api_prefix = "/v1"

    def __init__(
        self,
        *,
        client_id: str = "test-client",
        client_secret: str = "test-secret",
        username: str = "admin@example.org",
        password: str = "test-password",
        domain_prefix: str = "demo",
        contacts: int = 180,
        token_ttl: int = 7200,
        rate_limit: tuple[int, float] | None = None,
        seed: int = 0,
        latency: float = 0.0,
        retry_after: RetryAfterFormat = "seconds",
        host: str = "127.0.0.1",
    ) -> None:
        super().__init__(rate_limit=rate_limit, latency=latency, retry_after=retry_after, host=host)
        self.client_id = client_id
        self.client_secret = client_secret
        self.username = username
        self.password = password
        self.domain_prefix = domain_prefix
        self.token_ttl = token_ttl
        self.token_requests = 0
        self.tokens_issued: list[str] = []
        self.me_id = 1
        self.contacts: dict[int, Record] = IdStore(make_contacts(contacts, seed))
        self.stores: dict[str, dict[Any, Record]] = {
            name: IdStore(records) if records and isinstance(next(iter(records)), int) else records
            for name, records in make_club(seed, self.contacts).items()
        }
        self.users: dict[Any, Record] = {}
        self.stores["users"] = self.users
        self.group_members = make_group_members(
            seed, sorted(self.contacts), len(self.stores["groups"])
        )
        self._ids = random.Random(seed + 31337)
        self._serial = 10_000
        self._refs = 1_000
        self._tokens: dict[str, float] = {}  # token -> expiry (time.monotonic())
        self._codes: dict[str, str] = {}  # authorization code -> its redirect_uri
        self._access_token: str | None = None

    def store(self, name: str) -> dict[Any, Record]:
        """The records of one collection: ``contacts`` or any of ``stores``."""
        return self.contacts if name == "contacts" else self.stores[name]

    def new_hex_id(self) -> str:
        """A fresh 12-character id, like TidyClub's (some all digits, some zero-padded)."""
        self._serial += 1
        return hex_id(self._ids, self._serial)

    def next_ref(self) -> int:
        """The next ledger ``ref_no`` (sent as a string)."""
        self._refs += 1
        return self._refs

    @property
    def accounts_url(self) -> str:
        """Root of the OAuth host (this same server): ``accounts_url + "/oauth/token"``."""
        return self.url

    def login_options(self) -> PasswordLogin:
        """Everything `TidyClub.login` needs to log in here with the password grant:
        ``await TidyClub.login(**fake.login_options())``."""
        return {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "username": self.username,
            "password": self.password,
            "domain_prefix": self.domain_prefix,
            "accounts_url": self.accounts_url,
            "base_url": self.base_url,
        }

    # -- steering from tests -------------------------------------------------------------

    def expire_tokens(self) -> None:
        """Invalidate every token issued so far."""
        self._tokens.clear()

    def issue_token(self) -> str:
        """Mint a valid access token without going through OAuth."""
        token = secrets.token_hex(32)
        self._tokens[token] = time.monotonic() + self.token_ttl
        self.tokens_issued.append(token)
        return token

    @property
    def access_token(self) -> str:
        """A valid token, minted on first use and again once it has expired or been
        expired: ``TidyClub(access_token=fake.access_token, base_url=fake.base_url)``."""
        token = self._access_token
        if token is None or self._tokens.get(token, 0.0) <= time.monotonic():
            token = self._access_token = self.issue_token()
        return token

    def issue_code(self, redirect_uri: str) -> str:
        """An authorization code, as the authorize step would hand out, for ``redirect_uri``."""
        code = secrets.token_urlsafe(24)
        self._codes[code] = redirect_uri
        return code

    # -- FakeServer hooks ----------------------------------------------------------------

    def setup_routes(self, app: web.Application) -> None:
        router = app.router
        router.add_post(TOKEN_PATH, self._token)
        router.add_get("/oauth/authorize", self._authorize)
        TidyCatalogue(self).register(app)

    def is_public(self, request: web.Request) -> bool:
        return request.path.startswith("/oauth/") or bool(_PUBLIC_API.match(request.path))

    def observe(self, record: RecordedRequest) -> None:
        if record.method == "POST" and record.path == TOKEN_PATH:
            self.token_requests += 1

    def credential(self, request: web.Request) -> str | None:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            token = request.query.get("access_token", "")  # the docs allow this too
        expiry = self._tokens.get(token)
        if expiry is None:
            return None
        if expiry <= time.monotonic():
            del self._tokens[token]
            return None
        return token

    def auth_error(self, request: web.Request) -> web.Response:
        challenge = (
            f'Bearer realm="TidyClub", error="invalid_token", error_description="{INVALID_TOKEN}"'
        )
        return self.error(401, INVALID_TOKEN, {"WWW-Authenticate": challenge})

    def error_body(self, status: int, message: str) -> Any:
        slug = _SLUGS.get(status) or self.reason(status).lower().replace(" ", "_")
        return {"error": slug, "error_description": message}

    def rate_limit_body(self, wait: int) -> Any:
        return self.error_body(429, f"Rate limit exceeded. Try again in {wait} seconds.")

    # -- OAuth ---------------------------------------------------------------------------

    async def _token(self, request: web.Request) -> web.Response:
        if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return _oauth_error(
                400,
                "invalid_request",
                "The token request must be form-encoded (application/x-www-form-urlencoded).",
            )
        form = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        client = (form.get("client_id"), form.get("client_secret"))
        if client == (None, None):
            client = _basic_auth(request.headers.get("Authorization", ""))
        if client != (self.client_id, self.client_secret):
            return _oauth_error(401, "invalid_client", INVALID_CLIENT)
        grant = form.get("grant_type")
        if grant == "password":
            given = (form.get("domain_prefix"), form.get("username"), form.get("password"))
            granted = given == (self.domain_prefix, self.username, self.password)
        elif grant == "authorization_code":
            redirect = self._codes.pop(form.get("code", ""), None)  # single use
            granted = redirect is not None and redirect == form.get("redirect_uri")
        elif not grant:
            return _oauth_error(400, "invalid_request", "Missing required parameter: grant_type.")
        else:
            return _oauth_error(
                400,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
            )
        if not granted:
            return _oauth_error(401, "invalid_grant", INVALID_GRANT)
        body = {
            "access_token": self.issue_token(),
            "token_type": "bearer",
            "expires_in": self.token_ttl,
            "refresh_token": None,
        }
        return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    async def _authorize(self, request: web.Request) -> web.Response:
        """A real user would sign in and approve here; the fake approves at once."""
        query = request.query
        if query.get("client_id") != self.client_id:
            return _oauth_error(400, "invalid_client", INVALID_CLIENT)
        redirect = query.get("redirect_uri")
        if not redirect:
            return _oauth_error(400, "invalid_request", "Missing required parameter: redirect_uri.")
        state = [("state", query["state"])] if "state" in query else []
        kind = query.get("response_type")
        if kind == "code":
            joiner = "&" if "?" in redirect else "?"
            location = (
                f"{redirect}{joiner}{urlencode([('code', self.issue_code(redirect)), *state])}"
            )
        elif kind == "token":
            fragment = [
                ("access_token", self.issue_token()),
                ("token_type", "bearer"),
                ("expires_in", str(self.token_ttl)),
                *state,
            ]
            location = f"{redirect}#{urlencode(fragment)}"
        else:
            return _oauth_error(
                400,
                "unsupported_response_type",
                "The authorization server does not support this response type.",
            )
        return web.Response(status=302, headers={"Location": location, "Cache-Control": "no-store"})


def _basic_auth(header: str) -> tuple[str | None, str | None]:
    """Client credentials sent as HTTP Basic auth instead of form fields."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    return client_id, secret


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response(
        {"error": error, "error_description": description},
        status=status,
        headers={"Cache-Control": "no-store"},
    )
