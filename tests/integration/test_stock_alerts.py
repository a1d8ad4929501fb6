"""Stock alerts: lots expiring within the protocol's alert days, expired lots with vials, and stock that will not
cover the next days' booked and planned doses, estimated from each subject's current level and latest weight."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models import OrderStatus, SubjectStatus, VisitStatus
from app.protocol import load_protocol
from app.services import stock
from app.services.database import Database

from .test_stock_fixtures import (
    PROTOCOL,
    TODAY,
    People,
    add_visit,
    add_weight,
    enrol,
    make_order,
    people,
    pharmacy,
    receive,
)

RULES = load_protocol(PROTOCOL).stock


@pytest.fixture
def staff(database: Database) -> People:
    return people(database)


def _day(n: int):  # type: ignore[no-untyped-def]
    return TODAY + timedelta(days=n)


def _doses(database: Database) -> None:
    """Three doses in the next two weeks (2 + 2 + 1 vials), and some that must not count."""
    one = enrol(database, "001-001", level="5")
    add_weight(database, one, "61.4", TODAY - timedelta(days=1))  # 307 mg -> 15.4 mL -> 308 mg: 2 vials
    add_weight(database, one, "90", TODAY, cancelled=True)  # a cancelled weight is not the latest
    add_visit(database, one, "C2D1", _day(30), booked=_day(2))
    add_visit(database, one, "C2D15", _day(16))  # outside the 14 days
    add_visit(database, one, "C1D15", _day(-12), status=VisitStatus.DONE)
    two = enrol(database, "001-002", baseline="80", level="4")  # no weight yet: baseline, 320 mg: 2 vials
    add_visit(database, two, "C3D1", _day(5))
    three = enrol(database, "001-003", level="3")
    add_weight(database, three, "50", TODAY)  # 150 mg: 1 vial
    add_visit(database, three, "C5D15", _day(10))
    off = enrol(database, "001-004", status=SubjectStatus.OFF_STUDY)
    add_visit(database, off, "C2D1", _day(3))
    omitted = enrol(database, "001-005")
    add_visit(database, omitted, "C2D15", _day(4), status=VisitStatus.OMITTED)


def test_the_coverage_estimate_uses_levels_weights_and_lots_in_date_on_each_dose_day(
    database: Database, staff: People
) -> None:
    _doses(database)
    receive(
        database, staff.pharmacist, ("SOON", 2, _day(3)), ("LATER", 3, _day(200)), ("HELD", 10, _day(300))
    )
    uow = pharmacy(database, staff.pharmacist)
    stock.quarantine_lot(uow, "HELD", "excursion")
    forecast = stock.coverage(uow, protocol_id=PROTOCOL, today=TODAY)
    assert forecast.end == _day(RULES.cover_days)
    assert [(n.subject_number, n.label, n.on, n.vials, n.covered) for n in forecast.needs] == [
        ("001-001", "C2D1", _day(2), 2, True),  # takes SOON, in date on day 2
        ("001-002", "C3D1", _day(5), 2, True),
        ("001-003", "C5D15", _day(10), 1, True),
    ]
    assert (forecast.vials_needed, forecast.vials_usable, forecast.shortfall) == (5, 5, 0)

    # Without SOON (quarantined), 2 vials are short from the second dose on; a lot that expires before
    # every dose (DAY1) does not help, however many vials it holds.
    stock.quarantine_lot(uow, "SOON", "damaged")
    receive(database, staff.pharmacist, ("DAY1", 10, _day(1)))
    forecast = stock.coverage(uow, protocol_id=PROTOCOL, today=TODAY)
    assert forecast.shortfall == 2
    assert forecast.first_uncovered is not None and forecast.first_uncovered.label == "C3D1"
    alerts = stock.stock_alerts(uow, today=TODAY)
    [cover] = [a for a in alerts if a.kind == "cover"]
    assert (cover.day, cover.vials, cover.days) == (_day(5), 2, 5)
    assert "2 vials short from 001-002 C3D1" in cover.message


def test_an_order_already_written_gives_its_vials_and_a_prepared_one_needs_none(
    database: Database, staff: People
) -> None:
    receive(database, staff.pharmacist, ("A1", 1, _day(100)))
    uow = pharmacy(database, staff.pharmacist)
    with uow:
        verified = make_order(uow, vials=3, waste="0", final="600")
        prepared = make_order(uow, vials=2, status=OrderStatus.PREPARED)
        for order in (verified, prepared):
            order.visit.status = VisitStatus.BOOKED
            order.visit.booked_date = _day(1)
        uow.commit()
    forecast = stock.coverage(uow, protocol_id=PROTOCOL, today=TODAY)
    assert [(n.vials, n.from_order) for n in forecast.needs] == [(3, verified.order_number)]
    assert forecast.shortfall == 2


def test_expiring_and_expired_lots_with_vials_raise_alerts(database: Database, staff: People) -> None:
    receive(
        database,
        staff.pharmacist,
        ("EDGE", 1, _day(RULES.expiry_alert_days)),
        ("FAR", 5, _day(RULES.expiry_alert_days + 1)),
        ("GONE", 3, _day(-1)),
        day=_day(-5),
    )
    receive(database, staff.pharmacist, ("EMPTY", 1, _day(10)))
    uow = pharmacy(database, staff.pharmacist)
    stock.destroy_vials(uow, "EMPTY", 1, "broken", "correct horse")
    alerts = stock.stock_alerts(uow, today=TODAY)
    found = {(a.kind, a.lot_number): a for a in alerts if a.lot_number}
    assert set(found) == {("expiring", "EDGE"), ("expired", "GONE")}
    assert found[("expiring", "EDGE")].days == RULES.expiry_alert_days
    assert "expired on" in found[("expired", "GONE")].message and found[("expired", "GONE")].vials == 3
    # No dose booked: nothing to cover, so no cover alert.
    assert not [a for a in alerts if a.kind == "cover"]
