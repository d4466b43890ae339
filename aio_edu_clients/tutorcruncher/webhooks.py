"""TutorCruncher webhooks: verify the signature, parse the events, serve them with aiohttp.

TutorCruncher POSTs a JSON body to an integration's webhook URL and signs it in the
``Webhook-Signature`` header: the lowercase hex HMAC-SHA256 of the body, keyed with the
integration's private API key (the same key as the ``Authorization: token`` header).

Why it is done this way:

* **Raw bytes.** The digest is computed over the exact bytes received, before any JSON
  decoding: parsing and re-serialising changes whitespace, key order or escapes and
  with them the digest, so only the raw body can be checked reliably.
* **Constant time.** The comparison uses `hmac.compare_digest`, so how long a rejection
  takes tells an attacker nothing about how many leading characters were right (the
  vendor's example uses ``==``, which does).
* **Never raise.** A missing, empty, odd-length or non-hex signature is simply invalid:
  `verify_signature` returns False instead of raising on attacker-controlled input.

Usage::

    from aiohttp import web
    from aio_edu_clients.tutorcruncher.webhooks import (
        ContractorSubject, WebhookAction, WebhookPayload, webhook_handler,
    )

    async def on_webhook(payload: WebhookPayload) -> None:
        for event in payload.events:
            if event.action is WebhookAction.CHANGED_CONTRACTOR_STATUS and isinstance(
                event.subject, ContractorSubject
            ):
                await mark_tutor(event.subject.id, event.subject.status)

    app = web.Application()
    app.router.add_post("/tc-webhook/", webhook_handler(API_KEY, on_webhook))

Or, in any other framework, with the raw body and the header value::

    if not verify_signature(raw_body, headers.get("Webhook-Signature", ""), API_KEY):
        ...  # answer 403
    payload = parse_webhook(raw_body)  # DecodeError when the body is not a webhook
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs
import cattrs
from aiohttp import web

from ..core.models import Model, ModelConverter, parse_datetime
from ..core.response import decode_json
from ..errors import DecodeError
from .webhook_actions import WebhookAction

__all__ = [
    "SIGNATURE_HEADER",
    "SUBJECT_MODELS",
    "AgentSubject",
    "AppointmentSubject",
    "ClientSubject",
    "ContractorSubject",
    "InvoiceSubject",
    "RecipientSubject",
    "ServiceSubject",
    "WebhookAction",
    "WebhookActor",
    "WebhookEvent",
    "WebhookPayload",
    "WebhookSubject",
    "WebhookUser",
    "parse_webhook",
    "verify_signature",
    "webhook_handler",
]

VENDOR: Final = "TutorCruncher"
SIGNATURE_HEADER: Final = "Webhook-Signature"

logger = logging.getLogger(__name__)

T = TypeVar("T")


# -- signature ------------------------------------------------------------------------

_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


def _hexdigest(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, hashlib.sha256).hexdigest().encode("ascii")


def _reserialized(body: bytes) -> bytes | None:
    """``body`` as a Python sender's ``json.dumps(payload)`` would have written it."""
    try:
        return json.dumps(json.loads(body)).encode("utf-8")
    except (ValueError, TypeError, RecursionError):
        return None


