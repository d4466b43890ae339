"""The closed sets of values TutorCruncher documents, as ``Literal`` types.

Filters and request bodies take these, so ``status="lvie"`` is a mypy error rather
than a 400 (or, for a filter, an empty list) at run time. Where a response model
has an open enum for the same set (`ClientStatus`, `AppointmentStatus`), a member
of it is accepted too. Values come from the catalogue's attribute descriptions and
the addendum's filter lists; where the two sources spell a value differently, both
spellings are listed and the comment says so. A value the docs do not list still
goes through as a mapping body or ``extra_query={...}``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal, TypeAlias

When: TypeAlias = date | datetime | str
"""A date/time filter or body field: a ``date``/``datetime`` (sent as ISO 8601) or text."""

Money: TypeAlias = Decimal | int | str
"""An amount: a ``Decimal`` (or an int, or decimal text); floats are not money."""

ClientStatusValue: TypeAlias = Literal["prospect", "live", "dormant"]

ContractorStatusValue: TypeAlias = Literal["pending", "approved", "rejected", "dormant"]
"""As the Contractor object documents it (the create example also sends ``live``)."""

AppointmentStatusValue: TypeAlias = Literal[
    "planned", "awaiting-report", "complete", "cancelled", "cancelled-chargeable"
]

ServiceStatusValue: TypeAlias = Literal[
    "pending", "available", "in-progress", "finished", "gone-cold"
]

ChargeType: TypeAlias = Literal["hourly", "one-off"]

ContractorPermissions: TypeAlias = Literal["add-edit-complete", "add-edit", "edit", "complete"]

NetGross: TypeAlias = Literal["net", "gross"]

AutoCharge: TypeAlias = Literal[0, 10, 20]
"""0 follows the branch setting, 10 charges automatically, 20 does not."""

Notification: TypeAlias = Literal[
    "broadcasts",
    "apt_reminders",
    "low_balance_reminders",
    "invoice_reminders",
    "pfi_reminders",
    "invoices",
    "credit_requests",  # the attribute list's spelling
    "credit-requests",  # the create example's spelling
]

PaymentMethod: TypeAlias = Literal[
    "cash", "cheque", "credit_card", "bonus_credit", "manual", "voucher"
]
"""Offline payment methods of ``take_payment`` (listed on the proforma invoice endpoint)."""

BalanceUpdateMethod: TypeAlias = Literal[
    "cash",
    "cheque",
    "credit_card",
    "transferwise",
    "debit_card",
    "bank_transfer",
    "direct_debit",
    "bonus_credit",
    "manual",
    "voucher",
    "correction",
]

BalanceUpdateType: TypeAlias = Literal[
    "proforma_invoice_paid",
    "invoice_creation",
    "invoice_payment",
    "po_creation",
    "po_payment",
    "adjustment",
    "refund",
    "stripe_bank_transfer_refund",
    "voucher",
    "credit_note",
    "debit_note",
    "via_api",
    "top_up",
    "app_fee",
]

RaiseBehaviour: TypeAlias = Literal[
    "dont-raise", "raise", "raise-no-autopayment", "raise-and-send", "raise-and-send-no-autopayment"
]
"""What ``POST /invoices/`` does with the invoices it makes (default ``dont-raise``)."""

__all__ = [
    "AppointmentStatusValue",
    "AutoCharge",
    "BalanceUpdateMethod",
    "BalanceUpdateType",
    "ChargeType",
    "ClientStatusValue",
    "ContractorPermissions",
    "ContractorStatusValue",
    "Money",
    "NetGross",
    "Notification",
    "PaymentMethod",
    "RaiseBehaviour",
    "ServiceStatusValue",
    "When",
]
