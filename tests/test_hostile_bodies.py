"""Hostile bodies, end to end through the public API of all three vendors (issue 13).

Whatever a server answers — a body nested 100,000 levels deep, ``1e400``, ``NaN``, a
5,000-digit number, invalid UTF-8, a JSON value of the wrong kind at any level — the
user sees `DecodeError`, the typed status error (which wins over a hostile error body)
or `OAuthError`, carrying the vendor, URL and status; never ``RecursionError``,
``OverflowError``, ``ValueError``, ``TypeError``, ``KeyError`` or an aiohttp exception.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher, errors
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher, Fault
from aio_edu_clients.tutorcruncher.webhooks import (
    SIGNATURE_HEADER,
    WebhookPayload,
    parse_webhook,
    webhook_handler,
)

from .conftest import FAST_RETRY, tidy_login

DEPTHS = (10_000, 100_000)
DIGITS = "9" * 5000  # past Python's 4,300-digit limit for int <-> str


def raw(literal: str) -> str:
    """A JSON number written as is: ``json.dumps(1e400)`` would write ``Infinity``."""
    return f"@@{literal}@@"


def dumps(value: Any) -> bytes:
    """``value`` as JSON bytes, with every `raw` literal in place."""
    return re.sub(r'"@@(.*?)@@"', r"\1", json.dumps(value)).encode()


INF, NEG_INF = raw("1e400"), raw("-1e400")


def deep_array(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_object(depth: int) -> bytes:
    return b'{"a": ' * depth + b"1" + b"}" * depth


DEEP = {
    f"{kind} {depth:,} deep": make(depth)
    for depth in DEPTHS
    for kind, make in (("array", deep_array), ("object", deep_object))
}

# Bodies that are not JSON a decoder may accept: each is a DecodeError on a 2xx answer.
UNDECODABLE = {
    **DEEP,
    "NaN": b'{"id": NaN}',
    "Infinity": b'{"id": Infinity}',
    "-Infinity": b'{"id": -Infinity}',
    "5,000-digit integer": b'{"id": ' + DIGITS.encode() + b"}",
    "invalid UTF-8": b'{"id": 1, "name": "\xff\xfe\xc3"}',
    "UTF-8 surrogate": b'{"id": 1, "name": "\xed\xa0\x80"}',
}


@dataclass
class Api:
    """One vendor's client and fake, and where its representative model keeps what."""

    vendor: str
    client: Any
    fake: Any
    get: Callable[[], Awaitable[Any]]
    collect: Callable[[], Awaitable[list[Any]]]
    path: str  # of ``get``
    list_path: str
    page: Callable[[list[Any]], bytes]  # a one-page listing holding these items

    @property
    def fields(self) -> dict[str, str]:
        return FIELDS[self.vendor]

    def script(self, fault: Fault, times: int = 1) -> None:
        # The API routes only: TidyClub's fake also serves its OAuth endpoints.
        self.fake.script(*[fault] * times, path=self.fake.api_prefix.rstrip("/") + "/")


def _envelope(items: list[Any]) -> bytes:
    return dumps({"count": len(items), "next": None, "previous": None, "results": items})


def _array(items: list[Any]) -> bytes:
    return dumps(items)


# role (id, text, timestamp, date, decimal, count, flag) -> field, of each vendor's model
# for one object (a TutorCruncher Client, an Eduframe Course, a TidyClub MembershipLevel)
# and of its listed model where that is another (listed TutorCruncher invoices).
FIELDS: dict[str, dict[str, str]] = {
    "TutorCruncher": {
        "id": "id",
        "text": "first_name",
        "timestamp": "last_updated",
        "decimal": "payment_pending",
        "count": "invoices_count",
    },
    "Eduframe": {
        "id": "id",
        "text": "name",
        "timestamp": "updated_at",
        "decimal": "cost",
        "count": "position",
        "flag": "is_published",
    },
    "TidyClub": {
        "id": "id",
        "text": "name",
        "timestamp": "start_at",
        "date": "active_since",
        "decimal": "amount",
        "count": "duration",
        "flag": "enabled",
    },
}
LIST_FIELDS = {
    **FIELDS,
    "TutorCruncher": {
        "id": "id",
        "text": "display_id",
        "timestamp": "date_sent",
        "decimal": "gross",
    },
}


