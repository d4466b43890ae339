"""Bulk export end to end against the loopback fakes: formats, discovery, budget, failures."""

from __future__ import annotations

import asyncio
import csv
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from aio_edu_clients import Eduframe, RateLimit, TidyClub, TutorCruncher, errors
from aio_edu_clients.export import (
    CHECKPOINT_NAME,
    Checkpoint,
    ExportUsageError,
    export_account,
    exportable_resources,
)
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher, Fault

from .conftest import FAST_RETRY


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


# -- discovery -------------------------------------------------------------------------------


def test_default_resources_are_every_top_level_list_operation() -> None:
    expected = [
        op.resource for op in TutorCruncher.operations() if op.name == "list" and "{" not in op.path
    ]
    assert exportable_resources(TutorCruncher) == expected
    assert "clients" in expected and "invoices" in expected
    assert "enquiry" not in expected  # it has no list
    assert "courses" in exportable_resources(Eduframe)
    assert "contacts" in exportable_resources(TidyClub)


# -- the three formats -----------------------------------------------------------------------


async def test_jsonl_exports_every_resource_with_every_item(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    result = await export_account(tc, tmp_path)

    names = exportable_resources(TutorCruncher)
    assert [r.name for r in result.resources] == names
    assert result.ok and not result.mismatched
    clients = read_jsonl(tmp_path / "clients.jsonl")
    assert len(clients) == 250
    assert [c["id"] for c in clients] == sorted(tc_fake.clients, reverse=True)  # vendor order
    for r in result.resources:
        assert r.status == "done"
        assert r.path == tmp_path / f"{r.name}.jsonl"
        assert len(read_jsonl(r.path)) == r.items == r.total
    assert result.items == sum(r.items for r in result.resources)


async def test_records_are_the_json_the_vendor_sent_not_the_models_unstructured(
    tc: TutorCruncher, tmp_path: Path
) -> None:
    await export_account(tc, tmp_path, resources=["invoices"])
    response = await tc.request("GET", "/invoices/")
    written = read_jsonl(tmp_path / "invoices.jsonl")
    assert written == response.json()["results"]
    assert written[0]["date_sent"] == response.json()["results"][0]["date_sent"]


def script_pages(fake: FakeTutorCruncher, path: str, *pages: list[Any]) -> None:
    """Serve ``pages`` (DRF envelopes, linked by next URLs) for the next requests to ``path``."""
    total = sum(len(p) for p in pages)
    for number, items in enumerate(pages, start=1):
        last = number == len(pages)
        nxt = None if last else f"{fake.base_url}{path.strip('/')}/?page={number + 1}"
        body = {"count": total, "next": nxt, "previous": None, "results": items}
        fake.script(Fault.body(200, json.dumps(body).encode()), path=f"/api/{path}")


async def test_fields_the_model_does_not_know_are_exported(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    script_pages(tc_fake, "labels/", [{"id": 3, "name": "VIP", "colour_v2": {"hex": "#f00"}}])
    await export_account(tc, tmp_path, resources=["labels"])
    (label,) = read_jsonl(tmp_path / "labels.jsonl")
    assert label["colour_v2"] == {"hex": "#f00"}
    assert label["name"] == "VIP"


async def test_csv_writes_a_header_and_nested_values_as_json(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    result = await export_account(tc, tmp_path, resources=["clients", "invoices"], format="csv")

    assert [r.path.name for r in result.resources] == ["clients.csv", "invoices.csv"]
    clients = read_csv(tmp_path / "clients.csv")
    assert [int(c["id"]) for c in clients] == sorted(tc_fake.clients, reverse=True)
    assert set(clients[0]) >= {"id", "first_name", "last_name", "email", "_extra"}
    invoices = read_csv(tmp_path / "invoices.csv")
    assert len(invoices) == 12
    nested = json.loads(invoices[0]["client"])
    assert isinstance(nested, dict) and "id" in nested
    header_lines = (tmp_path / "clients.csv").read_text().count("first_name")
    assert header_lines == 1  # one header, whatever the page count


async def test_csv_keys_first_seen_after_the_header_go_to_the_extra_column(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    script_pages(
        tc_fake,
        "labels/",
        [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}],
        [{"id": 3, "name": "c", "late_field": [1, 2]}],
    )
    await export_account(tc, tmp_path, resources=["labels"], format="csv")
    rows = read_csv(tmp_path / "labels.csv")
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert "late_field" not in rows[0]
    assert [r["_extra"] for r in rows[:2]] == ["", ""]
    assert json.loads(rows[2]["_extra"]) == {"late_field": [1, 2]}


async def test_sqlite_one_typed_table_per_resource(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    result = await export_account(tc, tmp_path, resources=["clients", "invoices"], format="sqlite")
    db = tmp_path / "tutorcruncher.sqlite"
    assert {r.path for r in result.resources} == {db}
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM clients").fetchone() == (250,)
        assert conn.execute("SELECT count(*) FROM invoices").fetchone() == (12,)
        types = {name: kind for _, name, kind, *_ in conn.execute("PRAGMA table_info(invoices)")}
        assert types["id"] == "INTEGER" and types["gross"] == "NUMERIC"
        assert types["client"] == "TEXT" and types["_record"] == "TEXT"
        # Integer ids compare as numbers: 9 < 10 < 100, never '10' < '9'.
        ids = [i for (i,) in conn.execute("SELECT id FROM clients WHERE id > 100 ORDER BY id")]
        assert ids == sorted(i for i in tc_fake.clients if i > 100)
        (nested,) = conn.execute("SELECT client FROM invoices WHERE id = 1").fetchone()
        assert json.loads(nested)["id"] is not None  # nested values as JSON text
        (gross,) = conn.execute("SELECT sum(gross) FROM invoices").fetchone()
        assert isinstance(gross, float) and gross > 0  # money sums as a number
    finally:
        conn.close()

    # A fresh export (told to replace the old one) replaces the table: no stale rows.
    del tc_fake.clients[7]
    tc_fake.clients[8]["user"]["first_name"] = "Renamed"
    await export_account(tc, tmp_path, resources=["clients"], format="sqlite", overwrite=True)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM clients").fetchone() == (249,)
        assert conn.execute("SELECT first_name FROM clients WHERE id = 8").fetchone() == (
            "Renamed",
        )
        ids = {i for (i,) in conn.execute("SELECT id FROM clients")}
        assert ids == set(tc_fake.clients)
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"clients"}, "the old export's invoices went with it"
    finally:
        conn.close()


async def test_sqlite_keys_every_record_by_its_position_in_the_listing(
    tc: TutorCruncher, tmp_path: Path
) -> None:
    result = await export_account(tc, tmp_path, resources=["action_types"], format="sqlite")
    items = result.resources[0].items
    assert items > 1
    conn = sqlite3.connect(tmp_path / "tutorcruncher.sqlite")
    try:
        columns = [name for _, name, *_ in conn.execute("PRAGMA table_info(action_types)")]
        assert "id" not in columns  # the model has none: the position is the key
        keys = [k for (k,) in conn.execute("SELECT _position FROM action_types ORDER BY rowid")]
        records = [json.loads(r) for (r,) in conn.execute("SELECT _record FROM action_types")]
    finally:
        conn.close()
    assert keys == list(range(items))
    assert records == read_jsonl_of(await tc.request("GET", "/action-types/"))


def read_jsonl_of(response: Any) -> list[Any]:
    data = response.json()
    return data if isinstance(data, list) else data["results"]


async def test_eduframe_courses_export(ef: Eduframe, ef_fake: FakeEduframe, tmp_path: Path) -> None:
    result = await export_account(ef, tmp_path, resources=["courses"], page_size=25)
    courses = read_jsonl(tmp_path / "courses.jsonl")
    assert sorted(c["id"] for c in courses) == sorted(ef_fake.courses)
    assert len(courses) == len({c["id"] for c in courses})
    assert result.resources[0].items == len(ef_fake.courses)


@pytest.mark.parametrize("fmt", ["csv", "sqlite"])
async def test_tidyclub_contacts_export(
    tidy: TidyClub, tidy_fake: FakeTidyClub, tmp_path: Path, fmt: str
) -> None:
    result = await export_account(
        tidy,
        tmp_path,
        resources=["contacts"],
        format=fmt,  # type: ignore[arg-type]
        page_size=40,
    )
    (r,) = result.resources
    assert r.items == r.total == len(tidy_fake.contacts)
    if fmt == "csv":
        ids = [int(row["id"]) for row in read_csv(tmp_path / "contacts.csv")]
    else:
        conn = sqlite3.connect(tmp_path / "tidyclub.sqlite")
        ids = [int(i) for (i,) in conn.execute("SELECT id FROM contacts")]
        (kind,) = {k for _, n, k, *_ in conn.execute("PRAGMA table_info(contacts)") if n == "id"}
        conn.close()
        assert kind == "INTEGER"  # typed from the model: TidyClub's contacts have integer ids
    assert sorted(ids) == sorted(tidy_fake.contacts)


# -- one rate budget -------------------------------------------------------------------------


async def test_all_resources_share_the_accounts_rate_budget(tmp_path: Path) -> None:
    """Eight resources at once, one credential: the fake's strict window never refuses."""
    async with (
        FakeTutorCruncher(rate_limit=(8, 1.0), latency=0.3) as fake,
        TutorCruncher(
            fake.api_key,
            base_url=fake.base_url,
            rate_limit=RateLimit(requests=8, per=1.0),
            retry=FAST_RETRY,
        ) as tc,
    ):
        names = exportable_resources(TutorCruncher)[:10]
        started = time.monotonic()
        result = await export_account(tc, tmp_path, resources=names, concurrency=8)
        elapsed = time.monotonic() - started

    assert result.ok
    assert fake.rate_limited == 0  # no 429: the limiter held every window
    assert fake.max_in_flight >= 2  # resources really ran concurrently
    requests = len(fake.requests)
    assert requests >= 10
    # Burst 1, then 7.5/1.01 s⁻¹: at the budget and no faster.
    assert elapsed >= (requests - 1) / (7.5 / 1.01) * 0.9
    assert result.waited > 0
    assert sum(r.waited for r in result.resources) > 0


# -- totals, failures, usage -----------------------------------------------------------------


async def test_a_count_that_differs_from_the_vendors_total_is_reported(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    page = {"count": 3, "next": None, "previous": None, "results": [{"id": 1}, {"id": 2}]}
    tc_fake.script(Fault.body(200, json.dumps(page).encode()), path="/api/labels/")
    result = await export_account(tc, tmp_path, resources=["labels"])
    (labels,) = result.resources
    assert (labels.items, labels.total, labels.mismatch) == (2, 3, -1)
    assert result.mismatched == [labels]


async def test_a_resource_the_vendor_refuses_fails_alone(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    tc_fake.script(Fault.status(403), path="/api/labels/")
    result = await export_account(tc, tmp_path, resources=["labels", "invoices", "clients"])

    status = {r.name: r.status for r in result.resources}
    assert status == {"labels": "failed", "invoices": "done", "clients": "done"}
    (failed,) = result.failed
    assert "403" in (failed.error or "") and "\n" not in (failed.error or "")
    assert not result.ok
    saved = Checkpoint.load(tmp_path / CHECKPOINT_NAME)
    assert saved is not None
    assert not saved.resources["labels"].done and saved.resources["clients"].done


async def test_bad_credentials_stop_the_whole_export(
    tc_fake: FakeTutorCruncher, tmp_path: Path
) -> None:
    async with TutorCruncher("wrong", base_url=tc_fake.base_url, rate_limit=None) as tc:
        with pytest.raises(errors.AuthenticationError):
            await export_account(tc, tmp_path, resources=["clients", "labels"])
    saved = Checkpoint.load(tmp_path / CHECKPOINT_NAME)
    assert saved is not None and not any(s.done for s in saved.resources.values())


async def test_unknown_resources_and_bad_options_are_usage_errors(
    tc: TutorCruncher, tmp_path: Path
) -> None:
    with pytest.raises(ExportUsageError, match="no exportable list nope"):
        await export_account(tc, tmp_path, resources=["clients", "nope"])
    with pytest.raises(ExportUsageError, match="no exportable list enquiry"):
        await export_account(tc, tmp_path, resources=["enquiry"])
    with pytest.raises(ExportUsageError, match="format"):
        await export_account(tc, tmp_path, format="xml")  # type: ignore[arg-type]
    with pytest.raises(ExportUsageError, match="concurrency"):
        await export_account(tc, tmp_path, concurrency=0)
    assert not (tmp_path / CHECKPOINT_NAME).exists()


async def test_export_does_not_leave_the_limiter_wrapped(tc: TutorCruncher, tmp_path: Path) -> None:
    before = tc._transport.throttle
    await export_account(tc, tmp_path, resources=["labels"])
    assert tc._transport.throttle is before
    await asyncio.sleep(0)


# -- hostile items: every format writes them whole, none crashes -----------------------------


HOSTILE_LABELS = [
    {"id": 1, "name": "a", "Name": "upper", "NAME": "shout"},  # SQLite folds column case
    {"id": 2, "": "empty key", "_record": "mine", "_position": 99, "_unparsed": "theirs"},
    {"id": 3, "name": "\ud800 lone surrogate", "big": 12345678901234567890123},
    {"id": 4, **{f"k{n}": n for n in range(1500)}},  # more keys than SQLite has columns
]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
async def test_hostile_keys_and_values_are_written_whole(
    tc: TutorCruncher, tc_fake: FakeTutorCruncher, tmp_path: Path, fmt: str
) -> None:
    script_pages(tc_fake, "labels/", HOSTILE_LABELS)
    result = await export_account(tc, tmp_path, resources=["labels"], format=fmt)  # type: ignore[arg-type]
    assert result.ok and result.resources[0].items == 4
    expected = json.loads(json.dumps(HOSTILE_LABELS))
    if fmt == "jsonl":
        assert read_jsonl(tmp_path / "labels.jsonl") == expected
    elif fmt == "csv":
        rows = read_csv(tmp_path / "labels.csv")
        assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
        assert json.loads(rows[0]["_extra"]) == {"Name": "upper", "NAME": "shout"}
        assert len(json.loads(rows[3]["_extra"])) == 1500
    else:
        conn = sqlite3.connect(tmp_path / "tutorcruncher.sqlite")
        try:
            records = [json.loads(r) for (r,) in conn.execute("SELECT _record FROM labels")]
            (big,) = conn.execute("SELECT big FROM labels WHERE id = 3").fetchone()
            (name,) = conn.execute("SELECT name FROM labels WHERE id = 1").fetchone()
        finally:
            conn.close()
        assert records == expected  # the lone surrogate too, escaped in the JSON text
        assert big == "12345678901234567890123" and name == "a"
