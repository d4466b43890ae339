"""TidyClub request bodies: one `Payload` per create, update and body-sending action.

Made from the catalogue's ``body`` fields (``shared/api/tidyclub.json``), so that mypy
and attrs catch a misspelled or missing field before TidyClub answers 422. A field
the docs call *Required* has no default (leave it out and the model cannot be built);
every other field defaults to `UNSET` and is not sent, while an explicit ``None`` is
sent as ``null``. Updates are partial ("All parameters are optional"), except
`TaskUpdate`: the docs only say "See Create a task" (quirk 13), so it requires what a
create does, as catalogued; a mapping still sends a partial one.

How the values go on the wire, as TidyClub writes them (JSON, no wrapping object):

* **money** of the ledgers (invoices, expenses, deposits, payments) is sent as a JSON
  number, the way those amounts are read back; a ticket's ``amount`` as a decimal
  string (``"12.50"``), the way tickets show it (quirk 4);
* **dates and timestamps** as ISO 8601 (``date.isoformat()``/``datetime.isoformat()``),
  or a string passed as given;
* **closed sets** (``gender``, a custom field's ``type``, ``payment_type``) are the
  documented literals or the model's enum member;
* **names differ from the read side** (quirk 11): payments are written with
  ``payment_type``/``date`` (read ``type``/``paid_at``), deposits with ``paid_date``,
  users with ``email`` where contacts use ``email_address``;
* **custom fields** on contacts are written ``{field_id: value}``: give a bool, a str,
  a ``date``, a dropdown choice (or its id), or ``None`` to clear, and
  `aio_edu_clients.tidyclub.custom_fields.write_custom_fields` writes them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

import attrs

from ..core.payload import UNSET, Payload, Unset
from .custom_fields import write_custom_fields
from .models import CustomFieldChoice, CustomFieldChoiceRef, CustomFieldType, Gender, PaymentType

__all__ = [
    "ContactCreate",
    "ContactUpdate",
    "CustomFieldChoiceCreate",
    "CustomFieldChoiceUpdate",
    "CustomFieldCreate",
    "CustomFieldUpdate",
    "CustomFieldWrite",
    "DepositCreate",
    "EmailCreate",
    "EventCreate",
    "EventUpdate",
    "ExpenseCreate",
    "GroupCreate",
    "GroupUpdate",
    "InvoiceCreate",
    "PaymentCreate",
    "TaskCreate",
    "TaskUpdate",
    "TicketCreate",
    "TicketUpdate",
    "UserCreate",
    "WritePaymentType",
]

Money = Decimal | int | str
"""An amount: a ``Decimal`` (or an int, or its text). Floats are refused: they round."""

Moment = datetime | date | str
"""A documented ``datetime``: an aware ``datetime``, a ``date`` or ISO 8601 text."""

GenderValue = Gender | Literal["female", "male", "undisclosed"]
CustomFieldTypeValue = CustomFieldType | Literal["string", "text", "dropdown", "boolean", "date"]
WritePaymentType = (
    Literal["cash", "card", "cheque", "bank", "other"]
    | Literal[
        PaymentType.CASH, PaymentType.CARD, PaymentType.CHEQUE, PaymentType.BANK, PaymentType.OTHER
    ]
)
"""The payment types a write takes; ``stripe`` and ``paypaladaptive`` are only ever read."""

CustomFieldWrite = bool | str | date | CustomFieldChoice | CustomFieldChoiceRef | None
"""A custom field's value to write: see `write_custom_fields` (``None`` clears it)."""

_NUMBER = {"number": True}


def _custom_fields(
    values: Mapping[str, CustomFieldWrite] | Unset | None,
) -> dict[str, Any] | Unset | None:
    """``{field_id: value}`` written as TidyClub wants it, when the model is built."""
    if values is None or values is UNSET:
        return values
    return write_custom_fields(values)


# -- contacts and custom fields ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class ContactUpdate(Payload):
    """Body of ``PUT /contacts/{id}``: every field optional; a cleared custom field is blank."""

    first_name: str | Unset = UNSET
    last_name: str | Unset | None = UNSET
    email_address: str | Unset | None = UNSET
    phone_number: str | Unset | None = UNSET
    address1: str | Unset | None = UNSET
    city: str | Unset | None = UNSET
    state: str | Unset | None = UNSET
    country: str | Unset | None = UNSET
    postcode: str | Unset | None = UNSET
    gender: GenderValue | Unset | None = UNSET
    birthday: date | str | Unset | None = UNSET
    facebook: str | Unset | None = UNSET
    twitter: str | Unset | None = UNSET
    details: str | Unset | None = UNSET
    custom_fields: dict[str, Any] | Unset | None = attrs.field(
        default=UNSET, converter=_custom_fields
    )


@attrs.frozen(kw_only=True)
class ContactCreate(ContactUpdate):
    """Body of ``POST /contacts``. Required: ``first_name``."""

    first_name: str


@attrs.frozen(kw_only=True)
class CustomFieldCreate(Payload):
    """Body of ``POST /custom_fields``. Required: ``title``, ``type``."""

    title: str
    type: CustomFieldTypeValue


