"""Screening eligibility from the records: the evidence kept, the check, the investigator's decision, the gate.

    screening_record(session, subject, first_dose)   the core's ScreeningRecord, filled from the database
    eligibility_of(uow, subject_id, first_dose=None)  the check now, with the evidence and the decision
    record_ecg / record_lvef / record_pregnancy_test / record_urine_dipstick / record_live_vaccine / record_ecog
    record_attestations(uow, subject_id, {"I1": True, …})
    sign_eligibility(uow, subject_id, password)       investigator, e-signature "approved", only when eligible
    record_screen_failure(uow, subject_id, code, …)   investigator; the subject goes off study (screen failure)
    refuse_unless_eligible(session, subject, day)     the C1D1 prescribing gate

What the labs table holds (typed or imported) is read from it; the rest (ECG, LVEF, pregnancy test, urine
dipstick, live vaccine, ECOG, attestations) from `screening_evidence`. The check itself is the pure core
(`app.eligibility.evaluate_eligibility`), judged for the planned first-dose date.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.dosing.format import format_number
from app.eligibility import (
    Ecg,
    EligibilityResult,
    LiveVaccineHistory,
    Lvef,
    PregnancyTest,
    ScreeningRecord,
    UrineDipstick,
    eligibility_rules,
    evaluate_eligibility,
)
from app.eligibility.outcomes import (
    DS_SCREEN_FAILURE,
    SCREEN_FAILURE_DETAIL_REQUIRED,
    SCREEN_FAILURE_NEEDS_CRITERIA,
    DecisionKind,
    ScreenFailureReason,
    screen_failure_words,
)
from app.errors import InputError
from app.models import (
    EligibilityDecision,
    LabResult,
    Role,
    ScreeningEvidence,
    SignatureMeaning,
    Subject,
    SubjectStatus,
)
from app.protocol import Protocol
from app.protocol.model import LabMeasure, UrineProteinMeasure
from app.services._calendar import planned_c1d1
from app.services._common import check_date, load, local_today, optional_text, require_any_role
from app.services.clinical import latest_weight
from app.services.protocols import protocol_of
from app.services.reasons import reason as audit_reason
from app.services.signatures import sign, signatures_for
from app.services.subjects import screen_fail
from app.services.uow import UnitOfWork
from app.services.users import prove_password
from app.text import msg
from app.toxicity.labs import LAB_KEYS, SCREENING_LAB_KEYS
from app.toxicity.labs import LabResult as CoreLab

__all__ = [
    "EligibilityView",
    "EvidenceRow",
    "eligibility_of",
    "live_decision",
    "record_attestations",
    "record_ecg",
    "record_ecog",
    "record_live_vaccine",
    "record_lvef",
    "record_pregnancy_test",
    "record_screen_failure",
    "record_urine_dipstick",
    "refuse_unless_eligible",
    "screening_record",
    "sign_eligibility",
]

RECORDERS = (Role.COORDINATOR, Role.INVESTIGATOR)
_LABS = (*LAB_KEYS, *SCREENING_LAB_KEYS)


@dataclass(frozen=True)
class EvidenceRow:
    """One piece of evidence as the tab and the checklist show it. `source`: "typed" or "imported"."""

    kind: str  # a lab key, or a screening_evidence kind
    taken_on: date | None
    value: str
    source: str
    recorded_by: str


@dataclass(frozen=True)
class DecisionRow:
    kind: str  # eligible | screen_failure
    first_dose_date: date | None
    words: str  # the screen failure's reason in words ("" for eligible)
    decided_by: str
    decided_at: datetime
    evaluation_sha256: str | None


@dataclass(frozen=True)
class EligibilityView:
    subject_id: int
    subject_number: str
    status: SubjectStatus
    first_dose_date: date
    result: EligibilityResult
    evidence: tuple[EvidenceRow, ...]
    attested: Mapping[str, bool]
    attestable: tuple[str, ...]  # the ids of the criteria the investigator attests
    decision: DecisionRow | None


# --- reading the records ------------------------------------------------------------------------------------


def _evidence(session: Session, subject: Subject, kind: str) -> list[ScreeningEvidence]:
    return list(
        session.execute(
            select(ScreeningEvidence)
            .where(
                ScreeningEvidence.subject_id == subject.id,
                ScreeningEvidence.kind == kind,
                ScreeningEvidence.cancelled.is_(False),
            )
            .order_by(ScreeningEvidence.recorded_at, ScreeningEvidence.id)
        ).scalars()
    )


def _labs(session: Session, subject: Subject, until: date) -> list[LabResult]:
    return list(
        session.execute(
            select(LabResult)
            .where(
                LabResult.subject_id == subject.id,
                LabResult.cancelled.is_(False),
                LabResult.lab.in_(_LABS),
                LabResult.collected_on <= until,
            )
            .order_by(LabResult.collected_on, LabResult.id)
        ).scalars()
    )


def _attested(session: Session, subject: Subject) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for row in _evidence(session, subject, "attestation"):  # the latest answer per criterion counts
        if row.criterion_id is not None and row.satisfied is not None:
            found[row.criterion_id] = row.satisfied
    return found


def screening_record(session: Session, subject: Subject, first_dose: date) -> ScreeningRecord:
    """What the database knows of `subject`'s screening, as the core reads it, for a first dose on `first_dose`.

    Evidence dated after `first_dose` is left out (it cannot have been known before the dose)."""

    def known(rows: list[ScreeningEvidence]) -> list[ScreeningEvidence]:
        return [row for row in rows if row.taken_on is None or row.taken_on <= first_dose]

    weight = latest_weight(session, subject, first_dose)
    ecog_rows = known(_evidence(session, subject, "ecog"))
    vaccine_rows = _evidence(session, subject, "live_vaccine")
    vaccine = None
    if vaccine_rows:
        dated = [
            row.taken_on for row in vaccine_rows if row.taken_on is not None and row.taken_on <= first_dose
        ]
        vaccine = LiveVaccineHistory(max(dated) if dated else None)
    return ScreeningRecord(
        first_dose_date=first_dose,
        sex=subject.sex.value if hasattr(subject.sex, "value") else subject.sex,  # type: ignore[arg-type]
        birth_date=subject.birth_date,
        consent_date=subject.enrolled_at.astimezone().date(),
        weight_kg=weight.weight_kg if weight is not None else subject.baseline_weight_kg,
        childbearing_potential=subject.can_become_pregnant,
        liver_metastases=subject.liver_metastases,
        ecog=ecog_rows[-1].ecog if ecog_rows else None,
        labs=tuple(
            CoreLab(lab.lab, lab.value, lab.unit, lab.collected_on, lab.lln, lab.uln)
            for lab in _labs(session, subject, first_dose)
        ),
        urine_dipsticks=tuple(
            UrineDipstick(row.taken_on, row.result or "")
            for row in known(_evidence(session, subject, "urine_dipstick"))
            if row.taken_on is not None
        ),
        ecgs=tuple(
            Ecg(row.taken_on, row.qt_ms, rr_ms=row.rr_ms, heart_rate_bpm=row.heart_rate_bpm)
            for row in known(_evidence(session, subject, "ecg"))
            if row.taken_on is not None and row.qt_ms is not None
        ),
        lvefs=tuple(
            Lvef(row.taken_on, row.lvef_percent)
            for row in known(_evidence(session, subject, "lvef"))
            if row.taken_on is not None and row.lvef_percent is not None
        ),
        pregnancy_tests=tuple(
            PregnancyTest(row.taken_on, row.test_kind, row.result)  # type: ignore[arg-type]
            for row in known(_evidence(session, subject, "pregnancy_test"))
            if row.taken_on is not None
        ),
        live_vaccine=vaccine,
        attested=_attested(session, subject),
    )


def live_decision(session: Session, subject: Subject) -> EligibilityDecision | None:
    """The subject's eligibility decision that stands (not cancelled), if any."""
    return session.execute(
        select(EligibilityDecision).where(
            EligibilityDecision.subject_id == subject.id, EligibilityDecision.cancelled.is_(False)
        )
    ).scalar_one_or_none()


