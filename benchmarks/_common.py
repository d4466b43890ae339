"""What every benchmark shares: timing, a result record, and the table it prints."""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Result:
    """One measured number, with the baseline it is compared against and the target."""

    benchmark: str
    case: str
    value: float
    unit: str
    baseline: float | None = None  # the same quantity for the baseline, same run
    ratio: float | None = None  # value / baseline (or the benchmark's own ratio)
    target: str = ""
    met: bool | None = None
    notes: dict[str, Any] = field(default_factory=dict)

    def row(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}"
        met = {True: "yes", False: "NO", None: ""}[self.met]
        return [
            self.benchmark,
            self.case,
            f"{self.value:,.2f} {self.unit}",
            ratio,
            self.target,
            met,
        ]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


async def paired_medians(
    baseline: Callable[[], Awaitable[Any]],
    library: Callable[[], Awaitable[Any]],
    rounds: int,
) -> tuple[float, float]:
    """Median wall times of ``baseline`` and ``library``, run in alternation.

    Alternating rounds (after one warm-up each) gives both the same conditions: run
    one after the other, the second would always meet a bigger heap, a warmer or
    busier machine.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for round_ in range(rounds + 1):
        for fn, spent in zip((baseline, library), times, strict=True):
            gc.collect()  # nobody inherits the other's garbage
            started = time.perf_counter()
            await fn()
            if round_:  # the first round warms up
                spent.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def table(results: list[Result]) -> str:
    header = ["benchmark", "case", "value", "ratio", "target", "met"]
    rows = [header, *(r.row() for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def serve_pages(total: int, latency: float, ready: Any) -> None:
    """A TutorCruncher-shaped ``/api/clients/`` that makes each page on the fly.

    Meant for a separate process (``multiprocessing``): its CPU and memory stay out of
    the measurement, as a remote server's would. Puts its port on ``ready``. Pages are
    encoded once and kept (a few hundred at most): a real API answers from a fleet of
    servers, and one Python process encoding sixteen concurrent pages one after the
    other would make the server, not the client, what a fan-out waits on.
    """

    @functools.lru_cache(maxsize=512)
    def body(number: int, port: int) -> bytes:
        start = (number - 1) * 100
        ids = range(total - start, max(total - start - 100, 0), -1)
        base = f"http://127.0.0.1:{port}/api/clients/"
        data = {
            "count": total,
            "next": f"{base}?page={number + 1}" if start + 100 < total else None,
            "previous": None,
            "results": [
                {
                    "id": i,
                    "first_name": "Ada",
                    "last_name": f"Person {i}",
                    "email": f"p{i}@example.org",
                    "url": f"{base}{i}/",
                }
                for i in ids
            ],
        }
        return json.dumps(data).encode()

    async def page(request: web.Request) -> web.Response:
        if latency:
            await asyncio.sleep(latency)
        number = int(request.query.get("page", "1"))
        port = request.url.port or 80
        return web.Response(body=body(number, port), content_type="application/json")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/api/clients/", page)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ready.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())
