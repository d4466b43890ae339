"""Models → plain JSON-able records: what every sink writes.

A record is the model unstructured by its vendor's converter — so field names are
the vendor's, ``extra`` fields the model does not name are kept at the top level,
``Decimal`` becomes a string (no float rounding) and timestamps ISO 8601 text. The
JSON fallback below only catches values a converter left as Python objects, so a
vendor quirk never stops an export half-way.
"""

from __future__ import annotations

import base64
import enum
import json
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ..core.models import ModelConverter


def to_record(converter: ModelConverter, item: Any) -> dict[str, Any]:
    """One item as a flat-topped dict; a non-object item becomes ``{"value": item}``."""
    data = item if isinstance(item, Mapping) else converter.unstructure(item)
    if isinstance(data, Mapping):
        return dict(data)
    return {"value": data}


def json_default(value: Any) -> Any:
    """What `json.dumps` cannot do itself, done the way the converters do it."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def dumps(value: Any) -> str:
    """Compact JSON text, UTF-8 characters kept readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=json_default)


def cell(value: Any) -> str | int | float | None:
    """A value for one column: scalars (booleans too) as they are, anything nested as
    JSON text. Each sink spells booleans and None its own way."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return dumps(value)
    encoded = json_default(value)
    return encoded if isinstance(encoded, str | int | float) else dumps(encoded)
