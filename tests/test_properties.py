"""Property-based tests of the parsers in ``core/`` and the decoders built on them (issue 13).

Each property is the library's promise for one parser, over inputs nobody would write
by hand: it returns a value of the promised type, or raises the one typed error
(`DecodeError`, `OAuthError`, or the documented ``TypeError``/``ValueError`` of a hook
that a converter turns into `DecodeError`), never anything else. No wall-clock
deadlines: the suite must pass on a loaded machine.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from email.utils import formatdate
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict, CIMultiDictProxy

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher, errors
from aio_edu_clients.core.auth import OAuthToken
from aio_edu_clients.core.models import (
    Model,
    ModelConverter,
    parse_date,
    parse_datetime,
    parse_decimal,
    to_scalar,
)
from aio_edu_clients.core.response import Response, decode_json, status_error
from aio_edu_clients.core.retry import parse_retry_after
from aio_edu_clients.eduframe import models as ef
from aio_edu_clients.tidyclub import models as tidy
from aio_edu_clients.tutorcruncher import models as tc
from aio_edu_clients.tutorcruncher.webhooks import SUBJECT_MODELS, WebhookPayload, parse_webhook

FAST = settings(
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(FAST, max_examples=60)

# -- strategies -----------------------------------------------------------------------

NASTY_TEXT = [
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "1e400",
    "-1e400",
    "1e1000000",
    "9" * 5000,
    "-" + "9" * 400,
    "99999-01-01",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2020-02-30",
    "2020-01-01T00:00:00Z",
    "2020-01-01 T10:00:00+05:30",
    "20200101T000000",
    "1" * 5000,
    "true",
    "False",
    "0",
    "1",
    "\ud800",
    "\x00",
    "١٢",
    "²",
    "1_000",
    " 12 ",
    "12,50",
    "1 02:03:04",
    "00:45:00",
    "",
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**30, max_value=10**4000)
    | st.floats()  # inf and nan too: JSON's 1e400 decodes to inf
    | st.text(max_size=30)
    | st.sampled_from(NASTY_TEXT)
)
json_values = st.recursive(
    scalars,
    lambda kids: (
        st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
    ),
    max_leaves=20,
)


def shaped_like(cls: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Objects whose keys are mostly ``cls``'s own fields, with any JSON value in them."""
    names = [f.alias or f.name for f in attrs.fields(cls) if f.name != "extra"]
    return st.dictionaries(st.sampled_from(names) | st.text(max_size=6), json_values, max_size=12)


def nested(depth: int, leaf: bytes = b"1") -> bytes:
    return b'{"a": [' * depth + leaf + b"]}" * depth


def json_bytes(value: Any) -> bytes:
    """``value`` as JSON, its non-finite floats written as the overflowing ``1e400``."""
    text = json.dumps(value)
    return text.replace("-Infinity", "-1e400").replace("Infinity", "1e400").encode()


def response(content: bytes, status: int = 200, ctype: str = "application/json") -> Response:
    return Response(
        vendor="Vendor",
        method="GET",
        url="https://api.example/v1/things?page=2",
        status=status,
        headers=CIMultiDictProxy(CIMultiDict({"Content-Type": ctype})),
        content=content,
    )


bodies = (
    st.binary(max_size=200)
    | json_values.map(json_bytes)
    | st.builds(nested, st.integers(1, 3000))
    | st.builds(lambda n, b: b[:n], st.integers(0, 60), json_values.map(json_bytes))
    | st.sampled_from([b"NaN", b"[Infinity]", b"\xed\xa0\x80", b'"\xff"', b"9" * 5000])
)

# -- Retry-After ----------------------------------------------------------------------

huge = st.integers(-(10**25), 10**25) | st.integers(0, 60)
http_dates = st.builds(
    "{}, {} {} {} {}:{}:{} {}".format,
    st.sampled_from(["Mon", "Wed", "Xyz"]),
    huge,
    st.sampled_from(["Jan", "Oct", "Foo"]),
    huge | st.integers(1, 9999),
    huge,
    huge,
    huge,
    st.sampled_from(["GMT", "+0000", "-2359", "+9999", "UTC", ""]) | huge.map(str),
)


@FAST
@given(st.text() | http_dates | st.sampled_from(NASTY_TEXT) | st.none())
@example("Wed, 21 Oct 99999999999 07:28:00 GMT")
@example("Wed, 21 Oct 2015 07:28:00 +99999999999999999999")
def test_retry_after_is_none_or_finite_non_negative(value: str | None) -> None:
    seconds = parse_retry_after(value)
    assert seconds is None or (type(seconds) is float and math.isfinite(seconds) and seconds >= 0)


@FAST
@given(st.integers(0, 10**15), st.sampled_from(["", " ", "\t"]))
def test_retry_after_delta_seconds_round_trip(seconds: int, pad: str) -> None:
    assert parse_retry_after(f"{pad}{seconds}{pad}") == float(seconds)
    assert parse_retry_after(f"-{seconds}") == 0.0


