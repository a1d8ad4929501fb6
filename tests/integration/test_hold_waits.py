"""A dose held by a toxicity decision, and the doses after it, have no date until the hold ends: the core's
calendar suggests none, the records keep none, the patient's calendar prints "date to follow" instead of a day
to come on and the calendar file leaves them out; once the hold ends, they have dates again."""

from __future__ import annotations

from datetime import date

import pytest

from app.printing.ics import ics_visits
from app.services.database import Database
from app.services.paper import patient_calendar, print_calendar
from app.services.queries import subject_chart
from app.services.toxicities import end_hold, record_and_decide

from ._services import World
from .test_paper import pdf_text

C1D1 = date(2026, 3, 4)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(date(2026, 3, 2))


def test_held_doses_have_no_date_until_the_hold_ends(world: World) -> None:
    subject_id = world.enrol("001-001", c1d1=C1D1)
    world.at(C1D1, 8)
    world.give_dose(subject_id, "C1D1")
    world.at(date(2026, 3, 16), 8)
    outcome = record_and_decide(world.uow("investigator"), subject_id, "Neutrophil count decreased", 3, world.today)
    assert outcome.hold is not None and outcome.hold.visit_label == "C1D15"

    chart = subject_chart(world.uow(None), subject_id)
    doses = [v for v in chart.visits if v.kind == "dose" and v.status in ("planned", "booked")]
    assert doses and doses[0].label == "C1D15"
    assert all(v.suggested is None for v in doses)  # none from the held one on
    others = [v for v in chart.visits if v.kind == "tumour_assessment" and v.status == "planned"]
    assert others and all(v.suggested is not None for v in others)  # scans keep their dates

    calendar = patient_calendar(world.uow(None), "001-001")
    waiting = {v.label for v in calendar.visits if v.waits_for_hold}
    assert {v.label for v in doses} == waiting
    assert not waiting & {v.label for v in ics_visits(calendar)}
    assert "date to follow" in pdf_text(print_calendar(world.uow(None), "001-001"))
    assert "日期待定" in pdf_text(print_calendar(world.uow(None), "001-001", "zh"))

    end_hold(world.uow("investigator"), outcome.hold.id, world.today, "neutrophils recovered")
    chart = subject_chart(world.uow(None), subject_id)
    doses = [v for v in chart.visits if v.kind == "dose" and v.status in ("planned", "booked")]
    assert doses and all(v.suggested is not None for v in doses[:3])
    assert not any(v.waits_for_hold for v in patient_calendar(world.uow(None), "001-001").visits)
