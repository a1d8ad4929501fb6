"""A subject's chart: header (identifiers, allergies, baseline, dose level, protocol) and tabs — Calendar with
the drawn timeline and the visit actions, Doses, Weights and labs with the weight trend and the criteria to
treat, Toxicities with their holds, History.

Every action opens a small form that runs one service call through the op runner; when it is saved the chart
asks to be loaded again (`changed`), so the calendar, the holds and the next order follow what was recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_percent, format_quantity
from app.protocol import load_protocol
from app.scheduling import Visit, default_clinic
from app.scheduling.booking import describe as describe_day
from app.scheduling.disposition import (
    DISPOSITION_WORDS,
    END_OF_STUDY_CHOICES,
    END_OF_TREATMENT_CHOICES,
    Disposition,
    needs_detail,
)
from app.scheduling.visit_reasons import (
    MISSED_CHOICES,
    OMITTED_CHOICES,
    VISIT_REASON_WORDS,
    VisitReason,
    visit_reason_needs_detail,
)
from app.text import Message, message_of
from app.toxicity import rule_key_for
from app.ui.charts import TimelineStrip, WeightTrend
from app.ui.context import AppContext
from app.ui.dialogs.book_visit import BookVisitDialog
from app.ui.dialogs.toxicity import RecordToxicityDialog, ToxicityEntry, proposal_words
from app.ui.dialogs.visit_actions import DateReasonDialog
from app.ui.models.calendar import CalendarModel, VisitRole
from app.ui.models.patients import subject_status_text
from app.ui.models.records import RecordTableModel
from app.ui.screens.eligibility_tab import EligibilityTab
from app.ui.session import may
from app.ui.views import (
    CriterionRow,
    DoseRow,
    HistoryRow,
    HoldRow,
    LabRow,
    SubjectChart,
    ToxicityRow,
    WeightRow,
)
from app.ui.widgets import heading, subject_label
from app.ui.words import (
    graded_value,
    lab_name,
    lab_value,
    rule_text,
    say,
    say_error,
    term_name,
    toxicity_action,
)

DialogT = TypeVar("DialogT", bound=QDialog)
NOT_MET_COLOUR = QColor("#b00020")
MET_COLOUR = QColor("#1b5e20")
AWAITING_COLOUR = QColor("#8a5a00")
# The services' refusal of a second order for a visit (its order is offered instead).
EXISTING_ORDER = "{visit} already has order {order}; cancel it to make a new one."  # labs still to come: to do, not a value out of its limit
OPEN_HOLD_COLOUR = QColor("#b34700")


def table(model: Any, parent: QWidget, name: str = "", accessible: str = "") -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    if name:
        view.setObjectName(name)
    if accessible:  # what a screen reader calls the table
        view.setAccessibleName(accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().lineSpacing() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    return view


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "—"


def _value(row: CriterionRow) -> str:
    return graded_value(row.value, row.unit, row.grade, row.lab)


def reads_text(language: str | None) -> str:
    """The language a subject reads, named in its own words; "not recorded" in the window's."""
    names = {"en": "English", "zh": "中文"}
    if language in names:
        return names[str(language)]
    return QCoreApplication.translate("SubjectChartView", "not recorded")


def _order_status(status: str) -> str:
    from app.ui.screens.orders import order_status_text

    return order_status_text(status)


_ENDED_ORDERS = frozenset({"cancelled", "superseded"})


def _visit_orders(doses: Sequence[DoseRow]) -> dict[str, str]:
    """Each dose visit's order status in words, for its calendar cell: the live order (the last one of the
    visit not cancelled or superseded), else the last one."""
    found: dict[str, DoseRow] = {}
    for row in doses:
        kept = found.get(row.label)
        if kept is None or kept.status in _ENDED_ORDERS or row.status not in _ENDED_ORDERS:
            found[row.label] = row
    return {label: _order_status(row.status) for label, row in found.items()}



DETAIL_REQUIRED = tuple(str(code) for code in Disposition if needs_detail(code))
VISIT_DETAIL_REQUIRED = tuple(str(code) for code in VisitReason if visit_reason_needs_detail(code))


def coded_choices(words: Mapping[Any, Message], codes: Sequence[Any]) -> list[tuple[str, str]]:
    """Codes offered in a form, each said in the window's language (the code is what is stored)."""
    return [(str(code), say(words[code])) for code in codes]

