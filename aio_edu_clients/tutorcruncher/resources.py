"""TutorCruncher endpoints, declared (see `aio_edu_clients.core.operations`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.operations import Resource, endpoint
from ..core.paging import AsyncPager
from .models import Client, ClientStatus, RoleRef


class Clients(Resource):
    """Paying clients (``/clients/``)."""

    @endpoint("GET", "/clients/")
    def list(
        self,
        *,
        status: ClientStatus | str | None = None,
        user__first_name: str | None = None,
        user__last_name: str | None = None,
        user__email: str | None = None,
        user__created__gte: str | None = None,
        user__created__lte: str | None = None,
        labels: int | None = None,
        distance_address: str | None = None,
        distance_radius: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **filters: Any,
    ) -> AsyncPager[RoleRef]:
        """Clients, newest first (compact references; `get` for the whole client)."""

    @endpoint("GET", "/clients/{id}/")
    async def get(self, id: int) -> Client:
        """One client with all its details."""

    @endpoint("POST", "/clients/", unwrap="role")
    async def create(self, data: Mapping[str, Any]) -> Client:
        """Create a client; ``user.last_name`` (or ``last_name`` under V2) is required."""
