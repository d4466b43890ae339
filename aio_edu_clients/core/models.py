"""Turning vendor JSON into attrs models, leniently where vendors are inconsistent.

One cattrs converter per vendor (`make_converter`), each with the same base rules:

* ``Decimal`` from strings or numbers (floats go through ``str`` so 0.1 stays 0.1);
* timezone-aware ``datetime`` from ISO 8601 with ``Z`` or an offset (naive values are
  taken as UTC; a stray space before the ``T`` is forgiven);
* ``date`` from ``YYYY-MM-DD`` (or the date part of a timestamp);
* scalars (`int`, `float`, `str`, `bool`) only from JSON values that mean one: a
  number for an ``int`` must be integral, any number finite (``1e400`` decodes as
  ``inf`` and is refused here), and a list or object is never turned into a string;
* open enums (`OpenEnum`): unknown values become pseudo-members, never errors;
* unknown fields never break parsing: they are kept on the model's ``extra`` mapping.

Whatever a hook meets, it raises ``TypeError`` or ``ValueError`` (never
``OverflowError`` or ``RecursionError``), and `ModelConverter` turns any failure into a
`DecodeError` naming the field, and the item of a page, where the payload broke.

Hot path: ``detailed_validation=False`` (about a quarter faster). When structuring
fails, `ModelConverter.structure` re-runs the failing payload through a detailed
converter only to explain *where* it failed, then raises `DecodeError`.
"""

from __future__ import annotations

import enum
import math
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal, DefaultContext, InvalidOperation
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ..errors import DecodeError
from .hydrate import InlineParser, can_generate, make_structure_fn
from .payload import register_payloads

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


class _NoExtra(dict[str, Any]):
    """The ``extra`` of every hydrated model the vendor sent nothing unknown for.

    One shared, empty, read-only dict instead of an empty dict per model: on a page of
    TutorCruncher clients that is nine allocations fewer per client, and so fewer runs
    of the garbage collector (a sixth of the hydration time). It is still a dict
    (``json.dumps``, ``==``, ``**`` work) and unpickles as itself.
    """

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a model's extra is read-only")

    __setitem__ = __delitem__ = __ior__ = _read_only
    setdefault = pop = popitem = clear = update = _read_only

    def __reduce__(self) -> tuple[Any, ...]:
        return (_no_extra, ())

    def __copy__(self) -> _NoExtra:
        return self

    def __deepcopy__(self, memo: Any) -> _NoExtra:
        return self


NO_EXTRA: Mapping[str, Any] = _NoExtra()


def _no_extra() -> Mapping[str, Any]:
    return NO_EXTRA


@attrs.frozen(kw_only=True)
class Model:
    """Base of every response model: frozen, slotted, keyword-only.

    ``extra`` holds whatever fields the vendor sent that the model does not name, so
    a field added by the vendor tomorrow is reachable today.
    """

    extra: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


def _shown(value: Any) -> str:
    """``value`` for an error message: short, and never the repr of a container.

    The repr of a deeply nested list raises RecursionError, and that of a long string
    would put the whole payload into the message.
    """
    if isinstance(value, Mapping | list | tuple):
        return f"a JSON {'object' if isinstance(value, Mapping) else 'array'}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return "a huge integer"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# What the default decimal context can compute with: 1e1000000 parses as a Decimal,
# but adding anything to it raises decimal.Overflow in the user's code.
_DECIMAL_EXPONENTS = range(DefaultContext.Emin, DefaultContext.Emax + 1)


def parse_decimal(value: Any, _: Any = None) -> Decimal:
    """A finite ``Decimal`` from a string or a number; ``ValueError``/``TypeError`` if none.

    NaN and infinities are refused whatever their form (``"NaN"``, a float ``inf``
    from ``1e400``), and so are exponents the default context cannot compute with.
    """
    if value.__class__ is str:  # the common case first: Decimal() strips as str.strip does
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a decimal: {_shown(value)}") from None
        if result.is_finite() and (not result or result.adjusted() in _DECIMAL_EXPONENTS):
            return result
    if isinstance(value, bool):
        raise TypeError("a boolean is not a decimal")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal: {_shown(value)}") from None
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))  # repr, so that 0.1 stays 0.1
    else:
        raise TypeError(f"not a decimal: {_shown(value)}")
    if not result.is_finite():
        raise ValueError(f"not a finite decimal: {_shown(value)}")
    if result and result.adjusted() not in _DECIMAL_EXPONENTS:
        raise ValueError(f"decimal out of range: {_shown(value)}")
    return result


