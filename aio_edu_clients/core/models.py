"""Turning vendor JSON into attrs models, leniently where vendors are inconsistent.

One cattrs converter per vendor (`make_converter`), each with the same base rules:

* ``Decimal`` from strings or numbers (floats go through ``str`` so 0.1 stays 0.1);
* timezone-aware ``datetime`` from ISO 8601 with ``Z`` or an offset (naive values are
  taken as UTC; a stray space before the ``T`` is forgiven);
* ``date`` from ``YYYY-MM-DD`` (or the date part of a timestamp);
* open enums (`OpenEnum`): unknown values become pseudo-members, never errors;
* unknown fields never break parsing: they are kept on the model's ``extra`` mapping.

Hot path: ``detailed_validation=False`` (about a quarter faster). When structuring
fails, `ModelConverter.structure` re-runs the failing payload through a detailed
converter only to explain *where* it failed, then raises `DecodeError`.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..errors import DecodeError

T = TypeVar("T")

EXTRA_FIELD = "extra"


class OpenEnum(enum.StrEnum):
    """A string enum that accepts values it does not know.

    Vendors add statuses without notice; an unknown value becomes a pseudo-member whose
    ``.value`` is the raw string (``.known`` is False), so parsing never fails and the
    value stays reachable and comparable to plain strings.
    """

    @classmethod
    def _missing_(cls, value: object) -> OpenEnum | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def known(self) -> bool:
        return self._name_ in type(self).__members__


@attrs.frozen(kw_only=True)
class Model:
    """Base of every response model: frozen, slotted, keyword-only.

    ``extra`` holds whatever fields the vendor sent that the model does not name, so
    a field added by the vendor tomorrow is reachable today.
    """

    extra: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


def parse_decimal(value: Any, _: Any = None) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a decimal")
    if isinstance(value, int | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal: {value!r}") from None
        if not result.is_finite():
            raise ValueError(f"not a finite decimal: {value!r}")
        return result
    if isinstance(value, float):
        return Decimal(repr(value))
    raise TypeError(f"not a decimal: {value!r}")


def parse_datetime(value: Any, _: Any = None) -> datetime:
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        text = value.strip().replace(" T", "T")
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        result = datetime.fromisoformat(text)
    else:
        raise TypeError(f"not a timestamp: {value!r}")
    return result if result.tzinfo is not None else result.replace(tzinfo=UTC)


def parse_date(value: Any, _: Any = None) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 10:
            return parse_datetime(text).date()
        return date.fromisoformat(text)
    raise TypeError(f"not a date: {value!r}")


_SCALARS = (bool, int, float, str, Decimal)


def _is_scalar_union(t: Any) -> bool:
    args = typing.get_args(t)
    return (
        typing.get_origin(t) in (typing.Union, types.UnionType)
        and sum(a is not type(None) for a in args) > 1
        and all(a in _SCALARS or a is type(None) for a in args)
    )


def _structure_scalar_union(value: Any, t: Any) -> Any:
    """``int | bool`` and friends: keep a value of a member type as is, else convert.

    Vendors document one type and send another (``auto_charge``: 0/10/20 or ``true``).
    """
    args = typing.get_args(t)
    if value is None and type(None) in args:
        return None
    if type(value) in args:
        return value
    for arg in args:
        if arg is type(None):
            continue
        try:
            return parse_decimal(value) if arg is Decimal else arg(value)
        except (TypeError, ValueError):
            continue
    raise TypeError(f"{value!r} fits none of {t}")


def _is_optional(t: Any) -> bool:
    args = typing.get_args(t)
    return (
        typing.get_origin(t) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _is_model_or_scalar(t: Any) -> bool:
    """``int | AdminRef``: an id in one response, the object in another."""
    args = [a for a in typing.get_args(t) if a is not type(None)]
    if typing.get_origin(t) not in (typing.Union, types.UnionType):
        return False
    models = [a for a in args if isinstance(a, type) and issubclass(a, Model)]
    return len(models) == 1 and all(a in _SCALARS for a in args if a not in models)


def _structure_open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return cls(value)


Configure = Callable[[cattrs.Converter], None]


def _build(detailed: bool, configure: Configure | None) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=False)
    conv.register_structure_hook(Decimal, parse_decimal)
    conv.register_structure_hook(datetime, parse_datetime)
    conv.register_structure_hook(date, parse_date)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, OpenEnum), _structure_open_enum
    )
    conv.register_structure_hook_func(_is_scalar_union, _structure_scalar_union)

    def _structure_model_or_scalar(value: Any, t: Any) -> Any:
        args = typing.get_args(t)
        model_type = next(a for a in args if isinstance(a, type) and issubclass(a, Model))
        if isinstance(value, Mapping):
            return conv.structure(value, model_type)
        if value is None and type(None) in args:
            return None
        scalars = tuple(a for a in args if a is not model_type)
        return _structure_scalar_union(value, typing.Union[scalars])  # noqa: UP007

    conv.register_structure_hook_func(_is_model_or_scalar, _structure_model_or_scalar)

    def _optional_hook(t: Any) -> Callable[[Any, Any], Any]:
        """``X | None``, the type of nearly every field: one call, not cattrs' two."""
        (inner_type,) = (a for a in typing.get_args(t) if a is not type(None))
        if inner_type in (str, int, float, bool):

            def scalar(value: Any, _: Any) -> Any:
                if value is None or value.__class__ is inner_type:
                    return value
                return inner_type(value)

            return scalar
        # Resolved on first use: models may refer to each other in a cycle.
        resolved: list[Callable[[Any, Any], Any]] = []

        def optional(value: Any, _: Any) -> Any:
            if value is None:
                return None
            if not resolved:
                resolved.append(conv.get_structure_hook(inner_type))
            return resolved[0](value, inner_type)

        return optional

    conv.register_structure_hook_factory(_is_optional, _optional_hook)
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, OpenEnum), lambda e: e.value
    )
    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_unstructure_hook(date, lambda d: d.isoformat())

    def _is_model(t: Any) -> bool:
        return isinstance(t, type) and issubclass(t, Model)

    def _model_hook(cl: type[Any]) -> Callable[[Any, Any], Any]:
        base = make_dict_structure_fn(
            cl, conv, _cattrs_detailed_validation=detailed, extra=override(omit=True)
        )
        known = frozenset(f.alias or f.name for f in attrs.fields(cl)) - {EXTRA_FIELD}

        def structure_model(data: Any, _: Any) -> Any:
            if not isinstance(data, Mapping):
                raise TypeError(f"expected an object for {cl.__name__}, got {type(data).__name__}")
            obj = base(data, cl)
            if not known.issuperset(data):
                object.__setattr__(
                    obj, EXTRA_FIELD, {k: v for k, v in data.items() if k not in known}
                )
            return obj

        return structure_model

    def _model_unstructure(cl: type[Any]) -> Callable[[Any], Any]:
        base = make_dict_unstructure_fn(cl, conv, extra=override(omit=True))

        def unstructure_model(obj: Any) -> Any:
            out = base(obj)
            extra = getattr(obj, EXTRA_FIELD)
            return {**extra, **out} if extra else out

        return unstructure_model

    conv.register_structure_hook_factory(_is_model, _model_hook)
    conv.register_unstructure_hook_factory(_is_model, _model_unstructure)
    if configure is not None:
        configure(conv)
    return conv


