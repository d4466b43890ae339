"""What the club does: emails, meetings, events and their tickets, categories, tasks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Unpack

from ...core.operations import Resource, endpoint
from ...core.options import BodyRequestOptions, RequestOptions
from ...core.paging import AsyncPager
from ..models import Category, Email, Event, Meeting, Task, Ticket, TicketSale
from ..requests import (
    EmailCreate,
    EventCreate,
    EventUpdate,
    TaskCreate,
    TaskUpdate,
    TicketCreate,
    TicketUpdate,
)


class Emails(Resource):
    """Emails (``/emails``): drafted through the API, sent ones displayed."""

    @endpoint("GET", "/emails")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Email]:
        """Emails."""

    @endpoint("GET", "/emails/{id}")
    async def get(self, id: str, **options: Unpack[RequestOptions]) -> Email:
        """One email."""

    @endpoint("POST", "/emails")
    async def create(
        self, data: EmailCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Email | None:
        """Draft an email (`EmailCreate`: ``subject``, ``body``, ``contacts``: contact ids).

        TidyClub documents no body for the 201: None when it sends none.
        """


class Meetings(Resource):
    """Meetings (``/meetings``), with topics, attendees and apologies."""

    @endpoint("GET", "/meetings")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Meeting]:
        """Meetings (the API has no single-meeting endpoint)."""


class Events(Resource):
    """Events (``/events``) and the tickets sold for them."""

    @endpoint("GET", "/events")
    def list(
        self,
        *,
        start_at: datetime | date | str | None = None,
        end_at: datetime | date | str | None = None,
        public: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Event]:
        """Events; ``public`` is sent as ``true``/``false``, dates as ISO 8601."""

    @endpoint("GET", "/events/{id}")
    async def get(self, id: int | str, **options: Unpack[RequestOptions]) -> Event:
        """One event."""

    @endpoint("POST", "/events")
    async def create(
        self, data: EventCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Event:
        """Create an event (`EventCreate`: ``name``, ``start_at`` required)."""

    @endpoint("PUT", "/events/{id}")
    async def update(
        self,
        id: int | str,
        data: EventUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Event:
        """Update an event."""

    @endpoint("DELETE", "/events/{id}")
    async def delete(self, id: int | str, **options: Unpack[RequestOptions]) -> None:
        """Delete an event."""

    @endpoint("GET", "/events/{event_id}/tickets")
    def tickets(
        self,
        event_id: int | str,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Ticket]:
        """An event's ticket types. TidyClub needs no token for tickets."""

    @endpoint("GET", "/events/{event_id}/tickets/sold")
    def tickets_sold(
        self,
        event_id: int | str,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[TicketSale]:
        """The tickets sold for an event: who bought which, and the ticket codes."""

    @endpoint("GET", "/events/{event_id}/tickets/{id}")
    async def get_ticket(
        self, event_id: int | str, id: str, **options: Unpack[RequestOptions]
    ) -> Ticket:
        """One ticket type.

        The docs print ``GET /events/:event_id/tickets`` — the list path, no ``:id``;
        ``/events/{event_id}/tickets/{id}``, as update and delete use, is the evident
        intended one.
        """

    @endpoint("POST", "/events/{event_id}/tickets")
    async def create_ticket(
        self,
        event_id: int | str,
        data: TicketCreate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Ticket:
        """Add a ticket type (`TicketCreate`: ``name``; ``amount``, ``initial_quantity``...)."""

    @endpoint("PUT", "/events/{event_id}/tickets/{id}")
    async def update_ticket(
        self,
        event_id: int | str,
        id: str,
        data: TicketUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Ticket:
        """Update a ticket type."""

    @endpoint("DELETE", "/events/{event_id}/tickets/{id}")
    async def delete_ticket(
        self, event_id: int | str, id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete a ticket type."""


class Categories(Resource):
    """Categories (``/categories``): where money and tasks are filed; balances per currency."""

    @endpoint("GET", "/categories")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Category]:
        """Categories (the API has no single-category endpoint)."""


class Tasks(Resource):
    """Tasks (``/tasks``)."""

    @endpoint("GET", "/tasks")
    def list(
        self,
        *,
        completed: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Task]:
        """Tasks; ``completed`` is sent as ``true``/``false``."""

    @endpoint("GET", "/tasks/{id}")
    async def get(self, id: int | str, **options: Unpack[RequestOptions]) -> Task:
        """One task."""

    @endpoint("POST", "/tasks")
    async def create(
        self, data: TaskCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Task:
        """Create a task (`TaskCreate`: ``title``, ``due_date``, ``contact_id``, ``category_id``)."""

    @endpoint("PUT", "/tasks/{id}")
    async def update(
        self,
        id: int | str,
        data: TaskUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Task:
        """Update a task.

        Unlike every other update, the docs do not say the fields are optional here
        ("See Create a task"), so `TaskUpdate` requires title, due_date, contact_id and
        category_id, as catalogued; a mapping can still send fewer.
        """

    @endpoint("DELETE", "/tasks/{id}")
    async def delete(self, id: int | str, **options: Unpack[RequestOptions]) -> None:
        """Delete a task."""