def _first_dose(subject: Subject, protocol: Protocol, today: date) -> date:
    return planned_c1d1(protocol, subject, subject.visits) or today


def _evidence_value(row: ScreeningEvidence) -> str:
    if row.kind == "ecg":
        beat = (
            msg("RR {rr} ms", rr=format_number(row.rr_ms))
            if row.rr_ms is not None
            else msg("heart rate {rate} bpm", rate=format_number(row.heart_rate_bpm or Decimal(0)))
        )
        return msg("QT {qt} ms, {beat}", qt=format_number(row.qt_ms or Decimal(0)), beat=beat)
    if row.kind == "lvef":
        return msg("{value} %", value=format_number(row.lvef_percent or Decimal(0)))
    if row.kind == "pregnancy_test":
        return msg("{kind} test {result}", kind=row.test_kind or "", result=row.result or "")
    if row.kind == "urine_dipstick":
        return row.result or ""
    if row.kind == "live_vaccine":
        return msg("last on {day}", day=row.taken_on.isoformat()) if row.taken_on else msg("none")
    if row.kind == "ecog":
        return str(row.ecog)
    return msg("{id}: {answer}", id=row.criterion_id or "", answer=msg("yes") if row.satisfied else msg("no"))


def _decision_row(session: Session, decision: EligibilityDecision) -> DecisionRow:
    from app.models import User

    user = session.get(User, decision.decided_by_id)
    words = ""
    if decision.kind == DecisionKind.SCREEN_FAILURE:
        criteria = tuple(c for c in (decision.criteria_not_met or "").split(",") if c)
        words = screen_failure_words(decision.reason_code or "", criteria, decision.detail)
    return DecisionRow(
        decision.kind,
        decision.first_dose_date,
        words,
        user.full_name if user is not None else "",
        decision.decided_at,
        decision.evaluation_sha256,
    )


def _view(uow: UnitOfWork, subject: Subject, first_dose: date | None) -> EligibilityView:
    session = uow.session
    protocol = protocol_of(subject)
    decision = live_decision(session, subject)
    day = first_dose or (
        decision.first_dose_date
        if decision is not None and decision.first_dose_date is not None
        else _first_dose(subject, protocol, local_today(uow))
    )
    record = screening_record(session, subject, day)
    result = evaluate_eligibility(protocol, record)
    rows: list[EvidenceRow] = [
        EvidenceRow(
            lab.lab,
            lab.collected_on,
            f"{format_number(lab.value)} {lab.unit}",
            lab.source,
            "",
        )
        for lab in _labs(session, subject, day)
    ]
    evidence = session.execute(
        select(ScreeningEvidence)
        .where(ScreeningEvidence.subject_id == subject.id, ScreeningEvidence.cancelled.is_(False))
        .order_by(ScreeningEvidence.recorded_at, ScreeningEvidence.id)
    ).scalars()
    rows += [EvidenceRow(e.kind, e.taken_on, _evidence_value(e), "typed", e.recorded_by) for e in evidence]
    rules = eligibility_rules(protocol)
    attestable = tuple(item.id for item in rules.items if item.kind == "attested")
    return EligibilityView(
        subject.id,
        subject.subject_number,
        subject.status,
        day,
        result,
        tuple(rows),
        record.attested,
        attestable,
        _decision_row(session, decision) if decision is not None else None,
    )


def eligibility_of(uow: UnitOfWork, subject_id: int, first_dose: date | None = None) -> EligibilityView:
    """The subject's criteria judged now from the records, for `first_dose` (default: the decision's date, else
    the planned C1D1), with the evidence and the decision that stands."""
    if first_dose is not None:
        check_date(first_dose, msg("The first dose date"))
    with uow:
        subject = load(uow.session, Subject, subject_id, msg("subject"))
        return _view(uow, subject, first_dose)


# --- recording evidence -------------------------------------------------------------------------------------


def _screening_subject(session: Session, subject_id: int) -> Subject:
    subject = load(session, Subject, subject_id, msg("subject"))
    if subject.status != SubjectStatus.SCREENING:
        raise InputError(
            msg(
                "{subject} is not in screening: screening evidence is recorded before the first dose only.",
                subject=subject.subject_number,
            )
        )
    return subject


def _taken(uow: UnitOfWork, taken_on: Any, what: str) -> date:
    day = check_date(taken_on, what)
    if day > local_today(uow):
        raise InputError(msg("{what} cannot be a day still to come.", what=what))
    return day


def _add(uow: UnitOfWork, subject_id: int, what: str, make: Any) -> EligibilityView:
    """Check the evidence with the core (`make` builds it), then store it; the caller gives the row's fields."""
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *RECORDERS)
        subject = _screening_subject(session, subject_id)
        fields = make(uow)
        row = ScreeningEvidence(
            subject_id=subject.id, recorded_by=user.full_name, recorded_at=uow.now(), **fields
        )
        with uow.acting(user, audit_reason("screening_evidence_recorded", what=what)):
            session.add(row)
            session.flush()
        view = _view(uow, subject, None)
        uow.commit()
        return view


