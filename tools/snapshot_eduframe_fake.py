"""Snapshot what `FakeEduframe` needs from Eduframe's OpenAPI spec into the package.

The spec (``../shared/api/eduframe-openapi.json``) and the scraped catalogue
(``../shared/api/eduframe.json``) live outside the repository, and a user installing
the package has neither, so the fake serves from two generated modules:

* ``aio_edu_clients/testing/_ef_catalogue.py``: one row per operation (the spec's
  183 plus the 7 legacy operations only the catalogue has): method, path,
  operationId, tag, success status, response shape and schema, required body
  fields, paging, sort fields, filters, and how the fake serves it (``kind``, the
  store, the path parameters that link a child to its parent);
* ``aio_edu_clients/testing/_ef_schemas.py``: every schema a stored record or a
  response uses, flattened (``allOf`` merged, ``$ref`` named) into one line of
  ``field:type`` words the data generator reads.

Classifying paths here, once, keeps the fake generic: it never parses the spec.
Re-run after the spec changes: ``python tools/snapshot_eduframe_fake.py``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "api"
SPEC = SHARED / "eduframe-openapi.json"
CATALOGUE = SHARED / "eduframe.json"
OUT_CATALOGUE = ROOT / "aio_edu_clients" / "testing" / "_ef_catalogue.py"
OUT_SCHEMAS = ROOT / "aio_edu_clients" / "testing" / "_ef_schemas.py"

# The 7 catalogue operations the spec lacks (its "filter-out deprecated" step dropped
# them): (method, path) -> the spec schema their records have.
LEGACY = {
    ("POST", "/meetings"): "MeetingWithIncludes",
    ("PUT", "/meetings/{id}"): "MeetingWithIncludes",
    ("POST", "/planned_courses/{planned_course_id}/meetings"): "MeetingWithIncludes",
    ("POST", "/planning/events"): "PlanningEventWithIncludes",
    ("PUT", "/planning/events/{id}"): "PlanningEventWithIncludes",
    ("GET", "/program/personal_program_elements"): "PersonalProgramElement",
    ("POST", "/signup"): "",
}
# Collections served from another collection's records (same things, other view).
ALIASES = {
    "/planning/locations": "meeting_locations",
    "/planning/materials": "materials",
    "/planning/teachers": "users",  # as ``User``s: the users with the teacher role
}
# Nested collections whose last path word is not itself a top-level collection.
NESTED = {
    "/webhooks/{webhook_id}/notifications": "webhook_notifications",
    "/webhooks/{webhook_id}/notifications/failed": "webhook_notifications_failed",
    "/custom/objects/{object_id}/records": "custom_records",
    "/custom/{object_type}/fields/{field_slug}/options": "custom_field_options",
    "/custom/{object_type}/associations": "custom_associations",
    "/program/editions/{id}/elements": "program_edition_elements",
}
# Lists that are a field of their parent record rather than a collection.
SUBLISTS = {
    "/meetings/{id}/materials": ("meetings", "planning_materials"),
    "/planning/events/{id}/materials": ("planning_events", "planning_materials"),
}
SPECIAL = {
    "/educators/current": ("singleton", "educators"),
    "/invoices/{id}/pdf": ("pdf", "invoices"),
    "/attendances/upsert": ("upsert", "attendances"),
    "/signup": ("signup", "orders"),
}
# Spec typos: create_order/lead/user declare their 200 response as the Error schema
# (the scraped docs show only an Error example there). The fake answers 201 with the
# created record like every other create.
ERROR_AS_SUCCESS = {"create_order", "create_lead", "create_user"}
DECIMAL = re.compile(r"(^|_)(cost|costs|amount|price|percentage|total|subtotal|multiplier)(_|$)")
WORD = re.compile(r"^[\w:.\-/ ]+$")


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


class Flattener:
    """Turns spec schemas into the ``field:type`` mini-language (see ``_ef_schemas``)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = spec["components"]["schemas"]
        self.out: dict[str, str] = {}

    def need(self, name: str) -> str:
        if name not in self.out:
            self.out[name] = ""  # a placeholder breaks reference cycles
            self.out[name] = " ".join(
                f"{field}:{kind}" for field, kind in self.fields(self.schemas[name]).items()
            )
        return name

    def fields(self, schema: dict[str, Any]) -> dict[str, str]:
        if "$ref" in schema:
            return self.fields(self.schemas[ref_name(schema["$ref"])])
        merged: dict[str, str] = {}
        for part in schema.get("allOf", []):
            merged.update(self.fields(part))
        variants = schema.get("oneOf") or schema.get("anyOf")
        if variants and not schema.get("properties"):
            merged.update(self.fields(variants[0]))
        for field, prop in schema.get("properties", {}).items():
            merged[field] = self.kind(field, prop)
        return merged

    def kind(self, field: str, prop: dict[str, Any]) -> str:
        nullable = "?" if prop.get("nullable") else ""
        if "$ref" in prop:
            target = self.schemas[ref_name(prop["$ref"])]
            if "enum" in target or target.get("type") in ("string", "integer", "number"):
                return self.kind(field, {**target, "nullable": prop.get("nullable")})
            return "@" + self.need(ref_name(prop["$ref"])) + nullable
        for combo in ("allOf", "oneOf", "anyOf"):
            if combo in prop:
                options = [p for p in prop[combo] if p.get("type") != "null"]
                nullable = nullable or ("?" if len(options) < len(prop[combo]) else "")
                inner = self.kind(field, options[0]).rstrip("?")
                return inner + nullable
        kind = prop.get("type", "object")
        fmt = prop.get("format", "")
        if "enum" in prop:
            values = [str(v) for v in prop["enum"] if v is not None]
            assert all(WORD.match(v) and " " not in v and "|" not in v for v in values), values
            return "enum(" + "|".join(values) + ")" + nullable
        if kind == "array":
            return "[" + self.kind(field, prop.get("items", {})).rstrip("?") + "]" + nullable
        if kind == "object":
            return ("obj" if not prop.get("properties") else self.inline(prop)) + nullable
        if kind == "string":
            if fmt == "date-time":
                return "dt" + nullable
            if fmt == "date":
                return "date" + nullable
            if fmt in ("email", "uri"):
                return fmt + nullable
            if fmt == "decimal" or DECIMAL.search(field):
                return "dec" + nullable
            return "str" + nullable
        if kind == "integer":
            return "int" + nullable
        if kind == "number":
            return "num" + nullable
        if kind == "boolean":
            return "bool" + nullable
        return "any"

    def inline(self, prop: dict[str, Any]) -> str:
        """An inline object schema gets a name of its own (``_Inline<n>``)."""
        body = " ".join(f"{f}:{self.kind(f, p)}" for f, p in prop["properties"].items())
        for name, existing in self.out.items():
            if name.startswith("_Inline") and existing == body:
                return "@" + name
        name = f"_Inline{sum(n.startswith('_Inline') for n in self.out) + 1}"
        self.out[name] = body
        return "@" + name


