"""A fake Eduframe: Bearer API keys, bare JSON arrays, paging by ``Link`` header, and
every operation of the published OpenAPI spec plus the 7 legacy catalogue ones.

The live API (and its OpenAPI spec) pages by opaque cursor and sends only
``rel="next"``; older docs describe page numbers with ``rel="last"``. Both are here,
picked with ``paging=``, because clients meet both. The operations are served
generically (`_ef_routes`) from a snapshot of the spec shipped in the package
(`_ef_catalogue`, `_ef_schemas`), so the fake needs nothing outside it.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Mapping
from typing import Any, Literal

from aiohttp import web
from multidict import MultiMapping

from ._eduframe_data import make_catalogue
from ._ef_data import PRIVATE, Generator, make_stores, string_ids
from ._ef_query import Invalid, decode_cursor, encode_cursor, per_page
from ._ef_routes import EfRoutes, now_stamp
from ._ef_spec import OPERATIONS, STORE_SCHEMAS, Op
from ._server import FakeServer, RetryAfterFormat
from ._store import IdStore, sorted_ids

__all__ = ["FakeEduframe"]

Record = dict[str, Any]
Paging = Literal["cursor", "page"]
PAGING_PARAMS = frozenset({"cursor", "page", "per_page"})


class FakeEduframe(FakeServer):
    """Eduframe API v1 under ``/api/v1``: all 183 operations of the spec, plus the
    legacy ``/signup``, meeting and planning-event writes, and personal program
    elements (``operations`` lists them).

    ``courses`` and ``planned_courses`` are the stores, id → dict; edit them freely.
    Every other collection is in ``stores`` by name (``stores["enrollments"]``,
    ``stores["catalog_products"]``, ``stores["webhooks"]``: webhook and notification ids
    are strings, as the spec has them), seeded small (``_ef_data.COUNTS``; override
    with ``counts={"users": 500}``) so the fake starts in milliseconds.
    """

    api_prefix = "/api/v1"
    #: Every operation served, in the spec's order, the legacy ones last.
    operations: tuple[Op, ...] = OPERATIONS

    def __init__(
        self,
        *,
        api_key: str = "test-key",
        courses: int = 120,
        planned_courses: int = 300,
        rate_limit: tuple[int, float] | None = None,
        paging: Paging = "cursor",
        seed: int = 0,
        latency: float = 0.0,
        retry_after: RetryAfterFormat = "seconds",
        host: str = "127.0.0.1",
        counts: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__(rate_limit=rate_limit, latency=latency, retry_after=retry_after, host=host)
        if paging not in ("cursor", "page"):
            raise ValueError('paging must be "cursor" or "page"')
        self.api_key = api_key
        self.paging: Paging = paging
        course_map, planned_map = make_catalogue(courses, planned_courses, seed)
        self.courses: dict[int, Record] = IdStore(course_map)
        self.planned_courses: dict[int, Record] = IdStore(planned_map)
        existing = {"courses": self.courses, "planned_courses": self.planned_courses}
        self.stores: dict[str, dict[Any, Record]] = {
            name: records if string_ids(name) else IdStore(records)
            for name, records in make_stores(seed, counts or {}, existing).items()
        }
        self._generator = Generator(seed + 1, self._all_stores())

    # -- stores --------------------------------------------------------------------------

    def _all_stores(self) -> dict[str, dict[Any, Record]]:
        return {"courses": self.courses, "planned_courses": self.planned_courses, **self.stores}

    def store(self, name: str) -> dict[Any, Record]:
        """The records of one collection (``courses``, ``planned_courses`` or ``stores``)."""
        if name == "courses":
            return self.courses
        if name == "planned_courses":
            return self.planned_courses
        return self.stores[name]

    def int_keys(self, name: str) -> bool:
        """Whether the store's ids are integers (all but webhooks and notifications)."""
        return not string_ids(name)

    def key(self, name: str, raw: str) -> Any:
        """A path's id as the store keys it, or None if it cannot be one."""
        if self.int_keys(name):
            return int(raw) if raw.isdigit() else None
        return raw

    def ordered_keys(self, name: str) -> list[Any]:
        """Ids ascending, or creation order for string ids. Do not mutate."""
        store = self.store(name)
        return sorted_ids(store) if self.int_keys(name) else list(store)

    def related(self, name: str, key: Any) -> Record | None:
        """Another record, for filters that follow a link (``parents_published``)."""
        return self.store(name).get(key) if isinstance(key, int | str) else None

    def view(self, name: str, record: Record) -> Record:
        """A record as the API shows it: private parent links (``_webhook_id``) hidden."""
        if name in PRIVATE:
            return {k: v for k, v in record.items() if not k.startswith("_")}
        return record

    def new_record(self, name: str) -> tuple[Any, Record]:
        """A fresh id and a record of plausible defaults, for a create to fill in."""
        gen = self._generator
        gen.forget()
        store = self.store(name)
        if self.int_keys(name):
            key: Any = store.next_id() if isinstance(store, IdStore) else max(store, default=0) + 1
        else:
            key = gen.uuid()
        record = gen.record(name, STORE_SCHEMAS[name], key, len(store) + 1)
        for stamp_field in ("created_at", "updated_at"):
            if stamp_field in record:
                record[stamp_field] = now_stamp()
        return key, record

    # -- FakeServer hooks ----------------------------------------------------------------

    def setup_routes(self, app: web.Application) -> None:
        EfRoutes(self).register(app)

    def credential(self, request: web.Request) -> str | None:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        return self.api_key if scheme.lower() == "bearer" and key == self.api_key else None

    def error_body(self, status: int, message: str) -> Any:
        return {"errors": {}, "code": status, "message": message}

    def reason(self, status: int) -> str:
        return "Validation failed" if status == 422 else super().reason(status)

    def invalid(self, bad: Invalid) -> web.Response:
        """A validation failure: 422 "Validation failed" (or a 400) naming the fields."""
        message = "Validation failed" if bad.status == 422 else f"{bad.field} {bad.message}"
        errors = {name: [bad.message] for name in bad.fields}
        body = {"errors": errors, "code": bad.status, "message": message}
        return web.json_response(body, status=bad.status)

    # -- paging --------------------------------------------------------------------------

    def page_size(self, query: MultiMapping[str]) -> int:
        return per_page(query)

    def page(
        self,
        request: web.Request,
        keys: list[Any],
        render: Callable[[Any], Record],
        size: int,
        *,
        keyset: bool,
    ) -> web.Response:
        """One page of ``keys`` (already filtered and ordered) with its ``Link`` header.

        Cursor mode resumes after the last id seen when the order is by id
        (``keyset``: robust to inserts and deletes), else at an offset."""
        query = request.query
        others = [(k, v) for k, v in query.items() if k not in PAGING_PARAMS]
        per = str(size)
        links: list[tuple[str, str]] = []
        if self.paging == "cursor":
            start = 0
            if query.get("cursor"):
                position = decode_cursor(query["cursor"])
                if position is None:
                    raise Invalid("cursor", "is invalid", status=400)
                after, offset = position
                start = bisect_right(keys, after) if keyset else offset
            chunk = keys[start : start + size]
            if chunk and start + len(chunk) < len(keys):
                last = chunk[-1] if keyset else 0
                cursor = encode_cursor(last, start + len(chunk))
                url = self.absolute(
                    request, request.path, [("cursor", cursor), ("per_page", per), *others]
                )
                links.append((url, "next"))
        else:
            raw = query.get("page", "1")
            if not raw.isdigit() or int(raw) < 1:
                raise Invalid("page", "must be greater than or equal to 1")
            number, last_page = int(raw), max(1, math.ceil(len(keys) / size))
            chunk = keys[(number - 1) * size : number * size]
            for target, rel in ((number + 1, "next"), (last_page, "last")):
                if rel == "last" or target <= last_page:
                    params = [("page", str(target)), ("per_page", per), *others]
                    links.append((self.absolute(request, request.path, params), rel))
        headers = (
            {"Link": ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)} if links else None
        )
        return web.json_response([render(k) for k in chunk], headers=headers)
