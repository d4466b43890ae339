"""Loopback fakes of TutorCruncher, Eduframe and TidyClub, for our tests and for yours.

Each fake is a real aiohttp.web server on 127.0.0.1 (ephemeral port) with seeded,
realistic data. It pages, authenticates and rate-limits like its vendor (a strict
sliding window answering 429 + ``Retry-After``), records every request, and
misbehaves on cue (``Fault``). It needs only aiohttp and the standard library::

    async with FakeTutorCruncher(clients=250) as fake, aiohttp.ClientSession() as http:
        fake.script(Fault.status(503))  # the next request fails, once
        auth = {"Authorization": f"token {fake.api_key}"}
        for expected in (503, 200):
            async with http.get(fake.base_url + "clients/", headers=auth) as resp:
                assert resp.status == expected

Point a client at ``fake.base_url`` (for TidyClub's OAuth also ``fake.accounts_url``),
then assert on ``fake.requests``.

``FaultServer`` is the other kind of fake: no vendor, just a raw-socket HTTP/1.1 server
that breaks HTTP itself on cue, for any client (``base_url=server.base_url``)::

    async with FaultServer(default=Fault.body(200, b'{"ok": true}')) as server:
        server.script(Fault.reset(), Fault.drip(chunk=4, interval=0.1))

Wire faults, for a fake's or a ``FaultServer``'s ``script``: ``Fault.drop()``,
``truncated()``, ``close_mid_body()``, ``reset()`` (TCP RST), ``garbage()`` (not HTTP),
``stall()``, ``drip(chunk, interval)``, ``bad_gzip()``, ``lying_chunked()``.

Exports: ``FakeTutorCruncher``, ``FakeEduframe``, ``FakeTidyClub``, their base
``FakeServer``, ``FaultServer``, ``Fault``, ``RecordedRequest``, ``SlidingWindow``.
"""

from ._fault_server import FaultServer
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
    "FaultServer",
    "RecordedRequest",
    "SlidingWindow",
]
