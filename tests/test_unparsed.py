"""`AsyncPager.keep_unparsed`: items that do not fit their model are kept, not fatal.

Real HTTP against the loopback fakes: pages are scripted as DRF envelopes, or the
fake's own client store is spoiled so that pages can be fanned out.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any, assert_type

import pytest

from aio_edu_clients import TutorCruncher, errors
from aio_edu_clients.core.models import Unparsed
from aio_edu_clients.core.paging import AsyncPager, Page, PageRequest
from aio_edu_clients.export import CHECKPOINT_NAME, Checkpoint, export_account
from aio_edu_clients.testing import FakeTutorCruncher, Fault
from aio_edu_clients.tutorcruncher.models import InvoiceListItem, LabelListItem, RoleRef

from .conftest import FAST_RETRY
from .test_export import read_csv, read_jsonl, script_pages

SERVER_DOWN = [Fault.status(500)] * (FAST_RETRY.max_retries + 1)  # outlasts the retries

GOOD_1: dict[str, Any] = {"id": 1, "name": "first"}
BAD_ID: dict[str, Any] = {"id": "not-a-number", "name": "x"}
BAD_NAME: dict[str, Any] = {"id": 5, "name": {"nested": 1}}
GOOD_2: dict[str, Any] = {"id": 6, "name": "last"}
MIXED: list[Any] = [GOOD_1, BAD_ID, BAD_NAME, None, GOOD_2]


def shape(items: list[Any]) -> list[Any]:
    """Each item as ("ok", id) for a model or ("unparsed", raw data)."""
    return [
        ("unparsed", item.data) if isinstance(item, Unparsed) else ("ok", item.id) for item in items
    ]


# -- the default is still to raise -----------------------------------------------------------


async def test_by_default_a_bad_item_raises_naming_the_item_and_field(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    script_pages(tc_fake, "labels/", MIXED)
    with pytest.raises(errors.DecodeError) as caught:
        await tc.labels.list().collect()
    message = str(caught.value)
    assert "$[1].id" in message and "LabelListItem" in message
    assert caught.value.status == 200
    assert caught.value.url.endswith("/api/labels/")
    assert "not-a-number" in caught.value.body


async def test_by_default_async_for_raises_too(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    script_pages(tc_fake, "labels/", [GOOD_1, BAD_NAME])
    seen = []
    with pytest.raises(errors.DecodeError, match=r"\$\[1\]\.name"):
        async for label in tc.labels.list():
            seen.append(label)
    assert seen == []  # the page is hydrated whole: nothing of it is yielded


# -- keep_unparsed ---------------------------------------------------------------------------


async def test_keep_unparsed_yields_models_and_unparsed_in_order_with_raw_data(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    script_pages(tc_fake, "labels/", MIXED)
    items = await tc.labels.list().keep_unparsed().collect()

    assert shape(items) == [
        ("ok", 1),
        ("unparsed", BAD_ID),
        ("unparsed", BAD_NAME),
        ("unparsed", None),
        ("ok", 6),
    ]
    assert isinstance(items[0], LabelListItem) and items[0].name == "first"
    assert isinstance(items[4], LabelListItem) and items[4].name == "last"
    bad_id, bad_name, null = items[1], items[2], items[3]
    assert isinstance(bad_id, Unparsed)
    assert isinstance(bad_name, Unparsed)
    assert isinstance(null, Unparsed)
    assert "$[1].id" in str(bad_id.error)
    assert "$[2].name" in str(bad_name.error)
    assert "$[3]" in str(null.error)
    for bad in (bad_id, bad_name, null):
        assert isinstance(bad.error, errors.DecodeError)
        assert bad.error.status == 200
        assert bad.error.url.endswith("/api/labels/")
        assert bad.error.vendor == "TutorCruncher"
        assert json.loads(bad.error.body)["results"] == MIXED


async def test_async_for_keeps_unparsed_too(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    script_pages(tc_fake, "labels/", MIXED)
    seen = [item async for item in tc.labels.list().keep_unparsed()]
    assert shape(seen) == [
        ("ok", 1),
        ("unparsed", BAD_ID),
        ("unparsed", BAD_NAME),
        ("unparsed", None),
        ("ok", 6),
    ]


async def test_a_string_in_a_decimal_field_is_unparsed(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    invoices = [
        {"id": 1, "gross": "12.50"},
        {"id": 2, "gross": "lots", "net": "1.00"},
        {"id": 3, "gross": 7.25},
    ]
    script_pages(tc_fake, "invoices/", invoices)
    items = await tc.invoices.list().keep_unparsed().collect()

    first, bad, third = items
    assert isinstance(first, InvoiceListItem) and first.gross == Decimal("12.50")
    assert isinstance(third, InvoiceListItem) and third.gross == Decimal("7.25")
    assert isinstance(bad, Unparsed)
    assert bad.data == invoices[1]
    assert "$[1].gross" in str(bad.error) and "InvoiceListItem" in str(bad.error)

    script_pages(tc_fake, "invoices/", invoices)
    with pytest.raises(errors.DecodeError, match=r"\$\[1\]\.gross"):
        await tc.invoices.list().collect()


async def test_the_error_never_carries_the_api_key(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    key = tc_fake.api_key
    leaky = {"id": 9, "name": {"token": key}}
    script_pages(tc_fake, "labels/", [GOOD_1, leaky])
    (_, bad) = await tc.labels.list().keep_unparsed().collect()

    assert isinstance(bad, Unparsed)
    assert bad.data == leaky  # the data is the vendor's, kept as sent
    assert "$[1].name" in str(bad.error)
    assert key not in str(bad.error)
    assert key not in bad.error.body and key not in bad.error.url
    assert '"id": 9' in bad.error.body  # the body is there, only the secret masked


async def test_pages_hold_raw_data_one_per_item(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    script_pages(tc_fake, "labels/", [GOOD_1, BAD_ID], [None, GOOD_2, BAD_NAME])
    pages: list[Page[LabelListItem | Unparsed]] = [
        page async for page in tc.labels.list().keep_unparsed().pages()
    ]

    assert [p.number for p in pages] == [1, 2]
    assert [list(p.data) for p in pages] == [[GOOD_1, BAD_ID], [None, GOOD_2, BAD_NAME]]
    for page in pages:
        assert len(page.items) == len(page.data)
        for item, raw in zip(page.items, page.data, strict=True):
            if isinstance(item, Unparsed):
                assert item.data == raw
                assert item.error.url == page.raw.url
            else:
                assert item.id == raw["id"]
    assert shape(pages[1].items) == [("unparsed", None), ("ok", 6), ("unparsed", BAD_NAME)]
    # Paths are within the page the item came in; the URL says which page that was.
    bad = pages[1].items[2]
    assert isinstance(bad, Unparsed)
    assert "$[2].name" in str(bad.error) and "page=2" in bad.error.url


async def test_several_pages_in_vendor_order(tc: TutorCruncher, tc_fake: FakeTutorCruncher) -> None:
    script_pages(tc_fake, "labels/", [BAD_ID, GOOD_1], [GOOD_2], [BAD_NAME, None])
    items = await tc.labels.list().keep_unparsed().collect()
    assert shape(items) == [
        ("unparsed", BAD_ID),
        ("ok", 1),
        ("ok", 6),
        ("unparsed", BAD_NAME),
        ("unparsed", None),
    ]


async def test_max_items_counts_unparsed_items(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    script_pages(tc_fake, "labels/", MIXED)
    items = await tc.labels.list(max_items=3).keep_unparsed().collect()
    assert shape(items) == [("ok", 1), ("unparsed", BAD_ID), ("unparsed", BAD_NAME)]

    script_pages(tc_fake, "labels/", MIXED)
    items = await tc.labels.list().keep_unparsed().collect(max_items=2)
    assert shape(items) == [("ok", 1), ("unparsed", BAD_ID)]

    # A bad item past max_items is never hydrated: the default does not raise for it.
    script_pages(tc_fake, "labels/", [GOOD_1, BAD_ID])
    (only,) = await tc.labels.list(max_items=1).collect()
    assert only.id == 1


async def test_starting_at_keeps_unparsed_either_way_round(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    script_pages(tc_fake, "labels/", [GOOD_1], [BAD_ID, GOOD_2])
    pager = tc.labels.list().keep_unparsed()
    first = await anext(aiter(pager.pages()))
    assert first.next is not None
    rest = await pager.starting_at(first.next).collect()
    assert shape(rest) == [("unparsed", BAD_ID), ("ok", 6)]

    script_pages(tc_fake, "labels/", [BAD_NAME, GOOD_2])
    rest = await tc.labels.list().starting_at(first.next).keep_unparsed().collect()
    assert shape(rest) == [("unparsed", BAD_NAME), ("ok", 6)]

    script_pages(tc_fake, "labels/", [BAD_NAME, GOOD_2])
    with pytest.raises(errors.DecodeError, match=r"\$\[0\]\.name"):
        await tc.labels.list().starting_at(first.next).collect()


def spoil_clients(fake: FakeTutorCruncher, ids: list[int]) -> None:
    """Give these clients a first name that is an object: their RoleRef does not fit."""
    for cid in ids:
        fake.clients[cid]["user"]["first_name"] = {"nested": cid}


async def test_concurrent_fan_out_keeps_order_and_unparsed(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    # 250 clients, newest first, 100 a page: 250..151, 150..51, 50..1.
    spoiled = [250, 149, 100, 51, 2]
    spoil_clients(tc_fake, spoiled)

    sequential = await tc.clients.list().keep_unparsed().collect()
    before = len(tc_fake.requests)
    fanned = await tc.clients.list(concurrency=2).keep_unparsed().collect()
    assert len(tc_fake.requests) - before == 3

    assert shape(fanned) == shape(sequential)
    assert len(fanned) == 250
    ids = [item.data["id"] if isinstance(item, Unparsed) else item.id for item in fanned]
    assert ids == list(range(250, 0, -1))
    unparsed = [item for item in fanned if isinstance(item, Unparsed)]
    assert [u.data["id"] for u in unparsed] == spoiled
    for u in unparsed:
        assert u.data["first_name"] == {"nested": u.data["id"]}
        assert "first_name" in str(u.error) and "RoleRef" in str(u.error)
        assert tc_fake.api_key not in str(u.error)
    page_of = {u.data["id"]: u.error.url for u in unparsed}
    assert "page=" not in page_of[250]
    assert "page=2" in page_of[149] and "page=2" in page_of[100] and "page=2" in page_of[51]
    assert "page=3" in page_of[2]

    with pytest.raises(errors.DecodeError, match="first_name"):
        await tc.clients.list(concurrency=2).collect()


async def test_concurrent_fan_out_with_max_items(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    spoil_clients(tc_fake, [140, 60])
    items = await tc.clients.list(concurrency=2, max_items=120).keep_unparsed().collect()
    assert len(items) == 120
    assert [u.data["id"] for u in items if isinstance(u, Unparsed)] == [140]


# -- typing (checked by mypy --strict) -------------------------------------------------------


async def first_names(pager: AsyncPager[RoleRef | Unparsed]) -> list[str | None]:
    out: list[str | None] = []
    async for item in pager:
        if isinstance(item, Unparsed):
            out.append(None)
        else:
            out.append(item.first_name)
    return out


async def test_keep_unparsed_is_typed_as_model_or_unparsed(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher
) -> None:
    spoil_clients(tc_fake, [249])
    pager = tc.clients.list(max_items=3).keep_unparsed()
    assert_type(pager, AsyncPager[RoleRef | Unparsed])
    assert_type(pager.starting_at(PageRequest("clients/")), AsyncPager[RoleRef | Unparsed])
    names = await first_names(pager)
    assert len(names) == 3
    assert names[1] is None
    assert isinstance(names[0], str) and isinstance(names[2], str)


# -- the export ------------------------------------------------------------------------------


async def test_jsonl_export_writes_bad_items_raw_and_flagged(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    script_pages(tc_fake, "labels/", [GOOD_1, BAD_ID], [BAD_NAME, GOOD_2])
    result = await export_account(tc, tmp_path, resources=["labels"])

    assert result.ok
    (labels,) = result.resources
    assert (labels.status, labels.items, labels.unparsed) == ("done", 4, 2)
    assert result.unparsed == 2
    rows = read_jsonl(tmp_path / "labels.jsonl")
    assert [r.get("_unparsed") is None for r in rows] == [True, False, False, True]
    assert ["_unparsed" in r for r in rows] == [False, True, True, False]
    assert rows[0] == GOOD_1 and rows[3] == GOOD_2
    assert {k: v for k, v in rows[1].items() if k != "_unparsed"} == BAD_ID
    assert {k: v for k, v in rows[2].items() if k != "_unparsed"} == BAD_NAME
    assert "id" in rows[1]["_unparsed"] and "name" in rows[2]["_unparsed"]
    for reason in (rows[1]["_unparsed"], rows[2]["_unparsed"]):
        assert "\n" not in reason and tc_fake.api_key not in reason


async def test_jsonl_export_of_a_null_item_and_a_decimal(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    script_pages(tc_fake, "invoices/", [{"id": 1, "gross": "lots"}, None, {"id": 3, "gross": "2"}])
    result = await export_account(tc, tmp_path, resources=["invoices"])
    assert result.ok and result.unparsed == 2
    rows = read_jsonl(tmp_path / "invoices.jsonl")
    assert len(rows) == 3
    assert rows[0]["gross"] == "lots" and "gross" in rows[0]["_unparsed"]
    assert rows[1]["value"] is None and "_unparsed" in rows[1]
    assert rows[2] == {"id": 3, "gross": "2"}


async def test_csv_export_flags_exactly_the_bad_rows(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    script_pages(tc_fake, "labels/", [GOOD_1, BAD_ID], [BAD_NAME, GOOD_2])
    result = await export_account(tc, tmp_path, resources=["labels"], format="csv")

    assert result.ok and result.unparsed == 2
    assert result.resources[0].status == "done" and result.resources[0].unparsed == 2
    rows = read_csv(tmp_path / "labels.csv")
    assert [r["id"] for r in rows] == ["1", "not-a-number", "5", "6"]
    assert [bool(r["_unparsed"]) for r in rows] == [False, True, True, False]
    assert json.loads(rows[2]["name"]) == {"nested": 1}
    assert "id" in rows[1]["_unparsed"] and "name" in rows[2]["_unparsed"]


async def test_sqlite_export_flags_exactly_the_bad_rows(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    script_pages(tc_fake, "labels/", [GOOD_1, BAD_ID], [BAD_NAME, GOOD_2])
    result = await export_account(tc, tmp_path, resources=["labels"], format="sqlite")

    assert result.ok and result.unparsed == 2
    assert result.resources[0].status == "done" and result.resources[0].unparsed == 2
    conn = sqlite3.connect(tmp_path / "tutorcruncher.sqlite")
    try:
        rows = conn.execute("SELECT _record, _unparsed FROM labels ORDER BY rowid").fetchall()
    finally:
        conn.close()
    assert [json.loads(record) for record, _ in rows] == [GOOD_1, BAD_ID, BAD_NAME, GOOD_2]
    flags = [flag for _, flag in rows]
    assert flags[0] is None and flags[3] is None
    assert "id" in flags[1] and "name" in flags[2]


async def test_export_with_nothing_unparsed_counts_zero(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    result = await export_account(tc, tmp_path, resources=["labels"])
    assert result.ok and result.unparsed == 0 and result.resources[0].unparsed == 0
    assert all("_unparsed" not in r for r in read_jsonl(tmp_path / "labels.jsonl"))


async def test_the_unparsed_count_survives_resume(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    # Page 1 is served, page 2 is down (outlasting the retries): the resource fails.
    page = {
        "count": 4,
        "next": f"{tc_fake.base_url}labels/?page=2",
        "results": [GOOD_1, BAD_ID],
    }
    tc_fake.script(Fault.body(200, json.dumps(page).encode()), path="/api/labels/")
    tc_fake.script(*SERVER_DOWN, path="/api/labels/")

    first = await export_account(tc, tmp_path, resources=["labels"])
    assert first.resources[0].status == "failed"
    saved = Checkpoint.load(tmp_path / CHECKPOINT_NAME)
    assert saved is not None
    assert saved.resources["labels"].unparsed == 1
    assert saved.resources["labels"].items == 2
    assert [r.status for r in tc_fake.requests][-1] == 500

    last = {"count": 4, "next": None, "results": [BAD_NAME, GOOD_2]}
    tc_fake.script(Fault.body(200, json.dumps(last).encode()), path="/api/labels/")
    second = await export_account(tc, tmp_path, resources=["labels"], resume=True)

    assert second.ok
    (labels,) = second.resources
    assert (labels.status, labels.items, labels.unparsed) == ("done", 4, 2)
    assert second.unparsed == 2
    rows = read_jsonl(tmp_path / "labels.jsonl")
    assert ["_unparsed" in r for r in rows] == [False, True, True, False]
