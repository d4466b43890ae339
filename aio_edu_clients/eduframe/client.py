"""The Eduframe client: what is Eduframe's, nothing else."""

from __future__ import annotations

from typing import Unpack

from ..core.auth import HeaderAuth
from ..core.client import BaseClient, ClientOptions
from ..core.models import ModelConverter
from ..core.operations import resource
from ..core.paging import LinkHeader
from ..core.ratelimit import RateLimit
from .resources import Courses, PlannedCourses

POLITE_RATE_LIMIT = RateLimit(requests=300, per=60)
"""Eduframe publishes no limit: 5 requests a second sustained, and 429s are honoured."""


class Eduframe(BaseClient):
    """Eduframe's API v1 (``https://api.eduframe.nl/api/v1``), with a Bearer API key.

    Lists page by the ``Link`` header, followed exactly as given (the live API uses
    opaque cursors). Eduframe documents no rate limit; the default client-side limit
    is `POLITE_RATE_LIMIT`, and 429 answers pause the key for their ``Retry-After``.
    """

    vendor = "Eduframe"
    default_base_url = "https://api.eduframe.nl/api/v1"
    default_rate_limit = POLITE_RATE_LIMIT
    paging = LinkHeader()
    converter = ModelConverter(vendor)

    courses = resource(Courses)
    planned_courses = resource(PlannedCourses)

    def __init__(self, api_key: str, **options: Unpack[ClientOptions]) -> None:
        super().__init__(auth=HeaderAuth("Bearer", api_key), **options)
