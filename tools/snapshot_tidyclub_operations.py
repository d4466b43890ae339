"""Snapshot the TidyClub catalogue's endpoints for the tests (``tests/data/tidyclub_operations.json``).

The catalogue lives outside the repository (``../shared/api/tidyclub.json``); tests run
from a clone alone, so they check ``TidyClub.operations()`` against this committed
snapshot. Two documented paths are broken (quirk 8); ``CORRECTIONS`` records what the
client uses instead, and the snapshot keeps both. Re-run after the catalogue changes:
``python tools/snapshot_tidyclub_operations.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT.parent / "shared" / "api" / "tidyclub.json"
OUT = ROOT / "tests" / "data" / "tidyclub_operations.json"

# (method, documented path, catalogue operation) -> the evident intended path.
CORRECTIONS = {
    ("GET", "/custom_fields/{custom_field_id}/choice/{id}", "get"): (
        "/custom_fields/{custom_field_id}/choices/{id}"
    ),
    # "Get a single ticket" is documented with the list path and no id.
    ("GET", "/events/{event_id}/tickets", "get"): "/events/{event_id}/tickets/{id}",
}


def main() -> None:
    catalogue = json.loads(CATALOGUE.read_text())
    endpoints = []
    for e in catalogue["endpoints"]:
        method, path = e["method"], e["path"]
        fixed = CORRECTIONS.get((method, path, e["operation"]))
        endpoints.append(
            {
                "resource": e["resource"],
                "operation": e["operation"],
                "method": method,
                "path": fixed or path,
                "documented_path": path,
                "paginated": e["paginated"],
                "query": [q["name"] for q in e["query"]],
                "status": e["status"],
            }
        )
    snapshot = {
        "source": "shared/api/tidyclub.json",
        "count": len(endpoints),
        "quirks": len(catalogue["quirks"]),
        "endpoints": endpoints,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(snapshot, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(endpoints)} endpoints")


if __name__ == "__main__":
    main()
