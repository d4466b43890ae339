"""TidyClub response models: one per object the API v1 docs show.

Every object with an id carries it in every example, so ``id`` is required (a payload
without one is a `DecodeError` naming ``id``) and typed as its resource's ``get()``
takes it: ``await tidy.contacts.get(contact.id)``. Every other field is optional.

What the docs make awkward, and how the models take it:

* **Ids of two kinds.** Contacts, groups, membership levels, memberships, meetings,
  events, categories and tasks have integer ids; custom fields, choices, emails,
  tickets, invoices, deposits, expenses, payments and transactions have 12-hex *string*
  ids, some all digits (``"909612847079"``) or zero-padded (``"001c1ca97c04"``). Those
  are typed ``str`` and never cast to a number; one sent as a JSON number is turned
  into its string.
* **Money** is ``Decimal`` whether sent as a string (tickets, membership levels) or a
  number (invoices, deposits, expenses, payments, transactions, category balances).
* **Timestamps** carry ``Z`` or an offset (``+08:00``); fields the docs call dates
  (``birthday``, task/invoice ``due_date``) are ``date``, and a timestamp sent there
  keeps only its date.
* **Elided examples.** The docs cut Contact, Group, Email, Event and Ticket examples
  short with ``...``; the fields named beyond the example are the create parameters,
  unconfirmed in responses, so every field but ``id`` is optional and unknown ones
  land on ``extra``.
* **Custom fields** read as a list of `ContactCustomFieldValue` whose ``value`` depends
  on ``type``: ``bool``, ``str``, ``date``, or a `CustomFieldChoiceRef` for a dropdown.
  They are written as ``{field_id: value}``: see `aio_edu_clients.tidyclub.custom_fields`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from ..core.models import Model, OpenEnum, parse_date

__all__ = [
    "Category",
    "Contact",
    "ContactCustomFieldValue",
    "CustomField",
    "CustomFieldChoice",
    "CustomFieldChoiceRef",
    "CustomFieldType",
    "CustomFieldValue",
    "Deposit",
    "Email",
    "Event",
    "Expense",
    "Gender",
    "Group",
    "Invoice",
    "LedgerType",
    "Meeting",
    "MeetingTopic",
    "MeetingTopicTask",
    "Membership",
    "MembershipLevel",
    "MembershipLevelBundleAmount",
    "MembershipState",
    "Organization",
    "Payment",
    "PaymentType",
    "SuccessMessage",
    "Task",
    "Ticket",
    "TicketSale",
    "Transaction",
    "UserCreated",
]


# -- open enums: the documented values; others parse as pseudo-members -------------------


class Gender(OpenEnum):
    FEMALE = "female"
    MALE = "male"
    UNDISCLOSED = "undisclosed"


class CustomFieldType(OpenEnum):
    STRING = "string"
    TEXT = "text"
    DROPDOWN = "dropdown"
    BOOLEAN = "boolean"
    DATE = "date"


class PaymentType(OpenEnum):
    """The write enum (cash...other), plus values transactions were seen to carry."""

    CASH = "cash"
    CARD = "card"
    CHEQUE = "cheque"
    BANK = "bank"
    OTHER = "other"
    STRIPE = "stripe"
    PAYPAL_ADAPTIVE = "paypaladaptive"


class LedgerType(OpenEnum):
    """``type`` of invoices, expenses and deposits (one ledger underneath)."""

    INVOICE = "invoice"
    EXPENSE = "expense"
    DEPOSIT = "deposit"


class MembershipState(OpenEnum):
    """Only ``activated`` is documented; other states parse as pseudo-members."""

    ACTIVATED = "activated"


# -- organisation, contacts, custom fields -------------------------------------------------


@attrs.frozen(kw_only=True)
class Organization(Model):
    """The club itself. It has no ``id``; ``location`` was only ever seen as null."""

    name: str | None = None
    domain_prefix: str | None = None
    location: Any = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    postcode: str | None = None
    country: str | None = None
    phone: str | None = None
    website: str | None = None
    twitter: str | None = None
    facebook: str | None = None
    currency: str | None = None
    time_zone: str | None = None
    public_contacts: list[Any] = attrs.field(factory=list)
    logo_url: str | None = None


@attrs.frozen(kw_only=True)
class CustomFieldChoiceRef(Model):
    """A dropdown's chosen option, as it appears in a contact's custom field value."""

    id: str | None = None
    title: str | None = None


CustomFieldValue = bool | str | date | CustomFieldChoiceRef | None
"""What a custom field holds, by its type: boolean, string/text, date, dropdown choice."""


@attrs.frozen(kw_only=True)
class ContactCustomFieldValue(Model):
    """One custom field on a contact, read side: ``value`` typed by ``type``.

    ``value`` is a `CustomFieldValue`: ``bool`` for a checkbox, ``str`` for text, a
    ``date`` for a date field, a `CustomFieldChoiceRef` for a dropdown, None when
    empty. It is declared ``Any`` so that any converter passes it through; the
    conversion by ``type`` happens here, after hydration, whichever converter ran.
    """

    id: str
    title: str | None = None
    type: CustomFieldType | None = None
    value: Any = None

    def __attrs_post_init__(self) -> None:
        kind = self.type.value if self.type is not None else None
        object.__setattr__(self, "value", _custom_field_value(kind, self.value))


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
    gender: Gender | None = None
    birthday: date | None = None
    facebook: str | None = None
    twitter: str | None = None
    details: str | None = None
    registered: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    custom_fields: list[ContactCustomFieldValue] = attrs.field(factory=list)

    def custom_field(self, key: str) -> ContactCustomFieldValue | None:
        """The custom field whose id or title is ``key`` (ids first), or None."""
        for field in self.custom_fields:
            if field.id == key:
                return field
        return next((f for f in self.custom_fields if f.title == key), None)


@attrs.frozen(kw_only=True)
class CustomFieldChoice(Model):
    id: str
    title: str | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class CustomField(Model):
    """A custom contact field; ``choices`` only on dropdowns (empty otherwise)."""

    id: str
    title: str | None = None
    type: CustomFieldType | None = None
    created_at: datetime | None = None
    choices: list[CustomFieldChoice] = attrs.field(factory=list)


# -- groups and memberships ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Group(Model):
    id: int
    label: str | None = None
    description: str | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class MembershipLevelBundleAmount(Model):
    amount: Decimal | None = None
    subsequent: bool | None = None
    type: str | None = None


@attrs.frozen(kw_only=True)
class MembershipLevel(Model):
    """``amount`` arrives as a string (``"2.0"``); ``bundle_amounts`` only on bundles."""

    id: int
    name: str | None = None
    description: str | None = None
    duration: int | None = None
    unit_period: str | None = None
    fixed: bool | None = None
    start_at: datetime | None = None
    enabled: bool | None = None
    active_since: date | None = None
    amount: Decimal | None = None
    bundle: bool | None = None
    bundle_amounts: list[MembershipLevelBundleAmount] = attrs.field(factory=list)
    deleted: bool | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Membership(Model):
    """``start_date``/``end_date`` are timestamps despite their names."""

    id: int
    start_date: datetime | None = None
    end_date: datetime | None = None
    contact_id: int | None = None
    membership_level_id: int | None = None
    state: MembershipState | None = None
    created_at: datetime | None = None


# -- communication, meetings, events --------------------------------------------------------


@attrs.frozen(kw_only=True)
class Email(Model):
    id: str
    subject: str | None = None
    body: str | None = None
    contacts: list[int] = attrs.field(factory=list)
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class MeetingTopicTask(Model):
    """A task raised in a meeting: here ``due_date`` is a timestamp (a date on `Task`)."""

    id: int
    title: str | None = None
    description: str | None = None
    due_date: datetime | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class MeetingTopic(Model):
    owner_id: int | None = None
    title: str | None = None
    date: date | None = None
    category: str | None = None
    task: MeetingTopicTask | None = None


@attrs.frozen(kw_only=True)
class Meeting(Model):
    id: int
    name: str | None = None
    body: str | None = None
    date: datetime | None = None
    location: str | None = None
    topics: list[MeetingTopic] = attrs.field(factory=list)
    attendees: list[int] = attrs.field(factory=list)
    apologies: list[int] = attrs.field(factory=list)
    minute_takers: list[int] = attrs.field(factory=list)
    public: bool | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Event(Model):
    id: int
    name: str | None = None
    location: str | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    body: str | None = None
    archived: bool | None = None
    hidden: bool | None = None
    public: bool | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Ticket(Model):
    """``amount`` arrives as a string (``"10.0"``)."""

    id: str
    event_id: int | None = None
    name: str | None = None
    amount: Decimal | None = None
    initial_quantity: int | None = None
    maximum_purchase: int | None = None
    sales_end: datetime | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class TicketSale(Model):
    """One ticket sold: who bought it and the ticket's code. It has no id of its own."""

    contact_id: int | None = None
    ticket_id: str | None = None
    created_at: datetime | None = None
    code: str | None = None


