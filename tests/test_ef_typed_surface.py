"""Eduframe's typed surface at run time: the spec's filters only, typed; ids; bodies.

What mypy sees is checked in ``tests/typing/eduframe_usage.py``; here the same
promises are held against the declarations and the fake: a list takes exactly the
spec's query parameters, typed as the generator's rules say; a misspelled one is a
`TypeError` before anything is sent; a listed record's ``id`` fetches it; a missing
``id`` is a `DecodeError`; a payload missing a required field does not build, and
``extra_body`` is merged into the body the vendor receives.
"""

from __future__ import annotations

import json
import re
import types
import typing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import pytest

from aio_edu_clients import Eduframe, errors
from aio_edu_clients.core.operations import PAGER_OPTIONS, EndpointSpec
from aio_edu_clients.core.options import BODY_REQUEST_OPTIONS
from aio_edu_clients.eduframe.models import (
    CoursePayload,
    CreateGradePayload,
    InvoiceStatus,
    PlannedCourseStatus,
)
from aio_edu_clients.testing import FakeEduframe, Fault

SNAPSHOT = json.loads((Path(__file__).parent / "data" / "eduframe_operations.json").read_text())
LISTS = [r for r in SNAPSHOT["operations"] if r["shape"] == "list"]


def _spec(resource: str, name: str) -> EndpointSpec:
    spec: EndpointSpec = getattr(getattr(Eduframe, resource).cls, name).__endpoint__
    return spec


def _hints(resource: str, name: str) -> dict[str, Any]:
    return typing.get_type_hints(_spec(resource, name).func)


def _flat(hint: Any) -> set[Any]:
    """Every member of a union, a ``Sequence[...]``'s item type included."""
    out: set[Any] = set()
    union = typing.get_origin(hint) in (typing.Union, types.UnionType)
    for arg in typing.get_args(hint) if union else (hint,):
        inner = typing.get_args(arg) if typing.get_origin(arg) is not Literal else ()
        out |= _flat(inner[0]) if inner else {arg}
    return out


# -- the declarations ---------------------------------------------------------------------


@pytest.mark.parametrize("row", LISTS, ids=[f"{r['resource']}.{r['name']}" for r in LISTS])
def test_list_keywords_are_exactly_the_spec_query_parameters(row: dict[str, Any]) -> None:
    spec = _spec(row["resource"], row["name"])
    added = {"sort", "per_page"} if row["paged"] else set()
    assert set(spec.query_params) == set(row["query"]) | added
    assert spec.options == BODY_REQUEST_OPTIONS - {"extra_body"}
    names = set(typing.get_type_hints(spec.func)) - {"return", spec.options_param}
    assert names == set(spec.query_params) | set(spec.path_params) | PAGER_OPTIONS


def test_filters_are_typed() -> None:
    """Dates take dates, enums a Literal (and the model's enum), ids ints; no bare str."""
    for row in LISTS:
        hints = _hints(row["resource"], row["name"])
        for name in _spec(row["resource"], row["name"]).query_params:
            members = _flat(hints[name]) - {type(None)}
            literal = any(typing.get_origin(m) is Literal for m in members)
            assert not (literal and str in members), (row["name"], name)
            if name == "id" or name.endswith("_id"):
                assert members == {int}, (row["resource"], name)
    planned = _hints("planned_courses", "list")
    for when in ("start_date_from", "start_date_until"):
        assert _flat(planned[when]) == {date, datetime, str, type(None)}
    assert _flat(_hints("orders", "list")["created_at_after"]) >= {date, datetime}
    assert _flat(_hints("meetings", "list")["start"]) >= {date, datetime}
    status = _flat(planned["status"])
    assert PlannedCourseStatus in status and str not in status
    assert InvoiceStatus in _flat(_hints("invoices", "list")["status"])
    sort = next(m for m in _flat(planned["sort"]) if typing.get_origin(m) is Literal)
    assert set(typing.get_args(sort)) == {"start_date:asc", "start_date:desc", "start_date"}
    assert _flat(_hints("courses", "list")["sort"]) == {str, type(None)}  # not in the spec


def test_every_listed_id_is_what_get_takes() -> None:
    """``list`` at ``P`` and ``get`` at ``P/{x}``: the item's id is required, typed as x."""
    ops = Eduframe.operations()
    lists = {op.path: op for op in ops if op.method == "GET" and _is_list(op.resource, op.name)}
    pairs = 0
    for op in ops:
        parent, _, last = op.path.rpartition("/")
        if op.method != "GET" or parent not in lists or not last.startswith("{"):
            continue
        listed = lists[parent]
        item = typing.get_args(_hints(listed.resource, listed.name)["return"])[0]
        id_hint = typing.get_type_hints(item)["id"]
        assert id_hint is _hints(op.resource, op.name)[last.strip("{}")], op
        pairs += 1
    assert pairs >= 30


def _is_list(resource: str, name: str) -> bool:
    return typing.get_origin(_hints(resource, name)["return"]) is not None and any(
        r["resource"] == resource and r["name"] == name for r in LISTS
    )


# -- through the fake -----------------------------------------------------------------------


async def test_dates_enums_and_ids_go_on_the_wire(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    cid = ef_fake.planned_courses[next(iter(ef_fake.planned_courses))]["course_id"]
    got = await ef.planned_courses.list(
        start_date_from=date(2026, 1, 1),
        start_date_until=datetime(2027, 12, 31, tzinfo=UTC),
        status=[PlannedCourseStatus.ACTIVE, "planned"],
        course_id=[cid],
        sort="start_date:desc",
    ).collect()
    query = ef_fake.requests[-1].query
    assert query["start_date_from"] == "2026-01-01"
    assert query["start_date_until"] == "2027-12-31T00:00:00+00:00"
    assert query.getall("status") == ["active", "planned"]
    assert query.getall("course_id") == [str(cid)] and query["sort"] == "start_date:desc"
    assert got and all(p.course_id == cid and p.status in ("active", "planned") for p in got)
    assert all(p.start_date and date(2026, 1, 1) <= p.start_date for p in got)


async def test_a_misspelled_filter_is_a_type_error_and_nothing_is_sent(
    ef: Eduframe, ef_fake: FakeEduframe
) -> None:
    sent = len(ef_fake.requests)
    with pytest.raises(TypeError, match="start_date_from"):
        ef.planned_courses.list(start_date_form=date(2026, 1, 1))  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="extra_query"):
        await ef.courses.get(1, published="published")  # type: ignore[call-arg]
    assert len(ef_fake.requests) == sent
    await ef.planned_courses.list(extra_query={"min_cost": 200}, max_items=1).collect()
    assert ef_fake.requests[-1].query["min_cost"] == "200"


async def test_listed_ids_fetch_their_records(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    async for course in ef.courses.list(max_items=2):
        assert (await ef.courses.get(course.id)).id == course.id
        async for run in ef.courses.planned_courses(course.id, max_items=2):
            assert (await ef.courses.get_planned_course(course.id, run.id)).id == run.id
    invoice = next(p["invoice_id"] for p in ef_fake.store("payments").values())
    payments = await ef.invoices.payments(invoice).collect()
    assert payments
    for payment in payments:
        assert (await ef.payments.get(payment.id)).id == payment.id
    async for obj in ef.custom_objects.list():
        async for record in ef.custom_objects.records(obj.id):
            assert (await ef.custom_objects.get_record(obj.id, record.id)).id == record.id
    async for hook in ef.webhooks.list():
        assert isinstance(hook.id, str) and (await ef.webhooks.get(hook.id)).id == hook.id


async def test_a_record_without_its_id_is_a_decode_error(
    ef: Eduframe, ef_fake: FakeEduframe
) -> None:
    page = [{"id": 1, "name": "fine"}, {"name": "no id"}]
    ef_fake.script(Fault.body(200, json.dumps(page).encode()), path="/api/v1/courses")
    with pytest.raises(errors.DecodeError) as info:
        await ef.courses.list().collect()
    assert "Course" in str(info.value) and re.search(r"\bid\b", str(info.value))


def test_a_payload_missing_a_required_field_does_not_build() -> None:
    with pytest.raises(TypeError, match="code"):
        CoursePayload(category_id=1, name="Algebra")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="nmae"):
        CoursePayload(category_id=1, name="A", code="A", nmae="x")  # type: ignore[call-arg]
    grade = CreateGradePayload(grade=None, score=None, gradeable_id=1, gradeable_type="E")
    assert grade.grade is None and grade.comment is not None  # UNSET: not sent


async def test_extra_body_is_merged_into_a_payload(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    category = next(iter(ef_fake.store("categories")))
    made = await ef.courses.create(
        CoursePayload(category_id=category, name="Algebra", code="AL"),
        extra_body={"name": "Algebra I", "undocumented": True},
    )
    sent = ef_fake.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/api/v1/courses")
    assert sent.json() == {
        "category_id": category,
        "name": "Algebra I",
        "code": "AL",
        "undocumented": True,
    }
    assert made.name == "Algebra I" and made.id in ef_fake.courses
