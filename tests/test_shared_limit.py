"""The Redis-shared rate limit, against a real redis-server.

The server is the one ``AIO_EDU_TEST_REDIS_URL`` names (``.ci/run`` starts one), or
else one this module starts from ``redis-server`` on PATH on a free loopback port.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

import aio_edu_clients
from aio_edu_clients import RateLimit, TutorCruncher, errors
from aio_edu_clients.core.ratelimit import credential_fingerprint
from aio_edu_clients.core.shared_limit import RedisThrottle
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .conftest import eventually

WORKER = Path(__file__).with_name("shared_limit_worker.py")
PACKAGE_ROOT = str(Path(aio_edu_clients.__file__).parent.parent)  # the workers import this copy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    given = os.environ.get("AIO_EDU_TEST_REDIS_URL")
    if given:
        yield given
        return
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.fail(
            "the shared rate limit is tested against a real Redis: install redis-server "
            "(apt-get install redis-server) or set AIO_EDU_TEST_REDIS_URL"
        )
    port = _free_port()
    server = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def _key() -> str:
    return "tc-" + uuid.uuid4().hex  # a fresh credential, so tests never share a budget


async def test_worker_processes_share_one_budget_without_a_429(redis_url: str) -> None:
    # 4 workers x 3 tasks x 6 requests: 72, the budget of two windows and more, together.
    requests, per, workers, count = 30, 3.0, 4, 6
    total = workers * 3 * count
    api_key = _key()
    async with FakeTutorCruncher(api_key=api_key, clients=5, rate_limit=(requests, per)) as fake:
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                str(WORKER),
                fake.base_url,
                redis_url,
                str(requests),
                str(per),
                str(count),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": PACKAGE_ROOT},
            )
            for _ in range(workers)
        ]
        try:
            for proc in procs:
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write(api_key.encode() + b"\n")
                await proc.stdin.drain()
            for proc in procs:  # every interpreter is up, however slowly it started...
                assert proc.stdout is not None
                assert await proc.stdout.readline() == b"ready\n"
            for proc in procs:  # ...then all start at once
                assert proc.stdin is not None
                proc.stdin.write(b"go\n")
                await proc.stdin.drain()
            outputs = await asyncio.gather(*(p.communicate() for p in procs))
        finally:
            for proc in procs:
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()
        assert [p.returncode for p in procs] == [0] * workers
        seen = [json.loads(out) for out, _ in outputs]

        assert fake.rate_limited == 0
        assert [s["refused"] for s in seen] == [0] * workers
        assert [s["sent"] for s in seen] == [3 * count] * workers
        assert [r.status for r in fake.requests] == [200] * total
        # The guarantee: no window of `per` seconds holds more than `requests`.
        times = sorted(r.time for r in fake.requests)
        assert max(_busiest_window(times, per)) <= requests


def _busiest_window(times: list[float], per: float) -> Iterator[int]:
    lo = 0
    for hi, t in enumerate(times):
        while times[lo] <= t - per:
            lo += 1
        yield hi - lo + 1


async def test_a_429_in_one_process_pauses_the_others(redis_url: str) -> None:
    api_key = _key()
    limit = RateLimit(requests=100, per=60, shared=redis_url)
    async with FakeTutorCruncher(api_key=api_key, rate_limit=None) as fake:
        fake.script(Fault.rate_limited(retry_after=2))

        async def other_process() -> float:
            # A second event loop in a thread holds its own throttle, as a second
            # process would: the two share nothing but Redis.
            async with TutorCruncher(api_key, base_url=fake.base_url, rate_limit=limit) as tc:
                await tc.request("GET", "/clients/")
            return time.monotonic()

        async with TutorCruncher(api_key, base_url=fake.base_url, rate_limit=limit) as tc:
            first = asyncio.create_task(tc.request("GET", "/clients/"))
            await eventually(lambda: any(r.status == 429 for r in fake.requests))
            refused_at = fake.requests[0].time
            await _pause_reached_redis(redis_url, api_key, refused_at + 2.0)
            other_done = await asyncio.to_thread(asyncio.run, other_process())
            await first
        statuses = [r.status for r in fake.requests]
        assert statuses == [429, 200, 200]
        assert all(r.time - refused_at >= 1.9 for r in fake.requests[1:])
        assert other_done - refused_at >= 1.9


async def _pause_reached_redis(redis_url: str, api_key: str, over_by: float) -> None:
    """Wait until the 429's pause is in Redis, or (on a very slow machine) already over."""
    fingerprint = credential_fingerprint("TutorCruncher", api_key)
    redis = Redis.from_url(redis_url)
    try:
        while await redis.pttl(f"aio-edu:tutorcruncher:{fingerprint}:pause") <= 0:
            if time.monotonic() >= over_by:
                return
            await asyncio.sleep(0.005)
    finally:
        await redis.aclose()


