"""Today: for a chosen date, the pharmacy worklist and the clinic list (visits overdue, booked outside the window,
booked, due). Double-click opens the patient.

The worklist holds the orders waiting for a step (to prescribe, to verify, to prepare, to check, to give) and the
infusions running, each with its badges — blind (its figures are withheld from you until you verify), criteria
to treat not met, treatment held, the bag's use-before countdown or EXPIRED — and the button of its next step
when it is yours to take; the button opens that step for that order."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from app.ui.order_steps import OrderSteps, next_step, step_text
from app.ui.paper import PaperLanguageCombo
from app.ui.screens.base import Screen
from app.ui.screens.orders import use_before_text
from app.ui.views import ClinicRow, QueueRow, TodayView
from app.ui.widgets import DateField, heading, subject_label
from app.ui.words import say


def stage_text(stage: str) -> str:
    words = {
        "prescribe": QCoreApplication.translate("TodayScreen", "to prescribe"),
        "verify": QCoreApplication.translate("TodayScreen", "to verify"),
        "prepare": QCoreApplication.translate("TodayScreen", "to prepare"),
        "check": QCoreApplication.translate("TodayScreen", "prepared, to check"),
        "start": QCoreApplication.translate("TodayScreen", "checked, to give"),
        "stop": QCoreApplication.translate("TodayScreen", "running"),
        "remake": QCoreApplication.translate("TodayScreen", "to make again"),
    }
    return words.get(stage, stage)


def badges(row: QueueRow) -> str:
    """The row's badges, most urgent first."""
    found = []
    if row.use_before_state == "expired":
        found.append(QCoreApplication.translate("TodayScreen", "EXPIRED — do not give"))
    elif row.use_before_state is not None:
        found.append(use_before_text(row.use_before_state, row.use_before_minutes, row.use_before_at))
    if row.held:
        found.append(QCoreApplication.translate("TodayScreen", "held"))
    if row.criteria_met is False and row.awaiting_labs:
        found.append(QCoreApplication.translate("TodayScreen", "awaiting labs"))
    elif row.criteria_met is False:
        found.append(QCoreApplication.translate("TodayScreen", "criteria not met"))
    elif row.criteria_met is None:
        found.append(QCoreApplication.translate("TodayScreen", "criteria cannot be told"))
    if row.blinded:
        found.append(QCoreApplication.translate("TodayScreen", "blind"))
    if row.paused:
        found.append(QCoreApplication.translate("TodayScreen", "paused"))
    if row.reactions:
        found.append(QCoreApplication.translate("TodayScreen", "infusion reaction"))
    if row.stage == "stop" and row.planned_end is not None:
        found.append(
            QCoreApplication.translate("TodayScreen", "due to end {time}").format(
                time=row.planned_end.astimezone().strftime("%H:%M")
            )
        )
    return " · ".join(found)


def _row_colour(row: QueueRow) -> QColor | None:
    if row.use_before_state == "expired" or row.held or (row.criteria_met is False and not row.awaiting_labs):
        return QColor("#b00020")
    if row.use_before_state == "soon" or row.awaiting_labs:
        return QColor("#9a4a00")
    return None


def _dose(row: QueueRow) -> str:
    if row.final_dose_mg is None:
        return QCoreApplication.translate("TodayScreen", "hidden until you verify")
    return format_quantity(row.final_dose_mg, "mg")


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
        self.day = DateField(self)
        self.day.setObjectName("day")
        self.day.setAccessibleName(self.tr("Day shown"))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = date.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(lambda _d: self.refresh())
        self.queue_model: RecordTableModel[QueueRow] = RecordTableModel(
            [
                (self.tr("Waiting for"), lambda r: stage_text(r.stage)),
                (self.tr("Next step"), lambda r: ""),
                (self.tr("Subject"), lambda r: subject_label(r.subject_number, r.initials)),
                (self.tr("Visit"), lambda r: r.visit_label),
                (self.tr("Planned"), lambda r: r.planned_date.isoformat()),
                (self.tr("Final dose"), _dose),
                (self.tr("Badges"), badges),
                (self.tr("Order"), lambda r: r.order_number),
            ],
            self,
            colour=_row_colour,
        )
        self.steps = OrderSteps(context, self, lambda _row: self.refresh())
        self.step_buttons: dict[str, QPushButton] = {}
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
        self.queue.setAccessibleName(self.tr("Pharmacy worklist"))
        self.queue.doubleClicked.connect(self._open_queue_row)
        self.clinic = _view(self.clinic_model, self)
        self.clinic.setObjectName("clinicList")
        self.clinic.setAccessibleName(self.tr("Clinic visits of the day"))
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
        self.paper_language = PaperLanguageCombo(context.runner, context.backend, self)
        top.addWidget(self.paper_language)
        queue_box = QWidget(self)
        column = QVBoxLayout(queue_box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(self.tr("Pharmacy worklist"), self))
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
        if not hasattr(self, "_ticker"):  # the use-before countdowns move on while the screen is open
            self._ticker = QTimer(self)
            self._ticker.setInterval(60_000)
            self._ticker.timeout.connect(self._tick)
            self._ticker.start()

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        day, backend, viewer = self.chosen_day(), self.context.backend, self.context.user
        self.context.runner.run(lambda: backend.today(day, viewer), on_success=self._loaded, parent=self)

    def _loaded(self, view: TodayView) -> None:
        self.view = view
        self.queue_model.set_records(view.queue)
        self.clinic_model.set_records(view.clinic)
        self._place_step_buttons()

    def _place_step_buttons(self) -> None:
        """The next step's button on each row the signed-in user may act on (set again after each load)."""
        self.step_buttons = {}
        column = 1  # "Next step"
        for row in range(self.queue_model.rowCount()):
            record = self.queue_model.record(row)
            step = next_step(self.context.user, record.order) if record.order is not None else None
            if step is None:
                continue
            button = QPushButton(step_text(step), self.queue)
            button.setObjectName(f"step_{record.order_number}")
            button.clicked.connect(lambda _checked=False, r=record, s=step: self.take_step(r, s))
            self.queue.setIndexWidget(self.queue_model.index(row, column), button)
            self.step_buttons[record.order_number] = button
        self.queue.resizeColumnsToContents()
        widest = max((b.sizeHint().width() for b in self.step_buttons.values()), default=0)
        if widest > self.queue.columnWidth(column):
            self.queue.setColumnWidth(column, widest + 4)

    def take_step(self, row: QueueRow, step: str) -> object:
        """Open the step's dialog for that row's order (the worklist refreshes once it is signed)."""
        return self.steps.open(step, row.order)

    def _open_queue_row(self, index: QModelIndex) -> None:
        row = self.queue_model.record(index.row())
        self.visit_requested.emit(row.subject_id, row.visit_label)

    def _open_clinic_row(self, index: QModelIndex) -> None:
        row = self.clinic_model.record(index.row())
        self.visit_requested.emit(row.subject_id, row.label)

    def print_day(self) -> None:
        from app.ui.paper import preview_document

        day, backend, viewer = self.chosen_day(), self.context.backend, self.context.user
        language = self.paper_language.language()
        preview_document(
            self.context.runner,
            self,
            lambda: backend.day_list_pdf(day, viewer, language),
            self.tr("Clinic day list {day}").format(day=day.isoformat()),
            f"clinic-{day.isoformat()}.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )
