"""Opening a vendor account from the command line: credentials, or the built-in fake.

Credentials come from flags or the environment (flags win) and are handed to the
client only; nothing here prints, logs or puts them in an error message. ``demo``
starts the vendor's loopback fake (`aio_edu_clients.testing`) in this process and
connects to it exactly as to the real host — only the base URL and the credentials
differ — so a demo exercises the same paging, rate limiting and writing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Mapping
from typing import Any

import attrs

from .. import Eduframe, TidyClub, TutorCruncher
from ..core.client import BaseClient
from .errors import ExportUsageError

VENDORS: dict[str, type[BaseClient]] = {
    "tutorcruncher": TutorCruncher,
    "eduframe": Eduframe,
    "tidyclub": TidyClub,
}

TIDYCLUB_LOGIN = ("client_id", "client_secret", "username", "password", "domain_prefix")


@attrs.frozen(repr=False)
class Credentials:
    """What may identify an account; unset fields are None. Never shown (no repr)."""

    api_key: str | None = None
    access_token: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    username: str | None = None
    password: str | None = None
    domain_prefix: str | None = None
    accounts_url: str | None = None
    base_url: str | None = None

    def __repr__(self) -> str:
        return "<Credentials>"


ENVIRONMENT = {
    "tutorcruncher": {"api_key": "TUTORCRUNCHER_API_KEY"},
    "eduframe": {"api_key": "EDUFRAME_API_KEY"},
    "tidyclub": {
        "access_token": "TIDYCLUB_ACCESS_TOKEN",
        **{name: f"TIDYCLUB_{name.upper()}" for name in TIDYCLUB_LOGIN},
    },
}


def credentials_for(
    vendor: str, flags: Mapping[str, str | None], env: Mapping[str, str] | None = None
) -> Credentials:
    """``flags`` (None where not given) over the vendor's environment variables."""
    env = os.environ if env is None else env
    values: dict[str, str | None] = {}
    for field in attrs.fields(Credentials):
        value = flags.get(field.name)
        variable = ENVIRONMENT[vendor].get(field.name)
        if not value and variable:
            value = env.get(variable) or None
        values[field.name] = value
    return Credentials(**values)


async def connect(vendor: str, creds: Credentials, **options: Any) -> BaseClient:
    """A client of ``vendor`` for ``creds``; `ExportUsageError` if they are incomplete."""
    if creds.base_url:
        options["base_url"] = creds.base_url
    if vendor in ("tutorcruncher", "eduframe"):
        if not creds.api_key:
            variable = ENVIRONMENT[vendor]["api_key"]
            raise ExportUsageError(f"no API key: set {variable} or pass --api-key")
        client_cls = TutorCruncher if vendor == "tutorcruncher" else Eduframe
        return client_cls(creds.api_key, **options)
    if vendor == "tidyclub":
        if creds.access_token:
            return TidyClub(creds.access_token, **options)
        login = {name: getattr(creds, name) for name in TIDYCLUB_LOGIN}
        missing = [name for name, value in login.items() if not value]
        if missing:
            raise ExportUsageError(
                "no TidyClub credentials: set TIDYCLUB_ACCESS_TOKEN, or "
                + ", ".join(f"TIDYCLUB_{n.upper()}" for n in missing)
                + " (or the matching --flags)"
            )
        if creds.accounts_url:
            options["accounts_url"] = creds.accounts_url
        return await TidyClub.login(**login, **options)
    raise ExportUsageError(f"unknown vendor {vendor!r}; choose one of {', '.join(VENDORS)}")


@contextlib.asynccontextmanager
async def open_account(vendor: str, creds: Credentials, *, demo: bool) -> AsyncIterator[BaseClient]:
    """The client for the account (closed afterwards); with ``demo``, for a fresh fake."""
    async with contextlib.AsyncExitStack() as stack:
        if demo:
            creds = await stack.enter_async_context(_demo_account(vendor))
        client = await connect(vendor, creds)
        await stack.enter_async_context(client)
        yield client


@contextlib.asynccontextmanager
async def _demo_account(vendor: str) -> AsyncIterator[Credentials]:
    from .. import testing  # the fakes are only needed for a demo

    if vendor == "tutorcruncher":
        async with testing.FakeTutorCruncher() as tc:
            yield Credentials(api_key=tc.api_key, base_url=tc.base_url)
    elif vendor == "eduframe":
        async with testing.FakeEduframe() as ef:
            yield Credentials(api_key=ef.api_key, base_url=ef.base_url)
    elif vendor == "tidyclub":
        async with testing.FakeTidyClub() as tidy:
            yield Credentials(**tidy.login_options())
    else:
        raise ExportUsageError(f"unknown vendor {vendor!r}; choose one of {', '.join(VENDORS)}")
