"""TutorCruncher endpoints, declared (see `aio_edu_clients.core.operations`)."""

from .finance import (
    AdHocCharges,
    AhcCategories,
    BalanceUpdates,
    Invoices,
    PaymentOrders,
    ProformaInvoices,
)
from .reference import (
    ActionTypes,
    ContractorSkills,
    Countries,
    Enquiry,
    Labels,
    Notes,
    PipelineStages,
    PublicContractors,
    QualLevels,
    SubjectCategories,
    Subjects,
    Tasks,
    WellbeingConcerns,
)
from .roles import Agents, Clients, Contractors, Recipients
from .work import Appointments, Reports, Reviews, Services, Tenders

__all__ = [
    "ActionTypes",
    "AdHocCharges",
    "Agents",
    "AhcCategories",
    "Appointments",
    "BalanceUpdates",
    "Clients",
    "ContractorSkills",
    "Contractors",
    "Countries",
    "Enquiry",
    "Invoices",
    "Labels",
    "Notes",
    "PaymentOrders",
    "PipelineStages",
    "ProformaInvoices",
    "PublicContractors",
    "QualLevels",
    "Recipients",
    "Reports",
    "Reviews",
    "Services",
    "SubjectCategories",
    "Subjects",
    "Tasks",
    "Tenders",
    "WellbeingConcerns",
]
