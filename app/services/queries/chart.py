"""A subject's chart: the header, the calendar, the weights, labs, toxicities, holds and the history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.dosing import weight_change_percent
from app.errors import InputError
from app.models import (
    AuditLog,
    DoseLevelChange,
    Hold,
    InfusionOrder,
    InfusionOrderStep,
    LabResult,
    PreparationLine,
    ProtocolVersion,
    Signature,
    Subject,
    SubjectStatus,
    Toxicity,
    ToxicityDecision,
    User,
    Visit,
    Weight,
)
from app.services._calendar import subject_calendar
from app.services._common import load, local_today
from app.services.endings import study_end_words, treatment_end_words
from app.services.protocols import protocol_file
from app.services.queries.builders import _orders, held_visit_ids, order_rows, visit_row, withhold_audit_value
from app.services.queries.rows import (
    Chart,
    DecisionRow,
    DoseLevelChangeRow,
    HistoryRow,
    HoldRow,
    LabRow,
    SubjectHeader,
    ToxicityRow,
    VisitWarningRow,
    WeightRow,
)
from app.services.reasons import recall_reason
from app.services.uow import UnitOfWork
from app.text import msg
from app.toxicity.labs import lab_kinds
from app.toxicity.rules import recall_explanation


def subject_header(session: Session, subject: Subject) -> SubjectHeader:
    version = subject.protocol_version
    try:
        protocol = protocol_file(version.protocol_id)
        in_use = session.execute(
            select(ProtocolVersion).where(
                ProtocolVersion.protocol_id == protocol.id,
                ProtocolVersion.version == protocol.version,
                ProtocolVersion.fingerprint == protocol.fingerprint,
            )
        ).scalar_one_or_none()
        signed_off = in_use is not None and in_use.signed_off
        starting = protocol.regimen.starting_level
    except InputError:
        signed_off = False
        starting = subject.current_dose_level_mg_per_kg or Decimal(0)
    held = (
        session.execute(
            select(Hold.id).where(Hold.subject_id == subject.id, Hold.end_date.is_(None)).limit(1)
        ).first()
        is not None
    )
    return SubjectHeader(
        id=subject.id,
        subject_number=subject.subject_number,
        initials=subject.initials,
        birth_date=subject.birth_date,
        sex=str(subject.sex),
        allergies=subject.allergies,
        liver_metastases=subject.liver_metastases,
        baseline_weight_kg=subject.baseline_weight_kg,
        height_cm=subject.height_cm,
        can_become_pregnant=subject.can_become_pregnant,
        status=str(subject.status),
        c1d1=subject.c1d1,
        current_dose_level_mg_per_kg=subject.current_dose_level_mg_per_kg,
        starting_dose_level_mg_per_kg=starting,
        protocol_id=version.protocol_id,
        protocol_version=version.version,
        protocol_signed_off=signed_off,
        treatment_stopped_on=subject.treatment_stopped_on,
        treatment_stop_reason=treatment_end_words(
            subject.treatment_stop_code, subject.treatment_stop_params, subject.treatment_stop_reason
        ),
        treatment_stop_code=subject.treatment_stop_code,
        off_study_on=subject.off_study_on,
        off_study_reason=study_end_words(
            subject.off_study_code, subject.off_study_params, subject.off_study_reason
        ),
        off_study_code=subject.off_study_code,
        held=held,
        enrolled_at=subject.enrolled_at,
        hospital_number=subject.hospital_number,
        language=subject.language,
    )


# --- the chart -------------------------------------------------------------------------------------------


def _visit_warnings(subject: Subject, day: date) -> dict[str, tuple[VisitWarningRow, ...]]:
    """The calendar rules' warnings for each visit label, as of `day` (nothing for a subject not planned)."""
    if subject.status == SubjectStatus.SCREEN_FAILED or not subject.visits:
        return {}
    try:
        protocol = protocol_file(subject.protocol_version.protocol_id)
        calendar = subject_calendar(protocol, subject, subject.visits, day)
    except (InputError, ValueError):
        return {}
    return {v.label: tuple(VisitWarningRow(w.code, w.message) for w in v.warnings) for v in calendar.visits}


