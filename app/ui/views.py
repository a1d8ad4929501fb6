"""Plain values the backend hands the screens (never database rows): one dataclass per thing shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

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


@dataclass(frozen=True)
class DoseRow:
    label: str
    day: date
    level_mg_per_kg: Decimal
    weight_kg: Decimal
    final_dose_mg: Decimal
    status: str  # the order's status
    order_id: int | None = None


@dataclass(frozen=True)
class WeightRow:
    measured_on: date
    weight_kg: Decimal
    change_from_baseline_percent: Decimal | None


@dataclass(frozen=True)
class LabRow:
    sampled_on: date
    lab: str
    value: Decimal
    unit: str


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
    """An order in the pharmacy queue; `stage` is what it waits for: prescribe, verify, prepare, administer."""

    order_id: int
    order_number: str
    subject_id: int
    subject_number: str
    initials: str
    visit_label: str
    planned_date: date
    final_dose_mg: Decimal
    stage: str


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
    # One line per criterion to treat, saying whether it is met.
    criteria_to_treat: tuple[str, ...] = ()
    # The day the calendar was laid out for.
    as_of: date = field(default_factory=date.today)


__all__ = [
    "AuditFilter",
    "AuditRow",
    "ClinicRow",
    "DoseRow",
    "HistoryRow",
    "LabRow",
    "PatientSummary",
    "ProtocolStatus",
    "QueueRow",
    "SubjectChart",
    "SubjectHeader",
    "TodayView",
    "ToxicityRow",
    "UserRow",
    "WeightRow",
]