@contextlib.asynccontextmanager
async def serving(vendor: str) -> AsyncIterator[Api]:
    options: dict[str, Any] = {"rate_limit": None, "retry": FAST_RETRY}
    if vendor == "TutorCruncher":
        async with (
            FakeTutorCruncher(rate_limit=None) as tcf,
            TutorCruncher(tcf.api_key, base_url=tcf.base_url, **options) as tc,
        ):
            yield Api(
                vendor,
                tc,
                tcf,
                lambda: tc.clients.get(1),
                # Listed clients are compact references; invoices are listed in full.
                lambda: tc.invoices.list().collect(),
                "/clients/1/",
                "/invoices/",
                _envelope,
            )
    elif vendor == "Eduframe":
        async with (
            FakeEduframe() as eff,
            Eduframe(eff.api_key, base_url=eff.base_url, **options) as ef,
        ):
            yield Api(
                vendor,
                ef,
                eff,
                lambda: ef.courses.get(1),
                lambda: ef.courses.list().collect(),
                "/courses/1",
                "/courses",
                _array,
            )
    else:
        async with (
            FakeTidyClub() as tdf,
            TidyClub(access_token=tdf.access_token, base_url=tdf.base_url, **options) as tidy,
        ):
            yield Api(
                vendor,
                tidy,
                tdf,
                lambda: tidy.membership_levels.get(1),
                lambda: tidy.membership_levels.list().collect(),
                "/membership_levels/1",
                "/membership_levels",
                _array,
            )


VENDORS = ["TutorCruncher", "Eduframe", "TidyClub"]


@pytest.fixture(params=VENDORS)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    async with serving(request.param) as api:
        yield api


def assert_decode_error(exc: errors.DecodeError, api: Api, path: str) -> None:
    assert type(exc) is errors.DecodeError
    assert exc.vendor == api.vendor
    assert exc.status == 200
    assert exc.url.startswith(api.fake.base_url) and path in exc.url
    assert exc.__cause__ is None or isinstance(exc.__cause__, errors.EduClientError)


# -- one object ---------------------------------------------------------------------


@pytest.mark.parametrize("body", UNDECODABLE.values(), ids=UNDECODABLE.keys())
async def test_undecodable_object_is_a_decode_error(api: Api, body: bytes) -> None:
    api.script(Fault.body(200, body))
    with pytest.raises(errors.DecodeError) as info:
        await api.get()
    assert_decode_error(info.value, api, api.path)
    assert "malformed JSON" in str(info.value)


async def test_depth_is_named_in_the_error(api: Api) -> None:
    api.script(Fault.body(200, deep_array(100_000)))
    with pytest.raises(errors.DecodeError, match="nested too deeply"):
        await api.get()


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
async def test_non_json_number_literals_are_refused(api: Api, literal: str) -> None:
    api.script(Fault.body(200, f'{{"id": 1, "{api.fields["count"]}": {literal}}}'.encode()))
    with pytest.raises(errors.DecodeError, match=literal):
        await api.get()


@pytest.mark.parametrize("body", [b"[]", b'"x"', b"1", b"null", b"true", b"1e400", b"[{}]"])
async def test_an_object_of_the_wrong_kind_is_a_decode_error(api: Api, body: bytes) -> None:
    api.script(Fault.body(200, body))
    with pytest.raises(errors.DecodeError) as info:
        await api.get()
    assert_decode_error(info.value, api, api.path)


# (role, JSON value) pairs that are not a value of that role's type.
WRONG_VALUES: list[tuple[str, Any]] = [
    ("id", INF),
    ("id", NEG_INF),
    ("id", 1.5),
    ("id", True),
    ("id", DIGITS),
    ("id", {"a": 1}),
    ("id", [1]),
    ("id", "one"),
    ("count", INF),
    ("count", DIGITS),
    ("count", [[[]]]),
    ("text", {"first": "x"}),
    ("text", ["x"]),
    ("text", INF),
    ("text", True),
    ("timestamp", INF),
    ("timestamp", DIGITS),
    ("timestamp", "99999-01-01T00:00:00Z"),
    ("timestamp", "9999-12-31T23:00:00-05:00"),
    ("timestamp", "2020-13-45T99:99:99Z"),
    ("timestamp", "\ud800"),
    ("timestamp", {"date": "2020-01-01"}),
    ("timestamp", 1_700_000_000),
    ("date", DIGITS),
    ("date", "2020-02-30"),
    ("date", 20200101),
    ("decimal", INF),
    ("decimal", NEG_INF),
    ("decimal", "NaN"),
    ("decimal", "Infinity"),
    ("decimal", "1e1000000"),
    ("decimal", "12,50"),
    ("decimal", True),
    ("decimal", {"amount": "1"}),
    ("flag", "maybe"),
    ("flag", "false!"),
    ("flag", 2),
    ("flag", ["true"]),
]


