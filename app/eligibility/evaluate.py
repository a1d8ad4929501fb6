"""Screening eligibility: is this subject eligible for the first dose, criterion by criterion?

Every criterion and limit comes from the protocol's `[eligibility]` section. Each item ends `met` (an inclusion
holds, an exclusion is absent), `not_met`, `missing` (its evidence or the investigator's attestation is not there
yet, or not in date) or `not_applicable` (a criterion for women, say, for a man). The subject is eligible only when
every item is met or not applicable, not eligible when any is not met, and undecided otherwise.

Evidence is dated against the planned first dose in calendar days: a result `max_age_days` before it counts, one
day older does not, and a result after it never does. Of each kind of evidence the latest usable day counts; two
results on that day count as the worse of them, so the answer does not depend on the order they are given in.
Limits in a unit are compared in SI (the lab-unit table's exact factors); multiples of the ULN in the
laboratory's own unit. QTcF = QT / RR^(1/3) (RR in seconds) is compared in whole ms, as it is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, TypeVar

from app.dosing.dose import cockcroft_gault
from app.dosing.format import format_number
from app.eligibility.record import (
    Ecg,
    Lvef,
    PregnancyTest,
    ScreeningRecord,
    UrineDipstick,
)
from app.errors import InputError
from app.protocol.model import (
    DIPSTICK_SCALE,
    AgeMeasure,
    Comparison,
    ConsentMeasure,
    EcogMeasure,
    EligibilityItem,
    EligibilityRules,
    LabMeasure,
    LiveVaccineMeasure,
    LvefMeasure,
    PregnancyTestMeasure,
    Protocol,
    QtcfMeasure,
    UrineProteinMeasure,
)
from app.text import join_and, join_or, message_of, msg
from app.toxicity.labs import LabKind, LabResult, lab_kind, normalise_unit

__all__ = [
    "EligibilityResult",
    "ItemOutcome",
    "Status",
    "age_on",
    "eligibility_rules",
    "evaluate_eligibility",
    "qtcf_ms",
]

Status = Literal["met", "not_met", "missing", "not_applicable"]

T = TypeVar("T")

_RANK = {"not_met": 0, "missing": 1, "met": 2}
_SIGNS: dict[Comparison, str] = {"min": "≥", "above": ">", "max": "≤", "below": "<", "uln": "≤"}
_CG_UNITS = {"umol/l": "umol/L", "mg/dl": "mg/dL"}
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ItemOutcome:
    """One item checked. `value`, `limit` and `why` are messages (app.text) the window says in its language;
    `text` is the protocol's criterion text (translated in the window's "protocol" context). `unconfirmed`: the
    protocol marks this item, or one of its values, as not confirmed by a public source."""

    id: str
    text: str
    kind: Literal["measurable", "attested"]
    inclusion: bool
    status: Status
    value: str | None
    limit: str | None
    evidence_date: date | None
    why: str
    unconfirmed: bool


@dataclass(frozen=True)
class EligibilityResult:
    protocol_id: str
    protocol_version: str
    first_dose_date: date
    eligible: bool | None
    qtcf_ms: int | None  # of the ECG the QTc item rests on
    crcl_ml_per_min: Decimal | None  # Cockcroft–Gault from the creatinine the renal item rests on, unrounded
    items: tuple[ItemOutcome, ...]
    crcl_shown_ml_per_min: Decimal | None = None  # the same to 0.1 mL/min, on its true side of the limit

    @property
    def not_met(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.status == "not_met")

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.status == "missing")


@dataclass(frozen=True)
class _Judged:
    """One item's verdict before it is dressed as an outcome. `severity` ranks two verdicts of the same status
    (the higher the worse); `figure` is a computed QTcF or CrCl; `evidence` the dated things it rests on."""

    status: Literal["met", "not_met", "missing"]
    value: str | None
    limit: str | None
    taken: date | None
    why: str
    severity: Decimal = Decimal(0)
    figure: Decimal | None = None
    evidence: tuple[tuple[str, date], ...] = ()


def _worst(judged: Iterable[_Judged]) -> _Judged:
    return min(judged, key=lambda j: (_RANK[j.status], -j.severity, j.value or "", j.why))


def age_on(birth: date, day: date) -> int:
    """Age in whole years on `day`, by the calendar: 18 on the 18th birthday (a 29 February birthday falls on
    1 March in a common year)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def qtcf_ms(ecg: Ecg) -> int:
    """QTc by Fridericia, QT / RR^(1/3) with RR in seconds, to whole ms (half up)."""
    with localcontext() as context:
        context.prec = 34
        root = ecg.rr_seconds ** (Decimal(1) / Decimal(3))
        exact = ecg.qt_ms / root
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _holds(value: Decimal, comparison: Comparison, limit: Decimal) -> bool:
    if comparison == "min":
        return value >= limit
    if comparison == "above":
        return value > limit
    if comparison == "below":
        return value < limit
    return value <= limit  # max, uln


def _severity(value: Decimal, comparison: Comparison) -> Decimal:
    """Higher is worse: a lower value is worse for a minimum, a higher one for a maximum."""
    return -value if comparison in ("min", "above") else value


