"""Custom fields: read typed, written as {machine_name: value} with slugified dropdowns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aio_edu_clients import TutorCruncher
from aio_edu_clients.tutorcruncher.custom_fields import as_mapping, extra_attrs, slugify
from aio_edu_clients.tutorcruncher.models import Client, CustomField


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("Doesn't suit student", "doesnt-suit-student"),
        ("  Lives   far -- away  ", "lives-far-away"),
        ("_Weekend only_", "weekend-only"),
        ("Prefers ONLINE (Zoom)", "prefers-online-zoom"),
        ("Café au lait", "cafe-au-lait"),
        ("a_b", "a_b"),
    ],
)
def test_slugify_matches_the_documented_rule(raw: str, slug: str) -> None:
    assert slugify(raw) == slug


def test_extra_attrs_write_form() -> None:
    body = extra_attrs(
        {
            "client-dob": date(1993, 6, 23),
            "reason": "Doesn't suit student",
            "hours": Decimal("1.5"),
            "notes": "As Is",
        },
        dropdowns=["reason"],
    )
    assert body == {
        "client-dob": "1993-06-23",
        "reason": "doesnt-suit-student",
        "hours": "1.5",
        "notes": "As Is",
    }


def test_read_form_is_typed_and_maps_back() -> None:
    client = TutorCruncher.converter.structure(
        {
            "id": 1,
            "extra_attrs": [
                {
                    "id": 7,
                    "value": "1993-06-23",
                    "type": "Date",
                    "machine_name": "client-dob",
                    "name": "Date of birth",
                }
            ],
        },
        Client,
    )
    assert client.extra_attrs == [
        CustomField(
            id=7, value="1993-06-23", type="Date", machine_name="client-dob", name="Date of birth"
        )
    ]
    assert as_mapping(client.extra_attrs) == {"client-dob": "1993-06-23"}