def success(op: dict[str, Any], spec: dict[str, Any]) -> tuple[int, str, str]:
    """(status, shape, schema): shape is list | object | none | created | map | error."""
    for code in ("200", "201", "202", "204"):
        response = op["responses"].get(code)
        if response is None:
            continue
        if "$ref" in response:
            name = ref_name(response["$ref"])
            if name == "Created":
                return int(code), "created", ""
            response = spec["components"]["responses"][name]
        content = response.get("content", {}).get("application/json")
        if not content:
            return int(code), "none", ""
        schema = content["schema"]
        if "$ref" in schema:
            name = ref_name(schema["$ref"])
            return int(code), "error" if name == "Error" else "object", name
        if schema.get("type") == "array":
            return int(code), "list", ref_name(schema["items"].get("$ref", ""))
        return int(code), "map", ""
    raise ValueError(op["operationId"])


def body_kinds(op: dict[str, Any], spec: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The request body's top-level fields and their JSON types (int num str bool arr
    obj any), which the fake checks a body against. Request types differ from the
    response's (a grade's ``score`` is a number going in, a string coming out)."""
    schema = body_schema(op, spec)
    return tuple(
        (name, json_kind(prop, spec)) for name, prop in schema.get("properties", {}).items()
    )


def body_schema(op: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """The operation's request body schema, ``$ref`` resolved; empty without a body."""
    body = op.get("requestBody")
    if not body:
        return {}
    schema: dict[str, Any] = next(iter(body["content"].values()))["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][ref_name(schema["$ref"])]
    return schema


JSON_KINDS = {"integer": "int", "number": "num", "string": "str", "boolean": "bool"}


def json_kind(prop: dict[str, Any], spec: dict[str, Any]) -> str:
    if "$ref" in prop:
        return json_kind(spec["components"]["schemas"][ref_name(prop["$ref"])], spec)
    if any(combo in prop for combo in ("oneOf", "anyOf", "allOf")):
        return "any"
    kind = prop.get("type", "object")
    return JSON_KINDS.get(kind, "arr" if kind == "array" else "obj")


def catalogue_kinds(fields: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    """``body_kinds`` for a legacy operation, from the catalogue's type names."""
    return tuple(
        (f["name"], JSON_KINDS.get(f["type"], "arr" if f["type"].startswith("array") else "any"))
        for f in fields
    )


def required_fields(op: dict[str, Any], spec: dict[str, Any]) -> tuple[str, ...]:
    return tuple(sorted(body_schema(op, spec).get("required", [])))


def param_kind(schema: dict[str, Any], spec: dict[str, Any], name: str) -> str:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][ref_name(schema["$ref"])]
    if schema.get("type") == "array":
        return "[" + param_kind(schema["items"], spec, name) + "]"
    if "enum" in schema:
        values = [str(v) for v in schema["enum"]]
        if values == [name]:
            return "flag"
        return "enum(" + "|".join(values) + ")"
    fmt = schema.get("format", "")
    if fmt in ("date", "date-time"):
        return "date"
    return {"integer": "int", "number": "num", "boolean": "bool"}.get(schema.get("type", ""), "str")


def classify(method: str, path: str, paths: dict[str, Any]) -> tuple[str, str, str]:
    """(kind, store, collection path) of one operation."""
    if path in SPECIAL:
        kind, store = SPECIAL[path]
        return kind, store, path
    if path in SUBLISTS:
        store, field = SUBLISTS[path]
        return f"sublist:{field}", store, path
    parts = path.split("/")
    last, before = parts[-1], parts[-2] if len(parts) > 2 else ""
    item_path = "/".join(parts[:-1])
    is_action = (
        not last.startswith("{")
        and before.startswith("{")
        and method in ("POST", "PUT")
        and "get" not in paths.get(path, {})
        and path not in NESTED
        and not path.endswith("/meetings")
    )
    if is_action:
        collection = "/".join(parts[:-2])
        return f"action:{last}", store_of(collection), collection
    if last.startswith("{") and path not in NESTED:
        kind = {"GET": "get", "PATCH": "update", "PUT": "update", "DELETE": "delete"}[method]
        return kind, store_of(item_path), item_path
    kind = {"GET": "list", "POST": "create"}[method]
    return kind, store_of(path), path


def store_of(collection: str) -> str:
    if collection in ALIASES:
        return ALIASES[collection]
    if collection in NESTED:
        return NESTED[collection]
    words = [w for w in collection.strip("/").split("/") if not w.startswith("{")]
    if "{" in collection:
        return words[-1]
    return "_".join(words)


def parents(collection: str, kind: str, paths: dict[str, Any]) -> tuple[tuple[str, str, str], ...]:
    """Path parameters of a collection path: (param, parent store, or "" when the
    parameter names no collection of its own like a custom field's slug, and the
    child's field that holds it)."""
    if kind.startswith("sublist") or kind in ("pdf",):
        return ()
    out = []
    parts = collection.split("/")
    for i, part in enumerate(parts):
        if part.startswith("{"):
            name = part[1:-1]
            owner = "/".join(parts[:i])
            store = store_of(owner) if "get" in paths.get(owner, {}) else ""
            out.append((name, store, "edition_id" if name == "id" else name))
    return tuple(out)


def build() -> tuple[list[tuple[Any, ...]], dict[str, str]]:
    """The catalogue rows and the flattened schemas, from the shared spec and catalogue."""
    spec = json.loads(SPEC.read_text())
    catalogue = json.loads(CATALOGUE.read_text())
    flat = Flattener(spec)
    rows: list[tuple[Any, ...]] = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            status, shape, schema = success(op, spec)
            if op["operationId"] in ERROR_AS_SUCCESS:
                status, shape = 201, "object"
                schema = ref_name(
                    spec["paths"][path + "/{id}"]["get"]["responses"]["200"]["content"][
                        "application/json"
                    ]["schema"]["$ref"]
                )
            params = [
                spec["components"]["parameters"][ref_name(p["$ref"])] if "$ref" in p else p
                for p in [*item.get("parameters", []), *op.get("parameters", [])]
            ]
            query = [p for p in params if p["in"] == "query"]
            paged = any(p["name"] == "cursor" for p in query)
            sorts: tuple[str, ...] = ()
            filters = []
            for p in query:
                if p["name"] in ("cursor", "per_page"):
                    continue
                if p["name"] == "sort":
                    enum = p["schema"]["items"]["enum"]
                    sorts = tuple(dict.fromkeys(v.split(":")[0] for v in enum))
                    continue
                filters.append((p["name"], param_kind(p["schema"], spec, p["name"])))
            kind, store, collection = classify(method.upper(), path, spec["paths"])
            rows.append(
                (
                    method.upper(),
                    path,
                    op["operationId"],
                    op["tags"][0],
                    status,
                    shape,
                    flat.need(schema) if schema else "",
                    required_fields(op, spec),
                    body_kinds(op, spec),
                    paged,
                    sorts,
                    tuple(filters),
                    kind,
                    store,
                    parents(collection, kind, spec["paths"]),
                    False,
                )
            )
    for endpoint in catalogue["endpoints"]:
        key = (endpoint["method"], endpoint["path"])
        if key not in LEGACY:
            continue
        method, path = key
        kind, store, collection = classify(method, path, spec["paths"])
        if path == "/program/personal_program_elements":
            status, shape = 200, "list"
        elif kind == "signup":
            status, shape = 201, "created"
        else:
            status, shape = (201 if method == "POST" else 200), "object"
        required = tuple(sorted(b["name"] for b in endpoint["body"] if b.get("required")))
        schema = LEGACY[key]
        rows.append(
            (
                method,
                path,
                f"{endpoint['resource']}.{endpoint['operation']}",
                endpoint["resource"],
                status,
                shape,
                flat.need(schema) if schema else "",
                required,
                catalogue_kinds(endpoint["body"]),
                bool(endpoint["paginated"]),
                (),
                (),
                kind,
                store,
                parents(collection, kind, spec["paths"]),
                True,
            )
        )
    return rows, flat.out


def main() -> None:
    rows, schemas = build()
    write_catalogue(rows)
    write_schemas(schemas)
    subprocess.run(
        [sys.executable, "-m", "ruff", "format", str(OUT_CATALOGUE), str(OUT_SCHEMAS)], check=True
    )
    print(f"wrote {len(rows)} operations and {len(schemas)} schemas")


HEADER = '''"""GENERATED by ``tools/snapshot_eduframe_fake.py`` from Eduframe's OpenAPI spec
(and, for the {legacy} legacy operations it lacks, the scraped catalogue). Do not edit.

{what}
"""

from __future__ import annotations

'''


def write_catalogue(rows: list[tuple[Any, ...]]) -> None:
    what = (
        "One row per operation the fake serves; `_ef_spec` reads them as ``Op``s.\n"
        "Columns: method, path, operationId, tag, success status, shape (list | object |\n"
        "none | created | map), schema, required body fields, body fields (name, JSON\n"
        "type), paged, sort fields, filters (name, kind), how it is served (kind), store,\n"
        "parents (path param, parent store, child field), legacy (catalogue only)."
    )
    legacy = sum(1 for r in rows if r[-1])
    lines = [HEADER.format(legacy=legacy, what=what)]
    lines.append("from typing import Any\n\n")
    lines.append("# fmt: off\n")
    lines.append("ROWS: tuple[tuple[Any, ...], ...] = (\n")
    for row in rows:
        lines.append(f"    {row!r},\n")
    lines.append(")\n# fmt: on\n")
    OUT_CATALOGUE.write_text("".join(lines))


def write_schemas(schemas: dict[str, str]) -> None:
    what = (
        "Each schema is one string of ``field:type`` words. Types: int num str bool date\n"
        "dt (date-time) email uri dec (decimal sent as a string) obj (free-form) any,\n"
        "``enum(a|b)``, ``[T]`` (array of T), ``@Name`` (another schema); a trailing ``?``\n"
        "means nullable."
    )
    lines = [HEADER.format(legacy=len(LEGACY), what=what)]
    lines.append("# fmt: off\n")
    lines.append("SCHEMAS: dict[str, str] = {\n")
    for name in sorted(schemas):
        lines.append(f"    {name!r}: {schemas[name]!r},\n")
    lines.append("}\n# fmt: on\n")
    OUT_SCHEMAS.write_text("".join(lines))


if __name__ == "__main__":
    main()
