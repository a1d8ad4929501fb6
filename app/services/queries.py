"""Read models for screens, paper and scripts: plain frozen dataclasses, never database rows.

    patient_list(uow, search="")          -> list[PatientRow]        the Patients screen
    subject_chart(uow, subject_id)        -> Chart                   header, visits, doses, weights, labs, …
    pharmacy_queue(uow, day)              -> PharmacyQueue           Today: prescribe … check, ready, running
    clinic_list(uow, day)                 -> ClinicList              Today: due, booked, overdue, out of window
    order_detail(uow, order_id)           -> OrderRow                one order, every figure and signature
    list_orders(uow, …) / list_visits(uow, …) / visit_detail(uow, visit_id)

Each takes a unit of work and only reads (no commit). Dates default to today at the site. Clinical numbers
are Decimals, to be shown through `app.dosing.format`.

Blind verification (DOMAIN.md section 7): until an order is verified, its figures (calculated and final dose,
volume to draw, vials, waste, final concentration, the warnings that name them, the acknowledgement typed
beside them) are withheld from whoever could still verify it — a pharmacist who neither made nor prescribed
it — in every read model here: the order rows (`OrderRow.blinded`, the figures None), the chart, Today, the
History tab's audit rows of the order (`withhold_audit_value`). The viewer is the unit of work's user; a unit
of work without one (a command run without `--user`) could be anyone, so it sees an unverified order blind too.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload
from sqlalchemy.sql import ColumnElement

from app.dosing import weight_change_percent
from app.dosing.bedside import use_before
from app.dosing.dose import WARNING_TEMPLATE, WARNING_TEMPLATES, WarningCode
from app.errors import InputError
from app.models import (
    OPEN_ORDER_STATUSES,
    UNVERIFIED_ORDER_STATUSES,
    AuditLog,
    DoseLevelChange,
    Hold,
    InfusionBag,
    InfusionEventKind,
    InfusionOrder,
    InfusionOrderStep,
    LabResult,
    OrderStatus,
    OrderStep,
    PreparationLine,
    ProtocolVersion,
    Role,
    Signature,
    SignatureMeaning,
    Subject,
    SubjectStatus,
    Toxicity,
    ToxicityDecision,
    User,
    Visit,
    VisitKind,
    VisitStatus,
    Weight,
)
from app.services._calendar import subject_calendar
from app.services._common import load, local_today
from app.services.audit import Actor, SystemActor
from app.services.endings import study_end_words, treatment_end_words, visit_status_words
from app.services.protocols import protocol_file
from app.services.reasons import REASONS, recall_reason
from app.services.uow import UnitOfWork
from app.text import msg, recall
from app.toxicity.labs import lab_kinds
from app.toxicity.rules import recall_explanation

#: The note on the "cancelled" step of an order replaced by another: "superseded by <order number>".
SUPERSEDED_BY_NOTE = REASONS["superseded_by"].split("{", 1)[0]
#: The start of the note on the "prescribed" step of an order prescribed with its criteria to treat not met:
#: the investigator's reason and the criteria not met follow.
CRITERIA_OVERRIDE_NOTE = "criteria to treat not met, prescribed on the investigator's decision: "

OPEN_VISIT = (VisitStatus.PLANNED, VisitStatus.BOOKED)
OPEN_ORDER = OPEN_ORDER_STATUSES

#: What an audit row shows in place of a figure withheld from a viewer who may still verify the order.
WITHHELD = "(withheld until the order is verified)"
#: The columns of an order withheld until it is verified (and its audit rows' values of them).
WITHHELD_FIELDS = frozenset(
    {
        "calculated_dose_mg",
        "final_dose_mg",
        "volume_to_draw_ml",
        "vials",
        "waste_mg",
        "final_concentration_mg_per_ml",
        "warnings",
        "acknowledgement_reason",
    }
)
# The soft-limit warnings that name the dose (the weight warnings name only the weight, an input).
_FIGURE_WARNINGS = frozenset(
    WARNING_TEMPLATE[code]
    for code in (WarningCode.CONCENTRATION_BELOW_MIN, WarningCode.CONCENTRATION_ABOVE_MAX)
)
#: The prefix of a subject's identifier on the wristband DoseDesk prints (its barcode: prefix + subject number).
WRISTBAND_PREFIX = "ID-"


# --- the dataclasses -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitWarningRow:
    code: str
    message: str


@dataclass(frozen=True)
class VisitRow:
    """One visit of a subject's calendar. `held`: a hold is open on it. `warnings`: from the calendar rules
    as of the day asked (only in a chart and `visit_detail`)."""

    id: int
    subject_id: int
    subject_number: str
    label: str
    kind: str  # screening, dose, tumour_assessment, end_of_treatment, safety_follow_up, survival_follow_up
    cycle: int | None
    day: int | None
    target: date
    window_start: date
    window_end: date
    suggested: date | None
    booked: date | None
    actual: date | None
    status: str  # planned, booked, done, omitted, missed, cancelled
    booking_reason: str | None
    status_reason: str | None
    held: bool = False
    warnings: tuple[VisitWarningRow, ...] = ()
    status_reason_code: str | None = None  # app.scheduling.visit_reasons

    @property
    def is_open(self) -> bool:
        return self.status in ("planned", "booked")

    @property
    def best_date(self) -> date:
        """Actual, else booked, else suggested, else target."""
        return self.actual or self.booked or self.suggested or self.target

    @property
    def in_window(self) -> bool:
        """Whether the booked (else actual) date lies inside the window; True when neither is set."""
        when = self.booked or self.actual
        return when is None or self.window_start <= when <= self.window_end


@dataclass(frozen=True)
class LotRow:
    lot_number: str
    expiry: date
    vials: int
    volume_drawn_ml: Decimal


@dataclass(frozen=True)
class OrderStepRow:
    step: str  # created, prescribed, mismatch, verified, prepared, checked, remade, started, completed, …
    user_name: str
    at: datetime
    signed: bool
    note: str | None
    signed_name: str | None = None  # the printed name of the step's e-signature


@dataclass(frozen=True)
class BagRow:
    """One bag prepared for the order: who made and checked it, its use-before time, its lots; wasted when it
    was not given (`waste_reason_code` a RemakeReason, or the order's CancelReason)."""

    number: int
    prepared_by: str
    prepared_at: datetime
    beyond_use_at: datetime
    beyond_use_storage: str
    lots: tuple[LotRow, ...]
    checked_by: str | None = None
    checked_at: datetime | None = None
    tare_g: Decimal | None = None
    weighed_g: Decimal | None = None
    expected_g: Decimal | None = None
    wasted_at: datetime | None = None
    waste_reason_code: str | None = None
    waste_note: str | None = None


@dataclass(frozen=True)
class EventRow:
    """An interruption (from `at` to `until`) or an infusion reaction during the infusion."""

    id: int
    kind: str  # interruption, reaction
    at: datetime
    until: datetime | None
    grade: int | None
    note: str
    recorded_by: str
    toxicity_id: int | None


@dataclass(frozen=True)
class OrderRow:
    """An infusion order with every figure of its dose and who did each step (names as signed).

    `blinded`: the order is not yet verified and the viewer may still verify it, so its figures are None
    (calculated and final dose, volume to draw, vials, waste, final concentration) and so are the warnings
    that name them and the acknowledgement typed beside them. The preparation fields are those of the bag in
    use (`bags` lists every bag made); `use_before_state` says where it stands ("ok", "soon", "expired") as of
    the moment the row was read.
    """

    id: int
    order_number: str
    status: str  # draft, prescribed, verified, prepared, checked, started, completed, stopped, cancelled
    superseded_by: str | None  # the order number that replaced this cancelled order, if any
    subject_id: int
    subject_number: str
    initials: str
    birth_date: date
    visit_id: int
    visit_label: str
    cycle: int
    day: int
    planned_date: date
    created_at: datetime
    protocol_id: str
    protocol_version: str
    protocol_signed_off: bool
    weight_id: int
    weight_kg: Decimal
    weight_measured_on: date
    baseline_weight_kg: Decimal
    weight_change_percent: Decimal  # from baseline
    dose_level_mg_per_kg: Decimal
    calculated_dose_mg: Decimal | None
    final_dose_mg: Decimal | None
    concentration_mg_per_ml: Decimal
    volume_to_draw_ml: Decimal | None
    vials: int | None
    waste_mg: Decimal | None
    bag_volume_ml: Decimal
    final_concentration_mg_per_ml: Decimal | None
    infusion_minutes: int
    reduction_reason: str | None
    warnings: tuple[str, ...]
    warnings_acknowledged: bool
    acknowledgement_reason: str | None
    prescribed_by: str | None
    prescribed_at: datetime | None
    verified_by: str | None
    verified_at: datetime | None
    prepared_by: str | None
    prepared_at: datetime | None
    beyond_use_at: datetime | None
    beyond_use_storage: str | None  # room, fridge
    administration_started_at: datetime | None  # orders recorded in one step, before the bedside steps
    administration_ended_at: datetime | None
    administered_by: str | None  # the nurse's name as typed then
    administration_recorded_by: str | None
    cancelled_at: datetime | None
    cancelled_by: str | None
    cancel_reason: str | None
    lots: tuple[LotRow, ...]
    steps: tuple[OrderStepRow, ...]
    # Prescribed with its criteria to treat not met: the investigator's reason, then the criteria not met.
    criteria_override: str | None = None
    blinded: bool = False
    created_by: str | None = None
    checked_by: str | None = None
    checked_at: datetime | None = None
    bag_number: int | None = None
    bags: tuple[BagRow, ...] = ()
    use_before_state: str | None = None  # ok, soon, expired (the bag in use, not yet started)
    use_before_minutes: int | None = None  # whole minutes left (negative once passed)
    started_at: datetime | None = None
    started_by: str | None = None
    planned_end: datetime | None = None  # start + infusion + interruptions
    ended_at: datetime | None = None
    ended_by: str | None = None
    volume_given_ml: Decimal | None = None
    dose_given_mg: Decimal | None = None
    stop_reason_code: str | None = None
    stop_reason: str | None = None
    cancel_reason_code: str | None = None
    events: tuple[EventRow, ...] = ()
    held: bool = False  # treatment of the subject is held now
    reaction_term: str | None = None  # the CTCAE term of the protocol's infusion-reaction key
    allergies: str = ""  # the subject's, as recorded ("" = none known)

    @property
    def final_volume_ml(self) -> Decimal | None:
        if self.volume_to_draw_ml is None:
            return None
        return self.bag_volume_ml + self.volume_to_draw_ml

    @property
    def display_status(self) -> str:
        """The status, with a replaced order shown as "superseded"."""
        return "superseded" if self.superseded_by else self.status

    @property
    def is_open(self) -> bool:
        return self.status in ("draft", "prescribed", "verified", "prepared", "checked")

    @property
    def is_running(self) -> bool:
        return self.status == "started"

    @property
    def expired(self) -> bool:
        """The bag in use is past its use-before time (and not yet started): remake it or cancel the order."""
        return self.use_before_state == "expired"

    @property
    def paused(self) -> bool:
        return any(e.kind == "interruption" and e.until is None for e in self.events)

    @property
    def reactions_to_record(self) -> tuple[EventRow, ...]:
        """Infusion reactions not yet recorded as a toxicity (offered to the investigator)."""
        return tuple(e for e in self.events if e.kind == "reaction" and e.toxicity_id is None)


@dataclass(frozen=True)
class WeightRow:
    id: int
    weight_kg: Decimal
    measured_on: date
    measured_by: str
    recorded_at: datetime
    change_from_baseline_percent: Decimal
    cancelled: bool
    cancel_reason: str | None


@dataclass(frozen=True)
class LabRow:
    id: int
    lab: str
    value: Decimal
    unit: str
    lln: Decimal | None
    uln: Decimal | None
    collected_on: date
    ctcae_grade: int | None
    recorded_at: datetime
    cancelled: bool
    cancel_reason: str | None


@dataclass(frozen=True)
class DecisionRow:
    id: int
    proposed_action: str
    proposed_hold_until_grade: int | None
    proposed_resume: str | None
    proposed_rule_text: str
    taken_action: str
    taken_hold_until_grade: int | None
    taken_resume: str | None
    overridden: bool
    override_reason: str | None
    investigator: str
    decided_at: datetime


@dataclass(frozen=True)
class ToxicityRow:
    id: int
    term: str
    meddra_code: str | None
    grade: int
    onset: date
    resolution: date | None
    recorded_at: datetime
    cancelled: bool
    cancel_reason: str | None
    decisions: tuple[DecisionRow, ...]


@dataclass(frozen=True)
class HoldRow:
    id: int
    visit_id: int
    visit_label: str
    reason: str
    toxicity_id: int | None
    hold_until_grade: int | None
    start: date
    end: date | None

    @property
    def active(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class DoseLevelChangeRow:
    id: int
    from_level_mg_per_kg: Decimal
    to_level_mg_per_kg: Decimal | None  # None: discontinued (a reduction below the lowest level)
    reason: str
    toxicity_id: int | None
    effective_on: date
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class HistoryRow:
    """One audit row of the subject's records: who, when, which record (in words), what field, old → new."""

    id: int
    at: datetime
    user_name: str
    action: str  # create, update, cancel
    table: str
    record_id: str
    record: str  # "visit C2D1", "order 001-003-C2D1-1", …
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None  # as stored; a Message when a template of app.services.reasons made it


@dataclass(frozen=True)
class SubjectHeader:
    id: int
    subject_number: str
    initials: str
    birth_date: date
    sex: str
    allergies: str  # "" = none known
    liver_metastases: bool
    baseline_weight_kg: Decimal
    height_cm: Decimal
    can_become_pregnant: bool
    status: str  # screening, screen_failed, on_treatment, follow_up, off_study
    c1d1: date | None
    current_dose_level_mg_per_kg: Decimal | None
    starting_dose_level_mg_per_kg: Decimal
    protocol_id: str
    protocol_version: str  # the version the subject was enrolled under
    protocol_signed_off: bool  # the protocol file in use now is signed off
    treatment_stopped_on: date | None
    treatment_stop_reason: str | None
    off_study_on: date | None
    off_study_reason: str | None
    held: bool
    enrolled_at: datetime
    hospital_number: str | None = None  # the medical record number, where recorded
    language: str | None = None  # the language the subject reads ("en", "zh"), where recorded
    treatment_stop_code: str | None = None  # a CDISC disposition term (app.scheduling.disposition)
    off_study_code: str | None = None


@dataclass(frozen=True)
class Chart:
    header: SubjectHeader
    visits: tuple[VisitRow, ...]
    orders: tuple[OrderRow, ...]
    weights: tuple[WeightRow, ...]
    labs: tuple[LabRow, ...]
    toxicities: tuple[ToxicityRow, ...]
    holds: tuple[HoldRow, ...]
    level_changes: tuple[DoseLevelChangeRow, ...]
    history: tuple[HistoryRow, ...]
    as_of: date


@dataclass(frozen=True)
class PatientRow:
    id: int
    subject_number: str
    initials: str
    birth_date: date
    status: str
    cycle: int | None  # the cycle of the latest dose given; None before C1D1
    dose_level_mg_per_kg: Decimal | None
    next_visit_id: int | None
    next_visit_label: str | None
    next_visit_date: date | None
    held: bool
    hospital_number: str | None = None  # the medical record number, where recorded
    language: str | None = None  # the language the subject reads ("en", "zh"), where recorded


@dataclass(frozen=True)
class PharmacyQueue:
    """Orders of `day` (and earlier days, still pending) by what they wait for: to prescribe, verify, prepare,
    check (prepared), ready to give (checked), running (started). `criteria_met` tells, per order id of those
    not yet started, whether the criteria to treat are met on its planned day (None: they cannot be told);
    `awaiting_labs` the ids of those whose criteria are not met only because labs are still to come."""

    day: date
    to_prescribe: tuple[OrderRow, ...]
    to_verify: tuple[OrderRow, ...]
    to_prepare: tuple[OrderRow, ...]
    to_check: tuple[OrderRow, ...] = ()
    ready: tuple[OrderRow, ...] = ()
    running: tuple[OrderRow, ...] = ()
    criteria_met: dict[int, bool | None] = field(default_factory=dict)
    awaiting_labs: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ClinicVisitRow:
    visit_id: int
    subject_id: int
    subject_number: str
    initials: str
    birth_date: date
    label: str
    kind: str
    target: date
    window_start: date
    window_end: date
    suggested: date | None
    booked: date | None
    status: str
    held: bool
    in_window: bool
    order_id: int | None
    order_status: str | None
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ClinicList:
    """The clinic's visits for `day`: due (window open, not booked), booked that day, overdue (window over,
    still open), and those booked that day outside their window."""

    day: date
    due: tuple[ClinicVisitRow, ...]
    booked: tuple[ClinicVisitRow, ...]
    overdue: tuple[ClinicVisitRow, ...]
    out_of_window: tuple[ClinicVisitRow, ...]


# --- builders --------------------------------------------------------------------------------------------


def visit_row(
    visit: Visit, subject_number: str, held: bool = False, warnings: Iterable[VisitWarningRow] = ()
) -> VisitRow:
    return VisitRow(
        id=visit.id,
        subject_id=visit.subject_id,
        subject_number=subject_number,
        label=visit.label,
        kind=str(visit.kind),
        cycle=visit.cycle,
        day=visit.day,
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        suggested=visit.suggested_date,
        booked=visit.booked_date,
        actual=visit.actual_date,
        status=str(visit.status),
        booking_reason=visit.booking_reason,
        status_reason=visit_status_words(visit.status_reason_code, visit.status_reason_params, visit.status_reason),
        status_reason_code=visit.status_reason_code,
        held=held,
        warnings=tuple(warnings),
    )


def held_visit_ids(session: Session, subject_ids: Sequence[int] | None = None) -> set[int]:
    query = select(Hold.visit_id).where(Hold.end_date.is_(None))
    if subject_ids is not None:
        query = query.where(Hold.subject_id.in_(subject_ids))
    return set(session.execute(query).scalars())


def _order_signatures(session: Session, order_ids: Sequence[int]) -> dict[tuple[int, str], Signature]:
    """The latest signature of each meaning on each order (bags' signatures count for their order)."""
    if not order_ids:
        return {}
    found: dict[tuple[int, str], Signature] = {}
    rows = session.execute(
        select(Signature)
        .where(Signature.record_table == InfusionOrder.__tablename__, Signature.record_id.in_(order_ids))
        .order_by(Signature.id)
    ).scalars()
    for signature in rows:
        found[(signature.record_id, str(signature.meaning))] = signature
    return found


def _name(user: User | None) -> str | None:
    return user.full_name if user is not None else None


def superseded_by(order: InfusionOrder) -> str | None:
    """The number of the order that replaced this cancelled one, if one did."""
    for step in order.steps:
        if step.step == OrderStep.CANCELLED and step.note and step.note.startswith(SUPERSEDED_BY_NOTE):
            return step.note[len(SUPERSEDED_BY_NOTE) :].strip() or None
    return None


def criteria_override(order: InfusionOrder) -> str | None:
    """The investigator's reason to prescribe with the criteria to treat not met (and which were not), if any."""
    for step in order.steps:
        if step.step == OrderStep.PRESCRIBED and step.note and step.note.startswith(CRITERIA_OVERRIDE_NOTE):
            return step.note[len(CRITERIA_OVERRIDE_NOTE) :]
    return None


def bag_in_use(order: InfusionOrder) -> InfusionBag | None:
    """The order's latest bag not wasted (None: no bag made, or every bag wasted)."""
    usable = [bag for bag in order.bags if bag.wasted_at is None]
    return max(usable, key=lambda bag: bag.number) if usable else None


def order_makers(order: InfusionOrder) -> set[int]:
    """Who made or prescribed the order (they have seen its figures)."""
    makers = {step.user_id for step in order.steps if step.step in (OrderStep.CREATED, OrderStep.PRESCRIBED)}
    if order.prescribed_by_id is not None:
        makers.add(order.prescribed_by_id)
    return makers


def wristband_code(subject_number: str) -> str:
    """What the barcode of the subject's wristband or ID card holds (the subject number, marked as an ID)."""
    return WRISTBAND_PREFIX + subject_number.strip()


class Viewer:
    """Who reads: the unit of work's user, told once per read whether they may still verify orders."""

    def __init__(self, session: Session, actor: Actor | None) -> None:
        user = session.get(User, actor.id) if actor is not None and actor.id is not None else None
        self.user_id = user.id if user is not None else None
        # A read without a user (a command run without --user) could be anyone: it sees unverified orders blind.
        self.could_verify = user is None or user.has_role(Role.PHARMACIST)

    def blind_to(self, order: InfusionOrder) -> bool:
        """Whether `order`'s figures are withheld from this viewer: not yet verified, and they could verify it."""
        if order.status not in UNVERIFIED_ORDER_STATUSES or not self.could_verify:
            return False
        return self.user_id is None or self.user_id not in order_makers(order)


def viewer(session: Session, actor: Actor | None) -> Viewer:
    return Viewer(session, actor)


def reader_language(uow: UnitOfWork, username: str) -> str | None:
    """The window language the user named `username` chose for themselves ("en", "zh"), None when they chose
    none (or there is no such user: `reader` says so)."""
    with uow:
        return uow.session.execute(
            select(User.language).where(func.lower(User.username) == username.strip().lower())
        ).scalar_one_or_none()


def reader(uow: UnitOfWork, username: str | None) -> Actor | None:
    """The user named `username` as who reads (a headless command's `--user`; None without one). Only what they
    may see is shown: nothing is signed or changed as them."""
    if username is None:
        return None
    with uow:
        user = uow.session.execute(
            select(User).where(func.lower(User.username) == username.strip().lower())
        ).scalar_one_or_none()
        if user is None or not user.active:
            raise InputError(msg("There is no active user named {name}.", name=repr(username.strip())))
        return SystemActor(user.full_name, id=user.id)


def withhold_audit_value(field: str | None, value: str | None) -> str | None:
    """An audit value of a blinded order's record with its figures withheld: a withheld column's value, or the
    withheld columns of a created record's JSON, become `WITHHELD`."""
    if value is None:
        return None
    if field is not None:
        return WITHHELD if field in WITHHELD_FIELDS else value
    text = value.strip()
    if not text.startswith("{"):
        return value
    try:
        data = json.loads(text)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return value
    hidden = {
        key: (WITHHELD if key in WITHHELD_FIELDS and item is not None else item) for key, item in data.items()
    }
    return json.dumps(hidden, ensure_ascii=False, separators=(",", ":"))


def blinded_order_ids(session: Session, actor: Actor | None) -> set[int]:
    """The ids of the orders whose figures are withheld from `actor` now (for the audit trail's views)."""
    seen = viewer(session, actor)
    if not seen.could_verify:
        return set()
    orders = session.execute(
        select(InfusionOrder)
        .where(InfusionOrder.status.in_(UNVERIFIED_ORDER_STATUSES))
        .options(selectinload(InfusionOrder.steps))
    ).scalars()
    return {order.id for order in orders if seen.blind_to(order)}


def _warnings(order: InfusionOrder, blinded: bool) -> tuple[str, ...]:
    shown = []
    for line in order.warnings.splitlines():
        if not line.strip():
            continue
        if blinded and warning_names_dose(line):
            continue
        shown.append(recall(line, WARNING_TEMPLATES))
    return tuple(shown)


def warning_names_dose(line: str) -> bool:
    """Whether a stored soft-limit warning names the dose (a final concentration, with the final dose), or is
    not recognised: withheld from a blind verifier. The weight warnings name only the weight, an input."""
    template = getattr(recall(line, WARNING_TEMPLATES), "template", None)
    return template is None or template in _FIGURE_WARNINGS


def _bag_row(bag: InfusionBag, users: dict[int, User]) -> BagRow:
    return BagRow(
        number=bag.number,
        prepared_by=_name(users.get(bag.prepared_by_id)) or "",
        prepared_at=bag.prepared_at,
        beyond_use_at=bag.beyond_use_at,
        beyond_use_storage=str(bag.beyond_use_storage),
        lots=tuple(
            LotRow(line.lot_number, line.lot_expiry, line.vials, line.volume_drawn_ml) for line in bag.lines
        ),
        checked_by=_name(users.get(bag.checked_by_id)) if bag.checked_by_id is not None else None,
        checked_at=bag.checked_at,
        tare_g=bag.tare_g,
        weighed_g=bag.weighed_g,
        expected_g=bag.expected_g,
        wasted_at=bag.wasted_at,
        waste_reason_code=bag.waste_reason_code,
        waste_note=bag.waste_note,
    )


def _held_subjects(session: Session, subject_ids: Iterable[int]) -> set[int]:
    ids = sorted(set(subject_ids))
    if not ids:
        return set()
    return set(
        session.execute(
            select(Hold.subject_id).where(Hold.subject_id.in_(ids), Hold.end_date.is_(None))
        ).scalars()
    )


def order_rows(
    session: Session,
    orders: Sequence[InfusionOrder],
    actor: Actor | None = None,
    *,
    now: datetime | None = None,
) -> list[OrderRow]:
    """Rows for these orders as `actor` may see them (figures withheld from a possible verifier), their
    signatures read in one query; `now` (default the clock) places each bag against its use-before time."""
    signatures = _order_signatures(session, [o.id for o in orders])
    users = {u.id: u for u in session.execute(select(User)).scalars()} if orders else {}
    seen = viewer(session, actor)
    held = _held_subjects(session, (o.subject_id for o in orders))
    moment = now or datetime.now(UTC)
    rows = []
    for order in orders:
        subject = order.subject
        visit = order.visit
        version = order.protocol_version
        blinded = seen.blind_to(order)
        bag = bag_in_use(order)
        try:
            protocol = protocol_file(version.protocol_id)
        except InputError:
            protocol = None

        def signer(
            meaning: SignatureMeaning, fallback: int | None, order: InfusionOrder = order
        ) -> str | None:
            signature = signatures.get((order.id, str(meaning)))
            if signature is not None:
                return signature.printed_name
            return _name(users.get(fallback)) if fallback is not None else None

        def hidden(value: Any, blinded: bool = blinded) -> Any:
            return None if blinded else value

        state = None
        if (
            bag is not None
            and order.status in (OrderStatus.PREPARED, OrderStatus.CHECKED)
            and protocol is not None
        ):
            state = use_before(bag.beyond_use_at, moment, protocol.order_checks)
        created = next((step for step in order.steps if step.step == OrderStep.CREATED), None)
        started = order.started_at
        end = None
        if started is not None:
            paused = sum(
                (e.ended_at - e.started_at).total_seconds()
                for e in order.events
                if e.kind == InfusionEventKind.INTERRUPTION and e.ended_at is not None
            )
            end = started + timedelta(minutes=order.infusion_minutes, seconds=paused)
        reaction_terms = protocol.toxicity.terms.get("infusion_reaction", ()) if protocol is not None else ()
        rows.append(
            OrderRow(
                id=order.id,
                order_number=order.order_number,
                status=str(order.status),
                superseded_by=superseded_by(order),
                subject_id=subject.id,
                subject_number=subject.subject_number,
                initials=subject.initials,
                birth_date=subject.birth_date,
                allergies=subject.allergies or "",
                visit_id=visit.id,
                visit_label=visit.label,
                cycle=visit.cycle or 0,
                day=visit.day or 0,
                planned_date=order.planned_date,
                created_at=order.created_at,
                protocol_id=version.protocol_id,
                protocol_version=version.version,
                protocol_signed_off=version.signed_off,
                weight_id=order.weight_id,
                weight_kg=order.weight_kg,
                weight_measured_on=order.weight_measured_on,
                baseline_weight_kg=subject.baseline_weight_kg,
                weight_change_percent=weight_change_percent(order.weight_kg, subject.baseline_weight_kg),
                dose_level_mg_per_kg=order.dose_level_mg_per_kg,
                calculated_dose_mg=hidden(order.calculated_dose_mg),
                final_dose_mg=hidden(order.final_dose_mg),
                concentration_mg_per_ml=order.concentration_mg_per_ml,
                volume_to_draw_ml=hidden(order.volume_to_draw_ml),
                vials=hidden(order.vials),
                waste_mg=hidden(order.waste_mg),
                bag_volume_ml=order.bag_volume_ml,
                final_concentration_mg_per_ml=hidden(order.final_concentration_mg_per_ml),
                infusion_minutes=order.infusion_minutes,
                reduction_reason=recall_reason(order.reduction_reason) if order.reduction_reason else None,
                warnings=_warnings(order, blinded),
                warnings_acknowledged=order.warnings_acknowledged,
                acknowledgement_reason=hidden(order.acknowledgement_reason),
                prescribed_by=signer(SignatureMeaning.PRESCRIBED, order.prescribed_by_id),
                prescribed_at=order.prescribed_at,
                verified_by=signer(SignatureMeaning.VERIFIED, order.verified_by_id),
                verified_at=order.verified_at,
                prepared_by=(
                    _name(users.get(bag.prepared_by_id))
                    if bag is not None
                    else signer(SignatureMeaning.PREPARED, order.prepared_by_id)
                ),
                prepared_at=bag.prepared_at if bag is not None else order.prepared_at,
                beyond_use_at=bag.beyond_use_at if bag is not None else order.beyond_use_at,
                beyond_use_storage=(
                    str(bag.beyond_use_storage)
                    if bag is not None
                    else (str(order.beyond_use_storage) if order.beyond_use_storage else None)
                ),
                administration_started_at=order.administration_started_at,
                administration_ended_at=order.administration_ended_at,
                administered_by=order.administered_by,
                administration_recorded_by=signer(
                    SignatureMeaning.ADMINISTERED, order.administration_recorded_by_id
                ),
                cancelled_at=order.cancelled_at,
                cancelled_by=_name(users.get(order.cancelled_by_id)) if order.cancelled_by_id else None,
                cancel_reason=recall_reason(order.cancel_reason) if order.cancel_reason else None,
                lots=tuple(
                    LotRow(line.lot_number, line.lot_expiry, line.vials, line.volume_drawn_ml)
                    for line in (bag.lines if bag is not None else order.preparation_lines)
                ),
                steps=tuple(
                    OrderStepRow(
                        str(step.step),
                        _name(users.get(step.user_id)) or "",
                        step.at,
                        step.signature_id is not None,
                        step.note,
                        step.signature.printed_name if step.signature is not None else None,
                    )
                    for step in order.steps
                ),
                criteria_override=criteria_override(order),
                blinded=blinded,
                created_by=_name(users.get(created.user_id)) if created is not None else None,
                checked_by=(
                    _name(users.get(bag.checked_by_id))
                    if bag is not None and bag.checked_by_id is not None
                    else None
                ),
                checked_at=bag.checked_at if bag is not None else None,
                bag_number=bag.number if bag is not None else None,
                bags=tuple(_bag_row(b, users) for b in order.bags),
                use_before_state=state.state if state is not None else None,
                use_before_minutes=state.minutes_left if state is not None else None,
                started_at=started,
                started_by=_name(users.get(order.started_by_id)) if order.started_by_id else None,
                planned_end=end,
                ended_at=order.ended_at,
                ended_by=_name(users.get(order.ended_by_id)) if order.ended_by_id else None,
                volume_given_ml=order.volume_given_ml,
                dose_given_mg=order.dose_given_mg,
                stop_reason_code=order.stop_reason_code,
                stop_reason=order.stop_reason,
                cancel_reason_code=order.cancel_reason_code,
                events=tuple(
                    EventRow(
                        id=e.id,
                        kind=str(e.kind),
                        at=e.started_at,
                        until=e.ended_at,
                        grade=e.grade,
                        note=e.note,
                        recorded_by=_name(users.get(e.recorded_by_id)) or "",
                        toxicity_id=e.toxicity_id,
                    )
                    for e in order.events
                ),
                held=subject.id in held,
                reaction_term=reaction_terms[0] if reaction_terms else None,
            )
        )
    return rows


def order_row(
    session: Session, order: InfusionOrder, actor: Actor | None = None, *, now: datetime | None = None
) -> OrderRow:
    return order_rows(session, [order], actor, now=now)[0]


def _orders(
    session: Session,
    *conditions: ColumnElement[bool],
    order_by: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]] = (),
) -> list[InfusionOrder]:
    """Orders matching `conditions`, with everything a row needs loaded in a few queries."""
    query = (
        select(InfusionOrder)
        .options(
            selectinload(InfusionOrder.subject),
            selectinload(InfusionOrder.visit),
            selectinload(InfusionOrder.protocol_version),
            selectinload(InfusionOrder.steps).selectinload(InfusionOrderStep.signature),
            selectinload(InfusionOrder.preparation_lines),
            selectinload(InfusionOrder.bags).selectinload(InfusionBag.lines),
            selectinload(InfusionOrder.events),
        )
        .where(*conditions)
        .order_by(*order_by, InfusionOrder.id)
    )
    return list(session.execute(query).scalars())


