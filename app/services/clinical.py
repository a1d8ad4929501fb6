"""Weights and lab results, graded by CTCAE v5.0, and the criteria to treat of a dose visit.

    record_weight(uow, subject_id, Decimal("61.2"), measured_on, measured_by="nurse Chen")  -> WeightRow
    correct_weight(uow, weight_id, Decimal("62.1"), reason) / cancel_weight(uow, weight_id, reason)
    record_lab(uow, subject_id, LabInput("neutrophils", Decimal("0.8"), "10^9/L"), collected_on)  -> LabRecorded
    record_labs(uow, subject_id, [LabInput(…), …], collected_on)                                -> list[LabRecorded]
    cancel_lab(uow, lab_id, reason)
    subject_labs(uow, subject_number)                                                        -> list[SubjectLabRow]
    criteria_to_treat(uow, visit_id, dose_date=None)                                         -> CriteriaResult

A lab is graded when it is recorded (the grade is stored beside it). When the grade reaches a rule of the
protocol's toxicity table, the result carries the toxicity and the action the protocol would propose: the
investigator then records the toxicity (`toxicities.record_toxicity`); nothing is decided automatically.
Nothing is deleted: a wrong weight or lab is cancelled with a reason (a correction cancels and re-records).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dosing import cockcroft_gault, format_quantity, weight_change_percent
from app.errors import DoseDeskError, InputError, NotFoundError
from app.inputs import MAX_COUNT
from app.models import (
    GIVEN_ORDER_STATUSES,
    InfusionOrder,
    LabResult,
    OrderStatus,
    Role,
    Subject,
    Toxicity,
    Visit,
    VisitKind,
    Weight,
)
from app.protocol import Protocol
from app.services._common import (
    check_date,
    check_identifier,
    check_name,
    check_quantity,
    load,
    local_today,
    require_any_role,
    require_reason,
    subject_visit,
)
from app.services.protocols import protocol_of
from app.services.queries import LabRow, WeightRow
from app.services.reasons import reason as audit_reason
from app.services.uow import UnitOfWork
from app.text import message_of, msg
from app.toxicity import (
    CriteriaResult,
    LabGrade,
    ProposedAction,
    check_criteria_to_treat,
    grade_result,
    propose_action,
)
from app.toxicity import LabResult as CoreLab
from app.toxicity.ctcae import rule_key_for
from app.toxicity.labs import normalise_unit

WEIGHERS = (Role.INVESTIGATOR, Role.COORDINATOR, Role.PHARMACIST)
LAB_RECORDERS = (Role.INVESTIGATOR, Role.COORDINATOR)


@dataclass(frozen=True)
class LabInput:
    """One lab value as the laboratory reported it; `lln`/`uln` in the same unit as `value`."""

    lab: str  # neutrophils, platelets, hemoglobin, wbc, lymphocytes, ast, alt, alp, bilirubin, creatinine
    value: Decimal
    unit: str
    lln: Decimal | None = None
    uln: Decimal | None = None


@dataclass(frozen=True)
class ProposedToxicity:
    """A toxicity a graded lab points to, with the action the protocol would propose for it."""

    term: str  # CTCAE v5.0 term
    grade: int
    action: str  # continue, hold, discontinue
    explanation: str  # a message (app.text): the proposal's explanation
    rule: str | None
    proposal: ProposedAction


@dataclass(frozen=True)
class LabRecorded:
    lab: LabRow
    grade: LabGrade | None  # None when the grade cannot be told (e.g. the normal range was not given)
    grade_note: str | None  # why no grade, in words (a message)
    proposed_toxicity: ProposedToxicity | None


# --- weights ---------------------------------------------------------------------------------------------


def _check_weight(protocol: Protocol, weight_kg: Decimal) -> Decimal:
    if not isinstance(weight_kg, Decimal) or not weight_kg.is_finite():
        raise InputError(msg("A weight must be a number in kg, not {value}.", value=repr(weight_kg)))
    check_quantity(weight_kg, msg("The weight in kg"))
    rules = protocol.dosing
    if weight_kg <= 0:
        raise InputError(
            msg("A weight must be more than 0 kg, not {weight}.", weight=format_quantity(weight_kg, "kg"))
        )
    if not rules.weight_hard_min_kg <= weight_kg <= rules.weight_hard_max_kg:
        raise InputError(
            msg(
                "A weight of {weight} is outside {lowest} to {highest}: check the weight and that it is in kg.",
                weight=format_quantity(weight_kg, "kg"),
                lowest=format_quantity(rules.weight_hard_min_kg, "kg"),
                highest=format_quantity(rules.weight_hard_max_kg, "kg"),
            )
        )
    return weight_kg


def _weight_row(weight: Weight, baseline: Decimal) -> WeightRow:
    return WeightRow(
        weight.id,
        weight.weight_kg,
        weight.measured_on,
        weight.measured_by,
        weight.recorded_at,
        weight_change_percent(weight.weight_kg, baseline),
        weight.cancelled,
        weight.cancel_reason,
    )


def record_weight(
    uow: UnitOfWork,
    subject_id: int,
    weight_kg: Decimal,
    measured_on: date,
    measured_by: str,
    visit_id: int | None = None,
) -> WeightRow:
    """Record a weight in kg, dated, with who measured it (an investigator, coordinator or pharmacist)."""
    who = check_name(measured_by, msg("The name of who measured the weight"))
    if not who:
        raise InputError(msg("Say who measured the weight."))
    if isinstance(measured_on, date):
        check_date(measured_on, msg("The day the weight was measured"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *WEIGHERS)
        subject = load(session, Subject, subject_id, msg("subject"))
        protocol = protocol_of(subject)
        kg = _check_weight(protocol, weight_kg)
        if not isinstance(measured_on, date) or measured_on > local_today(uow):
            raise InputError(msg("A weight can be recorded only for a day that has come."))
        visit = subject_visit(session, subject, visit_id)
        weight = Weight(
            subject_id=subject.id,
            visit_id=visit.id if visit else None,
            weight_kg=kg,
            measured_on=measured_on,
            measured_by=who,
            recorded_at=uow.now(),
        )
        with uow.acting(user, audit_reason("weight_of_day_recorded", day=measured_on.isoformat())):
            session.add(weight)
            session.flush()
        row = _weight_row(weight, subject.baseline_weight_kg)
        uow.commit()
        return row


def _open_orders_on_weight(session: Session, weight: Weight) -> list[str]:
    return list(
        session.execute(
            select(InfusionOrder.order_number).where(
                InfusionOrder.weight_id == weight.id,
                InfusionOrder.status.not_in((OrderStatus.CANCELLED, *GIVEN_ORDER_STATUSES)),
            )
        ).scalars()
    )


def _given_on_weight(session: Session, weight: Weight) -> list[str]:
    return list(
        session.execute(
            select(InfusionOrder.order_number).where(
                InfusionOrder.weight_id == weight.id, InfusionOrder.status.in_(GIVEN_ORDER_STATUSES)
            )
        ).scalars()
    )


def _cancel_weight(session: Session, weight: Weight, text: str) -> None:
    if weight.cancelled:
        raise InputError(msg("This weight is already cancelled."))
    open_orders = _open_orders_on_weight(session, weight)
    if open_orders:
        raise InputError(
            msg(
                "Order {orders} was calculated on this weight: cancel the order first.",
                orders=", ".join(open_orders),
            )
        )
    given = _given_on_weight(session, weight)
    if given:
        raise InputError(
            msg(
                "Order {orders} was given on this weight; the record of what was given stays as it is.",
                orders=", ".join(given),
            )
        )
    weight.cancelled = True
    weight.cancel_reason = text


def cancel_weight(uow: UnitOfWork, weight_id: int, reason: str) -> WeightRow:
    """Cancel a weight entered in error, with the reason (refused while an order rests on it)."""
    text = require_reason(reason, msg("Cancelling a weight"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *WEIGHERS)
        weight = load(session, Weight, weight_id, msg("weight record"))
        with uow.acting(user, text):
            _cancel_weight(session, weight, text)
        row = _weight_row(weight, weight.subject.baseline_weight_kg)
        uow.commit()
        return row


def correct_weight(uow: UnitOfWork, weight_id: int, weight_kg: Decimal, reason: str) -> WeightRow:
    """Correct a weight: the wrong one is cancelled with the reason and the right one recorded in its place."""
    text = require_reason(reason, msg("Correcting a weight"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *WEIGHERS)
        old = load(session, Weight, weight_id, msg("weight record"))
        subject = old.subject
        kg = _check_weight(protocol_of(subject), weight_kg)
        with uow.acting(user, text):
            _cancel_weight(session, old, text)
            new = Weight(
                subject_id=old.subject_id,
                visit_id=old.visit_id,
                weight_kg=kg,
                measured_on=old.measured_on,
                measured_by=old.measured_by,
                recorded_at=uow.now(),
            )
            session.add(new)
            session.flush()
        row = _weight_row(new, subject.baseline_weight_kg)
        uow.commit()
        return row


# --- labs ------------------------------------------------------------------------------------------------


def _lab_row(lab: LabResult) -> LabRow:
    return LabRow(
        lab.id,
        lab.lab,
        lab.value,
        lab.unit,
        lab.lln,
        lab.uln,
        lab.collected_on,
        lab.ctcae_grade,
        lab.recorded_at,
        lab.cancelled,
        lab.cancel_reason,
    )


def _core_lab(lab: LabResult) -> CoreLab:
    return CoreLab(lab.lab, lab.value, lab.unit, lab.collected_on, lab.lln, lab.uln)


def _baseline(session: Session, subject: Subject, lab: str, before: date) -> CoreLab | None:
    """The subject's baseline result of `lab`: the latest before C1D1 (or, before treatment, before `before`)."""
    limit = subject.c1d1 or before
    found = session.execute(
        select(LabResult)
        .where(
            LabResult.subject_id == subject.id,
            LabResult.lab == lab,
            LabResult.cancelled.is_(False),
            LabResult.collected_on < limit,
        )
        .order_by(LabResult.collected_on.desc(), LabResult.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return _core_lab(found) if found is not None else None


def occurrence_of(
    session: Session, protocol: Protocol, subject: Subject, term: str, before_id: int | None
) -> int:
    """How many times (counting this one) the subject has had a toxicity the rules treat as `term`'s."""
    key = rule_key_for(protocol, term) or term
    count = 1
    query = select(Toxicity).where(Toxicity.subject_id == subject.id, Toxicity.cancelled.is_(False))
    if before_id is not None:
        query = query.where(Toxicity.id < before_id)
    for toxicity in session.execute(query).scalars():
        if (rule_key_for(protocol, toxicity.ctcae_term) or toxicity.ctcae_term) == key:
            count += 1
    return count


def _record_one(
    uow: UnitOfWork, subject: Subject, entry: LabInput, collected_on: date, visit: Visit | None
) -> LabRecorded:
    session = uow.session
    protocol = protocol_of(subject)
    if not isinstance(entry.value, Decimal) or not entry.value.is_finite():
        raise InputError(
            msg("The {lab} value must be a number, not {value}.", lab=entry.lab, value=repr(entry.value))
        )
    result = CoreLab(entry.lab, entry.value, entry.unit, collected_on, entry.lln, entry.uln)  # checks it
    baseline = _baseline(session, subject, entry.lab, collected_on)
    grade: LabGrade | None
    note: str | None = None
    try:
        grade = grade_result(result, baseline)
    except DoseDeskError as exc:
        grade, note = None, message_of(exc)
    record = LabResult(
        subject_id=subject.id,
        visit_id=visit.id if visit else None,
        lab=entry.lab,
        value=entry.value,
        unit=entry.unit,
        lln=entry.lln,
        uln=entry.uln,
        collected_on=collected_on,
        ctcae_grade=grade.grade if grade else None,
        recorded_at=uow.now(),
    )
    session.add(record)
    session.flush()
    proposed = None
    level = subject.current_dose_level_mg_per_kg
    if grade is not None and grade.grade > 0 and level is not None:
        occurrence = occurrence_of(session, protocol, subject, grade.term, None)
        try:
            proposal = propose_action(protocol, grade.term, grade.grade, level, occurrence)
        except DoseDeskError:
            proposal = None
        if proposal is not None and proposal.rule_index is not None:
            proposed = ProposedToxicity(
                grade.term, grade.grade, proposal.action, proposal.explanation, proposal.rule, proposal
            )
    return LabRecorded(_lab_row(record), grade, note, proposed)


def record_labs(
    uow: UnitOfWork,
    subject_id: int,
    results: Sequence[LabInput],
    collected_on: date,
    visit_id: int | None = None,
) -> list[LabRecorded]:
    """Record a panel of lab results collected on one day (an investigator or coordinator), each graded."""
    if not results:
        raise InputError(msg("Give at least one lab result."))
    if len(results) > MAX_COUNT:
        raise InputError(msg("Give at most {count} lab results at once.", count=MAX_COUNT))
    if isinstance(collected_on, date):
        check_date(collected_on, msg("The day the labs were collected"))
    for entry in results:
        check_identifier(entry.lab, msg("The lab"), limit=32)
        check_identifier(entry.unit, msg("The unit"), limit=32)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *LAB_RECORDERS)
        subject = load(session, Subject, subject_id, msg("subject"))
        if not isinstance(collected_on, date) or collected_on > local_today(uow):
            raise InputError(msg("Labs can be recorded only for a day that has come."))
        visit = subject_visit(session, subject, visit_id)
        with uow.acting(user, audit_reason("labs_of_day_recorded", day=collected_on.isoformat())):
            recorded = [_record_one(uow, subject, entry, collected_on, visit) for entry in results]
        uow.commit()
        return recorded


def record_lab(
    uow: UnitOfWork, subject_id: int, result: LabInput, collected_on: date, visit_id: int | None = None
) -> LabRecorded:
    """Record one lab result (see `record_labs`)."""
    return record_labs(uow, subject_id, [result], collected_on, visit_id)[0]


def cancel_lab(uow: UnitOfWork, lab_id: int, reason: str) -> LabRow:
    """Cancel a lab result entered in error, with the reason."""
    text = require_reason(reason, msg("Cancelling a lab result"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *LAB_RECORDERS)
        lab = load(session, LabResult, lab_id, msg("lab result"))
        if lab.cancelled:
            raise InputError(msg("This lab result is already cancelled."))
        with uow.acting(user, text):
            lab.cancelled = True
            lab.cancel_reason = text
        row = _lab_row(lab)
        uow.commit()
        return row


@dataclass(frozen=True)
class SubjectLabRow:
    """One lab result of a subject, with where it came from: typed on a form, or imported from a laboratory
    file (its SHA-256, the accession number, the report and collection times the file gave)."""

    id: int
    lab: str
    value: Decimal
    unit: str
    lln: Decimal | None
    uln: Decimal | None
    collected_on: date
    collected_at: datetime | None
    visit_label: str | None
    grade: int | None
    source: str  # typed, imported
    file_sha256: str | None
    accession: str | None
    reported_at: datetime | None
    recorded_at: datetime
    cancelled: bool
    cancel_reason: str | None


def subject_labs(uow: UnitOfWork, subject_number: str) -> list[SubjectLabRow]:
    """Every lab result of the subject (cancelled ones too, marked), oldest first (only reads)."""
    number = check_identifier(subject_number, msg("The subject number"), limit=32)
    with uow:
        session = uow.session
        subject = session.execute(
            select(Subject).where(Subject.subject_number == number)
        ).scalar_one_or_none()
        if subject is None:
            raise NotFoundError(msg("There is no subject {subject}.", subject=number))
        labels = dict(
            session.execute(select(Visit.id, Visit.label).where(Visit.subject_id == subject.id)).all()
        )
        results = session.execute(
            select(LabResult)
            .where(LabResult.subject_id == subject.id)
            .order_by(LabResult.collected_on, LabResult.collected_at, LabResult.lab, LabResult.id)
        ).scalars()
        return [
            SubjectLabRow(
                lab.id,
                lab.lab,
                lab.value,
                lab.unit,
                lab.lln,
                lab.uln,
                lab.collected_on,
                lab.collected_at,
                labels.get(lab.visit_id) if lab.visit_id is not None else None,
                lab.ctcae_grade,
                lab.source,
                lab.file_sha256,
                lab.accession,
                lab.reported_at,
                lab.recorded_at,
                lab.cancelled,
                lab.cancel_reason,
            )
            for lab in results
        ]


# --- criteria to treat -----------------------------------------------------------------------------------


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


_CG_UNITS = {"umol/l": "umol/L", "mg/dl": "mg/dL"}


def creatinine_clearance(
    session: Session, subject: Subject, dose_date: date, max_age_days: int
) -> Decimal | None:
    """Cockcroft–Gault from the latest usable creatinine and weight before the dose, or None."""
    creatinine = session.execute(
        select(LabResult)
        .where(
            LabResult.subject_id == subject.id,
            LabResult.lab == "creatinine",
            LabResult.cancelled.is_(False),
            LabResult.collected_on <= dose_date,
        )
        .order_by(LabResult.collected_on.desc(), LabResult.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if creatinine is None or (dose_date - creatinine.collected_on).days > max_age_days:
        return None
    unit = _CG_UNITS.get(normalise_unit(creatinine.unit))
    weight = latest_weight(session, subject, dose_date)
    if unit is None or weight is None:
        return None
    try:
        return cockcroft_gault(
            _age_on(subject.birth_date, dose_date),
            weight.weight_kg,
            "female" if subject.sex == "female" else "male",
            creatinine.value,
            unit,  # type: ignore[arg-type]
        )
    except InputError:
        return None


def latest_weight(session: Session, subject: Subject, on_or_before: date) -> Weight | None:
    return session.execute(
        select(Weight)
        .where(
            Weight.subject_id == subject.id,
            Weight.cancelled.is_(False),
            Weight.measured_on <= on_or_before,
        )
        .order_by(Weight.measured_on.desc(), Weight.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def criteria_to_treat(uow: UnitOfWork, visit_id: int, dose_date: date | None = None) -> CriteriaResult:
    """The criteria to treat of a dose visit against the subject's dated labs (for `dose_date`, default the
    visit's booked, suggested or target date, and never before today)."""
    with uow:
        session = uow.session
        visit = load(session, Visit, visit_id, msg("visit"))
        if visit.kind != VisitKind.DOSE or visit.day is None:
            raise InputError(
                msg("{visit} is not a dose visit: criteria to treat apply to doses.", visit=visit.label)
            )
        subject = visit.subject
        protocol = protocol_of(subject)
        when = (
            dose_date
            or visit.actual_date
            or max(visit.booked_date or visit.suggested_date or visit.target_date, local_today(uow))
        )
        # Every result of the subject in one query (oldest first): those up to the dose date count, and each
        # lab's baseline is its latest result before C1D1 (before the dose date, before treatment), as
        # `_baseline` reads it.
        rows = list(
            session.execute(
                select(LabResult)
                .where(LabResult.subject_id == subject.id, LabResult.cancelled.is_(False))
                .order_by(LabResult.collected_on, LabResult.id)
            ).scalars()
        )
        labs = [_core_lab(r) for r in rows if r.collected_on <= when]
        limit = subject.c1d1 or when
        counted = {lab.lab for lab in labs}
        baselines: dict[str, CoreLab] = {}
        for row in rows:
            if row.collected_on < limit and row.lab in counted:
                baselines[row.lab] = _core_lab(row)  # the later one wins
        crcl = creatinine_clearance(session, subject, when, protocol.criteria_to_treat.lab_max_age_days)
        return check_criteria_to_treat(
            protocol,
            dose_day=visit.day,
            dose_date=when,
            labs=labs,
            liver_metastases=subject.liver_metastases,
            crcl_ml_per_min=crcl,
            baselines=baselines,
        )


__all__ = [
    "LabInput",
    "LabRecorded",
    "ProposedToxicity",
    "SubjectLabRow",
    "cancel_lab",
    "cancel_weight",
    "correct_weight",
    "creatinine_clearance",
    "criteria_to_treat",
    "latest_weight",
    "record_lab",
    "record_labs",
    "record_weight",
    "subject_labs",
]
