"""TidyClub endpoints, declared (see `aio_edu_clients.core.operations`)."""

from .activity import Categories, Emails, Events, Meetings, Tasks
from .money import Deposits, Expenses, Invoices, Transactions
from .people import (
    Contacts,
    CustomFields,
    Groups,
    MembershipLevels,
    Memberships,
    OrganizationResource,
    Users,
)

__all__ = [
    "Categories",
    "Contacts",
    "CustomFields",
    "Deposits",
    "Emails",
    "Events",
    "Expenses",
    "Groups",
    "Invoices",
    "Meetings",
    "MembershipLevels",
    "Memberships",
    "OrganizationResource",
    "Tasks",
    "Transactions",
    "Users",
]
