"""Patients: the searchable, sortable list and a subject's chart (header and tabs: Calendar with the drawn
timeline, Doses, Weights and labs with the weight trend, Toxicities, History)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_percent, format_quantity
from app.protocol import load_protocol
from app.scheduling import Visit, default_clinic
from app.toxicity import rule_key_for
from app.ui.charts import TimelineStrip, WeightTrend
from app.ui.context import AppContext
from app.ui.dialogs.book_visit import BookVisitDialog
from app.ui.dialogs.toxicity import RecordToxicityDialog, ToxicityEntry
from app.ui.drafts import DraftStore
from app.ui.models.calendar import CalendarModel, VisitRole, status_text
from app.ui.models.patients import PatientFilterProxy, PatientListModel, SubjectIdRole, subject_status_text
from app.ui.models.records import RecordTableModel
from app.ui.screens.base import Screen
from app.ui.session import may
from app.ui.views import DoseRow, HistoryRow, LabRow, SubjectChart, ToxicityRow, WeightRow
from app.ui.widgets import heading


def _table(model: Any, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class SubjectChartView(QWidget):
    """One subject's chart."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.chart: SubjectChart | None = None
        self.title = heading("", self)
        self.title.setObjectName("chartTitle")
        self.header = QLabel(self)
        self.header.setObjectName("chartHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("chartTabs")
        # Calendar
        self.calendar_model = CalendarModel(self)
        self.calendar = _table(self.calendar_model, self)
        self.calendar.setObjectName("calendar")
        self.calendar.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.calendar.verticalHeader().setVisible(True)
        self.calendar.setWordWrap(False)
        self.calendar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.calendar.doubleClicked.connect(lambda _index: self.book_selected())
        self.timeline = TimelineStrip(self)
        self.print_calendar_button = QPushButton(self.tr("Print the calendar…"), self)
        self.print_calendar_button.setObjectName("printCalendar")
        self.print_calendar_button.clicked.connect(self.print_calendar)
        self.order_button = QPushButton(self.tr("Create the order for this visit"), self)
        self.order_button.setObjectName("createOrder")
        self.order_button.clicked.connect(self.create_order)
        self.book_button = QPushButton(self.tr("Book or move the visit…"), self)
        self.book_button.setObjectName("bookVisit")
        self.book_button.clicked.connect(self.book_selected)
        calendar_tab = QWidget(self)
        column = QVBoxLayout(calendar_tab)
        column.addWidget(self.timeline)
        column.addWidget(self.calendar, 1)
        row = QHBoxLayout()
        row.addWidget(self.print_calendar_button)
        row.addStretch(1)
        row.addWidget(self.order_button)
        row.addWidget(self.book_button)
        column.addLayout(row)
        self.tabs.addTab(calendar_tab, self.tr("Calendar"))
        # Doses
        self.doses_model: RecordTableModel[DoseRow] = RecordTableModel(
            [
                (self.tr("Visit"), lambda d: d.label),
                (self.tr("Date"), lambda d: d.day.isoformat()),
                (self.tr("Level"), lambda d: format_quantity(d.level_mg_per_kg, "mg/kg")),
                (self.tr("Weight"), lambda d: format_quantity(d.weight_kg, "kg")),
                (self.tr("Final dose"), lambda d: format_quantity(d.final_dose_mg, "mg")),
                (self.tr("Order"), lambda d: d.status),
            ],
            self,
        )
        self.tabs.addTab(_table(self.doses_model, self), self.tr("Doses"))
        # Weights and labs
        self.weight_trend = WeightTrend(self)
        self.weights_model: RecordTableModel[WeightRow] = RecordTableModel(
            [
                (self.tr("Measured"), lambda w: w.measured_on.isoformat()),
                (self.tr("Weight"), lambda w: format_quantity(w.weight_kg, "kg")),
                (
                    self.tr("Change from baseline"),
                    lambda w: (
                        format_percent(w.change_from_baseline_percent)
                        if w.change_from_baseline_percent is not None
                        else "—"
                    ),
                ),
            ],
            self,
        )
        self.labs_model: RecordTableModel[LabRow] = RecordTableModel(
            [
                (self.tr("Sampled"), lambda r: r.sampled_on.isoformat()),
                (self.tr("Lab"), lambda r: r.lab),
                (self.tr("Value"), lambda r: f"{r.value.normalize():f} {r.unit}"),
            ],
            self,
        )
        self.criteria = QLabel(self)
        self.criteria.setObjectName("criteria")
        self.criteria.setWordWrap(True)
        self.weight_button = QPushButton(self.tr("Record a weight…"), self)
        self.weight_button.setObjectName("recordWeight")
        self.weight_button.clicked.connect(self.record_weight)
        self.labs_button = QPushButton(self.tr("Record labs…"), self)
        self.labs_button.setObjectName("recordLabs")
        self.labs_button.clicked.connect(self.record_labs)
        weights_tab = QWidget(self)
        grid = QHBoxLayout(weights_tab)
        left = QVBoxLayout()
        left.addWidget(self.weight_trend)
        left.addWidget(_table(self.weights_model, self), 1)
        right = QVBoxLayout()
        right.addWidget(self.criteria)
        right.addWidget(_table(self.labs_model, self), 1)
        left.addWidget(self.weight_button)
        right.addWidget(self.labs_button)
        grid.addLayout(left, 1)
        grid.addLayout(right, 1)
        self.tabs.addTab(weights_tab, self.tr("Weights and labs"))
        # Toxicities
        self.toxicities_model: RecordTableModel[ToxicityRow] = RecordTableModel(
            [
                (self.tr("Term"), lambda t: t.term),
                (self.tr("Grade"), lambda t: str(t.grade)),
                (self.tr("Onset"), lambda t: t.onset.isoformat()),
                (self.tr("Resolved"), lambda t: t.resolved.isoformat() if t.resolved else "—"),
                (
                    self.tr("Action"),
                    lambda t: t.action + (" (" + self.tr("override") + ")" if t.overridden else ""),
                ),
                (self.tr("Rule or reason"), lambda t: (t.reason or "") if t.overridden else (t.rule or "")),
            ],
            self,
        )
        self.record_toxicity_button = QPushButton(self.tr("Record a toxicity…"), self)
        self.record_toxicity_button.setObjectName("recordToxicity")
        self.record_toxicity_button.clicked.connect(self.record_toxicity)
        toxicity_tab = QWidget(self)
        column = QVBoxLayout(toxicity_tab)
        column.addWidget(_table(self.toxicities_model, self), 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.record_toxicity_button)
        column.addLayout(row)
        self.tabs.addTab(toxicity_tab, self.tr("Toxicities"))
        # History
        self.history_model: RecordTableModel[HistoryRow] = RecordTableModel(
            [
                (self.tr("When"), lambda h: h.at.strftime("%Y-%m-%d %H:%M")),
                (self.tr("Who"), lambda h: h.who),
                (self.tr("What"), lambda h: h.what + (f" · {h.field}" if h.field else "")),
                (self.tr("Before"), lambda h: h.old or ""),
                (self.tr("After"), lambda h: h.new or ""),
                (self.tr("Reason"), lambda h: h.reason or ""),
            ],
            self,
        )
        self.tabs.addTab(_table(self.history_model, self), self.tr("History"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        user = context.user
        self.book_button.setVisible(may(user, "book_visit"))
        self.order_button.setVisible(context.backend.supports("orders") and may(user, "create_order"))
        self.weight_button.setVisible(may(user, "record_weight"))
        self.labs_button.setVisible(may(user, "record_labs"))
        self.record_toxicity_button.setVisible(may(user, "record_toxicity"))

    # --- showing a chart ---------------------------------------------------------------------------------

    def show_chart(self, chart: SubjectChart) -> None:
        self.chart = chart
        h = chart.header
        self.title.setText(
            self.tr("Subject {number} ({initials})").format(number=h.subject_number, initials=h.initials)
        )
        level = (
            format_quantity(h.current_dose_level_mg_per_kg, "mg/kg")
            if h.current_dose_level_mg_per_kg is not None
            else "—"
        )
        protocol = (
            h.protocol_version
            if h.protocol_signed_off
            else self.tr("{version} (unconfirmed)").format(version=h.protocol_version)
        )
        lines = [
            self.tr("Born {birth} · {sex} · {status} · C1D1 {c1d1}").format(
                birth=h.birth_date.isoformat(),
                sex={"female": self.tr("female"), "male": self.tr("male")}.get(h.sex, h.sex),
                status=subject_status_text(h.status),
                c1d1=h.c1d1.isoformat() if h.c1d1 else "—",
            ),
            self.tr("Allergies: {allergies}").format(allergies=h.allergies or self.tr("none known")),
            self.tr(
                "Baseline weight {weight} · liver metastases: {liver} · dose level {level} · protocol {protocol}"
            ).format(
                weight=format_quantity(h.baseline_weight_kg, "kg"),
                liver=self.tr("yes") if h.liver_metastases else self.tr("no"),
                level=level,
                protocol=protocol,
            ),
        ]
        self.header.setText("\n".join(lines))
        self.calendar_model.set_visits(chart.visits, chart.dose_days)
        tallest = max((text.count("\n") + 1 for text in self.calendar_model.cell_texts()), default=3)
        self.calendar.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * tallest + 10)
        self.timeline.set_events(list(chart.timeline), today=chart.as_of)
        self.doses_model.set_records(chart.doses)
        self.weights_model.set_records(chart.weights)
        self.weight_trend.set_weights(
            [(w.measured_on, w.weight_kg) for w in chart.weights],
            h.baseline_weight_kg,
            chart.weight_warn_percent,
        )
        self.labs_model.set_records(chart.labs)
        self.criteria.setText("\n".join(chart.criteria_to_treat))
        self.toxicities_model.set_records(chart.toxicities)
        self.history_model.set_records(chart.history)

    def selected_visit(self) -> Visit | None:
        index: QModelIndex = self.calendar.currentIndex()
        visit = self.calendar_model.data(index, VisitRole) if index.isValid() else None
        return visit if isinstance(visit, Visit) else None

    def select_visit(self, label: str) -> bool:
        index = self.calendar_model.find(label)
        if index.isValid():
            self.calendar.setCurrentIndex(index)
        return index.isValid()

    # --- actions -----------------------------------------------------------------------------------------

    def reload(self) -> None:
        parent = self.parent()
        while parent is not None and not isinstance(parent, PatientsScreen):
            parent = parent.parent()
        if isinstance(parent, PatientsScreen) and self.chart is not None:
            parent.open_subject(self.chart.header.subject_id)

    def print_calendar(self) -> None:
        chart = self.chart
        if chart is None:
            return
        from app.ui.paper import preview_document

        number, language, backend = chart.header.subject_number, self.context.language, self.context.backend
        preview_document(
            self.context.runner,
            self,
            lambda: backend.calendar_pdf(number, language),
            self.tr("Calendar of subject {number}").format(number=number),
            f"calendar-{number}.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )

    def _form(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(self.reload)
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def record_weight(self) -> Any:
        from app.ui.dialogs.clinical import WeightDialog

        chart = self.chart
        if chart is None:
            return None
        user, backend, subject_id = self.context.require_user(), self.context.backend, chart.header.subject_id
        return self._form(
            WeightDialog(
                self.context.runner,
                lambda kg, on, who: backend.record_weight(user, subject_id, kg, on, who),
                self,
                subject=chart.header.subject_number,
            )
        )

    def record_labs(self) -> Any:
        from app.ui.dialogs.clinical import LabsDialog

        chart = self.chart
        if chart is None:
            return None
        user, backend, subject_id = self.context.require_user(), self.context.backend, chart.header.subject_id
        return self._form(
            LabsDialog(
                self.context.runner,
                lambda entries, on: backend.record_labs(user, subject_id, entries, on),
                self,
                subject=chart.header.subject_number,
            )
        )

    def create_order(self, acknowledgement: str | None = None) -> None:
        """A draft order for the chosen dose visit; soft-limit warnings need an acknowledgement with a reason."""
        chart, visit = self.chart, self.selected_visit()
        if chart is None or visit is None or visit.kind != "dose":
            from app.ui import crash

            crash.show_info(
                self, self.tr("Create an order"), self.tr("Choose a dose visit in the calendar first.")
            )
            return
        user, backend, subject_id, label = (
            self.context.require_user(),
            self.context.backend,
            chart.header.subject_id,
            visit.label,
        )

        def failed(exc: BaseException) -> bool:
            from app.errors import DoseDeskError

            if (
                isinstance(exc, DoseDeskError)
                and acknowledgement is None
                and "acknowledg" in str(exc).lower()
            ):
                reason, ok = QInputDialog.getText(
                    self, self.tr("Acknowledge the warning"), str(exc) + "\n\n" + self.tr("Reason to go on:")
                )
                if ok and reason.strip():
                    self.create_order(reason.strip())
                return True
            return False

        def created(order: Any) -> None:
            self.context.extras["last_order"] = order
            self.reload()

        self.context.runner.run(
            lambda: backend.create_order(user, subject_id, label, acknowledgement),
            on_success=created,
            on_failure=failed,
            parent=self,
        )

    def book_selected(self) -> BookVisitDialog | None:
        chart, visit = self.chart, self.selected_visit()
        if chart is None or not may(self.context.user, "book_visit"):
            return None
        if visit is None or not visit.is_open:
            self.context.extras["last_notice"] = self.tr(
                "Choose a visit still to happen in the calendar first."
            )
            from app.ui import crash

            crash.show_info(self, self.tr("Book a visit"), str(self.context.extras["last_notice"]))
            return None
        protocol = load_protocol(chart.header.protocol_id)
        user = self.context.require_user()
        backend = self.context.backend
        subject_id = chart.header.subject_id
        dialog = BookVisitDialog(
            self.context.runner,
            visit,
            default_clinic(protocol),
            lambda day, reason: backend.book_visit(user, subject_id, visit.label, day, reason),
            self,
            subject=f"{chart.header.subject_number} ({chart.header.initials})",
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    def record_toxicity(self) -> RecordToxicityDialog | None:
        chart = self.chart
        if chart is None or not may(self.context.user, "record_toxicity"):
            return None
        protocol = load_protocol(chart.header.protocol_id)
        level = chart.header.current_dose_level_mg_per_kg or protocol.regimen.starting_level
        earlier = [rule_key_for(protocol, t.term) or t.term for t in chart.toxicities]

        def propose(term: str, grade: int) -> Any:
            from app.toxicity import propose_action

            key = rule_key_for(protocol, term) or term
            return propose_action(protocol, term, grade, level, 1 + earlier.count(key))

        user = self.context.require_user()
        backend = self.context.backend
        subject_id = chart.header.subject_id

        def record(entry: ToxicityEntry) -> Any:
            return backend.record_toxicity(user, subject_id, entry)

        dialog = RecordToxicityDialog(
            self.context.runner,
            propose,
            record,
            protocol.regimen.dose_levels_mg_per_kg,
            self,
            subject=chart.header.subject_number,
        )
        draft = self.context.drafts().load(dialog.draft_key())
        if draft:
            dialog.restore_draft(draft)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.context.drafts().discard(dialog.draft_key()))
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog


class PatientsScreen(Screen):
    key = "patients"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = PatientListModel(self)
        self.proxy = PatientFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit(self)
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText(self.tr("Filter: subject number, initials, status, visit…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_filter_text)
        self.list = _table(self.proxy, self)
        self.list.setObjectName("patientList")
        self.list.setSortingEnabled(True)
        self.list.setWordWrap(False)
        self.list.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        self.list.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        # Widths are fitted once per load, not on every keystroke (fitting 500 rows costs more than filtering).
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count = QLabel(self)
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
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.print_all_button)
        column.addLayout(bottom)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.loaded = False

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

    def open_subject(self, subject_id: int) -> None:
        self.context.runner.run(
            lambda: self.context.backend.subject_chart(subject_id), on_success=self._chart_loaded, parent=self
        )

    def _chart_loaded(self, chart: SubjectChart) -> None:
        self.chart.show_chart(chart)
        self.right.setCurrentWidget(self.chart)

    def enrol(self) -> Any:
        from app.ui.dialogs.enrol import EnrolDialog

        user, backend = self.context.require_user(), self.context.backend
        dialog = EnrolDialog(self.context.runner, lambda fields: backend.enrol(user, fields), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def enrolled() -> None:
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
        backend, language = self.context.backend, self.context.language

        def maker(number: str) -> Any:
            return lambda: backend.calendar_pdf(number, language)

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