def _round_beside(value: Decimal, limit: Decimal, step: Decimal) -> Decimal:
    """`value` rounded to `step` for people, toward its true side of `limit` so that a value just below the
    limit never reads as the limit itself (as the criteria to treat show a creatinine clearance)."""
    shown = value.quantize(step, rounding=ROUND_HALF_UP)
    if shown == limit and value != limit:
        shown = value.quantize(step, rounding=ROUND_FLOOR if value < limit else ROUND_CEILING)
    return shown


def _shown_beside(value: Decimal, limit: Decimal, step: Decimal) -> str:
    return format_number(_round_beside(value, limit, step))


def _quantity(value: Decimal, unit: str) -> str:
    return msg("{value} {unit}", value=format_number(value), unit=unit) if unit else format_number(value)


def _fact(quantity: str, taken: date) -> str:
    return msg("{quantity} on {taken}", quantity=quantity, taken=taken.isoformat())


def _verdict(ok: bool, fact: str, limit: str) -> str:
    return (
        msg("{fact} is {limit}", fact=fact, limit=limit)
        if ok
        else msg("{fact} is not {limit}", fact=fact, limit=limit)
    )


def _then(first: str, second: str) -> str:
    return msg("{first}; {second}", first=first, second=second)


def _in_date(
    items: Iterable[T], taken: Callable[[T], date], first_dose: date, max_age_days: int
) -> tuple[list[T], date | None, date | None]:
    """The results of the latest day inside the window, and, when there are none, the newest result before
    the first dose (too old) and the earliest after it (to say why none counts)."""
    inside: list[T] = []
    older: date | None = None
    later: date | None = None
    for item in items:
        day = taken(item)
        age = (first_dose - day).days
        if 0 <= age <= max_age_days:
            inside.append(item)
        elif age > max_age_days:
            older = day if older is None or day > older else older
        else:
            later = day if later is None or day < later else later
    if inside:
        latest = max(taken(item) for item in inside)
        return [item for item in inside if taken(item) == latest], None, None
    return [], older, later


def _none_in_date(
    what: str, first_dose: date, max_age_days: int, older: date | None, later: date | None
) -> str:
    none = msg(
        "no {what} in the {days} days before the first dose on {first_dose}",
        what=what,
        days=max_age_days,
        first_dose=first_dose.isoformat(),
    )
    if older is not None:
        return _then(
            none,
            msg(
                "the latest, of {taken}, is {age} days before it and no longer counts",
                taken=older.isoformat(),
                age=(first_dose - older).days,
            ),
        )
    if later is not None:
        return _then(none, msg("the one of {taken} is after the first dose", taken=later.isoformat()))
    return none


def _missing(why: str, limit: str | None = None) -> _Judged:
    return _Judged("missing", None, limit, None, why)


# Labs -------------------------------------------------------------------------------------------------


def _display_unit(kind: LabKind, unit: str) -> str:
    return kind.display_unit if normalise_unit(unit) == normalise_unit(kind.si_unit) else unit


def _crcl(record: ScreeningRecord, creatinine: LabResult) -> tuple[Decimal | None, str | None]:
    """Cockcroft–Gault from `creatinine` on the first dose date, or None and why it cannot be worked out."""
    needs = [
        words
        for words, known in (
            (msg("the weight"), record.weight_kg is not None),
            (msg("the sex"), record.sex is not None),
            (msg("the birth date"), record.birth_date is not None),
        )
        if not known
    ]
    if needs:
        return None, msg("a creatinine clearance needs {needs}", needs=join_and(needs))
    unit = _CG_UNITS.get(normalise_unit(creatinine.unit))
    if unit is None:
        return None, msg(
            "a creatinine clearance needs the creatinine in µmol/L or mg/dL, not {unit}", unit=creatinine.unit
        )
    assert record.weight_kg is not None and record.sex is not None and record.birth_date is not None
    try:
        crcl = cockcroft_gault(
            age_on(record.birth_date, record.first_dose_date),
            record.weight_kg,
            record.sex,
            creatinine.value,
            unit,  # type: ignore[arg-type]  # one of the two spellings cockcroft_gault takes
        )
    except InputError as exc:
        return None, message_of(exc)
    return crcl, None


def _lab_limit_words(measure: LabMeasure, kind: LabKind, multiple: Decimal, result: LabResult | None) -> str:
    """One limit in words: "≥ 1.5 ×10⁹/L", "≤ 3 × ULN (105 U/L)" (the ULN's figure when the result gives it)."""
    sign = _SIGNS[measure.comparison]
    if measure.comparison != "uln":
        assert measure.unit is not None  # the loader requires it for an absolute limit
        unit = _display_unit(kind, measure.unit)
        if unit:
            return msg("{sign} {limit} {unit}", sign=sign, limit=format_number(multiple), unit=unit)
        return msg("{sign} {limit}", sign=sign, limit=format_number(multiple))
    if result is None or result.uln is None:
        return msg("≤ {multiple} × ULN", multiple=format_number(multiple))
    unit = _display_unit(kind, result.unit)
    limit = format_number(multiple * result.uln)
    if unit:
        return msg(
            "≤ {multiple} × ULN ({limit} {unit})", multiple=format_number(multiple), limit=limit, unit=unit
        )
    return msg("≤ {multiple} × ULN ({limit})", multiple=format_number(multiple), limit=limit)


def _limit_words(
    measure: LabMeasure, kind: LabKind, record: ScreeningRecord, result: LabResult | None
) -> str:
    """The item's limit in words for this subject: the liver-metastasis variant when she has them, both when
    it is not known, and the creatinine clearance alternative."""
    liver = measure.liver_metastases_limit
    base = _lab_limit_words(measure, kind, measure.limit, result)
    if liver is not None and record.liver_metastases is not False:
        with_liver = msg(
            "{limit} with liver metastases", limit=_lab_limit_words(measure, kind, liver, result)
        )
        base = (
            with_liver
            if record.liver_metastases
            else msg("{first} or {second}", first=base, second=with_liver)
        )
    if measure.or_crcl_min_ml_per_min is not None:
        base = msg(
            "{limit} or CrCl ≥ {crcl} mL/min", limit=base, crcl=format_number(measure.or_crcl_min_ml_per_min)
        )
    return base


def _compared(measure: LabMeasure, kind: LabKind, result: LabResult) -> tuple[str, str]:
    """The result as it is compared, in words, and the fact with its date: in the limit's unit for an
    absolute limit (with the laboratory's figure beside it when that was another unit), else as reported."""
    given = _quantity(result.value, _display_unit(kind, result.unit))
    if measure.unit is None or normalise_unit(result.unit) == normalise_unit(measure.unit):
        return given, _fact(given, result.taken)
    unit = _display_unit(kind, measure.unit)
    value = result.value_si / kind.factor(measure.unit)
    fact = msg(
        "{value} {unit} ({given_value} {given_unit}) on {taken}",
        value=format_number(value),
        unit=unit,
        given_value=format_number(result.value),
        given_unit=result.unit,
        taken=result.taken.isoformat(),
    )
    return _quantity(value, unit), fact


def _judge_lab_at(
    measure: LabMeasure, kind: LabKind, result: LabResult, multiple: Decimal, liver: bool
) -> tuple[bool | None, str, Decimal]:
    """Whether `result` meets `multiple` (None: it cannot be told without the ULN), why, and the severity."""
    words = _lab_limit_words(measure, kind, multiple, result)
    if liver:
        words = msg("{limit} with liver metastases", limit=words)
    fact = _compared(measure, kind, result)[1]
    if measure.comparison == "uln":
        if result.uln is None:
            return (
                None,
                msg("{fact}: the laboratory's upper limit of normal (ULN) is needed to judge it", fact=fact),
                Decimal(0),
            )
        ok = result.value <= multiple * result.uln
        return ok, _verdict(ok, fact, words), result.value / result.uln
    assert measure.unit is not None
    ok = _holds(result.value_si, measure.comparison, kind.to_si(multiple, measure.unit))
    return ok, _verdict(ok, fact, words), _severity(result.value_si, measure.comparison)


def _status(ok: bool | None) -> Literal["met", "not_met", "missing"]:
    return "missing" if ok is None else "met" if ok else "not_met"


def _judge_lab_result(
    measure: LabMeasure, kind: LabKind, result: LabResult, record: ScreeningRecord
) -> _Judged:
    """One result against the item, with its liver-metastasis variant and its creatinine clearance
    alternative."""
    liver_limit = measure.liver_metastases_limit
    if liver_limit is not None and record.liver_metastases:
        ok, why, severity = _judge_lab_at(measure, kind, result, liver_limit, True)
        status = _status(ok)
    else:
        ok, why, severity = _judge_lab_at(measure, kind, result, measure.limit, False)
        status = _status(ok)
        if ok is False and liver_limit is not None and record.liver_metastases is None:
            liver_ok, _, _ = _judge_lab_at(measure, kind, result, liver_limit, True)
            liver_words = msg(
                "{limit} with liver metastases", limit=_lab_limit_words(measure, kind, liver_limit, result)
            )
            if liver_ok:
                status = "missing"
                why = _then(
                    why, msg("it is {limit}: say whether the subject has liver metastases", limit=liver_words)
                )
            else:
                why = _then(why, msg("it is not {limit} either", limit=liver_words))
    figure: Decimal | None = None
    crcl_min = measure.or_crcl_min_ml_per_min
    if crcl_min is not None:
        figure, problem = _crcl(record, result)
        if figure is not None:
            shown = _shown_beside(figure, crcl_min, _TENTH)
            if figure >= crcl_min:
                status = "met"
                why = msg(
                    "{reason}; CrCl {crcl} mL/min is ≥ {crcl_min} mL/min",
                    reason=why,
                    crcl=shown,
                    crcl_min=format_number(crcl_min),
                )
            else:
                why = msg(
                    "{reason}; CrCl {crcl} mL/min is not ≥ {crcl_min} mL/min",
                    reason=why,
                    crcl=shown,
                    crcl_min=format_number(crcl_min),
                )
        elif status != "met":
            status = "missing"
            why = _then(
                why,
                msg(
                    "a CrCl ≥ {crcl} mL/min would still meet it, but {problem}",
                    crcl=format_number(crcl_min),
                    problem=problem,
                ),
            )
    return _Judged(
        status,
        _compared(measure, kind, result)[0],
        _limit_words(measure, kind, record, result),
        result.taken,
        why,
        severity,
        figure,
        ((kind.name, result.taken),),
    )


def _judge_lab(measure: LabMeasure, record: ScreeningRecord) -> _Judged:
    first_dose = record.first_dose_date
    verdicts: list[tuple[LabKind, _Judged]] = []
    for lab in measure.labs:
        kind = lab_kind(lab)
        results, older, later = _in_date(
            (r for r in record.labs if r.lab == lab), _taken, first_dose, measure.max_age_days
        )
        if results:
            verdicts.append((kind, _worst(_judge_lab_result(measure, kind, r, record) for r in results)))
        else:
            what = msg("{lab} result", lab=kind.name)
            why = _none_in_date(what, first_dose, measure.max_age_days, older, later)
            verdicts.append((kind, _missing(why, _limit_words(measure, kind, record, None))))
    if len(verdicts) == 1:
        return verdicts[0][1]
    return _combine(measure, verdicts)


def _taken(result: LabResult) -> date:
    return result.taken


def _combine(measure: LabMeasure, verdicts: Sequence[tuple[LabKind, _Judged]]) -> _Judged:
    """Several labs' verdicts as one: one lab in date meeting the limit is enough ("any"), or every lab is
    needed, each meeting it ("all")."""
    statuses = [j.status for _, j in verdicts]
    status: Literal["met", "not_met", "missing"]
    if measure.combine == "any":
        status = "met" if "met" in statuses else "not_met" if set(statuses) == {"not_met"} else "missing"
    else:
        status = "not_met" if "not_met" in statuses else "missing" if "missing" in statuses else "met"
    # what met it is reason enough; otherwise every lab says why not
    said = [(kind, j) for kind, j in verdicts if j.taken is not None] if status == "met" else list(verdicts)
    why: str = msg("{lab}: {reason}", lab=said[0][0].name, reason=said[0][1].why)
    for kind, j in said[1:]:
        why = _then(why, msg("{lab}: {reason}", lab=kind.name, reason=j.why))
    value: str | None = None
    for kind, j in verdicts:
        if j.value is not None:
            part = msg("{lab} {value}", lab=kind.name, value=j.value)
            value = part if value is None else _then(value, part)
    words = _lab_limit_words(measure, verdicts[0][0], measure.limit, None)
    names = [kind.name for kind, _ in verdicts]
    given = [j for _, j in verdicts if j.taken is not None]
    return _Judged(
        status,
        value,
        msg("{labs} {limit}", labs=(join_or if measure.combine == "any" else join_and)(names), limit=words),
        max((j.taken for j in given if j.taken is not None), default=None),
        why,
        max((j.severity for j in given), default=Decimal(0)),
        None,
        tuple(e for j in given for e in j.evidence),
    )


# Urine protein ---------------------------------------------------------------------------------------


def _judge_urine_protein(measure: UrineProteinMeasure, record: ScreeningRecord) -> _Judged:
    first_dose, days = record.first_dose_date, measure.max_age_days
    kind = lab_kind("urine_protein_24h")
    dip_limit = msg("{sign} {limit}", sign="<", limit=measure.dipstick_limit)
    per_24h_limit = msg(
        "{sign} {limit} {unit}",
        sign="<",
        limit=format_number(measure.per_24h_limit),
        unit=_display_unit(kind, measure.per_24h_unit),
    )
    limit = msg(
        "{first} or {second}",
        first=msg("dipstick {limit}", limit=dip_limit),
        second=msg("24-hour urine protein {limit}", limit=per_24h_limit),
    )
    below = DIPSTICK_SCALE.index(measure.dipstick_limit)
    dipsticks, dip_older, dip_later = _in_date(record.urine_dipsticks, _dip_taken, first_dose, days)
    collections, c_older, c_later = _in_date(
        (r for r in record.labs if r.lab == "urine_protein_24h"), _taken, first_dose, days
    )
    parts: list[_Judged] = []
    if dipsticks:
        parts.append(_worst(_judge_dipstick(d, below, dip_limit) for d in dipsticks))
    if collections:
        limit_si = kind.to_si(measure.per_24h_limit, measure.per_24h_unit)
        parts.append(_worst(_judge_24h(kind, r, limit_si, per_24h_limit) for r in collections))
    if not parts:
        older = max((d for d in (dip_older, c_older) if d is not None), default=None)
        later = min((d for d in (dip_later, c_later) if d is not None), default=None)
        return _missing(_none_in_date(msg("urine protein result"), first_dose, days, older, later), limit)
    statuses = {j.status for j in parts}
    status: Literal["met", "not_met", "missing"]
    if "met" in statuses:
        status = "met"
    elif len(parts) == 2 and statuses == {"not_met"}:
        status = "not_met"
    else:
        status = "missing"
    why = parts[0].why if len(parts) == 1 else _then(parts[0].why, parts[1].why)
    if status != "met" and len(parts) == 1:
        other = (
            msg("a 24-hour urine protein {limit} would still meet it", limit=per_24h_limit)
            if dipsticks
            else msg("a dipstick {limit} would still meet it", limit=dip_limit)
        )
        why = _then(why, other)
    values = [j.value for j in parts if j.value is not None]
    value = values[0] if len(values) == 1 else _then(values[0], values[1])
    return _Judged(
        status,
        value,
        limit,
        max(j.taken for j in parts if j.taken is not None),
        why,
        max(j.severity for j in parts),
        None,
        tuple(e for j in parts for e in j.evidence),
    )


