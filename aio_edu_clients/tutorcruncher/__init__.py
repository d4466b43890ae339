"""TutorCruncher: ``Authorization: token KEY``, DRF next-URL paging, 100 requests a minute.

The client, and the typed request bodies a user builds (``ClientCreate``,
``UserInput``, ``TakePayment``...), importable from here; response models and the
``Literal`` choice types live in `aio_edu_clients.tutorcruncher.models` (which
re-exports the request bodies too)::

    from aio_edu_clients.tutorcruncher import ClientCreate, TutorCruncher, UserInput
"""

from .client import TutorCruncher
from .models.requests import *  # noqa: F403
from .models.requests import __all__ as _request_names

__all__ = ["TutorCruncher", *_request_names]
