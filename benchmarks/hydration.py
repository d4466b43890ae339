"""Hydration: items per second turning each vendor's main payloads into models.

Baselines from the same run: ``json.loads`` alone (decoding without models), orjson
if installed (a faster decoder), and msgspec decoding to plain objects if installed
(the practical ceiling of any Python JSON-to-objects path). The library's number is
``json.loads`` plus hydration, as a response goes through it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from _common import Result

from aio_edu_clients import Eduframe, TidyClub, TutorCruncher
from aio_edu_clients.eduframe.models import Course, PlannedCourse
from aio_edu_clients.testing import FakeEduframe, FakeTidyClub, FakeTutorCruncher
from aio_edu_clients.tidyclub.models import Contact
from aio_edu_clients.tutorcruncher.models import Client


def _rate(fn: Callable[[], Any], items: int, min_seconds: float) -> float:
    fn()  # warm-up: hooks are generated on first use
    runs, started = 0, time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return items * runs / elapsed


def _optional_decoders() -> dict[str, Callable[[bytes], Any]]:
    decoders: dict[str, Callable[[bytes], Any]] = {}
    try:
        import orjson

        decoders["orjson"] = orjson.loads
    except ImportError:
        pass
    try:
        import msgspec

        decoders["msgspec"] = msgspec.json.decode
    except ImportError:
        pass
    return decoders


async def run(quick: bool) -> list[Result]:
    min_seconds = 0.3 if quick else 1.5
    async with FakeTutorCruncher(clients=200) as tc, FakeEduframe() as ef, FakeTidyClub() as tidy:
        payloads: list[tuple[str, Any, list[dict[str, Any]], type[Any]]] = [
            ("TutorCruncher Client", TutorCruncher.converter, list(tc.clients.values()), Client),
            ("Eduframe Course", Eduframe.converter, list(ef.courses.values()), Course),
            (
                "Eduframe PlannedCourse",
                Eduframe.converter,
                list(ef.planned_courses.values()),
                PlannedCourse,
            ),
            ("TidyClub Contact", TidyClub.converter, list(tidy.contacts.values()), Contact),
        ]
    results = []
    for name, converter, records, model in payloads:
        body = json.dumps(records).encode()
        n = len(records)
        decode = _rate(lambda body=body: json.loads(body), n, min_seconds)
        ours = _rate(
            lambda body=body, converter=converter, model=model: converter.structure_list(
                json.loads(body), model
            ),
            n,
            min_seconds,
        )
        notes = {
            name_: _rate(lambda d=decoder, body=body: d(body), n, min_seconds)
            for name_, decoder in _optional_decoders().items()
        }
        results.append(
            Result(
                "hydration",
                name,
                ours,
                "items/s",
                baseline=decode,
                ratio=ours / decode,
                target="report",
                notes={
                    "json.loads items/s": decode,
                    **{f"{k} items/s": v for k, v in notes.items()},
                },
            )
        )
    return results