@attrs.frozen(kw_only=True)
class CustomFieldUpdate(Payload):
    """Body of ``PUT /custom_fields/{id}``: every field optional."""

    title: str | Unset = UNSET
    type: CustomFieldTypeValue | Unset = UNSET


@attrs.frozen(kw_only=True)
class CustomFieldChoiceCreate(Payload):
    """Body of ``POST /custom_fields/{custom_field_id}/choices``. Required: ``title``."""

    title: str


@attrs.frozen(kw_only=True)
class CustomFieldChoiceUpdate(Payload):
    """Body of ``PUT /custom_fields/{custom_field_id}/choices/{id}``."""

    title: str | Unset = UNSET


# -- groups, emails, users ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GroupCreate(Payload):
    """Body of ``POST /groups``. Required: ``label``."""

    label: str
    description: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class GroupUpdate(Payload):
    """Body of ``PUT /groups/{id}``: every field optional."""

    label: str | Unset = UNSET
    description: str | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class EmailCreate(Payload):
    """Body of ``POST /emails`` (a draft). Required: all three; ``contacts`` are contact ids."""

    subject: str
    body: str
    contacts: Sequence[int]


@attrs.frozen(kw_only=True)
class UserCreate(Payload):
    """Body of ``POST /users``: all required. ``email`` here, ``email_address`` on contacts."""

    first_name: str
    last_name: str
    email: str
    password: str = attrs.field(repr=False)


# -- events and tickets -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EventUpdate(Payload):
    """Body of ``PUT /events/{id}``: every field optional."""

    name: str | Unset = UNSET
    location: str | Unset | None = UNSET
    start_at: Moment | Unset = UNSET
    end_at: Moment | Unset | None = UNSET
    body: str | Unset | None = UNSET
    archived: bool | Unset = UNSET
    hidden: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class EventCreate(EventUpdate):
    """Body of ``POST /events``. Required: ``name``, ``start_at``."""

    name: str
    start_at: Moment


@attrs.frozen(kw_only=True)
class TicketUpdate(Payload):
    """Body of ``PUT /events/{event_id}/tickets/{id}``: every field optional.

    ``amount`` is sent as a decimal string, as tickets show it; ``initial_quantity``
    ``None`` means unlimited, both counts at least 1.
    """

    name: str | Unset = UNSET
    amount: Money | Unset = UNSET
    initial_quantity: int | Unset | None = UNSET
    maximum_purchase: int | Unset = UNSET
    sales_end: Moment | Unset | None = UNSET


@attrs.frozen(kw_only=True)
class TicketCreate(TicketUpdate):
    """Body of ``POST /events/{event_id}/tickets``. Required: ``name`` (amount 0 is free)."""

    name: str


# -- tasks ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TaskCreate(Payload):
    """Body of ``POST /tasks``. Required: ``title``, ``due_date``, ``contact_id``, ``category_id``."""

    title: str
    description: str | Unset | None = UNSET
    due_date: date | str
    contact_id: int
    category_id: int


@attrs.frozen(kw_only=True)
class TaskUpdate(TaskCreate):
    """Body of ``PUT /tasks/{id}``: the create's fields, required as catalogued (quirk 13)."""


# -- money ----------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _LedgerCreate(Payload):
    """What raising an invoice or recording an expense takes (one ledger underneath).

    ``due_date`` is documented as a datetime and read back as a date: either is sent.
    """

    name: str
    description: str | Unset | None = UNSET
    amount: Money = attrs.field(metadata=_NUMBER)
    currency: str | Unset = UNSET
    due_date: Moment
    category_id: int
    contact_id: int


@attrs.frozen(kw_only=True)
class InvoiceCreate(_LedgerCreate):
    """Body of ``POST /invoices``. Required: name, amount, due_date, category_id, contact_id."""


@attrs.frozen(kw_only=True)
class ExpenseCreate(_LedgerCreate):
    """Body of ``POST /expenses``. Required: name, amount, due_date, category_id, contact_id."""


@attrs.frozen(kw_only=True)
class DepositCreate(Payload):
    """Body of ``POST /deposits``. Required: ``name``, ``amount``, ``category_id``, ``contact_id``.

    ``paid_date`` and ``payment_type`` describe the payment the deposit records.
    """

    name: str
    description: str | Unset | None = UNSET
    amount: Money = attrs.field(metadata=_NUMBER)
    currency: str | Unset = UNSET
    paid_date: Moment | Unset = UNSET
    payment_type: WritePaymentType | Unset = UNSET
    category_id: int
    contact_id: int


@attrs.frozen(kw_only=True)
class PaymentCreate(Payload):
    """Body of ``POST /invoices/{id}/payments`` and ``POST /expenses/{id}/payments``.

    Every field optional (TidyClub then pays what is due). Read back as a `Payment`
    with ``type`` and ``paid_at``.
    """

    amount: Money | Unset = attrs.field(default=UNSET, metadata=_NUMBER)
    payment_type: WritePaymentType | Unset = UNSET
    date: Moment | Unset = UNSET
