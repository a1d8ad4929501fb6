"""Checking a booking date against a visit: its window, the clinic's open days and the minimum interval."""

from __future__ import annotations

from datetime import date
from typing import Literal, Protocol

from app.scheduling.clinic import ClinicCalendar
from app.scheduling.visits import BOOKING_PASSED, CLINIC_CLOSED, OUT_OF_WINDOW, TOO_SOON, VisitWarning
from app.text import Message, msg

_WEEKDAY = (msg("Mon"), msg("Tue"), msg("Wed"), msg("Thu"), msg("Fri"), msg("Sat"), msg("Sun"))


class BookableVisit(Protocol):
    """What `check_booking` reads of a visit (a `Visit` has all of it)."""

    @property
    def window_start(self) -> date: ...
    @property
    def window_end(self) -> date: ...
    @property
    def not_before(self) -> date | None: ...
    @property
    def previous_dose(self) -> date | None: ...
    @property
    def previous_dose_label(self) -> str | None: ...


def describe(day: date) -> Message:
    """A date as people read it in a warning: `2026-02-14 (Sat)` (a message: the weekday is a word)."""
    return msg("{date} ({weekday})", date=day.isoformat(), weekday=_WEEKDAY[day.weekday()])


def previous_dose_words(label: str | None, day: date | None) -> str:
    """`C2D1 on 2026-02-02 (Mon)`, naming the dose the minimum interval counts from."""
    name = label or msg("the previous dose")
    return name if day is None else msg("{dose} on {day}", dose=name, day=describe(day))


def too_soon(
    day: date,
    not_before: date,
    previous: date | None,
    previous_label: str | None,
    done: Literal["booked", "given"],
) -> VisitWarning:
    """The minimum interval broken by a dose booked (`done="booked"`) or given on `day`."""
    gap = (not_before - previous).days if previous is not None else 0
    after = previous_dose_words(previous_label, previous)
    if done == "booked":
        text = msg(
            "{day} is less than {gap} days after {previous}; not before {not_before}.",
            day=describe(day),
            gap=gap,
            previous=after,
            not_before=describe(not_before),
        )
    else:
        text = msg(
            "Given on {day}, less than {gap} days after {previous}; not before {not_before}.",
            day=describe(day),
            gap=gap,
            previous=after,
            not_before=describe(not_before),
        )
    return VisitWarning(TOO_SOON, text)


def clinic_closed(day: date, reason: str) -> Message:
    """The clinic is closed on 2026-02-17 (Tue): Chinese New Year (Spring Festival)."""
    return msg("The clinic is closed on {day}: {reason}.", day=describe(day), reason=reason)


def check_booking(
    visit: BookableVisit, day: date, clinic: ClinicCalendar, as_of: date | None = None
) -> list[VisitWarning]:
    """What is wrong with booking `visit` on `day`: outside its window, a closed clinic day (with the
    reason), less than the minimum interval after the previous dose, or (given `as_of`) a day already past.
    An empty list means the day is fine."""
    warnings: list[VisitWarning] = []
    if not visit.window_start <= day <= visit.window_end:
        warnings.append(
            VisitWarning(
                OUT_OF_WINDOW,
                msg(
                    "{day} is outside the window {start} to {end}.",
                    day=describe(day),
                    start=describe(visit.window_start),
                    end=describe(visit.window_end),
                ),
            )
        )
    reason = clinic.why_closed(day)
    if reason is not None:
        warnings.append(VisitWarning(CLINIC_CLOSED, clinic_closed(day, reason)))
    if visit.not_before is not None and day < visit.not_before:
        warnings.append(
            too_soon(day, visit.not_before, visit.previous_dose, visit.previous_dose_label, "booked")
        )
    if as_of is not None and day < as_of:
        warnings.append(VisitWarning(BOOKING_PASSED, msg("{day} has already passed.", day=describe(day))))
    return warnings