async def test_two_throttles_never_exceed_the_window_together(redis_url: str) -> None:
    limit = RateLimit(requests=5, per=0.5, shared=redis_url)
    key = f"aio-edu:test:{uuid.uuid4().hex}"
    throttles = [RedisThrottle(limit, key), RedisThrottle(limit, key)]
    taken: list[float] = []

    async def take(throttle: RedisThrottle) -> None:
        for _ in range(6):
            await throttle.acquire()
            taken.append(time.monotonic())

    await asyncio.gather(*(take(t) for t in throttles))
    taken.sort()
    assert len(taken) == 12
    assert max(_busiest_window(taken, 0.5)) <= 5
    assert taken[-1] - taken[0] >= 1.0  # 12 permits at 5 per 0.505 s need two refills
    for throttle in throttles:
        await throttle.release()


async def test_redis_keys_hold_no_credential(redis_url: str) -> None:
    api_key = _key()
    limit = RateLimit(requests=50, per=60, shared=redis_url)
    async with (
        FakeTutorCruncher(api_key=api_key, rate_limit=None) as fake,
        TutorCruncher(api_key, base_url=fake.base_url, rate_limit=limit) as tc,
    ):
        await tc.request("GET", "/clients/")
    redis = Redis.from_url(redis_url)
    try:
        fingerprint = credential_fingerprint("TutorCruncher", api_key)
        keys = sorted(k.decode() for k in await redis.keys(f"aio-edu:tutorcruncher:{fingerprint}*"))
        assert keys == [f"aio-edu:tutorcruncher:{fingerprint}:window"]
        every = [k.decode() for k in await redis.keys("*")]
        assert not any(api_key in k for k in every)
        members = await redis.zrange(keys[0], 0, -1)
        assert len(members) == 1 and api_key.encode() not in members[0]
        assert 0 < await redis.pttl(keys[0]) <= 60.6 * 1000  # the window expires by itself
    finally:
        await redis.aclose()


async def test_unreachable_redis_fails_clearly_by_default() -> None:
    api_key = _key()
    dead = f"redis://:hunter2@127.0.0.1:{_free_port()}/0"
    async with (
        FakeTutorCruncher(api_key=api_key, rate_limit=None) as fake,
        TutorCruncher(
            api_key, base_url=fake.base_url, rate_limit=RateLimit(10, 1, shared=dead)
        ) as tc,
    ):
        with pytest.raises(errors.SharedLimiterUnavailable) as caught:
            await tc.clients.list().collect()
        assert fake.requests == []  # nothing was sent without a permit
    message = str(caught.value)
    assert "unreachable" in message and "on_unreachable='local'" in message
    assert "hunter2" not in message and api_key not in message


async def test_unreachable_redis_falls_back_to_a_local_limit_when_asked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    api_key = _key()
    dead = f"redis://127.0.0.1:{_free_port()}/0"
    limit = RateLimit(requests=4, per=0.5, shared=dead, on_unreachable="local")
    with caplog.at_level(logging.WARNING, logger="aio_edu_clients"):
        async with (
            FakeTutorCruncher(api_key=api_key, rate_limit=(4, 0.5)) as fake,
            TutorCruncher(api_key, base_url=fake.base_url, rate_limit=limit) as tc,
        ):
            await asyncio.gather(*(tc.request("GET", "/clients/") for _ in range(10)))
            assert [r.status for r in fake.requests] == [200] * 10
            assert fake.rate_limited == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("per-process limit" in w for w in warnings)


def test_shared_takes_only_a_redis_url_and_never_shows_it() -> None:
    with pytest.raises(ValueError, match="redis://"):
        RateLimit(10, 1, shared="http://example.com")
    limit = RateLimit(10, 1, shared="redis://:s3cret@localhost:6379/0")
    assert "s3cret" not in repr(limit)
    with pytest.raises(ValueError):
        RateLimit(10, 1, on_unreachable="ignore")  # type: ignore[arg-type]


async def test_a_cancelled_wait_gives_its_reservation_back(redis_url: str) -> None:
    limit = RateLimit(requests=2, per=30.0, shared=redis_url)  # the third waits ~30 s
    key = f"aio-edu:test:{uuid.uuid4().hex}"
    throttle = RedisThrottle(limit, key)
    redis = Redis.from_url(redis_url)

    async def reservations(expected: int) -> None:
        for _ in range(2000):  # a hang guard only: Redis answers in a millisecond
            if await redis.zcard(f"{key}:window") == expected:
                return
            await asyncio.sleep(0.005)
        raise AssertionError(f"never {expected} reservations")

    try:
        await throttle.acquire()
        await throttle.acquire()
        waiting = asyncio.create_task(throttle.acquire())
        await reservations(3)  # its reservation, half a minute ahead, is in Redis
        assert not waiting.done()
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        await reservations(2)  # the give-back reaches Redis
    finally:
        await throttle.release()
        await redis.aclose()
