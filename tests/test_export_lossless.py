"""The bulk export is lossless: every record written is the item exactly as the fake served it.

The fakes keep the bodies they answered with (``record_bodies``); the items of every list
page they served are rebuilt from those and compared, in order, with the JSONL lines and
the SQLite ``_record`` column.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from yarl import URL

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher
from aio_edu_clients.core.client import BaseClient
from aio_edu_clients.export import export_account, exportable_resources
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher, Fault
from aio_edu_clients.testing._server import FakeServer

from .conftest import FAST_RETRY, tidy_login

UNPARSED = "_unparsed"


@asynccontextmanager
async def tutorcruncher() -> AsyncIterator[tuple[FakeServer, BaseClient]]:
    async with (
        FakeTutorCruncher(rate_limit=None) as fake,
        TutorCruncher(
            fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY
        ) as client,
    ):
        yield fake, client


@asynccontextmanager
async def eduframe() -> AsyncIterator[tuple[FakeServer, BaseClient]]:
    async with (
        FakeEduframe() as fake,
        Eduframe(fake.api_key, base_url=fake.base_url, rate_limit=None, retry=FAST_RETRY) as client,
    ):
        yield fake, client


@asynccontextmanager
async def tidyclub() -> AsyncIterator[tuple[FakeServer, BaseClient]]:
    async with FakeTidyClub() as fake:
        client = await tidy_login(fake)
        async with client:
            yield fake, client


Vendor = Callable[[], AbstractAsyncContextManager[tuple[FakeServer, BaseClient]]]
VENDORS: dict[str, tuple[Vendor, type[BaseClient]]] = {
    "tutorcruncher": (tutorcruncher, TutorCruncher),
    "eduframe": (eduframe, Eduframe),
    "tidyclub": (tidyclub, TidyClub),
}


def canonical(value: Any) -> str:
    """JSON text that tells apart what ``==`` does not: key order, ``1`` / ``1.0`` / ``true``."""
    return json.dumps(value, ensure_ascii=False)


def list_path(fake: FakeServer, client_cls: type[BaseClient], name: str) -> str:
    """The path the fake sees for resource ``name``'s ``list`` operation."""
    (op,) = [o for o in client_cls.operations() if o.resource == name and o.name == "list"]
    base = URL(fake.base_url).path.rstrip("/")
    return f"{base}/{op.path.lstrip('/')}"


def served_items(fake: FakeServer, path: str) -> list[Any]:
    """Every item the fake answered on ``path``'s successful GETs, in order."""
    items: list[Any] = []
    for record in fake.requests:
        if record.method != "GET" or record.path != path or record.status != 200:
            continue
        assert record.response_body is not None, f"no body recorded for {path}"
        page = json.loads(record.response_body)
        if isinstance(page, dict):  # a DRF envelope
            page = page["results"]
        assert isinstance(page, list), f"{path}: unexpected page {page!r:.200}"
        items.extend(page)
    return items


def jsonl_records(path: Path) -> list[Any]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record.pop(UNPARSED, None)
        out.append(record)
    return out


def sqlite_records(db: Path, table: str) -> list[Any]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(f'SELECT _record FROM "{table}" ORDER BY _position').fetchall()
        positions = [p for (p,) in conn.execute(f'SELECT _position FROM "{table}" ORDER BY 1')]
    finally:
        conn.close()
    assert positions == list(range(len(positions))), f"{table}: positions not 0..n-1"
    return [json.loads(r) for (r,) in rows]


def assert_same(name: str, fmt: str, written: list[Any], served: list[Any]) -> None:
    assert len(written) == len(served), f"{name} ({fmt}): {len(written)} written, {len(served)}"
    for i, (got, sent) in enumerate(zip(written, served, strict=True)):
        assert got == sent, f"{name} ({fmt}) item {i}: {got!r} != {sent!r}"
        assert canonical(got) == canonical(sent), f"{name} ({fmt}) item {i}: order/type differs"


@pytest.mark.parametrize("vendor", list(VENDORS))
async def test_every_resource_is_exported_exactly_as_served(vendor: str, tmp_path: Path) -> None:
    make, client_cls = VENDORS[vendor]
    names = exportable_resources(client_cls)
    assert names
    verified = 0
    for fmt in ("jsonl", "sqlite"):
        async with make() as (fake, client):
            fake.record_bodies = True
            out = tmp_path / fmt
            result = await export_account(client, out, format=fmt)
            assert result.ok, [(r.name, r.error) for r in result.failed]
            assert [r.name for r in result.resources] == names
            for name in names:
                served = served_items(fake, list_path(fake, client_cls, name))
                if fmt == "jsonl":
                    written = jsonl_records(out / f"{name}.jsonl")
                else:
                    written = sqlite_records(out / f"{vendor}.sqlite", name)
                assert_same(name, fmt, written, served)
                verified += len(served)
    assert verified > 0


async def test_awkward_values_round_trip_exactly(tmp_path: Path) -> None:
    item = {
        "id": 12345678901234567890,
        "name": 'Zoë 東京 🎓 "quoted" \\ back\nslash',
        "ratio": 0.1,
        "price": "10.50",
        "flag": True,
        "zero": 0,
        "whole_float": 1.0,
        "nothing": None,
        "nested_unknown": {"deep": [{"x": 1e-7, "y": [None, False, "ü"]}], "empty": {}},
    }
    page = {"count": 1, "next": None, "previous": None, "results": [item]}
    body = json.dumps(page, ensure_ascii=False).encode()
    for fmt in ("jsonl", "sqlite"):
        async with tutorcruncher() as (fake, client):
            fake.record_bodies = True
            fake.script(Fault.body(200, body), path="/api/labels/")
            out = tmp_path / fmt
            result = await export_account(client, out, resources=["labels"], format=fmt)
            assert result.ok
            served = served_items(fake, list_path(fake, TutorCruncher, "labels"))
            assert served == [item]
            if fmt == "jsonl":
                written = jsonl_records(out / "labels.jsonl")
            else:
                written = sqlite_records(out / "tutorcruncher.sqlite", "labels")
            assert_same("labels", fmt, written, [item])
            assert isinstance(written[0]["ratio"], float)
            assert isinstance(written[0]["whole_float"], float)
            assert written[0]["id"] == 12345678901234567890
            assert written[0]["price"] == "10.50"