# -- work and money ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Category(Model):
    """``balance`` is per currency: ``{"AUD": -20.0, "USD": 42.0}``."""

    id: int
    name: str | None = None
    description: str | None = None
    balance: dict[str, Decimal] = attrs.field(factory=dict)
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Task(Model):
    id: int
    title: str | None = None
    description: str | None = None
    contact_id: int | None = None
    category_id: int | None = None
    due_date: date | None = None
    completed: bool | None = None
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Payment(Model):
    """A payment read back: ``type``/``paid_at`` (written as ``payment_type``/``date``)."""

    id: str
    amount: Decimal | None = None
    type: PaymentType | None = None
    paid_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Invoice(Model):
    """No ``currency`` or ``created_at`` comes back, though ``currency`` can be written."""

    id: str
    ref_no: str | None = None
    contact_id: int | None = None
    type: LedgerType | None = None
    name: str | None = None
    description: str | None = None
    due_date: date | None = None
    category_id: int | None = None
    amount: Decimal | None = None
    amount_paid: Decimal | None = None
    amount_due: Decimal | None = None
    paid: bool | None = None
    payments: list[Payment] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class Expense(Invoice):
    """The same shape as `Invoice`, ``type`` ``expense``."""


@attrs.frozen(kw_only=True)
class Deposit(Model):
    """Money in: has ``currency``, but no ``due_date``/``amount_paid``/``amount_due``/``paid``."""

    id: str
    ref_no: str | None = None
    contact_id: int | None = None
    type: LedgerType | None = None
    name: str | None = None
    description: str | None = None
    category_id: int | None = None
    currency: str | None = None
    amount: Decimal | None = None
    payments: list[Payment] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class Transaction(Model):
    id: str
    category_id: int | None = None
    category_name: str | None = None
    currency: str | None = None
    paid_at: datetime | None = None
    contact_id: int | None = None
    contact_name: str | None = None
    payment_type: PaymentType | None = None
    surcharge: bool | None = None
    amount: Decimal | None = None
    total: Decimal | None = None
    fee: Decimal | None = None


