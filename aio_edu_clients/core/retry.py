"""When to try again, and how long to wait first.

Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
Jitter"): many clients that failed together do not retry together.
"""

from __future__ import annotations

import math
import random
import re
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


_DELTA_SECONDS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP-date (RFC 9110 10.2.3).

    Never raises, whatever the header holds: the answer is a finite number of seconds
    ``>= 0``, or None when the value means nothing. Delta-seconds are ASCII digits
    (with a fraction or a minus sign forgiven: a past instant is 0), so ``nan``,
    ``1e400``, ``1_000`` or full-width digits, which ``float`` would read, are not
    numbers here; neither is a value too large for a float. A date whose numbers
    overflow ``datetime`` (year 99999999999999999999) is None, not OverflowError.
    """
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        seconds = float(value)  # cannot fail on that syntax; may be inf for 400 digits
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            return None
        seconds = when.timestamp() - time.time()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)