def _dip_taken(dipstick: UrineDipstick) -> date:
    return dipstick.taken


def _judge_dipstick(dipstick: UrineDipstick, below: int, limit: str) -> _Judged:
    ok = dipstick.rank < below
    fact = msg("dipstick {reading} on {taken}", reading=dipstick.reading, taken=dipstick.taken.isoformat())
    return _Judged(
        _status(ok),
        dipstick.reading,
        limit,
        dipstick.taken,
        _verdict(ok, fact, limit),
        Decimal(dipstick.rank),
        None,
        ((msg("urine protein dipstick"), dipstick.taken),),
    )


def _judge_24h(kind: LabKind, result: LabResult, limit_si: Decimal, limit: str) -> _Judged:
    ok = result.value_si < limit_si
    quantity = _quantity(result.value, _display_unit(kind, result.unit))
    fact = msg(
        "24-hour urine protein {quantity} on {taken}", quantity=quantity, taken=result.taken.isoformat()
    )
    return _Judged(
        _status(ok),
        quantity,
        limit,
        result.taken,
        _verdict(ok, fact, limit),
        result.value_si,
        None,
        ((kind.name, result.taken),),
    )


# Age, ECOG, ECG, LVEF --------------------------------------------------------------------------------


def _judge_age(measure: AgeMeasure, record: ScreeningRecord) -> _Judged:
    on_consent = measure.on == "consent_date"
    words = msg(
        "{sign} {limit} {unit}", sign=_SIGNS[measure.comparison], limit=str(measure.limit), unit=msg("years")
    )
    limit = (
        msg("{limit} on the consent date", limit=words)
        if on_consent
        else msg("{limit} on the first dose date", limit=words)
    )
    day = record.consent_date if on_consent else record.first_dose_date
    if record.birth_date is None:
        return _missing(msg("the birth date is needed"), limit)
    if day is None:
        return _missing(msg("the consent date is needed"), limit)
    age = age_on(record.birth_date, day)
    ok = _holds(Decimal(age), measure.comparison, Decimal(measure.limit))
    fact = msg("{age} years old on {day}", age=age, day=day.isoformat())
    return _Judged(
        _status(ok), msg("{age} years", age=age), limit, day, _verdict(ok, fact, limit), Decimal(-age)
    )


def _judge_ecog(measure: EcogMeasure, record: ScreeningRecord) -> _Judged:
    limit = msg("{sign} {limit}", sign=_SIGNS[measure.comparison], limit=str(measure.limit))
    if record.ecog is None:
        return _missing(msg("the ECOG performance status is needed"), limit)
    ok = _holds(Decimal(record.ecog), measure.comparison, Decimal(measure.limit))
    fact = msg("ECOG {score}", score=record.ecog)
    return _Judged(
        _status(ok), str(record.ecog), limit, None, _verdict(ok, fact, limit), Decimal(record.ecog)
    )


def _ms(limit: int) -> str:
    return msg("{sign} {limit} {unit}", sign="<", limit=str(limit), unit="ms")


def _judge_qtcf(measure: QtcfMeasure, record: ScreeningRecord) -> _Judged:
    first_dose, days = record.first_dose_date, measure.max_age_days
    limits = {"female": measure.female_limit_ms, "male": measure.male_limit_ms}
    limit: str
    if record.sex is None:
        limit = msg(
            "{male} for men, {female} for women",
            male=_ms(measure.male_limit_ms),
            female=_ms(measure.female_limit_ms),
        )
    else:
        limit = _ms(limits[record.sex])
    ecgs, older, later = _in_date(record.ecgs, _ecg_taken, first_dose, days)
    if not ecgs:
        return _missing(_none_in_date(msg("ECG"), first_dose, days, older, later), limit)
    return _worst(_judge_ecg(ecg, record, limits, limit) for ecg in ecgs)


def _ecg_taken(ecg: Ecg) -> date:
    return ecg.taken


