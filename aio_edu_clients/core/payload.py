"""Request bodies as typed models: only the fields a caller set are sent.

Every vendor's updates are partial (TutorCruncher's Roles API V2 changes "only the
fields given", Eduframe's PATCH keeps "parameters not sent", TidyClub's PUT likewise),
so a field the caller did not set must not be sent at all, while an explicit ``None``
is sent as ``null`` (to clear it). Fields default to `UNSET`, and every vendor's
converter leaves those out (`unstructure_hook`).

Why attrs classes rather than TypedDicts: a request model is built the way a
response model is read (``ClientCreate(user=UserInput(last_name="Ng"))``), mypy's
attrs plugin rejects a misspelled or missing field, and the model knows how each of
its values goes on the wire. Mappings stay accepted wherever a model is.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn


class _Unset(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Literal[_Unset.UNSET] = _Unset.UNSET
"""A `Payload` field nobody set: left out of the request body."""

Unset = Literal[_Unset.UNSET]


@attrs.frozen(kw_only=True)
class Payload:
    """Base of request bodies: only the fields that were set are sent (see module doc).

    A field whose ``metadata["number"]`` is true is documented as a JSON number: a
    ``Decimal`` given for it is sent as a number; elsewhere decimals go as strings,
    the way the vendors write them in their answers.
    """


def _number(value: Any) -> Any:
    """A decimal for a field documented as a JSON number: sent as a number."""
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except ArithmeticError:
            return value  # not a number at all: let the API say so
    if isinstance(value, Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _is_payload(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Payload)


def register_payloads(conv: cattrs.Converter) -> None:
    """Teach ``conv`` to write a `Payload` with its `UNSET` fields left out."""

    def factory(cl: type[Any]) -> Callable[[Any], Any]:
        base = make_dict_unstructure_fn(cl, conv)
        numbers = frozenset(f.name for f in attrs.fields(cl) if f.metadata.get("number"))
        names = [f.name for f in attrs.fields(cl)]

        def unstructure(obj: Any) -> dict[str, Any]:
            out = base(obj)
            sent: dict[str, Any] = {}
            for name in names:
                if getattr(obj, name) is UNSET:
                    continue
                sent[name] = _number(getattr(obj, name)) if name in numbers else out[name]
            return sent

        return unstructure

    conv.register_unstructure_hook_factory(_is_payload, factory)
