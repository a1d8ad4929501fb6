"""A small trial world for the service tests: users of every role, a signed-off protocol, a clock to move.

    world = World.build(database)                       # admin, coordinator, investigator, two pharmacists
    world.at(date(2026, 3, 4), 9)                       # what the units of work believe "now" is (UTC)
    subject_id = world.enrol("001-001", c1d1=…)
    order = world.give_dose(subject_id, "C1D1")         # weight, labs, order, prescribe, verify, prepare,
                                                        # check, start, complete

Preparing takes the vials from lot LOT-A1, received once (200 vials) the first time a dose is prepared
(`world.stock_lot()` receives it ahead, e.g. before a refusal that must change nothing).

Every call goes through the services with a fresh unit of work acting as the named user; nothing is written
by hand. `snapshot()` gives every table's rows, to prove that a refusal changed nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text

from app.dosing.order_codes import CHECK_ITEMS
from app.errors import InputError
from app.models import Base
from app.services import eligibility, users
from app.services.clinical import LabInput, record_labs, record_weight
from app.services.database import Database
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
from app.services.protocols import protocol_version_info, sign_off_protocol_version
from app.services.queries import (
    OrderRow,
    VisitRow,
    list_visits,
    order_detail,
    subject_chart,
    wristband_code,
)
from app.services.stock import LotReceipt, receive_shipment
from app.services.subjects import enrol_subject
from app.services.uow import SqlUnitOfWork

PASSWORD = "correct horse"
# A panel meeting every criterion to treat (docs/domain.md §6): prescribing checks them.
GOOD_LABS = (
    LabInput("neutrophils", Decimal("2.4"), "10^9/L"),
    LabInput("platelets", Decimal("210"), "10^9/L"),
    LabInput("hemoglobin", Decimal("118"), "g/L"),
    LabInput("ast", Decimal("24"), "U/L", uln=Decimal("40")),
    LabInput("alt", Decimal("21"), "U/L", uln=Decimal("40")),
    LabInput("bilirubin", Decimal("11"), "umol/L", uln=Decimal("21")),
    LabInput("creatinine", Decimal("68"), "umol/L", Decimal("45"), Decimal("84")),
)

# What a screening adds to the visit labs: the screening-only labs the eligibility criteria read.
SCREENING_LABS = (
    LabInput("albumin", Decimal("38"), "g/L"),
    LabInput("inr", Decimal("1.0"), "ratio", uln=Decimal("1.2")),
    LabInput("aptt", Decimal("32"), "s", uln=Decimal("40")),
)


def earlier_today(hours: float) -> datetime:
    """A moment `hours` before now, but not before the local day began: a test that acts "a few hours ago" and
    then reads the window's today would otherwise act on yesterday when run just after midnight."""
    now = datetime.now(UTC)
    midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - timedelta(hours=hours), midnight.astimezone(UTC) + timedelta(seconds=1))


