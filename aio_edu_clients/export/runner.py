"""The export loop: every resource of one account, concurrently, page by page to a sink.

One client is one credential and so one rate budget: every resource is paged through
that client, so the export as a whole runs at the vendor's budget, however many
resources are in flight (``concurrency``). Each page is hydrated, turned into records,
written durably by the writer thread, and only then counted in the checkpoint; the
pager asks for the next page after that. So memory holds about one page per resource
in flight, whatever the account's size.

Failures: a resource the vendor refuses or answers badly (403, 404, a 5xx after the
retries, a body that does not parse) is marked failed and the others go on — rerun
with ``--resume`` to retry just it. A failure of the whole account (bad credentials,
the host unreachable, the rate limit exhausted) stops every resource and is raised.
Cancellation (Ctrl-C) stops at once; the checkpoint already names only what is on disk.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path

import attrs

from ..core.client import BaseClient
from ..core.ratelimit import permit_observer
from ..errors import APIStatusError, AuthenticationError, DecodeError, RateLimitError
from .checkpoint import CHECKPOINT_NAME, Checkpoint, ResourceState, portable, write_atomically
from .discover import exportable_resources, open_pager
from .errors import ExportError, ExportUsageError
from .lock import DirectoryLock
from .metering import ResourceWaits, WaitClock
from .records import to_record
from .sinks import FORMATS, Format, ResourceWriter, Sink, make_sink
from .writer import WriterThread

DEFAULT_CONCURRENCY = 4
DEFAULT_PAGE_SIZE = 100  # the most every vendor allows; fewer requests for the same items


@attrs.frozen
class ResourceResult:
    """How one resource's export ended.

    ``status``: ``"done"``; ``"complete"`` (already done by an earlier run, on resume);
    ``"failed"`` (``error`` says why; ``--resume`` continues it).
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

    @property
    def mismatch(self) -> int | None:
        """Items written minus the vendor's total, when both are known and they differ."""
        if self.status == "failed" or self.total is None or self.total == self.items:
            return None
        return self.items - self.total


@attrs.frozen
class ExportResult:
    vendor: str
    directory: Path
    format: Format
    resources: tuple[ResourceResult, ...]
    seconds: float
    waited: float  # wall-clock seconds in which some request waited for a rate permit

    @property
    def items(self) -> int:
        return sum(r.items for r in self.resources)

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


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


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
        concurrency: int,
        page_size: int | None,
        observer: ExportObserver,
    ) -> None:
        self.client = client
        self.directory = directory
        self.names = list(names)
        self.format: Format = fmt
        self.resume = resume
        self.page_size = page_size
        self.observer = observer
        self._slots = asyncio.Semaphore(concurrency)
        self._checkpoint_path = directory / CHECKPOINT_NAME
        self._checkpoint = Checkpoint(client.vendor, fmt)
        self._thread = WriterThread()
        self._sink: Sink = make_sink(fmt, directory, client.vendor)
        self._clock = WaitClock()

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
            await self._thread.run(self._prepare)
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
        )

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

    def _prepare(self) -> None:
        """Load (on resume) or reset the checkpoint, before any output file is touched."""
        saved = Checkpoint.load(self._checkpoint_path) if self.resume else None
        if saved is not None:
            if saved.vendor != self.client.vendor or saved.format != self.format:
                raise ExportUsageError(
                    f"{self.directory} holds a {saved.vendor} export in {saved.format}; "
                    f"resume it with the same vendor and --format {saved.format}"
                )
            self._checkpoint = saved
        for name in self.names:
            self._checkpoint.resources.setdefault(name, ResourceState())
        # A fresh export replaces the checkpoint now: an old one must never vouch for
        # files this run is about to overwrite.
        write_atomically(self._checkpoint_path, self._checkpoint.dumps())

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
            status, error = "complete", None
            try:
                if not state.done:
                    state = await self._export(name, state, meter)
                    status = "done"
            except Exception as exc:
                if not _fails_alone(exc):
                    raise
                state = self._checkpoint.resources[name]
                status, error = "failed", _one_line(exc)
            result = ResourceResult(
                name=name,
                path=self._sink.location(name),
                items=state.items,
                total=state.total,
                status=status,
                seconds=time.monotonic() - started,
                waited=meter.waited,
                resumed_at=resumed_at,
                error=error,
            )
            self.observer.resource_finished(result)
            return result

    async def _export(self, name: str, state: ResourceState, meter: ResourceWaits) -> ResourceState:
        pager = open_pager(self.client, name, self.page_size)
        if state.started and state.next is not None:
            pager = pager.starting_at(state.next)
        elif state.started:  # started, no next page, not done: only a fresh start is safe
            state = ResourceState()
        converter = self.client.converter
        base_url = self.client.base_url
        self.observer.resource_started(name, state)
        writer: ResourceWriter = await self._thread.run(self._sink.open, name, state.sink)
        try:
            pages = pager.pages()
            try:
                async for page in pages:
                    records = [to_record(converter, item) for item in page.items]
                    position = await self._thread.run(writer.write, records, state.items)
                    state = ResourceState(
                        items=state.items + len(records),
                        next=portable(page.next, base_url),
                        done=page.next is None,
                        total=page.total if page.total is not None else state.total,
                        sink=position,
                    )
                    await self._save(name, state)
                    self.observer.page_written(name, state, meter.waited)
            finally:  # stop the pager's own fetches, if it has any in flight
                aclose = getattr(pages, "aclose", None)
                if aclose is not None:
                    await aclose()
            if not state.done:  # the pager stopped on an empty page or a looping link
                state = attrs.evolve(state, next=None, done=True, sink=state.sink or {})
                await self._save(name, state)
        finally:
            await asyncio.shield(self._thread.run(writer.close))
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
    concurrency: int = DEFAULT_CONCURRENCY,
    page_size: int | None = DEFAULT_PAGE_SIZE,
    observer: ExportObserver | None = None,
) -> ExportResult:
    """Export ``resources`` (default: every exportable list) of ``client``'s account.

    Writes into ``directory`` in ``format`` (``"jsonl"``, ``"csv"``, ``"sqlite"``), up
    to ``concurrency`` resources at a time, all under the client's one rate budget.
    ``resume=True`` continues from the checkpoint of an earlier, interrupted run.
    Raises `ExportUsageError` for unknown resources or a checkpoint of another export,
    and the client's errors for failures of the whole account (see module docstring).
    """
    if format not in FORMATS:
        raise ExportUsageError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if concurrency < 1:
        raise ExportUsageError("concurrency must be at least 1")
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
        concurrency=concurrency,
        page_size=page_size,
        observer=observer or ExportObserver(),
    )
    return await exporter.run()
