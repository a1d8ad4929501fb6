"""Toxicities and what they lead to: the protocol's proposal, the investigator's decision, holds, reductions,
discontinuation, resolution (docs/domain.md §6).

    record_toxicity(uow, subject_id, "Neutrophil count decreased", 3, onset)     -> ToxicityRecorded (+ proposal)
    decide_toxicity(uow, toxicity_id)                                            -> DecisionOutcome  (confirm)
    decide_toxicity(uow, toxicity_id, "hold", resume_mg_per_kg=…, override_reason="…")           (override)
    record_and_decide(uow, subject_id, term, grade, onset, action=None, …)       -> DecisionOutcome  (one step)
    resolve_toxicity(uow, toxicity_id, resolved_on)                              -> ToxicityRow (ends its holds)
    end_hold(uow, hold_id, on, reason)                                           -> HoldRow
    reduce_dose_level(uow, subject_id, "physician_decision", reason)              -> LevelChangeOutcome
    stop_treatment(uow, subject_id, on, "PROGRESSIVE DISEASE", detail)                  -> SubjectHeader
    end_follow_up(uow, subject_id, on, "DEATH", detail)                                   -> SubjectHeader

The rules table only proposes; the investigator confirms or overrides with a reason, and both are recorded.
A hold marks the next dose visit held (its booking lifted, open orders cancelled) and the calendar moves by
the core's rules; a reduction writes a dose-level change (never upward; below the lowest level it is a
discontinuation) and the open orders follow the new level; a discontinuation ends treatment (EOT, SFU, OS
planned, no dose visit after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.dosing import format_quantity
from app.dosing.adjustments import CHOSEN_REDUCTION_REASONS, AdjustmentReason
from app.dosing.order_codes import CancelReason
from app.errors import InputError
from app.inputs import MAX_REASON
from app.models import (
    DecisionAction,
    DoseLevelChange,
    Hold,
    Resume,
    Role,
    Subject,
    SubjectStatus,
    Toxicity,
    ToxicityDecision,
    User,
    Visit,
    VisitKind,
    VisitStatus,
)
from app.protocol import Protocol
from app.scheduling.disposition import (
    BELOW_LOWEST_LEVEL,
    DISPOSITION_WORDS,
    END_OF_STUDY_CHOICES,
    END_OF_TREATMENT_CHOICES,
    Disposition,
    dump_params,
    needs_detail,
)
from app.services._common import (
    check_date,
    check_name,
    chosen_code,
    coded_words,
    load,
    local_today,
    optional_text,
    require_any_role,
    require_reason,
    subject_visit,
)
from app.services._words import SUBJECT_STATUS
from app.services.clinical import occurrence_of
from app.services.orders import cancel_open_orders, orders_follow_new_level
from app.services.protocols import protocol_of
from app.services.queries import (
    DecisionRow,
    DoseLevelChangeRow,
    HoldRow,
    SubjectHeader,
    ToxicityRow,
    level_change_row,
    subject_header,
    toxicity_row,
)
from app.services.reasons import reason as audit_reason
from app.services.uow import UnitOfWork
from app.services.visits import OPEN, rederive_calendar
from app.text import msg
from app.toxicity import ProposedAction, propose_action
from app.toxicity.ctcae import require_term
from app.toxicity.rules import held_note, overridden_because, reduced_note, toxicity_words

INVESTIGATORS = (Role.INVESTIGATOR,)
DETAIL_REQUIRED = tuple(code for code in Disposition if needs_detail(code))


def _status_words(status: SubjectStatus) -> str:
    """A subject's status in words, for a sentence."""
    return SUBJECT_STATUS.get(status, str(status))


@dataclass(frozen=True)
class ToxicityRecorded:
    toxicity: ToxicityRow
    proposal: ProposedAction | None  # None when the subject is not on treatment: nothing to decide


@dataclass(frozen=True)
class DecisionOutcome:
    """A decision taken and what it did."""

    toxicity: ToxicityRow
    decision: DecisionRow
    hold: HoldRow | None
    level_change: DoseLevelChangeRow | None
    discontinued: bool
    cancelled_orders: tuple[str, ...]
    superseded_orders: tuple[tuple[str, str | None], ...]  # (cancelled, replacing draft or None)


