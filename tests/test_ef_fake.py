"""`FakeEduframe` over real HTTP with a raw aiohttp client: every operation of the
shipped spec snapshot, paging, sorting, filters, errors, writes and nesting.

The Eduframe client is not used here on purpose: these tests pin the fake's own
behaviour (what users testing their code against it rely on)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from aio_edu_clients.testing import FakeEduframe
from aio_edu_clients.testing._ef_data import PARENT_FIELDS
from aio_edu_clients.testing._ef_spec import OPERATIONS, STORE_SCHEMAS, Op, fields, split_kind

from .conftest import FakeClock

AUTH = {"Authorization": "Bearer test-key"}
ERROR_KEYS = {"errors", "code", "message"}
SMALL = {"courses": 6, "planned_courses": 12}


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def ef() -> AsyncIterator[FakeEduframe]:
    async with FakeEduframe() as fake:
        yield fake


async def call(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    json: Any = None,
    headers: dict[str, str] | None = AUTH,
    **kw: Any,
) -> tuple[int, Any, dict[str, str]]:
    """(status, parsed JSON body or None when empty, headers)."""
    async with http.request(method, url, json=json, headers=headers, **kw) as resp:
        raw = await resp.read()
        body = await resp.json() if raw else None
        return resp.status, body, dict(resp.headers)


def links(header: str) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>;\s*rel="(\w+)"', header)}


async def walk(http: aiohttp.ClientSession, url: str) -> list[dict[str, Any]]:
    """Every item of a list, following ``Link: rel="next"`` verbatim."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        status, body, headers = await call(http, "GET", next_url)
        assert status == 200, body
        items += body
        rels = links(headers.get("Link", ""))
        assert "last" not in rels
        next_url = rels.get("next")
    return items


def path_for(fake: FakeEduframe, op: Op) -> str:
    """``op``'s path filled from the first record of its store (and that record's parents)."""
    params = re.findall(r"{(\w+)}", op.path)
    if not params:
        return op.path
    key, record = next(iter(fake.store(op.store).items()))
    linked = dict(PARENT_FIELDS.get(op.store, ()))
    values = {param: record[linked[param]] for param, _, _ in op.parents}
    values.setdefault(op.key_param, key)
    path = op.path
    for param in params:
        path = path.replace("{" + param + "}", str(values[param]))
    return path


def body_for(op: Op) -> dict[str, Any]:
    """A valid body: every required field, typed as the request declares it (enum
    values taken from the record's schema)."""
    schema = {f.name: f.kind for f in fields(STORE_SCHEMAS.get(op.store, ""))}
    declared = dict(op.body)
    samples = {"int": 1, "num": 2, "bool": True, "arr": [], "obj": {}, "dec": "10.00"}
    body: dict[str, Any] = {}
    for name in op.required:
        _, options = split_kind(schema.get(name, ""))
        fallback = "int" if name.endswith("_id") else "str"
        kind = declared.get(name) or schema.get(name) or fallback
        body[name] = options[0] if options and kind == "str" else samples.get(kind, "Sample")
    return body


# -- every operation ---------------------------------------------------------------------


def test_snapshot_covers_the_spec_and_the_legacy_operations() -> None:
    assert len(OPERATIONS) == 190
    assert sum(op.legacy for op in OPERATIONS) == 7
    assert len({(op.method, op.path) for op in OPERATIONS}) == 190
    assert FakeEduframe.operations == OPERATIONS
    legacy = {(op.method, op.path) for op in OPERATIONS if op.legacy}
    assert ("POST", "/signup") in legacy and ("PUT", "/meetings/{id}") in legacy


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: f"{op.method} {op.path}")
async def test_every_operation_answers(op: Op, http: aiohttp.ClientSession) -> None:
    async with FakeEduframe(**SMALL) as fake:
        url = fake.base_url + path_for(fake, op)
        payload = body_for(op) if op.method in ("POST", "PUT", "PATCH") else None
        status, body, _ = await call(http, op.method, url, payload, headers=None)
        assert status == 401 and set(body) == ERROR_KEYS and body["code"] == 401
        status, body, headers = await call(http, op.method, url, payload)
        assert status == op.status, body
        if op.shape == "list":
            assert isinstance(body, list) and body, "seeded lists are never empty"
            assert all(isinstance(item, dict) for item in body)
            assert not any(k.startswith("_") for item in body for k in item)
        elif op.shape == "none":
            assert body is None
        elif op.shape == "created":
            assert body["result"] == "Success" and headers["Location"] == body["location"]
        else:
            assert isinstance(body, dict) and not any(k.startswith("_") for k in body)
            names = {f.name for f in fields(op.schema)}
            if op.shape == "object" and "id" in names:
                assert "id" in body
        if op.kind == "get":
            assert body["id"] == next(iter(fake.store(op.store)))


