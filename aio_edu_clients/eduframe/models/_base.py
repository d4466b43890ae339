"""Hand-written pieces the generated Eduframe models build on.

* `Payload`, `UNSET` (from `core.payload`, shared by every vendor): request bodies
  whose unset fields are left out, as Eduframe's partial updates need ("parameters
  not sent keep their original values").
* `Created`: the answer of calls whose result is a URL rather than an object:
  ``POST /teachers`` (``{"result": "Success", "location": ...}``) and the legacy
  ``POST /signup`` (the redirect or payment URL in the ``Location`` header, "just as
  normal 302 redirects").
* `discriminated`: the structure hook for the spec's ``oneOf`` + ``discriminator``
  unions (program edition elements); an element type nobody knows yet becomes the
  union's base model instead of an error, so the union is open like the enums.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs

from ...core.payload import UNSET as UNSET
from ...core.payload import Payload as Payload
from ...core.payload import Unset as Unset
from ...core.response import Response
from ...errors import DecodeError


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
    """A list or object sent as ``null`` is empty.

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