@dataclass(frozen=True)
class LevelChangeOutcome:
    level_change: DoseLevelChangeRow
    discontinued: bool
    superseded_orders: tuple[tuple[str, str | None], ...]
    cancelled_orders: tuple[str, ...]


# --- helpers ---------------------------------------------------------------------------------------------


def _hold_row(hold: Hold) -> HoldRow:
    return HoldRow(
        hold.id,
        hold.visit_id,
        hold.visit.label,
        hold.reason,
        hold.toxicity_id,
        hold.hold_until_grade,
        hold.start_date,
        hold.end_date,
    )


def _decision_row(decision: ToxicityDecision) -> DecisionRow:
    return next(d for d in toxicity_row(decision.toxicity).decisions if d.id == decision.id)


def _require_on_treatment(subject: Subject) -> None:
    if subject.status != SubjectStatus.ON_TREATMENT:
        raise InputError(
            msg(
                "{subject} is not on treatment ({status}): there is no dose to hold, reduce or stop.",
                subject=subject.subject_number,
                status=_status_words(subject.status),
            )
        )


def _current_level(subject: Subject) -> Decimal:
    level = subject.current_dose_level_mg_per_kg
    if level is None:
        raise InputError(msg("{subject} has no current dose level.", subject=subject.subject_number))
    return level


def _proposal(session: Session, protocol: Protocol, subject: Subject, toxicity: Toxicity) -> ProposedAction:
    occurrence = occurrence_of(session, protocol, subject, toxicity.ctcae_term, toxicity.id)
    return propose_action(protocol, toxicity.ctcae_term, toxicity.grade, _current_level(subject), occurrence)


def _last_dose(subject: Subject) -> date | None:
    given = [v.actual_date for v in subject.visits if v.kind == VisitKind.DOSE and v.actual_date is not None]
    return max(given, default=None)


def _plausible_day(on: date | None, what: str) -> None:
    """A date given to a use case, checked before anything else (1900 to 2200); None is "today"."""
    if isinstance(on, date):
        check_date(on, msg("The date of {what}", what=what))


def _effective(uow: UnitOfWork, on: date | None, what: str, not_before: date | None = None) -> date:
    today = local_today(uow)
    day = on or today
    if not isinstance(day, date):
        raise InputError(msg("Give the date of {what}.", what=what))
    check_date(day, msg("The date of {what}", what=what))
    if day > today:
        raise InputError(msg("The date of {what} ({day}) is in the future.", what=what, day=day.isoformat()))
    if not_before is not None and day < not_before:
        raise InputError(
            msg(
                "The date of {what} ({day}) is before {earliest}.",
                what=what,
                day=day.isoformat(),
                earliest=not_before.isoformat(),
            )
        )
    return day


def _next_dose_visit(session: Session, subject: Subject) -> Visit | None:
    visits = session.execute(
        select(Visit).where(
            Visit.subject_id == subject.id, Visit.kind == VisitKind.DOSE, Visit.status.in_(OPEN)
        )
    ).scalars()
    return min(visits, key=lambda v: (v.cycle or 0, v.day or 0), default=None)


def _stop(
    uow: UnitOfWork,
    user: User,
    subject: Subject,
    on: date,
    code: Disposition,
    detail: str | None,
    params: dict[str, object] | None = None,
) -> list[str]:
    """End treatment on `on` (inside `uow.acting`) for `code`: follow-up planned, open orders cancelled, holds
    ended. The record keeps the code, its parameters and `detail` as given."""
    last = _last_dose(subject)
    if last is not None and on < last:
        raise InputError(
            msg(
                "Treatment cannot stop on {day}, before the last dose given on {last}.",
                day=on.isoformat(),
                last=last.isoformat(),
            )
        )
    session = uow.session
    subject.treatment_stopped_on = on
    subject.treatment_stop_code = str(code)
    subject.treatment_stop_params = dump_params(params)
    subject.treatment_stop_reason = detail
    subject.status = SubjectStatus.FOLLOW_UP
    for hold in session.execute(
        select(Hold).where(Hold.subject_id == subject.id, Hold.end_date.is_(None))
    ).scalars():
        hold.end_date = max(on, hold.start_date)
    said = coded_words(DISPOSITION_WORDS[code], detail)
    cancelled = cancel_open_orders(
        uow, user, subject, audit_reason("treatment_stopped", reason=said), CancelReason.TREATMENT_STOPPED
    )
    return cancelled


def _reduce(
    uow: UnitOfWork,
    user: User,
    subject: Subject,
    protocol: Protocol,
    reason: str,
    on: date,
    toxicity: Toxicity | None = None,
    decision: ToxicityDecision | None = None,
    code: AdjustmentReason = AdjustmentReason.ADVERSE_EVENT,
) -> DoseLevelChange:
    """Write a one-level reduction (to None: below the lowest level, a discontinuation) for `code`."""
    current = _current_level(subject)
    lower = protocol.regimen.level_below(current)
    change = DoseLevelChange(
        subject_id=subject.id,
        from_level_mg_per_kg=current,
        to_level_mg_per_kg=lower,
        reason=reason,
        reason_code=str(code),
        toxicity_id=toxicity.id if toxicity else None,
        decision_id=decision.id if decision else None,
        effective_on=on,
        decided_by_id=user.id,
        decided_at=uow.now(),
    )
    uow.session.add(change)
    if lower is not None:
        subject.current_dose_level_mg_per_kg = lower
    uow.session.flush()
    return change


# --- use cases -------------------------------------------------------------------------------------------


def _record(
    uow: UnitOfWork, user: User, subject: Subject, term: str, grade: int, onset: date, visit_id: int | None
) -> Toxicity:
    session = uow.session
    found = require_term(check_name(term, msg("The CTCAE term")))
    if isinstance(onset, date):
        check_date(onset, msg("The onset date"))
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in found.grades:
        allowed = ", ".join(str(g) for g in found.grades)
        raise InputError(
            msg(
                "CTCAE v5.0 grades {term} {grades}; grade {grade} is not one of them.",
                term=found.term,
                grades=allowed,
                grade=grade,
            )
        )
    if not isinstance(onset, date) or onset > local_today(uow):
        raise InputError(msg("The onset date must be a day that has come."))
    if onset < subject.enrolled_at.astimezone().date() - _days_before_enrolment(subject):
        raise InputError(msg("The onset date is before the subject's screening."))
    visit = subject_visit(session, subject, visit_id)
    toxicity = Toxicity(
        subject_id=subject.id,
        visit_id=visit.id if visit else None,
        ctcae_term=found.term,
        meddra_code=found.meddra_code,
        grade=grade,
        onset_date=onset,
        recorded_at=uow.now(),
    )
    with uow.acting(user, audit_reason("toxicity_recorded", term=found.term, grade=grade)):
        session.add(toxicity)
        session.flush()
    return toxicity


def _days_before_enrolment(subject: Subject) -> timedelta:
    return timedelta(days=protocol_of(subject).schedule.screening_days_before)


def record_toxicity(
    uow: UnitOfWork, subject_id: int, term: str, grade: int, onset: date, visit_id: int | None = None
) -> ToxicityRecorded:
    """Record a toxicity with its CTCAE v5.0 term, grade and onset (an investigator); returns the proposal."""
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        subject = load(session, Subject, subject_id, msg("subject"))
        toxicity = _record(uow, user, subject, term, grade, onset, visit_id)
        proposal = None
        if subject.status == SubjectStatus.ON_TREATMENT:
            proposal = _proposal(session, protocol_of(subject), subject, toxicity)
        result = ToxicityRecorded(toxicity_row(toxicity), proposal)
        uow.commit()
        return result


def proposal_for(uow: UnitOfWork, toxicity_id: int) -> ProposedAction | None:
    """The action the protocol proposes for a recorded toxicity now (None when not on treatment)."""
    with uow:
        session = uow.session
        toxicity = load(session, Toxicity, toxicity_id, msg("toxicity"))
        subject = toxicity.subject
        if subject.status != SubjectStatus.ON_TREATMENT:
            return None
        return _proposal(session, protocol_of(subject), subject, toxicity)


def _taken_resume(protocol: Protocol, current: Decimal, resume_mg_per_kg: Decimal | None) -> Resume:
    if resume_mg_per_kg is None or resume_mg_per_kg == current:
        return Resume.SAME
    if not isinstance(resume_mg_per_kg, Decimal):
        raise InputError(msg("Give the level to resume at in mg/kg."))
    lower = protocol.regimen.level_below(current)
    if resume_mg_per_kg > current:
        raise InputError(
            msg(
                "A dose level never rises: {level} is above the current {current}.",
                level=format_quantity(resume_mg_per_kg, "mg/kg"),
                current=format_quantity(current, "mg/kg"),
            )
        )
    if lower is None or resume_mg_per_kg != lower:
        shown = msg("none") if lower is None else format_quantity(lower, "mg/kg")
        raise InputError(
            msg(
                "Resume at the current level ({current}) or one level lower ({lower}); {level} is neither.",
                current=format_quantity(current, "mg/kg"),
                lower=shown,
                level=format_quantity(resume_mg_per_kg, "mg/kg"),
            )
        )
    return Resume.REDUCE


def _key(action: DecisionAction, hold: int | None, resume: Resume | None) -> tuple[object, ...]:
    """What makes two decisions the same: the action, and what it implies (hold grade, resume level)."""
    if action == DecisionAction.DISCONTINUE:
        return (action,)
    if action == DecisionAction.HOLD:
        return (action, hold, resume or Resume.SAME)
    return (action, resume or Resume.SAME)


