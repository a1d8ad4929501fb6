"""Plain values the backend hands the screens (never database rows): one dataclass per thing shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.scheduling import Visit
from app.ui.charts import TimelineEvent
from app.ui.models.patients import PatientSummary


@dataclass(frozen=True)
class SubjectHeader:
    subject_id: int
    subject_number: str
    initials: str
    birth_date: date
    sex: str
    status: str
    allergies: str
    baseline_weight_kg: Decimal
    liver_metastases: bool
    current_dose_level_mg_per_kg: Decimal | None
    protocol_id: str
    protocol_version: str
    protocol_signed_off: bool
    c1d1: date | None
    treatment_stopped_on: date | None = None
    treatment_stop_reason: str | None = None
    off_study_on: date | None = None
    off_study_reason: str | None = None
    hospital_number: str | None = None  # the hospital's medical record number, where recorded
    language: str | None = None  # the language the subject reads ("en", "zh"), where recorded


@dataclass(frozen=True)
class DoseRow:
    """One order of the chart's Doses tab; `final_dose_mg` None (and `blinded`) while the order awaits a
    verification the viewer may still do; `dose_given_mg` the mg actually given once it ended."""

    label: str
    day: date
    level_mg_per_kg: Decimal
    weight_kg: Decimal
    final_dose_mg: Decimal | None
    status: str  # the order's status
    order_id: int | None = None
    blinded: bool = False
    dose_given_mg: Decimal | None = None


@dataclass(frozen=True)
class WeightRow:
    measured_on: date
    weight_kg: Decimal
    change_from_baseline_percent: Decimal | None


@dataclass(frozen=True)
class LabRow:
    sampled_on: date
    lab: str  # the lab's key ("neutrophils"); `words.lab_name` gives its name
    value: Decimal
    unit: str
    grade: int | None = None  # CTCAE grade, when it can be told


@dataclass(frozen=True)
class ToxicityRow:
    term: str
    grade: int
    onset: date
    resolved: date | None
    action: str
    rule: str | None
    overridden: bool
    reason: str | None
    toxicity_id: int | None = None


@dataclass(frozen=True)
class HoldRow:
    """A hold on a dose visit: from `start` until `end` (None: still held)."""

    hold_id: int
    visit_label: str
    reason: str
    start: date
    end: date | None
    until_grade: int | None = None
    toxicity_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.end is None


@dataclass(frozen=True)
class CriterionRow:
    """One criterion to treat, checked: `lab` is the lab's key, `limit` the limit in words, `grade` the
    value's CTCAE v5.0 grade (None when it cannot be told, e.g. no normal range was given)."""

    lab: str
    value: Decimal | None
    unit: str | None
    limit: str
    taken: date | None
    met: bool
    reason: str
    grade: int | None = None  # the value's CTCAE grade, when it can be told
    missing: bool = False  # no usable result yet (none drawn, or too old)


@dataclass(frozen=True)
class CriteriaView:
    """The criteria to treat of the next dose still to come (or why they cannot be told: `problem`)."""

    visit_label: str
    dose_date: date | None
    met: bool
    items: tuple[CriterionRow, ...] = ()
    problem: str | None = None
    # Nothing checked fails but some criterion has no usable result yet: "awaiting labs", not "NOT met".
    awaiting_labs: bool = False


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    who: str
    what: str
    field: str | None
    old: str | None
    new: str | None
    reason: str | None


@dataclass(frozen=True)
class QueueRow:
    """An order on the Today worklist; `stage` is its next step: prescribe, verify, prepare, check, remake (its
    bag is past its use-before time), start, stop (running). The badges: `blinded` (its figures are withheld
    from this viewer), `criteria_met` (False: not met or labs missing; None: cannot be told), `held`,
    `use_before_state` ("ok", "soon", "expired") with the minutes left, `paused`. `order` is the services'
    OrderRow, for the step's dialog."""

    order_id: int
    order_number: str
    subject_id: int
    subject_number: str
    initials: str
    visit_label: str
    planned_date: date
    final_dose_mg: Decimal | None
    stage: str
    blinded: bool = False
    criteria_met: bool | None = True
    awaiting_labs: bool = False  # criteria not met only because labs are still to come
    held: bool = False
    use_before_at: datetime | None = None
    use_before_state: str | None = None
    use_before_minutes: int | None = None
    paused: bool = False
    reactions: int = 0  # reactions not yet recorded as a toxicity
    planned_end: datetime | None = None
    order: Any = None


@dataclass(frozen=True)
class ClinicRow:
    """A visit on the clinic list; `group` is due, booked, overdue or out_of_window."""

    visit_id: int
    subject_id: int
    subject_number: str
    initials: str
    label: str
    group: str
    window_start: date
    window_end: date
    booked: date | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class TodayView:
    day: date
    queue: tuple[QueueRow, ...]
    clinic: tuple[ClinicRow, ...]


@dataclass(frozen=True)
class AuditFilter:
    who: str = ""  # part of the user's name
    what: str = ""  # part of the table name or record id
    since: date | None = None
    until: date | None = None
    limit: int = 2000


@dataclass(frozen=True)
class AuditRow:
    row_id: int
    at: datetime
    who: str
    action: str
    table: str
    record_id: str
    field: str | None
    old: str | None
    new: str | None
    reason: str | None


@dataclass(frozen=True)
class UserRow:
    user_id: int
    username: str
    full_name: str
    roles: frozenset[str]
    active: bool
    locked: bool


@dataclass(frozen=True)
class ProtocolStatus:
    version_id: int
    protocol_id: str
    version: str
    fingerprint: str
    signed_off_by: str | None
    signed_off_at: datetime | None
    # The approvals so far as (name, roles, when), and the roles whose approval is still awaited.
    approvals: tuple[tuple[str, tuple[str, ...], datetime], ...] = ()
    awaiting: tuple[str, ...] = ()
    approved_by_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LotChoice:
    """A lot of the order's protocol in stock, as the preparation form offers it."""

    lot_number: str
    expiry: date
    on_hand: int
    strength_mg: Decimal
    status: str  # released, quarantined
    status_reason: str | None = None

    def usable_on(self, day: date) -> bool:
        return self.status == "released" and self.expiry >= day and self.on_hand > 0


@dataclass(frozen=True)
class PreparationChoices:
    """What the preparation form starts from: the lots, and the stock service's first-expiry-first-out
    suggestion for the order's vials (empty with `problem` when the usable stock is short)."""

    lots: tuple[LotChoice, ...] = ()
    suggested: tuple[tuple[str, int], ...] = ()
    problem: str | None = None
    vial_strength_mg: Decimal | None = None  # the protocol's vial


@dataclass(frozen=True)
class ReactionRow:
    """An infusion reaction recorded at the bedside and not yet recorded as a toxicity: offered to the
    investigator, with the CTCAE term of the protocol's infusion-reaction key."""

    event_id: int
    order_number: str
    visit_label: str
    at: datetime
    grade: int | None
    note: str
    term: str | None


@dataclass(frozen=True)
class SubjectChart:
    header: SubjectHeader
    visits: tuple[Visit, ...]
    dose_days: tuple[int, ...]
    timeline: tuple[TimelineEvent, ...] = ()
    doses: tuple[DoseRow, ...] = ()
    weights: tuple[WeightRow, ...] = ()
    labs: tuple[LabRow, ...] = ()
    toxicities: tuple[ToxicityRow, ...] = ()
    history: tuple[HistoryRow, ...] = ()
    weight_warn_percent: Decimal | None = None
    criteria: CriteriaView | None = None
    holds: tuple[HoldRow, ...] = ()
    # Why a visit was missed, omitted or cancelled, by visit label.
    visit_notes: dict[str, str] = field(default_factory=dict)
    # The day the calendar was laid out for.
    as_of: date = field(default_factory=date.today)
    reactions: tuple[ReactionRow, ...] = ()
    # The site's reference ranges, {(lab, normalised unit): (LLN, ULN)}: the lab form's defaults.
    reference_ranges: dict[tuple[str, str], tuple[Decimal | None, Decimal | None]] = field(
        default_factory=dict
    )


__all__ = [
    "AuditFilter",
    "AuditRow",
    "ClinicRow",
    "CriteriaView",
    "CriterionRow",
    "DoseRow",
    "HistoryRow",
    "HoldRow",
    "LabRow",
    "LotChoice",
    "PatientSummary",
    "PreparationChoices",
    "ProtocolStatus",
    "QueueRow",
    "ReactionRow",
    "SubjectChart",
    "SubjectHeader",
    "TodayView",
    "ToxicityRow",
    "UserRow",
    "WeightRow",
]
