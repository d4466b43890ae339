"""Auth strategies: static headers, and OAuth2 that renews once for everyone."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from aio_edu_clients import OAuthToken, TidyClub, errors
from aio_edu_clients.testing import FakeTidyClub

from .conftest import FAST_RETRY, tidy_login


async def test_password_grant_is_form_encoded(tidy_fake: FakeTidyClub) -> None:
    async with await tidy_login(tidy_fake):
        pass
    token_posts = [r for r in tidy_fake.requests if r.path == "/oauth/token"]
    assert len(token_posts) == 1
    assert token_posts[0].headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    form = parse_qs(token_posts[0].body.decode())
    assert form["grant_type"] == ["password"]
    assert form["domain_prefix"] == [tidy_fake.domain_prefix]
    assert form["username"] == [tidy_fake.username]


async def test_bad_credentials_fail_at_login_with_oauth_error(tidy_fake: FakeTidyClub) -> None:
    with pytest.raises(errors.OAuthError) as info:
        await TidyClub.login(
            client_id=tidy_fake.client_id,
            client_secret=tidy_fake.client_secret,
            username=tidy_fake.username,
            password="wrong-password-canary",
            domain_prefix=tidy_fake.domain_prefix,
            accounts_url=tidy_fake.accounts_url,
            base_url=tidy_fake.base_url,
        )
    assert info.value.error == "invalid_grant"
    assert info.value.status == 401
    assert "wrong-password-canary" not in str(info.value)


async def test_expired_token_renewed_once_for_many_concurrent_callers(
    tidy_fake: FakeTidyClub,
) -> None:
    seen: list[OAuthToken] = []
    async with await tidy_login(tidy_fake, on_token=seen.append) as tidy:
        first = await tidy.contacts.get(1)
        tidy_fake.expire_tokens()
        before = tidy_fake.token_requests
        results = await asyncio.gather(*(tidy.contacts.get(1) for _ in range(25)))
    assert all(r == first for r in results)
    assert tidy_fake.token_requests - before == 1, "one token request for all 25 callers"
    assert len(seen) == 2 and seen[0].access_token != seen[1].access_token


async def test_token_renewed_before_it_expires(tidy_fake: FakeTidyClub) -> None:
    tidy_fake.token_ttl = 30  # within the 60 s renewal margin: every use renews first
    async with await tidy_login(tidy_fake) as tidy:
        before = tidy_fake.token_requests
        await tidy.contacts.get(1)
        assert tidy_fake.token_requests == before + 1
        unauthorized = [r for r in tidy_fake.requests if r.status == 401]
        assert unauthorized == [], "renewed ahead of time, so nothing was refused"


async def test_access_token_only_raises_authentication_error_on_401(
    tidy_fake: FakeTidyClub,
) -> None:
    tokens: list[OAuthToken] = []
    await (await tidy_login(tidy_fake, on_token=tokens.append)).aclose()
    tidy_fake.expire_tokens()
    async with TidyClub(
        access_token=tokens[0].access_token, base_url=tidy_fake.base_url, retry=FAST_RETRY
    ) as tidy:
        with pytest.raises(errors.AuthenticationError) as info:
            await tidy.contacts.get(1)
    assert info.value.status == 401
    assert tokens[0].access_token not in str(info.value)


async def test_authorization_code_flow(tidy_fake: FakeTidyClub) -> None:
    redirect = "http://127.0.0.1:9/callback"
    url = TidyClub.authorize_url(
        client_id=tidy_fake.client_id,
        redirect_uri=redirect,
        response_type="code",
        accounts_url=tidy_fake.accounts_url,
    )
    async with aiohttp.ClientSession() as browser, browser.get(url, allow_redirects=False) as resp:
        assert resp.status == 302
        code = parse_qs(urlsplit(resp.headers["Location"]).query)["code"][0]
    async with await TidyClub.from_authorization_code(
        client_id=tidy_fake.client_id,
        client_secret=tidy_fake.client_secret,
        code=code,
        redirect_uri=redirect,
        accounts_url=tidy_fake.accounts_url,
        base_url=tidy_fake.base_url,
    ) as tidy:
        assert (await tidy.contacts.get(1)).id == 1
        # a code is single-use: when the token expires there is no way to renew it
        tidy_fake.expire_tokens()
        with pytest.raises(errors.AuthenticationError):
            await tidy.contacts.get(1)
    form = parse_qs(next(r for r in tidy_fake.requests if r.path == "/oauth/token").body.decode())
    assert form["grant_type"] == ["authorization_code"] and form["code"] == [code]


async def test_implicit_flow_url(tidy_fake: FakeTidyClub) -> None:
    redirect = "http://127.0.0.1:9/cb"
    url = TidyClub.authorize_url(
        client_id=tidy_fake.client_id,
        redirect_uri=redirect,
        response_type="token",
        accounts_url=tidy_fake.accounts_url,
    )
    query = parse_qs(urlsplit(url).query)
    assert query == {
        "client_id": [tidy_fake.client_id],
        "redirect_uri": [redirect],
        "response_type": ["token"],
    }
    async with aiohttp.ClientSession() as browser, browser.get(url, allow_redirects=False) as resp:
        fragment = parse_qs(urlsplit(resp.headers["Location"]).fragment)
    async with TidyClub(
        access_token=fragment["access_token"][0], base_url=tidy_fake.base_url
    ) as tidy:
        assert (await tidy.contacts.get(1)).id == 1


def test_authorize_url_rejects_unknown_response_type() -> None:
    with pytest.raises(ValueError, match="response_type"):
        TidyClub.authorize_url(client_id="c", redirect_uri="http://x/", response_type="password")


async def test_async_on_token_callback_is_awaited(tidy_fake: FakeTidyClub) -> None:
    stored: list[str] = []

    async def persist(token: OAuthToken) -> None:
        await asyncio.sleep(0)
        stored.append(token.access_token)

    async with await tidy_login(tidy_fake, on_token=persist):
        pass
    assert len(stored) == 1


def test_token_repr_hides_the_token() -> None:
    token = OAuthToken(access_token="secret-token-value")
    assert "secret-token-value" not in repr(token)
