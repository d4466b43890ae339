"""Eduframe's typed surface as mypy sees it (see tests/test_typing.py).

Plain lines must type-check; each ``# type: ignore[code]`` marks a mistake mypy must
catch: a misspelled filter, a value outside the spec's enum, a string where an id or
a date goes, a misspelled or missing payload field, a body of the wrong call.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from aio_edu_clients import Eduframe
from aio_edu_clients.eduframe.models import (
    Course,
    CoursePatchPayload,
    CoursePayload,
    CreateLabelPayload,
    InvoiceStatus,
    LabelModelType,
    PlannedCourse,
    PlannedCoursePayload,
    PlannedCourseStatus,
    PlannedCourseType,
)


async def ids_round_trip(ef: Eduframe) -> None:
    """A listed record's id is what its get() takes: never Optional, the right type."""
    async for course in ef.courses.list():
        same: Course = await ef.courses.get(course.id)
        count: int = course.id
        async for run in ef.courses.planned_courses(same.id):  # nested: parent id first
            got: PlannedCourse = await ef.courses.get_planned_course(course.id, run.id)
            await ef.planned_courses.get(got.id)
            async for meeting in ef.planned_courses.meetings(run.id):
                await ef.meetings.get(meeting.id)
        print(count)
    async for invoice in ef.invoices.list():
        await ef.invoices.get(invoice.id)
        async for payment in ef.invoices.payments(invoice.id):
            await ef.payments.get(payment.id)
    async for obj in ef.custom_objects.list():
        await ef.custom_objects.get(obj.id)
        async for record in ef.custom_objects.records(obj.id):
            await ef.custom_objects.get_record(obj.id, record.id)
    async for user in ef.users.list():
        await ef.users.get(user.id)
        ef.users.authentications(user.id)
    async for order in ef.orders.list():
        await ef.orders.get(order.id)
    async for enrollment in ef.enrollments.list():
        await ef.enrollments.get(enrollment.id)
    async for edition in ef.program_editions.list():
        await ef.program_editions.get(edition.id)
    async for hook in ef.webhooks.list():  # Eduframe's webhook ids are strings
        await ef.webhooks.get(hook.id)
        ef.webhooks.notifications(hook.id)
        hook_id: str = hook.id
        print(hook_id)


async def id_mistakes(ef: Eduframe) -> None:
    await ef.courses.get("12")  # type: ignore[arg-type]
    await ef.webhooks.get(12)  # type: ignore[arg-type]
    ef.invoices.payments("12")  # type: ignore[arg-type]
    async for course in ef.courses.list():
        missing: None = course.id  # type: ignore[assignment]
        print(missing)


async def filters(ef: Eduframe) -> None:
    ef.planned_courses.list(
        start_date_from=date(2026, 1, 1),
        start_date_until=datetime(2026, 6, 30, tzinfo=UTC),
        status=["planned", PlannedCourseStatus.ACTIVE],
        type=PlannedCourseType.FIXED_PLANNED_COURSE,
        availability_state="open",
        course_id=[1, 2],
        sort=["start_date:desc"],
        per_page=100,
    )
    ef.planned_courses.list(start_date_from="2026-01-01", status="canceled", sort="start_date")
    ef.courses.planned_courses(3, status="active", parents_published="parents_published")
    ef.orders.list(created_at_after=date(2026, 1, 1), creator_id=3, sort="created_at:desc")
    ef.meetings.list(start=datetime(2026, 1, 1, 9, tzinfo=UTC), end=date(2026, 2, 1))
    ef.invoices.list(status=InvoiceStatus.PAID, account_id=5)
    ef.invoices.list(status=["open", "paid"])
    ef.enrollments.list(status="confirmed", with_canceled=False)
    ef.users.list(label_id=[1, 2], email="ada@example.org", sort="created_at")
    ef.program_editions.list(program_id=4)
    ef.catalog_products.list(published="published", productable_type="Course", sort="position")
    ef.labels.list(model_type="Program::Enrollment", id=[1, 2])
    ef.courses.list(sort="name:desc", per_page=100)  # the general sort syntax, untyped here
    ef.planned_courses.list(extra_query={"min_cost": 200})  # a filter the docs forgot


async def filter_mistakes(ef: Eduframe) -> None:
    ef.planned_courses.list(start_date_form=date(2026, 1, 1))  # type: ignore[call-arg]
    ef.courses.list(filter="x")  # type: ignore[call-arg]
    ef.planned_courses.list(status="rescheduled")  # type: ignore[arg-type]
    ef.planned_courses.list(status=[PlannedCourseStatus.ACTIVE, "later"])  # type: ignore[list-item]
    ef.planned_courses.list(sort="name:desc")  # type: ignore[arg-type]
    ef.planned_courses.list(course_id="3")  # type: ignore[arg-type]
    ef.planned_courses.list(start_date_from=20260101)  # type: ignore[arg-type]
    ef.orders.list(created_at_after=1.5)  # type: ignore[arg-type]
    ef.invoices.list(status=PlannedCourseStatus.ACTIVE)  # type: ignore[arg-type]
    ef.catalog_products.list(published=True)  # type: ignore[arg-type]
    ef.users.list(label_id="vip")  # type: ignore[arg-type]
    ef.labels.list(model_type="Course")  # type: ignore[arg-type]


async def bodies(ef: Eduframe) -> None:
    made: Course = await ef.courses.create(CoursePayload(category_id=1, name="Algebra", code="AL"))
    await ef.courses.update(made.id, CoursePatchPayload(name="Algebra I", level=None))
    await ef.planned_courses.create(
        PlannedCoursePayload(
            course_id=made.id,
            type=PlannedCourseType.FIXED_PLANNED_COURSE,
            cost=Decimal("450.00"),
            start_date=date(2026, 3, 1),
        )
    )
    await ef.labels.create(
        CreateLabelPayload(name="VIP", model_type=LabelModelType.USER), extra_body={"x": 1}
    )
    await ef.courses.create({"name": "mappings still work"})


async def body_mistakes(ef: Eduframe) -> None:
    CoursePayload(category_id=1, name="No code")  # type: ignore[call-arg]
    CoursePayload(category_id=1, name="Algebra", code="AL", nmae="x")  # type: ignore[call-arg]
    CoursePatchPayload(nmae="Algebra I")  # type: ignore[call-arg]
    PlannedCoursePayload(course_id=1, type="FixedPlannedCourse")  # type: ignore[call-arg]
    CoursePayload(category_id="1", name="Algebra", code="AL")  # type: ignore[arg-type]
    await ef.courses.create(CoursePatchPayload(name="x"))  # type: ignore[arg-type]
    await ef.courses.get(1, extra_body={"a": 1})  # type: ignore[call-arg]
