"""Paging throughput: the library against a hand-written raw aiohttp loop.

Both page through the same local `FakeTutorCruncher` (no rate limit, no latency), so
the difference is the library's own cost: auth, the rate-limit gate, retries
bookkeeping, URL checks, paging and — in the "hydrated" run — turning every item
into a typed model. Reports items per second and the ratio to raw (higher is
better; 1.0 means no overhead). Not asserted anywhere: these machines are noisy,
only same-run ratios mean something.

    python benchmarks/paging.py [--items 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from aio_edu_clients import TutorCruncher
from aio_edu_clients.testing import FakeTutorCruncher


async def raw_loop(fake: FakeTutorCruncher) -> int:
    """What a user would write by hand: follow ``next``, count ``results``."""
    count = 0
    headers = {"Authorization": f"token {fake.api_key}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        url: str | None = fake.base_url + "clients/"
        while url:
            async with session.get(url) as resp:
                resp.raise_for_status()
                data: dict[str, Any] = await resp.json()
            count += len(data["results"])
            url = data["next"]
    return count


async def library_hydrated(fake: FakeTutorCruncher) -> int:
    async with TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc:
        return sum([1 async for _ in tc.clients.list()])


async def library_pages_raw_json(fake: FakeTutorCruncher) -> int:
    """The library's request loop and paging, items left as JSON (the escape hatch)."""
    async with TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc:
        count = 0
        path: str | None = "/clients/"
        while path:
            data = (await tc.request("GET", path)).json()
            count += len(data["results"])
            path = data["next"]
        return count


async def measure(
    fn: Callable[[FakeTutorCruncher], Awaitable[int]], fake: FakeTutorCruncher, rounds: int
) -> tuple[int, float]:
    times = []
    items = 0
    for _ in range(rounds):
        started = time.perf_counter()
        items = await fn(fake)
        times.append(time.perf_counter() - started)
    return items, statistics.median(times)


async def main(items: int, rounds: int) -> None:
    async with FakeTutorCruncher(clients=items, rate_limit=None) as fake:
        await raw_loop(fake)  # warm up the server and the import caches
        runs = {
            "raw aiohttp loop": raw_loop,
            "library, JSON only": library_pages_raw_json,
            "library, hydrated models": library_hydrated,
        }
        results = {name: await measure(fn, fake, rounds) for name, fn in runs.items()}
    base_items, base_time = results["raw aiohttp loop"]
    base_rate = base_items / base_time
    print(f"paging {base_items} TutorCruncher clients, 100 a page, median of {rounds} rounds")
    print(f"{'run':<28}{'items/s':>12}{'ratio to raw':>15}")
    for name, (count, seconds) in results.items():
        assert count == base_items, f"{name} saw {count} items, raw saw {base_items}"
        rate = count / seconds
        print(f"{name:<28}{rate:>12,.0f}{rate / base_rate:>15.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.items, args.rounds))
