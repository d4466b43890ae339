"""The export loop: every resource of one account, concurrently, page by page to a sink.

One client is one credential and so one rate budget: every resource is paged through
that client, so the export as a whole runs at the vendor's budget, however many
resources are in flight (``concurrency``). Each page is hydrated (to find items that
do not fit their model), written durably by the writer thread as the vendor sent it,
and only then counted in the checkpoint; the pager asks for the next page after that.
So memory holds about one page per resource in flight, whatever the account's size.

Trust nothing on disk unchecked: a fresh run refuses a directory that holds another
export (unless told to replace it), and a resumed one checks every resource's output
against its checkpoint before it counts on it, exporting again from the start what
is gone, short or changed — and saying so.

Failures: a resource the vendor refuses or answers badly (403, 404, a 5xx after the
retries, a page that does not parse) is marked failed and the others go on — rerun
with ``--resume`` to retry just it. An item that does not fit its model fails
nothing: it is written as sent, flagged, and counted. A failure of the whole account
(bad credentials, the host unreachable, the rate limit exhausted) stops every
resource and is raised. Cancellation (Ctrl-C) stops at once; the checkpoint already
names only what is on disk.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from ..core.client import BaseClient
from ..core.ratelimit import permit_observer
from ..errors import APIStatusError, AuthenticationError, DecodeError, RateLimitError
from .checkpoint import CHECKPOINT_NAME, Checkpoint, ResourceState, portable, write_atomically
from .directory import describe, export_files, remove_export
from .discover import exportable_resources, item_model, open_pager
from .errors import ExportError, ExportUsageError
from .lock import DirectoryLock
from .metering import ResourceWaits, WaitClock
from .records import one_line, records_of
from .sinks import FORMATS, Format, NotAsRecorded, ResourceWriter, Sink, make_sink
from .writer import WriterThread

DEFAULT_CONCURRENCY = 4
DEFAULT_PAGE_SIZE = 100  # the most every vendor allows; fewer requests for the same items


@attrs.frozen
class ResourceResult:
    """How one resource's export ended.

    ``status``: ``"done"``; ``"complete"`` (done by an earlier run and verified, on
    resume); ``"failed"`` (``error`` says why; ``--resume`` continues it). ``unparsed``:
    items that did not fit their model (written as sent, flagged). ``restarted``: why
    the checkpoint was not trusted and the resource was exported again from the start.
    """

    name: str
    path: Path
    items: int
    total: int | None
    status: str
    seconds: float = 0.0
    waited: float = 0.0
    resumed_at: int = 0
    error: str | None = None
    unparsed: int = 0
    restarted: str | None = None

    @property
    def mismatch(self) -> int | None:
        """Items written minus the vendor's total, when both are known and they differ."""
        if self.status == "failed" or self.total is None or self.total == self.items:
            return None
        return self.items - self.total


@attrs.frozen
class ExportResult:
    """A whole run. Its counts cover only the resources that were exported: a failed
    resource's partial output is in ``failed``, not in ``items``."""

    vendor: str
    directory: Path
    format: Format
    resources: tuple[ResourceResult, ...]
    seconds: float
    waited: float  # wall-clock seconds in which some request waited for a rate permit
    notices: tuple[str, ...] = ()  # what the run decided that a user must hear

    @property
    def exported(self) -> list[ResourceResult]:
        return [r for r in self.resources if r.status != "failed"]

    @property
    def items(self) -> int:
        return sum(r.items for r in self.exported)

    @property
    def unparsed(self) -> int:
        return sum(r.unparsed for r in self.exported)

    @property
    def failed(self) -> list[ResourceResult]:
        return [r for r in self.resources if r.status == "failed"]

    @property
    def mismatched(self) -> list[ResourceResult]:
        return [r for r in self.resources if r.mismatch is not None]

    @property
    def ok(self) -> bool:
        return not self.failed


class ExportObserver:
    """Hears what an export does, for progress displays; every method is optional."""

    def export_started(self, names: Sequence[str], states: dict[str, ResourceState]) -> None:
        """Before any request: the resources and where each starts."""

    def notice(self, text: str) -> None:
        """Something the run decided that the user must hear (one line), as it happens."""

    def resource_started(self, name: str, state: ResourceState) -> None:
        """A resource's first request is about to go out."""

    def page_written(self, name: str, state: ResourceState, waited: float) -> None:
        """A page is on disk and checkpointed; ``waited``: this resource's permit wait."""

    def resource_finished(self, result: ResourceResult) -> None:
        """A resource is done, failed or was already complete."""


def _fails_alone(exc: BaseException) -> bool:
    """Whether ``exc`` is this resource's problem, not the whole account's."""
    if isinstance(exc, AuthenticationError | RateLimitError):
        return False
    return isinstance(exc, APIStatusError | DecodeError)


