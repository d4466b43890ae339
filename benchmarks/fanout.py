"""Fan-out: wall time for N pages at latency L with concurrency C, against N·L/C.

The pages come from `serve_pages` in another process, so the server's CPU is not the
client's (as with a real, remote API). The first page is always fetched alone (it
says how many pages there are), so the floor is one round trip more than the ideal.
Target: <= 1.15 x ideal.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from typing import Any

from _common import Result, serve_pages

from aio_edu_clients import TutorCruncher

TARGET = 1.15


async def run(quick: bool) -> list[Result]:
    latency = 0.02 if quick else 0.05
    pages = 64 if quick else 160
    ready: Any = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve_pages, args=(pages * 100, latency, ready), daemon=True
    )
    server.start()
    results = []
    try:
        port = await asyncio.to_thread(ready.get, True, 20)
        base_url = f"http://127.0.0.1:{port}/api/"
        async with TutorCruncher("bench-key", base_url=base_url, rate_limit=None) as tc:
            for concurrency in (1, 4, 16):
                started = time.perf_counter()
                count = sum([1 async for _ in tc.clients.list(concurrency=concurrency)])
                wall = time.perf_counter() - started
                assert count == pages * 100
                ideal = pages * latency / concurrency
                results.append(
                    Result(
                        "fan-out",
                        f"N={pages} L={latency * 1000:.0f}ms C={concurrency}",
                        wall,
                        "s",
                        baseline=ideal,
                        ratio=wall / ideal,
                        target=f"<= {TARGET:.2f} x ideal",
                        met=wall / ideal <= TARGET,
                        notes={
                            "ideal with the first page alone": latency
                            + (pages - 1) * latency / concurrency
                        },
                    )
                )
    finally:
        server.terminate()
        server.join()
    return results
