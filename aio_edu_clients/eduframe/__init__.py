"""Eduframe: Bearer API key, ``Link`` header paging (opaque cursors), PATCH updates.

`Eduframe` has a typed method for every operation of the published OpenAPI spec (plus
seven legacy ones); `models` holds the response models, open enums and request
payloads, generated from the spec by ``tools/gen_eduframe.py``.
"""

from .client import POLITE_RATE_LIMIT, Eduframe

__all__ = ["POLITE_RATE_LIMIT", "Eduframe"]
