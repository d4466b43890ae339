"""Snapshot what the vendor catalogues document (operations, webhook actions) for the tests.

The catalogues live outside the repository (``../shared/api``); tests must run from
a clone alone, so they check ``Client.operations()`` against this committed snapshot.
Re-run after the catalogues change: ``python tools/snapshot_documented_operations.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API = ROOT.parent / "shared" / "api"
OUT = ROOT / "tests" / "data" / "documented_operations.json"


def tutorcruncher() -> list[list[str]]:
    catalogue = json.loads((API / "tutorcruncher.json").read_text())
    addendum = json.loads((API / "tutorcruncher-addendum.json").read_text())
    pairs = {(e["method"], e["path"]) for e in catalogue["endpoints"] + addendum["extra_endpoints"]}
    return sorted([m, p] for m, p in pairs)


def tutorcruncher_webhook_actions() -> list[str]:
    addendum = json.loads((API / "tutorcruncher-addendum.json").read_text())
    return [action["action"] for action in addendum["webhook_actions"]]


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    snapshot = {
        "TutorCruncher": tutorcruncher(),
        "TutorCruncher webhook actions": tutorcruncher_webhook_actions(),
    }
    OUT.write_text(json.dumps(snapshot, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
