"""Visits of the calendar, their labels, and the warnings they carry.

Labels are the trial's: `SCR`, `C3D15` (cycle 3, day 15), `TA2` (second tumour assessment), `EOT`,
`SFU`, `OS1` (first survival follow-up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Final

from app.scheduling.kinds import OPEN_STATUSES, VisitKind, VisitStatus

__all__ = ["OPEN_STATUSES", "Visit", "VisitKind", "VisitStatus", "VisitWarning"]

# Warning codes: stable, for the services and the window to act on; the message is for people.
OUT_OF_WINDOW: Final = "out_of_window"
NO_OPEN_DAY: Final = "no_open_day"
OVERDUE: Final = "overdue"
DELAY_EXCEEDS_MAX: Final = "delay_exceeds_max"
WINDOW_CLOSED: Final = "window_closed"
TARGET_TOO_SOON: Final = "target_too_soon"
TOO_SOON: Final = "too_soon"
CLINIC_CLOSED: Final = "clinic_closed"
LATE_DOSE: Final = "late_dose"
BOOKING_PASSED: Final = "booking_passed"
BOOKING_TO_CANCEL: Final = "booking_to_cancel"

_DOSE_LABEL = re.compile(r"C([1-9][0-9]{0,3})D([1-9][0-9]{0,2})")
_NUMBERED_LABEL = re.compile(r"(TA|OS)([1-9][0-9]{0,3})")


@dataclass(frozen=True, slots=True)
class VisitWarning:
    """Something a person should know about a visit. `code` is stable; `message` is in plain words (an
    `app.text.Message` when the core made it, which the window says in its language)."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Visit:
    """One visit of the calendar.

    `window_start` is the first day the protocol allows: the window's front may be closed by the minimum
    interval after the previous dose (`not_before`). When that closes the whole window, the window is kept
    as the protocol has it and the warning `window_closed` says so. `suggested` is the open clinic day nearest
    the target inside the window (and not before the as-of date), for visits still to happen.
    `previous_dose` is the date the minimum interval counts from, that of the dose visit
    `previous_dose_label`: its actual date if given, else its booked, suggested or projected date (dose
    visits only), so that following the suggestions never breaks the minimum interval.
    """

    label: str
    kind: VisitKind
    cycle: int | None
    day: int | None
    target: date
    window_start: date
    window_end: date
    suggested: date | None
    booked: date | None
    actual: date | None
    status: VisitStatus
    warnings: tuple[VisitWarning, ...] = ()
    not_before: date | None = None
    previous_dose: date | None = None
    previous_dose_label: str | None = None
    waits_for_hold: bool = False  # a dose at or after a hold not yet ended: no date until the hold ends

    @property
    def is_open(self) -> bool:
        """True while the visit still has to happen (planned or booked)."""
        return self.status in OPEN_STATUSES

    @property
    def warning_codes(self) -> tuple[str, ...]:
        return tuple(w.code for w in self.warnings)

    @property
    def best_date(self) -> date:
        """The visit's best-known date: actual, else booked, else suggested, else target."""
        return self.actual or self.booked or self.suggested or self.target


def dose_label(cycle: int, day: int) -> str:
    return f"C{cycle}D{day}"


@lru_cache(maxsize=4096)
def parse_dose_label(label: str) -> tuple[int, int] | None:
    """(cycle, day) of a dose label such as `C3D15`, or None when `label` is not one."""
    match = _DOSE_LABEL.fullmatch(label)
    if match is None:
        return None
    return int(match[1]), int(match[2])


def parse_numbered_label(label: str) -> tuple[str, int] | None:
    """("TA", 2) for `TA2`, ("OS", 1) for `OS1`, else None."""
    match = _NUMBERED_LABEL.fullmatch(label)
    if match is None:
        return None
    return match[1], int(match[2])


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
