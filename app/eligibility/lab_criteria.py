"""Criteria judged on laboratory results: limits in SI or as multiples of the ULN, creatinine clearance by
Cockcroft-Gault, urine protein by dipstick or 24-hour collection.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Literal

from app.dosing.dose import cockcroft_gault
from app.dosing.format import format_number
from app.eligibility.judging import (
    CG_UNITS,
    SIGNS,
    TENTH,
    Judged,
    age_on,
    fact_words,
    holds_limit,
    in_date,
    missing_evidence,
    none_in_date,
    quantity_words,
    severity_of,
    shown_beside,
    then,
    verdict_words,
    worst,
)
from app.eligibility.record import (
    ScreeningRecord,
    UrineDipstick,
)
from app.errors import InputError
from app.protocol.model import (
    DIPSTICK_SCALE,
    LabMeasure,
    UrineProteinMeasure,
)
from app.text import join_and, join_or, message_of, msg
from app.toxicity.labs import LabKind, LabResult, lab_kind, normalise_unit


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
    unit = CG_UNITS.get(normalise_unit(creatinine.unit))
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
    sign = SIGNS[measure.comparison]
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
    given = quantity_words(result.value, _display_unit(kind, result.unit))
    if measure.unit is None or normalise_unit(result.unit) == normalise_unit(measure.unit):
        return given, fact_words(given, result.taken)
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
    return quantity_words(value, unit), fact


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
        return ok, verdict_words(ok, fact, words), result.value / result.uln
    assert measure.unit is not None
    ok = holds_limit(result.value_si, measure.comparison, kind.to_si(multiple, measure.unit))
    return ok, verdict_words(ok, fact, words), severity_of(result.value_si, measure.comparison)


def status_of(ok: bool | None) -> Literal["met", "not_met", "missing"]:
    return "missing" if ok is None else "met" if ok else "not_met"


def _judge_lab_result(
    measure: LabMeasure, kind: LabKind, result: LabResult, record: ScreeningRecord
) -> Judged:
    """One result against the item, with its liver-metastasis variant and its creatinine clearance
    alternative."""
    liver_limit = measure.liver_metastases_limit
    if liver_limit is not None and record.liver_metastases:
        ok, why, severity = _judge_lab_at(measure, kind, result, liver_limit, True)
        status = status_of(ok)
    else:
        ok, why, severity = _judge_lab_at(measure, kind, result, measure.limit, False)
        status = status_of(ok)
        if ok is False and liver_limit is not None and record.liver_metastases is None:
            liver_ok, _, _ = _judge_lab_at(measure, kind, result, liver_limit, True)
            liver_words = msg(
                "{limit} with liver metastases", limit=_lab_limit_words(measure, kind, liver_limit, result)
            )
            if liver_ok:
                status = "missing"
                why = then(
                    why, msg("it is {limit}: say whether the subject has liver metastases", limit=liver_words)
                )
            else:
                why = then(why, msg("it is not {limit} either", limit=liver_words))
    figure: Decimal | None = None
    crcl_min = measure.or_crcl_min_ml_per_min
    if crcl_min is not None:
        figure, problem = _crcl(record, result)
        if figure is not None:
            shown = shown_beside(figure, crcl_min, TENTH)
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
            why = then(
                why,
                msg(
                    "a CrCl ≥ {crcl} mL/min would still meet it, but {problem}",
                    crcl=format_number(crcl_min),
                    problem=problem,
                ),
            )
    return Judged(
        status,
        _compared(measure, kind, result)[0],
        _limit_words(measure, kind, record, result),
        result.taken,
        why,
        severity,
        figure,
        ((kind.name, result.taken),),
    )


def judge_lab(measure: LabMeasure, record: ScreeningRecord) -> Judged:
    first_dose = record.first_dose_date
    verdicts: list[tuple[LabKind, Judged]] = []
    for lab in measure.labs:
        kind = lab_kind(lab)
        results, older, later = in_date(
            (r for r in record.labs if r.lab == lab), _taken, first_dose, measure.max_age_days
        )
        if results:
            verdicts.append((kind, worst(_judge_lab_result(measure, kind, r, record) for r in results)))
        else:
            what = msg("{lab} result", lab=kind.name)
            why = none_in_date(what, first_dose, measure.max_age_days, older, later)
            verdicts.append((kind, missing_evidence(why, _limit_words(measure, kind, record, None))))
    if len(verdicts) == 1:
        return verdicts[0][1]
    return _combine(measure, verdicts)


def _taken(result: LabResult) -> date:
    return result.taken


def _combine(measure: LabMeasure, verdicts: Sequence[tuple[LabKind, Judged]]) -> Judged:
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
        why = then(why, msg("{lab}: {reason}", lab=kind.name, reason=j.why))
    value: str | None = None
    for kind, j in verdicts:
        if j.value is not None:
            part = msg("{lab} {value}", lab=kind.name, value=j.value)
            value = part if value is None else then(value, part)
    words = _lab_limit_words(measure, verdicts[0][0], measure.limit, None)
    names = [kind.name for kind, _ in verdicts]
    given = [j for _, j in verdicts if j.taken is not None]
    return Judged(
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


def judge_urine_protein(measure: UrineProteinMeasure, record: ScreeningRecord) -> Judged:
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
    dipsticks, dip_older, dip_later = in_date(record.urine_dipsticks, _dip_taken, first_dose, days)
    collections, c_older, c_later = in_date(
        (r for r in record.labs if r.lab == "urine_protein_24h"), _taken, first_dose, days
    )
    parts: list[Judged] = []
    if dipsticks:
        parts.append(worst(_judge_dipstick(d, below, dip_limit) for d in dipsticks))
    if collections:
        limit_si = kind.to_si(measure.per_24h_limit, measure.per_24h_unit)
        parts.append(worst(_judge_24h(kind, r, limit_si, per_24h_limit) for r in collections))
    if not parts:
        older = max((d for d in (dip_older, c_older) if d is not None), default=None)
        later = min((d for d in (dip_later, c_later) if d is not None), default=None)
        return missing_evidence(
            none_in_date(msg("urine protein result"), first_dose, days, older, later), limit
        )
    statuses = {j.status for j in parts}
    status: Literal["met", "not_met", "missing"]
    if "met" in statuses:
        status = "met"
    elif len(parts) == 2 and statuses == {"not_met"}:
        status = "not_met"
    else:
        status = "missing"
    why = parts[0].why if len(parts) == 1 else then(parts[0].why, parts[1].why)
    if status != "met" and len(parts) == 1:
        other = (
            msg("a 24-hour urine protein {limit} would still meet it", limit=per_24h_limit)
            if dipsticks
            else msg("a dipstick {limit} would still meet it", limit=dip_limit)
        )
        why = then(why, other)
    values = [j.value for j in parts if j.value is not None]
    value = values[0] if len(values) == 1 else then(values[0], values[1])
    return Judged(
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


def _judge_dipstick(dipstick: UrineDipstick, below: int, limit: str) -> Judged:
    ok = dipstick.rank < below
    fact = msg("dipstick {reading} on {taken}", reading=dipstick.reading, taken=dipstick.taken.isoformat())
    return Judged(
        status_of(ok),
        dipstick.reading,
        limit,
        dipstick.taken,
        verdict_words(ok, fact, limit),
        Decimal(dipstick.rank),
        None,
        ((msg("urine protein dipstick"), dipstick.taken),),
    )


def _judge_24h(kind: LabKind, result: LabResult, limit_si: Decimal, limit: str) -> Judged:
    ok = result.value_si < limit_si
    quantity = quantity_words(result.value, _display_unit(kind, result.unit))
    fact = msg(
        "24-hour urine protein {quantity} on {taken}", quantity=quantity, taken=result.taken.isoformat()
    )
    return Judged(
        status_of(ok),
        quantity,
        limit,
        result.taken,
        verdict_words(ok, fact, limit),
        result.value_si,
        None,
        ((kind.name, result.taken),),
    )


# Age, ECOG, ECG, LVEF --------------------------------------------------------------------------------
