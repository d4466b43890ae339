"""A fake Eduframe: Bearer API keys, bare JSON arrays, paging by ``Link`` header.

The live API (and its OpenAPI spec) pages by opaque cursor and sends only
``rel="next"``; older docs describe page numbers with ``rel="last"``. Both are here,
picked with ``paging=``, because clients meet both.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from bisect import bisect_right
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from aiohttp import web
from multidict import MultiMapping

from ._eduframe_data import make_catalogue
from ._server import FakeServer, RetryAfterFormat
from ._store import IdStore, sorted_ids

__all__ = ["FakeEduframe"]

Record = dict[str, Any]
Paging = Literal["cursor", "page"]
COURSE_SORTS = frozenset({"name", "created_at", "updated_at", "id"})
PLANNED_SORTS = frozenset({"start_date"})
PLANNED_TYPES = ("FixedPlannedCourse", "FlexiblePlannedCourse")
PAGING_PARAMS = frozenset({"cursor", "page", "per_page"})


class _Invalid(Exception):
    """A query parameter failed validation: answered 422 (or ``status``) with the field."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.field, self.message, self.status = field, message, status


class FakeEduframe(FakeServer):
    """Eduframe API v1 under ``/api/v1``: courses and planned courses.

    ``courses`` and ``planned_courses`` are the stores, id → dict; edit them freely.
    """

    api_prefix = "/api/v1"

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
    ) -> None:
        super().__init__(rate_limit=rate_limit, latency=latency, retry_after=retry_after, host=host)
        if paging not in ("cursor", "page"):
            raise ValueError('paging must be "cursor" or "page"')
        self.api_key = api_key
        self.paging: Paging = paging
        course_map, planned_map = make_catalogue(courses, planned_courses, seed)
        self.courses: dict[int, Record] = IdStore(course_map)
        self.planned_courses: dict[int, Record] = IdStore(planned_map)

    # -- FakeServer hooks ----------------------------------------------------------------

    def setup_routes(self, app: web.Application) -> None:
        router = app.router
        router.add_get("/api/v1/courses", self._list_courses)
        router.add_get("/api/v1/courses/{id}", self._get_course)
        router.add_get("/api/v1/planned_courses", self._list_planned)
        router.add_get("/api/v1/planned_courses/{id}", self._get_planned)

    def credential(self, request: web.Request) -> str | None:
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        return self.api_key if scheme.lower() == "bearer" and key == self.api_key else None

    def error_body(self, status: int, message: str) -> Any:
        return {"errors": {}, "code": status, "message": message}

    def reason(self, status: int) -> str:
        return "Validation failed" if status == 422 else super().reason(status)

    # -- handlers ------------------------------------------------------------------------

    async def _list_courses(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            per_page = _per_page(query)
            ids = sorted_ids(self.courses)
            flag = query.get("published")
            if flag:
                if flag != "published":
                    raise _Invalid("published", "is not included in the list")
                ids = [i for i in ids if self.courses[i]["is_published"]]
            ids, keyset = _sort(ids, self.courses, _values(query, "sort"), COURSE_SORTS)
        except _Invalid as bad:
            return self._invalid(bad)
        return self._page(request, ids, self.courses, per_page, keyset)

    async def _list_planned(self, request: web.Request) -> web.Response:
        query = request.query
        store = self.planned_courses
        tests: list[Callable[[Record], bool]] = []
        try:
            per_page = _per_page(query)
            course_ids = _values(query, "course_id")
            if course_ids:
                if not all(v.isdigit() for v in course_ids):
                    raise _Invalid("course_id", "must be an integer")
                wanted = {int(v) for v in course_ids}
                tests.append(lambda p: p["course_id"] in wanted)
            statuses = set(_values(query, "status"))
            if statuses:
                tests.append(lambda p: p["status"] in statuses)
            for field, allowed in (
                ("type", PLANNED_TYPES),
                ("availability_state", ("open", "closed")),
            ):
                value = query.get(field)
                if value:
                    if value not in allowed:
                        raise _Invalid(field, "is not included in the list")
                    tests.append(_field_is(field, value))
            for field, after in (("start_date_from", True), ("start_date_until", False)):
                if query.get(field):
                    tests.append(_starts(_iso_date(field, query[field]), after=after))
            ids = sorted_ids(store)
            if tests:
                ids = [i for i in ids if all(t(store[i]) for t in tests)]
            ids, keyset = _sort(ids, store, _values(query, "sort"), PLANNED_SORTS)
        except _Invalid as bad:
            return self._invalid(bad)
        return self._page(request, ids, store, per_page, keyset)

    async def _get_course(self, request: web.Request) -> web.Response:
        return self._get(request, self.courses)

    async def _get_planned(self, request: web.Request) -> web.Response:
        return self._get(request, self.planned_courses)

    def _get(self, request: web.Request, store: dict[int, Record]) -> web.Response:
        raw = request.match_info["id"]
        record = store.get(int(raw)) if raw.isdigit() else None
        if record is None:
            return self.error(404, "Not found")
        return web.json_response(record)

    # -- paging --------------------------------------------------------------------------

    def _page(
        self,
        request: web.Request,
        ids: list[int],
        store: dict[int, Record],
        per_page: int,
        keyset: bool,
    ) -> web.Response:
        """One page of ``ids`` (already filtered and ordered) with its ``Link`` header."""
        query = request.query
        others = [(k, v) for k, v in query.items() if k not in PAGING_PARAMS]
        size = str(per_page)
        links: list[tuple[str, str]] = []
        if self.paging == "cursor":
            start = 0
            if query.get("cursor"):
                position = _decode_cursor(query["cursor"])
                if position is None:
                    return self._invalid(_Invalid("cursor", "is invalid", status=400))
                after, offset = position
                # Ordered by id: resume after the last id seen, robust to inserts/deletes.
                start = bisect_right(ids, after) if keyset else offset
            chunk = ids[start : start + per_page]
            if chunk and start + len(chunk) < len(ids):
                cursor = _encode_cursor(chunk[-1], start + len(chunk))
                url = self.absolute(
                    request, request.path, [("cursor", cursor), ("per_page", size), *others]
                )
                links.append((url, "next"))
        else:
            raw = query.get("page", "1")
            if not raw.isdigit() or int(raw) < 1:
                return self._invalid(_Invalid("page", "must be greater than or equal to 1"))
            page, last = int(raw), max(1, math.ceil(len(ids) / per_page))
            chunk = ids[(page - 1) * per_page : page * per_page]
            for number, rel in ((page + 1, "next"), (last, "last")):
                if rel == "last" or number <= last:
                    params = [("page", str(number)), ("per_page", size), *others]
                    links.append((self.absolute(request, request.path, params), rel))
        headers = (
            {"Link": ", ".join(f'<{url}>; rel="{rel}"' for url, rel in links)} if links else None
        )
        return web.json_response([store[i] for i in chunk], headers=headers)

    def _invalid(self, bad: _Invalid) -> web.Response:
        message = "Validation failed" if bad.status == 422 else f"{bad.field} {bad.message}"
        body = {"errors": {bad.field: [bad.message]}, "code": bad.status, "message": message}
        return web.json_response(body, status=bad.status)


def _values(query: MultiMapping[str], name: str) -> list[str]:
    """An array parameter: repeated (``a=1&a=2``, the spec's form/explode) or Rails' ``a[]``."""
    return [v for key in (name, f"{name}[]") for v in query.getall(key, []) if v]


def _per_page(query: MultiMapping[str]) -> int:
    raw = query.get("per_page", "25")
    if not raw.lstrip("-").isdigit() or not 1 <= int(raw) <= 100:
        raise _Invalid("per_page", "must be between 1 and 100")
    return int(raw)


def _iso_date(field: str, raw: str) -> str:
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise _Invalid(field, "is not a valid date") from None


def _sort(
    ids: list[int], store: dict[int, Record], specs: list[str], allowed: frozenset[str]
) -> tuple[list[int], bool]:
    """Order ``ids`` (ascending on entry) by ``field[:asc|:desc]`` specs, first spec most
    significant, ties by id; nulls last ascending, first descending (PostgreSQL's way).
    Also says whether the result is still by ascending id (keyset cursors work then)."""
    keys: list[tuple[str, bool]] = []
    for spec in specs:
        field, _, direction = spec.partition(":")
        if field not in allowed or direction not in ("", "asc", "desc"):
            raise _Invalid("sort", f"{spec} is not a valid sort option", status=400)
        keys.append((field, direction == "desc"))
    if not keys or keys[0] == ("id", False):
        return ids, True
    ordered = list(ids)
    for field, descending in reversed(keys):
        ordered.sort(key=_sort_key(store, field), reverse=descending)
    return ordered, False


def _sort_key(store: dict[int, Record], field: str) -> Callable[[int], tuple[bool, Any]]:
    def key(i: int) -> tuple[bool, Any]:
        value = store[i][field]
        return (value is None, "" if value is None else value)

    return key


def _field_is(field: str, value: str) -> Callable[[Record], bool]:
    return lambda record: record[field] == value


def _starts(bound: str, *, after: bool) -> Callable[[Record], bool]:
    """ISO dates compare as strings; courses without a start date never match."""

    def test(record: Record) -> bool:
        start = record["start_date"]
        return start is not None and (start >= bound if after else start <= bound)

    return test


def _encode_cursor(after: int, offset: int) -> str:
    raw = json.dumps({"after": after, "offset": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[int, int] | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after, offset = data["after"], data["offset"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (after, offset)):
        return None
    return after, offset
