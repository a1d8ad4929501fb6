"""Today: for a chosen date, the pharmacy queue (orders to prescribe, verify, prepare, administer) and the
clinic list (visits overdue, booked outside the window, booked, due). Double-click opens the patient."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_quantity
from app.ui.context import AppContext
from app.ui.models.records import RecordTableModel
from app.ui.screens.base import Screen
from app.ui.views import ClinicRow, QueueRow, TodayView
from app.ui.widgets import heading, subject_label
from app.ui.words import say


def stage_text(stage: str) -> str:
    words = {
        "prescribe": QCoreApplication.translate("TodayScreen", "to prescribe"),
        "verify": QCoreApplication.translate("TodayScreen", "to verify"),
        "prepare": QCoreApplication.translate("TodayScreen", "to prepare"),
        "administer": QCoreApplication.translate("TodayScreen", "prepared, to give"),
    }
    return words.get(stage, stage)


def group_text(group: str) -> str:
    words = {
        "due": QCoreApplication.translate("TodayScreen", "due, not booked"),
        "booked": QCoreApplication.translate("TodayScreen", "booked"),
        "overdue": QCoreApplication.translate("TodayScreen", "overdue"),
        "out_of_window": QCoreApplication.translate("TodayScreen", "booked outside the window"),
    }
    return words.get(group, group)


def _view(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Columns fit the first rows, not every row of a long day (each row measured costs the GUI thread).
    view.horizontalHeader().setResizeContentsPrecision(200)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class TodayScreen(Screen):
    key = "today"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.view: TodayView | None = None
        self.day = QDateEdit(self)
        self.day.setObjectName("day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = date.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.queue_model: RecordTableModel[QueueRow] = RecordTableModel(
            [
                (self.tr("Waiting for"), lambda r: stage_text(r.stage)),
                (self.tr("Subject"), lambda r: subject_label(r.subject_number, r.initials)),
                (self.tr("Visit"), lambda r: r.visit_label),
                (self.tr("Planned"), lambda r: r.planned_date.isoformat()),
                (self.tr("Final dose"), lambda r: format_quantity(r.final_dose_mg, "mg")),
                (self.tr("Order"), lambda r: r.order_number),
            ],
            self,
        )
        self.clinic_model: RecordTableModel[ClinicRow] = RecordTableModel(
            [
                (self.tr("Visit is"), lambda r: group_text(r.group)),
                (self.tr("Subject"), lambda r: subject_label(r.subject_number, r.initials)),
                (self.tr("Visit"), lambda r: r.label),
                (
                    self.tr("Window"),
                    lambda r: self.tr("{start} to {end}").format(
                        start=r.window_start.isoformat(), end=r.window_end.isoformat()
                    ),
                ),
                (self.tr("Booked"), lambda r: r.booked.isoformat() if r.booked else "—"),
                (self.tr("Warnings"), lambda r: "; ".join(say(w) for w in r.warnings)),
            ],
            self,
        )
        self.queue = _view(self.queue_model, self)
        self.queue.setObjectName("pharmacyQueue")
        self.queue.doubleClicked.connect(self._open_queue_row)
        self.clinic = _view(self.clinic_model, self)
        self.clinic.setObjectName("clinicList")
        self.clinic.doubleClicked.connect(self._open_clinic_row)
        self.print_day_button = QPushButton(self.tr("Print the clinic day list…"), self)
        self.print_day_button.setObjectName("printDay")
        self.print_day_button.clicked.connect(self.print_day)
        refresh = QPushButton(self.tr("Refresh"), self)
        refresh.clicked.connect(self.refresh)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Date:"), self))
        top.addWidget(self.day)
        top.addWidget(refresh)
        top.addStretch(1)
        top.addWidget(self.print_day_button)
        queue_box = QWidget(self)
        column = QVBoxLayout(queue_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(self.tr("Pharmacy queue"), self))
        column.addWidget(self.queue)
        clinic_box = QWidget(self)
        column = QVBoxLayout(clinic_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(self.tr("Clinic list"), self))
        column.addWidget(self.clinic)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(queue_box)
        splitter.addWidget(clinic_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def title(self) -> str:
        return self.tr("Today")

    def chosen_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        day, backend = self.chosen_day(), self.context.backend
        self.context.runner.run(lambda: backend.today(day), on_success=self._loaded, parent=self)

    def _loaded(self, view: TodayView) -> None:
        self.view = view
        self.queue_model.set_records(view.queue)
        self.clinic_model.set_records(view.clinic)

    def _open_queue_row(self, index: QModelIndex) -> None:
        self.subject_requested.emit(self.queue_model.record(index.row()).subject_id)

    def _open_clinic_row(self, index: QModelIndex) -> None:
        self.subject_requested.emit(self.clinic_model.record(index.row()).subject_id)

    def print_day(self) -> None:
        from app.ui.paper import preview_document

        day, backend = self.chosen_day(), self.context.backend
        preview_document(
            self.context.runner,
            self,
            lambda: backend.day_list_pdf(day),
            self.tr("Clinic day list {day}").format(day=day.isoformat()),
            f"clinic-{day.isoformat()}.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )
