"""The loopback fakes, exercised over real HTTP with a raw aiohttp client (not our library)."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import time
from collections.abc import AsyncIterator
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from aio_edu_clients.testing import (
    FakeEduframe,
    FakeServer,
    FakeTidyClub,
    FakeTutorCruncher,
    Fault,
    RecordedRequest,
    SlidingWindow,
)

if TYPE_CHECKING:
    from tests.conftest import FakeClock  # the `fakes_clock` fixture's type

TC_AUTH = {"Authorization": "token test-key"}
EF_AUTH = {"Authorization": "Bearer test-key"}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def tc() -> AsyncIterator[FakeTutorCruncher]:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        yield fake


@pytest.fixture
async def ef() -> AsyncIterator[FakeEduframe]:
    async with FakeEduframe() as fake:
        yield fake


@pytest.fixture
async def tidy() -> AsyncIterator[FakeTidyClub]:
    async with FakeTidyClub() as fake:
        yield fake


async def get(
    http: aiohttp.ClientSession, url: str, headers: dict[str, str] | None = None, **kw: Any
) -> tuple[int, Any, dict[str, str]]:
    """GET ``url``: (status, parsed JSON body or raw bytes, headers)."""
    async with http.get(url, headers=headers, **kw) as resp:
        raw = await resp.read()
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw
        return resp.status, body, dict(resp.headers)


def links(header: str) -> dict[str, str]:
    """``Link`` header → {rel: url}."""
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


async def password_token(http: aiohttp.ClientSession, fake: FakeTidyClub) -> str:
    form = {
        "grant_type": "password",
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "username": fake.username,
        "password": fake.password,
        "domain_prefix": fake.domain_prefix,
    }
    async with http.post(fake.accounts_url + "/oauth/token", data=form) as resp:
        assert resp.status == 200
        token: str = (await resp.json())["access_token"]
        return token


# -- the server itself ---------------------------------------------------------------


async def test_lifecycle_and_urls() -> None:
    fake = FakeTutorCruncher(clients=2000)
    with pytest.raises(RuntimeError, match="not started"):
        _ = fake.url
    await fake.start()
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", fake.url)
        assert fake.base_url == fake.url + "/api/"
        with pytest.raises(RuntimeError, match="already started"):
            await fake.start()
    finally:
        await fake.close()
        await fake.close()  # idempotent
    with pytest.raises(RuntimeError):
        _ = fake.url
    async with FakeEduframe() as ef, FakeTidyClub() as tidy:
        assert ef.base_url == ef.url + "/api/v1"
        assert tidy.base_url == tidy.url + "/v1" and tidy.accounts_url == tidy.url
        assert ef.url != tidy.url


async def test_requests_are_recorded_in_order_with_status(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession
) -> None:
    await get(http, tc.base_url + "clients/?page=2&status=live", TC_AUTH)
    async with http.post(tc.base_url + "clients/", json={"user": {"last_name": "X"}}) as resp:
        assert resp.status == 401
    first, second = tc.requests
    assert isinstance(first, RecordedRequest)
    assert (first.method, first.path, first.status) == ("GET", "/api/clients/", 200)
    assert first.query.getall("page") == ["2"] and first.params == {"page": "2", "status": "live"}
    assert first.headers["authorization"] == "token test-key" and first.body == b""
    assert (second.method, second.status, second.json()) == (
        "POST",
        401,
        {"user": {"last_name": "X"}},
    )
    assert first.time <= second.time <= time.monotonic()
    tc.reset_requests()
    assert tc.requests == []


async def test_unknown_routes_get_the_vendor_404(
    tc: FakeTutorCruncher, ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    status, body, _ = await get(http, tc.base_url + "nothing/", TC_AUTH)
    assert (status, body) == (404, {"detail": "Not found."})
    status, body, _ = await get(http, ef.base_url + "/nothing", EF_AUTH)
    assert (status, body) == (404, {"errors": {}, "code": 404, "message": "Not found"})
    async with http.delete(ef.base_url + "/courses", headers=EF_AUTH) as resp:
        assert resp.status == 405 and "GET" in resp.headers["Allow"]
        assert (await resp.json())["code"] == 405


async def test_latency_is_added_to_every_answer(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession
) -> None:
    tc.latency = 0.2
    started = time.monotonic()
    await asyncio.gather(*(get(http, tc.base_url + "clients/", TC_AUTH) for _ in range(3)))
    assert time.monotonic() - started >= 0.2
    assert tc.max_in_flight == 3, "latency is concurrent, not serialised"


# -- the sliding window ----------------------------------------------------------------


def test_sliding_window_arithmetic_is_exact() -> None:
    window = SlidingWindow(3, 1.0)
    assert [window.hit("k", now=t) for t in (0.0, 0.1, 0.2)] == [None, None, None]
    assert window.hit("k", now=0.5) == pytest.approx(0.5), "until 0.0 leaves the window"
    assert window.count("k", now=0.5) == 3, "a refused arrival is not recorded"
    assert window.hit("other", now=0.5) is None, "one window per key"
    assert window.hit("k", now=1.0) is None, "at exactly now - per the oldest has left"
    assert window.hit("k", now=1.05) == pytest.approx(0.05)
    assert window.hit("k", now=1.1) is None
    window.reset()
    assert window.count("k", now=1.1) == 0
    with pytest.raises(ValueError):
        SlidingWindow(0, 1.0)


async def test_rate_limit_six_requests_then_retry_after(
    http: aiohttp.ClientSession, fakes_clock: FakeClock
) -> None:
    async with FakeTutorCruncher(rate_limit=(5, 1.0)) as fake:
        answers = [await get(http, fake.base_url + "clients/", TC_AUTH) for _ in range(6)]
        assert [status for status, _, _ in answers] == [200] * 5 + [429]
        _, body, headers = answers[-1]
        assert headers["Retry-After"] == "1"
        assert body == {"detail": "Request was throttled. Expected available in 1 seconds."}
        assert fake.rate_limited == 1 and fake.requests[-1].status == 429
        fakes_clock.advance(float(headers["Retry-After"]))  # the window's clock
        status, _, _ = await get(http, fake.base_url + "clients/", TC_AUTH)
        assert status == 200


async def test_window_never_admits_more_than_its_limit(http: aiohttp.ClientSession) -> None:
    async with FakeTutorCruncher(rate_limit=(5, 1.0)) as fake:
        granted = 0

        async def hammer() -> None:
            nonlocal granted
            while granted < 11:  # into a third window, however long the machine takes
                status, _, _ = await get(http, fake.base_url + "clients/", TC_AUTH)
                if status == 200:
                    granted += 1
                await asyncio.sleep(0.005)

        await asyncio.gather(*(hammer() for _ in range(4)))
        admitted = sorted(r.time for r in fake.requests if r.status == 200)
        assert len(admitted) == granted >= 11
        # Any 6 admitted arrivals span more than the window (record and limiter clocks
        # are read microseconds apart, hence the tolerance).
        assert all(b - a > 1.0 - 0.005 for a, b in zip(admitted, admitted[5:], strict=False))
        assert fake.rate_limited == len(fake.requests) - len(admitted) > 0


async def test_retry_after_as_http_date(
    http: aiohttp.ClientSession, fakes_clock: FakeClock
) -> None:
    async with FakeEduframe(rate_limit=(1, 5.0), retry_after="http-date") as fake:
        await get(http, fake.base_url + "/courses", EF_AUTH)
        before = time.time()
        status, body, headers = await get(http, fake.base_url + "/courses", EF_AUTH)
        after = time.time()
        assert status == 429
        assert body == {"errors": {}, "code": 429, "message": "Too many requests"}
        when = parsedate_to_datetime(headers["Retry-After"]).timestamp()
        # ceil(wait) + 1 seconds after it answered (between before and after), to the second
        assert before + 5 < when <= after + 6


async def test_window_is_per_credential_and_skips_unauthenticated(
    http: aiohttp.ClientSession,
) -> None:
    async with FakeTidyClub(rate_limit=(2, 30.0)) as fake:
        one, two = fake.issue_token(), fake.issue_token()
        url = fake.base_url + "/contacts"
        for _ in range(3):
            status, _, _ = await get(http, url)  # unauthenticated: 401, not counted
            assert status == 401
        statuses = [(await get(http, url, {"Authorization": f"Bearer {one}"}))[0] for _ in range(3)]
        assert statuses == [200, 200, 429]
        status, _, _ = await get(http, url, {"Authorization": f"Bearer {two}"})
        assert status == 200
        fake.rate_limit = None  # mutable: off
        assert (await get(http, url, {"Authorization": f"Bearer {one}"}))[0] == 200
        assert fake.rate_limited == 1


# -- faults ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "body"),
    [
        (FakeTutorCruncher, {"detail": "Service unavailable"}),
        (FakeEduframe, {"errors": {}, "code": 503, "message": "Service unavailable"}),
        (
            FakeTidyClub,
            {"error": "service_unavailable", "error_description": "Service unavailable"},
        ),
    ],
)
async def test_fault_status_uses_the_vendor_body(
    make: type[FakeServer], body: dict[str, Any], http: aiohttp.ClientSession
) -> None:
    async with make() as fake:
        fake.script(Fault.status(503), Fault.status(503))
        # Faults come before auth: no credentials needed to see them.
        assert (await get(http, fake.base_url + "/x"))[:2] == (503, body)
        assert (await get(http, fake.base_url + "/x"))[:2] == (503, body)
        assert fake.pending_faults == 0
        status, _, _ = await get(http, fake.base_url + "/x")
        assert status in (401, 404), "scripted faults are used once"


async def test_fault_status_with_own_body_and_headers(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession
) -> None:
    tc.script(
        Fault.status(400, {"user": {"email": ["Enter a valid email address."]}}),
        Fault.status(500, "boom", headers={"X-Trace": "abc"}),
    )
    status, body, headers = await get(http, tc.base_url + "clients/", TC_AUTH)
    assert (status, body) == (400, {"user": {"email": ["Enter a valid email address."]}})
    assert headers["Content-Type"].startswith("application/json")
    status, body, headers = await get(http, tc.base_url + "clients/", TC_AUTH)
    assert (status, body, headers["X-Trace"]) == (500, b"boom", "abc")
    assert headers["Content-Type"].startswith("text/plain")


async def test_fault_rate_limited(tc: FakeTutorCruncher, http: aiohttp.ClientSession) -> None:
    when = "Wed, 21 Oct 2099 07:28:00 GMT"
    tc.script(Fault.rate_limited(), Fault.rate_limited(retry_after=7), Fault.rate_limited(when))
    answers = [await get(http, tc.base_url + "clients/", TC_AUTH) for _ in range(3)]
    assert [a[0] for a in answers] == [429, 429, 429]
    assert [a[2]["Retry-After"] for a in answers] == ["1", "7", when]
    assert answers[1][1] == {"detail": "Request was throttled. Expected available in 7 seconds."}
    assert tc.rate_limited == 0, "scripted 429s are not the limiter's"


async def test_fault_malformed_json_html_and_raw_body(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession
) -> None:
    tc.script(Fault.malformed_json(), Fault.html(), Fault.body(201, b"[1]", headers={"X-A": "b"}))
    async with http.get(tc.base_url + "clients/", headers=TC_AUTH) as resp:
        assert resp.status == 200 and resp.content_type == "application/json"
        with pytest.raises(json.JSONDecodeError):
            await resp.json()
    async with http.get(tc.base_url + "clients/", headers=TC_AUTH) as resp:
        assert resp.status == 502 and resp.content_type == "text/html"
        assert "<center><h1>502 Bad Gateway</h1></center>" in await resp.text()
    status, body, headers = await get(http, tc.base_url + "clients/", TC_AUTH)
    assert (status, body, headers["X-A"]) == (201, [1], "b")


async def test_fault_truncated_and_drop_break_the_connection_quietly(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    tc.script(Fault.truncated(), Fault.drop())
    async with http.get(tc.base_url + "clients/", headers=TC_AUTH) as resp:
        assert resp.status == 200 and resp.content_length is not None
        with pytest.raises(aiohttp.ClientPayloadError):
            await resp.read()
    with pytest.raises(aiohttp.ServerDisconnectedError):
        async with http.post(tc.base_url + "clients/", json={}, headers=TC_AUTH):
            pass
    assert [r.status for r in tc.requests] == [200, None], "a dropped request has no status"
    status, _, _ = await get(http, tc.base_url + "clients/", TC_AUTH)
    assert status == 200
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_fault_delay_trips_a_client_timeout(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession
) -> None:
    tc.script(Fault.delay(0.5))
    with pytest.raises(TimeoutError):
        await get(http, tc.base_url + "clients/", TC_AUTH, timeout=aiohttp.ClientTimeout(total=0.1))
    tc.script(Fault.delay(0.05))
    started = time.monotonic()
    status, body, _ = await get(http, tc.base_url + "clients/", TC_AUTH)
    assert status == 200 and body["count"] == 250, "after the delay, normal handling"
    assert time.monotonic() - started >= 0.05


async def test_script_matches_method_and_path_prefix_in_order(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession
) -> None:
    tc.script(Fault.status(502), Fault.status(504), method="post", path="/api/clients/")
    tc.script(Fault.status(418), path="/api/clients/7/")
    assert (await get(http, tc.base_url + "clients/", TC_AUTH))[0] == 200
    assert (await get(http, tc.base_url + "clients/7/", TC_AUTH))[0] == 418
    statuses = []
    for _ in range(3):
        async with http.post(
            tc.base_url + "clients/", json={"user": {"last_name": "Y"}}, headers=TC_AUTH
        ) as resp:
            statuses.append(resp.status)
    assert statuses == [502, 504, 201]


# -- TutorCruncher ---------------------------------------------------------------------


async def test_tc_auth_errors(tc: FakeTutorCruncher, http: aiohttp.ClientSession) -> None:
    url = tc.base_url + "clients/"
    cases = [
        (None, "Authentication credentials were not provided."),
        ({"Authorization": "Bearer test-key"}, "Authentication credentials were not provided."),
        ({"Authorization": "token wrong"}, "Invalid token."),
    ]
    for headers, detail in cases:
        status, body, resp_headers = await get(http, url, headers)
        assert (status, body) == (401, {"detail": detail})
        assert resp_headers["WWW-Authenticate"] == "Token"


async def test_tc_pages_newest_first_with_absolute_links(
    tc: FakeTutorCruncher, http: aiohttp.ClientSession
) -> None:
    url: str | None = tc.base_url + "clients/"
    pages = []
    while url:
        status, body, _ = await get(http, url, TC_AUTH)
        assert status == 200 and set(body) == {"count", "next", "previous", "results"}
        pages.append(body)
        url = body["next"]
    assert [len(p["results"]) for p in pages] == [100, 100, 50]
    assert {p["count"] for p in pages} == {250}
    ids = [r["id"] for p in pages for r in p["results"]]
    assert ids == list(range(250, 0, -1))
    assert pages[0]["previous"] is None and pages[-1]["next"] is None
    assert pages[0]["next"] == f"{tc.url}/api/clients/?page=2"
    assert pages[2]["previous"] == f"{tc.url}/api/clients/?page=2"
    assert pages[1]["previous"] == f"{tc.url}/api/clients/", "page 1 has no page parameter"
    ref = pages[0]["results"][0]
    assert set(ref) == {"id", "first_name", "last_name", "email", "url"}
    assert ref["url"] == f"{tc.url}/api/clients/250/"
    for bad in ("4", "0", "abc"):
        status, body, _ = await get(http, tc.base_url + f"clients/?page={bad}", TC_AUTH)
        assert (status, body) == (404, {"detail": "Invalid page."})
    status, body, _ = await get(http, tc.base_url + "clients/?page=last", TC_AUTH)
    assert len(body["results"]) == 50


async def test_tc_filters(tc: FakeTutorCruncher, http: aiohttp.ClientSession) -> None:
    base = tc.base_url + "clients/"
    _, body, _ = await get(http, base, TC_AUTH, params={"status": "prospect", "colour": "x"})
    prospects = [c for c in tc.clients.values() if c["status"] == "prospect"]
    assert body["count"] == len(prospects) > 0
    assert body["next"] is None or "status=prospect" in body["next"]
    assert all(tc.clients[r["id"]]["status"] == "prospect" for r in body["results"])

    someone = tc.clients[42]["user"]
    _, body, _ = await get(http, base, TC_AUTH, params={"user__email": someone["email"]})
    assert [r["id"] for r in body["results"]] == [42]

    _, body, _ = await get(http, base, TC_AUTH, params={"labels": "1"})
    assert {r["id"] for r in body["results"]} == {
        cid for cid, c in tc.clients.items() if any(lab["id"] == 1 for lab in c["labels"])
    }

    created = [tc.clients[i]["user"]["date_created"] for i in (100, 110)]
    params = {"user__created__gte": created[0], "user__created__lte": created[1]}
    _, body, _ = await get(http, base, TC_AUTH, params=params)
    assert [r["id"] for r in body["results"]] == list(range(110, 99, -1))

    for params, field in (
        ({"status": "asleep"}, "status"),
        ({"labels": "vip"}, "labels"),
        ({"user__created__gte": "last tuesday"}, "user__created__gte"),
    ):
        status, body, _ = await get(http, base, TC_AUTH, params=params)
        assert status == 400 and list(body) == [field]


async def test_tc_next_link_keeps_filters_sorted_like_drf(http: aiohttp.ClientSession) -> None:
    async with FakeTutorCruncher(rate_limit=None, page_size=10) as fake:
        _, body, _ = await get(http, fake.base_url + "clients/?status=live&zebra=1", TC_AUTH)
        assert body["next"] == f"{fake.url}/api/clients/?page=2&status=live&zebra=1"


async def test_tc_detail_v1_and_quirks(tc: FakeTutorCruncher, http: aiohttp.ClientSession) -> None:
    status, client, _ = await get(http, tc.base_url + "clients/7/", TC_AUTH)
    assert status == 200 and client == tc.clients[7]
    user = client["user"]
    assert user["country"] == "United Kingdom (GB)"
    assert re.fullmatch(r"-?\d+\.\d{16}", user["latitude"])
    assert isinstance(client["payment_pending"], float), "every 7th is a JSON number"
    assert client["status"] in ("prospect", "live", "dormant")
    everyone = list(tc.clients.values())
    assert {type(c["auto_charge"]) for c in everyone} == {bool, int}
    assert any(c["user"]["date_created"].endswith("Z") for c in everyone)
    assert any(c["user"]["date_created"].endswith("+01:00") for c in everyone)
    assert any(c["invoice_balance"].startswith("-") for c in everyone)
    assert isinstance(tc.clients[8]["payment_pending"], str)
    status, body, _ = await get(http, tc.base_url + "clients/9999/", TC_AUTH)
    assert (status, body) == (404, {"detail": "Not found."})


async def test_tc_roles_v2_is_flat_with_photo(http: aiohttp.ClientSession) -> None:
    async with FakeTutorCruncher(roles_version=2, rate_limit=None) as fake:
        _, client, _ = await get(http, fake.base_url + "clients/4/", TC_AUTH)
        assert "user" not in client and "photo" in client
        stored = fake.clients[4]
        assert client["email"] == stored["user"]["email"]
        assert client["invoice_balance"] == stored["invoice_balance"]
        async with http.post(
            fake.base_url + "clients/4/", json={"last_name": "Renamed"}, headers=TC_AUTH
        ) as resp:
            assert resp.status == 200
            assert (await resp.json())["role"]["last_name"] == "Renamed"
        assert fake.clients[4]["user"]["last_name"] == "Renamed"


async def test_tc_create_and_validation(tc: FakeTutorCruncher, http: aiohttp.ClientSession) -> None:
    url = tc.base_url + "clients/"
    new = {
        "user": {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": "ada@example.org",
            "country": 183,
        },
        "status": "prospect",
    }
    async with http.post(url, json=new, headers=TC_AUTH) as resp:
        assert resp.status == 201
        made = await resp.json()
    assert made["status"] == "success"
    role = made["role"]
    assert role["id"] == 251 and role["user"]["last_name"] == "Lovelace"
    assert role["user"]["country"] == "United Kingdom (GB)" and "last_updated" in role
    assert tc.clients[251]["status"] == "prospect"
    _, detail, _ = await get(http, url + "251/", TC_AUTH)
    assert "last_updated" not in detail, "only write responses carry it"
    _, page, _ = await get(http, url, TC_AUTH)
    assert page["count"] == 251 and page["results"][0]["id"] == 251

    # V1 upserts by email.
    again = {"user": {"email": "ada@example.org", "last_name": "King"}}
    async with http.post(url, json=again, headers=TC_AUTH) as resp:
        assert resp.status == 200 and (await resp.json())["role"]["id"] == 251
    assert len(tc.clients) == 251 and tc.clients[251]["user"]["last_name"] == "King"

    # Flat V2-style fields are accepted too.
    async with http.post(url, json={"last_name": "Flat"}, headers=TC_AUTH) as resp:
        assert resp.status == 201 and (await resp.json())["role"]["user"]["last_name"] == "Flat"

    async with http.post(url, json={"user": {"first_name": "No"}}, headers=TC_AUTH) as resp:
        assert resp.status == 400
        assert await resp.json() == {"user": {"last_name": ["This field is required."]}}
    async with http.post(
        url, data=b"{nope", headers={**TC_AUTH, "Content-Type": "application/json"}
    ) as resp:
        assert resp.status == 400
        assert (await resp.json())["detail"].startswith("JSON parse error - ")
    assert len(tc.clients) == 252


async def test_tc_store_edits_show_up(tc: FakeTutorCruncher, http: aiohttp.ClientSession) -> None:
    del tc.clients[250]
    tc.clients[900] = {**tc.clients[1], "id": 900}
    _, page, _ = await get(http, tc.base_url + "clients/", TC_AUTH)
    assert page["count"] == 250 and [r["id"] for r in page["results"][:2]] == [900, 249]


# -- Eduframe --------------------------------------------------------------------------


async def test_ef_auth_and_not_found(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    unauthorized = {"errors": {}, "code": 401, "message": "Unauthorized"}
    for headers in (None, {"Authorization": "Bearer nope"}, {"Authorization": "token test-key"}):
        assert (await get(http, ef.base_url + "/courses", headers))[:2] == (401, unauthorized)
    status, body, _ = await get(http, ef.base_url + "/courses/9999", EF_AUTH)
    assert (status, body) == (404, {"errors": {}, "code": 404, "message": "Not found"})
    status, course, _ = await get(http, ef.base_url + "/courses/3", EF_AUTH)
    assert status == 200 and course == ef.courses[3]


async def test_ef_cursor_paging_follows_link_next(
    ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    url: str | None = ef.base_url + "/courses"
    pages: list[list[dict[str, Any]]] = []
    while url:
        status, body, headers = await get(http, url, EF_AUTH)
        assert status == 200 and isinstance(body, list)
        pages.append(body)
        rels = links(headers.get("Link", ""))
        assert "last" not in rels, "the live API sends no rel=last"
        url = rels.get("next")
        if url:
            query = parse_qs(urlsplit(url).query)
            assert url.startswith(ef.base_url + "/courses?cursor=")
            assert query["per_page"] == ["25"]
            payload = query["cursor"][0]
            decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            assert decoded["after"] == body[-1]["id"]
    assert [len(p) for p in pages] == [25, 25, 25, 25, 20]
    assert [c["id"] for p in pages for c in p] == list(range(1, 121))
    course = pages[0][0]
    for key in ("starting_price", "cost_scheme", "slug", "label_ids", "custom", "created_at"):
        assert key in course
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", course["created_at"])


async def test_ef_cursor_keeps_filters_and_rejects_garbage(
    ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    published = sorted(cid for cid, c in ef.courses.items() if c["is_published"])
    url: str | None = ef.base_url + "/courses?published=published&per_page=40"
    seen: list[int] = []
    while url:
        _, body, headers = await get(http, url, EF_AUTH)
        seen += [c["id"] for c in body]
        url = links(headers.get("Link", "")).get("next")
        assert url is None or ("published=published" in url and "per_page=40" in url)
    assert seen == published
    status, body, _ = await get(http, ef.base_url + "/courses?cursor=garbage!", EF_AUTH)
    assert status == 400 and body["code"] == 400 and "cursor" in body["errors"]
    for per_page in ("0", "101", "many"):
        status, body, _ = await get(http, ef.base_url + f"/courses?per_page={per_page}", EF_AUTH)
        assert (status, body) == (
            422,
            {
                "errors": {"per_page": ["must be between 1 and 100"]},
                "code": 422,
                "message": "Validation failed",
            },
        )


async def test_ef_page_mode_has_next_and_last(http: aiohttp.ClientSession) -> None:
    async with FakeEduframe(paging="page") as fake:
        _, body, headers = await get(http, fake.base_url + "/courses?published=published", EF_AUTH)
        rels = links(headers["Link"])
        total = sum(c["is_published"] for c in fake.courses.values())
        last = -(-total // 25)
        assert rels["next"] == f"{fake.base_url}/courses?page=2&per_page=25&published=published"
        assert (
            rels["last"] == f"{fake.base_url}/courses?page={last}&per_page=25&published=published"
        )
        _, body, headers = await get(http, rels["last"], EF_AUTH)
        assert len(body) == total - 25 * (last - 1)
        assert set(links(headers["Link"])) == {"last"}


async def test_ef_sort(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    ids: list[int] = []
    url: str | None = ef.base_url + "/courses?sort=name:desc&sort=id:asc&per_page=50"
    while url:
        _, body, headers = await get(http, url, EF_AUTH)
        ids += [c["id"] for c in body]
        url = links(headers.get("Link", "")).get("next")
    by_name = sorted(ef.courses.values(), key=lambda c: c["id"])
    by_name.sort(key=lambda c: c["name"], reverse=True)
    assert ids == [c["id"] for c in by_name]
    status, body, _ = await get(http, ef.base_url + "/courses?sort=price:asc", EF_AUTH)
    assert status == 400 and body["code"] == 400


async def test_ef_planned_courses_filters_and_quirks(
    ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    base = ef.base_url + "/planned_courses"
    _, first, _ = await get(http, base, EF_AUTH)
    assert [p["id"] for p in first] == list(range(1, 26))
    assert any(p["status"] == "postponed" for p in first), "a status outside the enum"
    assert any("legacy_ref" in p for p in first), "a field outside the schema"
    required = {"id", "status", "course_id", "type", "start_date", "end_date", "cost", "currency"}
    assert all(required <= set(p) for p in first)

    query = "course_id=1&course_id=2&status=planned&status=active&per_page=100"
    _, body, _ = await get(http, f"{base}?{query}", EF_AUTH)
    expected = [
        pid
        for pid, p in sorted(ef.planned_courses.items())
        if p["course_id"] in (1, 2) and p["status"] in ("planned", "active")
    ]
    assert [p["id"] for p in body] == expected

    params = {
        "type": "FixedPlannedCourse",
        "start_date_from": "2026-01-01",
        "start_date_until": "2026-03-31",
        "sort": "start_date:desc",
        "per_page": "100",
    }
    _, body, _ = await get(http, base, EF_AUTH, params=params)
    starts = [p["start_date"] for p in body]
    assert starts and starts == sorted(starts, reverse=True)
    assert all("2026-01-01" <= s <= "2026-03-31" for s in starts)
    assert {p["type"] for p in body} == {"FixedPlannedCourse"}
    status, body, _ = await get(http, base, EF_AUTH, params={"sort": "cost:asc"})
    assert status == 400


# -- TidyClub --------------------------------------------------------------------------


async def test_tidy_password_grant(
    tidy: FakeTidyClub, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    form = {
        "grant_type": "password",
        "client_id": tidy.client_id,
        "client_secret": tidy.client_secret,
        "username": tidy.username,
        "password": tidy.password,
        "domain_prefix": tidy.domain_prefix,
    }
    token_url = tidy.accounts_url + "/oauth/token"
    async with http.post(token_url, json=form) as resp:
        assert resp.status == 400 and (await resp.json())["error"] == "invalid_request"
    async with http.post(token_url, data={**form, "password": "wrong"}) as resp:
        body = await resp.json()
        assert resp.status == 401 and body["error"] == "invalid_grant"
        assert body["error_description"].startswith("The provided authorization grant is invalid")
    async with http.post(token_url, data={**form, "domain_prefix": "other"}) as resp:
        assert resp.status == 401 and (await resp.json())["error"] == "invalid_grant"
    async with http.post(token_url, data={**form, "client_secret": "wrong"}) as resp:
        assert resp.status == 401 and (await resp.json())["error"] == "invalid_client"
    async with http.post(token_url, data=form) as resp:
        assert resp.status == 200 and resp.headers["Cache-Control"] == "no-store"
        token = await resp.json()
    assert re.fullmatch(r"[0-9a-f]{64}", token["access_token"])
    assert {k: v for k, v in token.items() if k != "access_token"} == {
        "token_type": "bearer",
        "expires_in": 7200,
        "refresh_token": None,
    }
    assert tidy.token_requests == 5 and tidy.tokens_issued == [token["access_token"]]
    status, me, _ = await get(
        http, tidy.base_url + "/contacts/me", {"Authorization": f"Bearer {token['access_token']}"}
    )
    assert status == 200 and me == tidy.contacts[1]
    assert token["access_token"] not in caplog.text


async def test_tidy_authorization_code_flow(
    tidy: FakeTidyClub, http: aiohttp.ClientSession
) -> None:
    redirect = "https://app.example.org/callback"
    params = {
        "client_id": tidy.client_id,
        "redirect_uri": redirect,
        "response_type": "code",
        "state": "s1",
    }
    async with http.get(
        tidy.accounts_url + "/oauth/authorize", params=params, allow_redirects=False
    ) as resp:
        assert resp.status == 302
        location = resp.headers["Location"]
    assert location.startswith(redirect + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["s1"]
    exchange = {
        "grant_type": "authorization_code",
        "client_id": tidy.client_id,
        "client_secret": tidy.client_secret,
        "redirect_uri": redirect,
        "code": query["code"][0],
    }
    token_url = tidy.accounts_url + "/oauth/token"
    async with http.post(token_url, data=exchange) as resp:
        assert resp.status == 200
        token = (await resp.json())["access_token"]
    async with http.post(token_url, data=exchange) as resp:
        assert resp.status == 401 and (await resp.json())["error"] == "invalid_grant", "single use"
    code = tidy.issue_code(redirect)
    async with http.post(
        token_url, data={**exchange, "code": code, "redirect_uri": "https://evil.example"}
    ) as resp:
        assert resp.status == 401, "redirect_uri must match"
    status, _, _ = await get(
        http, tidy.base_url + "/contacts", {"Authorization": f"Bearer {token}"}
    )
    assert status == 200
    async with http.get(
        tidy.accounts_url + "/oauth/authorize",
        params={**params, "client_id": "nobody"},
        allow_redirects=False,
    ) as resp:
        assert resp.status == 400 and (await resp.json())["error"] == "invalid_client"


async def test_tidy_implicit_flow_query_token_and_expiry(
    tidy: FakeTidyClub, http: aiohttp.ClientSession
) -> None:
    redirect = "https://app.example.org/cb"
    params = {"client_id": tidy.client_id, "redirect_uri": redirect, "response_type": "token"}
    async with http.get(
        tidy.accounts_url + "/oauth/authorize", params=params, allow_redirects=False
    ) as resp:
        assert resp.status == 302
        fragment = parse_qs(urlsplit(resp.headers["Location"]).fragment)
    assert fragment["token_type"] == ["bearer"] and fragment["expires_in"] == ["7200"]
    token = fragment["access_token"][0]
    status, _, _ = await get(http, tidy.base_url + f"/contacts?access_token={token}")
    assert status == 200, "the docs also allow the token as a query parameter"
    assert tidy.requests[-1].query["access_token"] == token, "and the fake records it"
    assert tidy.token_requests == 0, "the implicit flow never POSTs to /oauth/token"
    tidy.expire_tokens()
    status, body, headers = await get(
        http, tidy.base_url + "/contacts", {"Authorization": f"Bearer {token}"}
    )
    assert (status, body) == (
        401,
        {
            "error": "invalid_token",
            "error_description": "The access token is invalid or has expired",
        },
    )
    assert headers["WWW-Authenticate"].startswith("Bearer ")


async def test_tidy_tokens_expire_after_their_ttl(
    http: aiohttp.ClientSession, fakes_clock: FakeClock
) -> None:
    async with FakeTidyClub(token_ttl=1) as fake:
        token = await password_token(http, fake)
        auth = {"Authorization": f"Bearer {token}"}
        assert (await get(http, fake.base_url + "/contacts/2", auth))[0] == 200
        fakes_clock.advance(1.0)  # the fake's token clock: the TTL is over
        assert (await get(http, fake.base_url + "/contacts/2", auth))[0] == 401


async def test_tidy_contacts_paging_headers(
    tidy: FakeTidyClub, http: aiohttp.ClientSession
) -> None:
    auth = {"Authorization": f"Bearer {tidy.issue_token()}"}
    base = tidy.base_url + "/contacts"
    status, body, headers = await get(http, base, auth)
    assert status == 200 and [c["id"] for c in body] == list(range(1, 26))
    assert {k: v for k, v in headers.items() if k.startswith("X-Pagination")} == {
        "X-Pagination-Per-Page": "25",
        "X-Pagination-Current-Page": "1",
        "X-Pagination-Total-Pages": "8",
        "X-Pagination-Total-Entries": "180",
    }
    _, body, headers = await get(http, base + "?limit=50&offset=150", auth)
    assert [c["id"] for c in body] == list(range(151, 181))
    assert (
        headers["X-Pagination-Current-Page"] == "4" and headers["X-Pagination-Total-Pages"] == "4"
    )
    _, body, headers = await get(http, base + "?per_page=40&page=2", auth)
    assert [c["id"] for c in body] == list(range(41, 81))
    _, body, headers = await get(http, base + "?limit=500", auth)
    assert len(body) == 100 and headers["X-Pagination-Per-Page"] == "100"
    _, body, _ = await get(http, base + "?offset=400", auth)
    assert body == []


async def test_tidy_contact_filters_and_lookups(
    tidy: FakeTidyClub, http: aiohttp.ClientSession
) -> None:
    auth = {"Authorization": f"Bearer {tidy.issue_token()}"}
    base = tidy.base_url + "/contacts"
    _, body, headers = await get(http, base + "?registered=true&limit=100", auth)
    registered = sorted(cid for cid, c in tidy.contacts.items() if c["registered"])
    assert headers["X-Pagination-Total-Entries"] == str(len(registered))
    assert [c["id"] for c in body] == registered[:100]
    status, body, _ = await get(http, base + "?registered=yes", auth)
    assert (status, body) == (
        400,
        {"error": "invalid_request", "error_description": "registered must be true or false"},
    )
    last = tidy.contacts[17]["last_name"]
    _, body, _ = await get(
        http, base, auth, params={"search_terms": last.upper()[:4], "limit": "100"}
    )
    assert 17 in [c["id"] for c in body]
    assert all(
        last.upper()[:4].lower()
        in f"{c['first_name']} {c['last_name']} {c['email_address']}".lower()
        for c in body
    )
    status, contact, _ = await get(http, base + "/17", auth)
    assert status == 200 and contact["custom_fields"][2] == {
        "id": "001c1ca97c04",
        "title": "Member number",
        "type": "text",
        "value": "000017",
    }
    status, body, _ = await get(http, base + "/999", auth)
    assert (status, body) == (404, {"error": "not_found", "error_description": "Contact not found"})
    everyone = list(tidy.contacts.values())
    assert any(c["created_at"].endswith("Z") for c in everyone)
    assert any(c["created_at"].endswith("+08:00") for c in everyone)
    assert any(c["birthday"] is None for c in everyone)


# -- data ------------------------------------------------------------------------------


async def test_same_seed_same_data_on_any_port() -> None:
    async with FakeTutorCruncher(seed=3) as a, FakeTutorCruncher(seed=3) as b:
        assert a.url != b.url and a.clients == b.clients
    assert FakeTutorCruncher(seed=4).clients != FakeTutorCruncher(seed=3).clients
    assert FakeEduframe(seed=1).planned_courses == FakeEduframe(seed=1).planned_courses
    assert FakeTidyClub(seed=1).contacts == FakeTidyClub(seed=1).contacts
    assert FakeTidyClub(seed=1).contacts != FakeTidyClub(seed=2).contacts
