"""Where exported items go: JSON Lines, CSV or SQLite, written a page at a time.

A `Sink` opens one `ResourceWriter` per resource. ``write`` takes one page of records
and returns the writer's new position, which the runner saves in the checkpoint only
after ``write`` returned — so a position always names data that is on disk. Opening a
writer at a saved position first checks that the output still holds what that
position recorded, and raises `NotAsRecorded` when it does not: a resume never counts
on data that is not there.

* JSON Lines (`files`): ``DIR/<resource>.jsonl``, one item per line.
* CSV (`files`): ``DIR/<resource>.csv``, one column per model field.
* SQLite (`sqlite`): ``DIR/<vendor>.sqlite``, one typed table per resource.

All methods run on the export's writer thread (`WriterThread`), never on the loop.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol

from .records import Record

Format = Literal["jsonl", "csv", "sqlite"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "sqlite")
SUFFIXES: dict[Format, str] = {"jsonl": ".jsonl", "csv": ".csv", "sqlite": ".sqlite"}


class NotAsRecorded(Exception):
    """The output does not hold what the checkpoint recorded (gone, short, changed)."""


class ResourceWriter(Protocol):
    path: Path

    def write(self, records: Sequence[Record], first_index: int) -> dict[str, Any]:
        """Make ``records`` durable; return the position to save in the checkpoint.

        ``first_index`` is how many items of this resource came before these.
        """
        ...

    def position(self) -> dict[str, Any]:
        """Where the writer stands: what the checkpoint records for what is written."""
        ...

    def close(self) -> None: ...


class Sink(Protocol):
    format: ClassVar[Format]

    def open(
        self, resource: str, model: type[Any] | None, position: Mapping[str, Any] | None
    ) -> ResourceWriter:
        """A writer for ``resource`` (whose items are ``model``s), continuing at
        ``position``; None starts empty, replacing whatever was there.

        Raises `NotAsRecorded` when the output does not hold what ``position`` says.
        """
        ...

    def location(self, resource: str) -> Path:
        """Where ``resource`` is written."""
        ...

    def close(self) -> None: ...


def make_sink(fmt: Format, directory: Path, vendor: str) -> Sink:
    from .files import CsvSink, JsonLinesSink
    from .sqlite import SqliteSink

    if fmt == "jsonl":
        return JsonLinesSink(directory)
    if fmt == "csv":
        return CsvSink(directory)
    if fmt == "sqlite":
        return SqliteSink(sqlite_path(directory, vendor))
    raise ValueError(f"unknown format {fmt!r}")


def sqlite_path(directory: Path, vendor: str) -> Path:
    return directory / f"{vendor.lower()}.sqlite"
