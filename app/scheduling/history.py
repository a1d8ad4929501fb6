"""A patient's treatment history, as the calendar reads it, and its checks.

The history says what happened: the date of C1D1, the doses given, the visits omitted or done, the bookings,
and whether and when treatment stopped. The calendar (`build_calendar`) lays out everything else from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from app.errors import InputError
from app.protocol.model import Protocol
from app.scheduling.visits import dose_label, parse_dose_label, parse_numbered_label
from app.text import Message, msg

#: Labels of the single (unnumbered) visits that are not doses.
SINGLE_VISITS = frozenset({"SCR", "EOT", "SFU"})


@dataclass(frozen=True, slots=True)
class OffTreatment:
    """The investigator's decision to stop treatment: its date and reason (progression, toxicity, …)."""

    decided_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class FollowUpEnd:
    """The end of survival follow-up before the study ends: death or withdrawal of consent."""

    on: date
    reason: str


@dataclass(frozen=True)
class TreatmentHistory:
    """What happened to one patient so far.

    - `c1d1`: the date of the first dose (given, or planned if `doses` is empty).
    - `doses`: dose visit label (`C2D15`) → date given.
    - `omitted`: dose visits the investigator omitted (a Day 1 is never omitted: it waits).
    - `booked`: any visit label → date booked.
    - `done`: visits other than doses (`SCR`, `TA2`, `EOT`, `SFU`, `OS1`) → date done.
    - `off_treatment`: the decision to stop treatment; `follow_up_end`: death or withdrawal.
    - `held`: dose visits the investigator held (for the criteria to treat or a toxicity). A held Day 1 given
      after its target takes the day it is given as its target, so it is not out of its window (docs/domain.md
      section 5); a hold on another dose day changes no date (that day is still omitted after its last day).
    - `held_now`: those of `held` whose hold has not ended yet: no dose from the first of them on has a date to
      suggest until the hold ends (the calendar marks them `waits_for_hold`).
    """

    c1d1: date
    doses: Mapping[str, date] = field(default_factory=dict)
    omitted: frozenset[str] = frozenset()
    booked: Mapping[str, date] = field(default_factory=dict)
    done: Mapping[str, date] = field(default_factory=dict)
    off_treatment: OffTreatment | None = None
    follow_up_end: FollowUpEnd | None = None
    held: frozenset[str] = frozenset()
    held_now: frozenset[str] = frozenset()