def wrong_values(fields: dict[str, dict[str, str]]) -> Any:
    """``(api, field, value)`` parameters: each wrong value, for each vendor with that role."""
    return pytest.mark.parametrize(
        ("api", "field", "value"),
        [
            pytest.param(vendor, fields[vendor][role], value, id=f"{vendor}-{role}={value!r:.20}")
            for vendor in VENDORS
            for role, value in WRONG_VALUES
            if role in fields[vendor]
        ],
        indirect=["api"],
    )


@wrong_values(FIELDS)
async def test_a_field_of_the_wrong_kind_is_a_decode_error_naming_it(
    api: Api, field: str, value: Any
) -> None:
    item = {"id": 1, field: value}
    api.script(Fault.body(200, dumps(item)))
    with pytest.raises(errors.DecodeError) as info:
        await api.get()
    assert_decode_error(info.value, api, api.path)
    assert f"$.{field}" in str(info.value)


async def test_huge_but_exact_decimals_are_kept(api: Api) -> None:
    """A 5,000-digit decimal string is a number, not an overflow: kept exactly."""
    item = {"id": 1, api.fields["decimal"]: DIGITS + ".5"}
    api.script(Fault.body(200, dumps(item)))
    got = await api.get()
    assert getattr(got, api.fields["decimal"]) == Decimal(DIGITS + ".5")


async def test_deep_values_in_open_fields_are_kept(api: Api) -> None:
    """Nesting a model does not read (an unknown field) is data, not an error."""
    nested: Any = "leaf"
    for _ in range(200):
        nested = {"n": [nested]}
    api.script(Fault.body(200, dumps({"id": 1, "hologram": nested})))
    got = await api.get()
    assert got.id == 1 and got.extra["hologram"] == nested


# -- error statuses -----------------------------------------------------------------

