"""TutorCruncher models: responses generated from the catalogue, quirks and requests by hand.

* responses (`_generated`, `_quirks`): what the API answers, hydrated leniently;
* requests (`requests`): the typed bodies of every write (``ClientCreate``, ...);
* choices (`_choices`): the documented closed sets as ``Literal`` types, for filters
  and bodies.
"""

from ._choices import *  # noqa: F403
from ._choices import __all__ as _choice_names
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
from .requests import *  # noqa: F403
from .requests import __all__ as _request_names

__all__ = [
    *_generated_names,
    *_request_names,
    *_choice_names,
    "AppointmentStatus",
    "ClientStatus",
    "Duration",
    "PersonalFields",
    "User",
    "configure",
]
