"""TidyClub response models.

The docs elide most Contact fields with ``...``; the fields named here are the
documented ones plus the create/update parameters, all optional. Custom fields read
as a list of ``{id, title, type, value}``; a dropdown's value is ``{id, title}``.
Custom-field ids are 12-hex strings, some all digits or zero-padded: kept as ``str``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs

from ..core.models import Model


@attrs.frozen(kw_only=True)
class ContactCustomFieldValue(Model):
    id: str
    title: str | None = None
    type: str | None = None
    value: Any = None


@attrs.frozen(kw_only=True)
class Contact(Model):
    id: int
    first_name: str | None = None
    last_name: str | None = None
    nick_name: str | None = None
    company: str | None = None
    email_address: str | None = None
    phone_number: str | None = None
    address1: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    postcode: str | None = None
    gender: str | None = None
    birthday: date | None = None
    facebook: str | None = None
    twitter: str | None = None
    details: str | None = None
    registered: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    custom_fields: list[ContactCustomFieldValue] = attrs.field(factory=list)
