"""Eduframe's OpenAPI spec read into what `gen_eduframe.py` renders.

`load()` reads ``../shared/api/eduframe-openapi.json`` (and the scraped catalogue's
7 legacy operations), names every operation, resource and area, and types every field
by the rules in `gen_eduframe`'s docstring; `simplify_names()` and `assign_areas()`
settle class names and which module each lands in. Nothing here writes a file.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "api"
PKG = ROOT / "aio_edu_clients" / "eduframe"
METHODS = ("get", "post", "put", "patch", "delete")

# -- naming -------------------------------------------------------------------------------

# Two-segment collections: /catalog/products -> catalog_products (the catalogue's names).
NAMESPACES = {"catalog", "program", "planning"}

# operationId -> resource, method, where the plain list/get/create/update/delete rule does
# not apply: nested collections (parent id first) and actions named for what they do.
NAMES: dict[str, tuple[str, str]] = {
    oid: (resource, name)
    for oid, resource, name in (
        line.split()
        for line in """
set_attendance                                   attendances         upsert
get_planned_courses_by_course_id                 courses             planned_courses
get_planned_courses_by_id_and_course_id          courses             get_planned_course
get_associations_of_object                       custom              associations
get_options_of_custom_field                      custom              field_options
add_option_to_custom_field                       custom              add_field_option
get_option_of_custom_field                       custom              get_field_option
update_option_of_custom_field                    custom              update_field_option
delete_option_of_custom_field                    custom              delete_field_option
get_custom_objects                               custom_objects      list
get_custom_object_by_object_id                   custom_objects      get
get_custom_records                               custom_objects      records
create_custom_record                             custom_objects      create_record
get_custom_record                                custom_objects      get_record
update_custom_record                             custom_objects      update_record
delete_custom_record                             custom_objects      delete_record
get_current_educator                             educators           current
cancel_enrollment_by_id                          enrollments         cancel
open_invoice_by_id                               invoices            open
get_invoice_pdf_by_id                            invoices            pdf
get_invoice_payments_by_invoice_id               invoices            payments
create_invoice_payment_by_invoice_id             invoices            add_payment
delete_invoice_payment_by_id_and_invoice_id      invoices            delete_payment
get_planning_materials_of_meeting                meetings            materials
approve_order_by_id                              orders              approve
cancel_order_by_id                               orders              cancel
deny_order_by_id                                 orders              deny
add_label_to_order                               orders              add_label
cancel_planned_course_by_id                      planned_courses     cancel
get_meetings_by_planned_course_id                planned_courses     meetings
get_teacher_enrollments_by_planned_course_id     planned_courses     teacher_enrollments
create_teacher_enrollment_by_planned_course_id   planned_courses     add_teacher_enrollment
get_planning_materials_of_planing_event          planning_events     materials
get_elements_of_program_edition                  program_editions    elements
award_certificate_to_program_enrollment_by_id    program_enrollments award_certificate
cancel_program_enrollment_by_id                  program_enrollments cancel
delete_certificate_from_program_enrollment_by_id program_enrollments delete_certificate
activate_teacher_by_id                           teachers            activate
deactivate_teacher_by_id                         teachers            deactivate
get_authentications_by_user_id                   users               authentications
delete_authentication_from_user                  users               delete_authentication
get_webhook_notifications_by_webhook_id          webhooks            notifications
get_webhook_notifications_failed                 webhooks            failed_notifications
""".strip().splitlines()
    )
}

# The 7 catalogue operations the published spec dropped (it filters out what is marked
# deprecated): (method, path) -> (resource, name, summary, payload, response, why).
LEGACY: dict[tuple[str, str], tuple[str, str, str, str, str | None, str]] = {
    ("POST", "/meetings"): (
        "meetings",
        "create",
        "Create a meeting.",
        "CreateMeetingPayload",
        "MeetingWithIncludes",
        "the published spec has no POST /meetings (dropped as deprecated); the docs and "
        "the 2021 client have it. Check it against your account before relying on it.",
    ),
    ("PUT", "/meetings/{id}"): (
        "meetings",
        "update",
        "Update a meeting: only the fields given.",
        "UpdateMeetingPayload",
        "MeetingWithIncludes",
        "the published spec has only GET and DELETE on /meetings/{id}; the docs update "
        "meetings with PUT (partial), as the 2021 client did.",
    ),
    ("POST", "/planned_courses/{planned_course_id}/meetings"): (
        "planned_courses",
        "create_meeting",
        "Create a meeting in a planned course.",
        "CreatePlannedCourseMeetingPayload",
        "MeetingWithIncludes",
        "absent from the published spec (dropped as deprecated); the docs and the 2021 "
        "client create a meeting under its planned course this way.",
    ),
    ("POST", "/planning/events"): (
        "planning_events",
        "create",
        "Create a planning event in a meeting.",
        "CreatePlanningEventPayload",
        "PlanningEventWithIncludes",
        "absent from the published spec (dropped as deprecated); documented in the "
        "scraped docs and the 2021 client.",
    ),
    ("PUT", "/planning/events/{id}"): (
        "planning_events",
        "update",
        "Update a planning event: only the fields given.",
        "UpdatePlanningEventPayload",
        "PlanningEventWithIncludes",
        "the published spec has only GET and DELETE on /planning/events/{id}; the docs "
        "update planning events with PUT (partial).",
    ),
    ("GET", "/program/personal_program_elements"): (
        "program_personal_program_elements",
        "list",
        "Personal program elements: which course enrollment fills which element.",
        "",
        "PersonalProgramElement",
        "the spec keeps the PersonalProgramElement schema and its tag but no operation; "
        "the docs list them here.",
    ),
    ("POST", "/signup"): (
        "signup",
        "create",
        "Sign up for a planned course or catalog variant.",
        "SignupPayload",
        None,
        "no /signup in the published spec; the docs say the redirect (or payment) URL "
        'comes back in the Location header "just as normal 302 redirects".',
    ),
}

# Action operations whose few scalar body fields read better as keyword arguments.
FIELD_ACTIONS = {"add_label", "award_certificate"}

# Which module each resource (and the schemas only it uses) goes to.
AREAS: dict[str, tuple[str, ...]] = {
    area: tuple(names.split())
    for area, names in (
        line.split(":")
        for line in """
