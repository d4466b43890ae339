"""Table columns read from a resource's model, so exported tables are typed.

CSV and SQLite lay out one column per field of the model (the vendor's field names,
in the model's order), whatever the first page happens to hold; SQLite also types
them, so ``ORDER BY id`` and ``id > 100`` compare numbers, not text:

=====================  ===========  ==========================================
model field            SQLite type  why
=====================  ===========  ==========================================
``int``, ``bool``      INTEGER      booleans as 0/1
``float``              REAL
``Decimal`` (money)    NUMERIC      compares and sums as a number; the exact
                                    text stays in the record
``str``, enums, dates  TEXT         ISO 8601 sorts as text sorts
objects, lists         TEXT         JSON text (``json_extract`` reads it)
``int | str`` & co     (none)       each value kept as the vendor typed it
=====================  ===========  ==========================================
"""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from ..core.models import EXTRA_FIELD

_SCALAR_TYPES: tuple[tuple[type[Any], str], ...] = (
    (bool, "INTEGER"),
    (int, "INTEGER"),
    (float, "REAL"),
    (Decimal, "NUMERIC"),
    (str, "TEXT"),  # enums too: they are str subclasses
    (datetime, "TEXT"),
    (date, "TEXT"),
)


@attrs.frozen
class Column:
    """A field of the model as a column: the vendor's name and an SQLite type."""

    name: str
    type: str


def sql_type(annotation: Any) -> str:
    """The SQLite type for a field annotated ``annotation`` (see the module's table)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        if len(args) != 1:
            return ""
        annotation = args[0]
    if isinstance(annotation, type):
        for scalar, kind in _SCALAR_TYPES:
            if issubclass(annotation, scalar):
                return kind
    return "TEXT"  # a model, a list, a mapping: JSON text


def columns_of(model: type[Any] | None) -> tuple[Column, ...]:
    """The columns of ``model``'s fields, in order; none for a model-less listing."""
    if model is None or not attrs.has(model):
        return ()
    hints = typing.get_type_hints(model)
    return tuple(
        Column(field.alias or field.name, sql_type(hints.get(field.name, Any)))
        for field in attrs.fields(model)
        if field.name != EXTRA_FIELD
    )


def id_type(columns: tuple[Column, ...]) -> str | None:
    """The type of the ``id`` column, or None when the model has no id."""
    return next((c.type for c in columns if c.name == "id"), None)