@dataclass
class World:
    database: Database
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    people: dict[str, users.UserInfo] = field(default_factory=dict)
    lot_expiry: date | None = None  # of LOT-A1, once received

    # --- set-up ---

    @classmethod
    def build(cls, database: Database, *, sign_off: bool = True) -> World:
        world = cls(database)
        world.people["admin"] = users.create_user(world.uow(None), "admin", "Admin Li", PASSWORD, ["admin"])
        for name, full, roles in (
            ("coordinator", "Chen Jing", ["coordinator"]),
            ("investigator", "Dr Zhang Wei", ["investigator"]),
            ("pharmacist", "Wang Fang", ["pharmacist"]),
            ("pharmacist2", "Liu Yang", ["pharmacist"]),
            ("doctor_pharmacist", "Dr Sun Li", ["investigator", "pharmacist"]),
            ("nurse", "Huang Li", ["nurse"]),
        ):
            world.people[name] = users.create_user(
                world.uow("admin"), name.replace("_", "."), full, PASSWORD, roles
            )
        if sign_off:
            world.sign_off()
        return world

    def sign_off(self) -> None:
        info = protocol_version_info(self.uow("admin"))
        if not info.signed_off:
            sign_off_protocol_version(self.uow("investigator"), info.id, PASSWORD)
            sign_off_protocol_version(self.uow("pharmacist"), info.id, PASSWORD)

    # --- time and units of work ---

    def at(self, day: date, hour: int = 8, minute: int = 0) -> World:
        self.now = datetime.combine(day, time(hour, minute), tzinfo=UTC)
        return self

    @property
    def today(self) -> date:
        return self.now.astimezone().date()

    def clock(self) -> datetime:
        return self.now

    def uow(self, who: str | None, reason: str | None = None) -> SqlUnitOfWork:
        actor = self.people[who] if who is not None else None
        return SqlUnitOfWork(self.database.session_factory, actor, reason, clock=self.clock)

    def user(self, who: str) -> users.UserInfo:
        return self.people[who]

    # --- clinical shortcuts ---

    def enrol(
        self, number: str = "001-001", *, c1d1: date | None = None, weight: str = "61.4", **kw: Any
    ) -> int:
        header = enrol_subject(
            self.uow("coordinator"),
            subject_number=number,
            initials=kw.pop("initials", "LW"),
            birth_date=kw.pop("birth_date", date(1961, 3, 4)),
            sex=kw.pop("sex", "female"),
            baseline_weight_kg=Decimal(weight),
            height_cm=Decimal("158"),
            planned_c1d1=c1d1 or self.today + timedelta(days=2),
            **kw,
        )
        return header.id

    def visit(self, subject_id: int, label: str) -> VisitRow:
        for visit in list_visits(self.uow(None), subject_id):
            if visit.label == label:
                return visit
        raise AssertionError(f"no visit {label}")

    def weigh(self, subject_id: int, kg: str = "61", on: date | None = None) -> None:
        record_weight(self.uow("coordinator"), subject_id, Decimal(kg), on or self.today, "nurse Chen")

    def labs(
        self, subject_id: int, on: date | None = None, results: tuple[LabInput, ...] = GOOD_LABS
    ) -> None:
        record_labs(self.uow("coordinator"), subject_id, list(results), on or self.today)

    def screening_evidence(self, subject_id: int, on: date | None = None) -> None:
        """Passing screening evidence recorded `on` (default today): labs, ECG, LVEF, ECOG, no live vaccine, a
        negative dipstick, a negative serum pregnancy test (for a woman who can become pregnant), every
        attestation true."""
        day = on or self.today
        drawn = {
            row.lab
            for row in subject_chart(self.uow(None), subject_id).labs
            if row.collected_on == day and not row.cancelled
        }  # a panel drawn for the visit that day is the screening's too: not recorded twice
        missing = tuple(entry for entry in (*GOOD_LABS, *SCREENING_LABS) if entry.lab not in drawn)
        if missing:
            self.labs(subject_id, day, missing)
        coordinator = lambda: self.uow("coordinator")  # noqa: E731
        eligibility.record_ecg(coordinator(), subject_id, day, Decimal(400), heart_rate_bpm=Decimal(70))
        eligibility.record_lvef(coordinator(), subject_id, day, Decimal(62))
        eligibility.record_ecog(coordinator(), subject_id, 1, day)
        eligibility.record_live_vaccine(coordinator(), subject_id, None)
        eligibility.record_urine_dipstick(coordinator(), subject_id, day, "-")
        view = eligibility.record_pregnancy_test(coordinator(), subject_id, day, "serum", "negative")
        eligibility.record_attestations(
            self.uow("investigator"), subject_id, dict.fromkeys(view.attestable, True)
        )

    def sign_eligibility(
        self, subject_id: int, first_dose: date | None = None, *, evidence: bool = True
    ) -> eligibility.EligibilityView:
        """Passing screening evidence recorded today (unless `evidence` is false), then eligibility signed by
        the investigator for `first_dose` (default: the planned C1D1)."""
        if evidence:
            self.screening_evidence(subject_id)
        return eligibility.sign_eligibility(self.uow("investigator"), subject_id, PASSWORD, first_dose)

    def eligibility_signed(self, subject_id: int) -> bool:
        view = eligibility.eligibility_of(self.uow(None), subject_id)
        return view.decision is not None and view.decision.kind == "eligible"

    def order(self, subject_id: int, label: str, ack: str | None = None) -> OrderRow:
        return create_order(self.uow("pharmacist"), self.visit(subject_id, label).id, ack)

    def prescribe(self, order: OrderRow, *, sign_eligibility: bool = True) -> OrderRow:
        """The investigator prescribes; a C1D1 of a subject whose eligibility is not signed yet is signed
        first (passing evidence recorded today), unless `sign_eligibility` is false."""
        if sign_eligibility and order.visit_label == "C1D1" and not self.eligibility_signed(order.subject_id):
            self.sign_eligibility(order.subject_id)
        return prescribe_order(self.uow("investigator"), order.id, PASSWORD)

    def figures(self, order: OrderRow) -> OrderRow:
        """The order as its maker sees it (every figure), for a test that recomputes as the verifier would."""
        return order_detail(self.uow("pharmacist"), order.id)

    def verify(self, order: OrderRow, who: str = "pharmacist2") -> OrderRow:
        seen = order if order.final_dose_mg is not None else self.figures(order)
        assert seen.final_dose_mg is not None
        return verify_order(
            self.uow(who),
            order.id,
            PASSWORD,
            weight_kg=seen.weight_kg,
            dose_level_mg_per_kg=seen.dose_level_mg_per_kg,
            final_dose_mg=seen.final_dose_mg,
            volume_to_draw_ml=seen.volume_to_draw_ml,
        )

    def stock_lot(self, vials: int = 200) -> date:
        """Lot LOT-A1 in stock: received today (expiring in 300 days) unless it was already; its expiry."""
        if self.lot_expiry is None:
            expiry = self.today + timedelta(days=300)
            receive_shipment(
                self.uow("pharmacist"),
                reference="SH-LOT-A1",
                received_on=self.today,
                lots=[LotReceipt("LOT-A1", Decimal("200"), expiry, vials)],
                protocol_id="nct07343453",
            )
            self.lot_expiry = expiry
        return self.lot_expiry

    def prepare(self, order: OrderRow, who: str = "pharmacist") -> OrderRow:
        assert order.vials is not None and order.volume_to_draw_ml is not None
        lots = [LotUse("LOT-A1", self.stock_lot(), order.vials, order.volume_to_draw_ml)]
        return prepare_order(self.uow(who), order.id, PASSWORD, lots=lots, prepared_at=self.now)

    def check(self, order: OrderRow, who: str = "pharmacist2") -> OrderRow:
        """A second pharmacist checks the bag (everything confirmed) a few minutes after it was made."""
        self.now += timedelta(minutes=5)
        return check_order(self.uow(who), order.id, PASSWORD, confirmed=[item.value for item in CHECK_ITEMS])

    def start(self, order: OrderRow) -> OrderRow:
        """The nurse scans the bag and the wristband and starts the infusion now."""
        self.now += timedelta(minutes=25)
        return start_infusion(
            self.uow("nurse"),
            order.id,
            PASSWORD,
            bag_code=order.order_number,
            subject_code=wristband_code(order.subject_number),
        )

    def stop(self, order: OrderRow, **kw: Any) -> OrderRow:
        """The nurse signs the end: the infusion's duration after its start, recorded five minutes later."""
        assert order.started_at is not None
        end = kw.pop("ended_at", order.started_at + timedelta(minutes=order.infusion_minutes))
        self.now = max(self.now, end + timedelta(minutes=5))
        return stop_infusion(self.uow("nurse"), order.id, PASSWORD, ended_at=end, **kw)

    def cancel(
        self, order: OrderRow | int, who: str = "pharmacist", detail: str | None = None, reason: str = "other"
    ) -> OrderRow:
        """Cancel with a reason code (default "other", with `detail`) and the canceller's e-signature."""
        order_id = order if isinstance(order, int) else order.id
        return cancel_order(self.uow(who), order_id, PASSWORD, reason=reason, detail=detail or "cancelled")

    def administer(self, order: OrderRow) -> OrderRow:
        """A prepared bag checked, started and completed."""
        return self.stop(self.start(self.check(order)))

    def give_dose(self, subject_id: int, label: str, kg: str = "61", ack: str | None = None) -> OrderRow:
        """Weight and labs today, then the order through every step; the clock moves through the morning."""
        self.weigh(subject_id, kg)
        self.labs(subject_id)
        order = self.order(subject_id, label, ack)
        order = self.verify(self.prescribe(order))
        return self.administer(self.prepare(order))


def snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (and the audit log), to compare before and after a refused action."""
    with database.engine.connect() as connection:
        result: dict[str, list[tuple[Any, ...]]] = {}
        for table in Base.metadata.sorted_tables:
            result[table.name] = [
                tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key))
            ]
        result["alembic_version"] = [
            tuple(r) for r in connection.execute(text("SELECT * FROM alembic_version"))
        ]
        return result


def unchanged(database: Database, action: Callable[[], Any], error: type[Exception], match: str) -> Exception:
    """Run `action`, expect `error` whose message contains `match` (case-insensitive), and no change at all."""
    before = snapshot(database)
    try:
        action()
    except error as exc:
        assert match.lower() in str(exc).lower(), f"{match!r} not in {exc!s}"
        assert snapshot(database) == before, "a refused action changed the database"
        return exc
    raise AssertionError(f"expected {error.__name__} ({match})")


def wrong_password_counted(database: Database, action: Callable[[], Any], username: str) -> Exception:
    """Run `action`, a signing with a wrong password: it is refused, nothing it would have done is done, and
    the wrong password is counted against `username` (the users row and its audit row are all that change)."""
    before = snapshot(database)
    failed_before = failed_sign_ins(database, username)
    try:
        action()
    except InputError as exc:
        assert "password" in str(exc).lower(), str(exc)
        after = snapshot(database)
        assert {table for table in before if before[table] != after[table]} == {"users", "audit_log"}
        assert failed_sign_ins(database, username) == failed_before + 1
        return exc
    raise AssertionError("expected the wrong password to be refused")


def failed_sign_ins(database: Database, username: str) -> int:
    with database.engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT failed_sign_ins FROM users WHERE username = :name"), {"name": username}
            ).scalar_one()
        )
