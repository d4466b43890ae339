"""A strict sliding-window counter: what a vendor that counts "N per minute" enforces.

Token buckets forgive bursts; a strict window does not. A client whose own limiter
is a bucket (or that forgets requests answered 429) gets caught by this one.
"""

from __future__ import annotations

import time
from collections import deque

__all__ = ["SlidingWindow"]


class SlidingWindow:
    """At most ``requests`` arrivals per key in any ``per`` seconds; no burst allowance.

    An arrival at ``t`` counts while ``t > now - per``. Refused arrivals are not
    recorded (a 429 costs the client nothing but time), matching DRF-style throttles.
    """

    __slots__ = ("_hits", "per", "requests")

    def __init__(self, requests: int, per: float) -> None:
        if requests < 1 or per <= 0:
            raise ValueError("a sliding window needs requests >= 1 and per > 0")
        self.requests = requests
        self.per = per
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float | None = None) -> float | None:
        """Admit and record an arrival (``None``), or return the seconds until one fits.

        ``now`` defaults to ``time.monotonic()``; pass it to test the arithmetic exactly.
        """
        now = time.monotonic() if now is None else now
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque(maxlen=self.requests)
        horizon = now - self.per
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) >= self.requests:
            return hits[0] - horizon
        hits.append(now)
        return None

    def count(self, key: str, now: float | None = None) -> int:
        """How many arrivals of ``key`` are inside the window at ``now``."""
        horizon = (time.monotonic() if now is None else now) - self.per
        return sum(1 for t in self._hits.get(key, ()) if t > horizon)

    def reset(self) -> None:
        """Forget every arrival, for every key."""
        self._hits.clear()
