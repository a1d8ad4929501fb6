"""Screening eligibility from the records, on SQLite and PostgreSQL: evidence kept and audited, the signed
decision, the screen failure, and the C1D1 prescribing gate (issue 17)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import InputError
from app.models import (
    AuditLog,
    EligibilityDecision,
    ScreeningEvidence,
    SignatureMeaning,
    Subject,
    SubjectStatus,
)
from app.services import eligibility
from app.services.database import Database, check_database
from app.services.signatures import record_signatures_valid, signatures_for
from app.services.users import NotAllowedError
from app.text import message_of

from ._services import PASSWORD, World, unchanged

TODAY = date(2026, 3, 2)
C1D1 = TODAY + timedelta(days=2)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(TODAY)


def _statuses(view: eligibility.EligibilityView) -> dict[str, str]:
    return {item.id: item.status for item in view.result.items}


def test_the_record_is_built_from_the_stored_labs_and_evidence(world: World) -> None:
    subject = world.enrol()
    empty = eligibility.eligibility_of(world.uow(None), subject)
    assert empty.result.eligible is None
    assert "I8.neutrophils" in empty.result.missing and "E6.qtcf" in empty.result.missing
    world.weigh(subject)
    world.screening_evidence(subject)
    view = eligibility.eligibility_of(world.uow(None), subject)
    assert view.first_dose_date == C1D1
    assert view.result.eligible is True, [(i.id, i.why) for i in view.result.items if i.status != "met"]
    assert view.result.qtcf_ms is not None
    kinds = {row.kind for row in view.evidence}
    assert {"neutrophils", "albumin", "ecg", "lvef", "pregnancy_test", "ecog", "attestation"} <= kinds
    assert {row.source for row in view.evidence if row.kind == "neutrophils"} == {"typed"}
    # an attestation turned false makes the subject ineligible, and the latest answer counts
    eligibility.record_attestations(world.uow("investigator"), subject, {"E9": False})
    view = eligibility.eligibility_of(world.uow(None), subject)
    assert view.result.eligible is False and "E9" in view.result.not_met


def test_evidence_is_audited_and_checked(world: World, database: Database) -> None:
    subject = world.enrol()
    eligibility.record_ecg(world.uow("coordinator"), subject, TODAY, Decimal(430), rr_ms=Decimal(1000))
    with world.uow(None) as uow:
        row = uow.session.execute(select(ScreeningEvidence)).scalar_one()
        trail = (
            uow.session.execute(
                select(AuditLog).where(
                    AuditLog.table_name == "screening_evidence", AuditLog.record_id == str(row.id)
                )
            )
            .scalars()
            .all()
        )
    assert [entry.action for entry in trail] == ["create"]
    assert "430" in (trail[0].new_value or "")
    assert trail[0].reason == "screening evidence recorded: ECG"
    for action, match in (
        (
            lambda: eligibility.record_ecg(
                world.uow("coordinator"), subject, TODAY, Decimal(20), rr_ms=Decimal(900)
            ),
            "QT",
        ),
        (
            lambda: eligibility.record_ecg(world.uow("coordinator"), subject, TODAY, Decimal(400)),
            "RR interval",
        ),
        (
            lambda: eligibility.record_lvef(
                world.uow("coordinator"), subject, TODAY + timedelta(days=1), Decimal(60)
            ),
            "still to come",
        ),
        (
            lambda: eligibility.record_pregnancy_test(
                world.uow("coordinator"), subject, TODAY, "blood", "negative"
            ),
            "urine or serum",
        ),
        (lambda: eligibility.record_ecog(world.uow("coordinator"), subject, 7, TODAY), "ECOG"),
        (
            lambda: eligibility.record_attestations(
                world.uow("investigator"), subject, {"I8.platelets": True}
            ),
            "not a criterion the investigator attests",
        ),
        (
            lambda: eligibility.record_attestations(world.uow("coordinator"), subject, {"I1": True}),
            "investigator",
        ),
    ):
        unchanged(database, action, InputError, match)
    assert check_database(database) == []


def test_signing_eligibility_is_an_investigator_e_signature_over_the_evaluation(
    world: World, database: Database
) -> None:
    subject = world.enrol()
    world.weigh(subject)
    world.screening_evidence(subject)
    with pytest.raises(NotAllowedError):
        eligibility.sign_eligibility(world.uow("coordinator"), subject, PASSWORD)
    view = eligibility.sign_eligibility(world.uow("investigator"), subject, PASSWORD)
    assert view.decision is not None and view.decision.kind == "eligible"
    assert view.decision.first_dose_date == C1D1
    assert view.decision.decided_by == "Dr Zhang Wei"
    with world.uow(None) as uow:
        decision = uow.session.execute(select(EligibilityDecision)).scalar_one()
        (signature,) = signatures_for(uow.session, decision, SignatureMeaning.APPROVED)
        assert signature.printed_name == "Dr Zhang Wei"
        assert record_signatures_valid(uow.session, decision)
        saved = json.loads(decision.evaluation or "")
    assert saved["eligible"] is True and saved["first_dose_date"] == C1D1.isoformat()
    assert {c["id"] for c in saved["criteria"]} >= {"I1", "I8.neutrophils", "E6.qtcf"}
    # once decided, neither a second signature nor a screen failure is taken
    unchanged(
        database,
        lambda: eligibility.sign_eligibility(world.uow("investigator"), subject, PASSWORD),
        InputError,
        "already decided",
    )
    unchanged(
        database,
        lambda: eligibility.record_screen_failure(world.uow("investigator"), subject, "consent_withdrawn"),
        InputError,
        "already decided",
    )
    assert check_database(database) == []


def test_an_ineligible_subject_is_not_signed_and_says_why(world: World, database: Database) -> None:
    subject = world.enrol()
    world.screening_evidence(subject)
    eligibility.record_lvef(world.uow("coordinator"), subject, TODAY, Decimal(45))
    error = unchanged(
        database,
        lambda: eligibility.sign_eligibility(world.uow("investigator"), subject, PASSWORD),
        InputError,
        "cannot be signed eligible",
    )
    assert "I8.lvef" in message_of(error)


def test_a_screen_failure_takes_the_subject_off_study_with_its_coded_reason(
    world: World, database: Database
) -> None:
    subject = world.enrol()
    for code, criteria, detail, match in (
        ("nonsense", (), None, "not a screen failure reason"),
        ("criteria_not_met", (), None, "Name the criteria"),
        ("criteria_not_met", ("Z9",), None, "not a criterion"),
        ("other", (), None, "detail"),
    ):
        unchanged(
            database,
            lambda c=code, k=criteria, d=detail: eligibility.record_screen_failure(
                world.uow("investigator"), subject, c, k, d
            ),
            InputError,
            match,
        )
    with pytest.raises(NotAllowedError):
        eligibility.record_screen_failure(world.uow("coordinator"), subject, "consent_withdrawn")
    view = eligibility.record_screen_failure(
        world.uow("investigator"), subject, "criteria_not_met", ["I8.lvef", "E6.qtcf"], "LVEF 45 % on echo"
    )
    assert view.status == SubjectStatus.SCREEN_FAILED
    assert view.decision is not None
    assert view.decision.words == "eligibility criteria not met (I8.lvef, E6.qtcf): LVEF 45 % on echo"
    with world.uow(None) as uow:
        decision = uow.session.execute(select(EligibilityDecision)).scalar_one()
        assert (decision.ds_term, decision.reason_code, decision.criteria_not_met) == (
            "SCREEN FAILURE",
            "criteria_not_met",
            "I8.lvef,E6.qtcf",
        )
        person = uow.session.get(Subject, subject)
        assert person is not None
        assert person.off_study_on == TODAY
        assert (person.off_study_code, person.off_study_reason) == ("SCREEN FAILURE", "LVEF 45 % on echo")
        assert json.loads(person.off_study_params or "") == {
            "criteria": ["I8.lvef", "E6.qtcf"],
            "decision_id": decision.id,
            "reason": "criteria_not_met",
        }
        assert all(visit.status.value == "cancelled" for visit in person.visits)
    unchanged(
        database,
        lambda: eligibility.record_ecog(world.uow("coordinator"), subject, 0, TODAY),
        InputError,
        "not in screening",
    )
    assert check_database(database) == []


# --- the prescribing gate -----------------------------------------------------------------------------------


def _c1d1_order(world: World, subject: int):  # type: ignore[no-untyped-def]
    world.weigh(subject)
    world.labs(subject)
    return world.order(subject, "C1D1")


def test_a_first_dose_is_not_prescribed_without_signed_eligibility(world: World, database: Database) -> None:
    subject = world.enrol()
    order = _c1d1_order(world, subject)
    world.screening_evidence(subject)  # eligible, but not signed
    unchanged(
        database,
        lambda: world.prescribe(order, sign_eligibility=False),
        InputError,
        "eligibility is not signed",
    )
    world.sign_eligibility(subject, evidence=False)
    assert world.prescribe(order, sign_eligibility=False).status == "prescribed"


def test_a_pregnancy_test_four_days_old_on_the_first_dose_is_refused_saying_what_to_redo(
    world: World, database: Database
) -> None:
    subject = world.enrol(can_become_pregnant=True)
    world.weigh(subject)
    # everything recorded 4 days before C1D1 (the pregnancy test must be within 3 days) …
    world.at(C1D1 - timedelta(days=4))
    world.screening_evidence(subject)
    # … signed the day before C1D1 for a first dose on C1D1: the signature is refused, the test is too old
    world.at(C1D1 - timedelta(days=1))
    error = unchanged(
        database,
        lambda: eligibility.sign_eligibility(world.uow("investigator"), subject, PASSWORD, C1D1),
        InputError,
        "pregnancy",
    )
    assert "pregnancy" in message_of(error)


def test_evidence_expiring_between_signing_and_prescribing_refuses_the_first_dose(
    world: World, database: Database
) -> None:
    subject = world.enrol(can_become_pregnant=True)
    world.weigh(subject)
    world.screening_evidence(subject)
    world.sign_eligibility(subject, evidence=False)  # for C1D1 = TODAY + 2: the test is 2 days old then
    # the first dose slips: booked 2 days later, the order made for that day
    late = C1D1 + timedelta(days=2)
    from app.services.visits import book_visit

    book_visit(world.uow("coordinator"), world.visit(subject, "C1D1").id, late)
    world.at(late)
    world.weigh(subject)
    world.labs(subject)
    order = world.order(subject, "C1D1")
    assert order.planned_date == late
    error = unchanged(
        database, lambda: world.prescribe(order, sign_eligibility=False), InputError, "no longer holds"
    )
    text = message_of(error)
    assert "pregnancy test" in text and late.isoformat() in text
    assert f"redo it between {(late - timedelta(days=3)).isoformat()} and {late.isoformat()}" in text
    # a new negative test recorded that day: the dose is prescribed on the same signature
    eligibility.record_pregnancy_test(world.uow("coordinator"), subject, late, "urine", "negative")
    assert world.prescribe(order, sign_eligibility=False).status == "prescribed"