@FEW
@given(st.integers(5, 10**7))
def test_retry_after_http_date_in_the_future_is_the_difference(ahead: int) -> None:
    header = formatdate(time.time() + ahead, usegmt=True)
    seconds = parse_retry_after(header)
    assert seconds is not None and ahead - 3 <= seconds <= ahead + 1


# -- decimals -------------------------------------------------------------------------


@FAST
@given(scalars | st.decimals())
def test_parse_decimal_gives_a_finite_decimal_or_a_typed_error(value: Any) -> None:
    try:
        result = parse_decimal(value)
    except (TypeError, ValueError):
        return
    assert type(result) is Decimal and result.is_finite()
    assert (result + 1).is_finite()  # computable in the default context: no decimal.Overflow


@FAST
@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_parse_decimal_round_trips_its_text(value: Decimal) -> None:
    try:
        parsed = parse_decimal(str(value))
    except ValueError:
        assert value and not -999_999 <= value.adjusted() <= 999_999
        return
    assert parsed == value and str(parsed) == str(value)


@FAST
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_decimal_keeps_the_short_text_of_a_float(value: float) -> None:
    assert parse_decimal(value) == Decimal(repr(value))


@FAST
@given(st.sampled_from([int, float, str, bool, Decimal]), scalars)
def test_to_scalar_gives_that_type_or_a_typed_error(cls: type[Any], value: Any) -> None:
    if value is None:
        return  # None never reaches it: the optional hooks answer None first
    try:
        result = to_scalar(cls, value)
    except (TypeError, ValueError):
        return
    assert type(result) is cls
    if cls is float:
        assert math.isfinite(result)


# -- dates and timestamps -------------------------------------------------------------

offsets = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
)
aware = st.builds(
    lambda dt, offset: dt.replace(tzinfo=timezone(offset)),
    st.datetimes(),
    offsets.map(lambda d: timedelta(minutes=d // timedelta(minutes=1))),
)


@FAST
@given(aware)
@example(datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-5))))
def test_parse_datetime_round_trips_isoformat(value: datetime) -> None:
    try:
        value.astimezone(UTC)
    except OverflowError:  # beyond datetime's range in UTC: refused, not kept
        with pytest.raises(ValueError):
            parse_datetime(value.isoformat())
        return
    parsed = parse_datetime(value.isoformat())
    assert parsed == value and parsed.utcoffset() == value.utcoffset()


@FAST
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
def test_parse_datetime_reads_z_and_naive_as_utc(value: datetime) -> None:
    expected = value.replace(tzinfo=UTC)
    assert parse_datetime(value.isoformat() + "Z") == expected
    assert parse_datetime(value.isoformat()) == expected
    assert parse_datetime(value.isoformat() + "+00:00").tzinfo is not None


@FAST
@given(st.dates())
def test_parse_date_round_trips_isoformat(value: date) -> None:
    assert parse_date(value.isoformat()) == value
    assert parse_date(datetime.combine(value, datetime.min.time()).isoformat() + "Z") == value


@attrs.frozen(kw_only=True)
class Probe(Model):
    """Every core hook in one model."""

    when: datetime | None = None
    day: date | None = None
    amount: Decimal | None = None
    count: int | None = None
    ratio: float | None = None
    name: str | None = None
    flag: bool | None = None
    either: int | bool | None = None
    label: str | int | None = None
    ident: int = 0
    title: str = ""
    items: list[int] = attrs.field(factory=list)


PROBE = ModelConverter("Probe")


def assert_decoded_or_decode_error(
    converter: ModelConverter, data: Any, cls: type[Any], *, many: bool = False
) -> None:
    try:
        if many:
            result = converter.structure_list(data, cls, where="GET /things")
            assert all(type(r) is cls for r in result)
        else:
            assert type(converter.structure(data, cls, where="GET /thing")) is cls
    except errors.DecodeError as exc:
        assert type(exc) is errors.DecodeError and exc.vendor == converter.vendor
        assert len(str(exc)) < 5000  # an explanation, not the payload


@FAST
@given(st.text() | st.sampled_from(NASTY_TEXT) | scalars)
def test_any_text_as_a_date_or_timestamp_is_a_value_or_decode_error(value: Any) -> None:
    for field in ("when", "day"):
        assert_decoded_or_decode_error(PROBE, {field: value}, Probe)


@FAST
@given(shaped_like(Probe) | json_values)
def test_core_hooks_give_a_model_or_decode_error(data: Any) -> None:
    assert_decoded_or_decode_error(PROBE, data, Probe)


@FAST
@given(st.lists(shaped_like(Probe) | json_values, max_size=5))
def test_a_page_gives_models_or_a_decode_error_naming_the_item(items: list[Any]) -> None:
    try:
        PROBE.structure_list(items, Probe, where="GET /things")
    except errors.DecodeError as exc:
        assert "$[" in str(exc)


# -- vendor converters ----------------------------------------------------------------

VENDOR_MODELS = [
    (TutorCruncher.converter, tc.Client),
    (TutorCruncher.converter, tc.InvoiceListItem),
    (TutorCruncher.converter, tc.AppointmentListItem),
    (Eduframe.converter, ef.Course),
    (Eduframe.converter, ef.PlannedCourse),
    (Eduframe.converter, ef.ProgramEditionBlockElement),
    (TidyClub.converter, tidy.Contact),
    (TidyClub.converter, tidy.MembershipLevel),
]


