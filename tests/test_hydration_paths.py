"""The generated hydration functions decide exactly as cattrs' path does.

The fast converter hydrates through functions generated per model class
(`aio_edu_clients.core.hydrate`); the detailed converter, which explains failures,
still goes through cattrs. If they ever disagreed, a payload could be accepted by one
and refused by the other, or hydrate differently: so real payloads from the fakes,
with one field replaced by any JSON value (or removed, or an unknown one added), must
give equal models (``extra`` included) or fail on both paths.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher
from aio_edu_clients.core.models import ModelConverter, _build
from aio_edu_clients.eduframe import models as ef
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher
from aio_edu_clients.tidyclub import models as tidy
from aio_edu_clients.tutorcruncher import models as tc

from .test_properties import NASTY_TEXT, json_values


def _payloads(records: Any) -> list[dict[str, Any]]:
    return json.loads(json.dumps(list(records)[:20], default=str))


_TC, _EF, _TIDY = FakeTutorCruncher(clients=20), FakeEduframe(), FakeTidyClub()
CASES = [
    (TutorCruncher.converter, tc.Client, _payloads(_TC.clients.values())),
    (Eduframe.converter, ef.Course, _payloads(_EF.courses.values())),
    (Eduframe.converter, ef.PlannedCourse, _payloads(_EF.planned_courses.values())),
    (TidyClub.converter, tidy.Contact, _payloads(_TIDY.contacts.values())),
    (  # runs __attrs_post_init__, as __init__ would
        TidyClub.converter,
        tidy.ContactCustomFieldValue,
        _payloads(f for c in _TIDY.contacts.values() for f in c.get("custom_fields") or ()),
    ),
]
_REFERENCE: dict[str, Any] = {}


def reference(converter: ModelConverter) -> Any:
    """The cattrs path, as the detailed converter has it, but failing fast."""
    if converter.vendor not in _REFERENCE:
        _REFERENCE[converter.vendor] = _build(True, converter._configure)
    return _REFERENCE[converter.vendor]


def outcome(hook: Any, value: Any, cls: type[Any]) -> Any:
    try:
        return attrs.asdict(hook(value, cls), recurse=True)
    except Exception:
        return "refused"


def test_the_fakes_payloads_hydrate_on_the_generated_path() -> None:
    for converter, cls, payloads in CASES:
        assert converter.fast.get_structure_hook(cls).__name__ == "structure"
        models = converter.structure_list(payloads, cls)
        assert [m.id for m in models] == [p["id"] for p in payloads]


@pytest.mark.parametrize(
    ("converter", "cls", "payloads"), CASES, ids=[c[1].__name__ for c in CASES]
)
@settings(max_examples=250, deadline=None)
@given(data=st.data())
def test_generated_and_cattrs_paths_agree(
    converter: ModelConverter, cls: type[Any], payloads: list[dict[str, Any]], data: Any
) -> None:
    payload = dict(data.draw(st.sampled_from(payloads)))
    key = data.draw(st.sampled_from(sorted(payload)) | st.text(max_size=6))
    change = data.draw(st.sampled_from(["set", "remove", "nested"]))
    value = data.draw(json_values | st.sampled_from(NASTY_TEXT))
    if change == "remove":
        payload.pop(key, None)
    elif change == "nested" and isinstance(payload.get(key), dict) and payload[key]:
        inner = dict(payload[key])
        inner[data.draw(st.sampled_from(sorted(inner)))] = value
        payload[key] = inner
    else:
        payload[key] = value
    fast = converter.fast.get_structure_hook(cls)
    slow = reference(converter).get_structure_hook(cls)
    assert outcome(fast, payload, cls) == outcome(slow, payload, cls)


ODD_VALUES = [*NASTY_TEXT, None, True, 0, -1, 1.5, 1e308, float("inf"), [], {}, [1], {"a": 1}]


@pytest.mark.parametrize(
    ("converter", "cls", "payloads"), CASES, ids=[c[1].__name__ for c in CASES]
)
def test_every_field_with_every_odd_value_is_decided_alike(
    converter: ModelConverter, cls: type[Any], payloads: list[dict[str, Any]]
) -> None:
    fast = converter.fast.get_structure_hook(cls)
    slow = reference(converter).get_structure_hook(cls)
    for key in sorted(payloads[0]):
        for value in ODD_VALUES:
            payload = {**payloads[0], key: value}
            assert outcome(fast, payload, cls) == outcome(slow, payload, cls), (key, value)


def test_a_model_with_nothing_unknown_shares_one_read_only_empty_extra() -> None:
    import copy
    import pickle

    converter, cls, payloads = CASES[0]
    first, second = converter.structure_list(payloads[:2], cls)
    assert first.extra is second.extra and first.extra == {}
    assert json.dumps(first.extra) == "{}"
    with pytest.raises(TypeError, match="read-only"):
        first.extra["x"] = 1  # type: ignore[index]
    again = pickle.loads(pickle.dumps(first))
    assert again == first and again.extra is first.extra
    assert copy.deepcopy(first).extra is first.extra
    unknown = converter.structure({**payloads[0], "brand_new": 1}, cls)
    assert unknown.extra == {"brand_new": 1}
