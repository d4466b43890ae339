"""Rate-limit adherence against a strict sliding-window server, time-scaled.

TutorCruncher's 100 requests a minute, scaled to 100 in every 2 seconds so a run takes
seconds, not minutes: the limiter and the fake count the same budget. Reports the
429s the server answered (target 0) and the share of the budget used over the run
(target >= 95 %), for one task and for 20 tasks sharing one credential.
"""

from __future__ import annotations

import asyncio
import time

from _common import Result

from aio_edu_clients import RateLimit, RetryPolicy, TutorCruncher
from aio_edu_clients.testing import FakeTutorCruncher

BUDGET = RateLimit(requests=100, per=2.0)


async def _sustained(tasks: int, seconds: float) -> tuple[int, int, float]:
    async with FakeTutorCruncher(clients=5, rate_limit=(BUDGET.requests, BUDGET.per)) as fake:
        async with TutorCruncher(
            fake.api_key,
            base_url=fake.base_url,
            rate_limit=BUDGET,
            retry=RetryPolicy(max_retries=0),
        ) as tc:
            deadline = time.monotonic() + seconds

            async def worker() -> None:
                while time.monotonic() < deadline:
                    await tc.request("GET", "/clients/")

            await asyncio.gather(*(worker() for _ in range(tasks)), return_exceptions=True)
        times = [r.time for r in fake.requests]
        span = max(times) - min(times) + BUDGET.per / BUDGET.requests
        return len(times), fake.rate_limited, span


async def run(quick: bool) -> list[Result]:
    seconds = 4.0 if quick else 12.0
    results = []
    for tasks in (1, 20):
        sent, refused, span = await _sustained(tasks, seconds)
        budget = BUDGET.requests * span / BUDGET.per
        used = sent / budget
        results.append(
            Result(
                "rate limit",
                f"{tasks} task(s): 429s",
                refused,
                "429s",
                target="0",
                met=refused == 0,
            )
        )
        results.append(
            Result(
                "rate limit",
                f"{tasks} task(s): budget used",
                used * 100,
                "%",
                ratio=used,
                target=">= 95 %",
                met=used >= 0.95,
                notes={"requests": sent, "seconds": span},
            )
        )
    return results
