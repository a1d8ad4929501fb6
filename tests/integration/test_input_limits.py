"""The services refuse implausible input themselves (the window calls them directly), on SQLite and PostgreSQL,
and a refusal changes nothing: 2,147,483,648 vials, an expiry of 9999-12-31, a receipt on 0001-01-01, a lot
number holding U+202E, a note of 100,000 characters, a blank quarantine reason (it used to release the lot),
and the same limits on subjects, weights, labs, toxicities, visits and users."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from app.errors import InputError
from app.services import stock, users
from app.services.clinical import LabInput, record_labs, record_weight
from app.services.stock import LotReceipt, receive_shipment
from app.services.subjects import correct_subject, enrol_subject
from app.services.toxicities import record_toxicity, stop_treatment
from app.services.visits import book_visit, cancel_booking, record_visit_missed

from ._services import PASSWORD, World, unchanged

STRENGTH = Decimal(200)


@pytest.fixture
def world(database: Any) -> World:
    return World.build(database)


def _receive(world: World, *, lots: list[LotReceipt] | None = None, **changes: Any) -> Any:
    arguments: dict[str, Any] = {
        "reference": "SH-1",
        "received_on": world.today,
        "lots": lots or [LotReceipt("LOT-1", STRENGTH, world.today + timedelta(days=300), 10)],
        "protocol_id": "nct07343453",
    }
    arguments.update(changes)
    return receive_shipment(world.uow("pharmacist"), **arguments)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"lots": [LotReceipt("LOT-1", STRENGTH, date(2027, 1, 1), 2_147_483_648)]}, "from 1 to 10,000"),
        (
            {"lots": [LotReceipt("LOT-1", STRENGTH, date(9999, 12, 31), 5)]},
            "between 1900-01-01 and 2200-12-31",
        ),
        ({"received_on": date(1, 1, 1)}, "between 1900-01-01 and 2200-12-31"),
        ({"lots": [LotReceipt("LOT\u202e1", STRENGTH, date(2027, 1, 1), 5)]}, "U+202E"),
        ({"lots": [LotReceipt("LOT\x001", STRENGTH, date(2027, 1, 1), 5)]}, "control character"),
        ({"lots": [LotReceipt("LOT-1", Decimal(0), date(2027, 1, 1), 5)]}, "above zero"),
        (
            {"lots": [LotReceipt("LOT-1", Decimal("1e999999999"), date(2027, 1, 1), 5)]},
            "strength of lot LOT-1",
        ),
        ({"note": "n" * 100_000}, "too long"),
        ({"reference": "SH\u20661"}, "U+2066"),
        ({"quarantine_reason": " "}, "the reason for quarantine"),
        ({"quarantine_reason": "r" * 100_000}, "too long"),
    ],
)
def test_receiving_refuses_implausible_input_and_changes_nothing(
    world: World, database: Any, change: dict[str, Any], words: str
) -> None:
    unchanged(database, lambda: _receive(world, **change), InputError, words)


def test_a_blank_quarantine_reason_never_releases_a_lot(world: World, database: Any) -> None:
    unchanged(database, lambda: _receive(world, quarantine_reason="   "), InputError, "reason for quarantine")
    [summary] = _receive(world, quarantine_reason="temperature excursion")
    assert summary.status == stock.LotStatus.QUARANTINED


def test_stock_movements_refuse_implausible_input(world: World, database: Any) -> None:
    _receive(world)
    pharmacist = world.uow
    cases = [
        (lambda: stock.quarantine_lot(pharmacist("pharmacist"), "LOT-1", "x" * 100_000), "too long"),
        (lambda: stock.quarantine_lot(pharmacist("pharmacist"), "LOT-1", "bad \u202eday"), "U+202E"),
        (lambda: stock.release_lot(pharmacist("pharmacist"), "LOT-1", " "), "reason for releasing"),
        (
            lambda: stock.return_to_sponsor(
                pharmacist("pharmacist"), "LOT-1", 2_147_483_648, "recall", PASSWORD
            ),
            "from 1 to 10,000",
        ),
        (
            lambda: stock.destroy_vials(
                pharmacist("pharmacist"), "LOT-1", 1, "broken", PASSWORD, reference="R\u202e1"
            ),
            "U+202E",
        ),
        (lambda: stock.stock_alerts(pharmacist("pharmacist"), today=date(9999, 12, 31)), "2200-12-31"),
    ]
    for action, words in cases:
        unchanged(database, action, InputError, words)


def test_subjects_weights_labs_and_toxicities_refuse_implausible_input(world: World, database: Any) -> None:
    subject_id = world.enrol("009-001", c1d1=world.today)

    def enrol(**changes: Any) -> Any:
        values: dict[str, Any] = {
            "subject_number": "009-002",
            "initials": "AB",
            "birth_date": date(1970, 1, 1),
            "sex": "female",
            "baseline_weight_kg": Decimal("60"),
            "height_cm": Decimal("160"),
            "planned_c1d1": world.today + timedelta(days=3),
        }
        values.update(changes)
        return enrol_subject(world.uow("coordinator"), **values)

    cases = [
        (lambda: enrol(planned_c1d1=date(9999, 12, 31)), "2200-12-31"),
        (lambda: enrol(birth_date=date(1, 1, 1)), "1900-01-01"),
        (lambda: enrol(baseline_weight_kg=Decimal("1e999999999")), "baseline weight"),
        (lambda: enrol(height_cm=Decimal("1e999999999")), "height"),
        (lambda: enrol(height_cm=Decimal("400")), "not plausible"),
        (lambda: enrol(allergies="a" * 100_000), "too long"),
        (
            lambda: correct_subject(world.uow("coordinator"), subject_id, "typo", allergies="x\u202ey"),
            "U+202E",
        ),
        (
            lambda: correct_subject(world.uow("coordinator"), subject_id, "r" * 100_000, sex="male"),
            "too long",
        ),
        (
            lambda: record_weight(
                world.uow("coordinator"), subject_id, Decimal(61), world.today, "nurse \u202eChen"
            ),
            "U+202E",
        ),
        (
            lambda: record_weight(
                world.uow("coordinator"), subject_id, Decimal(61), world.today, "n" * 100_000
            ),
            "too long",
        ),
        (
            lambda: record_weight(
                world.uow("coordinator"), subject_id, Decimal("1e999999999"), world.today, "Chen"
            ),
            "weight",
        ),
        (
            lambda: record_weight(world.uow("coordinator"), subject_id, Decimal(61), date(1, 1, 1), "Chen"),
            "1900-01-01",
        ),
        (
            lambda: record_labs(
                world.uow("coordinator"),
                subject_id,
                [LabInput("neutrophils", Decimal("1e999999999"), "10^9/L")],
                world.today,
            ),
            "not a plausible value",
        ),
        (
            lambda: record_labs(
                world.uow("coordinator"),
                subject_id,
                [LabInput("neutrophils", Decimal(2), "10^9/L")],
                date(1, 1, 1),
            ),
            "1900-01-01",
        ),
        (
            lambda: record_toxicity(world.uow("investigator"), subject_id, "x" * 100_000, 3, world.today),
            "too long",
        ),
        (
            lambda: stop_treatment(world.uow("investigator"), subject_id, date(1, 1, 1), "PROGRESSIVE DISEASE"),
            "1900-01-01",
        ),
    ]
    for action, words in cases:
        unchanged(database, action, InputError, words)


def test_visits_and_users_refuse_implausible_input(world: World, database: Any) -> None:
    subject_id = world.enrol("009-003", c1d1=world.today + timedelta(days=3))
    screening = world.visit(subject_id, "SCR").id
    c1d1 = world.visit(subject_id, "C1D1").id
    cases = [
        (lambda: book_visit(world.uow("coordinator"), c1d1, date(9999, 12, 31)), "2200-12-31"),
        (lambda: book_visit(world.uow("coordinator"), c1d1, world.today, "r" * 100_000), "too long"),
        (lambda: record_visit_missed(world.uow("coordinator"), screening, "other", "r\x1b[2J"), "control character"),
        (lambda: cancel_booking(world.uow("coordinator"), c1d1, "r" * 100_000), "too long"),
        (
            lambda: users.create_user(
                world.uow("admin"), "new\u202euser", "New User", PASSWORD, ["pharmacist"]
            ),
            "user name",
        ),
        (
            lambda: users.create_user(world.uow("admin"), "newuser", "N" * 100_000, PASSWORD, ["pharmacist"]),
            "too long",
        ),
        (
            lambda: users.create_user(
                world.uow("admin"), "newuser", "New \u202eUser", PASSWORD, ["pharmacist"]
            ),
            "U+202E",
        ),
        (
            lambda: users.create_user(
                world.uow("admin"), "newuser", "New User", "p" * 100_000, ["pharmacist"]
            ),
            "at most 1024",
        ),
    ]
    for action, words in cases:
        unchanged(database, action, InputError, words)
    with pytest.raises(users.SignInError):
        users.sign_in(world.uow(None), "admin", "p" * 10_000_000)  # refused at once, not hashed for seconds
