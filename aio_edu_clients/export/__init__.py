"""Bulk export: every list of an account, concurrently, resumable, memory-flat.

From the command line::

    aio-edu export tutorcruncher --demo --out export/          # the built-in fake: try it
    TUTORCRUNCHER_API_KEY=... aio-edu export tutorcruncher --out export/
    aio-edu export eduframe --resources courses,planned_courses --format csv
    aio-edu export tidyclub --format sqlite --out club/ --resume  # after an interruption
    aio-edu operations tutorcruncher                              # what can be exported

From Python::

    from aio_edu_clients.export import export_account

    async with TutorCruncher(api_key) as tc:
        result = await export_account(tc, "export/", format="jsonl", resume=True)
        for r in result.resources:
            print(r.name, r.items, r.total, r.path)

**What is exported.** By default every top-level list of the vendor's client: each
resource with a ``list`` operation returning an `AsyncPager`, without path parameters
or required arguments, read from ``Client.operations()`` — so a list the client
learns tomorrow is exported tomorrow. ``resources=`` picks some.

**Rate budget.** All resources go through the one client, so through its credential's
one limiter: ``concurrency`` resources are paged at once (default 4), and together they
run at the vendor's budget and no faster. Time spent waiting for permits is shown per
resource while it runs and in the summary.

**Streaming.** Items go to the sink page by page as they arrive; nothing collects a
resource in memory. Memory is about one page per resource in flight.

**Formats** (`sinks`): ``jsonl`` — ``DIR/<resource>.jsonl``, one JSON object per line
(the default); ``csv`` — ``DIR/<resource>.csv``, one column per model field, nested
values as JSON text; ``sqlite`` — ``DIR/<vendor>.sqlite``, one table per resource,
columns typed from the model, keyed by ``_position``. Records are lossless: each is
the item exactly as the vendor sent it (`records`); an item that does not fit its
model is written all the same and flagged ``_unparsed`` (counted, not fatal).

**One export per directory** (`lock`, `directory`): a run holds an OS lock on the
directory; a fresh export refuses a directory holding another export unless
``overwrite=True`` (``--overwrite``), which removes that export's files first.

**Resume** (`checkpoint`). After each page is written and fsynced, ``DIR/.checkpoint.json``
is replaced atomically with, per resource, the items written, the output's position
(a file's length and SHA-256, a table's row count) and the vendor's own request for
the next page — TutorCruncher's ``next`` URL, Eduframe's ``Link: rel="next"`` URL
(its opaque cursor), TidyClub's ``offset``. ``resume=True`` (``--resume``) first checks
every resource's output against its position; what is gone, short or changed is
exported again from the start, and said so. The rest continues at the very next
page, with anything written after the last checkpoint cut off. Nothing is lost or
written twice. Where the vendor reports a total, the count written is checked against
it and any difference is reported.

**Failures.** A resource the vendor refuses or answers badly is marked failed and
the rest go on (resume retries it); bad credentials, an unreachable host or an
exhausted rate limit stop the export with the client's error. Cancelling (Ctrl-C,
SIGTERM) leaves the checkpoint consistent.
"""

from .accounts import Credentials, open_account
from .checkpoint import CHECKPOINT_NAME, Checkpoint, ResourceState
from .discover import exportable_resources
from .errors import ExportError, ExportUsageError
from .lock import ExportLocked
from .runner import ExportObserver, ExportResult, ResourceResult, export_account
from .sinks import FORMATS, Format

__all__ = [
    "CHECKPOINT_NAME",
    "FORMATS",
    "Checkpoint",
    "Credentials",
    "ExportError",
    "ExportLocked",
    "ExportObserver",
    "ExportResult",
    "ExportUsageError",
    "Format",
    "ResourceResult",
    "ResourceState",
    "export_account",
    "exportable_resources",
    "open_account",
]