def check_history(protocol: Protocol, history: TreatmentHistory, as_of: date) -> dict[tuple[int, int], date]:
    """Check `history` against the protocol; return the doses given as (cycle, day) → date.

    Raises InputError, in the coordinator's words, when a label (held ones too) is not one of this protocol's
    visits, a dose
    falls before C1D1 or after the as-of date or the decision to stop, doses are out of order, a Day 1 is
    missing before later doses, or a visit is both given and omitted.
    """
    dose_days = protocol.regimen.dose_days
    given: dict[tuple[int, int], date] = {}
    for label, when in history.doses.items():
        key = _dose_key(label, dose_days, msg("dose"))
        if when < history.c1d1:
            raise InputError(
                msg(
                    "{label} is recorded on {day}, before C1D1 ({c1d1}).",
                    label=label,
                    day=when.isoformat(),
                    c1d1=history.c1d1.isoformat(),
                )
            )
        if when > as_of:
            raise InputError(
                msg(
                    "{label} is recorded as given on {day}, after the as-of date {as_of}.",
                    label=label,
                    day=when.isoformat(),
                    as_of=as_of.isoformat(),
                )
            )
        given[key] = when
    c1 = given.get((1, 1))
    if given and c1 is None:
        raise InputError(msg("Doses are recorded but C1D1 is not: C1D1 is the date of the first dose."))
    if c1 is not None and c1 != history.c1d1:
        raise InputError(
            msg(
                "C1D1 is recorded as given on {day} but the history's C1D1 date is {c1d1}; they must be the same "
                "day.",
                day=c1.isoformat(),
                c1d1=history.c1d1.isoformat(),
            )
        )
    ordered = sorted(given)
    for (cycle, day), (next_cycle, next_day) in pairwise(ordered):
        if given[(next_cycle, next_day)] <= given[(cycle, day)]:
            raise InputError(
                msg(
                    "Doses are out of order: {label} on {day} is not after {previous} on {previous_day}.",
                    label=dose_label(next_cycle, next_day),
                    day=given[(next_cycle, next_day)].isoformat(),
                    previous=dose_label(cycle, day),
                    previous_day=given[(cycle, day)].isoformat(),
                )
            )
    first_day = dose_days[0]
    missing = (
        [cycle for cycle in range(1, ordered[-1][0] + 1) if (cycle, first_day) not in given]
        if ordered
        else []
    )
    if missing:
        later = next(key for key in ordered if key[0] >= missing[0])
        raise InputError(
            msg(
                "{label} is recorded but {missing} is not: every cycle starts with its Day 1.",
                label=dose_label(*later),
                missing=dose_label(missing[0], first_day),
            )
        )
    for label in history.omitted:
        cycle, day = _dose_key(label, dose_days, msg("omitted visit"))
        if day == dose_days[0]:
            raise InputError(
                msg(
                    "{label} cannot be omitted: a Day 1 that is held waits until it can be given.",
                    label=label,
                )
            )
        if (cycle, day) in given:
            raise InputError(msg("{label} is recorded both as given and as omitted.", label=label))
    for label in history.held:
        _dose_key(label, dose_days, msg("held visit"))
    for label in history.booked:
        if parse_dose_label(label) is not None:
            _dose_key(label, dose_days, msg("booked visit"))
        else:
            _check_other_label(label, msg("booked visit"))
    off = history.off_treatment
    for label, when in history.done.items():
        if parse_dose_label(label) is not None:
            raise InputError(
                msg(
                    "{label} is a dose: record it with the doses given, not with the visits done.",
                    label=label,
                )
            )
        _check_other_label(label, msg("visit done"))
        if when > as_of:
            raise InputError(
                msg(
                    "{label} is recorded as done on {day}, after the as-of date.",
                    label=label,
                    day=when.isoformat(),
                )
            )
        if off is None and (label in ("EOT", "SFU") or label.startswith("OS")):
            raise InputError(msg("{label} is recorded but treatment has not been stopped.", label=label))
    if off is not None:
        if off.decided_on < history.c1d1:
            raise InputError(
                msg(
                    "The decision to stop treatment ({stopped_on}) is before C1D1 ({c1d1}).",
                    stopped_on=off.decided_on.isoformat(),
                    c1d1=history.c1d1.isoformat(),
                )
            )
        if off.decided_on > as_of:
            raise InputError(
                msg(
                    "The decision to stop treatment is dated {stopped_on}, after the as-of date.",
                    stopped_on=off.decided_on.isoformat(),
                )
            )
        for (cycle, day), when in given.items():
            if when > off.decided_on:
                raise InputError(
                    msg(
                        "{label} is recorded on {day}, after the decision to stop treatment on {stopped_on}.",
                        label=dose_label(cycle, day),
                        day=when.isoformat(),
                        stopped_on=off.decided_on.isoformat(),
                    )
                )
    end = history.follow_up_end
    if end is not None:
        if off is None:
            raise InputError(
                msg("Follow-up has ended but treatment has not been stopped: record the stop first.")
            )
        if end.on < off.decided_on:
            raise InputError(msg("The end of follow-up is dated before the decision to stop treatment."))
    return given


def _dose_key(label: str, dose_days: tuple[int, ...], what: Message) -> tuple[int, int]:
    key = parse_dose_label(label)
    if key is None or key[1] not in dose_days:
        days = ", ".join(f"D{d}" for d in dose_days)
        raise InputError(
            msg(
                "Unknown {what} {label}: dose visits are named like {example} ({days}).",
                what=what,
                label=repr(label),
                example=f"C3D{dose_days[-1]}",
                days=days,
            )
        )
    return key


def _check_other_label(label: str, what: Message) -> None:
    if label in SINGLE_VISITS or parse_numbered_label(label) is not None:
        return
    raise InputError(
        msg(
            "Unknown {what} {label}: visits are named SCR, C3D15, TA2, EOT, SFU or OS1.",
            what=what,
            label=repr(label),
        )
    )
