"""Languages in the window, on a real database: each user's own window language applied at sign-in (and the
next user's at a switch), Settings → Language switching the open window live at the same place, and the
patient's paper offered in the language the subject reads."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import User
from app.services import subjects, users
from app.services.audit import SystemActor
from app.ui.dialogs.enrol import EnrolDialog
from app.ui.dialogs.language import PaperLanguageDialog, SubjectLanguageDialog
from app.ui.dialogs.sign_in import SignInDialog
from app.ui.i18n import current_language, switch_language
from app.ui.main import Launcher, build_context
from app.ui.main_window import MainWindow
from app.ui.screens.patients import PatientsScreen
from app.ui.settings import UiSettings


@pytest.fixture(autouse=True)
def _english_afterwards(qapp: Any) -> Any:
    yield
    switch_language(qapp, "en")


@pytest.fixture
def people(database: Any) -> dict[str, Any]:
    users.create_user(database.uow(SystemActor("test")), "ada", "Ada Admin", "admin-pass-1", ["admin"])
    admin = users.sign_in(database.uow(), "ada", "admin-pass-1")
    users.create_user(
        database.uow(admin, "t"), "may", "May Lin", "coord-pass-1", ["coordinator", "investigator"]
    )
    may = users.sign_in(database.uow(), "may", "coord-pass-1")
    users.set_own_language(database.uow(may), may.id, "zh")
    return {"ada": admin, "may": users.sign_in(database.uow(), "may", "coord-pass-1")}


def _enrol(database: Any, who: Any, number: str, language: str | None) -> int:
    return subjects.enrol_subject(
        database.uow(who, "test"),
        subject_number=number,
        initials="LW",
        birth_date=date(1965, 3, 4),
        sex="female",
        baseline_weight_kg=Decimal("61.4"),
        height_cm=Decimal("158"),
        planned_c1d1=date.today() + timedelta(days=7),
        language=language,
    ).id


def _sign_in(qtbot: Any, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_a_chinese_user_gets_a_chinese_window_on_an_english_workstation_and_the_next_user_theirs(
    qtbot: Any, backend: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    settings = UiSettings(tmp_path / "w.ini")
    settings.language = "en"  # the workstation speaks English
    launcher = Launcher(build_context(backend, settings, "en"))
    launcher.start()
    qtbot.waitUntil(
        lambda: isinstance(launcher.dialog, SignInDialog) and launcher.dialog.isVisible(), timeout=10_000
    )
    assert isinstance(launcher.dialog, SignInDialog)
    with qtbot.waitSignal(launcher.window_shown, timeout=10_000):
        _sign_in(qtbot, launcher.dialog, "may", "coord-pass-1")
    window = launcher.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert current_language() == "zh_CN" and launcher.context.language == "zh_CN"
    assert window.navigation.item(0).text() == "今日"
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert window.language_actions["zh_CN"].isChecked()

    window.switch_user()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "switchUserDialog")
    with qtbot.waitSignal(window.user_changed, timeout=10_000):
        _sign_in(qtbot, dialog, "ada", "admin-pass-1")  # Ada has no language of her own: the workstation's
    assert current_language() == "en"
    assert window.navigation.item(0).text() == "Today" and window.menuBar().actions()[0].text() == "&File"
    assert window.language_actions[""].isChecked()


def test_switching_language_retranslates_the_open_window_at_the_same_place(
    qtbot: Any, backend: Any, database: Any, people: dict[str, Any], main_window: Any
) -> None:
    users.set_own_language(database.uow(people["may"]), people["may"].id, None)
    subject_id = _enrol(database, people["may"], "001-001", "zh")
    window = main_window("may", "coord-pass-1")
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    screen.open_subject(subject_id)
    qtbot.waitUntil(lambda: screen.chart.chart is not None, timeout=10_000)
    screen.chart.tabs.setCurrentIndex(2)
    assert screen.chart.tabs.tabText(2) == "Weights and labs"

    window.language_actions["zh_CN"].trigger()
    qtbot.waitUntil(lambda: current_language() == "zh_CN", timeout=10_000)
    rebuilt = window.current_screen()
    assert isinstance(rebuilt, PatientsScreen) and rebuilt is not screen  # built again in Chinese
    qtbot.waitUntil(lambda: rebuilt.chart.chart is not None, timeout=10_000)
    assert rebuilt.chart.chart is not None and rebuilt.chart.chart.header.subject_id == subject_id
    qtbot.waitUntil(lambda: rebuilt.chart.tabs.currentIndex() == 2, timeout=10_000)
    assert rebuilt.chart.tabs.tabText(2) != "Weights and labs"
    assert window.navigation.currentItem().text() == "受试者"
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    with database.session_factory() as session:  # kept on the user's record for their next sign-in
        assert session.execute(select(User.language).where(User.username == "may")).scalar_one() == "zh"

    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: current_language() == "en", timeout=10_000)
    again = window.current_screen()
    assert isinstance(again, PatientsScreen)
    qtbot.waitUntil(lambda: again.chart.tabs.currentIndex() == 2, timeout=10_000)
    assert again.chart.tabs.tabText(2) == "Weights and labs"


def test_patient_paper_is_offered_in_the_language_the_subject_reads(
    qtbot: Any, backend: Any, database: Any, people: dict[str, Any], main_window: Any, monkeypatch: Any
) -> None:
    users.set_own_language(database.uow(people["may"]), people["may"].id, None)
    chinese = _enrol(database, people["may"], "001-001", "zh")
    english = _enrol(database, people["may"], "001-002", None)  # not recorded: the window's language
    asked: list[tuple[str, str | None]] = []
    real = backend.calendar_pdf
    monkeypatch.setattr(
        backend, "calendar_pdf", lambda n, lang=None: asked.append((n, lang)) or real(n, lang)
    )
    window = main_window("may", "coord-pass-1")
    screen = window.show_screen("patients")
    assert isinstance(screen, PatientsScreen)
    qtbot.waitUntil(lambda: screen.loaded, timeout=10_000)
    chart = screen.chart

    screen.open_subject(chinese)
    qtbot.waitUntil(
        lambda: chart.chart is not None and chart.chart.header.subject_id == chinese, timeout=10_000
    )
    assert "中文" in chart.header.text()
    dialog = chart.print_calendar()
    assert isinstance(dialog, PaperLanguageDialog) and dialog.language == "zh"
    assert [dialog.box.itemText(i) for i in range(dialog.box.count())] == ["English", "中文"]
    dialog.accept()
    qtbot.waitUntil(lambda: asked == [("001-001", "zh")], timeout=10_000)
    wristband = chart.print_wristband()
    assert isinstance(wristband, PaperLanguageDialog) and wristband.language == "zh"
    wristband.reject()

    screen.open_subject(english)
    qtbot.waitUntil(
        lambda: chart.chart is not None and chart.chart.header.subject_id == english, timeout=10_000
    )
    offered = chart.print_calendar()
    assert isinstance(offered, PaperLanguageDialog) and offered.language == "en"
    offered.box.setCurrentIndex(offered.box.findData("zh"))  # the print asks for another
    offered.accept()
    qtbot.waitUntil(lambda: ("001-002", "zh") in asked, timeout=10_000)

    # The language is recorded on the chart, with a reason; the next print offers it.
    form = chart.set_subject_language()
    assert isinstance(form, SubjectLanguageDialog)
    form.box.setCurrentIndex(form.box.findData("zh"))
    qtbot.keyClicks(form.reason, "asked the patient")
    form.submit()
    qtbot.waitUntil(lambda: chart.chart is not None and chart.chart.header.language == "zh", timeout=10_000)
    again = chart.print_calendar()
    assert isinstance(again, PaperLanguageDialog) and again.language == "zh"
    again.reject()


def test_the_enrolment_form_asks_the_language_the_patient_reads(qtbot: Any) -> None:
    taken: list[dict[str, Any]] = []
    dialog = EnrolDialog(_NoRunner(), taken.append)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "en"  # the window's language offered
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))
    for field, value in (("number", "001-009"), ("initials", "LW"), ("weight", "61"), ("height_cm", "158")):
        getattr(dialog, field).setText(value)
    fields = dialog.fields()
    assert fields is not None and fields["language"] == "zh"
    dialog.restore_draft({"language": "en"})
    assert dialog.language.currentData() == "en"


class _NoRunner:
    def run(self, *args: Any, **kwargs: Any) -> None:  # pragma: no cover - the form is not submitted here
        raise AssertionError("not submitted")
