"""One thread that does all of an export's disk work, off the event loop.

Writes, fsyncs, SQLite transactions and checkpoint saves all run here, one at a time
and in the order they were asked for: the loop keeps paging while the disk works,
a page's write always lands before the checkpoint that counts it, and SQLite's
connection stays on the thread that made it.

A write cannot be half-done by cancellation: if the awaiting task is cancelled (Ctrl-C),
it still waits for the write in progress to finish before the cancellation goes on,
so files are closed on a whole batch.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

R = TypeVar("R")


class WriterThread:
    """A single worker thread; `run` awaits a function on it."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aio-edu-writer")

    async def run(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            await asyncio.wait([future])  # finish the batch in hand; then stop
            raise

    def close(self) -> None:
        """Wait for queued work, then stop the thread."""
        self._pool.shutdown(wait=True)
