"""The facts an export is made from, read by `app.services.export` through a unit of work.

Dates are the site's calendar dates; instants are the site's wall-clock time (naive), as printed on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Trial:
    study_id: str  # the registry number, e.g. NCT07343453
    drug: str  # the investigational product's name as EXTRT
    route: str  # the protocol's route (IV)
    arm: str  # ARM: the regimen in words
    start_level_mg_per_kg: Decimal
    cycle_length_days: int
    doses_per_cycle: int
    country: str = "CHN"


@dataclass(frozen=True)
class Dose:
    """One order whose infusion was started (started, completed or stopped early)."""

    order_number: str
    visit_label: str
    cycle: int | None
    day: int | None
    status: str  # started | completed | stopped
    planned_date: date
    start: datetime | None
    end: datetime | None
    level_mg_per_kg: Decimal
    start_level_mg_per_kg: Decimal
    weight_kg: Decimal
    weight_measured_on: date
    planned_mg: Decimal  # the order's final dose
    given_mg: Decimal  # the final dose, or the mg given when stopped early
    lots: tuple[str, ...]
    reduction_reason: str | None
    stop_reason_code: str | None
    stop_reason: str | None


@dataclass(frozen=True)
class Toxicity:
    key: int  # the record's id: AESPID
    term: str
    meddra_code: str | None
    soc: str | None
    grade: int
    onset: date
    resolution: date | None
    action: str  # continue | hold | discontinue | reduce | none (see terms.AE_ACTION)


@dataclass(frozen=True)
class Lab:
    key: int
    lab: str  # the protocol's lab key (neutrophils, …)
    value: Decimal
    unit: str
    value_si: Decimal | None
    si_unit: str
    lln: Decimal | None
    uln: Decimal | None
    lln_si: Decimal | None
    uln_si: Decimal | None
    grade: int | None
    collected_on: date
    collected_at: datetime | None
    visit_label: str | None


@dataclass(frozen=True)
class Weight:
    key: int
    weight_kg: Decimal
    measured_on: date
    visit_label: str | None


@dataclass(frozen=True)
class VisitDone:
    label: str
    kind: str  # app.models.VisitKind values
    cycle: int | None
    day: int | None
    status: str  # done | missed | omitted
    on: date | None
    reason: str | None


@dataclass(frozen=True)
class Interruption:
    """A time without treatment: a hold (from the toxicity rules) or a delay of a dose past its target."""

    kind: str  # hold | delay
    start: date
    end: date | None
    reason: str


@dataclass(frozen=True)
class Reduction:
    on: date
    from_level: Decimal
    to_level: Decimal | None  # None: discontinued
    reason: str


@dataclass(frozen=True)
class Subject:
    subject_number: str
    site_id: str
    birth_date: date
    sex: str  # female | male
    consented_on: date
    status: str
    screen_failed: bool
    first_dose: date | None
    treatment_stopped_on: date | None
    treatment_stop_reason: str | None  # the reported words: the code's words and the detail, in English
    off_study_on: date | None
    off_study_reason: str | None
    doses: tuple[Dose, ...] = ()
    toxicities: tuple[Toxicity, ...] = ()
    labs: tuple[Lab, ...] = ()
    weights: tuple[Weight, ...] = ()
    visits: tuple[VisitDone, ...] = ()
    holds: tuple[Interruption, ...] = ()
    treatment_stop_code: str | None = None  # a CDISC disposition term (DSDECOD)
    off_study_code: str | None = None
    reductions: tuple[Reduction, ...] = ()
    delays: tuple[Interruption, ...] = field(default=())


@dataclass(frozen=True)
class TrialData:
    trial: Trial
    subjects: tuple[Subject, ...]
    last_change: datetime | None  # the audit trail's last row: the database as exported
