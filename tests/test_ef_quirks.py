"""Eduframe's quirks (the catalogue's "Quirks" section) that a client must survive.

Each test names the quirk it covers; the ones about the docs themselves (lost paths,
truncated descriptions, copy-paste errors) are settled by generating from the spec.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from aio_edu_clients import Eduframe, errors
from aio_edu_clients.core.response import Response
from aio_edu_clients.eduframe.client import POLITE_RATE_LIMIT
from aio_edu_clients.eduframe.models import (
    CoursePatchPayload,
    Created,
    Meeting,
    PlannedCourse,
    SignupPayload,
)
from aio_edu_clients.testing import FakeEduframe, Fault

from .conftest import FAST_RETRY


def test_defaults_base_url_and_polite_limit() -> None:
    assert Eduframe.default_base_url == "https://api.eduframe.nl/api/v1"
    assert Eduframe.default_rate_limit is POLITE_RATE_LIMIT
    assert POLITE_RATE_LIMIT.requests == 300 and POLITE_RATE_LIMIT.per == 60
    doc = Eduframe.__doc__ or ""
    for mapped in ("401", "403", "404", "AuthenticationError", "PermissionDeniedError"):
        assert mapped in doc


async def test_updates_are_partial_patches(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    """Quirks 2 and 3: PATCH, and only the fields set; an explicit None clears."""
    cid = next(iter(ef_fake.courses))
    before = ef_fake.courses[cid]["name"]
    changed = await ef.courses.update(cid, CoursePatchPayload(meta_title="New", level=None))
    sent = ef_fake.requests[-1]
    assert sent.method == "PATCH" and sent.json() == {"meta_title": "New", "level": None}
    assert changed.name == before and changed.meta_title == "New"


async def test_wrong_key_is_an_authentication_error(ef_fake: FakeEduframe) -> None:
    """Quirk 4: the spec says 401 for a bad key (the docs 403/404): typed either way."""
    async with Eduframe("wrong", base_url=ef_fake.base_url, rate_limit=None) as ef:
        with pytest.raises(errors.AuthenticationError) as info:
            await ef.courses.get(1)
    assert info.value.status == 401 and "wrong" not in str(info.value)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (412, errors.APIStatusError),  # no class of its own: the base, status 412
        (422, errors.UnprocessableEntityError),
    ],
)
async def test_error_bodies_become_typed_errors_with_the_message(
    ef: Eduframe, ef_fake: FakeEduframe, status: int, cls: type[errors.APIStatusError]
) -> None:
    body = {"errors": {"email": ["is invalid"]}, "code": status, "message": "Nope"}
    ef_fake.script(Fault.status(status, body=body))
    with pytest.raises(cls) as info:
        await ef.users.get(1)
    assert info.value.status == status and info.value.body == body
    assert "Nope" in str(info.value) and "email: is invalid" in str(info.value)


async def test_unknown_record_is_not_found(ef: Eduframe) -> None:
    with pytest.raises(errors.NotFoundError):
        await ef.leads.get(10**9)


async def test_error_body_in_a_200_raises_like_its_code(
    ef: Eduframe, ef_fake: FakeEduframe
) -> None:
    """Quirk 14: orders, leads and users creates may answer 200 with an Error body."""
    body = {"errors": {"email": ["has already been taken"]}, "code": 422, "message": "Invalid"}
    ef_fake.script(Fault.status(200, body=body))
    with pytest.raises(errors.UnprocessableEntityError) as info:
        await ef.users.create({"first_name": "A", "last_name": "B", "email": "a@example.org"})
    assert "has already been taken" in str(info.value)


def _response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        vendor="Eduframe",
        method="POST",
        url="https://api.eduframe.nl/api/v1/signup",
        status=status,
        headers=CIMultiDictProxy(CIMultiDict(headers or {})),
        content=json.dumps(body).encode() if body is not None else b"",
    )


def test_a_record_that_looks_like_an_error_is_still_a_record() -> None:
    """Only ``{code, message, errors}`` with an error code is an error body."""
    ef = Eduframe("k")
    try:
        (spec,) = [s for n, s in type(ef.leads).endpoints() if n == "create"]
        lead = ef._result(spec, "/leads", _response(201, {"id": 1, "code": "X1", "message": "hi"}))
        assert lead.id == 1 and lead.extra == {"code": "X1", "message": "hi"}
    finally:
        ef._closed = True  # never opened a session


async def test_teacher_create_returns_where_the_teacher_is(
    ef: Eduframe, ef_fake: FakeEduframe
) -> None:
    """Quirk 16 / the spec's shared ``Created``: ``{"result", "location"}``, not a teacher."""
    user = next(iter(ef_fake.store("users")))
    made = await ef.teachers.create({"user_id": user})
    assert isinstance(made, Created) and made.status == 201
    assert made.result == "Success" and made.location


