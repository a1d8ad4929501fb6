"""Audit reasons on a real database: the services store the same English as before the reasons became templates
(records and existing databases depend on it), and the chart's history and the Admin audit trail give them back
as the messages that made them, so a window can say them in its language."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.models import AuditLog
from app.services.audit_trail import audit_trail
from app.services.database import Database
from app.services.queries import CRITERIA_OVERRIDE_NOTE, subject_chart
from app.services.reasons import REASON_TEMPLATES, REASONS
from app.services.toxicities import record_and_decide
from app.services.visits import omit_dose_visit
from app.text import Message
from app.toxicity.rules import EXPLANATION_TEMPLATES

from ._services import World

C1D1 = date(2026, 3, 4)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(date(2026, 3, 2))


def _stored_reasons(database: Database) -> list[str]:
    with database.session_factory() as session:
        return [r for r in session.execute(select(AuditLog.reason).order_by(AuditLog.id)).scalars() if r]


def test_the_services_store_the_english_they_always_stored(world: World, database: Database) -> None:
    subject_id = world.enrol("001-001", c1d1=C1D1)
    world.at(C1D1, 8)
    order = world.give_dose(subject_id, "C1D1")
    omit_dose_visit(
        world.uow("investigator"), world.visit(subject_id, "C1D15").id, "subject_unwell", "fever since Sunday"
    )
    world.at(date(2026, 3, 20), 8)
    record_and_decide(world.uow("investigator"), subject_id, "Neutrophil count decreased", 3, world.today)

    stored = _stored_reasons(database)
    assert all(type(r) is str for r in stored)
    number = order.order_number
    expected = [
        "subject 001-001 enrolled",
        "calendar generated at enrolment",
        "weight of 2026-03-04 recorded",
        "labs of 2026-03-04 recorded",
        "order for C1D1 made",
        f"order {number} prescribed",
        f"order {number} verified",
        f"order {number} prepared",
        f"order {number} checked and released to the ward",
        f"order {number} started",
        "calendar re-derived after C1D1 was given",
        f"order {number} completed",
        "The subject was unwell: fever since Sunday",  # the code's English words, the detail as typed
        "calendar re-derived after C1D15 was omitted",
        "toxicity Neutrophil count decreased grade 3 recorded",
        "decision: Neutrophil count decreased grade 3: hold until grade ≤ 1, then resume at the same level,"
        " 5 mg/kg.",
        "calendar re-derived after the decision on Neutrophil count decreased grade 3",
    ]
    missing = [text for text in expected if text not in stored]
    assert not missing, f"reasons not stored as before: {missing}\nstored: {sorted(set(stored))}"
    # The protocol's sign-off, made by World.build: "protocol <id> version <version> signed off".
    assert any(r.startswith("protocol nct07343453 version ") and r.endswith(" signed off") for r in stored)


def test_history_and_audit_trail_give_back_the_messages(world: World, database: Database) -> None:
    subject_id = world.enrol("001-002", c1d1=C1D1)
    world.at(C1D1, 8)
    world.give_dose(subject_id, "C1D1")
    world.at(date(2026, 3, 20), 8)
    record_and_decide(world.uow("investigator"), subject_id, "Neutrophil count decreased", 3, world.today)

    history = subject_chart(world.uow(None), subject_id).history
    reasons = [row.reason for row in history if row.reason]
    assert reasons and all(isinstance(r, Message) for r in reasons), [
        r for r in reasons if not isinstance(r, Message)
    ]
    assert {r.template for r in reasons} <= set(REASON_TEMPLATES) | set(EXPLANATION_TEMPLATES)
    decision = next(r for r in reasons if isinstance(r, Message) and r.template == REASONS["decision"])
    because = decision.params["because"]
    assert isinstance(because, Message) and because.template in EXPLANATION_TEMPLATES
    # The history keeps the stored English, byte for byte.
    stored = set(_stored_reasons(database))
    assert {str(r) for r in reasons} <= stored

    trail = audit_trail(world.uow("admin"), limit=10_000)
    said = {str(e.reason): e.reason for e in trail if e.reason}
    enrolment = said["calendar generated at enrolment"]
    assert isinstance(enrolment, Message) and enrolment.template == REASONS["calendar_enrolment"]
    given = said["calendar re-derived after C1D1 was given"]
    assert isinstance(given, Message) and given.params == {"label": "C1D1"}
    assert set(said) <= stored


def test_the_prescribe_note_keeps_the_criteria_override_prefix() -> None:
    # queries.criteria_override reads the investigator's reason back after this prefix.
    assert REASONS["criteria_override"].startswith(CRITERIA_OVERRIDE_NOTE)
