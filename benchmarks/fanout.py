"""Fan-out: wall time for N pages at latency L with concurrency C, against N·L/C.

The pages come from `serve_pages` in another process, so the server's CPU is not the
client's (as with a real, remote API). The first page is always fetched alone (it
says how many pages there are), so the floor is one round trip more than the ideal.
Target: <= 1.15 x ideal.

A hand-written raw aiohttp fan-out (page one, then C pages at a time, hydrating the
same models) runs against the same server in the same run. It separates what the library costs from what the
machine costs: each page also spends a millisecond or two of CPU (the server encoding
it, the client decoding it), which no client can overlap once C pages share two cores.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from typing import Any

import aiohttp
from _common import Result, paired_medians, serve_pages

from aio_edu_clients import TutorCruncher
from aio_edu_clients.tutorcruncher.models import RoleRef

TARGET = 1.15


async def raw_fan_out(session: aiohttp.ClientSession, url: str, concurrency: int) -> int:
    """Page one for the count, then every other page, ``concurrency`` at a time.

    Each page is hydrated into the same models with the same converter as the
    library's, so both sides do the same work and differ only in how they do it.
    """
    converter = TutorCruncher.converter

    async def page(number: int) -> tuple[int, list[RoleRef]]:
        async with session.get(url, params={"page": number}) as resp:
            data: dict[str, Any] = json.loads(await resp.read())
        return data["count"], converter.structure_list(data["results"], RoleRef)

    count, first = await page(1)
    pages = -(-count // len(first))
    gate = asyncio.Semaphore(concurrency)

    async def gated(number: int) -> list[RoleRef]:
        async with gate:
            return (await page(number))[1]

    rest = await asyncio.gather(*(gated(n) for n in range(2, pages + 1)))
    return len(first) + sum(len(items) for items in rest)


async def run(quick: bool) -> list[Result]:
    latency = 0.02 if quick else 0.05
    pages = 64 if quick else 160
    rounds = 1 if quick else 3
    ready: Any = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve_pages, args=(pages * 100, latency, ready), daemon=True
    )
    server.start()
    results = []
    try:
        port = await asyncio.to_thread(ready.get, True, 20)
        base_url = f"http://127.0.0.1:{port}/api/"
        async with (
            aiohttp.ClientSession() as session,
            TutorCruncher("bench-key", base_url=base_url, rate_limit=None) as tc,
        ):
            for concurrency in (1, 4, 16):

                async def library(c: int = concurrency) -> None:
                    count = sum([1 async for _ in tc.clients.list(concurrency=c)])
                    assert count == pages * 100

                async def raw(c: int = concurrency) -> None:
                    assert await raw_fan_out(session, base_url + "clients/", c) == pages * 100

                raw_wall, wall = await paired_medians(raw, library, rounds)
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
                            + (pages - 1) * latency / concurrency,
                            "raw aiohttp fan-out s": raw_wall,
                            "raw aiohttp x ideal": raw_wall / ideal,
                            "library / raw aiohttp": wall / raw_wall,
                        },
                    )
                )
    finally:
        server.terminate()
        server.join()
    return results
