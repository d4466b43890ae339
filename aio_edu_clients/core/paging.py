"""Async iteration over paged lists, in the three styles the vendors use.

A `PagingStyle` knows only how one vendor spells paging: how to ask for the first
page, where the items, the total and the next page are in an answer, and — when the
number of pages is known up front — how to ask for page *n* directly. `AsyncPager`
does the rest once for everyone: streaming page by page, ``max_items``, fetching up
to ``concurrency`` pages at once while still yielding items in the vendor's order,
each exactly once, and the stop rules that keep a lying server from looping us.

What a server says about paging is checked, never trusted:

* a next link is resolved against the page that carried it and checked (`links`);
  one on another origin raises `ForeignURLError` before anything is sent, whether
  pages are fetched one by one or fanned out;
* a link back to any page already fetched (however it is spelled) or a page whose
  body repeats an earlier one ends the listing: no page is yielded twice;
* totals and page counts are hints: a fan-out is planned lazily, at most
  ``concurrency`` pages ahead, so a total of 10^12 costs nothing until pages arrive;
* where the paging headers contradict each other or the items, the listing goes on
  until a short or empty page and logs the disagreement instead of dropping items.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import typing
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, Generic, Protocol, TypeVar

import attrs
from yarl import URL

from ..errors import ForeignURLError
from .links import LinkSyntaxError, page_key, parse_link_header, resolve_link
from .models import Unparsed
from .response import Response

log = logging.getLogger("aio_edu_clients")

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
    with `AsyncPager.starting_at`. ``data`` holds the items as the vendor sent them
    (the decoded JSON, one for each of ``items``): what a lossless copy writes.
    """

    items: list[T]
    total: int | None
    raw: Response
    number: int
    next: PageRequest | None = None
    data: Sequence[Any] = ()


class PagingStyle(Protocol):
    #: Query pairs that mean the same as their absence (``page=1``): for telling pages apart.
    implicit: frozenset[tuple[str, str]]

    def first(self, path: str, params: Query, page_size: int | None) -> PageRequest: ...

    def parse(self, response: Response, request: PageRequest) -> ParsedPage: ...

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        """Page ``number`` (1-based), or None if pages cannot be addressed directly."""
        ...


_DIGITS = re.compile(r"[0-9]{1,30}")


