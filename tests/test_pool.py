"""SessionPool: one session shared by many clients; lifecycles that never leak."""

from __future__ import annotations

import gc
import warnings

import pytest

from aio_edu_clients import Eduframe, SessionPool, TutorCruncher
from aio_edu_clients.testing import FakeEduframe, FakeTutorCruncher


async def test_clients_share_one_session_and_closing_a_client_keeps_the_pool(
    tc_fake: FakeTutorCruncher, ef_fake: FakeEduframe
) -> None:
    async with SessionPool(limit=10) as pool:
        a = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool)
        b = Eduframe(ef_fake.api_key, base_url=ef_fake.base_url, pool=pool)
        await a.clients.list(max_items=1).collect()
        session = await pool.session()
        await b.courses.list(max_items=1).collect()
        assert await pool.session() is session
        await a.aclose()
        assert not session.closed and not pool.closed
        assert len(await b.courses.list(max_items=3).collect()) == 3
        await b.aclose()
        assert not session.closed
    assert session.closed and pool.closed


async def test_pool_limit_is_the_connector_limit() -> None:
    async with SessionPool(limit=7, limit_per_host=3) as pool:
        session = await pool.session()
        assert session.connector is not None
        assert session.connector.limit == 7
        assert session.connector.limit_per_host == 3


async def test_private_pool_is_closed_with_its_client(tc_fake: FakeTutorCruncher) -> None:
    client = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url)
    await client.clients.list(max_items=1).collect()
    session = await client.pool.session()
    await client.aclose()
    assert session.closed
    await client.aclose()  # twice is fine


async def test_shared_pool_sends_no_cookies_between_tenants(tc_fake: FakeTutorCruncher) -> None:
    async with SessionPool() as pool:
        session = await pool.session()
        session.cookie_jar.update_cookies({"sessionid": "tenant-a"})
        async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url, pool=pool) as tc:
            await tc.clients.list(max_items=1).collect()
    assert "Cookie" not in tc_fake.requests[-1].headers


async def test_unclosed_client_warns(tc_fake: FakeTutorCruncher) -> None:
    client = TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url)
    await client.clients.list(max_items=1).collect()
    pool = client.pool
    with pytest.warns(ResourceWarning, match="Unclosed client"):
        del client
        gc.collect()
    await pool.aclose()


async def test_unclosed_pool_warns(tc_fake: FakeTutorCruncher) -> None:
    pool = SessionPool()
    session = await pool.session()
    with pytest.warns(ResourceWarning, match="Unclosed SessionPool"):
        del pool
        gc.collect()
    await session.close()


async def test_closed_or_idle_clients_do_not_warn(tc_fake: FakeTutorCruncher) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        idle = TutorCruncher("never-used-key")
        del idle
        async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url) as used:
            await used.clients.list(max_items=1).collect()
        del used
        gc.collect()


async def test_closed_pool_refuses_new_work() -> None:
    pool = SessionPool()
    await pool.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await pool.session()
