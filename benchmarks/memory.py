"""Memory: peak RSS while exporting 10k, 100k and 1M items — it must stay flat.

Each size runs in a fresh interpreter (so peaks do not carry over) that runs the real
bulk export (`aio_edu_clients.export.export_account`, JSON Lines into a temporary
directory, checkpoint and all) against `serve_pages` in another process, so only the
client's memory is measured. Target: flat (the largest peak within 1.25 x the
smallest).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import resource
import subprocess
import sys
import tempfile
from typing import Any

from _common import Result, serve_pages

TARGET = 1.25
KEY = "bench-key"


async def _export(base_url: str, directory: str) -> int:
    from aio_edu_clients import TutorCruncher
    from aio_edu_clients.export import export_account

    async with TutorCruncher(KEY, base_url=base_url, rate_limit=None) as tc:
        result = await export_account(tc, directory, resources=["clients"])
    return result.items


def _peak_kib() -> int:
    """This process's peak RSS in KiB.

    Linux's ``VmHWM`` where there is one: ``ru_maxrss`` survives ``execve``, so a child
    started from a big benchmark process would report the parent's peak, not its own.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _measure(base_url: str) -> None:
    """Child side: report items exported and peak RSS (KiB) as JSON on stdout."""
    import aio_edu_clients  # noqa: F401 - imports count as baseline, not as export

    before = _peak_kib()
    with tempfile.TemporaryDirectory() as directory:
        count = asyncio.run(_export(base_url, directory))
    peak = _peak_kib()
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
