"""Deterministic records for every Eduframe collection, shaped by the spec's schemas.

Courses and planned courses keep their hand-written generator (`_eduframe_data`);
every other store is filled here from its snapshot schema (`_ef_spec.STORE_SCHEMAS`):
a field's value comes first from its name (``first_name``, ``email``, ``*_id``,
``*_at``, ``slug``...), then from its type (enums pick a spec value, decimals are
strings like ``"450.00"``, ``?`` fields are sometimes ``null``). Foreign keys point at
records that exist, so a user can follow ``enrollment.planned_course_id`` and find it.
The same seed always gives the same data: one ``random.Random(seed)`` per store,
seeded from the store's name, so adding a store never reshuffles the others.
"""

from __future__ import annotations

import random
import unicodedata
import zlib
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ._eduframe_data import CDN, HOST, SUBJECTS, stamp
from ._ef_spec import OPERATIONS, STORE_SCHEMAS, Field, fields, split_kind

__all__ = ["COUNTS", "PARENT_FIELDS", "PRIVATE", "Generator", "make_stores", "string_ids"]

Record = dict[str, Any]

# Small by default so the fake starts fast; ``FakeEduframe(counts={...})`` overrides.
COUNTS: dict[str, int] = {
    "users": 30, "teachers": 12, "accounts": 12, "enrollments": 40, "orders": 16,
    "invoices": 14, "payments": 20, "meetings": 40, "leads": 10, "labels": 10,
    "categories": 8, "educators": 1, "custom_objects": 3, "custom_field_options": 12,
    "webhooks": 3, "webhook_notifications": 12, "webhook_notifications_failed": 6,
}  # fmt: skip
DEFAULT_COUNT = 8
# The order stores are filled in: parents before the children that point at them.
FIRST = ("courses", "planned_courses", "users", "teachers", "accounts", "categories",
         "labels", "invoices", "webhooks", "custom_objects", "program_programs",
         "program_editions", "course_locations", "meeting_locations", "materials")  # fmt: skip
# Custom fields are per object type (the spec's CustomObjectTypeInPath enum) and slug.
OBJECT_TYPES = ("users", "accounts", "catalog_products", "catalog_variants", "teachers")
FIELD_SLUGS = ("industry", "shirt_size", "dietary_preference")
# *_id fields whose store is not simply the plural of their name.
FK_STORES = {
    "student_id": "users", "creator_id": "users", "key_contact_user_id": "users",
    "grader_id": "users", "administrator_id": "users", "assigned_by_id": "users",
    "assignee_id": "users", "completed_by_id": "users", "attendable_id": "users",
    "parent_id": "categories", "edition_id": "program_editions",
    "program_id": "program_programs", "product_id": "catalog_products",
    "catalog_product_id": "catalog_products", "catalog_variant_id": "catalog_variants",
    "element_id": "program_elements", "personal_program_id": "program_personal_program_elements",
    "course_enrollment_id": "enrollments", "productable_id": "courses",
    "variantable_id": "planned_courses", "commentable_id": "courses", "gradeable_id": "enrollments",
    "subject_id": "courses", "custom_object_id": "custom_objects",
    "authentication_provider_id": "", "certificate_template_id": "", "plugin_id": "",
    "gateway_id": "", "event_id": "", "resource_id": "", "conflicting_event_id": "",
}  # fmt: skip
FIRST_NAMES = ("Daan", "Emma", "Sem", "Julia", "Lucas", "Mila", "Finn", "Tess", "Levi", "Sophie",
               "Noah", "Zoë", "Milan", "Sara", "Bram", "Anouk", "Jesse", "Fleur", "Thijs", "Lotte",
               "Ahmed", "Fatima", "Priya", "Wei", "Olga", "Sigrún")  # fmt: skip
LAST_NAMES = ("Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
              "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
              "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz", "El Amrani", "Jónsdóttir")  # fmt: skip
MIDDLE = (None, None, None, None, "van", "de", "van der")
CITIES = (("Amsterdam", "1012 AB"), ("Utrecht", "3511 LN"), ("Rotterdam", "3011 AD"),
          ("Den Haag", "2511 CV"), ("Groningen", "9711 LM"), ("Eindhoven", "5611 EM"),
          ("Zwolle", "8011 CW"), ("Leiden", "2311 EZ"))  # fmt: skip
