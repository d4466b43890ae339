"""TidyClub endpoints, declared (see `aio_edu_clients.core.operations`)."""

from __future__ import annotations

from typing import Any

from ..core.operations import Resource, endpoint
from ..core.paging import AsyncPager
from .models import Contact


class Contacts(Resource):
    """Contacts (``/contacts``): members and everyone else the club knows."""

    @endpoint("GET", "/contacts")
    def list(
        self,
        *,
        search_terms: str | None = None,
        registered: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **filters: Any,
    ) -> AsyncPager[Contact]:
        """Contacts; ``registered`` is sent as ``true``/``false``."""

    @endpoint("GET", "/contacts/{id}")
    async def get(self, id: int | str) -> Contact:
        """One contact."""
