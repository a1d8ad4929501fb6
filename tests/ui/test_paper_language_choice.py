"""The language of the pharmacy's paper, chosen in the window: beside the print buttons of the Today screen (the
clinic day list), the Orders screen (order sheet, bag label) and the Stock screen (accountability log), starting
at the window's language, offering both languages only where the site prints bilingual paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.ui import i18n
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.paper import PaperLanguageCombo
from app.ui.screens.registry import default_factories
from app.ui.screens.today import TodayScreen
from app.ui.settings import UiSettings
from tests.ui.fakes import PatientBackend


def _today(qtbot, tmp_path: Path, backend: PatientBackend) -> TodayScreen:
    context = build_context(backend, UiSettings(tmp_path / "w.ini"), "en")
    context.user = backend.add("may", "coord-pass", "coordinator")
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    screen = window.current_screen()
    assert isinstance(screen, TodayScreen)
    return screen


def _codes(combo: PaperLanguageCombo) -> list[str]:
    return [str(combo.itemData(i)) for i in range(combo.count())]


def test_the_day_list_prints_in_the_language_chosen(qtbot, tmp_path: Path) -> None:
    backend = PatientBackend()
    screen = _today(qtbot, tmp_path, backend)
    combo = screen.paper_language
    assert combo.isVisible() and _codes(combo) == ["en", "zh"]
    assert combo.language() == "en"  # the window speaks English
    combo.setCurrentIndex(combo.findData("zh"))
    qtbot.mouseClick(screen.print_day_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.context.extras.get("last_preview") is not None, timeout=10_000)
    day = screen.chosen_day().isoformat()
    assert f"day_list_pdf {day} zh" in backend.calls


def test_both_is_offered_where_the_site_prints_bilingual_paper(qtbot, tmp_path: Path, monkeypatch) -> None:
    backend = PatientBackend()
    monkeypatch.setattr(PatientBackend, "paper_languages", lambda self: ("en", "zh", "both"), raising=False)
    screen = _today(qtbot, tmp_path, backend)
    combo = screen.paper_language
    qtbot.waitUntil(lambda: _codes(combo) == ["en", "zh", "both"], timeout=10_000)
    assert combo.language() == "en"  # the choice made is kept when the list grows
    combo.setCurrentIndex(combo.findData("both"))
    qtbot.mouseClick(screen.print_day_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(c.endswith(" both") for c in backend.calls), timeout=10_000)
    # The site turns it off again: the list shrinks and falls back to the first language.
    combo.set_languages(("en", "zh"))
    assert _codes(combo) == ["en", "zh"] and combo.language() == "en"


def test_the_choice_starts_at_the_windows_language(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(i18n, "_current", "zh_CN")
    combo = PaperLanguageCombo(None, None)
    qtbot.addWidget(combo)
    assert combo.language() == "zh" and combo.currentText() == "中文"
    monkeypatch.setattr(i18n, "_current", "en")
    combo = PaperLanguageCombo(None, None)
    qtbot.addWidget(combo)
    assert combo.language() == "en" and combo.currentText() == "English"
