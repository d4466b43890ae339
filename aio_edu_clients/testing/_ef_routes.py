"""Every Eduframe operation, served by one generic handler per ``Op`` from the stores.

`tools/snapshot_eduframe_fake.py` already classified each operation (``Op.kind``):
list, get, create, update, delete, an action on one record (``action:cancel``...), a
list held by a parent record (``sublist:planning_materials``), or one of the few
special shapes (the current educator, an invoice's PDF, the attendance upsert, the
legacy signup). Nested paths name their parent (``Op.parents``): the parent must
exist (else 404), lists show only its children, and creates link to it.

What the vendor does, as the spec and the catalogue describe it:

* lists are bare JSON arrays paged by ``Link`` (see `FakeEduframe`);
* an unknown id is 404 with the ``{errors, code, message}`` body;
* creates answer 201 with the record; ``POST /teachers`` and the legacy ``POST
  /signup`` answer 201 ``{"result": "Success", "location": ...}`` with a
  ``Location`` header instead (the spec's shared ``Created`` response);
* updates are partial: only the fields sent change (PATCH as the spec has it, and
  PUT as the scraped docs have it, see ``register``); a missing required field or a wrongly typed one is 422 with the field
  named in ``errors`` ("can't be blank", Rails' words);
* deletes answer 204, except ``DELETE /webhooks/{id}``, which returns the webhook.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from ._eduframe_data import HOST, stamp
from ._ef_data import PARENT_FIELDS
from ._ef_query import Invalid, predicates, sort, sort_keys, values
from ._ef_spec import OPERATIONS, STORE_SCHEMAS, Op, fields

if TYPE_CHECKING:
    from .eduframe import FakeEduframe

__all__ = ["EXTRA_SORTS", "EfRoutes"]

Record = dict[str, Any]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Sorts the fake has always allowed on ``/courses`` (the spec documents none there).
EXTRA_SORTS = {"/courses": frozenset({"name", "created_at", "updated_at", "id"})}
# Lists that show part of their store: planning's teachers are users who teach.
VIEWS: dict[str, Callable[[Record], bool]] = {
    "/planning/teachers": lambda user: "teacher" in (user.get("roles") or ()),
}
# What an action does to its record: field -> new value (a callable gets the body).
_NOW = object()
ACTIONS: dict[str, dict[str, Any]] = {
    "cancel": {"status": "canceled", "state": "canceled"},
    "approve": {"status": "active"},
    "deny": {"status": "denied"},
    "open": {"status": "open", "opened_at": _NOW},
    "activate": {"active": True},
    "deactivate": {"active": False},
    "award_certificate": {"graduation_state": "passed", "graduation_date": _NOW},
    "delete_certificate": {"graduation_state": "awaiting_judgement", "graduation_date": None},
}
_BOOL_WORDS = ("true", "false", "1", "0")
_MESSAGES = {
    "int": "is not a number",
    "num": "is not a number",
    "bool": "is not a boolean",
    "str": "is not a string",
    "arr": "is not an array",
    "obj": "is not an object",
}


def _fits(kind: str, value: Any) -> bool:
    """Whether a body value can be the request field's JSON type, as leniently as Rails
    casts (``"5"`` for an integer, a number for a string) but no further."""
    if value is None or kind == "any":
        return True
    if kind == "bool":
        return isinstance(value, bool) or str(value).lower() in _BOOL_WORDS
    if isinstance(value, bool):
        return False
    if kind == "int":
        return isinstance(value, int) or (isinstance(value, str) and value.lstrip("-").isdigit())
    if kind == "num":
        if isinstance(value, int | float):
            return True
        try:
            float(value)
        except (TypeError, ValueError):
            return False
        return True
    if kind == "str":
        return isinstance(value, str | int | float)
    if kind == "arr":
        return isinstance(value, list)
    return isinstance(value, dict)  # obj


def _cast(kind: str, value: Any) -> Any:
    """A stored value in the response's type: numbers sent for string and decimal
    fields come back as strings (a grade's ``score``), digit strings as integers."""
    if isinstance(value, bool) or value is None:
        return value
    if kind in ("str", "dec") and isinstance(value, int | float):
        return str(value)
    if kind == "int" and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def now_stamp() -> str:
    return stamp(datetime.now(UTC))


class EfRoutes:
    """Binds each ``Op`` to a handler on ``fake``'s stores."""

    def __init__(self, fake: FakeEduframe) -> None:
        self.fake = fake

    def register(self, app: web.Application) -> None:
        """One route per operation, plus ``PUT`` beside each spec ``PATCH`` update: the
        scraped docs (and the 2021 client) update with PUT, and Rails routes both
        verbs to the same action, so a client following either source works."""
        taken = {(op.method, op.path) for op in OPERATIONS}
        for op in OPERATIONS:
            handler = self._handler(op)
            app.router.add_route(op.method, op.route, handler)
            if op.method == "PATCH" and op.kind == "update" and ("PUT", op.path) not in taken:
                app.router.add_route("PUT", op.route, handler)

    def _handler(self, op: Op) -> Handler:
        kind = op.kind.partition(":")[0]
        serve = getattr(self, f"_{kind}")

        async def handle(request: web.Request) -> web.StreamResponse:
            try:
                response: web.StreamResponse = await serve(op, request)
            except Invalid as bad:
                return self.fake.invalid(bad)
            except _NotFound:
                return self.fake.error(404, "Not found")
            return response

        handle.__name__ = op.operation_id.replace(".", "_")
        return handle

    # -- lookups -------------------------------------------------------------------------

    def _parent_tests(self, op: Op, request: web.Request) -> dict[str, Any]:
        """The parent links a nested path fixes (record field -> value); 404 if a
        parent the path names does not exist."""
        links = dict(PARENT_FIELDS.get(op.store, ()))
        fixed: dict[str, Any] = {}
        for param, parent, _ in op.parents:
            raw = request.match_info[param]
            value: Any = raw
            if parent:
                value = self.fake.key(parent, raw)
                if value is None or value not in self.fake.store(parent):
                    raise _NotFound
            fixed[links.get(param, param)] = value
        return fixed

    def _record(self, op: Op, request: web.Request) -> tuple[Any, Record]:
        """The record an item path names (its last path parameter), inside its parent."""
        store = self.fake.store(op.store)
        key = self.fake.key(op.store, request.match_info[op.key_param])
        record = store.get(key) if key is not None else None
        if record is None:
            raise _NotFound
        fixed = self._parent_tests(op, request)
        if any(record.get(f) != v for f, v in fixed.items()):
            raise _NotFound
        return key, record

    def _json(self, op: Op, record: Record, status: int = 200) -> web.Response:
        return web.json_response(self.fake.view(op.store, record), status=status)

    def _answer(self, op: Op, key: Any, record: Record) -> web.Response:
        if op.shape == "none":
            return web.Response(status=204)
        if op.shape == "created":
            location = f"{self.fake.base_url}/{op.store}/{key}"
            return web.json_response(
                {"result": "Success", "location": location},
                status=op.status,
                headers={"Location": location},
            )
        return self._json(op, record, op.status)

    # -- bodies --------------------------------------------------------------------------

    async def _body(self, op: Op, request: web.Request) -> Record:
        """The JSON object sent, checked against the required fields and the request's
        field types (422 naming the first field that does not fit)."""
        raw = await request.read()
        try:
            body = json.loads(raw) if raw.strip() else {}
        except ValueError:
            raise Invalid("body", "is not valid JSON", status=400) from None
        if not isinstance(body, dict):
            raise Invalid("body", "must be a JSON object", status=400)
        missing = [f for f in op.required if body.get(f) in (None, "", [])]
        if missing:
            raise _Blank(missing)
        for name, kind in op.body:
            if name in body and not _fits(kind, body[name]):
                raise Invalid(name, _MESSAGES.get(kind, "is invalid"))
        return body

    def _apply(self, store: str, record: Record, body: Record) -> None:
        """A partial update: only fields the record has and the body sent change."""
        kinds = {f.name: f.kind for f in fields(STORE_SCHEMAS.get(store, ""))}
        for field, value in body.items():
            if field in record and field != "id" and not field.startswith("_"):
                record[field] = _cast(kinds.get(field, "any"), value)
        if "updated_at" in record:
            record["updated_at"] = now_stamp()

    # -- kinds ---------------------------------------------------------------------------

    async def _list(self, op: Op, request: web.Request) -> web.Response:
        fake, query = self.fake, request.query
        size = fake.page_size(query) if op.paged else 0
        store = fake.store(op.store)
        fixed = self._parent_tests(op, request)
        tests = predicates(op.filters, query, fake.related)
        if op.path in VIEWS:
            tests.append(VIEWS[op.path])
        allowed = frozenset(op.sorts) | EXTRA_SORTS.get(op.path, frozenset())
        order = sort_keys(values(query, "sort"), allowed)
        keys = fake.ordered_keys(op.store)
        if fixed:
            items = fixed.items()
            keys = [k for k in keys if all(store[k].get(f) == v for f, v in items)]
        if tests:
            keys = [k for k in keys if all(t(store[k]) for t in tests)]
        keyset = fake.int_keys(op.store) and (not order or order[0] == ("id", False))
        if order and not keyset:
            keys = sort(keys, store, order)
        if not op.paged:
            return web.json_response([fake.view(op.store, store[k]) for k in keys])
        return fake.page(
            request, keys, lambda k: fake.view(op.store, store[k]), size, keyset=keyset
        )

    async def _sublist(self, op: Op, request: web.Request) -> web.Response:
        _, record = self._record(op, request)
        rows = list(record.get(op.kind.partition(":")[2]) or [])
        size = self.fake.page_size(request.query)
        return self.fake.page(request, list(range(len(rows))), rows.__getitem__, size, keyset=False)

    async def _get(self, op: Op, request: web.Request) -> web.Response:
        _, record = self._record(op, request)
        return self._json(op, record)

    async def _singleton(self, op: Op, request: web.Request) -> web.Response:
        store = self.fake.store(op.store)
        if not store:
            raise _NotFound
        return self._json(op, next(iter(store.values())))

    async def _pdf(self, op: Op, request: web.Request) -> web.Response:
        key, record = self._record(op, request)
        number = record.get("number") or key
        document = {
            "url": f"{HOST}/invoices/{key}/download/invoice-{number}.pdf",
            "filename": f"invoice-{number}.pdf",
            "content_type": "application/pdf",
        }
        return web.json_response({"pdf": document})

    async def _create(self, op: Op, request: web.Request) -> web.Response:
        body = await self._body(op, request)
        fixed = self._parent_tests(op, request)
        key, record = self.fake.new_record(op.store)
        if op.store == "teachers":
            user = self.fake.store("users").get(body.get("user_id"))
            if user is not None:
                self._apply(op.store, record, {k: user.get(k) for k in record if k in user})
        self._apply(op.store, record, body)
        record.update(fixed)
        self.fake.store(op.store)[key] = record
        return self._answer(op, key, record)

    async def _update(self, op: Op, request: web.Request) -> web.Response:
        key, record = self._record(op, request)
        body = await self._body(op, request)
        self._apply(op.store, record, body)
        return self._answer(op, key, record)

    async def _delete(self, op: Op, request: web.Request) -> web.Response:
        key, record = self._record(op, request)
        del self.fake.store(op.store)[key]
        return self._answer(op, key, record)

    async def _action(self, op: Op, request: web.Request) -> web.Response:
        key, record = self._record(op, request)
        body = await self._body(op, request)
        name = op.kind.partition(":")[2]
        if name == "labels":
            label = body["label_id"]
            if self.fake.key("labels", str(label)) not in self.fake.store("labels"):
                raise Invalid("label_id", "does not exist")
            record["label_ids"] = sorted({*record.get("label_ids", []), int(label)})
        for field, value in ACTIONS.get(name, {}).items():
            if field in record:
                record[field] = (
                    now_stamp()[: 10 if "date" in field else None] if value is _NOW else value
                )
        if "updated_at" in record:
            record["updated_at"] = now_stamp()
        return self._answer(op, key, record)

    async def _upsert(self, op: Op, request: web.Request) -> web.Response:
        body = await self._body(op, request)
        store = self.fake.store(op.store)
        pair = (_as_int(body["meeting_id"]), _as_int(body["enrollment_id"]))
        key = next(
            (k for k, r in store.items() if (r.get("meeting_id"), r.get("enrollment_id")) == pair),
            None,
        )
        if key is None:
            key, record = self.fake.new_record(op.store)
            store[key] = record
        record = store[key]
        self._apply(op.store, record, body)
        return self._answer(op, key, record)

    async def _signup(self, op: Op, request: web.Request) -> web.Response:
        """The legacy signup places an order; the answer is where to send the user."""
        body = await self._body(op, request)
        key, order = self.fake.new_record("orders")
        order.update(status="requested", origin="website")
        self._apply("orders", order, body)
        self.fake.store("orders")[key] = order
        location = f"{HOST}/signup/thank-you?order_id={key}"
        return web.json_response(
            {"result": "Success", "location": location},
            status=op.status,
            headers={"Location": location},
        )


def _as_int(value: Any) -> Any:
    return int(value) if isinstance(value, str) and value.isdigit() else value


class _NotFound(Exception):
    """Answered 404 with Eduframe's error body."""


class _Blank(Invalid):
    """Required body fields missing: every one is named in ``errors``."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(missing[0], "can't be blank")
        self.fields = tuple(missing)
