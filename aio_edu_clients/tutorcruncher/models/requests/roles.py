"""Request bodies of the four roles: agents, clients, contractors, recipients.

Three shapes per role, because the vendor has three calls:

* ``<Role>Create`` — ``POST /<role>/`` (Roles API V2): ``user.last_name`` is required,
  so `UserInput` has no default for it and neither does ``user``.
* ``<Role>Update`` — ``POST /<role>/{id}/`` (V2): "only the fields you want to change",
  so everything is optional, the nested user too (`UserUpdate`).
* ``<Role>Upsert`` — ``POST /<role>/`` matched on ``user.email`` (V1): the create
  body without V2's ``photo``.

Personal fields go nested in ``user``, which both versions accept (V2 also takes them
flat; send those through a mapping if you must). Money goes as a JSON number, as the
docs' examples write ``commission_rate``/``default_rate`` (10.1, 80.0); latitude and
longitude go as strings, as they do there. ``extra_attrs`` is the write shape of
custom fields, ``{machine_name: value}`` (never the read shape's array).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ....core.payload import UNSET, Payload, Unset
from .._choices import (
    AutoCharge,
    ClientStatusValue,
    ContractorStatusValue,
    Money,
    Notification,
)
from .._quirks import ClientStatus

_NUMBER = {"number": True}


@attrs.frozen(kw_only=True)
class UserInput(Payload):
    """The nested ``user`` of a role create or upsert; ``last_name`` is always required.

    ``country`` is a Country id (``tc.countries.list()``), though reads show its name.
    ``email`` is what V1 upserts match on: a user created without one cannot be
    updated through V1 later.
    """

    last_name: str
    first_name: str | Unset | None = UNSET
    email: str | Unset | None = UNSET
    mobile: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    street: str | Unset | None = UNSET
    state: str | Unset | None = UNSET
    town: str | Unset | None = UNSET
    country: int | Unset | None = UNSET
    postcode: str | Unset | None = UNSET
    latitude: Decimal | str | Unset | None = UNSET
    longitude: Decimal | str | Unset | None = UNSET
    timezone: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class UserUpdate(Payload):
    """The nested ``user`` of a V2 update: only the fields given change."""

    last_name: str | Unset = UNSET
    first_name: str | Unset | None = UNSET
    email: str | Unset | None = UNSET
    mobile: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    street: str | Unset | None = UNSET
    state: str | Unset | None = UNSET
    town: str | Unset | None = UNSET
    country: int | Unset | None = UNSET
    postcode: str | Unset | None = UNSET
    latitude: Decimal | str | Unset | None = UNSET
    longitude: Decimal | str | Unset | None = UNSET
    timezone: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class _Role(Payload):
    """What every role's write takes besides ``user``."""

    calendar_colour: str | Unset | None = UNSET
    extra_attrs: Mapping[str, Any] | Unset = UNSET


# -- agents -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Agent(_Role):
    commission_rate: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)


@attrs.frozen(kw_only=True)
class AgentCreate(_Agent):
    """Body of ``tc.agents.create``; ``send_emails=True`` sends a welcome email."""

    user: UserInput
    photo: str | Unset | None = UNSET
    send_emails: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class AgentUpdate(_Agent):
    """Body of ``tc.agents.update``: only the fields given change (``photo=None`` removes it)."""

    user: UserUpdate | Unset = UNSET
    photo: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class AgentUpsert(_Agent):
    """Body of ``tc.agents.upsert`` (Roles API V1: updates the agent with ``user.email``)."""

    user: UserInput
    send_emails: bool | Unset = UNSET


# -- clients ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Client(_Role):
    """Client fields. ``charge_via_branch`` is the read field's name; the docs' example
    body spells it ``change_via_branch``, which a serializer would ignore."""

    status: ClientStatus | ClientStatusValue | Unset = UNSET
    is_taxable: bool | Unset = UNSET
    received_notifications: list[Notification] | Unset = UNSET
    charge_via_branch: bool | Unset = UNSET
    auto_charge: AutoCharge | Unset = UNSET
    associated_admin: int | Unset | None = UNSET
    associated_agent: int | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class ClientCreate(_Client):
    """Body of ``tc.clients.create``; ``send_emails=True`` sends a welcome email."""

    user: UserInput
    photo: str | Unset | None = UNSET
    send_emails: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class ClientUpdate(_Client):
    """Body of ``tc.clients.update``: only the fields given change (``photo=None`` removes it)."""

    user: UserUpdate | Unset = UNSET
    photo: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class ClientUpsert(_Client):
    """Body of ``tc.clients.upsert`` (Roles API V1: updates the client with ``user.email``)."""

    user: UserInput
    send_emails: bool | Unset = UNSET


# -- contractors ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Contractor(_Role):
    """Contractor fields (``charge_via_branch``: see `ClientCreate`'s note)."""

    status: ContractorStatusValue | Unset = UNSET
    charge_via_branch: bool | Unset = UNSET
    default_rate: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)
    receive_service_notifications: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class ContractorCreate(_Contractor):
    """Body of ``tc.contractors.create``; ``send_emails=True`` sends a welcome email."""

    user: UserInput
    photo: str | Unset | None = UNSET
    send_emails: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class ContractorUpdate(_Contractor):
    """Body of ``tc.contractors.update``: only the fields given change."""

    user: UserUpdate | Unset = UNSET
    photo: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class ContractorUpsert(_Contractor):
    """Body of ``tc.contractors.upsert`` (Roles API V1: matched on ``user.email``)."""

    user: UserInput
    send_emails: bool | Unset = UNSET


# -- recipients -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Recipient(_Role):
    default_rate: Money | Unset | None = attrs.field(default=UNSET, metadata=_NUMBER)
    paying_client: int | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class RecipientCreate(_Recipient):
    """Body of ``tc.recipients.create``; ``paying_client`` is the client who pays."""

    user: UserInput
    photo: str | Unset | None = UNSET
    send_emails: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class RecipientUpdate(_Recipient):
    """Body of ``tc.recipients.update``: only the fields given change."""

    user: UserUpdate | Unset = UNSET
    photo: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class RecipientUpsert(_Recipient):
    """Body of ``tc.recipients.upsert`` (Roles API V1: matched on ``user.email``, or on
    first and last name plus ``paying_client`` for a recipient without an email)."""

    user: UserInput
    send_emails: bool | Unset = UNSET