STREETS = ("Keizersgracht", "Oudegracht", "Coolsingel", "Lange Voorhout", "Grote Markt",
           "Stratumseind", "Breestraat", "Diezerstraat")  # fmt: skip
COMPANIES = ("Rabobank", "Gemeente Utrecht", "Philips", "ASML", "Hogeschool Windesheim",
             "Erasmus MC", "Coolblue", "bol.com", "KLM", "Rijkswaterstaat", "Albert Heijn")  # fmt: skip
NAMES: dict[str, tuple[str, ...]] = {
    "categories": ("Data & IT", "Management", "Communication", "Finance", "Languages",
                   "Health & Safety", "Marketing", "Personal Development"),
    "labels": ("VIP", "Alumni", "Newsletter", "Invoice by post", "Government", "Partner",
               "Follow up", "In-company", "Subsidised", "Late payer"),
    "course_locations": ("Amsterdam Zuidas", "Utrecht Centraal", "Rotterdam Kop van Zuid",
                         "Online", "In-company", "Den Haag Centrum"),
    "meeting_locations": ("Room 1.01", "Room 1.02", "Auditorium", "Lab 3", "Boardroom",
                          "Zoom", "Room 2.14", "Studio"),
    "material_groups": ("Laptops", "Projectors", "Books", "Catering", "Lab equipment"),
    "materials": ("MacBook Pro 14", "Epson projector", "Flip-over", "Reader PRINCE2",
                  "Lunch package", "VR headset", "Whiteboard markers", "Statistics handbook"),
    "teacher_roles": ("Lead teacher", "Co-teacher", "Assessor", "Guest speaker", "Coach"),
    "invoice_vats": ("High rate", "Low rate", "Exempt", "Zero rate"),
    "payment_methods": ("iDEAL", "Bank transfer", "Credit card", "Invoice", "PayPal"),
    "payment_options": ("Pay at once", "Pay in 3 terms", "Pay in 10 terms", "Employer pays"),
    "course_variants": ("Classroom", "Online", "Blended", "In-company", "Evening"),
    "course_tabs": ("Description", "Programme", "Costs", "Teachers", "Reviews"),
    "credit_categories": ("EC", "PE points", "CPD hours"),
    "referrals": ("Google", "LinkedIn", "Colleague", "Newsletter", "Trade fair"),
    "program_programs": ("Master Data Science", "Bachelor Business Administration",
                         "Executive Leadership Programme", "Post-HBO Project Management"),
    "discount_codes": ("EARLYBIRD", "ALUMNI10", "SPRING25", "PARTNER", "WELCOME"),
    "custom_objects": ("Contract", "Internship", "Room booking", "Accreditation"),
    "signup_questions": ("Date of birth", "Dietary requirements", "Employer",
                         "How did you hear about us?", "Purchase order number",
                         "Previous education", "Accessibility needs", "BIG registration"),
    "tasks": ("Call back about the invoice", "Send the certificate", "Check the intake form",
              "Book a room for the exam", "Confirm the teacher", "Chase the purchase order"),
    "theses": ("Feedback literacy in vocational education", "Learning analytics in practice",
               "Blended learning for adult learners", "Assessment as learning"),
}  # fmt: skip
SENTENCES = ("Please bring your own laptop.", "Lunch is included.",
             "Requested by the customer via the website.", "Call back after the summer.",
             "Invoice to the employer, reference on the PO.", "Moved to the evening group.",
             "Great participation, recommended for the advanced level.", None)  # fmt: skip
