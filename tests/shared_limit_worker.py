"""One worker process of a web backend, for tests/test_shared_limit.py (not a test).

Reads the API key from stdin, builds a client whose rate limit is shared in Redis,
prints ``ready`` and waits for a ``go`` line, so that every worker starts together
however long the interpreters took to start. Then three tasks send ``GET /clients/``
``count`` times each, and it prints what it saw as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys

from aio_edu_clients import RateLimit, RetryPolicy, TutorCruncher, errors


async def main(base_url: str, redis_url: str, requests: int, per: float, count: int) -> None:
    api_key = sys.stdin.readline().strip()  # not in argv: `ps` shows argv to everyone
    sent = refused = 0
    limit = RateLimit(requests=requests, per=per, shared=redis_url)
    async with TutorCruncher(
        api_key, base_url=base_url, rate_limit=limit, retry=RetryPolicy(max_retries=0)
    ) as tc:
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            raise SystemExit("no go")

        async def task() -> None:
            nonlocal sent, refused
            for _ in range(count):
                try:
                    await tc.request("GET", "/clients/")
                    sent += 1
                except errors.RateLimitError:
                    refused += 1

        await asyncio.gather(*(task() for _ in range(3)))
    print(json.dumps({"sent": sent, "refused": refused}))


if __name__ == "__main__":
    url, redis_url, requests, per, count = sys.argv[1:]
    asyncio.run(main(url, redis_url, int(requests), float(per), int(count)))
