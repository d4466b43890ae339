"""Where an export got to, saved after every page, so ``--resume`` loses and repeats nothing.

The checkpoint (``DIR/.checkpoint.json``) holds, per resource: how many items are in
the output (and how many of those did not fit their model), the vendor's request for
the next page (its `Page.next`), the sink's own position (a file's length and the
SHA-256 of those bytes, or a table's row count), the vendor's total, and whether the
resource is done. It is a claim, not a proof: ``--resume`` checks each position
against the output before it trusts it (`sinks.NotAsRecorded`).

The order of events makes it crash-safe: a page is written and fsynced first, and
only then is the checkpoint replaced — atomically, by a temp file and `os.replace`.
So the checkpoint never claims more than is on disk; whatever is on disk beyond it
(a page written just before a crash) is cut off on resume, and that page fetched
again. Next-page links on the client's own base URL are stored relative to it, so an
export can resume against the same account on a new address (``--demo`` starts its
fake on a fresh port every run).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from yarl import URL

from ..core.paging import PageRequest
from .errors import ExportError

CHECKPOINT_NAME = ".checkpoint.json"
VERSION = 2  # 2: positions carry a digest; SQLite tables are keyed by position


@attrs.frozen
class ResourceState:
    """One resource's progress. The default is "not started"."""

    items: int = 0
    next: PageRequest | None = None
    done: bool = False
    total: int | None = None
    sink: Mapping[str, Any] | None = None  # None: nothing written yet, start empty
    unparsed: int = 0  # of ``items``, how many did not fit their model

    @property
    def started(self) -> bool:
        return self.sink is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "next": None
            if self.next is None
            else {"url": self.next.url, "params": [list(p) for p in self.next.params]},
            "done": self.done,
            "total": self.total,
            "sink": None if self.sink is None else dict(self.sink),
            "unparsed": self.unparsed,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ResourceState:
        nxt = data.get("next")
        request = None
        if nxt is not None:
            params = tuple((str(k), str(v)) for k, v in nxt["params"])
            request = PageRequest(str(nxt["url"]), params)
        sink = data.get("sink")
        total = data.get("total")
        return cls(
            items=int(data["items"]),
            next=request,
            done=bool(data["done"]),
            total=None if total is None else int(total),
            sink=None if sink is None else dict(sink),
            unparsed=int(data.get("unparsed", 0)),
        )


@attrs.define
class Checkpoint:
    """The whole export's progress: vendor, format and each resource's `ResourceState`."""

    vendor: str
    format: str
    resources: dict[str, ResourceState] = attrs.field(factory=dict)

    def dumps(self) -> bytes:
        return json.dumps(
            {
                "version": VERSION,
                "vendor": self.vendor,
                "format": self.format,
                "resources": {name: s.to_json() for name, s in self.resources.items()},
            },
            indent=1,
        ).encode()

    @classmethod
    def load(cls, path: Path) -> Checkpoint | None:
        """The saved checkpoint, or None if there is none; `ExportError` if unreadable."""
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise ExportError(f"cannot read the checkpoint {path}: {exc}") from None
        try:
            if data["version"] != VERSION:
                raise ExportError(
                    f"{path} is from another version of aio-edu (v{data['version']}); "
                    "export again with --overwrite"
                )
            return cls(
                vendor=str(data["vendor"]),
                format=str(data["format"]),
                resources={
                    str(k): ResourceState.from_json(v) for k, v in data["resources"].items()
                },
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ExportError(
                f"the checkpoint {path} is damaged; export again with --overwrite"
            ) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so a reader sees the old or the new, never a mix."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    sync_directory(path.parent)


def sync_directory(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable (a no-op where unsupported)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def portable(request: PageRequest | None, base_url: str) -> PageRequest | None:
    """``request`` with a URL on ``base_url`` made relative to it (query moved to params)."""
    if request is None:
        return None
    url = URL(request.url)
    base = URL(base_url)
    if not url.is_absolute() or url.origin() != base.origin():
        return request
    prefix = base.raw_path.rstrip("/")
    if not url.raw_path.startswith(prefix + "/"):
        return request
    params = (*((k, v) for k, v in url.query.items()), *request.params)
    return PageRequest(url.raw_path[len(prefix) :], tuple(params))
