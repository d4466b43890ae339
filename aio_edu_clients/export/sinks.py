"""Where exported items go: JSON Lines, CSV or SQLite, written a page at a time.

A `Sink` opens one `ResourceWriter` per resource. ``write`` takes one page of records
and returns the writer's new position, which the runner saves in the checkpoint only
after ``write`` returned — so a position always names data that is on disk:

* JSON Lines (``DIR/<resource>.jsonl``): one object per line. The position is the file
  size after the page was written, flushed and fsynced; resuming truncates the file
  back to it, dropping any page written after the last checkpoint.
* CSV (``DIR/<resource>.csv``): a header, then one row per item; nested values are
  JSON text, booleans ``true``/``false``, None an empty cell. The columns are the first
  page's keys; keys seen only later go, as JSON, to a last ``_extra`` column. The
  position is bytes, as for JSON Lines, plus the columns.
* SQLite (``DIR/<vendor>.sqlite``): one table per resource, primary key ``id`` (text),
  one column per top-level key (added as new keys appear), nested values as JSON
  text. Each page is one transaction of upserts by id, so writing a page twice —
  after a crash between commit and checkpoint — changes nothing. Items without an
  id are keyed by their position, ``#<n>``. Tables are never emptied: exporting again
  into the same file refreshes it.

All methods run on the export's writer thread (`WriterThread`), never on the loop.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, Literal, Protocol

from .checkpoint import sync_directory
from .errors import ExportError
from .records import cell, dumps

Format = Literal["jsonl", "csv", "sqlite"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "sqlite")
Record = Mapping[str, Any]
EXTRA_COLUMN = "_extra"


class ResourceWriter(Protocol):
    path: Path

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        """Make ``records`` durable; return the position to save in the checkpoint.

        ``first_index`` is how many items of this resource came before these.
        """
        ...

    def close(self) -> None: ...


class Sink(Protocol):
    format: ClassVar[Format]

    def open(self, resource: str, position: Mapping[str, Any] | None) -> ResourceWriter:
        """A writer for ``resource``, continuing at ``position`` (None: start empty)."""
        ...

    def location(self, resource: str) -> Path:
        """Where ``resource`` is written."""
        ...

    def close(self) -> None: ...


def make_sink(fmt: Format, directory: Path, vendor: str) -> Sink:
    if fmt == "jsonl":
        return JsonLinesSink(directory)
    if fmt == "csv":
        return CsvSink(directory)
    if fmt == "sqlite":
        return SqliteSink(directory / f"{vendor.lower()}.sqlite")
    raise ValueError(f"unknown format {fmt!r}")


# -- files: JSON Lines and CSV ---------------------------------------------------------------


class _AppendFile:
    """A file that grows by whole pages and can be cut back to a saved size."""

    def __init__(self, path: Path, size: int | None) -> None:
        self.path = path
        self._file: BinaryIO
        if size is None:
            self._file = open(path, "wb")  # noqa: SIM115 - closed by close()
            sync_directory(path.parent)
            self.size = 0
            return
        try:
            self._file = open(path, "r+b")  # noqa: SIM115 - closed by close()
        except FileNotFoundError:
            raise ExportError(
                f"cannot resume: {path} is gone; export again without --resume"
            ) from None
        actual = os.fstat(self._file.fileno()).st_size
        if actual < size:
            self._file.close()
            raise ExportError(
                f"cannot resume: {path} is shorter than the checkpoint says "
                f"({actual} < {size} bytes); export again without --resume"
            )
        self._file.truncate(size)  # drop what was written after the last checkpoint
        self._file.seek(size)
        self.size = size

    def append(self, data: bytes) -> None:
        self._file.write(data)
        self._file.flush()
        os.fsync(self._file.fileno())
        self.size += len(data)

    def close(self) -> None:
        self._file.close()


class JsonLinesWriter:
    def __init__(self, path: Path, position: Mapping[str, Any] | None) -> None:
        self.path = path
        self._file = _AppendFile(path, None if position is None else int(position["bytes"]))

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        self._file.append("".join(dumps(r) + "\n" for r in records).encode())
        return {"bytes": self._file.size}

    def close(self) -> None:
        self._file.close()


class JsonLinesSink:
    format: ClassVar[Format] = "jsonl"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def location(self, resource: str) -> Path:
        return self.directory / f"{resource}.jsonl"

    def open(self, resource: str, position: Mapping[str, Any] | None) -> ResourceWriter:
        return JsonLinesWriter(self.location(resource), position)

    def close(self) -> None:
        pass


def _csv_text(value: Any) -> Any:
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class CsvWriter:
    def __init__(self, path: Path, position: Mapping[str, Any] | None) -> None:
        self.path = path
        self._file = _AppendFile(path, None if position is None else int(position["bytes"]))
        columns = None if position is None else position.get("columns")
        self._columns: list[str] | None = list(columns) if columns else None

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        text = io.StringIO()
        out = csv.writer(text, lineterminator="\n")
        if self._columns is None and records:
            seen: dict[str, None] = {}
            for record in records:
                seen.update(dict.fromkeys(record))
            self._columns = [c for c in seen if c != EXTRA_COLUMN]
            out.writerow([*self._columns, EXTRA_COLUMN])
        columns = self._columns or []
        known = set(columns)
        for record in records:
            rest = {k: v for k, v in record.items() if k not in known}
            row = [_csv_text(record.get(c)) for c in columns]
            out.writerow([*row, dumps(rest) if rest else ""])
        self._file.append(text.getvalue().encode())
        return {"bytes": self._file.size, "columns": columns}

    def close(self) -> None:
        self._file.close()


class CsvSink:
    format: ClassVar[Format] = "csv"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def location(self, resource: str) -> Path:
        return self.directory / f"{resource}.csv"

    def open(self, resource: str, position: Mapping[str, Any] | None) -> ResourceWriter:
        return CsvWriter(self.location(resource), position)

    def close(self) -> None:
        pass


# -- SQLite ------------------------------------------------------------------------------


def quote_name(name: str) -> str:
    """An SQL identifier for any text (vendor field names are not ours to trust)."""
    return '"' + name.replace('"', '""') + '"'


class SqliteWriter:
    def __init__(self, conn: sqlite3.Connection, path: Path, table: str) -> None:
        self.path = path
        self._conn = conn
        self._table = quote_name(table)
        with conn:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {self._table} (id TEXT PRIMARY KEY)")
        self._columns = {row[1] for row in conn.execute(f"PRAGMA table_info({self._table})")}

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        if not records:
            return {}
        names: dict[str, None] = {}
        for record in records:
            names.update(dict.fromkeys(k for k in record if k != "id"))
        columns = ["id", *names]
        rows = [
            [
                str(record.get("id") if record.get("id") is not None else f"#{first_index + i}"),
                *(cell(record.get(name)) for name in names),
            ]
            for i, record in enumerate(records)
        ]
        quoted = [quote_name(c) for c in columns]
        updates = ", ".join(f"{q} = excluded.{q}" for q in quoted[1:]) or "id = excluded.id"
        sql = (
            f"INSERT INTO {self._table} ({', '.join(quoted)}) "
            f"VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}"
        )
        with self._conn:  # one transaction per page
            for name in names:
                if name not in self._columns:
                    self._conn.execute(f"ALTER TABLE {self._table} ADD COLUMN {quote_name(name)}")
                    self._columns.add(name)
            self._conn.executemany(sql, rows)
        return {}

    def close(self) -> None:
        pass


class SqliteSink:
    format: ClassVar[Format] = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    def location(self, resource: str) -> Path:
        return self.path

    def open(self, resource: str, position: Mapping[str, Any] | None) -> ResourceWriter:
        if self._conn is None:
            self._conn = sqlite3.connect(self.path)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
        return SqliteWriter(self._conn, self.path, resource)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