def _decide(
    uow: UnitOfWork,
    user: User,
    toxicity: Toxicity,
    action: str | None,
    resume_mg_per_kg: Decimal | None,
    hold_until_grade: int | None,
    override_reason: str | None,
    effective_on: date | None,
) -> DecisionOutcome:
    session = uow.session
    subject = toxicity.subject
    _require_on_treatment(subject)
    if toxicity.cancelled:
        raise InputError(msg("This toxicity was cancelled."))
    if toxicity.decisions:
        raise InputError(
            msg(
                "A decision on {term} grade {grade} was taken already; if it changes, record the toxicity again"
                " with its new grade.",
                term=toxicity.ctcae_term,
                grade=toxicity.grade,
            )
        )
    protocol = protocol_of(subject)
    current = _current_level(subject)
    proposal = _proposal(session, protocol, subject, toxicity)
    proposed_action = DecisionAction(proposal.action)
    proposed_resume = Resume(proposal.resume) if proposal.resume else None
    if action is None:
        taken_action, taken_hold, taken_resume = proposed_action, proposal.hold_until_grade, proposed_resume
        if proposed_action == DecisionAction.CONTINUE:
            taken_resume = None
    else:
        try:
            taken_action = DecisionAction(action)
        except ValueError:
            raise InputError(
                msg("'{action}' is not a decision: continue, hold or discontinue.", action=action)
            ) from None
        taken_resume = None
        taken_hold = None
        if taken_action != DecisionAction.DISCONTINUE:
            taken_resume = _taken_resume(protocol, current, resume_mg_per_kg)
        if taken_action == DecisionAction.HOLD:
            if hold_until_grade is not None:
                if isinstance(hold_until_grade, bool) or hold_until_grade not in range(0, 5):
                    raise InputError(msg("Hold until a grade from 0 (resolved) to 4."))
                taken_hold = hold_until_grade
            elif proposal.action == "hold":
                taken_hold = proposal.hold_until_grade
    overridden = _key(taken_action, taken_hold, taken_resume) != _key(
        proposed_action, proposal.hold_until_grade, proposed_resume
    )
    reason = (
        require_reason(override_reason, msg("Overriding the protocol's proposed action"))
        if overridden
        else None
    )
    on = _effective(uow, effective_on, msg("the decision"), toxicity.onset_date)
    # A reduction below the lowest level is a discontinuation.
    reducing = taken_resume == Resume.REDUCE or (
        taken_action == DecisionAction.DISCONTINUE and proposal.reduce and not overridden
    )
    if reducing and protocol.regimen.level_below(current) is None:
        taken_action = DecisionAction.DISCONTINUE
    decision = ToxicityDecision(
        toxicity_id=toxicity.id,
        proposed_action=proposed_action,
        proposed_hold_until_grade=proposal.hold_until_grade,
        proposed_resume=proposed_resume,
        proposed_rule_text=proposal.rule or "",
        taken_action=taken_action,
        taken_hold_until_grade=taken_hold if taken_action == DecisionAction.HOLD else None,
        taken_resume=taken_resume if taken_action != DecisionAction.DISCONTINUE else None,
        overridden=overridden,
        override_reason=reason,
        investigator_id=user.id,
        decided_at=uow.now(),
    )
    words = toxicity_words(toxicity.ctcae_term, toxicity.grade)
    # Records keep these as English text; the window finds the sentences again (rules.recall_explanation).
    because = str(
        overridden_because(toxicity.ctcae_term, toxicity.grade, reason) if reason else proposal.explanation
    )
    hold = None
    change = None
    cancelled: list[str] = []
    superseded: list[tuple[str, str | None]] = []
    with uow.acting(user, audit_reason("decision", because=because)):
        session.add(decision)
        session.flush()
        if reducing:
            change = _reduce(uow, user, subject, protocol, because, on, toxicity, decision)
        if taken_action == DecisionAction.DISCONTINUE:
            cancelled = _stop(
                uow, user, subject, on, Disposition.ADVERSE_EVENT, because, {"toxicity_id": toxicity.id}
            )
        elif taken_action == DecisionAction.HOLD:
            visit = _next_dose_visit(session, subject)
            if visit is None:
                raise InputError(
                    msg("{subject} has no dose visit still to come to hold.", subject=subject.subject_number)
                )
            hold = Hold(
                subject_id=subject.id,
                visit_id=visit.id,
                reason=because,
                reason_code=str(AdjustmentReason.ADVERSE_EVENT),
                toxicity_id=toxicity.id,
                decision_id=decision.id,
                hold_until_grade=taken_hold,
                start_date=on,
                decided_by_id=user.id,
            )
            session.add(hold)
            if visit.status == VisitStatus.BOOKED:
                visit.booked_date = None
                visit.booking_reason = None
                visit.status = VisitStatus.PLANNED
            session.flush()
            cancelled = cancel_open_orders(uow, user, subject, held_note(toxicity.ctcae_term, toxicity.grade))
        elif change is not None:
            superseded = orders_follow_new_level(uow, user, subject, reduced_note(words))
        session.flush()
    rederive_calendar(uow, subject, audit_reason("calendar_after_decision", toxicity=words))
    session.refresh(toxicity)
    return DecisionOutcome(
        toxicity=toxicity_row(toxicity),
        decision=_decision_row(decision),
        hold=_hold_row(hold) if hold else None,
        level_change=level_change_row(session, change) if change else None,
        discontinued=taken_action == DecisionAction.DISCONTINUE,
        cancelled_orders=tuple(cancelled),
        superseded_orders=tuple(superseded),
    )


def decide_toxicity(
    uow: UnitOfWork,
    toxicity_id: int,
    action: str | None = None,
    *,
    resume_mg_per_kg: Decimal | None = None,
    hold_until_grade: int | None = None,
    override_reason: str | None = None,
    effective_on: date | None = None,
) -> DecisionOutcome:
    """The investigator confirms the protocol's proposal (`action` None) or overrides it with a reason.

    `action`: "continue", "hold" or "discontinue"; `resume_mg_per_kg`: the current level or one lower (a
    reduction); `hold_until_grade`: for a hold. Any difference from the proposal needs `override_reason`. The
    decision is applied at once (hold, reduction, discontinuation) on `effective_on` (default today).
    """
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        toxicity = load(session, Toxicity, toxicity_id, msg("toxicity"))
        outcome = _decide(
            uow, user, toxicity, action, resume_mg_per_kg, hold_until_grade, override_reason, effective_on
        )
        uow.commit()
        return outcome


