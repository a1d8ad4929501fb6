"""The dose of one infusion from the visit weight and the dose level (docs/domain.md §4).

Pure and Decimal throughout: every rule value (weight limits, levels, rounding step, vial, concentration, bag)
comes from the protocol. Hard limits refuse with `DoseRefused`; soft limits become `DoseWarning`s that a
pharmacist must acknowledge with a reason before the dose goes on (`require_acknowledgement`).

The arithmetic, in order:

- calculated dose (mg) = level (mg/kg) × weight (kg), exact;
- drawn volume (mL) = calculated / concentration of the reconstituted solution, rounded half up to the
  protocol's volume step; final dose (mg) = drawn volume × concentration;
- vials = ceil(final / vial strength); waste (mg) = vials × strength − final;
- final volume = bag volume + drawn volume; final concentration = final dose / final volume, checked against
  the protocol's limits exactly (shown to 0.001 mg/mL).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Literal

from app.dosing.format import format_number, format_percent, format_quantity
from app.errors import InputError
from app.inputs import is_computable, shown
from app.protocol.model import Protocol
from app.text import Message, msg, template

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
# The final concentration is shown to 0.001 mg/mL, and in a limit warning to 0.0001 mg/mL; the comparison with
# the protocol's limits is exact.
_CONCENTRATION_STEP = Decimal("0.001")
_WARNING_CONCENTRATION_STEP = Decimal("0.0001")


class DoseRefused(InputError):
    """A dose DoseDesk will not calculate (a hard limit); the message says why, in a pharmacist's words."""


class AcknowledgementNeeded(DoseRefused):
    """The plan has warnings: it goes on only with a reason, which is recorded."""


class WarningCode(StrEnum):
    """Stable codes of the soft-limit warnings (records and screens key on these, not on the wording)."""

    WEIGHT_CHANGE_FROM_BASELINE = "weight_change_from_baseline"
    WEIGHT_CHANGE_FROM_PREVIOUS = "weight_change_from_previous"
    WEIGHT_BELOW_SOFT_MIN = "weight_below_soft_min"
    WEIGHT_ABOVE_SOFT_MAX = "weight_above_soft_max"
    CONCENTRATION_BELOW_MIN = "final_concentration_below_min"
    CONCENTRATION_ABOVE_MAX = "final_concentration_above_max"


@dataclass(frozen=True, slots=True)
class DoseWarning:
    """A soft limit crossed: the dose may go on only after an acknowledgement with a reason.

    `figures` are the numbers the message names, in the order of `FIGURES[code]`; the message is written
    from them when asked for (formatting is the slow part of a dose, and most plans are never shown).
    """

    code: WarningCode
    figures: tuple[Decimal, ...]

    @property
    def message(self) -> Message:
        """The warning in a pharmacist's words (a `Message`: the window says it in its language)."""
        return _MESSAGES[self.code](*self.figures)

    def figure(self, name: str) -> Decimal:
        """One figure by its name in `FIGURES[code]`, e.g. ``warning.figure("change_percent")``."""
        return self.figures[FIGURES[self.code].index(name)]


# The figures each warning carries, in order.
FIGURES: dict[WarningCode, tuple[str, ...]] = {
    WarningCode.WEIGHT_CHANGE_FROM_BASELINE: ("weight_kg", "reference_kg", "change_percent", "warn_percent"),
    WarningCode.WEIGHT_CHANGE_FROM_PREVIOUS: ("weight_kg", "reference_kg", "change_percent", "warn_percent"),
    WarningCode.WEIGHT_BELOW_SOFT_MIN: ("weight_kg", "limit_kg"),
    WarningCode.WEIGHT_ABOVE_SOFT_MAX: ("weight_kg", "limit_kg"),
    WarningCode.CONCENTRATION_BELOW_MIN: ("concentration_mg_per_ml", "final_mg", "final_volume_ml", "limit"),
    WarningCode.CONCENTRATION_ABOVE_MAX: ("concentration_mg_per_ml", "final_mg", "final_volume_ml", "limit"),
}


