"""One worker process of a web backend, for tests/test_shared_limit.py (not a test).

Sends ``GET /clients/`` from several tasks, through a client whose rate limit is
shared in Redis, between two wall-clock instants so that every worker starts
together; prints what it saw as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from aio_edu_clients import RateLimit, RetryPolicy, TutorCruncher, errors


async def main(
    base_url: str, redis_url: str, requests: int, per: float, start: float, stop: float
) -> None:
    api_key = sys.stdin.readline().strip()  # not in argv: `ps` shows argv to everyone
    sent = refused = 0
    limit = RateLimit(requests=requests, per=per, shared=redis_url)
    async with TutorCruncher(
        api_key, base_url=base_url, rate_limit=limit, retry=RetryPolicy(max_retries=0)
    ) as tc:
        await asyncio.sleep(max(0.0, start - time.time()))

        async def task() -> None:
            nonlocal sent, refused
            while time.time() < stop:
                try:
                    await tc.request("GET", "/clients/")
                    sent += 1
                except errors.RateLimitError:
                    refused += 1

        await asyncio.gather(*(task() for _ in range(3)))
    print(json.dumps({"sent": sent, "refused": refused}))


if __name__ == "__main__":
    url, redis_url, requests, per, start, stop = sys.argv[1:]
    asyncio.run(main(url, redis_url, int(requests), float(per), float(start), float(stop)))
