"""The first slice of each vendor, end to end through the public API over real HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from aio_edu_clients import Eduframe, OAuthToken, TidyClub, TutorCruncher, errors
from aio_edu_clients.eduframe.models import Course, PlannedCourse
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher
from aio_edu_clients.tidyclub.models import Contact
from aio_edu_clients.tutorcruncher.models import Client, RoleRef

from .conftest import tidy_login

# -- TutorCruncher ------------------------------------------------------------------------


async def test_tc_list_streams_every_client_newest_first(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    refs = [ref async for ref in tc.clients.list()]
    assert all(isinstance(r, RoleRef) for r in refs)
    assert [r.id for r in refs] == sorted(tc_fake.clients, reverse=True)
    pages = [r for r in tc_fake.requests if r.path == "/api/clients/"]
    assert len(pages) == -(-len(tc_fake.clients) // 100)
    assert all(r.headers["Authorization"] == f"token {tc_fake.api_key}" for r in pages)


async def test_tc_list_passes_typed_filters_and_extra_query(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    live = await tc.clients.list(status="live", extra_query={"brand_new_filter": "x"}).collect()
    expected = [cid for cid, c in tc_fake.clients.items() if c["status"] == "live"]
    assert sorted(r.id for r in live) == sorted(expected)
    sent = tc_fake.requests[0].query
    assert sent["status"] == "live"
    assert sent["brand_new_filter"] == "x"


async def test_tc_get_returns_typed_client(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    cid = next(iter(tc_fake.clients))
    client = await tc.clients.get(cid)
    assert isinstance(client, Client)
    raw = tc_fake.clients[cid]
    assert client.id == cid
    assert client.personal.last_name == raw["user"]["last_name"]
    assert client.invoice_balance == Decimal(str(raw["invoice_balance"]))


async def test_tc_get_unknown_id_is_not_found(tc: TutorCruncher) -> None:
    with pytest.raises(errors.NotFoundError) as info:
        await tc.clients.get(999_999)
    assert info.value.status == 404
    assert info.value.message == "Not found."
    assert "/clients/999999/" in str(info.value)


async def test_tc_create_unwraps_the_role_envelope(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    made = await tc.clients.create(
        {"user": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"}}
    )
    assert isinstance(made, Client)
    assert made.personal.last_name == "Lovelace"
    assert made.id in tc_fake.clients
    fetched = await tc.clients.get(made.id)
    assert fetched.personal.email == "ada@example.org"
    post = [r for r in tc_fake.requests if r.method == "POST"]
    assert len(post) == 1 and b'"last_name": "Lovelace"' in post[0].body


async def test_tc_create_validation_error_names_the_field(tc: TutorCruncher) -> None:
    with pytest.raises(errors.BadRequestError) as info:
        await tc.clients.create({"user": {"first_name": "Nameless"}})
    assert "user.last_name: This field is required." in str(info.value)


async def test_tc_roles_v2_flat_shape() -> None:
    async with (
        FakeTutorCruncher(roles_version=2, rate_limit=None) as fake,
        TutorCruncher(fake.api_key, base_url=fake.base_url) as tc,
    ):
        cid = next(iter(fake.clients))
        client = await tc.clients.get(cid)
    assert client.user is None
    assert client.personal.last_name == fake.clients[cid]["user"]["last_name"]
    assert client.photo is None or client.photo.startswith("https://")


# -- Eduframe -----------------------------------------------------------------------------


async def test_ef_courses_follow_cursor_links(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    courses = await ef.courses.list(per_page=10).collect()
    assert all(isinstance(c, Course) for c in courses)
    assert [c.id for c in courses] == sorted(ef_fake.courses)
    followed = [r for r in ef_fake.requests if r.path == "/api/v1/courses"]
    assert len(followed) == -(-len(ef_fake.courses) // 10)
    assert all("cursor" in r.query for r in followed[1:])
    assert all(r.headers["Authorization"] == f"Bearer {ef_fake.api_key}" for r in followed)


async def test_ef_courses_sort_desc(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    names = [c.name async for c in ef.courses.list(sort="name:desc", per_page=100)]
    assert names == sorted((c["name"] for c in ef_fake.courses.values()), reverse=True)


async def test_ef_course_get_and_decimal(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    cid = next(iter(ef_fake.courses))
    course = await ef.courses.get(cid)
    raw = ef_fake.courses[cid]
    assert course.id == cid and course.name == raw["name"]
    if raw["cost"] is not None:
        assert course.cost == Decimal(raw["cost"])


async def test_ef_planned_courses_array_filters(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    wanted = sorted({pc["course_id"] for pc in ef_fake.planned_courses.values()})[:2]
    got = await ef.planned_courses.list(
        course_id=wanted, status=["planned", "active"], per_page=100
    ).collect()
    assert all(isinstance(p, PlannedCourse) for p in got)
    expected = [
        pid
        for pid, pc in ef_fake.planned_courses.items()
        if pc["course_id"] in wanted and pc["status"] in ("planned", "active")
    ]
    assert sorted(p.id for p in got) == sorted(expected)
    query = ef_fake.requests[0].query
    assert query.getall("course_id") == [str(w) for w in wanted]
    assert query.getall("status") == ["planned", "active"]


async def test_ef_planned_courses_survive_unknown_status_and_fields(ef: Eduframe) -> None:
    every = await ef.planned_courses.list(per_page=100).collect()
    odd = [p for p in every if p.status is not None and not p.status.known]
    assert odd, "the fake serves one planned course with a status outside the enum"
    assert any(p.extra for p in every)


# -- TidyClub -----------------------------------------------------------------------------


async def test_tidy_login_and_contacts(tidy: TidyClub, tidy_fake: FakeTidyClub) -> None:
    contacts = await tidy.contacts.list().collect()
    assert all(isinstance(c, Contact) for c in contacts)
    assert [c.id for c in contacts] == sorted(tidy_fake.contacts)
    listing = [r for r in tidy_fake.requests if r.path == "/v1/contacts"]
    assert [r.query["offset"] for r in listing] == [str(25 * i) for i in range(len(listing))]
    assert all(r.headers["Authorization"].startswith("Bearer ") for r in listing)
    assert all("access_token" not in r.query for r in tidy_fake.requests)


async def test_tidy_pages_report_total(tidy: TidyClub, tidy_fake: FakeTidyClub) -> None:
    pages = [p async for p in tidy.contacts.list(page_size=50).pages()]
    assert {p.total for p in pages} == {len(tidy_fake.contacts)}
    assert sum(len(p.items) for p in pages) == len(tidy_fake.contacts)


async def test_tidy_boolean_filter_is_lowercase(tidy: TidyClub, tidy_fake: FakeTidyClub) -> None:
    registered = await tidy.contacts.list(registered=True).collect()
    assert sorted(c.id for c in registered) == sorted(
        cid for cid, c in tidy_fake.contacts.items() if c["registered"]
    )
    assert tidy_fake.requests[-1].query["registered"] == "true"


async def test_tidy_get_contact(tidy: TidyClub, tidy_fake: FakeTidyClub) -> None:
    cid = next(iter(tidy_fake.contacts))
    contact = await tidy.contacts.get(cid)
    assert contact.id == cid
    assert contact.custom_fields and all(isinstance(f.id, str) for f in contact.custom_fields)
    with pytest.raises(errors.NotFoundError):
        await tidy.contacts.get(10**9)


async def test_tidy_with_an_existing_access_token(tidy_fake: FakeTidyClub) -> None:
    tokens: list[OAuthToken] = []
    logged_in = await tidy_login(tidy_fake, on_token=tokens.append)
    await logged_in.aclose()
    assert len(tokens) == 1 and tokens[0].expires_at is not None
    async with TidyClub(access_token=tokens[0].access_token, base_url=tidy_fake.base_url) as tidy:
        assert len(await tidy.contacts.list(max_items=5).collect()) == 5


def test_operations_list_every_slice_endpoint() -> None:
    def ops(client: type) -> set[tuple[str, str]]:
        return {(o.method, o.path) for o in client.operations()}  # type: ignore[attr-defined]

    assert {("GET", "/clients/"), ("GET", "/clients/{id}/"), ("POST", "/clients/")} <= ops(
        TutorCruncher
    )
    assert {("GET", "/courses"), ("GET", "/courses/{id}"), ("GET", "/planned_courses")} <= ops(
        Eduframe
    )
    assert {("GET", "/contacts"), ("GET", "/contacts/{id}")} <= ops(TidyClub)
    op = next(o for o in TutorCruncher.operations() if (o.resource, o.name) == ("clients", "get"))
    assert (op.resource, op.method, op.path) == ("clients", "GET", "/clients/{id}/")
