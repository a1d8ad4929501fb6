"""`dosedesk demo`: a realistic trial written through the services, checked as a pharmacist would look at it.

Filling the demo runs six months of clinic through the services (about 15 s), so these tests are `slow`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.commands.demo import USERS, fill_demo
from app.errors import InputError
from app.models import DoseLevelChange, EligibilityDecision, Hold
from app.protocol import load_protocol
from app.scheduling import default_clinic
from app.services import eligibility, stock, users
from app.services.database import Database, check_database, check_report, open_database
from app.services.queries import (
    OrderRow,
    PatientRow,
    clinic_list,
    list_orders,
    list_visits,
    patient_list,
    pharmacy_queue,
    reader,
)

from ._services import unchanged

pytestmark = pytest.mark.slow

EVERY_STATE = {
    "draft",
    "prescribed",
    "verified",
    "prepared",
    "checked",
    "started",
    "completed",
    "stopped",
    "cancelled",
    "superseded",
}


def _check_demo(database: Database, day: date, moment: datetime) -> None:
    patients = patient_list(database.uow())
    assert len(patients) >= 12
    statuses = Counter(p.status for p in patients)
    assert {"screening", "on_treatment", "follow_up", "off_study", "screen_failed"} <= set(statuses)
    assert any(p.held for p in patients)
    orders = list_orders(database.uow(_reader(database)))  # type: ignore[arg-type]
    assert {o.display_status for o in orders} >= EVERY_STATE
    assert all(o.prescribed_by != o.verified_by for o in orders if o.verified_by)
    # separation of duties: the verifier never prepared, the preparer never checked, a nurse gave each
    assert all(o.verified_by != o.prepared_by for o in orders if o.prepared_by and o.verified_by)
    assert all(o.checked_by != o.prepared_by for o in orders if o.checked_by)
    assert {o.started_by for o in orders if o.started_at} == {"Huang Li"}
    # a bag past its use-before time, one near it, a remade one, one stopped early for a reaction
    waiting = [o for o in orders if o.status in ("prepared", "checked") and o.beyond_use_at]
    assert any(o.beyond_use_at < moment for o in waiting)
    assert any(moment < o.beyond_use_at <= moment + timedelta(hours=1) for o in waiting)
    assert any(len(o.bags) == 2 and o.bags[0].waste_reason_code == "expired" for o in orders)
    [stopped] = [o for o in orders if o.status == "stopped"]
    assert stopped.stop_reason_code == "infusion_reaction" and stopped.dose_given_mg < stopped.final_dose_mg
    assert stopped.events and all(e.toxicity_id is not None for e in stopped.events if e.kind == "reaction")
    visits = list_visits(database.uow())
    omitted = [v for v in visits if v.status == "omitted" and v.label.endswith("D15")]
    assert any(v.status_reason_code == "subject_request" and v.status_reason for v in omitted)
    with database.uow() as uow:
        reductions = uow.session.execute(
            select(func.count())
            .select_from(DoseLevelChange)
            .where(DoseLevelChange.to_level_mg_per_kg.is_not(None))
        ).scalar_one()
        holds = uow.session.execute(select(func.count()).select_from(Hold)).scalar_one()
    assert reductions >= 2 and holds >= 3
    queue = pharmacy_queue(database.uow(), day)
    assert queue.to_verify and queue.to_prepare and queue.to_check and queue.ready and queue.running
    assert clinic_list(database.uow(), day).booked
    _check_stock(database, orders)
    _check_eligibility(database, patients)
    assert check_database(database) == []
    assert check_report(database).notes == []  # the demo's writes were witnessed as they were made


def _check_eligibility(database: Database, patients: list[PatientRow]) -> None:
    """Every treated subject signed eligible; screen failures coded with the criteria their evidence fails;
    one woman in screening awaiting only her pregnancy test."""
    views = {p.subject_number: eligibility.eligibility_of(database.uow(), p.id) for p in patients}
    for patient in patients:
        decision = views[patient.subject_number].decision
        if patient.cycle is not None:  # dosed
            assert decision is not None and decision.kind == "eligible", patient.subject_number
    failed = {n: v for n, v in views.items() if v.decision and v.decision.kind == "screen_failure"}
    assert len(failed) >= 2
    with database.uow() as uow:
        coded = uow.session.execute(
            select(EligibilityDecision.reason_code, EligibilityDecision.criteria_not_met).where(
                EligibilityDecision.kind == "screen_failure"
            )
        ).all()
    assert {(code, ids) for code, ids in coded} >= {
        ("criteria_not_met", "I8.renal"),
        ("criteria_not_met", "E6.qtcf"),
    }
    not_met = set()
    for view in failed.values():  # judged on the day of the decision, the records show what was named
        assert view.status == "screen_failed" and view.decision is not None
        then = eligibility.eligibility_of(database.uow(), view.subject_id, view.decision.decided_at.date())
        assert then.result.eligible is False
        not_met |= set(then.result.not_met)
    assert not_met >= {"I8.renal", "E6.qtcf"}
    awaiting = [
        v
        for v in views.values()
        if v.status == "screening" and v.decision is None and v.result.eligible is None
    ]
    assert [v.subject_number for v in awaiting if v.result.missing == ("I10.pregnancy_test",)] == ["001-011"]
    [pregnancy] = [i for i in views["001-011"].result.items if i.id == "I10.pregnancy_test"]
    assert pregnancy.status == "missing"


def _reader(database: Database) -> object:
    """The investigator, who may see every order's figures (a read as nobody sees unverified ones blind)."""
    return reader(database.uow(), "dr.zhang")