def subject_header(session: Session, subject: Subject) -> SubjectHeader:
    version = subject.protocol_version
    try:
        protocol = protocol_file(version.protocol_id)
        in_use = session.execute(
            select(ProtocolVersion).where(
                ProtocolVersion.protocol_id == protocol.id,
                ProtocolVersion.version == protocol.version,
                ProtocolVersion.fingerprint == protocol.fingerprint,
            )
        ).scalar_one_or_none()
        signed_off = in_use is not None and in_use.signed_off
        starting = protocol.regimen.starting_level
    except InputError:
        signed_off = False
        starting = subject.current_dose_level_mg_per_kg or Decimal(0)
    held = (
        session.execute(
            select(Hold.id).where(Hold.subject_id == subject.id, Hold.end_date.is_(None)).limit(1)
        ).first()
        is not None
    )
    return SubjectHeader(
        id=subject.id,
        subject_number=subject.subject_number,
        initials=subject.initials,
        birth_date=subject.birth_date,
        sex=str(subject.sex),
        allergies=subject.allergies,
        liver_metastases=subject.liver_metastases,
        baseline_weight_kg=subject.baseline_weight_kg,
        height_cm=subject.height_cm,
        can_become_pregnant=subject.can_become_pregnant,
        status=str(subject.status),
        c1d1=subject.c1d1,
        current_dose_level_mg_per_kg=subject.current_dose_level_mg_per_kg,
        starting_dose_level_mg_per_kg=starting,
        protocol_id=version.protocol_id,
        protocol_version=version.version,
        protocol_signed_off=signed_off,
        treatment_stopped_on=subject.treatment_stopped_on,
        treatment_stop_reason=treatment_end_words(
            subject.treatment_stop_code, subject.treatment_stop_params, subject.treatment_stop_reason
        ),
        treatment_stop_code=subject.treatment_stop_code,
        off_study_on=subject.off_study_on,
        off_study_reason=study_end_words(
            subject.off_study_code, subject.off_study_params, subject.off_study_reason
        ),
        off_study_code=subject.off_study_code,
        held=held,
        enrolled_at=subject.enrolled_at,
        hospital_number=subject.hospital_number,
        language=subject.language,
    )


