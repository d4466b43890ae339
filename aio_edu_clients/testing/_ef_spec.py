"""A typed view of the generated Eduframe snapshot (`_ef_catalogue`, `_ef_schemas`).

The snapshot is plain literals so that regenerating it never touches code; this
module turns its rows into ``Op`` objects and its one-line schemas into field lists,
once, at import, and says which schema each store's records have.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ._ef_catalogue import ROWS
from ._ef_schemas import SCHEMAS

__all__ = ["OPERATIONS", "STORE_SCHEMAS", "Field", "Op", "fields", "split_kind"]


@dataclass(frozen=True, slots=True)
class Op:
    """One operation the fake serves (see the columns in `_ef_catalogue`)."""

    method: str
    path: str
    operation_id: str
    tag: str
    status: int
    shape: str  # list | object | none | created | map
    schema: str
    required: tuple[str, ...]
    body: tuple[tuple[str, str], ...]  # request fields: (name, int|num|str|bool|arr|obj|any)
    paged: bool
    sorts: tuple[str, ...]
    filters: tuple[tuple[str, str], ...]
    kind: str  # list get create update delete singleton pdf upsert signup action:* sublist:*
    store: str
    parents: tuple[tuple[str, str, str], ...]  # (path parameter, parent store or "", field)
    legacy: bool

    @property
    def key_param(self) -> str:
        """The path parameter naming the record an item operation acts on (the last)."""
        return self.path.rsplit("{", 1)[-1].partition("}")[0]

    @property
    def route(self) -> str:
        """The aiohttp route under ``/api/v1``."""
        return "/api/v1" + self.path


OPERATIONS: tuple[Op, ...] = tuple(Op(*row) for row in ROWS)


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a flattened schema: ``kind`` without the nullable mark."""

    name: str
    kind: str
    nullable: bool


@cache
def fields(schema: str) -> tuple[Field, ...]:
    """The fields of a snapshot schema, in the spec's order."""
    out = []
    for word in SCHEMAS.get(schema, "").split():
        name, _, kind = word.partition(":")
        out.append(Field(name, kind.rstrip("?"), kind.endswith("?")))
    return tuple(out)


def split_kind(kind: str) -> tuple[str, tuple[str, ...]]:
    """``enum(a|b)`` → ``("enum", ("a", "b"))``; anything else → ``(kind, ())``."""
    if kind.startswith("enum("):
        return "enum", tuple(kind[5:-1].split("|"))
    return kind, ()


def _store_schemas() -> dict[str, str]:
    """Each store's record schema: its get-one response, else its list items, else what
    its create answers. Aliased views (``/planning/teachers`` lists teachers as
    ``User``) never decide a store's schema because a get-one exists for them."""
    ranked: dict[str, tuple[int, str]] = {}
    rank = {"get": 0, "singleton": 0, "list": 1, "create": 2, "update": 3}
    for op in OPERATIONS:
        if op.kind in rank and op.schema and op.shape in ("object", "list"):
            mine = (rank[op.kind], op.schema)
            if op.store not in ranked or mine[0] < ranked[op.store][0]:
                ranked[op.store] = mine
    return {store: schema for store, (_, schema) in ranked.items()}


STORE_SCHEMAS: dict[str, str] = _store_schemas()
