"""JSON Lines and CSV: a file per resource that grows by whole, fsynced pages.

Each position saved in the checkpoint is the file's length after a page and the
SHA-256 of those bytes. Resuming reads the recorded part back and checks both before
anything is trusted: a file that is gone, shorter, or changed within the recorded part
is `NotAsRecorded` (the runner then exports that resource again from the start).
Bytes past the recorded length — a page written just before a crash, before its
checkpoint — are cut off, and that page is fetched again.

* JSON Lines: one item per line, exactly the JSON the vendor sent; an item that did
  not fit its model carries one more key, ``"_unparsed"``, saying why.
* CSV: a header, then one row per item. The columns are the model's fields (the
  vendor's names), then ``_extra`` (JSON of the keys the model does not name) and
  ``_unparsed``. Nested values are JSON text, booleans ``true``/``false``, null an
  empty cell.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from .checkpoint import sync_directory
from .columns import columns_of
from .records import UNPARSED, Record, cell, dumps, flagged
from .sinks import SUFFIXES, Format, NotAsRecorded, ResourceWriter

EXTRA_COLUMN = "_extra"
_CHUNK = 1 << 20


class AppendFile:
    """A file that grows by whole pages, verified and cut back to a saved position."""

    def __init__(self, path: Path, position: Mapping[str, Any] | None) -> None:
        self.path = path
        self._digest = hashlib.sha256()
        self._file: BinaryIO
        if position is None:
            self._file = open(path, "wb")  # noqa: SIM115 - closed by close()
            sync_directory(path.parent)
            self.size = 0
            return
        try:
            self._file = open(path, "r+b")  # noqa: SIM115 - closed by close()
        except FileNotFoundError:
            raise NotAsRecorded(f"{path.name} is gone") from None
        try:
            self.size = self._verify(int(position["bytes"]), position.get("sha256"))
        except BaseException:
            self._file.close()
            raise

    def _verify(self, size: int, recorded: object) -> int:
        """Read the recorded part, check its length and digest, cut off what follows."""
        actual = os.fstat(self._file.fileno()).st_size
        if actual < size:
            raise NotAsRecorded(
                f"{self.path.name} is shorter than the checkpoint says ({actual:,} of {size:,} bytes)"
            )
        if not isinstance(recorded, str):
            raise NotAsRecorded(f"the checkpoint holds no digest of {self.path.name}")
        left = size
        while left:
            chunk = self._file.read(min(_CHUNK, left))
            if not chunk:
                raise NotAsRecorded(f"{self.path.name} ended while it was read back")
            self._digest.update(chunk)
            left -= len(chunk)
        if self._digest.hexdigest() != recorded:
            raise NotAsRecorded(
                f"{self.path.name} is not what was written: its first {size:,} bytes changed"
            )
        self._file.truncate(size)  # drop what was written after the last checkpoint
        self._file.seek(size)
        return size

    def append(self, data: bytes) -> None:
        self._file.write(data)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._digest.update(data)
        self.size += len(data)

    def position(self) -> dict[str, Any]:
        return {"bytes": self.size, "sha256": self._digest.hexdigest()}

    def close(self) -> None:
        self._file.close()


class JsonLinesWriter:
    def __init__(self, path: Path, position: Mapping[str, Any] | None) -> None:
        self.path = path
        self._file = AppendFile(path, position)

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        self._file.append("".join(dumps(flagged(r)) + "\n" for r in records).encode())
        return self.position()

    def position(self) -> dict[str, Any]:
        return self._file.position()

    def close(self) -> None:
        self._file.close()


def _csv_text(value: Any) -> Any:
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _csv_line(values: Iterable[Any]) -> bytes:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerow(values)
    return text.getvalue().encode()


class CsvWriter:
    """Columns from the model, so every file of a resource has the same header.

    A model-less listing takes its columns from the first page's keys instead.
    """

    def __init__(
        self, path: Path, model: type[Any] | None, position: Mapping[str, Any] | None
    ) -> None:
        self.path = path
        self._file = AppendFile(path, position)
        saved = None if position is None else position.get("columns")
        names = saved if saved is not None else [c.name for c in columns_of(model)]
        self._columns: list[str] | None = None
        if names:
            self._columns = [n for n in names if n not in (EXTRA_COLUMN, UNPARSED)]
            if position is None:
                self._file.append(_csv_line([*self._columns, EXTRA_COLUMN, UNPARSED]))

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        lines = []
        if self._columns is None and records:
            seen: dict[str, None] = {}
            for record in records:
                seen.update(dict.fromkeys(record.data))
            self._columns = [c for c in seen if c not in (EXTRA_COLUMN, UNPARSED)]
            lines.append(_csv_line([*self._columns, EXTRA_COLUMN, UNPARSED]))
        columns = self._columns or []
        known = set(columns)
        for data, unparsed in records:
            rest = {k: v for k, v in data.items() if k not in known}
            row = [_csv_text(data.get(c)) for c in columns]
            lines.append(_csv_line([*row, dumps(rest) if rest else "", unparsed or ""]))
        self._file.append(b"".join(lines))
        return self.position()

    def position(self) -> dict[str, Any]:
        return {**self._file.position(), "columns": self._columns}

    def close(self) -> None:
        self._file.close()


class FileSink:
    """A file per resource, ``DIR/<resource>.<format>``."""

    format: ClassVar[Format]

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def location(self, resource: str) -> Path:
        return self.directory / f"{resource}{SUFFIXES[self.format]}"

    def close(self) -> None:
        pass


class JsonLinesSink(FileSink):
    format: ClassVar[Format] = "jsonl"

    def open(
        self, resource: str, model: type[Any] | None, position: Mapping[str, Any] | None
    ) -> ResourceWriter:
        return JsonLinesWriter(self.location(resource), position)


class CsvSink(FileSink):
    format: ClassVar[Format] = "csv"

    def open(
        self, resource: str, model: type[Any] | None, position: Mapping[str, Any] | None
    ) -> ResourceWriter:
        return CsvWriter(self.location(resource), model, position)