def as_count(value: Any) -> int | None:
    """A count or page number as a vendor may send it, or None if it is not one.

    Only plain non-negative integers count: a JSON integer, an integral float, or a
    string of ASCII digits. Not ``True``, ``-1``, ``1e400``, ``"1_000"``, Arabic-Indic
    digits (all of which ``int()`` would take or choke on), nor more than 30 digits: a
    count is a hint, and a hint that big is a lie we need not parse.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**30 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 <= value < 1e30 else None
    if isinstance(value, str):
        digits = value.strip()  # str.strip takes more than int() does ("0\x1f")
        return int(digits) if _DIGITS.fullmatch(digits) else None
    return None


def next_request(response: Response, link: Any) -> PageRequest | None:
    """The next page a response links to, resolved against that response's own URL.

    A link that does not parse is a `DecodeError`; one that names another authority a
    `ForeignURLError` (both saying which response carried it, secrets removed).
    """
    if link is None or link == "":
        return None
    if not isinstance(link, str):
        raise response.decode_error(f"the next link is a {type(link).__name__}, not a URL")
    try:
        return PageRequest(str(resolve_link(link, response.request_url)))
    except LinkSyntaxError as exc:
        raise response.decode_error(f"unusable next link: {exc}") from None
    except ForeignURLError as exc:
        raise ForeignURLError(
            f"{response.vendor} {response.method} {response.url}: {exc}"
        ) from None


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


class NextUrlEnvelope:
    """DRF style (TutorCruncher): ``{count, next, previous, results}`` and a ``?page=N``.

    A bare JSON array instead of the envelope (some endpoints do that) is one page.
    """

    page_param = "page"
    implicit = frozenset({("page", "1")})

    def first(self, path: str, params: Query, page_size: int | None) -> PageRequest:
        # The vendor's page size is fixed at 100; ``page_size`` only shapes max_items use.
        return PageRequest(path, params)

    def parse(self, response: Response, request: PageRequest) -> ParsedPage:
        data = response.json()
        if isinstance(data, list):
            return ParsedPage(items=data, total=len(data), page_count=1)
        if not isinstance(data, Mapping) or not isinstance(data.get("results"), list):
            raise response.decode_error("expected a {count, next, results} page")
        total = as_count(data.get("count"))
        next_req = next_request(response, data.get("next"))
        items = data["results"]
        page_count = None
        if next_req is None:
            page_count = 1
        elif total is not None and items:
            page_count = _ceil_div(total, len(items))
        return ParsedPage(items=items, total=total, next=next_req, page_count=page_count)

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        return first.with_params(**{self.page_param: number})


class LinkHeader:
    """Eduframe: a bare array, ``Link: <…>; rel="next"`` followed as given.

    The live API pages by an opaque ``cursor``, so pages cannot be addressed directly;
    older deployments give ``rel="last"`` with a ``page`` number, which lets
    ``concurrency`` fan out.
    """

    size_param = "per_page"
    page_param = "page"
    implicit = frozenset({("page", "1")})

    def first(self, path: str, params: Query, page_size: int | None) -> PageRequest:
        req = PageRequest(path, params)
        return req.with_params(**{self.size_param: page_size}) if page_size else req

    def parse(self, response: Response, request: PageRequest) -> ParsedPage:
        data = response.json()
        if not isinstance(data, list):
            raise response.decode_error("expected a JSON array page")
        try:
            links = parse_link_header(",".join(response.headers.getall("Link", [])))
        except LinkSyntaxError as exc:
            raise response.decode_error(f"unreadable Link header: {exc}") from None
        next_req = next_request(response, links.get("next"))
        page_count = None
        if next_req is None:
            page_count = 1
        elif "last" in links:
            last = next_request(response, links["last"])
            if last is not None:
                page_count = as_count(URL(last.url).query.get(self.page_param))
        return ParsedPage(items=data, next=next_req, page_count=page_count)

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        if parsed.page_count is None:
            return None
        return first.with_params(**{self.page_param: number})


class XPagination:
    """TidyClub: a bare array, ``limit``/``offset`` in, ``X-Pagination-*`` headers out.

    Three witnesses say whether another page follows: the page headers (current of
    total pages), the entry count, and the items themselves (a full page). The headers
    are followed when they agree (a server may cap ``limit``, so short pages alone
    prove nothing); without headers, a full page means more. When they contradict
    each other or the items (more items than the total, a current page past the
    last), the disagreement is logged and the listing goes on while any witness says
    more, until a short or an empty page: a lying header may cost a request, never an
    item.
    """

    default_limit = 25
    implicit = frozenset({("offset", "0")})

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
        total = as_count(headers.get("X-Pagination-Total-Entries"))
        pages = as_count(headers.get("X-Pagination-Total-Pages"))
        current = as_count(headers.get("X-Pagination-Current-Page"))
        params = dict(request.params)
        limit = as_count(params.get("limit")) or len(data)
        offset = as_count(params.get("offset")) or 0
        if not data:
            return ParsedPage(items=data, total=total, page_count=pages)
        end = offset + len(data)
        says: dict[str, bool] = {"items": len(data) >= limit}
        if pages is not None and current is not None:
            says["pages"] = current < pages
        if total is not None:
            says["entries"] = end < total
        contradictions = []
        if total is not None and end > total:
            contradictions.append(f"{end} items received, the total says {total}")
        if pages is not None and current is not None and current > pages:
            contradictions.append(f"current page {current} of {pages}")
        if "pages" in says and "entries" in says and says["pages"] != says["entries"]:
            contradictions.append("the page and entry counts disagree")
        headed = [v for k, v in says.items() if k != "items"]
        if contradictions:
            log.warning(
                "%s %s: paging headers contradict (%s); going on until a short or empty page",
                response.vendor,
                response.url,
                ", ".join(contradictions),
            )
            more = any(says.values())
        else:
            more = headed[0] if headed else says["items"]
        next_req = request.with_params(offset=end) if more else None
        return ParsedPage(items=data, total=total, next=next_req, page_count=pages)

    def nth(self, first: PageRequest, parsed: ParsedPage, number: int) -> PageRequest | None:
        limit = as_count(dict(first.params).get("limit"))
        if not limit:
            return None
        return first.with_params(offset=(number - 1) * limit)


Fetch = Callable[[URL], Awaitable[Response]]
Resolve = Callable[[PageRequest], URL]
# (items, the response they came in, keep_unparsed) -> models, `Unparsed` where kept.
Hydrate = Callable[[Sequence[Any], Response, bool], list[T]]


@attrs.define
class _Walk:
    """What one iteration has seen: pages (by `page_key`), bodies, items, the last total."""

    implicit: frozenset[tuple[str, str]]
    keys: set[tuple[object, ...]] = attrs.field(factory=set)
    bodies: set[int] = attrs.field(factory=set)
    emitted: int = 0
    total: int | None = None
    ended: bool = False  # the listing ended by a stop rule, not by running out of plan

    def key(self, url: URL) -> tuple[object, ...]:
        return page_key(url, self.implicit)

    def repeats(self, response: Response) -> bool:
        """Whether this body was served before: a server ignoring the page we asked for."""
        digest = hash(response.content)
        if digest in self.bodies:
            log.warning(
                "%s %s: the page repeats an earlier one; the listing ends here",
                response.vendor,
                response.url,
            )
            return True
        self.bodies.add(digest)
        return False


class _LastResolved:
    """``resolve``, remembering its last answer: a page's next request is resolved three
    times (checked when the page is read, checked for a loop, fetched), and each is a
    URL parse, an origin check and a query join."""

    __slots__ = ("_last", "_resolve")

    def __init__(self, resolve: Resolve) -> None:
        self._resolve = resolve
        self._last: tuple[PageRequest, URL] | None = None

    def __call__(self, request: PageRequest) -> URL:
        last = self._last
        if last is not None and last[0] is request:
            return last[1]
        url = self._resolve(request)
        self._last = (request, url)
        return url


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
        resolve: Resolve,
        style: PagingStyle,
        first: PageRequest,
        hydrate: Hydrate[T],
        max_items: int | None = None,
        concurrency: int = 1,
        keep_unparsed: bool = False,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if max_items is not None and max_items < 0:
            raise ValueError("max_items must not be negative")
        self._fetch = fetch
        self._resolve = _LastResolved(resolve)
        self._style = style
        self._first = first
        self._hydrate = hydrate
        self.max_items = max_items
        self.concurrency = concurrency
        self._keep_unparsed = keep_unparsed

    def starting_at(self, request: PageRequest) -> AsyncPager[T]:
        """The same list, from the page ``request`` names (a `Page.next` saved earlier).

        It pages one at a time: fanning out addresses pages by number from the first.
        """
        return self._copy(first=request, concurrency=1)

    def keep_unparsed(self) -> AsyncPager[T | Unparsed]:
        """The same list, where an item that does not fit its model is yielded as an
        `Unparsed` (its raw JSON and the `DecodeError`) instead of ending the listing.

        By default a bad item raises `DecodeError`, as any call does; a long listing or
        an export that must not be lost to one vendor's odd field asks for this instead::

            async for item in tc.clients.list().keep_unparsed():
                if isinstance(item, Unparsed):
                    log.warning("client %s: %s", item.data.get("id"), item.error)
        """
        return typing.cast(AsyncPager[T | Unparsed], self._copy(keep_unparsed=True))

    def _copy(self, **changes: Any) -> AsyncPager[T]:
        options: dict[str, Any] = {
            "fetch": self._fetch,
            "resolve": self._resolve._resolve,
            "style": self._style,
            "first": self._first,
            "hydrate": self._hydrate,
            "max_items": self.max_items,
            "concurrency": self.concurrency,
            "keep_unparsed": self._keep_unparsed,
        }
        return AsyncPager(**(options | changes))

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
        walk = _Walk(self._style.implicit)
        async with contextlib.aclosing(self._walk(limit, walk)) as pages:
            async for page in pages:
                yield page
        reached_limit = limit is not None and walk.emitted >= limit
        if walk.total is not None and not reached_limit and walk.emitted != walk.total:
            log.warning(
                "the listing ended after %d items, but the vendor's total said %d",
                walk.emitted,
                walk.total,
            )

    async def _walk(self, limit: int | None, walk: _Walk) -> AsyncGenerator[Page[T], None]:
        number = 1
        request: PageRequest | None = self._first
        while request is not None:
            url = self._resolve(request)
            walk.keys.add(walk.key(url))
            response = await self._fetch(url)
            parsed = self._parse(response, request)
            if parsed.items and walk.repeats(response):
                return
            page = self._page(parsed, response, number, limit, walk.emitted)
            if page is None:
                return
            walk.total = parsed.total
            yield page
            walk.emitted += len(page.items)
            if limit is not None and walk.emitted >= limit:
                return
            request = parsed.next
            plan = self._plan_fan_out(request, parsed, number, limit, walk)
            if plan is not None:
                async with contextlib.aclosing(self._fan_out(plan, limit, walk)) as fanned:
                    async for page, parsed in fanned:
                        yield page
                        walk.emitted += len(page.items)
                        if limit is not None and walk.emitted >= limit:
                            return
                        number = page.number
                        request = parsed.next
                if walk.ended:
                    return
            if request is not None and walk.key(self._resolve(request)) in walk.keys:
                log.warning(
                    "%s %s: the next link points back to a page already fetched; "
                    "the listing ends here",
                    response.vendor,
                    response.url,
                )
                return
            number += 1

    def _parse(self, response: Response, request: PageRequest) -> ParsedPage:
        """The style's reading of a page, its next link checked before anything else."""
        parsed = self._style.parse(response, request)
        if parsed.next is not None:
            self._resolve(parsed.next)  # raises ForeignURLError for another origin
        return parsed

    def _page(
        self, parsed: ParsedPage, response: Response, number: int, limit: int | None, emitted: int
    ) -> Page[T] | None:
        if not parsed.items:
            return None if number > 1 else Page([], parsed.total, response, number)
        raw = parsed.items
        if limit is not None and emitted + len(raw) > limit:
            raw = raw[: limit - emitted]
        items = self._hydrate(raw, response, self._keep_unparsed)
        return Page(items, parsed.total, response, number, parsed.next, raw)

    def _plan_fan_out(
        self,
        following: PageRequest | None,
        parsed: ParsedPage,
        number: int,
        limit: int | None,
        walk: _Walk,
    ) -> _Plan | None:
        """The pages after the first to fetch concurrently; None when that cannot be done.

        Only if our address for page 2 is the page the vendor links to next: then the
        vendor's addressing is ours, and page numbers can be trusted up to the count.
        """
        if (
            number != 1
            or self.concurrency < 2
            or following is None
            or parsed.page_count is None
            or parsed.page_count <= 1
            or not parsed.items
        ):
            return None
        last = parsed.page_count
        if limit is not None:
            last = min(last, 1 + _ceil_div(limit - walk.emitted, len(parsed.items)))
        second = self._style.nth(self._first, parsed, 2)
        if last < 2 or second is None:
            return None
        if walk.key(self._resolve(second)) != walk.key(self._resolve(following)):
            return None
        return _Plan(self._style, self._first, parsed, last)

    async def _fan_out(
        self, plan: _Plan, limit: int | None, walk: _Walk
    ) -> AsyncGenerator[tuple[Page[T], ParsedPage], None]:
        """The planned pages with up to ``concurrency`` requests in flight, yielded in order.

        A slot is refilled as soon as any request finishes, not only the oldest: one
        slow page does not idle the others. Finished pages wait for their turn, at most
        ``concurrency`` of them, so memory stays bounded by 2 x ``concurrency`` pages,
        and the plan is drawn from only as slots free up, so it costs nothing ahead.

        A page is decoded and hydrated only at its turn, after the free slots have been
        refilled: the next requests are on the wire while this one's CPU work is done,
        instead of every page's decoding delaying the requests behind it.

        The fan-out ends early, setting ``walk.ended``, on an empty page, a repeated
        one, or one that says it is the last, logging where the count promised more.
        """
        window: dict[int, tuple[PageRequest, asyncio.Task[Response]]] = {}
        turn = 2
        try:
            while True:
                await asyncio.sleep(0)  # let answers already in finish first, then refill
                running = [task for _, task in window.values() if not task.done()]
                while len(running) < self.concurrency and len(window) < 2 * self.concurrency:
                    planned = plan.take()
                    if planned is None:
                        break
                    n, req = planned
                    url = self._resolve(req)
                    walk.keys.add(walk.key(url))
                    window[n] = (req, asyncio.ensure_future(self._fetch(url)))
                    running.append(window[n][1])
                if turn not in window:
                    return  # the plan is done: the caller follows the last next link
                req, task = window[turn]
                if not task.done():
                    await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    continue
                del window[turn]
                response = task.result()
                parsed = self._parse(response, req)
                if not parsed.items or walk.repeats(response):
                    walk.ended = True
                    if not parsed.items:
                        plan.disagreement(response, turn, "is empty")
                    return
                page = self._page(parsed, response, turn, limit, walk.emitted)
                assert page is not None  # not empty, and not the first
                yield page, parsed
                if parsed.next is None:
                    walk.ended = True
                    if turn < plan.last:
                        plan.disagreement(response, turn, "says it is the last")
                    return
                turn += 1
        finally:
            for _, task in window.values():
                task.cancel()
            if window:
                await asyncio.gather(*(task for _, task in window.values()), return_exceptions=True)


class _Plan:
    """Pages 2..``last`` by number, made one at a time: a count of 10^12 costs nothing."""

    def __init__(self, style: PagingStyle, first: PageRequest, parsed: ParsedPage, last: int):
        self.last = last
        self._pages: Iterator[tuple[int, PageRequest | None]] = (
            (n, style.nth(first, parsed, n)) for n in range(2, last + 1)
        )

    def take(self) -> tuple[int, PageRequest] | None:
        """The next planned page, or None once the plan is done (or cannot go on)."""
        n, req = next(self._pages, (0, None))
        return None if req is None else (n, req)

    def disagreement(self, response: Response, number: int, what: str) -> None:
        log.warning(
            "%s %s: page %d of the %d the vendor counted %s; the listing ends there",
            response.vendor,
            response.url,
            number,
            self.last,
            what,
        )
