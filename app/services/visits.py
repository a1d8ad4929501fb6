"""Visits: the calendar kept in step with the core's rules, booking and rescheduling, visits done or missed.

    book_visit(uow, visit_id, day, reason=None)       # a reason is needed outside the window / on a closed day
    reschedule_visit(uow, visit_id, day, reason=None)  # the same rules, for a visit already booked
    cancel_booking(uow, visit_id, reason)
    record_visit_done(uow, visit_id, on, note=None)    # not a dose: a dose is done when its infusion is given
    record_visit_missed(uow, visit_id, "did_not_attend", detail)   # not a dose
    omit_dose_visit(uow, visit_id, "adverse_event", detail)         # an investigator, a dose day but Day 1
    refresh_calendar(uow, subject_id) / refresh_all_calendars(uow)

After any change the calendar is re-derived from the core (`rederive_calendar`): the stored visits are read back
as a treatment history, the core lays out the calendar, and each stored visit is updated in place, field by
field, so the audit trail keeps every visit's history (a visit is never deleted: one that leaves the calendar
is cancelled with the reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.errors import InputError
from app.inputs import MAX_REASON
from app.models import (
    InfusionOrder,
    Role,
    Subject,
    SubjectStatus,
    Visit,
    VisitKind,
    VisitStatus,
)
from app.protocol import Protocol
from app.scheduling import Calendar, ClinicCalendar, check_booking, default_clinic, default_until, describe
from app.scheduling import Visit as CoreVisit
from app.scheduling.booking import clinic_closed
from app.scheduling.disposition import dump_params
from app.scheduling.visit_reasons import (
    MISSED_CHOICES,
    OMITTED_CHOICES,
    VISIT_REASON_WORDS,
    VisitReason,
    visit_reason_needs_detail,
)
from app.scheduling.visits import CLINIC_CLOSED, OUT_OF_WINDOW, VisitWarning
from app.services._calendar import first_dose_label, subject_calendar
from app.services._common import (
    check_date,
    chosen_code,
    coded_words,
    load,
    local_today,
    optional_text,
    require_any_role,
    require_reason,
)
from app.services._words import VISIT_STATUS
from app.services.protocols import protocol_of
from app.services.queries import OPEN_ORDER, VisitRow, held_visit_ids, visit_row
from app.services.reasons import reason as audit_reason
from app.services.uow import UnitOfWork
from app.text import msg

OPEN = (VisitStatus.PLANNED, VisitStatus.BOOKED)
SCHEDULERS = (Role.COORDINATOR, Role.INVESTIGATOR)


def _status(row: Visit) -> str:
    return VISIT_STATUS.get(row.status, row.status)


def _joined(warnings: list[VisitWarning]) -> str:
    """The warnings' messages one after the other, as one message (each said in the window's language)."""
    text: str = warnings[0].message
    for warning in warnings[1:]:
        text = msg("{first} {second}", first=text, second=warning.message)
    return text


@dataclass(frozen=True)
class BookingView:
    """What the Book-a-visit dialog needs: the visit as the calendar rules see it today, and the clinic."""

    visit_id: int
    subject_id: int
    subject_number: str
    protocol_id: str
    visit: CoreVisit  # label, window, target, suggested, booked, not_before … (a frozen core dataclass)
    clinic: ClinicCalendar
    moves_first_dose: bool  # booking C1D1 before the first dose moves the whole plan


# --- the calendar, re-derived ----------------------------------------------------------------------------


def rederive_calendar(
    uow: UnitOfWork, subject: Subject, reason: str, *, c1d1: date | None = None
) -> Calendar | None:
    """Lay the subject's calendar out again from what happened, and update the stored visits in place.

    New visits inside the listing horizon are added; a stored visit the calendar no longer has is cancelled
    with `reason`; a visit recorded as missed by a person stays missed. Returns the core calendar (None for a
    subject who failed screening: nothing is planned for them). Inside `with uow:`; the caller commits.
    """
    if subject.status == SubjectStatus.SCREEN_FAILED:
        return None
    session = uow.session
    protocol = protocol_of(subject)
    today = local_today(uow)
    session.flush()
    rows = list(session.execute(select(Visit).where(Visit.subject_id == subject.id)).scalars())
    by_label = {row.label: row for row in rows}
    calendar = subject_calendar(protocol, subject, rows, today, c1d1=c1d1)
    horizon = default_until(today)
    seen: set[str] = set()
    with uow.acting(uow.user, reason):
        for planned in calendar.visits:
            seen.add(planned.label)
            row = by_label.get(planned.label)
            if row is None:
                if planned.status == "cancelled" or (planned.is_open and planned.target > horizon):
                    continue
                row = Visit(subject_id=subject.id, label=planned.label, status=VisitStatus.PLANNED)
                session.add(row)
            _update(row, planned, protocol)
        for row in rows:
            if row.label not in seen and row.status in OPEN:
                row.status = VisitStatus.CANCELLED
                row.status_reason_code = str(VisitReason.NOT_ON_CALENDAR)
                row.status_reason = reason
                row.booked_date = None
        session.flush()
    return calendar


def _set(row: Visit, field: str, value: object) -> None:
    """Set a field only when it changes (an unchanged value writes no audit row)."""
    if getattr(row, field) != value:
        setattr(row, field, value)


def _update(row: Visit, planned: CoreVisit, protocol: Protocol) -> None:
    _set(row, "kind", planned.kind)
    _set(row, "cycle", planned.cycle)
    _set(row, "day", planned.day)
    _set(row, "target_date", planned.target)
    _set(row, "window_start", planned.window_start)
    _set(row, "window_end", planned.window_end)
    _set(row, "suggested_date", planned.suggested)
    if row.status == VisitStatus.MISSED and (row.status_reason or row.status_reason_code) and planned.is_open:
        return  # recorded as missed by a person: the calendar does not know it, the record does
    status = VisitStatus(planned.status)
    if status == row.status:
        return
    row.status = status
    if status in (VisitStatus.OMITTED, VisitStatus.CANCELLED, VisitStatus.MISSED):
        if row.booked_date is not None and status != VisitStatus.MISSED:
            row.booked_date = None
        if not row.status_reason and not row.status_reason_code:
            code, params = _automatic_reason(status, planned, protocol)
            row.status_reason_code = str(code)
            row.status_reason_params = dump_params(params)


def _automatic_reason(
    status: VisitStatus, planned: CoreVisit, protocol: Protocol
) -> tuple[VisitReason, dict[str, object] | None]:
    """The code DoseDesk records when the calendar itself omits, misses or cancels a visit."""
    if status == VisitStatus.OMITTED:
        return VisitReason.LATE_DOSE_OMITTED, {
            "omit_day": protocol.schedule.late_dose_omitted_after_day,
            "cycle": planned.cycle,
        }
    if status == VisitStatus.MISSED:
        return VisitReason.WINDOW_ENDED, {"day": planned.window_end.isoformat()}
    return VisitReason.NO_DOSE_AFTER_DECISION, None


def refresh_calendar(uow: UnitOfWork, subject_id: int) -> None:
    """Re-derive one subject's calendar as of today (statuses such as overdue and missed move with the date)."""
    with uow:
        subject = load(uow.session, Subject, subject_id, msg("subject"))
        rederive_calendar(uow, subject, audit_reason("calendar_up_to_date"))
        uow.commit()