# --- the chart -------------------------------------------------------------------------------------------


def _visit_warnings(subject: Subject, day: date) -> dict[str, tuple[VisitWarningRow, ...]]:
    """The calendar rules' warnings for each visit label, as of `day` (nothing for a subject not planned)."""
    if subject.status == SubjectStatus.SCREEN_FAILED or not subject.visits:
        return {}
    try:
        protocol = protocol_file(subject.protocol_version.protocol_id)
        calendar = subject_calendar(protocol, subject, subject.visits, day)
    except (InputError, ValueError):
        return {}
    return {v.label: tuple(VisitWarningRow(w.code, w.message) for w in v.warnings) for v in calendar.visits}


def _history(
    session: Session, subject: Subject, orders: Sequence[InfusionOrder], blinded: set[int] | None = None
) -> list[HistoryRow]:
    """The audit rows of the subject's records, oldest first, each record named in words; the figures of the
    `blinded` orders (ids) withheld.

    Read as plain rows (the audit table's columns and the few columns that name a record), never as ORM
    objects: a long-treated subject has hundreds of audit rows, and building objects for them is what made the
    chart slow (garbage collection)."""
    described: dict[tuple[str, str], str] = {(Subject.__tablename__, str(subject.id)): msg("subject")}

    def add(table: str, record_id: int, words: str) -> None:
        described[(table, str(record_id))] = words

    for visit in subject.visits:
        add(Visit.__tablename__, visit.id, msg("visit {label}", label=visit.label))
    for weight in subject.weights:
        add(Weight.__tablename__, weight.id, msg("weight of {day}", day=weight.measured_on.isoformat()))
    kinds = lab_kinds()
    for lab in subject.lab_results:
        kind = kinds.get(lab.lab)
        add(
            LabResult.__tablename__,
            lab.id,
            msg("{lab} of {day}", lab=kind.name if kind else lab.lab, day=lab.collected_on.isoformat()),
        )
    terms: dict[int, str] = {}
    for toxicity_id, term in session.execute(
        select(Toxicity.id, Toxicity.ctcae_term).where(Toxicity.subject_id == subject.id)
    ):
        terms[toxicity_id] = term
        add(Toxicity.__tablename__, toxicity_id, msg("toxicity {term}", term=term))
    if terms:
        for decision_id, toxicity_id in session.execute(
            select(ToxicityDecision.id, ToxicityDecision.toxicity_id).where(
                ToxicityDecision.toxicity_id.in_(list(terms))
            )
        ):
            add(
                ToxicityDecision.__tablename__,
                decision_id,
                msg("decision on {term}", term=terms[toxicity_id]),
            )
    for (change_id,) in session.execute(
        select(DoseLevelChange.id).where(DoseLevelChange.subject_id == subject.id)
    ):
        add(DoseLevelChange.__tablename__, change_id, msg("dose level"))
    for hold_id, label in session.execute(
        select(Hold.id, Visit.label)
        .join(Visit, Visit.id == Hold.visit_id)
        .where(Hold.subject_id == subject.id)
    ):
        add(Hold.__tablename__, hold_id, msg("hold at {label}", label=label))
    numbers = {order.id: order.order_number for order in orders}
    for order in orders:
        add(InfusionOrder.__tablename__, order.id, msg("order {number}", number=order.order_number))
        for step in order.steps:
            add(
                InfusionOrderStep.__tablename__,
                step.id,
                msg("order {number} step", number=order.order_number),
            )
        for line in order.preparation_lines:
            add(PreparationLine.__tablename__, line.id, msg("order {number} lot", number=order.order_number))
    if numbers:
        for signature_id, signed_id in session.execute(
            select(Signature.id, Signature.record_id).where(
                Signature.record_table == InfusionOrder.__tablename__,
                Signature.record_id.in_(list(numbers)),
            )
        ):
            add(
                Signature.__tablename__,
                signature_id,
                msg("signature on order {number}", number=numbers[int(signed_id)]),
            )
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, record_id in described:
        by_table[table].append(record_id)
    audit = AuditLog.__table__.c
    condition = or_(
        *(
            and_(audit.table_name == table, audit.record_id.in_(ids))
            for table, ids in sorted(by_table.items())
        )
    )
    rows = session.execute(
        select(
            audit.id,
            audit.at,
            audit.user_name,
            audit.action,
            audit.table_name,
            audit.record_id,
            audit.field,
            audit.old_value,
            audit.new_value,
            audit.reason,
        )
        .where(condition)
        .order_by(audit.id)
    )
    people = {user_id: name for user_id, name in session.execute(select(User.id, User.full_name))}
    hidden = {str(order_id) for order_id in blinded or ()}

    def shown(table: str, record_id: str, field: str | None, value: str | None) -> str | None:
        if table == InfusionOrder.__tablename__ and record_id in hidden:
            value = withhold_audit_value(field, value)
        return _history_value(field, value, people)

    return [
        HistoryRow(
            id=row_id,
            at=at,
            user_name=user_name,
            action=str(action),
            table=table,
            record_id=record_id,
            record=described.get((table, record_id), table),
            field=field,
            old_value=shown(table, record_id, field, old_value),
            new_value=shown(table, record_id, field, new_value),
            reason=recall_reason(reason) if reason else reason,
        )
        for row_id, at, user_name, action, table, record_id, field, old_value, new_value, reason in rows
    ]