@dataclass(frozen=True, slots=True)
class DosePlan:
    """Every figure of one dose, as calculated; the plan a pharmacist checks, prepares and prints."""

    protocol_id: str
    protocol_version: str
    weight_kg: Decimal
    weight_date: date | None
    dose_date: date | None
    mg_per_kg: Decimal
    calculated_mg: Decimal
    withdraw_ml: Decimal
    final_mg: Decimal
    vial_rounded: bool
    vial_strength_mg: Decimal
    vials: int
    waste_mg: Decimal
    reconstitution_diluent: str
    reconstitution_volume_ml: Decimal  # per vial
    concentration_mg_per_ml: Decimal  # of the reconstituted solution
    bag_diluent: str
    bag_volume_ml: Decimal
    final_volume_ml: Decimal  # bag + drawn volume
    final_concentration_mg_per_ml: Decimal  # shown to 0.001 mg/mL (the limit check is exact)
    baseline_kg: Decimal | None
    change_from_baseline_percent: Decimal | None
    previous_kg: Decimal | None
    change_from_previous_percent: Decimal | None
    warnings: tuple[DoseWarning, ...]

    @property
    def needs_acknowledgement(self) -> bool:
        """True when a soft limit was crossed: the dose needs an acknowledgement with a reason."""
        return bool(self.warnings)

    @property
    def reconstitution_total_ml(self) -> Decimal:
        """Diluent needed to reconstitute all the vials."""
        return self.vials * self.reconstitution_volume_ml

    @property
    def warning_codes(self) -> tuple[WarningCode, ...]:
        return tuple(w.code for w in self.warnings)


def weight_change_percent(new_kg: Decimal, old_kg: Decimal) -> Decimal:
    """The change from `old_kg` to `new_kg` in percent of `old_kg` (negative for a loss), e.g. 80 → 72: -10."""
    _check_weight_given(old_kg, msg("The earlier weight"))
    return (new_kg - old_kg) * _HUNDRED / old_kg


