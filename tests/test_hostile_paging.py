"""Paging against a server that lies: links checked after resolving, no page twice, no hang."""

from __future__ import annotations

import json
import logging
import tracemalloc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher, errors
from aio_edu_clients.core.client import BaseClient
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .conftest import FAST_RETRY
from .paged_server import PagedServer, Scenario

LOG = "aio_edu_clients"


@asynccontextmanager
async def client_for(server: PagedServer) -> AsyncIterator[BaseClient]:
    """The vendor client whose paging style the scenario speaks, pointed at ``server``."""
    style = server.scenario.style
    options: dict[str, Any] = {"rate_limit": None, "retry": FAST_RETRY}
    client: BaseClient
    if style == "envelope":
        client = TutorCruncher("k" * 40, base_url=server.url + "/api/", **options)
    elif style == "link":
        client = Eduframe("k" * 40, base_url=server.url + "/api/v1", **options)
    else:
        client = TidyClub(access_token="t" * 40, base_url=server.url + "/v1", **options)
    async with client:
        yield client


async def listing(client: BaseClient, size: int, concurrency: int = 1) -> list[int]:
    """Every id the client's list yields, in order (ids as the server sent them)."""
    if isinstance(client, TutorCruncher):
        return [r.id async for r in client.clients.list(concurrency=concurrency)]
    if isinstance(client, Eduframe):
        pager = client.courses.list(page_size=size, concurrency=concurrency)
        return [c.id async for c in pager]
    assert isinstance(client, TidyClub)
    pager = client.contacts.list(page_size=size, concurrency=concurrency)
    return [int(c.id) async for c in pager]


async def run(scenario: Scenario, concurrency: int = 1) -> list[int]:
    async with PagedServer(scenario) as server, client_for(server) as client:
        return await listing(client, scenario.page_size, concurrency)


# -- next links: resolved, then compared --------------------------------------------------


def page(results: list[int], nxt: str | None, count: int = 99) -> Fault:
    body = {"count": count, "next": nxt, "previous": None, "results": [{"id": i} for i in results]}
    return Fault.body(200, json.dumps(body).encode())


@pytest.mark.parametrize(
    "spell",
    [
        lambda fake: "?page=2",  # relative to the page that carried it
        lambda fake: "/api/clients/?page=2",
        lambda fake: f"{fake.base_url}clients/?page=2",
        lambda fake: f"{fake.base_url}clients/?page=2".replace("http://", "HTTP://"),
    ],
)
async def test_relative_next_links_resolve_against_the_page_that_sent_them(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, spell: Callable[[FakeTutorCruncher], str]
) -> None:
    link = spell(tc_fake)
    tc_fake.script(page([1, 2], link), page([3], None))
    assert [r.id async for r in tc.clients.list()] == [1, 2, 3]
    second = tc_fake.requests[1]
    assert (second.path, second.query.get("page")) == ("/api/clients/", "2")


@pytest.mark.parametrize(
    "back",
    [
        "/api/clients/",
        "?page=1",
        "/api/clients/?page=1",
        "{base}clients/",
        "{base}clients/?page=1",
        "{base}clients/#top",
        "{upper}clients/",
    ],
)
async def test_a_link_back_to_the_first_page_ends_the_listing(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, back: str
) -> None:
    upper = tc_fake.base_url.replace("http://", "HTTP://")
    tc_fake.script(page([1, 2], back.format(base=tc_fake.base_url, upper=upper)))
    assert [r.id async for r in tc.clients.list()] == [1, 2]
    assert len(tc_fake.requests) == 1


