"""Everything else: reference data, labels, notes, tasks, subjects, enquiries.

Bodies are typed per call (`models.requests.reference`); a mapping is accepted too.
Most of these lists document no filters, so they take none (``extra_query`` remains).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from ...core.operations import Resource, endpoint
from ...core.options import BodyRequestOptions, RequestOptions
from ...core.paging import AsyncPager
from ..models import (
    ActionType,
    ContractorSkill,
    ContractorSkillCreate,
    Country,
    CountryListItem,
    DeleteResponse,
    EnquiryCreate,
    EnquiryCreateResponse,
    Label,
    LabelListItem,
    Note,
    NoteListItem,
    PipelineStage,
    PublicContractor,
    QualLevel,
    QualLevelCreate,
    Subject,
    SubjectCategory,
    SubjectCreate,
    Task,
    TaskListItem,
    WellbeingConcern,
    When,
)


class ActionTypes(Resource):
    @endpoint("GET", "/action-types/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[ActionType]:
        """Every action type (webhook actions among them); a bare array, one page."""


class Countries(Resource):
    @endpoint("GET", "/countries/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[CountryListItem]:
        """Countries by name: their ids are what ``user.country`` takes on write."""

    @endpoint("GET", "/countries/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Country:
        """One country."""


class Enquiry(Resource):
    @endpoint("POST", "/enquiry/")
    async def create(
        self, data: EnquiryCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> EnquiryCreateResponse:
        """Submit an enquiry as the public form would (custom fields in ``attributes``)."""


class Labels(Resource):
    @endpoint("GET", "/labels/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[LabelListItem]:
        """Labels."""

    @endpoint("GET", "/labels/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Label:
        """One label."""


class Notes(Resource):
    @endpoint("GET", "/notes/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[NoteListItem]:
        """Notes (``creator`` is an id here, an object in `get`)."""

    @endpoint("GET", "/notes/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Note:
        """One note."""


class PipelineStages(Resource):
    @endpoint("GET", "/pipeline-stages/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[PipelineStage]:
        """Pipeline stages of prospect clients."""


class PublicContractors(Resource):
    @endpoint("GET", "/public_contractors/")
    def list(
        self,
        *,
        release__gte: When | None = None,
        release__lte: When | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[PublicContractor]:
        """Contractors as the public profile shows them."""

    @endpoint("GET", "/public_contractors/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> PublicContractor:
        """One public profile."""


class QualLevels(Resource):
    @endpoint("GET", "/qual_levels/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[QualLevel]:
        """Qualification levels."""

    @endpoint("GET", "/qual_levels/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> QualLevel:
        """One qualification level."""

    @endpoint("POST", "/qual_levels/")
    async def create(
        self, data: QualLevelCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> QualLevel:
        """Create a branch level (``name``, ``ranking``)."""

    @endpoint("DELETE", "/qual_levels/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Delete a branch level."""


class Subjects(Resource):
    @endpoint("GET", "/subjects/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Subject]:
        """Subjects."""

    @endpoint("GET", "/subjects/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Subject:
        """One subject."""

    @endpoint("POST", "/subjects/")
    async def create(
        self, data: SubjectCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Subject:
        """Create a branch subject."""

    @endpoint("DELETE", "/subjects/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Delete a branch subject."""


class SubjectCategories(Resource):
    @endpoint("GET", "/subject-categories/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[SubjectCategory]:
        """Subject categories."""

    @endpoint("GET", "/subject-categories/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> SubjectCategory:
        """One subject category."""


class ContractorSkills(Resource):
    @endpoint("GET", "/contractor-skills/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[ContractorSkill]:
        """Contractor skills (a contractor, a subject, a level)."""

    @endpoint("GET", "/contractor-skills/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> ContractorSkill:
        """One skill."""

    @endpoint("POST", "/contractor-skills/")
    async def create(
        self, data: ContractorSkillCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> ContractorSkill:
        """Give a contractor a skill (``contractor``, ``subject``, ``qual_level``)."""

    @endpoint("DELETE", "/contractor-skills/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Remove a skill of your branch."""


class Tasks(Resource):
    @endpoint("GET", "/tasks/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[TaskListItem]:
        """Tasks."""

    @endpoint("GET", "/tasks/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Task:
        """One task."""


class WellbeingConcerns(Resource):
    @endpoint("GET", "/wellbeing_concerns/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[WellbeingConcern]:
        """Wellbeing concerns."""

    @endpoint("GET", "/wellbeing_concerns/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> WellbeingConcern:
        """One concern."""
