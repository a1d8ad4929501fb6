"""Criteria judged on the other screening evidence: age, ECOG, the ECG's QTcF, LVEF, the pregnancy test and
the last live vaccine.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from app.dosing.format import format_number
from app.eligibility.judging import (
    SIGNS,
    Judged,
    age_on,
    fact_words,
    holds_limit,
    in_date,
    missing_evidence,
    none_in_date,
    qtcf_ms,
    quantity_words,
    then,
    verdict_words,
    worst,
)
from app.eligibility.lab_criteria import status_of
from app.eligibility.record import (
    Ecg,
    Lvef,
    PregnancyTest,
    ScreeningRecord,
)
from app.protocol.model import (
    AgeMeasure,
    EcogMeasure,
    LiveVaccineMeasure,
    LvefMeasure,
    PregnancyTestMeasure,
    QtcfMeasure,
)
from app.text import msg


def judge_age(measure: AgeMeasure, record: ScreeningRecord) -> Judged:
    on_consent = measure.on == "consent_date"
    words = msg(
        "{sign} {limit} {unit}", sign=SIGNS[measure.comparison], limit=str(measure.limit), unit=msg("years")
    )
    limit = (
        msg("{limit} on the consent date", limit=words)
        if on_consent
        else msg("{limit} on the first dose date", limit=words)
    )
    day = record.consent_date if on_consent else record.first_dose_date
    if record.birth_date is None:
        return missing_evidence(msg("the birth date is needed"), limit)
    if day is None:
        return missing_evidence(msg("the consent date is needed"), limit)
    age = age_on(record.birth_date, day)
    ok = holds_limit(Decimal(age), measure.comparison, Decimal(measure.limit))
    fact = msg("{age} years old on {day}", age=age, day=day.isoformat())
    return Judged(
        status_of(ok), msg("{age} years", age=age), limit, day, verdict_words(ok, fact, limit), Decimal(-age)
    )


def judge_ecog(measure: EcogMeasure, record: ScreeningRecord) -> Judged:
    limit = msg("{sign} {limit}", sign=SIGNS[measure.comparison], limit=str(measure.limit))
    if record.ecog is None:
        return missing_evidence(msg("the ECOG performance status is needed"), limit)
    ok = holds_limit(Decimal(record.ecog), measure.comparison, Decimal(measure.limit))
    fact = msg("ECOG {score}", score=record.ecog)
    return Judged(
        status_of(ok), str(record.ecog), limit, None, verdict_words(ok, fact, limit), Decimal(record.ecog)
    )


def _ms(limit: int) -> str:
    return msg("{sign} {limit} {unit}", sign="<", limit=str(limit), unit="ms")


def judge_qtcf(measure: QtcfMeasure, record: ScreeningRecord) -> Judged:
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
    ecgs, older, later = in_date(record.ecgs, _ecg_taken, first_dose, days)
    if not ecgs:
        return missing_evidence(none_in_date(msg("ECG"), first_dose, days, older, later), limit)
    return worst(_judge_ecg(ecg, record, limits, limit) for ecg in ecgs)


def _ecg_taken(ecg: Ecg) -> date:
    return ecg.taken


def _judge_ecg(ecg: Ecg, record: ScreeningRecord, limits: dict[str, int], limit: str) -> Judged:
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
        status = status_of(qtcf < limits[record.sex])
        why = verdict_words(status == "met", fact, limit)
    elif qtcf < min(limits.values()):
        status, why = "met", verdict_words(True, fact, limit)
    elif qtcf >= max(limits.values()):
        status, why = "not_met", verdict_words(False, fact, limit)
    else:
        status = "missing"
        why = msg(
            "{fact} is {looser} but not {stricter}: whether it is met depends on the subject's sex",
            fact=fact,
            looser=_ms(max(limits.values())),
            stricter=_ms(min(limits.values())),
        )
    return Judged(
        status,
        msg("{qtcf} ms", qtcf=qtcf),
        limit,
        ecg.taken,
        why,
        Decimal(qtcf),
        Decimal(qtcf),
        ((msg("ECG"), ecg.taken),),
    )


def judge_lvef(measure: LvefMeasure, record: ScreeningRecord) -> Judged:
    first_dose, days = record.first_dose_date, measure.max_age_days
    limit = msg(
        "{sign} {limit} {unit}", sign=SIGNS[measure.comparison], limit=format_number(measure.limit), unit="%"
    )
    found, older, later = in_date(record.lvefs, _lvef_taken, first_dose, days)
    if not found:
        return missing_evidence(none_in_date(msg("LVEF measurement"), first_dose, days, older, later), limit)

    def judge(lvef: Lvef) -> Judged:
        ok = holds_limit(lvef.percent, measure.comparison, measure.limit)
        quantity = quantity_words(lvef.percent, "%")
        return Judged(
            status_of(ok),
            quantity,
            limit,
            lvef.taken,
            verdict_words(ok, fact_words(quantity, lvef.taken), limit),
            -lvef.percent,
            None,
            ((msg("LVEF measurement"), lvef.taken),),
        )

    return worst(judge(lvef) for lvef in found)


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


def judge_pregnancy_test(measure: PregnancyTestMeasure, record: ScreeningRecord) -> Judged:
    first_dose, days = record.first_dose_date, measure.max_age_days
    limit = msg("negative, at most {days} days before the first dose", days=days)
    found: dict[str, list[PregnancyTest]] = {}
    older: date | None = None
    later: date | None = None
    for kind in ("serum", "urine"):
        tests, kind_older, kind_later = in_date(
            (t for t in record.pregnancy_tests if t.kind == kind), _pregnancy_taken, first_dose, days
        )
        found[kind] = tests
        older = max((d for d in (older, kind_older) if d is not None), default=None)
        later = min((d for d in (later, kind_later) if d is not None), default=None)
    if not found["serum"] and not found["urine"]:
        return missing_evidence(none_in_date(msg("pregnancy test"), first_dose, days, older, later), limit)

    def judge(test: PregnancyTest) -> Judged:
        fact = msg(
            "the {kind} pregnancy test of {taken} is {result}",
            kind=_TEST_KINDS[test.kind],
            taken=test.taken.isoformat(),
            result=_TEST_RESULTS[test.result],
        )
        status = _TEST_STATUS[test.result]
        if test.kind == "urine" and status != "met":
            status, why = "missing", then(fact, msg("a serum test is needed, and its result decides"))
        elif status == "missing":
            why = then(fact, msg("the test must be repeated"))
        else:
            why = fact
        return Judged(
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
        verdict = worst(judge(test) for test in found["serum"])
        if found["urine"]:
            urine = max(t.taken for t in found["urine"])
            verdict = Judged(
                verdict.status,
                verdict.value,
                verdict.limit,
                verdict.taken,
                then(verdict.why, msg("it prevails over the urine test of {taken}", taken=urine.isoformat())),
                verdict.severity,
                None,
                verdict.evidence,
            )
        return verdict
    return worst(judge(test) for test in found["urine"])


def judge_live_vaccine(measure: LiveVaccineMeasure, record: ScreeningRecord) -> Judged:
    first_dose, within = record.first_dose_date, measure.within_days
    limit = msg("none in the {days} days before the first dose", days=within)
    if record.live_vaccine is None:
        return missing_evidence(
            msg("the date of the last live or attenuated vaccine, or that there was none, is needed"), limit
        )
    last = record.live_vaccine.last
    if last is None:
        return Judged("met", msg("none"), limit, None, msg("no live or attenuated vaccine"))
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
    return Judged("met" if days > within else "not_met", last.isoformat(), limit, last, why, Decimal(-days))
