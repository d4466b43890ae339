"""Hand-written pieces the generated Eduframe models build on.

* `Payload`: base of request bodies. Eduframe's updates are partial ("parameters not
  sent keep their original values"), so a field the caller did not set must not be
  sent at all, while an explicit ``None`` must be sent as ``null`` (to clear it).
  Fields default to `UNSET`, and `configure` teaches the converter to leave those out.
* `Created`: the answer of calls whose result is a URL rather than an object:
  ``POST /teachers`` (``{"result": "Success", "location": ...}``) and the legacy
  ``POST /signup`` (the redirect or payment URL in the ``Location`` header, "just as
  normal 302 redirects").
* `discriminated`: the structure hook for the spec's ``oneOf`` + ``discriminator``
  unions (program edition elements); an element type nobody knows yet becomes the
  union's base model instead of an error, so the union is open like the enums.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Literal

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn

from ...core.response import Response
from ...errors import DecodeError


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
    the way Eduframe writes them in its answers.
    """


@attrs.frozen(kw_only=True)
class Created:
    """A call answered with where the result lives, not with the result.

    ``location`` is the ``Location`` header if there is one, else the body's
    ``location``; ``result`` is the body's ``result`` (``"Success"``); ``status`` the
    HTTP status (201, or a 3xx for the signup redirect). Fetch ``location`` for the
    object, or send the user's browser there after a signup.
    """

    location: str | None = None
    result: str | None = None
    status: int = 201

    @classmethod
    def from_response(cls, response: Response) -> Created:
        body: Any = None
        if response.content.strip():
            try:
                body = response.json()
            except DecodeError:  # a redirect's HTML body says nothing we need
                body = None
        found: Mapping[str, Any] = body if isinstance(body, Mapping) else {}
        location = response.headers.get("Location") or found.get("location")
        result = found.get("result")
        return cls(
            location=location if isinstance(location, str) else None,
            result=result if isinstance(result, str) else None,
            status=response.status,
        )


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


def _payload_unstructure(conv: cattrs.Converter) -> Callable[[type[Any]], Callable[[Any], Any]]:
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
                value = out[name]
                sent[name] = _number(getattr(obj, name)) if name in numbers else value
            return sent

        return unstructure

    return factory


def discriminated(
    conv: cattrs.Converter, prop: str, mapping: Mapping[str, type[Any]], fallback: type[Any]
) -> Callable[[Any, Any], Any]:
    """A hook for a ``oneOf`` union picked by ``prop``; unknown values get ``fallback``."""

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        kind = value.get(prop)
        # Only a string names a member; ``str()`` of anything else could be the repr of
        # a value nested too deep to print (a RecursionError).
        cls = mapping.get(kind, fallback) if isinstance(kind, str) else fallback
        return conv.structure(value, cls)

    return structure


def _is_list(t: Any) -> bool:
    return typing.get_origin(t) is list


def configure_base(conv: cattrs.Converter) -> None:
    """Payloads leave out what was never set; a list or object sent as ``null`` is empty.

    Eduframe includes blank fields as ``null``, lists and objects too; a model's list
    and free-form object fields (``custom``) are never None, so ``for x in
    model.label_ids`` and ``model.custom.get(...)`` always work.
    """

    def list_hook(t: Any) -> Callable[[Any, Any], Any]:
        (item,) = typing.get_args(t) or (Any,)
        resolved: list[Callable[[Any, Any], Any]] = []

        def structure(value: Any, _: Any) -> list[Any]:
            if value is None:
                return []
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            if not resolved:
                resolved.append(conv.get_structure_hook(item))
            hook = resolved[0]
            return [hook(v, item) for v in value]

        return structure

    conv.register_structure_hook_factory(_is_list, list_hook)

    def structure_object(value: Any, _: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        return dict(value)

    conv.register_structure_hook_func(lambda t: t == dict[str, Any], structure_object)
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, Payload), _payload_unstructure(conv)
    )
