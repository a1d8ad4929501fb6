"""The pure stock rules: first expiry first out, the refusals, a lot's problems (app.dosing.stock_rules)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.dosing import stock_rules
from app.dosing.stock_rules import LotState, UnsignedMovement, VialPick

PROTOCOL = "nct07343453"
VIAL = Decimal(100)
DAY = date(2026, 3, 10)


def lot(number: str, expiry: date, on_hand: int = 10, **changes: object) -> LotState:
    values: dict[str, object] = {
        "lot_number": number,
        "protocol_id": PROTOCOL,
        "strength_mg": VIAL,
        "expiry": expiry,
        "quarantined": False,
        "on_hand": on_hand,
        "status_reason": None,
    }
    values.update(changes)
    return LotState(**values)  # type: ignore[arg-type]


def fefo(lots: list[LotState], vials: int, on: date = DAY) -> tuple[list[VialPick], int]:
    return stock_rules.fefo(lots, vials, protocol_id=PROTOCOL, vial_strength_mg=VIAL, on=on)


def test_fefo_takes_the_earliest_expiry_first_and_says_what_is_short() -> None:
    lots = [lot("LATE", DAY + timedelta(days=90), 5), lot("SOON", DAY + timedelta(days=5), 2)]
    assert fefo(lots, 4) == ([VialPick("SOON", 2), VialPick("LATE", 2)], 0)
    assert fefo(lots, 9) == ([VialPick("SOON", 2), VialPick("LATE", 5)], 2)


def test_fefo_passes_over_expired_quarantined_empty_foreign_and_other_strength_lots() -> None:
    later = DAY + timedelta(days=30)
    lots = [
        lot("EXPIRED", DAY - timedelta(days=1)),
        lot("HELD", DAY, quarantined=True, status_reason="excursion"),
        lot("EMPTY", DAY, on_hand=0),
        lot("OTHER", DAY, protocol_id="another"),
        lot("STRONG", DAY, strength_mg=Decimal(400)),
        lot("GOOD", later, 3),
    ]
    assert fefo(lots, 2) == ([VialPick("GOOD", 2)], 0)


def test_a_lot_is_usable_through_its_expiry_day() -> None:
    assert fefo([lot("LAST", DAY, 1)], 1) == ([VialPick("LAST", 1)], 0)
    assert fefo([lot("LAST", DAY, 1)], 1, on=DAY + timedelta(days=1)) == ([], 1)


def test_lots_expiring_the_same_day_keep_the_order_given() -> None:
    lots = [lot("B", DAY, 1), lot("A", DAY, 1)]
    assert [
        found.lot_number
        for found in stock_rules.usable_lots(lots, protocol_id=PROTOCOL, vial_strength_mg=VIAL, on=DAY)
    ] == ["B", "A"]


lots_strategy = st.lists(
    st.builds(
        LotState,
        lot_number=st.text(alphabet="ABCDEFGH0123456789", min_size=1, max_size=6),
        protocol_id=st.sampled_from([PROTOCOL, "other"]),
        strength_mg=st.sampled_from([VIAL, Decimal(400)]),
        expiry=st.dates(min_value=DAY - timedelta(days=60), max_value=DAY + timedelta(days=400)),
        quarantined=st.booleans(),
        on_hand=st.integers(min_value=0, max_value=30),
        status_reason=st.none(),
    ),
    max_size=12,
    unique_by=lambda found: found.lot_number,
)


@given(lots=lots_strategy, vials=st.integers(min_value=1, max_value=200))
def test_fefo_never_takes_an_unusable_lot_and_always_the_earliest_usable_lots_first(
    lots: list[LotState], vials: int
) -> None:
    picks, short = fefo(lots, vials)
    by_number = {found.lot_number: found for found in lots}
    chosen = [by_number[pick.lot_number] for pick in picks]
    for found in chosen:
        assert not found.quarantined
        assert not stock_rules.expired(found.expiry, DAY)
        assert found.protocol_id == PROTOCOL and found.strength_mg == VIAL
    for pick in picks:
        assert 0 < pick.vials <= by_number[pick.lot_number].on_hand
    # Exactly what was asked for, or all that is usable and the rest short.
    usable = [
        found
        for found in lots
        if stock_rules.is_usable(found, protocol_id=PROTOCOL, vial_strength_mg=VIAL, on=DAY)
    ]
    assert sum(pick.vials for pick in picks) + short == vials
    assert short == max(0, vials - sum(found.on_hand for found in usable))
    # Earliest expiry first: picks in expiry order, every lot but the last emptied, and no usable lot left out
    # that expires before the last lot taken from.
    expiries = [found.expiry for found in chosen]
    assert expiries == sorted(expiries)
    for pick in picks[:-1]:
        assert pick.vials == by_number[pick.lot_number].on_hand
    if picks:
        last = chosen[-1].expiry
        taken = {pick.lot_number for pick in picks}
        assert all(found.lot_number in taken for found in usable if found.expiry < last)


def test_refusals_name_the_lot_and_why() -> None:
    def refusal(found: LotState, wanted: int = 1, on: date = DAY) -> str | None:
        return stock_rules.refusal(found, protocol_id=PROTOCOL, vial_strength_mg=VIAL, on=on, wanted=wanted)

    assert refusal(lot("OK", DAY, 2), 2) is None
    assert "stock of another" in str(refusal(lot("X", DAY, protocol_id="another")))
    assert "holds 400 mg vials" in str(refusal(lot("X", DAY, strength_mg=Decimal(400))))
    assert "quarantined (excursion)" in str(
        refusal(lot("X", DAY, quarantined=True, status_reason="excursion"))
    )
    assert "expired on 2026-03-10" in str(refusal(lot("X", DAY), on=DAY + timedelta(days=1)))
    assert "is empty" in str(refusal(lot("X", DAY, 0)))
    assert refusal(lot("X", DAY, 1), 3) == (
        "Lot X has 1 vial on hand; 3 vials were asked for. Take the rest from another lot."
    )


def test_receipt_and_release_refusals() -> None:
    def receipt(strength: Decimal, expiry: date, quarantined: bool = False) -> str | None:
        return stock_rules.receipt_refusal(
            "L1",
            strength,
            expiry,
            received_on=DAY,
            vial_strength_mg=VIAL,
            drug="Drug",
            quarantined=quarantined,
        )

    assert receipt(VIAL, DAY) is None
    assert "the Drug vial of this protocol is 100 mg" in str(receipt(Decimal(400), DAY))
    assert "before it was received" in str(receipt(VIAL, DAY - timedelta(days=1)))
    assert receipt(Decimal(400), DAY - timedelta(days=1), quarantined=True) is None
    assert stock_rules.release_refusal("L1", DAY, DAY) is None
    assert "cannot be released" in str(stock_rules.release_refusal("L1", DAY, DAY + timedelta(days=1)))


def test_expiry_alerts_short_dated_and_expired_lots_with_vials_on_hand() -> None:
    assert stock_rules.expiry_alert(3, DAY - timedelta(days=1), DAY, 30) == "expired"
    assert stock_rules.expiry_alert(3, DAY + timedelta(days=30), DAY, 30) == "expiring"
    assert stock_rules.expiry_alert(3, DAY + timedelta(days=31), DAY, 30) is None
    assert stock_rules.expiry_alert(0, DAY - timedelta(days=1), DAY, 30) is None
    assert stock_rules.expiry_alert(3, DAY + timedelta(days=1), DAY, None) is None


def test_draw_skips_lots_expired_by_the_dose_day() -> None:
    lots = [lot("SOON", DAY + timedelta(days=2), 2), lot("LATE", DAY + timedelta(days=60), 3)]
    left = {"SOON": 2, "LATE": 3}
    after, missing = stock_rules.draw(lots, left, 4, DAY + timedelta(days=5))
    assert (after, missing) == ({"SOON": 2, "LATE": 0}, 1)
    assert left == {"SOON": 2, "LATE": 3}  # what was given is not changed
    assert stock_rules.draw(lots, left, 4, DAY) == ({"SOON": 0, "LATE": 1}, 0)


def test_reconciliation_problems_one_sentence_each() -> None:
    sound = stock_rules.reconciliation_problems(
        "L1", stored={"receipt": 5, "dispense": 2}, on_hand=3, added={"receipt": 5, "dispense": 2}
    )
    assert sound == []
    at = datetime(2026, 3, 1, 9, 30)
    problems = stock_rules.reconciliation_problems(
        "L1",
        stored={"receipt": 5, "dispense": 3},
        on_hand=0,
        added={"receipt": 5, "dispense": 2, "return": 4},
        unsigned=[UnsignedMovement(7, "return", 4, at, "Pat Pharmacist")],
    )
    assert problems == [
        "Lot L1: the count of vials dispensed says 3, but its movements add up to 2.",
        "Lot L1: 0 vials on hand, but received 5 − dispensed 2 − returned 4 − destroyed 0 = -1.",
        "Lot L1: the balance is below zero.",
        "Lot L1: the return of 4 vials recorded 2026-03-01 09:30 UTC by Pat Pharmacist (movement 7) "
        "has no e-signature.",
    ]


def test_the_stock_rules_import_no_database_window_or_paper_library() -> None:
    code = (
        "import sys, app.dosing.stock_rules\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'reportlab'))\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
