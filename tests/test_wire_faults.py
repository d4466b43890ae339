"""Broken wires, end to end: what a user of the clients sees when HTTP itself breaks.

Each wire fault is played by a `FaultServer` and by a vendor fake's ``Fault`` script,
and called through the public API. Asserted: the error class and what its message
says (never a bare aiohttp/OSError exception, never the API key), how many requests
reached the server (a GET is retried, a POST is not resent), that one fault followed
by a good answer is survived with the right data, and that no pooled connection is
left acquired.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import aiohttp.http_parser
import pytest

from aio_edu_clients import Eduframe, SessionPool, TidyClub, TutorCruncher, errors
from aio_edu_clients.testing import (
    FakeEduframe,
    FakeTidyClub,
    FakeTutorCruncher,
    Fault,
    FaultServer,
)

from .conftest import FAST_RETRY

KEY = "sk-live-wire-SECRET-4f9a1c77"
CREATE = {"user": {"last_name": "Once"}}
ATTEMPTS = FAST_RETRY.max_retries + 1

# The C parser refuses a non-HTTP status line itself; the pure-Python one
# (AIOHTTP_NO_EXTENSIONS) just sees the connection end, which aiohttp resends once.
C_PARSER = (
    getattr(aiohttp.http_parser, "HttpResponseParserC", None)
    is aiohttp.http_parser.HttpResponseParser
)


@dataclass(frozen=True)
class Case:
    fault: Fault
    error: type[errors.EduClientError]
    says: str
    #: Requests the server sees per attempt of ours: aiohttp itself resends an
    #: idempotent request once when the connection drops (RFC 9112 9.3.1).
    per_attempt: int = 1
    #: The client timeout; only the faults that never finish need a short one.
    timeout: float | None = None


CASES = {
    "close_mid_body": Case(Fault.close_mid_body(), errors.DecodeError, r"truncated: \d+ of \d+"),
    "truncated": Case(Fault.truncated(), errors.DecodeError, "truncated"),
    "drop": Case(Fault.drop(), errors.APIConnectionError, "disconnected", per_attempt=2),
    "reset": Case(Fault.reset(), errors.APIConnectionError, "reset by peer", per_attempt=2),
    "garbage": Case(
        Fault.garbage(),
        errors.APIConnectionError,
        "not valid HTTP [(]Bad status line[)]" if C_PARSER else "disconnected",
        per_attempt=1 if C_PARSER else 2,
    ),
    "binary_garbage": Case(
        Fault.garbage(bytes(range(256))),
        errors.APIConnectionError,
        "not valid HTTP" if C_PARSER else "disconnected",
        per_attempt=1 if C_PARSER else 2,
    ),
    "stall": Case(Fault.stall(), errors.APITimeoutError, "timed out after 0.3s", timeout=0.3),
    "drip": Case(
        Fault.drip(chunk=1, interval=0.2),
        errors.APITimeoutError,
        "timed out after 0.3s",
        timeout=0.3,
    ),
    "bad_gzip": Case(Fault.bad_gzip(), errors.DecodeError, "not valid gzip"),
    "lying_chunked": Case(Fault.lying_chunked(), errors.DecodeError, "chunked framing"),
    "lying_chunked_not_hex": Case(
        Fault.lying_chunked("not_hex"), errors.DecodeError, "chunked framing"
    ),
}

#: The faults that mangle the answer a fake's handler gave (so the handler ran).
MANGLING = {"close_mid_body", "drip", "bad_gzip", "lying_chunked"}

#: A patient client's timeout on calls that must succeed: generous for a loaded machine.
PATIENT = 30.0


@dataclass
class Target:
    """Where the faults are played: a FaultServer (canned good answers) or the fake."""

    server: FakeTutorCruncher | FaultServer
    fake: FakeTutorCruncher
    cid: int
    first_name: str


async def fetch(fake: FakeTutorCruncher, path: str) -> bytes:
    auth = {"Authorization": f"token {fake.api_key}"}
    async with aiohttp.ClientSession() as http, http.get(fake.base_url + path, headers=auth) as r:
        assert r.status == 200
        return await r.read()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTutorCruncher]:
    async with FakeTutorCruncher(api_key=KEY, clients=5, rate_limit=None) as running:
        yield running


@pytest.fixture(params=["fault_server", "fake"])
async def target(request: pytest.FixtureRequest, fake: FakeTutorCruncher) -> AsyncIterator[Target]:
    cid = next(iter(fake.clients))
    detail = await fetch(fake, f"clients/{cid}/")
    first_name = json.loads(detail)["user"]["first_name"]
    fake.reset_requests()
    if request.param == "fake":
        yield Target(fake, fake, cid, first_name)
        return
    async with FaultServer(default=Fault.body(200, detail)) as server:
        yield Target(server, fake, cid, first_name)


@pytest.fixture
async def pool() -> AsyncIterator[SessionPool]:
    async with SessionPool(limit=1) as shared:  # one connection: a leaked one would block
        yield shared


def tutorcruncher(target: Target, pool: SessionPool, timeout: float | None) -> TutorCruncher:
    return TutorCruncher(
        KEY,
        base_url=target.server.base_url,
        rate_limit=None,
        retry=FAST_RETRY,
        pool=pool,
        timeout=PATIENT if timeout is None else timeout,
    )


def acquired(pool: SessionPool) -> int:
    """Connections the pool's connector has handed out and not had back."""
    session = pool._session
    connector: Any = None if session is None else session.connector
    return 0 if connector is None else len(connector._acquired)


def assert_clean(err: errors.EduClientError, case: Case) -> None:
    """The user's view of ``err``: the promised class, a useful message, no secrets."""
    assert isinstance(err, case.error)
    if case.error is errors.APIConnectionError:
        assert not isinstance(err, errors.APITimeoutError)
    text = f"{err} {err!r} {vars(err)}"
    assert KEY not in text
    assert err.__cause__ is None and err.__suppress_context__, "raised from None"
    assert getattr(err, "vendor", None) == "TutorCruncher"
    assert re.search(case.says, str(err)), str(err)


async def assert_still_works(target: Target, pool: SessionPool) -> None:
    """The pool gave its connection back: another call, on the same pool, goes through."""
    assert acquired(pool) == 0
    async with tutorcruncher(target, pool, None) as tc:
        assert (await tc.clients.get(target.cid)).id == target.cid
    assert acquired(pool) == 0


# -- TutorCruncher, against both servers ---------------------------------------------


@pytest.mark.parametrize("name", CASES)
async def test_get_retries_then_raises_the_typed_error(
    target: Target, pool: SessionPool, name: str
) -> None:
    case = CASES[name]
    server = target.server
    server.script(*[case.fault] * (ATTEMPTS * case.per_attempt))
    async with tutorcruncher(target, pool, case.timeout) as tc:
        with pytest.raises(errors.EduClientError) as info:
            await tc.clients.get(target.cid)
    assert_clean(info.value, case)
    assert getattr(info.value, "url", "").endswith(f"/clients/{target.cid}/")
    assert len(server.requests) == ATTEMPTS * case.per_attempt
    assert server.pending_faults == 0
    await assert_still_works(target, pool)


@pytest.mark.parametrize("name", CASES)
async def test_post_is_not_resent_once_it_may_have_arrived(
    target: Target, pool: SessionPool, name: str
) -> None:
    case = CASES[name]
    server, known = target.server, set(target.fake.clients)
    server.script(case.fault, method="POST")
    async with tutorcruncher(target, pool, case.timeout) as tc:
        with pytest.raises(errors.EduClientError) as info:
            await tc.clients.create(CREATE)
    assert_clean(info.value, case)
    assert [r.method for r in server.requests] == ["POST"]
    created = set(target.fake.clients) - known
    # A fault that mangles an answer mangles the fake's real one: the client was created.
    acted = target.server is target.fake and case.fault.kind in MANGLING
    assert len(created) == (1 if acted else 0), "created once at most: never resent"
    await assert_still_works(target, pool)


@pytest.mark.parametrize("name", CASES)
async def test_one_fault_then_a_good_answer_is_survived(
    target: Target, pool: SessionPool, name: str
) -> None:
    case = CASES[name]
    target.server.script(case.fault)
    # A timeout long enough for the good answer, short enough not to wait out a stall long.
    async with tutorcruncher(target, pool, 1.0 if case.timeout else None) as tc:
        client = await tc.clients.get(target.cid)
    assert (client.id, client.user.first_name) == (target.cid, target.first_name)
    assert len(target.server.requests) == 2, "the fault, then the retry"
    assert target.server.pending_faults == 0
    assert acquired(pool) == 0


