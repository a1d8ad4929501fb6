"""Print preview: PDF bytes shown page by page, printed through QPrinter, saved as they are."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.errors import InputError
from app.ui.preview import PdfPages, PrintPreviewDialog


def _pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for n in range(pages):
        pdf.setFont("Helvetica", 28)
        pdf.drawString(72, 720, f"Calendar page {n + 1}")
        pdf.rect(72, 72, 200, 200, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pages_render_at_the_asked_resolution():
    pages = PdfPages(_pdf(2))
    assert len(pages) == 2
    image = pages.render(0, 72)
    width, height = pages.page_size_points(0)
    assert abs(image.width() - width) <= 1 and abs(image.height() - height) <= 1
    # The filled square is black, the margin white.
    assert image.pixelColor(150, round(height) - 150).lightness() < 30
    assert image.pixelColor(10, 10).lightness() > 240


def test_not_a_pdf_is_refused_in_plain_words():
    with pytest.raises(InputError, match="not a PDF"):
        PdfPages(b"hello")


def test_preview_shows_every_page_and_zooms(qtbot):
    dialog = PrintPreviewDialog(_pdf(3), "Calendar 003")
    qtbot.addWidget(dialog)
    assert len(dialog.page_labels) == 3
    assert dialog.count_label.text() == "3 page(s)"
    dialog.set_zoom(100)
    width_100 = dialog.page_labels[0].width()
    dialog.set_zoom(200)
    assert dialog.page_labels[0].width() == pytest.approx(2 * width_100, abs=2)
    assert dialog.zoom_label.text() == "200%"
    assert "Calendar 003" in dialog.windowTitle()


def test_print_to_a_printer_puts_every_page_on_paper(qtbot, tmp_path: Path):
    dialog = PrintPreviewDialog(_pdf(3), "Order")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    dialog.print_to(printer)
    assert len(PdfReader(out).pages) == 3


def test_save_as_pdf_writes_the_document_unchanged(qtbot, tmp_path: Path):
    data = _pdf(1)
    dialog = PrintPreviewDialog(data, "Label")
    qtbot.addWidget(dialog)
    dialog.save_to(tmp_path / "label")
    assert (tmp_path / "label.pdf").read_bytes() == data


def test_the_preview_fits_a_small_screen(qtbot):
    """At 900 × 1000 the preview ran off a 1024 × 768 screen, its Print and Close buttons out of reach."""
    from PySide6.QtGui import QGuiApplication

    dialog = PrintPreviewDialog(_pdf(1), "Calendar 003")
    qtbot.addWidget(dialog)
    free = (dialog.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert free.height() < 1000  # the offscreen test screen is small, as a 1024 × 768 monitor is
    assert dialog.height() <= free.height() and dialog.width() <= free.width()