def _judge_ecg(ecg: Ecg, record: ScreeningRecord, limits: dict[str, int], limit: str) -> _Judged:
    qtcf = qtcf_ms(ecg)
    if ecg.rr_ms is not None:
        fact = msg(
            "QTcF {qtcf} ms (QT {qt} ms, RR {rr} ms) on {taken}",
            qtcf=qtcf,
            qt=format_number(ecg.qt_ms),
            rr=format_number(ecg.rr_ms),
            taken=ecg.taken.isoformat(),
        )
    else:
        assert ecg.heart_rate_bpm is not None
        fact = msg(
            "QTcF {qtcf} ms (QT {qt} ms, heart rate {rate} bpm) on {taken}",
            qtcf=qtcf,
            qt=format_number(ecg.qt_ms),
            rate=format_number(ecg.heart_rate_bpm),
            taken=ecg.taken.isoformat(),
        )
    status: Literal["met", "not_met", "missing"]
    if record.sex is not None:
        status = _status(qtcf < limits[record.sex])
        why = _verdict(status == "met", fact, limit)
    elif qtcf < min(limits.values()):
        status, why = "met", _verdict(True, fact, limit)
    elif qtcf >= max(limits.values()):
        status, why = "not_met", _verdict(False, fact, limit)
    else:
        status = "missing"
        why = msg(
            "{fact} is {looser} but not {stricter}: whether it is met depends on the subject's sex",
            fact=fact,
            looser=_ms(max(limits.values())),
            stricter=_ms(min(limits.values())),
        )
    return _Judged(
        status,
        msg("{qtcf} ms", qtcf=qtcf),
        limit,
        ecg.taken,
        why,
        Decimal(qtcf),
        Decimal(qtcf),
        ((msg("ECG"), ecg.taken),),
    )


def _judge_lvef(measure: LvefMeasure, record: ScreeningRecord) -> _Judged:
    first_dose, days = record.first_dose_date, measure.max_age_days
    limit = msg(
        "{sign} {limit} {unit}", sign=_SIGNS[measure.comparison], limit=format_number(measure.limit), unit="%"
    )
    found, older, later = _in_date(record.lvefs, _lvef_taken, first_dose, days)
    if not found:
        return _missing(_none_in_date(msg("LVEF measurement"), first_dose, days, older, later), limit)

    def judge(lvef: Lvef) -> _Judged:
        ok = _holds(lvef.percent, measure.comparison, measure.limit)
        quantity = _quantity(lvef.percent, "%")
        return _Judged(
            _status(ok),
            quantity,
            limit,
            lvef.taken,
            _verdict(ok, _fact(quantity, lvef.taken), limit),
            -lvef.percent,
            None,
            ((msg("LVEF measurement"), lvef.taken),),
        )

    return _worst(judge(lvef) for lvef in found)


def _lvef_taken(lvef: Lvef) -> date:
    return lvef.taken


# Pregnancy test, live vaccine, consent ---------------------------------------------------------------

_TEST_KINDS = {"urine": msg("urine"), "serum": msg("serum")}
_TEST_RESULTS = {
    "negative": msg("negative"),
    "positive": msg("positive"),
    "indeterminate": msg("indeterminate"),
}
_TEST_STATUS: dict[str, Literal["met", "not_met", "missing"]] = {
    "negative": "met",
    "positive": "not_met",
    "indeterminate": "missing",
}


def _pregnancy_taken(test: PregnancyTest) -> date:
    return test.taken


def _judge_pregnancy_test(measure: PregnancyTestMeasure, record: ScreeningRecord) -> _Judged:
    first_dose, days = record.first_dose_date, measure.max_age_days
    limit = msg("negative, at most {days} days before the first dose", days=days)
    found: dict[str, list[PregnancyTest]] = {}
    older: date | None = None
    later: date | None = None
    for kind in ("serum", "urine"):
        tests, kind_older, kind_later = _in_date(
            (t for t in record.pregnancy_tests if t.kind == kind), _pregnancy_taken, first_dose, days
        )
        found[kind] = tests
        older = max((d for d in (older, kind_older) if d is not None), default=None)
        later = min((d for d in (later, kind_later) if d is not None), default=None)
    if not found["serum"] and not found["urine"]:
        return _missing(_none_in_date(msg("pregnancy test"), first_dose, days, older, later), limit)

    def judge(test: PregnancyTest) -> _Judged:
        fact = msg(
            "the {kind} pregnancy test of {taken} is {result}",
            kind=_TEST_KINDS[test.kind],
            taken=test.taken.isoformat(),
            result=_TEST_RESULTS[test.result],
        )
        status = _TEST_STATUS[test.result]
        if test.kind == "urine" and status != "met":
            status, why = "missing", _then(fact, msg("a serum test is needed, and its result decides"))
        elif status == "missing":
            why = _then(fact, msg("the test must be repeated"))
        else:
            why = fact
        return _Judged(
            status,
            msg("{kind}: {result}", kind=_TEST_KINDS[test.kind], result=_TEST_RESULTS[test.result]),
            limit,
            test.taken,
            why,
            Decimal(("negative", "indeterminate", "positive").index(test.result)),
            None,
            ((msg("pregnancy test"), test.taken),),
        )

    if found["serum"]:
        verdict = _worst(judge(test) for test in found["serum"])
        if found["urine"]:
            urine = max(t.taken for t in found["urine"])
            verdict = _Judged(
                verdict.status,
                verdict.value,
                verdict.limit,
                verdict.taken,
                _then(
                    verdict.why, msg("it prevails over the urine test of {taken}", taken=urine.isoformat())
                ),
                verdict.severity,
                None,
                verdict.evidence,
            )
        return verdict
    return _worst(judge(test) for test in found["urine"])


