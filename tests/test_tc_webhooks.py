"""TutorCruncher webhooks: signature, parsing, and the aiohttp handler over real HTTP."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from aio_edu_clients.errors import DecodeError
from aio_edu_clients.tutorcruncher.webhooks import (
    SIGNATURE_HEADER,
    SUBJECT_MODELS,
    AgentSubject,
    AppointmentSubject,
    ClientSubject,
    ContractorSubject,
    InvoiceSubject,
    RecipientSubject,
    ServiceSubject,
    WebhookAction,
    WebhookActor,
    WebhookPayload,
    WebhookSubject,
    parse_webhook,
    verify_signature,
    webhook_handler,
)

KEY = "tc-private-key-\u00e9"  # non-ASCII on purpose: the key is UTF-8 encoded
OTHER_KEY = "someone-elses-key"

PAYLOAD: dict[str, Any] = {
    "events": [
        {
            "action": "CHANGED_CONTRACTOR_STATUS",
            "verb": "Changed a Tutor's status",
            "timestamp": "2023-04-21T09:43:09.065099Z",
            "branch": 17597,
            "actor": {"name": "Sebastian Prentice", "id": 1865753, "user_id": 1781627, "url": ""},
            "subject": {
                "model": "Tutor",
                "url": "https://secure.tutorcruncher.com/api/contractors/1865751/",
                "id": 1865751,
                "user": {
                    "title": None,
                    "first_name": "Zo\u00eb",
                    "last_name": "Brontë",
                    "email": "zoe@example.com",
                    "country": "United Kingdom (GB)",
                },
                "status": "pending",
                "default_rate": "25.50",
                "received_notifications": ["broadcasts"],
                "extra_attrs": [],
            },
        },
        {
            "action": "CREATED_A_CLIENT",
            "verb": "Created a Client",
            "timestamp": "2023-04-21T10:43:09+01:00",
            "branch": 17597,
            "actor": {"name": "Admin", "id": 1, "user_id": 2, "url": ""},
            "extra_msg": "Created via the API.",
            "subject": {
                "model": "Client",
                "url": "https://x/api/clients/7/",
                "id": 7,
                "status": "live",
            },
        },
        {
            "action": "SOME_ACTION_ADDED_NEXT_YEAR",
            "verb": "Did something new",
            "timestamp": "2023-04-21T09:45:00Z",
            "branch": 17597,
            "actor": None,
            "subject": {
                "model": "Payment Order",
                "url": "https://x/api/payment-orders/9/",
                "id": 9,
            },
        },
        {
            "action": "EDITED_AN_APPOINTMENT",
            "verb": "Edited a Lesson",
            "timestamp": "2023-04-21T09:46:00Z",
            "branch": 17597,
            "actor": {"name": "Admin", "id": 1, "user_id": 2, "url": ""},
            "subject": {
                "model": "Lesson",
                "id": 55,
                "url": "https://x/api/appointments/55/",
                "topic": "Algebra",
                "start": "2023-05-01T14:00:00Z",
                "finish": "2023-05-01T15:00:00Z",
                "units": "1.00000",
                "status": "planned",
                "service": {"id": 3, "name": "Maths"},
            },
        },
    ],
    "_request_time": 1682070189,
}


def sign(body: bytes, key: str = KEY) -> str:
    return hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


def compact(payload: Any) -> bytes:
    """What httpx >= 0.28 puts on the wire for ``json=payload``."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


BODY = json.dumps(PAYLOAD).encode()


# -- signature ------------------------------------------------------------------------


def test_good_signature() -> None:
    assert verify_signature(BODY, sign(BODY), KEY)


def test_bad_signature() -> None:
    assert not verify_signature(BODY, "0" * 64, KEY)
    assert not verify_signature(BODY, sign(BODY)[:-1] + "x", KEY)


def test_tampered_body() -> None:
    signature = sign(BODY)
    tampered = BODY.replace(b"pending", b"approved")
    assert tampered != BODY
    assert not verify_signature(tampered, signature, KEY)
    assert not verify_signature(tampered, signature, KEY, allow_reserialized=True)


