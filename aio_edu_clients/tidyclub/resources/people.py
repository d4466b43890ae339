"""The club and its people: organisation, contacts, custom fields, groups, memberships, users.

Nested collections hang off their parent, parent id first:
``tidy.groups.contacts(group_id)``, ``tidy.contacts.groups(contact_id)``,
``tidy.custom_fields.choices(custom_field_id)``. Deletes answer
``{"message": "Successful"}`` and return None; group membership changes answer 204.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from ...core.operations import Resource, endpoint
from ...core.options import BodyRequestOptions, RequestOptions
from ...core.paging import AsyncPager
from ..models import (
    Contact,
    CustomField,
    CustomFieldChoice,
    Group,
    Membership,
    MembershipLevel,
    Organization,
    Task,
    UserCreated,
)
from ..requests import (
    ContactCreate,
    ContactUpdate,
    CustomFieldChoiceCreate,
    CustomFieldChoiceUpdate,
    CustomFieldCreate,
    CustomFieldUpdate,
    GroupCreate,
    GroupUpdate,
    UserCreate,
)


class OrganizationResource(Resource):
    """The organisation (club) the token belongs to (``/organization``)."""

    @endpoint("GET", "/organization")
    async def get(self, **options: Unpack[RequestOptions]) -> Organization:
        """The club's details; the object has no id."""


class Contacts(Resource):
    """Contacts (``/contacts``): members and everyone else the club knows.

    Without a user token TidyClub returns only public contact data.
    """

    @endpoint("GET", "/contacts")
    def list(
        self,
        *,
        search_terms: str | None = None,
        registered: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Contact]:
        """Contacts; ``registered`` is sent as ``true``/``false``."""

    @endpoint("GET", "/contacts/me")
    async def me(self, **options: Unpack[RequestOptions]) -> Contact:
        """The contact of the user the token belongs to (``/contacts/me``)."""

    @endpoint("GET", "/contacts/{id}")
    async def get(self, id: int | str, **options: Unpack[RequestOptions]) -> Contact:
        """One contact."""

    @endpoint("POST", "/contacts")
    async def create(
        self, data: ContactCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Contact:
        """Create a contact: a `ContactCreate` (``first_name`` required) or a mapping.

        ``custom_fields`` is written as ``{field_id: value}``: `ContactCreate` writes
        the values it is given (a choice, a date, None to clear); in a mapping, build
        it with `aio_edu_clients.tidyclub.custom_fields.write_custom_fields`.
        """

    @endpoint("PUT", "/contacts/{id}")
    async def update(
        self,
        id: int | str,
        data: ContactUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Contact:
        """Update a contact (`ContactUpdate`); every field optional, a blank custom field clears it."""

    @endpoint("DELETE", "/contacts/{id}")
    async def delete(self, id: int | str, **options: Unpack[RequestOptions]) -> None:
        """Delete a contact."""

    @endpoint("GET", "/contacts/{contact_id}/groups")
    def groups(
        self,
        contact_id: int | str,
        *,
        search_terms: str | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Group]:
        """The groups a contact belongs to."""

    @endpoint("GET", "/contacts/{contact_id}/memberships")
    def memberships(
        self,
        contact_id: int | str,
        *,
        active: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Membership]:
        """A contact's memberships; ``active`` is sent as ``true``/``false``."""

    @endpoint("GET", "/contacts/{contact_id}/tasks")
    def tasks(
        self,
        contact_id: int | str,
        *,
        completed: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Task]:
        """A contact's tasks; ``completed`` is sent as ``true``/``false``."""


class CustomFields(Resource):
    """Custom contact fields (``/custom_fields``) and their dropdown choices."""

    @endpoint("GET", "/custom_fields")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[CustomField]:
        """Custom fields (the docs list no paging parameters; headers are read if sent)."""

    @endpoint("GET", "/custom_fields/{id}")
    async def get(self, id: str, **options: Unpack[RequestOptions]) -> CustomField:
        """One custom field, with its choices if it is a dropdown."""

    @endpoint("POST", "/custom_fields")
    async def create(
        self, data: CustomFieldCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> CustomField:
        """Create a custom field (`CustomFieldCreate`: ``title``, ``type``)."""

    @endpoint("PUT", "/custom_fields/{id}")
    async def update(
        self,
        id: str,
        data: CustomFieldUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> CustomField:
        """Update a custom field."""

    @endpoint("DELETE", "/custom_fields/{id}")
    async def delete(self, id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete a custom field."""

    @endpoint("GET", "/custom_fields/{custom_field_id}/choices")
    def choices(
        self,
        custom_field_id: str,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[CustomFieldChoice]:
        """The choices of a dropdown field."""

    @endpoint("GET", "/custom_fields/{custom_field_id}/choices/{id}")
    async def get_choice(
        self, custom_field_id: str, id: str, **options: Unpack[RequestOptions]
    ) -> CustomFieldChoice:
        """One dropdown choice.

        The docs print ``/custom_fields/:custom_field_id/choice/:id`` (singular), while
        every sibling uses ``choices``; the plural is the evident intended path.
        """

    @endpoint("POST", "/custom_fields/{custom_field_id}/choices")
    async def create_choice(
        self,
        custom_field_id: str,
        data: CustomFieldChoiceCreate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> CustomFieldChoice:
        """Add a choice (`CustomFieldChoiceCreate`: ``title``) to a dropdown field."""

    @endpoint("PUT", "/custom_fields/{custom_field_id}/choices/{id}")
    async def update_choice(
        self,
        custom_field_id: str,
        id: str,
        data: CustomFieldChoiceUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> CustomFieldChoice:
        """Rename a dropdown choice."""

    @endpoint("DELETE", "/custom_fields/{custom_field_id}/choices/{id}")
    async def delete_choice(
        self, custom_field_id: str, id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete a dropdown choice."""


class Groups(Resource):
    """Groups of contacts (``/groups``)."""

    @endpoint("GET", "/groups")
    def list(
        self,
        *,
        search_terms: str | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Group]:
        """Groups."""

    @endpoint("GET", "/groups/{id}")
    async def get(self, id: int | str, **options: Unpack[RequestOptions]) -> Group:
        """One group."""

    @endpoint("POST", "/groups")
    async def create(
        self, data: GroupCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Group:
        """Create a group (`GroupCreate`: ``label`` required, ``description``)."""

    @endpoint("PUT", "/groups/{id}")
    async def update(
        self,
        id: int | str,
        data: GroupUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Group:
        """Update a group."""

    @endpoint("DELETE", "/groups/{id}")
    async def delete(self, id: int | str, **options: Unpack[RequestOptions]) -> None:
        """Delete a group."""

    @endpoint("GET", "/groups/{group_id}/contacts")
    def contacts(
        self,
        group_id: int | str,
        *,
        search_terms: str | None = None,
        registered: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Contact]:
        """The contacts in a group."""

    @endpoint("PUT", "/groups/{group_id}/contacts/{contact_id}")
    async def add_contact(
        self, group_id: int | str, contact_id: int | str, **options: Unpack[RequestOptions]
    ) -> None:
        """Put a contact in a group (answers 204 No Content)."""

    @endpoint("DELETE", "/groups/{group_id}/contacts/{contact_id}")
    async def remove_contact(
        self, group_id: int | str, contact_id: int | str, **options: Unpack[RequestOptions]
    ) -> None:
        """Take a contact out of a group (answers 204 No Content)."""


class MembershipLevels(Resource):
    """Membership levels (``/membership_levels``): what a membership costs and lasts."""

    @endpoint("GET", "/membership_levels")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[MembershipLevel]:
        """Membership levels."""

    @endpoint("GET", "/membership_levels/{id}")
    async def get(self, id: int | str, **options: Unpack[RequestOptions]) -> MembershipLevel:
        """One membership level, with ``bundle_amounts`` if it is a bundle."""

    @endpoint("GET", "/membership_levels/{membership_level_id}/memberships")
    def memberships(
        self,
        membership_level_id: int | str,
        *,
        active: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Membership]:
        """The memberships of one level."""


class Memberships(Resource):
    """Memberships (``/memberships``): a contact at a level, for a period."""

    @endpoint("GET", "/memberships")
    def list(
        self,
        *,
        active: bool | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Membership]:
        """Memberships; ``active`` is sent as ``true``/``false``."""

    @endpoint("GET", "/memberships/{id}")
    async def get(self, id: int | str, **options: Unpack[RequestOptions]) -> Membership:
        """One membership."""


class Users(Resource):
    """Users (``/users``): people who can sign in; creating one also makes a contact."""

    @endpoint("POST", "/users")
    async def create(
        self, data: UserCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> UserCreated:
        """Create a user (`UserCreate`: ``first_name``, ``last_name``, ``email``, ``password``).

        Users are written with ``email`` where contacts use ``email_address``.
        """
