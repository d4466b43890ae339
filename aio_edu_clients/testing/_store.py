"""The fakes' record stores: plain dicts that keep their ids sorted between changes.

Tests read and edit ``fake.clients`` like any dict. List handlers need the ids in
order on every request; re-sorting each time would make a page cost O(n log n), so
the order is cached and dropped whenever a key is added or removed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["IdStore", "page_after", "sorted_ids"]

Record = dict[str, Any]


class IdStore(dict[int, Record]):
    """``dict[int, record]`` with a cached ascending id list (``ids()``)."""

    __slots__ = ("_ids",)

    def __init__(self, items: Mapping[int, Record] | Iterable[tuple[int, Record]] = ()) -> None:
        super().__init__(items)
        self._ids: list[int] | None = None

    def ids(self) -> list[int]:
        """The ids, ascending. Shared: do not mutate the returned list."""
        if self._ids is None:
            self._ids = sorted(self)
        return self._ids

    def next_id(self) -> int:
        """One above the highest id, as a database sequence would hand out."""
        ids = self.ids()
        return ids[-1] + 1 if ids else 1

    # Every key-changing dict method drops the cached order.

    def __setitem__(self, key: int, value: Record) -> None:
        if key not in self:
            self._ids = None
        super().__setitem__(key, value)

    def __delitem__(self, key: int) -> None:
        super().__delitem__(key)
        self._ids = None

    def __ior__(self, other: Any) -> IdStore:  # type: ignore[override,misc]
        self.update(other)
        return self

    def pop(self, key: int, *default: Any) -> Any:
        self._ids = None
        return super().pop(key, *default)

    def popitem(self) -> tuple[int, Record]:
        self._ids = None
        return super().popitem()

    def clear(self) -> None:
        self._ids = None
        super().clear()

    def setdefault(self, key: int, default: Record | None = None) -> Record:
        if key not in self:
            self._ids = None
        return super().setdefault(key, default if default is not None else {})

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._ids = None
        super().update(*args, **kwargs)


def sorted_ids(records: Mapping[int, Record]) -> list[int]:
    """Ascending ids of ``records``: cached for an ``IdStore``, sorted for any other dict
    (a test may have replaced the store with a plain one)."""
    return records.ids() if isinstance(records, IdStore) else sorted(records)


def page_after(ids: list[int], after: int, size: int) -> list[int]:
    """Keyset paging: up to ``size`` ids of the ascending ``ids`` greater than ``after``."""
    start = bisect_right(ids, after)
    return ids[start : start + size]
