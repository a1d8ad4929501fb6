"""A Hypothesis state machine over the services: enrol, weigh, dose (step by step or whole), toxicity, hold,
reduce, resolve, cancel, with the clock moving, on SQLite and PostgreSQL.

Invariants, after every step:
- every record has its audit "create" row, and replaying the audit trail gives every record's current values
  (so every change has its audit row), and the hash chain holds;
- dose levels never rise (each change goes down one step, and the subject's level is the last one);
- no order is verified by the user who prescribed it (a user holding both roles tries, and is refused);
- no order is prescribed with its criteria to treat not met unless the investigator gave a reason, which the
  order then carries (and only then);
- a refused action leaves the audit trail (and so every audited record) as it was.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from app.dosing.order_codes import CHECK_ITEMS
from app.errors import InputError
from app.models import (
    AuditLog,
    Base,
    DoseLevelChange,
    InfusionOrder,
    Lot,
    OrderStatus,
    Signature,
    SignatureMeaning,
    Subject,
    Toxicity,
    Visit,
    VisitKind,
    VisitStatus,
)
from app.models.base import ROW_VERSION, Versioned
from app.protocol import load_protocol
from app.services.audit import REDACTED, canonical_value, verify_chain
from app.services.clinical import criteria_to_treat
from app.services.database import Database, open_database
from app.services.orders import (
    LotUse,
    cancel_order,
    check_order,
    create_order,
    prepare_order,
    prescribe_order,
    start_infusion,
    stop_infusion,
    verify_order,
)
from app.services.queries import OrderRow
from app.services.stock import lot_balance_problems
from app.services.toxicities import record_and_decide, reduce_dose_level, resolve_toxicity

from ._services import PASSWORD, World

START = date(2026, 3, 2)
LEVELS = load_protocol("nct07343453").regimen.dose_levels_mg_per_kg
TOXICITIES = [
    ("Neutrophil count decreased", 3),
    ("Neutrophil count decreased", 4),
    ("Diarrhea", 3),
    ("Mucositis oral", 2),
    ("Pneumonitis", 2),
    ("Rash maculo-papular", 3),
    ("Nausea", 2),
]
_numbers = itertools.count(1)
OUTCOMES: Counter[str] = Counter()  # what the runs did, to see that they reach every kind of step


class ClinicMachine(RuleBasedStateMachine):
    """Each run on a new, empty database (`new_database` makes one; `drop_database` removes it)."""

    new_database: ClassVar[Callable[[], str]]
    drop_database: ClassVar[Callable[[str], None]]

    subjects = Bundle("subjects")
    orders = Bundle("orders")

    def __init__(self) -> None:
        super().__init__()
        self.url = type(self).new_database()
        self.world = World.build(open_database(self.url))
        self.levels: dict[int, Decimal] = {}
        self.prescribers: dict[int, int] = {}

    # --- helpers ---

    def audit_head(self) -> int:
        with self.world.uow(None) as uow:
            return int(uow.session.execute(select(func.coalesce(func.max(AuditLog.id), 0))).scalar_one())

    def attempt(self, action: Callable[[], Any]) -> Any:
        """Run a service call; a refusal must change nothing (the audit trail does not move)."""
        before = self.audit_head()
        name = getattr(action, "__qualname__", "action").split(".")[1]
        try:
            result = action()
        except InputError as exc:
            assert self.audit_head() == before, "a refused action wrote to the database"
            event(f"{name}: refused")
            OUTCOMES[f"{name}: refused: {str(exc)[:60]}"] += 1
            return None
        event(f"{name}: done")
        OUTCOMES[f"{name}: done"] += 1
        return result

    def next_dose_visit(self, subject_id: int) -> int | None:
        with self.world.uow(None) as uow:
            visits = uow.session.execute(
                select(Visit).where(
                    Visit.subject_id == subject_id,
                    Visit.kind == VisitKind.DOSE,
                    Visit.status.in_((VisitStatus.PLANNED, VisitStatus.BOOKED)),
                )
            ).scalars()
            found = min(visits, key=lambda v: (v.cycle or 0, v.day or 0), default=None)
            return found.id if found is not None else None

    def come_to(self, visit_id: int) -> None:
        """The clock moves on to the visit's day (its booked, suggested or target day), if that is later."""
        with self.world.uow(None) as uow:
            visit = uow.session.get(Visit, visit_id)
            assert visit is not None
            day = visit.booked_date or visit.suggested_date or visit.target_date
        if day > self.world.today:
            self.world.at(day, 8)

    def order_of(self, order_id: int) -> InfusionOrder:
        with self.world.uow(None) as uow:
            order = uow.session.get(InfusionOrder, order_id)
            assert order is not None
            uow.session.expunge(order)
            return order

    # --- rules ---

    @initialize()
    def start(self) -> None:
        self.world.at(START, 8)
        self.world.stock_lot(vials=400)  # preparing takes the vials from lot LOT-A1

    def _enrol(self, lead: int, weight: str) -> int:
        number = f"SM-{next(_numbers):04d}"
        subject = self.world.enrol(number, c1d1=self.world.today + timedelta(days=lead), weight=weight)
        self.world.weigh(subject, weight)
        self.levels[subject] = LEVELS[0]
        return subject

    @rule(target=subjects, lead=st.integers(0, 3), weight=st.sampled_from(["52", "61.4", "78"]))
    def enrol(self, lead: int, weight: str) -> int:
        return self._enrol(lead, weight)

    @rule(target=subjects)
    def enrol_and_treat(self) -> int:
        """A subject enrolled today whose C1D1 is given today (so that there is treatment to act on)."""
        subject = self._enrol(0, "61.4")
        self.dose(subject)
        return subject

    @rule(days=st.integers(1, 9))
    def advance(self, days: int) -> None:
        self.world.now += timedelta(days=days)

    @rule(subject=subjects, change=st.sampled_from(["0", "-1.5", "2", "9"]))
    def weigh(self, subject: int, change: str) -> None:
        with self.world.uow(None) as uow:
            baseline = uow.session.get(Subject, subject).baseline_weight_kg  # type: ignore[union-attr]
        self.attempt(lambda: self.world.weigh(subject, str(baseline + Decimal(change))))

    @rule(target=orders, subject=subjects, acknowledge=st.booleans(), on_the_day=st.booleans())
    def create(self, subject: int, acknowledge: bool, on_the_day: bool) -> Any:
        visit = self.next_dose_visit(subject)
        if visit is None:
            return multiple()
        if on_the_day:
            self.come_to(visit)
            self.attempt(lambda: self.world.weigh(subject, "61"))
            self.attempt(lambda: self.world.labs(subject))
        reason = "weight confirmed on the ward scale" if acknowledge else None
        order = self.attempt(lambda: create_order(self.world.uow("pharmacist"), visit, reason))
        return order.id if order is not None else multiple()

    @rule(
        order=orders,
        prescriber=st.sampled_from(["investigator", "doctor_pharmacist"]),
        verifier=st.sampled_from(["pharmacist2", "doctor_pharmacist"]),
        override=st.booleans(),
    )
    def next_step(self, order: int, prescriber: str, verifier: str, override: bool) -> None:
        """Take an order one step on: prescribe, verify (sometimes by its prescriber: refused), prepare, check,
        start, stop."""
        row = self.order_of(order)
        if row.status == OrderStatus.DRAFT:
            self.prescribe(row, prescriber, override)
        elif row.status == OrderStatus.PRESCRIBED:
            self.verify(row, verifier)
        elif row.status == OrderStatus.VERIFIED:
            lots = [LotUse("LOT-A1", self.world.stock_lot(), row.vials, row.volume_to_draw_ml)]
            self.attempt(
                lambda: prepare_order(
                    self.world.uow("pharmacist"), order, PASSWORD, lots=lots, prepared_at=self.world.now
                )
            )
        elif row.status == OrderStatus.PREPARED:
            confirmed = [item.value for item in CHECK_ITEMS]
            self.attempt(
                lambda: check_order(self.world.uow("pharmacist2"), order, PASSWORD, confirmed=confirmed)
            )
        elif row.status == OrderStatus.CHECKED:
            subject = self.world.uow(None)
            with subject:
                number = subject.session.get(Subject, row.subject_id).subject_number  # type: ignore[union-attr]
            self.attempt(
                lambda: start_infusion(
                    self.world.uow("nurse"), order, PASSWORD, bag_code=row.order_number, subject_code=number
                )
            )
        elif row.status == OrderStatus.STARTED:
            end = (row.started_at or self.world.now) + timedelta(minutes=row.infusion_minutes)
            self.world.now = max(self.world.now, end + timedelta(minutes=1))
            self.attempt(lambda: stop_infusion(self.world.uow("nurse"), order, PASSWORD, ended_at=end))

    def prescribe(self, row: InfusionOrder, prescriber: str, override: bool) -> OrderRow | None:
        """Prescribe, with a reason to treat anyway or not: refused exactly when the criteria to treat are not
        met and no reason is given; the reason is recorded exactly when they are not met."""
        met = criteria_to_treat(self.world.uow(None), row.visit_id, row.planned_date).met
        reason = "labs reviewed by the investigator: treat today" if override else None
        before = self.audit_head()
        try:
            done = prescribe_order(
                self.world.uow(prescriber), row.id, PASSWORD, criteria_override_reason=reason
            )
        except InputError as exc:
            assert self.audit_head() == before, "a refused prescription wrote to the database"
            unmet = "criteria to treat" in str(exc)
            assert unmet == (not met and reason is None) or not unmet, str(exc)
            OUTCOMES[f"prescribe: refused: {str(exc)[:60]}"] += 1
            return None
        assert met or reason is not None, "prescribed with the criteria to treat not met and no reason"
        assert (done.criteria_override is not None) == (not met)
        if done.criteria_override is not None:
            assert done.criteria_override.startswith(reason or "?")
        OUTCOMES[f"prescribe: done{'' if met else ' with the criteria overridden'}"] += 1
        self.prescribers[row.id] = self.world.user(prescriber).id
        return done

    def verify(self, row: InfusionOrder, verifier: str) -> None:
        before = self.audit_head()
        user = self.world.user(verifier)
        try:
            verify_order(
                self.world.uow(verifier),
                row.id,
                PASSWORD,
                weight_kg=row.weight_kg,
                dose_level_mg_per_kg=row.dose_level_mg_per_kg,
                final_dose_mg=row.final_dose_mg,
            )
        except InputError as exc:
            assert self.audit_head() == before, "a refused verification wrote to the database"
            if row.prescribed_by_id == user.id:
                assert "you prescribed" in str(exc).lower()
                OUTCOMES["verify: refused to its prescriber"] += 1
            else:
                OUTCOMES[f"verify: refused: {str(exc)[:60]}"] += 1
            return
        assert row.prescribed_by_id != user.id, "the prescriber verified the order"
        OUTCOMES["verify: done"] += 1

    @rule(order=orders, who=st.sampled_from(["investigator", "pharmacist", "coordinator"]))
    def cancel(self, order: int, who: str) -> None:
        self.attempt(lambda: cancel_order(self.world.uow(who), order, PASSWORD, reason="patient_unwell"))

    @rule(
        subject=subjects,
        prescriber=st.sampled_from(["investigator", "doctor_pharmacist"]),
        labs=st.sampled_from([True, True, False]),
        override=st.booleans(),
    )
    def dose(
        self, subject: int, prescriber: str = "investigator", labs: bool = True, override: bool = False
    ) -> None:
        """The whole day of a dose: weight, labs (or none: then only a reason to treat anyway lets it be
        prescribed), order, prescription, verification, preparation, infusion.

        The order is prescribed by the investigator or by a colleague holding both roles, who then tries to
        verify it as well (refused), before the second pharmacist does."""
        visit = self.next_dose_visit(subject)
        if visit is None:
            return
        world = self.world
        self.come_to(visit)
        self.attempt(lambda: world.weigh(subject, "61"))
        if labs:
            self.attempt(lambda: world.labs(subject))
        order = self.attempt(lambda: create_order(world.uow("pharmacist"), visit, "confirmed"))
        if order is None:
            return
        order = self.prescribe(self.order_of(order.id), prescriber, override)
        if order is None:
            return
        if prescriber == "doctor_pharmacist":
            self.verify(self.order_of(order.id), "doctor_pharmacist")
        for step in (world.verify, world.prepare, world.administer):
            order = self.attempt(lambda step=step, order=order: step(order))
            if order is None:
                return
        OUTCOMES["dose: given"] += 1

    @rule(subject=subjects, toxicity=st.sampled_from(TOXICITIES))
    def toxicity(self, subject: int, toxicity: tuple[str, int]) -> None:
        term, grade = toxicity
        self.attempt(
            lambda: record_and_decide(self.world.uow("investigator"), subject, term, grade, self.world.today)
        )

    @rule(subject=subjects)
    def hold(self, subject: int) -> None:
        outcome = self.attempt(
            lambda: record_and_decide(
                self.world.uow("investigator"), subject, "Mucositis oral", 2, self.world.today
            )
        )
        if outcome is not None:
            assert outcome.hold is not None or outcome.discontinued

    @rule(subject=subjects)
    def reduce(self, subject: int) -> None:
        self.attempt(
            lambda: reduce_dose_level(self.world.uow("investigator"), subject, "adverse_event", "cumulative toxicity")
        )

    @rule(subject=subjects)
    def resolve(self, subject: int) -> None:
        with self.world.uow(None) as uow:
            open_ones = list(
                uow.session.execute(
                    select(Toxicity.id).where(
                        Toxicity.subject_id == subject, Toxicity.resolution_date.is_(None)
                    )
                ).scalars()
            )
        for toxicity_id in open_ones:
            self.attempt(
                lambda t=toxicity_id: resolve_toxicity(self.world.uow("investigator"), t, self.world.today)
            )

    # --- invariants ---

    @invariant()
    def levels_never_rise(self) -> None:
        with self.world.uow(None) as uow:
            subjects = {s.id: s for s in uow.session.execute(select(Subject)).scalars()}
            changes = (
                uow.session.execute(select(DoseLevelChange).order_by(DoseLevelChange.id)).scalars().all()
            )
            chains: dict[int, list[DoseLevelChange]] = {}
            for change in changes:
                chains.setdefault(change.subject_id, []).append(change)
            for subject_id, subject in subjects.items():
                level = subject.current_dose_level_mg_per_kg
                assert level is not None and level in LEVELS
                expected = LEVELS[0]
                for change in chains.get(subject_id, []):
                    assert change.from_level_mg_per_kg == expected
                    if change.to_level_mg_per_kg is None:
                        assert LEVELS.index(expected) == len(LEVELS) - 1  # only below the lowest level
                        continue
                    assert LEVELS.index(change.to_level_mg_per_kg) == LEVELS.index(expected) + 1
                    expected = change.to_level_mg_per_kg
                assert level == expected
                if subject_id in self.levels:
                    assert level <= self.levels[subject_id]
                    self.levels[subject_id] = level

    @invariant()
    def never_verified_by_the_prescriber(self) -> None:
        with self.world.uow(None) as uow:
            session = uow.session
            for order in session.execute(
                select(InfusionOrder).where(InfusionOrder.verified_by_id.is_not(None))
            ).scalars():
                assert order.verified_by_id != order.prescribed_by_id
                signed = session.execute(
                    select(Signature.user_id, Signature.meaning).where(
                        Signature.record_table == "infusion_orders", Signature.record_id == order.id
                    )
                ).all()
                prescribers = {u for u, m in signed if m == SignatureMeaning.PRESCRIBED}
                verifiers = {u for u, m in signed if m == SignatureMeaning.VERIFIED}
                assert not prescribers & verifiers
                if order.id in self.prescribers:
                    assert self.prescribers[order.id] == order.prescribed_by_id

    @invariant()
    def every_record_has_its_create_row(self) -> None:
        with self.world.uow(None) as uow:
            session = uow.session
            for table in AUDITED_TABLES:
                rows = session.execute(select(func.count()).select_from(table)).scalar_one()
                created = session.execute(
                    select(func.count(AuditLog.record_id.distinct())).where(
                        AuditLog.table_name == table.name, AuditLog.action == "create"
                    )
                ).scalar_one()
                assert rows == created, f"{table.name}: {rows} rows, {created} created in the audit trail"

    def teardown(self) -> None:
        OUTCOMES["runs"] += 1
        try:
            check_audit_replay(self.world.database)
        finally:
            self.world.database.dispose()
            type(self).drop_database(self.url)


