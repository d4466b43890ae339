"""A loopback list server whose paging headers and links a test writes itself.

The vendor fakes page truthfully; this one serves ``items`` in any of the three
paging styles with whatever lies, spellings and hostile links a scenario asks for,
so the pager can be tried against every combination (by hand and by hypothesis).
Every path serves the same list, so all three clients can point at it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web
from multidict import CIMultiDict

Style = Literal["envelope", "link", "xpagination"]
# What a scenario may put where the truth would be: a function of the true value.
Lie = Callable[[int], Any]


@dataclass
class Scenario:
    style: Style
    items: list[int]
    page_size: int
    #: Envelope ``count`` / X-Pagination entries and pages / Link ``rel=last`` page.
    total: Lie | None = None
    pages: Lie | None = None
    #: Spell the next link of page ``n`` (1-based) given the true absolute URL and the
    #: server's root URL; return None to send no next link.
    next_link: Callable[[int, str, str], str | None] | None = None
    #: Split the Link header into several headers / write it in this way.
    link_header: Callable[[list[tuple[str, str]]], list[str]] | None = None
    requests: list[dict[str, str]] = field(default_factory=list)


def default_link_header(links: list[tuple[str, str]]) -> list[str]:
    return [", ".join(f'<{url}>; rel="{rel}"' for rel, url in links)]


class PagedServer:
    """``async with PagedServer(scenario) as server:`` then point a client at ``server.url``."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> PagedServer:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    def _number(self, request: web.Request) -> int:
        s = self.scenario
        if s.style == "xpagination":
            limit = int(request.query.get("limit", s.page_size))
            assert limit == s.page_size, "the client asks for the page size it was given"
            return int(request.query.get("offset", 0)) // s.page_size + 1
        return int(request.query.get("page", 1))

    async def _handle(self, request: web.Request) -> web.Response:
        s = self.scenario
        s.requests.append(dict(request.query))
        number = self._number(request)
        size = s.page_size
        chunk = s.items[(number - 1) * size : number * size]
        true_total = len(s.items)
        true_pages = max(1, -(-true_total // size))
        more = number * size < true_total
        here = f"{self.url}{request.path}"

        def link_for(n: int) -> str:
            if s.style == "xpagination":
                return f"{here}?limit={size}&offset={(n - 1) * size}"
            return f"{here}?page={n}"

        nxt: str | None = link_for(number + 1) if more else None
        if s.next_link is not None and nxt is not None:
            nxt = s.next_link(number, nxt, self.url)
        headers: CIMultiDict[str] = CIMultiDict()
        rows = [{"id": i} for i in chunk]
        body: Any = rows
        if s.style == "envelope":
            count = s.total(true_total) if s.total else true_total
            body = {"count": count, "next": nxt, "previous": None, "results": rows}
        elif s.style == "link":
            links: list[tuple[str, str]] = []
            if nxt is not None:
                links.append(("next", nxt))
            last = s.pages(true_pages) if s.pages else None
            if last is not None:
                links.append(("last", f"{here}?page={last}"))
            for value in (s.link_header or default_link_header)(links):
                if value:
                    headers.add("Link", value)
        else:
            entries = s.total(true_total) if s.total else true_total
            pages = s.pages(true_pages) if s.pages else true_pages
            for name, value in (
                ("X-Pagination-Total-Entries", entries),
                ("X-Pagination-Total-Pages", pages),
                ("X-Pagination-Current-Page", number),
            ):
                if value is not None:
                    headers[name] = str(value)
        headers["Content-Type"] = "application/json"
        return web.Response(body=json.dumps(body).encode(), headers=headers)