def test_other_key() -> None:
    assert not verify_signature(BODY, sign(BODY, OTHER_KEY), KEY)
    assert not verify_signature(BODY, sign(BODY), OTHER_KEY)


def test_upper_case_hex_accepted() -> None:
    assert verify_signature(BODY, sign(BODY).upper(), KEY)


def test_surrounding_whitespace_stripped() -> None:
    assert verify_signature(BODY, f"  {sign(BODY)}\t\r\n", KEY)


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "   ",
        "not-hex-at-all",
        "g" * 64,
        "zz" + "0" * 62,
        "\u00e9" * 64,
        "sha256=" + "0" * 64,
        "0" * 63,
        "0" * 65,
        "0" * 128,
    ],
)
def test_empty_or_non_hex_is_false_not_an_error(signature: str) -> None:
    assert verify_signature(BODY, signature, KEY) is False
    assert verify_signature(BODY, signature, KEY, allow_reserialized=True) is False


def test_empty_key_never_verifies() -> None:
    assert not verify_signature(BODY, sign(BODY, ""), "")


def test_non_str_signature_is_false() -> None:
    assert verify_signature(BODY, None, KEY) is False  # type: ignore[arg-type]


def test_reserialized_fallback_off_by_default() -> None:
    # Chronos signs json.dumps(payload) but httpx >= 0.28 sends compact JSON.
    wire = compact(PAYLOAD)
    signed_text = json.dumps(PAYLOAD).encode()
    assert wire != signed_text
    assert not verify_signature(wire, sign(signed_text), KEY)


def test_reserialized_fallback_on_when_asked() -> None:
    wire = compact(PAYLOAD)
    assert verify_signature(wire, sign(json.dumps(PAYLOAD).encode()), KEY, allow_reserialized=True)


def test_reserialized_fallback_still_needs_the_key_and_the_content() -> None:
    wire = compact(PAYLOAD)
    assert not verify_signature(
        wire, sign(json.dumps(PAYLOAD).encode(), OTHER_KEY), KEY, allow_reserialized=True
    )
    changed = json.loads(wire)
    changed["events"][0]["subject"]["status"] = "approved"
    assert not verify_signature(
        compact(changed), sign(json.dumps(PAYLOAD).encode()), KEY, allow_reserialized=True
    )


def test_reserialized_fallback_only_for_default_json_dumps_style() -> None:
    # A signature over some other serialisation (sorted keys) is not accepted.
    other = json.dumps(PAYLOAD, sort_keys=True).encode()
    assert not verify_signature(compact(PAYLOAD), sign(other), KEY, allow_reserialized=True)


def test_reserialized_fallback_with_non_json_body_is_false() -> None:
    body = b"\xff\xfe not json"
    assert not verify_signature(body, sign(b"whatever"), KEY, allow_reserialized=True)
    assert verify_signature(body, sign(body), KEY, allow_reserialized=True)


# -- parsing --------------------------------------------------------------------------