async def test_every_store_is_seeded() -> None:
    fake = FakeEduframe()
    assert len(fake.courses) == 120 and len(fake.planned_courses) == 300
    stores = {op.store for op in OPERATIONS}
    assert all(fake.store(name) for name in stores), "every resource non-empty"
    assert FakeEduframe(counts={"users": 3}).stores["users"].keys() == {1, 2, 3}


async def test_same_seed_same_data() -> None:
    a, b, c = FakeEduframe(seed=5), FakeEduframe(seed=5), FakeEduframe(seed=6)
    assert a.stores == b.stores and a.courses == b.courses
    assert a.stores["users"] != c.stores["users"]


def test_records_look_real() -> None:
    fake = FakeEduframe()
    user = fake.stores["users"][1]
    assert re.fullmatch(r"[a-z.]+\d+@example\.nl", user["email"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", user["created_at"])
    invoice = fake.stores["invoices"][1]
    assert re.fullmatch(r"\d+\.\d\d", invoice["total_incl"]), "decimals are strings"
    assert invoice["status"] in ("concept", "expired", "open", "paid")
    assert all(isinstance(k, str) and len(k) == 36 for k in fake.stores["webhooks"])
    enrollment = fake.stores["enrollments"][1]
    assert enrollment["student_id"] in fake.stores["users"]
    assert enrollment["planned_course_id"] in fake.planned_courses


# -- paging, sort, filters ---------------------------------------------------------------


async def test_cursor_paging_walks_every_item_once(
    ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    items = await walk(http, ef.base_url + "/enrollments?per_page=7&with_canceled=true")
    assert [e["id"] for e in items] == sorted(ef.stores["enrollments"])
    _, _, headers = await call(http, "GET", ef.base_url + "/enrollments?per_page=7")
    query = parse_qs(urlsplit(links(headers["Link"])["next"]).query)
    assert query["per_page"] == ["7"] and query["cursor"]
    hooks = await walk(http, ef.base_url + "/webhooks?per_page=1")
    assert [w["id"] for w in hooks] == list(ef.stores["webhooks"]), "string ids, creation order"


async def test_per_page_default_and_bounds(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    _, body, _ = await call(http, "GET", ef.base_url + "/planned_courses")
    assert len(body) == 25
    _, body, headers = await call(http, "GET", ef.base_url + "/planned_courses?per_page=100")
    assert len(body) == 100 and "next" in links(headers["Link"])
    status, body, _ = await call(http, "GET", ef.base_url + "/users?per_page=101")
    assert status == 422 and body["errors"] == {"per_page": ["must be between 1 and 100"]}


async def test_page_mode_sends_last(http: aiohttp.ClientSession) -> None:
    async with FakeEduframe(paging="page") as fake:
        _, body, headers = await call(http, "GET", fake.base_url + "/users?per_page=10")
        rels = links(headers["Link"])
        assert len(body) == 10 and "page=2" in rels["next"] and "page=3" in rels["last"]


async def test_sort_desc_and_unknown_sort(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    orders = await walk(http, ef.base_url + "/orders?sort=created_at:desc&per_page=5")
    stamps = [o["created_at"] for o in orders]
    assert stamps == sorted(stamps, reverse=True) and len(orders) == len(ef.stores["orders"])
    _, products, _ = await call(http, "GET", ef.base_url + "/catalog/products?sort=position:desc")
    assert [p["position"] for p in products] == sorted(
        (p["position"] for p in products), reverse=True
    )
    status, body, _ = await call(http, "GET", ef.base_url + "/orders?sort=total:asc")
    assert status == 400 and body["errors"] == {"sort": ["total:asc is not a valid sort option"]}


async def test_filters(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    base = ef.base_url
    enrollments = ef.stores["enrollments"].values()
    for query in ("status=active&status=completed", "status[]=active&status[]=completed"):
        _, body, _ = await call(http, "GET", f"{base}/enrollments?{query}&per_page=100")
        assert [e["id"] for e in body] == [
            e["id"] for e in enrollments if e["status"] in ("active", "completed")
        ]
    _, body, _ = await call(http, "GET", f"{base}/enrollments?per_page=100")
    assert all(e["status"] != "canceled" for e in body), "canceled only with with_canceled"
    _, body, _ = await call(http, "GET", f"{base}/accounts?account_type=business")
    assert body and {a["account_type"] for a in body} == {"business"}
    _, body, _ = await call(http, "GET", f"{base}/labels?id=1&id=3")
    assert [label["id"] for label in body] == [1, 3]
    student = next(iter(enrollments))["student_id"]
    _, body, _ = await call(http, "GET", f"{base}/enrollments?student_id={student}")
    assert body and {e["student_id"] for e in body} == {student}
    _, body, _ = await call(http, "GET", f"{base}/catalog/variants?variantable_type=planned_course")
    assert {v["variantable_type"] for v in body} <= {"PlannedCourse"}
    teachers = await walk(http, f"{base}/planning/teachers")
    assert teachers and all("teacher" in u["roles"] for u in teachers), "users who teach"
    name = ef.stores["accounts"][2]["name"]
    _, body, _ = await call(http, "GET", f"{base}/accounts", params={"search": name[:4].lower()})
    assert 2 in [a["id"] for a in body]
    for query, field in (("account_type=bogus", "account_type"), ("user_id=abc", "user_id")):
        status, body, _ = await call(http, "GET", f"{base}/accounts?{query}")
        assert status == 422 and field in body["errors"] and body["message"] == "Validation failed"


# -- errors ------------------------------------------------------------------------------


async def test_not_found_and_auth_bodies(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    not_found = {"errors": {}, "code": 404, "message": "Not found"}
    for path in ("/users/9999", "/users/abc", "/webhooks/nope", "/invoices/999/payments"):
        assert (await call(http, "GET", ef.base_url + path))[:2] == (404, not_found)
    status, body, _ = await call(
        http, "GET", ef.base_url + "/users", headers={"Authorization": "Bearer wrong"}
    )
    assert (status, body) == (401, {"errors": {}, "code": 401, "message": "Unauthorized"})


async def test_invalid_bodies_are_422(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    status, body, _ = await call(http, "POST", ef.base_url + "/courses", {"name": "X"})
    assert status == 422 and set(body["errors"]) == {"category_id", "code"}
    assert body["errors"]["code"] == ["can't be blank"] and body["code"] == 422
    status, body, _ = await call(http, "POST", ef.base_url + "/accounts", {"name": ["A"]})
    assert status == 422 and body["errors"] == {"name": ["is not a string"]}
    grade = {"grade": "8", "score": 7.5, "gradeable_id": 1, "gradeable_type": "Enrollment"}
    status, body, _ = await call(http, "POST", ef.base_url + "/grades", grade)
    assert status == 201 and body["score"] == "7.5", "a number in, a string out (quirk 10)"
    status, body, _ = await call(http, "POST", ef.base_url + "/grades", {**grade, "score": "x"})
    assert status == 422 and body["errors"] == {"score": ["is not a number"]}
    status, body, _ = await call(http, "PATCH", ef.base_url + "/teacher_roles/1", {"name": None})
    assert status == 422 and body["errors"] == {"name": ["can't be blank"]}
    async with http.post(ef.base_url + "/accounts", data=b"{nope", headers=AUTH) as resp:
        assert resp.status == 400 and set(await resp.json()) == ERROR_KEYS


async def test_rate_limit_429_with_retry_after(
    http: aiohttp.ClientSession, fakes_clock: FakeClock
) -> None:
    async with FakeEduframe(rate_limit=(3, 1.0)) as fake:
        statuses = [(await call(http, "GET", fake.base_url + "/labels"))[0] for _ in range(3)]
        status, body, headers = await call(http, "GET", fake.base_url + "/users")
        assert statuses == [200, 200, 200] and status == 429
        assert headers["Retry-After"] == "1" and body["code"] == 429
        fakes_clock.advance(1.0)  # on the window's clock: the first three have left it
        assert (await call(http, "GET", fake.base_url + "/users"))[0] == 200


# -- writes ------------------------------------------------------------------------------


async def test_create_update_delete_round_trip(
    ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    base = ef.base_url + "/accounts"
    status, made, _ = await call(http, "POST", base, {"name": "Acme BV", "phone": "+31 20 1"})
    assert status == 201 and made["name"] == "Acme BV" and made["id"] == 13
    assert (await call(http, "GET", f"{base}/13"))[1] == made
    before = dict(ef.stores["accounts"][13])
    status, changed, _ = await call(http, "PATCH", f"{base}/13", {"name": "Acme Holding"})
    assert status == 200 and changed["name"] == "Acme Holding"
    assert {k: v for k, v in changed.items() if k not in ("name", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("name", "updated_at")
    }, "only the fields sent change"
    assert (await call(http, "DELETE", ef.base_url + "/labels/2"))[:2] == (204, None)
    assert (await call(http, "GET", ef.base_url + "/labels/2"))[0] == 404
    hook = next(iter(ef.stores["webhooks"]))
    status, body, _ = await call(http, "DELETE", f"{ef.base_url}/webhooks/{hook}")
    assert status == 200 and body["id"] == hook and hook not in ef.stores["webhooks"]


async def test_put_updates_like_patch(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    """The scraped docs update with PUT where the spec says PATCH; both work."""
    status, body, _ = await call(http, "PUT", ef.base_url + "/courses/2", {"level": "Advanced"})
    assert status == 200 and body["level"] == "Advanced" == ef.courses[2]["level"]
    status, body, headers = await call(http, "PUT", ef.base_url + "/courses")
    assert status == 405 and "GET" in headers["Allow"] and body["code"] == 405


async def test_legacy_put_updates_and_created_answers(
    ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    status, meeting, _ = await call(http, "PUT", ef.base_url + "/meetings/1", {"name": "Kick-off"})
    assert status == 200 and meeting["name"] == "Kick-off" and ef.stores["meetings"][1] == meeting
    status, body, headers = await call(http, "POST", ef.base_url + "/teachers", {"user_id": 2})
    assert status == 201 and body == {"result": "Success", "location": headers["Location"]}
    teacher_id = int(body["location"].rsplit("/", 1)[1])
    _, teacher, _ = await call(http, "GET", body["location"])
    assert teacher["id"] == teacher_id and teacher["email"] == ef.stores["users"][2]["email"]
    status, body, headers = await call(http, "POST", ef.base_url + "/signup", {})
    assert status == 201 and headers["Location"] == body["location"]
    order_id = int(parse_qs(urlsplit(body["location"]).query)["order_id"][0])
    assert ef.stores["orders"][order_id]["status"] == "requested"


async def test_actions_change_state(ef: FakeEduframe, http: aiohttp.ClientSession) -> None:
    base = ef.base_url
    _, enrollment, _ = await call(http, "PUT", f"{base}/enrollments/1/cancel")
    assert enrollment["status"] == "canceled"
    _, order, _ = await call(http, "PUT", f"{base}/orders/2/approve")
    assert order["status"] == "active"
    assert (await call(http, "PUT", f"{base}/orders/3/deny"))[0] == 204
    assert ef.stores["orders"][3]["status"] == "denied"
    assert (await call(http, "POST", f"{base}/orders/3/labels", {"label_id": 4}))[0] == 204
    assert 4 in ef.stores["orders"][3]["label_ids"]
    status, body, _ = await call(http, "POST", f"{base}/orders/3/labels", {"label_id": 999})
    assert status == 422 and "label_id" in body["errors"]
    _, invoice, _ = await call(http, "POST", f"{base}/invoices/1/open")
    assert invoice["status"] == "open" and invoice["opened_at"]
    assert (await call(http, "POST", f"{base}/teachers/1/deactivate"))[0] == 204
    assert ef.stores["teachers"][1]["active"] is False
    mark = {"meeting_id": 1, "enrollment_id": 2, "state": "late"}
    _, first, _ = await call(http, "POST", f"{base}/attendances/upsert", mark)
    _, again, _ = await call(
        http, "POST", f"{base}/attendances/upsert", {**mark, "state": "attended"}
    )
    assert first["id"] == again["id"] and again["state"] == "attended"


async def test_nested_children_follow_the_parent(
    ef: FakeEduframe, http: aiohttp.ClientSession
) -> None:
    base = ef.base_url
    course = ef.planned_courses[1]["course_id"]
    children = await walk(http, f"{base}/courses/{course}/planned_courses?per_page=10")
    assert children and {p["course_id"] for p in children} == {course}
    assert [p["id"] for p in children] == sorted(
        pid for pid, p in ef.planned_courses.items() if p["course_id"] == course
    )
    other = next(p for p in ef.planned_courses.values() if p["course_id"] != course)
    path = f"{base}/courses/{course}/planned_courses/{other['id']}"
    assert (await call(http, "GET", path))[0] == 404, "a child of another parent"

    status, payment, _ = await call(http, "POST", f"{base}/invoices/3/payments", {"amount": "5.00"})
    assert status == 201 and payment["invoice_id"] == 3 and payment["amount"] == "5.00"
    _, listed, _ = await call(http, "GET", f"{base}/invoices/3/payments")
    assert payment["id"] in [p["id"] for p in listed] and {p["invoice_id"] for p in listed} == {3}
    assert (await call(http, "GET", f"{base}/payments/{payment['id']}"))[1] == payment

    hook = next(iter(ef.stores["webhooks"]))
    _, notes, _ = await call(http, "GET", f"{base}/webhooks/{hook}/notifications")
    mine = [k for k, n in ef.stores["webhook_notifications"].items() if n["_webhook_id"] == hook]
    assert [n["id"] for n in notes] == mine
    await call(http, "DELETE", f"{base}/webhooks/{hook}")
    assert (await call(http, "GET", f"{base}/webhooks/{hook}/notifications"))[0] == 404

    option = {"value": "Retail", "enabled": True}
    status, made, _ = await call(http, "POST", f"{base}/custom/users/fields/sector/options", option)
    assert status == 201 and made["value"] == "Retail" and "_field_slug" not in made
    _, options, _ = await call(http, "GET", f"{base}/custom/users/fields/sector/options")
    assert options == [made]
    path = f"{base}/custom/accounts/fields/sector/options/{made['id']}"
    assert (await call(http, "GET", path))[0] == 404