def compute_dose(
    protocol: Protocol,
    *,
    weight_kg: Decimal,
    level_mg_per_kg: Decimal,
    baseline_kg: Decimal | None = None,
    previous_kg: Decimal | None = None,
    weight_date: date | None = None,
    dose_date: date | None = None,
) -> DosePlan:
    """The dose plan for `weight_kg` at `level_mg_per_kg`, or `DoseRefused` when a hard limit is crossed.

    `baseline_kg` and `previous_kg` (the weight the previous dose was calculated on) feed the weight-change
    warnings. `weight_date` and `dose_date` go together: when given, the weight must be measured no more
    than the protocol's `weight_max_age_days` before the dose date, and not after it.
    """
    rules = protocol.dosing
    product = protocol.product
    prep = protocol.preparation

    _check_weight_given(weight_kg, msg("The weight"))
    if weight_kg < rules.weight_hard_min_kg:
        raise DoseRefused(
            msg(
                "A weight of {weight} is below {limit}, the lowest weight this protocol doses: check the weight "
                "and that it is in kg.",
                weight=_kg(weight_kg),
                limit=_kg(rules.weight_hard_min_kg),
            )
        )
    if weight_kg > rules.weight_hard_max_kg:
        raise DoseRefused(
            msg(
                "A weight of {weight} is above {limit}, the highest weight this protocol doses: check the weight "
                "and that it is in kg.",
                weight=_kg(weight_kg),
                limit=_kg(rules.weight_hard_max_kg),
            )
        )
    level = _protocol_level(protocol, level_mg_per_kg)
    _check_weight_age(rules.weight_max_age_days, weight_date, dose_date)

    warnings: list[DoseWarning] = []
    if weight_kg < rules.weight_soft_min_kg:
        warnings.append(DoseWarning(WarningCode.WEIGHT_BELOW_SOFT_MIN, (weight_kg, rules.weight_soft_min_kg)))
    elif weight_kg > rules.weight_soft_max_kg:
        warnings.append(DoseWarning(WarningCode.WEIGHT_ABOVE_SOFT_MAX, (weight_kg, rules.weight_soft_max_kg)))
    change_from_baseline = _weight_change(
        weight_kg,
        baseline_kg,
        rules.weight_change_warn_percent,
        msg("The baseline weight"),
        WarningCode.WEIGHT_CHANGE_FROM_BASELINE,
        warnings,
    )
    change_from_previous = _weight_change(
        weight_kg,
        previous_kg,
        rules.weight_change_warn_percent,
        msg("The previous dosing weight"),
        WarningCode.WEIGHT_CHANGE_FROM_PREVIOUS,
        warnings,
    )

    calculated_mg = level * weight_kg
    concentration = prep.concentration_mg_per_ml
    strength = product.vial_strength_mg
    step = rules.volume_rounding_ml

    target_mg = calculated_mg
    rounding = ROUND_HALF_UP
    vial_rounded = False
    if rules.vial_rounding_allowed:
        whole_vials = _vial_rounding_target(calculated_mg, strength, rules.vial_rounding_percent)
        if whole_vials is not None and whole_vials != calculated_mg:
            # The dose becomes the content of whole vials: never draw more than those vials hold.
            target_mg, rounding, vial_rounded = whole_vials, ROUND_FLOOR, True

    withdraw_ml = (target_mg / concentration / step).to_integral_value(rounding) * step
    if withdraw_ml <= _ZERO:
        raise DoseRefused(
            msg(
                "The dose of {dose} is too small to draw up in steps of {step}: check the weight and the dose "
                "level.",
                dose=_mg(calculated_mg),
                step=_ml(step),
            )
        )
    final_mg = withdraw_ml * concentration
    whole, part = divmod(final_mg, strength)
    vials = int(whole) + (1 if part else 0)
    waste_mg = vials * strength - final_mg

    final_volume_ml = prep.bag_volume_ml + withdraw_ml
    final_concentration = (final_mg / final_volume_ml).quantize(_CONCENTRATION_STEP, ROUND_HALF_UP)
    low = prep.final_concentration_min_mg_per_ml
    high = prep.final_concentration_max_mg_per_ml
    # Compared exactly, without division: 1,288 mg in 378.8 mL (3.40021 mg/mL) is above a 3.4 mg/mL limit even
    # though it shows as 3.4 to 0.001.
    if low is not None and final_mg < low * final_volume_ml:
        shown = _beyond_limit(final_mg / final_volume_ml, low, ROUND_FLOOR)
        warnings.append(
            DoseWarning(WarningCode.CONCENTRATION_BELOW_MIN, (shown, final_mg, final_volume_ml, low))
        )
    elif high is not None and final_mg > high * final_volume_ml:
        shown = _beyond_limit(final_mg / final_volume_ml, high, ROUND_CEILING)
        warnings.append(
            DoseWarning(WarningCode.CONCENTRATION_ABOVE_MAX, (shown, final_mg, final_volume_ml, high))
        )

    return DosePlan(
        protocol_id=protocol.id,
        protocol_version=protocol.version,
        weight_kg=weight_kg,
        weight_date=weight_date,
        dose_date=dose_date,
        mg_per_kg=level,
        calculated_mg=calculated_mg,
        withdraw_ml=withdraw_ml,
        final_mg=final_mg,
        vial_rounded=vial_rounded,
        vial_strength_mg=strength,
        vials=vials,
        waste_mg=waste_mg,
        reconstitution_diluent=prep.reconstitution_diluent,
        reconstitution_volume_ml=prep.reconstitution_volume_ml,
        concentration_mg_per_ml=concentration,
        bag_diluent=prep.bag_diluent,
        bag_volume_ml=prep.bag_volume_ml,
        final_volume_ml=final_volume_ml,
        final_concentration_mg_per_ml=final_concentration,
        baseline_kg=baseline_kg,
        change_from_baseline_percent=change_from_baseline,
        previous_kg=previous_kg,
        change_from_previous_percent=change_from_previous,
        warnings=tuple(warnings),
    )


