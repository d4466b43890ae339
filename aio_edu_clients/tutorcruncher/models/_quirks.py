"""The TutorCruncher types the generator cannot derive from the catalogue.

* `PersonalFields` / `User`: a role's personal details, nested in ``user`` under Roles
  API V1 and flat under V2; every role model inherits the flat fields and `personal`
  returns whichever shape the branch sent.
* `AppointmentStatus`: the docs and responses use four encodings for one status —
  integer codes (10, 15, 20, 30, 40), slugs (``planned``), Title Case (``Planned``) and
  words (``Cancelled but Chargeable``); all become the slug member.
* `Duration`: ``timedelta`` from ``"2 02:30:00"``, ``"00:45:00"`` or seconds.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from ...core.models import Model, OpenEnum

Duration = timedelta


class ClientStatus(OpenEnum):
    PROSPECT = "prospect"
    LIVE = "live"
    DORMANT = "dormant"


class AppointmentStatus(OpenEnum):
    PLANNED = "planned"
    AWAITING_REPORT = "awaiting-report"
    COMPLETE = "complete"
    CANCELLED = "cancelled"
    CANCELLED_CHARGEABLE = "cancelled-chargeable"


_STATUS_CODES = {
    10: AppointmentStatus.PLANNED,
    15: AppointmentStatus.AWAITING_REPORT,
    20: AppointmentStatus.COMPLETE,
    30: AppointmentStatus.CANCELLED,
    40: AppointmentStatus.CANCELLED_CHARGEABLE,
}
_STATUS_WORDS = {"cancelled-but-chargeable": AppointmentStatus.CANCELLED_CHARGEABLE}


def parse_appointment_status(value: Any, _: Any = None) -> AppointmentStatus:
    if isinstance(value, int) and not isinstance(value, bool):
        return _STATUS_CODES.get(value) or AppointmentStatus(str(value))
    if isinstance(value, str):
        if value.isascii() and value.isdigit():  # "²".isdigit() too, but int() refuses it
            return parse_appointment_status(int(value))
        slug = re.sub(r"[\s_]+", "-", value.strip().lower())
        return _STATUS_WORDS.get(slug) or AppointmentStatus(slug)
    raise TypeError(f"not an appointment status: a {type(value).__name__}")


_DURATION = re.compile(r"^(?:(?P<days>-?\d+)\s+)?(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2}(?:\.\d+)?)$")


def parse_duration(value: Any, _: Any = None) -> timedelta:
    """Django's ``DurationField`` text (``"[D ]HH:MM:SS[.ffffff]"``) or seconds.

    A duration ``timedelta`` cannot hold (``1e400`` seconds, a billion days) is a
    ``ValueError`` like any other bad value, not the OverflowError ``timedelta`` raises.
    """
    try:
        return _duration(value)
    except OverflowError:
        raise ValueError("duration out of range") from None


def _duration(value: Any) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return timedelta(seconds=float(value))
    if isinstance(value, str):
        match = _DURATION.match(value.strip())
        if match:
            return timedelta(
                days=int(match["days"] or 0),
                hours=int(match["h"]),
                minutes=int(match["m"]),
                seconds=float(match["s"]),
            )
        return timedelta(seconds=float(value))
    raise TypeError(f"not a duration: a {type(value).__name__}")


@attrs.frozen(kw_only=True)
class PersonalFields(Model):
    """A person's details, as flat fields (Roles API V2) — and the shape of ``user`` (V1)."""

    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    mobile: str | None = None
    phone: str | None = None
    street: str | None = None
    state: str | None = None
    town: str | None = None
    country: str | None = None
    postcode: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    date_created: datetime | None = None
    timezone: str | None = None

    @property
    def personal(self) -> PersonalFields:
        """The personal details whichever Roles API version the branch uses."""
        nested = getattr(self, "user", None)
        return nested if isinstance(nested, PersonalFields) else self


@attrs.frozen(kw_only=True)
class User(PersonalFields):
    """The nested ``user`` object of Roles API V1."""


def configure(converter: cattrs.Converter) -> None:
    """TutorCruncher's own structuring rules, added to the core ones."""
    converter.register_structure_hook(AppointmentStatus, parse_appointment_status)
    converter.register_structure_hook(timedelta, parse_duration)
    converter.register_unstructure_hook(timedelta, lambda d: d.total_seconds())