# A patient's history reads a changed sentence as the window's words and a person by name, not by number.
_SENTENCE_FIELDS = frozenset(
    {
        "status_reason",
        "cancel_reason",
        "note",
        "reason",
        "reduction_reason",
        "off_study_reason",
        "treatment_stop_reason",
    }
)


def _history_value(field: str | None, value: str | None, people: dict[int, str]) -> str | None:
    if value is None or field is None:
        return value
    if field in _SENTENCE_FIELDS:
        return recall_reason(value)
    if (field.endswith("_by_id") or field in ("user_id", "investigator_id")) and value.isdigit():
        return people.get(int(value), value)
    return value


def subject_chart(uow: UnitOfWork, subject_id: int, day: date | None = None) -> Chart:
    """Everything on a subject's chart, with the calendar's warnings as of `day` (default today)."""
    with uow:
        session = uow.session
        as_of = day or local_today(uow)
        subject = load(session, Subject, subject_id, msg("subject"))
        held = held_visit_ids(session, [subject.id])
        warnings = _visit_warnings(subject, as_of)
        visits = tuple(
            visit_row(v, subject.subject_number, v.id in held, warnings.get(v.label, ()))
            for v in sorted(
                subject.visits, key=lambda v: (v.actual_date or v.booked_date or v.target_date, v.id)
            )
        )
        orders = _orders(session, InfusionOrder.subject_id == subject.id)
        baseline = subject.baseline_weight_kg
        weights = tuple(
            WeightRow(
                w.id,
                w.weight_kg,
                w.measured_on,
                w.measured_by,
                w.recorded_at,
                weight_change_percent(w.weight_kg, baseline),
                w.cancelled,
                w.cancel_reason,
            )
            for w in subject.weights
        )
        labs = tuple(
            LabRow(
                r.id,
                r.lab,
                r.value,
                r.unit,
                r.lln,
                r.uln,
                r.collected_on,
                r.ctcae_grade,
                r.recorded_at,
                r.cancelled,
                r.cancel_reason,
            )
            for r in subject.lab_results
        )
        toxicities = tuple(
            toxicity_row(t)
            for t in session.execute(
                select(Toxicity)
                .where(Toxicity.subject_id == subject.id)
                .order_by(Toxicity.onset_date, Toxicity.id)
            ).scalars()
        )
        holds = tuple(
            HoldRow(
                h.id,
                h.visit_id,
                h.visit.label,
                recall_explanation(h.reason),
                h.toxicity_id,
                h.hold_until_grade,
                h.start_date,
                h.end_date,
            )
            for h in session.execute(
                select(Hold).where(Hold.subject_id == subject.id).order_by(Hold.start_date, Hold.id)
            ).scalars()
        )
        changes = tuple(
            level_change_row(session, c)
            for c in session.execute(
                select(DoseLevelChange)
                .where(DoseLevelChange.subject_id == subject.id)
                .order_by(DoseLevelChange.effective_on, DoseLevelChange.id)
            ).scalars()
        )
        rows = order_rows(session, orders, uow.user, now=uow.now())
        blinded = {row.id for row in rows if row.blinded}
        return Chart(
            header=subject_header(session, subject),
            visits=visits,
            orders=tuple(rows),
            weights=weights,
            labs=labs,
            toxicities=toxicities,
            holds=holds,
            level_changes=changes,
            history=tuple(_history(session, subject, orders, blinded)),
            as_of=as_of,
        )


