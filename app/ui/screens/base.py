"""What every screen of the main window offers the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from app.ui.context import AppContext
    from app.ui.drafts import DraftStore


class Screen(QWidget):
    """A page of the main window. `key` matches `session.SCREEN_ROLES`.

    Signals:
        subject_requested(int): show this subject's chart (the window opens the Patients screen).
        visit_requested(int, str): show this subject's chart at this visit (its label), selected and in view.
        restart_requested(str): everyone must sign in again (the database was replaced); the text says why.
    """

    key = ""
    subject_requested = Signal(int)
    visit_requested = Signal(int, str)
    restart_requested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(f"screen_{self.key}")

    def title(self) -> str:
        raise NotImplementedError

    def activate(self) -> None:
        """Called each time the screen is shown: reload what may have changed."""

    def place(self) -> dict[str, object]:
        """Where the user is on this screen (what is open, selected, shown), for `restore_place` on the same
        screen built again (the window's language was switched). Here: the tab shown of each tab widget."""
        return {"tabs": [tabs.currentIndex() for tabs in self.findChildren(QTabWidget)]}

    def restore_place(self, place: dict[str, object]) -> None:
        """Go back to `place`, as `place` gave it."""
        shown = place.get("tabs")
        if isinstance(shown, list):
            for tabs, index in zip(self.findChildren(QTabWidget), shown, strict=False):
                if isinstance(index, int) and 0 <= index < tabs.count():
                    tabs.setCurrentIndex(index)

    def save_drafts(self, store: DraftStore) -> int:
        """Keep unsaved input for the user (someone else is signing in); returns how many drafts were kept."""
        return 0


class NotYetScreen(Screen):
    """A screen whose service has not landed yet: says so plainly instead of pretending."""

    def __init__(self, context: AppContext, key: str, title: str, parent: QWidget | None = None) -> None:
        self.key = key
        super().__init__(context, parent)
        self._title = title
        label = QLabel(self.tr("This part of DoseDesk is not available in this version yet."), self)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addStretch(1)

    def title(self) -> str:
        return self._title
