"""The typed rows the read side hands out (a visit, an order and its steps, a chart, a list), and the
constants they are read with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.dosing.dose import WARNING_TEMPLATE, WarningCode
from app.models import (
    OPEN_ORDER_STATUSES,
    VisitStatus,
)
from app.services.reasons import REASONS

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
