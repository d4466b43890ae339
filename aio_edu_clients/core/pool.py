"""One aiohttp session and connector shared by many clients.

A web backend serving many tenants creates a client per tenant; each must not open
its own connection pool. ``SessionPool`` owns the one session; clients borrow it and
never close it. Cookies are switched off: a shared session must not carry one
tenant's cookies into another tenant's requests.

Networks as deployed: ``proxy=`` (an outbound proxy, credentials in its URL or in
``proxy_auth``), ``ssl=`` (an `ssl.SSLContext` for a private CA or client
certificates, or ``False`` to skip verification — for test rigs only),
``trust_env=True`` (``HTTP(S)_PROXY``, ``NO_PROXY`` and ``~/.netrc``, as curl and
requests read them), and the connector's limits. Or ``SessionPool(session=...)``
wraps an ``aiohttp.ClientSession`` the application already has; the pool then never
closes it (its owner does), and sends the headers it would have set on every request.
"""

from __future__ import annotations

import asyncio
import ssl as _ssl
from collections.abc import Mapping

import aiohttp
from yarl import URL

from .. import __version__
from .lifecycle import AsyncCloseable, warn_unclosed
from .redact import redact_url

USER_AGENT = f"aio-edu-clients/{__version__} aiohttp/{aiohttp.__version__}"


class SessionPool(AsyncCloseable):
    """A lazily opened ``aiohttp.ClientSession`` with a bounded connector (see module doc).

    ``limit`` caps open connections in total, ``limit_per_host`` per host (0: no cap);
    ``keepalive_timeout`` is how long an idle connection is kept for reuse. The
    session opens on first use, inside the running loop, and belongs to that loop.
    """

    def __init__(
        self,
        *,
        limit: int = 100,
        limit_per_host: int = 0,
        keepalive_timeout: float = 30.0,
        ttl_dns_cache: int | None = 300,
        user_agent: str = USER_AGENT,
        proxy: str | URL | None = None,
        proxy_auth: aiohttp.BasicAuth | None = None,
        ssl: _ssl.SSLContext | bool = True,
        trust_env: bool = False,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        if session is not None and (proxy or proxy_auth or ssl is not True or trust_env):
            raise ValueError(
                "proxy, proxy_auth, ssl and trust_env configure the pool's own session; "
                "with session=..., set them on that session instead"
            )
        if isinstance(ssl, bool) is False and not isinstance(ssl, _ssl.SSLContext):
            raise TypeError(f"ssl must be an ssl.SSLContext, True or False, not {ssl!r}")
        self.limit = limit
        self.limit_per_host = limit_per_host
        self._keepalive_timeout = keepalive_timeout
        self._ttl_dns_cache = ttl_dns_cache
        self.user_agent = user_agent
        self._proxy = URL(proxy) if proxy is not None else None
        self._proxy_auth = proxy_auth
        self._ssl = ssl
        self._trust_env = trust_env
        self._session: aiohttp.ClientSession | None = session
        self._borrowed = session is not None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self.request_headers: Mapping[str, str] = (
            {"User-Agent": user_agent, "Accept": "application/json"} if self._borrowed else {}
        )
        """Headers sent with every request: only for a borrowed session (ours has them)."""

    @property
    def closed(self) -> bool:
        return self._closed

    async def session(self, *, user: str = "") -> aiohttp.ClientSession:
        """The shared session, opened on first call; ``user`` names the caller in errors."""
        who = f"{user}: " if user else ""
        if self._closed:
            raise RuntimeError(
                f"{who}its {self!r} was closed by its owner; "
                "clients that share a pool must not be used after it is closed"
            )
        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            gone = " (since closed)" if self._loop.is_closed() else ""
            raise RuntimeError(
                f"{who}used from a second event loop: it and its {self!r} belong to the "
                f"loop that first used them{gone}. Create clients and pools inside the loop "
                "that uses them (in the application's startup hook, or within each "
                "asyncio.run()), not at import time or across asyncio.run() calls"
            )
        session = self._session
        if self._borrowed:
            assert session is not None
            if session.closed:
                raise RuntimeError(f"{who}the aiohttp session given to {self!r} is closed")
            return session
        if session is None or session.closed:
            connector = aiohttp.TCPConnector(
                limit=self.limit,
                limit_per_host=self.limit_per_host,
                keepalive_timeout=self._keepalive_timeout,
                ttl_dns_cache=self._ttl_dns_cache,
                ssl=self._ssl,
            )
            session = self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={"User-Agent": self.user_agent, "Accept": "application/json"},
                raise_for_status=False,
                trust_env=self._trust_env,
                proxy=self._proxy,
                proxy_auth=self._proxy_auth,
            )
        return session

    @property
    def secrets(self) -> tuple[str, ...]:
        """The proxy's password, if any: masked wherever a message could show it."""
        found = [self._proxy.password if self._proxy else None]
        found.append(self._proxy_auth.password if self._proxy_auth else None)
        return tuple(s for s in found if s)

    async def aclose(self) -> None:
        """Close the session and every pooled connection (not a borrowed session). Safe twice."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not session.closed and not self._borrowed:
            await session.close()

    @property
    def is_open(self) -> bool:
        """Whether a session of ours is open and holds connections (and so must be closed)."""
        session = getattr(self, "_session", None)  # getattr: __del__ may see a half-built pool
        borrowed = getattr(self, "_borrowed", False)
        return session is not None and not session.closed and not borrowed

    def __del__(self) -> None:
        if self.is_open:
            warn_unclosed(self, type(self).__name__)

    def __repr__(self) -> str:
        state = "closed" if self._closed else ("open" if self._session else "idle")
        proxy = f" proxy={redact_url(self._proxy)}" if self._proxy else ""
        borrowed = " borrowed session" if self._borrowed else ""
        return f"<SessionPool limit={self.limit}{proxy}{borrowed} {state}>"
