"""TutorCruncher response models.

Roles (agents, clients, contractors, recipients) come in two shapes: Roles API V1
nests personal details in ``user``; V2, the current one, puts them at the top level
and adds ``photo``. A role model accepts both: ``user`` is set under V1, the flat
fields under V2, and `personal` gives whichever is there.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import attrs

from ..core.models import Model, OpenEnum


class ClientStatus(OpenEnum):
    PROSPECT = "prospect"
    LIVE = "live"
    DORMANT = "dormant"


@attrs.frozen(kw_only=True)
class User(Model):
    """The personal details of a role (nested under ``user`` in Roles API V1)."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    title: str | None = None
    mobile: str | None = None
    phone: str | None = None
    street: str | None = None
    state: str | None = None
    town: str | None = None
    country: str | None = None
    postcode: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    date_created: datetime | None = None
    timezone: str | None = None


@attrs.frozen(kw_only=True)
class RoleRef(Model):
    """A compact reference to a role; also the item shape of the role list endpoints.

    ``url`` is the vendor's link to the object; it may name another host (the docs
    show ``localhost:8000``): address objects by ``id``, not by following ``url``.
    """

    id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    url: str | None = None


@attrs.frozen(kw_only=True)
class AdminRef(Model):
    id: int | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None


@attrs.frozen(kw_only=True)
class LabelRef(Model):
    id: int
    name: str | None = None
    machine_name: str | None = None


@attrs.frozen(kw_only=True)
class PipelineStage(Model):
    id: int
    name: str | None = None
    colour: str | None = None
    sort_index: int | None = None


@attrs.frozen(kw_only=True)
class CustomField(Model):
    """One ``extra_attrs`` item as read. Written as ``{machine_name: value}`` instead."""

    machine_name: str
    value: Any = None
    id: int | None = None
    type: str | None = None
    name: str | None = None


@attrs.frozen(kw_only=True)
class Client(User):
    """A paying client. Personal fields are flat under Roles API V2, in ``user`` under V1."""

    id: int
    user: User | None = None
    photo: str | None = None
    status: ClientStatus | None = None
    is_taxable: bool | None = None
    received_notifications: list[str] = attrs.field(factory=list)
    charge_via_branch: bool | None = None
    invoices_count: int | None = None
    payment_pending: Decimal | None = None
    auto_charge: int | bool | None = None
    associated_admin: AdminRef | None = None
    associated_agent: RoleRef | None = None
    pipeline_stage: PipelineStage | None = None
    paid_recipients: list[RoleRef] = attrs.field(factory=list)
    last_updated: datetime | None = None
    calendar_colour: str | None = None
    labels: list[LabelRef] = attrs.field(factory=list)
    extra_attrs: list[CustomField] = attrs.field(factory=list)
    invoice_balance: Decimal | None = None
    available_balance: Decimal | None = None

    @property
    def personal(self) -> User:
        """The personal details whichever Roles API version the branch uses."""
        return self.user if self.user is not None else self
