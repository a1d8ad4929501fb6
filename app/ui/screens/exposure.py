"""Exposure: the dose intensity of every treated subject, and the dose-intensity report to print.

One row per subject: doses given, cumulative dose in mg and mg/kg, planned and delivered dose intensity in
mg/kg/week, relative dose intensity (RDI, in orange under 85 %), and the delays, holds and reductions with their
reasons, and the end of treatment. "Print report…" makes the PDF (the table, the RDI plot and the swimmer plot)
in the window's language and previews it. The figures are the services' (`app.export.intensity`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_number
from app.ui.context import AppContext
from app.ui.models.records import RecordTableModel
from app.ui.screens.base import Screen
from app.ui.widgets import heading
from app.ui.words import say

#: Under this RDI (%) a row is painted orange: the usual threshold of a "relative dose intensity maintained".
LOW_RDI = Decimal(85)
#: The columns of sentences (delays, holds, reductions, end of treatment) wrap at this width, in pixels.
SENTENCE_COLUMNS = (7, 8, 9, 10)
SENTENCE_WIDTH = 300
_LOW = QColor("#b35900")


def _number(value: Decimal | None) -> str:
    return "–" if value is None else format_number(value)


def _reason(text: str | None) -> str:
    """A stored reason in the window's language when it is one of the services' sentences."""
    if not text:
        return ""
    from app.services.reasons import recall_reason

    return say(recall_reason(text))


def _span(start: Any, end: Any) -> str:
    return f"{start.isoformat()} – {end.isoformat() if end is not None else '…'}"


def delays_text(row: Any) -> str:
    return "\n".join(f"{_span(d.start, d.end)}: {_reason(d.reason)}" for d in row.delays)


def holds_text(row: Any) -> str:
    return "\n".join(f"{_span(h.start, h.end)}: {_reason(h.reason)}" for h in row.holds)


def reductions_text(row: Any) -> str:
    lines = []
    for r in row.reductions:
        to = (
            QCoreApplication.translate("ExposureScreen", "stopped")
            if r.to_level is None
            else format_number(r.to_level)
        )
        lines.append(
            QCoreApplication.translate("ExposureScreen", "{day}: {before} → {after} mg/kg: {reason}").format(
                day=r.on.isoformat(), before=format_number(r.from_level), after=to, reason=_reason(r.reason)
            )
        )
    return "\n".join(lines)


def _colour(row: Any) -> QColor | None:
    return _LOW if row.rdi_percent is not None and row.rdi_percent < LOW_RDI else None


class ExposureScreen(Screen):
    key = "exposure"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.rows_model: RecordTableModel[Any] = RecordTableModel(
            [
                (self.tr("Subject"), lambda r: r.subject_number),
                (self.tr("Doses"), lambda r: str(r.doses)),
                (self.tr("Cumulative\n(mg)"), lambda r: format_number(r.cumulative_mg)),
                (self.tr("Cumulative\n(mg/kg)"), lambda r: format_number(r.cumulative_mg_per_kg)),
                (self.tr("Planned\n(mg/kg/week)"), lambda r: format_number(r.planned_mg_per_kg_week)),
                (self.tr("Delivered\n(mg/kg/week)"), lambda r: _number(r.delivered_mg_per_kg_week)),
                (self.tr("RDI (%)"), lambda r: _number(r.rdi_percent)),
                (self.tr("Delays"), delays_text),
                (self.tr("Holds"), holds_text),
                (self.tr("Reductions"), reductions_text),
                (self.tr("End of treatment"), lambda r: _reason(r.end_of_treatment)),
            ],
            self,
            colour=_colour,
        )
        self.table = QTableView(self)
        self.table.setObjectName("exposureTable")
        self.table.setAccessibleName(self.tr("Exposure per subject"))
        self.table.setModel(self.rows_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.note = QLabel(
            self.tr(
                "Planned dose intensity: the starting level × the doses a cycle ÷ the weeks a cycle. Delivered: "
                "the mg/kg given ÷ the weeks from the first dose to one dose interval after the last. "
                "RDI = delivered ÷ planned; under 85 % in orange."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("exposureCount")
        self.reload_button = QPushButton(self.tr("&Refresh"), self)
        self.reload_button.clicked.connect(self.activate)
        self.print_button = QPushButton(self.tr("&Print report…"), self)
        self.print_button.setObjectName("printExposure")
        self.print_button.clicked.connect(self.print_report)

        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.reload_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Dose intensity per subject"), self))
        layout.addWidget(self.note)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def title(self) -> str:
        return QCoreApplication.translate("MainWindow", "Exposure")

    def activate(self) -> None:
        backend, viewer = self.context.backend, self.context.user
        self.context.runner.run(lambda: backend.exposure(viewer), on_success=self.show_rows, parent=self)

    def show_rows(self, rows: list[Any]) -> None:
        self.rows_model.set_records(rows)
        self.count_label.setText(self.tr("Subjects: {count}").format(count=len(rows)))
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in SENTENCE_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, SENTENCE_WIDTH)
        self.table.resizeRowsToContents()

    def print_report(self) -> None:
        from app.ui.paper import preview_document

        backend, viewer, language = self.context.backend, self.context.user, self.context.language
        preview_document(
            self.context.runner,
            self,
            lambda: backend.exposure_pdf(language, viewer),
            self.tr("Dose intensity"),
            "exposure.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )
