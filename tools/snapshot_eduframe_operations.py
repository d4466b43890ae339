"""Snapshot the Eduframe operations for the tests (``tests/data/eduframe_operations.json``).

The spec and the catalogue live outside the repository (``../shared/api``); tests run
from a clone alone, so they check ``Eduframe.operations()`` against this committed
snapshot. Each row is one operation as the vendor writes it (method, path, operationId
or ``legacy``), the name the client gives it (the naming table of
``tools/gen_eduframe.py``), and what a test needs to call it: the query filters, the
required body fields with their JSON types, and the shape of a successful answer.
Re-run after the spec changes: ``python tools/snapshot_eduframe_operations.py``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "eduframe_operations.json"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "gen_eduframe", ROOT / "tools" / "gen_eduframe.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_eduframe"] = module
    spec.loader.exec_module(module)
    return module


def _json_type(spec: Any, prop: dict[str, Any]) -> str:
    prop = spec.deref(prop)
    if "enum" in prop:
        return "enum:" + "|".join(map(str, prop["enum"]))
    kind = prop.get("type") or ("object" if "properties" in prop else "any")
    if kind == "array":
        return "array:" + _json_type(spec, prop.get("items", {}))
    return f"{kind}:{prop['format']}" if prop.get("format") else str(kind)


def _shape(returns: str) -> str:
    if returns.startswith("AsyncPager["):
        return "list"
    return {"None": "none", "Created": "created", "dict[str, Any]": "map"}.get(returns, "object")


def main() -> None:
    gen = _generator()
    source = sys.modules["eduframe_spec"]  # the generator's reader: where the spec is, legacy
    spec, ops = gen.load()
    gen.simplify_names(spec, ops)
    raw = spec.raw
    catalogue = json.loads((source.SHARED / "eduframe.json").read_text())
    legacy_bodies = {
        (e["method"], e["path"]): e["body"]
        for e in catalogue["endpoints"]
        if (e["method"], e["path"]) in source.LEGACY
    }
    rows = []
    for op in ops:
        item = raw["paths"].get(op.path, {}).get(op.method.lower())
        required: dict[str, str] = {}
        status = None
        if item is not None:
            body = item.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                props, names = spec.properties(body["schema"])
                required = {n: _json_type(spec, props[n]) for n in props if n in names}
            status = int(next(c for c in item["responses"] if c.startswith("2")))
        else:
            required = {
                f["name"]: f["type"]
                for f in legacy_bodies.get((op.method, op.path)) or []
                if f["required"]
            }
        rows.append(
            {
                "method": op.method,
                "path": op.path,
                "operation_id": item["operationId"] if item is not None else None,
                "legacy": bool(op.legacy),
                "resource": op.resource,
                "name": op.name,
                "paged": op.paged or op.cursor,
                "query": [q.name for q in op.query],
                "required_body": required,
                "status": status,
                "shape": _shape(op.returns),
                "returns": op.returns.removeprefix("AsyncPager[").removesuffix("]"),
            }
        )
    snapshot = {
        "source": "shared/api/eduframe-openapi.json (+ shared/api/eduframe.json for legacy)",
        "count": len(rows),
        "spec_operations": sum(not r["legacy"] for r in rows),
        "legacy_operations": sum(r["legacy"] for r in rows),
        "operations": rows,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(snapshot, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} operations")


if __name__ == "__main__":
    main()
