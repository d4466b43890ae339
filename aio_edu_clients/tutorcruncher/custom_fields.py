"""Writing TutorCruncher custom fields (``extra_attrs``).

Read, ``extra_attrs`` is a list of ``{id, value, type, machine_name, name}``
(`models.CustomField`); written, it is an object ``{machine_name: value}`` — never the
list. Dropdown values must be sent slugified, exactly as the docs define it (Django's
``slugify``): "Doesn't suit student" → ``doesnt-suit-student``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .models import CustomField


def slugify(value: object) -> str:
    """Lowercase; drop what is not a letter, digit, underscore, hyphen or space; spaces and
    repeated dashes become one dash; trim dashes and underscores at the ends."""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def extra_attrs(values: Mapping[str, Any], *, dropdowns: Iterable[str] = ()) -> dict[str, Any]:
    """The write form of custom fields: ``{machine_name: value}``, dropdowns slugified.

    ``dropdowns`` names the machine names that are dropdown fields. Dates become ISO
    strings and decimals strings, as the API expects them in JSON.
    """
    slugged = set(dropdowns)
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in slugged and value is not None:
            out[name] = slugify(value)
        elif isinstance(value, datetime | date):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def as_mapping(fields: Iterable[CustomField]) -> dict[str, Any]:
    """Read form → ``{machine_name: value}``, e.g. to change one value and write all back."""
    return {field.machine_name: field.value for field in fields if field.machine_name}
