"""Criteria to treat: are this patient's dated labs good enough for today's dose?

Every limit comes from the protocol (`[criteria_to_treat]`): per dose day, with liver-metastasis variants and,
for creatinine, the alternative of a creatinine clearance. Only the latest result of each lab taken no earlier
than `lab_max_age_days` before the dose (and not after it) counts; an older one is as good as none, and a
missing criterion is not met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from app.dosing.format import format_beside_limit, format_number
from app.errors import DoseDeskError, InputError
from app.protocol.model import Criterion, Protocol
from app.text import msg
from app.toxicity.lab_grading import LabGrade, grade_result
from app.toxicity.labs import LAB_KEYS, LabKind, LabResult, lab_kind, normalise_unit

__all__ = ["CriteriaResult", "CriterionCheck", "CriterionStatus", "LabResult", "check_criteria_to_treat"]

CriterionStatus = Literal["met", "not met", "missing"]


@dataclass(frozen=True)
class CriterionCheck:
    """One criterion to treat, checked.

    `value` and `unit` are the result as it is compared: in the protocol's unit for an absolute limit, in the
    laboratory's unit for a multiple of the ULN. `limit` is the limit in words ("≥ 1.5 ×10⁹/L",
    "≤ 3 × ULN (105 U/L)"); `limit` and `reason` are messages (app.text) the window says in its language. `grade` is the value's CTCAE grade when it can be told, to show beside the value.
    """

    lab: str
    value: Decimal | None
    unit: str | None
    limit: str
    taken: date | None
    status: CriterionStatus
    reason: str
    grade: LabGrade | None = None

    @property
    def met(self) -> bool:
        return self.status == "met"


@dataclass(frozen=True)
class CriteriaResult:
    met: bool
    dose_day: int
    dose_date: date
    items: tuple[CriterionCheck, ...]

    @property
    def unmet(self) -> tuple[CriterionCheck, ...]:
        """The criteria not met (including those with no usable result)."""
        return tuple(item for item in self.items if not item.met)

    @property
    def awaiting_labs(self) -> bool:
        """True when nothing checked fails and some criterion has no usable result yet: the labs are still to
        come (drawn too long ago or not at all), which is not the same as a value out of its limit."""
        return not self.met and all(item.status != "not met" for item in self.items)


def _display_unit(kind: LabKind, unit: str) -> str:
    return kind.display_unit if normalise_unit(unit) == normalise_unit(kind.si_unit) else unit


def _latest(
    labs: Sequence[LabResult], lab: str, dose_date: date, max_age_days: int
) -> tuple[LabResult | None, LabResult | None]:
    """The latest usable result of `lab`, and the latest result of all (to say why none was usable)."""
    usable: LabResult | None = None
    newest: LabResult | None = None
    for result in labs:
        if result.lab != lab:
            continue
        if newest is None or result.taken >= newest.taken:
            newest = result
        age = (dose_date - result.taken).days
        if 0 <= age <= max_age_days and (usable is None or result.taken >= usable.taken):
            usable = result
    return usable, newest


def _missing_reason(kind: LabKind, newest: LabResult | None, dose_date: date, max_age_days: int) -> str:
    if newest is None:
        return msg(
            "no {lab} result in the {days} days before the dose on {dose_date}",
            lab=kind.name,
            days=max_age_days,
            dose_date=dose_date.isoformat(),
        )
    age = (dose_date - newest.taken).days
    if age < 0:
        return msg(
            "no {lab} result in the {days} days before the dose on {dose_date}; the one of {taken} is after the"
            " dose date",
            lab=kind.name,
            days=max_age_days,
            dose_date=dose_date.isoformat(),
            taken=newest.taken.isoformat(),
        )
    return msg(
        "no {lab} result in the {days} days before the dose on {dose_date}; the latest, of {taken}, is {age} days"
        " old and no longer counts",
        lab=kind.name,
        days=max_age_days,
        dose_date=dose_date.isoformat(),
        taken=newest.taken.isoformat(),
        age=age,
    )


def _with_liver_metastases(limit: str, liver: bool) -> str:
    """The limit in words, saying when it is the one for patients with liver metastases."""
    return msg("{limit} with liver metastases", limit=limit) if liver else limit


def _result_words(value: Decimal, unit: str, taken: date) -> str:
    return msg("{value} {unit} on {taken}", value=format_number(value), unit=unit, taken=taken.isoformat())


def _crcl_shown(crcl: Decimal, limit: Decimal) -> str:
    """A computed clearance to one decimal (Cockcroft–Gault gives many), by the one formatter's rule for a
    figure beside its limit (the printed order shows it the same way)."""
    return format_beside_limit(crcl, limit)


def _grade_or_none(result: LabResult, baseline: LabResult | None) -> LabGrade | None:
    """The CTCAE grade to show beside the value, or None when it cannot be told (e.g. no LLN given)."""
    try:
        return grade_result(result, baseline)
    except DoseDeskError:
        return None


def _check_absolute(
    criterion: Criterion,
    kind: LabKind,
    limit: Decimal,
    result: LabResult | None,
    missing: str,
    liver: bool,
    baseline: LabResult | None,
) -> CriterionCheck:
    unit = criterion.unit or kind.si_unit
    shown_unit = _display_unit(kind, unit)
    sign = "≥" if criterion.kind == "min" else ">"
    words = _with_liver_metastases(
        msg("{sign} {limit} {unit}", sign=sign, limit=format_number(limit), unit=shown_unit), liver
    )
    if result is None:
        return CriterionCheck(criterion.lab, None, unit, words, None, "missing", missing)
    limit_si = kind.to_si(limit, unit)
    value_si = result.value_si
    same_unit = normalise_unit(result.unit) == normalise_unit(unit)
    value = result.value if same_unit else value_si / kind.factor(unit)
    ok = value_si >= limit_si if criterion.kind == "min" else value_si > limit_si
    fact = (
        _result_words(value, shown_unit, result.taken)
        if same_unit
        else msg(
            "{value} {unit} ({given_value} {given_unit}) on {taken}",
            value=format_number(value),
            unit=shown_unit,
            given_value=format_number(result.value),
            given_unit=result.unit,
            taken=result.taken.isoformat(),
        )
    )
    reason = (
        msg("{fact} is {limit}", fact=fact, limit=words)
        if ok
        else msg("{fact} is not {limit}", fact=fact, limit=words)
    )
    status: CriterionStatus = "met" if ok else "not met"
    return CriterionCheck(
        criterion.lab, value, unit, words, result.taken, status, reason, _grade_or_none(result, baseline)
    )


def _check_uln(
    criterion: Criterion,
    kind: LabKind,
    multiple: Decimal,
    result: LabResult | None,
    missing: str,
    crcl_ml_per_min: Decimal | None,
    liver: bool,
    baseline: LabResult | None,
) -> CriterionCheck:
    crcl_min = criterion.or_crcl_min_ml_per_min

    def limit_words(limit: str) -> str:
        words = _with_liver_metastases(limit, liver)
        if crcl_min is None:
            return words
        return msg("{limit} or CrCl ≥ {crcl} mL/min", limit=words, crcl=format_number(crcl_min))

    def with_crcl(reason: str) -> str:
        if crcl_min is None or crcl_ml_per_min is None:
            return reason
        shown = _crcl_shown(crcl_ml_per_min, crcl_min)
        template = (
            msg(
                "{reason}; CrCl {crcl} mL/min is ≥ {crcl_min} mL/min",
                reason=reason,
                crcl=shown,
                crcl_min=format_number(crcl_min),
            )
            if crcl_ok
            else msg(
                "{reason}; CrCl {crcl} mL/min is not ≥ {crcl_min} mL/min",
                reason=reason,
                crcl=shown,
                crcl_min=format_number(crcl_min),
            )
        )
        return template

    crcl_ok = crcl_min is not None and crcl_ml_per_min is not None and crcl_ml_per_min >= crcl_min
    words = limit_words(msg("≤ {multiple} × ULN", multiple=format_number(multiple)))
    if result is None:
        if crcl_min is not None and crcl_ml_per_min is not None:
            missing = msg(
                "{reason}; a creatinine clearance counts only with a current creatinine result",
                reason=missing,
            )
        return CriterionCheck(criterion.lab, None, None, words, None, "missing", missing)
    grade = _grade_or_none(result, baseline)
    fact = _result_words(result.value, _display_unit(kind, result.unit), result.taken)
    if result.uln is None:
        status: CriterionStatus = "met" if crcl_ok else "missing"
        reason = with_crcl(
            msg("{fact}: the laboratory's upper limit of normal (ULN) is needed to judge it", fact=fact)
        )
        return CriterionCheck(
            criterion.lab, result.value, result.unit, words, result.taken, status, reason, grade
        )
    limit = multiple * result.uln
    words = limit_words(
        msg(
            "≤ {multiple} × ULN ({limit} {unit})",
            multiple=format_number(multiple),
            limit=format_number(limit),
            unit=_display_unit(kind, result.unit),
        )
    )
    within = result.value <= limit
    reason = with_crcl(
        msg("{fact} is ≤ {multiple} × ULN", fact=fact, multiple=format_number(multiple))
        if within
        else msg("{fact} is not ≤ {multiple} × ULN", fact=fact, multiple=format_number(multiple))
    )
    status = "met" if within or crcl_ok else "not met"
    return CriterionCheck(
        criterion.lab, result.value, result.unit, words, result.taken, status, reason, grade
    )


def check_criteria_to_treat(
    protocol: Protocol,
    *,
    dose_day: int,
    dose_date: date,
    labs: Sequence[LabResult],
    liver_metastases: bool,
    crcl_ml_per_min: Decimal | None = None,
    baselines: Mapping[str, LabResult] | None = None,
) -> CriteriaResult:
    """Check every criterion to treat the protocol sets for `dose_day` against the labs; one item each.

    `crcl_ml_per_min` (e.g. Cockcroft–Gault from the current creatinine) can meet a creatinine criterion that
    allows it. `baselines` (lab key → the patient's baseline result) only refine the CTCAE grade shown beside
    each value. Met only when every criterion is met.
    """
    if dose_day not in protocol.regimen.dose_days:
        days = ", ".join(str(d) for d in protocol.regimen.dose_days)
        raise InputError(
            msg(
                "Day {day} is not a dose day of protocol {protocol} (dose days: {days})",
                day=dose_day,
                protocol=protocol.id,
                days=days,
            )
        )
    if crcl_ml_per_min is not None and (not crcl_ml_per_min.is_finite() or crcl_ml_per_min < 0):
        shown = format_number(crcl_ml_per_min) if crcl_ml_per_min.is_finite() else str(crcl_ml_per_min)
        raise InputError(msg("a creatinine clearance of {value} mL/min is impossible", value=shown))
    max_age = protocol.criteria_to_treat.lab_max_age_days
    items: list[CriterionCheck] = []
    for criterion in protocol.criteria_to_treat.criteria:
        if criterion.lab not in LAB_KEYS:
            raise InputError(
                msg(
                    "protocol {protocol}: criterion to treat names lab {lab}, which DoseDesk does not know"
                    " ({labs})",
                    protocol=protocol.id,
                    lab=repr(criterion.lab),
                    labs=", ".join(LAB_KEYS),
                )
            )
        limit = criterion.limit_for(dose_day, liver_metastases)
        if limit is None:
            continue  # this criterion does not apply on this dose day
        kind = lab_kind(criterion.lab)
        result, newest = _latest(labs, criterion.lab, dose_date, max_age)
        missing = _missing_reason(kind, newest, dose_date, max_age)
        liver = liver_metastases and criterion.liver_metastases_limits is not None
        baseline = (baselines or {}).get(criterion.lab)
        if criterion.kind == "uln":
            items.append(
                _check_uln(criterion, kind, limit, result, missing, crcl_ml_per_min, liver, baseline)
            )
        else:
            items.append(_check_absolute(criterion, kind, limit, result, missing, liver, baseline))
    return CriteriaResult(all(item.met for item in items), dose_day, dose_date, tuple(items))
