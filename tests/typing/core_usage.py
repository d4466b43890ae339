"""Per-call options and client options, as mypy sees them (see tests/test_typing.py)."""

from __future__ import annotations

from aio_edu_clients import TutorCruncher


async def options(tc: TutorCruncher) -> None:
    await tc.clients.get(1, timeout=5, extra_headers={"X-Trace": "1"}, extra_query={"a": 1})
    await tc.clients.get(1, timeout=None)
    tc.clients.list(extra_query={"undocumented": "x"})
    tc.clients.list(statuss="live")  # type: ignore[call-arg]
    await tc.clients.get(1, timeout="5")  # type: ignore[arg-type]
    await tc.clients.get(1, extra_body={"a": 1})  # type: ignore[call-arg]


async def client_options(tc: TutorCruncher) -> None:
    from aio_edu_clients import APIResponse, Eduframe, SessionPool, TidyClub
    from aio_edu_clients.tutorcruncher.models import Client

    TutorCruncher()  # the key from TUTORCRUNCHER_API_KEY
    Eduframe(timeout=None, rate_limit=None)
    TidyClub(None)  # public data only
    TutorCruncher(api_kee="x")  # type: ignore[call-arg]
    quick: TutorCruncher = tc.with_options(timeout=5, max_retries=0)
    await quick.clients.get(1)
    tc.with_options(max_retries="3")  # type: ignore[arg-type]

    raw: APIResponse[Client] = await tc.with_raw_response(tc.clients.get)(1, timeout=3)
    client: Client = raw.parse()
    status: int = raw.status
    print(client, status, raw.headers.get("X-Request-Id"), raw.content[:10])
    await tc.with_raw_response(tc.clients.get)("1")  # type: ignore[arg-type]

    import ssl

    SessionPool(proxy="http://proxy:3128", ssl=ssl.create_default_context(), trust_env=True)
    SessionPool(ssl=False, limit=10, limit_per_host=2, keepalive_timeout=15)
