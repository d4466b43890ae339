"""TutorCruncher response models: generated from the catalogue, quirks by hand."""

from ._generated import *  # noqa: F403
from ._generated import __all__ as _generated_names
from ._quirks import (
    AppointmentStatus,
    ClientStatus,
    Duration,
    PersonalFields,
    User,
    configure,
)

__all__ = [
    *_generated_names,
    "AppointmentStatus",
    "ClientStatus",
    "Duration",
    "PersonalFields",
    "User",
    "configure",
]
