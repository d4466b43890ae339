"""Run every benchmark, print one table, write ``benchmarks/results.json``.

    python benchmarks/run.py            # full run (several minutes)
    python benchmarks/run.py --quick    # each briefly, under a minute in all

Every number is compared with a baseline measured in the same run: these machines
are noisy, and only same-run ratios mean anything. Nothing here is asserted by the
test suite; targets are reported as met or not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fanout
import hydration
import memory
import peer
import pipeline
import ratelimit
from _common import Result, table

BENCHMARKS = {
    "pipeline": pipeline.run,
    "hydration": hydration.run,
    "ratelimit": ratelimit.run,
    "fanout": fanout.run,
    "memory": memory.run,
    "peer": peer.run,
}


def machine() -> dict[str, object]:
    found: dict[str, object] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    for dist in (
        "aiohttp",
        "attrs",
        "cattrs",
        "orjson",
        "msgspec",
        "redis",
        "openapi-python-client",
        "httpx",
    ):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            found[dist] = None
    return found


async def main(quick: bool, only: list[str]) -> list[Result]:
    results: list[Result] = []
    for name, bench in BENCHMARKS.items():
        if only and name not in only:
            continue
        started = time.perf_counter()
        print(f"running {name}...", file=sys.stderr, flush=True)
        results.extend(await bench(quick))
        print(f"  {name} took {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Run the aio-edu-clients benchmarks.")
    parser.add_argument(
        "--quick", action="store_true", help="each benchmark briefly (under a minute)"
    )
    parser.add_argument(
        "--only", nargs="*", default=[], choices=sorted(BENCHMARKS), help="run only these"
    )
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "results.json"))
    args = parser.parse_args()
    started = time.perf_counter()
    results = asyncio.run(main(args.quick, args.only))
    print(table(results))
    Path(args.out).write_text(
        json.dumps(
            {
                "machine": machine(),
                "quick": args.quick,
                "seconds": round(time.perf_counter() - started, 1),
                "results": [r.as_dict() for r in results],
            },
            indent=1,
        )
        + "\n"
    )
    print(f"\nwrote {args.out}", file=sys.stderr)
