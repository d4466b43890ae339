"""Logs say what happened, never a secret; neither do reprs, errors or foreign URLs."""

from __future__ import annotations

import logging

import pytest

from aio_edu_clients import RetryPolicy, TidyClub, TutorCruncher, errors
from aio_edu_clients.testing import FakeTidyClub, FakeTutorCruncher, Fault

from .conftest import FAST_RETRY

CANARY = "canary-7f3a9c1e5b"


async def test_silent_by_default(
    tc_fake: FakeTutorCruncher, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("aio_edu_clients")
    assert any(isinstance(h, logging.NullHandler) for h in logger.handlers)
    async with TutorCruncher(tc_fake.api_key, base_url=tc_fake.base_url) as tc:
        await tc.clients.list(max_items=1).collect()
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


async def test_debug_lines_show_method_path_status_attempt_and_waits(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with (
        FakeTutorCruncher(api_key=CANARY, rate_limit=None) as fake,
        TutorCruncher(CANARY, base_url=fake.base_url, retry=FAST_RETRY) as tc,
    ):
        fake.script(Fault.status(503), Fault.rate_limited(retry_after=0))
        with caplog.at_level(logging.DEBUG, logger="aio_edu_clients"):
            await tc.clients.get(next(iter(fake.clients)))
        base_url = fake.base_url
    text = caplog.text
    assert f"GET {base_url}clients/" in text  # the whole URL, redacted
    assert "-> 503 (attempt 1" in text
    assert "-> 429 (attempt 2" in text
    assert "-> 200 (attempt 3" in text
    assert "retrying in" in text and "pausing" in text
    assert CANARY not in text


async def test_canary_never_leaks(caplog: pytest.LogCaptureFixture) -> None:
    """The secret in the auth header, in a query, in a form body and echoed by the vendor."""
    async with FakeTutorCruncher(api_key=CANARY, rate_limit=None) as fake:
        tc = TutorCruncher(
            CANARY, base_url=fake.base_url, retry=RetryPolicy(max_retries=1, backoff=0.01)
        )
        with caplog.at_level(logging.DEBUG, logger="aio_edu_clients"):
            # the vendor echoes the key back in its error text
            fake.script(Fault.status(401, body={"detail": f"Invalid token {CANARY}."}))
            with pytest.raises(errors.AuthenticationError) as echoed:
                await tc.clients.get(1)
            # a secret-named query parameter in an escape-hatch call that fails
            fake.script(*[Fault.status(500, body=f"boom {CANARY}")] * 2)
            with pytest.raises(errors.ServerError) as in_query:
                await tc.request(
                    "GET", "/clients/", params={"access_token": CANARY, "status": "live"}
                )
            fake.script(Fault.malformed_json())
            with pytest.raises(errors.DecodeError) as decoded:
                await tc.clients.get(1)
        await tc.aclose()
    for exc in (echoed.value, in_query.value, decoded.value):
        assert CANARY not in str(exc) and CANARY not in repr(exc)
        assert CANARY not in str(getattr(exc, "body", "")) and CANARY not in exc.url  # type: ignore[attr-defined]
    assert "access_token=***" in in_query.value.url and "status=live" in in_query.value.url
    assert echoed.value.message == "Invalid token ***."
    assert CANARY not in caplog.text
    assert CANARY not in repr(tc) and CANARY not in repr(tc._transport.auth)


async def test_oauth_password_and_tokens_never_leak(caplog: pytest.LogCaptureFixture) -> None:
    async with FakeTidyClub(password=CANARY, client_secret=CANARY + "-secret") as fake:
        with caplog.at_level(logging.DEBUG, logger="aio_edu_clients"):
            tidy = await TidyClub.login(
                client_id=fake.client_id,
                client_secret=CANARY + "-secret",
                username=fake.username,
                password=CANARY,
                domain_prefix=fake.domain_prefix,
                accounts_url=fake.accounts_url,
                base_url=fake.base_url,
                retry=FAST_RETRY,
            )
            async with tidy:
                await tidy.contacts.get(1)
                token = fake.tokens_issued[-1] if isinstance(fake.tokens_issued, list) else None
                fake.script(
                    Fault.status(
                        400, body={"error": "invalid_request", "error_description": f"bad {CANARY}"}
                    )
                )
                with pytest.raises(errors.BadRequestError) as info:
                    await tidy.contacts.get(1)
        assert CANARY not in str(info.value) and CANARY not in str(info.value.body)
        assert CANARY not in caplog.text
        if token:
            assert str(token) not in caplog.text and str(token) not in repr(tidy)
        # the token only ever travelled in the header
        assert all("access_token" not in r.query for r in fake.requests)


async def test_wrong_password_error_hides_it() -> None:
    async with FakeTidyClub() as fake:
        with pytest.raises(errors.OAuthError) as info:
            await TidyClub.login(
                client_id=fake.client_id,
                client_secret=fake.client_secret,
                username=fake.username,
                password=CANARY,
                domain_prefix=fake.domain_prefix,
                accounts_url=fake.accounts_url,
            )
    assert CANARY not in str(info.value) and CANARY not in repr(info.value)
