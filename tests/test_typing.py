"""The typed surface, checked by mypy as a user's code would be.

Each module under ``tests/typing/`` is code a user writes: what must type-check is
plain code, and each mistake mypy must catch carries ``# type: ignore[code]``. With
``--strict`` (which warns on unused ignores), a mistake that stops being an error
fails this test as surely as correct code that stops type-checking.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

TYPING = Path(__file__).parent / "typing"


@pytest.mark.parametrize("module", sorted(p.name for p in TYPING.glob("*.py")))
def test_user_code_type_checks_and_mistakes_are_caught(module: str) -> None:
    out, err, status = api.run(["--strict", "--no-error-summary", str(TYPING / module)])
    assert status == 0, out + err