def test_parse_realistic_payload() -> None:
    payload = parse_webhook(BODY)
    assert isinstance(payload, WebhookPayload)
    assert payload.request_time == datetime(2023, 4, 21, 9, 43, 9, tzinfo=UTC)
    assert len(payload.events) == 4

    tutor, client, unknown, lesson = payload.events
    assert tutor.action is WebhookAction.CHANGED_CONTRACTOR_STATUS
    assert tutor.action.known
    assert tutor.verb == "Changed a Tutor's status"
    assert tutor.timestamp == datetime(2023, 4, 21, 9, 43, 9, 65099, tzinfo=UTC)
    assert tutor.branch == 17597
    assert tutor.actor == WebhookActor(
        name="Sebastian Prentice", id=1865753, user_id=1781627, url=""
    )
    assert tutor.extra_msg is None
    subject = tutor.subject
    assert isinstance(subject, ContractorSubject)
    assert isinstance(subject, WebhookSubject)
    assert subject.id == 1865751
    assert subject.model == "Tutor"
    assert subject.url == "https://secure.tutorcruncher.com/api/contractors/1865751/"
    assert subject.status == "pending"
    assert subject.default_rate == Decimal("25.50")
    assert subject.user is not None
    assert subject.user.first_name == "Zo\u00eb"
    assert subject.user.email == "zoe@example.com"
    assert subject.extra["received_notifications"] == ["broadcasts"]
    assert subject.raw == PAYLOAD["events"][0]["subject"]

    assert client.action is WebhookAction.CREATED_A_CLIENT
    assert client.extra_msg == "Created via the API."
    assert client.timestamp == datetime(2023, 4, 21, 9, 43, 9, tzinfo=UTC)
    assert isinstance(client.subject, ClientSubject)
    assert client.subject.status == "live"

    assert unknown.action == "SOME_ACTION_ADDED_NEXT_YEAR"
    assert isinstance(unknown.action, WebhookAction)
    assert not unknown.action.known
    assert unknown.actor is None
    assert unknown.subject == PAYLOAD["events"][2]["subject"]
    assert type(unknown.subject) is dict

    assert lesson.action is WebhookAction.EDITED_AN_APPOINTMENT
    assert isinstance(lesson.subject, AppointmentSubject)
    assert lesson.subject.topic == "Algebra"
    assert lesson.subject.start == datetime(2023, 5, 1, 14, tzinfo=UTC)
    assert lesson.subject.units == Decimal("1.00000")
    assert lesson.subject.service == {"id": 3, "name": "Maths"}


def test_parse_accepts_str_and_compact_bytes() -> None:
    assert parse_webhook(BODY.decode()) == parse_webhook(compact(PAYLOAD))


def test_parse_minimal_event_and_missing_request_time() -> None:
    body = {"events": [{"action": "LOGIN", "timestamp": "2023-01-01T00:00:00Z"}]}
    payload = parse_webhook(json.dumps(body))
    assert payload.request_time is None
    (event,) = payload.events
    assert event.action is WebhookAction.LOGIN
    assert event.subject is None and event.actor is None and event.branch is None


def test_parse_keeps_unknown_fields_on_extra() -> None:
    body = {
        "events": [{"action": "LOGIN", "timestamp": "2023-01-01T00:00:00Z", "new_field": 1}],
        "_request_time": "1682070189",
        "new_top": True,
    }
    payload = parse_webhook(json.dumps(body))
    assert payload.extra == {"new_top": True}
    assert payload.events[0].extra == {"new_field": 1}
    assert payload.request_time == datetime(2023, 4, 21, 9, 43, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("model", "cls"),
    [
        ("Client", ClientSubject),
        ("Contractor", ContractorSubject),
        ("Tutor", ContractorSubject),
        ("Recipient", RecipientSubject),
        ("Student", RecipientSubject),
        ("Agent", AgentSubject),
        ("Affiliate", AgentSubject),
        ("Service", ServiceSubject),
        ("Job", ServiceSubject),
        ("Appointment", AppointmentSubject),
        ("Lesson", AppointmentSubject),
        ("Invoice", InvoiceSubject),
    ],
)
def test_subject_models(model: str, cls: type[WebhookSubject]) -> None:
    assert SUBJECT_MODELS[model] is cls
    subject = {"model": model, "id": 1, "url": "https://x/1/"}
    body = {"events": [{"action": "X", "timestamp": "2023-01-01T00:00:00Z", "subject": subject}]}
    parsed = parse_webhook(json.dumps(body)).events[0].subject
    assert type(parsed) is cls
    assert (parsed.id, parsed.model, parsed.url) == (1, model, "https://x/1/")
    assert parsed.raw == subject


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("{", "not valid JSON"),
        ('{"events": [', "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        ("", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ("null", "must be a JSON object"),
        ('"events"', "must be a JSON object"),
        ("{}", "'events' must be a list"),
        ('{"events": {"action": "LOGIN"}}', "'events' must be a list"),
        ('{"events": "LOGIN"}', "'events' must be a list"),
        ('{"events": [1]}', "events[0]"),
        ('{"events": [{"timestamp": "2023-01-01T00:00:00Z"}]}', "events[0].action"),
        ('{"events": [{"action": "LOGIN"}]}', "events[0].timestamp"),
        ('{"events": [{"action": null, "timestamp": "2023-01-01T00:00:00Z"}]}', "action"),
        ('{"events": [{"action": "X", "timestamp": "yesterday"}]}', "events[0].timestamp"),
        ('{"events": [{"action": "X", "timestamp": 5}]}', "events[0].timestamp"),
        ('{"events": [{"action": "X", "timestamp": "2023-01-01", "actor": "bob"}]}', "actor"),
        ('{"events": [{"action": "X", "timestamp": "2023-01-01", "branch": "main"}]}', "branch"),
        ('{"events": [{"action": "X", "timestamp": "2023-01-01", "subject": [1]}]}', "subject"),
        (
            '{"events": [{"action": "X", "timestamp": "2023-01-01", "subject": {"model": "Tutor", "id": "abc"}}]}',
            "events[0].subject.id",
        ),
        (
            '{"events": [{"action": "X", "timestamp": "2023-01-01", "subject": {"model": "Invoice", "gross": "lots"}}]}',
            "events[0].subject.gross",
        ),
        ('{"events": [], "_request_time": "soon"}', "_request_time"),
        ('{"events": [], "_request_time": true}', "_request_time"),
        ('{"events": [], "_request_time": 1e300}', "_request_time"),
        ('{"events": [], "_request_time": [1]}', "_request_time"),
    ],
)
def test_malformed_or_wrong_shape_raises_decode_error(body: str | bytes, where: str) -> None:
    with pytest.raises(DecodeError) as info:
        parse_webhook(body)
    assert where in str(info.value)
    assert info.value.vendor == "TutorCruncher"
    assert info.value.__cause__ is None or isinstance(info.value.__cause__, DecodeError)


