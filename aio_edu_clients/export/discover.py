"""Which resources of a client can be exported, read from its declarations.

An exportable resource has a ``list`` operation that returns an `AsyncPager`, has no
path parameters (it is top-level, not ``/groups/{id}/contacts``) and needs no
argument. That is read from ``Client.operations()`` and the endpoint specs, never
from a hand-kept list, so a vendor package that declares a new list operation is
exported by default the day it lands.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any

from ..core.client import BaseClient
from ..core.operations import EndpointSpec, Resource, resource
from ..core.paging import AsyncPager

LIST = "list"


def _spec(client_cls: type[BaseClient], name: str, method: str) -> EndpointSpec | None:
    declared = getattr(client_cls, name, None)
    if not isinstance(declared, resource):
        return None
    found: type[Resource] = declared.cls
    return dict(found.endpoints()).get(method)


def _needs_arguments(func: Callable[..., object]) -> bool:
    params = list(inspect.signature(func).parameters.values())[1:]  # after self
    return any(
        p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL)
        for p in params
    )


def exportable_resources(client_cls: type[BaseClient]) -> list[str]:
    """Every top-level, argument-free list resource of ``client_cls``, in declaration order."""
    names: list[str] = []
    for op in client_cls.operations():
        if op.name != LIST or op.resource in names:
            continue
        spec = _spec(client_cls, op.resource, op.name)
        if (
            spec is not None
            and not spec.path_params
            and typing.get_origin(spec.returns) is AsyncPager
            and not _needs_arguments(spec.func)
        ):
            names.append(op.resource)
    return names


def item_model(client_cls: type[BaseClient], name: str) -> type[Any] | None:
    """The model ``name.list()`` yields (what typed columns are read from), if any."""
    spec = _spec(client_cls, name, LIST)
    args = typing.get_args(spec.returns) if spec is not None else ()
    return args[0] if args and isinstance(args[0], type) else None


def open_pager(client: BaseClient, name: str, page_size: int | None) -> AsyncPager[object]:
    """``client.<name>.list()``, asking for ``page_size`` items a page where it can."""
    spec = _spec(type(client), name, LIST)
    if spec is None:
        raise ValueError(f"{type(client).__name__} has no {name}.list")
    method = getattr(getattr(client, name), LIST)
    takes_size = "page_size" in inspect.signature(spec.func).parameters
    pager = method(page_size=page_size) if takes_size and page_size else method()
    return typing.cast(AsyncPager[object], pager)
