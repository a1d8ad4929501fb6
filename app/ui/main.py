"""`dosedesk` with no sub-command: the window.

Start-up: Qt application, translators, the exception hook, the database (created on first start), then either
the first-administrator dialog (a database with no users) or the sign-in dialog, then the main window.
The `Launcher` drives those steps through signals rather than nested event loops, so tests can walk it too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from app.paths import resources_dir
from app.ui import crash
from app.ui.backend import Backend
from app.ui.context import AppContext
from app.ui.dialogs.sign_in import ChangePasswordDialog, FirstAdminDialog, SignInDialog
from app.ui.i18n import choose_language, install_translators
from app.ui.main_window import MainWindow, ScreenFactory
from app.ui.ops import OpRunner
from app.ui.session import SignedInUser
from app.ui.settings import UiSettings


class Launcher(QObject):
    """First start or sign-in, then the main window.

    Signals:
        window_shown(object): the `MainWindow`, once shown.
        given_up(): the user closed the first dialog; the program should end.
    """

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

    def start(self) -> None:
        self.context.runner.run(self.context.backend.has_users, on_success=self._first_dialog)

    def _first_dialog(self, has_users: bool) -> None:
        runner = self.context.runner
        backend = self.context.backend
        dialog: FirstAdminDialog | SignInDialog
        if has_users:
            dialog = SignInDialog(runner, backend.sign_in, username=self.context.settings.last_user)
        else:
            dialog = FirstAdminDialog(runner, backend.create_first_admin)
        self._show(dialog)

    def _show(self, dialog: FirstAdminDialog | SignInDialog | ChangePasswordDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self._signed_in(dialog.user))
        dialog.rejected.connect(self.given_up)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if self.notice:
            crash.show_info(dialog, QCoreApplication.translate("Launcher", "Sign in again"), self.notice)
            self.notice = None

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
        self.start()


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
) -> int:
    """Open the window on `args.database` (or the embedded database); returns the exit status."""
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
    launcher.start()
    status = app.exec()
    del translators
    return int(status)