def verify_signature(
    body: bytes, signature: str, api_key: str, *, allow_reserialized: bool = False
) -> bool:
    """Whether ``signature`` (the ``Webhook-Signature`` header) signs ``body``.

    ``body`` must be the raw request body, exactly as received. The expected value is
    ``hmac.new(api_key.encode(), body, sha256).hexdigest()``; the header is stripped of
    surrounding whitespace and may use upper- or lowercase hex. The comparison runs in
    constant time. A missing, empty or non-hex signature, or an empty key, gives False:
    this function never raises on what a client sent.

    ``allow_reserialized`` (off by default) also accepts the digest of the body
    re-serialised as ``json.dumps(json.loads(body))`` (separators ``", "`` and
    ``": "``, ``ensure_ascii=True``, key order kept). This follows TutorCruncher's own
    webhook dispatcher, Chronos (github.com/tutorcruncher/Chronos, ``chronos/worker.py``,
    ``_async_post_webhooks``): it signs ``json.dumps(payload)`` but then posts
    ``httpx.AsyncClient.post(url, json=payload)``, so the signature covers the
    ``json.dumps`` text rather than the bytes on the wire. Up to httpx 0.27 both are
    the same; from httpx 0.28 on ``json=`` writes compact JSON (``","``/``":"``, no
    ASCII escaping) and the raw-bytes check fails for a genuine webhook. The fallback
    still proves the sender knew the key and that the *parsed* content is what was
    signed (not the formatting), so parse the body with `parse_webhook` (the same
    ``json.loads``) and not with a parser that treats duplicate keys differently.
    """
    if not isinstance(signature, str) or not isinstance(body, bytes | bytearray) or not api_key:
        return False
    given = signature.strip().lower()
    if not _HEX_SHA256.fullmatch(given):
        return False
    key = api_key.encode("utf-8")
    received = given.encode("ascii")
    if hmac.compare_digest(_hexdigest(key, bytes(body)), received):
        return True
    if not allow_reserialized:
        return False
    alternative = _reserialized(bytes(body))
    if alternative is None or alternative == body:
        return False
    return hmac.compare_digest(_hexdigest(key, alternative), received)


# -- models ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class WebhookActor(Model):
    """Who performed the action (``events[].actor``)."""

    name: str | None = None
    id: int | None = None
    """The actor's role id."""
    user_id: int | None = None
    url: str | None = None
    """An empty string in the vendor's example."""


@attrs.frozen(kw_only=True)
class WebhookUser(Model):
    """The nested ``user`` of a Client, Tutor, Student or Affiliate subject."""

    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    mobile: str | None = None
    phone: str | None = None
    town: str | None = None
    country: str | None = None
    """A display string such as ``"United Kingdom (GB)"``."""
    postcode: str | None = None


@attrs.frozen(kw_only=True)
class WebhookSubject(Model):
    """Base of the typed subjects (``events[].subject``).

    ``model`` is the UI model name (``"Tutor"``, ``"Lesson"``...). ``raw`` keeps the
    subject exactly as sent; fields a subclass does not name are also on ``extra``.
    Webhook subjects resemble the API objects but are not identical (a Tutor subject
    has ``received_notifications`` and no ``last_updated``), so every field is optional.
    """

    id: int | None = None
    model: str | None = None
    url: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


@attrs.frozen(kw_only=True)
class ClientSubject(WebhookSubject):
    """A Client."""

    user: WebhookUser | None = None
    status: str | None = None
    """prospect, live or dormant."""
    calendar_colour: str | None = None


@attrs.frozen(kw_only=True)
class ContractorSubject(WebhookSubject):
    """A Contractor (Tutor in the UI)."""

    user: WebhookUser | None = None
    status: str | None = None
    """pending, approved, rejected or dormant."""
    default_rate: Decimal | None = None
    calendar_colour: str | None = None


@attrs.frozen(kw_only=True)
class RecipientSubject(WebhookSubject):
    """A Recipient (Student in the UI)."""

    user: WebhookUser | None = None
    default_rate: Decimal | None = None
    paying_client: dict[str, Any] | None = None
    """``{id, first_name, last_name, email, url}`` of the Client who pays."""
    academic_year: str | int | None = None
    calendar_colour: str | None = None


@attrs.frozen(kw_only=True)
class AgentSubject(WebhookSubject):
    """An Agent (Affiliate in the UI)."""

    user: WebhookUser | None = None
    commission_rate: Decimal | None = None
    calendar_colour: str | None = None


@attrs.frozen(kw_only=True)
class ServiceSubject(WebhookSubject):
    """A Service (Job in the UI)."""

    name: str | None = None
    description: str | None = None
    status: str | None = None
    branch: int | None = None
    dft_charge_type: str | None = None
    """hourly or one-off."""
    dft_charge_rate: Decimal | None = None
    dft_contractor_rate: Decimal | None = None
    created: datetime | None = None


@attrs.frozen(kw_only=True)
class AppointmentSubject(WebhookSubject):
    """An Appointment (Lesson in the UI)."""

    topic: str | None = None
    start: datetime | None = None
    finish: datetime | None = None
    status: str | None = None
    units: Decimal | None = None
    service: dict[str, Any] | None = None
    """``{id, name, dft_charge_type, ...}`` of the parent Service."""