courses: courses planned_courses categories course_locations course_tabs course_variants labels
catalog: catalog_products catalog_variants credit_categories credits discount_codes signup_questions referrals
people: accounts affiliations authentications users teachers teacher_roles educators leads comments tasks
learning: enrollments grades attendances program_editions program_elements program_enrollments program_programs program_personal_program_elements theses
finance: invoices invoice_vats orders payments payment_methods payment_options signup
planning: meetings meeting_locations material_groups materials planning_conflicts planning_events planning_locations planning_materials planning_teachers teacher_enrollments
custom: custom custom_objects
webhooks: webhooks
""".strip().splitlines()
    )
}
AREA_OF = {res: area for area, names in AREAS.items() for res in names}
AREA_DOCS = {
    "courses": "Courses and their planned runs, locations, variants, tabs, categories, labels.",
    "catalog": "The catalog (products, variants), credits, discount codes, signup questions.",
    "people": "Who: accounts, users, teachers, leads, and the notes kept on them.",
    "learning": "Enrollments, grades, attendance and programs.",
    "finance": "Orders, invoices, payments and the legacy signup.",
    "planning": "Meetings, locations, materials and the planning views.",
    "custom": "Custom objects, records, field options and associations (Beta in the spec).",
    "webhooks": "Webhooks and their notifications.",
    "shared": "Schemas more than one area uses (addresses, users, labels, ...).",
}

DECIMAL = re.compile(
    r"^(cost|extra_cost|amount|percentage|starting_price|unit_price|score|credits)$"
    r"|multiplier$|^total_"
)


def camel(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^0-9a-zA-Z]+", name) if p)


def resource_of(path: str) -> str:
    parts = [p for p in path.strip("/").split("/") if not p.startswith("{")]
    if parts[0] in NAMESPACES and len(parts) > 1:
        return f"{parts[0]}_{parts[1]}"
    return parts[0]


def default_name(method: str, path: str) -> str:
    item = path.endswith("}")
    return {
        ("GET", False): "list",
        ("POST", False): "create",
        ("GET", True): "get",
        ("PATCH", True): "update",
        ("PUT", True): "update",
        ("DELETE", True): "delete",
    }[method, item]


# -- schemas -------------------------------------------------------------------------------


class Spec:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.schemas: dict[str, Any] = raw["components"]["schemas"]
        self.params: dict[str, Any] = raw["components"]["parameters"]
        self.enums: dict[str, list[str]] = {}  # enum class name -> values
        self.models: dict[str, list[Field]] = {}  # model name -> fields
        self.docs: dict[str, str] = {}
        self.payloads: set[str] = set()
        self.unions: dict[str, tuple[str, dict[str, str], str]] = {}
        self.deps: dict[str, set[str]] = defaultdict(set)
        self.body_of: dict[str, list[str]] = defaultdict(list)  # payload -> operations
        self.renamed: dict[str, str] = {}  # model -> its name in the spec
        self.required_doc: dict[str, str] = {}  # payload -> "Required: ..." (spec's list)
        self.sorts: dict[str, str] = {}  # ``OrderSort`` -> its ``Literal[...]``

    def deref(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = self.lookup(node["$ref"])
        return node

    def lookup(self, ref: str) -> dict[str, Any]:
        _, _, kind, name = ref.split("/")
        found: dict[str, Any] = self.raw["components"][kind][name]
        return found

    def properties(self, node: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names of a schema, ``allOf`` flattened."""
        node = self.deref(node)
        props: dict[str, Any] = {}
        required: set[str] = set(node.get("required", []))
        for part in node.get("allOf", []):
            p, r = self.properties(part)
            props.update(p)
            required |= r
        props.update(node.get("properties", {}))
        return props, required

    def enum(self, name: str, values: list[Any]) -> str:
        values = [str(v) for v in values]
        for known, schema in self.schemas.items():
            if known != name and set(map(str, schema.get("enum", ()))) == set(values):
                name = known  # an inline copy of a named enum: one class, not two
                values = [str(v) for v in schema["enum"]]
                break
        else:
            for known, known_values in self.enums.items():
                if set(known_values) == set(values):
                    return known  # the same inline enum again (create and update bodies)
        if name in self.enums and self.enums[name] != values:
            name = name + "Value"
        self.enums[name] = values
        return name

    def model(self, name: str, node: dict[str, Any], *, payload: bool) -> str:
        """Declare the model ``name`` for ``node`` (once); return its name."""
        if name in self.models or name in self.unions:
            return name
        node = self.deref(node)
        if "oneOf" in node and "discriminator" in node:
            disc = node["discriminator"]
            mapping = {v: ref.split("/")[-1] for v, ref in disc["mapping"].items()}
            base = next(
                p["$ref"].split("/")[-1]
                for p in self.deref({"$ref": next(iter(disc["mapping"].values()))})["allOf"]
                if "$ref" in p
            )
            for target in dict.fromkeys([*mapping.values(), base]):
                self.model(target, self.schemas[target], payload=False)
                self.deps[name].add(target)
            self.unions[name] = (disc["propertyName"], mapping, base)
            return name
        self.models[name] = []  # placeholder against recursion
        if payload:
            self.payloads.add(name)
        self.docs[name] = (node.get("description") or "").strip().split("\n")[0]
        props, required = self.properties(node)
        fields = []
        for pname, prop in props.items():
            ftype = self.field_type(name, pname, prop, payload=payload)
            nullable = bool(self.deref(prop).get("nullable")) or prop.get("nullable", False)
            if payload:  # the body's own rules: what the spec requires must be given
                req = pname in required
            else:  # a record's id: always sent (the spec requires it on every schema)
                req = pname in required and pname == "id" and not nullable
            raw_type = self.deref(prop).get("type")
            number = payload and raw_type == "number"
            fields.append(Field(pname, ftype, req, number, nullable=nullable))
        if payload and required & set(props):
            names = ", ".join(f"``{n}``" for n in props if n in required)
            self.required_doc[name] = f" Required: {names}."
        fields.sort(key=lambda f: (f.name != "id",))
        self.models[name] = fields
        return name

    def field_type(self, owner: str, pname: str, prop: dict[str, Any], *, payload: bool) -> str:
        if "$ref" in prop:
            ref = prop["$ref"].split("/")[-1]
            target = self.schemas[ref]
            if "enum" in target:
                made = self.enum(ref, target["enum"])
                self.deps[owner].add(made)
                return f"{made} | str" if payload else made
            if target.get("type") == "object" or "allOf" in target or "oneOf" in target:
                if ref == "CustomFieldValue":
                    return "Any"
                self.deps[owner].add(ref)
                made = self.model(ref, target, payload=payload or ref.endswith("Payload"))
                return f"{made} | Mapping[str, Any]" if payload else made
            return self.field_type(owner, pname, target, payload=payload)
        if "allOf" in prop and len(prop["allOf"]) == 1:
            return self.field_type(owner, pname, prop["allOf"][0], payload=payload)
        kind = prop.get("type")
        fmt = prop.get("format")
        if "enum" in prop and len(prop["enum"]) > 1:
            made = self.enum(f"{owner.removesuffix('WithIncludes')}{camel(pname)}", prop["enum"])
            self.deps[owner].add(made)
            return f"{made} | str" if payload else made
        if kind == "array":
            item = self.field_type(owner, pname, prop.get("items", {}), payload=payload)
            return f"list[{item}]"
        if kind == "object" or (kind is None and "properties" in prop):
            if prop.get("properties") and not payload:
                nested = f"{owner.removesuffix('WithIncludes')}{camel(pname)}"
                self.deps[owner].add(nested)
                return self.model(nested, prop, payload=False)
            extra = prop.get("additionalProperties")
            if isinstance(extra, dict) and extra.get("$ref", "").endswith("CustomFieldValue"):
                return "dict[str, Any]"
            return "Mapping[str, Any]" if payload else "dict[str, Any]"
        decimal = "Decimal | str | int | float" if payload else "Decimal"
        if kind in ("string", "number", "integer") and DECIMAL.search(pname) and kind != "integer":
            return decimal
        if kind == "number":
            return decimal
        if kind == "integer":
            return "int"
        if kind == "boolean":
            return "bool"
        if kind == "string":
            if fmt == "date-time" or pname.endswith(("_at", "date_time")):
                return "datetime | str" if payload else "datetime"
            if fmt == "date" or pname == "date" or pname.endswith("_date"):
                return "date | str" if payload else "date"
            if fmt == "decimal":
                return decimal
            return "str"
        return "Any"


class Field:
    """One model field. ``required``: a response field the vendor always sends (``id``)
    or a payload field the caller must give; ``nullable``: a required payload field
    that may still be ``None``."""

    def __init__(
        self, name: str, ftype: str, required: bool, number: bool, *, nullable: bool = False
    ) -> None:
        self.name, self.type, self.required, self.number = name, ftype, required, number
        self.nullable = nullable


# -- operations -------------------------------------------------------------------------------


class Param:
    """A path or query parameter; ``type`` is settled by `type_params` once every model
    (and so every enum a filter may reuse) is known."""

    def __init__(self, name: str, schema: dict[str, Any], where: str, doc: str = "") -> None:
        self.name, self.schema, self.where, self.doc = name, schema, where, doc
        self.type = ""


class Op:
    def __init__(self, method: str, path: str, resource: str, name: str) -> None:
        self.method, self.path, self.resource, self.name = method, path, resource, name
        self.path_params: list[Param] = []
        self.query: list[Param] = []
        self.paged = False
        self.cursor = False
        self.returns = "None"
        self.body: str | None = None  # payload model name
        self.fields: list[Field] = []  # FIELD_ACTIONS: body fields as keyword arguments
        self.doc = ""
        self.legacy = ""
        self.models: set[str] = set()


# A parameter naming a record (``id``, ``course_id``) takes an integer: the spec types
# a few as strings (quirks 7 and 10: the ``label_id`` filter on /users, ``program_id``
# on /program/editions, the path's ``invoice_id`` and ``planned_course_id``), while the
# records they name answer integer ids and the same names are integers elsewhere.
ID_NAME = re.compile(r"^(?:id|\w+_id)$")
# A string filter whose name says date (``start_date_from``) is a date, format or not.
DATE_NAME = re.compile(r"(?:^|_)date(?:_|$)")


