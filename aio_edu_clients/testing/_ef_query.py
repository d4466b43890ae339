"""Eduframe's query language, as the fake reads it: filters, sort, ``per_page``, cursors.

Filters come from the snapshot (name, kind) and are applied where their meaning is
plain from the name and the records: equality on a field of that name, membership
for arrays (sent repeated, ``a=1&a=2``, the spec's ``form``/``explode``, or Rails'
``a[]=1``), flags whose only value is their own name (``published=published``),
``*_from`` / ``*_until`` / ``*_after`` / ``start`` / ``end`` date bounds, ``search``
as a case-insensitive substring, and ``with_canceled``. Values are validated first
(an integer filter given ``abc`` answers 422), like the live API. A filter the fake
cannot map onto a field is accepted and ignored, as a tolerant server would.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from multidict import MultiMapping

from ._ef_spec import split_kind

__all__ = [
    "Invalid",
    "decode_cursor",
    "encode_cursor",
    "per_page",
    "predicates",
    "sort_keys",
    "values",
]

Record = dict[str, Any]
Test = Callable[[Record], bool]
TRUE, FALSE = ("true", "1"), ("false", "0")
_BOUNDS = {"_from": True, "_after": True, "_until": False, "_before": False}
_START = ("start_date_time", "start_date", "created_at")
_END = ("end_date_time", "end_date", "created_at")


class Invalid(Exception):
    """A parameter or body field failed validation: answered ``status`` with the field."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.field, self.message, self.status = field, message, status
        self.fields: tuple[str, ...] = (field,)


def values(query: MultiMapping[str], name: str) -> list[str]:
    """An array parameter: repeated (``a=1&a=2``, the spec's form/explode) or Rails' ``a[]``."""
    return [v for key in (name, f"{name}[]") for v in query.getall(key, []) if v]


def per_page(query: MultiMapping[str]) -> int:
    """The spec's PerPage: 1..100, default 25."""
    raw = query.get("per_page", "25")
    if not raw.lstrip("-").isdigit() or not 1 <= int(raw) <= 100:
        raise Invalid("per_page", "must be between 1 and 100")
    return int(raw)


def _iso_date(field: str, raw: str) -> str:
    try:
        return date.fromisoformat(raw[:10]).isoformat() + raw[10:]
    except ValueError:
        raise Invalid(field, "is not a valid date") from None


def _norm(value: Any) -> str:
    """``planned_course`` and ``PlannedCourse`` name the same type (quirk 11)."""
    return "".join(ch for ch in str(value).lower() if ch.isalnum())


def _convert(name: str, kind: str, raw: str) -> Any:
    base, _ = split_kind(kind)
    if base == "int":
        if not raw.lstrip("-").isdigit():
            raise Invalid(name, "must be an integer")
        return int(raw)
    if base == "bool":
        if raw.lower() not in TRUE + FALSE:
            raise Invalid(name, "must be true or false")
        return raw.lower() in TRUE
    if base == "date":
        return _iso_date(name, raw)
    return raw


def predicates(
    filters: tuple[tuple[str, str], ...],
    query: MultiMapping[str],
    related: Callable[[str, Any], Record | None],
) -> list[Test]:
    """One test per documented filter present in ``query``. ``related(store, id)``
    looks up another record (``parents_published`` and ``search`` follow course_id)."""
    tests: list[Test] = []
    for name, kind in filters:
        raws = values(query, name)
        if not raws:
            continue
        if kind == "flag":
            if raws[0] != name:
                raise Invalid(name, "is not included in the list")
            tests.append(_flag(name, related))
            continue
        array = kind.startswith("[")
        inner = kind[1:-1] if array else kind
        base, options = split_kind(inner)
        if base == "enum" and not array and len(raws) == 1 and raws[0] not in options:
            raise Invalid(name, "is not included in the list")
        wanted = [
            _convert(name, inner, raw) for raw in (raws if array or base == "enum" else raws[:1])
        ]
        test = _test(name, wanted, related)
        if test is not None:
            tests.append(test)
    if "with_canceled" in {n for n, _ in filters} and not any(
        v.lower() in TRUE for v in values(query, "with_canceled")
    ):
        tests.append(lambda r: r.get("status") != "canceled")
    return tests


