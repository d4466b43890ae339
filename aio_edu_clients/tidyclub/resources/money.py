"""Money: invoices, deposits, expenses (one ledger, three views) and transactions.

Creates and add-payment answer 201 with no documented body: the methods return the
object when TidyClub sends one, None otherwise. Payments are written with
``payment_type``/``date`` and read back as ``type``/``paid_at``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Unpack

from ...core.operations import Resource, endpoint
from ...core.options import BodyRequestOptions, RequestOptions
from ...core.paging import AsyncPager
from ..models import Deposit, Expense, Invoice, Payment, Transaction
from ..requests import DepositCreate, ExpenseCreate, InvoiceCreate, PaymentCreate


class Invoices(Resource):
    """Invoices (``/invoices``): money owed to the club."""

    @endpoint("GET", "/invoices")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Invoice]:
        """Invoices."""

    @endpoint("GET", "/invoices/{id}")
    async def get(self, id: str, **options: Unpack[RequestOptions]) -> Invoice:
        """One invoice with its payments."""

    @endpoint("POST", "/invoices")
    async def create(
        self, data: InvoiceCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Invoice | None:
        """Raise an invoice (`InvoiceCreate`: name, amount, due_date, category_id, contact_id)."""

    @endpoint("POST", "/invoices/{id}/payments")
    async def add_payment(
        self,
        id: str,
        data: PaymentCreate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Payment | None:
        """Record a payment (`PaymentCreate`: ``amount``, ``payment_type``, ``date``)."""

    @endpoint("DELETE", "/invoices/{id}")
    async def delete(self, id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an invoice."""


class Deposits(Resource):
    """Deposits (``/deposits``): money received."""

    @endpoint("GET", "/deposits")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Deposit]:
        """Deposits."""

    @endpoint("GET", "/deposits/{id}")
    async def get(self, id: str, **options: Unpack[RequestOptions]) -> Deposit:
        """One deposit."""

    @endpoint("POST", "/deposits")
    async def create(
        self, data: DepositCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Deposit | None:
        """Record a deposit (`DepositCreate`: name, amount, category_id, contact_id; paid_date)."""


class Expenses(Resource):
    """Expenses (``/expenses``): money the club owes; shaped like invoices."""

    @endpoint("GET", "/expenses")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Expense]:
        """Expenses."""

    @endpoint("GET", "/expenses/{id}")
    async def get(self, id: str, **options: Unpack[RequestOptions]) -> Expense:
        """One expense with its payments."""

    @endpoint("POST", "/expenses")
    async def create(
        self, data: ExpenseCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> Expense | None:
        """Record an expense (`ExpenseCreate`: name, amount, due_date, category_id, contact_id)."""

    @endpoint("POST", "/expenses/{id}/payments")
    async def add_payment(
        self,
        id: str,
        data: PaymentCreate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> Payment | None:
        """Record a payment of an expense (a `PaymentCreate`, as for an invoice)."""

    @endpoint("DELETE", "/expenses/{id}")
    async def delete(self, id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete an expense."""


class Transactions(Resource):
    """Transactions (``/transactions``): every payment, whatever it paid for."""

    @endpoint("GET", "/transactions")
    def list(
        self,
        *,
        start_date: datetime | date | str | None = None,
        end_date: datetime | date | str | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Transaction]:
        """Transactions, optionally between two dates (``start_date``/``end_date``).

        The docs type both as datetimes; a ``date`` is sent as ``YYYY-MM-DD``, a
        ``datetime`` in full ISO 8601.
        """

    @endpoint("GET", "/transactions/{id}")
    async def get(self, id: str, **options: Unpack[RequestOptions]) -> Transaction:
        """One transaction."""