def toxicity_row(toxicity: Toxicity) -> ToxicityRow:
    return ToxicityRow(
        id=toxicity.id,
        term=toxicity.ctcae_term,
        meddra_code=toxicity.meddra_code,
        grade=toxicity.grade,
        onset=toxicity.onset_date,
        resolution=toxicity.resolution_date,
        recorded_at=toxicity.recorded_at,
        cancelled=toxicity.cancelled,
        cancel_reason=toxicity.cancel_reason,
        decisions=tuple(
            DecisionRow(
                id=d.id,
                proposed_action=str(d.proposed_action),
                proposed_hold_until_grade=d.proposed_hold_until_grade,
                proposed_resume=str(d.proposed_resume) if d.proposed_resume else None,
                proposed_rule_text=d.proposed_rule_text,
                taken_action=str(d.taken_action),
                taken_hold_until_grade=d.taken_hold_until_grade,
                taken_resume=str(d.taken_resume) if d.taken_resume else None,
                overridden=d.overridden,
                override_reason=d.override_reason,
                investigator=d.investigator.full_name,
                decided_at=d.decided_at,
            )
            for d in toxicity.decisions
        ),
    )


def level_change_row(session: Session, change: DoseLevelChange) -> DoseLevelChangeRow:
    user = session.get(User, change.decided_by_id)
    return DoseLevelChangeRow(
        id=change.id,
        from_level_mg_per_kg=change.from_level_mg_per_kg,
        to_level_mg_per_kg=change.to_level_mg_per_kg,
        reason=recall_explanation(change.reason),
        toxicity_id=change.toxicity_id,
        effective_on=change.effective_on,
        decided_by=user.full_name if user is not None else "",
        decided_at=change.decided_at,
    )


