"""A fake TutorCruncher: DRF envelopes, ``token`` auth, 100 requests a minute."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from ._server import FakeServer

FIRST = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Hari",
    "Isla",
    "Jack",
    "Kemi",
    "Liam",
    "Maya",
    "Noah",
    "Olu",
    "Priya",
]
LAST = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nash",
    "Owen",
    "Patel",
]
TOWNS = [
    ("London", "N1 9GU"),
    ("Leeds", "LS1 4DY"),
    ("Bristol", "BS1 5TR"),
    ("York", "YO1 7HH"),
    ("Bath", "BA1 1LT"),
]
STATUSES = ["live", "live", "live", "prospect", "dormant"]


class FakeTutorCruncher(FakeServer):
    """TutorCruncher's API under ``/api/``: clients, paged 100 at a time, newest first.

    ``roles_version`` picks the Roles API shape (1: personal fields in ``user``; 2:
    flat, with ``photo``). Data is deterministic for a given ``seed`` and carries the
    vendor's quirks: decimals as strings or numbers, mixed timestamp offsets,
    ``auto_charge`` as a boolean or a code, ``url`` fields on another host.
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
        **kw: Any,
    ) -> None:
        super().__init__(rate_limit=rate_limit, **kw)
        self.api_key = api_key
        self.roles_version = roles_version
        self.page_size = page_size
        rng = random.Random(seed)
        self.clients: dict[int, dict[str, Any]] = {}
        for cid in range(1, clients + 1):
            self.clients[cid] = _client(rng, cid)
        self._order: list[int] | None = None

    def setup_routes(self, app: web.Application) -> None:
        app.router.add_get("/api/clients/", self._list_clients)
        app.router.add_post("/api/clients/", self._create_client)
        app.router.add_get("/api/clients/{id}/", self._get_client)

    def credential(self, request: web.Request) -> str | None:
        header = request.headers.get("Authorization", "")
        return self.api_key if header == f"token {self.api_key}" else None

    def auth_error(self, request: web.Request) -> web.Response:
        if "Authorization" not in request.headers:
            return self.error(401, "Authentication credentials were not provided.")
        return self.error(401, "Invalid token.")

    def error_body(self, status: int, message: str) -> dict[str, Any]:
        return {"detail": message}

    def rate_limit_message(self, wait: int) -> str:
        return f"Request was throttled. Expected available in {wait} seconds."

    # -- handlers ------------------------------------------------------------------------

    async def _list_clients(self, request: web.Request) -> web.Response:
        q = request.query
        if self._order is None or len(self._order) != len(self.clients):
            self._order = sorted(self.clients, reverse=True)  # cached: the fake is benchmarked
        ids = self._order
        for name, key in (
            ("status", "status"),
            ("user__email", "email"),
            ("user__first_name", "first_name"),
            ("user__last_name", "last_name"),
        ):
            if name in q:
                ids = [
                    i for i in ids if str(_field(self.clients[i], key)).lower() == q[name].lower()
                ]
        if "labels" in q:
            ids = [
                i
                for i in ids
                if any(str(lab["id"]) == q["labels"] for lab in self.clients[i]["labels"])
            ]
        for name, op in (("user__created__gte", "ge"), ("user__created__lte", "le")):
            if name in q:
                bound = datetime.fromisoformat(q[name].replace("Z", "+00:00"))
                ids = [i for i in ids if _cmp(_created(self.clients[i]), bound, op)]
        try:
            page = int(q.get("page", "1"))
        except ValueError:
            page = 0
        pages = max(1, math.ceil(len(ids) / self.page_size))
        if not 1 <= page <= pages:
            return self.error(404, "Invalid page.")
        chunk = ids[(page - 1) * self.page_size : page * self.page_size]
        others = [(k, v) for k, v in q.items() if k != "page"]

        def link(n: int) -> str | None:
            if not 1 <= n <= pages:
                return None
            return self.absolute(
                request, "/api/clients/", [*others, *([("page", str(n))] if n > 1 else [])]
            )

        return web.json_response(
            {
                "count": len(ids),
                "next": link(page + 1),
                "previous": link(page - 1),
                "results": [self._ref(self.clients[i]) for i in chunk],
            }
        )

    async def _get_client(self, request: web.Request) -> web.Response:
        try:
            client = self.clients[int(request.match_info["id"])]
        except (KeyError, ValueError):
            return self.error(404, "Not found.")
        return web.json_response(self._shape(client))

    async def _create_client(self, request: web.Request) -> web.Response:
        body = await self.json_body(request)
        if body is ...:
            return self.error(400, "JSON parse error - Expecting value: line 1 column 1 (char 0)")
        if not isinstance(body, dict):
            return web.json_response(
                {"non_field_errors": ["Invalid data. Expected a dictionary."]}, status=400
            )
        nested = body.get("user")
        user: dict[str, Any] = (
            nested
            if isinstance(nested, dict)
            else {k: body[k] for k in ("first_name", "last_name", "email") if k in body}
        )
        if not user.get("last_name"):
            return web.json_response(
                {"user": {"last_name": ["This field is required."]}}, status=400
            )
        cid = max(self.clients, default=0) + 1
        client = _client(random.Random(cid), cid)
        client["user"].update({k: v for k, v in user.items() if k in client["user"]})
        for key in ("status", "is_taxable", "calendar_colour"):
            if key in body:
                client[key] = body[key]
        client["last_updated"] = datetime.now(UTC).isoformat()
        self.clients[cid] = client
        return web.json_response({"status": "success", "role": self._shape(client)}, status=201)

    # -- shapes --------------------------------------------------------------------------

    def _ref(self, client: dict[str, Any]) -> dict[str, Any]:
        user = client["user"]
        return {
            "id": client["id"],
            "first_name": user["first_name"],
            "last_name": user["last_name"],
            "email": user["email"],
            "url": f"{self.url}/api/clients/{client['id']}/",
        }

    def _shape(self, client: dict[str, Any]) -> dict[str, Any]:
        if self.roles_version == 1:
            return client
        flat = {k: v for k, v in client.items() if k != "user"}
        flat.update(client["user"])
        flat["photo"] = (
            f"https://cdn.example.org/photos/{client['id']}.png" if client["id"] % 3 else None
        )
        return flat


def _field(client: dict[str, Any], key: str) -> Any:
    return client["user"][key] if key in client["user"] else client.get(key)


def _created(client: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(client["user"]["date_created"].replace("Z", "+00:00"))


def _cmp(value: datetime, bound: datetime, op: str) -> bool:
    if bound.tzinfo is None:
        bound = bound.replace(tzinfo=UTC)
    return value >= bound if op == "ge" else value <= bound


def _client(rng: random.Random, cid: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    town, postcode = rng.choice(TOWNS)
    created = datetime(2019, 1, 1, tzinfo=UTC) + timedelta(days=cid, seconds=rng.randrange(86400))
    offset = "Z" if cid % 2 else "+01:00"
    stamp = created.strftime("%Y-%m-%dT%H:%M:%S.%f") + offset
    balance = f"{rng.randrange(-50000, 200000) / 100:.2f}"
    return {
        "id": cid,
        "user": {
            "title": rng.choice(["Mr", "Ms", "Mx", "Dr", None]),
            "first_name": first,
            "last_name": last,
            "email": f"{first}.{last}.{cid}@example.org".lower(),
            "mobile": f"07{rng.randrange(10**8, 10**9)}",
            "phone": None,
            "street": f"{rng.randrange(1, 200)} High Street",
            "state": None,
            "town": town,
            "country": "United Kingdom (GB)",
            "postcode": postcode,
            "latitude": f"{51 + rng.random():.16f}",
            "longitude": f"{-rng.random():.16f}",
            "date_created": stamp,
            "timezone": "Europe/London",
        },
        "status": rng.choice(STATUSES),
        "is_taxable": rng.random() < 0.2,
        "received_notifications": ["invoices", "credit-requests"],
        "charge_via_branch": False,
        "invoices_count": rng.randrange(0, 40),
        "payment_pending": float(balance) if cid % 7 == 0 else balance,
        "auto_charge": True if cid % 4 == 0 else rng.choice([0, 10, 20]),
        "associated_admin": {
            "id": 11,
            "first_name": "Sam",
            "last_name": "Admin",
            "email": "sam@example.org",
        },
        "associated_agent": None,
        "pipeline_stage": {"id": 3, "colour": "#B3E5FC", "name": "Contacted", "sort_index": 2}
        if cid % 5 == 0
        else None,
        "paid_recipients": [
            {
                "id": 10_000 + cid,
                "first_name": rng.choice(FIRST),
                "last_name": last,
                "email": None,
                "url": f"http://localhost:8000/api/recipients/{10_000 + cid}/",
            }
        ],
        "calendar_colour": "Khaki",
        "labels": [{"id": 1, "name": "VIP", "machine_name": "vip"}] if cid % 9 == 0 else [],
        "extra_attrs": [
            {
                "id": cid * 10,
                "value": "1993-06-23",
                "type": "Date",
                "machine_name": "client-dob",
                "name": "Date of birth",
            }
        ],
        "invoice_balance": balance,
        "available_balance": f"{rng.randrange(0, 50000) / 100:.2f}",
    }
