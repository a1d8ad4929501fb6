"""CTCAE in a Chinese window: the toxicity dialog finds a term by its Chinese name and shows it in Chinese with
the English beside it, the Chinese grade definitions and the proposal's sentence with the Chinese term; the
chart's Toxicities and History tabs say the term in Chinese; what is recorded stays the English CTCAE term."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from app.protocol import load_protocol
from app.services import toxicities
from app.services.reasons import recall_reason
from app.toxicity import propose_action
from app.ui.dialogs.toxicity import RecordToxicityDialog, ToxicityEntry
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.ops import OpRunner
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from app.ui.words import audit_value, say, term_name
from tests.integration._services import World

PROTOCOL = load_protocol("nct07343453")
NEUTROPHILS = "Neutrophil count decreased"
SHOWN = "中性粒细胞计数降低 (Neutrophil count decreased)"


def _dialog(qtbot, recorded: list[ToxicityEntry]) -> RecordToxicityDialog:
    dialog = RecordToxicityDialog(
        OpRunner(),
        lambda term, grade: propose_action(PROTOCOL, term, grade, Decimal(5)),
        recorded.append,
        PROTOCOL.regimen.dose_levels_mg_per_kg,
        subject="003",
        today=date(2026, 3, 2),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_chinese(field: QLineEdit, text: str) -> None:
    """Type Chinese as an input method does: it commits the characters to the field."""
    field.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def _pick_grade(qtbot, dialog: RecordToxicityDialog, grade: int) -> None:
    button = dialog.grade_buttons[grade]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_a_chinese_window_finds_and_shows_the_term_in_chinese(chinese, qtbot):
    recorded: list[ToxicityEntry] = []
    dialog = _dialog(qtbot, recorded)
    _type_chinese(dialog.search, "中性粒细胞")
    term = dialog.current_term()
    assert term is not None and term.term == NEUTROPHILS
    assert dialog.terms.data(dialog.terms.index(0)) == SHOWN
    assert dialog.terms.data(dialog.terms.index(1)) == "发热性中性粒细胞减少症 (Febrile neutropenia)"
    assert dialog.chosen_term.text() == SHOWN
    assert "各类检查" in dialog.terms.data(dialog.terms.index(0), Qt.ItemDataRole.ToolTipRole)

    _pick_grade(qtbot, dialog, 4)
    assert dialog.definition.text() == "4 级：<500/mm3；<0.5 x 10e9 /L"
    assert dialog.definition.toolTip() == "<500/mm3; <0.5 x 10e9 /L"  # the English, to match the paper
    assert dialog.translation_note.isVisible() and "工作译文" in dialog.translation_note.text()
    # the protocol's proposal: its rule, and the sentence that explains it, say the term in Chinese
    rule = dialog.rule.text()
    assert "中性粒细胞计数降低 4 级：暂停给药直至 ≤ 1 级" in rule, rule
    assert NEUTROPHILS not in rule, rule
    assert not re.search(r"[A-Za-z]{4,}", rule.replace("CTCAE", "")), rule

    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.accept()
    [entry] = recorded
    assert (entry.term, entry.grade) == (NEUTROPHILS, 4)  # recorded under the English CTCAE term


def test_a_chinese_window_finds_a_term_by_its_chinese_synonym_and_by_meddra_code(chinese, qtbot):
    dialog = _dialog(qtbot, [])
    _type_chinese(dialog.search, "贫血")
    assert dialog.current_term() is not None and dialog.current_term().term == "Anemia"
    assert dialog.chosen_term.text() == "贫血 (Anemia)"
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "10028130")
    assert dialog.chosen_term.text() == "口腔黏膜炎 (Mucositis oral)"
    _pick_grade(qtbot, dialog, 3)
    assert dialog.definition.text().startswith("3 级：重度疼痛")
    assert "口腔黏膜炎 3 级" in dialog.rule.text()


def test_an_english_window_takes_a_chinese_search_and_shows_the_english(qtbot):
    dialog = _dialog(qtbot, [])
    _type_chinese(dialog.search, "中性粒细胞")
    assert dialog.current_term() is not None and dialog.current_term().term == NEUTROPHILS
    assert dialog.terms.data(dialog.terms.index(0)) == NEUTROPHILS
    _pick_grade(qtbot, dialog, 4)
    assert dialog.definition.text() == "Grade 4: <500/mm3; <0.5 x 10e9 /L"
    assert dialog.translation_note.isHidden()
    assert "Neutrophil count decreased grade 4: hold until grade ≤ 1" in dialog.rule.text()


def test_sentences_found_again_in_records_say_the_term_in_chinese(chinese):
    stored = str(propose_action(PROTOCOL, NEUTROPHILS, 3, Decimal(5)).explanation)
    assert say(recall_reason(f"decision: {stored}")).startswith("决定：中性粒细胞计数降低 3 级：")
    assert say(recall_reason("toxicity Anemia grade 3 recorded")) == "已记录毒性 贫血 3 级"
    created = json.dumps({"ctcae_term": "Pneumonitis", "grade": 2})
    assert "肺炎" in audit_value(created, "toxicities") and "Pneumonitis" not in audit_value(
        created, "toxicities"
    )
    assert term_name("a protocol's own wording") == "a protocol's own wording"
    assert term_name(NEUTROPHILS, with_english=True) == SHOWN


def test_the_chart_says_a_recorded_toxicity_in_chinese(chinese, qtbot, backend, database, tmp_path: Path):
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=6)
    subject_id = world.enrol("002-001", c1d1=world.today)
    world.give_dose(subject_id, "C1D1")
    toxicities.record_and_decide(world.uow("investigator"), subject_id, NEUTROPHILS, 4, world.today)

    investigator = world.user("investigator")
    context = build_context(backend, UiSettings(tmp_path / "zh.ini"), "zh_CN")
    context.user = signed_in(investigator)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    patients = window.show_screen("patients")
    qtbot.waitUntil(lambda: patients.loaded, timeout=10_000)
    patients.open_subject(subject_id)
    chart = patients.chart
    qtbot.waitUntil(
        lambda: chart.chart is not None and chart.toxicities_model.rowCount() == 1, timeout=10_000
    )
    model = chart.toxicities_model
    assert model.index(0, 0).data() == SHOWN
    assert chart.toxicities_model.record(0).term == NEUTROPHILS  # the record keeps the English

    hold_reasons = [chart.holds_model.index(r, 4).data() for r in range(chart.holds_model.rowCount())]
    assert hold_reasons and all("中性粒细胞计数降低 4 级" in r for r in hold_reasons), hold_reasons

    history = chart.history_model
    shown = [
        history.index(row, column).data() or ""
        for row in range(history.rowCount())
        for column in range(history.columnCount())
    ]
    said = [cell for cell in shown if "中性粒细胞计数降低" in cell]
    assert said, shown
    assert not [cell for cell in shown if NEUTROPHILS in cell], [c for c in shown if NEUTROPHILS in c]


def test_a_long_name_with_its_english_does_not_widen_the_dialog(chinese, qtbot):
    dialog = _dialog(qtbot, [])
    width = dialog.width()
    dialog.choose("Palmar-plantar erythrodysesthesia syndrome", 2)
    assert dialog.chosen_term.text() == "掌跖红斑感觉异常综合征 (Palmar-plantar erythrodysesthesia syndrome)"
    assert dialog.width() == width
    assert dialog.definition.text().startswith(
        "2 级：皮肤改变（如脱皮、水疱、出血、皲裂、水肿或角化过度）伴疼痛"
    )
