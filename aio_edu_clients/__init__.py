"""Async clients for TutorCruncher, Eduframe and TidyClub.

One pooled HTTP layer, one rate-limit layer, one retry layer, one error model,
three paging styles, typed models::

    async with TutorCruncher(api_key="...") as tc:
        async for client in tc.clients.list(status="live"):
            ...

The public names are imported on first use (PEP 562), not with the package, and
this module imports nothing itself (not `logging`: `aio_edu_clients.core` adds the
library's NullHandler; not even ``__future__``): the ``aio-edu`` command imports this
package before its ``main`` can catch a Ctrl-C, so whatever runs here is a window for
a traceback.
``from aio_edu_clients import X`` works as ever.
"""

__version__ = "0.1.0"

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`, whose import takes time too
if TYPE_CHECKING:
    from . import errors
    from .core.auth import OAuthToken
    from .core.client import BaseClient
    from .core.models import Unparsed
    from .core.operations import Operation
    from .core.options import NOT_GIVEN, BodyRequestOptions, NotGiven, RequestOptions
    from .core.paging import AsyncPager, Page
    from .core.payload import UNSET, Payload
    from .core.pool import SessionPool
    from .core.ratelimit import RateLimit
    from .core.raw import APIResponse
    from .core.response import Response
    from .core.retry import RetryPolicy
    from .eduframe import Eduframe
    from .tidyclub import TidyClub
    from .tutorcruncher import TutorCruncher

# Public name -> the module that defines it (relative to this package).
_HOMES = {
    "errors": ".errors",
    "OAuthToken": ".core.auth",
    "BaseClient": ".core.client",
    "Operation": ".core.operations",
    "NOT_GIVEN": ".core.options",
    "NotGiven": ".core.options",
    "RequestOptions": ".core.options",
    "BodyRequestOptions": ".core.options",
    "Payload": ".core.payload",
    "UNSET": ".core.payload",
    "APIResponse": ".core.raw",
    "AsyncPager": ".core.paging",
    "Page": ".core.paging",
    "SessionPool": ".core.pool",
    "RateLimit": ".core.ratelimit",
    "Response": ".core.response",
    "RetryPolicy": ".core.retry",
    "Eduframe": ".eduframe",
    "TidyClub": ".tidyclub",
    "TutorCruncher": ".tutorcruncher",
    "Unparsed": ".core.models",
}

__all__ = [
    "NOT_GIVEN",
    "UNSET",
    "APIResponse",
    "AsyncPager",
    "BaseClient",
    "BodyRequestOptions",
    "Eduframe",
    "NotGiven",
    "OAuthToken",
    "Operation",
    "Page",
    "Payload",
    "RateLimit",
    "RequestOptions",
    "Response",
    "RetryPolicy",
    "SessionPool",
    "TidyClub",
    "TutorCruncher",
    "Unparsed",
    "__version__",
    "errors",
]


def __getattr__(name: str) -> object:
    """Import a public name on first use, then keep it as a plain module attribute."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module = import_module(home, __name__)
    value = module if name == "errors" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
