"""Property tests for the paging parsers in `core`, and for paging end to end.

Every parser either returns what the grammar says or raises the library's own error;
and a listing served with any generated spelling of links, headers and lying totals
either yields each item exactly once, in order, or raises a library error, within a
bounded number of requests (a bound on work, not on the clock: the suite runs on
loaded machines).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from aio_edu_clients import errors
from aio_edu_clients.core.links import LinkSyntaxError, page_key, parse_link_header, resolve_link
from aio_edu_clients.core.paging import PageRequest, XPagination, as_count
from aio_edu_clients.core.response import Response

from .paged_server import PagedServer, Scenario
from .test_hostile_paging import client_for, listing

BASE = URL("http://api.example.test:8080/api/clients/?page=3")
PROPS = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])

# -- Link headers ------------------------------------------------------------------------

uri_chars = st.sampled_from("abcxyzABC0129-._~:/?#[]@!$&'()*+,;=%")
targets = st.text(uri_chars, min_size=1, max_size=30).map(lambda t: "https://h.test/" + t)
rel_names = st.sampled_from(["next", "prev", "last", "first", "self", "item", "https://rel.test/x"])
ows = st.sampled_from(["", " ", "  ", "\t"])
param_values = st.text(st.characters(codec="ascii", exclude_categories=["Cc"]), max_size=12)


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def link_headers(draw: st.DrawFn) -> tuple[list[str], dict[str, str]]:
    """Several links, spelled every way RFC 8288 allows, and the {rel: target} they mean."""
    links = draw(
        st.lists(st.tuples(targets, st.lists(rel_names, min_size=1, max_size=3)), max_size=5)
    )
    expected: dict[str, str] = {}
    values: list[str] = []
    for target, rels in links:
        for rel in rels:
            expected.setdefault(rel.lower(), target)
        rel_text = " ".join(r.upper() if draw(st.booleans()) else r for r in rels)
        if len(rels) == 1 and "/" not in rel_text and draw(st.booleans()):
            rel_param = (
                f"{draw(st.sampled_from(['rel', 'REL', 'Rel']))}{draw(ows)}={draw(ows)}{rel_text}"
            )
        else:
            rel_param = f"rel={quoted(rel_text)}"
        params = [rel_param]
        for _ in range(draw(st.integers(0, 2))):
            name = draw(st.sampled_from(["title", "type", "hreflang", "media"]))
            params.insert(draw(st.integers(0, len(params))), f"{name}={quoted(draw(param_values))}")
        values.append(f"<{target}>" + "".join(f"{draw(ows)};{draw(ows)}{p}" for p in params))
    # Several Link headers are one field joined with commas.
    headers: list[str] = []
    while values:
        take = draw(st.integers(1, len(values)))
        headers.append(f"{draw(ows)},{draw(ows)}".join(values[:take]))
        values = values[take:]
    return headers, expected


@PROPS
@given(link_headers())
def test_link_headers_mean_what_rfc_8288_says(case: tuple[list[str], dict[str, str]]) -> None:
    headers, expected = case
    assert parse_link_header(",".join(headers)) == expected


@PROPS
@given(st.text(max_size=80))
def test_any_link_header_parses_or_raises_a_link_syntax_error(text: str) -> None:
    try:
        links = parse_link_header(text)
    except LinkSyntaxError:
        return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in links.items())


# -- next links --------------------------------------------------------------------------

link_text = st.one_of(
    st.text(max_size=60),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(
                [
                    "http:",
                    "https:",
                    "//",
                    "/",
                    "api",
                    "clients",
                    "?",
                    "&",
                    "=",
                    "page",
                    "2",
                    "@",
                    ":",
                    "user",
                    "[",
                    "]",
                    "::1",
                    "99999",
                    "api.example.test",
                    "8080",
                    "evil.test",
                    "#",
                    "%",
                    "..",
                    ".",
                ]
            ),
            max_size=12,
        ),
    ),
)


@PROPS
@given(link_text)
def test_a_link_resolves_to_an_absolute_url_without_userinfo_or_is_refused(link: str) -> None:
    try:
        url = resolve_link(link, BASE)
    except (LinkSyntaxError, errors.ForeignURLError):
        return
    assert url.is_absolute() and url.host
    assert url.user is None and url.password is None
    assert url.fragment == ""
    assert 0 < (url.port or 0) <= 65535
    # Spelling the resolved URL again names the same page.
    assert page_key(resolve_link(str(url), BASE)) == page_key(url)


@PROPS
@given(
    st.lists(
        st.tuples(st.sampled_from("abcp"), st.sampled_from(["1", "2", "x y", "é"])), max_size=5
    ),
    st.randoms(),
)
def test_a_page_is_the_same_page_whatever_the_query_order(
    query: list[tuple[str, str]], rnd: Any
) -> None:
    shuffled = list(query)
    rnd.shuffle(shuffled)
    a = URL("http://H.test/api/").with_query(query)
    b = URL("HTTP://h.test:80/api/").with_query(shuffled)
    assert page_key(a) == page_key(b)
    assert page_key(a.extend_query(page="1"), {("page", "1")}) == page_key(a, {("page", "1")})


# -- counts and X-Pagination headers -----------------------------------------------------

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.integers(0, 10**40).map(str),
)


@PROPS
@given(json_scalars)
def test_a_count_is_a_non_negative_int_or_nothing(value: Any) -> None:
    count = as_count(value)
    assert count is None or (type(count) is int and 0 <= count < 10**30)


@PROPS
@given(st.integers(0, 10**30 - 1))
def test_a_count_written_in_digits_is_read_back(n: int) -> None:
    assert as_count(str(n)) == as_count(n) == n


header_values = st.one_of(st.integers(-5, 10**13).map(str), st.text(max_size=12), st.just("1e400"))


@PROPS
@given(
    items=st.integers(0, 30),
    limit=st.integers(1, 30),
    offset=st.integers(0, 100),
    entries=st.none() | header_values,
    pages=st.none() | header_values,
    current=st.none() | header_values,
)
def test_x_pagination_reads_any_headers_and_never_drops_a_witnessed_page(
    items: int, limit: int, offset: int, entries: Any, pages: Any, current: Any
) -> None:
    headers: CIMultiDict[str] = CIMultiDict()
    for name, value in (("Entries", entries), ("Pages", pages), ("Page", current)):
        if value is not None:
            full = "X-Pagination-Current-Page" if name == "Page" else f"X-Pagination-Total-{name}"
            headers[full] = value
    body = ("[" + ",".join(f'{{"id": {i}}}' for i in range(items)) + "]").encode()
    response = Response(
        vendor="TidyClub",
        method="GET",
        url="http://t.test/v1/contacts",
        status=200,
        headers=CIMultiDictProxy(headers),
        content=body,
    )
    request = PageRequest("/contacts", (("limit", str(limit)), ("offset", str(offset))))
    parsed = XPagination().parse(response, request)
    assert len(parsed.items) == items
    if items == 0:
        assert parsed.next is None
    if parsed.next is not None:
        assert dict(parsed.next.params)["offset"] == str(offset + items)
    if items >= limit and entries is None and pages is None:
        assert parsed.next is not None, "a full page without headers means more"


# -- paging end to end, against a server that serves the generated headers ---------------

LIES = {
    "truth": None,
    "none": lambda n: None,
    "high": lambda n: n * 3 + 7,
    "trillion": lambda n: 10**12,
    "garbage": lambda n: "lots",
    "overflow": lambda n: "9" * 60,
}


def spell_next(how: str):  # type: ignore[no-untyped-def]
    def spell(number: int, true: str, root: str) -> str:
        url = URL(true)
        if how == "relative":
            return "?" + url.raw_query_string
        if how == "path":
            return url.raw_path_qs
        if how == "reordered":
            return str(url.with_query(sorted(url.query.items(), reverse=True)).with_fragment("f"))
        return true

    return spell


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Scenario, int]:
    style = draw(st.sampled_from(["envelope", "link", "xpagination"]))
    size = draw(st.integers(1, 7))
    items = list(range(1, draw(st.integers(0, 40)) + 1))
    total = LIES[draw(st.sampled_from(sorted(LIES)))]
    pages = LIES[draw(st.sampled_from(sorted(LIES)))]
    how = draw(st.sampled_from(["absolute", "relative", "path", "reordered"]))

    def link_header(links: list[tuple[str, str]]) -> list[str]:
        shuffled = draw(st.permutations(links))
        spelled = [
            f"<{url}>{draw(ows)};{draw(ows)}{draw(st.sampled_from(['rel', 'REL']))}="
            + (quoted(rel) if draw(st.booleans()) else rel)
            for rel, url in shuffled
        ]
        if len(spelled) > 1 and draw(st.booleans()):
            return spelled  # one Link header each
        return [", ".join(spelled)]

    scenario = Scenario(
        style,
        items,
        size,
        total=total,
        pages=pages,
        next_link=spell_next(how),
        link_header=link_header,
    )
    return scenario, draw(st.integers(1, 5))


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_any_served_paging_yields_every_item_once_in_order(case: tuple[Scenario, int]) -> None:
    scenario, concurrency = case

    async def scenario_run() -> list[int]:
        async with PagedServer(scenario) as server, client_for(server) as client:
            return await listing(client, scenario.page_size, concurrency)

    got = asyncio.run(scenario_run())
    assert got == scenario.items
    real_pages = max(1, -(-len(scenario.items) // scenario.page_size))
    assert len(scenario.requests) <= real_pages + 1 + 2 * concurrency


@pytest.mark.parametrize("style", ["envelope", "link"])
@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(link=link_text, at=st.integers(1, 3), concurrency=st.integers(1, 4))
def test_any_next_link_is_followed_or_refused_before_it_is_sent(
    style: Any, link: str, at: int, concurrency: int
) -> None:
    """Whatever a server writes as its next link: a page on our origin, or a library error."""

    def next_link(number: int, true: str, root: str) -> str:
        return link if number == at else true

    scenario = Scenario(style, list(range(1, 21)), 4, next_link=next_link, pages=lambda n: n)

    async def scenario_run() -> list[int] | errors.EduClientError:
        async with PagedServer(scenario) as server, client_for(server) as client:
            try:
                return await listing(client, scenario.page_size, concurrency)
            except errors.EduClientError as exc:  # a library error, never a bare one
                return exc

    outcome = asyncio.run(scenario_run())
    if isinstance(outcome, list):
        # The pages before the odd link are whole; what follows is the server's to say
        # (a link to the same list under another path is a page we have not seen).
        assert outcome[: at * 4] == list(range(1, at * 4 + 1))
    # At worst the list is walked once more from the odd link, then one empty page.
    assert len(scenario.requests) <= 2 * 5 + 1 + 2 * concurrency


json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
envelopes = st.fixed_dictionaries(
    {},
    optional={
        "count": json_values,
        "next": st.one_of(json_values, link_text),
        "previous": json_values,
        "results": st.lists(json_values, max_size=4) | json_values,
    },
)


@PROPS
@given(body=st.one_of(envelopes, json_values), link=st.none() | st.text(max_size=60))
def test_any_page_envelope_or_link_header_parses_or_raises_a_library_error(
    body: Any, link: str | None
) -> None:
    import json as json_module

    from aio_edu_clients.core.paging import LinkHeader, NextUrlEnvelope

    headers: CIMultiDict[str] = CIMultiDict()
    if link is not None:
        headers["Link"] = link
    response = Response(
        vendor="V",
        method="GET",
        url=BASE,
        status=200,
        headers=CIMultiDictProxy(headers),
        content=json_module.dumps(body).encode(),
    )
    request = PageRequest("/clients/")
    for style in (NextUrlEnvelope(), LinkHeader()):
        try:
            parsed = style.parse(response, request)
        except (errors.DecodeError, errors.ForeignURLError):
            continue
        assert isinstance(parsed.items, list)
        assert parsed.total is None or parsed.total >= 0
        assert parsed.page_count is None or parsed.page_count >= 0
        if parsed.next is not None:
            assert URL(parsed.next.url).is_absolute()


def test_a_count_with_a_separator_character_around_it_is_read() -> None:
    """``str.strip`` removes ``\\x1f``, ``int()`` does not: found by the property above."""
    assert as_count("0\x1f") == 0 and as_count("\x1c7 ") == 7


def _refused_for_its_characters(link: str) -> bool:
    try:
        resolve_link(link, URL("https://api.example/v1/things"))
    except LinkSyntaxError as exc:
        return "whitespace, control characters or a backslash" in str(exc)
    except errors.EduClientError:
        pass
    return False


def test_every_ascii_character_in_a_link_is_judged_as_str_methods_judge_it() -> None:
    """The ASCII fast path (a regex) refuses exactly what the per-character rule does;
    a link with a non-ASCII character takes the rule itself, with the same verdict."""
    for code in range(128):
        ch = chr(code)
        rule = ch.isspace() or not ch.isprintable() or ch == "\\"
        fast = _refused_for_its_characters(f"/v1/things?q={ch}x")
        slow = _refused_for_its_characters(f"/v1/things?q={ch}é")
        assert fast == slow == rule, repr(ch)