# No ISO 8601 timestamp is longer ("2020-01-01T00:00:00.123456789+05:30" is 35); Python
# 3.11's fromisoformat reads a run of 5,000 digits as a date and time, and should not.
_MAX_TIMESTAMP = 64
_EDGE_YEARS = (1, 9999)


def parse_datetime(value: Any, _: Any = None) -> datetime:
    """An aware ``datetime`` from ISO 8601 text; ``ValueError``/``TypeError`` if none.

    A value in year 1 or 9999 whose offset puts it outside ``datetime``'s range in UTC
    (``9999-12-31T23:00-05:00``) is refused: comparing or converting it would raise
    OverflowError wherever it is used.
    """
    if value.__class__ is str and len(value) <= _MAX_TIMESTAMP:
        # The common case first: Python 3.11 reads ``Z`` itself; anything it cannot
        # read (a stray space, surrounding blanks) takes the forgiving path below.
        try:
            result = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if result.tzinfo is None:
                result = result.replace(tzinfo=UTC)
            if result.year not in _EDGE_YEARS:
                return result
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, str):
        text = value.strip().replace(" T", "T")
        if len(text) > _MAX_TIMESTAMP:
            raise ValueError(f"not a timestamp: {_shown(value)}")
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        result = datetime.fromisoformat(text)
    else:
        raise TypeError(f"not a timestamp: {_shown(value)}")
    if result.tzinfo is None:
        result = result.replace(tzinfo=UTC)
    if result.year in _EDGE_YEARS:
        try:
            result.astimezone(UTC)
        except OverflowError:
            raise ValueError(f"timestamp out of range: {_shown(value)}") from None
    return result