@pytest.mark.parametrize(
    ("converter", "cls"), VENDOR_MODELS, ids=[f"{c.vendor}-{m.__name__}" for c, m in VENDOR_MODELS]
)
@FEW
@given(data=st.data())
def test_vendor_models_give_a_model_or_decode_error(
    converter: ModelConverter, cls: type[Any], data: st.DataObject
) -> None:
    value = data.draw(shaped_like(cls) | json_values)
    assert_decoded_or_decode_error(converter, value, cls)
    assert_decoded_or_decode_error(converter, [value, {"id": 1}], cls, many=True)


@FEW
@given(
    st.fixed_dictionaries(
        {
            "id": st.integers(1, 10**6),
            "custom_fields": st.lists(
                st.fixed_dictionaries(
                    {
                        "id": json_values,
                        "type": st.sampled_from(["dropdown", "date", "boolean", "text"])
                        | json_values,
                        "value": json_values,
                    }
                ),
                max_size=3,
            ),
        }
    )
)
def test_tidyclub_custom_field_values_give_a_contact_or_decode_error(data: Any) -> None:
    assert_decoded_or_decode_error(TidyClub.converter, data, tidy.Contact)


# -- Response.json and status errors --------------------------------------------------


@FAST
@given(bodies, st.sampled_from(["application/json", "text/html", ""]))
def test_response_json_is_json_or_a_decode_error(content: bytes, ctype: str) -> None:
    try:
        value = response(content, ctype=ctype).json()
    except errors.DecodeError as exc:
        assert exc.status == 200 and exc.vendor == "Vendor" and exc.url.startswith("https://")
        return
    assert value == json.loads(content)  # NaN cannot be in it: the literals are refused


@FAST
@given(bodies)
def test_decode_json_raises_only_value_error(content: bytes) -> None:
    with contextlib.suppress(ValueError):  # anything else fails the test
        decode_json(content)


@FAST
@given(bodies, st.sampled_from([400, 401, 404, 409, 422, 429, 500, 503]))
def test_any_error_body_gives_the_status_error(content: bytes, status: int) -> None:
    exc = status_error(response(content, status=status), retry_after=1.0)
    assert type(exc) is errors.status_error_class(status)
    assert exc.status == status and exc.vendor == "Vendor"
    assert exc.message is None or isinstance(exc.message, str)
    str(exc)


# -- OAuth token answers --------------------------------------------------------------

token_texts = st.text(max_size=40) | st.sampled_from(["abcd1234", "ab\ncd", "ab\x00cd", " abcd "])
TOKEN_KEYS = ["access_token", "expires_in", "token_type", "refresh_token", "scope"]


@FAST
@given(
    st.dictionaries(st.sampled_from(TOKEN_KEYS) | st.text(max_size=5), token_texts | json_values)
    | json_values
)
@example({"access_token": "abcd1234", "expires_in": 10**5000})
@example({"access_token": "abcd1234", "expires_in": float("inf")})
@example({"access_token": "abcd1234", "expires_in": "9" * 5000})
def test_token_answer_gives_a_usable_token_or_oauth_error(data: Any) -> None:
    try:
        token = OAuthToken.from_response(data, now=1_700_000_000.0)
    except errors.OAuthError as exc:
        assert type(exc) is errors.OAuthError
        return
    assert isinstance(data, Mapping)
    assert token.access_token and token.access_token.isprintable()
    assert not any(ch.isspace() for ch in token.access_token)
    assert token.expires_at is None or (
        math.isfinite(token.expires_at) and token.expires_at >= 1_700_000_000
    )
    for text in (token.token_type, token.refresh_token, token.scope):
        assert text is None or isinstance(text, str)


# -- webhook bodies -------------------------------------------------------------------

events = st.fixed_dictionaries(
    {
        "action": st.sampled_from(["LOGIN", "CHANGED_CONTRACTOR_STATUS", "MADE_UP"]) | json_values,
        "timestamp": st.sampled_from(["2024-01-01T00:00:00Z"]) | json_values,
    },
    optional={
        "subject": st.fixed_dictionaries(
            {"model": st.sampled_from(sorted(SUBJECT_MODELS)) | json_values},
            optional={
                "id": json_values,
                "default_rate": json_values,
                "gross": json_values,
                "start": json_values,
                "user": json_values,
            },
        )
        | json_values,
        "branch": json_values,
        "actor": json_values,
    },
)
webhooks = st.fixed_dictionaries(
    {"events": st.lists(events, max_size=3) | json_values},
    optional={"_request_time": json_values},
)


@FAST
@given(st.binary(max_size=200) | webhooks.map(json_bytes) | json_values.map(json_bytes) | bodies)
def test_parse_webhook_gives_a_payload_or_decode_error(body: bytes) -> None:
    try:
        payload = parse_webhook(body)
    except errors.DecodeError as exc:
        assert type(exc) is errors.DecodeError and exc.vendor == "TutorCruncher"
        return
    assert type(payload) is WebhookPayload