def _decimal(value: Any, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise InputError(msg("{what} must be a number, not {value}.", what=what, value=repr(value)))
    return Decimal(value)


def record_ecg(
    uow: UnitOfWork,
    subject_id: int,
    taken_on: date,
    qt_ms: Decimal,
    *,
    rr_ms: Decimal | None = None,
    heart_rate_bpm: Decimal | None = None,
) -> EligibilityView:
    def make(uow: UnitOfWork) -> dict[str, Any]:
        day = _taken(uow, taken_on, msg("The ECG's date"))
        qt = _decimal(qt_ms, msg("The QT interval"))
        rr = _decimal(rr_ms, msg("The RR interval")) if rr_ms is not None else None
        rate = _decimal(heart_rate_bpm, msg("The heart rate")) if heart_rate_bpm is not None else None
        Ecg(day, qt, rr_ms=rr, heart_rate_bpm=rate)  # checks it
        return {"kind": "ecg", "taken_on": day, "qt_ms": qt, "rr_ms": rr, "heart_rate_bpm": rate}

    return _add(uow, subject_id, "ECG", make)


def record_lvef(uow: UnitOfWork, subject_id: int, taken_on: date, percent: Decimal) -> EligibilityView:
    def make(uow: UnitOfWork) -> dict[str, Any]:
        day = _taken(uow, taken_on, msg("The LVEF's date"))
        value = _decimal(percent, msg("The LVEF"))
        Lvef(day, value)
        return {"kind": "lvef", "taken_on": day, "lvef_percent": value}

    return _add(uow, subject_id, "LVEF", make)


def record_pregnancy_test(
    uow: UnitOfWork, subject_id: int, taken_on: date, kind: str, result: str
) -> EligibilityView:
    def make(uow: UnitOfWork) -> dict[str, Any]:
        day = _taken(uow, taken_on, msg("The pregnancy test's date"))
        PregnancyTest(day, kind, result)  # type: ignore[arg-type]
        return {"kind": "pregnancy_test", "taken_on": day, "test_kind": kind, "result": result}

    return _add(uow, subject_id, "pregnancy test", make)


def record_urine_dipstick(uow: UnitOfWork, subject_id: int, taken_on: date, reading: str) -> EligibilityView:
    def make(uow: UnitOfWork) -> dict[str, Any]:
        day = _taken(uow, taken_on, msg("The urine dipstick's date"))
        UrineDipstick(day, reading)
        return {"kind": "urine_dipstick", "taken_on": day, "result": reading}

    return _add(uow, subject_id, "urine protein dipstick", make)


def record_live_vaccine(uow: UnitOfWork, subject_id: int, last: date | None) -> EligibilityView:
    """The date of the last live or attenuated vaccine; None: the subject had none."""

    def make(uow: UnitOfWork) -> dict[str, Any]:
        day = _taken(uow, last, msg("The vaccine's date")) if last is not None else None
        return {"kind": "live_vaccine", "taken_on": day}

    return _add(uow, subject_id, "live vaccine history", make)


def record_ecog(uow: UnitOfWork, subject_id: int, ecog: int, assessed_on: date) -> EligibilityView:
    def make(uow: UnitOfWork) -> dict[str, Any]:
        day = _taken(uow, assessed_on, msg("The ECOG assessment's date"))
        if isinstance(ecog, bool) or not isinstance(ecog, int) or not 0 <= ecog <= 5:
            raise InputError(
                msg(
                    "an ECOG performance status is a whole number from 0 to 5, not {value}",
                    value=repr(ecog),
                )
            )
        return {"kind": "ecog", "taken_on": day, "ecog": ecog}

    return _add(uow, subject_id, "ECOG", make)


def record_attestations(uow: UnitOfWork, subject_id: int, answers: Mapping[str, bool]) -> EligibilityView:
    """The investigator's answers for judgement criteria (true: the inclusion holds, the exclusion is absent).
    Only what changed is written; an unknown or measurable criterion is refused."""
    if not answers:
        raise InputError(msg("Tick or clear at least one criterion."))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.INVESTIGATOR)
        subject = _screening_subject(session, subject_id)
        protocol = protocol_of(subject)
        attestable = {item.id for item in eligibility_rules(protocol).items if item.kind == "attested"}
        for key, value in answers.items():
            if key not in attestable:
                raise InputError(msg("{id} is not a criterion the investigator attests.", id=key))
            if not isinstance(value, bool):
                raise InputError(
                    msg(
                        "the attestation of {id} must be true or false, not {value}",
                        id=key,
                        value=repr(value),
                    )
                )
        before = _attested(session, subject)
        changed = {key: value for key, value in answers.items() if before.get(key) != value}
        if changed:
            with uow.acting(user, audit_reason("attestations_recorded", criteria=", ".join(sorted(changed)))):
                for key, value in sorted(changed.items()):
                    session.add(
                        ScreeningEvidence(
                            subject_id=subject.id,
                            kind="attestation",
                            criterion_id=key,
                            satisfied=value,
                            recorded_by=user.full_name,
                            recorded_at=uow.now(),
                        )
                    )
                session.flush()
        view = _view(uow, subject, None)
        uow.commit()
        return view