EPOCH = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
# Free-text fields with a handful of realistic values.
STR_CHOICES: dict[str, tuple[str | None, ...]] = {
    "grade": ("8.5", "7", "6.5", "Pass", "Excellent", None),
    "score": ("8.5", "7.0", "6.5", "9.0", None),
    "result": ("Passed", "Certificate", "Diploma", "Failed"),
    "quality": ("0.8", "0.5", "0.25", None),
    "value": ("2500.00", "12000.00", "750.00", None),
    "origin": ("website", "admin", "api", "import"),
    "creation_method": ("website", "admin", "api", "import"),
    "state_province": (None, None, "Utrecht", "Noord-Holland"),
    "address_line2": (None, None, "2nd floor", "Building B"),
    "addressee": (None, "Finance department", "T.a.v. de crediteurenadministratie"),
    "teacher_headline": ("Data scientist and trainer", "PRINCE2 practitioner", None),
    "level": ("Beginner", "Intermediate", "Advanced", "HBO", "MBO 4"),
    "duration": ("1 day", "3 days", "6 weeks", "10 weeks"),
    "feature": (None, "Subsidised", "In-company"),
    "keywords": ("learning analytics", "didactics", "assessment"),
    "authors": ("Jansen, E.", "de Vries, S.", "Bakker, L."),
    "supervisors": ("Prof. dr. M. Visser", "Dr. A. Smit"),
    "visibility": ("signup", "dashboard", "admin"),
    "choices": ("Yes", "No", "Maybe"),
    "slug_history": ("old-slug",),
    "time_zone": ("Europe/Amsterdam",),
}
_PUBLISHED_LIKE = ("is_published", "active", "enabled", "show_on_website", "available_places")


def _private_fields() -> dict[str, tuple[tuple[str, str], ...]]:
    """Per store, the (path parameter, record field) pairs linking a child to its parent.
    A parent the schema does not show is kept in a private ``_name`` field."""
    out: dict[str, dict[str, str]] = {}
    for op in OPERATIONS:
        names = {f.name for f in fields(STORE_SCHEMAS.get(op.store, ""))}
        for param, _, field in op.parents:
            out.setdefault(op.store, {})[param] = field if field in names else "_" + field
    return {store: tuple(links.items()) for store, links in out.items()}


PARENT_FIELDS = _private_fields()
PRIVATE = frozenset(
    store for store, links in PARENT_FIELDS.items() if any(f.startswith("_") for _, f in links)
)


def string_ids(store: str) -> bool:
    """Whether the store's ids are strings (webhooks and their notifications)."""
    return any(f.name == "id" and f.kind == "str" for f in fields(STORE_SCHEMAS.get(store, "")))


def _slug(text: str) -> str:
    keep = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in keep.split("-") if part)