@attrs.frozen(kw_only=True)
class InvoiceSubject(WebhookSubject):
    """An Invoice."""

    display_id: str | None = None
    """For example ``"INV-48"``."""
    status: str | None = None
    """draft, confirmed, unpaid, payment-pending, paid, failed or void."""
    gross: Decimal | None = None
    net: Decimal | None = None
    still_to_pay: Decimal | None = None
    date_sent: datetime | None = None
    date_paid: datetime | None = None
    date_void: datetime | None = None
    client: dict[str, Any] | None = None


SUBJECT_MODELS: Mapping[str, type[WebhookSubject]] = MappingProxyType(
    {
        "Client": ClientSubject,
        "Contractor": ContractorSubject,
        "Tutor": ContractorSubject,
        "Recipient": RecipientSubject,
        "Student": RecipientSubject,
        "Agent": AgentSubject,
        "Affiliate": AgentSubject,
        "Service": ServiceSubject,
        "Job": ServiceSubject,
        "Appointment": AppointmentSubject,
        "Lesson": AppointmentSubject,
        "Invoice": InvoiceSubject,
    }
)
"""``subject["model"]`` (UI or API name) → typed subject class; other models stay dicts."""


@attrs.frozen(kw_only=True)
class WebhookEvent(Model):
    """One element of ``events``.

    ``subject`` is a `WebhookSubject` subclass when ``subject["model"]`` is in
    `SUBJECT_MODELS`, the plain dict otherwise (Payment Order, Credit Request, Ad Hoc
    Charge, Application, Note, Task, Report, Package...), or None when absent.
    """

    action: WebhookAction
    verb: str | None = None
    """Human-readable, e.g. ``"Changed a Tutor's status"``."""
    timestamp: datetime
    branch: int | None = None
    actor: WebhookActor | None = None
    extra_msg: str | None = None
    subject: Any = None


@attrs.frozen(kw_only=True)
class WebhookPayload(Model):
    """The body TutorCruncher POSTs: ``{"events": [...], "_request_time": 1682070189}``."""

    events: list[WebhookEvent]
    request_time: datetime | None = None
    """``_request_time`` of the body (Unix seconds), as an aware UTC datetime."""


# -- parsing --------------------------------------------------------------------------


def _parse_request_time(value: Any, _: Any = None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("_request_time is a boolean, expected Unix seconds")
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text)
        except ValueError:
            return parse_datetime(text)
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            raise ValueError("_request_time is out of range") from None
    raise TypeError(f"_request_time is {type(value).__name__}, expected Unix seconds")


def _located(where: str, structure: Callable[[Any, Any], T], data: Any) -> T:
    """Run a structure hook; any failure becomes a ValueError naming where in the body.

    Any failure, an OverflowError or RecursionError included, so the location survives
    to the `DecodeError`; explaining a cattrs error is guarded as well.
    """
    try:
        return structure(data, None)
    except cattrs.BaseValidationError as exc:
        try:
            detail = "; ".join(cattrs.transform_error(exc, path=where))
        except Exception:
            detail = f"{type(exc).__name__} @ {where}"
    except RecursionError:
        detail = f"nested too deeply @ {where}"
    except Exception as exc:
        detail = f"{exc} @ {where}"
    raise ValueError(detail)