async def test_a_link_back_with_filters_reordered_ends_the_listing(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    base = tc_fake.base_url
    tc_fake.script(
        page([1], f"{base}clients/?page=2&status=live&distance_to=5"),
        page([2], "/api/clients/?distance_to=5&status=live"),  # page 1, spelled anew
    )
    got = [r.id async for r in tc.clients.list(status="live", extra_query={"distance_to": 5})]
    assert got == [1, 2]
    assert len(tc_fake.requests) == 2


async def test_a_cycle_through_later_pages_yields_each_page_once(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    base = tc_fake.base_url
    tc_fake.script(
        page([1], f"{base}clients/?page=2"),
        page([2], "?page=3"),
        page([3], f"{base}clients/?page=2"),
    )
    assert [r.id async for r in tc.clients.list()] == [1, 2, 3]
    assert len(tc_fake.requests) == 3


HOSTILE_LINKS: list[tuple[str, type[Exception]]] = [
    ("http://evil.example/api/clients/?page=2", errors.ForeignURLError),
    ("https://{hostport}/api/clients/?page=2", errors.ForeignURLError),  # another scheme
    ("http://127.0.0.1:1/api/clients/?page=2", errors.ForeignURLError),  # another port
    ("http://localhost:{port}/api/clients/?page=2", errors.ForeignURLError),
    ("//{hostport}/api/clients/?page=2", errors.ForeignURLError),  # protocol-relative
    ("//evil.example/x", errors.ForeignURLError),
    ("http://user:pw@{hostport}/api/clients/?page=2", errors.ForeignURLError),
    ("http://{key}@{hostport}/api/clients/?page=2", errors.ForeignURLError),
    ("javascript:alert(1)", errors.DecodeError),  # a scheme but no host
    ("ftp://{hostport}/api/clients/?page=2", errors.ForeignURLError),
    ("http://{host}:99999/api/clients/", errors.DecodeError),  # bad port
    ("http://{host}:8o/api/clients/", errors.DecodeError),
    ("http://[::1/api/clients/", errors.DecodeError),  # bad IPv6 literals
    ("http://[zz::1]/api/clients/", errors.DecodeError),
    ("http://", errors.DecodeError),
    ("http:/api/clients/?page=2", errors.DecodeError),
    ("/api/clients/?page=2\r\nX-Injected: 1", errors.DecodeError),
    (" /api/clients/?page=2", errors.DecodeError),
    ("\\\\evil.example\\x", errors.DecodeError),
]


@pytest.mark.parametrize(("link", "error"), HOSTILE_LINKS)
async def test_a_hostile_next_link_is_refused_and_nothing_is_sent_for_it(
    tc_fake: FakeTutorCruncher, link: str, error: type[Exception]
) -> None:
    key = tc_fake.api_key
    hostport = tc_fake.url.removeprefix("http://")
    host, port = hostport.split(":")
    spelled = link.format(hostport=hostport, host=host, port=port, key=key)
    tc_fake.script(page([1, 2], spelled))
    async with TutorCruncher(
        key, base_url=tc_fake.base_url, rate_limit=None, retry=FAST_RETRY
    ) as tc:
        seen: list[int] = []
        with pytest.raises(error) as caught:
            async for ref in tc.clients.list():
                seen.append(ref.id)
    assert seen == [], "the page carrying the hostile link is refused whole"
    assert len(tc_fake.requests) == 1, "nothing was sent for the link"
    assert key not in str(caught.value)
    assert "pw" not in str(caught.value).replace("page", "")


@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("style", ["envelope", "link"])
async def test_a_foreign_link_deep_in_a_listing_raises_the_same_with_fan_out(
    style: Any, concurrency: int
) -> None:
    def next_link(number: int, true: str, root: str) -> str:
        return true.replace(root, "http://evil.example") if number == 3 else true

    scenario = Scenario(style, list(range(1, 41)), 5, next_link=next_link, pages=lambda n: n)
    with pytest.raises(errors.ForeignURLError, match=r"evil\.example"):
        await run(scenario, concurrency)
    if concurrency == 1:
        assert len(scenario.requests) == 3


# -- Link headers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        ['<{next}>; rel="next"'],
        ["<{next}>;rel=next"],
        ['<{next}> ; REL = "NEXT"'],
        ['<{next}>; title="a, b; c=\\"d\\""; rel="next"'],
        ['<{prev}>; rel="prev first", <{next}>; rel="next"'],
        ['<{prev}>; rel="prev"', '<{next}>; rel="next"'],  # two Link headers
        ['<{next}>; rel="next last"'],
        ['<{other}>; rel="next"; anchor="#x", <{next}>; rel=next'],
        ['<{next}>; rel="next"; rel="prev"'],  # a second rel is ignored
        ['<{next}>;; rel="next";'],
    ],
)
async def test_link_headers_parse_as_rfc_8288_says(headers: list[str]) -> None:
    def spell(links: list[tuple[str, str]]) -> list[str]:
        found = dict(links)
        if "next" not in found:
            return []
        true = found["next"]
        other = true.replace("page=", "page=9")
        prev = true.replace("page=", "page=0")
        return [h.format(next=true, prev=prev, other=other) for h in headers]

    scenario = Scenario("link", list(range(1, 13)), 5, link_header=spell)
    assert await run(scenario) == list(range(1, 13))
    assert [q.get("page") for q in scenario.requests] == [None, "2", "3"]


