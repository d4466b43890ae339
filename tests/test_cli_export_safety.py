"""The command line with a user's data: one run per directory, no mixing, honest exits."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from aio_edu_clients.export import CHECKPOINT_NAME, Checkpoint
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .test_cli import assert_one_line_error, export_tc, finish, jsonl_ids, run, start


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


async def test_two_exports_started_together_one_exports_everything_one_refuses(
    tmp_path: Path,
) -> None:
    """The issue's reproduction: two `export tidyclub --demo` into one directory at once."""
    out = tmp_path / "D"
    args = (
        "export",
        "tidyclub",
        "--demo",
        "--out",
        str(out),
        "--resources",
        "memberships,contacts",
    )
    first, second = await asyncio.gather(finish(await start(*args)), finish(await start(*args)))
    codes = sorted((first.code, second.code))
    assert codes == [0, 2], (first, second)
    refused = first if first.code == 2 else second
    line = assert_one_line_error(refused, 2)
    assert str(out) in line
    saved = Checkpoint.load(out / CHECKPOINT_NAME)
    assert saved is not None
    for name in ("memberships", "contacts"):
        state = saved.resources[name]
        assert state.done and state.items > 0
        assert len((out / f"{name}.jsonl").read_text().splitlines()) == state.items


async def test_another_export_in_the_directory_is_refused_unless_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "D"
    tc = ("export", "tutorcruncher", "--demo", "--quiet", "--out", str(out))
    assert (await run(*tc, "--resources", "clients,labels")).code == 0
    (out / "mine.txt").write_text("the user's own")
    before = snapshot(out)

    for other in (
        ("export", "tidyclub", "--demo", "--quiet", "--out", str(out)),
        (*tc, "--resources", "labels", "--format", "csv"),
        (*tc, "--resources", "labels"),  # even the same export, fresh: --resume or --overwrite
    ):
        line = assert_one_line_error(await run(*other), 2)
        assert str(out) in line and "--overwrite" in line
        assert snapshot(out) == before, "a refusal touches nothing"

    replaced = await run(
        "export",
        "tidyclub",
        "--demo",
        "--quiet",
        "--out",
        str(out),
        "--resources",
        "contacts",
        "--overwrite",
    )
    assert replaced.code == 0, replaced
    assert "replaced the export" in replaced.err  # a note on stderr, nothing on stdout
    names = {p.name for p in out.iterdir()}
    assert names == {".aio-edu.lock", CHECKPOINT_NAME, "contacts.jsonl", "mine.txt"}
    assert (out / "mine.txt").read_text() == "the user's own"
    saved = Checkpoint.load(out / CHECKPOINT_NAME)
    assert (
        saved is not None and saved.vendor == "TidyClub" and list(saved.resources) == ["contacts"]
    )


async def test_resume_and_overwrite_together_is_a_usage_error(tmp_path: Path) -> None:
    result = await run(
        "export", "tutorcruncher", "--demo", "--out", str(tmp_path), "--resume", "--overwrite"
    )
    assert result.code == 2 and "Traceback" not in result.err
    assert not (tmp_path / CHECKPOINT_NAME).exists()


async def test_resume_verifies_and_says_what_it_exports_again(tmp_path: Path) -> None:
    out = tmp_path / "D"
    args = ("export", "tutorcruncher", "--demo", "--out", str(out), "--resources", "clients,labels")
    assert (await run(*args)).code == 0
    (out / "clients.jsonl").write_text("")  # emptied since: the checkpoint says 250

    resumed = await run(*args, "--resume")

    assert resumed.code == 0, resumed
    assert "clients.jsonl is shorter than the checkpoint says" in resumed.err
    assert "Re-exported clients from the start" in resumed.out
    assert len(jsonl_ids(out / "clients.jsonl")) == 250
    assert "Exported 262 items of 2" in resumed.out


async def test_resume_with_no_checkpoint_says_so_then_exports(tmp_path: Path) -> None:
    out = tmp_path / "D"
    result = await run(
        "export", "tutorcruncher", "--demo", "--out", str(out), "--resources", "labels", "--resume"
    )
    assert result.code == 0, result
    assert "no checkpoint" in result.err and "from the start" in result.err
    assert len(jsonl_ids(out / "labels.jsonl")) == 12


async def test_unparsed_items_are_written_flagged_and_the_exit_code_says_so(
    tmp_path: Path,
) -> None:
    page = {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [{"id": 1, "name": "a"}, {"id": "one", "name": "b"}, {"id": 3, "name": "c"}],
    }
    async with FakeTutorCruncher(rate_limit=None) as fake:
        fake.script(Fault.body(200, json.dumps(page).encode()), path="/api/labels/")
        result = await export_tc(
            fake.base_url, tmp_path, "--resources", "labels,clients", key=fake.api_key
        )
    line = assert_one_line_error(result, 3)
    assert "1 items did not fit their model" in line or "1 item" in line
    rows = [json.loads(x) for x in (tmp_path / "labels.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [1, "one", 3]
    assert "_unparsed" not in rows[0] and "_unparsed" not in rows[2]
    assert "id" in rows[1]["_unparsed"]
    assert "Unparsed: 1 items" in result.out


async def test_failed_resources_are_not_counted_as_exported(tmp_path: Path) -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        fake.script(*[Fault.status(500)] * 4, path="/api/clients/")
        result = await export_tc(
            fake.base_url, tmp_path, "--resources", "labels,clients", key=fake.api_key
        )
    assert_one_line_error(result, 1)
    assert "Exported 12 items of 1 TutorCruncher resource " in result.out
    assert "Failed: clients:" in result.out and "500" in result.out
