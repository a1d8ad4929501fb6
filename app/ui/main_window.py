"""The main window: navigation, role-gated screens and menus, status bar, idle lock and switching user."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.errors import DoseDeskError
from app.ui.context import AppContext
from app.ui.dialogs.sign_in import SignInDialog
from app.ui.drafts import DraftHolder
from app.ui.i18n import language_for, stored_language, switch_language, ui_language
from app.ui.lock import IdleWatcher, LockScreen
from app.ui.screens.base import Screen
from app.ui.session import SCREEN_ROLES, SignedInUser, may
from app.ui.words import say_error

ScreenFactory = Callable[[AppContext], Screen]


class _Screens(dict[str, Screen]):
    """The window's screens, each built the first time it is asked for (only those the user may use)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> Screen:
        if key not in self._window.visible_screens():
            raise KeyError(key)
        screen = self._window.build_screen(key)
        self[key] = screen
        return screen


SCREEN_ORDER = ("today", "patients", "orders", "stock", "protocol", "admin", "exposure")


def screen_title(key: str) -> str:
    titles = {
        "today": QCoreApplication.translate("MainWindow", "Today"),
        "patients": QCoreApplication.translate("MainWindow", "Patients"),
        "orders": QCoreApplication.translate("MainWindow", "Orders"),
        "stock": QCoreApplication.translate("MainWindow", "Stock"),
        "protocol": QCoreApplication.translate("MainWindow", "Protocol"),
        "admin": QCoreApplication.translate("MainWindow", "Admin"),
        "exposure": QCoreApplication.translate("MainWindow", "Exposure"),
    }
    return titles[key]


def role_title(role: str) -> str:
    titles = {
        "admin": QCoreApplication.translate("MainWindow", "admin"),
        "pharmacist": QCoreApplication.translate("MainWindow", "pharmacist"),
        "coordinator": QCoreApplication.translate("MainWindow", "coordinator"),
        "investigator": QCoreApplication.translate("MainWindow", "investigator"),
        "nurse": QCoreApplication.translate("MainWindow", "nurse"),
    }
    return titles.get(role, role)


def default_size() -> tuple[int, int]:
    """1280 × 800, or up to 1600 × 1000 on a larger screen (never larger than the screen)."""
    screen = QApplication.primaryScreen()
    if screen is None:
        return 1280, 800
    free = screen.availableGeometry()
    if free.width() < 1280 or free.height() < 800:
        return 1280, 800  # a small or virtual screen: the window manager fits the window
    return min(1600, int(free.width() * 0.9)), min(1000, int(free.height() * 0.9))


