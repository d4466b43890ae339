"""Every Eduframe operation: declared as the spec says, and called through the client.

``tests/data/eduframe_operations.json`` is the snapshot of the published OpenAPI spec
plus the catalogue's 7 legacy operations (``tools/snapshot_eduframe_operations.py``);
the tests never read ``../shared`` (CI has only the repository).
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from aio_edu_clients import AsyncPager, Eduframe
from aio_edu_clients.core.models import Model
from aio_edu_clients.eduframe import models
from aio_edu_clients.eduframe.models import Created
from aio_edu_clients.testing import FakeEduframe

from .conftest import FAST_RETRY

SNAPSHOT = json.loads((Path(__file__).parent / "data" / "eduframe_operations.json").read_text())
ROWS: list[dict[str, Any]] = SNAPSHOT["operations"]
OPERATIONS = Eduframe.operations()
PAGER_OPTIONS = {"max_items", "page_size", "concurrency"}

Fixture = tuple[Eduframe, FakeEduframe]


def _method(op_resource: str, name: str) -> Any:
    return getattr(getattr(Eduframe, op_resource).cls, name)


# -- the declarations -----------------------------------------------------------------------


def test_operations_are_exactly_the_spec_plus_legacy() -> None:
    implemented = [(op.method, op.path, op.resource, op.name) for op in OPERATIONS]
    expected = {(r["method"], r["path"], r["resource"], r["name"]) for r in ROWS}
    assert len(implemented) == len(set(implemented)) == SNAPSHOT["count"] == 190
    assert (SNAPSHOT["spec_operations"], SNAPSHOT["legacy_operations"]) == (183, 7)
    assert set(implemented) == expected
    assert len({(op.method, op.path) for op in OPERATIONS}) == 190


def test_legacy_operations_say_so_and_why() -> None:
    for row in ROWS:
        doc = inspect.getdoc(_method(row["resource"], row["name"])) or ""
        if row["legacy"]:
            assert "Legacy: " in doc and len(doc.split("Legacy: ")[1]) > 40, row
        else:
            assert "Legacy" not in doc, row


def test_updates_are_patch_and_put_only_where_the_spec_says() -> None:
    puts = {(r["path"], r["legacy"]) for r in ROWS if r["method"] == "PUT"}
    assert puts == {
        ("/enrollments/{id}/cancel", False),
        ("/orders/{id}/approve", False),
        ("/orders/{id}/cancel", False),
        ("/orders/{id}/deny", False),
        ("/planned_courses/{id}/cancel", False),
        ("/program/enrollments/{id}/award_certificate", False),
        ("/program/enrollments/{id}/cancel", False),
        ("/meetings/{id}", True),
        ("/planning/events/{id}", True),
    }
    for op in OPERATIONS:
        if op.name == "update" and op.path not in ("/meetings/{id}", "/planning/events/{id}"):
            assert op.method == "PATCH", op


def test_resource_names_and_nested_style() -> None:
    names = {(op.resource, op.name): (op.method, op.path) for op in OPERATIONS}
    assert names["courses", "planned_courses"] == ("GET", "/courses/{course_id}/planned_courses")
    assert names["courses", "get_planned_course"] == (
        "GET",
        "/courses/{course_id}/planned_courses/{id}",
    )
    assert names["invoices", "payments"] == ("GET", "/invoices/{invoice_id}/payments")
    assert names["invoices", "add_payment"] == ("POST", "/invoices/{invoice_id}/payments")
    assert names["invoices", "delete_payment"] == (
        "DELETE",
        "/invoices/{invoice_id}/payments/{id}",
    )
    assert names["users", "authentications"] == ("GET", "/users/{user_id}/authentications")
    assert names["webhooks", "failed_notifications"] == (
        "GET",
        "/webhooks/{webhook_id}/notifications/failed",
    )
    assert names["catalog_products", "list"] == ("GET", "/catalog/products")
    assert names["program_editions", "elements"] == ("GET", "/program/editions/{id}/elements")
    assert names["custom_objects", "records"] == ("GET", "/custom/objects/{object_id}/records")
    assert names["orders", "deny"] == ("PUT", "/orders/{id}/deny")
    assert names["educators", "current"] == ("GET", "/educators/current")
    assert names["signup", "create"] == ("POST", "/signup")
    # Nested methods take the parent id first.
    params = list(inspect.signature(_method("courses", "get_planned_course")).parameters)
    assert params[1:3] == ["course_id", "id"]


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["shape"] == "list"], ids=lambda r: f"{r['resource']}.{r['name']}"
)
def test_list_methods_take_the_spec_filters(row: dict[str, Any]) -> None:
    func = _method(row["resource"], row["name"])
    assert not inspect.iscoroutinefunction(func)  # a pager, not a coroutine
    params = inspect.signature(func).parameters
    for name in row["query"]:
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, name
        assert params[name].default is None
    assert set(params) >= PAGER_OPTIONS
    # No **filters pass-through: the rest are the per-call options, named.
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    assert {"timeout", "extra_headers", "extra_query"} <= set(params)
    if row["paged"]:
        assert "per_page" in params and "sort" in params


def test_every_returned_model_is_exported() -> None:
    for row in ROWS:
        if row["shape"] in ("list", "object"):
            assert row["returns"] in models.__all__, row


# -- every operation against the fake ---------------------------------------------------------


@pytest.fixture
async def ef_all() -> AsyncIterator[Fixture]:
    async with (
        FakeEduframe(courses=12, planned_courses=20) as fake,
        Eduframe(fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY) as ef,
    ):
        yield ef, fake


# Body fields that point at another record: the store to take a real id from.
REFERENCES = {
    "creator_id": "users",
    "gradeable_id": "enrollments",
    "commentable_id": "accounts",
    "edition_id": "program_editions",
    "program_id": "program_programs",
    "category_id": "categories",
}
TEXT = {
    "email": "ada@example.org",
    "url": "https://example.org/hook",
    "start_date_time": "2026-02-01T09:00:00Z",
    "end_date_time": "2026-02-01T11:00:00Z",
    "commentable_type": "Account",
    "gradeable_type": "Enrollment",
    "amount": "12.50",
    "percentage": "21.0",
}


def _first(fake: FakeEduframe, store: str) -> Any:
    keys = fake.ordered_keys(store)
    assert keys, f"the fake's {store} store is empty"
    return keys[0]


def _value(fake: FakeEduframe, name: str, kind: str) -> Any:
    if name in TEXT:
        return TEXT[name]
    if kind.startswith("enum:"):
        return kind[5:].split("|")[0]
    if kind == "integer" and name.endswith("_id"):
        store = REFERENCES.get(name, name.removesuffix("_id") + "s")
        return _first(fake, store) if store in fake.stores or store in ("courses",) else 1
    return {"integer": 1, "number": 10, "boolean": True, "object": {}}.get(
        kind.split(":")[0], f"test {name}"
    )


def _fake_op(fake: FakeEduframe, row: dict[str, Any]) -> Any:
    return next(
        op for op in fake.operations if (op.method, op.path) == (row["method"], row["path"])
    )


def _link(record: dict[str, Any], field: str) -> Any:
    return record.get(field, record.get("_" + field))


def _path_args(fake: FakeEduframe, row: dict[str, Any]) -> dict[str, Any]:
    """A real id for each placeholder, so the call finds its record and its parents.

    Nested routes take a child record that exists and read its parents from it, so a
    nested list is not empty and ``/invoices/{invoice_id}/payments/{id}`` names a
    payment of that invoice.
    """
    served = _fake_op(fake, row)
    placeholders = re.findall(r"{(\w+)}", row["path"])
    links = {param: (parent, field) for param, parent, field in served.parents}
    own = [name for name in placeholders if name not in links]
    args: dict[str, Any] = {}
    if not links:
        args.update({name: _first(fake, served.store) for name in own})
        return args
    store = fake.store(served.store)
    child = next(
        (
            (key, store[key])
            for key in fake.ordered_keys(served.store)
            if all(_link(store[key], field) is not None for _, field in links.values())
        ),
        None,
    )
    if child is None:
        args.update({p: _first(fake, parent) for p, (parent, _) in links.items() if parent})
        return args
    key, record = child
    args.update({param: _link(record, field) for param, (_, field) in links.items()})
    args.update({name: key for name in own})
    return args


async def call(ef: Eduframe, fake: FakeEduframe, row: dict[str, Any]) -> tuple[Any, str, Any]:
    """Call ``row``'s method with real ids and its required body; return result, path, body."""
    args = _path_args(fake, row)
    missing = set(re.findall(r"{(\w+)}", row["path"])) - set(args)
    for name in missing:  # custom fields: no parent store to take an id from
        args[name] = {"object_type": "users", "field_slug": "shirt_size", "option_id": 1}[name]
    body = {n: _value(fake, n, kind) for n, kind in row["required_body"].items()}
    func = _method(row["resource"], row["name"])
    params = inspect.signature(func).parameters
    if "data" in params:
        args["data"] = body
    else:
        args.update(body)  # the few actions whose body fields are keyword arguments
    method = getattr(getattr(ef, row["resource"]), row["name"])
    sent = re.sub(r"{(\w+)}", lambda m: str(args[m[1]]), row["path"])
    if row["shape"] == "list":
        pager = method(**args, max_items=3)
        assert isinstance(pager, AsyncPager)
        return await pager.collect(), sent, body
    return await method(**args), sent, body


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['resource']}.{r['name']}" for r in ROWS])
async def test_every_operation(ef_all: Fixture, row: dict[str, Any]) -> None:
    ef, fake = ef_all
    result, path, body = await call(ef, fake, row)
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == (row["method"], "/api/v1" + path)
    assert sent.headers["Authorization"] == f"Bearer {fake.api_key}"
    expected = getattr(models, row["returns"], None)
    if row["shape"] == "list":
        assert isinstance(result, list) and len(result) <= 3
        assert all(isinstance(item, expected) for item in result) if expected else True
        assert all(item.extra is not None for item in result if hasattr(item, "extra"))
    elif row["shape"] == "object":
        assert expected is not None
        if isinstance(expected, type):
            assert isinstance(result, expected), f"{row['name']} returned {result!r}"
        else:  # a discriminated union
            assert isinstance(result, Model)
    elif row["shape"] == "none":
        assert result is None
        assert sent.status in (200, 204)
    elif row["shape"] == "created":
        assert isinstance(result, Created)
        assert result.location and result.status == sent.status
    else:
        assert isinstance(result, dict)
    if body:
        assert sent.json() == body
