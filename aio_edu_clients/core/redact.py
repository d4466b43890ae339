"""Keep secrets out of logs, reprs, error messages and URLs.

Two nets, because one is not enough: query parameters whose *names* say they are
secret are masked wherever a URL is shown, and the *values* a client knows to be
secret (its key, token, password) are masked wherever text leaves the library —
vendors sometimes echo a bad token back in their error message.
"""

from __future__ import annotations

from collections.abc import Iterable

from yarl import URL

MASK = "***"

SECRET_PARAM_NAMES = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "client_secret",
        "code",
        "key",
        "password",
        "refresh_token",
        "secret",
        "signature",
        "token",
    }
)


class Secrets:
    """The secret values one client holds; grows when a token is renewed."""

    __slots__ = ("_values",)

    def __init__(self, values: Iterable[str | None] = ()) -> None:
        self._values: set[str] = set()
        for value in values:
            self.add(value)

    def add(self, value: str | None) -> None:
        # Very short values would mask innocent text ("a", "1") and are no secret anyway.
        if value and len(value) >= 4:
            self._values.add(value)

    @property
    def values(self) -> frozenset[str]:
        return frozenset(self._values)

    def scrub(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, MASK)
        return text

    def __repr__(self) -> str:
        return f"<Secrets: {len(self._values)} held>"


def redact_url(url: str | URL, secrets: Secrets | None = None) -> str:
    """The URL as it may be shown: no userinfo, secret-named query values masked."""
    try:
        u = url if isinstance(url, URL) else URL(url)
        if u.user is not None or u.password is not None:
            u = u.with_user(None)
        if u.query and any(k.lower() in SECRET_PARAM_NAMES for k in u.query):
            u = u.with_query(
                [(k, MASK if k.lower() in SECRET_PARAM_NAMES else v) for k, v in u.query.items()]
            )
        text = str(u)
    except (ValueError, TypeError):
        text = "<unparseable url>"
    return secrets.scrub(text) if secrets is not None else text