async def test_signup_returns_the_redirect_location(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    """Quirk 15: the redirect or payment URL is in ``Location``, never followed."""
    pay = "https://pay.example/checkout/123"
    ef_fake.script(
        Fault.body(302, b"<html>moved</html>", "text/html", headers={"Location": pay}),
        path="/api/v1/signup",
    )
    made = await ef.signup.create(SignupPayload(planned_course_id=1, customer_comment="hi"))
    assert made == Created(location=pay, result=None, status=302)
    assert ef_fake.requests[-1].json() == {"planned_course_id": 1, "customer_comment": "hi"}
    assert len([r for r in ef_fake.requests if r.path == "/api/v1/signup"]) == 1


async def test_array_filters_repeat_the_key_and_sort_by_several(
    ef: Eduframe, ef_fake: FakeEduframe
) -> None:
    """Spec: ``style: form, explode: true``, so ``status=a&status=b``; sort the same."""
    got = await ef.planned_courses.list(
        status=["planned", "active"], sort=["start_date:desc"], per_page=100
    ).collect()
    query = ef_fake.requests[0].query
    assert query.getall("status") == ["planned", "active"]
    assert query.getall("sort") == ["start_date:desc"]
    assert query["per_page"] == "100"
    starts = [p.start_date for p in got if p.start_date is not None]
    assert starts == sorted(starts, reverse=True)
    assert all(p.status in ("planned", "active") for p in got)


async def test_flag_and_boolean_filters(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    """Flags take their own name as value; booleans go as ``true``/``false`` (quirk 13)."""
    await ef.courses.list(published="published", max_items=1).collect()
    assert ef_fake.requests[-1].query["published"] == "published"
    undocumented = {"is_published": True}
    await ef.courses.list(extra_query=undocumented, max_items=1).collect()
    assert ef_fake.requests[-1].query["is_published"] == "true"


async def test_cursor_links_are_followed_verbatim(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    """Quirk 5: the next page is whatever ``Link: rel="next"`` says (an opaque cursor)."""
    pages = [p async for p in ef.planned_courses.list(per_page=50).pages()]
    assert len(pages) == -(-len(ef_fake.planned_courses) // 50)
    listing = [r for r in ef_fake.requests if r.path == "/api/v1/planned_courses"]
    assert "cursor" not in listing[0].query
    assert all(r.query["cursor"] for r in listing[1:])
    assert all(p.total is None for p in pages)


async def test_page_numbers_with_rel_last_fan_out() -> None:
    async with FakeEduframe(planned_courses=90, paging="page") as fake:
        async with Eduframe(
            fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
        ) as ef:
            got = [p.id async for p in ef.planned_courses.list(per_page=10, concurrency=3)]
        assert got == sorted(fake.planned_courses)
        numbers = sorted(int(r.query.get("page", 1)) for r in fake.requests)
        assert numbers == list(range(1, 10))


async def test_unpaged_lists_still_follow_a_next_link(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    """Quirk 6: lists the spec does not page are pagers too, in case a Link comes."""
    planned = next(iter(ef_fake.planned_courses))
    nxt = f"{ef_fake.base_url}/planned_courses/{planned}/meetings?cursor=abc"
    first = [{"id": 1, "name": "One", "start_date_time": "2026-01-05T09:00:00Z"}]
    ef_fake.script(
        Fault.body(200, json.dumps(first).encode(), headers={"Link": f'<{nxt}>; rel="next"'}),
        Fault.body(200, json.dumps([{"id": 2, "name": "Two"}]).encode()),
    )
    meetings = await ef.planned_courses.meetings(planned).collect()
    assert [m.id for m in meetings] == [1, 2] and all(isinstance(m, Meeting) for m in meetings)
    assert ef_fake.requests[-1].query["cursor"] == "abc"


async def test_string_decimals_and_open_enums_from_the_fake(ef: Eduframe) -> None:
    """Quirks 9 and 11: decimals arrive as strings; a status nobody documented parses."""
    every = await ef.planned_courses.list(per_page=100).collect()
    assert all(isinstance(p, PlannedCourse) for p in every)
    costs = [p.cost for p in every if p.cost is not None]
    assert costs and all(isinstance(c, Decimal) for c in costs)
    assert any(p.status is not None and not p.status.known for p in every)


async def test_legacy_update_uses_put(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    """The legacy meeting update: PUT with partial JSON, as the docs describe."""
    meeting = next(iter(ef_fake.store("meetings")))
    updated = await ef.meetings.update(meeting, {"name": "Moved"})
    assert ef_fake.requests[-1].method == "PUT" and updated.name == "Moved"