def test_deeply_nested_json_is_a_decode_error() -> None:
    with pytest.raises(DecodeError):
        parse_webhook("[" * 100_000 + "]" * 100_000)


def test_all_227_actions() -> None:
    names = [member.value for member in WebhookAction]
    assert len(names) == 227
    assert len(set(names)) == 227
    for member in WebhookAction:
        assert member.name == member.value
        assert member.known
    for name in (
        "LOGIN",
        "AGREE_TERMS",
        "CHANGED_CONTRACTOR_STATUS",
        "CREATED_A_CLIENT",
        "CREATED_A_CONTRACTOR",
        "CREATED_A_SR",
        "CREATED_AN_AGENT",
        "CREATED_ADHOC_CHARGE",
        "EDITED_ADHOC_CHARGE",
        "DELETED_ADHOC_CHARGE",
        "DELETED_A_REVIEW",
    ):
        assert WebhookAction(name).known
        assert WebhookAction[name] == name


def test_all_actions_match_the_vendor_list() -> None:
    """The enum is exactly the vendor's list, in its order (snapshot of the addendum)."""
    snapshot = Path(__file__).parent / "data" / "documented_operations.json"
    actions = json.loads(snapshot.read_text())["TutorCruncher webhook actions"]
    assert len(actions) == 227
    assert actions == [m.value for m in WebhookAction]


# -- aiohttp handler over real HTTP ---------------------------------------------------

Received = list[WebhookPayload]


async def _serve(handler: Callable[[web.Request], Awaitable[web.Response]]) -> web.AppRunner:
    app = web.Application()
    app.router.add_post("/hook/", handler)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.25)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner


def _url(runner: web.AppRunner) -> str:
    host, port = runner.addresses[0][:2]
    return f"http://{host}:{port}/hook/"


@pytest.fixture
async def received() -> Received:
    return []


