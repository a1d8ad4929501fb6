"""The calendar with worked dates (docs/domain.md §5), for NCT07343453 and the second regimen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.errors import InputError
from app.protocol import Protocol, load_protocol
from app.scheduling import (
    Calendar,
    ClinicCalendar,
    FollowUpEnd,
    OffTreatment,
    TreatmentHistory,
    Visit,
    build_calendar,
    check_booking,
    next_dose_visit,
    screening_limits,
)

NCT = load_protocol("nct07343453")
SG = load_protocol("sacituzumab-govitecan")


def d(text: str) -> date:
    return date.fromisoformat(text)


def history(c1d1: str, doses: dict[str, str] | None = None, **extra: object) -> TreatmentHistory:
    given = {label: d(day) for label, day in (doses or {}).items()}
    if doses is None:
        given = {"C1D1": d(c1d1)}
    return TreatmentHistory(c1d1=d(c1d1), doses=given, **extra)  # type: ignore[arg-type]


def calendar(h: TreatmentHistory, as_of: str, until: str | None = None, protocol: Protocol = NCT) -> Calendar:
    return build_calendar(protocol, h, as_of=d(as_of), until=None if until is None else d(until))


def visit(c: Calendar, label: str) -> Visit:
    found = c.visit(label)
    assert found is not None, f"{label} not in {[v.label for v in c.visits]}"
    return found


def codes(v: Visit) -> set[str]:
    return set(v.warning_codes)


# -- cycles and windows ------------------------------------------------------------------------------------


def test_cycle_two_targets_day_one_plus_28_days() -> None:
    c = calendar(history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-19"}), "2026-01-20")
    c2d1 = visit(c, "C2D1")
    # ±3 days, its front closed to 31 January: 12 days after C1D15.
    assert (c2d1.target, c2d1.window_start, c2d1.window_end) == (
        d("2026-02-02"),
        d("2026-01-31"),
        d("2026-02-05"),
    )
    assert (c2d1.kind, c2d1.cycle, c2d1.day, c2d1.status) == ("dose", 2, 1, "planned")
    assert c2d1.suggested == d("2026-02-02")
    assert c2d1.warnings == ()
    c1d15 = visit(c, "C1D15")
    assert (c1d15.target, c1d15.actual, c1d15.status) == (d("2026-01-19"), d("2026-01-19"), "done")
    # Day 15 of cycle 2 on its (projected) Day 1 + 14.
    assert visit(c, "C2D15").target == d("2026-02-16")


def test_day_15_window_front_is_closed_by_the_minimum_interval() -> None:
    c = calendar(history("2026-01-05"), "2026-01-06")
    c1d15 = visit(c, "C1D15")
    # ±3 days around 19 January, but not before 12 days after 5 January.
    assert (c1d15.window_start, c1d15.window_end) == (d("2026-01-17"), d("2026-01-22"))
    assert c1d15.not_before == d("2026-01-17")
    assert (c1d15.previous_dose, c1d15.previous_dose_label) == (d("2026-01-05"), "C1D1")


def test_a_late_day_15_does_not_move_the_next_day_1_but_closes_its_window() -> None:
    # C1D15 given on Day 19 (23 January): C2D1 still targets 2 February; 12 days after 23 January is 4 February.
    c = calendar(history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-23"}), "2026-01-24")
    c2d1 = visit(c, "C2D1")
    assert c2d1.target == d("2026-02-02")
    assert (c2d1.window_start, c2d1.window_end) == (d("2026-02-04"), d("2026-02-05"))
    assert c2d1.suggested == d("2026-02-04")
    assert "target_too_soon" in codes(c2d1)
    assert visit(c, "C1D15").warning_codes == ("out_of_window",)


def test_the_minimum_interval_counts_from_where_a_planned_dose_is_suggested() -> None:
    """Kept choice: for a dose still planned, the next dose's minimum interval counts from its booked, else
    suggested, date (else its target), so that following both suggestions never breaks the interval.

    C1D1 Monday 21 September 2026: C1D15 targets Monday 5 October, in the National Day week (1–7 October
    closed), and is suggested Thursday 8 October. C2D1 targets Monday 19 October: 12 days after 8 October is
    20 October. Counted from the target (5 October) C2D1 would be suggested on 19 October, 11 days after."""
    c = calendar(history("2026-09-21"), "2026-09-22")
    c1d15 = visit(c, "C1D15")
    assert (c1d15.target, c1d15.suggested) == (d("2026-10-05"), d("2026-10-08"))
    c2d1 = visit(c, "C2D1")
    assert (c2d1.previous_dose_label, c2d1.previous_dose) == ("C1D15", d("2026-10-08"))
    assert (c2d1.target, c2d1.not_before, c2d1.window_start) == (
        d("2026-10-19"),
        d("2026-10-20"),
        d("2026-10-20"),
    )
    assert c2d1.suggested == d("2026-10-20")
    assert codes(c2d1) == {"target_too_soon"}
    # Once C1D15 is given (on its suggested day) the interval counts from that day, as the calendar's rule says (docs/domain.md §5).
    given = calendar(history("2026-09-21", {"C1D1": "2026-09-21", "C1D15": "2026-10-08"}), "2026-10-08")
    assert visit(given, "C2D1").not_before == d("2026-10-20")


def test_the_minimum_interval_can_close_the_whole_window() -> None:
    # C1D15 given on Day 22 (26 January): no day of 30 Jan – 5 Feb is 12 days after it.
    c = calendar(history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-26"}), "2026-01-26")
    c2d1 = visit(c, "C2D1")
    assert c2d1.suggested is None
    assert "window_closed" in codes(c2d1)
    assert (c2d1.window_start, c2d1.window_end) == (d("2026-01-30"), d("2026-02-05"))
    assert c2d1.not_before == d("2026-02-07")
    message = next(w.message for w in c2d1.warnings if w.code == "window_closed")
    assert "2026-02-07" in message and "C1D15" in message


def test_spring_festival_target_gets_the_working_saturday() -> None:
    # C1D1 Monday 19 Jan 2026, C1D15 2 Feb: C2D1 targets Monday 16 Feb, the eve of the Spring Festival.
    c = calendar(history("2026-01-19", {"C1D1": "2026-01-19", "C1D15": "2026-02-02"}), "2026-02-03")
    c2d1 = visit(c, "C2D1")
    assert c2d1.target == d("2026-02-16")
    assert (c2d1.window_start, c2d1.window_end) == (d("2026-02-14"), d("2026-02-19"))
    assert c2d1.suggested == d("2026-02-14")  # the make-up working Saturday
    assert c2d1.warnings == ()


def test_festival_week_without_an_open_day_warns() -> None:
    # C1D1 Wednesday 21 Jan: C2D1 targets Wednesday 18 Feb; 15–21 Feb are all closed.
    c = calendar(history("2026-01-21", {"C1D1": "2026-01-21", "C1D15": "2026-02-04"}), "2026-02-05")
    c2d1 = visit(c, "C2D1")
    assert (c2d1.target, c2d1.window_start, c2d1.window_end) == (
        d("2026-02-18"),
        d("2026-02-16"),
        d("2026-02-21"),
    )
    assert c2d1.suggested is None
    assert codes(c2d1) == {"no_open_day"}
    assert c2d1.status == "planned"


def test_festival_target_on_the_last_day_off_goes_to_the_next_open_day() -> None:
    # C1D1 Friday 23 Jan: C2D1 targets Friday 20 Feb (a day off); 18–23 Feb are all closed.
    c = calendar(history("2026-01-23", {"C1D1": "2026-01-23", "C1D15": "2026-02-06"}), "2026-02-07")
    c2d1 = visit(c, "C2D1")
    assert (c2d1.window_start, c2d1.window_end) == (d("2026-02-18"), d("2026-02-23"))
    assert c2d1.suggested is None
    # C1D1 Monday 26 Jan: C2D1 targets Monday 23 Feb, the last day off; Tuesday 24 is the nearest open day.
    c = calendar(history("2026-01-26", {"C1D1": "2026-01-26", "C1D15": "2026-02-09"}), "2026-02-10")
    c2d1 = visit(c, "C2D1")
    assert (c2d1.target, c2d1.window_start, c2d1.window_end) == (
        d("2026-02-23"),
        d("2026-02-21"),
        d("2026-02-26"),
    )
    assert c2d1.suggested == d("2026-02-24")


def test_ties_go_to_the_later_day() -> None:
    # C1D1 on the working Saturday 9 May 2026: TA1 (week 6) targets Saturday 20 June, the day after the Dragon
    # Boat Festival: Thursday 18 and Monday 22 are both two days away.
    c = calendar(history("2026-05-09"), "2026-05-10")
    ta1 = visit(c, "TA1")
    assert ta1.target == d("2026-06-20")
    assert ta1.suggested == d("2026-06-22")


def test_a_booked_date_outside_the_window_is_flagged() -> None:
    h = history(
        "2026-01-05", {"C1D1": "2026-01-05"}, booked={"C1D15": d("2026-01-16"), "TA1": d("2026-02-21")}
    )
    c = calendar(h, "2026-01-06")
    c1d15 = visit(c, "C1D15")
    assert (c1d15.status, c1d15.booked) == ("booked", d("2026-01-16"))
    assert codes(c1d15) == {"out_of_window", "too_soon"}
    ta1 = visit(c, "TA1")
    assert ta1.status == "booked"
    assert codes(ta1) == {"clinic_closed"}  # a Saturday, inside the window


def test_planned_visits_stop_at_until() -> None:
    c = calendar(history("2026-01-05"), "2026-01-06", until="2026-03-01")
    assert max(v.target for v in c.visits if v.is_open) <= d("2026-03-01")
    assert c.visit("C3D1") is None  # 2 March
    assert visit(c, "C2D15").target == d("2026-02-16")
    default = calendar(history("2026-01-05"), "2026-01-06")
    assert default.until == d("2026-07-06")
    assert max(v.target for v in default.visits) <= d("2026-07-06")


# -- late and missed Day 15 ----------------------------------------------------------------------------------


def test_a_day_15_not_given_by_day_22_is_omitted() -> None:
    h = history("2026-01-05")
    on_day_19 = visit(calendar(h, "2026-01-23"), "C1D15")
    assert on_day_19.status == "planned"
    assert codes(on_day_19) == {"overdue"}  # window ended 22 January
    assert "2026-01-26" in on_day_19.warnings[0].message
    on_day_22 = visit(calendar(h, "2026-01-26"), "C1D15")
    assert on_day_22.status == "planned"
    on_day_23 = visit(calendar(h, "2026-01-27"), "C1D15")
    assert on_day_23.status == "omitted"
    assert on_day_23.suggested is None


def test_an_omitted_day_15_is_kept_and_later_doses_count_from_day_1() -> None:
    h = history("2026-01-05", {"C1D1": "2026-01-05"}, omitted=frozenset({"C1D15"}))
    c = calendar(h, "2026-01-10")
    assert visit(c, "C1D15").status == "omitted"
    c2d1 = visit(c, "C2D1")
    assert c2d1.previous_dose == d("2026-01-05")
    assert c2d1.window_start == d("2026-01-30")


def test_a_day_15_skipped_before_the_next_day_1_counts_as_omitted() -> None:
    h = history("2026-01-05", {"C1D1": "2026-01-05", "C2D1": "2026-02-02"})
    assert visit(calendar(h, "2026-02-02"), "C1D15").status == "omitted"


def test_a_late_day_15_given_after_day_22_is_flagged() -> None:
    h = history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-27"})
    assert "late_dose" in codes(visit(calendar(h, "2026-01-27"), "C1D15"))


# -- delayed Day 1 -------------------------------------------------------------------------------------------


def test_a_held_day_1_waits_and_later_cycles_move_but_assessments_do_not() -> None:
    h = history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-19"})
    on_time = calendar(h, "2026-01-20")
    held = calendar(h, "2026-02-10")  # C2D1 (2 Feb, window to 5 Feb) not given by 10 Feb
    c2d1 = visit(held, "C2D1")
    assert (c2d1.status, c2d1.target, c2d1.suggested) == ("planned", d("2026-02-02"), None)
    assert codes(c2d1) == {"overdue"}
    assert "2026-02-10" in c2d1.warnings[0].message  # the next open clinic day
    assert visit(held, "C2D15").target == d("2026-02-24")  # from 10 Feb, not 2 Feb
    assert visit(held, "C3D1").target == d("2026-03-10")
    assert visit(on_time, "C3D1").target == d("2026-03-02")
    for label in ("TA1", "TA2"):
        assert visit(held, label).target == visit(on_time, label).target
    assert visit(held, "TA1").target == d("2026-02-16")  # week 6 from C1D1
    # Given on 12 February: cycle 2 counts from that day.
    given = history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-19", "C2D1": "2026-02-12"})
    after = calendar(given, "2026-02-12")
    assert visit(after, "C2D15").target == d("2026-02-26")
    assert visit(after, "C3D1").target == d("2026-03-12")
    assert codes(visit(after, "C2D1")) == {"out_of_window"}


HELD_C2D1 = {"C1D1": "2026-01-05", "C1D15": "2026-01-19", "C2D1": "2026-02-12"}


def test_a_held_day_1_given_late_takes_the_day_it_is_given_as_its_target() -> None:
    # C2D1 targeted Monday 2 February (window to 5 February), held for the criteria to treat, given 12 February.
    held = calendar(history("2026-01-05", HELD_C2D1, held=frozenset({"C2D1"})), "2026-02-12")
    c2d1 = visit(held, "C2D1")
    assert (c2d1.target, c2d1.actual, c2d1.status) == (d("2026-02-12"), d("2026-02-12"), "done")
    assert (c2d1.window_start, c2d1.window_end) == (d("2026-02-09"), d("2026-02-15"))
    assert c2d1.warnings == ()
    # Later cycles move with it; tumour assessments do not.
    assert visit(held, "C2D15").target == d("2026-02-26")
    assert visit(held, "C3D1").target == d("2026-03-12")
    assert visit(held, "TA1").target == d("2026-02-16")
    # The same late dose without a hold keeps its target and is flagged.
    unheld = visit(calendar(history("2026-01-05", HELD_C2D1), "2026-02-12"), "C2D1")
    assert (unheld.target, unheld.warning_codes) == (d("2026-02-02"), ("out_of_window",))


def test_a_held_day_1_given_more_than_21_days_late_still_prompts_discontinuation() -> None:
    doses = dict(HELD_C2D1, C2D1="2026-02-26")  # 24 days after its target of 2 February
    c2d1 = visit(calendar(history("2026-01-05", doses, held=frozenset({"C2D1"})), "2026-02-26"), "C2D1")
    assert c2d1.target == d("2026-02-26")
    assert c2d1.warning_codes == ("delay_exceeds_max",)
    assert "24 days after its target 2026-02-02 (Mon)" in c2d1.warnings[0].message


def test_a_hold_still_waiting_and_a_held_day_15_change_no_date() -> None:
    doses = {"C1D1": "2026-01-05", "C1D15": "2026-01-19"}
    held = calendar(history("2026-01-05", doses, held=frozenset({"C2D1"})), "2026-02-10")
    plain = calendar(history("2026-01-05", doses), "2026-02-10")
    assert held.visits == plain.visits  # C2D1 waits, overdue, later cycles projected from today
    late_d15 = {"C1D1": "2026-01-05", "C1D15": "2026-01-23"}
    c1d15 = visit(calendar(history("2026-01-05", late_d15, held=frozenset({"C1D15"})), "2026-01-24"), "C1D15")
    assert (c1d15.target, c1d15.warning_codes) == (d("2026-01-19"), ("out_of_window",))


def test_a_day_1_more_than_21_days_late_prompts_discontinuation() -> None:
    h = history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-19"})
    assert codes(visit(calendar(h, "2026-02-23"), "C2D1")) == {"overdue"}  # 21 days past 2 Feb
    late = visit(calendar(h, "2026-02-24"), "C2D1")
    assert codes(late) == {"overdue", "delay_exceeds_max"}
    assert "22 days" in next(w.message for w in late.warnings if w.code == "delay_exceeds_max")
    given = history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-19", "C2D1": "2026-02-26"})
    assert "delay_exceeds_max" in codes(visit(calendar(given, "2026-02-26"), "C2D1"))


def test_a_planned_first_dose_and_the_next_dose_visit() -> None:
    h = TreatmentHistory(c1d1=d("2026-03-02"))
    c = calendar(h, "2026-02-20")
    c1d1 = visit(c, "C1D1")
    assert (c1d1.status, c1d1.target, c1d1.suggested) == ("planned", d("2026-03-02"), d("2026-03-02"))
    assert c.next_dose_visit() == c1d1
    given = history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-19"})
    nxt = next_dose_visit(NCT, given, d("2026-01-20"))
    assert nxt is not None and nxt.label == "C2D1"


# -- tumour assessments --------------------------------------------------------------------------------------


def test_tumour_assessments_every_6_weeks_to_week_48_then_every_9() -> None:
    c = calendar(history("2026-01-05"), "2026-01-06", until="2027-06-30")
    tas = [v for v in c.visits if v.kind == "tumour_assessment"]
    weeks = [(v.target - d("2026-01-05")).days // 7 for v in tas]
    assert weeks[:10] == [6, 12, 18, 24, 30, 36, 42, 48, 57, 66]
    assert [v.label for v in tas[:3]] == ["TA1", "TA2", "TA3"]
    ta1 = tas[0]
    assert (ta1.window_start, ta1.window_end) == (d("2026-02-09"), d("2026-02-23"))


def test_tumour_assessments_done_or_missed() -> None:
    doses = {"C1D1": "2026-01-05", "C1D15": "2026-01-19", "C2D1": "2026-02-02", "C2D15": "2026-02-14"}
    h = history("2026-01-05", doses, done={"TA2": d("2026-03-31")})
    c = calendar(h, "2026-04-01")
    assert visit(c, "TA1").status == "missed"  # window ended 23 February, nothing recorded
    ta2 = visit(c, "TA2")
    assert (ta2.status, ta2.actual) == ("done", d("2026-03-31"))
    assert visit(c, "TA3").status == "planned"


# -- screening -----------------------------------------------------------------------------------------------


def test_screening_window_and_lab_limits() -> None:
    limits = screening_limits(NCT, d("2026-01-05"))
    assert (limits.window_start, limits.window_end) == (d("2025-12-08"), d("2026-01-04"))
    assert limits.labs_from == d("2025-12-22")
    assert limits.pregnancy_test_from == d("2026-01-02")
    c = calendar(TreatmentHistory(c1d1=d("2026-01-05")), "2025-12-01")
    scr = visit(c, "SCR")
    assert (scr.kind, scr.status, scr.window_start, scr.window_end) == (
        "screening",
        "planned",
        d("2025-12-08"),
        d("2026-01-04"),
    )
    assert scr.suggested is not None and scr.window_start <= scr.suggested <= scr.window_end
    assert c.screening == limits
    assert c.visits[0].label == "SCR"
    # Once C1D1 is given the patient was screened, whether or not the history dates it.
    assert visit(calendar(history("2026-01-05"), "2026-01-06"), "SCR").status == "done"


@pytest.mark.parametrize(
    ("c1d1", "suggested"),
    [
        # C1D1 Monday 2 March 2026: labs count from Monday 16 February, the eve of the Spring Festival. The
        # nearest open day is the working Saturday 14 February, 16 days before C1D1: its labs would not count.
        ("2026-03-02", "2026-02-24"),
        # C1D1 Thursday 15 October 2026: labs count from 1 October, National Day; 30 September is nearer.
        ("2026-10-15", "2026-10-08"),
        # An ordinary week: the target itself.
        ("2026-04-20", "2026-04-07"),
    ],
)
def test_screening_is_suggested_on_a_day_its_labs_count_for_c1d1(c1d1: str, suggested: str) -> None:
    c = calendar(TreatmentHistory(c1d1=d(c1d1)), "2026-01-02")
    scr = visit(c, "SCR")
    assert scr.target == c.screening.labs_from == d(c1d1) - timedelta(days=14)
    assert scr.suggested == d(suggested)
    assert c.screening.labs_from <= scr.suggested <= scr.window_end
    assert (scr.window_start, scr.window_end) == (d(c1d1) - timedelta(days=28), d(c1d1) - timedelta(days=1))
    assert scr.warnings == ()


def test_screening_falls_back_to_its_whole_window_when_no_day_of_the_labs_window_is_open() -> None:
    c1d1 = d("2026-04-20")
    closed = {c1d1 - timedelta(days=n) for n in range(1, 15)}
    clinic = ClinicCalendar.for_protocol(NCT, extra_closed=closed)
    c = build_calendar(NCT, TreatmentHistory(c1d1=c1d1), as_of=d("2026-01-02"), clinic=clinic)
    assert visit(c, "SCR").suggested == d("2026-04-03")  # Friday, 17 days before: the nearest open day


# -- off treatment and follow-up -----------------------------------------------------------------------------

STOPPED_DOSES = {
    "C1D1": "2026-01-05",
    "C1D15": "2026-01-19",
    "C2D1": "2026-02-02",
    "C2D15": "2026-02-14",
    "C3D1": "2026-03-02",
}


def test_off_treatment_cancels_pending_doses_and_plans_eot_sfu_and_survival() -> None:
    h = history("2026-01-05", STOPPED_DOSES, off_treatment=OffTreatment(d("2026-03-10"), "progression"))
    c = calendar(h, "2026-03-10", until="2027-06-30")
    assert visit(c, "C3D15").status == "cancelled"
    assert visit(c, "C4D1").status == "cancelled"
    assert c.visit("C4D15") is None
    assert not [v for v in c.visits if v.kind == "dose" and v.is_open]
    assert c.next_dose_visit() is None
    eot = visit(c, "EOT")
    assert (eot.target, eot.window_start, eot.window_end, eot.status) == (
        d("2026-03-10"),
        d("2026-03-10"),
        d("2026-03-17"),
        "planned",
    )
    sfu = visit(c, "SFU")
    assert (sfu.target, sfu.window_start, sfu.window_end) == (
        d("2026-04-01"),
        d("2026-03-25"),
        d("2026-04-08"),
    )
    os_visits = [v for v in c.visits if v.kind == "survival_follow_up"]
    assert [v.target for v in os_visits[:3]] == [d("2026-06-30"), d("2026-09-28"), d("2026-12-27")]
    assert (os_visits[0].label, os_visits[0].window_start, os_visits[0].window_end) == (
        "OS1",
        d("2026-06-16"),
        d("2026-07-14"),
    )
    assert max(v.target for v in os_visits) <= d("2027-06-30")
    # Tumour assessments stop with treatment: TA1 (16 Feb) is kept, TA2 (30 Mar) is not planned.
    assert visit(c, "TA1").status == "missed"
    assert c.visit("TA2") is None
    assert [v.label for v in c.visits][-len(os_visits) :] == [f"OS{i}" for i in range(1, len(os_visits) + 1)]


def test_no_tumour_assessment_is_planned_after_the_decision_to_stop_but_recorded_ones_stay() -> None:
    """Kept choice: after the decision to stop treatment the trial follows safety and survival only (the
    registry record); an assessment recorded afterwards (e.g. at EOT) is still listed as done."""
    h = history(
        "2026-01-05",
        STOPPED_DOSES,
        off_treatment=OffTreatment(d("2026-03-10"), "toxicity"),
        done={"TA2": d("2026-03-16")},
    )
    c = calendar(h, "2026-03-20", until="2027-06-30")
    assert visit(c, "TA2").status == "done"  # target 30 March, done early at the end of treatment
    assert [v.label for v in c.visits if v.kind == "tumour_assessment"] == ["TA1", "TA2"]


def test_survival_follow_up_runs_to_study_end_or_death() -> None:
    h = history("2026-01-05", STOPPED_DOSES, off_treatment=OffTreatment(d("2026-03-10"), "toxicity"))
    to_end = [
        v for v in calendar(h, "2026-03-10", until="2031-01-01").visits if v.kind == "survival_follow_up"
    ]
    assert to_end[-1].target <= NCT.study_end < to_end[-1].target + timedelta(days=90)
    assert len(to_end) == 15  # 30 Jun 2026 + 14 × 90 days = 11 Dec 2029, before the study end (22 Dec)
    assert to_end[-1].target == d("2029-12-11")
    dead = TreatmentHistory(
        c1d1=h.c1d1,
        doses=h.doses,
        off_treatment=h.off_treatment,
        follow_up_end=FollowUpEnd(d("2026-10-01"), "death"),
    )
    labels = [v.label for v in calendar(dead, "2026-10-02", until="2031-01-01").visits]
    assert "OS2" in labels and "OS3" not in labels


def test_survival_visits_recorded_are_listed_even_after_the_end_of_follow_up() -> None:
    h = TreatmentHistory(
        c1d1=d("2026-01-05"),
        doses={k: d(v) for k, v in STOPPED_DOSES.items()},
        off_treatment=OffTreatment(d("2026-03-10"), "progression"),
        done={"OS3": d("2026-12-28")},
        follow_up_end=FollowUpEnd(d("2026-08-01"), "withdrawal of consent"),
    )
    c = calendar(h, "2027-01-05", until="2027-03-01")
    assert visit(c, "OS3").status == "done"
    assert visit(c, "OS2").status == "missed"
    assert c.visit("OS4") is None


def test_follow_up_visits_done_and_missed() -> None:
    h = history(
        "2026-01-05",
        STOPPED_DOSES,
        off_treatment=OffTreatment(d("2026-03-10"), "progression"),
        done={"EOT": d("2026-03-12")},
    )
    c = calendar(h, "2026-04-20")
    assert visit(c, "EOT").status == "done"
    assert visit(c, "SFU").status == "missed"
    assert visit(c, "OS1").status == "planned"


def test_a_day_15_past_its_last_day_before_the_stop_is_omitted_not_cancelled() -> None:
    doses = {"C1D1": "2026-01-05", "C1D15": "2026-01-19", "C2D1": "2026-02-02"}
    h = history("2026-01-05", doses, off_treatment=OffTreatment(d("2026-02-25"), "withdrawal"))
    c = calendar(h, "2026-02-25")
    assert visit(c, "C2D15").status == "omitted"  # Day 22 was 23 February
    assert visit(c, "C3D1").status == "cancelled"


# -- booking checks ------------------------------------------------------------------------------------------


def test_check_booking_names_every_problem() -> None:
    clinic = ClinicCalendar.for_protocol(NCT)
    h = history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-22"})
    c2d1 = visit(calendar(h, "2026-01-23"), "C2D1")
    assert check_booking(c2d1, d("2026-02-03"), clinic) == []
    problems = check_booking(c2d1, d("2026-02-01"), clinic)
    assert {w.code for w in problems} == {"out_of_window", "clinic_closed", "too_soon"}
    closed = next(w for w in problems if w.code == "clinic_closed")
    assert "weekend" in closed.message
    festival = visit(calendar(history("2026-01-19", {"C1D1": "2026-01-19"}), "2026-01-20"), "C1D15")
    problems = check_booking(festival, d("2026-02-02"), clinic, as_of=d("2026-02-03"))
    assert {w.code for w in problems} == {"booking_passed"}
    spring = check_booking(
        visit(calendar(history("2026-01-19"), "2026-02-03"), "C2D1"), d("2026-02-17"), clinic
    )
    assert [w.message for w in spring if w.code == "clinic_closed"] == [
        "The clinic is closed on 2026-02-17 (Tue): Chinese New Year (Spring Festival)."
    ]


# -- the second regimen through the same code -------------------------------------------------------------


def test_sacituzumab_govitecan_day_1_and_day_8_of_21_days() -> None:
    h = history("2026-03-02", {"C1D1": "2026-03-02", "C1D8": "2026-03-09"})
    c = calendar(h, "2026-03-10", protocol=SG)
    doses = [v for v in c.visits if v.kind == "dose"]
    assert [v.label for v in doses[:4]] == ["C1D1", "C1D8", "C2D1", "C2D8"]
    c2d1 = visit(c, "C2D1")
    assert (c2d1.target, c2d1.window_start, c2d1.window_end) == (
        d("2026-03-23"),
        d("2026-03-21"),
        d("2026-03-25"),
    )
    assert visit(c, "C2D8").target == d("2026-03-30")
    # A Day 8 not given by Day 15 is omitted (the label's practice).
    late = TreatmentHistory(c1d1=d("2026-03-02"), doses={"C1D1": d("2026-03-02")})
    assert visit(calendar(late, "2026-03-16", protocol=SG), "C1D8").status == "planned"
    assert visit(calendar(late, "2026-03-17", protocol=SG), "C1D8").status == "omitted"
    # Its assessments: every 6 weeks to week 54, then every 12.
    long = calendar(h, "2026-03-10", until="2027-12-31", protocol=SG)
    weeks = [(v.target - d("2026-03-02")).days // 7 for v in long.visits if v.kind == "tumour_assessment"]
    assert weeks[:11] == [6, 12, 18, 24, 30, 36, 42, 48, 54, 66, 78]
    with pytest.raises(InputError, match="C1D15"):
        calendar(
            history("2026-03-02", {"C1D1": "2026-03-02", "C1D15": "2026-03-16"}), "2026-03-20", protocol=SG
        )


# -- refused histories ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("h", "words"),
    [
        (history("2026-01-05", {"C1D1": "2026-01-05", "C1D8": "2026-01-12"}), "C1D8"),
        (history("2026-01-05", {"C1D1": "2026-01-05", "X": "2026-01-12"}), "'X'"),
        (history("2026-01-05", {"C1D1": "2026-01-04"}), "before C1D1"),
        (history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-03"}), "before C1D1"),
        (history("2026-01-05", {"C1D1": "2026-01-06"}), "same day"),
        (history("2026-01-05", {"C1D15": "2026-01-19"}), "C1D1 is not"),
        (
            history("2026-01-05", {"C1D1": "2026-01-05", "C2D1": "2026-02-02", "C1D15": "2026-02-05"}),
            "out of order",
        ),
        (history("2026-01-05", {"C1D1": "2026-01-05", "C2D15": "2026-02-16"}), "C2D1 is not"),
        (history("2026-01-05", omitted=frozenset({"C2D1"})), "cannot be omitted"),
        (history("2026-01-05", omitted=frozenset({"C1D1"})), "cannot be omitted"),
        (history("2026-01-05", held=frozenset({"TA1"})), "Unknown held visit 'TA1'"),
        (history("2026-01-05", held=frozenset({"C2D8"})), "Unknown held visit 'C2D8'"),
        (
            history(
                "2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-01-19"}, omitted=frozenset({"C1D15"})
            ),
            "both",
        ),
        (history("2026-01-05", {"C1D1": "2026-01-05", "C1D15": "2026-03-19"}), "after the as-of date"),
        (history("2026-01-05", done={"EOT": d("2026-01-06")}), "not been stopped"),
        (history("2026-01-05", done={"C1D15": d("2026-01-06")}), "is a dose"),
        (history("2026-01-05", done={"TAX": d("2026-01-06")}), "Unknown visit done"),
        (history("2026-01-05", booked={"C9D9": d("2026-01-06")}), "Unknown booked visit"),
        (
            history(
                "2026-01-05",
                {"C1D1": "2026-01-05", "C1D15": "2026-01-19"},
                off_treatment=OffTreatment(d("2026-01-10"), "toxicity"),
            ),
            "after the decision to stop",
        ),
        (history("2026-01-05", off_treatment=OffTreatment(d("2026-01-01"), "toxicity")), "before C1D1"),
        (
            history("2026-01-05", follow_up_end=FollowUpEnd(d("2026-01-10"), "death")),
            "treatment has not been stopped",
        ),
    ],
)
def test_histories_that_do_not_hold_together_are_refused(h: TreatmentHistory, words: str) -> None:
    with pytest.raises(InputError, match=words):
        calendar(h, "2026-03-01")