# --- lists -----------------------------------------------------------------------------------------------


def patient_list(uow: UnitOfWork, search: str = "") -> list[PatientRow]:
    """Every subject (those whose number or initials contain `search`), by subject number."""
    with uow:
        session = uow.session
        query = select(Subject).order_by(Subject.subject_number)
        text = search.strip()
        if text:
            pattern = f"%{text.lower()}%"
            query = query.where(
                or_(
                    func.lower(Subject.subject_number).like(pattern),
                    func.lower(Subject.initials).like(pattern),
                )
            )
        subjects = list(session.execute(query).scalars())
        if not subjects:
            return []
        ids = [s.id for s in subjects]
        open_visits: dict[int, list[Visit]] = defaultdict(list)
        for visit in session.execute(
            select(Visit).where(Visit.subject_id.in_(ids), Visit.status.in_(OPEN_VISIT))
        ).scalars():
            open_visits[visit.subject_id].append(visit)
        cycles = dict(
            session.execute(
                select(Visit.subject_id, func.max(Visit.cycle))
                .where(
                    Visit.subject_id.in_(ids), Visit.kind == VisitKind.DOSE, Visit.status == VisitStatus.DONE
                )
                .group_by(Visit.subject_id)
            ).all()
        )
        held_subjects = set(
            session.execute(
                select(Hold.subject_id).where(Hold.subject_id.in_(ids), Hold.end_date.is_(None))
            ).scalars()
        )
        rows = []
        for subject in subjects:
            pending = open_visits.get(subject.id, [])
            following = min(
                pending,
                key=lambda v: (v.booked_date or v.suggested_date or v.target_date, v.id),
                default=None,
            )
            rows.append(
                PatientRow(
                    id=subject.id,
                    subject_number=subject.subject_number,
                    initials=subject.initials,
                    birth_date=subject.birth_date,
                    status=str(subject.status),
                    cycle=cycles.get(subject.id),
                    dose_level_mg_per_kg=subject.current_dose_level_mg_per_kg,
                    next_visit_id=following.id if following else None,
                    next_visit_label=following.label if following else None,
                    next_visit_date=(
                        (following.booked_date or following.suggested_date or following.target_date)
                        if following
                        else None
                    ),
                    held=subject.id in held_subjects,
                    hospital_number=subject.hospital_number,
                    language=subject.language,
                )
            )
        return rows


