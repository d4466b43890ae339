"""When to try again, and how long to wait first.

Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
Jitter"): many clients that failed together do not retry together.
"""

from __future__ import annotations

import random
import time
from email.utils import parsedate_to_datetime

import attrs

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@attrs.frozen
class RetryPolicy:
    """How hard to try.

    ``max_retries`` counts attempts after the first (0 switches retries off).
    ``backoff`` is the first ceiling of the jittered wait, doubling per attempt up to
    ``backoff_cap``. ``max_retry_after`` caps how long one 429's ``Retry-After`` is
    waited out. ``retry_statuses`` are retried for idempotent methods only.
    """

    max_retries: int = attrs.field(default=3, validator=attrs.validators.ge(0))
    backoff: float = 0.5
    backoff_cap: float = 30.0
    max_retry_after: float = 120.0
    retry_statuses: frozenset[int] = frozenset({500, 502, 503, 504})

    def backoff_delay(self, retry_number: int) -> float:
        """Full-jitter wait before retry ``retry_number`` (1-based)."""
        ceiling = min(self.backoff_cap, self.backoff * (2 ** (retry_number - 1)))
        return random.uniform(0, ceiling)

    def rate_limit_delay(self, retry_after: float | None, retry_number: int) -> float:
        """How long a 429 pauses the credential: the server's word, capped; else backoff."""
        if retry_after is None:
            return max(self.backoff_delay(retry_number), self.backoff)
        return min(retry_after, self.max_retry_after)


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP-date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - time.time()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN / inf
        return None
    return max(0.0, seconds)
