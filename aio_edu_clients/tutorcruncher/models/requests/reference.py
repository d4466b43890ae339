"""Request bodies of reference data and the public enquiry form.

The enquiry's fields come from the docs' one example, which says nothing of which
are required, so none is; ``attributes`` carries the form's custom fields by machine
name (not ``extra_attrs``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ....core.payload import UNSET, Payload, Unset
from .._choices import Money

_NUMBER = {"number": True}


@attrs.frozen(kw_only=True)
class EnquiryCreate(Payload):
    """Body of ``tc.enquiry.create``: makes a client, a student and the enquiry."""

    client_name: str | Unset = UNSET
    client_email: str | Unset = UNSET
    client_phone: str | Unset = UNSET
    service_recipient_name: str | Unset = UNSET
    attributes: Mapping[str, Any] | Unset = UNSET
    contractor: int | Unset = UNSET
    subject: int | Unset = UNSET
    qual_level: int | Unset = UNSET
    terms_and_conditions: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class QualLevelCreate(Payload):
    """Body of ``tc.qual_levels.create``: a level of your branch, placed by ``ranking``."""

    name: str
    ranking: Money | Unset = attrs.field(default=UNSET, metadata=_NUMBER)


@attrs.frozen(kw_only=True)
class SubjectCreate(Payload):
    """Body of ``tc.subjects.create``: ``category`` is a subject category id."""

    name: str
    category: int | Unset = UNSET


@attrs.frozen(kw_only=True)
class ContractorSkillCreate(Payload):
    """Body of ``tc.contractor_skills.create``: a contractor, a subject, a level (ids)."""

    contractor: int
    subject: int
    qual_level: int