def record_and_decide(
    uow: UnitOfWork,
    subject_id: int,
    term: str,
    grade: int,
    onset: date,
    *,
    action: str | None = None,
    resume_mg_per_kg: Decimal | None = None,
    hold_until_grade: int | None = None,
    override_reason: str | None = None,
    visit_id: int | None = None,
) -> DecisionOutcome:
    """Record a toxicity and take the decision in one step (the Record-a-toxicity dialog): all or nothing."""
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        subject = load(session, Subject, subject_id, msg("subject"))
        _require_on_treatment(subject)
        toxicity = _record(uow, user, subject, term, grade, onset, visit_id)
        outcome = _decide(
            uow, user, toxicity, action, resume_mg_per_kg, hold_until_grade, override_reason, None
        )
        uow.commit()
        return outcome


def resolve_toxicity(
    uow: UnitOfWork, toxicity_id: int, resolved_on: date, note: str | None = None
) -> ToxicityRow:
    """Record the resolution date of a toxicity (an investigator); the holds it caused end that day."""
    _plausible_day(resolved_on, msg("the resolution"))
    note = optional_text(note, msg("The note"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        toxicity = load(session, Toxicity, toxicity_id, msg("toxicity"))
        if toxicity.cancelled:
            raise InputError(msg("This toxicity was cancelled."))
        if toxicity.resolution_date is not None:
            raise InputError(
                msg(
                    "{term} was recorded as resolved on {day}.",
                    term=toxicity.ctcae_term,
                    day=toxicity.resolution_date.isoformat(),
                )
            )
        on = _effective(uow, resolved_on, msg("the resolution"), toxicity.onset_date)
        words = optional_text(note) or audit_reason(
            "toxicity_resolved", term=toxicity.ctcae_term, day=on.isoformat()
        )
        with uow.acting(user, words):
            toxicity.resolution_date = on
            for hold in session.execute(
                select(Hold).where(Hold.toxicity_id == toxicity.id, Hold.end_date.is_(None))
            ).scalars():
                hold.end_date = max(on, hold.start_date)
        rederive_calendar(
            uow, toxicity.subject, audit_reason("calendar_after_resolved", term=toxicity.ctcae_term)
        )
        row = toxicity_row(toxicity)
        uow.commit()
        return row


def end_hold(uow: UnitOfWork, hold_id: int, on: date, reason: str) -> HoldRow:
    """End a hold (an investigator): the criteria to resume are met, e.g. the grade has come down."""
    text = require_reason(reason, msg("Ending a hold"))
    _plausible_day(on, msg("the end of the hold"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        hold = load(session, Hold, hold_id, msg("hold"))
        if hold.end_date is not None:
            raise InputError(msg("This hold ended on {day}.", day=hold.end_date.isoformat()))
        day = _effective(uow, on, msg("the end of the hold"), hold.start_date)
        with uow.acting(user, text):
            hold.end_date = day
        rederive_calendar(uow, hold.subject, audit_reason("calendar_after_hold"))
        row = _hold_row(hold)
        uow.commit()
        return row


def reduce_dose_level(
    uow: UnitOfWork, subject_id: int, code: str, reason: str, effective_on: date | None = None
) -> LevelChangeOutcome:
    """An investigator reduces the dose level one step (never up), for `code` (one of CHOSEN_REDUCTION_REASONS)
    and `reason` in their own words; below the lowest level treatment stops.

    Open orders follow the new level (see `orders.orders_follow_new_level`).
    """
    text = require_reason(reason, msg("Reducing the dose level"))
    chosen = chosen_code(code, CHOSEN_REDUCTION_REASONS, msg("Reducing the dose level"))
    _plausible_day(effective_on, msg("the reduction"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        subject = load(session, Subject, subject_id, msg("subject"))
        _require_on_treatment(subject)
        protocol = protocol_of(subject)
        on = _effective(uow, effective_on, msg("the reduction"), subject.c1d1)
        superseded: list[tuple[str, str | None]] = []
        cancelled: list[str] = []
        with uow.acting(user, text):
            change = _reduce(uow, user, subject, protocol, text, on, code=chosen)
            if change.to_level_mg_per_kg is None:
                cancelled = _stop(
                    uow, user, subject, on, Disposition.ADVERSE_EVENT, text, {BELOW_LOWEST_LEVEL: True}
                )
            else:
                superseded = orders_follow_new_level(uow, user, subject, reduced_note(text))
        rederive_calendar(uow, subject, audit_reason("calendar_after_reduction"))
        outcome = LevelChangeOutcome(
            level_change_row(session, change),
            change.to_level_mg_per_kg is None,
            tuple(superseded),
            tuple(cancelled),
        )
        uow.commit()
        return outcome


def stop_treatment(
    uow: UnitOfWork, subject_id: int, on: date, code: str, detail: str | None = None
) -> SubjectHeader:
    """The investigator's decision to stop treatment on `on`, for `code` (one of END_OF_TREATMENT_CHOICES, a
    CDISC disposition term) with the detail as typed (needed for "Other" and the investigator's decision)."""
    what = msg("Stopping treatment")
    text = optional_text(detail, msg("The detail"), limit=MAX_REASON)
    chosen = chosen_code(
        code,
        END_OF_TREATMENT_CHOICES,
        what,
        words=DISPOSITION_WORDS,
        detail=text,
        detail_required=DETAIL_REQUIRED,
    )
    _plausible_day(on, msg("the decision to stop"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        subject = load(session, Subject, subject_id, msg("subject"))
        _require_on_treatment(subject)
        day = _effective(uow, on, msg("the decision to stop"), subject.c1d1)
        with uow.acting(user, coded_words(DISPOSITION_WORDS[chosen], text)):
            _stop(uow, user, subject, day, chosen, text)
        rederive_calendar(uow, subject, audit_reason("calendar_after_stop"))
        header = subject_header(session, subject)
        uow.commit()
        return header


def end_follow_up(
    uow: UnitOfWork, subject_id: int, on: date, code: str, detail: str | None = None
) -> SubjectHeader:
    """Follow-up ends on `on`, for `code` (one of END_OF_STUDY_CHOICES: death, withdrawal by the subject, lost to
    follow-up, …) with the detail as typed."""
    what = msg("Ending follow-up")
    text = optional_text(detail, msg("The detail"), limit=MAX_REASON)
    chosen = chosen_code(
        code,
        END_OF_STUDY_CHOICES,
        what,
        words=DISPOSITION_WORDS,
        detail=text,
        detail_required=DETAIL_REQUIRED,
    )
    _plausible_day(on, msg("the end of follow-up"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        subject = load(session, Subject, subject_id, msg("subject"))
        if subject.status != SubjectStatus.FOLLOW_UP:
            raise InputError(
                msg(
                    "{subject} is not in follow-up ({status}).",
                    subject=subject.subject_number,
                    status=_status_words(subject.status),
                )
            )
        day = _effective(uow, on, msg("the end of follow-up"), subject.treatment_stopped_on)
        with uow.acting(user, coded_words(DISPOSITION_WORDS[chosen], text)):
            subject.status = SubjectStatus.OFF_STUDY
            subject.off_study_on = day
            subject.off_study_code = str(chosen)
            subject.off_study_params = None
            subject.off_study_reason = text
        rederive_calendar(uow, subject, audit_reason("calendar_after_follow_up"))
        header = subject_header(session, subject)
        uow.commit()
        return header


def cancel_toxicity(uow: UnitOfWork, toxicity_id: int, reason: str) -> ToxicityRow:
    """Cancel a toxicity entered in error (an investigator); one with a decision taken stays on record."""
    text = require_reason(reason, msg("Cancelling a toxicity"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *INVESTIGATORS)
        toxicity = load(session, Toxicity, toxicity_id, msg("toxicity"))
        if toxicity.cancelled:
            raise InputError(msg("This toxicity is already cancelled."))
        if toxicity.decisions:
            raise InputError(
                msg(
                    "A decision was taken on this toxicity and applied; it stays on record. Record a correction"
                    " instead."
                )
            )
        with uow.acting(user, text):
            toxicity.cancelled = True
            toxicity.cancel_reason = text
        row = toxicity_row(toxicity)
        uow.commit()
        return row
