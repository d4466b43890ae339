"""Every TutorCruncher operation, served from an in-memory store built from the models.

The hand-written `FakeTutorCruncher` routes (clients) model the vendor closely; this
module fills in the rest of the API generically, so a test can call any operation:
records are synthesized per resource from the response models' fields, lists page
100 at a time in the DRF envelope, writes merge the body into the record, deletes
remove it, and actions answer in their documented shape. A write missing a field the
docs require is answered 400 as DRF would (``{"name": ["This field is required."]}``);
which fields those are is read from the call's request model (the fields it gives no
default), so the fake and the typed bodies cannot disagree. The data carries the
vendor's quirks: decimals alternate between strings and numbers, timestamps between
``Z`` and ``+01:00``, appointment statuses between codes, slugs and Title Case,
durations are ``"D HH:MM:SS"`` text.
"""

from __future__ import annotations

import json
import math
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
from aiohttp import web

if TYPE_CHECKING:
    from .tutorcruncher import FakeTutorCruncher

Record = dict[str, Any]
_PLACEHOLDER = re.compile(r"{(\w+)}")
_ROLES = {"agents", "clients", "contractors", "recipients"}


def _root(path: str) -> str:
    """``/contractor_availability/{id}/`` → ``contractor_availability``."""
    return path.strip("/").split("/")[0]


class Synth:
    """Deterministic, model-shaped values for one record."""

    def __init__(self, rid: int) -> None:
        self.rid = rid

    def value(self, name: str, tp: Any, depth: int) -> Any:
        from ..core.models import Model, OpenEnum

        rid = self.rid
        origin = typing.get_origin(tp)
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if origin in (typing.Union, types.UnionType):
            return self.value(name, args[rid % len(args)] if len(args) > 1 else args[0], depth)
        if origin is list:
            return [] if depth > 1 or not args else [self.value(name, args[0], depth + 1)]
        if origin is dict or tp is Any:
            return {"note": f"{name} {rid}"}
        if isinstance(tp, type) and issubclass(tp, Model):
            return None if depth > 2 else self.record(tp, depth + 1)
        if isinstance(tp, type) and issubclass(tp, OpenEnum):
            members = list(tp)
            member = members[rid % len(members)]
            if tp.__name__ == "AppointmentStatus":
                codes = {
                    "planned": 10,
                    "awaiting-report": 15,
                    "complete": 20,
                    "cancelled": 30,
                    "cancelled-chargeable": 40,
                }
                return [codes[member.value], member.value, member.value.replace("-", " ").title()][
                    rid % 3
                ]
            return member.value
        if tp is bool:
            return rid % 2 == 0
        if tp is int:
            return rid if name == "id" else (rid * 7) % 97 + 1
        if tp is Decimal:
            amount = f"{(rid * 37) % 500 + 0.5:.2f}"
            return float(amount) if rid % 3 == 0 else amount
        if tp is datetime:
            moment = datetime(2024, 1, 1, 9, tzinfo=UTC) + timedelta(days=rid, minutes=rid * 13)
            return (
                moment.isoformat().replace("+00:00", "Z")
                if rid % 2
                else (moment + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+01:00")
            )
        if tp is timedelta:
            return f"{rid % 3} 02:30:00" if rid % 2 else "00:45:00"
        if name == "email":
            return f"person{rid}@example.org"
        if name in ("url", "pdf_url", "photo"):
            return f"http://localhost:8000/api/{name}/{rid}/"
        return f"{name.replace('_', ' ').title()} {rid}"

    def record(self, model: type[Any], depth: int = 0) -> Record:
        hints = typing.get_type_hints(model)
        out: Record = {}
        for field in attrs.fields(model):
            if field.name in ("extra", "user", "photo"):
                continue
            out[field.name] = self.value(field.name, hints[field.name], depth)
        return out


def _required(spec: Any) -> tuple[str, ...]:
    """The body fields a write must send: its request model's fields without a default.

    Roles are left to their own check: V2 takes ``last_name`` flat or nested in ``user``.
    """
    from ..core.payload import Payload

    annotation = typing.get_type_hints(spec.func).get("data")
    for model in typing.get_args(annotation):
        if isinstance(model, type) and issubclass(model, Payload):
            return tuple(f.name for f in attrs.fields(model) if f.default is attrs.NOTHING)
    return ()


def _model_of(tp: Any) -> type[Any] | None:
    """The model a return annotation names: ``AsyncPager[M]``, ``list[M]`` or ``M``."""
    args = typing.get_args(tp)
    if args:
        return _model_of(args[0])
    return tp if isinstance(tp, type) and attrs.has(tp) else None


class CatalogueRoutes:
    """Routes for every operation not already routed, sharing one store per resource."""

    def __init__(self, fake: FakeTutorCruncher, size: int = 12) -> None:
        self.fake = fake
        self.size = size
        self.stores: dict[str, dict[int, Record]] = {}

    def store(
        self, root: str, item_model: type[Any] | None, detail_model: type[Any] | None
    ) -> dict[int, Record]:
        if root == "clients":  # the hand-written fake's own store: one truth per resource
            return self.fake.clients
        if root not in self.stores:
            records: dict[int, Record] = {}
            for rid in range(1, self.size + 1):
                record: Record = {}
                for model in (item_model, detail_model):
                    if model is not None:
                        record.update(Synth(rid).record(model))
                record["id"] = rid
                records[rid] = record
            self.stores[root] = records
        return self.stores[root]

    def register(self, app: web.Application) -> None:
        from ..tutorcruncher import TutorCruncher

        taken = {
            (r.method, r.resource.canonical) for r in app.router.routes() if r.resource is not None
        }
        detail_models: dict[str, type[Any]] = {}
        item_models: dict[str, type[Any]] = {}
        specs = []
        by_operation = dict(_specs(TutorCruncher))
        for op in TutorCruncher.operations():
            spec = by_operation[op.resource, op.name]
            model = _model_of(spec.returns)
            root = _root(op.path)
            if op.name == "list" and model is not None:
                item_models[root] = model
            elif op.name == "get" and model is not None:
                detail_models[root] = model
            specs.append((op, spec))
        seen: set[tuple[str, str]] = set()
        for op, spec in specs:
            route = "/api" + _PLACEHOLDER.sub(lambda m: "{" + m[1] + "}", op.path)
            if (op.method, route) in taken or (op.method, route) in seen:
                continue
            seen.add((op.method, route))
            root = _root(op.path)
            if root == "contractor_availability":
                root = "contractors"
            handler = self._handler(
                op.name,
                op.method,
                root,
                item_models.get(root),
                detail_models.get(root) or _model_of(spec.returns),
                spec,
            )
            app.router.add_route(op.method, route, handler)

    # -- handlers ------------------------------------------------------------------------

    def _handler(
        self,
        name: str,
        method: str,
        root: str,
        item: type[Any] | None,
        detail: type[Any] | None,
        spec: Any,
    ) -> Callable[[web.Request], Any]:
        fake = self.fake

        def records() -> dict[int, Record]:
            return self.store(root, item, detail)

        def find(request: web.Request) -> Record | None:
            try:
                return records().get(int(request.match_info["id"]))
            except (KeyError, ValueError):
                return None

        def shaped(record: Record, model: type[Any] | None) -> Record:
            """The record in ``model``'s shape; a write answer names related objects by id."""
            if root == "clients":
                return fake.render(record)
            if model is None:
                return record
            hints = typing.get_type_hints(model)
            out = {}
            for field in attrs.fields(model):
                if field.name not in record or field.name == "extra":
                    continue
                value = record[field.name]
                if isinstance(value, dict) and int in typing.get_args(hints[field.name]):
                    value = value.get("id")
                out[field.name] = value
            return out

        async def body(request: web.Request) -> Record | web.Response:
            if request.content_type == "application/x-www-form-urlencoded":
                return dict(await request.post())
            raw = await request.read()
            try:
                data = json.loads(raw or b"{}")
            except ValueError:
                return fake.error(400, "JSON parse error")
            return data if isinstance(data, dict) else fake.error(400, "Expected a dictionary.")

        answer_model = _model_of(spec.returns) or detail
        required = () if root in _ROLES else _required(spec)

        def missing(data: Record) -> web.Response | None:
            absent = [n for n in required if data.get(n) in (None, "")]
            if not absent:
                return None
            return web.json_response({n: ["This field is required."] for n in absent}, status=400)

        def wrap(record: Record) -> Record:
            shape = shaped(record, answer_model)
            return {"status": "success", "role": shape} if root in _ROLES else shape

        def merge(record: Record, data: Record) -> None:
            """Writes name related objects by id; reads show the object."""
            for key, value in data.items():
                if key == "user" and isinstance(value, dict):
                    merge(record, value)
                elif isinstance(record.get(key), dict) and not isinstance(value, dict):
                    record[key] = {**record[key], "id": value}
                else:
                    record[key] = value

        if name == "list":

            async def list_(request: web.Request) -> web.Response:
                ids = sorted(records(), reverse=True)
                if root == "action-types":
                    return web.json_response([shaped(records()[i], item) for i in ids])
                page = (
                    int(request.query.get("page", "1"))
                    if request.query.get("page", "1").isdigit()
                    else 0
                )
                per = fake.page_size
                pages = max(1, math.ceil(len(ids) / per))
                if not 1 <= page <= pages:
                    return fake.error(404, "Invalid page.")
                others = [(k, v) for k, v in request.query.items() if k != "page"]

                def url(n: int) -> str | None:
                    if not 1 <= n <= pages:
                        return None
                    return fake.absolute(request, request.path, [*others, ("page", str(n))])

                results = [shaped(records()[i], item) for i in ids[(page - 1) * per : page * per]]
                return web.json_response(
                    {
                        "count": len(ids),
                        "next": url(page + 1),
                        "previous": url(page - 1),
                        "results": results,
                    }
                )

            return list_

        if name == "availability":

            async def availability(request: web.Request) -> web.Response:
                if find(request) is None:
                    return fake.error(404, "Not found.")
                rid = int(request.match_info["id"])
                return web.json_response(
                    [
                        {
                            "type": "available",
                            "start": "2026-01-05T09:00:00Z",
                            "finish": "2026-01-05T12:00:00Z",
                            "apt_id": None,
                        },
                        {
                            "type": "appointment",
                            "start": "2026-01-05T13:00:00Z",
                            "finish": "2026-01-05T14:00:00Z",
                            "apt_id": rid * 10,
                        },
                    ]
                )

            return availability

        if name == "options":

            async def options(request: web.Request) -> web.Response:
                return web.json_response(
                    {
                        "name": root.title(),
                        "actions": {
                            "POST": {
                                "user": {
                                    "children": {
                                        "country": {
                                            "choices": [
                                                {
                                                    "value": 183,
                                                    "display_name": "United Kingdom (GB)",
                                                }
                                            ]
                                        }
                                    }
                                }
                            }
                        },
                    }
                )

            return options

        if name in ("create", "upsert"):

            async def create(request: web.Request) -> web.Response:
                data = await body(request)
                if isinstance(data, web.Response):
                    return data
                refused = missing(data)
                if refused is not None:
                    return refused
                nested = data.get("user")
                user: Record = nested if isinstance(nested, dict) else {}
                if root in _ROLES and not (user.get("last_name") or data.get("last_name")):
                    return web.json_response(
                        {"user": {"last_name": ["This field is required."]}}, status=400
                    )
                existing = None
                if name == "upsert" and user.get("email"):
                    existing = next(
                        (r for r in records().values() if r.get("email") == user["email"]), None
                    )
                record = existing or self._new(records(), item, detail)
                merge(record, data)
                if root == "enquiry":
                    return web.json_response({"id": record["id"]}, status=201)
                return web.json_response(wrap(record), status=200 if existing else 201)

            return create

        if name == "update":

            async def update(request: web.Request) -> web.Response:
                record = find(request)
                if record is None:
                    return fake.error(404, "Not found.")
                data = await body(request)
                if isinstance(data, web.Response):
                    return data
                refused = missing(data)
                if refused is not None:
                    return refused
                merge(record, data)
                return web.json_response(wrap(record))

            return update

        if name == "delete":

            async def delete(request: web.Request) -> web.Response:
                record = find(request)
                if record is None:
                    return fake.error(404, "Not found.")
                del records()[record["id"]]
                return web.json_response({"message": f"{root} {record['id']} deleted"})

            return delete

        if name == "get":

            async def get(request: web.Request) -> web.Response:
                record = find(request)
                return (
                    fake.error(404, "Not found.")
                    if record is None
                    else web.json_response(shaped(record, detail))
                )

            return get

        # actions on one object
        async def action(request: web.Request) -> web.Response:
            record = find(request)
            if record is None:
                return fake.error(404, "Not found.")
            data = await body(request)
            if isinstance(data, web.Response):
                return data
            refused = missing(data)
            if refused is not None:
                return refused
            if name == "take_payment":
                paid = Decimal(str(data["amount"]))
                owed = Decimal(str(record.get("still_to_pay") or "0")) - paid
                return web.json_response(
                    {
                        "receipt_sent": bool(data.get("send_receipt")),
                        "amount_paid": str(paid),
                        "still_to_pay": float(max(owed, Decimal(0))),
                        "message": "Payment recorded",
                        "paid": owed <= 0,
                    }
                )
            if name in ("add_label", "remove_label"):
                label = data.get("label")
                labels = [lab for lab in record.get("labels", []) if lab.get("id") != label]
                if name == "add_label":
                    labels.append(
                        {"id": label, "name": f"Label {label}", "machine_name": f"label-{label}"}
                    )
                record["labels"] = labels
            if name in ("accept", "reject"):
                record["status"] = "accepted" if name == "accept" else "rejected"
            return web.json_response(
                shaped(record, _model_of(spec.returns))
                if _model_of(spec.returns)
                else {"status": "success"}
            )

        return action

    def _new(
        self, records: dict[int, Record], item: type[Any] | None, detail: type[Any] | None
    ) -> Record:
        rid = max(records, default=0) + 1
        record: Record = {}
        for model in (item, detail):
            if model is not None:
                record.update(Synth(rid).record(model))
        record["id"] = rid
        records[rid] = record
        return record


def _specs(client: type[Any]) -> list[tuple[tuple[str, str], Any]]:
    from ..core.operations import resource

    out: list[tuple[tuple[str, str], Any]] = []
    for attr, value in vars(client).items():
        if isinstance(value, resource):
            out.extend(((attr, name), spec) for name, spec in value.cls.endpoints())
    return out
