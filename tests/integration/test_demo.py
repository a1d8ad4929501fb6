"""`dosedesk demo`: a realistic trial written through the services, checked as a pharmacist would look at it.

Filling the demo runs six months of clinic through the services (about 15 s), so these tests are `slow`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.commands.demo import USERS, fill_demo
from app.errors import InputError
from app.models import DoseLevelChange, Hold
from app.protocol import load_protocol
from app.scheduling import default_clinic
from app.services import stock, users
from app.services.database import Database, check_database, check_report, open_database
from app.services.queries import OrderRow, clinic_list, list_orders, list_visits, patient_list, pharmacy_queue

from ._services import unchanged

pytestmark = pytest.mark.slow

EVERY_STATE = {"draft", "prescribed", "verified", "prepared", "administered", "cancelled", "superseded"}


def _check_demo(database: Database, day: date) -> None:
    patients = patient_list(database.uow())
    assert len(patients) >= 12
    statuses = Counter(p.status for p in patients)
    assert {"screening", "on_treatment", "follow_up", "off_study", "screen_failed"} <= set(statuses)
    assert any(p.held for p in patients)
    orders = list_orders(database.uow())
    assert {o.display_status for o in orders} >= EVERY_STATE
    assert all(o.prescribed_by != o.verified_by for o in orders if o.verified_by)
    visits = list_visits(database.uow())
    omitted = [v for v in visits if v.status == "omitted" and v.label.endswith("D15")]
    assert any(
        v.status_reason and "omitted" in v.status_reason and "Day 15" in v.status_reason for v in omitted
    )
    with database.uow() as uow:
        reductions = uow.session.execute(
            select(func.count())
            .select_from(DoseLevelChange)
            .where(DoseLevelChange.to_level_mg_per_kg.is_not(None))
        ).scalar_one()
        holds = uow.session.execute(select(func.count()).select_from(Hold)).scalar_one()
    assert reductions >= 2 and holds >= 3
    queue = pharmacy_queue(database.uow(), day)
    assert queue.to_verify and queue.to_prepare and queue.prepared
    assert clinic_list(database.uow(), day).booked
    _check_stock(database, orders)
    assert check_database(database) == []
    assert check_report(database).notes == []  # the demo's writes were witnessed as they were made


def _check_stock(database: Database, orders: list[OrderRow]) -> None:
    """Every prepared order (given, still prepared, or cancelled after it) took its vials from the demo's lots."""
    taken = [o for o in orders if o.lots]
    assert {o.status for o in orders if o.status in ("prepared", "administered")} == {
        "prepared",
        "administered",
    }
    assert all(o.lots for o in orders if o.status in ("prepared", "administered"))
    lots = {lot.lot_number: lot for lot in stock.list_lots(database.uow())}
    demo = [number for number, _expiry, _vials in stock.demo_lots(date.today())]
    assert {line.lot_number for o in taken for line in o.lots} == set(demo)
    assert sum(lots[number].dispensed for number in demo) == sum(o.vials for o in taken)
    assert sum(lots[number].wasted_mg for number in demo) == sum(o.waste_mg for o in taken)
    for order in taken[:3]:
        movements = stock.order_movements(database.uow(), order.id)
        assert sum(m.vials_out for m in movements) == order.vials
    assert all(lot.reconciles for lot in lots.values())
    assert {"DEMO-A2401", "DEMO-C2409", stock.DEMO_SHORT_DATED} <= set(lots)  # the recent stock work
    assert lots[stock.DEMO_SHORT_DATED].returned == 3 and lots[stock.DEMO_SHORT_DATED].destroyed == 1


def test_demo_on_a_fixed_day_after_the_spring_festival(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    try:
        summary = fill_demo(database, today=date(2026, 2, 24))
        assert summary.subjects >= 12
        _check_demo(database, date(2026, 2, 24))
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
    database = open_database(database_url, create=False)
    try:
        _check_demo(database, _work_day())
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
