"""Writing TidyClub custom fields, which are read and written in different shapes.

Read (on a `Contact`), ``custom_fields`` is a list of ``{id, title, type, value}``
where a dropdown's value is ``{id, title}``. Written (``POST``/``PUT /contacts``), it
is an object keyed by field id: ``{"5b8ff85455e9": true, "280ada4c1dea":
"2fbd15a7ff31"}`` — a dropdown takes the *choice id*, and a blank value empties the
field. `write_custom_fields` builds that object from friendlier values;
`as_write_mapping` turns what was read into it, to change one value and send the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, overload

from .models import ContactCustomFieldValue, CustomField, CustomFieldChoice, CustomFieldChoiceRef

__all__ = ["CLEAR", "as_write_mapping", "write_custom_fields"]

CLEAR = ""
"""The value that empties a field (``None`` does the same in `write_custom_fields`)."""

FieldKey = str | CustomField | ContactCustomFieldValue


def _write_value(value: Any) -> Any:
    if value is None:
        return CLEAR
    if isinstance(value, CustomFieldChoice | CustomFieldChoiceRef):
        if not value.id:
            raise ValueError("a dropdown choice without an id cannot be written")
        return value.id
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    raise TypeError(f"a custom field value must be bool, str, date or a choice, not {value!r}")


# Overloaded because ``Mapping`` keys are invariant: a ``dict[str, bool]`` is no
# ``Mapping[FieldKey, Any]``, while a literal with mixed keys needs the union.
@overload
def write_custom_fields(values: Mapping[FieldKey, Any]) -> dict[str, Any]: ...
@overload
def write_custom_fields(values: Mapping[str, Any]) -> dict[str, Any]: ...
@overload
def write_custom_fields(values: Mapping[CustomField, Any]) -> dict[str, Any]: ...
@overload
def write_custom_fields(values: Mapping[ContactCustomFieldValue, Any]) -> dict[str, Any]: ...


def write_custom_fields(values: Mapping[Any, Any]) -> dict[str, Any]:
    """``{field_id: value}`` as TidyClub wants it in a contact's ``custom_fields``.

    Keys are field ids (or the `CustomField` / read-side field itself). Values: a bool
    for a checkbox, a str for text, a ``date`` for a date field, a `CustomFieldChoice`
    / `CustomFieldChoiceRef` (or its id) for a dropdown, ``None`` or ``""`` to clear.
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        field_id = key if isinstance(key, str) else key.id
        if not field_id:
            raise ValueError("a custom field id is required")
        out[field_id] = _write_value(value)
    return out


def as_write_mapping(fields: Iterable[ContactCustomFieldValue]) -> dict[str, Any]:
    """A contact's custom fields as read → the write object (dropdowns by choice id)."""
    return {f.id: _write_value(f.value) for f in fields if f.id}
