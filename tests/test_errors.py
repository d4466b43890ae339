"""Every status becomes the typed error; every bad body a DecodeError; nothing bare."""

from __future__ import annotations

import pytest

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher, errors
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher, Fault

STATUSES = [
    (400, errors.BadRequestError),
    (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (409, errors.ConflictError),
    (418, errors.APIStatusError),
    (422, errors.UnprocessableEntityError),
    (429, errors.RateLimitError),
    (500, errors.ServerError),
    (501, errors.ServerError),
]


@pytest.mark.parametrize(("status", "cls"), STATUSES)
async def test_each_status_maps_to_its_class(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, status: int, cls: type[errors.APIStatusError]
) -> None:
    tc_fake.script(*[Fault.status(status, body={"detail": f"vendor says {status}"})] * 4)
    with pytest.raises(cls) as info:
        await tc.clients.create({"user": {"last_name": "X"}})
    err = info.value
    assert type(err) is cls
    assert (err.status, err.vendor, err.method) == (status, "TutorCruncher", "POST")
    assert err.url == tc_fake.base_url + "clients/"
    assert err.body == {"detail": f"vendor says {status}"}
    assert err.message == f"vendor says {status}"
    assert (
        str(err)
        == f"TutorCruncher POST {tc_fake.base_url}clients/ -> {status}: vendor says {status}"
    )


async def test_drf_field_errors_are_spelled_out(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    body = {
        "user": {
            "email": ["Enter a valid email address."],
            "last_name": ["This field is required."],
        },
        "status": ["Bad choice."],
    }
    tc_fake.script(Fault.status(400, body=body))
    with pytest.raises(errors.BadRequestError) as info:
        await tc.clients.create({"user": {}})
    assert info.value.message == (
        "user.email: Enter a valid email address.; user.last_name: This field is required.; status: Bad choice."
    )


async def test_eduframe_error_body(ef: Eduframe, ef_fake: FakeEduframe) -> None:
    ef_fake.script(
        Fault.status(
            422,
            body={
                "errors": {"name": ["can't be blank"]},
                "code": 422,
                "message": "Validation failed",
            },
        )
    )
    with pytest.raises(errors.UnprocessableEntityError) as info:
        await ef.courses.get(1)
    assert info.value.message == "Validation failed; name: can't be blank"
    assert info.value.vendor == "Eduframe"


async def test_eduframe_bad_per_page_is_its_own_422(ef: Eduframe) -> None:
    with pytest.raises(errors.UnprocessableEntityError) as info:
        await ef.courses.list(per_page=500).collect()
    assert "per_page" in str(info.value)


async def test_tidyclub_error_body(tidy: TidyClub, tidy_fake: FakeTidyClub) -> None:
    tidy_fake.script(
        Fault.status(403, body={"error": "forbidden", "error_description": "Members only"})
    )
    with pytest.raises(errors.PermissionDeniedError) as info:
        await tidy.contacts.get(1)
    assert info.value.message == "Members only"


async def test_malformed_json_is_a_decode_error(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(Fault.malformed_json())
    with pytest.raises(errors.DecodeError) as info:
        await tc.clients.list().collect()
    assert info.value.status == 200
    assert "malformed JSON" in str(info.value)
    assert info.value.body.startswith('{"results"')


async def test_html_page_with_200_is_a_decode_error(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(Fault.html(status=200))
    with pytest.raises(errors.DecodeError, match="HTML"):
        await tc.clients.get(1)


async def test_html_error_page_is_the_status_error_without_noise(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(*[Fault.html(status=502)] * 4)
    with pytest.raises(errors.ServerError) as info:
        await tc.clients.get(1)
    assert info.value.status == 502
    assert info.value.message is None
    assert "<html" in info.value.body.lower()


async def test_truncated_body_is_a_decode_error(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(*[Fault.truncated()] * 4)
    with pytest.raises(errors.DecodeError, match="truncated"):
        await tc.clients.get(1)


async def test_truncated_body_is_retried_for_get(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(Fault.truncated())
    cid = next(iter(tc_fake.clients))
    assert (await tc.clients.get(cid)).id == cid


async def test_wrong_types_are_a_decode_error_keeping_the_body(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(Fault.body(200, b'{"id": "thirty-seven", "labels": 5}'))
    with pytest.raises(errors.DecodeError) as info:
        await tc.clients.get(37)
    assert "$.id" in str(info.value) and "Client" in str(info.value)
    assert info.value.body == '{"id": "thirty-seven", "labels": 5}'
    assert info.value.url.endswith("/clients/37/")


@pytest.mark.parametrize(
    "body",
    [
        b'{"count": 1, "next": null, "results": {"id": 1}}',
        b'"just a string"',
        b'{"results": [1, 2]}',
        b"[]",
    ],
)
async def test_pages_of_the_wrong_shape_are_decode_errors(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, body: bytes
) -> None:
    tc_fake.script(Fault.body(200, body))
    if body == b"[]":  # a bare empty array is an empty list, not an error
        assert await tc.clients.list().collect() == []
        return
    with pytest.raises(errors.DecodeError):
        await tc.clients.list().collect()


async def test_unexpected_fields_are_kept_not_fatal(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(Fault.body(200, b'{"id": 5, "status": "archived", "hologram": true}'))
    client = await tc.clients.get(5)
    assert client.extra == {"hologram": True}
    assert client.status == "archived"


async def test_empty_body_where_json_is_promised(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    tc_fake.script(Fault.body(200, b""))
    with pytest.raises(errors.DecodeError, match="empty body"):
        await tc.clients.get(1)


async def test_next_link_to_a_foreign_host_is_refused(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    async with FakeTutorCruncher(api_key=tc_fake.api_key, rate_limit=None) as foreign:
        body = f'{{"count": 200, "next": "{foreign.base_url}clients/?page=2", "previous": null, "results": [{{"id": 1}}]}}'
        tc_fake.script(Fault.body(200, body.encode()))
        seen = []
        with pytest.raises(errors.ForeignURLError) as info:
            async for ref in tc.clients.list():
                seen.append(ref.id)
        assert seen == [], "the page carrying the link is refused whole, before its items"
        assert foreign.requests == [], "the credential never reached the other host"
    assert tc_fake.api_key not in str(info.value)


@pytest.mark.parametrize(
    "foreign", ["https://{host}/api/clients/?page=2", "http://evil.example/api/clients/?page=2"]
)
async def test_next_link_on_another_scheme_or_host_is_refused(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, foreign: str
) -> None:
    host = tc_fake.url.split("//", 1)[1]
    body = f'{{"count": 200, "next": "{foreign.format(host=host)}", "results": [{{"id": 1}}]}}'
    tc_fake.script(Fault.body(200, body.encode()))
    with pytest.raises(errors.ForeignURLError):
        await tc.clients.list().collect()
    assert len(tc_fake.requests) == 1


async def test_escape_hatch_refuses_foreign_absolute_urls(tc: TutorCruncher) -> None:
    with pytest.raises(errors.ForeignURLError):
        await tc.request("GET", "http://127.0.0.2:1/api/clients/")
