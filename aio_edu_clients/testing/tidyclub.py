"""A fake TidyClub: OAuth2 token endpoint, Bearer tokens, ``X-Pagination-*`` headers."""

from __future__ import annotations

import random
import secrets
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from ._server import FakeServer

FIRST = ["Alex", "Bea", "Cal", "Dina", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kit", "Lou"]
LAST = ["Smith", "Tan", "Nguyen", "Walker", "Singh", "Kelly", "Martin", "Ng", "Wilson", "Roberts"]
CITIES = [
    ("Perth", "WA", "6000"),
    ("Sydney", "NSW", "2000"),
    ("Melbourne", "VIC", "3000"),
    ("Hobart", "TAS", "7000"),
]
_SLUGS = {
    400: "invalid_request",
    401: "invalid_token",
    403: "forbidden",
    404: "not_found",
    422: "unprocessable_entity",
    429: "rate_limited",
}


class FakeTidyClub(FakeServer):
    """TidyClub API v1 under ``/v1`` and its OAuth2 endpoints under ``/oauth``.

    One server plays both hosts: ``accounts_url`` is the server's root. Tokens live
    ``token_ttl`` seconds, and ``expire_tokens()`` ends them all at once (TidyClub says
    tokens "may expire at any time"). ``token_requests`` counts token-endpoint calls.
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
        **kw: Any,
    ) -> None:
        super().__init__(rate_limit=rate_limit, **kw)
        self.client_id = client_id
        self.client_secret = client_secret
        self.username = username
        self.password = password
        self.domain_prefix = domain_prefix
        self.token_ttl = token_ttl
        self.token_requests = 0
        self.tokens_issued: list[str] = []
        self._tokens: dict[str, float] = {}  # token -> expires at (monotonic)
        self._codes: dict[str, str] = {}  # code -> redirect_uri
        rng = random.Random(seed)
        self.contacts = {cid: _contact(rng, cid) for cid in range(1, contacts + 1)}

    @property
    def accounts_url(self) -> str:
        return self.url

    # -- what tests steer ----------------------------------------------------------------

    def expire_tokens(self) -> None:
        self._tokens.clear()

    def issue_code(self, redirect_uri: str) -> str:
        code = secrets.token_hex(10)
        self._codes[code] = redirect_uri
        return code

    # -- FakeServer hooks ----------------------------------------------------------------

    def setup_routes(self, app: web.Application) -> None:
        app.router.add_post("/oauth/token", self._token)
        app.router.add_get("/oauth/authorize", self._authorize)
        app.router.add_get("/v1/contacts", self._list_contacts)
        app.router.add_get("/v1/contacts/me", self._me)
        app.router.add_get("/v1/contacts/{id}", self._get_contact)

    def credential(self, request: web.Request) -> str | None:
        if request.path.startswith("/oauth/"):
            return "oauth"
        header = request.headers.get("Authorization", "")
        token = (
            header[7:] if header.startswith("Bearer ") else request.query.get("access_token", "")
        )
        expires = self._tokens.get(token)
        return token if expires is not None and expires > time.monotonic() else None

    def auth_error(self, request: web.Request) -> web.Response:
        return self.error(401, "The access token is invalid or has expired")

    def error_body(self, status: int, message: str) -> dict[str, Any]:
        return {"error": _SLUGS.get(status, "error"), "error_description": message}

    # -- OAuth ---------------------------------------------------------------------------

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        if not request.content_type.startswith("application/x-www-form-urlencoded"):
            return self._oauth_error(
                400, "invalid_request", "The token request must be form-encoded"
            )
        form = await request.post()
        grant = form.get("grant_type")
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return self._oauth_error(401, "invalid_client", "Client authentication failed")
        if grant == "password":
            ok = (form.get("username"), form.get("password"), form.get("domain_prefix")) == (
                self.username,
                self.password,
                self.domain_prefix,
            )
        elif grant == "authorization_code":
            redirect = self._codes.pop(str(form.get("code", "")), None)
            ok = redirect is not None and redirect == form.get("redirect_uri")
        else:
            return self._oauth_error(
                400, "unsupported_grant_type", "The grant type is not supported"
            )
        if not ok:
            return self._oauth_error(
                401,
                "invalid_grant",
                "The provided authorization grant is invalid, expired, revoked, does not match "
                "the redirection URI used in the authorization request, or was issued to another client.",
            )
        token = self._new_token()
        return web.json_response(
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.token_ttl,
                "refresh_token": None,
            },
            headers={"Cache-Control": "no-store"},
        )

    async def _authorize(self, request: web.Request) -> web.Response:
        q = request.query
        if q.get("client_id") != self.client_id or "redirect_uri" not in q:
            return self._oauth_error(
                400, "invalid_client", "Unknown client or missing redirect_uri"
            )
        redirect = q["redirect_uri"]
        if q.get("response_type") == "code":
            target = f"{redirect}?{urlencode({'code': self.issue_code(redirect)})}"
        elif q.get("response_type") == "token":
            fragment = {
                "access_token": self._new_token(),
                "token_type": "bearer",
                "expires_in": self.token_ttl,
            }
            target = f"{redirect}#{urlencode(fragment)}"
        else:
            return self._oauth_error(
                400, "unsupported_response_type", "response_type must be code or token"
            )
        raise web.HTTPFound(target)

    def _new_token(self) -> str:
        token = secrets.token_hex(32)
        self._tokens[token] = time.monotonic() + self.token_ttl
        self.tokens_issued.append(token)
        return token

    @staticmethod
    def _oauth_error(status: int, error: str, description: str) -> web.Response:
        return web.json_response({"error": error, "error_description": description}, status=status)

    # -- API -----------------------------------------------------------------------------

    async def _list_contacts(self, request: web.Request) -> web.Response:
        q = request.query
        items = list(self.contacts.values())
        if "search_terms" in q:
            needle = q["search_terms"].lower()
            items = [
                c
                for c in items
                if any(
                    needle in str(c[k]).lower()
                    for k in ("first_name", "last_name", "email_address")
                )
            ]
        if "registered" in q:
            if q["registered"] not in ("true", "false"):
                return self.error(400, "registered must be true or false")
            items = [c for c in items if c["registered"] == (q["registered"] == "true")]
        try:
            limit = int(q.get("limit", q.get("per_page", "25")))
            offset = int(q["offset"]) if "offset" in q else (int(q.get("page", "1")) - 1) * limit
        except ValueError:
            return self.error(400, "limit and offset must be numbers")
        limit = max(1, min(limit, 100))
        offset = max(0, offset)
        total = len(items)
        headers = {
            "X-Pagination-Per-Page": str(limit),
            "X-Pagination-Current-Page": str(offset // limit + 1),
            "X-Pagination-Total-Pages": str(max(1, -(-total // limit))),
            "X-Pagination-Total-Entries": str(total),
        }
        return web.json_response(items[offset : offset + limit], headers=headers)

    async def _get_contact(self, request: web.Request) -> web.Response:
        try:
            return web.json_response(self.contacts[int(request.match_info["id"])])
        except (KeyError, ValueError):
            return self.error(404, "Contact not found")

    async def _me(self, request: web.Request) -> web.Response:
        return (
            web.json_response(self.contacts[1])
            if 1 in self.contacts
            else self.error(404, "Contact not found")
        )


def _contact(rng: random.Random, cid: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, state, postcode = rng.choice(CITIES)
    created = datetime(2012, 12, 16, 21, 1, 22, tzinfo=UTC) + timedelta(days=cid * 3)
    stamp = (
        created.strftime("%Y-%m-%dT%H:%M:%SZ")
        if cid % 3
        else created.astimezone().strftime("%Y-%m-%dT%H:%M:%S+08:00")
    )
    birthday = (
        date(1950, 1, 1) + timedelta(days=rng.randrange(0, 20000)) if rng.random() < 0.7 else None
    )
    return {
        "id": cid,
        "first_name": first,
        "last_name": last,
        "nick_name": None,
        "company": rng.choice([None, "Acme Pty Ltd", "Harbour Rowing"]),
        "email_address": f"{first}.{last}{cid}@example.org".lower(),
        "phone_number": f"04{rng.randrange(10**7, 10**8)}",
        "address1": f"{rng.randrange(1, 300)} Beach Rd",
        "city": city,
        "state": state,
        "country": "Australia",
        "postcode": postcode,
        "gender": rng.choice(["male", "female", None]),
        "birthday": birthday.isoformat() if birthday else None,
        "facebook": None,
        "twitter": None,
        "details": "",
        "registered": rng.random() < 0.6,
        "created_at": stamp,
        "updated_at": stamp,
        "custom_fields": [
            {
                "id": "5b8ff85455e9",
                "title": "Custom checkbox field",
                "type": "boolean",
                "value": rng.random() < 0.5,
            },
            {
                "id": "280ada4c1dea",
                "title": "Custom dropdown field",
                "type": "dropdown",
                "value": {"id": "2fbd15a7ff31", "title": "Option 3"},
            },
            {"id": "001c1ca97c04", "title": "Member number", "type": "text", "value": f"{cid:06d}"},
        ],
    }
