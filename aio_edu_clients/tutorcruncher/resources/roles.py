"""The four roles: agents, clients, contractors (tutors), recipients (students).

Roles API V2 (current): create by POST to the list URL, update by POST to the role's
own URL with only the changed fields, delete by DELETE there (the role goes to the
trash). V1's upsert — POST to the list URL, matched on ``user.email`` — is kept as
``upsert`` for branches still on V1. Writes answer ``{"status": ..., "role": {...}}``;
the role comes back unwrapped.

Bodies are typed per call (``ClientCreate``, ``ClientUpdate``, ``ClientUpsert``, ...;
see `models.requests.roles`); a mapping is accepted too. List filters are the
documented ones (the addendum names them), typed: ``user__created__*`` take a
``date``/``datetime`` or text, ``status`` the documented values (agents' statuses are
not documented, so theirs is text).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any, Unpack

from ...core.operations import Resource, endpoint
from ...core.options import BodyRequestOptions, RequestOptions
from ...core.paging import AsyncPager
from ..models import (
    Agent,
    AgentCreate,
    AgentUpdate,
    AgentUpsert,
    Client,
    ClientCreate,
    ClientStatus,
    ClientStatusValue,
    ClientUpdate,
    ClientUpsert,
    Contractor,
    ContractorAvailabilitySlot,
    ContractorCreate,
    ContractorStatusValue,
    ContractorUpdate,
    ContractorUpsert,
    DeleteResponse,
    Recipient,
    RecipientCreate,
    RecipientUpdate,
    RecipientUpsert,
    RoleRef,
    When,
)


class Agents(Resource):
    """Agents (Affiliates in the UI)."""

    @endpoint("GET", "/agents/")
    def list(
        self,
        *,
        user__created__gte: When | None = None,
        user__created__lte: When | None = None,
        user__first_name: str | None = None,
        user__last_name: str | None = None,
        user__email: str | None = None,
        status: str | None = None,
        distance_address: str | None = None,
        distance_radius: int | None = None,
        labels: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[RoleRef]:
        """Agents, newest first."""

    @endpoint("GET", "/agents/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Agent:
        """One agent."""

    @endpoint("POST", "/agents/", unwrap="role")
    async def create(
        self, data: AgentCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Agent:
        """Create an agent; ``last_name`` is required."""

    @endpoint("POST", "/agents/{id}/", unwrap="role")
    async def update(
        self, id: int, data: AgentUpdate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Agent:
        """Change an agent: only the fields given (Roles API V2)."""

    @endpoint("POST", "/agents/", unwrap="role")
    async def upsert(
        self, data: AgentUpsert | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Agent:
        """Create or update by ``user.email`` (Roles API V1; V2 refuses existing emails)."""

    @endpoint("DELETE", "/agents/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Move an agent to the trash."""

    @endpoint("POST", "/agents/{id}/add_label/", fields=("label",))
    async def add_label(self, id: int, label: int, **options: Unpack[BodyRequestOptions]) -> Agent:
        """Attach a label (already attached: no change)."""

    @endpoint("POST", "/agents/{id}/remove_label/", fields=("label",))
    async def remove_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Agent:
        """Detach a label (not attached: no change)."""

    @endpoint("OPTIONS", "/agents/")
    async def options(self, **options: Unpack[RequestOptions]) -> Any:
        """Field metadata, including the choices for country ids."""


