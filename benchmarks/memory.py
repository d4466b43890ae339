"""Memory: peak RSS while exporting 10k, 100k and 1M items — it must stay flat.

Each size runs in a fresh interpreter (so peaks do not carry over) that pages through
`serve_pages` running in another process, so only the client's memory is measured. Items stream to ``os.devnull`` as
JSON lines, as an export would write them. Target: flat (the largest peak within 1.25 x
the smallest).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import resource
import subprocess
import sys
from typing import Any, TextIO

from _common import Result, serve_pages

TARGET = 1.25
KEY = "bench-key"


async def _export(base_url: str, sink: TextIO) -> int:
    from aio_edu_clients import TutorCruncher

    count = 0
    async with TutorCruncher(KEY, base_url=base_url, rate_limit=None) as tc:
        async for ref in tc.clients.list():
            sink.write(json.dumps({"id": ref.id, "email": ref.email}) + "\n")
            count += 1
    return count


def _measure(base_url: str) -> None:
    """Child side: report items exported and peak RSS (KiB) as JSON on stdout."""
    import aio_edu_clients  # noqa: F401 - imports count as baseline, not as export

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(os.devnull, "w") as sink:
        count = asyncio.run(_export(base_url, sink))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"items": count, "baseline_kib": before, "peak_kib": peak}))


async def run(quick: bool) -> list[Result]:
    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000]
    peaks: list[tuple[int, dict[str, Any]]] = []
    for size in sizes:
        ready: Any = multiprocessing.Queue()
        server = multiprocessing.Process(target=serve_pages, args=(size, 0.0, ready), daemon=True)
        server.start()
        try:
            port = ready.get(timeout=20)
            out = await asyncio.to_thread(
                subprocess.run,
                [sys.executable, __file__, "measure", f"http://127.0.0.1:{port}/api/"],
                capture_output=True,
                text=True,
                check=True,
            )
            report = json.loads(out.stdout.strip().splitlines()[-1])
            assert report["items"] == size, report
            peaks.append((size, report))
        finally:
            server.terminate()
            server.join()
    smallest = min(r["peak_kib"] for _, r in peaks)
    return [
        Result(
            "memory",
            f"export {size:,} items",
            r["peak_kib"] / 1024,
            "MiB peak",
            baseline=smallest / 1024,
            ratio=r["peak_kib"] / smallest,
            target=f"flat (<= {TARGET} x)",
            met=r["peak_kib"] / smallest <= TARGET,
            notes={"after imports MiB": r["baseline_kib"] / 1024},
        )
        for size, r in peaks
    ]


if __name__ == "__main__" and sys.argv[1:2] == ["measure"]:
    _measure(sys.argv[2])