def _configure(conv: cattrs.Converter) -> None:
    def structure_subject(subject: Mapping[str, Any], cls: type[WebhookSubject]) -> Any:
        fields = {k: v for k, v in subject.items() if k != "raw"}
        typed = conv.structure(fields, cls)
        object.__setattr__(typed, "raw", dict(subject))
        return typed

    def structure_event(data: Any, where: str) -> WebhookEvent:
        if not isinstance(data, Mapping):
            raise ValueError(f"an event must be an object, got {type(data).__name__} @ {where}")
        event: WebhookEvent = _located(where, base_event, data)
        subject = data.get("subject")
        if subject is None:
            return event
        if not isinstance(subject, Mapping):
            got = type(subject).__name__
            raise ValueError(f"a subject must be an object, got {got} @ {where}.subject")
        model = subject.get("model")
        cls = SUBJECT_MODELS.get(model) if isinstance(model, str) else None
        if cls is not None:
            typed = _located(f"{where}.subject", lambda d, _: structure_subject(d, cls), subject)
            object.__setattr__(event, "subject", typed)
        else:
            object.__setattr__(event, "subject", dict(subject))
        return event

    def structure_payload(data: Any, _: Any) -> WebhookPayload:
        if not isinstance(data, Mapping):
            raise ValueError(f"the body must be a JSON object, got {type(data).__name__}")
        events = data.get("events")
        if not isinstance(events, list):
            got = "nothing" if events is None else type(events).__name__
            raise ValueError(f"'events' must be a list, got {got}")
        known = {"events", "_request_time"}
        return WebhookPayload(
            events=[structure_event(e, f"events[{i}]") for i, e in enumerate(events)],
            request_time=_located("_request_time", _parse_request_time, data.get("_request_time")),
            extra={k: v for k, v in data.items() if k not in known},
        )

    base_event = conv.get_structure_hook(WebhookEvent)
    conv.register_structure_hook(WebhookEvent, lambda data, _: structure_event(data, "event"))
    conv.register_structure_hook(WebhookPayload, structure_payload)


_converter = ModelConverter(VENDOR, _configure)


def parse_webhook(body: bytes | str) -> WebhookPayload:
    """Decode a webhook body into a `WebhookPayload`.

    Check the signature first (`verify_signature`). Malformed JSON, a body that is not
    an object with an ``events`` list, an event without ``action`` or ``timestamp``, or
    a field of the wrong type raises `DecodeError` (never a bare ``KeyError``,
    ``TypeError`` or ``json`` error). Unknown actions, unknown subject models and
    unknown fields parse (see `WebhookAction`, `WebhookEvent.subject`, ``extra``).
    """
    if not isinstance(body, bytes | bytearray | str):
        raise DecodeError(
            f"{VENDOR} webhook: body must be bytes or str, got {type(body).__name__}",
            vendor=VENDOR,
        )
    text = body if isinstance(body, str) else bytes(body).decode("utf-8", errors="replace")
    try:
        data = decode_json(body)  # NaN, Infinity and too-deep bodies are ValueErrors too
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            reason = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        elif isinstance(exc, UnicodeDecodeError):
            reason = "not UTF-8"
        else:
            reason = str(exc)
        raise DecodeError(
            f"{VENDOR} webhook: body is not valid JSON ({reason})", vendor=VENDOR, body=text
        ) from None
    try:
        return _converter.structure(data, WebhookPayload, where="webhook")
    except DecodeError as exc:
        exc.body = text
        raise


# -- aiohttp --------------------------------------------------------------------------

WebhookCallback = Callable[[WebhookPayload], Awaitable[None] | None]


def webhook_handler(
    api_key: str,
    callback: WebhookCallback,
    *,
    allow_reserialized: bool = False,
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """An aiohttp request handler for TutorCruncher webhooks.

    It reads the raw body and checks the ``Webhook-Signature`` header against
    ``api_key`` (see `verify_signature`, also for ``allow_reserialized``):

    * missing or wrong signature → 403 ``{"detail": "invalid signature"}``;
    * signed body that does not parse → 400 ``{"detail": "invalid payload"}``;
    * otherwise ``callback(payload)`` is called (and awaited if it returns an
      awaitable), then 200 ``{"ok": true}``. An exception from the callback propagates,
      so aiohttp answers 500 and TutorCruncher sees a failed delivery.

    The callback is never called for a rejected request. Neither the key nor the body
    is ever logged. Register it with ``app.router.add_post(path, handler)``.
    """
    if not api_key:
        raise ValueError("webhook_handler needs the integration's API key")

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        signature = request.headers.get(SIGNATURE_HEADER)
        if signature is None or not verify_signature(
            body, signature, api_key, allow_reserialized=allow_reserialized
        ):
            logger.warning("%s webhook rejected: missing or invalid signature", VENDOR)
            return web.json_response({"detail": "invalid signature"}, status=403)
        try:
            payload = parse_webhook(body)
        except DecodeError:
            logger.warning("%s webhook rejected: signed body does not parse", VENDOR)
            return web.json_response({"detail": "invalid payload"}, status=400)
        result = callback(payload)
        if inspect.isawaitable(result):
            await result
        return web.json_response({"ok": True})

    return handle