class Generator:
    """Fills stores; also makes the defaults of records created through the API."""

    def __init__(self, seed: int, stores: Mapping[str, Mapping[Any, Record]]) -> None:
        self.seed = seed
        self.stores = stores
        self.rng = random.Random(seed)
        self._keys: dict[str, list[Any]] = {}

    def fill(self, store: str, count: int) -> dict[Any, Record]:
        self.rng = random.Random(self.seed * 7919 + zlib.crc32(store.encode()))
        schema = STORE_SCHEMAS[store]
        textual = string_ids(store)
        out: dict[Any, Record] = {}
        for n in range(1, count + 1):
            key: Any = self.uuid() if textual else n
            out[key] = self.record(store, schema, key, n)
        return out

    def record(self, store: str, schema: str, key: Any, n: int, depth: int = 0) -> Record:
        rec: Record = {}
        for f in fields(schema):
            if f.name == "id" and depth == 0:
                rec["id"] = key
            else:
                rec[f.name] = self.value(store, f, rec, n, depth)
        if depth == 0:
            for _, field in PARENT_FIELDS.get(store, ()):
                rec[field] = self.parent_value(field.lstrip("_"))
        return rec

    def forget(self, store: str | None = None) -> None:
        """Drop the cached keys of ``store`` (of every store if None): they changed."""
        if store is None:
            self._keys.clear()
        else:
            self._keys.pop(store, None)

    def parent_value(self, param: str) -> Any:
        if param == "object_type":
            return self.rng.choice(OBJECT_TYPES)
        if param == "field_slug":
            return self.rng.choice(FIELD_SLUGS)
        return self.ref(param)

    def uuid(self) -> str:
        raw = f"{self.rng.getrandbits(128):032x}"
        return f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-a{raw[17:20]}-{raw[20:]}"

    def ref(self, field: str) -> Any:
        """An id of an existing record of the store ``field`` points at."""
        store = FK_STORES.get(field)
        if store is None:
            base = field.removesuffix("_ids").removesuffix("_id")
            for name in (base + "s", base[:-1] + "ies", "program_" + base + "s", base):
                if name in self.stores:
                    store = name
                    break
        keys = self._keys.get(store or "")
        if keys is None:
            keys = self._keys[store or ""] = list(self.stores.get(store or "", ()))[:50]
        return self.rng.choice(keys) if keys else self.rng.randrange(1, 9)

    def value(self, store: str, f: Field, rec: Record, n: int, depth: int) -> Any:
        rng, name = self.rng, f.name
        if f.nullable and rng.random() < 0.15 and name not in ("name", "email"):
            return None
        kind, options = split_kind(f.kind)
        if kind == "enum":
            if name == "country":
                return "NL" if rng.random() < 0.8 else rng.choice(("BE", "DE", "GB", "IS"))
            if name == "currency":
                return "EUR" if rng.random() < 0.8 else rng.choice(options)
            return rng.choice(options)
        if kind.startswith("["):
            inner = Field(name, kind[1:-1], False)
            if name.endswith("_ids"):
                return sorted({self.ref(name) for _ in range(rng.randrange(0, 3))})
            if depth >= 2:
                return []
            return [self.value(store, inner, rec, n, depth + 1) for _ in range(rng.randrange(1, 3))]
        if kind.startswith("@"):
            if depth >= 2:
                return None
            return self.record(store, kind[1:], n, n, depth + 1)
        if name.endswith("_id") and kind == "int":
            return self.ref(name)
        if name.endswith("_id") and kind == "str":
            return self.uuid()
        if kind in ("dt",) or name.endswith("_at") or name.endswith("date_time"):
            return self.timestamp(name, rec, n)
        if kind == "date" or name.endswith("_date") or name == "date":
            start = rec.get("start_date")
            if ("end" in name or name.startswith("expir")) and isinstance(start, str):
                then = date.fromisoformat(start) + timedelta(days=rng.randrange(30, 120))
                return then.isoformat()
            return (date(2025, 9, 1) + timedelta(days=rng.randrange(0, 540))).isoformat()
        if kind == "dec":
            return self.decimal(name)
        if kind == "bool":
            return rng.random() < (0.8 if name in _PUBLISHED_LIKE else 0.4)
        if kind in ("int", "num"):
            return self.number(name, n)
        if kind in ("str", "email", "uri"):
            return self.text(store, name, rec, n)
        if kind == "obj":
            return self.blob(name, n)
        return None

    def timestamp(self, name: str, rec: Record, n: int) -> str:
        """Created on a steady clock by ``n``; updated later; ends after starts."""
        created = EPOCH + timedelta(days=3 * n, minutes=15 * n + 7 * len(rec))
        if name == "created_at":
            return stamp(created)
        if name == "updated_at":
            return stamp(created + timedelta(days=self.rng.randrange(0, 60), seconds=n))
        start = rec.get(name.replace("end", "start"))
        if "end" in name and isinstance(start, str):
            began = datetime.fromisoformat(start.replace("Z", "+00:00"))
            return stamp(began + timedelta(hours=self.rng.choice((2, 3, 4, 8))))
        return stamp(
            created + timedelta(days=self.rng.randrange(0, 400), hours=self.rng.randrange(9))
        )

    def decimal(self, name: str) -> str:
        rng = self.rng
        if "percentage" in name:
            return rng.choice(("21.0", "9.0", "0.0"))
        if "multiplier" in name:
            return rng.choice(("1.21", "1.09", "1.0"))
        return f"{rng.randrange(4, 80) * 25}.{rng.choice(('00', '50', '95'))}"

    def number(self, name: str, n: int) -> int:
        rng = self.rng
        if name == "position":
            return n
        if name in ("number", "order_number", "number_int"):
            return 2025_0000 + n
        if "capacity" in name or "participants" in name:
            return rng.choice((8, 12, 16, 20, 24))
        if name == "status_code":
            return rng.choice((200, 200, 500, 404))
        if name == "credits":
            return rng.choice((1, 2, 3, 5, 15))
        return rng.randrange(1, 50)

    def text(self, store: str, name: str, rec: Record, n: int) -> str | None:
        rng = self.rng
        if name == "first_name":
            return rng.choice(FIRST_NAMES)
        if name == "last_name":
            return rng.choice(LAST_NAMES)
        if name == "middle_name":
            return rng.choice(MIDDLE)
        if name in STR_CHOICES:
            return rng.choice(STR_CHOICES[name])
        if name.endswith("_type"):
            return rng.choice(("User", "Course", "PlannedCourse", "Order", "Account"))
        if name.endswith("number"):
            return f"{name[0].upper()}{2025_00000 + n}"
        if name == "email" or name.endswith("_email"):
            if rec.get("first_name") and rec.get("last_name"):
                handle = f"{rec['first_name']}.{rec['last_name']}".lower()
                plain = unicodedata.normalize("NFKD", handle).encode("ascii", "ignore").decode()
                return f"{_slug(plain).replace('-', '.')}{n}@example.nl"
            return f"info@{_slug(str(rec.get('name') or store))}.example.nl"
        if "phone" in name:
            return f"+31 6 {rng.randrange(10_000_000, 99_999_999)}"
        if name in ("name", "title", "display_name", "name_singular", "account_name",
                    "company_name", "resource_name"):  # fmt: skip
            return self.name(store, name, rec, n)
        if name == "name_plural":
            return str(rec.get("name_singular") or "Item") + "s"
        if name in ("slug", "sku", "uid", "reference_id", "code", "discount_code"):
            base = _slug(str(rec.get("name") or f"{store}-{n}"))
            return base.upper()[:12] if name in ("sku", "code", "discount_code") else base
        if name.endswith("url") or name in ("url", "avatar"):
            return f"{CDN}/{store}/{n}/{name}.jpg" if "avatar" in name else f"{HOST}/{store}/{n}"
        if name == "color":
            return f"#{rng.randrange(0x1000000):06x}"
        if name == "address":
            return f"{rng.choice(STREETS)} {rng.randrange(1, 300)}"
        if name == "postal_code":
            return rng.choice(CITIES)[1]
        if name == "city":
            return rng.choice(CITIES)[0]
        if name in ("currency",):
            return "EUR"
        if name in ("data", "response"):
            return '{"ok": true}'
        return rng.choice(SENTENCES) or f"{store.replace('_', ' ').capitalize()} note {n}"

    def name(self, store: str, field: str, rec: Record, n: int) -> str:
        if field in ("account_name", "company_name"):
            return self.rng.choice(COMPANIES)
        if field == "name" and "first_name" in rec:
            return f"{rec['first_name']} {rec['last_name']}"
        names = NAMES.get(store)
        if names:
            base = names[(n - 1) % len(names)]
            return base if n <= len(names) else f"{base} {(n - 1) // len(names) + 1}"
        if store in ("accounts", "leads"):
            return COMPANIES[(n - 1) % len(COMPANIES)]
        if store in ("catalog_products", "catalog_variants", "program_editions", "meetings"):
            return f"{SUBJECTS[(n - 1) % len(SUBJECTS)]} {2025 + n % 2}"
        return f"{store.replace('_', ' ').capitalize().rstrip('s')} {n}"

    def blob(self, name: str, n: int) -> dict[str, Any]:
        if name == "custom":
            return {"internal_code": f"INT-{n:04d}", "accredited": self.rng.random() < 0.3}
        if name == "properties":
            return {"industry": self.rng.choice(("Education", "Health", "Government", "IT"))}
        if name == "data":
            return {"event": "order.created", "event_data": {"id": n}}
        return {}


def make_stores(
    seed: int, counts: Mapping[str, int], existing: Mapping[str, Mapping[Any, Record]]
) -> dict[str, dict[Any, Record]]:
    """Every store not in ``existing`` (courses, planned courses), filled in ``FIRST``
    order then alphabetically, ``counts[store]`` records each (``COUNTS`` by default)."""
    stores: dict[str, Any] = dict(existing)
    gen = Generator(seed, stores)
    names = sorted(STORE_SCHEMAS, key=lambda s: (FIRST.index(s) if s in FIRST else len(FIRST), s))
    for store in names:
        if store in stores:
            continue
        stores[store] = gen.fill(store, counts.get(store, COUNTS.get(store, DEFAULT_COUNT)))
        gen.forget(store)
    # Every third user teaches, so ``/planning/teachers`` is never empty.
    for user in list(stores["users"].values())[::3]:
        if "teacher" not in user["roles"]:
            user["roles"] = [*user["roles"], "teacher"]
    return {name: stores[name] for name in names if name not in existing}
