"""The fakes themselves, seen by a raw aiohttp client: what users of `testing` rely on."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import aiohttp
import pytest

from aio_edu_clients.testing import (
    FakeEduframe,
    FakeTidyClub,
    FakeTutorCruncher,
    Fault,
    SlidingWindow,
)

from .conftest import FakeClock


def test_sliding_window_is_strict() -> None:
    window = SlidingWindow(3, 1.0)
    assert [window.hit("k", now=t) for t in (0.0, 0.1, 0.2)] == [None, None, None]
    assert window.hit("k", now=0.5) == pytest.approx(0.5)
    assert window.hit("other", now=0.5) is None, "windows are per credential"
    assert window.hit("k", now=1.0) is None  # the hit at 0.0 has left the window
    assert window.hit("k", now=1.05) == pytest.approx(0.05)


async def test_rate_limit_answers_429_with_retry_after_and_body(fakes_clock: FakeClock) -> None:
    async with FakeTutorCruncher(rate_limit=(5, 1.0)) as fake, aiohttp.ClientSession() as http:
        headers = {"Authorization": f"token {fake.api_key}"}
        statuses = []
        for _ in range(6):
            async with http.get(fake.base_url + "clients/", headers=headers) as resp:
                statuses.append(resp.status)
                body = await resp.json()
        assert statuses == [200] * 5 + [429]
        assert resp.headers["Retry-After"] == "1"
        assert body == {"detail": "Request was throttled. Expected available in 1 seconds."}
        assert fake.rate_limited == 1
        fakes_clock.advance(1.0)  # on the window's clock: the first arrival has left it
        async with http.get(fake.base_url + "clients/", headers=headers) as resp:
            assert resp.status == 200


async def test_retry_after_as_http_date(fakes_clock: FakeClock) -> None:
    async with (
        FakeEduframe(rate_limit=(1, 5.0), retry_after="http-date") as fake,
        aiohttp.ClientSession() as http,
    ):
        headers = {"Authorization": f"Bearer {fake.api_key}"}
        before = time.time()
        for _ in range(2):
            async with http.get(fake.base_url + "/courses", headers=headers) as resp:
                pass
        after = time.time()
        assert resp.status == 429
        when = parsedate_to_datetime(resp.headers["Retry-After"]).timestamp()
        # The 5 s the window still needs, plus the second the fake adds so that a date
        # cut to whole seconds is never early, from when it answered (before..after).
        assert before + 5 < when <= after + 6


async def test_unauthenticated_requests_get_the_vendor_error() -> None:
    async with (
        FakeTutorCruncher() as tc,
        FakeEduframe() as ef,
        FakeTidyClub() as tidy,
        aiohttp.ClientSession() as http,
    ):
        for url, body in (
            (tc.base_url + "clients/", {"detail": "Authentication credentials were not provided."}),
            (ef.base_url + "/courses", {"errors": {}, "code": 401, "message": "Unauthorized"}),
            (
                tidy.base_url + "/contacts",
                {
                    "error": "invalid_token",
                    "error_description": "The access token is invalid or has expired",
                },
            ),
        ):
            async with http.get(url) as resp:
                assert resp.status == 401
                assert await resp.json() == body


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        (
            Fault.status(503),
            lambda status, body: status == 503 and body == b'{"detail": "Service unavailable"}',
        ),
        (
            Fault.malformed_json(),
            lambda status, body: status == 200 and body.startswith(b'{"results"'),
        ),
        (Fault.html(502), lambda status, body: status == 502 and b"<html>" in body),
        (Fault.body(201, b"[]"), lambda status, body: status == 201 and body == b"[]"),
    ],
)
async def test_scripted_answers(fault: Fault, check: object) -> None:
    async with FakeTutorCruncher() as fake, aiohttp.ClientSession() as http:
        fake.script(fault)
        async with http.get(
            fake.base_url + "clients/", headers={"Authorization": "token test-key"}
        ) as resp:
            assert check(resp.status, await resp.read())  # type: ignore[operator]
        async with http.get(
            fake.base_url + "clients/", headers={"Authorization": "token test-key"}
        ) as resp:
            assert resp.status == 200, "a fault is used once"


async def test_drop_and_truncated_break_the_connection() -> None:
    async with FakeTutorCruncher() as fake, aiohttp.ClientSession() as http:
        fake.script(Fault.drop(), Fault.truncated())
        # POST: aiohttp itself resends an idempotent request once on a dropped connection
        with pytest.raises(aiohttp.ServerDisconnectedError):
            async with http.post(fake.base_url + "clients/"):
                pass
        with pytest.raises(aiohttp.ClientPayloadError):
            async with http.get(fake.base_url + "clients/") as resp:
                await resp.read()


async def test_script_matches_method_and_path() -> None:
    async with (
        FakeTutorCruncher() as fake,
        aiohttp.ClientSession(headers={"Authorization": "token test-key"}) as http,
    ):
        fake.script(Fault.status(500), method="POST", path="/api/clients/")
        async with http.get(fake.base_url + "clients/") as resp:
            assert resp.status == 200
        async with http.post(fake.base_url + "clients/", json={"user": {"last_name": "X"}}) as resp:
            assert resp.status == 500


async def test_tutorcruncher_envelope_uses_absolute_urls() -> None:
    async with (
        FakeTutorCruncher(clients=150) as fake,
        aiohttp.ClientSession(headers={"Authorization": "token test-key"}) as http,
    ):
        async with http.get(fake.base_url + "clients/", params={"status": "live"}) as resp:
            page = await resp.json()
        assert page["previous"] is None
        assert (
            page["next"].startswith(fake.url + "/api/clients/?") and "status=live" in page["next"]
        )
        assert page["results"][0]["url"] == f"{fake.url}/api/clients/{page['results'][0]['id']}/"
        async with http.get(fake.base_url + "clients/?page=99") as resp:
            assert resp.status == 404 and await resp.json() == {"detail": "Invalid page."}


async def test_eduframe_link_headers() -> None:
    async with (
        FakeEduframe(courses=30, paging="page") as fake,
        aiohttp.ClientSession(headers={"Authorization": "Bearer test-key"}) as http,
    ):
        async with http.get(fake.base_url + "/courses", params={"per_page": "10"}) as resp:
            assert 'rel="next"' in resp.headers["Link"] and "page=3" in resp.headers["Link"]
            assert len(await resp.json()) == 10
        async with http.get(fake.base_url + "/courses", params={"cursor": "garbage!"}) as resp:
            assert resp.status == 200  # page mode ignores cursors


async def test_tidyclub_token_endpoint_wants_forms() -> None:
    async with FakeTidyClub() as fake, aiohttp.ClientSession() as http:
        grant = {
            "grant_type": "password",
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "username": fake.username,
            "password": fake.password,
            "domain_prefix": fake.domain_prefix,
        }
        async with http.post(fake.accounts_url + "/oauth/token", json=grant) as resp:
            assert resp.status == 400
        async with http.post(fake.accounts_url + "/oauth/token", data=grant) as resp:
            token = await resp.json()
            assert resp.headers["Cache-Control"] == "no-store"
        assert token["token_type"] == "bearer" and token["refresh_token"] is None
        async with http.get(
            fake.base_url + "/contacts",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        ) as resp:
            assert resp.headers["X-Pagination-Total-Entries"] == str(len(fake.contacts))
            assert resp.headers["X-Pagination-Total-Pages"] == str(-(-len(fake.contacts) // 25))
        fake.expire_tokens()
        async with http.get(
            fake.base_url + "/contacts",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        ) as resp:
            assert resp.status == 401
        assert fake.token_requests == 2


async def test_same_seed_same_data() -> None:
    async with (
        FakeTutorCruncher(seed=7) as a,
        FakeTutorCruncher(seed=7) as b,
        FakeTutorCruncher(seed=8) as c,
    ):
        assert a.clients == b.clients
        assert a.clients != c.clients
