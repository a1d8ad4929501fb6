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
from PySide6.QtWidgets import QWidget

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
