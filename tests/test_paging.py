"""AsyncPager over the three styles: order, exactly once, limits, fan-out, stop rules."""

from __future__ import annotations

import asyncio
import json

import pytest

from aio_edu_clients import AsyncPager, Eduframe, Page, TidyClub, TutorCruncher
from aio_edu_clients.core.paging import parse_link_header
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher, Fault

from .conftest import FAST_RETRY, tidy_login


async def test_list_returns_a_pager_not_a_coroutine(tc: TutorCruncher) -> None:
    pager = tc.clients.list()
    assert isinstance(pager, AsyncPager)
    assert not asyncio.iscoroutine(pager)


async def test_pages_carry_items_total_and_raw(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    pages = [p async for p in tc.clients.list().pages()]
    assert all(isinstance(p, Page) for p in pages)
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert {p.total for p in pages} == {len(tc_fake.clients)}
    assert [len(p.items) for p in pages[:-1]] == [100] * (len(pages) - 1)
    assert pages[0].raw.status == 200 and pages[0].raw.json()["count"] == len(tc_fake.clients)


@pytest.mark.parametrize("limit", [0, 1, 99, 100, 101, 250, 10_000])
async def test_max_items_stops_early_and_fetches_no_more_pages_than_needed(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, limit: int
) -> None:
    got = [r.id async for r in tc.clients.list(max_items=limit)]
    expected = sorted(tc_fake.clients, reverse=True)[:limit]
    assert got == expected
    assert len(tc_fake.requests) == min(-(-max(limit, 0) // 100), -(-len(tc_fake.clients) // 100))
    tc_fake.reset_requests()
    assert [r.id for r in await tc.clients.list().collect(max_items=limit)] == expected


@pytest.mark.parametrize("concurrency", [2, 4, 16])
async def test_tc_fan_out_keeps_order_and_exactly_once(concurrency: int) -> None:
    async with FakeTutorCruncher(clients=1234, rate_limit=None) as fake:
        fake.latency = 0.15
        async with TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc:
            got = [r.id async for r in tc.clients.list(concurrency=concurrency)]
        assert got == sorted(fake.clients, reverse=True)
        pages = sorted(int(r.query.get("page", 1)) for r in fake.requests)
        assert pages == list(range(1, 14)), "each page fetched once"
        # pages 2..13 were in flight together, up to `concurrency` at a time
        assert fake.max_in_flight == min(concurrency, 12)


async def test_fan_out_respects_max_items(tc_fake: FakeTutorCruncher, tc: TutorCruncher) -> None:
    got = await tc.clients.list(concurrency=8, max_items=150).collect()
    assert [r.id for r in got] == sorted(tc_fake.clients, reverse=True)[:150]
    assert len(tc_fake.requests) == 2


async def test_breaking_out_of_a_fan_out_cancels_the_rest(
    tc_fake: FakeTutorCruncher, tc: TutorCruncher
) -> None:
    tc_fake.latency = 0.05
    async for ref in tc.clients.list(concurrency=3):
        if ref.id < max(tc_fake.clients) - 150:
            break
    await asyncio.sleep(0.2)
    assert len(tc_fake.requests) <= 5


async def test_a_failing_page_in_a_fan_out_raises_in_order(tc_fake: FakeTutorCruncher) -> None:
    from aio_edu_clients import RetryPolicy, errors

    async with TutorCruncher(
        tc_fake.api_key,
        base_url=tc_fake.base_url,
        retry=RetryPolicy(max_retries=0),
        rate_limit=None,
    ) as tc:
        first = (await tc.request("GET", "/clients/")).json()
        tc_fake.reset_requests()
        tc_fake.script(
            Fault.status(404, body={"detail": "Invalid page."}), path="/api/clients/", method="GET"
        )
        with pytest.raises(errors.NotFoundError):
            await tc.clients.list(concurrency=3).collect()
    assert first["count"] == len(tc_fake.clients)


async def test_empty_page_stops(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    host = tc_fake.base_url
    tc_fake.script(
        Fault.body(
            200,
            json.dumps(
                {"count": 999, "next": f"{host}clients/?page=2", "results": [{"id": 9}]}
            ).encode(),
        ),
        Fault.body(
            200,
            json.dumps({"count": 999, "next": f"{host}clients/?page=3", "results": []}).encode(),
        ),
    )
    assert [r.id for r in await tc.clients.list().collect()] == [9]
    assert len(tc_fake.requests) == 2


async def test_repeated_next_link_stops(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    host = tc_fake.base_url

    def page(n: int, nxt: str | None) -> Fault:
        return Fault.body(
            200, json.dumps({"count": 9, "next": nxt, "results": [{"id": n}]}).encode()
        )

    tc_fake.script(
        page(1, f"{host}clients/?page=2"), page(2, f"{host}clients/?page=2"), page(3, None)
    )
    assert [r.id for r in await tc.clients.list().collect()] == [1, 2]
    assert len(tc_fake.requests) == 2


async def test_bare_array_is_one_page(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    tc_fake.script(Fault.body(200, b'[{"id": 1}, {"id": 2}]'))
    pages = [p async for p in tc.clients.list().pages()]
    assert [[r.id for r in p.items] for p in pages] == [[1, 2]]
    assert pages[0].total == 2


async def test_each_iteration_starts_again(tc: TutorCruncher) -> None:
    pager = tc.clients.list(max_items=5)
    assert [r.id async for r in pager] == [r.id async for r in pager]


# -- Eduframe -----------------------------------------------------------------------------


async def test_ef_page_mode_fans_out_from_rel_last() -> None:
    async with FakeEduframe(courses=230, paging="page") as fake:
        fake.latency = 0.03
        async with Eduframe(
            fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
        ) as ef:
            got = [c.id async for c in ef.courses.list(per_page=20, concurrency=4)]
        assert got == sorted(fake.courses)
        assert sorted(int(r.query.get("page", 1)) for r in fake.requests) == list(range(1, 13))


async def test_ef_cursor_mode_pages_sequentially_even_with_concurrency(
    ef: Eduframe, ef_fake: FakeEduframe
) -> None:
    got = [c.id async for c in ef.courses.list(per_page=25, concurrency=8)]
    assert got == sorted(ef_fake.courses)
    assert all("page" not in r.query for r in ef_fake.requests)


async def test_ef_page_size_sets_per_page(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    pages = [p async for p in ef.courses.list(page_size=40).pages()]
    assert [len(p.items) for p in pages][:-1] == [40] * (len(pages) - 1)
    assert all(p.total is None for p in pages)  # Eduframe reports no total
    assert ef_fake.requests[0].query["per_page"] == "40"


def test_link_header_parsing() -> None:
    header = '<https://api.eduframe.nl/courses?cursor=abc&per_page=100>; rel="next", <https://api.eduframe.nl/courses?page=50>; rel=last'
    assert parse_link_header(header) == {
        "next": "https://api.eduframe.nl/courses?cursor=abc&per_page=100",
        "last": "https://api.eduframe.nl/courses?page=50",
    }
    assert parse_link_header('<a>; rel="next prev"') == {"next": "a", "prev": "a"}
    assert parse_link_header("") == {}


# -- TidyClub -----------------------------------------------------------------------------


async def test_tidy_fan_out_from_total_pages(tidy_fake: FakeTidyClub) -> None:
    tidy_fake.latency = 0.03
    async with await tidy_login(tidy_fake) as tidy:
        got = [c.id async for c in tidy.contacts.list(page_size=20, concurrency=4)]
    assert got == sorted(tidy_fake.contacts)
    offsets = sorted(int(r.query["offset"]) for r in tidy_fake.requests if r.path == "/v1/contacts")
    assert offsets == list(range(0, len(tidy_fake.contacts), 20))


async def test_tidy_max_items_with_offsets(tidy: TidyClub, tidy_fake: FakeTidyClub) -> None:
    got = await tidy.contacts.list(max_items=30, page_size=25).collect()
    assert [c.id for c in got] == sorted(tidy_fake.contacts)[:30]


async def test_tidy_page_ending_without_headers_uses_counts(
    tidy: TidyClub, tidy_fake: FakeTidyClub
) -> None:
    tidy_fake.script(Fault.body(200, b'[{"id": 1}, {"id": 2}]'), Fault.body(200, b'[{"id": 3}]'))
    got = await tidy.contacts.list(page_size=2).collect()
    assert [c.id for c in got] == [1, 2, 3]


async def test_a_slow_page_does_not_idle_the_other_slots() -> None:
    async with (
        FakeTutorCruncher(clients=1234, rate_limit=None) as fake,
        TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc,
    ):
        # Page 1 passes (delay 0); the next request, one of pages 2-5, takes 0.6 s.
        fake.script(Fault.delay(0), Fault.delay(0.6))
        got = [r.id async for r in tc.clients.list(concurrency=4)]
        assert got == sorted(fake.clients, reverse=True)
        slow = fake.requests[1]
        meanwhile = [r for r in fake.requests if r.time < slow.time + 0.5]
        # Slots refill while the slow page is out: up to 2 x 4 pages beyond page 1,
        # where waiting on the oldest request would have allowed only 4.
        assert len(meanwhile) >= 9
