"""Enrolment and visits through the services, on SQLite and PostgreSQL: happy paths, refusals that change
nothing, and the calendar re-derived from the core after each change (with each visit's history kept)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import InputError, NotFoundError
from app.models import AuditLog, Visit
from app.services.clinical import LabInput
from app.services.database import Database
from app.services.queries import clinic_list, list_visits, patient_list, subject_chart, visit_detail
from app.services.subjects import correct_subject, enrol_subject, record_screen_failure
from app.services.toxicities import record_and_decide, resolve_toxicity
from app.services.users import NotAllowedError
from app.services.visits import (
    book_visit,
    booking_view,
    cancel_booking,
    omit_dose_visit,
    record_visit_done,
    record_visit_missed,
    refresh_calendar,
    reschedule_visit,
)

from ._services import World, unchanged

MONDAY = date(2026, 3, 2)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(MONDAY)


def test_enrolment_stores_the_calendar_from_screening_to_six_months(world: World) -> None:
    subject_id = world.enrol(
        c1d1=date(2026, 3, 4), screening_date=date(2026, 2, 20), allergies=" penicillin "
    )
    chart = subject_chart(world.uow(None), subject_id)
    header = chart.header
    assert (header.subject_number, header.initials, header.status) == ("001-001", "LW", "screening")
    assert header.current_dose_level_mg_per_kg == Decimal("5") and header.protocol_version == "1.0"
    assert header.allergies == "penicillin" and header.protocol_signed_off
    labels = [v.label for v in chart.visits]
    assert labels[:4] == ["SCR", "C1D1", "C1D15", "C2D1"]
    assert "TA1" in labels and all(v.target <= date(2026, 9, 2) + timedelta(days=28) for v in chart.visits)
    screening, c1d1, c1d15 = chart.visits[0], chart.visits[1], chart.visits[2]
    assert (screening.status, screening.actual) == ("done", date(2026, 2, 20))
    assert (c1d1.target, c1d1.window_start, c1d1.window_end) == (
        date(2026, 3, 4),
        date(2026, 3, 1),
        date(2026, 3, 7),
    )
    assert c1d15.target == date(2026, 3, 18)
    # every visit was created with its audit row, and the subject too
    created = {(h.table, h.record) for h in chart.history if h.action == "create"}
    assert ("subjects", "subject") in created and ("visits", "visit C2D1") in created


def test_enrolment_refusals_change_nothing(world: World, database: Database) -> None:
    world.enrol("001-001")

    def enrol(who: str | None = "coordinator", **changes: object) -> None:
        data: dict[str, object] = {
            "subject_number": "001-002",
            "initials": "ZQ",
            "birth_date": date(1970, 1, 1),
            "sex": "male",
            "baseline_weight_kg": Decimal("70"),
            "height_cm": Decimal("170"),
            "planned_c1d1": MONDAY + timedelta(days=3),
        }
        data.update(changes)
        enrol_subject(world.uow(who), **data)  # type: ignore[arg-type]

    unchanged(database, lambda: enrol(subject_number="001-001"), InputError, "already enrolled")
    unchanged(database, lambda: enrol(baseline_weight_kg=Decimal("612")), InputError, "check the weight")
    unchanged(database, lambda: enrol(planned_c1d1=MONDAY - timedelta(days=1)), InputError, "from today on")
    unchanged(database, lambda: enrol(sex="unknown"), InputError, "female or male")
    unchanged(database, lambda: enrol(initials="l.w"), InputError, "initials")
    unchanged(database, lambda: enrol(screening_date=MONDAY - timedelta(days=40)), InputError, "28 days")
    unchanged(database, lambda: enrol("pharmacist"), NotAllowedError, "coordinator or an investigator")
    unchanged(database, lambda: enrol(None), NotAllowedError, "sign in")
    enrol()  # the same data, corrected, goes in
    assert [p.subject_number for p in patient_list(world.uow(None))] == ["001-001", "001-002"]


def test_booking_inside_the_window_and_outside_only_with_a_reason(world: World, database: Database) -> None:
    subject_id = world.enrol(c1d1=date(2026, 3, 4))
    visit = world.visit(subject_id, "C1D15")
    view = booking_view(world.uow("coordinator"), visit.id)
    assert (view.visit.window_start, view.visit.window_end) == (date(2026, 3, 16), date(2026, 3, 21))
    assert not view.moves_first_dose
    booked = book_visit(world.uow("coordinator"), visit.id, date(2026, 3, 17))
    assert (booked.status, booked.booked, booked.booking_reason) == ("booked", date(2026, 3, 17), None)
    # outside the window: refused without a reason, accepted with one (kept on the visit)
    unchanged(
        database,
        lambda: reschedule_visit(world.uow("coordinator"), visit.id, date(2026, 3, 24)),
        InputError,
        "needs a reason",
    )
    unchanged(
        database,
        lambda: book_visit(world.uow("coordinator"), visit.id, date(2026, 3, 21)),  # a Saturday
        InputError,
        "closed",
    )
    moved = reschedule_visit(world.uow("investigator"), visit.id, date(2026, 3, 24), "patient travelling")
    assert (moved.booked, moved.booking_reason, moved.in_window) == (
        date(2026, 3, 24),
        "patient travelling",
        False,
    )
    unchanged(
        database,
        lambda: book_visit(world.uow("pharmacist"), visit.id, date(2026, 3, 17)),
        NotAllowedError,
        "coordinator",
    )
    unchanged(
        database,
        lambda: book_visit(world.uow("coordinator"), visit.id, MONDAY - timedelta(days=1)),
        InputError,
        "passed",
    )
    unchanged(
        database, lambda: book_visit(world.uow("coordinator"), 99999, MONDAY), NotFoundError, "no visit"
    )
    # the booking's history is in the audit trail, reason included
    with world.uow(None) as uow:
        rows = uow.session.execute(
            select(AuditLog.old_value, AuditLog.new_value, AuditLog.reason)
            .where(
                AuditLog.table_name == "visits",
                AuditLog.record_id == str(visit.id),
                AuditLog.field == "booked_date",
            )
            .order_by(AuditLog.id)
        ).all()
    assert [tuple(r) for r in rows] == [
        (None, "2026-03-17", "C1D15 booked for 2026-03-17"),
        ("2026-03-17", "2026-03-24", "patient travelling"),
    ]
    cancelled = cancel_booking(world.uow("coordinator"), visit.id, "patient asked")
    assert (cancelled.status, cancelled.booked) == ("planned", None)
    unchanged(
        database,
        lambda: cancel_booking(world.uow("coordinator"), visit.id, "again"),
        InputError,
        "not booked",
    )


def test_moving_c1d1_before_the_first_dose_moves_the_whole_plan(world: World) -> None:
    subject_id = world.enrol(c1d1=date(2026, 3, 4))
    c1d1 = world.visit(subject_id, "C1D1")
    assert booking_view(world.uow("coordinator"), c1d1.id).moves_first_dose
    book_visit(world.uow("coordinator"), c1d1.id, date(2026, 3, 11))
    visits = {v.label: v for v in list_visits(world.uow(None), subject_id)}
    assert visits["C1D1"].target == date(2026, 3, 11)
    assert visits["C1D15"].target == date(2026, 3, 25)
    assert visits["C2D1"].target == date(2026, 4, 8)
    assert visits["C1D1"].id == c1d1.id  # updated in place, not replaced
    with world.uow(None) as uow:
        changes = uow.session.execute(
            select(AuditLog.old_value, AuditLog.new_value).where(
                AuditLog.table_name == "visits",
                AuditLog.record_id == str(visits["C1D15"].id),
                AuditLog.field == "target_date",
            )
        ).all()
    assert [tuple(c) for c in changes] == [("2026-03-18", "2026-03-25")]


def test_visits_done_missed_and_omitted(world: World, database: Database) -> None:
    subject_id = world.enrol(c1d1=date(2026, 3, 4))
    world.at(date(2026, 3, 4), 8)
    world.give_dose(subject_id, "C1D1")
    screening = world.visit(subject_id, "SCR")
    assert screening.status == "done"  # C1D1 was given, so screening was done
    world.at(date(2026, 3, 10))
    c1d15 = world.visit(subject_id, "C1D15")
    unchanged(
        database,
        lambda: record_visit_done(world.uow("coordinator"), c1d15.id, world.today),
        InputError,
        "infusion",
    )
    unchanged(
        database, lambda: record_visit_missed(world.uow("coordinator"), c1d15.id, "subject_unwell"), InputError, "dose"
    )
    unchanged(
        database,
        lambda: omit_dose_visit(world.uow("coordinator"), c1d15.id, "subject_unwell"),
        NotAllowedError,
        "investigator",
    )
    c2d1 = world.visit(subject_id, "C2D1")
    unchanged(
        database, lambda: omit_dose_visit(world.uow("investigator"), c2d1.id, "subject_unwell"), InputError, "Day 1"
    )
    unchanged(
        database, lambda: omit_dose_visit(world.uow("investigator"), c1d15.id, "other", "  "), InputError, "detail"
    )
    omitted = omit_dose_visit(
        world.uow("investigator"), c1d15.id, "subject_request", "grade 2 fatigue, patient preference"
    )
    assert (omitted.status, omitted.status_reason, omitted.status_reason_code) == (
        "omitted",
        "At the subject's request: grade 2 fatigue, patient preference",
        "subject_request",
    )
    world.at(date(2026, 4, 14))
    ta1 = world.visit(subject_id, "TA1")
    unchanged(
        database,
        lambda: record_visit_done(world.uow("coordinator"), ta1.id, date(2026, 4, 20)),
        InputError,
        "come",
    )
    done = record_visit_done(world.uow("coordinator"), ta1.id, date(2026, 4, 14), "CT chest/abdomen")
    assert (done.status, done.actual) == ("done", date(2026, 4, 14))
    ta2 = world.visit(subject_id, "TA2")
    missed = record_visit_missed(world.uow("coordinator"), ta2.id, "clinic_unavailable", "scanner broken")
    assert missed.status == "missed"
    refresh_calendar(world.uow("coordinator"), subject_id)
    assert world.visit(subject_id, "TA2").status == "missed"  # a person's record outlives re-derivation
    assert world.visit(subject_id, "C1D15").status == "omitted"


def test_a_late_day_15_is_omitted_and_a_waiting_day_1_moves_later_cycles(world: World) -> None:
    subject_id = world.enrol(c1d1=date(2026, 3, 4))
    world.at(date(2026, 3, 4))
    world.give_dose(subject_id, "C1D1")
    world.at(date(2026, 4, 9))  # past Day 22 of cycle 1 and past C2D1's window
    refresh_calendar(world.uow("coordinator"), subject_id)
    visits = {v.label: v for v in list_visits(world.uow(None), subject_id)}
    assert visits["C1D15"].status == "omitted" and "Day 22" in (visits["C1D15"].status_reason or "")
    assert visits["C2D1"].status == "planned" and visits["C2D1"].suggested is None
    assert visits["C2D15"].target == date(2026, 4, 23)  # projected from today: later cycles move
    detail = visit_detail(world.uow(None), visits["C2D1"].id)
    assert "overdue" in [w.code for w in detail.warnings]
    day = clinic_list(world.uow(None), date(2026, 4, 9))
    assert [r.label for r in day.overdue] == ["C2D1"]


def test_a_held_day_1_given_a_week_late_takes_its_given_date_as_target(world: World) -> None:
    held, control = world.enrol(c1d1=date(2026, 3, 4)), world.enrol("001-002", c1d1=date(2026, 3, 4))
    for day, label in ((date(2026, 3, 4), "C1D1"), (date(2026, 3, 18), "C1D15")):
        world.at(day)
        world.give_dose(held, label)
        world.give_dose(control, label)
    world.at(date(2026, 3, 31))  # the day before C2D1 (target 2026-04-01): grade 3 neutropenia, C2D1 held
    world.labs(held, results=(LabInput("neutrophils", Decimal("0.8"), "10^9/L"),))
    outcome = record_and_decide(world.uow("investigator"), held, "Neutrophil count decreased", 3, world.today)
    assert outcome.hold is not None and outcome.hold.visit_label == "C2D1"
    world.at(date(2026, 4, 7))
    resolve_toxicity(world.uow("investigator"), outcome.toxicity.id, world.today, "ANC back to 1.9")
    world.at(date(2026, 4, 8))  # a week late: the held one after its hold, the other one without a hold
    world.give_dose(held, "C2D1")
    world.give_dose(control, "C2D1")

    visits = {v.label: v for v in subject_chart(world.uow(None), held).visits}
    c2d1 = visits["C2D1"]
    assert (c2d1.status, c2d1.actual, c2d1.target) == ("done", date(2026, 4, 8), date(2026, 4, 8))
    assert (c2d1.window_start, c2d1.window_end) == (date(2026, 4, 5), date(2026, 4, 11))
    assert "out_of_window" not in {w.code for w in c2d1.warnings}
    assert visit_detail(world.uow(None), c2d1.id).target == date(2026, 4, 8)
    assert visits["C2D15"].target == date(2026, 4, 22) and visits["C3D1"].target == date(2026, 5, 6)
    assert visits["C1D15"].target == date(2026, 3, 18)  # no hold there: it keeps its date
    # Without a hold the same late Day 1 keeps its target and is out of its window (later cycles move all the
    # same, from the day it was given).
    visits = {v.label: v for v in subject_chart(world.uow(None), control).visits}
    late = visits["C2D1"]
    assert (late.actual, late.target) == (date(2026, 4, 8), date(2026, 4, 1))
    assert "out_of_window" in {w.code for w in late.warnings}
    assert visits["C3D1"].target == date(2026, 5, 6)


def test_corrections_and_screen_failure(world: World, database: Database) -> None:
    subject_id = world.enrol(c1d1=date(2026, 3, 9))
    unchanged(
        database,
        lambda: correct_subject(world.uow("coordinator"), subject_id, "", allergies="x"),
        InputError,
        "reason",
    )
    unchanged(
        database,
        lambda: correct_subject(world.uow("coordinator"), subject_id, "typo", status="x"),
        InputError,
        "cannot be corrected",
    )
    header = correct_subject(
        world.uow("coordinator"),
        subject_id,
        "history from GP",
        allergies="iodine contrast",
        liver_metastases=True,
    )
    assert header.allergies == "iodine contrast" and header.liver_metastases
    failed = record_screen_failure(world.uow("coordinator"), subject_id, "ANC too low at screening")
    assert failed.status == "screen_failed"
    assert {v.status for v in list_visits(world.uow(None), subject_id) if v.label != "SCR"} == {"cancelled"}
    unchanged(
        database,
        lambda: record_screen_failure(world.uow("coordinator"), subject_id, "again"),
        InputError,
        "not in screening",
    )
    with world.uow(None) as uow:
        assert uow.session.execute(select(Visit).where(Visit.subject_id == subject_id)).first() is not None


def test_refusals_are_messages_the_window_can_say(world: World, database: Database) -> None:
    from app.text import Message, message_of

    subject_id = world.enrol(c1d1=date(2026, 3, 4))
    visit = world.visit(subject_id, "C1D15")
    with pytest.raises(InputError) as caught:
        book_visit(world.uow("coordinator"), visit.id, date(2026, 3, 28))  # a Saturday, outside the window
    text = message_of(caught.value)
    assert (
        isinstance(text, Message) and text.template == "Booking {label} on {day} needs a reason: {problems}"
    )
    assert text == (
        "Booking C1D15 on 2026-03-28 (Sat) needs a reason: 2026-03-28 (Sat) is outside the window "
        "2026-03-16 (Mon) to 2026-03-21 (Sat). The clinic is closed on 2026-03-28 (Sat): weekend."
    )
    problems = text.params["problems"]
    assert isinstance(problems, Message) and problems.template == "{first} {second}"
    assert [p.template for p in problems.params.values()] == [  # type: ignore[attr-defined]
        "{day} is outside the window {start} to {end}.",
        "The clinic is closed on {day}: {reason}.",
    ]
    with pytest.raises(NotFoundError) as missing:
        booking_view(world.uow("coordinator"), 999_999)
    assert str(missing.value) == "There is no visit with the number 999999."
    assert isinstance(message_of(missing.value), Message)
    with pytest.raises(NotAllowedError) as refused:
        book_visit(world.uow("pharmacist"), visit.id, date(2026, 3, 17))
    said = message_of(refused.value)
    assert said.startswith("Only a coordinator or an investigator can do this")
    assert isinstance(said, Message) and isinstance(said.params["roles"], Message)
