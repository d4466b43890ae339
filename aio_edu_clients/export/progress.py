"""What a person sees: live progress on stderr while it runs, a summary table at the end.

Progress is one `rich` row per resource — items done, of the vendor's total when it
said one, items a second, and seconds this resource has waited for rate permits — so
a slow export shows at a glance whether the vendor's budget or the network is the
limit. The summary names every file written and its item count.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn
from rich.table import Table
from rich.text import Text

from ..core.ratelimit import RateLimit
from .checkpoint import CHECKPOINT_NAME, ResourceState
from .records import UNPARSED
from .runner import ExportObserver, ExportResult, ResourceResult

FORMAT_NAMES = {"jsonl": "JSON Lines", "csv": "CSV", "sqlite": "SQLite"}


class _ItemsColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        done = int(task.completed)
        text = f"{done:,}" if task.total is None else f"{done:,}/{int(task.total):,}"
        return Text(text, style="progress.download")


class _RateColumn(ProgressColumn):
    """Items a second since this run started the resource (resumed items not counted)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        fresh = task.completed - float(task.fields.get("first", 0))
        if elapsed <= 0 or fresh <= 0:
            return Text("     - /s", style="progress.data.speed")
        return Text(f"{fresh / elapsed:6.1f}/s", style="progress.data.speed")


class _WaitColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"rate-limit wait {task.fields.get('wait', 0.0):5.1f}s", style="dim")


class NoticeLines(ExportObserver):
    """The run's notices on ``console`` as they happen (stderr): one line each."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def notice(self, text: str) -> None:
        _line(self.console, f"aio-edu: note: {text}")


class RichProgress(NoticeLines):
    """Live progress rows on ``console`` (use as a context manager around the export)."""

    def __init__(self, console: Console) -> None:
        super().__init__(console)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=24),
            _ItemsColumn(),
            _RateColumn(),
            _WaitColumn(),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def export_started(self, names: Sequence[str], states: dict[str, ResourceState]) -> None:
        width = max((len(n) for n in names), default=0)
        for name in names:
            state = states[name]
            self._tasks[name] = self._progress.add_task(
                name.ljust(width),
                start=False,
                total=state.total,
                completed=state.items,
                first=state.items,
                wait=0.0,
            )

    def resource_started(self, name: str, state: ResourceState) -> None:
        task = self._tasks[name]
        self._progress.update(task, completed=state.items, first=state.items)
        self._progress.start_task(task)

    def page_written(self, name: str, state: ResourceState, waited: float) -> None:
        self._progress.update(
            self._tasks[name], completed=state.items, total=state.total, wait=waited
        )

    def resource_finished(self, result: ResourceResult) -> None:
        task = self._tasks[result.name]
        total = result.items if result.status != "failed" else result.total
        self._progress.update(task, completed=result.items, total=total, wait=result.waited)
        self._progress.stop_task(task)


def _seconds(value: float) -> str:
    return f"{value:.1f}s"


def _limit_text(limit: RateLimit | None) -> str:
    if limit is None:
        return "no client-side rate limit"
    per = f"{limit.per:g}s"
    return f"the rate limit of {limit.requests} requests / {per}"


def summary_table(result: ExportResult) -> Table:
    """One row per resource: where it went, how many items, the vendor's count, timing."""
    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("resource")
    table.add_column("items", justify="right")
    table.add_column("of total", justify="right")
    table.add_column("time", justify="right")
    table.add_column("waited", justify="right")  # for rate permits
    table.add_column("unparsed", justify="right")  # items that did not fit their model
    table.add_column("written to", overflow="fold")
    table.add_column("status")
    for r in result.resources:
        where = r.path.name if result.format != "sqlite" else f"{r.path.name} (table {r.name})"
        status = {"done": "done", "complete": "done earlier", "failed": "FAILED"}[r.status]
        if r.status == "done" and r.resumed_at:
            status = f"resumed at {r.resumed_at:,}"
        if r.restarted:
            status = "re-exported" if r.status == "done" else status + ", restarted"
        if r.mismatch is not None:
            status += f", {r.mismatch:+,} vs total"
        table.add_row(
            r.name,
            f"{r.items:,}",
            "-" if r.total is None else f"{r.total:,}",
            _seconds(r.seconds),
            _seconds(r.waited),
            f"{r.unparsed:,}" if r.unparsed else "",
            where,
            status,
            style="red" if r.status == "failed" else None,
        )
    table.add_section()
    table.add_row(  # what was exported: failed resources' partial output is not counted
        "total" if not result.failed else f"total ({len(result.exported)} exported)",
        f"{result.items:,}",
        "",
        _seconds(result.seconds),
        _seconds(result.waited),
        f"{result.unparsed:,}" if result.unparsed else "",
        "",
        "",
        style="bold",
    )
    return table


def print_summary(console: Console, result: ExportResult, limit: RateLimit | None) -> None:
    """The table, then what was produced in a sentence, and anything that needs a look."""
    console.print(summary_table(result))
    exported = len(result.exported)
    _line(
        console,
        f"Exported {result.items:,} items of {exported} {result.vendor} "
        f"resource{'' if exported == 1 else 's'} to {result.directory}/ as {FORMAT_NAMES[result.format]} in "
        f"{result.seconds:.1f}s, held back {result.waited:.1f}s of it by {_limit_text(limit)}.",
    )
    _line(console, f"Checkpoint: {result.directory / CHECKPOINT_NAME}")
    for r in result.mismatched:
        _line(
            console,
            f"Note: {r.name}: wrote {r.items:,} items but {result.vendor} reported "
            f"{r.total:,} (the account changed during the export?)",
        )
    for r in result.resources:
        if r.restarted:
            _line(console, f"Re-exported {r.name} from the start: {r.restarted}.")
    if result.unparsed:
        _line(
            console,
            f"Unparsed: {result.unparsed:,} items did not fit their model; they are written "
            f"as the vendor sent them, flagged in {UNPARSED!r}.",
        )
    for r in result.failed:
        _line(console, f"Failed: {r.name}: {r.error} ({r.items:,} items written, not counted)")


def _line(console: Console, text: str) -> None:
    """``text`` as it is: no markup, no highlighting, never wrapped mid-path."""
    console.print(text, highlight=False, markup=False, soft_wrap=True)
