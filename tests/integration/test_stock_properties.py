"""Whatever happens to the stock, every lot reconciles: on hand = received − dispensed − returned − destroyed.

Hypothesis draws sequences of receipts, dispensings (with their waste), returns, destructions, quarantines and
releases — sensible ones and impossible ones — and plays them through the real services on a real database.
A simple model says what each step should do; the database must agree after every step, refuse exactly the
impossible steps without changing anything, and pass `dosedesk check` at the end.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import DoseDeskError
from app.services import stock
from app.services.database import Database, check_database

from .test_stock_fixtures import PASSWORD, TODAY, VIAL, counts, make_order, people, pharmacy, receive

EXPIRY = TODAY + timedelta(days=365)
LOTS = 3
_examples = itertools.count(1)

lot_index = st.integers(0, LOTS - 1)
receipts = st.tuples(st.just("receive"), lot_index, st.integers(1, 12))
dispensings = st.tuples(
    st.just("dispense"),
    st.lists(st.tuples(lot_index, st.integers(1, 4)), min_size=1, max_size=2),
    st.integers(0, int(VIAL) - 1),
)
returns = st.tuples(st.just("return"), lot_index, st.integers(1, 6))
destructions = st.tuples(st.just("destroy"), lot_index, st.integers(1, 6))
status_changes = st.tuples(st.sampled_from(["quarantine", "release"]), lot_index)
steps = st.lists(
    st.one_of(receipts, dispensings, dispensings, returns, destructions, status_changes),
    min_size=1,
    max_size=12,
)
# Vials of each lot received before the steps (0: the lot is not in stock yet).
openings = st.lists(st.integers(0, 12), min_size=LOTS, max_size=LOTS)


@dataclass
class Model:
    received: dict[str, int] = field(default_factory=dict)
    dispensed: dict[str, int] = field(default_factory=dict)
    returned: dict[str, int] = field(default_factory=dict)
    destroyed: dict[str, int] = field(default_factory=dict)
    wasted: dict[str, Decimal] = field(default_factory=dict)
    quarantined: set[str] = field(default_factory=set)

    def on_hand(self, lot: str) -> int:
        return self.received[lot] - self.dispensed[lot] - self.returned[lot] - self.destroyed[lot]

    def add_lot(self, lot: str) -> None:
        for counter in (self.received, self.dispensed, self.returned, self.destroyed):
            counter.setdefault(lot, 0)
        self.wasted.setdefault(lot, Decimal(0))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(opening=openings, steps=steps)
def test_every_lot_reconciles_after_any_sequence_of_movements(
    database: Database, opening: list[int], steps: list[tuple]
) -> None:
    staff = _staff(database)
    prefix = f"H{next(_examples)}-"
    names = [f"{prefix}{i}" for i in range(LOTS)]
    model = Model()
    initial = [("receive", index, vials) for index, vials in enumerate(opening) if vials]
    for step in [*initial, *steps]:
        kind = step[0]
        before = counts(database)
        should_work, act = _plan(database, staff, model, names, step)
        try:
            act()
        except DoseDeskError:
            assert not should_work, f"{step} was refused but should have worked"
            assert counts(database) == before, f"the refused {step} changed the database"
            continue
        assert should_work, f"{step} should have been refused"
        _apply(model, names, step)
        for name in model.received:
            summary = stock.get_lot(pharmacy(database, staff.pharmacist), name)
            assert summary.reconciles, summary.problems
            assert (summary.received, summary.dispensed, summary.returned, summary.destroyed) == (
                model.received[name],
                model.dispensed[name],
                model.returned[name],
                model.destroyed[name],
            ), kind
            assert summary.on_hand == model.on_hand(name) >= 0
            assert summary.wasted_mg == model.wasted[name]
    assert check_database(database) == []


_STAFF: dict[str, object] = {}


def _staff(database: Database):  # type: ignore[no-untyped-def]
    """The users, made once per database (Hypothesis runs many examples on the test's one database)."""
    key = str(database.url)
    if key not in _STAFF:
        _STAFF[key] = people(database)
    return _STAFF[key]


def _plan(database: Database, staff, model: Model, names: list[str], step: tuple):  # type: ignore[no-untyped-def]
    """(whether the model says `step` must work, the call that plays it)."""
    kind = step[0]
    uow = pharmacy(database, staff.pharmacist)
    if kind == "receive":
        _, index, vials = step
        return True, lambda: receive(database, staff.pharmacist, (names[index], vials, EXPIRY))
    if kind == "dispense":
        _, picks, waste = step
        wanted: dict[str, int] = {}
        for index, vials in picks:
            wanted[names[index]] = wanted.get(names[index], 0) + vials
        works = all(
            name in model.received and name not in model.quarantined and model.on_hand(name) >= vials
            for name, vials in wanted.items()
        )
        lines = tuple((names[index], EXPIRY, vials) for index, vials in picks)
        total = sum(vials for _, vials in picks)

        def dispense() -> None:
            with uow:
                order = make_order(
                    uow, vials=total, waste=str(waste), final=str(total * VIAL - waste), lines=lines
                )
                stock.dispense_for_order(uow, order, on=TODAY)
                uow.commit()

        return works, dispense
    if kind in ("return", "destroy"):
        _, index, vials = step
        name = names[index]
        works = name in model.received and model.on_hand(name) >= vials
        use_case = stock.return_to_sponsor if kind == "return" else stock.destroy_vials
        return works, lambda: use_case(uow, name, vials, f"{kind} in a property test", PASSWORD)
    _, index = step
    name = names[index]
    if kind == "quarantine":
        return name in model.received and name not in model.quarantined, lambda: stock.quarantine_lot(
            uow, name, "property test"
        )
    return name in model.quarantined, lambda: stock.release_lot(uow, name, "property test", on=TODAY)


def _apply(model: Model, names: list[str], step: tuple) -> None:
    kind = step[0]
    if kind == "receive":
        _, index, vials = step
        model.add_lot(names[index])
        model.received[names[index]] += vials
    elif kind == "dispense":
        _, picks, waste = step
        for index, vials in picks:
            model.dispensed[names[index]] += vials
        if waste:
            model.wasted[names[picks[-1][0]]] += Decimal(waste)
    elif kind == "return":
        model.returned[names[step[1]]] += step[2]
    elif kind == "destroy":
        model.destroyed[names[step[1]]] += step[2]
    elif kind == "quarantine":
        model.quarantined.add(names[step[1]])
    else:
        model.quarantined.discard(names[step[1]])
