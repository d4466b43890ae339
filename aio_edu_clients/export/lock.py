"""One export per directory at a time, held by the operating system.

Two exports into one directory interleave their checkpoint replacements and truncate
each other's files: both can exit 0 over an empty output. So a run holds an exclusive
``flock`` on ``DIR/.aio-edu.lock`` for its whole life. The lock is the kernel's, not
the file's existence: it goes away with the process however that ends (a crash, a
kill -9), so there is never a stale lock to clean up, and a second run fails at once
instead of waiting.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import ExportUsageError

LOCK_NAME = ".aio-edu.lock"


class ExportLocked(ExportUsageError):
    """Another export is writing into the same directory right now."""


class DirectoryLock:
    """``with DirectoryLock(directory):`` holds the directory's export lock, or raises."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock without waiting; `ExportLocked` if another run holds it.

        Creating the lock file is the only thing done to the directory before the lock
        is held, and opening an existing one changes nothing in it.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise ExportLocked(
                f"{self.path.parent} is being exported into by another run; "
                "wait for it to finish or choose another --out"
            ) from None
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor drops the lock

    def __enter__(self) -> DirectoryLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # a byte-range lock on the first byte does the same
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
