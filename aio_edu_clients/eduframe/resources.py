"""Eduframe endpoints, declared (see `aio_edu_clients.core.operations`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ..core.operations import Resource, endpoint
from ..core.paging import AsyncPager
from .models import Course, PlannedCourse, PlannedCourseStatus, PlannedCourseType


class Courses(Resource):
    """Courses (``/courses``)."""

    @endpoint("GET", "/courses")
    def list(
        self,
        *,
        published: Literal["published"] | None = None,
        sort: str | Sequence[str] | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **filters: Any,
    ) -> AsyncPager[Course]:
        """Courses; ``sort`` as ``field`` or ``field:desc`` (a list sorts by several)."""

    @endpoint("GET", "/courses/{id}")
    async def get(self, id: int) -> Course:
        """One course."""


class PlannedCourses(Resource):
    """Planned courses (``/planned_courses``): the scheduled runs of a course."""

    @endpoint("GET", "/planned_courses")
    def list(
        self,
        *,
        search: str | None = None,
        type: PlannedCourseType | str | None = None,
        parents_published: Literal["parents_published"] | None = None,
        published_public: Literal["published_public"] | None = None,
        start_date_from: str | None = None,
        start_date_until: str | None = None,
        availability_state: Literal["open", "closed"] | None = None,
        course_id: int | Sequence[int] | None = None,
        status: PlannedCourseStatus | str | Sequence[PlannedCourseStatus | str] | None = None,
        sort: str | Sequence[str] | None = None,
        per_page: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **filters: Any,
    ) -> AsyncPager[PlannedCourse]:
        """Planned courses; array filters repeat the key (``status=planned&status=active``)."""