@pytest.mark.parametrize(
    "header",
    ["<unclosed; rel=next", 'garbage <{next}>; rel="next"', '<{next}>; rel="next', "<{next}> rel"],
)
async def test_an_unreadable_link_header_is_a_decode_error(header: str) -> None:
    def spell(links: list[tuple[str, str]]) -> list[str]:
        return [header.format(next=dict(links)["next"])] if links else []

    scenario = Scenario("link", list(range(1, 13)), 5, link_header=spell)
    with pytest.raises(errors.DecodeError, match="Link header"):
        await run(scenario)


# -- lying totals ----------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["envelope", "link", "xpagination"])
async def test_a_total_of_a_trillion_pages_costs_nothing_until_pages_arrive(style: Any) -> None:
    items = list(range(1, 24))
    scenario = Scenario(style, items, 5, total=lambda n: 10**12 * 5, pages=lambda n: 10**12)
    tracemalloc.start()
    try:
        got = await run(scenario, concurrency=8)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == items
    # 5 real pages; at most 2 x concurrency planned beyond them before the empty one.
    assert len(scenario.requests) <= 5 + 2 * 8
    assert peak < 20 * 2**20, f"{peak / 2**20:.1f} MiB for a lie of 10^12 pages"


@pytest.mark.parametrize("style", ["envelope", "link", "xpagination"])
@pytest.mark.parametrize("concurrency", [1, 3])
async def test_a_total_that_lies_low_loses_no_item(
    style: Any, concurrency: int, caplog: pytest.LogCaptureFixture
) -> None:
    items = list(range(1, 31))
    # Entries say 12 (3 pages), pages say 6: the headers contradict each other.
    scenario = Scenario(
        style, items, 5, total=lambda n: 12, pages=lambda n: 6 if style == "xpagination" else 3
    )
    with caplog.at_level(logging.WARNING, LOG):
        assert await run(scenario, concurrency) == items
    if style != "link":
        assert any("total" in r.getMessage() for r in caplog.records), "the lie is logged"


async def test_x_pagination_headers_that_contradict_the_items_go_on_to_a_short_page(
    caplog: pytest.LogCaptureFixture,
) -> None:
    items = list(range(1, 23))
    # "Page 1 of 1, 3 entries", on every page, while each page holds 5.
    scenario = Scenario("xpagination", items, 5, total=lambda n: 3, pages=lambda n: 1)
    with caplog.at_level(logging.WARNING, LOG):
        assert await run(scenario) == items
    assert len(scenario.requests) == 5  # the fifth page is short: the listing ends there
    assert any("contradict" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("garbage", ["1e400", "9" * 5000, "-5", "1_000", "\u0663", "abc", ""])
async def test_garbage_paging_headers_are_no_hint_at_all(garbage: str) -> None:
    items = list(range(1, 13))
    scenario = Scenario("xpagination", items, 5, total=lambda n: garbage, pages=lambda n: garbage)
    assert await run(scenario, concurrency=4) == items


@pytest.mark.parametrize("count", [1e300, -3, True, "12", "1e400", [], None])
async def test_garbage_counts_in_an_envelope_are_no_hint_at_all(count: Any) -> None:
    items = list(range(1, 13))
    scenario = Scenario("envelope", items, 5, total=lambda n: count)
    assert await run(scenario, concurrency=4) == items


async def test_a_server_that_ignores_the_offset_is_not_paged_forever(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        FakeTutorCruncher() as fake,
        TidyClub(access_token="t" * 40, base_url=fake.url + "/v1", rate_limit=None) as tidy,
    ):
        same = Fault.body(
            200, b'[{"id": 1}, {"id": 2}]', headers={"X-Pagination-Total-Entries": "99"}
        )
        fake.script(same, same, same)
        with caplog.at_level(logging.WARNING, LOG):
            got = [c.id async for c in tidy.contacts.list(page_size=2)]
    assert [int(i) for i in got] == [1, 2]
    assert len(fake.requests) == 2
    assert any("repeats" in r.getMessage() for r in caplog.records)