def list_visits(uow: UnitOfWork, subject_id: int | None = None) -> list[VisitRow]:
    """Visits of one subject, or of all, by subject number then date."""
    with uow:
        session = uow.session
        query = select(Visit, Subject.subject_number).join(Subject)
        if subject_id is not None:
            load(session, Subject, subject_id, msg("subject"))
            query = query.where(Visit.subject_id == subject_id)
        query = query.order_by(Subject.subject_number, Visit.target_date, Visit.id)
        held = held_visit_ids(session)
        return [visit_row(v, number, v.id in held) for v, number in session.execute(query).all()]


def visit_detail(uow: UnitOfWork, visit_id: int, day: date | None = None) -> VisitRow:
    """One visit, with the calendar's warnings as of `day` (default today)."""
    with uow:
        session = uow.session
        visit = load(session, Visit, visit_id, msg("visit"))
        subject = visit.subject
        warnings = _visit_warnings(subject, day or local_today(uow)).get(visit.label, ())
        return visit_row(
            visit, subject.subject_number, visit.id in held_visit_ids(session, [subject.id]), warnings
        )


def list_orders(
    uow: UnitOfWork, *, status: str | None = None, subject_id: int | None = None
) -> list[OrderRow]:
    """Orders (of one status, of one subject), oldest first."""
    with uow:
        conditions: list[ColumnElement[bool]] = []
        if status is not None:
            try:
                conditions.append(InfusionOrder.status == OrderStatus(status))
            except ValueError:
                names = ", ".join(s.value for s in OrderStatus)
                raise InputError(
                    msg(
                        "'{status}' is not an order status; the statuses are {names}.",
                        status=status,
                        names=names,
                    )
                ) from None
        if subject_id is not None:
            conditions.append(InfusionOrder.subject_id == subject_id)
        session = uow.session
        return order_rows(session, _orders(session, *conditions), uow.user, now=uow.now())