def _judge_live_vaccine(measure: LiveVaccineMeasure, record: ScreeningRecord) -> _Judged:
    first_dose, within = record.first_dose_date, measure.within_days
    limit = msg("none in the {days} days before the first dose", days=within)
    if record.live_vaccine is None:
        return _missing(
            msg("the date of the last live or attenuated vaccine, or that there was none, is needed"), limit
        )
    last = record.live_vaccine.last
    if last is None:
        return _Judged("met", msg("none"), limit, None, msg("no live or attenuated vaccine"))
    days = (first_dose - last).days
    if days < 0:
        why = msg(
            "a live or attenuated vaccine on {day}, after the first dose on {first_dose}",
            day=last.isoformat(),
            first_dose=first_dose.isoformat(),
        )
    elif days <= within:
        why = msg(
            "a live or attenuated vaccine on {day}, {days} days before the first dose on {first_dose}, is within"
            " {within} days",
            day=last.isoformat(),
            days=days,
            first_dose=first_dose.isoformat(),
            within=within,
        )
    else:
        why = msg(
            "the last live or attenuated vaccine, on {day}, was {days} days before the first dose on"
            " {first_dose}: more than {within}",
            day=last.isoformat(),
            days=days,
            first_dose=first_dose.isoformat(),
            within=within,
        )
    return _Judged("met" if days > within else "not_met", last.isoformat(), limit, last, why, Decimal(-days))


def _judge_consent(record: ScreeningRecord, evidence: Iterable[tuple[str, date]]) -> _Judged:
    limit = msg("on or before the first dose and every study evaluation")
    consent = record.consent_date
    if consent is None:
        return _missing(msg("the consent date is needed"), limit)
    problems: list[str] = []
    if consent > record.first_dose_date:
        problems.append(
            msg(
                "the consent of {consent} is after the first dose on {first_dose}",
                consent=consent.isoformat(),
                first_dose=record.first_dose_date.isoformat(),
            )
        )
    early: dict[date, dict[str, str]] = {}
    for what, taken in evidence:
        if taken < consent:
            early.setdefault(taken, {})[str(what)] = what
    for taken in sorted(early):
        names = [early[taken][key] for key in sorted(early[taken])]
        problems.append(
            msg(
                "the {what} of {taken} is before the consent of {consent}",
                what=names[0],
                taken=taken.isoformat(),
                consent=consent.isoformat(),
            )
            if len(names) == 1
            else msg(
                "the evaluations of {taken} ({what}) are before the consent of {consent}",
                what=join_and(names),
                taken=taken.isoformat(),
                consent=consent.isoformat(),
            )
        )
    if not problems:
        met = msg(
            "consent of {consent}, on or before the first dose and every evaluation used",
            consent=consent.isoformat(),
        )
        return _Judged("met", consent.isoformat(), limit, consent, met)
    why = problems[0]
    for problem in problems[1:]:
        why = _then(why, problem)
    return _Judged("not_met", consent.isoformat(), limit, consent, why)


# Attestations and applicability ----------------------------------------------------------------------


def _judge_attested(item: EligibilityItem, record: ScreeningRecord) -> _Judged:
    answer = record.attested.get(item.id)
    if answer is None:
        return _missing(msg("awaiting the investigator's attestation"))
    if answer:
        why = (
            msg("the investigator attests that it holds")
            if item.inclusion
            else msg("the investigator attests that it is absent")
        )
        return _Judged("met", None, None, None, why)
    why = (
        msg("the investigator attests that it does not hold")
        if item.inclusion
        else msg("the investigator attests that it applies")
    )
    return _Judged("not_met", None, None, None, why)


def _applies(item: EligibilityItem, record: ScreeningRecord) -> bool | None:
    if item.applies_to == "all":
        return True
    if item.applies_to in ("female", "male"):
        return None if record.sex is None else record.sex == item.applies_to
    if record.sex == "male" or record.childbearing_potential is False:
        return False
    return True if record.childbearing_potential else None


_NOT_APPLICABLE = {
    "female": msg("applies to women only"),
    "male": msg("applies to men only"),
    "childbearing_potential": msg("applies to women of childbearing potential only"),
}


def _unknown_applicability(item: EligibilityItem, record: ScreeningRecord) -> str:
    if item.applies_to == "childbearing_potential" and record.sex == "female":
        return msg("whether it applies depends on whether she can become pregnant, which is not given")
    return msg("whether it applies depends on the subject's sex, which is not given")


