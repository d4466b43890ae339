"""Endpoints declared as data, and the resources that hold them.

A vendor declares an endpoint as a typed method whose body is only its docstring::

    class Clients(Resource):
        @endpoint("GET", "/clients/{id}/")
        async def get(self, id: int) -> Client:
            \"\"\"One client.\"\"\"

The decorator reads everything else from the signature, once: parameters named in
the path template fill it; ``data`` is the request body; ``max_items``, ``page_size``
and ``concurrency`` shape the pager; ``**options: Unpack[RequestOptions]`` (which
every endpoint ends with) are the per-call options of `core.options`; every other
parameter is a query parameter, sent only when not None. Only the documented filters
are parameters: a misspelled one is a `TypeError` (and a mypy error), never a query
parameter the vendor silently ignores. The return annotation says what comes
back: ``AsyncPager[M]`` for a paged list, a model class, ``list[M]``, ``Response``
for the raw answer, ``Any`` for plain JSON, ``None`` for no body. So an endpoint is a
few lines, every endpoint is typed for the caller, and ``Client.operations()`` is a
walk over the declarations. The request itself is made in `BaseClient`, once for all.
"""

from __future__ import annotations

import functools
import inspect
import re
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import attrs

from .options import BODY_REQUEST_OPTIONS, option_names, shown_signature, unexpected

if TYPE_CHECKING:
    from .client import BaseClient

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R", bound="Resource")

PAGER_OPTIONS = frozenset({"max_items", "page_size", "concurrency"})
_PLACEHOLDER = re.compile(r"{(\w+)}")


@attrs.frozen
class Operation:
    """One endpoint as the vendor writes it: ``GET /clients/{id}/`` on ``clients.get``."""

    resource: str
    name: str
    method: str
    path: str
    summary: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.path}  ({self.resource}.{self.name})"


@attrs.frozen
class EndpointSpec:
    """What the decorator knows before any call: the static half of an operation."""

    method: str
    path: str
    unwrap: str | None
    body: Literal["json", "form"]
    body_fields: tuple[str, ...]
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    takes_body: bool
    options_param: str
    options: frozenset[str]
    func: Callable[..., Any]

    @functools.cached_property
    def returns(self) -> Any:
        """The return annotation, resolved on first call (models may be defined later)."""
        return typing.get_type_hints(self.func).get("return")