def require_acknowledgement(plan: DosePlan, reason: str | None) -> None:
    """Refuse to go on with a plan that has warnings unless a reason is given (the reason is recorded)."""
    if plan.needs_acknowledgement and not (reason and reason.strip()):
        listed: Message = plan.warnings[0].message
        for warning in plan.warnings[1:]:
            listed = msg("{first} {second}", first=listed, second=warning.message)
        raise AcknowledgementNeeded(
            msg("This dose needs an acknowledgement with a reason: {warnings}", warnings=listed)
        )


def infusion_minutes(protocol: Protocol, *, first_dose: bool, prior_infusion_reaction: bool) -> int:
    """The infusion duration: the first-dose duration for a first dose or after an infusion reaction."""
    prep = protocol.preparation
    if first_dose or prior_infusion_reaction:
        return prep.infusion_first_minutes
    return prep.infusion_later_minutes


def beyond_use(protocol: Protocol, prepared_at: datetime, refrigerated: bool) -> datetime:
    """The time after which the prepared bag must not be used (room temperature or 2–8 °C)."""
    prep = protocol.preparation
    hours = prep.beyond_use_fridge_hours if refrigerated else prep.beyond_use_room_hours
    return prepared_at + timedelta(hours=hours)


Sex = Literal["female", "male"]
CreatinineUnit = Literal["umol/L", "µmol/L", "mg/dL"]

_UMOL_PER_MG_DL = Decimal("88.4")
_FEMALE_FACTOR = Decimal("0.85")
_CG_CONSTANT = Decimal(72)
_CG_AGE_BASE = Decimal(140)
_ADULT_AGE = 18
_MAX_AGE = 120


def cockcroft_gault(
    age_years: int | Decimal,
    weight_kg: Decimal,
    sex: Sex,
    serum_creatinine: Decimal,
    unit: CreatinineUnit = "umol/L",
) -> Decimal:
    """Creatinine clearance in mL/min: (140 − age) × weight / (72 × creatinine in mg/dL), × 0.85 for a woman.

    Creatinine in µmol/L is divided by 88.4 to give mg/dL. The result is not rounded (compare it as it is;
    round only to show it). Impossible inputs are refused with an `InputError`.
    """
    if sex not in ("female", "male"):
        raise InputError(msg("Sex for Cockcroft–Gault must be female or male, not {value}.", value=repr(sex)))
    if unit not in ("umol/L", "µmol/L", "mg/dL"):
        raise InputError(msg("Serum creatinine must be in µmol/L or mg/dL, not {value}.", value=repr(unit)))
    if not isinstance(age_years, (int, Decimal)) or not isinstance(serum_creatinine, Decimal):
        raise TypeError("age must be an int or Decimal and serum creatinine a Decimal")
    age = Decimal(age_years)
    if not age.is_finite() or age < _ADULT_AGE or age > _MAX_AGE:
        raise InputError(
            msg(
                "Cockcroft–Gault needs an adult age between {youngest} and {oldest} years, not {value}.",
                youngest=str(_ADULT_AGE),
                oldest=str(_MAX_AGE),
                value=format_number(age) if age.is_finite() else str(age_years),
            )
        )
    _check_weight_given(weight_kg, msg("The weight"))
    if not serum_creatinine.is_finite() or serum_creatinine <= _ZERO:
        raise InputError(
            msg("Serum creatinine must be more than 0, not {value}.", value=str(serum_creatinine))
        )
    numerator = (_CG_AGE_BASE - age) * weight_kg
    if sex == "female":
        numerator *= _FEMALE_FACTOR
    if unit == "mg/dL":
        return numerator / (_CG_CONSTANT * serum_creatinine)
    return numerator * _UMOL_PER_MG_DL / (_CG_CONSTANT * serum_creatinine)


def _check_weight_given(weight_kg: Decimal, what: Message) -> None:
    """`what` names the weight at the start of a sentence ("The baseline weight")."""
    if not isinstance(weight_kg, Decimal):  # a float here is a programming error, not a user's
        raise TypeError(f"{what.lower()} must be a Decimal, not {type(weight_kg).__name__}")
    if not weight_kg.is_finite():
        raise DoseRefused(msg("{what} must be a number in kg, not {value}.", what=what, value=str(weight_kg)))
    if not is_computable(weight_kg):
        raise DoseRefused(
            msg(
                "{what} of {value} kg is not a plausible weight: check the weight and that it is in kg.",
                what=what,
                value=shown(str(weight_kg)),
            )
        )
    if weight_kg <= _ZERO:
        raise DoseRefused(msg("{what} must be more than 0 kg, not {value}.", what=what, value=_kg(weight_kg)))