# --- the decision -------------------------------------------------------------------------------------------


def snapshot(result: EligibilityResult) -> str:
    """The evaluation the investigator signed, as canonical JSON (English, as the core made it)."""
    data = {
        "protocol": result.protocol_id,
        "protocol_version": result.protocol_version,
        "first_dose_date": result.first_dose_date.isoformat(),
        "eligible": result.eligible,
        "qtcf_ms": result.qtcf_ms,
        "criteria": [
            {
                "id": item.id,
                "status": item.status,
                "value": None if item.value is None else str(item.value),
                "limit": None if item.limit is None else str(item.limit),
                "date": None if item.evidence_date is None else item.evidence_date.isoformat(),
                "why": str(item.why),
            }
            for item in result.items
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _refuse_decided(session: Session, subject: Subject) -> None:
    decision = live_decision(session, subject)
    if decision is not None:
        raise InputError(
            msg(
                "The eligibility of {subject} was already decided ({decision}); nothing was changed.",
                subject=subject.subject_number,
                decision=msg("signed eligible")
                if decision.kind == DecisionKind.ELIGIBLE
                else msg("screen failure"),
            )
        )


def _not_eligible_words(result: EligibilityResult) -> str:
    parts = [f"{item.id} ({item.why})" for item in result.items if item.status in ("not_met", "missing")]
    return "; ".join(parts)


def _flush_decision(uow: UnitOfWork, subject: Subject) -> None:
    try:
        uow.session.flush()
    except IntegrityError:  # another investigator's decision was written first
        uow.session.rollback()
        raise InputError(
            msg(
                "The eligibility of {subject} was decided by someone else at the same moment; nothing was "
                "changed. Reopen the chart to see it.",
                subject=subject.subject_number,
            )
        ) from None


def sign_eligibility(
    uow: UnitOfWork, subject_id: int, password: str, first_dose: date | None = None
) -> EligibilityView:
    """The investigator e-signs (meaning "approved") that the subject is eligible for a first dose on
    `first_dose` (default: the planned C1D1); refused unless every criterion is met or not applicable."""
    if first_dose is not None:
        check_date(first_dose, msg("The first dose date"))
    prove_password(uow, password)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.INVESTIGATOR)
        subject = _screening_subject(session, subject_id)
        _refuse_decided(session, subject)
        protocol = protocol_of(subject)
        day = first_dose or _first_dose(subject, protocol, local_today(uow))
        result = evaluate_eligibility(protocol, screening_record(session, subject, day))
        if result.eligible is not True:
            raise InputError(
                msg(
                    "{subject} cannot be signed eligible for a first dose on {day}: {problems}.",
                    subject=subject.subject_number,
                    day=day.isoformat(),
                    problems=_not_eligible_words(result),
                )
            )
        text = snapshot(result)
        decision = EligibilityDecision(
            subject_id=subject.id,
            kind=DecisionKind.ELIGIBLE.value,
            first_dose_date=day,
            evaluation=text,
            evaluation_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            decided_by_id=user.id,
            decided_at=uow.now(),
        )
        with uow.acting(user, audit_reason("eligibility_signed", day=day.isoformat())):
            session.add(decision)
            _flush_decision(uow, subject)
            signature = sign(uow, user, password, SignatureMeaning.APPROVED, decision)
            decision.decided_at = signature.signed_at
        view = _view(uow, subject, day)
        uow.commit()
        return view


def record_screen_failure(
    uow: UnitOfWork,
    subject_id: int,
    reason_code: str,
    criteria: Sequence[str] = (),
    detail: str | None = None,
) -> EligibilityView:
    """The investigator records a screen failure (DS term SCREEN FAILURE) with a reason code, the criteria not
    met (needed for `criteria_not_met`) and a detail as typed; the subject goes off study as a screen failure."""
    try:
        code = ScreenFailureReason(reason_code)
    except ValueError:
        raise InputError(
            msg("'{code}' is not a screen failure reason DoseDesk knows.", code=str(reason_code))
        ) from None
    note = optional_text(detail, msg("The detail of the screen failure"))
    if code in SCREEN_FAILURE_DETAIL_REQUIRED and not note:
        raise InputError(msg("Write the detail of this screen failure."))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.INVESTIGATOR)
        subject = _screening_subject(session, subject_id)
        _refuse_decided(session, subject)
        protocol = protocol_of(subject)
        known = [item.id for item in eligibility_rules(protocol).items]
        ids = tuple(dict.fromkeys(criteria))
        for key in ids:
            if key not in known:
                raise InputError(msg("{id} is not a criterion of this protocol.", id=key))
        if code in SCREEN_FAILURE_NEEDS_CRITERIA and not ids:
            raise InputError(msg("Name the criteria not met."))
        decision = EligibilityDecision(
            subject_id=subject.id,
            kind=DecisionKind.SCREEN_FAILURE.value,
            ds_term=DS_SCREEN_FAILURE,
            reason_code=code.value,
            criteria_not_met=",".join(ids) or None,
            detail=note,
            decided_by_id=user.id,
            decided_at=uow.now(),
        )
        words = screen_failure_words(code.value, ids, note)
        with uow.acting(user, audit_reason("screen_failure", reason=words)):
            session.add(decision)
            _flush_decision(uow, subject)
        screen_fail(
            uow,
            user,
            subject,
            words,
            {"reason": code.value, "criteria": list(ids), "decision_id": decision.id},
            note,
        )
        view = _view(uow, subject, None)
        uow.commit()
        return view


# --- the prescribing gate -----------------------------------------------------------------------------------


def _redo_words(protocol: Protocol, result: EligibilityResult) -> str:
    """What no longer holds, and for evidence with a time limit, the days a new result must be taken on."""
    ages = {
        item.id: getattr(item.measure, "max_age_days", None) for item in eligibility_rules(protocol).items
    }
    parts = []
    lab_items = {
        item.id
        for item in eligibility_rules(protocol).items
        if isinstance(item.measure, (LabMeasure, UrineProteinMeasure))
    }
    for item in result.items:
        if item.status != "missing" and not (item.status == "not_met" and item.id not in lab_items):
            continue
        words = msg("{id}: {why}", id=item.id, why=item.why)
        age = ages.get(item.id)
        if isinstance(age, int) and not isinstance(age, bool):
            start = result.first_dose_date - timedelta(days=age)
            words = msg(
                "{what} (redo it between {start} and {day})",
                what=words,
                start=start.isoformat(),
                day=result.first_dose_date.isoformat(),
            )
        parts.append(words)
    return "; ".join(parts)


def _no_longer_holds(protocol: Protocol, result: EligibilityResult) -> bool:
    """True when, judged on the first dose's day, a criterion lacks evidence inside its time limit (missing),
    or one not judged on a lab is not met (a positive pregnancy test, a QTcF, an attestation withdrawn).

    A lab value of that day outside its limit is left to the criteria to treat at C1D1 (they refuse it unless
    the investigator records why the dose is given anyway): eligibility rests on the screening labs signed."""
    lab_items = {
        item.id
        for item in eligibility_rules(protocol).items
        if isinstance(item.measure, (LabMeasure, UrineProteinMeasure))
    }
    return any(
        item.status == "missing" or (item.status == "not_met" and item.id not in lab_items)
        for item in result.items
    )


def refuse_unless_eligible(session: Session, subject: Subject, day: date) -> None:
    """The first dose on `day` is refused unless eligibility is signed and, judged again on `day` from the
    records, every criterion is still met or not applicable (time-limited evidence still inside its limit)."""
    decision = live_decision(session, subject)
    signed = (
        decision is not None
        and decision.kind == DecisionKind.ELIGIBLE
        and bool(signatures_for(session, decision, SignatureMeaning.APPROVED))
    )
    if not signed:
        raise InputError(
            msg(
                "{subject}'s eligibility is not signed: an investigator signs it on the Eligibility tab before "
                "the first dose is prescribed.",
                subject=subject.subject_number,
            )
        )
    protocol = protocol_of(subject)
    result = evaluate_eligibility(protocol, screening_record(session, subject, day))
    if _no_longer_holds(protocol, result):
        raise InputError(
            msg(
                "The first dose of {subject} on {day} is refused: the eligibility signed no longer holds on that "
                "day. {redo}. Record what is redone, then prescribe.",
                subject=subject.subject_number,
                day=day.isoformat(),
                redo=_redo_words(protocol, result),
            )
        )
