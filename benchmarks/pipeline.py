"""Pipeline overhead: the library against a hand-written raw aiohttp loop, same fake.

Both talk to one `FakeTutorCruncher` on loopback (no rate limit, no latency), so the
difference is the library's own cost per request and per item: auth, the rate gate,
retry bookkeeping, URL checks, paging and, in the hydrated cases, building models.
The hydrated cases compare against a raw loop that hydrates with the same converter
by hand, so the ratio isolates the pipeline, not cattrs. Target: >= 0.90 of raw.

The fake runs in a process of its own, as a remote API would: in this process its
CPU would dilute the difference, and its heap (20,000 clients) would make every
garbage collection slow, landing on whichever side happened to be running.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from typing import Any

import aiohttp
from _common import Result, paired_medians

from aio_edu_clients import TutorCruncher
from aio_edu_clients.testing import FakeTutorCruncher
from aio_edu_clients.tutorcruncher.models import Client, RoleRef

TARGET = 0.90


def _serve(clients: int, details: int, ready: Any) -> None:
    """Child process: a fake with ``clients`` clients; puts (base URL, key, ids to get)."""

    async def main() -> None:
        async with FakeTutorCruncher(clients=clients, rate_limit=None) as fake:
            ready.put((fake.base_url, fake.api_key, list(fake.clients)[:details]))
            await asyncio.Event().wait()

    asyncio.run(main())


async def run(quick: bool) -> list[Result]:
    items = 5_000 if quick else 20_000
    details = 200 if quick else 1_000
    rounds = 3 if quick else 9
    converter = TutorCruncher.converter
    ready: Any = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(items, details, ready), daemon=True)
    server.start()
    try:
        base_url, api_key, ids = await asyncio.to_thread(ready.get, True, 60)
        headers = {"Authorization": f"token {api_key}"}
        async with (
            aiohttp.ClientSession(headers=headers) as raw,
            TutorCruncher(api_key, base_url=base_url, rate_limit=None) as tc,
        ):

            async def raw_list(hydrate: bool) -> int:
                # Keeps every item, as `collect()` does: holding 20,000 models costs the
                # garbage collector time, and both sides should pay it.
                kept: list[Any] = []
                url = base_url + "clients/"
                while url:
                    async with raw.get(url) as resp:
                        data: dict[str, Any] = await resp.json()
                    if hydrate:
                        kept.extend(converter.structure_list(data["results"], RoleRef))
                    else:
                        kept.extend(data["results"])
                    url = data["next"]
                return len(kept)

            async def lib_list_json() -> int:
                kept: list[Any] = []
                path = "/clients/"
                while path:
                    data = (await tc.request("GET", path)).json()
                    kept.extend(data["results"])
                    path = data["next"]
                return len(kept)

            async def lib_list_models() -> int:
                return len(await tc.clients.list().collect())

            async def raw_get(hydrate: bool) -> int:
                for cid in ids:
                    async with raw.get(f"{base_url}clients/{cid}/") as resp:
                        data = await resp.json()
                    if hydrate:
                        converter.structure(data, Client)
                return len(ids)

            async def lib_get_json() -> int:
                for cid in ids:
                    (await tc.request("GET", f"/clients/{cid}/")).json()
                return len(ids)

            async def lib_get_models() -> int:
                for cid in ids:
                    await tc.clients.get(cid)
                return len(ids)

            cases = [
                ("list, JSON", items, "items/s", lambda: raw_list(False), lib_list_json),
                ("list, models", items, "items/s", lambda: raw_list(True), lib_list_models),
                ("get, JSON", len(ids), "req/s", lambda: raw_get(False), lib_get_json),
                ("get, models", len(ids), "req/s", lambda: raw_get(True), lib_get_models),
            ]
            results = []
            for case, n, unit, baseline_fn, library_fn in cases:
                raw_seconds, lib_seconds = await paired_medians(baseline_fn, library_fn, rounds)
                rate, base = n / lib_seconds, n / raw_seconds
                results.append(
                    Result(
                        "pipeline",
                        case,
                        rate,
                        unit,
                        base,
                        rate / base,
                        f">= {TARGET:.2f}",
                        rate / base >= TARGET,
                    )
                )
    finally:
        server.terminate()
        server.join()
    return results
