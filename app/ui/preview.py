"""Print preview of every document inside the app: the PDF bytes the paper engineer's code produces,
rasterised with PDFium page by page; then Print (through Qt's print dialog) or Save as PDF.

QtPdf is not part of PySide6-Essentials, so pypdfium2 renders; printing draws each page's image on the
printer at up to 300 dpi, which is sharp on paper and keeps memory in check.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import InputError
from app.ui import crash
from app.ui.widgets import fit_to_screen
from app.ui.words import say_error

PRINT_DPI_CAP = 300
POINTS_PER_INCH = 72


class PdfPages:
    """PDF bytes opened for rasterising. Use on one thread only (PDFium is not thread-safe)."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(b"%PDF"):
            raise InputError(
                QCoreApplication.translate(
                    "PrintPreview", "This document could not be shown: it is not a PDF."
                )
            )
        self.data = data
        try:
            self._doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise InputError(
                QCoreApplication.translate(
                    "PrintPreview", "This document could not be shown: the PDF is damaged."
                )
            ) from exc

    def __len__(self) -> int:
        return len(self._doc)

    def page_size_points(self, index: int) -> tuple[float, float]:
        width, height = self._doc[index].get_size()
        return float(width), float(height)

    def render(self, index: int, dpi: float) -> QImage:
        page = self._doc[index]
        bitmap = page.render(
            scale=dpi / POINTS_PER_INCH,
            force_bitmap_format=pdfium_c.FPDFBitmap_BGRx,
            rev_byteorder=True,
        )
        image = QImage(
            bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        )
        return image.copy()  # own the pixels: the bitmap's buffer is freed with it

    def close(self) -> None:
        self._doc.close()


def print_pdf(pages: PdfPages, printer: QPrinter) -> None:
    """Draw every page on `printer`, each scaled to fit the printable area and centred."""
    dpi = min(printer.resolution(), PRINT_DPI_CAP)
    painter = QPainter()
    if not painter.begin(printer):
        raise InputError(
            QCoreApplication.translate(
                "PrintPreview", "The printer could not be started. Check that it is connected."
            )
        )
    try:
        for index in range(len(pages)):
            if index:
                printer.newPage()
            image = pages.render(index, dpi)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                area.x() + (area.width() - size.width()) // 2,
                area.y() + (area.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
    finally:
        painter.end()


class PrintPreviewDialog(QDialog):
    """Shows a document page under page; Print… and Save as PDF… act on the original bytes."""

    ZOOMS = (50, 75, 100, 125, 150, 200)

    def __init__(
        self,
        data: bytes,
        title: str,
        parent: QWidget | None = None,
        *,
        file_name: str = "document.pdf",
    ) -> None:
        super().__init__(parent)
        self.pages = PdfPages(data)
        self.file_name = file_name
        self.setWindowTitle(self.tr("Print preview: {title}").format(title=title))
        self._zoom = 100
        self.page_labels: list[QLabel] = []

        self.container = QWidget(self)
        self.container.setObjectName("previewPages")
        self.container.setStyleSheet("QWidget#previewPages { background: #8a8a8a; }")
        column = QVBoxLayout(self.container)
        column.setSpacing(12)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for _ in range(len(self.pages)):
            label = QLabel(self.container)
            label.setFrameShape(QLabel.Shape.Box)
            column.addWidget(label)
            self.page_labels.append(label)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.container)
        self.scroller.setWidgetResizable(True)
        self.scroller.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.count_label = QLabel(self.tr("%n page(s)", "", len(self.pages)), self)
        self.zoom_label = QLabel(self)
        zoom_out = QPushButton(self.tr("Zoom out"), self)
        zoom_out.clicked.connect(lambda: self.set_zoom(self._step(-1)))
        zoom_in = QPushButton(self.tr("Zoom in"), self)
        zoom_in.clicked.connect(lambda: self.set_zoom(self._step(+1)))
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("Save as PDF…"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save_document)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.set_zoom(self._step(+1)))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.set_zoom(self._step(-1)))
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)

        bar = QHBoxLayout()
        for widget in (zoom_out, self.zoom_label, zoom_in, self.count_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.print_button, self.save_button, close):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroller, 1)
        fit_to_screen(self, 900, 1000)
        self.set_zoom(75)

    def _step(self, direction: int) -> int:
        index = self.ZOOMS.index(self._zoom) + direction
        return self.ZOOMS[max(0, min(index, len(self.ZOOMS) - 1))]

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, percent: int) -> None:
        """Render every page at `percent` of its printed size (at the screen's logical 96 dpi)."""
        self._zoom = percent
        self.zoom_label.setText(f"{percent}%")
        ratio = self.devicePixelRatioF()
        dpi = 96 * percent / 100
        for index, label in enumerate(self.page_labels):
            image = self.pages.render(index, dpi * ratio)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(QSize(round(image.width() / ratio), round(image.height() / ratio)))
        self.container.adjustSize()
        bar = self.scroller.horizontalScrollBar()
        bar.setValue((bar.maximum() + bar.minimum()) // 2)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        try:
            print_pdf(self.pages, printer)
        except InputError as exc:
            crash.show_user_error(self, say_error(exc))

    def save_document(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save as PDF"), self.file_name, self.tr("PDF documents (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            path.write_bytes(self.pages.data)
        except OSError as exc:
            crash.show_user_error(
                self, self.tr("The file could not be saved: {reason}").format(reason=exc.strerror or str(exc))
            )

    def done(self, result: int) -> None:
        super().done(result)
        self.pages.close()
