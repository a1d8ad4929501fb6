"""Why treatment and the study ended is stored as a code: a Chinese window stores the same code as an English
one (never the words it showed), the detail as typed, and both languages say the record in their words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from sqlalchemy import select

from app.catalogue import say as say_in
from app.models import AuditLog, Subject
from app.scheduling.disposition import DISPOSITION_WORDS, Disposition
from app.services.queries import subject_chart
from app.ui.dialogs.visit_actions import DateReasonDialog
from app.ui.screens.chart import SubjectChartView
from tests.integration._services import World
from tests.ui.test_chart_actions import open_chart


@pytest.fixture
def treated(database):
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=1)
    subject_id = world.enrol("001-001", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    return world, subject_id


def _chart(qtbot, backend, tmp_path: Path, world: World, subject_id: int, language: str) -> SubjectChartView:
    return open_chart(qtbot, backend, tmp_path, world.user("investigator"), subject_id, language)


def _pick(dialog: DateReasonDialog, code: Disposition) -> None:
    assert dialog.choice is not None
    index = dialog.choice.findData(str(code))
    assert index >= 0, f"{code} is not offered"
    dialog.choice.setCurrentIndex(index)


def test_a_chinese_window_stores_the_code_and_the_detail_never_the_words_it_showed(
    qtbot, backend, database, tmp_path, treated, chinese
) -> None:
    world, subject_id = treated
    chart = _chart(qtbot, backend, tmp_path, world, subject_id, "zh")
    dialog = chart.stop_treatment()
    assert isinstance(dialog, DateReasonDialog) and dialog.choice is not None
    offered = [dialog.choice.itemText(i) for i in range(dialog.choice.count())]
    assert "疾病进展" in offered and "Disease progression" not in offered  # said in the window's language
    _pick(dialog, Disposition.WITHDRAWAL_BY_SUBJECT)
    dialog.reason.setText("患者要求停药")  # typed through an input method
    dialog.accept()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    qtbot.waitUntil(
        lambda: chart.chart is not None and chart.chart.header.status == "follow_up", timeout=10_000
    )

    with database.session_factory() as session:
        subject = session.get(Subject, subject_id)
        assert subject is not None
        assert (
            subject.treatment_stop_code,
            subject.treatment_stop_params,
            subject.treatment_stop_reason,
        ) == (
            "WITHDRAWAL BY SUBJECT",
            None,
            "患者要求停药",
        )
        reasons = [row.reason or "" for row in session.execute(select(AuditLog)).scalars()]
        assert not any("受试者退出" in reason for reason in reasons)  # the trail keeps the English words
        assert any(reason.startswith("Withdrawal by the subject: 患者要求停药") for reason in reasons)
    # Each reader says the record in its language, from the one catalogue.
    assert (
        "受试者退出：患者要求停药" in chart.header.text() or "受试者退出: 患者要求停药" in chart.header.text()
    )
    header = subject_chart(world.uow(None), subject_id).header
    assert say_in(header.treatment_stop_reason, "en") == "Withdrawal by the subject: 患者要求停药"
    assert say_in(header.treatment_stop_reason, "zh").startswith("受试者退出")


def test_other_needs_the_detail_and_an_unknown_code_is_refused(
    qtbot, backend, database, tmp_path, treated
) -> None:
    world, subject_id = treated
    chart = _chart(qtbot, backend, tmp_path, world, subject_id, "en")
    dialog = chart.stop_treatment()
    assert isinstance(dialog, DateReasonDialog)
    _pick(dialog, Disposition.OTHER)
    dialog.accept()
    assert dialog.message.isVisible() and "reason" in dialog.message.text()
    assert shiboken6.isValid(dialog)

    from app.errors import InputError
    from app.services.toxicities import stop_treatment

    with pytest.raises(InputError, match="one of the reasons offered"):
        stop_treatment(world.uow("investigator"), subject_id, date.today(), "Disease progression")
    with pytest.raises(InputError, match="needs the detail"):
        stop_treatment(world.uow("investigator"), subject_id, date.today(), "OTHER", "  ")
    with database.session_factory() as session:
        subject = session.get(Subject, subject_id)
        assert subject is not None and subject.treatment_stopped_on is None


def test_every_code_is_said_in_english_and_chinese() -> None:
    for code in Disposition:
        english = say_in(DISPOSITION_WORDS[code], "en")
        chinese = say_in(DISPOSITION_WORDS[code], "zh")
        assert english and chinese and english != chinese, code


def test_a_coded_reason_on_the_audit_trail_is_said_in_the_readers_language() -> None:
    from app.services.reasons import recall_reason

    said = recall_reason("Withdrawal by the subject: 患者要求停药")
    assert say_in(said, "zh") == "受试者退出：患者要求停药"
    assert say_in(recall_reason("The subject was unwell: fever since Sunday"), "zh").startswith("受试者身体不适")
    typed = recall_reason("a family emergency: Day 15 omitted")  # a person's words stay as typed
    assert say_in(typed, "zh") == "a family emergency: Day 15 omitted"
