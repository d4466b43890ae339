"""Generate ``aio_edu_clients/tutorcruncher/models/_generated.py`` from the catalogue.

Source: ``shared/api/tutorcruncher.json`` (models scraped from the vendor docs) plus
the few objects only the addendum knows. Every field is optional (the vendor elides
fields between shapes), lists default to empty, except ``id``: every object the
docs give an id always carries it (the objects that carry none — tenders, reports,
proforma list items — have no ``id`` field at all), so ``id`` is a required ``int``,
the type every ``get()`` takes, and an answer without one is a ``DecodeError``
naming the field rather than a model whose id is silently None. The quirks that
need a type of their own are mapped here, in one place:

* money and coordinates (``decimal``) → ``Decimal`` from strings or numbers;
* ``*_duration`` / ``total_paid_hours`` → ``Duration`` (``"2 02:30:00"``, seconds);
* appointment ``status`` → ``AppointmentStatus`` (codes, slugs or Title Case);
* roles (Agent, Client, Contractor, Recipient) → ``PersonalFields`` base, so both
  Roles API V1 (``user``) and V2 (flat fields, ``photo``) shapes parse.

Run from the repository root: ``python tools/gen_tutorcruncher_models.py``, then
``ruff format`` the output. The output is committed and reviewed like hand-written code.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "api"
OUT = ROOT / "aio_edu_clients" / "tutorcruncher" / "models" / "_generated.py"

HAND_WRITTEN = {
    "User",
    "Page",
    "UserInput",
    "RoleWriteResponse",
    "WebhookPayload",
    "WebhookEvent",
    "WebhookActor",
    "WebhookSubject",
}
ROLES = {"Agent", "Client", "Contractor", "Recipient"}
PERSONAL = [
    "title",
    "first_name",
    "last_name",
    "email",
    "mobile",
    "phone",
    "street",
    "state",
    "town",
    "country",
    "postcode",
    "latitude",
    "longitude",
    "date_created",
    "timezone",
]

# Objects the addendum documents that the scraped catalogue lacks (fields from its prose).
EXTRA_MODELS: dict[str, list[tuple[str, str]]] = {
    "BalanceUpdate": [
        ("id", "integer"),
        ("role", "RoleRef"),
        ("credit_amount", "decimal"),
        ("method", "string"),
        ("update_type", "string"),
        ("description", "string"),
        ("created", "datetime"),
        ("balance", "decimal"),
    ],
    "SubjectCategory": [("id", "integer"), ("name", "string")],
    "WellbeingConcern": [
        ("id", "integer"),
        ("recipient", "RoleRef"),
        ("creator", "RoleRef"),
        ("severity", "string"),
        ("status", "string"),
        ("description", "string"),
        ("created", "datetime"),
    ],
    "InvoiceCreateResponse": [
        ("invoices", "array<InvoiceListItem>"),
        ("payment_orders", "array<PaymentOrderListItem>"),
    ],
}

# Fields the addendum documents on objects the catalogue already has.
EXTRA_FIELDS: dict[str, list[tuple[str, str]]] = {
    "Invoice": [("pdf_url", "string")],
    "PaymentOrder": [("pdf_url", "string")],
    "ProformaInvoice": [("pdf_url", "string")],
}

SCALARS = {
    "string": "str",
    "integer": "int",
    "decimal": "Decimal",
    "datetime": "datetime",
    "date": "date",
    "boolean": "bool",
    "object": "dict[str, Any]",
    "integer|string": "int | str",
    "Agent|Client|Contractor|Recipient": "dict[str, Any]",
    "T": "Any",
}


# Fields whose type the catalogue gets too narrow (quirks), or that are open enums.
ENUM_FIELDS = {
    ("Client", "status"): "ClientStatus",
    ("Client", "auto_charge"): "int | bool",  # documented 0/10/20, examples send true
    ("Service", "contractor_tax_setup"): "int | str",  # 8361 on create, text on GET
    ("Recipient", "academic_year"): "int | str",  # described as a name, created as 1
    ("NoteListItem", "creator"): "int | AdminRef",  # an id in lists, an object in detail
}


def field_type(model: str, name: str, raw: str, known: set[str]) -> str:
    if (model, name) in ENUM_FIELDS:
        return ENUM_FIELDS[model, name]
    if name.endswith("duration") or name == "total_paid_hours":
        return "Duration"
    if name == "status" and model.startswith("Appointment"):
        return "AppointmentStatus"
    if raw.startswith("array<"):
        return f"list[{field_type(model, '', raw[6:-1], known)}]"
    if raw in SCALARS:
        return SCALARS[raw]
    if raw in known:
        return raw
    return "Any"


def load() -> dict[str, list[tuple[str, str, str]]]:
    catalogue = json.loads((SHARED / "tutorcruncher.json").read_text())
    models: dict[str, list[tuple[str, str, str]]] = {}
    for name, spec in catalogue["models"].items():
        if name in HAND_WRITTEN:
            continue
        models[name] = [
            (f["name"], f["type"], f.get("description", "")) for f in spec.get("fields", [])
        ]
    for name, fields in EXTRA_MODELS.items():
        models[name] = [(n, t, "") for n, t in fields]
    for name, fields in EXTRA_FIELDS.items():
        models[name] += [(n, t, "") for n, t in fields]
    return models


def order(models: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    """Dependencies first, so annotations name classes already defined."""
    done: list[str] = []

    def visit(name: str, stack: tuple[str, ...] = ()) -> None:
        if name in done or name in stack or name not in models:
            return
        for _, raw, _ in models[name]:
            for ref in re.findall(r"[A-Z]\w+", raw):
                visit(ref, (*stack, name))
        done.append(name)

    for name in sorted(models):
        visit(name)
    return done


def render(models: dict[str, list[tuple[str, str, str]]]) -> str:
    known = set(models) | {"User"}
    out = [
        '"""TutorCruncher models, generated by tools/gen_tutorcruncher_models.py: do not edit by hand."""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import datetime",
        "from decimal import Decimal",
        "from typing import Any",
        "",
        "import attrs",
        "",
        "from ...core.models import Model",
        "from ._quirks import AppointmentStatus, ClientStatus, Duration, PersonalFields, User",
        "",
    ]
    for name in order(models):
        base = "PersonalFields" if name in ROLES else "Model"
        out += ["", "@attrs.frozen(kw_only=True)", f"class {name}({base}):"]
        fields = models[name]
        if name in ROLES:
            fields = [f for f in fields if f[0] != "user"]
            out.append(
                '    """Roles API V1 nests personal fields in ``user``; V2 has them flat (and ``photo``)."""'
            )
            out.append("")
            out.append("    user: User | None = None")
            out.append("    photo: str | None = None")
        for fname, raw, _ in fields:
            if name in ROLES and fname in PERSONAL:
                continue
            ftype = field_type(name, fname, raw, known)
            if fname == "id" and ftype == "int":
                out.append("    id: int")
            elif ftype.startswith("list["):
                out.append(f"    {fname}: {ftype} = attrs.field(factory=list)")
            else:
                out.append(f"    {fname}: {ftype} | None = None")
        if not fields and name not in ROLES:
            out.append("    pass")
    out.append("")
    names = ", ".join(f'"{n}"' for n in sorted(models))
    out.append(f"__all__ = [{names}]")
    return "\n".join(out) + "\n"


def main() -> int:
    OUT.write_text(render(load()))
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
