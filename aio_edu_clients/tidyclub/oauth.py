"""TidyClub's OAuth2 flavour: its accounts host, its grants, its ``domain_prefix``.

TidyClub issues no refresh tokens (``refresh_token`` is always null) and tokens "may
expire at any time", so renewing means running the original grant again: the
password grant can be re-run at will; an authorization code is single-use, so a
client built from one cannot renew and a 401 is final.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs, urlencode, urlsplit

from ..core.auth import OAuthToken
from ..core.oauth import TokenGrant
from ..errors import OAuthError

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


def _redirect_params(url: str, part: str, state: str | None) -> dict[str, str]:
    """The redirect's query or fragment parameters, refusals and a wrong ``state`` raised.

    The URL comes from the user's browser, so anything in it is an `OAuthError`: a
    malformed URL (``http://[::1``), or a ``state`` with non-ASCII characters, which
    ``hmac.compare_digest`` refuses to compare as text (it is compared as UTF-8).
    """
    if not isinstance(url, str):
        raise TypeError(f"the redirect URL must be a string, not {type(url).__name__}")
    try:
        split = urlsplit(url)
    except ValueError:
        raise OAuthError("the redirect URL is malformed", error="invalid_request") from None
    raw = split.fragment if part == "fragment" else split.query
    params = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
    if "error" in params:
        description = params.get("error_description")
        raise OAuthError(
            f"authorization refused: {params['error']}"
            + (f": {description}" if description else ""),
            error=params["error"],
            description=description,
        )
    if state is not None and not hmac.compare_digest(_utf8(params.get("state", "")), _utf8(state)):
        raise OAuthError("the redirect's state does not match the one sent", error="invalid_state")
    return params


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def code_from_redirect(url: str, *, state: str | None = None) -> str:
    """The authorization code from ``REDIRECT_URI?code=...`` (the code flow's redirect)."""
    code = _redirect_params(url, "query", state).get("code")
    if not code:
        raise OAuthError("the redirect carries no authorization code", error="invalid_request")
    return code


def token_from_redirect(url: str, *, state: str | None = None) -> OAuthToken:
    """The token from ``REDIRECT_URI#access_token=...&expires_in=7200`` (implicit flow)."""
    params = _redirect_params(url, "fragment", state)
    try:
        return OAuthToken.from_response(params)
    except OAuthError as exc:
        raise OAuthError(
            f"the redirect's fragment carries no usable access_token ({exc})",
            error="invalid_request",
        ) from None