class SubjectChartView(QWidget):
    """One subject's chart.

    Signals:
        changed(int): something was recorded for this subject (its id): load the chart and the list again.
    """

    changed = Signal(int)

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
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stop_button = QPushButton(self.tr("End treatment…"), self)
        self.stop_button.setObjectName("stopTreatment")
        self.stop_button.setToolTip(
            self.tr(
                "The investigator's decision to stop treatment: end of treatment and follow-up are planned."
            )
        )
        self.stop_button.clicked.connect(self.stop_treatment)
        self.end_follow_up_button = QPushButton(self.tr("End follow-up…"), self)
        self.end_follow_up_button.setObjectName("endFollowUp")
        self.end_follow_up_button.clicked.connect(self.end_follow_up)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("chartTabs")
        self.tabs.addTab(self._calendar_tab(), self.tr("Calendar"))
        self.tabs.addTab(self._doses_tab(), self.tr("Doses"))
        self.tabs.addTab(self._weights_tab(), self.tr("Weights and labs"))
        self.tabs.addTab(self._toxicities_tab(), self.tr("Toxicities"))
        self.tabs.addTab(self._history_tab(), self.tr("History"))
        self.eligibility_tab: EligibilityTab | None = None
        if context.backend.supports("eligibility"):
            self.eligibility_tab = EligibilityTab(context, self)
            self.eligibility_tab.changed.connect(self.reload)
            self.tabs.addTab(self.eligibility_tab, self.tr("Eligibility"))

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.stop_button)
        top.addWidget(self.end_follow_up_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

        user = context.user
        # A laboratory file dropped on the chart is imported (previewed first), as File → Import labs… does.
        self.setAcceptDrops(may(user, "record_labs"))
        self.book_button.setVisible(may(user, "book_visit"))
        self.order_button.setVisible(context.backend.supports("orders") and may(user, "create_order"))
        self.visit_button.setVisible(may(user, "record_visit") or may(user, "omit_dose"))
        self.weight_button.setVisible(may(user, "record_weight"))
        self.labs_button.setVisible(may(user, "record_labs"))
        self.record_toxicity_button.setVisible(may(user, "record_toxicity"))
        self.wristband_button.setVisible(may(user, "print_wristband"))
        self.language_button.setVisible(may(user, "enrol"))
        self.resolve_button.setVisible(may(user, "resolve_toxicity"))
        self.end_hold_button.setVisible(may(user, "resolve_toxicity"))
        self.stop_button.setVisible(False)
        self.end_follow_up_button.setVisible(False)
        self._enable_visit_actions()
        self._enable_toxicity_actions()

    # --- tabs --------------------------------------------------------------------------------------------

    def _calendar_tab(self) -> QWidget:
        self.calendar_model = CalendarModel(self)
        self.calendar = table(self.calendar_model, self, "calendar", self.tr("Visit calendar"))
        self.calendar.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.calendar.verticalHeader().setVisible(True)
        self.calendar.horizontalHeader().setStretchLastSection(False)
        # The columns share the width and a cell's text wraps (a warning written out): the rows grow, no column
        # runs off the screen.
        self.calendar.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.calendar.horizontalHeader().setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 16)
        self.calendar.setWordWrap(True)
        self.calendar.setAlternatingRowColors(False)
        self.calendar.doubleClicked.connect(lambda _index: self.book_selected())
        self.calendar.selectionModel().currentChanged.connect(lambda _c, _p: self._enable_visit_actions())
        self.calendar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.calendar.customContextMenuRequested.connect(self._calendar_menu)
        self.timeline = TimelineStrip(self)
        self.print_calendar_button = QPushButton(self.tr("Print the calendar…"), self)
        self.print_calendar_button.setObjectName("printCalendar")
        self.print_calendar_button.clicked.connect(lambda _checked=False: self.print_calendar())
        self.wristband_button = QPushButton(self.tr("Print the wristband…"), self)
        self.wristband_button.setObjectName("printWristband")
        self.wristband_button.setToolTip(
            self.tr("The subject's wristband or ID card, whose barcode the nurse scans before each infusion")
        )
        self.wristband_button.clicked.connect(lambda _checked=False: self.print_wristband())
        self.language_button = QPushButton(self.tr("Language the patient reads…"), self)
        self.language_button.setObjectName("subjectLanguage")
        self.language_button.setToolTip(
            self.tr("The language the patient's calendar and wristband are printed in")
        )
        self.language_button.clicked.connect(lambda _checked=False: self.set_subject_language())
        self.order_button = QPushButton(self.tr("Create the order"), self)
        self.order_button.setObjectName("createOrder")
        self.order_button.setToolTip(
            self.tr("A draft infusion order for the dose visit chosen in the calendar")
        )
        self.order_button.clicked.connect(lambda: self.create_order())
        self.book_button = QPushButton(self.tr("Book or move…"), self)
        self.book_button.setObjectName("bookVisit")
        self.book_button.setToolTip(self.tr("Book the visit chosen in the calendar, or move its booking"))
        self.book_button.clicked.connect(self.book_selected)

        self.done_action = QAction(self.tr("Done on a date…"), self)
        self.done_action.setObjectName("visitDone")
        self.done_action.triggered.connect(self.record_visit_done)
        self.missed_action = QAction(self.tr("Missed…"), self)
        self.missed_action.setObjectName("visitMissed")
        self.missed_action.triggered.connect(self.record_visit_missed)
        self.omit_action = QAction(self.tr("Omit this dose…"), self)
        self.omit_action.setObjectName("omitDose")
        self.omit_action.triggered.connect(self.omit_dose)
        self.visit_menu = QMenu(self)
        for action in (self.done_action, self.missed_action, self.omit_action):
            self.visit_menu.addAction(action)
        self.visit_button = QPushButton(self.tr("Record the visit"), self)
        self.visit_button.setObjectName("visitActions")
        self.visit_button.setToolTip(
            self.tr("Record that the visit chosen was done or missed, or omit a dose")
        )
        self.visit_button.setMenu(self.visit_menu)
        self.visit_hint = QLabel(self)
        self.visit_hint.setObjectName("visitHint")
        self.visit_hint.setWordWrap(True)  # a long hint wraps rather than widening the window
        self.visit_hint.setStyleSheet("color: palette(placeholder-text);")

        tab = QWidget(self)
        column = QVBoxLayout(tab)
        column.addWidget(self.timeline)
        column.addWidget(self.calendar, 1)
        # Two rows, so the tab fits a 1024-pixel screen: the hint (it wraps) beside the paper, then the actions.
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.visit_hint, 1)
        paper_row.addWidget(self.print_calendar_button)
        paper_row.addWidget(self.wristband_button)
        column.addLayout(paper_row)
        row = QHBoxLayout()
        row.addWidget(self.language_button)
        row.addStretch(1)
        row.addWidget(self.visit_button)
        row.addWidget(self.book_button)
        row.addWidget(self.order_button)
        column.addLayout(row)
        return tab

    def _doses_tab(self) -> QWidget:
        self.doses_model: RecordTableModel[DoseRow] = RecordTableModel(
            [
                (self.tr("Visit"), lambda d: d.label),
                (self.tr("Date"), lambda d: d.day.isoformat()),
                (self.tr("Level"), lambda d: format_quantity(d.level_mg_per_kg, "mg/kg")),
                (self.tr("Weight"), lambda d: format_quantity(d.weight_kg, "kg")),
                (
                    self.tr("Final dose"),
                    lambda d: (
                        format_quantity(d.final_dose_mg, "mg")
                        if d.final_dose_mg is not None
                        else self.tr("hidden until you verify")
                    ),
                ),
                (
                    self.tr("Given"),
                    lambda d: format_quantity(d.dose_given_mg, "mg") if d.dose_given_mg is not None else "",
                ),
                (self.tr("Order"), lambda d: _order_status(d.status)),
            ],
            self,
        )
        return table(self.doses_model, self, "doses", self.tr("Doses given"))

    def _weights_tab(self) -> QWidget:
        self.weight_trend = WeightTrend(self)
        self.weights_model: RecordTableModel[WeightRow] = RecordTableModel(
            [
                (self.tr("Measured"), lambda w: w.measured_on.isoformat()),
                (self.tr("Weight"), lambda w: format_quantity(w.weight_kg, "kg")),
                (
                    self.tr("From baseline"),
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
                (self.tr("Lab"), lambda r: lab_name(r.lab)),
                (self.tr("Value"), lambda r: lab_value(r.value, r.unit, r.lab)),
                (self.tr("Grade"), lambda r: "" if r.grade is None else str(r.grade)),
            ],
            self,
        )
        self.criteria = QLabel(self)
        self.criteria.setObjectName("criteria")
        self.criteria.setWordWrap(True)
        font = self.criteria.font()
        font.setBold(True)
        self.criteria.setFont(font)
        self.criteria_model: RecordTableModel[CriterionRow] = RecordTableModel(
            [
                ("", lambda c: "✓" if c.met else "…" if c.missing else "✗"),
                (self.tr("Lab"), lambda c: lab_name(c.lab)),
                (self.tr("Result"), _value),
                (self.tr("Limit"), lambda c: say(c.limit)),
                (self.tr("Sampled"), lambda c: _day(c.taken)),
                (self.tr("Why not met"), lambda c: say(c.reason)),
            ],
            self,
            colour=lambda c: None if c.met else AWAITING_COLOUR if c.missing else NOT_MET_COLOUR,
        )
        self.criteria_table = table(self.criteria_model, self, "criteriaTable", self.tr("Criteria to treat"))
        # The lab, the limit and "Why not met" share the width left and wrap, so none is ever off-screen; the
        # rows grow to hold them.
        self.criteria_table.setWordWrap(True)
        for wrapped in (1, 3, 5):  # Lab, Limit, Why not met
            self.criteria_table.horizontalHeader().setSectionResizeMode(
                wrapped, QHeaderView.ResizeMode.Stretch
            )
        self.criteria_table.horizontalHeader().setMinimumSectionSize(
            self.fontMetrics().averageCharWidth() * 6
        )
        self.weight_button = QPushButton(self.tr("Record a weight…"), self)
        self.weight_button.setObjectName("recordWeight")
        self.weight_button.clicked.connect(self.record_weight)
        self.labs_button = QPushButton(self.tr("Record labs…"), self)
        self.labs_button.setObjectName("recordLabs")
        self.labs_button.clicked.connect(self.record_labs)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.weight_trend)
        column.addWidget(table(self.weights_model, self, "weights", self.tr("Weights")), 1)
        column.addWidget(self.weight_button)
        criteria = QWidget(self)
        column = QVBoxLayout(criteria)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.criteria)
        column.addWidget(self.criteria_table, 1)
        labs = QWidget(self)
        column = QVBoxLayout(labs)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(self.tr("Lab results"), self))
        column.addWidget(table(self.labs_model, self, "labs", self.tr("Lab results")), 1)
        column.addWidget(self.labs_button)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(criteria)
        right.addWidget(labs)
        right.setSizes([220, 300])
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([240, 760])  # the criteria and the labs need the width more than the weights
        return splitter

    def _toxicities_tab(self) -> QWidget:
        self.toxicities_model: RecordTableModel[ToxicityRow] = RecordTableModel(
            [
                (self.tr("Term"), lambda t: term_name(t.term, with_english=True)),
                (self.tr("Grade"), lambda t: str(t.grade)),
                (self.tr("Onset"), lambda t: t.onset.isoformat()),
                (self.tr("Resolved"), lambda t: t.resolved.isoformat() if t.resolved else "—"),
                (
                    self.tr("Action"),
                    lambda t: (
                        toxicity_action(t.action) + (" (" + self.tr("override") + ")" if t.overridden else "")
                    ),
                ),
                (
                    self.tr("Rule or reason"),
                    lambda t: (t.reason or "") if t.overridden else rule_text(t.rule),
                ),
            ],
            self,
        )
        self.toxicities = table(self.toxicities_model, self, "toxicities", self.tr("Toxicities"))
        self.toxicities.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self._enable_toxicity_actions()
        )
        self.holds_model: RecordTableModel[HoldRow] = RecordTableModel(
            [
                (self.tr("Dose held"), lambda h: h.visit_label),
                (self.tr("From"), lambda h: h.start.isoformat()),
                (self.tr("Until"), lambda h: h.end.isoformat() if h.end else self.tr("still held")),
                (
                    self.tr("Resume when"),
                    lambda h: (
                        self.tr("grade ≤ {n}").format(n=h.until_grade) if h.until_grade is not None else ""
                    ),
                ),
                (self.tr("Reason"), lambda h: say(h.reason)),
            ],
            self,
            colour=lambda h: OPEN_HOLD_COLOUR if h.is_open else None,
        )
        self.holds = table(self.holds_model, self, "holds", self.tr("Holds"))
        self.holds.selectionModel().currentRowChanged.connect(lambda _c, _p: self._enable_toxicity_actions())
        self.holds_title = heading(self.tr("Holds"), self)
        self.record_toxicity_button = QPushButton(self.tr("Record a toxicity…"), self)
        self.record_toxicity_button.setObjectName("recordToxicity")
        self.record_toxicity_button.clicked.connect(lambda: self.record_toxicity())
        self.resolve_button = QPushButton(self.tr("Resolved on…"), self)
        self.resolve_button.setObjectName("resolveToxicity")
        self.resolve_button.setToolTip(
            self.tr("Record the day the toxicity chosen resolved; its holds end that day")
        )
        self.resolve_button.clicked.connect(self.resolve_toxicity)
        self.end_hold_button = QPushButton(self.tr("End the hold…"), self)
        self.end_hold_button.setObjectName("endHold")
        self.end_hold_button.clicked.connect(self.end_hold)
        self.reactions = QLabel(self)
        self.reactions.setObjectName("reactionsToRecord")
        self.reactions.setWordWrap(True)
        self.reactions.setStyleSheet("color: #b00020;")
        self.reaction_button = QPushButton(self.tr("Record the infusion reaction as a toxicity…"), self)
        self.reaction_button.setObjectName("recordReaction")
        self.reaction_button.clicked.connect(lambda: self.record_reaction())

        top = QWidget(self)
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reactions)
        column.addWidget(self.toxicities, 1)
        row = QHBoxLayout()
        row.addWidget(self.resolve_button)
        row.addStretch(1)
        row.addWidget(self.reaction_button)
        row.addWidget(self.record_toxicity_button)
        column.addLayout(row)
        bottom = QWidget(self)
        column = QVBoxLayout(bottom)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.holds_title)
        column.addWidget(self.holds, 1)
        row = QHBoxLayout()
        row.addWidget(self.end_hold_button)
        row.addStretch(1)
        column.addLayout(row)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([300, 200])
        return splitter

    def _history_tab(self) -> QWidget:
        self.history_model: RecordTableModel[HistoryRow] = RecordTableModel(
            [
                (self.tr("When"), lambda h: h.at.astimezone().strftime("%Y-%m-%d %H:%M")),
                (self.tr("Who"), lambda h: h.who),
                (self.tr("What"), lambda h: h.what + (f" · {h.field}" if h.field else "")),
                (self.tr("Before"), lambda h: h.old or ""),
                (self.tr("After"), lambda h: h.new or ""),
                (self.tr("Reason"), lambda h: h.reason or ""),
            ],
            self,
        )
        view = table(self.history_model, self, "history", self.tr("History of the record"))
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.history = view
        return view

    # --- showing a chart ---------------------------------------------------------------------------------

    def show_chart(self, chart: SubjectChart) -> None:
        same_subject = self.chart is not None and self.chart.header.subject_id == chart.header.subject_id
        keep = self.selected_visit() if same_subject else None
        keep_toxicity = self.selected_toxicity() if same_subject else None
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
            else self.tr("{version} (not signed off)").format(version=h.protocol_version)
        )
        lines = [
            self.tr("Born {birth} · {sex} · {status} · C1D1 {c1d1}").format(
                birth=h.birth_date.isoformat(),
                sex={"female": self.tr("female"), "male": self.tr("male")}.get(h.sex, h.sex),
                status=subject_status_text(h.status),
                c1d1=h.c1d1.isoformat() if h.c1d1 else "—",
            ),
            self.tr("Hospital number {number} · allergies: {allergies}").format(
                number=h.hospital_number or "—", allergies=h.allergies or self.tr("none known")
            )
            + " · "
            + self.tr("reads: {language}").format(language=reads_text(h.language)),
            self.tr(
                "Baseline weight {weight} · liver metastases: {liver} · dose level {level} · protocol {protocol}"
            ).format(
                weight=format_quantity(h.baseline_weight_kg, "kg"),
                liver=self.tr("yes") if h.liver_metastases else self.tr("no"),
                level=level,
                protocol=protocol,
            ),
        ]
        if h.treatment_stopped_on is not None:
            lines.append(
                self.tr("Treatment ended {day}: {reason}").format(
                    day=h.treatment_stopped_on.isoformat(), reason=say(h.treatment_stop_reason) or "—"
                )
            )
        if h.off_study_on is not None:
            lines.append(
                self.tr("Off study {day}: {reason}").format(
                    day=h.off_study_on.isoformat(), reason=say(h.off_study_reason) or "—"
                )
            )
        self.header.setText("\n".join(lines))
        self.calendar_model.set_visits(
            chart.visits,
            chart.dose_days,
            chart.visit_notes,
            held=[hold.visit_label for hold in chart.holds if hold.is_open],
            orders=_visit_orders(chart.doses),
        )
        tallest = max((text.count("\n") + 1 for text in self.calendar_model.cell_texts()), default=3)
        self.calendar.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * tallest + 10)
        self.calendar.resizeRowsToContents()  # a warning written out wraps: its row grows, nothing is clipped
        if keep is not None:
            self.select_visit(keep.label)
        self.timeline.set_events(list(chart.timeline), today=chart.as_of)
        self.doses_model.set_records(chart.doses)
        self.weights_model.set_records(sorted(chart.weights, key=lambda w: w.measured_on, reverse=True))
        self.weight_trend.set_weights(
            [(w.measured_on, w.weight_kg) for w in chart.weights],
            h.baseline_weight_kg,
            chart.weight_warn_percent,
        )
        self.labs_model.set_records(chart.labs)
        self._show_criteria(chart)
        self.toxicities_model.set_records(chart.toxicities)
        self.holds_model.set_records(chart.holds)
        self._show_reactions(chart)
        # The toxicity and the hold most likely to be acted on come chosen: the one chosen before, else the
        # first still unresolved; the first hold still open.
        if not (keep_toxicity is not None and self.select_toxicity(keep_toxicity.term)):
            unresolved = [row for row, t in enumerate(chart.toxicities) if t.resolved is None]
            if unresolved:
                self.toxicities.selectRow(unresolved[0])
        still_open = [row for row, hold in enumerate(chart.holds) if hold.is_open]
        if still_open:
            self.holds.selectRow(still_open[0])
        open_holds = sum(1 for hold in chart.holds if hold.is_open)
        self.holds_title.setText(
            self.tr("Holds: %n open", "", open_holds) if open_holds else self.tr("Holds")
        )
        if self.eligibility_tab is not None:  # judged and recorded while the subject is in screening
            screening = h.status in ("screening", "screen_failed")
            self.tabs.setTabVisible(self.tabs.indexOf(self.eligibility_tab), screening)
            if screening:
                self.eligibility_tab.show_subject(h.subject_id, h.subject_number, h.initials)
        self.history_model.set_records(chart.history)
        self.history.resizeColumnsToContents()
        for column, widest in ((2, 300), (3, 180), (4, 220)):  # what, before, after: the rest on hover
            self.history.setColumnWidth(column, min(self.history.columnWidth(column), widest))
        user = self.context.user
        self.stop_button.setVisible(h.status == "on_treatment" and may(user, "stop_treatment"))
        self.end_follow_up_button.setVisible(h.status == "follow_up" and may(user, "stop_treatment"))
        self._enable_visit_actions()
        self._enable_toxicity_actions()

    def _show_criteria(self, chart: SubjectChart) -> None:
        criteria = chart.criteria
        if criteria is None:
            self.criteria.setText(self.tr("No dose is planned: no criteria to treat to check."))
            self.criteria.setStyleSheet("")
            self.criteria_model.set_records([])
            return
        if criteria.problem:
            self.criteria.setText(
                self.tr("Criteria to treat for {visit}: {problem}").format(
                    visit=criteria.visit_label, problem=say(criteria.problem)
                )
            )
            self.criteria.setStyleSheet(f"color: {NOT_MET_COLOUR.name()};")
            self.criteria_model.set_records([])
            return
        if criteria.met:
            words, colour = self.tr("Criteria to treat for {visit} on {day}: met"), MET_COLOUR
        elif criteria.awaiting_labs:
            words = self.tr("Criteria to treat for {visit} on {day}: awaiting labs")
            colour = AWAITING_COLOUR
        else:
            words, colour = self.tr("Criteria to treat for {visit} on {day}: NOT met"), NOT_MET_COLOUR
        self.criteria.setText(words.format(visit=criteria.visit_label, day=_day(criteria.dose_date)))
        self.criteria.setStyleSheet(f"color: {colour.name()};")
        self.criteria_model.set_records(criteria.items)
        self.criteria_table.resizeRowsToContents()

    # --- the calendar's visit ----------------------------------------------------------------------------

    def selected_visit(self) -> Visit | None:
        index: QModelIndex = self.calendar.currentIndex()
        visit = self.calendar_model.data(index, VisitRole) if index.isValid() else None
        return visit if isinstance(visit, Visit) else None

    def select_visit(self, label: str) -> bool:
        index = self.calendar_model.find(label)
        if index.isValid():
            self.calendar.setCurrentIndex(index)
            self.calendar.scrollTo(index)
        return index.isValid()

    def show_visit(self, label: str) -> bool:
        """The Calendar tab, with the visit `label` selected and scrolled into view (opened from Today)."""
        self.tabs.setCurrentIndex(0)
        return self.select_visit(label)

    def _first_dose_day(self) -> int | None:
        return self.chart.dose_days[0] if self.chart is not None and self.chart.dose_days else None

    def _enable_visit_actions(self) -> None:
        visit, user = self.selected_visit(), self.context.user
        open_visit = visit is not None and visit.is_open
        is_dose = visit is not None and visit.kind == "dose"
        self.done_action.setEnabled(
            visit is not None
            and not is_dose
            and visit.status in ("planned", "booked", "missed")
            and may(user, "record_visit")
        )
        self.missed_action.setEnabled(open_visit and not is_dose and may(user, "record_visit"))
        self.omit_action.setEnabled(
            open_visit
            and is_dose
            and visit is not None
            and visit.day != self._first_dose_day()
            and may(user, "omit_dose")
        )
        self.done_action.setVisible(may(user, "record_visit"))
        self.missed_action.setVisible(may(user, "record_visit"))
        self.omit_action.setVisible(may(user, "omit_dose"))
        self.book_button.setEnabled(open_visit)
        self.order_button.setEnabled(open_visit and is_dose)
        self.visit_button.setEnabled(
            any(a.isEnabled() for a in (self.done_action, self.missed_action, self.omit_action))
        )
        if visit is None:
            self.visit_hint.setText(
                self.tr("Choose a visit in the calendar to book it or record what happened.")
            )
        elif is_dose and visit.is_open:
            self.visit_hint.setText(
                self.tr(
                    "{visit}: a dose is done when its infusion starts at the bedside (the nurse signs it on the order)."
                ).format(visit=visit.label)
            )
        else:
            note = self.chart.visit_notes.get(visit.label) if self.chart is not None else None
            self.visit_hint.setText(
                self.tr("{visit}: {note}").format(visit=visit.label, note=say(note)) if note else ""
            )

    def _calendar_menu(self, position: QPoint) -> None:
        index = self.calendar.indexAt(position)
        if not index.isValid():
            return
        self.calendar.setCurrentIndex(index)
        menu = QMenu(self)
        if may(self.context.user, "book_visit"):
            book = menu.addAction(self.tr("Book or move…"))
            book.setEnabled(self.book_button.isEnabled())
            book.triggered.connect(self.book_selected)
        for action in (self.done_action, self.missed_action, self.omit_action):
            if action.isVisible():
                menu.addAction(action)
        if not self.order_button.isHidden():
            order = menu.addAction(self.order_button.text())
            order.setEnabled(self.order_button.isEnabled())
            order.triggered.connect(lambda: self.create_order())
        if not menu.isEmpty():
            menu.exec(self.calendar.viewport().mapToGlobal(position))

    # --- a laboratory file dropped on the chart ----------------------------------------------------------

    @staticmethod
    def dropped_file(event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> Path | None:
        """The one local file being dropped (None for text, several files, or a remote address)."""
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.is_file() else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self.dropped_file(event)
        importer = getattr(self.window(), "import_labs", None)
        if path is None or not callable(importer):
            event.ignore()
            return
        event.acceptProposedAction()
        self.context.extras["last_dialog"] = importer(path)

    # --- actions -----------------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.chart is not None:
            self.changed.emit(self.chart.header.subject_id)

    def _form(self, dialog: DialogT) -> DialogT:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(self.reload)
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def _notice(self, title: str, text: str) -> None:
        from app.ui import crash

        self.context.extras["last_notice"] = text
        crash.show_info(self, title, text)

    def _show_reactions(self, chart: SubjectChart) -> None:
        """Infusion reactions recorded at the bedside and not yet recorded as a toxicity: offered here."""
        lines = [
            self.tr(
                "Infusion reaction at {visit} ({when}){grade}: {what} — not yet recorded as a toxicity"
            ).format(
                visit=r.visit_label,
                when=r.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                grade=self.tr(", grade {n}").format(n=r.grade) if r.grade else "",
                what=r.note,
            )
            for r in chart.reactions
        ]
        self.reactions.setText("\n".join(lines))
        self.reactions.setVisible(bool(lines))
        offered = bool(chart.reactions) and may(self.context.user, "reaction_toxicity")
        self.reaction_button.setVisible(offered)

    def record_reaction(self) -> RecordToxicityDialog | None:
        """The toxicity form, filled from the first reaction still to record (the protocol's infusion-reaction
        term, its grade, its day); once recorded, the reaction is linked to it."""
        chart = self.chart
        if chart is None or not chart.reactions or not may(self.context.user, "reaction_toxicity"):
            return None
        reaction = chart.reactions[0]
        term = reaction.term or "Infusion related reaction"
        dialog = self.record_toxicity(
            (term, reaction.grade or 1, reaction.at.astimezone().date()), draft=False
        )
        if dialog is None:
            return None
        user, backend, event_id = self.context.require_user(), self.context.backend, reaction.event_id

        def link() -> None:
            outcome = dialog.result_value
            toxicity = getattr(outcome, "toxicity", None)
            if toxicity is not None:
                self.context.runner.run(
                    lambda: backend.link_reaction(user, event_id, toxicity.id),
                    on_success=lambda _row: self.reload(),
                    parent=self,
                )

        dialog.accepted.connect(link)
        return dialog

    def paper_language(self) -> str:
        """The language a patient's paper is offered in: the one the subject reads, else the window's."""
        chart = self.chart
        if chart is not None and chart.header.language in ("en", "zh"):
            return str(chart.header.language)
        return "zh" if self.context.language.startswith("zh") else "en"

    def _ask_paper_language(self, title: str, then: Callable[[str], object]) -> QDialog:
        from app.ui.dialogs.language import PaperLanguageDialog

        dialog = PaperLanguageDialog(title, self.paper_language(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: then(dialog.language))
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def print_wristband(self, language: str | None = None) -> QDialog | None:
        """The wristband, in `language`; without it, the language is asked first (the subject's offered)."""
        chart = self.chart
        if chart is None:
            return None
        number, backend = chart.header.subject_number, self.context.backend
        title = self.tr("Wristband of subject {number}").format(number=number)
        if language is None:
            return self._ask_paper_language(title, self.print_wristband)
        from app.ui.paper import preview_document

        preview_document(
            self.context.runner,
            self,
            lambda: backend.wristband_pdf(number, language),
            title,
            f"wristband-{number}.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )
        return None

    def print_calendar(self, language: str | None = None) -> QDialog | None:
        """The patient's calendar, in `language`; without it, the language is asked first (the subject's
        offered)."""
        chart = self.chart
        if chart is None:
            return None
        number, backend = chart.header.subject_number, self.context.backend
        title = self.tr("Calendar of subject {number}").format(number=number)
        if language is None:
            return self._ask_paper_language(title, self.print_calendar)
        from app.ui.paper import preview_document

        preview_document(
            self.context.runner,
            self,
            lambda: backend.calendar_pdf(number, language),
            title,
            f"calendar-{number}.pdf",
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )
        return None

    def set_subject_language(self) -> Any:
        """Record the language the subject reads, with a reason (their paper prints in it)."""
        chart = self.chart
        if chart is None or not may(self.context.user, "enrol"):
            return None
        from app.ui.dialogs.language import SubjectLanguageDialog

        user, backend, subject_id = self.context.require_user(), self.context.backend, chart.header.subject_id
        return self._form(
            SubjectLanguageDialog(
                self.context.runner,
                lambda language, reason: backend.set_subject_language(user, subject_id, language, reason),
                chart.header.language,
                self,
            )
        )

    def _subject_words(self) -> str:
        h = self.chart.header if self.chart is not None else None
        return subject_label(h.subject_number, h.initials) if h is not None else ""

    def _subject_form(self, key: str | None = None) -> tuple[SubjectChart, Any, Any, int] | None:
        """The chart shown, the user, the backend and the subject's id for a form on the subject; None when
        no chart is shown or the user may not do `key`."""
        chart = self.chart
        if chart is None or (key is not None and not may(self.context.user, key)):
            return None
        return chart, self.context.require_user(), self.context.backend, chart.header.subject_id

    def record_weight(self) -> Any:
        from app.ui.dialogs.clinical import WeightDialog

        found = self._subject_form()
        if found is None:
            return None
        chart, user, backend, subject_id = found
        dialog = WeightDialog(
            self.context.runner,
            lambda kg, on, who: backend.record_weight(user, subject_id, kg, on, who),
            self,
            subject=chart.header.subject_number,
        )
        return self._with_draft(dialog)

    def record_labs(self) -> Any:
        from app.ui.dialogs.clinical import LabsDialog

        found = self._subject_form()
        if found is None:
            return None
        chart, user, backend, subject_id = found
        dialog = LabsDialog(
            self.context.runner,
            lambda entries, on: backend.record_labs(user, subject_id, entries, on),
            self,
            subject=chart.header.subject_number,
            ranges=chart.reference_ranges,
        )
        dialog.accepted.connect(lambda: self.labs_recorded(dialog.result_value or []))
        return self._with_draft(dialog)

    def labs_recorded(self, recorded: Sequence[Any]) -> None:
        """Labs just recorded whose grade reaches a rule of the protocol: said at once. An investigator is
        offered to record each toxicity (the toxicity form prefilled, to confirm or override); anyone else
        is told to ask an investigator to review."""
        strongest: dict[str, Any] = {}
        for result in recorded:
            proposed = getattr(result, "proposed_toxicity", None)
            if proposed is not None and (
                proposed.term not in strongest or proposed.grade > strongest[proposed.term][0].grade
            ):
                strongest[proposed.term] = (proposed, result.lab)
        pending = sorted(strongest.values(), key=lambda found: -found[0].grade)
        if not pending:
            return
        if may(self.context.user, "record_toxicity"):
            self._offer_toxicities(pending)
            return
        lines = [self._proposal_line(proposed, lab) for proposed, lab in pending]
        lines.append(self.tr("Ask an investigator to review and record the toxicity."))
        self._notice(self.tr("Labs reach a toxicity rule"), "\n\n".join(lines))

    def _proposal_line(self, proposed: Any, lab: Any) -> str:
        return self.tr(
            "{lab} {value} on {day} is grade {grade} {term}. The protocol proposes: {action} ({rule})."
        ).format(
            lab=lab_name(lab.lab),
            value=lab_value(lab.value, lab.unit, lab.lab),
            day=lab.collected_on.isoformat(),
            grade=proposed.grade,
            term=term_name(proposed.term),
            action=proposal_words(proposed.proposal),
            rule=rule_text(proposed.rule),
        )

    def _offer_toxicities(self, pending: list[tuple[Any, Any]]) -> None:
        """Ask, one toxicity at a time, whether to record it now; declining records nothing."""
        if not pending:
            return
        (proposed, lab), rest = pending[0], pending[1:]
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Labs reach a toxicity rule"),
            self._proposal_line(proposed, lab) + "\n\n" + self.tr("Record this toxicity now?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("proposedToxicity")
        box.setTextFormat(Qt.TextFormat.PlainText)
        record = box.addButton(self.tr("Record the toxicity…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Not now"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(record)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(_result: int) -> None:
            if box.clickedButton() is record:
                dialog = self.record_toxicity(
                    prefill=(proposed.term, proposed.grade, lab.collected_on), draft=False
                )
                if dialog is not None:
                    dialog.finished.connect(lambda _r: self._offer_toxicities(rest))
                    return
            self._offer_toxicities(rest)

        box.finished.connect(answered)
        self.context.extras["last_question"] = box
        box.open()

    def _with_draft(self, dialog: Any) -> Any:
        """Open a form with the unsaved input kept for this user (an idle lock, another user signing in);
        the draft is dropped once the form's work is saved."""
        store = self.context.drafts()
        key = dialog.draft_key()
        draft = store.load(key)
        if draft:
            dialog.restore_draft(draft)
        dialog.accepted.connect(lambda: self.context.drafts().discard(key))
        return self._form(dialog)

    def create_order(self, acknowledgement: str | None = None) -> None:
        """A draft order for the chosen dose visit; soft-limit warnings need an acknowledgement with a reason."""
        chart, visit = self.chart, self.selected_visit()
        if chart is None or visit is None or visit.kind != "dose":
            self._notice(self.tr("Create an order"), self.tr("Choose a dose visit in the calendar first."))
            return
        user, backend, subject_id, label = (
            self.context.require_user(),
            self.context.backend,
            chart.header.subject_id,
            visit.label,
        )

        def failed(exc: BaseException) -> bool:
            from app.dosing.dose import AcknowledgementNeeded

            said = message_of(exc)
            if isinstance(said, Message) and said.template == EXISTING_ORDER:
                self.offer_existing_order(say_error(exc), str(said.params["order"]))
                return True
            if isinstance(exc, AcknowledgementNeeded) and acknowledgement is None:
                reason, ok = QInputDialog.getText(
                    self,
                    self.tr("Acknowledge the warning"),
                    say_error(exc) + "\n\n" + self.tr("Reason to go on:"),
                )
                if ok and reason.strip():
                    self.create_order(reason.strip())
                return True
            return False

        def created(order: Any) -> None:
            self.context.extras["last_order"] = order
            self.reload()
            self.confirm(
                self.tr(
                    "Order {number} made for {visit}, as a draft: it is prescribed on the Orders screen."
                ).format(number=order.order_number, visit=label)
            )

        self.context.runner.run(
            lambda: backend.create_order(user, subject_id, label, acknowledgement),
            on_success=created,
            on_failure=failed,
            parent=self,
        )

    def offer_existing_order(self, said: str, order_number: str) -> QMessageBox:
        """The visit has an order already: say so, and offer to open it (on the Orders screen)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Create an order"),
            said,
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setObjectName("existingOrder")
        opener = getattr(self.window(), "open_order", None)
        if callable(opener):
            button = box.addButton(
                self.tr("Open order {number}").format(number=order_number), QMessageBox.ButtonRole.AcceptRole
            )
            button.clicked.connect(lambda: opener(order_number))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.context.extras["last_dialog"] = box
        box.open()
        return box

    def book_selected(self) -> BookVisitDialog | None:
        chart, visit = self.chart, self.selected_visit()
        if chart is None or not may(self.context.user, "book_visit"):
            return None
        if visit is None or not visit.is_open:
            self._notice(
                self.tr("Book a visit"), self.tr("Choose a visit still to happen in the calendar first.")
            )
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
            subject=self._subject_words(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(self.reload)
        dialog.accepted.connect(
            lambda: self.confirm(
                self.tr("{visit} booked for {day}.").format(
                    visit=visit.label, day=say(describe_day(dialog.selected_day()))
                )
            )
        )
        dialog.open()
        return dialog

    def confirm(self, text: str) -> None:
        """Say that something was done, where the eye goes next (the window's status line), for a while."""
        self.context.extras["last_confirmation"] = text
        window = self.window()
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 8000)

    def _visit_form(self, key: str) -> tuple[Visit, Any, Any, int] | None:
        chart, visit = self.chart, self.selected_visit()
        if chart is None or visit is None:
            self._notice(self.tr("Visit"), self.tr("Choose a visit in the calendar first."))
            return None
        if not may(self.context.user, key):
            return None
        return visit, self.context.require_user(), self.context.backend, chart.header.subject_id

    def record_visit_done(self) -> DateReasonDialog | None:
        found = self._visit_form("record_visit")
        if found is None:
            return None
        visit, user, backend, subject_id = found
        today = date.today()
        guess = visit.booked if visit.booked is not None and visit.booked <= today else today
        return self._form(
            DateReasonDialog(
                self.context.runner,
                self.tr("{visit} done").format(visit=visit.label),
                lambda day, note: backend.record_visit_done(user, subject_id, visit.label, day, note or None),
                self,
                explanation=self.tr("The day {visit} of {subject} actually took place.").format(
                    visit=visit.label, subject=self._subject_words()
                ),
                day=guess,
                latest=today,
                date_label=self.tr("&Done on:"),
                reason_required=False,
            )
        )

    def record_visit_missed(self) -> DateReasonDialog | None:
        found = self._visit_form("record_visit")
        if found is None:
            return None
        visit, user, backend, subject_id = found
        return self._form(
            DateReasonDialog(
                self.context.runner,
                self.tr("{visit} missed").format(visit=visit.label),
                lambda _day, reason: backend.record_visit_missed(
                    user, subject_id, visit.label, reason.code, reason.detail
                ),
                self,
                explanation=self.tr(
                    "{visit} of {subject} did not take place and will not be made up. Say why."
                ).format(visit=visit.label, subject=self._subject_words()),
                choices=coded_choices(VISIT_REASON_WORDS, MISSED_CHOICES),
                detail_required=VISIT_DETAIL_REQUIRED,
            )
        )

    def omit_dose(self) -> DateReasonDialog | None:
        found = self._visit_form("omit_dose")
        if found is None:
            return None
        visit, user, backend, subject_id = found
        return self._form(
            DateReasonDialog(
                self.context.runner,
                self.tr("Omit {visit}").format(visit=visit.label),
                lambda _day, reason: backend.omit_dose(user, subject_id, visit.label, reason.code, reason.detail),
                self,
                explanation=self.tr(
                    "{visit} of {subject} will not be given and is not made up later; the next dose keeps its "
                    "day. An open order for it must be cancelled first."
                ).format(visit=visit.label, subject=self._subject_words()),
                choices=coded_choices(VISIT_REASON_WORDS, OMITTED_CHOICES),
                detail_required=VISIT_DETAIL_REQUIRED,
                ok_text=self.tr("Omit the dose"),
            )
        )

    def stop_treatment(self) -> DateReasonDialog | None:
        found = self._subject_form("stop_treatment")
        if found is None:
            return None
        chart, user, backend, subject_id = found
        return self._form(
            DateReasonDialog(
                self.context.runner,
                self.tr("End the treatment of {subject}").format(subject=self._subject_words()),
                lambda day, reason: backend.stop_treatment(
                    user, subject_id, day or date.today(), reason.code, reason.detail
                ),
                self,
                explanation=self.tr(
                    "No dose is given after this decision. The end-of-treatment visit, the safety follow-up "
                    "and the survival follow-up are planned from the decision date; open orders are cancelled."
                ),
                day=date.today(),
                earliest=chart.header.c1d1,
                latest=date.today(),
                date_label=self.tr("&Decided on:"),
                choices=coded_choices(DISPOSITION_WORDS, END_OF_TREATMENT_CHOICES),
                detail_required=DETAIL_REQUIRED,
                ok_text=self.tr("End treatment"),
            )
        )

    def end_follow_up(self) -> DateReasonDialog | None:
        found = self._subject_form("stop_treatment")
        if found is None:
            return None
        chart, user, backend, subject_id = found
        return self._form(
            DateReasonDialog(
                self.context.runner,
                self.tr("End the follow-up of {subject}").format(subject=self._subject_words()),
                lambda day, reason: backend.end_follow_up(
                    user, subject_id, day or date.today(), reason.code, reason.detail
                ),
                self,
                explanation=self.tr("The subject leaves the study; no further visit is planned."),
                day=date.today(),
                earliest=chart.header.treatment_stopped_on,
                latest=date.today(),
                date_label=self.tr("&On:"),
                choices=coded_choices(DISPOSITION_WORDS, END_OF_STUDY_CHOICES),
                detail_required=DETAIL_REQUIRED,
                ok_text=self.tr("End follow-up"),
            )
        )

    # --- toxicities and holds ----------------------------------------------------------------------------

    def selected_toxicity(self) -> ToxicityRow | None:
        index = self.toxicities.currentIndex()
        return self.toxicities_model.record(index.row()) if index.isValid() else None

    def selected_hold(self) -> HoldRow | None:
        index = self.holds.currentIndex()
        return self.holds_model.record(index.row()) if index.isValid() else None

    def select_toxicity(self, term: str) -> bool:
        for row, toxicity in enumerate(self.toxicities_model.records()):
            if toxicity.term == term:
                self.toxicities.selectRow(row)
                return True
        return False

    def select_hold(self, visit_label: str) -> bool:
        for row, hold in enumerate(self.holds_model.records()):
            if hold.visit_label == visit_label:
                self.holds.selectRow(row)
                return True
        return False

    def _enable_toxicity_actions(self) -> None:
        toxicity, hold, user = self.selected_toxicity(), self.selected_hold(), self.context.user
        self.resolve_button.setEnabled(
            toxicity is not None
            and toxicity.resolved is None
            and toxicity.toxicity_id is not None
            and may(user, "resolve_toxicity")
        )
        self.end_hold_button.setEnabled(hold is not None and hold.is_open and may(user, "resolve_toxicity"))

    def resolve_toxicity(self) -> DateReasonDialog | None:
        chart, toxicity = self.chart, self.selected_toxicity()
        if chart is None or toxicity is None or toxicity.toxicity_id is None or toxicity.resolved is not None:
            return None
        user, backend, toxicity_id = self.context.require_user(), self.context.backend, toxicity.toxicity_id
        holds = [h for h in chart.holds if h.toxicity_id == toxicity_id and h.is_open]
        explanation = self.tr("{term} (grade {grade}, onset {onset}) resolved.").format(
            term=term_name(toxicity.term), grade=toxicity.grade, onset=toxicity.onset.isoformat()
        )
        if holds:
            explanation += " " + self.tr("The hold on %n dose(s) ends that day: ", "", len(holds))
            explanation += ", ".join(h.visit_label for h in holds) + "."
        return self._form(
            DateReasonDialog(
                self.context.runner,
                self.tr("Toxicity resolved"),
                lambda day, note: backend.resolve_toxicity(
                    user, toxicity_id, day or date.today(), note or None
                ),
                self,
                explanation=explanation,
                day=date.today(),
                earliest=toxicity.onset,
                latest=date.today(),
                date_label=self.tr("Resolved &on:"),
                reason_required=False,
            )
        )

    def end_hold(self) -> DateReasonDialog | None:
        hold = self.selected_hold()
        if hold is None or not hold.is_open:
            return None
        user, backend, hold_id = self.context.require_user(), self.context.backend, hold.hold_id
        return self._form(
            DateReasonDialog(
                self.context.runner,
                self.tr("End the hold on {visit}").format(visit=hold.visit_label),
                lambda day, reason: backend.end_hold(user, hold_id, day or date.today(), reason),
                self,
                explanation=self.tr(
                    "The criteria to resume are met (for example the grade has come down): treatment may go on."
                ),
                day=date.today(),
                earliest=hold.start,
                latest=date.today(),
                date_label=self.tr("Ended &on:"),
                ok_text=self.tr("End the hold"),
            )
        )

    def record_toxicity(
        self, prefill: tuple[str, int, date] | None = None, *, draft: bool = True
    ) -> RecordToxicityDialog | None:
        """The toxicity form; `prefill` (CTCAE term, grade, onset) starts it from a graded lab, without the
        draft of another toxicity."""
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
        saved = self.context.drafts().load(dialog.draft_key()) if draft and prefill is None else None
        if saved:
            dialog.restore_draft(saved)
        if prefill is not None:
            dialog.prefill(*prefill)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.context.drafts().discard(dialog.draft_key()))
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog
