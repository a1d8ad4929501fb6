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

The judges live beside this module: `judging` (outcomes and shared rules), `lab_criteria`, `clinical_criteria`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from app.eligibility.clinical_criteria import (
    judge_age,
    judge_ecog,
    judge_live_vaccine,
    judge_lvef,
    judge_pregnancy_test,
    judge_qtcf,
)
from app.eligibility.judging import (
    TENTH,
    EligibilityResult,
    ItemOutcome,
    Judged,
    Status,
    age_on,
    missing_evidence,
    qtcf_ms,
    round_beside,
    then,
)
from app.eligibility.lab_criteria import judge_lab, judge_urine_protein
from app.eligibility.record import (
    ScreeningRecord,
)
from app.errors import InputError
from app.protocol.model import (
    AgeMeasure,
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
from app.text import join_and, msg

__all__ = [
    "EligibilityResult",
    "ItemOutcome",
    "Status",
    "age_on",
    "eligibility_rules",
    "evaluate_eligibility",
    "qtcf_ms",
]


def _judge_consent(record: ScreeningRecord, evidence: Iterable[tuple[str, date]]) -> Judged:
    limit = msg("on or before the first dose and every study evaluation")
    consent = record.consent_date
    if consent is None:
        return missing_evidence(msg("the consent date is needed"), limit)
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
        return Judged("met", consent.isoformat(), limit, consent, met)
    why = problems[0]
    for problem in problems[1:]:
        why = then(why, problem)
    return Judged("not_met", consent.isoformat(), limit, consent, why)


# Attestations and applicability ----------------------------------------------------------------------


def _judge_attested(item: EligibilityItem, record: ScreeningRecord) -> Judged:
    answer = record.attested.get(item.id)
    if answer is None:
        return missing_evidence(msg("awaiting the investigator's attestation"))
    if answer:
        why = (
            msg("the investigator attests that it holds")
            if item.inclusion
            else msg("the investigator attests that it is absent")
        )
        return Judged("met", None, None, None, why)
    why = (
        msg("the investigator attests that it does not hold")
        if item.inclusion
        else msg("the investigator attests that it applies")
    )
    return Judged("not_met", None, None, None, why)


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


def _judge(item: EligibilityItem, record: ScreeningRecord) -> Judged:
    measure = item.measure
    if measure is None:
        return _judge_attested(item, record)
    if isinstance(measure, LabMeasure):
        return judge_lab(measure, record)
    if isinstance(measure, UrineProteinMeasure):
        return judge_urine_protein(measure, record)
    if isinstance(measure, AgeMeasure):
        return judge_age(measure, record)
    if isinstance(measure, EcogMeasure):
        return judge_ecog(measure, record)
    if isinstance(measure, QtcfMeasure):
        return judge_qtcf(measure, record)
    if isinstance(measure, LvefMeasure):
        return judge_lvef(measure, record)
    if isinstance(measure, PregnancyTestMeasure):
        return judge_pregnancy_test(measure, record)
    assert isinstance(measure, LiveVaccineMeasure)  # ConsentMeasure is judged last, by the caller
    return judge_live_vaccine(measure, record)


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
    verdicts: dict[str, Judged | None] = {}
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
            status, why = "missing", then(why, _unknown_applicability(item, record))
        if isinstance(item.measure, QtcfMeasure) and qtcf is None and judged.figure is not None:
            qtcf = int(judged.figure)
        crcl_min = item.measure.or_crcl_min_ml_per_min if isinstance(item.measure, LabMeasure) else None
        if crcl_min is not None and crcl is None and judged.figure is not None:
            crcl, crcl_shown = judged.figure, round_beside(judged.figure, crcl_min, TENTH)
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
