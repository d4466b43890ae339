"""TutorCruncher's quirks, as the catalogue lists them, parse into the typed models."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from aio_edu_clients import TutorCruncher
from aio_edu_clients.tutorcruncher.models import (
    AdminRef,
    Appointment,
    AppointmentListItem,
    AppointmentStatus,
    Contractor,
    Invoice,
    NoteListItem,
    PublicContractor,
    Recipient,
    Service,
)

CONV = TutorCruncher.converter


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (10, AppointmentStatus.PLANNED),
        (15, AppointmentStatus.AWAITING_REPORT),
        (20, AppointmentStatus.COMPLETE),
        (30, AppointmentStatus.CANCELLED),
        (40, AppointmentStatus.CANCELLED_CHARGEABLE),
        ("planned", AppointmentStatus.PLANNED),
        ("Planned", AppointmentStatus.PLANNED),
        ("complete", AppointmentStatus.COMPLETE),
        ("Awaiting Report", AppointmentStatus.AWAITING_REPORT),
        ("Cancelled but Chargeable", AppointmentStatus.CANCELLED_CHARGEABLE),
        ("20", AppointmentStatus.COMPLETE),
    ],
)
def test_appointment_status_in_every_encoding(raw: object, expected: AppointmentStatus) -> None:
    assert CONV.structure({"id": 1, "status": raw}, Appointment).status is expected
    assert CONV.structure({"id": 1, "status": raw}, AppointmentListItem).status is expected


def test_unknown_appointment_status_survives() -> None:
    status = CONV.structure({"id": 1, "status": 99}, Appointment).status
    assert status is not None and not status.known and status.value == "99"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00:00:00", timedelta(0)),
        ("2 02:30:00", timedelta(days=2, hours=2, minutes=30)),
        ("01:15:30.5", timedelta(hours=1, minutes=15, seconds=30.5)),
        (0, timedelta(0)),
        (90, timedelta(seconds=90)),
    ],
)
def test_durations(raw: object, expected: timedelta) -> None:
    assert CONV.structure({"id": 1, "review_duration": raw}, Contractor).review_duration == expected
    assert (
        CONV.structure({"id": 1, "review_duration": raw}, PublicContractor).review_duration
        == expected
    )


def test_decimals_as_strings_or_numbers_in_one_payload() -> None:
    invoice = CONV.structure(
        {"id": 1, "net": 883.29, "still_to_pay": "0.00", "tax": 4.166666666666667}, Invoice
    )
    assert invoice.net == Decimal("883.29")
    assert invoice.still_to_pay == Decimal("0.00")
    assert invoice.tax == Decimal("4.166666666666667")
    service = CONV.structure(
        {"id": 2, "dft_charge_rate": 75.0, "contractor_tax_setup": 8361}, Service
    )
    assert service.dft_charge_rate == Decimal("75.0") and service.contractor_tax_setup == 8361


def test_note_creator_is_an_id_in_lists_and_an_object_in_detail() -> None:
    assert CONV.structure({"id": 1, "creator": 53}, NoteListItem).creator == 53
    creator = CONV.structure(
        {"id": 1, "creator": {"id": 53, "first_name": "Sam"}}, NoteListItem
    ).creator
    assert isinstance(creator, AdminRef) and creator.first_name == "Sam"


def test_recipient_academic_year_name_or_number() -> None:
    assert CONV.structure({"id": 1, "academic_year": 1}, Recipient).academic_year == 1
    assert CONV.structure({"id": 1, "academic_year": "Year 9"}, Recipient).academic_year == "Year 9"


def test_url_fields_on_other_hosts_are_kept_as_data() -> None:
    ref = CONV.structure(
        {"id": 4, "paying_client": {"id": 9, "url": "http://localhost:8000/api/clients/9/"}},
        Recipient,
    )
    assert (
        ref.paying_client is not None
        and ref.paying_client.url == "http://localhost:8000/api/clients/9/"
    )


def test_every_role_parses_v1_and_v2() -> None:
    for role in (Contractor, Recipient):
        v1 = CONV.structure({"id": 1, "user": {"first_name": "A", "last_name": "B"}}, role)
        v2 = CONV.structure({"id": 1, "first_name": "A", "last_name": "B", "photo": None}, role)
        assert v1.personal.last_name == v2.personal.last_name == "B"


def test_operations_cover_both_catalogues() -> None:
    """Every (method, path) of the catalogue and the addendum, and nothing else."""
    snapshot = Path(__file__).parent / "data" / "documented_operations.json"
    documented = {tuple(pair) for pair in json.loads(snapshot.read_text())["TutorCruncher"]}
    assert len(documented) == 106
    implemented = {(o.method, o.path) for o in TutorCruncher.operations()}
    assert documented == implemented
    names = {(o.resource, o.name) for o in TutorCruncher.operations()}
    for expected in [
        ("invoices", "take_payment"),
        ("payment_orders", "take_payment"),
        ("proforma_invoices", "take_payment"),
        ("appointments", "add_recipient"),
        ("appointments", "remove_contractor"),
        ("services", "add_contractor"),
        ("services", "remove_recipient"),
        ("clients", "add_label"),
        ("tenders", "accept"),
        ("tenders", "reject"),
        ("enquiry", "create"),
        ("action_types", "list"),
        ("contractors", "availability"),
        ("balance_updates", "create"),
        ("subjects", "create"),
        ("qual_levels", "delete"),
        ("wellbeing_concerns", "get"),
        ("clients", "options"),
        ("clients", "upsert"),
        ("clients", "update"),
        ("clients", "delete"),
    ]:
        assert expected in names, expected