def _check_attestations(protocol: Protocol, rules: EligibilityRules, record: ScreeningRecord) -> None:
    for key in record.attested:
        item = rules.item(key)
        if item is not None and item.kind == "attested":
            continue
        if item is not None:
            raise InputError(
                msg(
                    "{id} is measured from the screening record, so it cannot be attested: give its value"
                    " instead",
                    id=key,
                )
            )
        criterion = rules.criterion(key)
        if criterion is None:
            raise InputError(
                msg("there is no criterion {id} in protocol {protocol}", id=key, protocol=protocol.id)
            )
        attestable = [i.id for i in criterion.items if i.kind == "attested"]
        if attestable:
            raise InputError(
                msg("{id} is attested item by item: use {items}", id=key, items=", ".join(attestable))
            )
        raise InputError(msg("{id} is measured from the screening record, so it cannot be attested", id=key))


def _unconfirmed(protocol: Protocol, item: EligibilityItem) -> bool:
    path = f"eligibility.criteria.{item.id}"
    return any(
        entry == path or entry.startswith(path + ".") or path.startswith(entry + ".")
        for entry in protocol.unconfirmed
    )


def _judge(item: EligibilityItem, record: ScreeningRecord) -> _Judged:
    measure = item.measure
    if measure is None:
        return _judge_attested(item, record)
    if isinstance(measure, LabMeasure):
        return _judge_lab(measure, record)
    if isinstance(measure, UrineProteinMeasure):
        return _judge_urine_protein(measure, record)
    if isinstance(measure, AgeMeasure):
        return _judge_age(measure, record)
    if isinstance(measure, EcogMeasure):
        return _judge_ecog(measure, record)
    if isinstance(measure, QtcfMeasure):
        return _judge_qtcf(measure, record)
    if isinstance(measure, LvefMeasure):
        return _judge_lvef(measure, record)
    if isinstance(measure, PregnancyTestMeasure):
        return _judge_pregnancy_test(measure, record)
    assert isinstance(measure, LiveVaccineMeasure)  # ConsentMeasure is judged last, by the caller
    return _judge_live_vaccine(measure, record)


def eligibility_rules(protocol: Protocol) -> EligibilityRules:
    """The protocol's eligibility criteria; a protocol without any is refused in plain words."""
    if protocol.eligibility is None:
        raise InputError(
            msg("eligibility is not defined for this protocol ({protocol})", protocol=protocol.id)
        )
    return protocol.eligibility


def evaluate_eligibility(protocol: Protocol, record: ScreeningRecord) -> EligibilityResult:
    """Every eligibility item of `protocol` judged against `record`, in the protocol's order.

    Refused (`InputError`): a protocol without eligibility criteria; an attestation of an unknown criterion,
    of a measurable one (an attestation never stands in for a measured value), or of a criterion whose items
    are attested one by one.
    """
    rules = eligibility_rules(protocol)
    _check_attestations(protocol, rules, record)
    verdicts: dict[str, _Judged | None] = {}
    applies: dict[str, bool | None] = {}
    for item in rules.items:
        applies[item.id] = _applies(item, record)
        if applies[item.id] is False or isinstance(item.measure, ConsentMeasure):
            verdicts[item.id] = None
            continue
        verdicts[item.id] = _judge(item, record)
    evidence = [e for j in verdicts.values() if j is not None for e in j.evidence]
    for item in rules.items:
        if isinstance(item.measure, ConsentMeasure) and applies[item.id] is not False:
            verdicts[item.id] = _judge_consent(record, evidence)
    outcomes: list[ItemOutcome] = []
    qtcf: int | None = None
    crcl: Decimal | None = None
    crcl_shown: Decimal | None = None
    for item in rules.items:
        judged = verdicts[item.id]
        unconfirmed = _unconfirmed(protocol, item)
        if judged is None:
            outcomes.append(
                ItemOutcome(
                    item.id,
                    item.text,
                    item.kind,
                    item.inclusion,
                    "not_applicable",
                    None,
                    None,
                    None,
                    _NOT_APPLICABLE[item.applies_to],
                    unconfirmed,
                )
            )
            continue
        status: Status = judged.status
        why = judged.why
        if applies[item.id] is None and status != "met":
            status, why = "missing", _then(why, _unknown_applicability(item, record))
        if isinstance(item.measure, QtcfMeasure) and qtcf is None and judged.figure is not None:
            qtcf = int(judged.figure)
        crcl_min = item.measure.or_crcl_min_ml_per_min if isinstance(item.measure, LabMeasure) else None
        if crcl_min is not None and crcl is None and judged.figure is not None:
            crcl, crcl_shown = judged.figure, _round_beside(judged.figure, crcl_min, _TENTH)
        outcomes.append(
            ItemOutcome(
                item.id,
                item.text,
                item.kind,
                item.inclusion,
                status,
                judged.value,
                judged.limit,
                judged.taken,
                why,
                unconfirmed,
            )
        )
    statuses = {o.status for o in outcomes}
    eligible = False if "not_met" in statuses else None if "missing" in statuses else True
    return EligibilityResult(
        protocol.id,
        protocol.version,
        record.first_dose_date,
        eligible,
        qtcf,
        crcl,
        tuple(outcomes),
        crcl_shown,
    )
