"""A tour of the three clients against the built-in fake servers: no credentials, no network.

Run it with ``python -m aio_edu_clients demo``. Every call below goes over real HTTP
on loopback through the same code path a production call takes.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import TextIO

from . import Eduframe, RateLimit, SessionPool, TidyClub, TutorCruncher
from .testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher


async def run_demo(out: TextIO | None = None) -> None:
    def write(line: str) -> None:
        print(line, file=out or sys.stdout)

    async with (
        FakeTutorCruncher() as tc_fake,
        FakeEduframe() as ef_fake,
        FakeTidyClub() as tidy_fake,
        SessionPool(limit=20) as pool,
    ):
        started = time.monotonic()
        tc = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool)
        live = await tc.clients.list(status="live").collect()
        first = await tc.clients.get(live[0].id) if live and live[0].id is not None else None
        write(f"TutorCruncher: {len(live)} live clients (of {len(tc_fake.clients)})")
        if first is not None:
            write(
                f"  first: #{first.id} {first.personal.first_name} {first.personal.last_name}, "
                f"status {first.status}, invoice balance {first.invoice_balance}"
            )
        made = await tc.clients.create({"user": {"first_name": "Ada", "last_name": "Lovelace"}})
        write(f"  created client #{made.id} {made.personal.last_name}")

        ef = Eduframe(ef_fake.api_key, base_url=ef_fake.base_url, pool=pool)
        courses = await ef.courses.list(sort="name:desc", per_page=50).collect()
        planned = 0
        async for page in ef.planned_courses.list(per_page=100).pages():
            planned += len(page.items)
        write(f"Eduframe: {len(courses)} courses (first by name desc: {courses[0].name!r}),")
        write(f"  {planned} planned courses over cursor-paged Link headers")

        tidy = await TidyClub.login(
            **tidy_fake.login_options(),
            pool=pool,
            rate_limit=RateLimit(requests=600, per=60),
        )
        contacts = await tidy.contacts.list(page_size=50, concurrency=4).collect()
        write(f"TidyClub: logged in with the password grant; {len(contacts)} contacts")
        write("  (4 pages at a time from X-Pagination-Total-Pages)")
        write(f"All done over loopback HTTP in {time.monotonic() - started:.2f}s.")
        for client in (tc, ef, tidy):
            await client.aclose()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["demo"]):
        print("usage: python -m aio_edu_clients demo", file=sys.stderr)
        return 2
    asyncio.run(run_demo())
    return 0
