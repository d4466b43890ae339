"""One export per directory at a time: a second run fails at once and touches nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from aio_edu_clients import TutorCruncher
from aio_edu_clients.export import ExportLocked, export_account
from aio_edu_clients.export.lock import LOCK_NAME, DirectoryLock
from aio_edu_clients.testing import FakeTutorCruncher

from .conftest import FAST_RETRY
from .test_cli import run


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


async def exported_once(fake: FakeTutorCruncher, out: Path, *, overwrite: bool = False) -> None:
    async with TutorCruncher(
        fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
    ) as tc:
        result = await export_account(tc, out, resources=["clients", "labels"], overwrite=overwrite)
    assert result.ok


async def test_an_export_into_a_locked_directory_fails_at_once_and_touches_nothing(
    tmp_path: Path,
) -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        await exported_once(fake, tmp_path)
        before = snapshot(tmp_path)
        fake.reset_requests()
        with DirectoryLock(tmp_path):  # another run holds it
            async with TutorCruncher(fake.api_key, base_url=fake.base_url, rate_limit=None) as tc:
                with pytest.raises(ExportLocked, match=str(tmp_path)):
                    await export_account(tc, tmp_path, resources=["clients"])
        assert fake.requests == [], "nothing was asked of the vendor"
        assert snapshot(tmp_path) == before
        # The lock goes with its holder: the next run goes ahead.
        await exported_once(fake, tmp_path, overwrite=True)


async def test_two_exports_started_together_one_runs_one_refuses(tmp_path: Path) -> None:
    async with FakeTutorCruncher(clients=300, rate_limit=None) as fake:
        fake.latency = 0.05
        async with TutorCruncher(
            fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
        ) as tc:
            outcomes = await asyncio.gather(
                export_account(tc, tmp_path, resources=["clients"]),
                export_account(tc, tmp_path, resources=["clients"]),
                return_exceptions=True,
            )
    refused = [o for o in outcomes if isinstance(o, ExportLocked)]
    done = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(refused) == 1 and len(done) == 1
    assert done[0].items == len(fake.clients)
    lines = (tmp_path / "clients.jsonl").read_bytes().splitlines()
    assert len(lines) == len(fake.clients), "the run that went ahead wrote every item"


async def test_the_command_line_says_so_in_one_line_with_exit_code_2(tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with DirectoryLock(out):
        result = await run("export", "tidyclub", "--demo", "--out", str(out))
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and str(out) in result.err
    assert sorted(p.name for p in out.iterdir()) == sorted([LOCK_NAME, "keep.txt"])
    assert (out / "keep.txt").read_text() == "mine"
