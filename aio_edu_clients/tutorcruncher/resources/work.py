"""Jobs and lessons: services, appointments, tenders, reports and what hangs off them.

Bodies are typed per call (`models.requests.work`); a mapping is accepted too. Date
filters take a ``date``/``datetime`` (sent as ISO 8601) or text; the appointment
``status`` filter the documented slugs or an `AppointmentStatus`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from ...core.operations import Resource, endpoint
from ...core.options import BodyRequestOptions, RequestOptions
from ...core.paging import AsyncPager
from ..models import (
    Appointment,
    AppointmentContractorInput,
    AppointmentContractorRemove,
    AppointmentCreate,
    AppointmentListItem,
    AppointmentRecipientInput,
    AppointmentRecipientRemove,
    AppointmentStatus,
    AppointmentStatusValue,
    AppointmentUpdate,
    AppointmentWriteResponse,
    Report,
    ReportListItem,
    Review,
    Service,
    ServiceContractorInput,
    ServiceContractorRemove,
    ServiceCreate,
    ServiceRecipientInput,
    ServiceRecipientRemove,
    ServiceRef,
    ServiceUpdate,
    Tender,
    When,
)


class Services(Resource):
    """Services (Jobs in the UI)."""

    @endpoint("GET", "/services/")
    def list(
        self,
        *,
        created_gte: When | None = None,
        created_lte: When | None = None,
        last_updated_gte: When | None = None,
        last_updated_lte: When | None = None,
        labels: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[ServiceRef]:
        """Services, newest first."""

    @endpoint("GET", "/services/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Service:
        """One service with its contractors and recipients."""

    @endpoint("POST", "/services/")
    async def create(
        self, data: ServiceCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Service:
        """Create a service (the answer lacks some fields a GET has)."""

    @endpoint("PUT", "/services/{id}/")
    async def update(
        self,
        id: int,
        data: ServiceUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Service:
        """Update a service."""

    @endpoint("POST", "/services/{id}/add_label/", fields=("label",))
    async def add_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Service:
        """Attach a label."""

    @endpoint("POST", "/services/{id}/remove_label/", fields=("label",))
    async def remove_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Service:
        """Detach a label."""

    @endpoint("POST", "/services/{id}/contractor/add/")
    async def add_contractor(
        self,
        id: int,
        data: ServiceContractorInput | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Any:
        """Add a contractor (``contractor``, optional ``pay_rate``) or change their rate."""

    @endpoint("POST", "/services/{id}/contractor/remove/")
    async def remove_contractor(
        self,
        id: int,
        data: ServiceContractorRemove | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Any:
        """Remove a contractor (refused while they are on any appointment)."""

    @endpoint("POST", "/services/{id}/recipient/add/")
    async def add_recipient(
        self,
        id: int,
        data: ServiceRecipientInput | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Any:
        """Add a recipient (``recipient``, optional ``charge_rate``) or change their rate."""

    @endpoint("POST", "/services/{id}/recipient/remove/")
    async def remove_recipient(
        self,
        id: int,
        data: ServiceRecipientRemove | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Any:
        """Remove a recipient (refused while they are on any appointment)."""


class Appointments(Resource):
    """Appointments (Lessons in the UI)."""

    @endpoint("GET", "/appointments/")
    def list(
        self,
        *,
        start_gte: When | None = None,
        start_lte: When | None = None,
        service: int | None = None,
        contractor: int | None = None,
        recipient: int | None = None,
        client: int | None = None,
        status: AppointmentStatus | AppointmentStatusValue | None = None,
        location: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[AppointmentListItem]:
        """Appointments, newest first."""

    @endpoint("GET", "/appointments/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Appointment:
        """One appointment."""

    @endpoint("POST", "/appointments/")
    async def create(
        self, data: AppointmentCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> AppointmentWriteResponse:
        """Create an appointment."""

    @endpoint("PUT", "/appointments/{id}/")
    async def update(
        self,
        id: int,
        data: AppointmentUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> AppointmentWriteResponse:
        """Update a planned appointment (``rcras``/``cjas`` are ignored: use the add/remove calls)."""

    @endpoint("POST", "/appointments/{id}/recipient/add/")
    async def add_recipient(
        self,
        id: int,
        data: AppointmentRecipientInput | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Appointment:
        """Add a recipient to a planned appointment."""

    @endpoint("POST", "/appointments/{id}/recipient/remove/")
    async def remove_recipient(
        self,
        id: int,
        data: AppointmentRecipientRemove | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Appointment:
        """Remove a recipient from a planned appointment."""

    @endpoint("POST", "/appointments/{id}/contractor/add/")
    async def add_contractor(
        self,
        id: int,
        data: AppointmentContractorInput | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Appointment:
        """Add a contractor to a planned appointment."""

    @endpoint("POST", "/appointments/{id}/contractor/remove/")
    async def remove_contractor(
        self,
        id: int,
        data: AppointmentContractorRemove | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Appointment:
        """Remove a contractor from a planned appointment."""


class Tenders(Resource):
    """Tenders (job applications)."""

    @endpoint("GET", "/tenders/")
    def list(
        self,
        *,
        contractor: int | None = None,
        service: int | None = None,
        created_gte: When | None = None,
        created_lte: When | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Tender]:
        """Tenders (they carry no id: read it from the service and contractor)."""

    @endpoint("POST", "/tenders/{id}/accept/")
    async def accept(self, id: int, **options: Unpack[RequestOptions]) -> Tender:
        """Accept: the contractor joins the service."""

    @endpoint("POST", "/tenders/{id}/reject/")
    async def reject(self, id: int, **options: Unpack[RequestOptions]) -> Tender:
        """Reject: the contractor leaves the service."""


class Reports(Resource):
    """Lesson reports."""

    @endpoint("GET", "/reports/")
    def list(
        self,
        *,
        dt_created_gte: When | None = None,
        dt_created_lte: When | None = None,
        appointment: int | None = None,
        creator: int | None = None,
        service_recipient: int | None = None,
        client: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[ReportListItem]:
        """Reports, newest first."""

    @endpoint("GET", "/reports/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Report:
        """One report."""


class Reviews(Resource):
    """Reviews of contractors."""

    @endpoint("GET", "/reviews/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Review]:
        """Reviews, newest first."""
