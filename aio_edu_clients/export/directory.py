"""What an export directory already holds, and replacing it whole.

Two exports in one directory mix: a TidyClub export over a TutorCruncher one leaves
the old vendor's files beside the new, and a reader cannot tell them apart. So, as
``git clone`` and ``pg_dump -Fd`` do, a fresh export refuses a directory that holds
another export unless told to replace it (``--overwrite``), and then removes every
file the old export wrote before writing anything: no stale files, no stale rows.

"Files an export writes" is exact, never a guess by suffix alone: the checkpoint,
``<resource>.jsonl`` / ``<resource>.csv`` for any exportable resource of any vendor,
and ``<vendor>.sqlite`` with SQLite's journal files. Anything else in the directory
is the user's and is left alone.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from .checkpoint import CHECKPOINT_NAME, sync_directory
from .discover import exportable_resources
from .sinks import SUFFIXES

_SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


@functools.cache
def _export_names() -> frozenset[str]:
    from .accounts import VENDORS

    names = {CHECKPOINT_NAME, CHECKPOINT_NAME + ".tmp"}
    for vendor, client_cls in VENDORS.items():
        names.update(f"{vendor}{SUFFIXES['sqlite']}{c}" for c in _SQLITE_COMPANIONS)
        for resource in exportable_resources(client_cls):
            names.update(resource + SUFFIXES[fmt] for fmt in ("jsonl", "csv"))
    return frozenset(names)


def export_files(directory: Path) -> list[Path]:
    """The files in ``directory`` that an export writes, sorted by name."""
    try:
        entries = os.scandir(directory)
    except FileNotFoundError:
        return []
    with entries:
        names = _export_names()
        return sorted(Path(e.path) for e in entries if e.name in names and not e.is_dir())


def describe(files: list[Path]) -> str:
    """``clients.jsonl, labels.jsonl and 3 more``: what a refusal names."""
    shown = [f.name for f in files[:3]]
    more = len(files) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def remove_export(files: list[Path]) -> None:
    """Remove ``files`` (from `export_files`) durably, before the new export writes."""
    for path in files:
        path.unlink(missing_ok=True)
    if files:
        sync_directory(files[0].parent)