def endpoint(
    method: str,
    path: str,
    *,
    unwrap: str | None = None,
    body: Literal["json", "form"] = "json",
    fields: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Declare a resource method as the endpoint ``method path`` (see module docstring).

    ``unwrap`` names the key of an envelope to take the result from (TutorCruncher's
    ``{"status": ..., "role": {...}}``); ``body="form"`` sends ``data`` form-encoded;
    ``fields`` names parameters sent as body fields rather than query parameters
    (``add_label(id, label=3)`` posts ``{"label": 3}``).
    """

    def decorate(func: F) -> F:
        sig = inspect.signature(func)
        names = [p for p in sig.parameters if p != "self"]
        placeholders = tuple(_PLACEHOLDER.findall(path))
        missing = set(placeholders) - set(names)
        if missing:
            raise TypeError(f"{func.__qualname__}: path needs parameters {sorted(missing)}")
        var_kw = next(
            (p for p in sig.parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD),
            None,
        )
        options = option_names(var_kw.annotation) if var_kw is not None else None
        takes_body = "data" in names or bool(fields)
        kind = "BodyRequestOptions" if takes_body else "RequestOptions"
        if var_kw is None or options is None or (options == BODY_REQUEST_OPTIONS) != takes_body:
            raise TypeError(f"{func.__qualname__} must end with **options: Unpack[{kind}]")
        spec = EndpointSpec(
            method=method.upper(),
            path=path,
            unwrap=unwrap,
            body=body,
            path_params=placeholders,
            query_params=tuple(
                n
                for n in names
                if n not in placeholders
                and n not in fields
                and n not in ("data", var_kw.name)
                and n not in PAGER_OPTIONS
            ),
            takes_body=takes_body,
            body_fields=fields,
            options_param=var_kw.name,
            options=options,
            func=func,
        )

        bind = _binder(sig, options, func.__qualname__)
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def call_async(self: Resource, *args: Any, **kwargs: Any) -> Any:
                return await self._client._call(spec, bind(self, args, kwargs))

            wrapper: Any = call_async
        else:

            @functools.wraps(func)
            def call_sync(self: Resource, *args: Any, **kwargs: Any) -> Any:
                return self._client._paginate(spec, bind(self, args, kwargs))

            wrapper = call_sync
        wrapper.__endpoint__ = spec
        wrapper.__bind__ = bind
        wrapper.__signature__ = shown_signature(sig, options)
        return typing.cast(F, wrapper)

    return decorate


def _binder(
    sig: inspect.Signature, options: frozenset[str], where: str
) -> Callable[[Any, tuple[Any, ...], dict[str, Any]], dict[str, Any]]:
    """``sig.bind(...)`` with defaults applied, as a dict: fast for well-formed calls.

    Binding runs on every call, and `inspect.Signature.bind` alone was a fifth of the
    library's own time per request. Calls that are not plainly well formed (too many
    positional arguments, a missing or doubled one) go to ``sig.bind`` for its error.
    ``**options`` takes only the option names: anything else is the caller's typo.
    """
    kinds = inspect.Parameter
    params = list(sig.parameters.values())[1:]  # self
    positional = [p.name for p in params if p.kind is kinds.POSITIONAL_OR_KEYWORD]
    keyword = {
        p.name for p in params if p.kind in (kinds.POSITIONAL_OR_KEYWORD, kinds.KEYWORD_ONLY)
    }
    var_kw = next(p.name for p in params if p.kind is kinds.VAR_KEYWORD)
    defaults = {p.name: p.default for p in params if p.default is not p.empty}
    required = keyword - defaults.keys()
    known = sorted(keyword | options)
    simple = all(
        p.kind is not kinds.VAR_POSITIONAL and p.kind is not kinds.POSITIONAL_ONLY for p in params
    )

    def slow(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        for name in kwargs:
            if name not in keyword and name not in options:
                raise unexpected(where, name, known)
        bound = sig.bind(self, *args, **kwargs)
        bound.apply_defaults()
        return dict(bound.arguments)

    def bind(self: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        if not simple or len(args) > len(positional):
            return slow(self, args, kwargs)
        arguments = {"self": self, **defaults}
        arguments.update(zip(positional, args, strict=False))
        extra: dict[str, Any] = {}
        for name, value in kwargs.items():
            if name in keyword and name not in positional[: len(args)]:
                arguments[name] = value
            elif name in options:
                extra[name] = value
            else:
                return slow(self, args, kwargs)  # a duplicate or unknown: say which
        arguments[var_kw] = extra
        if not required.issubset(arguments):
            return slow(self, args, kwargs)
        return arguments

    return bind


class Resource:
    """A group of endpoints under one path segment; holds nothing but its client."""

    def __init__(self, client: BaseClient) -> None:
        self._client = client

    @classmethod
    def endpoints(cls) -> list[tuple[str, EndpointSpec]]:
        """(method name, spec) for every declared endpoint, in declaration order."""
        found: dict[str, EndpointSpec] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                spec = getattr(value, "__endpoint__", None)
                if isinstance(spec, EndpointSpec):
                    found[name] = spec
        return list(found.items())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"


class resource(Generic[R]):
    """Declares a resource attribute on a client class; one instance per client, made lazily."""

    def __init__(self, cls: type[R]) -> None:
        self.cls = cls
        self.name = ""
        # help(Client) lists each resource with what it is and what it holds.
        own = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
        summary = own.split("\n")[0] + " " if own else ""
        methods = ", ".join(name for name, _ in cls.endpoints())
        self.__doc__ = f"{summary}Methods: {methods}."

    def __repr__(self) -> str:
        return f"<resource {self.cls.__name__}>"

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> resource[R]: ...

    @overload
    def __get__(self, obj: object, owner: type[Any]) -> R: ...

    def __get__(self, obj: object | None, owner: type[Any]) -> resource[R] | R:
        if obj is None:
            return self
        cache: dict[str, Any] = obj.__dict__.setdefault("_resource_cache", {})
        found = cache.get(self.name)
        if found is None:
            found = cache[self.name] = self.cls(typing.cast("BaseClient", obj))
        return typing.cast(R, found)


def operations_of(client_cls: type[Any]) -> list[Operation]:
    """Every endpoint declared on the resources of ``client_cls``."""
    ops: list[Operation] = []
    for klass in reversed(client_cls.__mro__):
        for attr, value in vars(klass).items():
            if isinstance(value, resource):
                for name, spec in value.cls.endpoints():
                    doc = inspect.getdoc(spec.func) or ""
                    ops.append(Operation(attr, name, spec.method, spec.path, doc.split("\n")[0]))
    return ops
