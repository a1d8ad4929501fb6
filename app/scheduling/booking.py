"""Checking a booking date against a visit: its window, the clinic's open days and the minimum interval."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from app.scheduling.clinic import ClinicCalendar
from app.scheduling.visits import BOOKING_PASSED, CLINIC_CLOSED, OUT_OF_WINDOW, TOO_SOON, VisitWarning

_WEEKDAY = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


def describe(day: date) -> str:
    """A date as people read it in a warning: `2026-02-14 (Sat)`."""
    return f"{day.isoformat()} ({_WEEKDAY[day.weekday()]})"


def previous_dose_words(label: str | None, day: date | None) -> str:
    """`C2D1 on 2026-02-02 (Mon)`, naming the dose the minimum interval counts from."""
    name = label or "the previous dose"
    return name if day is None else f"{name} on {describe(day)}"


def too_soon(
    day: date, not_before: date, previous: date | None, previous_label: str | None, prefix: str
) -> VisitWarning:
    gap = (not_before - previous).days if previous is not None else 0
    return VisitWarning(
        TOO_SOON,
        f"{prefix} {describe(day)}, less than {gap} days after {previous_dose_words(previous_label, previous)}; "
        f"not before {describe(not_before)}.",
    )


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
                f"Booked for {describe(day)}, outside the window "
                f"{describe(visit.window_start)} to {describe(visit.window_end)}.",
            )
        )
    reason = clinic.why_closed(day)
    if reason is not None:
        warnings.append(VisitWarning(CLINIC_CLOSED, f"The clinic is closed on {describe(day)}: {reason}."))
    if visit.not_before is not None and day < visit.not_before:
        warnings.append(
            too_soon(day, visit.not_before, visit.previous_dose, visit.previous_dose_label, "Booked for")
        )
    if as_of is not None and day < as_of:
        warnings.append(VisitWarning(BOOKING_PASSED, f"{describe(day)} has already passed."))
    return warnings
