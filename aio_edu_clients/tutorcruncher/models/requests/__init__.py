"""TutorCruncher request bodies: typed models for every create, update, upsert and action.

Built on `core.payload.Payload`: fields the docs require have no default (so mypy and
attrs both insist on them), every other field defaults to `UNSET` and is left out of
the body, and an explicit ``None`` is sent as null. Every method that takes one of
these also takes a plain mapping. Named ``<Thing><Verb>`` (``ClientCreate``,
``AppointmentUpdate``), ``<Thing>Input`` for a nested item that is also the body of
the matching add call, and ``TakePayment`` for the payment actions.
"""

from .finance import (
    AdHocChargeCreate,
    AdHocChargeUpdate,
    BalanceUpdateCreate,
    InvoiceCreate,
    ProformaInvoiceCreate,
    TakePayment,
    TakePaymentOrderPayment,
)
from .reference import ContractorSkillCreate, EnquiryCreate, QualLevelCreate, SubjectCreate
from .roles import (
    AgentCreate,
    AgentUpdate,
    AgentUpsert,
    ClientCreate,
    ClientUpdate,
    ClientUpsert,
    ContractorCreate,
    ContractorUpdate,
    ContractorUpsert,
    RecipientCreate,
    RecipientUpdate,
    RecipientUpsert,
    UserInput,
    UserUpdate,
)
from .work import (
    AppointmentContractorInput,
    AppointmentContractorRemove,
    AppointmentCreate,
    AppointmentRecipientInput,
    AppointmentRecipientRemove,
    AppointmentUpdate,
    ServiceContractorInput,
    ServiceContractorRemove,
    ServiceCreate,
    ServiceRecipientInput,
    ServiceRecipientRemove,
    ServiceUpdate,
)

__all__ = [
    "AdHocChargeCreate",
    "AdHocChargeUpdate",
    "AgentCreate",
    "AgentUpdate",
    "AgentUpsert",
    "AppointmentContractorInput",
    "AppointmentContractorRemove",
    "AppointmentCreate",
    "AppointmentRecipientInput",
    "AppointmentRecipientRemove",
    "AppointmentUpdate",
    "BalanceUpdateCreate",
    "ClientCreate",
    "ClientUpdate",
    "ClientUpsert",
    "ContractorCreate",
    "ContractorSkillCreate",
    "ContractorUpdate",
    "ContractorUpsert",
    "EnquiryCreate",
    "InvoiceCreate",
    "ProformaInvoiceCreate",
    "QualLevelCreate",
    "RecipientCreate",
    "RecipientUpdate",
    "RecipientUpsert",
    "ServiceContractorInput",
    "ServiceContractorRemove",
    "ServiceCreate",
    "ServiceRecipientInput",
    "ServiceRecipientRemove",
    "ServiceUpdate",
    "SubjectCreate",
    "TakePayment",
    "TakePaymentOrderPayment",
    "UserInput",
    "UserUpdate",
]