def order_detail(uow: UnitOfWork, order_id: int) -> OrderRow:
    with uow:
        session = uow.session
        order = load(session, InfusionOrder, order_id, msg("order"))
        return order_rows(session, [order], uow.user, now=uow.now())[0]


def find_order(uow: UnitOfWork, order_number: str) -> OrderRow:
    """An order by its printed number (a scanned barcode)."""
    with uow:
        session = uow.session
        order = session.execute(
            select(InfusionOrder).where(InfusionOrder.order_number == order_number.strip())
        ).scalar_one_or_none()
        if order is None:
            raise InputError(msg("There is no order numbered {number}.", number=repr(order_number.strip())))
        return order_rows(session, [order], uow.user, now=uow.now())[0]


# --- Today -----------------------------------------------------------------------------------------------


def pharmacy_queue(uow: UnitOfWork, day: date | None = None) -> PharmacyQueue:
    """Orders planned for `day` or earlier that still wait, by their next step, and the infusions running;
    with whether each order's criteria to treat are met on its planned day."""
    from app.errors import DoseDeskError
    from app.services.clinical import criteria_to_treat  # clinical reads these models: imported when used

    with uow:
        session = uow.session
        as_of = day or local_today(uow)
        orders = _orders(
            session,
            InfusionOrder.status.in_((*OPEN_ORDER, OrderStatus.STARTED)),
            InfusionOrder.planned_date <= as_of,
            order_by=(InfusionOrder.planned_date,),
        )
        rows = order_rows(session, orders, uow.user, now=uow.now())
        criteria: dict[int, bool | None] = {}
        awaiting: set[int] = set()
        for row in rows:
            if row.status == OrderStatus.STARTED:
                continue
            try:
                checked = criteria_to_treat(uow, row.visit_id, row.planned_date)
            except DoseDeskError:
                criteria[row.id] = None
                continue
            criteria[row.id] = checked.met
            if checked.awaiting_labs:
                awaiting.add(row.id)

        def having(status: OrderStatus) -> tuple[OrderRow, ...]:
            return tuple(r for r in rows if r.status == status)

        return PharmacyQueue(
            day=as_of,
            to_prescribe=having(OrderStatus.DRAFT),
            to_verify=having(OrderStatus.PRESCRIBED),
            to_prepare=having(OrderStatus.VERIFIED),
            to_check=having(OrderStatus.PREPARED),
            ready=having(OrderStatus.CHECKED),
            running=having(OrderStatus.STARTED),
            criteria_met=criteria,
            awaiting_labs=frozenset(awaiting),
        )


def clinic_list(uow: UnitOfWork, day: date | None = None) -> ClinicList:
    """The clinic's visits of `day` (default today)."""
    with uow:
        session = uow.session
        as_of = day or local_today(uow)
        visits = list(
            session.execute(
                select(Visit)
                .join(Subject)
                .where(
                    Visit.status.in_(OPEN_VISIT),
                    Subject.status.not_in((SubjectStatus.SCREEN_FAILED, SubjectStatus.OFF_STUDY)),
                    or_(
                        Visit.booked_date == as_of,
                        and_(Visit.booked_date.is_(None), Visit.window_start <= as_of),
                        and_(
                            Visit.window_end < as_of,
                            or_(Visit.booked_date.is_(None), Visit.booked_date < as_of),
                        ),
                    ),
                )
                .options(selectinload(Visit.subject))
                .order_by(Visit.window_end, Visit.id)
            ).scalars()
        )
        held = held_visit_ids(session, list({v.subject_id for v in visits}))
        open_orders: dict[int, InfusionOrder] = {}
        if visits:
            for order in session.execute(
                select(InfusionOrder)
                .where(InfusionOrder.visit_id.in_([v.id for v in visits]))
                .order_by(InfusionOrder.id)
            ).scalars():
                if order.status != OrderStatus.CANCELLED or order.visit_id not in open_orders:
                    open_orders[order.visit_id] = order
        due: list[ClinicVisitRow] = []
        booked: list[ClinicVisitRow] = []
        overdue: list[ClinicVisitRow] = []
        outside: list[ClinicVisitRow] = []
        for visit in visits:
            row = _clinic_row(visit, as_of, visit.id in held, open_orders.get(visit.id))
            if visit.booked_date == as_of:
                booked.append(row)
                if not row.in_window:
                    outside.append(row)
            elif visit.window_end < as_of:
                overdue.append(row)
            elif visit.booked_date is None and visit.window_start <= as_of:
                due.append(row)
        return ClinicList(as_of, tuple(due), tuple(booked), tuple(overdue), tuple(outside))


def _clinic_row(visit: Visit, day: date, held: bool, order: InfusionOrder | None) -> ClinicVisitRow:
    subject = visit.subject
    when = visit.booked_date
    in_window = when is None or visit.window_start <= when <= visit.window_end
    warnings: list[str] = []
    if not in_window and when is not None:
        warnings.append(
            msg(
                "Booked for {day}, outside its window {start} to {end}.",
                day=when.isoformat(),
                start=visit.window_start.isoformat(),
                end=visit.window_end.isoformat(),
            )
        )
    if visit.window_end < day and (when is None or when < day):
        warnings.append(msg("Overdue: its window ended on {day}.", day=visit.window_end.isoformat()))
    if held:
        warnings.append(msg("Treatment is held at this visit."))
    return ClinicVisitRow(
        visit_id=visit.id,
        subject_id=subject.id,
        subject_number=subject.subject_number,
        initials=subject.initials,
        birth_date=subject.birth_date,
        label=visit.label,
        kind=str(visit.kind),
        target=visit.target_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        suggested=visit.suggested_date,
        booked=visit.booked_date,
        status=str(visit.status),
        held=held,
        in_window=in_window,
        order_id=order.id if order is not None else None,
        order_status=str(order.status) if order is not None else None,
        warnings=tuple(warnings),
    )


__all__ = [
    "CRITERIA_OVERRIDE_NOTE",
    "SUPERSEDED_BY_NOTE",
    "WITHHELD",
    "WITHHELD_FIELDS",
    "WRISTBAND_PREFIX",
    "BagRow",
    "Chart",
    "ClinicList",
    "ClinicVisitRow",
    "DecisionRow",
    "DoseLevelChangeRow",
    "EventRow",
    "HistoryRow",
    "HoldRow",
    "LabRow",
    "LotRow",
    "OrderRow",
    "OrderStepRow",
    "PatientRow",
    "PharmacyQueue",
    "SubjectHeader",
    "ToxicityRow",
    "Viewer",
    "VisitRow",
    "VisitWarningRow",
    "WeightRow",
    "bag_in_use",
    "blinded_order_ids",
    "clinic_list",
    "criteria_override",
    "find_order",
    "list_orders",
    "list_visits",
    "order_detail",
    "order_makers",
    "order_row",
    "order_rows",
    "patient_list",
    "pharmacy_queue",
    "reader",
    "reader_language",
    "subject_chart",
    "subject_header",
    "viewer",
    "visit_detail",
    "visit_row",
    "warning_names_dose",
    "withhold_audit_value",
    "wristband_code",
]
