"""Eduframe response models (schemas from the vendor's OpenAPI 3.0.3 spec).

The spec marks many fields required yet the API sends ``null`` for blanks ("blank
fields are included as null"), so everything but ``id`` is optional. Money arrives
as strings and becomes ``Decimal``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from ..core.models import Model, OpenEnum


class CostScheme(OpenEnum):
    FREE = "free"
    ORDER = "order"
    STUDENT = "student"
    TBD = "tbd"


class Currency(OpenEnum):
    EUR = "EUR"
    GBP = "GBP"
    ISK = "ISK"
    USD = "USD"


class PlannedCourseStatus(OpenEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELED = "canceled"


class AvailabilityState(OpenEnum):
    OPEN = "open"
    CLOSED = "closed"


class PlannedCourseType(OpenEnum):
    FIXED = "FixedPlannedCourse"
    FLEXIBLE = "FlexiblePlannedCourse"


@attrs.frozen(kw_only=True)
class Course(Model):
    """A course (``CourseWithIncludes``): the catalogue entry planned courses are runs of."""

    id: int
    name: str | None = None
    code: str | None = None
    category_id: int | None = None
    position: int | None = None
    starting_price: Decimal | None = None
    cost: Decimal | None = None
    cost_scheme: CostScheme | None = None
    is_published: bool | None = None
    slug: str | None = None
    slug_history: list[str] = attrs.field(factory=list)
    signup_url: str | None = None
    avatar: str | None = None
    avatar_url: str | None = None
    avatar_thumb_url: str | None = None
    conditions_or_default: str | None = None
    website_url: str | None = None
    certificate_template_id: int | None = None
    duration: str | None = None
    level: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None
    result: str | None = None
    label_ids: list[int] = attrs.field(factory=list)
    custom: dict[str, Any] = attrs.field(factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class PlannedCourse(Model):
    """One run of a course (``PlannedCourseWithIncludes``)."""

    id: int
    course_id: int | None = None
    status: PlannedCourseStatus | None = None
    type: PlannedCourseType | None = None
    start_date: date | None = None
    end_date: date | None = None
    duration_in_days: int | None = None
    availability_state: AvailabilityState | None = None
    payable: bool | None = None
    current_participants: int | None = None
    confirmed_active_and_completed_enrollments_count: int | None = None
    requested_enrollments_count: int | None = None
    available_places: bool | None = None
    canvas_link: str | None = None
    currency: Currency | None = None
    cost: Decimal | None = None
    cost_multiplier: Decimal | None = None
    cost_scheme: CostScheme | None = None
    is_published: bool | None = None
    min_participants: int | None = None
    max_participants: int | None = None
    course_variant_id: int | None = None
    course_location_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