def refresh_all_calendars(uow: UnitOfWork) -> int:
    """Re-derive every planned subject's calendar as of today; returns how many subjects were looked at."""
    with uow:
        subjects = uow.session.execute(
            select(Subject).where(
                Subject.status.not_in((SubjectStatus.SCREEN_FAILED, SubjectStatus.OFF_STUDY))
            )
        ).scalars()
        count = 0
        for subject in subjects:
            rederive_calendar(uow, subject, "calendar brought up to date")
            count += 1
        uow.commit()
        return count


# --- booking ---------------------------------------------------------------------------------------------


def _core_visit(uow: UnitOfWork, subject: Subject, label: str) -> tuple[Protocol, CoreVisit]:
    protocol = protocol_of(subject)
    rows = list(uow.session.execute(select(Visit).where(Visit.subject_id == subject.id)).scalars())
    calendar = subject_calendar(protocol, subject, rows, local_today(uow))
    found = calendar.visit(label)
    if found is None:
        raise InputError(
            msg("{label} is no longer on {subject}'s calendar.", label=label, subject=subject.subject_number)
        )
    return protocol, found


def _moves_first_dose(protocol: Protocol, subject: Subject, row: Visit) -> bool:
    return subject.c1d1 is None and row.label == first_dose_label(protocol)


