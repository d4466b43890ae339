"""Async clients for TutorCruncher, Eduframe and TidyClub.

One pooled HTTP layer, one rate-limit layer, one retry layer, one error model,
three paging styles, typed models::

    async with TutorCruncher(api_key="...") as tc:
        async for client in tc.clients.list(status="live"):
            ...
"""

import logging

__version__ = "0.1.0"

from . import errors
from .core.auth import OAuthToken
from .core.client import BaseClient
from .core.operations import Operation
from .core.paging import AsyncPager, Page
from .core.pool import SessionPool
from .core.ratelimit import RateLimit
from .core.response import Response
from .core.retry import RetryPolicy
from .eduframe import Eduframe
from .tidyclub import TidyClub
from .tutorcruncher import TutorCruncher

# Silent by default, as a library should be: the application decides what to show.
logging.getLogger("aio_edu_clients").addHandler(logging.NullHandler())

__all__ = [
    "AsyncPager",
    "BaseClient",
    "Eduframe",
    "OAuthToken",
    "Operation",
    "Page",
    "RateLimit",
    "Response",
    "RetryPolicy",
    "SessionPool",
    "TidyClub",
    "TutorCruncher",
    "__version__",
    "errors",
]
