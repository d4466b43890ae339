"""The package as a user installs it: public names, typing marker, README commands."""

from __future__ import annotations

import re
from pathlib import Path

import aio_edu_clients
from aio_edu_clients import errors

ROOT = Path(__file__).resolve().parent.parent


def test_public_names() -> None:
    for name in (
        "TutorCruncher",
        "Eduframe",
        "TidyClub",
        "SessionPool",
        "RateLimit",
        "RetryPolicy",
        "errors",
    ):
        assert hasattr(aio_edu_clients, name), name
    assert issubclass(errors.NotFoundError, errors.APIStatusError)
    assert issubclass(errors.APIStatusError, errors.EduClientError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.DecodeError, errors.EduClientError)


def test_ships_py_typed() -> None:
    assert (Path(aio_edu_clients.__file__).parent / "py.typed").exists()


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text()
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```\n(.+?)\n```", setup, flags=re.S)
    assert len(commands) == 2
    assert "aio-edu export tutorcruncher --demo" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci
    marker = readme.split("<!-- test-command -->", 1)[1]
    assert marker.split("```\n", 1)[1].split("\n", 1)[0] == commands[1]