def booking_view(uow: UnitOfWork, visit_id: int) -> BookingView:
    """The visit as the calendar rules see it today, for choosing a day."""
    with uow:
        row = load(uow.session, Visit, visit_id, msg("visit"))
        subject = row.subject
        protocol, planned = _core_visit(uow, subject, row.label)
        return BookingView(
            visit_id=row.id,
            subject_id=subject.id,
            subject_number=subject.subject_number,
            protocol_id=protocol.id,
            visit=planned,
            clinic=default_clinic(protocol),
            moves_first_dose=_moves_first_dose(protocol, subject, row),
        )


def _first_dose_warnings(
    protocol: Protocol, subject: Subject, day: date, clinic: ClinicCalendar, rows: list[Visit]
) -> list[VisitWarning]:
    """Moving C1D1 before the first dose: the clinic must be open, and screening must still count."""
    warnings: list[VisitWarning] = []
    closed = clinic.why_closed(day)
    if closed is not None:
        warnings.append(VisitWarning(CLINIC_CLOSED, clinic_closed(day, closed)))
    screening = next((r for r in rows if r.kind == VisitKind.SCREENING and r.actual_date), None)
    days = protocol.schedule.screening_days_before
    if (
        screening is not None
        and screening.actual_date is not None
        and (day - screening.actual_date).days > days
    ):
        warnings.append(
            VisitWarning(
                OUT_OF_WINDOW,
                msg(
                    "Screening was done on {screened_on}, more than {days} days before {day}: the subject must be "
                    "screened again.",
                    screened_on=describe(screening.actual_date),
                    days=days,
                    day=describe(day),
                ),
            )
        )
    return warnings


def book_visit(uow: UnitOfWork, visit_id: int, day: date, reason: str | None = None) -> VisitRow:
    """Book a visit still to happen on `day` (a coordinator or investigator).

    Outside its window, on a closed clinic day, or less than the minimum interval after the previous dose,
    the booking needs a reason, which is recorded. A day already past is refused. Booking C1D1 before the first
    dose moves the planned first dose, and the whole calendar with it.
    """
    if not isinstance(day, date):
        raise InputError(msg("Choose the day to book."))
    check_date(day, msg("The day to book"))
    given = optional_text(reason, msg("The reason for the booking"), limit=MAX_REASON)
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *SCHEDULERS)
        row = load(session, Visit, visit_id, msg("visit"))
        subject = row.subject
        _check_subject_plannable(subject)
        if row.status not in OPEN:
            raise InputError(
                msg(
                    "{label} is {status}: only a visit still to happen can be booked.",
                    label=row.label,
                    status=_status(row),
                )
            )
        today = local_today(uow)
        if day < today:
            raise InputError(msg("{day} has already passed: book a day from today on.", day=describe(day)))
        protocol = protocol_of(subject)
        clinic = default_clinic(protocol)
        if _moves_first_dose(protocol, subject, row):
            rows = list(session.execute(select(Visit).where(Visit.subject_id == subject.id)).scalars())
            warnings = _first_dose_warnings(protocol, subject, day, clinic, rows)
        else:
            _protocol, planned = _core_visit(uow, subject, row.label)
            warnings = check_booking(planned, day, clinic, as_of=today)
        if warnings and given is None:
            raise InputError(
                msg(
                    "Booking {label} on {day} needs a reason: {problems}",
                    label=row.label,
                    day=describe(day),
                    problems=_joined(warnings),
                )
            )
        words = (
            given
            if warnings and given
            else audit_reason("visit_booked", label=row.label, day=day.isoformat())
        )
        with uow.acting(user, words):
            row.booked_date = day
            row.status = VisitStatus.BOOKED
            row.booking_reason = given if warnings else None
        rederive_calendar(uow, subject, audit_reason("calendar_after_booking", label=row.label))
        result = _row(uow, row)
        uow.commit()
        return result


