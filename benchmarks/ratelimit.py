"""Rate-limit adherence against a strict sliding-window server, time-scaled.

TutorCruncher's 100 requests a minute, scaled to 100 in every 2 seconds so a run takes
seconds, not minutes: the limiter and the fake count the same budget. Reports the
429s the server answered (target 0) and the share of the budget used in the whole
windows from the first request on (target >= 95 %), for one task and for 20 tasks sharing one credential, and for 20
tasks in each of two processes sharing the budget through Redis (``shared=``) when a
``redis-server`` is on PATH.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

from _common import Result

from aio_edu_clients import RateLimit, RetryPolicy, TutorCruncher
from aio_edu_clients.testing import FakeTutorCruncher

BUDGET = RateLimit(requests=100, per=2.0)


async def _hammer(base_url: str, api_key: str, limit: RateLimit, tasks: int, stop: float) -> None:
    """``tasks`` tasks sending as fast as the limit lets them until wall-clock ``stop``."""
    async with TutorCruncher(
        api_key, base_url=base_url, rate_limit=limit, retry=RetryPolicy(max_retries=0)
    ) as tc:

        async def worker() -> None:
            while time.time() < stop:
                await tc.request("GET", "/clients/")

        await asyncio.gather(*(worker() for _ in range(tasks)), return_exceptions=True)


def _process(base_url: str, api_key: str, limit: RateLimit, tasks: int, stop: float) -> None:
    asyncio.run(_hammer(base_url, api_key, limit, tasks, stop))


async def _sustained(
    tasks: int, seconds: float, processes: int = 1, shared: str | None = None
) -> tuple[int, int, int]:
    """Requests in the run's whole windows, 429s, and those windows' budget."""
    limit = RateLimit(requests=BUDGET.requests, per=BUDGET.per, shared=shared)
    async with FakeTutorCruncher(clients=5, rate_limit=(BUDGET.requests, BUDGET.per)) as fake:
        if processes == 1:
            await _hammer(fake.base_url, fake.api_key, limit, tasks, time.time() + seconds)
        else:
            stop = time.time() + 1.0 + seconds  # after the interpreters have started
            args = (fake.base_url, fake.api_key, limit, tasks, stop)
            procs = [multiprocessing.Process(target=_process, args=args) for _ in range(processes)]
            for proc in procs:
                proc.start()
            await asyncio.gather(*(asyncio.to_thread(proc.join) for proc in procs))
        first = min(r.time for r in fake.requests)
        windows = int(seconds // BUDGET.per)
        end = first + windows * BUDGET.per
        sent = sum(1 for r in fake.requests if r.time < end and r.status != 429)
        return sent, fake.rate_limited, windows * BUDGET.requests


@contextlib.contextmanager
def _redis() -> Iterator[str | None]:
    """``AIO_EDU_BENCH_REDIS_URL``, or a throwaway ``redis-server``, or None."""
    given = os.environ.get("AIO_EDU_BENCH_REDIS_URL")
    exe = shutil.which("redis-server")
    if given or exe is None:
        yield given
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def _results(case: str, sent: int, refused: int, budget: int) -> list[Result]:
    used = sent / budget
    return [
        Result("rate limit", f"{case}: 429s", refused, "429s", target="0", met=refused == 0),
        Result(
            "rate limit",
            f"{case}: budget used",
            used * 100,
            "%",
            ratio=used,
            target=">= 95 %",
            met=used >= 0.95,
            notes={"requests": sent, "budget": budget},
        ),
    ]


async def run(quick: bool) -> list[Result]:
    seconds = 4.0 if quick else 12.0
    results = []
    for tasks in (1, 20):
        results += _results(f"{tasks} task(s)", *await _sustained(tasks, seconds))
    with _redis() as url:
        if url is not None:
            measured = await _sustained(20, seconds, processes=2, shared=url)
            results += _results("2 processes x 20 tasks, Redis", *measured)
    return results
