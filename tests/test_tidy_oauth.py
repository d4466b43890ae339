"""TidyClub OAuth2, every flow, through the public client against the fake's accounts host."""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from aio_edu_clients import OAuthToken, TidyClub, errors
from aio_edu_clients.testing import FakeTidyClub

from .conftest import FAST_RETRY, tidy_login

REDIRECT = "https://app.example.org/callback"


async def browse(url: str) -> str:
    """Follow the authorize step as a browser would; return where it redirects to."""
    async with aiohttp.ClientSession() as browser, browser.get(url, allow_redirects=False) as resp:
        assert resp.status == 302
        return resp.headers["Location"]


def token_posts(fake: FakeTidyClub) -> list[dict[str, list[str]]]:
    return [parse_qs(r.body.decode()) for r in fake.requests if r.path == "/oauth/token"]


async def test_authorization_code_flow_with_state(tidy_fake: FakeTidyClub) -> None:
    url = TidyClub.authorize_url(
        client_id=tidy_fake.client_id,
        redirect_uri=REDIRECT,
        state="xyz-123",
        accounts_url=tidy_fake.accounts_url,
    )
    assert url.startswith(tidy_fake.accounts_url + "/oauth/authorize?")
    assert parse_qs(urlsplit(url).query)["response_type"] == ["code"]
    landed = await browse(url)
    code = TidyClub.code_from_redirect(landed, state="xyz-123")
    tokens: list[OAuthToken] = []
    async with await TidyClub.from_authorization_code(
        client_id=tidy_fake.client_id,
        client_secret=tidy_fake.client_secret,
        code=code,
        redirect_uri=REDIRECT,
        accounts_url=tidy_fake.accounts_url,
        base_url=tidy_fake.base_url,
        on_token=tokens.append,
    ) as tidy:
        me = await tidy.contacts.me()
    assert me.id == tidy_fake.me_id
    (form,) = token_posts(tidy_fake)
    assert form == {
        "grant_type": ["authorization_code"],
        "client_id": [tidy_fake.client_id],
        "client_secret": [tidy_fake.client_secret],
        "code": [code],
        "redirect_uri": [REDIRECT],
    }
    assert [t.access_token for t in tokens] == tidy_fake.tokens_issued


def test_redirect_with_wrong_state_or_an_error_is_refused() -> None:
    with pytest.raises(errors.OAuthError) as info:
        TidyClub.code_from_redirect(REDIRECT + "?code=abc&state=forged", state="mine")
    assert info.value.error == "invalid_state"
    with pytest.raises(errors.OAuthError) as info:
        TidyClub.code_from_redirect(REDIRECT + "?error=access_denied&error_description=No")
    assert info.value.error == "access_denied" and "No" in str(info.value)
    with pytest.raises(errors.OAuthError):
        TidyClub.code_from_redirect(REDIRECT + "?state=s")
    with pytest.raises(errors.OAuthError):
        TidyClub.token_from_redirect(REDIRECT + "#token_type=bearer")


async def test_implicit_flow_token_comes_in_the_fragment(tidy_fake: FakeTidyClub) -> None:
    url = TidyClub.authorize_url(
        client_id=tidy_fake.client_id,
        redirect_uri=REDIRECT,
        response_type="token",
        state="s-9",
        accounts_url=tidy_fake.accounts_url,
    )
    landed = await browse(url)
    assert "?" not in landed and "#access_token=" in landed
    before = time.time()
    token = TidyClub.token_from_redirect(landed, state="s-9")
    after = time.time()
    assert token.access_token == tidy_fake.tokens_issued[-1]
    assert token.expires_at is not None and before + 7200 <= token.expires_at <= after + 7200
    assert "access_token" not in repr(token).replace("access_token='***'", "")
    async with TidyClub(access_token=token, base_url=tidy_fake.base_url, retry=FAST_RETRY) as tidy:
        assert (await tidy.organization.get()).domain_prefix == tidy_fake.domain_prefix
        tidy_fake.expire_tokens()
        with pytest.raises(errors.AuthenticationError):
            await tidy.organization.get()
    assert token_posts(tidy_fake) == [], "the implicit flow never calls the token endpoint"


async def test_password_login_sends_domain_prefix_form_encoded(tidy_fake: FakeTidyClub) -> None:
    async with await tidy_login(tidy_fake) as tidy:
        assert (await tidy.contacts.me()).id == tidy_fake.me_id
    (form,) = token_posts(tidy_fake)
    assert form == {
        "grant_type": ["password"],
        "client_id": [tidy_fake.client_id],
        "client_secret": [tidy_fake.client_secret],
        "username": [tidy_fake.username],
        "password": [tidy_fake.password],
        "domain_prefix": [tidy_fake.domain_prefix],
    }
    with pytest.raises(errors.OAuthError) as info:
        await TidyClub.login(
            client_id=tidy_fake.client_id,
            client_secret=tidy_fake.client_secret,
            username=tidy_fake.username,
            password=tidy_fake.password,
            domain_prefix="another-club",
            accounts_url=tidy_fake.accounts_url,
            base_url=tidy_fake.base_url,
        )
    assert info.value.error == "invalid_grant"