def _history(
    session: Session, subject: Subject, orders: Sequence[InfusionOrder], blinded: set[int] | None = None
) -> list[HistoryRow]:
    """The audit rows of the subject's records, oldest first, each record named in words; the figures of the
    `blinded` orders (ids) withheld.

    Read as plain rows (the audit table's columns and the few columns that name a record), never as ORM
    objects: a long-treated subject has hundreds of audit rows, and building objects for them is what made the
    chart slow (garbage collection)."""
    described: dict[tuple[str, str], str] = {(Subject.__tablename__, str(subject.id)): msg("subject")}

    def add(table: str, record_id: int, words: str) -> None:
        described[(table, str(record_id))] = words

    for visit in subject.visits:
        add(Visit.__tablename__, visit.id, msg("visit {label}", label=visit.label))
    for weight in subject.weights:
        add(Weight.__tablename__, weight.id, msg("weight of {day}", day=weight.measured_on.isoformat()))
    kinds = lab_kinds()
    for lab in subject.lab_results:
        kind = kinds.get(lab.lab)
        add(
            LabResult.__tablename__,
            lab.id,
            msg("{lab} of {day}", lab=kind.name if kind else lab.lab, day=lab.collected_on.isoformat()),
        )
    terms: dict[int, str] = {}
    for toxicity_id, term in session.execute(
        select(Toxicity.id, Toxicity.ctcae_term).where(Toxicity.subject_id == subject.id)
    ):
        terms[toxicity_id] = term
        add(Toxicity.__tablename__, toxicity_id, msg("toxicity {term}", term=term))
    if terms:
        for decision_id, toxicity_id in session.execute(
            select(ToxicityDecision.id, ToxicityDecision.toxicity_id).where(
                ToxicityDecision.toxicity_id.in_(list(terms))
            )
        ):
            add(
                ToxicityDecision.__tablename__,
                decision_id,
                msg("decision on {term}", term=terms[toxicity_id]),
            )
    for (change_id,) in session.execute(
        select(DoseLevelChange.id).where(DoseLevelChange.subject_id == subject.id)
    ):
        add(DoseLevelChange.__tablename__, change_id, msg("dose level"))
    for hold_id, label in session.execute(
        select(Hold.id, Visit.label)
        .join(Visit, Visit.id == Hold.visit_id)
        .where(Hold.subject_id == subject.id)
    ):
        add(Hold.__tablename__, hold_id, msg("hold at {label}", label=label))
    numbers = {order.id: order.order_number for order in orders}
    for order in orders:
        add(InfusionOrder.__tablename__, order.id, msg("order {number}", number=order.order_number))
        for step in order.steps:
            add(
                InfusionOrderStep.__tablename__,
                step.id,
                msg("order {number} step", number=order.order_number),
            )
        for line in order.preparation_lines:
            add(PreparationLine.__tablename__, line.id, msg("order {number} lot", number=order.order_number))
    if numbers:
        for signature_id, signed_id in session.execute(
            select(Signature.id, Signature.record_id).where(
                Signature.record_table == InfusionOrder.__tablename__,
                Signature.record_id.in_(list(numbers)),
            )
        ):
            add(
                Signature.__tablename__,
                signature_id,
                msg("signature on order {number}", number=numbers[int(signed_id)]),
            )
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, record_id in described:
        by_table[table].append(record_id)
    audit = AuditLog.__table__.c
    condition = or_(
        *(
            and_(audit.table_name == table, audit.record_id.in_(ids))
            for table, ids in sorted(by_table.items())
        )
    )
    rows = session.execute(
        select(
            audit.id,
            audit.at,
            audit.user_name,
            audit.action,
            audit.table_name,
            audit.record_id,
            audit.field,
            audit.old_value,
            audit.new_value,
            audit.reason,
        )
        .where(condition)
        .order_by(audit.id)
    )
    people = {user_id: name for user_id, name in session.execute(select(User.id, User.full_name))}
    hidden = {str(order_id) for order_id in blinded or ()}

    def shown(table: str, record_id: str, field: str | None, value: str | None) -> str | None:
        if table == InfusionOrder.__tablename__ and record_id in hidden:
            value = withhold_audit_value(field, value)
        return _history_value(field, value, people)

    return [
        HistoryRow(
            id=row_id,
            at=at,
            user_name=user_name,
            action=str(action),
            table=table,
            record_id=record_id,
            record=described.get((table, record_id), table),
            field=field,
            old_value=shown(table, record_id, field, old_value),
            new_value=shown(table, record_id, field, new_value),
            reason=recall_reason(reason) if reason else reason,
        )
        for row_id, at, user_name, action, table, record_id, field, old_value, new_value, reason in rows
    ]


# A patient's history reads a changed sentence as the window's words and a person by name, not by number.
_SENTENCE_FIELDS = frozenset(
    {
        "status_reason",
        "cancel_reason",
        "note",
        "reason",
        "reduction_reason",
        "off_study_reason",
        "treatment_stop_reason",
    }
)


def _history_value(field: str | None, value: str | None, people: dict[int, str]) -> str | None:
    if value is None or field is None:
        return value
    if field in _SENTENCE_FIELDS:
        return recall_reason(value)
    if (field.endswith("_by_id") or field in ("user_id", "investigator_id")) and value.isdigit():
        return people.get(int(value), value)
    return value


def subject_chart(uow: UnitOfWork, subject_id: int, day: date | None = None) -> Chart:
    """Everything on a subject's chart, with the calendar's warnings as of `day` (default today)."""
    with uow:
        session = uow.session
        as_of = day or local_today(uow)
        subject = load(session, Subject, subject_id, msg("subject"))
        held = held_visit_ids(session, [subject.id])
        warnings = _visit_warnings(subject, as_of)
        visits = tuple(
            visit_row(v, subject.subject_number, v.id in held, warnings.get(v.label, ()))
            for v in sorted(
                subject.visits, key=lambda v: (v.actual_date or v.booked_date or v.target_date, v.id)
            )
        )
        orders = _orders(session, InfusionOrder.subject_id == subject.id)
        baseline = subject.baseline_weight_kg
        weights = tuple(
            WeightRow(
                w.id,
                w.weight_kg,
                w.measured_on,
                w.measured_by,
                w.recorded_at,
                weight_change_percent(w.weight_kg, baseline),
                w.cancelled,
                w.cancel_reason,
            )
            for w in subject.weights
        )
        labs = tuple(
            LabRow(
                r.id,
                r.lab,
                r.value,
                r.unit,
                r.lln,
                r.uln,
                r.collected_on,
                r.ctcae_grade,
                r.recorded_at,
                r.cancelled,
                r.cancel_reason,
            )
            for r in subject.lab_results
        )
        toxicities = tuple(
            toxicity_row(t)
            for t in session.execute(
                select(Toxicity)
                .where(Toxicity.subject_id == subject.id)
                .order_by(Toxicity.onset_date, Toxicity.id)
            ).scalars()
        )
        holds = tuple(
            HoldRow(
                h.id,
                h.visit_id,
                h.visit.label,
                recall_explanation(h.reason),
                h.toxicity_id,
                h.hold_until_grade,
                h.start_date,
                h.end_date,
            )
            for h in session.execute(
                select(Hold).where(Hold.subject_id == subject.id).order_by(Hold.start_date, Hold.id)
            ).scalars()
        )
        changes = tuple(
            level_change_row(session, c)
            for c in session.execute(
                select(DoseLevelChange)
                .where(DoseLevelChange.subject_id == subject.id)
                .order_by(DoseLevelChange.effective_on, DoseLevelChange.id)
            ).scalars()
        )
        rows = order_rows(session, orders, uow.user, now=uow.now())
        blinded = {row.id for row in rows if row.blinded}
        return Chart(
            header=subject_header(session, subject),
            visits=visits,
            orders=tuple(rows),
            weights=weights,
            labs=labs,
            toxicities=toxicities,
            holds=holds,
            level_changes=changes,
            history=tuple(_history(session, subject, orders, blinded)),
            as_of=as_of,
        )


def toxicity_row(toxicity: Toxicity) -> ToxicityRow:
    return ToxicityRow(
        id=toxicity.id,
        term=toxicity.ctcae_term,
        meddra_code=toxicity.meddra_code,
        grade=toxicity.grade,
        onset=toxicity.onset_date,
        resolution=toxicity.resolution_date,
        recorded_at=toxicity.recorded_at,
        cancelled=toxicity.cancelled,
        cancel_reason=toxicity.cancel_reason,
        decisions=tuple(
            DecisionRow(
                id=d.id,
                proposed_action=str(d.proposed_action),
                proposed_hold_until_grade=d.proposed_hold_until_grade,
                proposed_resume=str(d.proposed_resume) if d.proposed_resume else None,
                proposed_rule_text=d.proposed_rule_text,
                taken_action=str(d.taken_action),
                taken_hold_until_grade=d.taken_hold_until_grade,
                taken_resume=str(d.taken_resume) if d.taken_resume else None,
                overridden=d.overridden,
                override_reason=d.override_reason,
                investigator=d.investigator.full_name,
                decided_at=d.decided_at,
            )
            for d in toxicity.decisions
        ),
    )


def level_change_row(session: Session, change: DoseLevelChange) -> DoseLevelChangeRow:
    user = session.get(User, change.decided_by_id)
    return DoseLevelChangeRow(
        id=change.id,
        from_level_mg_per_kg=change.from_level_mg_per_kg,
        to_level_mg_per_kg=change.to_level_mg_per_kg,
        reason=recall_explanation(change.reason),
        toxicity_id=change.toxicity_id,
        effective_on=change.effective_on,
        decided_by=user.full_name if user is not None else "",
        decided_at=change.decided_at,
    )
