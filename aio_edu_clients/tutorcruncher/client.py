"""The TutorCruncher client: what is TutorCruncher's, nothing else."""

from __future__ import annotations

from ..core.auth import HeaderAuth
from ..core.client import VENDOR_DEFAULT, BaseClient, VendorDefault, credential_from_env
from ..core.models import ModelConverter
from ..core.operations import resource
from ..core.paging import NextUrlEnvelope
from ..core.pool import SessionPool
from ..core.ratelimit import RateLimit
from ..core.retry import RetryPolicy
from . import models
from .resources import (
    ActionTypes,
    AdHocCharges,
    Agents,
    AhcCategories,
    Appointments,
    BalanceUpdates,
    Clients,
    Contractors,
    ContractorSkills,
    Countries,
    Enquiry,
    Invoices,
    Labels,
    Notes,
    PaymentOrders,
    PipelineStages,
    ProformaInvoices,
    PublicContractors,
    QualLevels,
    Recipients,
    Reports,
    Reviews,
    Services,
    SubjectCategories,
    Subjects,
    Tasks,
    Tenders,
    WellbeingConcerns,
)


class TutorCruncher(BaseClient):
    """TutorCruncher's REST API.

    Auth is the integration's private key (``Authorization: token KEY``). The vendor
    allows 100 requests a minute per key; the default limiter holds that in every
    60-second window. The default host is ``app.tutorcruncher.com`` (the docs moved
    from ``secure.tutorcruncher.com`` in June 2026).
    """

    vendor = "TutorCruncher"
    default_base_url = "https://app.tutorcruncher.com/api/"
    default_rate_limit = RateLimit(requests=100, per=60)
    paging = NextUrlEnvelope()
    converter = ModelConverter(vendor, models.configure)

    action_types = resource(ActionTypes)
    adhoccharges = resource(AdHocCharges)
    agents = resource(Agents)
    ahc_categories = resource(AhcCategories)
    appointments = resource(Appointments)
    balance_updates = resource(BalanceUpdates)
    clients = resource(Clients)
    contractor_skills = resource(ContractorSkills)
    contractors = resource(Contractors)
    countries = resource(Countries)
    enquiry = resource(Enquiry)
    invoices = resource(Invoices)
    labels = resource(Labels)
    notes = resource(Notes)
    payment_orders = resource(PaymentOrders)
    pipeline_stages = resource(PipelineStages)
    proforma_invoices = resource(ProformaInvoices)
    public_contractors = resource(PublicContractors)
    qual_levels = resource(QualLevels)
    recipients = resource(Recipients)
    reports = resource(Reports)
    reviews = resource(Reviews)
    services = resource(Services)
    subject_categories = resource(SubjectCategories)
    subjects = resource(Subjects)
    tasks = resource(Tasks)
    tenders = resource(Tenders)
    wellbeing_concerns = resource(WellbeingConcerns)

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        pool: SessionPool | None = None,
        rate_limit: RateLimit | VendorDefault | None = VENDOR_DEFAULT,
        retry: RetryPolicy | None = None,
        timeout: float | None = 30.0,
    ) -> None:
        """``api_key`` defaults to the environment's ``TUTORCRUNCHER_API_KEY``.

        ``base_url``: another host (a fake, a branch's own domain); ``pool``: a shared
        `SessionPool`; ``rate_limit``: a `RateLimit`, ``None`` for none (default 100 a
        minute); ``retry``: a `RetryPolicy`; ``timeout``: seconds per HTTP exchange.
        """
        key = credential_from_env(api_key, "TUTORCRUNCHER_API_KEY", self.vendor, "api_key")
        super().__init__(
            auth=HeaderAuth("token", key),
            base_url=base_url,
            pool=pool,
            rate_limit=rate_limit,
            retry=retry,
            timeout=timeout,
        )
