"""A fake TutorCruncher: Django REST framework envelopes, ``token`` auth, 100 requests/min.

Behaviour follows the vendor's docs (and DRF, which serves them) where the docs are
silent: page numbers with absolute ``next``/``previous`` links whose query is sorted,
``{"detail": ...}`` errors, unknown query parameters ignored, invalid filter values
answered 400 per field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from multidict import MultiMapping

from ._server import FakeServer, RetryAfterFormat
from ._store import IdStore, sorted_ids
from ._tc_catalogue import CatalogueRoutes
from ._tutorcruncher_data import (
    ADMINS,
    AGENTS,
    COUNTRIES,
    blank_client,
    make_clients,
    stamp,
)

__all__ = ["FakeTutorCruncher"]

Record = dict[str, Any]
USER_FIELDS = (
    "title", "first_name", "last_name", "email", "mobile", "phone", "street", "state",
    "town", "country", "postcode", "latitude", "longitude", "date_created", "timezone",
)  # fmt: skip
WRITABLE_USER_FIELDS = frozenset(USER_FIELDS) - {"date_created"}
STATUS_CHOICES = ("prospect", "live", "dormant")
CHOICE_FILTERS = {
    "user__email": "email",
    "user__first_name": "first_name",
    "user__last_name": "last_name",
}
DRF_REASONS = {404: "Not found.", 500: "A server error occurred."}
FILTERS = frozenset(
    {"status", "labels", "user__created__gte", "user__created__lte", *CHOICE_FILTERS}
)


class FakeTutorCruncher(FakeServer):
    """TutorCruncher's clients API under ``/api/``: paged 100 at a time, newest first.

    ``roles_version`` picks the Roles API shape: 1 nests personal fields in ``user``,
    2 puts them at the top level with a ``photo``. ``clients`` is the store (V1 shape),
    id → dict; edit it freely. POST to ``/api/clients/`` upserts by ``user.email`` in V1
    (as documented) and always creates in V2, where updates POST to the detail URL.
    """

    api_prefix = "/api/"

    def __init__(
        self,
        *,
        api_key: str = "test-key",
        clients: int = 250,
        rate_limit: tuple[int, float] | None = (100, 60.0),
        roles_version: int = 1,
        page_size: int = 100,
        seed: int = 0,
        latency: float = 0.0,
        retry_after: RetryAfterFormat = "seconds",
        host: str = "127.0.0.1",
    ) -> None:
        super().__init__(rate_limit=rate_limit, latency=latency, retry_after=retry_after, host=host)
        if roles_version not in (1, 2):
            raise ValueError("roles_version must be 1 or 2")
        self.api_key = api_key
        self.roles_version = roles_version
        self.page_size = page_size
        self.catalogue = CatalogueRoutes(self)
        self.clients: dict[int, Record] = IdStore(make_clients(clients, seed))

    # -- FakeServer hooks ----------------------------------------------------------------

    def setup_routes(self, app: web.Application) -> None:
        router = app.router
        router.add_get("/api/clients/", self._list)
        router.add_post("/api/clients/", self._create)
        router.add_get("/api/clients/{id}/", self._detail)
        router.add_post("/api/clients/{id}/", self._update)
        self.catalogue.register(app)  # every other operation, served generically

    def credential(self, request: web.Request) -> str | None:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        return self.api_key if scheme.lower() == "token" and key == self.api_key else None

    def auth_error(self, request: web.Request) -> web.Response:
        # DRF's TokenAuthentication messages; it matches the keyword case-insensitively.
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "token":
            message = "Authentication credentials were not provided."
        elif not key:
            message = "Invalid token header. No credentials provided."
        elif " " in key:
            message = "Invalid token header. Token string should not contain spaces."
        else:
            message = "Invalid token."
        return self.error(401, message, {"WWW-Authenticate": "Token"})

    def error_body(self, status: int, message: str) -> Any:
        return {"detail": message}

    def rate_limit_body(self, wait: int) -> Any:
        return {"detail": f"Request was throttled. Expected available in {wait} seconds."}

    def reason(self, status: int) -> str:
        return DRF_REASONS.get(status) or super().reason(status)

    # -- rendering -----------------------------------------------------------------------

    def render(self, client: Record) -> Record:
        """A stored client in the shape of ``roles_version``."""
        if self.roles_version == 1:
            return {k: v for k, v in client.items() if k != "photo"}
        cid = client["id"]
        flat: Record = {"id": cid, **client["user"]}
        flat["photo"] = client.get(
            "photo", f"https://secure.tutorcruncher.com/media/photos/{cid}.jpg" if cid % 3 else None
        )
        flat.update((k, v) for k, v in client.items() if k not in ("id", "user", "photo"))
        return flat

    def _ref(self, client: Record) -> Record:
        user = client["user"]
        return {
            "id": client["id"],
            "first_name": user["first_name"],
            "last_name": user["last_name"],
            "email": user["email"],
            "url": f"{self.url}/api/clients/{client['id']}/",
        }

    # -- GET -----------------------------------------------------------------------------

    async def _list(self, request: web.Request) -> web.Response:
        query = request.query
        ascending = sorted_ids(self.clients)
        size = self.page_size
        if FILTERS.isdisjoint(k for k, v in query.items() if v):
            total = len(ascending)
            descending: list[int] | None = None
        else:
            matched = self._filter(query, ascending)
            if isinstance(matched, web.Response):
                return matched
            descending, total = matched, len(matched)
        pages = max(1, math.ceil(total / size))
        raw = query.get("page", "1")
        page = pages if raw == "last" else int(raw) if raw.isdigit() else 0
        if not 1 <= page <= pages:
            return self.error(404, "Invalid page.")
        if descending is None:
            end = total - (page - 1) * size
            chunk = ascending[max(0, end - size) : end][::-1]
        else:
            chunk = descending[(page - 1) * size : page * size]
        return web.json_response(
            {
                "count": total,
                "next": self._page_url(query, page + 1, pages),
                "previous": self._page_url(query, page - 1, pages),
                "results": [self._ref(self.clients[i]) for i in chunk],
            }
        )

    def _page_url(self, query: MultiMapping[str], page: int, pages: int) -> str | None:
        """DRF's link: the request's query with ``page`` replaced (dropped for page 1),
        keys sorted."""
        if not 1 <= page <= pages:
            return None
        params = [(k, v) for k, v in query.items() if k != "page"]
        if page > 1:
            params.append(("page", str(page)))
        return self.absolute(None, "/api/clients/", sorted(params, key=lambda kv: kv[0]))

    def _filter(self, query: MultiMapping[str], ascending: list[int]) -> list[int] | web.Response:
        """Ids matching the query's filters, newest first; 400 for invalid filter values."""
        tests: list[Callable[[Record], bool]] = []
        errors: dict[str, list[str]] = {}
        status = query.get("status")
        if status:
            if status not in STATUS_CHOICES:
                errors["status"] = [_bad_choice(status)]
            tests.append(lambda c: c["status"] == status)
        for param, field in CHOICE_FILTERS.items():
            if query.get(param):
                tests.append(_user_field_is(field, query[param]))
        labels = [v for v in query.getall("labels", []) if v]
        if labels:
            if not all(v.isdigit() for v in labels):
                errors["labels"] = [_bad_choice(next(v for v in labels if not v.isdigit()))]
            wanted = {int(v) for v in labels if v.isdigit()}
            tests.append(lambda c: any(lab["id"] in wanted for lab in c["labels"]))
        for param, after in (("user__created__gte", True), ("user__created__lte", False)):
            if query.get(param):
                bound = _parse_datetime(query[param])
                if bound is None:
                    errors[param] = ["Enter a valid date/time."]
                    continue
                tests.append(_created_within(bound, after=after))
        if errors:
            return web.json_response(errors, status=400)
        clients = self.clients
        return [i for i in reversed(ascending) if all(t(clients[i]) for t in tests)]

    async def _detail(self, request: web.Request) -> web.Response:
        client = self._lookup(request)
        if client is None:
            return self.error(404, "Not found.")
        return web.json_response(self.render(client))

    def _lookup(self, request: web.Request) -> Record | None:
        raw = request.match_info["id"]
        return self.clients.get(int(raw)) if raw.isdigit() else None

    # -- POST ----------------------------------------------------------------------------

    async def _create(self, request: web.Request) -> web.Response:
        body = await self._payload(request)
        if isinstance(body, web.Response):
            return body
        fields = self._validate(body, partial=False)
        if isinstance(fields, web.Response):
            return fields
        user, role = fields
        existing = None
        if self.roles_version == 1 and user.get("email"):  # V1 upserts by email
            wanted = str(user["email"]).lower()
            existing = next(
                (c for c in self.clients.values() if str(c["user"]["email"]).lower() == wanted),
                None,
            )
        now = datetime.now(UTC)
        if existing is None:
            client = blank_client(_next_id(self.clients), now)
            self.clients[client["id"]] = client
        else:
            client = existing
        _apply(client, user, role)
        # ``last_updated`` appears only in write responses (a documented quirk).
        answer = {**self.render(client), "last_updated": stamp(now)}
        status = 201 if existing is None else 200
        return web.json_response({"status": "success", "role": answer}, status=status)

    async def _update(self, request: web.Request) -> web.Response:
        if self.roles_version == 1:
            return self.error(405, 'Method "POST" not allowed.', {"Allow": "GET, HEAD, OPTIONS"})
        client = self._lookup(request)
        if client is None:
            return self.error(404, "Not found.")
        body = await self._payload(request)
        if isinstance(body, web.Response):
            return body
        fields = self._validate(body, partial=True)
        if isinstance(fields, web.Response):
            return fields
        _apply(client, *fields)
        answer = {**self.render(client), "last_updated": stamp(datetime.now(UTC))}
        return web.json_response({"status": "success", "role": answer})

    async def _payload(self, request: web.Request) -> Any:
        """The parsed body, or DRF's 400/415 answer."""
        ctype = request.content_type
        if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return dict(await request.post())
        if ctype not in ("application/json", "application/octet-stream") and not ctype.endswith(
            "+json"
        ):
            return self.error(415, f'Unsupported media type "{ctype}" in request.')
        raw = await request.read()
        if not raw.strip():
            return {}
        try:
            return json.loads(raw)
        except ValueError as exc:
            return self.error(400, f"JSON parse error - {exc}")

    def _validate(self, body: Any, *, partial: bool) -> tuple[Record, Record] | web.Response:
        """Split a write body into (user fields, role fields), or answer DRF's 400."""
        if not isinstance(body, dict):
            got = type(body).__name__
            return web.json_response(
                {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {got}."]},
                status=400,
            )
        nested = body.get("user")
        if nested is not None and not isinstance(nested, dict):
            got = type(nested).__name__
            message = f"Invalid data. Expected a dictionary, but got {got}."
            return web.json_response({"user": {"non_field_errors": [message]}}, status=400)
        user = {k: v for k, v in body.items() if k in WRITABLE_USER_FIELDS}
        user.update((k, v) for k, v in (nested or {}).items() if k in WRITABLE_USER_FIELDS)
        role = {k: v for k, v in body.items() if k not in WRITABLE_USER_FIELDS and k != "user"}
        user_errors: dict[str, list[str]] = {}
        errors: dict[str, Any] = {}
        if not partial or "last_name" in user:
            if user.get("last_name") is None:
                user_errors["last_name"] = ["This field is required."]
            elif not str(user["last_name"]).strip():
                user_errors["last_name"] = ["This field may not be blank."]
        if "country" in user:
            country = user["country"]
            if isinstance(country, bool) or not isinstance(country, int):
                got = type(country).__name__
                user_errors["country"] = [f"Incorrect type. Expected pk value, received {got}."]
            elif country not in COUNTRIES:
                user_errors["country"] = [f'Invalid pk "{country}" - object does not exist.']
        if "status" in role and role["status"] not in STATUS_CHOICES:
            errors["status"] = [f'"{role["status"]}" is not a valid choice.']
        if "auto_charge" in role and role["auto_charge"] not in (0, 10, 20):
            errors["auto_charge"] = [f'"{role["auto_charge"]}" is not a valid choice.']
        for field, known in (("associated_admin", ADMINS), ("associated_agent", AGENTS)):
            value = role.get(field)
            if value is not None and all(value != ref["id"] for ref in known):
                errors[field] = [f'Invalid pk "{value}" - object does not exist.']
        if "extra_attrs" in role and not isinstance(role["extra_attrs"], dict):
            got = type(role["extra_attrs"]).__name__
            errors["extra_attrs"] = [f'Expected a dictionary of items but got type "{got}".']
        if user_errors:
            nest = "user" in body or self.roles_version == 1
            errors.update({"user": user_errors} if nest else user_errors)
        if errors:
            return web.json_response(errors, status=400)
        return user, role


def _apply(client: Record, user: Mapping[str, Any], role: Mapping[str, Any]) -> None:
    """Write validated fields into a stored client (read shapes: country as its name,
    refs as objects, custom fields as the array)."""
    for key, value in user.items():
        client["user"][key] = COUNTRIES[value] if key == "country" else value
    for key, value in role.items():
        if key == "change_via_branch":  # the docs' write-side spelling
            key = "charge_via_branch"
        if key == "associated_admin":
            client[key] = next(dict(a) for a in ADMINS if a["id"] == value)
        elif key == "associated_agent":
            agent = next((a for a in AGENTS if a["id"] == value), None)
            client[key] = (
                None
                if agent is None
                else {**agent, "url": f"http://localhost:8000/api/agents/{value}/"}
            )
        elif key == "extra_attrs":
            attrs = client["extra_attrs"]
            for name, attr_value in value.items():
                machine = name.replace("_", "-")
                found = next((a for a in attrs if a["machine_name"] == machine), None)
                if found is None:
                    label = machine.replace("-", " ").capitalize()
                    found = {"id": 1_000_000 + len(attrs), "value": None, "type": "Text",
                             "machine_name": machine, "name": label}  # fmt: skip
                    attrs.append(found)
                found["value"] = attr_value
        elif key in ("status", "is_taxable", "received_notifications", "charge_via_branch",
                     "auto_charge", "calendar_colour", "photo"):  # fmt: skip
            client[key] = value


def _next_id(clients: dict[int, Record]) -> int:
    return clients.next_id() if isinstance(clients, IdStore) else max(clients, default=0) + 1


def _user_field_is(field: str, value: str) -> Callable[[Record], bool]:
    return lambda client: client["user"][field] == value


def _created_within(bound: datetime, *, after: bool) -> Callable[[Record], bool]:
    def test(client: Record) -> bool:
        created = _created(client)
        return created >= bound if after else created <= bound

    return test


def _bad_choice(value: str) -> str:
    return f"Select a valid choice. {value} is not one of the available choices."


def _parse_datetime(raw: str) -> datetime | None:
    """Django's lenient datetime input: ISO datetimes or dates; naive means UTC here."""
    try:
        value = datetime.fromisoformat(raw.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _created(client: Record) -> datetime:
    value = datetime.fromisoformat(client["user"]["date_created"])
    return value if value.tzinfo else value.replace(tzinfo=UTC)
