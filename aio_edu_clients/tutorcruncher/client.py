"""The TutorCruncher client: what is TutorCruncher's, nothing else."""

from __future__ import annotations

from typing import Unpack

from ..core.auth import HeaderAuth
from ..core.client import BaseClient, ClientOptions
from ..core.models import ModelConverter
from ..core.operations import resource
from ..core.paging import NextUrlEnvelope
from ..core.ratelimit import RateLimit
from .resources import Clients


class TutorCruncher(BaseClient):
    """TutorCruncher's REST API.

    Auth is the integration's private key (``Authorization: token KEY``). The vendor
    allows 100 requests a minute per key; the default limiter holds that in every
    60-second window. The default host is ``app.tutorcruncher.com`` (the docs moved
    from ``secure.tutorcruncher.com`` in June 2026).
    """

    vendor = "TutorCruncher"
    default_base_url = "https://app.tutorcruncher.com/api/"
    default_rate_limit = RateLimit(requests=100, per=60)
    paging = NextUrlEnvelope()
    converter = ModelConverter(vendor)

    clients = resource(Clients)

    def __init__(self, api_key: str, **options: Unpack[ClientOptions]) -> None:
        super().__init__(auth=HeaderAuth("token", api_key), **options)