def parse_date(value: Any, _: Any = None) -> date:
    """A ``date`` from ``YYYY-MM-DD`` or a timestamp; ``ValueError``/``TypeError`` if none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 10:
            return parse_datetime(text).date()
        return date.fromisoformat(text)
    raise TypeError(f"not a date: {_shown(value)}")


_BOOL_WORDS = {"true": True, "false": False, "1": True, "0": False}


def to_scalar(cls: type[Any], value: Any) -> Any:
    """``value`` as the scalar type ``cls`` if it means one; else ``TypeError``/``ValueError``.

    Vendors send ids as numbers or strings and counts as strings, so those convert; but
    ``str({...})`` or ``bool("false")`` would hide a broken payload behind a plausible
    value, and ``int(1e400)`` raises OverflowError. So: nothing becomes a string but a
    string or a finite number; an ``int`` comes from an integral finite number or an
    integer string; a ``float`` must be finite; a ``bool`` comes from a boolean, 0/1 or
    ``"true"``/``"false"``; a boolean is no number.
    """
    if value.__class__ is cls:
        if cls is float and not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return value
    if isinstance(value, Mapping | list | tuple):
        raise TypeError(f"expected {cls.__name__}, got {_shown(value)}")
    if cls is bool:
        if isinstance(value, str):
            word = _BOOL_WORDS.get(value.strip().lower())
            if word is not None:
                return word
        elif isinstance(value, int | float | Decimal) and value in (0, 1):
            return bool(value)
        raise ValueError(f"not a boolean: {_shown(value)}")
    if isinstance(value, bool):
        raise TypeError(f"expected {cls.__name__}, got a boolean")
    if cls is Decimal:
        return parse_decimal(value)
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {_shown(value)}")
    if cls is int and isinstance(value, float | Decimal) and value != int(value):
        raise ValueError(f"not an integer: {_shown(value)}")
    try:
        result = cls(value)
    except OverflowError:  # float(10**400)
        raise ValueError(f"out of range for {cls.__name__}: {_shown(value)}") from None
    if cls is float and not math.isfinite(result):  # float("1e400"), float("nan")
        raise ValueError(f"not a finite number: {_shown(value)}")
    return result


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
    if type(value) in args and not (type(value) is float and not math.isfinite(value)):
        return value
    for arg in args:
        if arg is type(None):
            continue
        try:
            return to_scalar(arg, value)
        except (TypeError, ValueError):
            continue
    raise TypeError(f"{_shown(value)} fits none of {t}")


def _scalar_union_hook(t: Any) -> Callable[[Any, Any], Any]:
    """`_structure_scalar_union` for ``t``, with the members looked up once, not per value."""
    members = frozenset(typing.get_args(t))

    def structure(value: Any, _: Any) -> Any:
        cls = value.__class__
        if cls in members and not (cls is float and not math.isfinite(value)):
            return value
        return _structure_scalar_union(value, t)

    return structure


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
    """A string, or a number as its text; anything else is a ``TypeError``.

    Checked here, not left to ``cls(value)``, whose error message is the repr of the
    value: a RecursionError for a deeply nested one.
    """
    if isinstance(value, str):
        known = cls._value2member_map_.get(value)
        return known if known is not None else cls(value)  # type: ignore[return-value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return cls(str(value))
    raise TypeError(f"expected {cls.__name__} (a string), got {_shown(value)}")


def _structure_plain_scalar(value: Any, t: type[Any]) -> Any:
    """A required ``str``/``int``/``float``/``bool`` field: the value if it is one, else `to_scalar`."""
    return value if value.__class__ is t and t is not float else to_scalar(t, value)


Configure = Callable[[cattrs.Converter], None]

# The common case of `parse_decimal`, `parse_datetime` and `parse_date`, for the generated hydration
# functions to do inline (`hydrate.make_structure_fn`): a plain value that parses and
# needs no check is kept; anything else, including every error, goes to the parser.
_INLINE_PARSERS: dict[Any, InlineParser] = {
    Decimal: (
        parse_decimal,
        [
            "c = v.__class__",
            "d = Decimal(v) if (c is str and 0 < len(v) < 30) or c is int else None",
            "ok = d is not None and d.is_finite() and (not d or d.adjusted() in EXPONENTS)",
            "v = d if ok else h{i}(v, t{i})",
        ],
        {"Decimal": Decimal, "EXPONENTS": _DECIMAL_EXPONENTS},
    ),
    datetime: (
        parse_datetime,
        [
            "try:",
            "    d = fromisoformat(v) if v.__class__ is str and len(v) <= 64 else None",
            "except ValueError:",
            "    d = None",
            "ok = d is not None and d.tzinfo is not None and 1 < d.year < 9999",
            "v = d if ok else h{i}(v, t{i})",
        ],
        {"fromisoformat": datetime.fromisoformat},
    ),
    date: (
        parse_date,
        [
            "try:",
            "    d = fromisodate(v) if v.__class__ is str and len(v) == 10 else None",
            "except ValueError:",
            "    d = None",
            "v = d if d is not None else h{i}(v, t{i})",
        ],
        {"fromisodate": date.fromisoformat},
    ),
}


def _build(detailed: bool, configure: Configure | None) -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=False)
    # By class: cattrs looks classes up (most specific first) before any predicate, so
    # the OpenEnums, which are ``str`` subclasses, are registered by class as well.
    for scalar in (str, int, float, bool):
        conv.register_structure_hook(scalar, _structure_plain_scalar)
    conv.register_structure_hook(OpenEnum, _structure_open_enum)
    conv.register_structure_hook(Decimal, parse_decimal)
    conv.register_structure_hook(datetime, parse_datetime)
    conv.register_structure_hook(date, parse_date)
    conv.register_structure_hook_factory(_is_scalar_union, _scalar_union_hook)
    register_payloads(conv)

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
        if inner_type in (str, int, bool):

            def scalar(value: Any, _: Any) -> Any:
                if value is None or value.__class__ is inner_type:
                    return value
                return to_scalar(inner_type, value)

            return scalar
        if inner_type is float:

            def finite(value: Any, _: Any) -> Any:
                if value is None or (value.__class__ is float and math.isfinite(value)):
                    return value
                return to_scalar(float, value)

            return finite
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
        if not detailed and can_generate(cl):
            return make_structure_fn(
                cl,
                conv,
                extra_field=EXTRA_FIELD,
                no_extra=NO_EXTRA,
                to_scalar=to_scalar,
                enum_hook=_structure_open_enum,
                inline_parsers=_INLINE_PARSERS,
            )
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


@attrs.frozen
class Unparsed:
    """An item of a listing that does not fit its model, kept as the vendor sent it.

    A listing of 50,000 records should not be lost to one vendor's ``"string"`` in a
    decimal field: `AsyncPager.keep_unparsed` yields these in the item's place instead
    of raising. ``data`` is the decoded JSON item, untouched; ``error`` the `DecodeError`
    that hydrating it raised (naming the field that broke).
    """

    data: Any
    error: DecodeError = attrs.field(repr=lambda e: repr(str(e)))


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
        """A page of items: the hook is looked up once; a failure names the item (``$[3].id``)."""
        hook = self.fast.get_structure_hook(cl)
        try:
            return [hook(item, cl) for item in items]
        except Exception:
            pass
        for index, item in enumerate(items if isinstance(items, list | tuple) else ()):
            try:
                hook(item, cl)
            except Exception:
                raise self._explain(item, cl, where, path=f"$[{index}]") from None
        # Not a list at all (or a failure no single item shows): explain the whole.
        raise self._explain(items, list[cl], where)  # type: ignore[valid-type]

    def structure_each(
        self, items: Sequence[Any], cl: type[T], *, where: str = ""
    ) -> list[T | Unparsed]:
        """Like `structure_list`, but an item that does not fit becomes an `Unparsed`.

        The page is tried whole first, so a clean page costs what `structure_list` does.
        """
        hook = self.fast.get_structure_hook(cl)
        try:
            return [hook(item, cl) for item in items]
        except Exception:
            pass
        out: list[T | Unparsed] = []
        for index, item in enumerate(items):
            try:
                out.append(hook(item, cl))
            except Exception:
                out.append(Unparsed(item, self._explain(item, cl, where, path=f"$[{index}]")))
        return out

    def structure(self, data: Any, cl: type[T], *, where: str = "") -> T:
        """Hydrate ``data`` as ``cl``; `DecodeError` saying where the payload broke."""
        try:
            return self.fast.structure(data, cl)
        except Exception:
            raise self._explain(data, cl, where) from None

    def _explain(self, data: Any, cl: Any, where: str, *, path: str = "$") -> DecodeError:
        """Why ``data`` does not fit ``cl``, found by re-running it through the detailed converter.

        Only on the error path. Every failure becomes the one `DecodeError`, a
        RecursionError included; cattrs' own explanation is bounded in length, and if
        explaining fails too, the error still says which type did not fit.
        """
        if self._detailed is None:
            self._detailed = _build(True, self._configure)
        try:
            self._detailed.structure(data, cl)
        except RecursionError:
            detail = f"nested too deeply @ {path}"
        except Exception as exc:
            detail = _describe(exc, path)
        else:  # pragma: no cover - the fast converter failed where the detailed one did not
            detail = f"payload does not fit the model @ {path}"
        return DecodeError(
            f"{self.vendor} {where}: response does not fit {_type_name(cl)}: {detail}",
            vendor=self.vendor,
        )


def _type_name(t: Any) -> str:
    """``Client``, ``list[Client]``: a type as a message names it."""
    if isinstance(t, type):
        return t.__name__
    origin, args = typing.get_origin(t), typing.get_args(t)
    if isinstance(origin, type) and args:
        return f"{origin.__name__}[{', '.join(_type_name(a) for a in args)}]"
    return str(t)


_MAX_DETAIL = 1000


def _describe(exc: Exception, path: str) -> str:
    """cattrs' ``field @ $.path`` explanation of ``exc``, at most `_MAX_DETAIL` characters."""
    try:
        if isinstance(exc, cattrs.BaseValidationError):
            detail = "; ".join(cattrs.transform_error(exc, path=path))
        else:
            detail = f"{type(exc).__name__}: {exc} @ {path}"
    except Exception:  # RecursionError formatting a pathological error tree, say
        detail = f"{type(exc).__name__} @ {path}"
    return detail if len(detail) <= _MAX_DETAIL else detail[: _MAX_DETAIL - 1] + "…"
