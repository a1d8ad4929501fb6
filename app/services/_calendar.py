"""A subject's stored visits read back as the core's `TreatmentHistory`, and the core calendar built from it.

Private to `app.services`. The core (`app.scheduling`) owns every calendar rule; this module only translates:
stored rows → history → `build_calendar`. `app.services.visits` writes the result back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from app.models import Hold, Subject, Visit, VisitKind, VisitStatus
from app.protocol import Protocol
from app.scheduling import Calendar, FollowUpEnd, OffTreatment, TreatmentHistory, build_calendar, dose_label
from app.scheduling.calendar import waiting_for_hold


def first_dose_label(protocol: Protocol) -> str:
    return dose_label(1, protocol.regimen.dose_days[0])


def planned_c1d1(protocol: Protocol, subject: Subject, rows: Iterable[Visit]) -> date | None:
    """The date of C1D1: given, else booked, else its target; None when the subject has no C1D1 visit yet."""
    if subject.c1d1 is not None:
        return subject.c1d1
    label = first_dose_label(protocol)
    for row in rows:
        if row.label == label:
            return row.booked_date or row.target_date
    return None


def held_labels(session: Session, subject: Subject, *, open_only: bool = False) -> frozenset[str]:
    """The labels of the subject's dose visits that have any hold, ended ones included: a held Day 1 given
    after its target takes the day it was given as its target (docs/domain.md §5). With `open_only`, those
    whose hold has not ended."""
    query = (
        select(Visit.label)
        .join(Hold, Hold.visit_id == Visit.id)
        .where(Hold.subject_id == subject.id, Visit.kind == VisitKind.DOSE)
        .distinct()
    )
    if open_only:
        query = query.where(Hold.end_date.is_(None))
    return frozenset(session.execute(query).scalars())


def history_of(
    protocol: Protocol,
    subject: Subject,
    rows: Iterable[Visit],
    c1d1: date | None = None,
    held: Iterable[str] | None = None,
) -> TreatmentHistory:
    """What happened to `subject`, from its stored visits, as the calendar reads it.

    `held` (the labels of the dose visits with a hold) is read from the subject's session when not given.
    """
    rows = list(rows)
    session = object_session(subject)
    readable = session is not None and subject.id is not None
    if held is None:
        held = held_labels(session, subject) if readable else ()  # type: ignore[arg-type]
    held_now = held_labels(session, subject, open_only=True) if readable else frozenset()  # type: ignore[arg-type]
    start = c1d1 or planned_c1d1(protocol, subject, rows)
    if start is None:
        raise ValueError(f"subject {subject.subject_number} has no C1D1 date")
    doses: dict[str, date] = {}
    done: dict[str, date] = {}
    booked: dict[str, date] = {}
    omitted: set[str] = set()
    for row in rows:
        if row.status == VisitStatus.DONE and row.actual_date is not None:
            (doses if row.kind == VisitKind.DOSE else done)[row.label] = row.actual_date
        elif row.status == VisitStatus.BOOKED and row.booked_date is not None:
            booked[row.label] = row.booked_date
        elif row.status == VisitStatus.OMITTED and row.kind == VisitKind.DOSE:
            omitted.add(row.label)
    off = None
    if subject.treatment_stopped_on is not None:
        off = OffTreatment(subject.treatment_stopped_on, subject.treatment_stop_reason or "")
    end = None
    if subject.off_study_on is not None and off is not None:
        end = FollowUpEnd(subject.off_study_on, subject.off_study_reason or "")
    return TreatmentHistory(
        c1d1=start,
        doses=doses,
        omitted=frozenset(omitted),
        booked=booked,
        done=done,
        off_treatment=off,
        follow_up_end=end,
        held=frozenset(held),
        held_now=held_now,
    )


def subject_calendar(
    protocol: Protocol,
    subject: Subject,
    rows: Iterable[Visit],
    as_of: date,
    *,
    until: date | None = None,
    c1d1: date | None = None,
) -> Calendar:
    """The core calendar of `subject` as of `as_of` (to the study end unless `until` is given)."""
    history = history_of(protocol, subject, rows, c1d1)
    return build_calendar(protocol, history, as_of=as_of, until=until or protocol.study_end)


@dataclass(frozen=True)
class _Planned:
    """A stored visit as the core's hold rule reads it."""

    label: str
    kind: str
    target: date
    booked: date | None
    is_open: bool


def waiting_for_hold_labels(session: Session, subject: Subject, rows: Iterable[Visit]) -> frozenset[str]:
    """The labels of the subject's dose visits whose date waits for a hold to end (the core's rule,
    `app.scheduling.calendar.waiting_for_hold`, on the stored visits)."""
    planned = [
        _Planned(
            row.label,
            str(row.kind),
            row.target_date,
            row.booked_date,
            row.status in (VisitStatus.PLANNED, VisitStatus.BOOKED),
        )
        for row in rows
    ]
    return waiting_for_hold(planned, held_labels(session, subject, open_only=True))
