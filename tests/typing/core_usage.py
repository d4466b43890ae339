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
