"""Loopback fake servers of the three vendors, for our tests and for yours.

Each fake is a real aiohttp.web server on 127.0.0.1 that pages, authenticates,
rate-limits (a strict sliding window answering 429 + ``Retry-After``) and misbehaves
on request like its vendor::

    from aio_edu_clients import TutorCruncher
    from aio_edu_clients.testing import FakeTutorCruncher, Fault

    async with FakeTutorCruncher(clients=250) as fake:
        fake.script(Fault.status(503))                 # the next request fails once
        async with TutorCruncher(fake.api_key, base_url=fake.base_url) as tc:
            assert len(await tc.clients.list().collect()) == 250
"""

from ._faults import Fault
from ._server import FakeServer, RecordedRequest
from ._window import SlidingWindow
from .eduframe import FakeEduframe
from .tidyclub import FakeTidyClub
from .tutorcruncher import FakeTutorCruncher

__all__ = [
    "FakeEduframe",
    "FakeServer",
    "FakeTidyClub",
    "FakeTutorCruncher",
    "Fault",
    "RecordedRequest",
    "SlidingWindow",
]
