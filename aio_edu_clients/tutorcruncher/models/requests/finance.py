"""Request bodies of money: ad hoc charges, invoices, payments, credit requests, balances.

Amounts go as JSON numbers, as the docs' examples send them (``'amount': 100.0``,
``'amount': 120``); the balance update's ``credit_amount`` has no example and goes
the same way. Ad hoc charges are form-encoded (the docs' examples post ``data=``), so
their fields cannot be null: a field is either sent or left out.
"""

from __future__ import annotations

import attrs

from ....core.payload import UNSET, Payload, Unset
from .._choices import BalanceUpdateMethod, Money, PaymentMethod, RaiseBehaviour, When

_NUMBER = {"number": True}


@attrs.frozen(kw_only=True)
class _AdHocCharge(Payload):
    """Required on create and on update alike: when, which category, what for.

    A create needs one side as well: ``client`` with ``charge_client``, or
    ``contractor`` with ``pay_contractor`` (the API checks the pairing).
    """

    date_occurred: When
    category: int
    description: str
    service: int | Unset = UNSET
    client: int | Unset = UNSET
    charge_client: Money | Unset = UNSET
    contractor: int | Unset = UNSET
    pay_contractor: Money | Unset = UNSET


@attrs.frozen(kw_only=True)
class AdHocChargeCreate(_AdHocCharge):
    """Body of ``tc.adhoccharges.create`` (form-encoded)."""


@attrs.frozen(kw_only=True)
class AdHocChargeUpdate(_AdHocCharge):
    """Body of ``tc.adhoccharges.update`` (PUT, form-encoded)."""


@attrs.frozen(kw_only=True)
class InvoiceCreate(Payload):
    """Body of ``tc.invoices.create``: up to 8 appointments and/or ad hoc charges (ids),
    all of one client; at least one of the two lists is required."""

    appointments: list[int] | Unset = UNSET
    adhoc_charges: list[int] | Unset = UNSET
    raise_behaviour: RaiseBehaviour | Unset = UNSET


@attrs.frozen(kw_only=True)
class TakePayment(Payload):
    """Body of ``take_payment`` on invoices and proforma invoices: partial is fine, and
    anything over what is owed goes to the client's balance."""

    amount: Money = attrs.field(metadata=_NUMBER)
    method: PaymentMethod | Unset = UNSET
    send_receipt: bool | Unset = UNSET


@attrs.frozen(kw_only=True)
class TakePaymentOrderPayment(Payload):
    """Body of ``tc.payment_orders.take_payment`` (no receipt for a contractor)."""

    amount: Money = attrs.field(metadata=_NUMBER)
    method: PaymentMethod | Unset = UNSET


@attrs.frozen(kw_only=True)
class ProformaInvoiceCreate(Payload):
    """Body of ``tc.proforma_invoices.create``.

    ``send_pfi=True`` raises it and emails the PDF; a client with an open credit
    request gets an item added to that one instead, which is not raised.
    """

    amount: Money = attrs.field(metadata=_NUMBER)
    client: int
    send_pfi: bool
    description: str | Unset = UNSET


@attrs.frozen(kw_only=True)
class BalanceUpdateCreate(Payload):
    """Body of ``tc.balance_updates.create``: ``role`` is the client's or contractor's id;
    ``credit_amount`` must be positive unless ``method="correction"``."""

    role: int
    credit_amount: Money = attrs.field(metadata=_NUMBER)
    method: BalanceUpdateMethod
    description: str | Unset = UNSET
    send_receipt: bool | Unset = UNSET
