"""Eduframe models: generated from the spec, lenient where the vendor is inconsistent."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from aio_edu_clients import errors
from aio_edu_clients.core.models import Model, OpenEnum
from aio_edu_clients.eduframe import Eduframe, models
from aio_edu_clients.eduframe.models import (
    UNSET,
    Course,
    CoursePatchPayload,
    CreateGradePayload,
    Invoice,
    Order,
    PlannedCourse,
    PlannedCoursePayload,
    PlannedCourseStatus,
    PlannedCourseType,
    ProgramEditionBaseElement,
    ProgramEditionBlockElement,
    ProgramEditionCourseElement,
    ProgramEditionElement,
    Variant,
    Webhook,
    WebhookEvent,
    WebhookNotification,
)

CONV = Eduframe.converter
PACKAGE = Path(models.__file__).parent.parent


def test_models_are_frozen_slotted_attrs_and_enums_open() -> None:
    exported = [getattr(models, name) for name in models.__all__]
    classes = [c for c in exported if isinstance(c, type)]
    response = [c for c in classes if issubclass(c, Model)]
    payloads = [c for c in classes if issubclass(c, models.Payload)]
    enums = [c for c in classes if issubclass(c, OpenEnum)]
    assert len(response) >= 75 and len(payloads) >= 60 and len(enums) >= 35
    for cls in response + payloads:
        assert attrs.has(cls) and "__slots__" in vars(cls), cls
        assert cls.__setattr__ is not object.__setattr__, cls  # frozen
    for enum_cls in enums:
        odd = enum_cls("something-new")
        assert not odd.known and odd.value == "something-new"


def test_generated_files_are_split_and_small() -> None:
    generated = [*(PACKAGE / "models").glob("*.py"), *(PACKAGE / "resources").glob("*.py")]
    assert len(generated) >= 16
    for path in generated:
        lines = path.read_text().splitlines()
        assert len(lines) <= 620, path
        ast.parse(path.read_text())


def test_course_decimals_dates_and_unknown_fields() -> None:
    course = CONV.structure(
        {
            "id": 7,
            "name": "Python",
            "cost": "1250.50",
            "starting_price": "99.95",
            "label_ids": None,  # blank fields come as null, lists too
            "custom": {"level": "B2"},
            "created_at": "2019-08-24T14:15:22Z",
            "updated_at": "2019-08-24T14:15:22.123+02:00",
            "brand_new_field": {"x": 1},
        },
        Course,
    )
    assert course.cost == Decimal("1250.50") and course.starting_price == Decimal("99.95")
    assert course.label_ids == []
    assert course.created_at == datetime(2019, 8, 24, 14, 15, 22, tzinfo=UTC)
    assert course.updated_at is not None and course.updated_at.utcoffset() is not None
    assert course.extra == {"brand_new_field": {"x": 1}}
    assert course.custom == {"level": "B2"}


def test_planned_course_keeps_its_contract() -> None:
    pc = CONV.structure(
        {
            "id": 1,
            "course_id": 2,
            "status": "rescheduled",
            "type": "FixedPlannedCourse",
            "start_date": "2026-03-01",
            "end_date": None,
            "cost": 450,
            "cost_multiplier": "1.0",
            "available_places": True,
        },
        PlannedCourse,
    )
    assert pc.status is not None and not pc.status.known and pc.status == "rescheduled"
    assert pc.type is PlannedCourseType.FIXED_PLANNED_COURSE
    assert pc.start_date == date(2026, 3, 1) and pc.end_date is None
    assert pc.cost == Decimal(450) and pc.cost_multiplier == Decimal("1.0")
    assert PlannedCourseStatus("active") is PlannedCourseStatus.ACTIVE


def test_everything_but_id_may_be_missing() -> None:
    assert CONV.structure({"id": 3}, Invoice).id == 3
    order = CONV.structure({"id": 4, "status": None, "total_cost_incl": "10.00"}, Order)
    assert order.total_cost_incl == Decimal("10.00")
    with pytest.raises(errors.DecodeError) as info:
        CONV.structure({"name": "no id"}, Course)
    assert "Course" in str(info.value)


def test_string_ids_stay_strings() -> None:
    hook = CONV.structure(
        {"id": "f2a1", "events": ["order.canceled", "made.up"], "url": "https://x"}, Webhook
    )
    assert hook.id == "f2a1"
    assert hook.events[0] is WebhookEvent.ORDER_CANCELED and not hook.events[1].known
    note = CONV.structure(
        {"id": "n1", "event_id": "e9", "send_attempts": None}, WebhookNotification
    )
    assert note.id == "n1" and note.send_attempts == []


def test_same_field_different_types_by_schema() -> None:
    """Quirk 10: ``available_places`` is a boolean on planned courses, a count on variants."""
    assert CONV.structure({"id": 1, "available_places": True}, PlannedCourse).available_places
    assert CONV.structure({"id": 1, "available_places": 12}, Variant).available_places == 12


def test_program_edition_elements_are_picked_by_element_type() -> None:
    raw = [
        {"name": "Intro", "credits": "5.0", "element_type": "CourseElement", "course_id": 3},
        {
            "name": "Block A",
            "credits": None,
            "element_type": "BlockElement",
            "elements": [{"element_type": "CourseElement", "course_id": 4, "name": "x"}],
        },
        {"name": "Future", "element_type": "InternshipElement", "hours": 40},
    ]
    course, block, unknown = CONV.structure(raw, list[ProgramEditionElement])
    assert isinstance(course, ProgramEditionCourseElement) and course.credits == Decimal("5.0")
    assert isinstance(block, ProgramEditionBlockElement)
    assert isinstance(block.elements[0], ProgramEditionCourseElement)
    assert type(unknown) is ProgramEditionBaseElement and unknown.extra["hours"] == 40


def test_payloads_send_only_what_was_set() -> None:
    patch = CoursePatchPayload(name="Renamed", level=None)
    assert CONV.unstructure(patch) == {"name": "Renamed", "level": None}
    assert CoursePatchPayload().name is UNSET and CONV.unstructure(CoursePatchPayload()) == {}


def test_payload_decimals_follow_the_documented_json_type() -> None:
    """Quirk 9: ``cost`` is a number on planned courses, a string on course patches."""
    fixed = PlannedCourseType.FIXED_PLANNED_COURSE
    body = CONV.unstructure(PlannedCoursePayload(course_id=1, type=fixed, cost=Decimal("450.50")))
    assert body == {"course_id": 1, "type": "FixedPlannedCourse", "cost": 450.5}
    made = PlannedCoursePayload(course_id=1, type=fixed, cost="300")
    assert CONV.unstructure(made)["cost"] == 300
    assert CONV.unstructure(CoursePatchPayload(cost=Decimal("12.50"))) == {"cost": "12.50"}
    grade = CreateGradePayload(
        score=Decimal("7.5"), grade=None, gradeable_id=3, gradeable_type="Enrollment"
    )
    assert CONV.unstructure(grade) == {
        "score": 7.5,
        "grade": None,
        "gradeable_id": 3,
        "gradeable_type": "Enrollment",
    }


def test_payload_dates_and_enums_go_as_strings() -> None:
    body = CONV.unstructure(
        PlannedCoursePayload(
            course_id=1,
            cost=None,
            start_date=date(2026, 3, 1),
            type=PlannedCourseType.FLEXIBLE_PLANNED_COURSE,
        )
    )
    assert body == {
        "course_id": 1,
        "cost": None,
        "start_date": "2026-03-01",
        "type": "FlexiblePlannedCourse",
    }
