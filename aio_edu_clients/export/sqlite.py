"""SQLite: one table per resource in ``DIR/<vendor>.sqlite``, typed from the model.

A table, for a resource whose model has fields ``id``, ``name``, ``amount``::

    _position  INTEGER PRIMARY KEY  -- the item's place in the vendor's listing, from 0
    id         INTEGER              -- typed from the model (see `columns`); indexed
    name       TEXT
    amount     NUMERIC
    _record    TEXT NOT NULL        -- the item exactly as the vendor sent it (JSON)
    _unparsed  TEXT                 -- why it did not fit its model, else NULL

then one untyped column for each top-level key the model does not name, added as
keys appear. Nested values are JSON text (``json_extract`` reads them).

The key is the position, not the id, so every record has one — an item without an
id (``action_types`` has none; a broken item may lack it) as much as any — and the
table holds the listing exactly as sent, row *n* being line *n* of the JSON Lines
export. Each page is one transaction; writing a page again (after a crash between
its commit and its checkpoint) replaces the same rows. The checkpoint records the
rows written; resuming checks that rows 0 to n-1 are all there (else `NotAsRecorded`)
and deletes any past them. A fresh export drops and recreates the table: no stale rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from .columns import Column, columns_of, id_type
from .records import UNPARSED, Record, cell, dumps
from .sinks import Format, NotAsRecorded, ResourceWriter

POSITION = "_position"
RECORD = "_record"
RESERVED = frozenset({POSITION, RECORD, UNPARSED})
# SQLite allows 2,000 columns; a hostile item with more keys keeps them in _record only.
MAX_COLUMNS = 1000


def quote_name(name: str) -> str:
    """An SQL identifier for any text (vendor field names are not ours to trust)."""
    return '"' + name.replace('"', '""') + '"'


class SqliteWriter:
    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        table: str,
        columns: tuple[Column, ...],
        position: Mapping[str, Any] | None,
    ) -> None:
        self.path = path
        self._conn = conn
        self._name = table
        self._table = quote_name(table)
        if position is None:
            self._create(columns)
            self._rows = 0
        else:
            self._rows = self._verify(int(position["rows"]))
        existing = [row[1] for row in conn.execute(f"PRAGMA table_info({self._table})")]
        self._columns = [c for c in existing if c not in RESERVED]
        self._folded = {c.casefold() for c in existing}  # SQLite compares names so

    def _create(self, columns: tuple[Column, ...]) -> None:
        fields = [c for c in columns if c.name and c.name not in RESERVED]
        typed = ", ".join(f"{quote_name(c.name)} {c.type}".rstrip() for c in fields)
        with self._conn:
            self._conn.execute(f"DROP TABLE IF EXISTS {self._table}")
            self._conn.execute(
                f"CREATE TABLE {self._table} ({quote_name(POSITION)} INTEGER PRIMARY KEY"
                + (f", {typed}" if typed else "")
                + f", {quote_name(RECORD)} TEXT NOT NULL, {quote_name(UNPARSED)} TEXT)"
            )
            if id_type(columns) is not None:
                index = quote_name(f"{self._name}.id")
                self._conn.execute(f"CREATE INDEX {index} ON {self._table} (id)")

    def _verify(self, rows: int) -> int:
        """Check rows 0..rows-1 are all there; delete any past them."""
        found = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (self._name,)
        ).fetchone()
        if found is None:
            raise NotAsRecorded(f"table {self._name} is gone")
        names = {row[1] for row in self._conn.execute(f"PRAGMA table_info({self._table})")}
        if not {POSITION, RECORD} <= names:
            raise NotAsRecorded(f"table {self._name} is not an export of this version")
        (held,) = self._conn.execute(
            f"SELECT count(*) FROM {self._table} WHERE {POSITION} >= 0 AND {POSITION} < ?",
            (rows,),
        ).fetchone()
        if held != rows:
            raise NotAsRecorded(
                f"table {self._name} holds {held:,} of the {rows:,} rows the checkpoint recorded"
            )
        with self._conn:
            self._conn.execute(f"DELETE FROM {self._table} WHERE {POSITION} >= ?", (rows,))
        return rows

    def _add_columns(self, records: Sequence[Record]) -> None:
        for record in records:
            for key in record.data:
                folded = key.casefold()
                if folded in self._folded or not key or len(self._folded) >= MAX_COLUMNS:
                    continue
                self._conn.execute(f"ALTER TABLE {self._table} ADD COLUMN {quote_name(key)}")
                self._folded.add(folded)
                self._columns.append(key)

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        if not records:
            return self.position()
        with self._conn:  # one transaction per page
            self._add_columns(records)
            names = [POSITION, *self._columns, RECORD, UNPARSED]
            sql = (
                f"INSERT OR REPLACE INTO {self._table} ({', '.join(map(quote_name, names))}) "
                f"VALUES ({', '.join('?' * len(names))})"
            )
            self._conn.executemany(
                sql,
                (
                    [
                        first_index + i,
                        *(cell(data.get(name)) for name in self._columns),
                        dumps(data),
                        unparsed,
                    ]
                    for i, (data, unparsed) in enumerate(records)
                ),
            )
        self._rows = first_index + len(records)
        return self.position()

    def position(self) -> dict[str, Any]:
        return {"rows": self._rows}

    def close(self) -> None:
        pass


class SqliteSink:
    format: ClassVar[Format] = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def location(self, resource: str) -> Path:
        return self.path

    def open(
        self, resource: str, model: type[Any] | None, position: Mapping[str, Any] | None
    ) -> ResourceWriter:
        if self._conn is None:
            if position is not None and not self.path.exists():
                raise NotAsRecorded(f"{self.path.name} is gone")
            self._conn = sqlite3.connect(self.path)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
        return SqliteWriter(self._conn, self.path, resource, columns_of(model), position)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