def query_type(spec: Spec, name: str, schema: dict[str, Any]) -> str:
    """What a filter takes, so mypy rejects what the API would (rules: gen_eduframe's doc)."""
    schema = spec.deref(schema)
    if schema.get("type") == "array":
        items = spec.deref(schema.get("items", {}))
        if name == "sort" and "enum" not in items:
            return "str | Sequence[str]"
        inner = query_type(spec, name, items)
        return f"{inner} | Sequence[{inner}]"
    if "enum" in schema:
        values = [str(v) for v in schema["enum"]]
        if name == "sort":  # ``sort=field`` is ``field:asc`` (the docs' own example)
            values = list(dict.fromkeys([*values, *(v.rsplit(":", 1)[0] for v in values)]))
        literal = "Literal[{}]".format(", ".join(json.dumps(v) for v in values))
        if len(values) == 1:
            return literal  # a flag filter: ``published=published``
        same = [n for n, known in spec.enums.items() if set(known) == set(values)]
        return f"{literal} | {same[0]}" if same and name != "sort" else literal
    kind = schema.get("type")
    if kind == "integer" or ID_NAME.match(name):
        return "int"
    if kind == "boolean":
        return "bool"
    if kind == "number":
        return "Decimal | float | int"
    if schema.get("format") in ("date", "date-time") or DATE_NAME.search(name):
        return "date | datetime | str"
    return "str"


