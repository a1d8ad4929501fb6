"""`dosedesk` with no sub-command: the window.

Start-up: Qt application, translators, the exception hook, then the first dialog — the sign-in, or the
first-administrator dialog on a database with no users — then the main window, in the language of the user
who signed in (their own, kept on their record; else this workstation's). The `Launcher` drives those
steps through signals rather than nested event loops, so tests can walk it too.

The first dialog is painted before the database is opened: the database (SQLAlchemy, the schema check, the
first query) opens on the op runner while the user types, and the main window's modules are imported there
too. Where someone has signed in on this computer before, the sign-in shows at once; on a first start the
window waits for the database to say whether it has users (it may have to be created first). The password is
checked on the op runner, never on the GUI thread.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from app.paths import resources_dir
from app.ui import crash
from app.ui.context import AppContext
from app.ui.dialogs.sign_in import ChangePasswordDialog, FirstAdminDialog, SignInDialog
from app.ui.i18n import choose_language, install_translators, language_for, switch_language
from app.ui.ops import OpRunner
from app.ui.session import SignedInUser
from app.ui.settings import UiSettings

if TYPE_CHECKING:  # the main window is imported after the sign-in shows (on the op runner, meanwhile)
    from app.ui.backend import Backend
    from app.ui.main_window import MainWindow, ScreenFactory


class Launcher(QObject):
    """First start or sign-in, then the main window.

    Signals:
        dialog_shown(object): a sign-in, first-administrator or new-password dialog, once shown.
        window_shown(object): the `MainWindow`, once shown.
        given_up(): the user closed the first dialog, or the database could not be opened (`failed` is
            then True); the program should end.
    """

    dialog_shown = Signal(object)
    window_shown = Signal(object)
    given_up = Signal()

    def __init__(
        self,
        context: AppContext,
        factories: Mapping[str, ScreenFactory] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._factories = factories
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None
        self.notice: str | None = None  # told once the next sign-in dialog shows (why it is asked again)
        self.failed = False

    def start(self) -> None:
        """Show the sign-in at once when someone has signed in here before; open the database meanwhile."""
        if self.context.settings.last_user:
            self._show(self._sign_in_dialog())
        self.context.runner.run(
            self.context.backend.has_users, on_success=self._first_dialog, on_failure=self._cannot_open
        )

    def _sign_in_dialog(self) -> SignInDialog:
        return SignInDialog(
            self.context.runner, self.context.backend.sign_in, username=self.context.settings.last_user
        )

    def _first_dialog(self, has_users: bool) -> None:
        if not has_users:
            self._show(FirstAdminDialog(self.context.runner, self.context.backend.create_first_admin))
            return
        # The sign-in shown at start may already be done (a quick typist, a password manager): then the main
        # window is up and no second sign-in is wanted.
        if self.window is None and not isinstance(self.dialog, SignInDialog | ChangePasswordDialog):
            self._show(self._sign_in_dialog())
        self.context.runner.run(preload_main_window)

    def _cannot_open(self, exc: BaseException) -> bool:
        """The database could not be opened: say so in plain words; the program ends when the box closes."""
        self.failed = True
        shown, self.dialog = self.dialog, None
        if shown is not None:
            shown.close()
        box = crash.report_unexpected(exc)
        if box is None:
            self.given_up.emit()
        else:
            box.finished.connect(lambda _result: self.given_up.emit())
        return True

    def _show(self, dialog: FirstAdminDialog | SignInDialog | ChangePasswordDialog) -> None:
        previous, self.dialog = self.dialog, dialog
        if previous is not None and previous is not dialog and previous.isVisible():
            previous.close()  # replaced (the database has no user yet): not the user giving up
        dialog.finished.connect(dialog.deleteLater)
        dialog.accepted.connect(lambda: self._signed_in(dialog.user))
        dialog.rejected.connect(lambda: self._rejected(dialog))
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        self.dialog_shown.emit(dialog)
        if self.notice:
            crash.show_info(dialog, QCoreApplication.translate("Launcher", "Sign in again"), self.notice)
            self.notice = None

    def _rejected(self, dialog: QDialog) -> None:
        if dialog is self.dialog:
            self.given_up.emit()

    def _signed_in(self, user: SignedInUser | None) -> None:
        if user is None:  # pragma: no cover - accepted always carries the user
            self.given_up.emit()
            return
        if user.must_change_password:
            backend = self.context.backend
            self._show(
                ChangePasswordDialog(
                    self.context.runner, lambda old, new: backend.change_password(user, old, new)
                )
            )
            return
        self.dialog = None
        self.context.user = user
        self.context.settings.last_user = user.username
        # The window speaks the user's own language (else this workstation's), whoever signed in before.
        self.context.language = language_for(user.language, self.context.settings.language)
        app = QCoreApplication.instance()
        if app is not None:
            switch_language(app, self.context.language)
        from app.ui.main_window import MainWindow

        factories = self._factories
        if factories is None:
            from app.ui.screens.registry import default_factories

            factories = default_factories()
        window = MainWindow(self.context, factories)
        self.window = window
        window.restart_requested.connect(self._restart)
        window.show()
        self.window_shown.emit(window)

    def _restart(self, why: str) -> None:
        """The window closed itself (the database was replaced): sign in again on the same database."""
        window, self.window = self.window, None
        if window is not None:
            window.deleteLater()
        self.context.user = None
        self.notice = why or None
        # The sign-in asks in this workstation's language again, not the last user's.
        self.context.language = choose_language(self.context.settings.language)
        app = QCoreApplication.instance()
        if app is not None:
            switch_language(app, self.context.language)
        self.start()


# What the main window needs first (the window, the first screen, their services and read models): imported
# on the op runner while the sign-in waits for the user, so that signing in does not wait for them.
MAIN_WINDOW_MODULES = (
    "app.ui.main_window",
    "app.ui.screens.registry",
    "app.ui.screens.today",
    "app.ui.views",
    "app.services.queries",
)


def preload_main_window() -> None:
    for name in MAIN_WINDOW_MODULES:
        importlib.import_module(name)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("DoseDesk")
    app.setOrganizationName("DoseDesk")
    icon = resources_dir() / "icons" / "dosedesk.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def build_context(
    backend: Backend, settings: UiSettings | None = None, language: str | None = None
) -> AppContext:
    settings = settings if settings is not None else UiSettings()
    lang = language if language is not None else choose_language(settings.language)
    return AppContext(backend=backend, runner=OpRunner(), settings=settings, language=lang)


def run_gui(
    args: argparse.Namespace,
    *,
    backend_factory: Callable[[str | None], Backend] | None = None,
    on_launcher: Callable[[Launcher], object] | None = None,
) -> int:
    """Open the window on `args.database` (or the embedded database); returns the exit status.

    `on_launcher(launcher)` is called before the event loop starts (the start-up benchmark watches it).
    """
    app = make_app()
    crash.install_excepthook()
    settings = UiSettings()
    language = choose_language(settings.language)
    translators = install_translators(app, language)
    if backend_factory is None:
        from app.ui.service_backend import open_backend

        backend_factory = open_backend
    try:
        backend = backend_factory(getattr(args, "database", None))
    except Exception as exc:  # the database could not be opened: say so in plain words, exit non-zero
        box = crash.report_unexpected(exc)
        if box is not None:
            box.finished.connect(app.quit)
            app.exec()
        return 1
    context = build_context(backend, settings, language)
    launcher = Launcher(context)
    launcher.given_up.connect(app.quit)
    if on_launcher is not None:
        on_launcher(launcher)
    launcher.start()
    status = app.exec()
    del translators
    return 1 if launcher.failed else int(status)
