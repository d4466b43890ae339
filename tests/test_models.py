"""The converter rules every vendor relies on: lenient where vendors are inconsistent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from aio_edu_clients.core.models import ModelConverter
from aio_edu_clients.eduframe.models import PlannedCourse, PlannedCourseStatus
from aio_edu_clients.errors import DecodeError
from aio_edu_clients.tidyclub.models import Contact
from aio_edu_clients.tutorcruncher.models import Client, ClientStatus, Tender

TC = ModelConverter("TutorCruncher")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("25.00", Decimal("25.00")),
        (883.29, Decimal("883.29")),
        (0.1, Decimal("0.1")),
        (7, Decimal(7)),
        ("-1.5", Decimal("-1.5")),
    ],
)
def test_decimals_from_strings_or_numbers(raw: object, expected: Decimal) -> None:
    client = TC.structure({"id": 1, "payment_pending": raw}, Client)
    assert client.payment_pending == expected
    assert isinstance(client.payment_pending, Decimal)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-01-01T10:00:00Z", datetime(2020, 1, 1, 10, tzinfo=UTC)),
        (
            "2020-01-01T10:00:00.123+01:00",
            datetime(2020, 1, 1, 10, 0, 0, 123000, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2020-01-01T10:00:00-04:00", datetime(2020, 1, 1, 14, tzinfo=UTC)),
        ("2021-01-01 T16:11:48.312507Z", datetime(2021, 1, 1, 16, 11, 48, 312507, tzinfo=UTC)),
        ("2020-01-01T10:00:00", datetime(2020, 1, 1, 10, tzinfo=UTC)),
    ],
)
def test_datetimes_are_timezone_aware(raw: str, expected: datetime) -> None:
    client = TC.structure({"id": 1, "last_updated": raw}, Client)
    assert client.last_updated == expected
    assert client.last_updated is not None and client.last_updated.tzinfo is not None


def test_dates_from_dates_or_timestamps() -> None:
    conv = ModelConverter("Eduframe")
    assert conv.structure({"id": 1, "start_date": "2026-09-01"}, PlannedCourse).start_date == date(
        2026, 9, 1
    )
    assert conv.structure(
        {"id": 1, "start_date": "2026-09-01T08:00:00Z"}, PlannedCourse
    ).start_date == date(2026, 9, 1)


def test_unknown_enum_values_parse_and_stay_reachable() -> None:
    conv = ModelConverter("Eduframe")
    known = conv.structure({"id": 1, "status": "active"}, PlannedCourse)
    unknown = conv.structure({"id": 2, "status": "postponed"}, PlannedCourse)
    assert known.status is PlannedCourseStatus.ACTIVE and known.status.known
    assert unknown.status is not None
    assert unknown.status == "postponed" and unknown.status.value == "postponed"
    assert not unknown.status.known
    assert ClientStatus("live") is ClientStatus.LIVE


def test_unknown_fields_never_break_parsing_and_are_kept() -> None:
    client = TC.structure(
        {"id": 3, "status": "live", "brand_new": {"x": 1}, "photo_v3": None}, Client
    )
    assert client.id == 3
    assert client.extra == {"brand_new": {"x": 1}, "photo_v3": None}
    # and they round-trip when unstructured
    assert TC.unstructure(client)["brand_new"] == {"x": 1}


def test_roles_v1_and_v2_both_parse() -> None:
    v1 = TC.structure(
        {
            "id": 1,
            "user": {"first_name": "Ann", "last_name": "Lee", "latitude": "51.5373258999999990"},
        },
        Client,
    )
    v2 = TC.structure(
        {"id": 2, "first_name": "Bob", "last_name": "Ray", "photo": "https://x/p.png"}, Client
    )
    assert v1.personal.first_name == "Ann" and v1.personal.latitude == Decimal(
        "51.5373258999999990"
    )
    assert v2.personal.first_name == "Bob" and v2.user is None and v2.photo == "https://x/p.png"


def test_mixed_scalar_encodings() -> None:
    assert TC.structure({"id": 1, "auto_charge": True}, Client).auto_charge is True
    assert TC.structure({"id": 1, "auto_charge": 10}, Client).auto_charge == 10


def test_string_ids_stay_strings() -> None:
    contact = ModelConverter("TidyClub").structure(
        {
            "id": 1,
            "custom_fields": [
                {"id": "001c1ca97c04", "type": "text", "value": "000123"},
                {"id": "909612847079", "value": 1},
            ],
        },
        Contact,
    )
    assert [f.id for f in contact.custom_fields] == ["001c1ca97c04", "909612847079"]
    assert contact.custom_fields[0].value == "000123"


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({"id": "not-a-number"}, "$.id"),
        ({"id": 1, "payment_pending": "lots"}, "$.payment_pending"),
        ({"id": 1, "last_updated": "yesterday"}, "$.last_updated"),
        ({"id": 1, "labels": "oops"}, "$.labels"),
    ],
)
def test_wrong_types_raise_decode_error_saying_where(
    payload: dict[str, object], where: str
) -> None:
    with pytest.raises(DecodeError) as info:
        TC.structure(payload, Client, where="GET /clients/1/")
    assert where in str(info.value)
    assert "Client" in str(info.value)


def test_a_list_where_an_object_belongs_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        TC.structure([1, 2, 3], Client)


def test_objects_the_vendor_sends_without_an_id_parse_without_one() -> None:
    """Tenders carry no id in the docs; a client always does, so one without is an error."""
    assert TC.structure({"status": "pending"}, Tender).status == "pending"
    with pytest.raises(DecodeError, match=r"id"):
        TC.structure({"status": "live"}, Client)
