"""Per-call options: what every endpoint method takes besides its documented parameters.

Named as openai-python names them, because that is where users look: ``timeout=``
(seconds for this call's HTTP exchanges, ``None`` for no limit), ``extra_headers=``,
``extra_query=`` (a filter the vendor's docs forgot, sent as given) and, on methods
that send a body, ``extra_body=`` (merged over the body's top-level fields).

A method declares them as ``**options: Unpack[RequestOptions]`` (or
`BodyRequestOptions`), so mypy knows them and rejects anything else; `endpoint`
enforces the same at run time and shows them as named parameters in ``help()``.
"""

from __future__ import annotations

import difflib
import enum
import inspect
from collections.abc import Iterable, Mapping
from typing import Any, Final, TypedDict


class NotGiven(enum.Enum):
    """The type of `NOT_GIVEN`: an option left out, as opposed to one set to ``None``."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = NotGiven.NOT_GIVEN
"""``timeout=NOT_GIVEN`` keeps the client's setting; ``timeout=None`` means no limit."""


class RequestOptions(TypedDict, total=False):
    """Options of one call (see module docstring). Absent means "as the client is set"."""

    timeout: float | None
    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, Any] | None


class BodyRequestOptions(RequestOptions, total=False):
    """`RequestOptions` of a call that sends a body, plus ``extra_body``."""

    extra_body: Mapping[str, Any] | None


REQUEST_OPTIONS = frozenset(RequestOptions.__annotations__)
BODY_REQUEST_OPTIONS = frozenset(BodyRequestOptions.__annotations__) | REQUEST_OPTIONS

_SHOWN = {
    "timeout": "float | None",
    "extra_headers": "Mapping[str, str] | None",
    "extra_query": "Mapping[str, Any] | None",
    "extra_body": "Mapping[str, Any] | None",
}


def option_names(annotation: object) -> frozenset[str] | None:
    """Which options a ``**options`` annotation declares; None if it is not one of ours.

    Annotations are still strings here (modules use postponed evaluation), and models
    they name may not exist yet, so the text is read rather than evaluated.
    """
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if "BodyRequestOptions" in str(text):
        return BODY_REQUEST_OPTIONS
    if "RequestOptions" in str(text):
        return REQUEST_OPTIONS
    return None


def shown_signature(sig: inspect.Signature, options: Iterable[str]) -> inspect.Signature:
    """``sig`` with ``**options`` written out as keyword parameters, for ``help()``."""
    params = [p for p in sig.parameters.values() if p.kind is not p.VAR_KEYWORD]
    params += [
        inspect.Parameter(
            n,
            inspect.Parameter.KEYWORD_ONLY,
            default=NOT_GIVEN if n == "timeout" else None,
            annotation=_SHOWN[n],
        )
        for n in sorted(options, key=list(_SHOWN).index)
    ]
    return sig.replace(parameters=params)


def unexpected(where: str, name: str, known: Iterable[str]) -> TypeError:
    """The error for a keyword a method does not take, with the likely intended one."""
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return TypeError(
        f"{where}() got an unexpected keyword argument {name!r}{hint} "
        f"(a filter the vendor's docs do not list goes in extra_query={{{name!r}: ...}})"
    )


def check_options(options: Mapping[str, Any]) -> None:
    """A clear `TypeError` for option values of the wrong kind, before anything is sent."""
    timeout = options.get("timeout")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
    ):
        raise TypeError(f"timeout must be a positive number of seconds or None, not {timeout!r}")
    for name in ("extra_headers", "extra_query", "extra_body"):
        value = options.get(name)
        if value is not None and not isinstance(value, Mapping):
            raise TypeError(f"{name} must be a mapping, not {type(value).__name__}")
    headers = options.get("extra_headers")
    if headers and not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise TypeError("extra_headers must map str to str")
