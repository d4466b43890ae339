"""Async iteration over paged lists, in the three styles the vendors use.

A `PagingStyle` knows only how one vendor spells paging: how to ask for the first
page, where the items, the total and the next page are in an answer, and — when the
number of pages is known up front — how to ask for page *n* directly. `AsyncPager`
does the rest once for everyone: streaming page by page, stopping on an empty page or
a missing or repeated next link, ``max_items``, and fetching up to ``concurrency``
pages at once while still yielding items in the vendor's order, each exactly once.

Next links come from the server; `Transport.url_for` refuses any on another origin.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs
from yarl import URL

from .response import Response

T = TypeVar("T")

Query = tuple[tuple[str, str], ...]


@attrs.frozen
class PageRequest:
    """Where one page lives: a path (relative to the base URL) or absolute URL, plus query."""

    url: str
    params: Query = ()

    def with_params(self, **changes: Any) -> PageRequest:
        kept = [(k, v) for k, v in self.params if k not in changes]
        return PageRequest(self.url, (*kept, *((k, str(v)) for k, v in changes.items())))

    @property
    def key(self) -> str:
        return str(URL(self.url).extend_query(list(self.params)))


@attrs.frozen
class ParsedPage:
    items: Sequence[Any]
    total: int | None = None
    next: PageRequest | None = None
    page_count: int | None = None  # pages in all, when the vendor says so up front


@attrs.frozen
class Page(Generic[T]):
    """One page: its items, the vendor's total count if it gave one, the raw response.

    ``next`` is the vendor's way to the page after this one (None on the last), even
    when ``max_items`` trimmed this page: a bulk export saves it to resume there later
    with `AsyncPager.starting_at`.
    """

    items: list[T]
    total: int | None
    raw: Response
    number: int
    next: PageRequest | None = None


class PagingStyle(Protocol):
    def first(self, path: str, params: Query, page_size: int | None) -> PageRequest: ...

    def parse(self, response: Response, request: PageRequest) -> ParsedPage: ...

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        """Page ``number`` (1-based), or None if pages cannot be addressed directly."""
        ...


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class NextUrlEnvelope:
    """DRF style (TutorCruncher): ``{count, next, previous, results}`` and a ``?page=N``.

    A bare JSON array instead of the envelope (some endpoints do that) is one page.
    """

    page_param = "page"

    def first(self, path: str, params: Query, page_size: int | None) -> PageRequest:
        # The vendor's page size is fixed at 100; ``page_size`` only shapes max_items use.
        return PageRequest(path, params)

    def parse(self, response: Response, request: PageRequest) -> ParsedPage:
        data = response.json()
        if isinstance(data, list):
            return ParsedPage(items=data, total=len(data))
        if not isinstance(data, Mapping) or not isinstance(data.get("results"), list):
            raise response.decode_error("expected a {count, next, results} page")
        total = _as_int(data.get("count"))
        nxt = data.get("next")
        next_req = PageRequest(nxt) if isinstance(nxt, str) and nxt else None
        items = data["results"]
        page_count = None
        if total is not None and items and next_req is not None:
            page_count = math.ceil(total / len(items))
        elif next_req is None:
            page_count = 1
        return ParsedPage(items=items, total=total, next=next_req, page_count=page_count)

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        return first.with_params(**{self.page_param: number})


_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
_REL = re.compile(r'rel\s*=\s*"?([^";]+)"?', re.IGNORECASE)


def parse_link_header(value: str) -> dict[str, str]:
    """RFC 8288 ``Link`` header → {rel: url}. Tolerates spacing and unquoted rels."""
    links: dict[str, str] = {}
    for match in _LINK.finditer(value):
        url, attrs_text = match.group(1).strip(), match.group(2)
        rel = _REL.search(attrs_text)
        if rel:
            for name in rel.group(1).split():
                links.setdefault(name.lower(), url)
    return links


class LinkHeader:
    """Eduframe: a bare array, ``Link: <…>; rel="next"`` followed as given.

    The live API pages by an opaque ``cursor``, so pages cannot be addressed directly;
    older deployments give ``rel="last"`` with a ``page`` number, which lets
    ``concurrency`` fan out.
    """

    size_param = "per_page"
    page_param = "page"

    def first(self, path: str, params: Query, page_size: int | None) -> PageRequest:
        req = PageRequest(path, params)
        return req.with_params(**{self.size_param: page_size}) if page_size else req

    def parse(self, response: Response, request: PageRequest) -> ParsedPage:
        data = response.json()
        if not isinstance(data, list):
            raise response.decode_error("expected a JSON array page")
        links = parse_link_header(",".join(response.headers.getall("Link", [])))
        next_req = None
        if "next" in links:
            next_req = PageRequest(str(URL(response.url).join(URL(links["next"]))))
        page_count = None
        if "last" in links:
            page_count = _as_int(URL(links["last"]).query.get(self.page_param))
        elif next_req is None:
            page_count = 1
        return ParsedPage(items=data, next=next_req, page_count=page_count)

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        if parsed.page_count is None:
            return None
        return first.with_params(**{self.page_param: number})


class XPagination:
    """TidyClub: a bare array, ``limit``/``offset`` in, ``X-Pagination-*`` headers out."""

    default_limit = 25

    def first(self, path: str, params: Query, page_size: int | None) -> PageRequest:
        names = {k for k, _ in params}
        req = PageRequest(path, params)
        changes: dict[str, Any] = {}
        if "limit" not in names:
            changes["limit"] = page_size or self.default_limit
        if "offset" not in names:
            changes["offset"] = 0
        return req.with_params(**changes) if changes else req

    def parse(self, response: Response, request: PageRequest) -> ParsedPage:
        data = response.json()
        if not isinstance(data, list):
            raise response.decode_error("expected a JSON array page")
        headers = response.headers
        total = _as_int(headers.get("X-Pagination-Total-Entries"))
        pages = _as_int(headers.get("X-Pagination-Total-Pages"))
        current = _as_int(headers.get("X-Pagination-Current-Page"))
        params = dict(request.params)
        limit = _as_int(params.get("limit")) or len(data)
        offset = _as_int(params.get("offset")) or 0
        if not data:
            more = False
        elif pages is not None and current is not None:
            more = current < pages
        elif total is not None:
            more = offset + len(data) < total
        else:
            more = len(data) >= limit
        next_req = request.with_params(offset=offset + len(data)) if more else None
        return ParsedPage(items=data, total=total, next=next_req, page_count=pages)

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        limit = _as_int(dict(first.params).get("limit"))
        if not limit:
            return None
        return first.with_params(offset=(number - 1) * limit)


Fetch = Callable[[PageRequest], Awaitable[Response]]
Hydrate = Callable[[Sequence[Any], Response], list[T]]


class AsyncPager(Generic[T]):
    """Every item of a list endpoint, streamed page by page. Not a coroutine: iterate it.

    ``async for item in pager`` yields items; ``pager.pages()`` yields `Page` objects;
    ``await pager.collect()`` gathers them. Each iteration starts from the first page.
    ``concurrency`` > 1 fetches that many pages at once when the vendor says how many
    pages there are (the first page is always fetched alone to learn that).
    """

    def __init__(
        self,
        *,
        fetch: Fetch,
        style: PagingStyle,
        first: PageRequest,
        hydrate: Hydrate[T],
        max_items: int | None = None,
        concurrency: int = 1,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if max_items is not None and max_items < 0:
            raise ValueError("max_items must not be negative")
        self._fetch = fetch
        self._style = style
        self._first = first
        self._hydrate = hydrate
        self.max_items = max_items
        self.concurrency = concurrency

    def starting_at(self, request: PageRequest) -> AsyncPager[T]:
        """The same list, from the page ``request`` names (a `Page.next` saved earlier).

        It pages one at a time: fanning out addresses pages by number from the first.
        """
        return AsyncPager(
            fetch=self._fetch,
            style=self._style,
            first=request,
            hydrate=self._hydrate,
            max_items=self.max_items,
        )

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    async def _items(self) -> AsyncGenerator[T, None]:
        async with contextlib.aclosing(self._pages(self.max_items)) as pages:
            async for page in pages:
                for item in page.items:
                    yield item

    async def collect(self, max_items: int | None = None) -> list[T]:
        """All items (or the first ``max_items``) in a list."""
        limit = self.max_items if max_items is None else max_items
        out: list[T] = []
        if limit == 0:
            return out
        async with contextlib.aclosing(self._pages(limit)) as pages:
            async for page in pages:
                out.extend(page.items)
        return out

    def pages(self) -> AsyncIterator[Page[T]]:
        """The pages, in order; the last one trimmed to ``max_items``."""
        return self._pages(self.max_items)

    async def _pages(self, limit: int | None) -> AsyncGenerator[Page[T], None]:
        if limit == 0:
            return
        emitted = 0
        number = 1
        seen: set[str] = set()
        request: PageRequest | None = self._first
        while request is not None:
            seen.add(request.key)
            response = await self._fetch(request)
            parsed = self._style.parse(response, request)
            page = self._page(parsed, response, number, limit, emitted)
            if page is None:
                return
            yield page
            emitted += len(page.items)
            if limit is not None and emitted >= limit:
                return
            request = parsed.next
            planned = self._plan_fan_out(request, parsed, number, limit, emitted)
            if planned:
                async with contextlib.aclosing(self._fan_out(planned, limit, emitted)) as fanned:
                    async for page, parsed, req in fanned:
                        if not page.items:
                            return
                        yield page
                        emitted += len(page.items)
                        if limit is not None and emitted >= limit:
                            return
                        number = page.number
                        seen.add(req.key)
                        request = parsed.next
            if request is not None and request.key in seen:
                return  # a repeated next link: the vendor is looping; stop rather than spin
            number += 1

    def _page(
        self, parsed: ParsedPage, response: Response, number: int, limit: int | None, emitted: int
    ) -> Page[T] | None:
        if not parsed.items:
            return None if number > 1 else Page([], parsed.total, response, number)
        raw = parsed.items
        if limit is not None and emitted + len(raw) > limit:
            raw = raw[: limit - emitted]
        return Page(self._hydrate(raw, response), parsed.total, response, number, parsed.next)

    def _plan_fan_out(
        self,
        following: PageRequest | None,
        parsed: ParsedPage,
        number: int,
        limit: int | None,
        emitted: int,
    ) -> list[tuple[int, PageRequest]]:
        """The pages after the first to fetch concurrently; empty when that cannot be done."""
        if (
            number != 1
            or self.concurrency < 2
            or following is None
            or parsed.page_count is None
            or parsed.page_count <= 1
            or not parsed.items
        ):
            return []
        last = parsed.page_count
        if limit is not None:
            last = min(last, 1 + math.ceil((limit - emitted) / len(parsed.items)))
        planned: list[tuple[int, PageRequest]] = []
        for n in range(2, last + 1):
            req = self._style.nth(self._first, parsed, n)
            if req is None:
                return []
            planned.append((n, req))
        # Only if our address for page 2 is the page the vendor links to next.
        if planned and not _same_page(following, planned[0][1]):
            return []
        return planned

    async def _fan_out(
        self, planned: list[tuple[int, PageRequest]], limit: int | None, emitted: int
    ) -> AsyncGenerator[tuple[Page[T], ParsedPage, PageRequest], None]:
        """The planned pages with up to ``concurrency`` requests in flight, yielded in order.

        A slot is refilled as soon as any request finishes, not only the oldest: one
        slow page does not idle the others. Finished pages wait for their turn, at most
        ``concurrency`` of them, so memory stays bounded by 2 x ``concurrency`` pages.

        A page is decoded and hydrated only at its turn, after the free slots have been
        refilled: the next requests are on the wire while this one's CPU work is done,
        instead of every page's decoding delaying the requests behind it.
        """
        queue = deque(planned)
        window: dict[int, tuple[PageRequest, asyncio.Task[Response]]] = {}
        turn = planned[0][0]
        try:
            while queue or window:
                await asyncio.sleep(0)  # let answers already in finish first, then refill
                running = [task for _, task in window.values() if not task.done()]
                while (
                    queue and len(running) < self.concurrency and len(window) < 2 * self.concurrency
                ):
                    n, req = queue.popleft()
                    window[n] = (req, asyncio.ensure_future(self._fetch(req)))
                    running.append(window[n][1])
                req, task = window[turn]
                if not task.done():
                    await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    continue
                del window[turn]
                response = task.result()
                parsed = self._style.parse(response, req)
                page = self._page(parsed, response, turn, limit, emitted)
                if page is None:
                    page = Page([], parsed.total, response, turn, parsed.next)
                emitted += len(page.items)
                yield page, parsed, req
                turn += 1
        finally:
            for _, task in window.values():
                task.cancel()
            if window:
                await asyncio.gather(*(task for _, task in window.values()), return_exceptions=True)


def _same_page(a: PageRequest, b: PageRequest) -> bool:
    """Whether two requests name the same page (query order and absolute/relative aside)."""
    qa, qb = dict(URL(a.url).query), dict(URL(b.url).query)
    qa.update(a.params)
    qb.update(b.params)
    return qa == qb
