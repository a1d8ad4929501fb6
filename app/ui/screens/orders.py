"""Orders: the infusion orders with every figure, and each signed step — prescribe, verify blind, prepare, check
the bag, start and stop at the bedside — or cancel with a reason; a bag past its use-before time is made again
from here. The order sheet and the bag label preview and print from here.

An order awaiting a verification the signed-in user may still do shows no figure anywhere (the services
withhold them: `OrderRow.blinded`), and its sheet prints blind.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_percent, format_quantity
from app.dosing.order_codes import cancel_reason_words
from app.ui.context import AppContext
from app.ui.models.records import RecordTableModel
from app.ui.order_steps import OrderSteps, criterion_line, next_step, step_text, unmet_criteria
from app.ui.paper import PaperLanguageCombo
from app.ui.screens.base import Screen
from app.ui.session import may
from app.ui.views import CriteriaView, CriterionRow
from app.ui.widgets import subject_label
from app.ui.words import say

EXPIRED_COLOUR = QColor("#b00020")
SOON_COLOUR = QColor("#9a4a00")


def order_status_text(status: str) -> str:
    words = {
        "draft": QCoreApplication.translate("OrdersScreen", "draft"),
        "prescribed": QCoreApplication.translate("OrdersScreen", "prescribed"),
        "verified": QCoreApplication.translate("OrdersScreen", "verified"),
        "prepared": QCoreApplication.translate("OrdersScreen", "prepared, to check"),
        "checked": QCoreApplication.translate("OrdersScreen", "checked, to give"),
        "started": QCoreApplication.translate("OrdersScreen", "running"),
        "completed": QCoreApplication.translate("OrdersScreen", "completed"),
        "stopped": QCoreApplication.translate("OrdersScreen", "stopped early"),
        "administered": QCoreApplication.translate("OrdersScreen", "administered"),
        "cancelled": QCoreApplication.translate("OrdersScreen", "cancelled"),
        "superseded": QCoreApplication.translate("OrdersScreen", "superseded"),
    }
    return words.get(status, status)


def use_before_text(state: str | None, minutes: int | None, at: Any) -> str:
    """The bag's use-before time and the time left, or EXPIRED — do not give once it has passed."""
    if state is None or at is None:
        return ""
    if state == "expired":
        return QCoreApplication.translate("OrdersScreen", "EXPIRED — do not give")
    left = max(minutes or 0, 0)
    hours, rest = divmod(left, 60)
    remaining = (
        QCoreApplication.translate("OrdersScreen", "{h} h {m} min").format(h=hours, m=rest)
        if hours
        else QCoreApplication.translate("OrdersScreen", "{m} min").format(m=rest)
    )
    return QCoreApplication.translate("OrdersScreen", "use before {time} ({left} left)").format(
        time=at.astimezone().strftime("%H:%M"), left=remaining
    )


def _when(moment: Any) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


def _colour(order: Any) -> QColor | None:
    if order.use_before_state == "expired":
        return EXPIRED_COLOUR
    if order.use_before_state == "soon":
        return SOON_COLOUR
    return None


