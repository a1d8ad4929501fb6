"""Toxicities, decisions, holds, reductions and discontinuation through the services (docs/domain.md §6),
and labs graded by CTCAE on the way in, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import InputError
from app.models import DoseLevelChange, Hold
from app.services.clinical import LabInput, criteria_to_treat, record_lab
from app.services.database import Database
from app.services.orders import create_order
from app.services.queries import list_visits, order_detail, subject_chart
from app.services.toxicities import (
    decide_toxicity,
    end_follow_up,
    end_hold,
    record_and_decide,
    record_toxicity,
    reduce_dose_level,
    resolve_toxicity,
    stop_treatment,
)
from app.services.users import NotAllowedError
from app.text import Message

from ._services import World, unchanged

C1D1 = date(2026, 3, 4)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(date(2026, 3, 2))


@pytest.fixture
def treated(world: World) -> int:
    """A subject given C1D1 and C1D15."""
    subject_id = world.enrol(c1d1=C1D1)
    world.at(C1D1, 8)
    world.give_dose(subject_id, "C1D1")
    world.at(date(2026, 3, 18), 8)
    world.give_dose(subject_id, "C1D15")
    world.at(date(2026, 3, 30), 8)
    return subject_id


def test_a_lab_is_graded_and_points_to_the_protocols_proposal(world: World, treated: int) -> None:
    recorded = record_lab(
        world.uow("coordinator"), treated, LabInput("neutrophils", Decimal("0.8"), "10^9/L"), world.today
    )
    assert recorded.grade is not None and recorded.grade.grade == 3 and recorded.lab.ctcae_grade == 3
    proposed = recorded.proposed_toxicity
    assert proposed is not None and (proposed.term, proposed.grade, proposed.action) == (
        "Neutrophil count decreased",
        3,
        "hold",
    )
    fine = record_lab(
        world.uow("coordinator"),
        treated,
        LabInput("platelets", Decimal("190"), "10^9/L", lln=Decimal("125")),
        world.today,
    )
    assert fine.grade is not None and fine.grade.grade == 0 and fine.proposed_toxicity is None
    ungraded = record_lab(
        world.uow("coordinator"), treated, LabInput("ast", Decimal("40"), "U/L"), world.today
    )
    assert ungraded.grade is None and ungraded.grade_note  # no ULN given: cannot be graded
    result = criteria_to_treat(world.uow(None), world.visit(treated, "C2D1").id, world.today)
    assert not result.met
    assert {c.lab for c in result.unmet} >= {"neutrophils", "hemoglobin"}


def test_neutropenia_grade_3_hold_then_resolution(world: World, treated: int, database: Database) -> None:
    world.weigh(treated, "61")
    draft = create_order(world.uow("pharmacist"), world.visit(treated, "C2D1").id)
    recorded = record_toxicity(
        world.uow("investigator"), treated, "Neutrophil count decreased", 3, world.today
    )
    assert recorded.proposal is not None and recorded.proposal.action == "hold"
    unchanged(
        database,
        lambda: decide_toxicity(world.uow("pharmacist"), recorded.toxicity.id),
        NotAllowedError,
        "investigator",
    )
    unchanged(
        database,
        lambda: record_toxicity(world.uow("coordinator"), treated, "Anemia", 2, world.today),
        NotAllowedError,
        "investigator",
    )
    unchanged(
        database,
        lambda: record_toxicity(world.uow("investigator"), treated, "Neutropenia!", 3, world.today),
        InputError,
        "not a CTCAE",
    )
    unchanged(
        database,
        lambda: record_toxicity(world.uow("investigator"), treated, "Febrile neutropenia", 1, world.today),
        InputError,
        "grade 1",
    )
    outcome = decide_toxicity(world.uow("investigator"), recorded.toxicity.id)
    assert not outcome.decision.overridden and outcome.decision.taken_action == "hold"
    assert outcome.hold is not None and outcome.hold.visit_label == "C2D1" and outcome.level_change is None
    assert outcome.cancelled_orders == (draft.order_number,)
    assert order_detail(world.uow(None), draft.id).cancel_reason.startswith("Treatment held")  # type: ignore[union-attr]
    assert world.visit(treated, "C2D1").held
    unchanged(
        database,
        lambda: create_order(world.uow("pharmacist"), world.visit(treated, "C2D1").id),
        InputError,
        "held",
    )
    unchanged(
        database,
        lambda: decide_toxicity(world.uow("investigator"), recorded.toxicity.id),
        InputError,
        "taken already",
    )
    world.at(date(2026, 4, 7), 8)
    resolved = resolve_toxicity(world.uow("investigator"), recorded.toxicity.id, date(2026, 4, 6))
    assert resolved.resolution == date(2026, 4, 6)
    chart = subject_chart(world.uow(None), treated)
    assert not chart.header.held and chart.holds[0].end == date(2026, 4, 6)
    assert chart.header.current_dose_level_mg_per_kg == Decimal("5")
    # the held Day 1 waited: it is due from today, and the next Day 15 follows it
    c2d15 = next(v for v in chart.visits if v.label == "C2D15")
    assert c2d15.target >= date(2026, 4, 21)
    world.weigh(treated, "61")
    assert world.order(treated, "C2D1").dose_level_mg_per_kg == Decimal("5")


def test_grade_4_reduces_and_the_next_order_carries_the_reduction(world: World, treated: int) -> None:
    outcome = record_and_decide(
        world.uow("investigator"), treated, "Neutrophil count decreased", 4, world.today
    )
    assert outcome.level_change is not None
    assert (outcome.level_change.from_level_mg_per_kg, outcome.level_change.to_level_mg_per_kg) == (
        Decimal("5"),
        Decimal("4"),
    )
    assert outcome.hold is not None
    end_hold(world.uow("investigator"), outcome.hold.id, world.today, "ANC 1.6 today")
    world.weigh(treated, "61")
    order = world.order(treated, "C2D1")
    assert order.dose_level_mg_per_kg == Decimal("4") and order.final_dose_mg == Decimal("244.0")
    assert order.reduction_reason is not None and "5 mg/kg to 4 mg/kg" in order.reduction_reason
    read_back = order_detail(world.uow(None), order.id).reduction_reason  # the signed English, found again
    assert isinstance(read_back, Message) and read_back.params["new_level"] == "4 mg/kg"
    # The chart's history names every record in words, oldest change first.
    history = subject_chart(world.uow(None), treated).history
    records = {h.record for h in history}
    term = "Neutrophil count decreased"
    assert {f"toxicity {term}", f"decision on {term}", "dose level", "hold at C2D1"} <= records
    assert {"order 001-001-C1D1-1 lot", "signature on order 001-001-C1D15-1", "subject"} <= records
    assert [h.id for h in history] == sorted(h.id for h in history)
    change = next(h for h in history if h.record == "dose level" and h.action == "create")
    assert '"to_level_mg_per_kg":"4"' in (change.new_value or "").replace(" ", "")
    ended = [h for h in history if h.record == "hold at C2D1" and h.field == "end_date"]
    assert [(h.new_value, h.reason, h.user_name) for h in ended] == [
        (world.today.isoformat(), "ANC 1.6 today", "Dr Zhang Wei")
    ]


def test_an_override_needs_a_reason_and_a_level_never_rises(
    world: World, treated: int, database: Database
) -> None:
    recorded = record_toxicity(world.uow("investigator"), treated, "Diarrhea", 3, world.today)
    assert recorded.proposal is not None and recorded.proposal.reduce
    tox = recorded.toxicity.id
    unchanged(
        database,
        lambda: decide_toxicity(world.uow("investigator"), tox, "hold", resume_mg_per_kg=Decimal("5")),
        InputError,
        "needs a reason",
    )
    unchanged(
        database,
        lambda: decide_toxicity(
            world.uow("investigator"), tox, "continue", resume_mg_per_kg=Decimal("6"), override_reason="x"
        ),
        InputError,
        "never rises",
    )
    unchanged(
        database,
        lambda: decide_toxicity(
            world.uow("investigator"), tox, "continue", resume_mg_per_kg=Decimal("3"), override_reason="x"
        ),
        InputError,
        "one level lower",
    )
    outcome = decide_toxicity(
        world.uow("investigator"),
        tox,
        "hold",
        resume_mg_per_kg=Decimal("5"),
        override_reason="diarrhoea infective, not drug related",
    )
    decision = outcome.decision
    assert decision.overridden and decision.override_reason == "diarrhoea infective, not drug related"
    assert (decision.proposed_action, decision.proposed_resume) == ("hold", "reduce")
    assert (decision.taken_action, decision.taken_resume) == ("hold", "same")
    assert outcome.level_change is None and decision.proposed_rule_text.startswith(
        "Diarrhoea, nausea or vomiting"
    )


def test_a_reduction_supersedes_open_orders(world: World, treated: int) -> None:
    world.weigh(treated, "61")
    draft = world.order(treated, "C2D1")
    result = reduce_dose_level(world.uow("investigator"), treated, "adverse_event", "cumulative fatigue")
    assert result.level_change.to_level_mg_per_kg == Decimal("4") and not result.discontinued
    ((old, new),) = result.superseded_orders
    assert old == draft.order_number and new == "001-001-C2D1-2"
    old_row = order_detail(world.uow(None), draft.id)
    assert old_row.display_status == "superseded" and old_row.superseded_by == new
    chart = subject_chart(world.uow(None), treated)
    drafts = [o for o in chart.orders if o.status == "draft"]
    assert [(o.order_number, o.dose_level_mg_per_kg) for o in drafts] == [(new, Decimal("4"))]


def test_below_the_lowest_level_treatment_stops_and_follow_up_is_planned(
    world: World, treated: int, database: Database
) -> None:
    reduce_dose_level(world.uow("investigator"), treated, "physician_decision", "first reduction")
    reduce_dose_level(world.uow("investigator"), treated, "other", "second reduction")
    assert subject_chart(world.uow(None), treated).header.current_dose_level_mg_per_kg == Decimal("3")
    # the rules now propose discontinuation for a toxicity that would reduce
    outcome = record_and_decide(world.uow("investigator"), treated, "Rash maculo-papular", 3, world.today)
    assert outcome.discontinued and outcome.level_change is not None
    assert outcome.level_change.to_level_mg_per_kg is None
    chart = subject_chart(world.uow(None), treated)
    assert (chart.header.status, chart.header.treatment_stopped_on) == ("follow_up", world.today)
    assert chart.header.current_dose_level_mg_per_kg == Decimal("3")  # levels never rose
    labels = {v.label: v for v in chart.visits}
    assert labels["EOT"].target == world.today
    assert labels["SFU"].target == date(2026, 3, 18) + timedelta(days=30)
    open_doses = [v for v in chart.visits if v.kind == "dose" and v.status in ("planned", "booked")]
    assert open_doses == []
    unchanged(
        database,
        lambda: reduce_dose_level(world.uow("investigator"), treated, "other", "again"),
        InputError,
        "not on treatment",
    )
    unchanged(
        database,
        lambda: stop_treatment(world.uow("investigator"), treated, world.today, "PROGRESSIVE DISEASE", "x"),
        InputError,
        "not on treatment",
    )
    world.at(date(2026, 5, 1))
    header = end_follow_up(
        world.uow("investigator"), treated, date(2026, 4, 30), "WITHDRAWAL BY SUBJECT", "withdrew consent"
    )
    assert header.status == "off_study"


def test_pneumonitis_grade_2_discontinues_and_stop_before_the_last_dose_is_refused(
    world: World, treated: int, database: Database
) -> None:
    unchanged(
        database,
        lambda: stop_treatment(world.uow("investigator"), treated, date(2026, 3, 10), "PROGRESSIVE DISEASE"),
        InputError,
        "before the last dose",
    )
    outcome = record_and_decide(world.uow("investigator"), treated, "Pneumonitis", 2, world.today)
    assert outcome.discontinued and outcome.level_change is None
    assert outcome.decision.proposed_rule_text.startswith("Interstitial lung disease")
    visits = list_visits(world.uow(None), treated)
    assert {v.status for v in visits if v.kind == "dose" and v.target > world.today} <= {"cancelled"}


def test_a_reduction_keeps_its_code_and_a_decision_codes_its_hold_and_reduction(
    world: World, treated: int, database: Database
) -> None:
    unchanged(
        database,
        lambda: reduce_dose_level(world.uow("investigator"), treated, "fatigue", "cumulative fatigue"),
        InputError,
        "one of the reasons offered",
    )
    reduce_dose_level(world.uow("investigator"), treated, "physician_decision", "frailty at 82")
    record_and_decide(world.uow("investigator"), treated, "Neutrophil count decreased", 3, world.today)
    with database.session_factory() as session:
        changes = list(session.execute(select(DoseLevelChange).order_by(DoseLevelChange.id)).scalars())
        assert [(c.reason_code, c.reason) for c in changes][:1] == [("physician_decision", "frailty at 82")]
        holds = list(session.execute(select(Hold)).scalars())
        assert holds and all(h.reason_code == "adverse_event" and h.toxicity_id for h in holds)
