"""Every TidyClub operation, served by one generic handler from the fake's stores.

The routes are read off `TidyClub.operations()`, so the fake and the client cannot
drift apart: each path is classified once (`classify`) as an action — list, get,
create, update, delete, or one of the few special shapes (``/contacts/me``,
``/organization``, group membership, add-payment, tickets sold) — on a store, with
the parent a nested path names. `TABLES` says what differs per store: the noun in
"X not found", whether ids are 12-hex strings, the required create fields, the field
linking a child to its parent, bookkeeping fields never shown, and whether a create
answers 201 without a body as the docs say five of them do.

It serves the vendor's behaviour as documented: bare arrays with ``X-Pagination-*``
headers (``limit``/``offset`` or ``per_page``/``page``, at most 100), boolean filters
only as ``true``/``false``, deletes answering ``{"message": "Successful"}``, group
membership changes 204, custom fields read as a list and written as ``{id: value}``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import attrs
from aiohttp import web

from ._store import sorted_ids
from ._tidyclub_data import stamp, transaction_for

if TYPE_CHECKING:
    from .tidyclub import FakeTidyClub

Record = dict[str, Any]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MAX_PAGE = 100
_PLACEHOLDER = re.compile(r"^{(\w+)}$")
WRITE_PAYMENT_TYPES = ("cash", "card", "cheque", "bank", "other")


@attrs.frozen
class Table:
    """How one store behaves (see the module docstring)."""

    noun: str
    hex: bool = False
    required: tuple[str, ...] = ()
    parent_field: str | None = None
    hidden: tuple[str, ...] = ()
    bodiless_create: bool = False
    search: tuple[str, ...] = ()


_LEDGER = ("name", "amount", "due_date", "category_id", "contact_id")
TABLES: dict[str, Table] = {
    "organization": Table("Organization"),
    "contacts": Table(
        "Contact", required=("first_name",), search=("first_name", "last_name", "email_address")
    ),
    "custom_fields": Table("Custom field", hex=True, required=("title", "type")),
    "choices": Table(
        "Choice",
        hex=True,
        required=("title",),
        parent_field="custom_field_id",
        hidden=("custom_field_id",),
    ),
    "groups": Table("Group", required=("label",), search=("label", "description")),
    "membership_levels": Table("Membership level"),
    "memberships": Table("Membership"),
    "emails": Table(
        "Email", hex=True, required=("subject", "body", "contacts"), bodiless_create=True
    ),
    "meetings": Table("Meeting"),
    "events": Table("Event", required=("name", "start_at")),
    "tickets": Table(
        "Ticket", hex=True, required=("name",), parent_field="event_id", hidden=("event_id",)
    ),
    "ticket_sales": Table("Ticket sale", hex=True, parent_field="event_id", hidden=("event_id",)),
    "categories": Table("Category"),
    "tasks": Table("Task", required=("title", "due_date", "contact_id", "category_id")),
    "invoices": Table("Invoice", hex=True, required=_LEDGER, bodiless_create=True),
    "expenses": Table("Expense", hex=True, required=_LEDGER, bodiless_create=True),
    "deposits": Table(
        "Deposit",
        hex=True,
        required=("name", "amount", "category_id", "contact_id"),
        bodiless_create=True,
    ),
    "transactions": Table("Transaction", hex=True),
    "users": Table("User", required=("first_name", "last_name", "email", "password")),
}
# A nested path's parent segment → the child field naming that parent.
PARENT_FIELDS = {
    "events": "event_id",
    "custom_fields": "custom_field_id",
    "contacts": "contact_id",
    "membership_levels": "membership_level_id",
}
BOOLEAN_FILTERS = ("registered", "active", "public", "completed")


@attrs.frozen
class Route:
    """One operation, classified: ``action`` on ``store`` (under ``parent``, if nested)."""

    action: str
    store: str
    parent: str | None = None  # the parent store's name
    parent_param: str | None = None  # the path placeholder holding its id


def classify(method: str, path: str) -> Route:
    """What an operation does, from its method and path template alone."""
    parts = path.strip("/").split("/")
    names = [None if _PLACEHOLDER.match(p) else p for p in parts]
    params = [m[1] for p in parts if (m := _PLACEHOLDER.match(p))]
    literals = [p for p in names if p is not None]
    if path == "/organization":
        return Route("singleton", "organization")
    if path == "/contacts/me":
        return Route("me", "contacts")
    if parts[-1] == "sold":
        return Route("list", "ticket_sales", "events", params[0])
    if parts[-1] == "payments":
        return Route("add_payment", parts[0], parts[0], params[0])
    if literals == ["groups", "contacts"] and len(params) == 2:
        return Route("add_member" if method == "PUT" else "remove_member", "groups")
    store = literals[-1]
    parent = literals[-2] if len(literals) > 1 else None
    has_id = names[-1] is None
    action = {"GET": "get" if has_id else "list", "POST": "create", "PUT": "update"}.get(
        method, "delete"
    )
    if store == "users":
        action = "create_user"
    return Route(action, store, parent, params[0] if parent else None)


class TidyCatalogue:
    """The routes of every TidyClub operation, over ``fake``'s stores."""

    def __init__(self, fake: FakeTidyClub) -> None:
        self.fake = fake

    def register(self, app: web.Application) -> None:
        from ..tidyclub import TidyClub

        ops = TidyClub.operations()
        # Literal paths before templated ones: /contacts/me and /tickets/sold are not ids.
        ops.sort(key=lambda op: "{id}" in op.path.rsplit("/", 1)[-1])
        for op in ops:
            route = classify(op.method, op.path)
            app.router.add_route(op.method, "/v1" + op.path, self._handler(route))

    # -- helpers -------------------------------------------------------------------------

    def _records(self, store: str) -> dict[Any, Record]:
        return self.fake.store(store)

    def _key(self, store: str, raw: str) -> Any:
        if TABLES[store].hex:
            return raw
        return int(raw) if raw.isdigit() else None

    def _find(self, store: str, raw: str) -> Record | None:
        key = self._key(store, raw)
        return None if key is None else self._records(store).get(key)

    def _missing(self, store: str) -> web.Response:
        return self.fake.error(404, f"{TABLES[store].noun} not found")

    def render(self, store: str, record: Record) -> Record:
        """A record as the API shows it: bookkeeping fields dropped, choices nested."""
        hidden = TABLES[store].hidden
        out = {k: v for k, v in record.items() if k not in hidden}
        if store == "custom_fields" and record.get("type") == "dropdown":
            out["choices"] = [
                self.render("choices", c)
                for c in self._records("choices").values()
                if c.get("custom_field_id") == record["id"]
            ]
        return out

    def _ordered(self, store: str) -> list[Record]:
        records = self._records(store)
        if TABLES[store].hex:
            return list(records.values())
        return [records[i] for i in sorted_ids(records)]

    async def _body(self, request: web.Request) -> Record | web.Response:
        if request.content_type == "application/x-www-form-urlencoded":
            return dict(await request.post())
        raw = await request.read()
        try:
            data = json.loads(raw or b"{}")
        except ValueError:
            return self.fake.error(400, "Unable to parse parameters")
        return (
            data if isinstance(data, dict) else self.fake.error(400, "Unable to parse parameters")
        )

    def _invalid(self, message: str) -> web.Response:
        return self.fake.error(422, message)

    # -- the one handler -----------------------------------------------------------------

    def _handler(self, route: Route) -> Handler:
        async def handle(request: web.Request) -> web.StreamResponse:
            return await self.answer(route, request)

        return handle

    async def answer(self, route: Route, request: web.Request) -> web.StreamResponse:
        fake, store, match = self.fake, route.store, request.match_info
        parent: Record | None = None
        if route.parent is not None and route.parent_param is not None:
            parent = self._find(route.parent, match[route.parent_param])
            if parent is None:
                return self._missing(route.parent)
        action = route.action
        if action == "singleton":
            return web.json_response(
                {**self._records(store)[0], "domain_prefix": fake.domain_prefix}
            )
        if action == "me":
            me = self._records("contacts").get(fake.me_id)
            return self._missing(store) if me is None else web.json_response(me)
        if action == "list":
            return self._list(route, request, parent)
        if action in ("add_member", "remove_member"):
            return self._membership(action, match["group_id"], match["contact_id"])
        record: Record | None = None
        if action in ("get", "update", "delete"):
            record = self._find(store, match["id"])
            if record is None or (
                parent is not None
                and str(record.get(TABLES[store].parent_field or "")) != str(parent.get("id"))
            ):
                return self._missing(store)
            if action == "get":
                return web.json_response(self.render(store, record))
            if action == "delete":
                del self._records(store)[record["id"]]
                return web.json_response({"message": "Successful"})
        data = await self._body(request)
        if isinstance(data, web.Response):
            return data
        if record is not None:  # an update
            problem = self._write(store, record, data)
            return problem or web.json_response(self.render(store, record))
        if action == "add_payment":
            assert parent is not None
            return self._add_payment(store, parent, data)
        missing = [f for f in TABLES[store].required if data.get(f) in (None, "", [])]
        if missing:
            return self._invalid(", ".join(f"{f} can't be blank" for f in missing))
        if action == "create_user":
            return self._create_user(data)
        return self._create(store, parent, data)

    # -- actions -------------------------------------------------------------------------

    def _list(self, route: Route, request: web.Request, parent: Record | None) -> web.Response:
        query = request.query
        limit_raw = query.get("limit") or query.get("per_page") or "25"
        if not limit_raw.isdigit() or int(limit_raw) < 1:
            return self.fake.error(400, "limit must be a positive number")
        limit = min(int(limit_raw), MAX_PAGE)
        if query.get("offset"):  # counts records
            if not query["offset"].isdigit():
                return self.fake.error(400, "offset must be a non-negative number")
            offset = int(query["offset"])
        else:  # ``page`` is the general section's alternative, 1-based
            page_raw = query.get("page") or "1"
            if not page_raw.isdigit() or int(page_raw) < 1:
                return self.fake.error(400, "page must be a positive number")
            offset = (int(page_raw) - 1) * limit
        for name in BOOLEAN_FILTERS:
            if query.get(name) not in (None, "true", "false"):
                return self.fake.error(400, f"{name} must be true or false")
        try:
            records = [r for r in self._nested(route, parent) if _matches(route.store, r, query)]
        except ValueError as exc:
            return self.fake.error(400, str(exc))
        total = len(records)
        headers = {
            "X-Pagination-Per-Page": str(limit),
            "X-Pagination-Current-Page": str(offset // limit + 1),
            "X-Pagination-Total-Pages": str(max(1, math.ceil(total / limit))),
            "X-Pagination-Total-Entries": str(total),
        }
        page = [self.render(route.store, r) for r in records[offset : offset + limit]]
        return web.json_response(page, headers=headers)

    def _nested(self, route: Route, parent: Record | None) -> list[Record]:
        records = self._ordered(route.store)
        if parent is None or route.parent is None:
            return records
        members = self.fake.group_members
        if route.parent == "groups":
            inside = members.get(parent["id"], set())
            return [r for r in records if r["id"] in inside]
        if route.store == "groups":
            return [r for r in records if parent["id"] in members.get(r["id"], set())]
        field = PARENT_FIELDS[route.parent]
        return [r for r in records if r.get(field) == parent["id"]]

    def _membership(self, action: str, group_raw: str, contact_raw: str) -> web.Response:
        group, contact = self._find("groups", group_raw), self._find("contacts", contact_raw)
        if group is None:
            return self._missing("groups")
        if contact is None:
            return self._missing("contacts")
        inside = self.fake.group_members.setdefault(group["id"], set())
        if action == "add_member":
            inside.add(contact["id"])
        else:
            inside.discard(contact["id"])
        return web.Response(status=204)

    def _create(self, store: str, parent: Record | None, data: Record) -> web.Response:
        records = self._records(store)
        fake = self.fake
        if TABLES[store].hex:
            rid: Any = fake.new_hex_id()
        else:
            rid = max(records, default=0) + 1
        record: Record = {"id": rid}
        if store == "contacts":
            record["custom_fields"] = []
        if parent is not None and TABLES[store].parent_field:
            record[TABLES[store].parent_field or ""] = parent["id"]
        if store in ("invoices", "expenses", "deposits"):
            record.update(ref_no=str(fake.next_ref()), type=store[:-1], payments=[])
        problem = self._write(store, record, data)
        if problem is not None:
            return problem
        if store == "deposits" and record.get("amount") is not None:
            self._pay(record, record["amount"], data.get("payment_type"), data.get("paid_date"))
        record.setdefault("created_at", stamp(datetime.now(UTC)))
        if store in ("invoices", "expenses"):
            record.pop("created_at")  # the docs' invoices and expenses carry none
        records[rid] = record
        if TABLES[store].bodiless_create:
            return web.Response(status=201)
        return web.json_response(self.render(store, record), status=201)

    def _create_user(self, data: Record) -> web.Response:
        contacts = self._records("contacts")
        cid = max(contacts, default=0) + 1
        now = stamp(datetime.now(UTC))
        contacts[cid] = {
            "id": cid,
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email_address": data["email"],
            "registered": True,
            "created_at": now,
            "custom_fields": [],
        }
        self.fake.users[cid] = {"contact_id": cid, "email": data["email"]}
        return web.json_response({"contact_id": cid, "created_at": now}, status=201)

    def _add_payment(self, store: str, ledger: Record, data: Record) -> web.Response:
        amount = data.get("amount", ledger.get("amount_due", ledger.get("amount")))
        kind = data.get("payment_type") or "other"
        if kind not in WRITE_PAYMENT_TYPES:
            return self._invalid(f"payment_type must be one of {', '.join(WRITE_PAYMENT_TYPES)}")
        try:
            self._pay(ledger, amount, kind, data.get("date"))
        except (InvalidOperation, ValueError, TypeError):
            return self._invalid("amount is not a number")
        return web.Response(status=201)

    def _pay(self, ledger: Record, amount: Any, kind: Any, when: Any) -> None:
        """Add a payment to a ledger record, update what is owed, log the transaction."""
        value = float(Decimal(str(amount)))
        paid_at = when if isinstance(when, str) and when else stamp(datetime.now(UTC))
        payment: Record = {"id": self.fake.new_hex_id(), "amount": value}
        payment.update(type=str(kind or "other"), paid_at=paid_at)
        ledger.setdefault("payments", []).append(payment)
        if "amount_due" in ledger or ledger.get("type") in ("invoice", "expense"):
            paid = round(sum(float(p["amount"]) for p in ledger["payments"]), 2)
            ledger["amount_paid"] = paid
            ledger["amount_due"] = round(max(float(ledger.get("amount") or 0) - paid, 0.0), 2)
            ledger["paid"] = ledger["amount_due"] == 0
        self._records("transactions")[payment["id"]] = transaction_for(
            payment,
            ledger,
            self._records("categories"),
            self._records("contacts"),
            payment["type"],
        )

    def _write(self, store: str, record: Record, data: Record) -> web.Response | None:
        """Merge a create/update body into ``record`` as the API would store it."""
        for key, value in data.items():
            if key in ("id", "custom_fields") or key in TABLES[store].hidden:
                continue
            record[key] = value
        if store == "contacts" and "custom_fields" in data:
            problem = self._write_custom_fields(record, data["custom_fields"])
            if problem is not None:
                return problem
        try:
            for key in ("amount",):
                if key in data and data[key] is not None:
                    number = Decimal(str(data[key]))
                    # tickets and levels show money as strings, the ledgers as numbers
                    record[key] = str(number) if store == "tickets" else float(number)
            for key in ("due_date", "birthday"):
                if isinstance(data.get(key), str) and data[key]:
                    record[key] = _date_of(data[key]).isoformat()
        except (InvalidOperation, ValueError):
            return self._invalid("a field has an invalid value")
        if store in ("invoices", "expenses") and "amount" in data:
            record.setdefault("amount_paid", 0.0)
            record.setdefault("paid", False)
            record["amount_due"] = round(float(record["amount"]) - record["amount_paid"], 2)
        if store in ("invoices", "expenses"):
            record.pop("currency", None)  # accepted on create, never shown (quirk 15)
        for key in ("payment_type", "paid_date") if store == "deposits" else ():
            record.pop(key, None)
        return None

    def _write_custom_fields(self, record: Record, values: Any) -> web.Response | None:
        """``{field_id: value}`` in, the read-side list kept: dropdowns by choice id."""
        if not isinstance(values, dict):
            return self._invalid("custom_fields must be an object of field id to value")
        fields = self._records("custom_fields")
        current = {f["id"]: f for f in record.get("custom_fields") or []}
        for fid, value in values.items():
            field = fields.get(str(fid))
            if field is None:
                return self._invalid(f"custom field {fid} does not exist")
            if value is None or value == "":
                current.pop(field["id"], None)  # a blank value empties the field
                continue
            shown: Any = value
            if field["type"] == "dropdown":
                choice = self._records("choices").get(str(value))
                if choice is None or choice.get("custom_field_id") != field["id"]:
                    return self._invalid(f"{value} is not a choice of custom field {fid}")
                shown = {"id": choice["id"], "title": choice["title"]}
            entry = {"id": field["id"], "title": field["title"], "type": field["type"]}
            current[field["id"]] = {**entry, "value": shown}
        record["custom_fields"] = list(current.values())
        return None


def _date_of(text: str) -> date:
    return date.fromisoformat(text[:10])


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _bound(query: Any, name: str) -> datetime | None:
    raw = query.get(name)
    if raw is None:
        return None
    try:
        return _when(raw if len(raw) > 10 else raw + "T00:00:00+00:00")
    except ValueError:
        raise ValueError(f"{name} must be an ISO 8601 date") from None


def _matches(store: str, record: Record, query: Any) -> bool:
    """Whether ``record`` passes the documented filters in ``query``."""
    needle = (query.get("search_terms") or "").strip().lower()
    if needle and not any(
        needle in str(record.get(field) or "").lower() for field in TABLES[store].search
    ):
        return False
    for name in BOOLEAN_FILTERS:
        wanted = query.get(name)
        if wanted is None:
            continue
        value = record.get("state") == "activated" if name == "active" else record.get(name)
        if bool(value) is not (wanted == "true"):
            return False
    field = {"events": "start_at", "transactions": "paid_at"}.get(store)
    if field is not None:
        names = ("start_at", "end_at") if store == "events" else ("start_date", "end_date")
        low, high = _bound(query, names[0]), _bound(query, names[1])
        moment = _when(record.get(field))
        if moment is not None and low is not None and moment < low:
            return False
        if moment is not None and high is not None:
            if len(query[names[1]]) <= 10:  # a date includes its whole day
                return moment.date() <= high.date()
            return moment <= high
    return True