def path_type(spec: Spec, name: str, schema: dict[str, Any], integers: set[str]) -> str:
    """A path parameter's type; ``integers``: the names its resource types as integers."""
    schema = spec.deref(schema)
    if "enum" in schema:
        return "Literal[{}]".format(", ".join(json.dumps(v) for v in schema["enum"]))
    if schema.get("type") == "integer" or (ID_NAME.match(name) and name in integers):
        return "int"
    return "str"


def type_params(spec: Spec, ops: list[Op]) -> None:
    """Type every parameter, once the models (and their enums) are all known.

    A path id the spec types as a string is an ``int`` where another operation of the
    same resource types it as an integer (``GET /invoices/{invoice_id}/payments`` beside
    ``DELETE /invoices/{invoice_id}/payments/{id}``), so ``ef.invoices.payments(inv.id)``
    type-checks; webhooks, whose ids are strings everywhere, keep ``str``.
    """
    integers: dict[str, set[str]] = defaultdict(set)
    for op in ops:
        for p in op.path_params:
            if spec.deref(p.schema).get("type") == "integer":
                integers[op.resource].add(p.name)
    for op in ops:
        for p in op.path_params:
            p.type = path_type(spec, p.name, p.schema, integers[op.resource])
        for q in op.query:
            q.type = query_type(spec, q.name, q.schema)
            literal = re.match(r"Literal\[[^]]*\]", q.type)
            if q.name == "sort" and literal:  # one alias per sorted model: ``OrderSort``
                item = re.sub(r"^AsyncPager\[|\]$|WithIncludes", "", op.returns)
                alias = f"{item}Sort"
                while spec.sorts.get(alias, literal[0]) != literal[0]:
                    alias += "_"
                spec.sorts[alias] = literal[0]
                q.type = q.type.replace(literal[0], alias)


def check_ids(spec: Spec, ops: list[Op]) -> None:
    """Each listed record's ``id`` has the type its ``get`` takes (``list`` at ``P``,
    ``get`` at ``P/{x}``): ``await ef.courses.get(course.id)`` type-checks everywhere."""
    lists = {op.path: op for op in ops if op.method == "GET" and op.returns.startswith("Async")}
    for op in ops:
        parent, _, last = op.path.rpartition("/")
        if op.method != "GET" or parent not in lists or not re.fullmatch(r"{\w+}", last):
            continue
        item = lists[parent].returns.removeprefix("AsyncPager[").removesuffix("]")
        ids = [f for f in spec.models.get(item, []) if f.name == "id"]
        wanted = op.path_params[-1].type
        if ids and (ids[0].type != wanted or not ids[0].required):
            raise SystemExit(f"{item}.id is {ids[0].type}, but {op.path} takes {wanted}")


def response_type(spec: Spec, op: Op, responses: dict[str, Any]) -> None:
    for code in ("200", "201", "204"):
        if code not in responses:
            continue
        resp = responses[code]
        if "$ref" in resp:
            name = resp["$ref"].split("/")[-1]
            op.returns = "Created" if name == "Created" else "None"
            return
        content = resp.get("content", {}).get("application/json")
        if content is None:
            op.returns = "None"
            return
        schema = content["schema"]
        if "$ref" in schema and schema["$ref"].endswith("/Error"):
            continue  # "200: Error" beside "201: the record": the client detects those
        if schema.get("type") == "array":
            item = schema["items"]["$ref"].split("/")[-1]
            spec.model(item, spec.schemas[item], payload=False)
            op.models.add(item)
            op.returns = f"AsyncPager[{item}]"
        elif "$ref" in schema:
            name = schema["$ref"].split("/")[-1]
            spec.model(name, spec.schemas[name], payload=False)
            op.models.add(name)
            op.returns = name
        else:
            op.returns = "dict[str, Any]"
        return


