"""A strict sliding-window counter: what a vendor that counts "per minute" really does."""

from __future__ import annotations

import time
from collections import deque


class SlidingWindow:
    """At most ``requests`` arrivals per key in any ``per`` seconds, no burst allowance."""

    def __init__(self, requests: int, per: float) -> None:
        self.requests = requests
        self.per = per
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float | None = None) -> float | None:
        """Admit and record an arrival (None), or say how long until one would be admitted."""
        now = time.monotonic() if now is None else now
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.per:
            hits.popleft()
        if len(hits) >= self.requests:
            return hits[0] + self.per - now
        hits.append(now)
        return None
