"""No clinical default in the window's adapter: an overridden hold takes its "hold until grade" from the
protocol's rule, never a grade the adapter picks (it used to send `proposed.hold_until_grade or 1`, so a hold
"until resolved" — grade 0, pneumonitis — became "until grade 1")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.models import Hold
from app.protocol import load_protocol
from app.toxicity import propose_action
from app.ui.dialogs.toxicity import ToxicityEntry
from app.ui.service_backend import signed_in
from tests.integration._services import World


def _treated(database, number: str) -> tuple[World, int]:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=4)
    subject_id = world.enrol(number, c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    return world, subject_id


def _hold_until(database, subject_id: int) -> int | None:
    with database.session_factory() as session:
        hold = session.execute(select(Hold).where(Hold.subject_id == subject_id)).scalar_one()
        return hold.hold_until_grade


def test_an_overridden_hold_until_resolved_stays_until_resolved(backend, database) -> None:
    world, subject_id = _treated(database, "007-001")
    proposed = propose_action(load_protocol("nct07343453"), "Pneumonitis", 1, Decimal(5))
    assert (proposed.action, proposed.hold_until_grade) == ("hold", 0)
    entry = ToxicityEntry(
        term="Pneumonitis",
        grade=1,
        onset=world.today,
        proposed=proposed,
        confirmed=False,
        action="hold",
        resume_mg_per_kg=Decimal(4),  # the override: resume one level lower
        reason="investigator prefers a reduction",
    )
    backend.record_toxicity(signed_in(world.user("investigator")), subject_id, entry)
    assert _hold_until(database, subject_id) == 0


def test_a_hold_no_rule_proposed_gets_no_grade_made_up(backend, database) -> None:
    world, subject_id = _treated(database, "007-002")
    proposed = propose_action(load_protocol("nct07343453"), "Fatigue", 1, Decimal(5))
    assert proposed.action == "continue" and proposed.hold_until_grade is None
    entry = ToxicityEntry(
        term="Fatigue",
        grade=1,
        onset=world.today,
        proposed=proposed,
        confirmed=False,
        action="hold",
        resume_mg_per_kg=Decimal(5),
        reason="patient asks for a week off",
    )
    backend.record_toxicity(signed_in(world.user("investigator")), subject_id, entry)
    assert _hold_until(database, subject_id) is None  # held until the investigator ends it, not "grade ≤ 1"