def reschedule_visit(uow: UnitOfWork, visit_id: int, day: date, reason: str | None = None) -> VisitRow:
    """Move a booked visit to another day: the same rules as booking (a reason outside the window)."""
    return book_visit(uow, visit_id, day, reason)


def cancel_booking(uow: UnitOfWork, visit_id: int, reason: str) -> VisitRow:
    """Take a visit's booking away (it stays planned, with its suggested day)."""
    text = require_reason(reason, msg("Cancelling a booking"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *SCHEDULERS)
        row = load(session, Visit, visit_id, msg("visit"))
        if row.status != VisitStatus.BOOKED:
            raise InputError(msg("{label} is not booked.", label=row.label))
        with uow.acting(user, text):
            row.booked_date = None
            row.booking_reason = None
            row.status = VisitStatus.PLANNED
        rederive_calendar(uow, row.subject, audit_reason("calendar_after_booking_cancelled", label=row.label))
        result = _row(uow, row)
        uow.commit()
        return result


# --- visits done, missed, omitted ------------------------------------------------------------------------


def record_visit_done(uow: UnitOfWork, visit_id: int, on: date, note: str | None = None) -> VisitRow:
    """Record a visit other than a dose as done on `on` (a coordinator or investigator)."""
    if isinstance(on, date):
        check_date(on, msg("The day the visit was done"))
    text = optional_text(note, msg("The note"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *SCHEDULERS)
        row = load(session, Visit, visit_id, msg("visit"))
        if row.kind == VisitKind.DOSE:
            raise InputError(
                msg(
                    "{label} is a dose: it is done when its infusion is recorded as given on the order.",
                    label=row.label,
                )
            )
        if row.status not in (*OPEN, VisitStatus.MISSED):
            raise InputError(
                msg(
                    "{label} is {status}; it cannot be recorded as done.",
                    label=row.label,
                    status=_status(row),
                )
            )
        if not isinstance(on, date) or on > local_today(uow):
            raise InputError(msg("A visit can be recorded as done only on a day that has come."))
        with uow.acting(user, text or audit_reason("visit_done", label=row.label, day=on.isoformat())):
            row.status = VisitStatus.DONE
            row.actual_date = on
            row.status_reason = text
        rederive_calendar(uow, row.subject, audit_reason("calendar_after_done", label=row.label))
        result = _row(uow, row)
        uow.commit()
        return result


def _chosen_reason(
    code: str, detail: str | None, choices: tuple[VisitReason, ...], what: str
) -> tuple[VisitReason, str | None]:
    """`code` as one of `choices` and the detail as typed (needed for some codes); an InputError otherwise."""
    text = optional_text(detail, msg("The detail"), limit=MAX_REASON)
    chosen = chosen_code(
        code, choices, what, words=VISIT_REASON_WORDS, detail=text, detail_required=VISIT_DETAIL_REQUIRED
    )
    return chosen, text


VISIT_DETAIL_REQUIRED = tuple(code for code in VisitReason if visit_reason_needs_detail(code))


def record_visit_missed(uow: UnitOfWork, visit_id: int, code: str, detail: str | None = None) -> VisitRow:
    """Record that a visit other than a dose did not happen (a coordinator or investigator), with why: one of
    MISSED_CHOICES and the detail as typed."""
    chosen, text = _chosen_reason(code, detail, MISSED_CHOICES, msg("Recording a missed visit"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *SCHEDULERS)
        row = load(session, Visit, visit_id, msg("visit"))
        if row.kind == VisitKind.DOSE:
            raise InputError(
                msg(
                    "{label} is a dose: a Day 1 waits until it can be given, and an investigator omits a later "
                    "dose day.",
                    label=row.label,
                )
            )
        if row.status not in OPEN:
            raise InputError(
                msg(
                    "{label} is {status}; only a visit still to happen can be missed.",
                    label=row.label,
                    status=_status(row),
                )
            )
        with uow.acting(user, coded_words(VISIT_REASON_WORDS[chosen], text)):
            row.status = VisitStatus.MISSED
            row.status_reason_code = str(chosen)
            row.status_reason_params = None
            row.status_reason = text
        rederive_calendar(uow, row.subject, audit_reason("calendar_after_missed", label=row.label))
        result = _row(uow, row)
        uow.commit()
        return result


def omit_dose_visit(uow: UnitOfWork, visit_id: int, code: str, detail: str | None = None) -> VisitRow:
    """An investigator omits a dose day other than Day 1 (not made up later), for one of OMITTED_CHOICES with
    the detail as typed; a Day 1 waits instead."""
    chosen, text = _chosen_reason(code, detail, OMITTED_CHOICES, msg("Omitting a dose"))
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, Role.INVESTIGATOR)
        row = load(session, Visit, visit_id, msg("visit"))
        subject = row.subject
        protocol = protocol_of(subject)
        if row.kind != VisitKind.DOSE:
            raise InputError(msg("{label} is not a dose visit.", label=row.label))
        if row.day == protocol.regimen.dose_days[0]:
            raise InputError(
                msg("{label} cannot be omitted: a held Day 1 waits until it can be given.", label=row.label)
            )
        if row.status not in OPEN:
            raise InputError(
                msg(
                    "{label} is {status}; only a dose still to come can be omitted.",
                    label=row.label,
                    status=_status(row),
                )
            )
        open_order = session.execute(
            select(InfusionOrder.order_number).where(
                InfusionOrder.visit_id == row.id, InfusionOrder.status.in_(OPEN_ORDER)
            )
        ).scalar_one_or_none()
        if open_order is not None:
            raise InputError(
                msg(
                    "{label} has order {order} open: cancel the order first.",
                    label=row.label,
                    order=open_order,
                )
            )
        with uow.acting(user, coded_words(VISIT_REASON_WORDS[chosen], text)):
            row.status = VisitStatus.OMITTED
            row.status_reason_code = str(chosen)
            row.status_reason_params = None
            row.status_reason = text
            row.booked_date = None
        rederive_calendar(uow, subject, audit_reason("calendar_after_omitted", label=row.label))
        result = _row(uow, row)
        uow.commit()
        return result


# --- helpers ---------------------------------------------------------------------------------------------


def _check_subject_plannable(subject: Subject) -> None:
    if subject.status == SubjectStatus.SCREEN_FAILED:
        raise InputError(
            msg("{subject} failed screening: nothing is planned for them.", subject=subject.subject_number)
        )
    if subject.status == SubjectStatus.OFF_STUDY:
        raise InputError(
            msg("{subject} is off study: nothing is planned for them.", subject=subject.subject_number)
        )


def _row(uow: UnitOfWork, row: Visit) -> VisitRow:
    session = uow.session
    session.flush()
    session.refresh(row)
    held = row.id in held_visit_ids(session, [row.subject_id])
    return visit_row(row, row.subject.subject_number, held)


__all__ = [
    "BookingView",
    "book_visit",
    "booking_view",
    "cancel_booking",
    "omit_dose_visit",
    "record_visit_done",
    "record_visit_missed",
    "rederive_calendar",
    "refresh_all_calendars",
    "refresh_calendar",
    "reschedule_visit",
]
