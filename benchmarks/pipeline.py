"""Pipeline overhead: the library against a hand-written raw aiohttp loop, same fake.

Both talk to one `FakeTutorCruncher` on loopback (no rate limit, no latency), so the
difference is the library's own cost per request and per item: auth, the rate gate,
retry bookkeeping, URL checks, paging and, in the hydrated cases, building models.
The hydrated cases compare against a raw loop that hydrates with the same converter
by hand, so the ratio isolates the pipeline, not cattrs. Target: >= 0.90 of raw.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from _common import Result, paired_medians

from aio_edu_clients import TutorCruncher
from aio_edu_clients.testing import FakeTutorCruncher
from aio_edu_clients.tutorcruncher.models import Client, RoleRef

TARGET = 0.90


async def run(quick: bool) -> list[Result]:
    items = 5_000 if quick else 20_000
    details = 200 if quick else 1_000
    rounds = 3 if quick else 5
    converter = TutorCruncher.converter
    async with FakeTutorCruncher(clients=items, rate_limit=None) as fake:
        headers = {"Authorization": f"token {fake.api_key}"}
        ids = list(fake.clients)[:details]
        async with (
            aiohttp.ClientSession(headers=headers) as raw,
            TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc,
        ):

            async def raw_list(hydrate: bool) -> int:
                # Keeps every item, as `collect()` does: holding 20,000 models costs the
                # garbage collector time, and both sides should pay it.
                items: list[Any] = []
                url = fake.base_url + "clients/"
                while url:
                    async with raw.get(url) as resp:
                        data: dict[str, Any] = await resp.json()
                    if hydrate:
                        items.extend(converter.structure_list(data["results"], RoleRef))
                    else:
                        items.extend(data["results"])
                    url = data["next"]
                return len(items)

            async def lib_list_json() -> int:
                items: list[Any] = []
                path = "/clients/"
                while path:
                    data = (await tc.request("GET", path)).json()
                    items.extend(data["results"])
                    path = data["next"]
                return len(items)

            async def lib_list_models() -> int:
                return len(await tc.clients.list().collect())

            async def raw_get(hydrate: bool) -> int:
                for cid in ids:
                    async with raw.get(f"{fake.base_url}clients/{cid}/") as resp:
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
                raw_seconds, lib_seconds = await paired_medians(
                    baseline_fn, library_fn, rounds, between=fake.reset_requests
                )
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
    return results