def _protocol_level(protocol: Protocol, level: Decimal) -> Decimal:
    """The protocol's own level equal to `level` (so 5.0 becomes the protocol's 5), else refused."""
    levels = protocol.regimen.dose_levels_mg_per_kg
    if not isinstance(level, Decimal):  # a float here is a programming error, not a user's
        raise TypeError(f"the dose level must be a Decimal, not {type(level).__name__}")
    if is_computable(level):
        for known in levels:
            if known == level:
                return known
        said = _mg_kg(level)
    else:
        said = shown(str(level))
    listed = ", ".join(format_number(v) for v in levels)
    raise DoseRefused(
        msg(
            "{level} is not a dose level of this protocol; its levels are {levels} mg/kg.",
            level=said,
            levels=listed,
        )
    )


def _check_weight_age(max_age_days: int, weight_date: date | None, dose_date: date | None) -> None:
    if weight_date is None and dose_date is None:
        return
    if weight_date is None or dose_date is None:
        raise DoseRefused(
            msg("Give both the date the weight was measured and the dose date, to check the weight.")
        )
    age_days = (dose_date - weight_date).days
    if age_days < 0:
        raise DoseRefused(
            msg(
                "The weight is dated {weight_date}, after the dose date {dose_date}: check the dates.",
                weight_date=weight_date.isoformat(),
                dose_date=dose_date.isoformat(),
            )
        )
    if age_days > max_age_days:
        raise DoseRefused(
            msg(
                "The weight was measured on {weight_date}, {days} days before the dose on {dose_date}; it must be "
                "measured no more than {most} days before dosing: weigh the patient again.",
                weight_date=weight_date.isoformat(),
                days=str(age_days),
                dose_date=dose_date.isoformat(),
                most=str(max_age_days),
            )
        )


def _weight_change(
    weight_kg: Decimal,
    reference_kg: Decimal | None,
    warn_percent: Decimal,
    reference_name: Message,
    code: WarningCode,
    warnings: list[DoseWarning],
) -> Decimal | None:
    if reference_kg is None:
        return None
    _check_weight_given(reference_kg, reference_name)
    change = weight_change_percent(weight_kg, reference_kg)
    # Compared without division, so that exactly the threshold always warns.
    if abs(weight_kg - reference_kg) * _HUNDRED >= warn_percent * reference_kg:
        warnings.append(DoseWarning(code, (weight_kg, reference_kg, change, warn_percent)))
    return change


def _vial_rounding_target(calculated_mg: Decimal, strength: Decimal, percent: Decimal) -> Decimal | None:
    """The content of the nearest whole number of vials (at least one) if within `percent` of the dose."""
    count = max((calculated_mg / strength).to_integral_value(ROUND_HALF_UP), _ONE)
    whole_mg = count * strength
    if abs(whole_mg - calculated_mg) * _HUNDRED <= percent * calculated_mg:
        return whole_mg
    return None


def _beyond_limit(concentration: Decimal, limit: Decimal, away: str) -> Decimal:
    """`concentration` to 0.0001 mg/mL for a limit warning, rounded `away` from the limit only where rounding
    half up would make it read as the limit itself."""
    shown = concentration.quantize(_WARNING_CONCENTRATION_STEP, ROUND_HALF_UP)
    if shown == limit:
        shown = concentration.quantize(_WARNING_CONCENTRATION_STEP, away)
    return shown


