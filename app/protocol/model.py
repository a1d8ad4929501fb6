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
    """Separation of duties and the product check of an infusion order (DOMAIN.md section 7).

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
    """When investigational product accountability raises its alerts (DOMAIN.md section 8)."""

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
    source: Path
    fingerprint: str
    order_checks: OrderChecks = OrderChecks()

    def is_unconfirmed(self, dotted: str) -> bool:
        """True when `dotted` (e.g. "product.vial_strength_mg") is, or lies under, an unconfirmed entry."""
        return any(dotted == item or dotted.startswith(item + ".") for item in self.unconfirmed)