def _check_stock(database: Database, orders: list[OrderRow]) -> None:
    """Every prepared order (given, still prepared, or cancelled after it) took its vials from the demo's lots."""
    taken = [o for o in orders if o.bags]
    made = ("prepared", "checked", "started", "completed", "stopped")
    assert {o.status for o in orders if o.status in made} == set(made)
    assert all(o.lots for o in orders if o.status in made)
    lots = {lot.lot_number: lot for lot in stock.list_lots(database.uow())}
    demo = [number for number, _expiry, _vials in stock.demo_lots(date.today())]
    assert {lot.lot_number for o in taken for bag in o.bags for lot in bag.lots} == set(demo)
    # every bag took its vials, and left its partial vial's waste; a bag not given is waste as a whole
    assert sum(lots[number].dispensed for number in demo) == sum((o.vials or 0) * len(o.bags) for o in taken)
    not_given = sum(
        (o.final_dose_mg or 0) * sum(1 for bag in o.bags if bag.wasted_at is not None) for o in taken
    )
    partial = sum((o.waste_mg or 0) * len(o.bags) for o in taken)
    assert sum(lots[number].wasted_mg for number in demo) == partial + not_given
    for order in taken[:3]:
        movements = stock.order_movements(database.uow(), order.id)
        assert sum(m.vials_out for m in movements) == (order.vials or 0) * len(order.bags)
    assert all(lot.reconciles for lot in lots.values())
    assert {"DEMO-A2401", "DEMO-C2409", stock.DEMO_SHORT_DATED} <= set(lots)  # the recent stock work
    assert lots[stock.DEMO_SHORT_DATED].returned == 3 and lots[stock.DEMO_SHORT_DATED].destroyed == 1


def test_demo_on_a_fixed_day_after_the_spring_festival(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    try:
        summary = fill_demo(database, today=date(2026, 2, 24))
        assert summary.subjects >= 12
        _check_demo(
            database, date(2026, 2, 24), datetime.combine(date(2026, 2, 24), time(18, 0)).astimezone()
        )
        for user in USERS:  # every printed password signs in, and the first sign-in upgrades the cheap hash
            info = users.sign_in(database.uow(), user.username, user.password)
            assert set(user.roles) == {str(r) for r in info.roles}
        unchanged(database, lambda: fill_demo(database, today=date(2026, 2, 24)), InputError, "already holds")
    finally:
        database.dispose()


def test_demo_command_on_both_databases(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--database", database_url]) == 0
    out = capsys.readouterr().out
    assert "demo-pharmacist-2026" in out and "dr.zhang" in out and "subjects" in out
    assert "huang.li" in out and "demo-nurse-2026" in out and "nurse" in out
    database = open_database(database_url, create=False)
    try:
        day = _work_day()
        _check_demo(
            database, day, min(datetime.now().astimezone(), datetime.combine(day, time(18)).astimezone())
        )
    finally:
        database.dispose()
    assert main(["demo", "--database", database_url]) == 2
    assert "already holds" in capsys.readouterr().err


def _work_day() -> date:
    """Today, or the last open clinic day before it (the demo shows that day's work when the clinic is closed)."""
    clinic = default_clinic(load_protocol("nct07343453"))
    day = date.today()
    while not clinic.is_open(day):
        day -= timedelta(days=1)
    return day