class ModelConverter:
    """A vendor's converter: fast for the hot path, detailed only to explain a failure.

    ``configure`` adds the vendor's own hooks (to both converters alike).
    """

    def __init__(self, vendor: str, configure: Configure | None = None) -> None:
        self.vendor = vendor
        self._configure = configure
        self.fast = _build(False, configure)
        self._detailed: cattrs.Converter | None = None

    def unstructure(self, obj: Any) -> Any:
        return self.fast.unstructure(obj)

    def structure_list(self, items: Sequence[Any], cl: type[T], *, where: str = "") -> list[T]:
        """A page of items: the hook is looked up once, errors explained as in `structure`."""
        hook = self.fast.get_structure_hook(cl)
        try:
            return [hook(item, cl) for item in items]
        except Exception:
            return [self.structure(item, cl, where=where) for item in items]

    def structure(self, data: Any, cl: type[T], *, where: str = "") -> T:
        """Hydrate ``data`` as ``cl``; `DecodeError` saying where the payload broke."""
        try:
            return self.fast.structure(data, cl)
        except Exception:
            pass
        if self._detailed is None:
            self._detailed = _build(True, self._configure)
        try:
            self._detailed.structure(data, cl)
        except Exception as exc:
            if isinstance(exc, cattrs.BaseValidationError):
                detail = "; ".join(cattrs.transform_error(exc))
            else:
                detail = f"{type(exc).__name__}: {exc}"
        else:
            detail = "payload does not fit the model"
        name = getattr(cl, "__name__", str(cl))
        raise DecodeError(
            f"{self.vendor} {where}: response does not fit {name}: {detail}", vendor=self.vendor
        ) from None
