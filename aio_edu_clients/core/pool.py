"""One aiohttp session and connector shared by many clients.

A web backend serving many tenants creates a client per tenant; each must not open
its own connection pool. ``SessionPool`` owns the one session; clients borrow it and
never close it. Cookies are switched off: a shared session must not carry one
tenant's cookies into another tenant's requests.
"""

from __future__ import annotations

import aiohttp

from .. import __version__
from .lifecycle import AsyncCloseable, warn_unclosed

USER_AGENT = f"aio-edu-clients/{__version__} aiohttp/{aiohttp.__version__}"


class SessionPool(AsyncCloseable):
    """A lazily opened ``aiohttp.ClientSession`` with a bounded connector.

    ``limit`` caps open connections in total, ``limit_per_host`` per host (0: no cap).
    The session opens on first use, inside the running loop.
    """

    def __init__(
        self,
        *,
        limit: int = 100,
        limit_per_host: int = 0,
        keepalive_timeout: float = 30.0,
        ttl_dns_cache: int | None = 300,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.limit = limit
        self.limit_per_host = limit_per_host
        self._keepalive_timeout = keepalive_timeout
        self._ttl_dns_cache = ttl_dns_cache
        self.user_agent = user_agent
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    async def session(self) -> aiohttp.ClientSession:
        """The shared session, opened on first call."""
        if self._closed:
            raise RuntimeError("this SessionPool is closed")
        session = self._session
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(
                limit=self.limit,
                limit_per_host=self.limit_per_host,
                keepalive_timeout=self._keepalive_timeout,
                ttl_dns_cache=self._ttl_dns_cache,
            )
            session = self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={"User-Agent": self.user_agent, "Accept": "application/json"},
                raise_for_status=False,
                trust_env=False,
            )
        return session

    async def aclose(self) -> None:
        """Close the session and every pooled connection. Safe to call twice."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    @property
    def is_open(self) -> bool:
        """Whether a session is open and holds connections (and so must be closed)."""
        session = getattr(self, "_session", None)  # getattr: __del__ may see a half-built pool
        return session is not None and not session.closed

    def __del__(self) -> None:
        if self.is_open:
            warn_unclosed(self, type(self).__name__)

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("open" if self._session else "idle")
        return f"<SessionPool limit={self.limit} {state}>"