def _flag(name: str, related: Callable[[str, Any], Record | None]) -> Test:
    if name == "parents_published":

        def parent_published(record: Record) -> bool:
            course = related("courses", record.get("course_id"))
            return bool(course and course.get("is_published"))

        return parent_published
    if name in ("for_user", "for_account"):
        wanted = name.removeprefix("for_")
        return lambda r: r.get("for_type") == wanted
    fields = (name, f"is_{name}", "is_published")
    return lambda r: bool(next((r[f] for f in fields if f in r), True))


def _bound(field_names: tuple[str, ...], bound: str, *, after: bool) -> Test:
    """ISO dates and timestamps compare as strings once cut to the bound's length;
    records without the field never match."""

    def test(record: Record) -> bool:
        value = next((record[f] for f in field_names if record.get(f) is not None), None)
        if not isinstance(value, str):
            return False
        value = value[: len(bound)]
        return value >= bound if after else value <= bound

    return test


def _test(
    name: str, wanted: list[Any], related: Callable[[str, Any], Record | None]
) -> Test | None:
    first = wanted[0]
    for suffix, after in _BOUNDS.items():
        if name.endswith(suffix):
            bound = _iso_date(name, str(first))
            return _bound((name.removesuffix(suffix),), bound, after=after)
    if name in ("start", "end"):
        bound = _iso_date(name, str(first))
        return _bound(_START if name == "start" else _END, bound, after=name == "start")
    if name == "search":
        needle = str(first).lower()

        def search(record: Record) -> bool:
            texts = [v for v in record.values() if isinstance(v, str)]
            course = related("courses", record.get("course_id")) if "course_id" in record else None
            if course:
                texts.append(str(course.get("name", "")))
            return any(needle in text.lower() for text in texts)

        return search
    if name == "with_canceled":
        return None
    if name == "role":
        return lambda r: first in (r.get("roles") or ())
    if name == "email":
        return lambda r: str(r.get("email", "")).lower() == str(first).lower()
    plural = name.removesuffix("_id") + "_ids"
    keys = {_norm(w) for w in wanted}

    def test(record: Record) -> bool:
        if name in record:
            value = record[name]
        elif plural in record:
            value = record[plural]
        else:
            return True  # not a field the fake keeps: accepted, ignored
        if isinstance(value, list):
            return any(_norm(v) in keys for v in value)
        return _norm(value) in keys

    return test


def sort_keys(specs: list[str], allowed: frozenset[str]) -> list[tuple[str, bool]]:
    """``field[:asc|:desc]`` specs → (field, descending); 400 for one not allowed."""
    keys: list[tuple[str, bool]] = []
    for spec in specs:
        field, _, direction = spec.partition(":")
        if field not in allowed or direction not in ("", "asc", "desc"):
            raise Invalid("sort", f"{spec} is not a valid sort option", status=400)
        keys.append((field, direction == "desc"))
    return keys


def sort(keys: list[Any], get: Mapping[Any, Record], order: list[tuple[str, bool]]) -> list[Any]:
    """Order ``keys`` (ascending on entry) by ``order``, first most significant, ties
    by id; nulls last ascending, first descending (PostgreSQL's way)."""
    ordered = list(keys)
    for field, descending in reversed(order):

        def key(k: Any, field: str = field) -> tuple[bool, Any]:
            value = get[k].get(field)
            return (value is None, "" if value is None else value)

        ordered.sort(key=key, reverse=descending)
    return ordered


def encode_cursor(after: int, offset: int) -> str:
    raw = json.dumps({"after": after, "offset": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int] | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after, offset = data["after"], data["offset"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (after, offset)):
        return None
    return after, offset