@attrs.frozen(kw_only=True)
class UserCreated(Model):
    """The answer to creating a user: the contact it made."""

    contact_id: int
    created_at: datetime | None = None


@attrs.frozen(kw_only=True)
class SuccessMessage(Model):
    """``{"message": "Successful"}``: what deletes answer (the client returns None)."""

    message: str | None = None


# -- custom field values ----------------------------------------------------------------


def _custom_field_value(kind: str | None, value: Any) -> Any:
    """A read-side value as its field type says: dropdown → ref, date → date."""
    if value is None or value == "":
        return None
    if isinstance(value, CustomFieldChoiceRef | date):
        return value
    if kind == CustomFieldType.DROPDOWN and isinstance(value, Mapping):
        choice_id = value.get("id")
        if isinstance(choice_id, Mapping | list):  # its str() is no id (nor safe, if deep)
            raise TypeError("a dropdown choice's id must be a string or a number")
        return CustomFieldChoiceRef(
            id=None if choice_id is None else str(choice_id),
            title=value.get("title"),
            extra={k: v for k, v in value.items() if k not in ("id", "title")},
        )
    if kind == CustomFieldType.DATE and isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            return value
    if kind == CustomFieldType.BOOLEAN and value in ("true", "false"):
        return value == "true"
    if isinstance(value, bool | str):
        return value
    return str(value) if isinstance(value, int | float) else value
