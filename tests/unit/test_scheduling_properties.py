"""Properties of the calendar over random treatment histories of both regimens (Hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from app.protocol import Protocol, load_protocol
from app.scheduling import (
    Calendar,
    OffTreatment,
    TreatmentHistory,
    Visit,
    build_calendar,
    default_clinic,
)

PROTOCOLS = (load_protocol("nct07343453"), load_protocol("sacituzumab-govitecan"))


@dataclass(frozen=True)
class Case:
    protocol: Protocol
    history: TreatmentHistory
    as_of: date
    until: date


def _days(n: int) -> timedelta:
    return timedelta(days=n)


@st.composite
def cases(draw: st.DrawFn, with_stop: bool = True) -> Case:
    """A history that holds together: doses in order, some Day 1s held, some later days omitted or late."""
    protocol = draw(st.sampled_from(PROTOCOLS))
    regimen, rules = protocol.regimen, protocol.schedule
    c1d1 = draw(st.dates(date(2025, 1, 1), date(2028, 6, 30)))
    cycles = draw(st.integers(0, 9))
    doses: dict[str, date] = {}
    omitted: set[str] = set()
    held: set[str] = set()
    last = c1d1
    day1 = c1d1
    if cycles:
        doses["C1D1"] = c1d1
    for cycle in range(1, cycles + 1):
        if cycle > 1:
            hold = draw(st.one_of(st.integers(-3, 3), st.integers(4, 40)))
            day1 = max(day1 + _days(regimen.cycle_length_days + hold), last + _days(1))
            doses[f"C{cycle}D1"] = day1
            last = day1
            if hold > 0 and draw(st.booleans()):
                held.add(f"C{cycle}D1")  # the investigator held it for the criteria to treat
        for day in regimen.dose_days[1:]:
            fate = draw(st.sampled_from(("given", "given", "given", "omitted", "skipped")))
            if fate == "given":
                shift = draw(st.integers(-4, rules.late_dose_omitted_after_day - day + 2))
                when = max(day1 + _days(day - 1 + shift), last + _days(1))
                doses[f"C{cycle}D{day}"] = when
                last = when
            elif fate == "omitted":
                omitted.add(f"C{cycle}D{day}")
    as_of = max(c1d1, last) + _days(draw(st.integers(-10 if not doses else 0, 70)))
    off = None
    if with_stop and doses and draw(st.booleans()):
        decided = last + _days(draw(st.integers(0, 30)))
        off = OffTreatment(decided, "progression")
        as_of = max(as_of, decided)
    until = as_of + _days(draw(st.integers(0, 400)))
    later_day = regimen.dose_days[1]
    candidates = [f"C{cycles + 1}D1", f"C{max(cycles, 1)}D{later_day}", f"C{cycles + 2}D1", "TA1", "TA3"]
    booked = {
        label: as_of + _days(draw(st.integers(-5, 40)))
        for label in draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True))
        if label not in doses
    }
    if draw(st.booleans()):
        held.add(f"C{cycles + 1}D1")  # a hold still waiting
    history = TreatmentHistory(
        c1d1=c1d1,
        doses=doses,
        omitted=frozenset(omitted),
        booked=booked,
        off_treatment=off,
        held=frozenset(held),
    )
    return Case(protocol, history, as_of, until)


def build(case: Case) -> Calendar:
    return build_calendar(case.protocol, case.history, as_of=case.as_of, until=case.until)


def _dose_date(visit: Visit, as_of: date) -> date:
    """The date a dose visit falls on: given, else booked or suggested, else its target (not before today)."""
    if visit.actual is not None:
        return visit.actual
    return max(visit.booked or visit.suggested or visit.target, as_of)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_consecutive_doses_never_closer_than_the_minimum_interval(case: Case) -> None:
    """Given or planned, two doses in a row are at least the minimum interval apart, unless a warning
    on the later one says why (a dose already given too soon, or a window the interval closes)."""
    calendar = build(case)
    gap = _days(case.protocol.schedule.min_interval_days)
    doses = sorted(
        (v for v in calendar.visits if v.kind == "dose" and v.status in ("done", "planned", "booked")),
        key=lambda v: (v.cycle or 0, v.day or 0),
    )
    for earlier, later in pairwise(doses):
        explained = {"too_soon", "window_closed", "overdue"} & set(later.warning_codes)
        if later.status == "done":
            if later.actual < earlier.actual + gap:  # type: ignore[operator]
                assert "too_soon" in later.warning_codes
            continue
        if later.booked is not None and later.booked < _dose_date(earlier, case.as_of) + gap:
            assert "too_soon" in later.warning_codes
        if later.suggested is not None:
            assert later.suggested >= _dose_date(earlier, case.as_of) + gap
        elif not explained:
            assert later.window_start >= _dose_date(earlier, case.as_of) + gap or later.target > case.until


@settings(max_examples=150, deadline=None)
@given(cases())
def test_every_planned_target_is_inside_its_window_unless_a_warning_says_why(case: Case) -> None:
    calendar = build(case)
    for visit in calendar.visits:
        assert visit.window_start <= visit.window_end or "window_closed" in visit.warning_codes
        if not visit.is_open:
            continue
        if not visit.window_start <= visit.target <= visit.window_end:
            assert {"target_too_soon", "window_closed"} & set(visit.warning_codes), visit
        if visit.suggested is None:
            assert {"no_open_day", "window_closed", "overdue", "out_of_window"} & set(visit.warning_codes), (
                visit
            )
        if case.as_of > visit.window_end:
            assert {"overdue", "out_of_window"} & set(visit.warning_codes), visit
        assert visit.target <= case.until


@settings(max_examples=150, deadline=None)
@given(cases(with_stop=False))
def test_tumour_assessments_do_not_move_with_dose_delays(case: Case) -> None:
    """The same patient with no dose after C1D1 has the very same assessment dates."""
    protocol, history = case.protocol, case.history
    undelayed = TreatmentHistory(
        c1d1=history.c1d1, doses={k: v for k, v in history.doses.items() if k == "C1D1"}
    )
    plan = protocol.schedule.tumour_assessment
    assessments = sorted(
        (v for v in build(case).visits if v.kind == "tumour_assessment"), key=lambda v: int(v.label[2:])
    )
    reference = {
        v.label: v
        for v in build_calendar(protocol, undelayed, as_of=case.as_of, until=case.until).visits
        if v.kind == "tumour_assessment"
    }
    assert [v.label for v in assessments] == list(reference)
    for visit in assessments:
        same = reference[visit.label]
        assert (visit.target, visit.window_start, visit.window_end) == (
            same.target,
            same.window_start,
            same.window_end,
        )
        assert visit.window_end - visit.target == _days(plan.window_days)
        weeks = (visit.target - history.c1d1).days / 7
        assert weeks == int(weeks)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_suggested_dates_are_open_days_inside_the_window(case: Case) -> None:
    calendar = build(case)
    clinic = default_clinic(case.protocol)
    for visit in calendar.visits:
        if visit.suggested is None:
            continue
        assert visit.is_open
        assert visit.window_start <= visit.suggested <= visit.window_end
        assert visit.suggested >= case.as_of
        assert visit.not_before is None or visit.suggested >= visit.not_before
        assert clinic.is_open(visit.suggested)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_calendar_is_in_date_order_and_complete(case: Case) -> None:
    calendar = build(case)
    dates = [v.actual or v.booked or v.target for v in calendar.visits]
    assert dates == sorted(dates)
    labels = [v.label for v in calendar.visits]
    assert len(labels) == len(set(labels))
    assert set(case.history.doses) <= set(labels)
    for visit in calendar.visits:
        assert (visit.status == "done") == (visit.actual is not None) or visit.label == "SCR"
    if case.history.off_treatment is not None:
        assert not [v for v in calendar.visits if v.kind == "dose" and v.is_open]
        assert calendar.visit("EOT") is not None


@settings(max_examples=150, deadline=None)
@given(cases())
def test_a_held_day_1_given_late_is_on_target_and_never_out_of_window(case: Case) -> None:
    """A held Day 1's target becomes the day it is given; only a dose given too soon is out of its window."""
    calendar = build(case)
    cycle_length = _days(case.protocol.regimen.cycle_length_days)
    day1s = {v.cycle: v for v in calendar.visits if v.kind == "dose" and v.day == 1}
    for cycle, visit in day1s.items():
        if visit.label not in case.history.held or visit.actual is None or cycle is None or cycle == 1:
            continue
        previous = day1s[cycle - 1].actual
        assert previous is not None
        scheduled = previous + cycle_length
        if visit.actual > scheduled:
            assert visit.target == visit.actual
            assert "out_of_window" not in visit.warning_codes or "too_soon" in visit.warning_codes
        else:
            assert visit.target == scheduled
        if (visit.actual - scheduled).days > case.protocol.schedule.max_delay_days:
            assert "delay_exceeds_max" in visit.warning_codes