class Clients(Resource):
    """Paying clients."""

    @endpoint("GET", "/clients/")
    def list(
        self,
        *,
        user__created__gte: When | None = None,
        user__created__lte: When | None = None,
        user__first_name: str | None = None,
        user__last_name: str | None = None,
        user__email: str | None = None,
        status: ClientStatus | ClientStatusValue | None = None,
        distance_address: str | None = None,
        distance_radius: int | None = None,
        labels: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[RoleRef]:
        """Clients, newest first (compact references; `get` for the whole client)."""

    @endpoint("GET", "/clients/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Client:
        """One client with all its details."""

    @endpoint("POST", "/clients/", unwrap="role")
    async def create(
        self, data: ClientCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Client:
        """Create a client; ``user.last_name`` is required (`ClientCreate`)."""

    @endpoint("POST", "/clients/{id}/", unwrap="role")
    async def update(
        self, id: int, data: ClientUpdate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Client:
        """Change a client: only the fields given (Roles API V2)."""

    @endpoint("POST", "/clients/", unwrap="role")
    async def upsert(
        self, data: ClientUpsert | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Client:
        """Create or update by ``user.email`` (Roles API V1; V2 refuses existing emails)."""

    @endpoint("DELETE", "/clients/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Move a client to the trash."""

    @endpoint("POST", "/clients/{id}/add_label/", fields=("label",))
    async def add_label(self, id: int, label: int, **options: Unpack[BodyRequestOptions]) -> Client:
        """Attach a label (already attached: no change)."""

    @endpoint("POST", "/clients/{id}/remove_label/", fields=("label",))
    async def remove_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Client:
        """Detach a label (not attached: no change)."""

    @endpoint("OPTIONS", "/clients/")
    async def options(self, **options: Unpack[RequestOptions]) -> Any:
        """Field metadata, including the choices for country ids."""


class Contractors(Resource):
    """Contractors (Tutors in the UI)."""

    @endpoint("GET", "/contractors/")
    def list(
        self,
        *,
        user__created__gte: When | None = None,
        user__created__lte: When | None = None,
        user__first_name: str | None = None,
        user__last_name: str | None = None,
        user__email: str | None = None,
        status: ContractorStatusValue | None = None,
        distance_address: str | None = None,
        distance_radius: int | None = None,
        labels: int | None = None,
        skills: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[RoleRef]:
        """Contractors, newest first."""

    @endpoint("GET", "/contractors/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Contractor:
        """One contractor."""

    @endpoint("GET", "/contractor_availability/{id}/")
    async def availability(
        self, id: int, **options: Unpack[RequestOptions]
    ) -> builtins.list[ContractorAvailabilitySlot]:
        """A contractor's availability and booked appointments (a bare array)."""

    @endpoint("POST", "/contractors/", unwrap="role")
    async def create(
        self, data: ContractorCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Contractor:
        """Create a contractor; ``last_name`` is required."""

    @endpoint("POST", "/contractors/{id}/", unwrap="role")
    async def update(
        self,
        id: int,
        data: ContractorUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Contractor:
        """Change a contractor: only the fields given (Roles API V2)."""

    @endpoint("POST", "/contractors/", unwrap="role")
    async def upsert(
        self, data: ContractorUpsert | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Contractor:
        """Create or update by ``user.email`` (Roles API V1; V2 refuses existing emails)."""

    @endpoint("DELETE", "/contractors/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Move a contractor to the trash."""

    @endpoint("POST", "/contractors/{id}/add_label/", fields=("label",))
    async def add_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Contractor:
        """Attach a label (already attached: no change)."""

    @endpoint("POST", "/contractors/{id}/remove_label/", fields=("label",))
    async def remove_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Contractor:
        """Detach a label (not attached: no change)."""

    @endpoint("OPTIONS", "/contractors/")
    async def options(self, **options: Unpack[RequestOptions]) -> Any:
        """Field metadata, including the choices for country ids."""


class Recipients(Resource):
    """Recipients (Students in the UI)."""

    @endpoint("GET", "/recipients/")
    def list(
        self,
        *,
        user__created__gte: When | None = None,
        user__created__lte: When | None = None,
        user__first_name: str | None = None,
        user__last_name: str | None = None,
        user__email: str | None = None,
        distance_address: str | None = None,
        distance_radius: int | None = None,
        labels: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[RoleRef]:
        """Recipients, newest first."""

    @endpoint("GET", "/recipients/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Recipient:
        """One recipient."""

    @endpoint("POST", "/recipients/", unwrap="role")
    async def create(
        self, data: RecipientCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Recipient:
        """Create a recipient; ``user.last_name`` is required, ``paying_client`` who pays."""

    @endpoint("POST", "/recipients/{id}/", unwrap="role")
    async def update(
        self,
        id: int,
        data: RecipientUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Recipient:
        """Change a recipient: only the fields given (Roles API V2)."""

    @endpoint("POST", "/recipients/", unwrap="role")
    async def upsert(
        self, data: RecipientUpsert | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Recipient:
        """Create or update (Roles API V1: matched on name and paying client)."""

    @endpoint("DELETE", "/recipients/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Move a recipient to the trash."""

    @endpoint("POST", "/recipients/{id}/add_label/", fields=("label",))
    async def add_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Recipient:
        """Attach a label (already attached: no change)."""

    @endpoint("POST", "/recipients/{id}/remove_label/", fields=("label",))
    async def remove_label(
        self, id: int, label: int, **options: Unpack[BodyRequestOptions]
    ) -> Recipient:
        """Detach a label (not attached: no change)."""

    @endpoint("OPTIONS", "/recipients/")
    async def options(self, **options: Unpack[RequestOptions]) -> Any:
        """Field metadata, including the choices for country ids."""
