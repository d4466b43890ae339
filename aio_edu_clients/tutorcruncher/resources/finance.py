"""Money: invoices, payment orders, credit requests, ad hoc charges, balance updates.

Bodies are typed per call (`models.requests.finance`); a mapping is accepted too.
Filters: dates take a ``date``/``datetime`` (sent as ISO 8601) or text, amounts a
``Decimal``, and the balance update ``method``/``update_type`` the documented values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from ...core.operations import Resource, endpoint
from ...core.options import BodyRequestOptions, RequestOptions
from ...core.paging import AsyncPager
from ..models import (
    AdHocCharge,
    AdHocChargeCategory,
    AdHocChargeCreate,
    AdHocChargeListItem,
    AdHocChargeUpdate,
    BalanceUpdate,
    BalanceUpdateCreate,
    BalanceUpdateMethod,
    BalanceUpdateType,
    DeleteResponse,
    Invoice,
    InvoiceCreate,
    InvoiceCreateResponse,
    InvoiceListItem,
    Money,
    PaymentOrder,
    PaymentOrderListItem,
    PaymentResponse,
    ProformaInvoice,
    ProformaInvoiceCreate,
    ProformaInvoiceListItem,
    TakePayment,
    TakePaymentOrderPayment,
    When,
)


class Invoices(Resource):
    """Invoices to clients."""

    @endpoint("GET", "/invoices/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[InvoiceListItem]:
        """Invoices, most recently sent first."""

    @endpoint("GET", "/invoices/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> Invoice:
        """One invoice."""

    @endpoint("POST", "/invoices/")
    async def create(
        self, data: InvoiceCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> InvoiceCreateResponse:
        """Invoice up to 8 appointments and/or ad hoc charges of one client."""

    @endpoint("POST", "/invoices/{id}/take_payment/")
    async def take_payment(
        self, id: int, data: TakePayment | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> PaymentResponse:
        """Record a payment (``amount``, ``method``, ``send_receipt``); partial is fine."""


class PaymentOrders(Resource):
    """Payment orders to contractors."""

    @endpoint("GET", "/payment-orders/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[PaymentOrderListItem]:
        """Payment orders, most recently sent first."""

    @endpoint("GET", "/payment-orders/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> PaymentOrder:
        """One payment order."""

    @endpoint("POST", "/payment-orders/{id}/take_payment/")
    async def take_payment(
        self,
        id: int,
        data: TakePaymentOrderPayment | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> PaymentResponse:
        """Record a payment to the contractor."""


class ProformaInvoices(Resource):
    """Proforma invoices (Credit Requests in the UI)."""

    @endpoint("GET", "/proforma-invoices/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[ProformaInvoiceListItem]:
        """Proforma invoices, most recently sent first."""

    @endpoint("GET", "/proforma-invoices/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> ProformaInvoice:
        """One proforma invoice."""

    @endpoint("POST", "/proforma-invoices/")
    async def create(
        self, data: ProformaInvoiceCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> ProformaInvoice:
        """Raise a credit request (added to an open one if the client has one)."""

    @endpoint("POST", "/proforma-invoices/{id}/take_payment/")
    async def take_payment(
        self, id: int, data: TakePayment | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> PaymentResponse:
        """Record a payment."""


class AdHocCharges(Resource):
    """Ad hoc charges. Writes are form-encoded, as the vendor's examples send them."""

    @endpoint("GET", "/adhoccharges/")
    def list(
        self,
        *,
        date_occurred_gte: When | None = None,
        date_occurred_lte: When | None = None,
        service: int | None = None,
        client: int | None = None,
        contractor: int | None = None,
        category: int | None = None,
        appointment: int | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[AdHocChargeListItem]:
        """Ad hoc charges, newest first."""

    @endpoint("GET", "/adhoccharges/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> AdHocCharge:
        """One ad hoc charge."""

    @endpoint("POST", "/adhoccharges/", body="form")
    async def create(
        self, data: AdHocChargeCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> AdHocCharge:
        """Create an ad hoc charge."""

    @endpoint("PUT", "/adhoccharges/{id}/", body="form")
    async def update(
        self,
        id: int,
        data: AdHocChargeUpdate | Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> AdHocCharge:
        """Update an ad hoc charge."""

    @endpoint("DELETE", "/adhoccharges/{id}/")
    async def delete(self, id: int, **options: Unpack[RequestOptions]) -> DeleteResponse:
        """Delete an ad hoc charge."""


class AhcCategories(Resource):
    """Ad hoc charge categories."""

    @endpoint("GET", "/ahc-categories/")
    def list(
        self,
        *,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[AdHocChargeCategory]:
        """Categories, oldest first."""


class BalanceUpdates(Resource):
    """Changes to a client's or contractor's balance."""

    @endpoint("GET", "/balance-updates/")
    def list(
        self,
        *,
        client: int | None = None,
        contractor: int | None = None,
        method: BalanceUpdateMethod | None = None,
        update_type: BalanceUpdateType | None = None,
        credit_amount_gte: Money | None = None,
        credit_amount_lte: Money | None = None,
        created_gte: When | None = None,
        created_lte: When | None = None,
        max_items: int | None = None,
        page_size: int | None = None,
        concurrency: int = 1,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[BalanceUpdate]:
        """Balance updates, newest first."""

    @endpoint("GET", "/balance-updates/{id}/")
    async def get(self, id: int, **options: Unpack[RequestOptions]) -> BalanceUpdate:
        """One balance update."""

    @endpoint("POST", "/balance-updates/")
    async def create(
        self, data: BalanceUpdateCreate | Mapping[str, Any], **options: Unpack[BodyRequestOptions]
    ) -> BalanceUpdate:
        """Create one (``role``, ``credit_amount``, ``method``; positive unless a correction)."""
