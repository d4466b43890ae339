"""Making a client as deployed: credentials from the environment, proxies, TLS, a
borrowed aiohttp session, connector limits, and the errors misuse deserves."""

from __future__ import annotations

import asyncio
import pickle
import ssl
from collections.abc import AsyncIterator

import aiohttp
import pytest
import trustme
from aiohttp import web
from yarl import URL

from aio_edu_clients import Eduframe, SessionPool, TidyClub, TutorCruncher, errors
from aio_edu_clients.testing import FakeTidyClub, FakeTutorCruncher, Fault

from .conftest import FAST_RETRY

# -- credentials from the environment ---------------------------------------------------


async def test_tutorcruncher_reads_its_key_from_the_environment(
    tc_fake: FakeTutorCruncher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTORCRUNCHER_API_KEY", tc_fake.api_key)
    async with TutorCruncher(base_url=tc_fake.base_url) as tc:
        cid = next(iter(tc_fake.clients))
        assert (await tc.clients.get(cid)).id == cid
    assert tc_fake.requests[0].headers["Authorization"] == f"token {tc_fake.api_key}"


async def test_tidyclub_reads_its_token_and_none_means_public(
    tidy_fake: FakeTidyClub, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = tidy_fake.issue_token()
    monkeypatch.setenv("TIDYCLUB_ACCESS_TOKEN", token)
    async with TidyClub(base_url=tidy_fake.base_url, retry=FAST_RETRY) as tidy:
        await tidy.contacts.me()
    assert tidy_fake.requests[-1].headers["Authorization"] == f"Bearer {token}"
    async with TidyClub(None, base_url=tidy_fake.base_url, retry=FAST_RETRY) as public:
        with pytest.raises(errors.AuthenticationError):
            await public.contacts.me()
    assert "Authorization" not in tidy_fake.requests[-1].headers


@pytest.mark.parametrize(
    ("make", "variable"),
    [
        (lambda: TutorCruncher(), "TUTORCRUNCHER_API_KEY"),
        (lambda: Eduframe(), "EDUFRAME_API_KEY"),
        (lambda: TidyClub(), "TIDYCLUB_ACCESS_TOKEN"),
    ],
    ids=["tutorcruncher", "eduframe", "tidyclub"],
)
def test_a_missing_credential_says_how_to_give_it(
    make: object, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(variable, raising=False)
    with pytest.raises(ValueError, match=rf"pass \w+=\.\.\. or set {variable}"):
        make()  # type: ignore[operator]
    monkeypatch.setenv(variable, "a-key-with-a-newline\n")
    with pytest.raises(ValueError, match=rf"{variable} \(from the environment\) has whitespace"):
        make()  # type: ignore[operator]


# -- proxies, TLS, a borrowed session, limits --------------------------------------------


class ForwardProxy:
    """A plain HTTP forward proxy on loopback that records what it was asked."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.url = ""

    async def __aenter__(self) -> ForwardProxy:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            headers = dict(line.split(": ", 1) for line in head[1:] if line)
            self.seen.append((head[0], headers))
            method, target, _ = head[0].split(" ")
            body = await reader.readexactly(int(headers.get("Content-Length", 0)))
            url = URL(target)
            up_reader, up_writer = await asyncio.open_connection(url.host, url.port)
            sent = {k: v for k, v in headers.items() if not k.lower().startswith("proxy-")}
            sent["Connection"] = "close"
            lines = [
                f"{method} {url.raw_path_qs} HTTP/1.1",
                *(f"{k}: {v}" for k, v in sent.items()),
            ]
            up_writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            writer.write(await up_reader.read())
            await writer.drain()
            up_writer.close()
        finally:
            writer.close()


async def test_requests_go_through_the_proxy_with_its_credentials_hidden(
    tc_fake: FakeTutorCruncher,
) -> None:
    async with ForwardProxy() as proxy:
        proxied = URL(proxy.url).with_user("squid").with_password("proxy-pass-123")
        async with SessionPool(proxy=str(proxied)) as pool:
            tc = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool)
            cid = next(iter(tc_fake.clients))
            assert (await tc.clients.get(cid)).id == cid
            assert "proxy-pass-123" not in repr(pool)
        line, headers = proxy.seen[0]
        assert line == f"GET {tc_fake.base_url}clients/{cid}/ HTTP/1.1"
        assert headers["Proxy-Authorization"].startswith("Basic ")
        assert "Proxy-Authorization" not in tc_fake.requests[0].headers


async def test_trust_env_takes_the_proxy_from_the_environment(
    tc_fake: FakeTutorCruncher, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = next(iter(tc_fake.clients))
    async with ForwardProxy() as proxy:
        for name in ("HTTP_PROXY", "http_proxy"):
            monkeypatch.setenv(name, proxy.url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url) as direct:
            await direct.clients.get(cid)
        assert proxy.seen == []  # trust_env is off by default
        async with SessionPool(trust_env=True) as pool:
            tc = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool)
            await tc.clients.get(cid)
        assert len(proxy.seen) == 1


@pytest.fixture
async def tls_server() -> AsyncIterator[tuple[str, trustme.CA]]:
    """An HTTPS server on loopback whose certificate a private CA signed."""
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    app = web.Application()

    async def ping(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.router.add_get("/api/ping/", ping)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"https://127.0.0.1:{port}/api", ca
    await runner.cleanup()


async def test_ssl_takes_a_private_ca_and_verification_is_on_by_default(
    tls_server: tuple[str, trustme.CA],
) -> None:
    url, ca = tls_server
    async with TutorCruncher("key", base_url=url, retry=FAST_RETRY) as default:
        with pytest.raises(errors.APIConnectionError, match="certificate"):
            await default.request("GET", "/ping/")
    context = ssl.create_default_context()
    ca.configure_trust(context)
    for setting in (context, False):
        async with SessionPool(ssl=setting) as pool:
            tc = TutorCruncher("key", base_url=url, pool=pool)
            assert (await tc.request("GET", "/ping/")).json() == {"ok": True}


async def test_a_borrowed_session_is_used_and_never_closed(tc_fake: FakeTutorCruncher) -> None:
    async with aiohttp.ClientSession() as mine:
        async with SessionPool(session=mine) as pool:
            tc = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool)
            await tc.clients.get(next(iter(tc_fake.clients)))
            await tc.aclose()
        assert not mine.closed
        sent = tc_fake.requests[0].headers
        assert sent["User-Agent"].startswith("aio-edu-clients/")
        assert sent["Accept"] == "application/json"
    with pytest.raises(ValueError, match="set them on that session"):
        SessionPool(session=mine, trust_env=True)


async def test_connector_limits_reach_the_connector() -> None:
    async with SessionPool(limit=7, limit_per_host=3, keepalive_timeout=5) as pool:
        connector = (await pool.session()).connector
        assert connector is not None
        assert (connector.limit, connector.limit_per_host) == (7, 3)


# -- misuse -------------------------------------------------------------------------------


async def test_a_closed_client_is_named_not_its_pool(tc_fake: FakeTutorCruncher) -> None:
    tc = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url)
    await tc.aclose()
    with pytest.raises(RuntimeError) as info:
        await tc.clients.get(1)
    base = tc_fake.base_url.rstrip("/")
    assert str(info.value).startswith(f"TutorCruncher client for {base} is closed")
    assert "SessionPool" not in str(info.value)
    with pytest.raises(RuntimeError, match="is closed"):
        await tc.clients.list().collect()


async def test_a_pool_closed_by_its_owner_names_the_client(tc_fake: FakeTutorCruncher) -> None:
    pool = SessionPool()
    tc = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool)
    await pool.aclose()
    with pytest.raises(RuntimeError, match=r"^TutorCruncher client for .*closed by its owner"):
        await tc.clients.get(1)


def test_a_second_event_loop_is_explained() -> None:
    async def first_loop() -> tuple[TutorCruncher, int]:
        async with FakeTutorCruncher(rate_limit=None) as fake:
            tc = TutorCruncher(fake.api_key, base_url=fake.base_url)
            cid = next(iter(fake.clients))
            await tc.clients.get(cid)
            return tc, cid

    tc, cid = asyncio.run(first_loop())
    with pytest.raises(RuntimeError) as info:
        asyncio.run(tc.clients.get(cid))
    message = str(info.value)
    assert message.startswith("TutorCruncher client for ")
    assert "second event loop" in message and "inside the loop that uses them" in message
    tc._pool._session = None  # its loop is gone; nothing left to close


# -- errors across processes --------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 500, 503])
async def test_status_errors_pickle_whole_and_without_secrets(
    tc_fake: FakeTutorCruncher, status: int
) -> None:
    key = tc_fake.api_key = "a-long-secret-api-key"
    headers = {"X-Request-Id": "req-9", "Set-Cookie": "session=abc", "X-Echo": key}
    tc_fake.script(*[Fault.status(status, {"detail": f"bad {key}"}, headers=headers)] * 9)
    async with TutorCruncher(key, base_url=tc_fake.base_url, retry=FAST_RETRY) as tc:
        with pytest.raises(errors.APIStatusError) as info:
            await tc.with_options(max_retries=0).clients.get(1)
    error = info.value
    assert error.status == status and error.request_id == "req-9"
    assert "Set-Cookie" not in error.headers and key not in error.headers["X-Echo"]
    dumped = pickle.dumps(error)
    assert key.encode() not in dumped and b"session=abc" not in dumped
    again = pickle.loads(dumped)
    assert type(again) is type(error) and str(again) == str(error)
    assert again.__dict__ == error.__dict__


def test_every_error_class_pickles_with_its_attributes() -> None:
    made: list[errors.EduClientError] = [
        errors.APIConnectionError("down", vendor="V", method="GET", url="u"),
        errors.APITimeoutError("slow", vendor="V", method="GET", url="u"),
        errors.DecodeError("bad", vendor="V", status=200, body="<", request_id="r"),
        errors.RateLimitError(
            "429", retry_after=2.5, status=429, vendor="V", method="GET", url="u"
        ),
        errors.OAuthError("no", error="invalid_grant", description="d", status=400),
        errors.ForeignURLError("elsewhere"),
        errors.WebhookSignatureError("forged"),
        errors.SharedLimiterUnavailable("redis down"),
    ]
    for error in made:
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert (again.args, again.__dict__) == (error.args, error.__dict__)
