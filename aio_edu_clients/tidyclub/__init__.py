"""TidyClub: OAuth2 on the accounts host, ``X-Pagination-*`` headers with limit/offset.

`TidyClub` is the client; the request bodies (`ContactCreate`, `EventCreate`,
`PaymentCreate`...) are exported here too, because they are what a user writes most:
``await tidy.contacts.create(ContactCreate(first_name="Ada"))``. Response models are
in `aio_edu_clients.tidyclub.models`, the custom-field write helpers in
`aio_edu_clients.tidyclub.custom_fields`.
"""

from .client import TidyClub
from .requests import (
    ContactCreate,
    ContactUpdate,
    CustomFieldChoiceCreate,
    CustomFieldChoiceUpdate,
    CustomFieldCreate,
    CustomFieldUpdate,
    DepositCreate,
    EmailCreate,
    EventCreate,
    EventUpdate,
    ExpenseCreate,
    GroupCreate,
    GroupUpdate,
    InvoiceCreate,
    PaymentCreate,
    TaskCreate,
    TaskUpdate,
    TicketCreate,
    TicketUpdate,
    UserCreate,
)

__all__ = [
    "ContactCreate",
    "ContactUpdate",
    "CustomFieldChoiceCreate",
    "CustomFieldChoiceUpdate",
    "CustomFieldCreate",
    "CustomFieldUpdate",
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
    "TidyClub",
    "UserCreate",
]
