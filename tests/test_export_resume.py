"""Interrupted exports resume with nothing lost or doubled; items stream as they arrive."""

from __future__ import annotations

import asyncio
import csv
import json
import random
import sqlite3
import tracemalloc
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher
from aio_edu_clients.export import (
    CHECKPOINT_NAME,
    Checkpoint,
    ExportError,
    ExportObserver,
    ExportResult,
    ExportUsageError,
    ResourceState,
    export_account,
)
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher, Fault

from .conftest import FAST_RETRY

SERVER_DOWN = [Fault.status(500)] * (FAST_RETRY.max_retries + 1)  # outlasts the retries


class OnPage(ExportObserver):
    """Runs ``action`` once, when ``resource`` has at least ``items`` items on disk."""

    def __init__(self, resource: str, items: int, action: Callable[[], object]) -> None:
        self.resource, self.items, self.action = resource, items, action
        self.fired = False

    def page_written(self, name: str, state: ResourceState, waited: float) -> None:
        if name == self.resource and state.items >= self.items and not self.fired:
            self.fired = True
            self.action()


def ids_in(path: Path) -> list[int]:
    """The ids written to an export file, in order, whatever its format."""
    if path.suffix == ".jsonl":
        return [json.loads(line)["id"] for line in path.read_text().splitlines()]
    if path.suffix == ".csv":
        with open(path, newline="") as f:
            return [int(row["id"]) for row in csv.DictReader(f)]
    conn = sqlite3.connect(path)
    try:
        return sorted(int(i) for (i,) in conn.execute("SELECT id FROM clients"))
    finally:
        conn.close()


def append(path: Path, text: str) -> None:
    with open(path, "a") as f:
        f.write(text)


def load_checkpoint(directory: Path) -> Checkpoint:
    saved = Checkpoint.load(directory / CHECKPOINT_NAME)
    assert saved is not None
    return saved


@pytest.fixture
async def big_tc() -> AsyncIterator[tuple[FakeTutorCruncher, TutorCruncher]]:
    """An account of 1000 clients: ten pages."""
    async with (
        FakeTutorCruncher(clients=1000, rate_limit=None) as fake,
        TutorCruncher(
            fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
        ) as tc,
    ):
        yield fake, tc


# -- a real resume position, per paging style --------------------------------------------------


async def test_tutorcruncher_resumes_at_the_saved_next_url(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    outage = OnPage("clients", 100, lambda: tc_fake.script(*SERVER_DOWN, path="/api/clients/"))
    first = await export_account(tc, tmp_path, resources=["clients", "labels"], observer=outage)
    status = {r.name: (r.status, r.items) for r in first.resources}
    assert status == {"clients": ("failed", 100), "labels": ("done", 12)}
    saved = load_checkpoint(tmp_path).resources["clients"]
    assert saved.next is not None and not saved.done
    assert saved.next.url == "/clients/"  # relative to the base URL: portable
    assert dict(saved.next.params)["page"] == "2"

    tc_fake.reset_requests()
    second = await export_account(tc, tmp_path, resources=["clients", "labels"], resume=True)

    assert [(r.name, r.status, r.resumed_at) for r in second.resources] == [
        ("clients", "done", 100),
        ("labels", "complete", 12),
    ]
    paged = [r for r in tc_fake.requests if r.path == "/api/clients/"]
    assert [r.params.get("page") for r in paged] == ["2", "3"]  # page 1 never again
    assert not [r for r in tc_fake.requests if r.path == "/api/labels/"]
    assert ids_in(tmp_path / "clients.jsonl") == sorted(tc_fake.clients, reverse=True)
    assert second.resources[0].items == second.resources[0].total == 250


async def test_eduframe_resumes_at_the_saved_cursor(
    ef: Eduframe, ef_fake: FakeEduframe, tmp_path: Path
) -> None:
    outage = OnPage("courses", 10, lambda: ef_fake.script(*SERVER_DOWN, path="/api/v1/courses"))
    first = await export_account(ef, tmp_path, resources=["courses"], page_size=10, observer=outage)
    assert first.resources[0].status == "failed"
    ef_fake.reset_requests()

    second = await export_account(ef, tmp_path, resources=["courses"], page_size=10, resume=True)

    assert second.resources[0].resumed_at == 10
    first_resumed = ef_fake.requests[0]
    assert first_resumed.path == "/api/v1/courses" and "cursor" in first_resumed.params
    written = ids_in(tmp_path / "courses.jsonl")
    assert len(written) == len(set(written)) == len(ef_fake.courses)
    assert set(written) == set(ef_fake.courses)


async def test_tidyclub_resumes_at_the_saved_offset(
    tidy: TidyClub, tidy_fake: FakeTidyClub, tmp_path: Path
) -> None:
    outage = OnPage("contacts", 25, lambda: tidy_fake.script(*SERVER_DOWN, path="/v1/contacts"))
    first = await export_account(
        tidy, tmp_path, resources=["contacts"], page_size=25, observer=outage, format="csv"
    )
    assert (first.resources[0].status, first.resources[0].items) == ("failed", 25)
    tidy_fake.reset_requests()

    second = await export_account(
        tidy, tmp_path, resources=["contacts"], page_size=25, resume=True, format="csv"
    )

    pages = [r for r in tidy_fake.requests if r.path == "/v1/contacts"]
    assert pages[0].params["offset"] == "25" and pages[0].params["limit"] == "25"
    written = ids_in(tmp_path / "contacts.csv")
    assert len(written) == len(set(written)) == second.resources[0].total
    assert set(written) == set(tidy_fake.contacts)


# -- crashes and cancellation ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
async def test_a_page_written_after_the_last_checkpoint_is_cut_off_on_resume(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path, fmt: str
) -> None:
    outage = OnPage("clients", 100, lambda: tc_fake.script(*SERVER_DOWN, path="/api/clients/"))
    await export_account(tc, tmp_path, resources=["clients"], format=fmt, observer=outage)  # type: ignore[arg-type]
    path = tmp_path / f"clients.{fmt}"
    # A crash after writing more, before the checkpoint: a whole row, then a torn one.
    append(path, '{"id": 150}\n' if fmt == "jsonl" else "150,x,y,z,u,\n")
    append(path, '{"id": 149, "first_na')

    await export_account(tc, tmp_path, resources=["clients"], format=fmt, resume=True)  # type: ignore[arg-type]

    assert ids_in(path) == sorted(tc_fake.clients, reverse=True)
    if fmt == "csv":
        assert path.read_text().count("first_name") == 1  # the header once


def shorten(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:50])