# The warnings' sentences, one a soft limit. An order keeps the English of its warnings (they are part of what
# the prescriber signs); `recall(text, WARNING_TEMPLATES)` finds the sentence again to say it in another language.
_TEMPLATES: dict[WarningCode, str] = {
    WarningCode.WEIGHT_CHANGE_FROM_BASELINE: template(
        "A weight of {weight} has changed {change} from the baseline weight {reference} ({warn_percent}% or "
        "more): confirm the weight and give a reason to dose on it."
    ),
    WarningCode.WEIGHT_CHANGE_FROM_PREVIOUS: template(
        "A weight of {weight} has changed {change} from the previous dosing weight {reference} ({warn_percent}% "
        "or more): confirm the weight and give a reason to dose on it."
    ),
    WarningCode.WEIGHT_BELOW_SOFT_MIN: template(
        "A weight of {weight} is below {limit}: confirm the weight and give a reason to dose on it."
    ),
    WarningCode.WEIGHT_ABOVE_SOFT_MAX: template(
        "A weight of {weight} is above {limit}: confirm the weight and give a reason to dose on it."
    ),
    WarningCode.CONCENTRATION_BELOW_MIN: template(
        "The final concentration {concentration} ({dose} in {volume}) is below the minimum {limit}: consider a "
        "smaller bag, or give a reason to go on."
    ),
    WarningCode.CONCENTRATION_ABOVE_MAX: template(
        "The final concentration {concentration} ({dose} in {volume}) is above the maximum {limit}: consider a "
        "larger bag, or give a reason to go on."
    ),
}
WARNING_TEMPLATES: tuple[str, ...] = tuple(_TEMPLATES.values())
#: Each warning's template by its code (a reader tells which warning a stored sentence is).
WARNING_TEMPLATE: dict[WarningCode, str] = dict(_TEMPLATES)


def _weight_change_words(code: WarningCode) -> Callable[..., Message]:
    def message(weight_kg: Decimal, reference_kg: Decimal, change: Decimal, warn: Decimal) -> Message:
        return Message(
            _TEMPLATES[code],
            {
                "weight": _kg(weight_kg),
                "change": format_percent(change),
                "reference": _kg(reference_kg),
                "warn_percent": format_number(warn),
            },
        )

    return message


def _weight_limit_words(code: WarningCode) -> Callable[..., Message]:
    def message(weight_kg: Decimal, limit_kg: Decimal) -> Message:
        return Message(_TEMPLATES[code], {"weight": _kg(weight_kg), "limit": _kg(limit_kg)})

    return message


def _concentration_words(code: WarningCode) -> Callable[..., Message]:
    def message(
        concentration: Decimal, final_mg: Decimal, final_volume_ml: Decimal, limit: Decimal
    ) -> Message:
        return Message(
            _TEMPLATES[code],
            {
                "concentration": _mg_ml(concentration),
                "dose": _mg(final_mg),
                "volume": _ml(final_volume_ml),
                "limit": _mg_ml(limit),
            },
        )

    return message


_MESSAGES: dict[WarningCode, Callable[..., Message]] = {
    WarningCode.WEIGHT_CHANGE_FROM_BASELINE: _weight_change_words(WarningCode.WEIGHT_CHANGE_FROM_BASELINE),
    WarningCode.WEIGHT_CHANGE_FROM_PREVIOUS: _weight_change_words(WarningCode.WEIGHT_CHANGE_FROM_PREVIOUS),
    WarningCode.WEIGHT_BELOW_SOFT_MIN: _weight_limit_words(WarningCode.WEIGHT_BELOW_SOFT_MIN),
    WarningCode.WEIGHT_ABOVE_SOFT_MAX: _weight_limit_words(WarningCode.WEIGHT_ABOVE_SOFT_MAX),
    WarningCode.CONCENTRATION_BELOW_MIN: _concentration_words(WarningCode.CONCENTRATION_BELOW_MIN),
    WarningCode.CONCENTRATION_ABOVE_MAX: _concentration_words(WarningCode.CONCENTRATION_ABOVE_MAX),
}


def _kg(value: Decimal) -> str:
    return format_quantity(value, "kg")


def _mg(value: Decimal) -> str:
    return format_quantity(value, "mg")


def _ml(value: Decimal) -> str:
    return format_quantity(value, "mL")


def _mg_ml(value: Decimal) -> str:
    return format_quantity(value, "mg/mL")


def _mg_kg(value: Decimal) -> str:
    return format_quantity(value, "mg/kg")
