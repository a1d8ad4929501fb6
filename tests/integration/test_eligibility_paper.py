"""The printed eligibility checklist from the records, on SQLite and PostgreSQL (issue 17): every criterion with
its evidence and source, the decision signed or the screen failure with its coded reason, English and Chinese,
and `dosedesk print eligibility` on the command line."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.catalogue import say
from app.cli import main
from app.errors import NotFoundError
from app.services import eligibility
from app.services.database import Database
from app.services.eligibility_paper import eligibility_checklist, print_eligibility

from ._services import World
from .test_paper import pdf_text

TODAY = date(2026, 3, 2)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(TODAY)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_checklist_of_a_signed_subject_carries_the_evidence_and_the_signature(world: World) -> None:
    subject = world.enrol("001-001")
    world.weigh(subject)
    world.sign_eligibility(subject)
    sheet = eligibility_checklist(world.uow(None), "001-001")
    assert sheet.decision == "eligible" and sheet.result.eligible is True
    assert sheet.decided_by and sheet.decided_at is not None
    kinds = {line.what for line in sheet.evidence}
    assert {"neutrophils", "ecg", "lvef", "attestation"} <= kinds
    assert sheet.subject.startswith("001-001")
    text = squeezed(pdf_text(print_eligibility(world.uow(None), "001-001", "en")))
    assert squeezed(f"Eligible: signed by {sheet.decided_by}") in text
    for item in sheet.result.items:
        assert squeezed(item.id) in text
    chinese = squeezed(pdf_text(print_eligibility(world.uow(None), "001-001", "zh")))
    assert "入选资格核查表" in chinese and squeezed(f"符合入选资格：{sheet.decided_by}") in chinese
    assert "心电图" in chinese


def test_a_screen_failure_prints_its_coded_reason_in_both_languages(world: World) -> None:
    subject = world.enrol("001-002")
    world.weigh(subject)
    world.screening_evidence(subject)
    eligibility.record_attestations(world.uow("investigator"), subject, {"E9": False})
    eligibility.record_screen_failure(world.uow("investigator"), subject, "criteria_not_met", ("E9",), "输血史")
    sheet = eligibility_checklist(world.uow(None), "001-002")
    assert sheet.decision == "screen_failure" and sheet.result.eligible is False
    assert sheet.decision_words is not None
    english = squeezed(pdf_text(print_eligibility(world.uow(None), "001-002", "en")))
    assert squeezed("Screen failure: eligibility criteria not met (E9): 输血史") in english
    chinese = squeezed(pdf_text(print_eligibility(world.uow(None), "001-002", "zh")))
    reason = say(sheet.decision_words, "zh")
    assert reason != str(sheet.decision_words) and squeezed(reason) in chinese


def test_an_undecided_subject_says_what_is_missing(world: World) -> None:
    world.enrol("001-003")
    sheet = eligibility_checklist(world.uow(None), "001-003")
    assert sheet.decision == "undecided" and sheet.result.eligible is None
    text = squeezed(pdf_text(print_eligibility(world.uow(None), "001-003", "en")))
    assert "Undecided:" in text and "I8.neutrophils" in text
    assert squeezed("No decision yet: eligibility is not signed.") in text
    assert squeezed("No screening evidence recorded.") in text


def test_the_command_prints_the_checklist_and_refuses_an_unknown_subject(
    world: World, database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    subject = world.enrol("001-004")
    world.weigh(subject)
    world.sign_eligibility(subject, TODAY + timedelta(days=2))
    out = tmp_path / "checklist.pdf"
    base = ("--out", str(out), "--database", database_url)
    assert main(["print", "eligibility", "--patient", "001-004", *base]) == 0
    assert "Eligibility checklist" in pdf_text(out.read_bytes())
    assert main(["print", "eligibility", "--patient", "001-004", "--lang", "zh", *base]) == 0
    assert "入选资格核查表" in pdf_text(out.read_bytes())
    capsys.readouterr()
    assert main(["print", "eligibility", "--patient", "009-009", *base]) == 2
    err = capsys.readouterr().err
    assert "There is no subject 009-009" in err and "Traceback" not in err
    with pytest.raises(NotFoundError):
        eligibility_checklist(world.uow(None), "009-009")
