"""Patients: the searchable, sortable list and a subject's chart (header and tabs: Calendar with the drawn
timeline, Doses, Weights and labs with the weight trend, Toxicities, History)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.context import AppContext
from app.ui.drafts import DraftStore
from app.ui.models.calendar import status_text
from app.ui.models.patients import PatientFilterProxy, PatientListModel, SubjectIdRole
from app.ui.screens.base import Screen
from app.ui.screens.chart import SubjectChartView, table
from app.ui.session import may
from app.ui.views import SubjectChart


class PatientsScreen(Screen):
    key = "patients"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = PatientListModel(self)
        self.proxy = PatientFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setObjectName("patientSearch")
        self.search.setAccessibleName(self.tr("Search patients"))
        self.search.setPlaceholderText(self.tr("Filter: subject number, initials, status, visit…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_filter_text)
        self.list = table(self.proxy, self)
        self.list.setObjectName("patientList")
        self.list.setAccessibleName(self.tr("Patients"))
        self.list.setSortingEnabled(True)
        self.list.setWordWrap(False)
        self.list.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Widths are fitted once per load, not on every keystroke (fitting 500 rows costs more than filtering).
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count = QLabel(self)
        self.count.setWordWrap(True)  # a narrow list wraps it rather than widening
        self.enrol_button = QPushButton(self.tr("Enrol a subject…"), self)
        self.enrol_button.setObjectName("enrol")
        self.enrol_button.clicked.connect(self.enrol)
        self.enrol_button.setVisible(may(context.user, "enrol"))
        self.print_all_button = QPushButton(self.tr("Print calendars of the patients shown…"), self)
        self.print_all_button.setObjectName("printCalendars")
        self.print_all_button.clicked.connect(self.print_calendars)
        self.proxy.rowsInserted.connect(self._count_changed)
        self.proxy.rowsRemoved.connect(self._count_changed)
        self.proxy.modelReset.connect(self._count_changed)
        self.proxy.layoutChanged.connect(self._count_changed)

        self.chart = SubjectChartView(context, self)
        self.chart.changed.connect(self._subject_changed)
        self.placeholder = QLabel(self.tr("Choose a patient in the list to see the chart."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget(self)
        self.right.addWidget(self.placeholder)
        self.right.addWidget(self.chart)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.enrol_button)
        column.addLayout(top)
        column.addWidget(self.list, 1)
        column.addWidget(self.count)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.print_all_button)
        column.addLayout(bottom)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 1000])  # the chart takes most of a small screen; the list scrolls sideways
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.loaded = False
        self.current_subject_id: int | None = None
        self._visit_to_show: str | None = None  # the visit to show once the chart asked for is loaded
        self._tab_to_show: int | None = None  # the chart's tab to show once it is loaded (a place restored)

    def title(self) -> str:
        return self.tr("Patients")

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.context.runner.run(self.context.backend.list_patients, on_success=self._loaded, parent=self)

    def _loaded(self, patients: list[Any]) -> None:
        self.model.set_patients(patients)
        self.list.resizeColumnsToContents()
        self.loaded = True
        self._keep_current_row()
        self._count_changed()

    def _count_changed(self, *_args: Any) -> None:
        self.count.setText(
            self.tr("%n patient(s) shown", "", self.proxy.rowCount())
            + " / "
            + self.tr("%n in all", "", self.model.rowCount())
        )

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            subject_id = self.proxy.data(current, SubjectIdRole)
            if isinstance(subject_id, int):
                self.open_subject(subject_id)

    def _keep_current_row(self) -> None:
        """After the list is loaded again, the subject whose chart is open stays the current row."""
        if self.current_subject_id is None:
            return
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, SubjectIdRole) == self.current_subject_id:
                selection = self.list.selectionModel()
                selection.blockSignals(True)
                self.list.setCurrentIndex(index)
                self.list.selectRow(row)
                selection.blockSignals(False)
                self.list.viewport().update()
                return

    def open_subject(self, subject_id: int, visit_label: str | None = None) -> None:
        """Show the subject's chart; at `visit_label` (selected, in view, on the Calendar tab) when given."""
        self.current_subject_id = subject_id
        self._visit_to_show = visit_label
        self.context.runner.run(
            lambda: self.context.backend.subject_chart(subject_id, self.context.user),
            on_success=self._chart_loaded,
            parent=self,
        )

    def _subject_changed(self, subject_id: int) -> None:
        """Something was recorded for the subject: its chart, and its row of the list, follow."""
        self.open_subject(subject_id)
        self.refresh()

    def _chart_loaded(self, chart: SubjectChart) -> None:
        self.chart.show_chart(chart)
        self.right.setCurrentWidget(self.chart)
        label, self._visit_to_show = self._visit_to_show, None
        tab, self._tab_to_show = self._tab_to_show, None
        if label is not None and chart.header.subject_id == self.current_subject_id:
            if tab is None:
                self.chart.show_visit(label)
            else:
                self.chart.select_visit(label)
        if tab is not None and 0 <= tab < self.chart.tabs.count():
            self.chart.tabs.setCurrentIndex(tab)

    def place(self) -> dict[str, object]:
        """The chart open, its tab and the visit selected, and the list's filter."""
        visit = self.chart.selected_visit() if self.chart.chart is not None else None
        return {
            "subject_id": self.current_subject_id,
            "tab": self.chart.tabs.currentIndex(),
            "visit": visit.label if visit is not None else None,
            "filter": self.search.text(),
        }

    def restore_place(self, place: dict[str, object]) -> None:
        self.search.setText(str(place.get("filter") or ""))
        subject_id, tab, visit = place.get("subject_id"), place.get("tab"), place.get("visit")
        if isinstance(subject_id, int):
            self.open_subject(subject_id, visit if isinstance(visit, str) else None)
            self._tab_to_show = tab if isinstance(tab, int) else None

    def enrol(self) -> Any:
        from app.ui.dialogs.enrol import EnrolDialog

        user, backend = self.context.require_user(), self.context.backend
        dialog = EnrolDialog(self.context.runner, lambda fields: backend.enrol(user, fields), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        draft = self.context.drafts().load(dialog.draft_key())
        if draft:
            dialog.restore_draft(draft)

        def enrolled() -> None:
            self.context.drafts().discard(dialog.draft_key())
            self.refresh()
            self.open_subject(dialog.result_value.id)

        dialog.accepted.connect(enrolled)
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def shown_subject_numbers(self) -> list[str]:
        return [str(self.proxy.index(row, 0).data()) for row in range(self.proxy.rowCount())]

    def print_calendars(self) -> None:
        """Every shown patient's calendar, made as long work with a progress bar and Cancel, in one preview."""
        from app.ui.paper import preview_many

        numbers = self.shown_subject_numbers()
        if not numbers:
            return
        backend = self.context.backend

        def maker(number: str) -> Any:  # each patient's calendar in the language they read
            return lambda: backend.calendar_pdf(number, None)

        preview_many(
            self.context.runner,
            self,
            [(self.tr("subject {number}").format(number=n), maker(n)) for n in numbers],
            self.tr("Calendars of %n patient(s)", "", len(numbers)),
            "calendars.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
            cancelled=lambda: self.context.extras.__setitem__("last_preview", None),
        )

    def save_drafts(self, store: DraftStore) -> int:
        return 0


def weight_change(weight: Decimal, baseline: Decimal) -> Decimal:
    return (weight - baseline) * 100 / baseline


__all__ = ["PatientsScreen", "SubjectChartView", "status_text", "weight_change"]