def alter(path: Path) -> None:
    """Change bytes inside the recorded part, keeping the length: only a digest sees it."""
    data = bytearray(path.read_bytes())
    at = data.index(b"@")
    data[at] = ord("#")
    path.write_bytes(bytes(data))


def truncate_table(db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM clients WHERE _position >= 40")
    conn.close()


def drop_table(db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DROP TABLE clients")
    conn.close()


@pytest.mark.parametrize(
    ("fmt", "damage", "reason"),
    [
        ("jsonl", shorten, "clients.jsonl is shorter than the checkpoint says"),
        ("jsonl", Path.unlink, "clients.jsonl is gone"),
        ("jsonl", alter, "clients.jsonl is not what was written"),
        ("csv", alter, "clients.csv is not what was written"),
        ("sqlite", truncate_table, "table clients holds 40 of the"),
        ("sqlite", drop_table, "table clients is gone"),
        ("sqlite", Path.unlink, "tutorcruncher.sqlite is gone"),
    ],
)
@pytest.mark.parametrize("interrupted", [True, False], ids=["in-progress", "done"])
async def test_resume_verifies_the_output_and_exports_again_what_is_not_there(
    tc: TutorCruncher,
    tc_fake: FakeTutorCruncher,
    tmp_path: Path,
    fmt: str,
    damage: Callable[[Path], object],
    reason: str,
    interrupted: bool,
) -> None:
    """Never "done" over data that is not there: whatever happened to the output since."""
    outage = OnPage("clients", 100, lambda: tc_fake.script(*SERVER_DOWN, path="/api/clients/"))
    first = await export_account(
        tc,
        tmp_path,
        resources=["clients", "labels"],
        format=fmt,  # type: ignore[arg-type]
        observer=outage if interrupted else None,
    )
    assert first.resources[0].status == ("failed" if interrupted else "done")
    path = tmp_path / ("tutorcruncher.sqlite" if fmt == "sqlite" else f"clients.{fmt}")
    damage(path)
    tc_fake.reset_requests()

    heard: list[str] = []

    class Notices(ExportObserver):
        def notice(self, text: str) -> None:
            heard.append(text)

    second = await export_account(
        tc,
        tmp_path,
        resources=["clients", "labels"],
        format=fmt,  # type: ignore[arg-type]
        resume=True,
        observer=Notices(),
    )

    clients, labels = second.resources
    assert clients.status == "done" and clients.resumed_at == 0
    assert clients.restarted is not None and reason in clients.restarted
    assert any(reason in line and "again from the start" in line for line in heard)
    assert any(reason in line for line in second.notices)
    paged = [r.params.get("page") for r in tc_fake.requests if r.path == "/api/clients/"]
    assert paged[0] is None, "page 1 was fetched again"
    assert ids_in(path) == (
        sorted(tc_fake.clients) if fmt == "sqlite" else sorted(tc_fake.clients, reverse=True)
    )
    assert clients.items == 250
    if fmt != "sqlite" or damage is not Path.unlink:
        assert labels.status == "complete", "what is intact is not fetched again"
    else:  # the whole database went: labels with it
        assert labels.status == "done" and labels.restarted is not None


async def test_resume_without_a_checkpoint_says_so_and_exports_from_the_start(
    tc: TutorCruncher, tmp_path: Path
) -> None:
    result = await export_account(tc, tmp_path, resources=["labels"], resume=True)
    (notice,) = result.notices
    assert "no checkpoint" in notice and "from the start" in notice
    assert result.resources[0].status == "done" and result.resources[0].items == 12


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
async def test_cancelled_again_and_again_then_resumed_loses_and_doubles_nothing(
    tmp_path: Path, fmt: str
) -> None:
    """Ctrl-C at arbitrary moments — mid-request, mid-write, mid-checkpoint — then --resume."""
    rng = random.Random(fmt)
    async with (
        FakeTutorCruncher(clients=1000, rate_limit=None, latency=0.004) as fake,
        TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc,
    ):
        result: ExportResult | None = None
        interruptions = 0
        while result is None:
            task = asyncio.create_task(
                export_account(
                    tc,
                    tmp_path,
                    resources=["clients", "labels", "invoices"],
                    format=fmt,  # type: ignore[arg-type]
                    resume=True,
                )
            )
            await asyncio.sleep(rng.uniform(0.002, 0.03))
            if task.done():
                result = task.result()
                break
            task.cancel()
            try:
                result = await task  # it may have finished just before the cancel landed
            except asyncio.CancelledError:
                interruptions += 1
            saved = Checkpoint.load(tmp_path / CHECKPOINT_NAME)
            if saved is not None and fmt != "sqlite":
                for name, state in saved.resources.items():  # never ahead of the disk
                    if state.sink:
                        size = (tmp_path / f"{name}.{fmt}").stat().st_size
                        assert size >= state.sink["bytes"]

    assert interruptions >= 3
    assert result.ok and {r.status for r in result.resources} <= {"done", "complete"}
    clients = tmp_path / ("tutorcruncher.sqlite" if fmt == "sqlite" else f"clients.{fmt}")
    expected = sorted(fake.clients, reverse=True) if fmt != "sqlite" else sorted(fake.clients)
    assert ids_in(clients) == expected
    assert {r.name: r.items for r in result.resources} == {
        "clients": 1000,
        "labels": 12,
        "invoices": 12,
    }


# -- streaming -------------------------------------------------------------------------------


async def test_items_reach_the_file_before_the_next_page_is_even_asked_for(
    big_tc: tuple[FakeTutorCruncher, TutorCruncher], tmp_path: Path
) -> None:
    fake, tc = big_tc
    seen: list[tuple[int, int]] = []

    def look() -> None:
        lines = (tmp_path / "clients.jsonl").read_text().count("\n")
        asked = sum(1 for r in fake.requests if r.path == "/api/clients/")
        seen.append((lines, asked))

    await export_account(tc, tmp_path, resources=["clients"], observer=OnPage("clients", 1, look))
    assert seen == [(100, 1)]  # page 1 on disk; page 2 of 10 not yet requested


async def _peak_memory(clients: int, directory: Path) -> int:
    async with (
        FakeTutorCruncher(clients=clients, rate_limit=None) as fake,
        TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc,
    ):
        await tc.clients.list(max_items=1).collect()  # warm up imports and the pool
        tracemalloc.start()
        try:
            await export_account(tc, directory, resources=["clients"])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak


async def test_memory_stays_flat_however_large_the_account(tmp_path: Path) -> None:
    small = await _peak_memory(300, tmp_path / "small")
    large = await _peak_memory(3000, tmp_path / "large")  # ten times the items
    print(f"peak memory: {small=} {large=}")
    assert large < small * 1.5, (small, large)


# -- what resume refuses ---------------------------------------------------------------------


async def test_resume_refuses_a_checkpoint_of_another_format_or_vendor(
    tc: TutorCruncher, ef: Eduframe, tmp_path: Path
) -> None:
    await export_account(tc, tmp_path, resources=["labels"])
    with pytest.raises(ExportUsageError, match="--format jsonl"):
        await export_account(tc, tmp_path, resources=["labels"], format="csv", resume=True)
    with pytest.raises(ExportUsageError, match="TutorCruncher export"):
        await export_account(ef, tmp_path, resources=["courses"], resume=True)


async def test_a_damaged_checkpoint_is_an_error_not_a_guess(
    tc: TutorCruncher, tmp_path: Path
) -> None:
    (tmp_path / CHECKPOINT_NAME).write_text('{"version": 1, "vendor": "TutorCr')
    with pytest.raises(ExportError, match="cannot read the checkpoint"):
        await export_account(tc, tmp_path, resources=["labels"], resume=True)


async def test_a_fresh_export_resets_the_checkpoint_before_touching_files(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    await export_account(tc, tmp_path, resources=["labels"])
    assert load_checkpoint(tmp_path).resources["labels"].done
    tc_fake.script(Fault.status(403), path="/api/labels/")
    result = await export_account(tc, tmp_path, resources=["labels"], overwrite=True)
    assert result.resources[0].status == "failed"
    # The old "done" must not survive: resuming now exports labels again, in full.
    assert load_checkpoint(tmp_path).resources["labels"] == ResourceState()
    again = await export_account(tc, tmp_path, resources=["labels"], resume=True)
    assert again.resources[0].items == 12
    assert len((tmp_path / "labels.jsonl").read_text().splitlines()) == 12
