"""client.request: the escape hatch shares auth, limits, retries and errors."""

from __future__ import annotations

import time

import pytest

from aio_edu_clients import RateLimit, Response, TutorCruncher, errors
from aio_edu_clients.testing import FakeTutorCruncher, Fault

from .conftest import FAST_RETRY


async def test_get_with_params(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    response = await tc.request("GET", "/clients/", params={"page": 2, "status": None})
    assert isinstance(response, Response)
    assert response.status == 200
    assert response.json()["previous"] is not None
    sent = tc_fake.requests[-1]
    assert sent.query["page"] == "2" and "status" not in sent.query
    assert sent.headers["Authorization"] == f"token {tc_fake.api_key}"


async def test_post_json(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    response = await tc.request("POST", "clients/", json={"user": {"last_name": "Hatch"}})
    assert response.status == 201
    assert response.json()["role"]["id"] in tc_fake.clients


async def test_same_retries_and_errors(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    tc_fake.script(Fault.status(503))
    assert (await tc.request("GET", "/clients/")).status == 200
    with pytest.raises(errors.NotFoundError):
        await tc.request("GET", "/no-such-thing/")


async def test_same_rate_limit(tc_fake: FakeTutorCruncher) -> None:
    async with TutorCruncher(
        tc_fake.api_key, base_url=tc_fake.base_url, rate_limit=RateLimit(1, 0.5), retry=FAST_RETRY
    ) as tc:
        started = time.monotonic()
        for _ in range(2):
            await tc.request("GET", "/clients/")
    assert time.monotonic() - started > 0.8  # the second waited for a permit


async def test_absolute_url_on_the_same_origin(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    response = await tc.request("GET", tc_fake.base_url + "clients/?page=2")
    assert response.status == 200
