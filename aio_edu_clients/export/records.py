"""What every sink writes for an item: the JSON the vendor sent, and whether it fit.

An export is a copy of the vendor's data, so a record is the item exactly as the
vendor sent it — every field, nested ones included, in the vendor's own types —
never the model unstructured again (which would add fields the vendor left out,
respell timestamps and drop whatever a model's hook reshaped). Items are still
hydrated on the way, to find the ones that do not fit their model: those are
written all the same and flagged with why (`Record.unparsed`), so a listing is never
lost to one field, and the summary counts them.
"""

from __future__ import annotations

import base64
import enum
import json
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from ..core.models import Unparsed
from ..core.paging import Page

#: The key (JSON Lines) or column (CSV, SQLite) that flags an item that did not fit
#: its model. Vendors use no key that starts with an underscore.
UNPARSED = "_unparsed"
_MAX_REASON = 300


class Record(NamedTuple):
    """One item: ``data`` as the vendor sent it; ``unparsed`` why it did not fit its
    model (one line), or None."""

    data: dict[str, Any]
    unparsed: str | None = None


def one_line(error: BaseException) -> str:
    """An error as one line of at most 300 characters, for a cell or a summary."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."


def records_of(page: Page[Any]) -> list[Record]:
    """The page's items as records: the raw JSON of each, flagged where it did not fit.

    A non-object item (none of the vendors sends one in a list today) becomes
    ``{"value": item}``, so every sink has a row to write.
    """
    return [
        Record(
            dict(raw) if isinstance(raw, Mapping) else {"value": raw},
            one_line(item.error) if isinstance(item, Unparsed) else None,
        )
        for item, raw in zip(page.items, page.data, strict=True)
    ]


def json_default(value: Any) -> Any:
    """What `json.dumps` cannot do itself, done the way the converters do it.

    Raw items are plain JSON; this only matters for records built by hand.
    """
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
    """Compact JSON text, UTF-8 characters kept readable.

    JSON may carry a lone surrogate (``"\\ud800"``), which has no UTF-8 form: text
    holding one is written with escapes instead, so it is still exactly what was sent.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=json_default)
    return (
        text if _encodable(text) else json.dumps(value, separators=(",", ":"), default=json_default)
    )


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


_INT64 = range(-(2**63), 2**63)


def flagged(record: Record) -> dict[str, Any]:
    """The record as one JSON object: the vendor's item, plus `UNPARSED` if it did not fit."""
    if record.unparsed is None:
        return record.data
    return {**record.data, UNPARSED: record.unparsed}


def cell(value: Any) -> str | int | float | None:
    """A value for one column: scalars (booleans too) as they are, anything nested as
    JSON text. Each sink spells booleans and None its own way."""
    if isinstance(value, str):
        # A lone surrogate has no UTF-8 form; the record keeps it, escaped.
        return value if _encodable(value) else value.encode(errors="replace").decode()
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        return str(value)  # past SQLite's integers: kept whole, as text
    if value is None or isinstance(value, int | float):
        return value
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return dumps(value)
    encoded = json_default(value)
    return encoded if isinstance(encoded, str | int | float) else dumps(encoded)