class OrdersScreen(Screen):
    key = "orders"

    STEP_KEYS = ("prescribe", "verify", "prepare", "check", "remake", "start", "interrupt", "resume",
                 "reaction", "stop", "cancel_order")  # fmt: skip

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model: RecordTableModel[Any] = RecordTableModel(
            [
                (self.tr("Order"), lambda o: o.order_number),
                (self.tr("Subject"), lambda o: subject_label(o.subject_number, o.initials)),
                (self.tr("Visit"), lambda o: o.visit_label),
                (self.tr("Planned"), lambda o: o.planned_date.isoformat()),
                (self.tr("Status"), lambda o: order_status_text(o.display_status)),
                (
                    self.tr("Use before"),
                    lambda o: use_before_text(o.use_before_state, o.use_before_minutes, o.beyond_use_at),
                ),
            ],
            self,
            colour=_colour,
        )
        self.steps = OrderSteps(context, self, lambda row: self.refresh(select=row.id if row else None))
        self.open_only = QCheckBox(self.tr("Open orders only"), self)
        self.open_only.setObjectName("openOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.table = QTableView(self)
        self.table.setObjectName("orders")
        self.table.setAccessibleName(self.tr("Orders"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.table.doubleClicked.connect(self._open_subject)
        self.detail = QLabel(self)
        self.detail.setObjectName("orderDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.criteria = QLabel(self)
        self.criteria.setObjectName("orderCriteria")
        self.criteria.setWordWrap(True)
        self.criteria.setTextFormat(Qt.TextFormat.PlainText)
        self.criteria.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.criteria.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.criteria_view: CriteriaView | None = None

        steps_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key in self.STEP_KEYS:
            button = QPushButton(step_text(key), self)
            button.setObjectName(key)
            button.clicked.connect(lambda _checked=False, key=key: self.take(key))
            steps_row.addWidget(button)
            self.buttons[key] = button
        steps_row.addStretch(1)
        paper_row = QHBoxLayout()
        for key, text, slot in (
            ("preview_order", self.tr("Order sheet…"), self.preview_order),
            ("preview_label", self.tr("Bag label…"), self.preview_label),
        ):
            button = QPushButton(text, self)
            button.setObjectName(key)
            button.clicked.connect(slot)
            paper_row.addWidget(button)
            self.buttons[key] = button
        self.paper_language = PaperLanguageCombo(context.runner, context.backend, self)
        paper_row.addWidget(QLabel(self.tr("Printed in:"), self))
        paper_row.addWidget(self.paper_language)
        paper_row.addStretch(1)

        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.open_only)
        column.addWidget(self.table, 1)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.detail, 1)
        column.addWidget(self.criteria)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(steps_row)
        layout.addLayout(paper_row)
        self.order: Any = None
        self.pending_number: str | None = None  # the order to select once the list is read (from a chart)
        self._enable()

    def title(self) -> str:
        return self.tr("Orders")

    def activate(self) -> None:
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        backend, only_open, viewer = self.context.backend, self.open_only.isChecked(), self.context.user
        keep = select if select is not None else (self.order.id if self.order is not None else None)
        wanted, self.pending_number = self.pending_number, None

        def loaded(orders: list[Any]) -> None:
            self.model.set_records(orders)
            self.order = None
            for row in range(self.model.rowCount()):
                record = self.model.record(row)
                if record.id == keep if wanted is None else record.order_number == wanted:
                    self.table.selectRow(row)
                    break
            if self.order is None:
                self._show(None)

        self.context.runner.run(
            lambda: backend.list_orders(only_open, viewer), on_success=loaded, parent=self
        )

    def show_order(self, order_number: str) -> None:
        """Read the orders again and select `order_number` (opened from a chart)."""
        self.pending_number = order_number
        self.refresh()

    def select_order(self, order_number: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.record(row).order_number == order_number:
                self.table.selectRow(row)
                return True
        return False

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.record(current.row()) if current.isValid() else None)

    def _open_subject(self, index: QModelIndex) -> None:
        self.subject_requested.emit(self.model.record(index.row()).subject_id)

    # --- the detail --------------------------------------------------------------------------------------

    def blind(self, order: Any) -> bool:
        """The order's figures are withheld from this user: it awaits a verification they may still do."""
        return bool(getattr(order, "blinded", False))

    def _show(self, order: Any) -> None:
        self.order = order
        self.detail.setText(self.describe(order) if order is not None else self.tr("Choose an order."))
        self._enable()
        self._load_criteria(order)

    def _load_criteria(self, order: Any) -> None:
        """The criteria to treat of the order's visit on its planned day, each value with its CTCAE grade."""
        self.criteria_view = None
        if order is None or order.status not in ("draft", "prescribed", "verified", "prepared", "checked"):
            self.criteria.setText("")
            return
        self.criteria.setText(self.tr("Checking the criteria to treat…"))
        backend = self.context.backend

        def loaded(view: CriteriaView) -> None:
            if self.order is not order:  # another order was chosen meanwhile
                return
            self.criteria_view = view
            self.criteria.setText(self.describe_criteria(view))

        self.context.runner.run(
            lambda: backend.visit_criteria(order.visit_id, order.visit_label, order.planned_date),
            on_success=loaded,
            parent=self,
        )

    def describe_criteria(self, view: CriteriaView) -> str:
        if view.problem:
            return self.tr("Criteria to treat: {problem}").format(problem=view.problem)
        day = view.dose_date.isoformat() if view.dose_date is not None else "—"
        if view.met:
            first = self.tr("Criteria to treat on {day}: met")
        elif view.awaiting_labs:
            first = self.tr("Criteria to treat on {day}: awaiting labs")
        else:
            first = self.tr("Criteria to treat on {day}: NOT met")
        lines = [first.format(day=day)]
        lines += [self.criterion_line(item) for item in view.items]
        return "\n".join(lines)

    def criterion_line(self, item: CriterionRow) -> str:
        return criterion_line(item)

    def unmet_criteria(self, view: CriteriaView) -> list[str]:
        return unmet_criteria(view)

    def describe(self, o: Any) -> str:
        lines = [
            self.tr("Order {number} · {status}").format(
                number=o.order_number, status=order_status_text(o.display_status)
            ),
            self.tr("Subject {number} ({initials}, born {birth}) · {visit} planned {day}").format(
                number=o.subject_number,
                initials=o.initials,
                birth=o.birth_date.isoformat(),
                visit=o.visit_label,
                day=o.planned_date.isoformat(),
            ),
            self.tr("Allergies: {allergies}").format(allergies=o.allergies)
            if o.allergies
            else self.tr("No known allergies"),
            self.tr("Protocol {id} {version}{unconfirmed}").format(
                id=o.protocol_id,
                version=o.protocol_version,
                unconfirmed="" if o.protocol_signed_off else " " + self.tr("(not signed off)"),
            ),
            "",
            self.tr("Weight {weight} measured {day} ({change} from baseline {baseline})").format(
                weight=format_quantity(o.weight_kg, "kg"),
                day=o.weight_measured_on.isoformat(),
                change=format_percent(o.weight_change_percent),
                baseline=format_quantity(o.baseline_weight_kg, "kg"),
            ),
        ]
        if self.blind(o):
            lines.append(
                self.tr("Dose level {level}").format(level=format_quantity(o.dose_level_mg_per_kg, "mg/kg"))
            )
            lines.append(
                self.tr(
                    "The figures are hidden until you verify: recompute the dose blind from the weight and the "
                    "dose level (Verify blind…)."
                )
            )
        else:
            lines += [
                self.tr("Dose level {level}; calculated dose {calculated}; final dose {final}").format(
                    level=format_quantity(o.dose_level_mg_per_kg, "mg/kg"),
                    calculated=format_quantity(o.calculated_dose_mg, "mg"),
                    final=format_quantity(o.final_dose_mg, "mg"),
                ),
                self.tr("{vials} vial(s); draw {volume} at {concentration}; waste {waste}").format(
                    vials=o.vials,
                    volume=format_quantity(o.volume_to_draw_ml, "mL"),
                    concentration=format_quantity(o.concentration_mg_per_ml, "mg/mL"),
                    waste=format_quantity(o.waste_mg, "mg"),
                ),
                self.tr("Bag {bag}; final concentration {final}; infusion {minutes}").format(
                    bag=format_quantity(o.bag_volume_ml, "mL"),
                    final=format_quantity(o.final_concentration_mg_per_ml, "mg/mL", 2),
                    minutes=format_quantity(o.infusion_minutes, "min"),
                ),
            ]
        if o.reduction_reason:
            lines.append(self.tr("Reduced: {reason}").format(reason=say(o.reduction_reason)))
        if o.criteria_override:
            lines.append(
                self.tr("⚠ Prescribed although the criteria to treat were not met: {reason}").format(
                    reason=o.criteria_override
                )
            )
        lines += [f"⚠ {say(w)}" for w in o.warnings]
        lines += self.describe_bags(o)
        lines += self.describe_bedside(o)
        lines.append("")
        lines += self.describe_signers(o)
        if o.cancel_reason_code or o.cancel_reason:
            why = say(cancel_reason_words(o.cancel_reason_code)) if o.cancel_reason_code else ""
            detail = say(o.cancel_reason) if o.cancel_reason else ""
            lines.append(
                self.tr("Cancelled by {who}: {reason}").format(
                    who=o.cancelled_by or "?", reason=" — ".join(part for part in (why, detail) if part)
                )
            )
        return "\n".join(lines)

    def describe_bags(self, o: Any) -> list[str]:
        lines: list[str] = []
        for lot in o.lots:
            lines.append(
                self.tr("Lot {lot} (expires {expiry}): {vials} vial(s), {volume} drawn").format(
                    lot=lot.lot_number,
                    expiry=lot.expiry.isoformat(),
                    vials=lot.vials,
                    volume=format_quantity(lot.volume_drawn_ml, "mL"),
                )
            )
        if o.beyond_use_at is not None:
            shown = use_before_text(o.use_before_state, o.use_before_minutes, o.beyond_use_at)
            lines.append(
                self.tr("Use before {when}").format(when=_when(o.beyond_use_at))
                + (f" — {shown}" if shown else "")
            )
        for bag in o.bags:
            if bag.wasted_at is not None:
                lines.append(
                    self.tr("Bag {bag} (prepared {when}) wasted {wasted}").format(
                        bag=bag.number, when=_when(bag.prepared_at), wasted=_when(bag.wasted_at)
                    )
                )
        return lines

    def describe_bedside(self, o: Any) -> list[str]:
        lines: list[str] = []
        if o.started_at is not None and o.ended_at is None:
            lines.append(self.tr("Running since {start}; due to end {end}").format(
                start=_when(o.started_at), end=_when(o.planned_end)))  # fmt: skip
        for event in o.events:
            if event.kind == "interruption":
                lines.append(
                    self.tr("Paused {start} to {end}: {why}").format(
                        start=_when(event.at), end=_when(event.until) if event.until else "…", why=event.note
                    )
                )
            else:
                lines.append(
                    self.tr("⚠ Infusion reaction at {when}: {what}").format(
                        when=_when(event.at), what=event.note
                    )
                )
        if o.volume_given_ml is not None:
            lines.append(
                self.tr("Given {volume} = {dose}").format(
                    volume=format_quantity(o.volume_given_ml, "mL"),
                    dose=format_quantity(o.dose_given_mg, "mg") if o.dose_given_mg is not None else "—",
                )
            )
        return lines

    def describe_signers(self, o: Any) -> list[str]:
        lines = []
        for who, at, label in (
            (o.created_by, o.created_at, self.tr("Made")),
            (o.prescribed_by, o.prescribed_at, self.tr("Prescribed")),
            (o.verified_by, o.verified_at, self.tr("Verified blind")),
            (o.prepared_by, o.prepared_at, self.tr("Prepared")),
            (o.checked_by, o.checked_at, self.tr("Checked")),
            (o.started_by, o.started_at, self.tr("Started")),
            (o.ended_by, o.ended_at, self.tr("Ended")),
        ):
            if who:
                lines.append(self.tr("{step}: {who} · {when}").format(step=label, who=who, when=_when(at)))
        if o.administered_by:  # recorded in one step, before the bedside steps
            lines.append(
                self.tr("Given by {nurse} (as typed) · {when}; recorded by {who}").format(
                    nurse=o.administered_by,
                    when=_when(o.administration_started_at),
                    who=o.administration_recorded_by or "—",
                )
            )
        return lines

    def _enable(self) -> None:
        o, user = self.order, self.context.user
        status = o.status if o is not None else None
        offered = next_step(user, o) if o is not None else None
        running = status == "started"
        wanted = {key: False for key in self.STEP_KEYS}
        if offered is not None:
            wanted[offered] = True
        wanted["interrupt"] = running and not o.paused and may(user, "interrupt")
        wanted["resume"] = running and o.paused and may(user, "resume")
        wanted["reaction"] = status in ("started", "completed", "stopped") and may(user, "reaction")
        wanted["remake"] = status in ("prepared", "checked") and may(user, "remake")
        wanted["cancel_order"] = status in ("draft", "prescribed", "verified", "prepared", "checked") and may(
            user, "cancel_order"
        )
        for key in self.STEP_KEYS:
            button = self.buttons[key]
            button.setEnabled(bool(wanted[key]))
            button.setVisible(may(user, key))
        self.buttons["preview_order"].setEnabled(o is not None)
        self.buttons["preview_label"].setEnabled(
            o is not None and status in ("verified", "prepared", "checked", "started", "completed", "stopped")
        )

    # --- the steps ---------------------------------------------------------------------------------------

    def take(self, step: str) -> Any:
        """Open `step`'s dialog for the chosen order."""
        o = self.order
        if o is None:
            return None
        if step == "prescribe":
            return self._prescribe(o)
        return self.steps.open(step, o)

    def _prescribe(self, o: Any) -> Any:
        """The investigator's signature, with the criteria to treat as the detail shows them (checked first
        when they are still being read): when not met, the dialog lists them and asks the reason."""
        if self.criteria_view is None:
            backend = self.context.backend

            def checked(view: CriteriaView) -> None:
                if self.order is o:
                    self.criteria_view = view
                    self.criteria.setText(self.describe_criteria(view))
                    self.steps.prescribe_dialog(o, unmet_criteria(view))

            self.context.runner.run(
                lambda: backend.visit_criteria(o.visit_id, o.visit_label, o.planned_date),
                on_success=checked,
                parent=self,
            )
            return None
        return self.steps.prescribe_dialog(o, unmet_criteria(self.criteria_view))

    # The steps by name (the window's tests and other screens call these).
    def prescribe(self) -> Any:
        return self.take("prescribe")

    def verify(self) -> Any:
        return self.take("verify")

    def prepare(self) -> Any:
        return self.take("prepare")

    def check(self) -> Any:
        return self.take("check")

    def remake(self) -> Any:
        return self.take("remake")

    def start(self) -> Any:
        return self.take("start")

    def stop(self) -> Any:
        return self.take("stop")

    def cancel(self) -> Any:
        return self.take("cancel_order")

    def _preview(self, make: Any, title: str, name: str) -> None:
        from app.ui.paper import preview_document

        preview_document(
            self.context.runner,
            self,
            make,
            title,
            name,
            shown=lambda dialog: self.context.extras.__setitem__("last_preview", dialog),
        )

    def preview_order(self) -> None:
        """The order sheet; printed blind (figures withheld) for a user who may still verify the order."""
        o = self.order
        if o is not None:
            backend, order_id, viewer = self.context.backend, o.id, self.context.user
            language = self.paper_language.language()
            self._preview(
                lambda: backend.order_pdf(order_id, viewer, language),
                self.tr("Order {number}").format(number=o.order_number),
                f"order-{o.order_number}.pdf",
            )

    def preview_label(self) -> None:
        o = self.order
        if o is not None:
            backend, order_id, viewer = self.context.backend, o.id, self.context.user
            language = self.paper_language.language()
            self._preview(
                lambda: backend.label_pdf(order_id, viewer, language),
                self.tr("Bag label {number}").format(number=o.order_number),
                f"label-{o.order_number}.pdf",
            )
