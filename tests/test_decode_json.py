"""With the ``fast`` extra (orjson) installed, bodies decode exactly as without it."""

from __future__ import annotations

import json
from typing import Any

import orjson  # noqa: F401 - in the test extra: its path is the one tested
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aio_edu_clients.core import response


def without_orjson(content: bytes) -> Any:
    saved = response._orjson_loads
    response._orjson_loads = None
    try:
        return response.decode_json(content)
    finally:
        response._orjson_loads = saved


def verdict(decode: Any, content: bytes) -> tuple[str, Any]:
    try:
        return "ok", decode(content)
    except ValueError:
        return "refused", None


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_decodes_the_same_with_and_without_orjson(value: Any) -> None:
    content = json.dumps(value).encode()
    got = response.decode_json(content)
    assert got == without_orjson(content) == value
    assert json.dumps(got) == json.dumps(value)  # types too: 1 stays 1, not 1.0


@pytest.mark.parametrize(
    "content",
    [
        b"123456789012345678901234567890",  # past 64 bits: orjson would round it
        b'{"id": 18446744073709551616}',
        b'"\\ud800"',  # a lone surrogate escape
        b"\xef\xbb\xbf{}",  # a BOM
        '{"a": 1}'.encode("utf-16"),
        b"1e400",
        b"NaN",
        b'{"a": 1,}',
        b"[" * 5000 + b"]" * 5000,
        b"\xff",
    ],
)
def test_what_orjson_refuses_or_rounds_gets_jsons_verdict(content: bytes) -> None:
    assert verdict(response.decode_json, content) == verdict(without_orjson, content)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40))
def test_any_bytes_get_the_same_verdict(content: bytes) -> None:
    assert verdict(response.decode_json, content) == verdict(without_orjson, content)