ERROR_BODIES = {
    **UNDECODABLE,
    "1e400": b'{"detail": 1e400, "code": 1e400, "message": -1e400}',
    "deep errors 900": b'{"errors": ' + b'{"f": ' * 900 + b'["bad"]' + b"}" * 901,
    "deep list 900": b"[" * 900 + b'"bad"' + b"]" * 900,
    "wrong kinds": b'{"detail": [[{"x": null}]], "message": {"a": 1}, "error": 5}',
    "not an object": b'"just text"',
}
STATUSES = {
    400: errors.BadRequestError,
    422: errors.UnprocessableEntityError,
    500: errors.ServerError,
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("body", ERROR_BODIES.values(), ids=ERROR_BODIES.keys())
async def test_hostile_error_bodies_give_the_status_error(
    api: Api, status: int, body: bytes
) -> None:
    api.script(Fault.body(status, body), times=FAST_RETRY.max_retries + 1)
    with pytest.raises(errors.APIStatusError) as info:
        await api.get()
    exc = info.value
    assert type(exc) is STATUSES[status]
    assert exc.status == status and exc.vendor == api.vendor and exc.url.endswith(api.path)
    assert exc.message is None or len(exc.message) < 100_000
    str(exc)  # the message renders


async def test_field_errors_nested_deep_are_still_quoted(api: Api) -> None:
    body = b'{"errors": ' + b'{"f": ' * 500 + b'["is wrong"]' + b"}" * 501
    api.script(Fault.body(422, body))
    with pytest.raises(errors.UnprocessableEntityError) as info:
        await api.get()
    assert info.value.message is not None and info.value.message.endswith(".f: is wrong")


# -- pages --------------------------------------------------------------------------


@pytest.mark.parametrize("body", UNDECODABLE.values(), ids=UNDECODABLE.keys())
async def test_undecodable_page_is_a_decode_error(api: Api, body: bytes) -> None:
    api.script(Fault.body(200, body))
    with pytest.raises(errors.DecodeError) as info:
        await api.collect()
    assert_decode_error(info.value, api, api.list_path)


@pytest.mark.parametrize("depth", DEPTHS)
async def test_a_deep_item_in_a_page_is_a_decode_error(api: Api, depth: int) -> None:
    page = api.page([{"id": 1}, "DEEP"]).replace(b'"DEEP"', deep_object(depth))
    api.script(Fault.body(200, page))
    with pytest.raises(errors.DecodeError) as info:
        await api.collect()
    assert_decode_error(info.value, api, api.list_path)


@pytest.mark.parametrize("body", [b'"x"', b"1", b"null", b"true", b'{"a": 1}'])
async def test_a_page_of_the_wrong_kind_is_a_decode_error(api: Api, body: bytes) -> None:
    if api.vendor == "TutorCruncher" and body == b'{"a": 1}':
        body = b'{"count": 1, "next": null, "previous": null}'  # an envelope without results
    api.script(Fault.body(200, body))
    with pytest.raises(errors.DecodeError) as info:
        await api.collect()
    assert_decode_error(info.value, api, api.list_path)


@pytest.mark.parametrize("results", [{"id": 1}, "x", 1, True, INF])
async def test_results_of_the_wrong_kind_are_a_decode_error(results: Any) -> None:
    async with serving("TutorCruncher") as api:
        body = {"count": 1, "next": None, "previous": None, "results": results}
        api.script(Fault.body(200, dumps(body)))
        with pytest.raises(errors.DecodeError) as info:
            await api.collect()
        assert_decode_error(info.value, api, api.list_path)


@pytest.mark.parametrize("item", [1, "x", None, True, [], [{"id": 1}], INF])
async def test_an_item_of_the_wrong_kind_is_a_decode_error(api: Api, item: Any) -> None:
    api.script(Fault.body(200, api.page([{"id": 1}, item])))
    with pytest.raises(errors.DecodeError) as info:
        await api.collect()
    assert_decode_error(info.value, api, api.list_path)
    assert "$[1]" in str(info.value), "the error names the item"


@wrong_values(LIST_FIELDS)
async def test_a_field_of_the_wrong_kind_in_a_page_names_item_and_field(
    api: Api, field: str, value: Any
) -> None:
    api.script(Fault.body(200, api.page([{"id": 1}, {"id": 2}, {"id": 3, field: value}])))
    with pytest.raises(errors.DecodeError) as info:
        await api.collect()
    assert_decode_error(info.value, api, api.list_path)
    assert f"$[2].{field}" in str(info.value)


COUNTS: list[Any] = [INF, NEG_INF, DIGITS, -1, "1e400", True, {"a": 1}, [1], 1.5]


@pytest.mark.parametrize("count", COUNTS, ids=[f"{c!r:.20}" for c in COUNTS])
async def test_a_hostile_count_is_a_hint_not_a_crash(count: Any) -> None:
    """The envelope's ``count`` only sizes the listing: nonsense there is ignored."""
    async with serving("TutorCruncher") as api:
        body = {"count": count, "next": None, "previous": None, "results": [{"id": 7}]}
        api.script(Fault.body(200, dumps(body)))
        assert [c.id for c in await api.collect()] == [7]


@pytest.mark.parametrize("link", [5, INF, {"href": "x"}, ["x"], True, "http://[::1/"])
async def test_a_next_link_of_the_wrong_kind_is_a_decode_error(link: Any) -> None:
    async with serving("TutorCruncher") as api:
        body = {"count": 2, "next": link, "previous": None, "results": [{"id": 7}]}
        api.script(Fault.body(200, dumps(body)))
        with pytest.raises(errors.DecodeError) as info:
            await api.collect()
        assert_decode_error(info.value, api, api.list_path)


HEADERS = ["1e400", DIGITS, "-1", "NaN", "١٢", "1_000", "", "9" * 40, "2, 3"]


@pytest.mark.parametrize("value", HEADERS, ids=[f"{v!r:.12}" for v in HEADERS])
async def test_hostile_paging_headers_are_hints_not_crashes(value: str) -> None:
    """TidyClub's ``X-Pagination-*`` headers only hint at more pages: nonsense is ignored."""
    async with serving("TidyClub") as api:
        headers = {
            f"X-Pagination-{name}": value
            for name in ("Total-Entries", "Total-Pages", "Current-Page", "Per-Page")
        }
        api.script(Fault.body(200, b'[{"id": 7}]', headers=headers))
        assert [m.id for m in await api.collect()] == [7]


@pytest.mark.parametrize(
    "value", ["1e400", DIGITS, "-5", "nan", "Wed, 21 Oct 99999999999 07:28:00 GMT"]
)
async def test_a_hostile_retry_after_is_waited_out_as_backoff(value: str) -> None:
    async with serving("TutorCruncher") as api:
        api.script(Fault.body(429, b'{"detail": "slow down"}', headers={"Retry-After": value}))
        cid = next(iter(api.fake.clients))
        assert (await api.client.clients.get(cid)).id == cid


# -- Eduframe's own answers -----------------------------------------------------------

EF_200_ERRORS = {
    "code 1e400": b'{"code": 1e400, "message": "x"}',
    "code -1e400": b'{"code": -1e400, "message": "x"}',
    "code 5,000 digits": b'{"code": "' + DIGITS.encode() + b'", "message": "x"}',
    "code 422.5": b'{"code": 422.5, "message": "x"}',
    "code a list": b'{"code": [422], "message": "x"}',
}


@pytest.mark.parametrize("body", EF_200_ERRORS.values(), ids=EF_200_ERRORS.keys())
async def test_eduframe_error_body_without_a_real_status_is_decoded_as_the_model(
    body: bytes,
) -> None:
    """``code`` is a status only if it is one; otherwise the body is read as the model."""
    async with serving("Eduframe") as api:
        api.script(Fault.body(200, body))
        with pytest.raises(errors.DecodeError) as info:  # a Course needs an id
            await api.get()
        assert_decode_error(info.value, api, api.path)


async def test_eduframe_error_body_in_a_200_with_deep_field_errors() -> None:
    async with serving("Eduframe") as api:
        errors_body = b'{"f": ' * 600 + b'["bad"]' + b"}" * 600
        api.script(
            Fault.body(200, b'{"code": 422.0, "message": "no", "errors": ' + errors_body + b"}")
        )
        with pytest.raises(errors.UnprocessableEntityError) as info:
            await api.get()
        assert info.value.status == 422 and info.value.message is not None
        assert info.value.message.startswith("no; f.f.f")


@pytest.mark.parametrize(
    "body", [*DEEP.values(), b'{"location": NaN}', b"\xff", b'{"location": [1]}']
)
async def test_eduframe_created_tolerates_any_body(body: bytes) -> None:
    """A `Created` answer lives in its Location header; the body is only a fallback."""
    async with serving("Eduframe") as api:
        headers = {"Location": api.fake.base_url + "/teachers/9"}
        api.script(Fault.body(201, body, headers=headers))
        created = await api.client.teachers.create({"first_name": "A", "last_name": "B"})
        assert created.location == headers["Location"] and created.result is None


# -- OAuth token answers --------------------------------------------------------------

TOKEN_ANSWERS: dict[str, bytes] = {
    **DEEP,
    "invalid UTF-8": b'{"access_token": "\xff\xfe", "token_type": "bearer"}',
    "NaN expiry": b'{"access_token": "abcd1234", "expires_in": NaN}',
    "1e400 expiry": b'{"access_token": "abcd1234", "expires_in": 1e400}',
    "-1e400 expiry": b'{"access_token": "abcd1234", "expires_in": -1e400}',
    "negative expiry": b'{"access_token": "abcd1234", "expires_in": -5}',
    "5,000-digit expiry": b'{"access_token": "abcd1234", "expires_in": ' + DIGITS.encode() + b"}",
    "5,000-digit text expiry": b'{"access_token": "abcd1234", "expires_in": "'
    + DIGITS.encode()
    + b'"}',
    "expiry an object": b'{"access_token": "abcd1234", "expires_in": {"s": 1}}',
    "expiry a boolean": b'{"access_token": "abcd1234", "expires_in": true}',
    "token a number": b'{"access_token": 12345678, "token_type": "bearer"}',
    "token a list": b'{"access_token": ["abcd1234"]}',
    "token deep": b'{"access_token": ' + b"[" * 900 + b"]" * 900 + b"}",
    "token empty": b'{"access_token": ""}',
    "token with a newline": b'{"access_token": "abcd\\r\\nX-Evil: 1"}',
    "token with a NUL": b'{"access_token": "abcd\\u0000efgh"}',
    "token with a space": b'{"access_token": "abcd efgh"}',
    "token with DEL": b'{"access_token": "abcd\\u007fefgh"}',
    "no token": b'{"token_type": "bearer", "expires_in": 7200}',
    "refresh token an object": b'{"access_token": "abcd1234", "refresh_token": {"a": 1}}',
    "token type a list": b'{"access_token": "abcd1234", "token_type": '
    + b"[" * 900
    + b"]" * 900
    + b"}",
    "scope a number": b'{"access_token": "abcd1234", "scope": 5}',
    "an array": b'["abcd1234"]',
    "a string": b'"abcd1234"',
    "null": b"null",
    "HTML": b"<html><body>Login</body></html>",
    "empty": b"",
}


@pytest.mark.parametrize("body", TOKEN_ANSWERS.values(), ids=TOKEN_ANSWERS.keys())
async def test_a_hostile_token_answer_is_an_oauth_error(
    tidy_fake: FakeTidyClub, body: bytes
) -> None:
    tidy_fake.script(Fault.body(200, body), path="/oauth/token")
    with pytest.raises(errors.OAuthError) as info:
        await tidy_login(tidy_fake)
    assert type(info.value) is errors.OAuthError
    assert info.value.status == 200
    assert "/oauth/token" in str(info.value)
    assert tidy_fake.client_secret not in str(info.value)
    assert tidy_fake.password not in str(info.value)


@pytest.mark.parametrize("status", [400, 401, 500])
@pytest.mark.parametrize(
    "body",
    [
        *DEEP.values(),
        b'{"error": ' + b"[" * 900 + b"]" * 900 + b', "error_description": {"a": 1}}',
        b'{"error": NaN}',
        b'{"error": 1e400, "error_description": -1e400}',
        b"\xff\xfe",
    ],
)
async def test_a_hostile_token_refusal_is_an_oauth_error(
    tidy_fake: FakeTidyClub, status: int, body: bytes
) -> None:
    tidy_fake.script(
        *[Fault.body(status, body)] * (FAST_RETRY.max_retries + 1), path="/oauth/token"
    )
    with pytest.raises(errors.OAuthError) as info:
        await tidy_login(tidy_fake)
    assert info.value.status == status
    assert info.value.error is None and info.value.description is None


# Each carries the right state in query and fragment, so what is refused is the rest.
CALLBACK = "https://app.example/cb?state=s-1"
REDIRECTS = [
    "http://[::1/cb?code=x&state=s-1",
    "https://app.example/cb?code=x&state=%C3%A9t%C3%A9#state=%C3%A9t%C3%A9",
    CALLBACK.replace("s-1", "%FF") + "&code=x",
    CALLBACK + "#state=s-1&access_token=ab%0D%0Acd&expires_in=7200",
    CALLBACK + "#state=s-1&access_token=ab%00cd&expires_in=7200",
    CALLBACK + "#state=s-1&access_token=abcd1234&expires_in=1e400",
    CALLBACK + "#state=s-1&access_token=abcd1234&expires_in=" + DIGITS,
    CALLBACK + "#state=s-1&access_token=abcd1234&expires_in=nan",
    CALLBACK + "#state=s-1&access_token=abcd1234&expires_in=-1",
    CALLBACK + "#state=s-1&access_token=&expires_in=7200",
    CALLBACK + "&error=" + "%5B" * 1000 + "#state=s-1&error=" + "%5B" * 1000,
]


@pytest.mark.parametrize("url", REDIRECTS, ids=[f"{u[30:60]!r}" for u in REDIRECTS])
def test_a_hostile_redirect_is_an_oauth_error(url: str) -> None:
    for parse in (TidyClub.code_from_redirect, TidyClub.token_from_redirect):
        with pytest.raises(errors.OAuthError):
            parse(url, state="s-1")


def test_the_refused_fragment_says_why_without_the_token() -> None:
    url = CALLBACK + "#state=s-1&access_token=secret%0Avalue&expires_in=7200"
    with pytest.raises(errors.OAuthError, match="control characters") as info:
        TidyClub.token_from_redirect(url, state="s-1")
    assert "secret" not in str(info.value)


def test_non_ascii_state_is_compared_not_crashed_on() -> None:
    url = "https://app.example/cb?code=the-code&state=%C3%A9t%C3%A9"
    assert TidyClub.code_from_redirect(url, state="été") == "the-code"
    with pytest.raises(errors.OAuthError, match="state"):
        TidyClub.code_from_redirect(url, state="ete")


# -- webhook bodies -------------------------------------------------------------------

KEY = "tc-webhook-key"
EVENT = {"action": "LOGIN", "timestamp": "2024-01-01T00:00:00Z"}

WEBHOOK_BODIES: dict[str, bytes] = {
    **DEEP,
    "NaN request time": b'{"events": [], "_request_time": NaN}',
    "1e400 request time": b'{"events": [], "_request_time": 1e400}',
    "1e400 text request time": b'{"events": [], "_request_time": "1e400"}',
    "5,000-digit request time": b'{"events": [], "_request_time": ' + DIGITS.encode() + b"}",
    "5,000-digit text request time": b'{"events": [], "_request_time": "' + DIGITS.encode() + b'"}',
    "invalid UTF-8": b'{"events": [], "x": "\xff"}',
    "events deep": b'{"events": ' + deep_array(10_000) + b"}",
    "events an object": b'{"events": {"0": {}}}',
    "event a list": b'{"events": [[]]}',
    "deep event": b'{"events": [' + deep_object(900) + b"]}",
    "timestamp 1e400": dumps({"events": [{**EVENT, "timestamp": INF}]}),
    "timestamp huge year": dumps({"events": [{**EVENT, "timestamp": "99999-01-01"}]}),
    "timestamp 5,000 digits": dumps({"events": [{**EVENT, "timestamp": DIGITS}]}),
    "branch 1e400": dumps({"events": [{**EVENT, "branch": INF}]}),
    "action a list": dumps({"events": [{**EVENT, "action": [[]]}]}),
    "subject deep": b'{"events": [{"action": "LOGIN", "timestamp": "2024-01-01T00:00:00Z", "subject": '
    + deep_object(10_000)
    + b"}]}",
    "typed subject with bad rate": dumps(
        {"events": [{**EVENT, "subject": {"model": "Tutor", "id": 1, "default_rate": INF}}]}
    ),
    "typed subject id 1e400": dumps(
        {"events": [{**EVENT, "subject": {"model": "Invoice", "id": NEG_INF}}]}
    ),
    "not an object": b"[]",
}


@pytest.mark.parametrize("body", WEBHOOK_BODIES.values(), ids=WEBHOOK_BODIES.keys())
def test_parse_webhook_raises_decode_error(body: bytes) -> None:
    with pytest.raises(errors.DecodeError) as info:
        parse_webhook(body)
    assert type(info.value) is errors.DecodeError and info.value.vendor == "TutorCruncher"


def test_an_untyped_deep_subject_is_data() -> None:
    """A subject model nobody types stays a dict, however deep (it is the user's to read)."""
    nested: Any = 1
    for _ in range(500):
        nested = {"n": nested}
    body = {"events": [{**EVENT, "subject": {"model": "Note", "deep": nested}}]}
    payload = parse_webhook(dumps(body))
    assert payload.events[0].subject["deep"] == nested


@pytest.mark.parametrize("body", WEBHOOK_BODIES.values(), ids=WEBHOOK_BODIES.keys())
async def test_the_webhook_handler_answers_400_to_a_signed_hostile_body(body: bytes) -> None:
    received: list[WebhookPayload] = []
    app = web.Application()
    app.router.add_post("/hook/", webhook_handler(KEY, received.append))
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.25)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        signature = hmac.new(KEY.encode(), body, hashlib.sha256).hexdigest()
        async with (
            aiohttp.ClientSession() as http,
            http.post(
                f"http://{host}:{port}/hook/", data=body, headers={SIGNATURE_HEADER: signature}
            ) as response,
        ):
            assert response.status == 400
            assert await response.json() == {"detail": "invalid payload"}
    finally:
        await runner.cleanup()
    assert received == []
