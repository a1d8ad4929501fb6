"""The patient calendar: every visit from screening to survival follow-up, laid out from the history.

Rules (docs/domain.md §5; every value from the protocol):

- Cycle n+1 Day 1 targets the actual Day 1 of cycle n + the cycle length; the other dose days target their
  cycle's actual Day 1 + (day − 1). A late Day 15 does not move the next Day 1. A cycle whose Day 1 is not
  given yet is projected from the later of its target and the as-of date, and later cycles move with it.
- Dose windows are ± window_before/after days around the target, their front closed by the minimum interval
  after the previous dose: its actual date if given, else the date it is booked or suggested for (else its
  projected target), so that following the suggestions never breaks the minimum interval.
- A dose day other than Day 1 not given by cycle day `late_dose_omitted_after_day` is omitted.
- A Day 1 not given waits (overdue once its window has passed); beyond `max_delay_days` past its target the
  investigator is prompted to consider discontinuation. A held Day 1 given after its target takes the day it
  was given as its target (so it is not out of its window); the delay still counts from the target it had.
- Screening targets the first day its labs count for C1D1 (C1D1 − screening_labs_days_before) and is suggested
  on an open day from then on, so that its labs need not be repeated.
- Tumour assessments are fixed to C1D1 by the protocol's phases and are never moved by dose delays.
- After the decision to stop treatment: EOT from that day, no more doses (those pending are cancelled), SFU
  after the last dose, and survival follow-up from the SFU target until death, withdrawal or study end.
- Visits still to happen are listed up to `until` (default six months after `as_of`) and the study end.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple
from typing import Protocol as Shape

from dateutil.relativedelta import relativedelta

from app.protocol.model import AssessmentPhase, Protocol, Weekday
from app.scheduling.booking import check_booking, describe, previous_dose_words, too_soon
from app.scheduling.clinic import ClinicCalendar
from app.scheduling.history import TreatmentHistory, check_history
from app.scheduling.visits import (
    BOOKING_PASSED,
    BOOKING_TO_CANCEL,
    DELAY_EXCEEDS_MAX,
    LATE_DOSE,
    NO_OPEN_DAY,
    OUT_OF_WINDOW,
    OVERDUE,
    TARGET_TOO_SOON,
    WINDOW_CLOSED,
    Visit,
    VisitKind,
    VisitStatus,
    VisitWarning,
    parse_numbered_label,
)
from app.text import msg

_DEFAULT_HORIZON = relativedelta(months=6)
_KIND_ORDER: dict[str, int] = {kind: order for order, kind in enumerate(VisitKind)}  # as the enum lists them


def default_until(as_of: date) -> date:
    """Six months after `as_of`: how far ahead the calendar lists visits still to happen by default."""
    result: date = as_of + _DEFAULT_HORIZON
    return result


@dataclass(frozen=True, slots=True)
class ScreeningLimits:
    """Screening dates for C1D1: the screening window, and the first day labs and a pregnancy test count."""

    window_start: date
    window_end: date
    labs_from: date
    pregnancy_test_from: date


def screening_limits(protocol: Protocol, c1d1: date) -> ScreeningLimits:
    rules = protocol.schedule
    return ScreeningLimits(
        window_start=c1d1 - timedelta(days=rules.screening_days_before),
        window_end=c1d1 - timedelta(days=1),
        labs_from=c1d1 - timedelta(days=rules.screening_labs_days_before),
        pregnancy_test_from=c1d1 - timedelta(days=rules.pregnancy_test_days_before),
    )


@dataclass(frozen=True)
class Calendar:
    """The visits of one patient in date order, as of a date, listed up to `until`."""

    as_of: date
    until: date
    visits: tuple[Visit, ...]
    screening: ScreeningLimits

    def visit(self, label: str) -> Visit | None:
        for visit in self.visits:
            if visit.label == label:
                return visit
        return None

    def dose_visits(self) -> list[Visit]:
        return [v for v in self.visits if v.kind == VisitKind.DOSE]

    def next_dose_visit(self) -> Visit | None:
        """The first dose visit still to happen (planned or booked), or None when treatment has stopped."""
        pending = [v for v in self.visits if v.kind == VisitKind.DOSE and v.is_open]
        if not pending:
            return None
        return min(pending, key=lambda v: (v.cycle or 0, v.day or 0))


@lru_cache(maxsize=64)
def _shared_clinic(country: str, open_weekdays: tuple[Weekday, ...]) -> ClinicCalendar:
    return ClinicCalendar(country, open_weekdays)


def default_clinic(protocol: Protocol) -> ClinicCalendar:
    """The protocol's clinic calendar, shared by every calendar built without one (its caches stay warm)."""
    return _shared_clinic(protocol.clinic.country, protocol.clinic.open_weekdays)


