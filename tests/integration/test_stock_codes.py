"""Why a lot was set aside or released, and why vials left, kept as a code of app.dosing.stock_reasons beside
the pharmacist's words; a code not offered for that act is refused and nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.errors import InputError
from app.models.stock import Lot, StockMovement
from app.services import stock
from app.services.database import Database

from ._services import snapshot
from .test_stock_fixtures import PASSWORD, TODAY, People, people, pharmacy, receive


@pytest.fixture
def staff(database: Database) -> People:
    return people(database)


def test_each_act_keeps_its_code_and_refuses_one_not_offered(database: Database, staff: People) -> None:
    expiry = TODAY + timedelta(days=300)
    receive(database, staff.pharmacist, ("A1", 10, expiry), ("B2", 10, expiry))
    before = snapshot(database)
    for act in (
        lambda: stock.quarantine_lot(pharmacy(database, staff.pharmacist), "A1", "warm", "cleared"),
        lambda: stock.destroy_vials(
            pharmacy(database, staff.pharmacist), "A1", 1, "broken", PASSWORD, code="study_closed"
        ),
        lambda: stock.return_to_sponsor(
            pharmacy(database, staff.pharmacist), "A1", 1, "recall", PASSWORD, code="温度偏离"
        ),
    ):
        with pytest.raises(InputError, match="one of the reasons offered"):
            act()
    assert snapshot(database) == before

    stock.quarantine_lot(pharmacy(database, staff.pharmacist), "A1", "fridge alarm", "temperature_excursion")
    stock.destroy_vials(pharmacy(database, staff.pharmacist), "B2", 2, "dropped", PASSWORD, code="damaged")
    stock.return_to_sponsor(pharmacy(database, staff.pharmacist), "B2", 3, "old batch", PASSWORD)  # no code: other
    with database.session_factory() as session:
        lot = session.execute(select(Lot).where(Lot.lot_number == "A1")).scalar_one()
        assert (lot.status_reason_code, lot.status_reason) == ("temperature_excursion", "fridge alarm")
        coded = session.execute(
            select(StockMovement.reason_code, StockMovement.reason)
            .where(StockMovement.reason_code.is_not(None))
            .order_by(StockMovement.id)
        ).all()
        assert [tuple(row) for row in coded] == [
            ("temperature_excursion", "fridge alarm"),
            ("damaged", "dropped"),
            ("other", "old batch"),
        ]