class MainWindow(QMainWindow):
    """The DoseDesk window for one signed-in user at a time.

    Signals:
        locked_changed(bool): the window was locked (True) or unlocked (False).
        user_changed(object): another user signed in at the locked window (the new `SignedInUser`).
        restart_requested(str): the window closed itself so that everyone signs in again (the database was
            replaced); the text says why. The launcher shows the sign-in again.
    """

    locked_changed = Signal(bool)
    user_changed = Signal(object)
    restart_requested = Signal(str)

    def __init__(
        self,
        context: AppContext,
        factories: Mapping[str, ScreenFactory],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._factories = dict(factories)
        self.screens: dict[str, Screen] = _Screens(self)
        self._hidden_windows: list[QWidget] = []
        self.setWindowTitle(self.tr("DoseDesk"))
        self.setObjectName("mainWindow")

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Screens"))
        self.navigation.setFixedWidth(150)
        self.navigation.setStyleSheet("QListWidget#navigation::item { padding: 7px 6px; }")
        self.navigation.currentRowChanged.connect(self._navigated)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("pages")
        workspace = QWidget(self)
        row = QHBoxLayout(workspace)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        self.workspace = workspace

        self.lock_screen = LockScreen(self)
        self.lock_screen.unlock_requested.connect(self._unlock_with)
        self.lock_screen.switch_user_requested.connect(self._switch_user)
        self.outer = QStackedWidget(self)
        self.outer.addWidget(workspace)
        self.outer.addWidget(self.lock_screen)
        self.setCentralWidget(self.outer)

        self.user_label = QLabel(self)
        self.user_label.setObjectName("userLabel")
        self.busy_label = QLabel(self)
        self.database_label = QLabel(self)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        context.runner.busy_changed.connect(self._busy_changed)

        self.idle = IdleWatcher(context.settings.idle_lock_minutes, self)
        self.idle.idle.connect(lambda: self.lock(idle=True))

        self._build_menus()
        self._start_of_day()
        self._build_screens()
        self.resize(*default_size())
        self.idle.start()

    def _start_of_day(self) -> None:
        """Bring the records up to today off the GUI thread (a backend without this upkeep has none to do).

        It is queued before anything the first screen asks for, so what the user sees is read after it. A
        restored database is brought up to date again (see `restart`)."""
        upkeep = getattr(self.context.backend, "start_of_day", None)
        user = self.context.user
        if upkeep is None or user is None:
            return
        # Only the date changes what it finds, so once a day per database is enough: a later sign-in the same
        # day does not wait for 500 calendars again.
        database, today = self.context.backend.describe(), date.today().isoformat()
        if self.context.settings.upkeep_day(database) == today:
            return

        def done(_subjects: object) -> None:
            self.context.settings.set_upkeep_day(database, today)

        self.context.runner.run(lambda: upkeep(user), on_success=done, parent=self)

    # --- menus and screens -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.import_labs_action = QAction(self.tr("&Import labs…"), self)
        self.import_labs_action.setObjectName("importLabsAction")
        self.import_labs_action.triggered.connect(lambda _checked=False: self.import_labs())
        file_menu.addAction(self.import_labs_action)
        self.export_data_action = QAction(self.tr("&Export trial data…"), self)
        self.export_data_action.setObjectName("exportDataAction")
        self.export_data_action.setStatusTip(
            self.tr("The trial's CDISC SDTM datasets, for the investigator and the administrator")
        )
        self.export_data_action.triggered.connect(lambda _checked=False: self.export_data())
        file_menu.addAction(self.export_data_action)
        file_menu.addSeparator()
        self.lock_action = QAction(self.tr("&Lock now"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda _checked=False: self.lock(idle=False))
        file_menu.addAction(self.lock_action)
        self.switch_user_action = QAction(self.tr("&Switch user…"), self)
        self.switch_user_action.setObjectName("switchUserAction")
        self.switch_user_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.switch_user_action.triggered.connect(lambda _checked=False: self.switch_user())
        file_menu.addAction(self.switch_user_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.go_menu = bar.addMenu(self.tr("&Go"))
        self.go_actions: dict[str, QAction] = {}
        for number, key in enumerate(SCREEN_ORDER, start=1):
            # Its number is its mnemonic too (Alt+G, then 1…), the same letterless key in every language.
            action = QAction(f"&{number} {screen_title(key)}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_screen(k))
            self.go_menu.addAction(action)
            self.go_actions[key] = action

        settings_menu = bar.addMenu(self.tr("&Settings"))
        language_menu = settings_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        user = self.context.user
        chosen = (ui_language(user.language) if user is not None else None) or ""
        for code, label in (
            ("", self.tr("&As this workstation")),
            ("en", "&English"),
            ("zh_CN", "简体中文(&C)"),
        ):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(chosen == code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        idle_action = QAction(self.tr("&Idle lock…"), self)
        idle_action.triggered.connect(self._ask_idle_minutes)
        settings_menu.addAction(idle_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About DoseDesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_screens(self) -> None:
        """(Re)list the screens for the signed-in user; a screen a role may not use is never built, and the
        others are built when first shown (start-up builds only the first)."""
        user = self.context.require_user()
        for screen in self.screens.values():
            self.pages.removeWidget(screen)
            screen.deleteLater()
        self.screens = _Screens(self)
        self.navigation.blockSignals(True)
        self.navigation.clear()
        for key in SCREEN_ORDER:
            allowed = key in self._factories and user.has(*SCREEN_ROLES[key])
            self.go_actions[key].setVisible(allowed)
            self.go_actions[key].setEnabled(allowed)
            if not allowed:
                continue
            item = QListWidgetItem(screen_title(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
        self.navigation.blockSignals(False)
        widest = max(
            (
                self.navigation.fontMetrics().horizontalAdvance(self.navigation.item(i).text())
                for i in range(self.navigation.count())
            ),
            default=0,
        )
        self.navigation.setFixedWidth(max(110, widest + 40))
        self.import_labs_action.setVisible(may(user, "record_labs"))
        exports = may(user, "export_data")
        self.export_data_action.setVisible(exports)
        self.export_data_action.setEnabled(exports)
        roles = ", ".join(role_title(r) for r in sorted(user.roles))
        self.user_label.setText(
            self.tr("Signed in: {name} ({roles})").format(name=user.full_name, roles=roles)
        )
        self.database_label.setText(self.context.backend.describe())
        if self.navigation.count():
            self.navigation.setCurrentRow(0)  # the list was cleared: this change shows the first screen, once
            if self.pages.currentWidget() is None:
                self._navigated(0)

    def build_screen(self, key: str) -> Screen:
        screen = self._factories[key](self.context)
        screen.subject_requested.connect(self.open_subject)
        screen.visit_requested.connect(self.open_subject)
        screen.restart_requested.connect(self.restart)
        self.pages.addWidget(screen)
        return screen

    def visible_screens(self) -> list[str]:
        return [
            str(self.navigation.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.navigation.count())
        ]

    def show_screen(self, key: str) -> Screen | None:
        keys = self.visible_screens()
        if key not in keys or self.is_locked:
            return None
        self.navigation.setCurrentRow(keys.index(key))
        return self.screens[key]

    def open_subject(self, subject_id: int, visit_label: str | None = None) -> None:
        """Show a subject's chart on the Patients screen (from Today, Orders …), at `visit_label` when given."""
        screen = self.show_screen("patients")
        opener = getattr(screen, "open_subject", None)
        if callable(opener):
            opener(subject_id, visit_label)

    def open_order(self, order_number: str) -> bool:
        """Show the Orders screen with `order_number` selected (from a chart); False when the user has none."""
        screen = self.show_screen("orders")
        shower = getattr(screen, "show_order", None)
        if not callable(shower):
            return False
        shower(order_number)
        return True

    def import_labs(self, path: Path | None = None) -> Any:
        """File → Import labs… (and a file dropped on a chart): the file previewed, then imported; the screen
        shown is read again afterwards. Returns the dialog (None when no file was chosen or the user may not)."""
        from app.ui.dialogs.import_labs import FILE_FILTER, ImportLabsDialog

        user = self.context.user
        if user is None or not may(user, "record_labs") or self.is_locked:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self,
                self.tr("Import labs"),
                "",
                self.tr("Laboratory files ({patterns})").format(patterns=FILE_FILTER),
            )
            if not chosen:
                return None
            path = Path(chosen)
        backend = self.context.backend
        dialog = ImportLabsDialog(
            self.context.runner,
            backend.read_lab_file,
            lambda content, name, only: backend.preview_labs(user, content, name, only),
            lambda content, identity, name: backend.import_labs(user, content, identity, name),
            self,
            path=path,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self._labs_imported(dialog.done_words()))
        dialog.open()
        return dialog

    def export_data(self) -> Any:
        """File → Export trial data…: the SDTM datasets into a folder (an investigator or an administrator).
        Returns the dialog; None when the user may not (the menu entry is hidden from them)."""
        from app.ui.dialogs.export_data import ExportDataDialog

        user = self.context.user
        if user is None or not may(user, "export_data") or self.is_locked:
            return None
        backend = self.context.backend
        dialog = ExportDataDialog(
            self.context.runner,
            backend.list_patients,
            lambda folder, formats, subjects: backend.export_trial_data(user, folder, formats, subjects),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _result: self._exported(dialog.done_words()))
        dialog.open()
        return dialog

    def _exported(self, words: str) -> None:
        if words:
            self.statusBar().showMessage(words, 10_000)

    def _labs_imported(self, words: str) -> None:
        self.statusBar().showMessage(words, 10_000)
        screen = self.current_screen()
        chart = getattr(screen, "chart", None)
        if chart is not None and getattr(chart, "chart", None) is not None:
            chart.reload()  # the chart open, and the list beside it
        elif screen is not None:
            screen.activate()

    def current_screen(self) -> Screen | None:
        widget = self.pages.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def _navigated(self, row: int) -> None:
        if row < 0:
            return
        key = str(self.navigation.item(row).data(Qt.ItemDataRole.UserRole))
        screen = self.screens[key]
        self.pages.setCurrentWidget(screen)
        screen.activate()

    def _busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Working…") if busy else "")

    # --- settings ----------------------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Settings → Language: the signed-in user's own window language ("en", "zh_CN"; "" for this
        workstation's), kept on their record for their next sign-in anywhere, and applied now: every screen is
        built again in it, at the same place (the screen shown, the chart open, its tab and visit)."""
        user = self.context.require_user()
        stored = stored_language(code)
        setter = getattr(self.context.backend, "set_user_language", None)
        if setter is None:  # a backend without user records: the workstation's setting only
            self.context.settings.language = code
            self.apply_language(language_for(None, code))
            return

        def done(updated: SignedInUser) -> None:
            if self.context.user is None or self.context.user.user_id != updated.user_id:
                return  # someone else signed in meanwhile
            self.context.user = updated
            self.apply_language(language_for(updated.language, self.context.settings.language))

        self.context.runner.run(lambda: setter(user, stored), on_success=done, parent=self)

    def _check_language_actions(self) -> None:
        user = self.context.user
        chosen = (ui_language(user.language) if user is not None else None) or ""
        for code, action in self.language_actions.items():
            action.setChecked(code == chosen)

    def apply_language(self, language: str) -> bool:
        """Speak `language` ("en", "zh_CN") now: translators switched, menus and screens built again in it, the
        user kept at their place. Returns False when the window spoke it already."""
        app = QCoreApplication.instance()
        self.context.language = language
        if app is None or not switch_language(app, language):
            self._check_language_actions()
            return False
        self.retranslate()
        return True

    def retranslate(self) -> None:
        """Build the menus and every screen again in the language installed now, then go back to the screen
        shown and its place (a screen keeps its own: `Screen.place`/`restore_place`)."""
        current = self.current_screen()
        key = current.key if current is not None else None
        place = current.place() if current is not None else None
        self.menuBar().clear()
        self._build_menus()
        self.setWindowTitle(self.tr("DoseDesk"))
        self.lock_screen.retranslate()
        self._build_screens()
        if key is not None:
            screen = self.show_screen(key)
            if screen is not None and place is not None:
                screen.restore_place(place)

    def _ask_idle_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self,
            self.tr("Idle lock"),
            self.tr("Lock the window after this many minutes without use:"),
            self.context.settings.idle_lock_minutes,
            1,
            120,
        )
        if ok:
            self.set_idle_minutes(minutes)

    def set_idle_minutes(self, minutes: int) -> None:
        self.context.settings.idle_lock_minutes = minutes
        self.idle.set_interval_ms(minutes * 60_000)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About DoseDesk"),
            self.tr("DoseDesk {version}\nPharmacy and coordinator desk for trial NCT07343453.").format(
                version=__version__
            ),
        )

    # --- lock and switching user -------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.outer.currentWidget() is self.lock_screen

    def lock(self, idle: bool = False) -> None:
        """Cover the window; hide open forms (kept as they are) until the same user's password is typed.
        `idle`: locked by the idle watcher (the lock screen says so), not by the user."""
        if self.is_locked or self.context.user is None:
            return
        self.idle.stop()
        self._hidden_windows = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self and w.isVisible() and not isinstance(w, QMessageBox)
        ]
        for window in self._hidden_windows:
            window.hide()
        self.menuBar().setEnabled(False)
        user = self.context.user
        self.lock_screen.prepare(user.full_name, user.username, idle=idle)
        self.outer.setCurrentWidget(self.lock_screen)
        self.lock_screen.password.setFocus()
        self.locked_changed.emit(True)

    def _unlock_with(self, password: str) -> None:
        user = self.context.require_user()
        self.lock_screen.set_busy(True)

        def unlocked(_result: object) -> None:
            self.lock_screen.set_busy(False)
            self._unlock()

        def failed(exc: BaseException) -> bool:
            self.lock_screen.set_busy(False)
            if isinstance(exc, DoseDeskError):
                self.lock_screen.message.show_message(say_error(exc))
                self.lock_screen.password.clear()
                self.lock_screen.password.setFocus()
                return True
            return False

        self.context.runner.run(
            lambda: self.context.backend.unlock(user, password),
            on_success=unlocked,
            on_failure=failed,
            parent=self,
        )

    def _unlock(self) -> None:
        self.outer.setCurrentWidget(self.workspace)
        self.menuBar().setEnabled(True)
        for window in self._hidden_windows:
            window.show()
        self._hidden_windows = []
        self.idle.start()
        self.locked_changed.emit(False)

    def switch_user(self) -> QWidget | None:
        """File → Switch user…: the window locks (forms kept) and the sign-in form opens for someone else; the
        signed-in user's work is saved as drafts only once the other person has signed in."""
        if self.context.user is None:
            return None
        self.lock(idle=False)
        return self._switch_user()

    def _switch_user(self) -> QWidget:
        dialog = SignInDialog(self.context.runner, self.context.backend.sign_in, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.setObjectName("switchUserDialog")
        dialog.accepted.connect(lambda: self._signed_in_instead(dialog.user))
        dialog.open()
        return dialog

    def _signed_in_instead(self, new_user: SignedInUser | None) -> None:
        if new_user is None:
            return
        current = self.context.require_user()
        if new_user.user_id == current.user_id:
            self._unlock()
            return
        self.save_drafts_and_close_work()
        self.context.user = new_user
        language = language_for(new_user.language, self.context.settings.language)
        self.context.language = language
        app = QCoreApplication.instance()
        if app is not None and switch_language(app, language):  # the next user's own language
            self.menuBar().clear()
            self._build_menus()
            self.setWindowTitle(self.tr("DoseDesk"))
            self.lock_screen.retranslate()
        else:
            self._check_language_actions()
        self._build_screens()
        self._unlock()
        self.user_changed.emit(new_user)

    def save_drafts_and_close_work(self) -> int:
        """Keep the current user's unsaved input as drafts, then close their open forms; returns the count."""
        store = self.context.drafts()
        kept = 0
        for screen in self.screens.values():
            kept += screen.save_drafts(store)
        for window in self._hidden_windows:
            if isinstance(window, DraftHolder) and store.save_from(window):
                kept += 1
            window.close()
        self._hidden_windows = []
        return kept

    def restart(self, why: str) -> None:
        """Close the window and everything open in it; the launcher asks for a sign-in again."""
        for window in QApplication.topLevelWidgets():
            if window is not self and window.isVisible() and not isinstance(window, QMessageBox):
                window.close()
        self.context.user = None
        # The database was replaced (a restore): the next sign-in brings its calendars up to today again.
        self.context.settings.set_upkeep_day(self.context.backend.describe(), "")
        self.close()
        self.restart_requested.emit(why)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        self.context.runner.wait_until_idle(30_000)
        super().closeEvent(event)