def build_calendar(
    protocol: Protocol,
    history: TreatmentHistory,
    *,
    as_of: date,
    until: date | None = None,
    clinic: ClinicCalendar | None = None,
) -> Calendar:
    """Lay out the calendar of one patient. Raises InputError when the history does not hold together."""
    if until is None:
        until = default_until(as_of)
    given = check_history(protocol, history, as_of)
    builder = _Builder(protocol, history, given, as_of, until, clinic or default_clinic(protocol))
    return Calendar(
        as_of=as_of,
        until=until,
        visits=builder.build(),
        screening=screening_limits(protocol, history.c1d1),
    )


def next_dose_visit(
    protocol: Protocol, history: TreatmentHistory, as_of: date, clinic: ClinicCalendar | None = None
) -> Visit | None:
    """The next dose visit of `history` still to happen, or None when treatment has stopped."""
    regimen = protocol.regimen
    horizon = as_of + timedelta(days=2 * regimen.cycle_length_days + protocol.schedule.max_delay_days)
    return build_calendar(protocol, history, as_of=as_of, until=horizon, clinic=clinic).next_dose_visit()


class _PlannedVisit(Shape):
    @property
    def label(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def target(self) -> date: ...
    @property
    def booked(self) -> date | None: ...
    @property
    def is_open(self) -> bool: ...


def waiting_for_hold(visits: Iterable[_PlannedVisit], held_now: Collection[str]) -> frozenset[str]:
    """The labels of the dose visits still to come from the first one held (its hold not ended) on: they have
    no date to suggest until the hold ends. A booked one keeps its booking (cancelling it is the
    coordinator's call)."""
    visits = list(visits)
    starts = [v.target for v in visits if v.label in held_now and v.kind == VisitKind.DOSE and v.is_open]
    if not starts:
        return frozenset()
    first = min(starts)
    return frozenset(
        v.label
        for v in visits
        if v.kind == VisitKind.DOSE and v.is_open and v.booked is None and v.target >= first
    )


def _waiting_for_hold(visits: tuple[Visit, ...], held_now: frozenset[str]) -> tuple[Visit, ...]:
    waiting = waiting_for_hold(visits, held_now)
    if not waiting:
        return visits
    return tuple(replace(v, suggested=None, waits_for_hold=True) if v.label in waiting else v for v in visits)


def _days(n: int) -> timedelta:
    return timedelta(days=n)


class _Builder:
    """One calendar's construction; kept in one object so the rule values are read once."""

    def __init__(
        self,
        protocol: Protocol,
        history: TreatmentHistory,
        given: dict[tuple[int, int], date],
        as_of: date,
        until: date,
        clinic: ClinicCalendar,
    ) -> None:
        self.protocol = protocol
        self.rules = protocol.schedule
        self.history = history
        self.given = given
        self.as_of = as_of
        self.horizon = min(until, protocol.study_end)
        self.clinic = clinic
        self.visits: list[Visit] = []
        off = history.off_treatment
        self.stop = off.decided_on if off is not None else None
        rules = self.rules
        # Day counts as timedeltas once: a calendar adds them thousands of times.
        self.before = _days(rules.window_before_days)
        self.after = _days(rules.window_after_days)
        self.gap = _days(rules.min_interval_days)
        self.late = _days(rules.late_dose_omitted_after_day - 1)
        self.max_delay = _days(rules.max_delay_days)
        self.offsets = {day: _days(day - 1) for day in protocol.regimen.dose_days}

    def build(self) -> tuple[Visit, ...]:
        self._screening()
        self._doses()
        self._assessments()
        if self.stop is not None:
            self._follow_up(self.stop)
        self.visits.sort(key=_sort_key)
        return _waiting_for_hold(tuple(self.visits), self.history.held_now)

    # -- visits other than doses -------------------------------------------------------------------------

    def _other_visit(
        self,
        label: str,
        kind: VisitKind,
        target: date,
        window_start: date,
        window_end: date,
        prefer_from: date | None = None,
    ) -> Visit:
        """A visit that is done when the history records it, missed once its window is over, else open.

        `prefer_from`: the suggestion is sought from this day on first (the whole window only when none of
        those days is open)."""
        actual = self.history.done.get(label)
        booked = self.history.booked.get(label)
        warnings: list[VisitWarning] = []
        suggested = None
        status: VisitStatus
        if actual is not None:
            status = VisitStatus.DONE
            if not window_start <= actual <= window_end:
                warnings.append(
                    VisitWarning(
                        OUT_OF_WINDOW,
                        msg(
                            "Done on {day}, outside its window {start} to {end}.",
                            day=describe(actual),
                            start=describe(window_start),
                            end=describe(window_end),
                        ),
                    )
                )
        elif self.as_of > window_end and (booked is None or booked < self.as_of):
            status = VisitStatus.MISSED
            if booked is not None:
                warnings.append(_booking_passed(booked))
        else:
            status = VisitStatus.BOOKED if booked is not None else VisitStatus.PLANNED
            if self.as_of <= window_end:
                first = max(window_start, self.as_of)
                if prefer_from is not None and prefer_from > first:
                    suggested = self.clinic.suggest(target, prefer_from, window_end)
                if suggested is None:
                    suggested = self.clinic.suggest(target, first, window_end)
                if suggested is None:
                    warnings.append(_no_open_day(first, window_end))
            if booked is not None:
                warnings.extend(self._booking_warnings(booked, window_start, window_end, None, None, None))
        return Visit(
            label,
            kind,
            None,
            None,
            target,
            window_start,
            window_end,
            suggested,
            None if actual is not None else booked,
            actual,
            status,
            tuple(warnings),
        )

    def _booking_warnings(
        self,
        booked: date,
        window_start: date,
        window_end: date,
        not_before: date | None,
        previous_dose: date | None,
        previous_label: str | None,
    ) -> list[VisitWarning]:
        warnings = check_booking(
            _WindowOnly(window_start, window_end, not_before, previous_dose, previous_label),
            booked,
            self.clinic,
        )
        if booked < self.as_of:
            warnings.append(_booking_passed(booked))
        return warnings

    def _screening(self) -> None:
        limits = screening_limits(self.protocol, self.history.c1d1)
        # Targeted on the first day its labs count for C1D1, and suggested on an open day from then on (the
        # nearest open day could be earlier, and labs taken there would have to be repeated).
        target = max(limits.labs_from, limits.window_start)
        visit = self._other_visit(
            "SCR", VisitKind.SCREENING, target, limits.window_start, limits.window_end, prefer_from=target
        )
        if visit.status == VisitStatus.MISSED and (1, 1) in self.given:
            # The patient was treated, so was screened; the history simply has no date for it.
            visit = _replace(visit, status=VisitStatus.DONE, warnings=())
        self.visits.append(visit)

    def _assessments(self) -> None:
        plan = self.rules.tumour_assessment
        c1d1 = self.history.c1d1
        window = _days(plan.window_days)
        last_done = _last_recorded(self.history.done, "TA")
        last_date = self.horizon if self.stop is None else min(self.horizon, self.stop)
        for number, week in enumerate(_assessment_weeks(plan.phases), start=1):
            target = c1d1 + _days(7 * week)
            if target > last_date and number > last_done:
                break
            label = f"TA{number}"
            if target > last_date and label not in self.history.done:
                continue
            self.visits.append(
                self._other_visit(
                    label, VisitKind.TUMOUR_ASSESSMENT, target, target - window, target + window
                )
            )

    def _follow_up(self, stop: date) -> None:
        rules = self.rules
        self.visits.append(
            self._other_visit(
                "EOT", VisitKind.END_OF_TREATMENT, stop, stop, stop + _days(rules.eot_window_after_days)
            )
        )
        if not self.given:
            return  # no dose was given: there is nothing to follow up after a last dose
        last_dose = max(self.given.values())
        end = self.history.follow_up_end
        last_date = self.protocol.study_end if end is None else min(self.protocol.study_end, end.on)
        sfu = last_dose + _days(rules.sfu_days_after_last_dose)
        sfu_window = _days(rules.sfu_window_days)
        done = self.history.done
        if (sfu <= last_date and sfu <= self.horizon) or "SFU" in done:
            self.visits.append(
                self._other_visit("SFU", VisitKind.SAFETY_FOLLOW_UP, sfu, sfu - sfu_window, sfu + sfu_window)
            )
        every = _days(rules.survival_every_days)
        window = _days(rules.survival_window_days)
        last_done = _last_recorded(done, "OS")
        number = 1
        target = sfu + every
        while (target <= last_date and target <= self.horizon) or number <= last_done:
            self.visits.append(
                self._other_visit(
                    f"OS{number}", VisitKind.SURVIVAL_FOLLOW_UP, target, target - window, target + window
                )
            )
            number += 1
            target += every

    # -- dose visits ------------------------------------------------------------------------------------

    def _doses(self) -> None:
        regimen = self.protocol.regimen
        given = self.given
        history = self.history
        as_of = self.as_of
        cycle_length = _days(regimen.cycle_length_days)
        offsets = self.offsets
        other_days = regimen.dose_days[1:]
        last_given = max(given, default=(0, 0))
        previous: _Previous | None = None  # the dose the minimum interval counts from
        cycle = 1
        day1_target = history.c1d1
        while True:
            label = f"C{cycle}D1"
            actual = given.get((cycle, 1))
            if actual is None and self.stop is not None:
                self._not_given(label, cycle, 1, day1_target, previous, VisitStatus.CANCELLED)
                return
            if actual is None and day1_target > self.horizon:
                return
            if actual is not None:
                # A held Day 1 waits for the criteria to treat: its target becomes the day it is given.
                target = actual if actual > day1_target and label in history.held else day1_target
                self.visits.append(
                    self._given_dose(label, cycle, 1, target, actual, previous, None, scheduled=day1_target)
                )
                previous = _Previous(label, actual)
                anchor = actual
            else:
                visit = self._planned_dose(label, cycle, 1, day1_target, previous, None)
                self.visits.append(visit)
                previous = self._previous_after(visit)
                # A Day 1 not given yet is projected from the later of its target and today.
                anchor = max(day1_target, as_of)
            deadline = anchor + self.late
            for day in other_days:
                label = f"C{cycle}D{day}"
                target = anchor + offsets[day]
                actual = given.get((cycle, day))
                if actual is not None:
                    self.visits.append(
                        self._given_dose(label, cycle, day, target, actual, previous, deadline)
                    )
                    previous = _Previous(label, actual)
                    continue
                if label in history.omitted or (cycle, day) < last_given:
                    self._not_given(label, cycle, day, target, previous, VisitStatus.OMITTED)
                    continue
                elif self.stop is not None:
                    # Pending when treatment stopped: cancelled; already past its last day: omitted.
                    status: VisitStatus = (
                        VisitStatus.OMITTED if deadline < self.stop else VisitStatus.CANCELLED
                    )
                    self._not_given(label, cycle, day, target, previous, status)
                    continue
                elif as_of > deadline:
                    self._not_given(label, cycle, day, target, previous, VisitStatus.OMITTED)
                    continue
                elif target <= self.horizon:
                    visit = self._planned_dose(label, cycle, day, target, previous, deadline)
                    self.visits.append(visit)
                    previous = self._previous_after(visit)
            day1_target = anchor + cycle_length
            cycle += 1

    def _previous_after(self, visit: Visit) -> _Previous:
        """What the next dose's minimum interval counts from: this dose's actual date if given, else the
        date it is booked or suggested for (or projected to), never before today."""
        if visit.actual is not None:
            return _Previous(visit.label, visit.actual)
        planned = visit.booked or visit.suggested or visit.target
        return _Previous(visit.label, max(planned, self.as_of))

    def _window(self, target: date, previous: _Previous | None) -> tuple[date, date, date | None]:
        start = target - self.before
        end = target + self.after
        not_before = None if previous is None else previous.day + self.gap
        return start, end, not_before

    def _not_given(
        self,
        label: str,
        cycle: int,
        day: int,
        target: date,
        previous: _Previous | None,
        status: VisitStatus,
    ) -> None:
        """An omitted or cancelled dose visit: listed with its window, no suggestion."""
        start, end, not_before = self._window(target, previous)
        if not_before is not None and start < not_before <= end:
            start = not_before
        booked = self.history.booked.get(label)
        warnings: tuple[VisitWarning, ...] = ()
        if booked is not None:
            if status == VisitStatus.OMITTED:
                text = msg(
                    "Still booked for {day}, but the visit is omitted: cancel the booking.",
                    day=describe(booked),
                )
            else:
                text = msg(
                    "Still booked for {day}, but the visit is cancelled: cancel the booking.",
                    day=describe(booked),
                )
            warnings = (VisitWarning(BOOKING_TO_CANCEL, text),)
        self.visits.append(
            Visit(
                label, VisitKind.DOSE, cycle, day, target, start, end, None, booked, None, status, warnings,
                not_before, _day_of(previous), _label_of(previous),
            )
        )  # fmt: skip

    def _given_dose(
        self,
        label: str,
        cycle: int,
        day: int,
        target: date,
        actual: date,
        previous: _Previous | None,
        deadline: date | None,
        scheduled: date | None = None,
    ) -> Visit:
        """A dose visit given on `actual`; `deadline` is its omission day (None for a Day 1). `scheduled` is a
        Day 1's target before any hold moved it to `actual`: its delay counts from there."""
        scheduled = target if scheduled is None else scheduled
        start = target - self.before
        end = target + self.after
        not_before = None
        previous_day = previous_label = None
        if previous is not None:
            previous_label, previous_day = previous
            not_before = previous_day + self.gap
            if start < not_before <= end:
                start = not_before
        quiet = (actual - scheduled <= self.max_delay) if deadline is None else (actual <= deadline)
        if quiet and start <= actual <= end and (not_before is None or actual >= not_before):
            return Visit(  # the usual case: nothing to say
                label, VisitKind.DOSE, cycle, day, target, start, end, None, None, actual, VisitStatus.DONE, (),
                not_before, previous_day, previous_label,
            )  # fmt: skip
        rules = self.rules
        warnings: list[VisitWarning] = []
        if not start <= actual <= end:
            warnings.append(
                VisitWarning(
                    OUT_OF_WINDOW,
                    msg(
                        "Given on {day}, outside its window {start} to {end}.",
                        day=describe(actual),
                        start=describe(start),
                        end=describe(end),
                    ),
                )
            )
        if not_before is not None and actual < not_before:
            warnings.append(too_soon(actual, not_before, previous_day, previous_label, "given"))
        if deadline is not None and actual > deadline:
            warnings.append(
                VisitWarning(
                    LATE_DOSE,
                    msg(
                        "Given on {day}, after Day {last_day} of its cycle ({deadline}), when it should have "
                        "been omitted.",
                        day=describe(actual),
                        last_day=rules.late_dose_omitted_after_day,
                        deadline=describe(deadline),
                    ),
                )
            )
        delay = (actual - scheduled).days
        if deadline is None and delay > rules.max_delay_days:
            warnings.append(
                VisitWarning(
                    DELAY_EXCEEDS_MAX,
                    msg(
                        "Day 1 was given {delay} days after its target {target}, more than the {max_delay} days "
                        "the protocol allows.",
                        delay=delay,
                        target=describe(scheduled),
                        max_delay=rules.max_delay_days,
                    ),
                )
            )
        return Visit(
            label, VisitKind.DOSE, cycle, day, target, start, end, None, None, actual, VisitStatus.DONE, tuple(warnings),
            not_before, previous_day, previous_label,
        )  # fmt: skip

    def _planned_dose(
        self,
        label: str,
        cycle: int,
        day: int,
        target: date,
        previous: _Previous | None,
        deadline: date | None,
    ) -> Visit:
        """A dose visit still to happen; `deadline` is its omission day (None for a Day 1)."""
        rules = self.rules
        as_of = self.as_of
        start, end, not_before = self._window(target, previous)
        closed = False
        if not_before is not None and not_before > start:
            if not_before > end:
                closed = True
            else:
                start = not_before
        booked = self.history.booked.get(label)
        suggested = None
        status: VisitStatus = VisitStatus.BOOKED if booked is not None else VisitStatus.PLANNED
        warnings: list[VisitWarning] = []
        if closed and not_before is not None:
            warnings.append(
                VisitWarning(
                    WINDOW_CLOSED,
                    msg(
                        "No day of the window {start} to {end} is at least {gap} days after {previous}; "
                        "the earliest allowed day is {not_before}.",
                        start=describe(start),
                        end=describe(end),
                        gap=rules.min_interval_days,
                        previous=_previous_words(previous),
                        not_before=describe(not_before),
                    ),
                )
            )
        elif not_before is not None and not_before > target:
            warnings.append(
                VisitWarning(
                    TARGET_TOO_SOON,
                    msg(
                        "The target {target} is less than {gap} days after {previous}; not before {not_before}.",
                        target=describe(target),
                        gap=rules.min_interval_days,
                        previous=_previous_words(previous),
                        not_before=describe(not_before),
                    ),
                )
            )
        if as_of > end:
            warnings.append(self._overdue(day, end, deadline))
        elif not closed:
            first = max(start, as_of)
            suggested = self.clinic.suggest(target, first, end)
            if suggested is None:
                warnings.append(_no_open_day(first, end))
        delay = (as_of - target).days
        if deadline is None and delay > rules.max_delay_days:
            warnings.append(
                VisitWarning(
                    DELAY_EXCEEDS_MAX,
                    msg(
                        "Day 1 is {delay} days past its target {target}, more than the {max_delay} days the "
                        "protocol allows: the investigator should consider stopping treatment (continuing needs "
                        "a recorded reason).",
                        delay=delay,
                        target=describe(target),
                        max_delay=rules.max_delay_days,
                    ),
                )
            )
        if booked is not None:
            warnings.extend(
                self._booking_warnings(booked, start, end, not_before, _day_of(previous), _label_of(previous))
            )
        return Visit(
            label, VisitKind.DOSE, cycle, day, target, start, end, suggested, booked, None, status,
            tuple(warnings), not_before, _day_of(previous), _label_of(previous),
        )  # fmt: skip

    def _overdue(self, day: int, end: date, deadline: date | None) -> VisitWarning:
        if deadline is None:
            next_open = self.clinic.next_open_day(self.as_of)
            if next_open is None:
                text = msg(
                    "Due by {end} and not given yet: Day 1 waits until the criteria to treat are met, and later "
                    "cycles move with it.",
                    end=describe(end),
                )
            else:
                text = msg(
                    "Due by {end} and not given yet: Day 1 waits until the criteria to treat are met, and later "
                    "cycles move with it; the next open clinic day is {next_open}.",
                    end=describe(end),
                    next_open=describe(next_open),
                )
            return VisitWarning(OVERDUE, text)
        return VisitWarning(
            OVERDUE,
            msg(
                "Day {day} was due by {end}; if it is not given by Day {last_day} of the cycle ({deadline}) it "
                "is omitted.",
                day=day,
                end=describe(end),
                last_day=self.rules.late_dose_omitted_after_day,
                deadline=describe(deadline),
            ),
        )


class _Previous(NamedTuple):
    label: str
    day: date


def _day_of(previous: _Previous | None) -> date | None:
    return None if previous is None else previous.day


def _label_of(previous: _Previous | None) -> str | None:
    return None if previous is None else previous.label


def _previous_words(previous: _Previous | None) -> str:
    return msg("the previous dose") if previous is None else previous_dose_words(previous.label, previous.day)


@dataclass(frozen=True, slots=True)
class _WindowOnly:
    """The parts of a visit that `check_booking` reads, for a visit not built yet."""

    window_start: date
    window_end: date
    not_before: date | None
    previous_dose: date | None
    previous_dose_label: str | None


def _assessment_weeks(phases: tuple[AssessmentPhase, ...]) -> Iterator[int]:
    """Weeks after C1D1 of the tumour assessments: each phase every N weeks up to its last week."""
    week = 0
    for phase in phases:
        while phase.until_week is None or week + phase.every_weeks <= phase.until_week:
            week += phase.every_weeks
            yield week


def _last_recorded(done: Mapping[str, date], prefix: str) -> int:
    """The highest number of the `TA`/`OS` visits recorded as done (0 if none): those are always listed."""
    numbers = [parsed[1] for label in done if (parsed := parse_numbered_label(label)) and parsed[0] == prefix]
    return max(numbers, default=0)


def _sort_key(visit: Visit) -> tuple[date, int, int, int]:
    when = visit.actual or visit.booked or visit.target
    return when, _KIND_ORDER[visit.kind], visit.cycle or 0, visit.day or 0


def _booking_passed(booked: date) -> VisitWarning:
    return VisitWarning(
        BOOKING_PASSED,
        msg("Booked for {day}, which has passed, and not recorded as done.", day=describe(booked)),
    )


def _no_open_day(start: date, end: date) -> VisitWarning:
    return VisitWarning(
        NO_OPEN_DAY,
        msg(
            "No open clinic day from {start} to {end}: choose a day by hand and record why.",
            start=describe(start),
            end=describe(end),
        ),
    )


def _replace(visit: Visit, *, status: VisitStatus, warnings: tuple[VisitWarning, ...]) -> Visit:
    return replace(visit, status=status, warnings=warnings)
