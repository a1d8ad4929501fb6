"""The protocol as frozen dataclasses: every rule value the clinical core uses.

Decimal figures stay Decimal; day counts are ints. Nothing here knows where the file came from beyond its
path and fingerprint, which records keep to say which protocol version they were made under.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

RuleAction = Literal["hold", "discontinue"]
Resume = Literal["same", "reduce"]
CriterionKind = Literal["min", "above", "uln"]


@dataclass(frozen=True)
class Drug:
    name: str
    name_zh: str
    short_name: str
    synonyms: tuple[str, ...]
    route: str


@dataclass(frozen=True)
class Regimen:
    cycle_length_days: int
    dose_days: tuple[int, ...]
    dose_levels_mg_per_kg: tuple[Decimal, ...]

    @property
    def starting_level(self) -> Decimal:
        return self.dose_levels_mg_per_kg[0]

    def level_below(self, level: Decimal) -> Decimal | None:
        """One level lower, or None when `level` is the lowest (a further reduction discontinues)."""
        index = self.dose_levels_mg_per_kg.index(level)
        if index + 1 < len(self.dose_levels_mg_per_kg):
            return self.dose_levels_mg_per_kg[index + 1]
        return None


@dataclass(frozen=True)
class DosingRules:
    weight_max_age_days: int
    weight_hard_min_kg: Decimal
    weight_hard_max_kg: Decimal
    weight_soft_min_kg: Decimal
    weight_soft_max_kg: Decimal
    weight_change_warn_percent: Decimal
    volume_rounding_ml: Decimal
    vial_rounding_allowed: bool
    vial_rounding_percent: Decimal
    # The rounding rule in words, as the site pharmacy manual writes it (shown to the blind verifier).
    rounding_text: str | None = None


@dataclass(frozen=True)
class OrderChecks:
    """Separation of duties and the product check of an infusion order (docs/domain.md §7).

    Each `*_not_*` rule is on by default; a site relaxes one only in its protocol file. With `weigh_bag`, the
    preparer weighs the diluent bag before adding the drug and the checker weighs the prepared bag: the weight
    added must be the volume drawn × `solution_density_g_per_ml`, within `bag_weight_tolerance_percent` of it.
    A bag within `use_before_warning_minutes` of its use-before time is flagged on every list.
    """

    verifier_not_prescriber: bool = True  # who made or prescribed an order never verifies it
    preparer_not_verifier: bool = True  # the verifier does not prepare the bag
    checker_not_preparer: bool = True  # a second pharmacist checks the prepared bag
    weigh_bag: bool = False
    solution_density_g_per_ml: Decimal = Decimal(1)
    bag_weight_tolerance_percent: Decimal = Decimal(5)
    use_before_warning_minutes: int = 60


@dataclass(frozen=True)
class Product:
    vial_strength_mg: Decimal
    form: str
    single_use: bool
    storage: str


@dataclass(frozen=True)
class StockRules:
    """When investigational product accountability raises its alerts (docs/domain.md §8)."""

    expiry_alert_days: int  # a lot expiring within this many days is flagged
    cover_days: int  # stock must cover the booked and planned doses of this many days ahead


@dataclass(frozen=True)
class Preparation:
    reconstitution_diluent: str
    reconstitution_volume_ml: Decimal
    concentration_mg_per_ml: Decimal
    bag_diluent: str
    bag_volume_ml: Decimal
    final_concentration_min_mg_per_ml: Decimal | None
    final_concentration_max_mg_per_ml: Decimal | None
    infusion_first_minutes: int
    infusion_later_minutes: int
    infusion_later_max_minutes: int | None
    beyond_use_room_hours: int
    beyond_use_fridge_hours: int
    protect_from_light: bool
    premedication: tuple[str, ...]


@dataclass(frozen=True)
class AssessmentPhase:
    every_weeks: int
    until_week: int | None


@dataclass(frozen=True)
class TumourAssessmentPlan:
    window_days: int
    phases: tuple[AssessmentPhase, ...]


@dataclass(frozen=True)
class ScheduleRules:
    window_before_days: int
    window_after_days: int
    min_interval_days: int
    late_dose_omitted_after_day: int
    max_delay_days: int
    screening_days_before: int
    screening_labs_days_before: int
    pregnancy_test_days_before: int
    tumour_assessment: TumourAssessmentPlan
    eot_window_after_days: int
    sfu_days_after_last_dose: int
    sfu_window_days: int
    survival_every_days: int
    survival_window_days: int


@dataclass(frozen=True)
class ClinicRules:
    country: str
    open_weekdays: tuple[Weekday, ...]


@dataclass(frozen=True)
class Criterion:
    """One lab criterion to treat; `limits` maps a dose day to its limit."""

    lab: str
    kind: CriterionKind
    unit: str | None
    limits: dict[int, Decimal]
    liver_metastases_limits: dict[int, Decimal] | None
    or_crcl_min_ml_per_min: Decimal | None

    def limit_for(self, day: int, liver_metastases: bool) -> Decimal | None:
        if liver_metastases and self.liver_metastases_limits is not None:
            return self.liver_metastases_limits.get(day)
        return self.limits.get(day)


@dataclass(frozen=True)
class CriteriaToTreatRules:
    lab_max_age_days: int
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class ToxicityRule:
    match: str
    min_grade: int
    max_grade: int
    action: RuleAction
    hold_until_grade: int | None
    resume: Resume | None
    recurrence_resume: Resume | None
    text: str


@dataclass(frozen=True)
class ToxicityRules:
    terms: dict[str, tuple[str, ...]]
    haematological: frozenset[str]
    rules: tuple[ToxicityRule, ...]


# Screening eligibility (docs/domain.md §7a) -------------------------------------------------------------

EligibilityKind = Literal["measurable", "attested"]
Sex = Literal["female", "male"]
# Who a criterion applies to: everyone, women, men, or women who can become pregnant.
AppliesTo = Literal["all", "female", "male", "childbearing_potential"]
# "min" value ≥ limit, "above" value > limit, "max" value ≤ limit, "below" value < limit, "uln" value ≤ limit × ULN.
Comparison = Literal["min", "above", "max", "below", "uln"]
# How a criterion over several labs is met: "any" (one lab in date meeting it is enough) or "all" (every lab
# is needed, each meeting it).
Combine = Literal["any", "all"]
AgeOn = Literal["consent_date", "first_dose_date"]
# A urine dipstick's readings for protein, from none to the most.
DIPSTICK_SCALE: tuple[str, ...] = ("-", "±", "1+", "2+", "3+", "4+")


@dataclass(frozen=True)
class LabMeasure:
    """Laboratory results against a limit: `limit` in `unit` for an absolute comparison, a multiple of the
    laboratory's ULN for "uln". A creatinine measure may instead be met by a creatinine clearance of at least
    `or_crcl_min_ml_per_min`. Only results taken at most `max_age_days` before the first dose count."""

    labs: tuple[str, ...]
    combine: Combine
    comparison: Comparison
    limit: Decimal
    unit: str | None
    liver_metastases_limit: Decimal | None
    or_crcl_min_ml_per_min: Decimal | None
    max_age_days: int


@dataclass(frozen=True)
class UrineProteinMeasure:
    """Urine protein: a dipstick reading below `dipstick_limit`, or a 24-hour urine protein below
    `per_24h_limit` (in `per_24h_unit`); either one meets it."""

    dipstick_limit: str
    per_24h_limit: Decimal
    per_24h_unit: str
    max_age_days: int


@dataclass(frozen=True)
class AgeMeasure:
    """Age in whole years on `on` (the consent date, or the first dose) compared with `limit`."""

    comparison: Comparison
    limit: int
    on: AgeOn


@dataclass(frozen=True)
class EcogMeasure:
    """The ECOG performance status compared with `limit`."""

    comparison: Comparison
    limit: int


@dataclass(frozen=True)
class QtcfMeasure:
    """QTc by Fridericia, in whole ms, below the limit for the subject's sex (at or above it excludes)."""

    female_limit_ms: int
    male_limit_ms: int
    max_age_days: int


@dataclass(frozen=True)
class LvefMeasure:
    """Left ventricular ejection fraction (%) compared with `limit`."""

    comparison: Comparison
    limit: Decimal
    max_age_days: int


@dataclass(frozen=True)
class PregnancyTestMeasure:
    """A negative pregnancy test at most `max_age_days` before the first dose (serum prevails over urine)."""

    max_age_days: int


@dataclass(frozen=True)
class LiveVaccineMeasure:
    """No live or attenuated vaccine in the `within_days` days before the first dose."""

    within_days: int


@dataclass(frozen=True)
class ConsentMeasure:
    """Consent signed on or before the first dose and every study evaluation the eligibility rests on."""


Measure = (
    LabMeasure
    | UrineProteinMeasure
    | AgeMeasure
    | EcogMeasure
    | QtcfMeasure
    | LvefMeasure
    | PregnancyTestMeasure
    | LiveVaccineMeasure
    | ConsentMeasure
)


@dataclass(frozen=True)
class EligibilityItem:
    """One thing checked at screening: a criterion, or one item of a criterion ("I8.neutrophils").

    A measurable item has its `measure`; an attested one is the investigator's judgement (`measure` None).
    """

    id: str
    text: str
    kind: EligibilityKind
    measure: Measure | None
    applies_to: AppliesTo

    @property
    def inclusion(self) -> bool:
        return self.id.startswith("I")


@dataclass(frozen=True)
class EligibilityCriterion:
    """One numbered criterion of the registry record (I1…, E1…). `items` are what is checked: its sub-items,
    or, for a criterion without any, one item with the criterion's own id."""

    id: str
    text: str
    items: tuple[EligibilityItem, ...]

    @property
    def inclusion(self) -> bool:
        return self.id.startswith("I")


@dataclass(frozen=True)
class EligibilityRules:
    """The inclusion criteria, then the exclusion criteria, each in the record's numbering."""

    criteria: tuple[EligibilityCriterion, ...]

    @property
    def items(self) -> tuple[EligibilityItem, ...]:
        return tuple(item for criterion in self.criteria for item in criterion.items)

    def item(self, item_id: str) -> EligibilityItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def criterion(self, criterion_id: str) -> EligibilityCriterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


@dataclass(frozen=True)
class Protocol:
    id: str
    version: str
    title: str
    registry: str
    sponsor: str
    study_end: date
    unconfirmed: tuple[str, ...]
    drug: Drug
    regimen: Regimen
    dosing: DosingRules
    product: Product
    stock: StockRules
    preparation: Preparation
    schedule: ScheduleRules
    clinic: ClinicRules
    criteria_to_treat: CriteriaToTreatRules
    toxicity: ToxicityRules
    eligibility: EligibilityRules | None  # None: the file defines no screening eligibility
    source: Path
    fingerprint: str
    order_checks: OrderChecks = OrderChecks()

    def is_unconfirmed(self, dotted: str) -> bool:
        """True when `dotted` (e.g. "product.vial_strength_mg") is, or lies under, an unconfirmed entry."""
        return any(dotted == item or dotted.startswith(item + ".") for item in self.unconfirmed)