async def test_expiry_with_many_concurrent_callers_logs_in_exactly_once(
    tidy_fake: FakeTidyClub,
) -> None:
    seen: list[OAuthToken] = []
    async with await tidy_login(tidy_fake, on_token=seen.append) as tidy:
        await tidy.organization.get()
        tidy_fake.expire_tokens()
        tidy_fake.latency = 0.01  # keep the stale requests in flight together
        tidy_fake.reset_requests()
        results = await asyncio.gather(
            *(tidy.contacts.get(i) for i in range(1, 31)),
            *(tidy.invoices.list(max_items=3).collect() for _ in range(10)),
        )
    assert [c.id for c in results[:30]] == list(range(1, 31))  # type: ignore[union-attr]
    assert all(len(r) == 3 for r in results[30:])  # type: ignore[arg-type]
    logins = [r for r in tidy_fake.requests if r.path == "/oauth/token"]
    assert len(logins) == 1, "one password grant for all 40 callers"
    refused = [r for r in tidy_fake.requests if r.status == 401]
    assert refused, "the stale token was refused before the re-login"
    new = f"Bearer {seen[-1].access_token}"
    replayed = [r for r in tidy_fake.requests if r.path.startswith("/v1") and r.status == 200]
    assert len(replayed) == 40 and all(r.headers["Authorization"] == new for r in replayed)
    assert len(seen) == 2 and seen[0] != seen[1]


async def test_renewed_before_expiry_without_a_refusal(tidy_fake: FakeTidyClub) -> None:
    async with await tidy_login(tidy_fake) as tidy:
        tidy_fake.token_ttl = 30  # the next token is inside the 60 s renewal margin
        tidy_fake.expire_tokens()
        await tidy.organization.get()  # 401, re-login: a token about to run out
        tidy_fake.token_ttl = 7200
        tidy_fake.reset_requests()
        await asyncio.gather(*(tidy.groups.get(1) for _ in range(10)))
    assert [r.path for r in tidy_fake.requests].count("/oauth/token") == 1
    assert all(r.status != 401 for r in tidy_fake.requests), "renewed ahead, none refused"


async def test_an_existing_token_from_the_fake(tidy_fake: FakeTidyClub) -> None:
    token = tidy_fake.access_token
    assert token == tidy_fake.access_token, "stable while valid"
    async with TidyClub(access_token=token, base_url=tidy_fake.base_url) as tidy:
        assert len(await tidy.events.list(max_items=3).collect()) == 3
    tidy_fake.expire_tokens()
    assert tidy_fake.access_token != token, "a fresh one once expired"
    assert token_posts(tidy_fake) == []


async def test_token_only_in_the_header_never_in_logs_urls_or_errors(
    tidy_fake: FakeTidyClub, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="aio_edu_clients")
    tokens: list[OAuthToken] = []
    async with await tidy_login(tidy_fake, on_token=tokens.append) as tidy:
        await tidy.contacts.list(max_items=2).collect()
        with pytest.raises(errors.NotFoundError) as info:
            await tidy.tasks.get(99999)
        shown = f"{info.value} {info.value.url} {info.value.body} {tidy!r}"
    secret = tokens[0].access_token
    api = [r for r in tidy_fake.requests if r.path.startswith("/v1")]
    assert api and all(r.headers["Authorization"] == f"Bearer {secret}" for r in api)
    assert all("access_token" not in r.query for r in api)
    for text in (caplog.text, shown):
        for value in (secret, tidy_fake.password, tidy_fake.client_secret):
            assert value not in text


async def test_public_access_without_any_token(tidy_fake: FakeTidyClub) -> None:
    """Tickets need no token (quirk 10); private data answers 401."""
    async with TidyClub(None, base_url=tidy_fake.base_url, retry=FAST_RETRY) as tidy:
        tickets = await tidy.events.tickets(1).collect()
        assert tickets and all(t.id for t in tickets)
        with pytest.raises(errors.AuthenticationError):
            await tidy.contacts.get(1)
    assert all("Authorization" not in r.headers for r in tidy_fake.requests)


def test_an_empty_token_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        TidyClub(access_token=" ")


async def test_the_fake_token_endpoint_refuses_json_bodies(tidy_fake: FakeTidyClub) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            tidy_fake.accounts_url + "/oauth/token",
            json={"grant_type": "password", "client_id": tidy_fake.client_id},
        ) as resp,
    ):
        assert resp.status == 400 and (await resp.json())["error"] == "invalid_request"
