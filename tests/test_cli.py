"""The ``aio-edu`` command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path

import attrs

from aio_edu_clients import TutorCruncher
from aio_edu_clients.export import CHECKPOINT_NAME
from aio_edu_clients.testing import FakeTutorCruncher, Fault

CONSOLE_SCRIPT = Path(sys.executable).parent / "aio-edu"
VENDOR_VARIABLES = ("TUTORCRUNCHER_", "EDUFRAME_", "TIDYCLUB_")


@attrs.frozen
class Run:
    code: int
    out: str
    err: str


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment without any vendor credentials, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(VENDOR_VARIABLES)}
    env.update(extra or {})
    return env


async def start(*args: str, env: Mapping[str, str] | None = None) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "aio_edu_clients",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=clean_env(env),
    )


async def finish(proc: asyncio.subprocess.Process) -> Run:
    try:
        async with asyncio.timeout(120):  # a hang guard only: a run takes a second or two
            out, err = await proc.communicate()
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise AssertionError("aio-edu did not exit within two minutes") from None
    assert proc.returncode is not None
    return Run(proc.returncode, out.decode(), err.decode())


async def run(*args: str, env: Mapping[str, str] | None = None) -> Run:
    return await finish(await start(*args, env=env))


async def export_tc(base_url: str, out: Path, *args: str, key: str) -> Run:
    """``aio-edu export tutorcruncher`` against ``base_url``, the key in the environment."""
    return await run(
        "export",
        "tutorcruncher",
        "--base-url",
        base_url,
        "--out",
        str(out),
        *args,
        env={"TUTORCRUNCHER_API_KEY": key},
    )


def assert_one_line_error(result: Run, code: int) -> str:
    assert result.code == code, result
    assert "Traceback" not in result.err and "Traceback" not in result.out
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("aio-edu: error: ")
    return lines[0]


def jsonl_ids(path: Path) -> list[int]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


# -- export --demo ---------------------------------------------------------------------------


async def test_demo_export_writes_files_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = await run(
        "export", "tutorcruncher", "--demo", "--out", str(out), "--resources", "clients,labels"
    )

    assert result.code == 0, result
    assert result.err == ""  # stderr is not a terminal: no progress display
    assert (
        len(jsonl_ids(out / "clients.jsonl")) == len(set(jsonl_ids(out / "clients.jsonl"))) == 250
    )
    assert len(jsonl_ids(out / "labels.jsonl")) == 12
    assert "clients.jsonl" in result.out and "250" in result.out
    assert "Exported 262 items of 2 TutorCruncher resources" in result.out
    assert str(out / CHECKPOINT_NAME) in result.out


async def test_the_console_script_runs_every_format(tmp_path: Path) -> None:
    for fmt, produced in (("csv", "clients.csv"), ("sqlite", "tutorcruncher.sqlite")):
        proc = await asyncio.create_subprocess_exec(
            str(CONSOLE_SCRIPT),
            "export",
            "tutorcruncher",
            "--demo",
            "--quiet",
            "--format",
            fmt,
            "--out",
            str(tmp_path / fmt),
            "--resources",
            "clients",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=clean_env(),
        )
        result = await finish(proc)
        assert (result.code, result.out, result.err) == (0, "", "")  # --quiet: nothing
        assert (tmp_path / fmt / produced).stat().st_size > 0


async def test_eduframe_and_tidyclub_demo_exports(tmp_path: Path) -> None:
    ef = await run(
        "export", "eduframe", "--demo", "--out", str(tmp_path / "ef"), "--resources", "courses"
    )
    assert ef.code == 0, ef
    courses = jsonl_ids(tmp_path / "ef" / "courses.jsonl")
    assert courses and len(courses) == len(set(courses))
    tidy = await run(
        "export", "tidyclub", "--demo", "--out", str(tmp_path / "tidy"), "--resources", "contacts"
    )
    assert tidy.code == 0, tidy
    contacts = jsonl_ids(tmp_path / "tidy" / "contacts.jsonl")
    assert contacts and len(contacts) == len(set(contacts))


# -- failures: one line, a non-zero code, no traceback, no secret -----------------------------


async def test_bad_credentials_one_line_no_traceback_no_secret(tmp_path: Path) -> None:
    secret = "wrong-key-0123456789"
    async with FakeTutorCruncher(rate_limit=None) as fake:
        result = await export_tc(fake.base_url, tmp_path, key=secret)
    line = assert_one_line_error(result, 1)
    assert "401" in line and "Invalid token" in line
    assert secret not in result.out + result.err


async def test_an_api_key_flag_works_and_is_never_shown(tmp_path: Path) -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        result = await run(
            "export",
            "tutorcruncher",
            "--api-key",
            fake.api_key + "-not",
            "--base-url",
            fake.base_url,
            "--out",
            str(tmp_path),
        )
        assert fake.api_key + "-not" not in result.out + result.err
        assert_one_line_error(result, 1)
        good = await export_tc(
            fake.base_url, tmp_path, "--resources", "labels", "--resume", key=fake.api_key
        )
    assert good.code == 0, good
    assert len(jsonl_ids(tmp_path / "labels.jsonl")) == 12


async def test_unreachable_host_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = await export_tc(f"http://127.0.0.1:{port}/api/", tmp_path, key="k")
    line = assert_one_line_error(result, 1)
    assert f"127.0.0.1:{port}" in line


async def test_rate_limit_exhausted_is_one_line(tmp_path: Path) -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        fake.script(*[Fault.rate_limited(retry_after=0)] * 10)  # more than the retries
        result = await export_tc(fake.base_url, tmp_path, "--resources", "labels", key=fake.api_key)
        refused = sum(1 for r in fake.requests if r.status == 429)
    line = assert_one_line_error(result, 1)
    assert "429" in line
    assert refused == 4  # the first try and the default policy's three retries


async def test_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    missing = await run("export", "tutorcruncher", "--out", str(tmp_path))
    assert "TUTORCRUNCHER_API_KEY" in assert_one_line_error(missing, 2)
    tidy = await run("export", "tidyclub", "--out", str(tmp_path))
    assert "TIDYCLUB_ACCESS_TOKEN" in assert_one_line_error(tidy, 2)
    unknown = await run(
        "export", "tutorcruncher", "--demo", "--resources", "clients,nope", "--out", str(tmp_path)
    )
    assert "nope" in assert_one_line_error(unknown, 2)
    bad_vendor = await run("export", "moodle")
    assert bad_vendor.code == 2 and "Traceback" not in bad_vendor.err


async def test_resuming_in_another_format_is_a_usage_error(tmp_path: Path) -> None:
    first = ("export", "tutorcruncher", "--demo", "--quiet", "--resources", "labels")
    await run(*first, "--format", "csv", "--out", str(tmp_path))
    result = await run(*first, "--resume", "--out", str(tmp_path))
    assert "--format csv" in assert_one_line_error(result, 2)


async def test_a_failed_resource_exits_1_after_the_summary(tmp_path: Path) -> None:
    async with FakeTutorCruncher(rate_limit=None) as fake:
        fake.script(Fault.status(403), path="/api/labels/")
        result = await export_tc(
            fake.base_url, tmp_path, "--resources", "labels,clients", key=fake.api_key
        )
    line = assert_one_line_error(result, 1)
    assert "1 of 2 resources failed (labels)" in line and "--resume" in line
    assert "FAILED" in result.out and "Failed: labels:" in result.out and "403" in result.out
    assert len(jsonl_ids(tmp_path / "clients.jsonl")) == 250


# -- operations and demo ---------------------------------------------------------------------


async def test_operations_lists_every_operation() -> None:
    result = await run("operations", "tutorcruncher")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert len(lines) == len(TutorCruncher.operations())
    for op, line in zip(TutorCruncher.operations(), lines, strict=True):
        assert line.split()[:3] == [op.method, op.path, f"{op.resource}.{op.name}"]
    assert any(line.endswith("clients.list  (exported)") for line in lines)


async def test_the_demo_still_runs() -> None:
    result = await run("demo")
    assert result.code == 0, result
    assert "TutorCruncher" in result.out and "All done" in result.out