@pytest.mark.parametrize("name", CASES)
async def test_a_listing_survives_a_fault(target: Target, pool: SessionPool, name: str) -> None:
    case = CASES[name]
    if isinstance(target.server, FaultServer):
        target.server.default = Fault.body(200, await fetch(target.fake, "clients/"))
    target.server.script(case.fault)
    async with tutorcruncher(target, pool, 1.0 if case.timeout else None) as tc:
        refs = await tc.clients.list().collect()
    assert sorted(r.id for r in refs) == sorted(target.fake.clients)
    assert len(target.server.requests) == 2
    assert acquired(pool) == 0


async def test_a_patient_client_gets_the_whole_drip(target: Target, pool: SessionPool) -> None:
    target.server.script(Fault.drip(chunk=64, interval=0.005))
    async with tutorcruncher(target, pool, None) as tc:
        client = await tc.clients.get(target.cid)
    assert (client.id, client.user.first_name) == (target.cid, target.first_name)
    assert [r.status for r in target.server.requests] == [200], "one request, no retry"
    assert acquired(pool) == 0


async def test_a_fault_on_a_kept_alive_connection(target: Target, pool: SessionPool) -> None:
    """The pooled connection of a good answer is reused; a reset on it costs no error."""
    async with tutorcruncher(target, pool, None) as tc:
        assert (await tc.clients.get(target.cid)).id == target.cid
        target.server.script(Fault.reset(), Fault.bad_gzip())
        assert (await tc.clients.get(target.cid)).id == target.cid
    assert [r.status for r in target.server.requests] == [200, None, 200, 200]
    assert acquired(pool) == 0


# -- Eduframe and TidyClub, against their fakes ----------------------------------------


@pytest.mark.parametrize("name", ["reset", "bad_gzip", "lying_chunked", "close_mid_body"])
async def test_eduframe_survives_and_reports_wire_faults(name: str) -> None:
    case = CASES[name]
    async with (
        FakeEduframe(api_key=KEY, courses=3) as fake,
        Eduframe(KEY, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY) as ef,
    ):
        cid = next(iter(fake.courses))
        fake.script(case.fault)
        assert (await ef.courses.get(cid)).id == cid
        assert len(fake.requests) == 2
        fake.script(*[case.fault] * (ATTEMPTS * case.per_attempt))
        with pytest.raises(case.error, match=case.says) as info:
            await ef.courses.list().collect()
        assert KEY not in f"{info.value} {info.value!r}"
        assert len(fake.requests) == 2 + ATTEMPTS * case.per_attempt
        assert len(await ef.courses.list().collect()) == len(fake.courses)


@pytest.mark.parametrize("name", ["garbage", "stall", "lying_chunked_not_hex", "drop"])
async def test_tidyclub_survives_and_reports_wire_faults(name: str) -> None:
    case = CASES[name]

    def tidyclub(fake: FakeTidyClub, timeout: float) -> TidyClub:
        return TidyClub(
            access_token=fake.access_token,
            base_url=fake.base_url,
            rate_limit=None,
            retry=FAST_RETRY,
            timeout=timeout,
        )

    async with FakeTidyClub(contacts=4) as fake:
        async with tidyclub(fake, 1.0 if case.timeout else PATIENT) as tidy:
            fake.script(case.fault, path="/v1/contacts")
            assert (await tidy.contacts.get(1)).id == 1
        assert len(fake.requests) == 2
        fake.script(*[case.fault] * (ATTEMPTS * case.per_attempt), path="/v1/contacts")
        async with tidyclub(fake, case.timeout or PATIENT) as tidy:
            with pytest.raises(case.error, match=case.says) as info:
                await tidy.contacts.get(1)
            assert fake.access_token not in f"{info.value} {info.value!r}"
            assert len(fake.requests) == 2 + ATTEMPTS * case.per_attempt
        async with tidyclub(fake, PATIENT) as tidy:
            assert (await tidy.contacts.get(2)).id == 2
