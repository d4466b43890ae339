"""Request bodies of services (Jobs) and appointments (Lessons), and of their people.

Rates follow the docs' examples: an appointment's ``charge_rate``/``pay_rate`` go as
strings (``"100.00"``), a service's rates as JSON numbers (``45.0``). Times go as ISO
8601 text (a ``datetime`` is written with its offset).

The same small model is a list item on create and the body of the matching add call:
`AppointmentRecipientInput` is both an item of ``rcras`` and what
``tc.appointments.add_recipient`` sends, and so on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

from ....core.payload import UNSET, Payload, Unset
from .._choices import (
    AppointmentStatusValue,
    ChargeType,
    ContractorPermissions,
    Money,
    NetGross,
    ServiceStatusValue,
    When,
)
from .._quirks import AppointmentStatus

_NUMBER = {"number": True}

# -- appointments -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AppointmentRecipientInput(Payload):
    """A recipient on an appointment (an ``rcras`` item, or ``add_recipient``'s body).

    Without ``charge_rate`` the service's default rate applies; given for a recipient
    already on the appointment, it changes their rate.
    """

    recipient: int
    charge_rate: Money | Unset = UNSET


@attrs.frozen(kw_only=True)
class AppointmentContractorInput(Payload):
    """A contractor on an appointment (a ``cjas`` item, or ``add_contractor``'s body)."""

    contractor: int
    pay_rate: Money | Unset = UNSET


@attrs.frozen(kw_only=True)
class AppointmentRecipientRemove(Payload):
    """Body of ``tc.appointments.remove_recipient``."""

    recipient: int


@attrs.frozen(kw_only=True)
class AppointmentContractorRemove(Payload):
    """Body of ``tc.appointments.remove_contractor``."""

    contractor: int


@attrs.frozen(kw_only=True)
class AppointmentCreate(Payload):
    """Body of ``tc.appointments.create``.

    ``status`` "can currently only be 'planned'" and is required, so it defaults to
    that and is always sent. ``location`` is a location id (its write shape is
    undocumented; the examples send null).
    """

    topic: str
    start: When
    finish: When
    service: int
    status: Literal["planned"] = "planned"
    location: int | Unset | None = UNSET
    extra_attrs: Mapping[str, Any] | Unset = UNSET
    rcras: list[AppointmentRecipientInput] | Unset = UNSET
    cjas: list[AppointmentContractorInput] | Unset = UNSET


@attrs.frozen(kw_only=True)
class AppointmentUpdate(Payload):
    """Body of ``tc.appointments.update`` (PUT: a planned appointment, whole).

    PUT replaces, so the fields a create requires are required here too. There is no
    ``rcras``/``cjas``: the server ignores them on update; use the add/remove calls.
    """

    topic: str
    start: When
    finish: When
    service: int
    status: AppointmentStatus | AppointmentStatusValue | Unset = UNSET
    location: int | Unset | None = UNSET
    extra_attrs: Mapping[str, Any] | Unset = UNSET


# -- services ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ServiceContractorInput(Payload):
    """A contractor on a service (a ``conjobs`` item, or ``add_contractor``'s body).

    Without ``pay_rate`` the service's default applies (or their current rate stays).
    """

    contractor: int
    contractor_permissions: ContractorPermissions | Unset = UNSET
    pay_rate: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)


@attrs.frozen(kw_only=True)
class ServiceRecipientInput(Payload):
    """A recipient on a service (an ``rcrs`` item, or ``add_recipient``'s body).

    ``agent``/``agent_percentage`` appear in the add call's example only.
    """

    recipient: int
    charge_rate: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)
    agent: int | Unset | None = UNSET
    agent_percentage: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)


@attrs.frozen(kw_only=True)
class ServiceContractorRemove(Payload):
    """Body of ``tc.services.remove_contractor`` (refused while they are on an appointment)."""

    contractor: int


@attrs.frozen(kw_only=True)
class ServiceRecipientRemove(Payload):
    """Body of ``tc.services.remove_recipient`` (refused while they are on an appointment)."""

    recipient: int


@attrs.frozen(kw_only=True)
class _Service(Payload):
    """A service's fields: name and both default rates are required on create and update."""

    name: str
    dft_charge_rate: Money = attrs.field(metadata=_NUMBER)
    dft_contractor_rate: Money = attrs.field(metadata=_NUMBER)
    allow_proposed_rates: bool | Unset = UNSET
    branch_tax_setup: int | str | Unset | None = UNSET
    cap: int | Unset | None = UNSET
    colour: str | Unset | None = UNSET
    contractor_tax_setup: int | str | Unset | None = UNSET
    description: str | Unset | None = UNSET
    dft_charge_type: ChargeType | Unset = UNSET
    dft_contractor_permissions: ContractorPermissions | Unset = UNSET
    dft_location: int | Unset | None = UNSET
    dft_max_srs: int | Unset | None = UNSET
    extra_attrs: Mapping[str, Any] | Unset = UNSET
    extra_fee_per_apt: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)
    inactivity_time: int | Unset | None = UNSET
    net_gross: NetGross | Unset = UNSET
    report_required: bool | Unset = UNSET
    require_rcr: bool | Unset = UNSET
    require_con_job: bool | Unset = UNSET
    review_units: int | Unset | None = UNSET
    sales_codes: int | Unset | None = UNSET
    sr_premium: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)
    status: ServiceStatusValue | Unset = UNSET


@attrs.frozen(kw_only=True)
class ServiceCreate(_Service):
    """Body of ``tc.services.create``; people join only here (``conjobs``, ``rcrs``) or
    through the add calls later."""

    conjobs: list[ServiceContractorInput] | Unset = UNSET
    rcrs: list[ServiceRecipientInput] | Unset = UNSET


@attrs.frozen(kw_only=True)
class ServiceUpdate(_Service):
    """Body of ``tc.services.update`` (PUT). No ``conjobs``/``rcrs``: the update cannot
    change who is on the service; use the add/remove calls."""