@pytest.fixture
async def server(received: Received) -> AsyncIterator[str]:
    async def callback(payload: WebhookPayload) -> None:
        received.append(payload)

    runner = await _serve(webhook_handler(KEY, callback))
    try:
        yield _url(runner)
    finally:
        await runner.cleanup()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def _post(
    http: aiohttp.ClientSession, url: str, body: bytes, signature: str | None
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers[SIGNATURE_HEADER] = signature
    async with http.post(url, data=body, headers=headers) as response:
        return response.status, await response.json()


async def test_handler_accepts_signed_body(
    server: str, http: aiohttp.ClientSession, received: Received
) -> None:
    status, answer = await _post(http, server, BODY, sign(BODY))
    assert (status, answer) == (200, {"ok": True})
    assert len(received) == 1
    payload = received[0]
    assert payload == parse_webhook(BODY)
    assert [e.action for e in payload.events] == [
        WebhookAction.CHANGED_CONTRACTOR_STATUS,
        WebhookAction.CREATED_A_CLIENT,
        "SOME_ACTION_ADDED_NEXT_YEAR",
        WebhookAction.EDITED_AN_APPOINTMENT,
    ]
    assert isinstance(payload.events[0].subject, ContractorSubject)
    assert payload.events[0].subject.user is not None
    assert payload.events[0].subject.user.last_name == "Brontë"


async def test_handler_header_name_is_case_insensitive(
    server: str, http: aiohttp.ClientSession, received: Received
) -> None:
    # Chronos sends the header as lower-case ``webhook-signature``.
    headers = {"Content-Type": "application/json", "webhook-signature": sign(BODY)}
    async with http.post(server, data=BODY, headers=headers) as response:
        assert response.status == 200
    assert len(received) == 1


async def test_handler_rejects_unsigned(
    server: str, http: aiohttp.ClientSession, received: Received
) -> None:
    status, answer = await _post(http, server, BODY, None)
    assert (status, answer) == (403, {"detail": "invalid signature"})
    assert received == []


@pytest.mark.parametrize("which", ["empty", "garbage", "other_key", "tampered"])
async def test_handler_rejects_bad_signature(
    server: str, http: aiohttp.ClientSession, received: Received, which: str
) -> None:
    body, signature = {
        "empty": (BODY, ""),
        "garbage": (BODY, "not a signature"),
        "other_key": (BODY, sign(BODY, OTHER_KEY)),
        "tampered": (BODY.replace(b"pending", b"approved"), sign(BODY)),
    }[which]
    status, answer = await _post(http, server, body, signature)
    assert (status, answer) == (403, {"detail": "invalid signature"})
    assert received == []


@pytest.mark.parametrize("body", [b"{not json", b'{"events": 5}', b"[]", b""])
async def test_handler_answers_400_for_signed_unparseable_body(
    server: str, http: aiohttp.ClientSession, received: Received, body: bytes
) -> None:
    status, answer = await _post(http, server, body, sign(body))
    assert status == 400
    assert answer == {"detail": "invalid payload"}
    assert received == []


async def test_handler_reserialized_off_by_default(
    server: str, http: aiohttp.ClientSession, received: Received
) -> None:
    wire = compact(PAYLOAD)
    status, _ = await _post(http, server, wire, sign(json.dumps(PAYLOAD).encode()))
    assert status == 403
    assert received == []


async def test_handler_reserialized_when_asked(http: aiohttp.ClientSession) -> None:
    got: Received = []

    def sync_callback(payload: WebhookPayload) -> None:  # a plain function works too
        got.append(payload)

    runner = await _serve(webhook_handler(KEY, sync_callback, allow_reserialized=True))
    try:
        wire = compact(PAYLOAD)
        status, answer = await _post(http, _url(runner), wire, sign(json.dumps(PAYLOAD).encode()))
        assert (status, answer) == (200, {"ok": True})
        assert got == [parse_webhook(BODY)]
        # raw-bytes signatures still work with the fallback on
        status, _ = await _post(http, _url(runner), BODY, sign(BODY))
        assert status == 200
        status, _ = await _post(http, _url(runner), wire, sign(wire, OTHER_KEY))
        assert status == 403
        assert len(got) == 2
    finally:
        await runner.cleanup()


async def test_handler_never_logs_key_or_body(
    server: str, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    await _post(http, server, BODY, sign(BODY, OTHER_KEY))
    await _post(http, server, b"{broken", sign(b"{broken"))
    await _post(http, server, BODY, sign(BODY))
    text = caplog.text
    assert KEY not in text
    assert "zoe@example.com" not in text
    assert "{broken" not in text


def test_handler_needs_a_key() -> None:
    async def callback(payload: WebhookPayload) -> None:
        return None

    with pytest.raises(ValueError):
        webhook_handler("", callback)