AUDITED_TABLES = [
    Base.metadata.tables[mapper.class_.__tablename__]
    for mapper in Base.registry.mappers
    if getattr(mapper.class_, "__audited__", False)
    and mapper.class_.__tablename__ not in ("users", "user_roles")
]


# A lot's vial counters are the database's sums of its (audited) movements, written by its triggers: they are
# checked against the movements (`lot_balance_problems`) instead of the audit trail.
DERIVED = {(Lot.__tablename__, column) for column in Lot.COUNTERS} | {
    (mapper.class_.__tablename__, ROW_VERSION)  # counts the row's updates; not audited
    for mapper in Base.registry.mappers
    if issubclass(mapper.class_, Versioned)
}


def check_audit_replay(database: Database) -> None:
    """Replaying the audit trail gives each record's current values: no change escaped its audit row."""
    with database.engine.connect() as connection:
        replayed: dict[tuple[str, str], dict[str, str | None]] = {}
        for row in connection.execute(select(AuditLog).order_by(AuditLog.id)):
            key = (row.table_name, row.record_id)
            if row.action == "create":
                replayed[key] = json.loads(row.new_value)
            elif row.field is not None and key in replayed:
                replayed[key][row.field] = row.new_value
        for table in AUDITED_TABLES:
            for record in connection.execute(select(table)).mappings():
                key = (table.name, str(record["id"]))
                assert key in replayed, f"{key} has no create row"
                values = replayed[key]
                for column, value in record.items():
                    if values.get(column) == REDACTED or (table.name, column) in DERIVED:
                        continue
                    shown = canonical_value(value)
                    assert values.get(column) == shown, (
                        f"{key} {column}: audit says {values.get(column)!r}, row {shown!r}"
                    )
    with database.uow() as uow:
        assert verify_chain(uow.session) == []
        assert lot_balance_problems(uow.session) == []


def test_services_state_machine(database_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if database_url.startswith("sqlite"):
        numbers = itertools.count(1)
        ClinicMachine.new_database = lambda: f"sqlite:///{tmp_path / f'machine-{next(numbers)}.sqlite3'}"
        ClinicMachine.drop_database = lambda url: None
        examples = 10
    else:
        server = request.getfixturevalue("pg_server")
        ClinicMachine.new_database = server.create_database
        ClinicMachine.drop_database = server.drop_database
        examples = 3
    run_state_machine_as_test(
        ClinicMachine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            derandomize=True,
        ),
    )
    if os.environ.get("SM_STATS"):  # to see what the runs reached: SM_STATS=1 pytest -s …
        print(sorted(OUTCOMES.items()))
