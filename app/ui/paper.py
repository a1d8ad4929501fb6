"""Paper from the window: fetch a document's PDF through the backend (off the GUI thread), then preview it.

Many documents (every shown patient's calendar) run as long work with a progress bar and Cancel; the PDFs are
joined into one for a single preview and print.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QWidget

from app.ui.i18n import current_language
from app.ui.ops import OpRunner, Progress
from app.ui.preview import PrintPreviewDialog


def join_pdfs(documents: Sequence[bytes]) -> bytes:
    """One PDF holding every page of `documents`, in order."""
    joined = pdfium.PdfDocument.new()
    try:
        for data in documents:
            part = pdfium.PdfDocument(data)
            try:
                joined.import_pages(part)
            finally:
                part.close()
        out = io.BytesIO()
        joined.save(out)
        return out.getvalue()
    finally:
        joined.close()


def open_preview(parent: QWidget | None, data: bytes, title: str, file_name: str) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(data, title, parent, file_name=file_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog


def preview_document(
    runner: OpRunner,
    parent: QWidget | None,
    make: Callable[[], bytes],
    title: str,
    file_name: str,
    shown: Callable[[PrintPreviewDialog], Any] | None = None,
) -> None:
    """Make one document off the GUI thread, then show its preview."""

    def done(data: bytes) -> None:
        dialog = open_preview(parent, data, title, file_name)
        if shown is not None:
            shown(dialog)

    runner.run(make, on_success=done, parent=parent)


def preview_many(
    runner: OpRunner,
    parent: QWidget | None,
    makers: Sequence[tuple[str, Callable[[], bytes]]],
    title: str,
    file_name: str,
    shown: Callable[[PrintPreviewDialog], Any] | None = None,
    cancelled: Callable[[], Any] | None = None,
) -> None:
    """Make several documents as long work (progress bar, Cancel), then preview them as one."""

    def work(progress: Progress) -> bytes:
        parts: list[bytes] = []
        for index, (name, make) in enumerate(makers):
            progress.check()
            progress.update(
                index, len(makers), QCoreApplication.translate("paper", "Preparing {name}…").format(name=name)
            )
            parts.append(make())
        progress.check()
        progress.update(len(makers), len(makers), QCoreApplication.translate("paper", "Joining the pages…"))
        return join_pdfs(parts)

    def done(data: bytes) -> None:
        dialog = open_preview(parent, data, title, file_name)
        if shown is not None:
            shown(dialog)

    runner.run_long(work, title=title, on_success=done, on_cancelled=cancelled, parent=parent)


class PaperLanguageCombo(QComboBox):
    """The language a pharmacy document (order, bag label, day list, accountability log) is printed in:
    English, 中文, and both where the site prints bilingual paper. It starts at the window's language; when
    shown it asks the backend (`paper_languages`) whether the site allows both, keeping the choice made."""

    def __init__(self, runner: OpRunner | None, backend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperLanguage")
        self.setToolTip(QCoreApplication.translate("paper", "The language the document is printed in"))
        self.runner = runner
        self.backend = backend
        self._fill(("en", "zh"))
        self.setCurrentIndex(max(0, self.findData("zh" if current_language().startswith("zh") else "en")))

    def _fill(self, languages: Sequence[str]) -> None:
        chosen = self.currentData()
        names = {
            "en": "English",
            "zh": "中文",
            "both": QCoreApplication.translate("paper", "中文 + English (both)"),
        }
        self.blockSignals(True)
        self.clear()
        for code in languages:
            self.addItem(names[code], code)
        index = self.findData(chosen) if chosen is not None else -1
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def set_languages(self, languages: Sequence[str]) -> None:
        """The languages offered (the site's `paper_languages`)."""
        self._fill([code for code in ("en", "zh", "both") if code in languages])

    def language(self) -> str:
        return str(self.currentData() or "en")

    def refresh(self) -> None:
        """Ask the backend which languages the site prints pharmacy paper in (off the GUI thread)."""
        backend, runner = self.backend, self.runner
        asked = getattr(backend, "paper_languages", None)
        if runner is None or asked is None:
            return
        runner.run(asked, on_success=self.set_languages, on_failure=lambda _exc: True, parent=self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
