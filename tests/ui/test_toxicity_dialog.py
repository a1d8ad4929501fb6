"""Record a toxicity through the dialog: search the CTCAE list, pick a grade, see the protocol's proposal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from app.protocol import load_protocol
from app.toxicity import propose_action
from app.ui.dialogs.toxicity import RecordToxicityDialog, ToxicityEntry
from app.ui.models.ctcae import CtcaeTermModel
from app.ui.ops import OpRunner

PROTOCOL = load_protocol("nct07343453")


def _dialog(qtbot, recorded: list[ToxicityEntry], occurrence: int = 1) -> RecordToxicityDialog:
    def propose(term: str, grade: int):
        return propose_action(PROTOCOL, term, grade, Decimal(5), occurrence)

    dialog = RecordToxicityDialog(
        OpRunner(),
        propose,
        recorded.append,
        PROTOCOL.regimen.dose_levels_mg_per_kg,
        subject="003",
        today=date(2026, 3, 2),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _record_button(dialog):
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == "Record")


def test_term_model_passes_qtmodeltester(qtmodeltester):
    model = CtcaeTermModel()
    qtmodeltester.check(model)
    model.set_query("neutro")
    qtmodeltester.check(model)
    assert model.data(model.index(0)) == "Neutrophil count decreased"


def test_confirming_the_proposal_for_grade_4_neutropenia(qtbot):
    recorded: list[ToxicityEntry] = []
    dialog = _dialog(qtbot, recorded)
    qtbot.keyClicks(dialog.search, "neutropenia")
    assert dialog.current_term() is not None
    assert dialog.current_term().term == "Neutrophil count decreased"
    qtbot.mouseClick(dialog.grade_buttons[4], Qt.MouseButton.LeftButton)
    assert dialog.definition.text().startswith("Grade 4: <500/mm3")
    assert "Hold the dose until grade ≤ 1" in dialog.proposed_action.text()
    assert "resume at 4 mg/kg" in dialog.proposed_action.text()
    assert "Neutropenia grade 4" in dialog.rule.text()
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.mouseClick(_record_button(dialog), Qt.MouseButton.LeftButton)
    [entry] = recorded
    assert (entry.term, entry.grade, entry.onset, entry.confirmed) == (
        "Neutrophil count decreased",
        4,
        date(2026, 3, 2),
        True,
    )
    assert entry.action == "hold" and entry.resume_mg_per_kg == Decimal(4)


def test_grades_ctcae_does_not_define_are_disabled(qtbot):
    dialog = _dialog(qtbot, [])
    dialog.choose("Febrile neutropenia")
    assert not dialog.grade_buttons[1].isEnabled() and not dialog.grade_buttons[2].isEnabled()
    assert dialog.grade_buttons[3].isEnabled()


def test_override_needs_a_reason(qtbot):
    recorded: list[ToxicityEntry] = []
    dialog = _dialog(qtbot, recorded)
    dialog.choose("Diarrhea", 3)
    assert "Hold the dose" in dialog.proposed_action.text()
    # Click the radio button's circle, as a user would (the button is wider than its text).
    qtbot.mouseClick(dialog.override, Qt.MouseButton.LeftButton, pos=QPoint(6, dialog.override.height() // 2))
    assert dialog.reason.isEnabled()
    dialog.override_action.setCurrentIndex(dialog.override_action.findData("continue"))
    dialog.override_level.setCurrentIndex(dialog.override_level.findData("5"))
    qtbot.mouseClick(_record_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "An override needs a reason."
    assert recorded == []
    qtbot.keyClicks(dialog.reason, "diarrhoea from antibiotics, resolved")
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        qtbot.mouseClick(_record_button(dialog), Qt.MouseButton.LeftButton)
    [entry] = recorded
    assert not entry.confirmed
    assert (entry.action, entry.resume_mg_per_kg, entry.reason) == (
        "continue",
        Decimal(5),
        "diarrhoea from antibiotics, resolved",
    )
    assert entry.proposed.action == "hold"


def test_draft_round_trip(qtbot):
    dialog = _dialog(qtbot, [])
    dialog.choose("Mucositis oral", 2)
    dialog.override.setChecked(True)
    dialog.reason.setText("patient request")
    state = dialog.draft_state()
    again = _dialog(qtbot, [])
    again.restore_draft(state)
    assert again.current_term().term == "Mucositis oral"
    assert again.current_grade() == 2
    assert again.override.isChecked() and again.reason.text() == "patient request"
