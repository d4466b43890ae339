"""Signals and malformed base URLs: one line on stderr, the conventional exit code, no traceback.

Run as a user runs the command, in a subprocess (helpers from `tests.test_cli`).
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import aio_edu_clients
from aio_edu_clients import Eduframe, TidyClub, TutorCruncher
from aio_edu_clients.core.client import BaseClient
from aio_edu_clients.export import CHECKPOINT_NAME, Checkpoint
from aio_edu_clients.testing import FakeTutorCruncher

from .test_cli import (
    CONSOLE_SCRIPT,
    Run,
    assert_one_line_error,
    clean_env,
    finish,
    jsonl_ids,
    run,
    start,
)

PACKAGE = Path(aio_edu_clients.__file__).parent
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
STOPPED = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}
SIGNALS = pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
ENTRY_POINTS = {
    "python -m": (sys.executable, "-m", "aio_edu_clients"),
    "console script": (str(CONSOLE_SCRIPT),),
}
# From "before Python is up" to "the demo server is starting": the moment is the
# machine's to decide, so every outcome is checked, none is expected at a given delay.
DELAYS = (0.0, 0.005, 0.02, 0.05, 0.1, 0.2, 0.5)

# A malformed base URL, and what the refusal must say. The password must never show.
BAD_BASE_URLS = {
    "not a url": "is not an absolute URL",
    "http://": "has no host",
    "http://exa mple.com": "has an invalid host 'exa mple.com'",
    "http://host:99999/": "is not a valid URL: Port out of range",
    "://x": "is not an absolute URL",
    "ftp://host/": "has unsupported scheme 'ftp': use http or https",
    "file:///x": "has unsupported scheme 'file': use http or https",
    "localhost:8000": "unsupported scheme 'localhost': use http or https (did you mean",
    "http://user:s3cret-pass@host/": "must not contain a user or password",
    "http://user:s3cret-pass@host:99999/": "is not a valid URL",
}


# -- malformed base URLs ----------------------------------------------------------------------


@pytest.mark.parametrize("client_cls", [TutorCruncher, Eduframe, TidyClub])
@pytest.mark.parametrize(("url", "reason"), BAD_BASE_URLS.items())
def test_a_client_refuses_a_malformed_base_url_when_built(
    client_cls: Callable[..., BaseClient], url: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)) as refused:
        client_cls("key-1234", base_url=url)
    assert "s3cret" not in str(refused.value)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://host/api/", "https://host/api"),
        ("http://127.0.0.1:8000/api", "http://127.0.0.1:8000/api"),
        ("http://[::1]:8080/", "http://[::1]:8080"),
        ("http://münchen.de/", "http://xn--mnchen-3ya.de"),
    ],
)
def test_a_client_takes_a_well_formed_base_url(url: str, kept: str) -> None:
    assert TutorCruncher("key-1234", base_url=url).base_url == kept


async def test_a_malformed_base_url_is_a_usage_error_before_any_request(tmp_path: Path) -> None:
    out = tmp_path / "out"
    async with FakeTutorCruncher(rate_limit=None) as fake:
        with_userinfo = fake.base_url.replace("://", "://user:s3cret-pass@")
        urls = {**BAD_BASE_URLS, with_userinfo: "must not contain a user or password"}
        results = await asyncio.gather(
            *(
                run(
                    "export",
                    "tutorcruncher",
                    "--api-key",
                    fake.api_key,
                    "--base-url",
                    url,
                    "--out",
                    str(out),
                )
                for url in urls
            )
        )
        assert fake.requests == []
    for (url, reason), result in zip(urls.items(), results, strict=True):
        line = assert_one_line_error(result, 2)
        assert line.startswith("aio-edu: error: --base-url ") and reason in line, (url, line)
        assert "s3cret" not in result.out + result.err
    assert not out.exists()


async def test_a_malformed_accounts_url_is_a_usage_error(tmp_path: Path) -> None:
    result = await run(
        "export", "tidyclub", "--accounts-url", "ftp://accounts/", "--out", str(tmp_path)
    )
    line = assert_one_line_error(result, 2)
    assert "--accounts-url 'ftp://accounts/' has unsupported scheme 'ftp'" in line


# -- signals while starting -------------------------------------------------------------------


def test_importing_the_command_line_loads_nothing_slow() -> None:
    """What runs before `cli.main` can catch a signal stays this short.

    The package names its public classes lazily; reaching one still imports it.
    """
    heavy = ["__future__", "aiohttp", "argparse", "asyncio", "logging", "rich", "signal", "typing"]
    code = f"import sys, aio_edu_clients.cli; print(sorted(set({heavy}) & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout == "[]\n"
    assert set(aio_edu_clients.__all__) <= set(dir(aio_edu_clients))
    assert all(getattr(aio_edu_clients, name) is not None for name in aio_edu_clients.__all__)


def assert_stopped_by(sig: signal.Signals, result: Run, out: Path, *, strict: bool) -> None:
    """``result`` is what a signal at any moment may leave: never a traceback of ours.

    Unless ``strict``, two outcomes the package cannot prevent are let pass: the
    process killed before any handler existed (silently, by the signal), and a
    traceback none of whose frames is ours (CPython's own start-up — site, runpy, the
    console script's ``import re`` — or an exception it ignored in one of its callbacks).
    """
    if not strict and "Traceback" in result.err:
        frames = [Path(f) for f in re.findall(r'File "([^"]+)"', result.err)]
        assert not [f for f in frames if f.is_relative_to(PACKAGE)], result.err
        return
    if not strict and result.code == -sig:
        assert result.err == "", result
        return
    assert "Traceback" not in result.err + result.out, result
    lines = result.err.splitlines()
    assert len(lines) <= 1, result.err
    if result.code == 0:  # it finished before the signal came
        return
    assert result.code == EXIT_CODES[sig], result
    if not lines:  # `python -m` stopped before `cli.main` could say anything
        return
    line = lines[0]
    assert line.startswith(f"aio-edu: error: {STOPPED[sig]}"), line
    if "--resume" in line:
        assert Checkpoint.load(out / CHECKPOINT_NAME) is not None, line
    else:
        assert "checkpoint" not in line


async def signalled_at(entry: tuple[str, ...], sig: signal.Signals, delay: float, out: Path) -> Run:
    proc = await asyncio.create_subprocess_exec(
        *entry,
        "export",
        "tutorcruncher",
        "--demo",
        "--out",
        str(out),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=clean_env(),
    )
    await asyncio.sleep(delay)
    proc.send_signal(sig)
    return await finish(proc)


@SIGNALS
@pytest.mark.parametrize("entry", ENTRY_POINTS.values(), ids=ENTRY_POINTS.keys())
async def test_a_signal_while_starting_is_one_line_and_its_exit_code(
    tmp_path: Path, entry: tuple[str, ...], sig: signal.Signals
) -> None:
    outs = [tmp_path / f"after-{delay}s" for delay in DELAYS]
    results = await asyncio.gather(
        *(signalled_at(entry, sig, delay, out) for delay, out in zip(DELAYS, outs, strict=True))
    )
    for delay, out, result in zip(DELAYS, outs, results, strict=True):
        print(f"{sig.name} after {delay}s: {result}")  # shown if an assertion fails
        assert_stopped_by(sig, result, out, strict=False)


@SIGNALS
async def test_a_signal_as_the_export_begins_never_claims_a_checkpoint_it_lacks(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """Signalled the moment the output directory appears: inside `main` for sure."""
    out = tmp_path / "export"
    proc = await start("export", "tutorcruncher", "--demo", "--out", str(out))
    for _ in range(60000):  # a hang guard only (2 min)
        if out.exists() or proc.returncode is not None:
            break
        await asyncio.sleep(0.002)
    if proc.returncode is None:
        proc.send_signal(sig)
    assert_stopped_by(sig, await finish(proc), out, strict=True)


# -- a signal during an export ---------------------------------------------------------------


@SIGNALS
async def test_a_signal_mid_export_is_one_line_and_resume_completes_every_item_once(
    tmp_path: Path, sig: signal.Signals
) -> None:
    """Stop a demo export mid-way, then ``--resume`` it: each item is written once.

    SIGTERM as Ctrl-C, each with its own exit code and word.
    """
    out = tmp_path / "export"
    resources = "clients,labels,invoices,tasks,notes,reports,services,subjects,tenders"
    args = ("export", "tutorcruncher", "--demo", "--out", str(out), "--resources", resources)
    proc = await start(*args)
    checkpoint = out / CHECKPOINT_NAME
    for _ in range(6000):  # until the first page of clients is on disk (a hang guard: 2 min)
        await asyncio.sleep(0.02)
        saved = Checkpoint.load(checkpoint) if checkpoint.exists() else None
        if saved is not None and saved.resources["clients"].items:
            break
        assert proc.returncode is None, "the export ended before it could be stopped"
    else:
        proc.kill()
        raise AssertionError("no page of clients was ever saved")
    proc.send_signal(sig)
    stopped = await finish(proc)

    line = assert_one_line_error(stopped, EXIT_CODES[sig])
    assert line == (
        f"aio-edu: error: {STOPPED[sig]}; what was written is checkpointed in {out}: "
        "run the same command with --resume to continue"
    )
    saved = Checkpoint.load(checkpoint)
    assert saved is not None and not all(s.done for s in saved.resources.values())

    resumed = await run(*args, "--resume")
    assert resumed.code == 0, resumed
    clients = jsonl_ids(out / "clients.jsonl")
    assert clients == sorted(set(clients), reverse=True) and len(clients) == 250
    for name in resources.split(",")[1:]:
        lines = (out / f"{name}.jsonl").read_text().splitlines()  # not every item has an id
        assert len(lines) == len(set(lines)) == 12, name
