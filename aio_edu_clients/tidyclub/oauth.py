"""TidyClub's OAuth2 flavour: its accounts host, its grants, its ``domain_prefix``.

TidyClub issues no refresh tokens (``refresh_token`` is always null) and tokens "may
expire at any time", so renewing means running the original grant again: the
password grant can be re-run at will; an authorization code is single-use, so a
client built from one cannot renew and a 401 is final.
"""

from __future__ import annotations

from urllib.parse import urlencode

from ..core.oauth import TokenGrant

ACCOUNTS_URL = "https://accounts.tidyclub.com"


def token_url(accounts_url: str) -> str:
    return accounts_url.rstrip("/") + "/oauth/token"


def authorize_url(
    accounts_url: str,
    *,
    client_id: str,
    redirect_uri: str,
    response_type: str,
    state: str | None = None,
) -> str:
    if response_type not in ("code", "token"):
        raise ValueError("response_type must be 'code' or 'token'")
    query = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": response_type}
    if state is not None:
        query["state"] = state
    return accounts_url.rstrip("/") + "/oauth/authorize?" + urlencode(query)


def password_grant(
    accounts_url: str,
    *,
    client_id: str,
    client_secret: str,
    username: str,
    password: str,
    domain_prefix: str,
) -> TokenGrant:
    return TokenGrant(
        token_url(accounts_url),
        {
            "grant_type": "password",
            "client_id": client_id,
            "client_secret": client_secret,
            "username": username,
            "password": password,
            "domain_prefix": domain_prefix,
        },
    )


def authorization_code_grant(
    accounts_url: str, *, client_id: str, client_secret: str, code: str, redirect_uri: str
) -> TokenGrant:
    return TokenGrant(
        token_url(accounts_url),
        {
            "grant_type": "authorization_code",
            "client_id": client_id,
            "client_secret": client_secret,
            "code": code,
            "redirect_uri": redirect_uri,
        },
    )
