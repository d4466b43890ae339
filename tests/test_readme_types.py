"""The README's quick start is code a user copies: it must type-check as written, and
the typed bodies it shows must catch a misspelled or missing field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mypy import api

README = Path(__file__).parent.parent / "README.md"


def quick_start() -> str:
    text = README.read_text()
    section = text.split("## Quick start", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def mypy_errors(code: str, tmp_path: Path) -> str:
    path = tmp_path / "readme_quick_start.py"
    path.write_text(code)
    out, err, status = api.run(["--strict", "--no-error-summary", str(path)])
    return "" if status == 0 else out + err


def test_the_quick_start_type_checks(tmp_path: Path) -> None:
    assert mypy_errors(quick_start(), tmp_path) == ""


@pytest.mark.parametrize(
    ("shown", "mistake", "error"),
    [
        ('first_name="Ada"', 'first_nme="Ada"', "Unexpected keyword argument"),
        ('status="prospect"', 'status="prospct"', "incompatible type"),
        ('ClientUpdate(status="live")', 'ClientUpdate(statuss="live")', "Unexpected keyword"),
        ('last_name="Lovelace"', "", "Missing named argument"),
        ('first_name="Grace", ', "", "Missing named argument"),
        ('status="live")', 'statuss="live")', "Unexpected keyword argument"),
        ('name="Data", ', "", "Missing named argument"),
        ("is_published=True", "is_publshed=True", "Unexpected keyword argument"),
    ],
)
def test_a_mistake_in_the_quick_starts_bodies_is_a_mypy_error(
    tmp_path: Path, shown: str, mistake: str, error: str
) -> None:
    code = quick_start()
    assert shown in code
    assert error in mypy_errors(code.replace(shown, mistake, 1), tmp_path)