def load() -> tuple[Spec, list[Op]]:
    spec = Spec(json.loads((SHARED / "eduframe-openapi.json").read_text()))
    catalogue = json.loads((SHARED / "eduframe.json").read_text())
    ops: list[Op] = []
    for path, item in spec.raw["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            raw = item[method]
            oid = raw["operationId"]
            resource, name = NAMES.get(oid, (resource_of(path), ""))
            op = Op(method.upper(), path, resource, name or default_name(method.upper(), path))
            op.doc = (raw.get("summary") or raw.get("description") or "").strip().split("\n")[0]
            for prm in [*item.get("parameters", []), *raw.get("parameters", [])]:
                ref = prm.get("$ref", "")
                prm = spec.deref(prm)
                if ref.endswith("/Cursor"):
                    op.cursor = True
                    continue
                if ref.endswith("/PerPage"):
                    op.paged = True
                    continue
                target = op.path_params if prm["in"] == "path" else op.query
                doc = prm.get("description", "")
                target.append(Param(prm["name"], prm["schema"], prm["in"], doc))
            order_in_path = re.findall(r"{(\w+)}", path)  # parent id first, as in the path
            op.path_params.sort(key=lambda p: order_in_path.index(p.name))
            response_type(spec, op, raw["responses"])  # first: enums take the answer's names
            if "requestBody" in raw:
                schema = raw["requestBody"]["content"]["application/json"]["schema"]
                if op.name in FIELD_ACTIONS:
                    props, _ = spec.properties(schema)
                    op.fields = [
                        Field(n, spec.field_type("", n, p, payload=True), True, False)
                        for n, p in props.items()
                    ]
                else:
                    body = (
                        schema["$ref"].split("/")[-1]
                        if "$ref" in schema
                        else camel(re.sub(r"_by_\w+$", "", oid)) + "Payload"
                    )
                    op.body = spec.model(body, schema, payload=True)
                    op.models.add(body)
                    spec.body_of[op.body].append(f"``{op.method} {path}``")
            ops.append(op)
    for entry in catalogue["endpoints"]:
        key = (entry["method"], entry["path"])
        if key not in LEGACY:
            continue
        resource, name, summary, body, response, why = LEGACY[key]
        op = Op(entry["method"], entry["path"], resource, name)
        op.legacy = why
        op.doc = summary
        for prm in entry["path_params"]:
            op.path_params.append(Param(prm["name"], {"type": "integer"}, "path"))
        op.paged = any(q["name"] == "per_page" for q in entry.get("query", []))
        if entry["body"]:
            spec.models[body] = [  # required only where the docs flag it (the creates)
                Field(f["name"], legacy_type(f["name"], f["type"]), f["required"], False)
                for f in entry["body"]
            ]
            spec.payloads.add(body)
            spec.body_of[body].append(f"the legacy ``{entry['method']} {entry['path']}``")
            op.body = body
            op.models.add(body)
        if response is None:
            op.returns = "Created"
        else:
            spec.model(response, spec.schemas[response], payload=False)
            op.models.add(response)
            op.returns = f"AsyncPager[{response}]" if op.paged else response
        ops.append(op)
    type_params(spec, ops)
    return spec, ops


def legacy_type(name: str, raw: str) -> str:
    """A legacy body field's type, from the catalogue's JSON type (and a date-time's name)."""
    if raw == "string" and name.endswith("date_time"):
        return "datetime | str"
    scalars = {"string": "str", "integer": "int", "boolean": "bool", "number": "Decimal | str"}
    if raw.startswith("array<"):
        inner = raw[6:-1]
        return f"list[{scalars.get(inner, 'Mapping[str, Any]')}]"
    return scalars.get(raw, "Mapping[str, Any]")


# -- areas ------------------------------------------------------------------------------------


def assign_areas(spec: Spec, ops: list[Op]) -> dict[str, str]:
    """Each schema's module: its one area, or ``shared`` if several areas use it."""
    users: dict[str, set[str]] = defaultdict(set)

    def mark(name: str, area: str, seen: set[str]) -> None:
        if name in seen:
            return
        seen.add(name)
        users[name].add(area)
        for dep in spec.deps.get(name, ()):
            mark(dep, area, seen)

    for op in ops:
        for name in op.models:
            mark(name, AREA_OF[op.resource], set())
    for name in [*spec.models, *spec.unions, *spec.enums]:
        if name not in users:
            raise SystemExit(f"{name} is used by no operation")
    return {n: next(iter(a)) if len(a) == 1 else "shared" for n, a in users.items()}


# -- rendering ---------------------------------------------------------------------------------


def simplify_names(spec: Spec, ops: list[Op]) -> None:
    """``CourseWithIncludes`` is what every course call answers: call it ``Course``.

    Only where the bare ``Course`` schema is used by no operation, so nothing is lost.
    """
    renames = {
        n: n.removesuffix("WithIncludes")
        for n in [*spec.models, *spec.unions]
        if n.endswith("WithIncludes") and n.removesuffix("WithIncludes") not in spec.models
    }
    if not renames:
        return
    spec.renamed = {new: old for old, new in renames.items()}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, renames)) + r")\b")

    def sub(text: str) -> str:
        return pattern.sub(lambda m: renames[m.group(1)], text)

    spec.models = {
        sub(n): [Field(f.name, sub(f.type), f.required, f.number, nullable=f.nullable) for f in fs]
        for n, fs in spec.models.items()
    }
    spec.docs = {sub(n): d for n, d in spec.docs.items()}
    spec.payloads = {sub(n) for n in spec.payloads}
    spec.body_of = defaultdict(list, {sub(n): b for n, b in spec.body_of.items()})
    spec.required_doc = {sub(n): d for n, d in spec.required_doc.items()}
    spec.deps = defaultdict(set, {sub(n): {sub(d) for d in ds} for n, ds in spec.deps.items()})
    spec.unions = {
        sub(n): (p, {k: sub(v) for k, v in m.items()}, sub(b))
        for n, (p, m, b) in spec.unions.items()
    }
    for op in ops:
        op.returns = sub(op.returns)
        op.models = {sub(n) for n in op.models}
        if op.body:
            op.body = sub(op.body)
