"""The hot path of hydration: one generated function per model class.

cattrs' generated structuring functions call a hook per field (two for ``X | None``),
collect the values in a dict and call the class with ``**kwargs``; on a page of
TutorCruncher clients that was four fifths of the time from bytes to models. The
functions made here do for each field only what its type needs, inline:

* ``str``/``int``/``bool`` (optional or not): a class check, and `to_scalar` only
  for a value of another type (an id sent as a string);
* an `OpenEnum`: a dictionary lookup of the known members;
* anything else (models, lists, decimals, timestamps, vendor hooks): the converter's
  own hook for the type, looked up on the first call (models may refer to each other
  in a cycle) and called directly after that;

and fill the instance's slots through their descriptors instead of ``__init__``
(half the cost for a frozen attrs class, which sets each field through
``object.__setattr__``); a model with nothing unknown shares one empty ``extra``.

What is accepted and what is refused is exactly what the cattrs path decides (the
detailed converter, which explains failures, still is that path): the same
`to_scalar` rules, the same hooks, defaults for absent keys, unknown keys on
``extra``. Any failure raises, and `ModelConverter` explains it. A class this cannot
reproduce faithfully (validators, converters, ``__attrs_pre_init__``, renamed
init parameters) keeps the cattrs function; ``__attrs_post_init__`` runs as
``__init__`` would run it, once every field is set.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs

Hook = Callable[[Any, Any], Any]
InlineParser = tuple[Hook, list[str], Mapping[str, Any]]

_PLAIN = (str, int, bool)


def can_generate(cl: type[Any]) -> bool:
    """Whether ``cl`` is plain enough that filling its slots equals calling ``__init__``."""
    if not attrs.has(cl) or "__slots__" not in cl.__dict__:
        return False
    if hasattr(cl, "__attrs_pre_init__"):
        return False
    return all(
        f.init
        and f.validator is None
        and f.converter is None
        and f.alias == f.name
        and not (isinstance(f.default, attrs.Factory) and f.default.takes_self)  # type: ignore[arg-type]
        for f in attrs.fields(cl)
    )


def _optional(t: Any) -> Any:
    """``X`` for ``X | None``, else None."""
    args = typing.get_args(t)
    if type(None) in args and len(args) == 2:
        return next(a for a in args if a is not type(None))
    return None


def _slot_setter(cl: type[Any], name: str) -> Callable[[Any, Any], None]:
    for klass in cl.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            return typing.cast(Callable[[Any, Any], None], descriptor.__set__)
    raise TypeError(f"{cl.__name__}.{name} has no slot")  # pragma: no cover - slotted classes


def make_structure_fn(
    cl: type[Any],
    conv: cattrs.Converter,
    *,
    extra_field: str,
    no_extra: Mapping[str, Any],
    to_scalar: Callable[[type[Any], Any], Any],
    enum_hook: Hook,
    inline_parsers: Mapping[Any, InlineParser] = {},
) -> Hook:
    """The structuring function for model class ``cl`` (see module docstring).

    ``inline_parsers`` maps a type to (its parser, lines doing the parser's common case
    with ``v`` in and out and ``{i}`` for the field's index, the names those lines
    use): used while the converter's hook for the type is that parser, so a vendor's
    own hook still wins.
    """
    fields = [f for f in attrs.fields(cl) if f.name != extra_field]
    hints = typing.get_type_hints(cl)
    ns: dict[str, Any] = {
        "Mapping": Mapping,
        "new": cl.__new__,
        "cl": cl,
        "to_scalar": to_scalar,
        "isfinite": math.isfinite,
        "MISSING": attrs.NOTHING,
        "known": frozenset(f.name for f in fields).issuperset,
        "set_extra": _slot_setter(cl, extra_field),
        "NO_EXTRA": no_extra,
    }
    lines = [
        "def structure(o, _=None):",
        "    if o.__class__ is not dict and not isinstance(o, Mapping):",
        f"        raise TypeError('expected an object for {cl.__name__}, got ' + type(o).__name__)",
        "    obj = new(cl)",
    ]
    for i, field in enumerate(fields):
        t = hints[field.name]
        ns[f"s{i}"] = _slot_setter(cl, field.name)
        key = repr(field.name)
        default = field.default
        inner = _optional(t)
        if default is attrs.NOTHING:
            lines.append(f"    v = o[{key}]")
            missing: list[str] = []
        elif default is None and inner is not None:
            lines.append(f"    v = o.get({key})")
            missing = []
        else:
            lines.append(f"    v = o.get({key}, MISSING)")
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                ns[f"f{i}"] = default.factory
                missing = [f"    if v is MISSING: v = f{i}()", "    else:"]
            else:
                ns[f"d{i}"] = default
                missing = [f"    if v is MISSING: v = d{i}", "    else:"]
        body = _convert(i, t, inner, conv, ns, enum_hook, inline_parsers)
        if missing:
            lines += missing
            lines += ["    " + line for line in body] or ["        pass"]
        else:
            lines += body
        lines.append(f"    s{i}(obj, v)")
    lines.append(
        "    set_extra(obj, NO_EXTRA if known(o) else {k: v for k, v in o.items() if not known((k,))})"
    )
    if hasattr(cl, "__attrs_post_init__"):  # as __init__ would, once every field is set
        lines.append("    obj.__attrs_post_init__()")
    lines.append("    return obj")
    code = "\n".join(lines)
    exec(compile(code, f"<aio_edu_clients structure {cl.__qualname__}>", "exec"), ns)
    return typing.cast(Hook, ns["structure"])


def _convert(
    i: int,
    t: Any,
    inner: Any,
    conv: cattrs.Converter,
    ns: dict[str, Any],
    enum_hook: Hook,
    inline_parsers: Mapping[Any, InlineParser],
) -> list[str]:
    """Lines that turn ``v`` into the field's type (``t``; ``inner`` if it is ``X | None``)."""
    target = inner if inner is not None else t
    guard = "v is not None and " if inner is not None else ""
    if t is Any:
        return []
    if target in _PLAIN:
        ns[f"t{i}"] = target
        return [f"    if {guard}v.__class__ is not t{i}: v = to_scalar(t{i}, v)"]
    if target is float and inner is not None:
        return [
            "    if v is not None and not (v.__class__ is float and isfinite(v)):",
            "        v = to_scalar(float, v)",
        ]
    if (
        isinstance(target, type)
        and issubclass(target, str)
        and hasattr(target, "__members__")
        and conv.get_structure_hook(target) is enum_hook  # an OpenEnum: its members by value
    ):
        ns[f"m{i}"] = target._value2member_map_.get  # type: ignore[attr-defined]
        ns[f"t{i}"] = target
        ns[f"h{i}"] = enum_hook
        return _unless_none(
            inner,
            [
                f"e = m{i}(v) if v.__class__ is str else None",
                f"v = e if e is not None else h{i}(v, t{i})",
            ],
        )
    inline = inline_parsers.get(target)
    if inline is not None and conv.get_structure_hook(target) is inline[0]:
        # The core's own parser for this type: its common case inline, the rest (and
        # every refusal) in the parser itself.
        parser, fast_path, names = inline
        ns[f"h{i}"], ns[f"t{i}"] = parser, target
        ns.update(names)
        return _unless_none(inner, [line.format(i=i) for line in fast_path])
    if typing.get_origin(target) is list and inner is None:
        # A JSON array: its items one by one, inline; anything else (None, an object)
        # goes to the converter's list hook, which decides as it always has.
        (item,) = typing.get_args(target) or (Any,)
        ns[f"t{i}"], ns[f"i{i}"] = target, item
        ns[f"h{i}"] = _first_use(conv, target, ns, f"h{i}")
        if item in _PLAIN:
            each = f"x if x.__class__ is i{i} else to_scalar(i{i}, x)"
        elif item is Any:
            each = "x"
        else:
            ns[f"e{i}"] = _first_use(conv, item, ns, f"e{i}")
            each = f"e{i}(x, i{i})"
        return [
            "    if v.__class__ is list:",
            f"        v = [{each} for x in v] if v else []",
            "    else:",
            f"        v = h{i}(v, t{i})",
        ]
    # Everything else through the converter's own hook, looked up on first use. For
    # ``X | None`` that is X's hook behind a None check, as the core's optional hook does.
    ns[f"t{i}"] = target
    ns[f"h{i}"] = _first_use(conv, target, ns, f"h{i}")
    return _unless_none(inner, [f"v = h{i}(v, t{i})"])


def _unless_none(inner: Any, body: list[str]) -> list[str]:
    """``body`` (indented), behind a None check when the field is ``X | None``."""
    if inner is None:
        return ["    " + line for line in body]
    return ["    if v is not None:", *("        " + line for line in body)]


def _first_use(conv: cattrs.Converter, t: Any, ns: dict[str, Any], name: str) -> Hook:
    """A stand-in that looks the real hook up when first called, then puts it in its place."""

    def resolve(value: Any, cl: Any) -> Any:
        hook = conv.get_structure_hook(t)
        ns[name] = hook
        return hook(value, cl)

    return resolve