class Exporter:
    """One export run; see `export_account`."""

    def __init__(
        self,
        client: BaseClient,
        directory: Path,
        *,
        names: Sequence[str],
        fmt: Format,
        resume: bool,
        overwrite: bool,
        concurrency: int,
        page_size: int | None,
        observer: ExportObserver,
    ) -> None:
        self.client = client
        self.directory = directory
        self.names = list(names)
        self.format: Format = fmt
        self.resume = resume
        self.overwrite = overwrite
        self.page_size = page_size
        self.observer = observer
        self._slots = asyncio.Semaphore(concurrency)
        self._checkpoint_path = directory / CHECKPOINT_NAME
        self._checkpoint = Checkpoint(client.vendor, fmt)
        self._thread = WriterThread()
        self._sink: Sink = make_sink(fmt, directory, client.vendor)
        self._clock = WaitClock()
        self._notices: list[str] = []
        self._models = {name: item_model(type(client), name) for name in self.names}

    async def run(self) -> ExportResult:
        started = time.monotonic()
        # Taken here, not on the writer thread: a run cancelled while a thread took the
        # lock would leave it held by nobody who will release it.
        try:
            lock = self._lock()
        except BaseException:
            self._thread.close()
            raise
        try:
            for notice in await self._thread.run(self._prepare):
                self._notice(notice)
            self.observer.export_started(self.names, dict(self._checkpoint.resources))
            results = await self._run_all()
        finally:
            try:
                await asyncio.shield(self._thread.run(self._sink.close))
            finally:
                self._thread.close()
                lock.release()
        return ExportResult(
            vendor=self.client.vendor,
            directory=self.directory,
            format=self.format,
            resources=tuple(results),
            seconds=time.monotonic() - started,
            waited=self._clock.seconds,
            notices=tuple(self._notices),
        )

    def _notice(self, text: str) -> None:
        self._notices.append(text)
        self.observer.notice(text)

    def _lock(self) -> DirectoryLock:
        """Create the directory and take its export lock, before anything in it is read.

        Both are single system calls that never wait (the lock is non-blocking).
        """
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"cannot create {self.directory}: {exc.strerror or exc}") from None
        lock = DirectoryLock(self.directory)
        lock.acquire()
        return lock

    def _prepare(self) -> list[str]:
        """Load (on resume) or reset the checkpoint, before any output file is touched.

        Refuses a directory holding another export unless ``overwrite``, which removes
        that export first. Returns what the user must be told.
        """
        notices = []
        saved = Checkpoint.load(self._checkpoint_path) if self.resume else None
        if saved is not None:
            if saved.vendor != self.client.vendor or saved.format != self.format:
                raise ExportUsageError(
                    f"{self.directory} holds a {saved.vendor} export in {saved.format}; "
                    f"resume it with the same vendor and --format {saved.format}, "
                    "or replace it with --overwrite"
                )
            self._checkpoint = saved
        else:
            existing = export_files(self.directory)
            if existing and not self.overwrite:
                held = describe(existing)
                raise ExportUsageError(
                    f"{self.directory} holds export files ({held}) but no checkpoint to "
                    "resume from; --overwrite replaces them"
                    if self.resume
                    else f"{self.directory} already holds an export ({held}); "
                    "--resume continues it, --overwrite replaces it"
                )
            if self.resume:
                notices.append(
                    f"no checkpoint in {self.directory}: nothing to resume, exporting from the start"
                )
            if existing:
                remove_export(existing)
                notices.append(
                    f"replaced the export in {self.directory} ({len(existing)} files removed)"
                )
        for name in self.names:
            self._checkpoint.resources.setdefault(name, ResourceState())
        # A fresh export replaces the checkpoint now: an old one must never vouch for
        # files this run is about to overwrite.
        write_atomically(self._checkpoint_path, self._checkpoint.dumps())
        return notices

    async def _run_all(self) -> list[ResourceResult]:
        tasks = [asyncio.create_task(self._guarded(name), name=name) for name in self.names]
        try:
            await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks)
        for task in tasks:  # an account-wide failure: the first one raised, in order
            exc = None if task.cancelled() else task.exception()
            if exc is not None:
                raise exc
        return [task.result() for task in tasks]

    async def _guarded(self, name: str) -> ResourceResult:
        async with self._slots:
            meter = ResourceWaits(self._clock)
            permit_observer.set(meter)  # this task's own context
            started = time.monotonic()
            state = self._checkpoint.resources[name]
            resumed_at = state.items
            status, error, restarted = "complete", None, None
            try:
                writer, state, restarted = await self._open(name, state)
                try:
                    if not state.done:
                        state = await self._export(name, state, writer, meter)
                        status = "done"
                finally:
                    await asyncio.shield(self._thread.run(writer.close))
            except Exception as exc:
                if not _fails_alone(exc):
                    raise
                state = self._checkpoint.resources[name]
                status, error = "failed", one_line(exc)
            result = ResourceResult(
                name=name,
                path=self._sink.location(name),
                items=state.items,
                total=state.total,
                status=status,
                seconds=time.monotonic() - started,
                waited=meter.waited,
                resumed_at=0 if restarted else resumed_at,
                error=error,
                unparsed=state.unparsed,
                restarted=restarted,
            )
            self.observer.resource_finished(result)
            return result

    async def _open(
        self, name: str, state: ResourceState
    ) -> tuple[ResourceWriter, ResourceState, str | None]:
        """A writer where the checkpoint says ``name`` stands, once the output is checked.

        Output that is not as recorded (or a position no request continues from) is
        not resumed over: the resource starts again, the checkpoint first.
        """
        model = self._models[name]
        reason = None
        if state.started and (state.done or state.next is not None):
            try:
                writer = await self._thread.run(self._sink.open, name, model, state.sink)
            except NotAsRecorded as exc:
                reason = str(exc)
                self._notice(f"{name}: {reason}; exporting it again from the start")
            else:
                return writer, state, None
        if state.started:
            state = ResourceState()
            await self._save(name, state)
        writer = await self._thread.run(self._sink.open, name, model, None)
        return writer, state, reason

    async def _export(
        self, name: str, state: ResourceState, writer: ResourceWriter, meter: ResourceWaits
    ) -> ResourceState:
        pager = open_pager(self.client, name, self.page_size).keep_unparsed()
        if state.next is not None:
            pager = pager.starting_at(state.next)
        base_url = self.client.base_url
        self.observer.resource_started(name, state)
        pages = pager.pages()
        try:
            async for page in pages:
                records = records_of(page)
                position = await self._thread.run(writer.write, records, state.items)
                state = ResourceState(
                    items=state.items + len(records),
                    next=portable(page.next, base_url),
                    done=page.next is None,
                    total=page.total if page.total is not None else state.total,
                    sink=position,
                    unparsed=state.unparsed + sum(r.unparsed is not None for r in records),
                )
                await self._save(name, state)
                self.observer.page_written(name, state, meter.waited)
        finally:  # stop the pager's own fetches, if it has any in flight
            aclose: Any = getattr(pages, "aclose", None)
            if aclose is not None:
                await aclose()
        if not state.done:  # the pager stopped on an empty page or a looping link
            position = await self._thread.run(writer.position)
            state = attrs.evolve(state, next=None, done=True, sink=position)
            await self._save(name, state)
        return state

    async def _save(self, name: str, state: ResourceState) -> None:
        self._checkpoint.resources[name] = state
        await self._thread.run(write_atomically, self._checkpoint_path, self._checkpoint.dumps())


async def export_account(
    client: BaseClient,
    directory: str | Path,
    *,
    resources: Sequence[str] | None = None,
    format: Format = "jsonl",
    resume: bool = False,
    overwrite: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    page_size: int | None = DEFAULT_PAGE_SIZE,
    observer: ExportObserver | None = None,
) -> ExportResult:
    """Export ``resources`` (default: every exportable list) of ``client``'s account.

    Writes into ``directory`` in ``format`` (``"jsonl"``, ``"csv"``, ``"sqlite"``), up
    to ``concurrency`` resources at a time, all under the client's one rate budget.
    ``resume=True`` continues from the checkpoint of an earlier, interrupted run,
    after checking the output against it; ``overwrite=True`` replaces an export the
    directory already holds (without it, that is an `ExportUsageError`).
    Raises `ExportUsageError` for unknown resources, a checkpoint of another export or
    a directory held by another; `ExportLocked` while another run writes into it; and
    the client's errors for failures of the whole account (see module docstring).
    """
    if format not in FORMATS:
        raise ExportUsageError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if concurrency < 1:
        raise ExportUsageError("concurrency must be at least 1")
    if resume and overwrite:
        raise ExportUsageError("--resume continues an export, --overwrite replaces it: choose one")
    available = exportable_resources(type(client))
    names = list(dict.fromkeys(resources)) if resources else available
    unknown = [n for n in names if n not in available]
    if unknown:
        raise ExportUsageError(
            f"{client.vendor} has no exportable list {', '.join(unknown)}; "
            f"choose from {', '.join(available)}"
        )
    exporter = Exporter(
        client,
        Path(directory),
        names=names,
        fmt=format,
        resume=resume,
        overwrite=overwrite,
        concurrency=concurrency,
        page_size=page_size,
        observer=observer or ExportObserver(),
    )
    return await exporter.run()
