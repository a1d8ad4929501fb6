"""Orders: the infusion orders with every figure, and each signed step — prescribe, verify blind, prepare,
administer — or cancel with a reason; the order and the bag label preview and print from here."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_percent, format_quantity
from app.ui.context import AppContext
from app.ui.dialogs.esign import ESignatureDialog, SignOverride
from app.ui.dialogs.orders import AdministerDialog, VerifyDialog
from app.ui.dialogs.prepare import PrepareDialog
from app.ui.models.records import RecordTableModel
from app.ui.screens.base import Screen
from app.ui.session import may
from app.ui.views import CriteriaView, CriterionRow
from app.ui.widgets import subject_label
from app.ui.words import graded_value, lab_name, say


def order_status_text(status: str) -> str:
    words = {
        "draft": QCoreApplication.translate("OrdersScreen", "draft"),
        "prescribed": QCoreApplication.translate("OrdersScreen", "prescribed"),
        "verified": QCoreApplication.translate("OrdersScreen", "verified"),
        "prepared": QCoreApplication.translate("OrdersScreen", "prepared"),
        "administered": QCoreApplication.translate("OrdersScreen", "administered"),
        "cancelled": QCoreApplication.translate("OrdersScreen", "cancelled"),
        "superseded": QCoreApplication.translate("OrdersScreen", "superseded"),
    }
    return words.get(status, status)


def _when(moment: Any) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


class OrdersScreen(Screen):
    key = "orders"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model: RecordTableModel[Any] = RecordTableModel(
            [
                (self.tr("Order"), lambda o: o.order_number),
                (self.tr("Subject"), lambda o: subject_label(o.subject_number, o.initials)),
                (self.tr("Visit"), lambda o: o.visit_label),
                (self.tr("Planned"), lambda o: o.planned_date.isoformat()),
                (self.tr("Status"), lambda o: order_status_text(o.display_status)),
            ],
            self,
        )
        self.open_only = QCheckBox(self.tr("Open orders only"), self)
        self.open_only.setObjectName("openOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.table = QTableView(self)
        self.table.setObjectName("orders")
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

        actions = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("prescribe", self.tr("Prescribe…"), self.prescribe),
            ("verify", self.tr("Verify…"), self.verify),
            ("prepare", self.tr("Prepare…"), self.prepare),
            ("administer", self.tr("Record the infusion…"), self.administer),
            ("cancel_order", self.tr("Cancel the order…"), self.cancel),
            ("preview_order", self.tr("Order sheet…"), self.preview_order),
            ("preview_label", self.tr("Bag label…"), self.preview_label),
        ):
            button = QPushButton(text, self)
            button.setObjectName(key)
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.buttons[key] = button
        actions.addStretch(1)

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
        layout.addLayout(actions)
        self.order: Any = None
        self._enable()

    def title(self) -> str:
        return self.tr("Orders")

    def activate(self) -> None:
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        backend, only_open = self.context.backend, self.open_only.isChecked()
        keep = select if select is not None else (self.order.id if self.order is not None else None)

        def loaded(orders: list[Any]) -> None:
            self.model.set_records(orders)
            self.order = None
            for row in range(self.model.rowCount()):
                if self.model.record(row).id == keep:
                    self.table.selectRow(row)
                    break
            if self.order is None:
                self._show(None)

        self.context.runner.run(lambda: backend.list_orders(only_open), on_success=loaded, parent=self)

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
        """A prescribed order is shown without its figures to whoever may verify it (blind recomputation)."""
        return order.status == "prescribed" and may(self.context.user, "verify")

    def _show(self, order: Any) -> None:
        self.order = order
        self.detail.setText(self.describe(order) if order is not None else self.tr("Choose an order."))
        self._enable()
        self._load_criteria(order)

    def _load_criteria(self, order: Any) -> None:
        """The criteria to treat of the order's visit on its planned day, each value with its CTCAE grade."""
        self.criteria_view = None
        if order is None or order.status in ("cancelled", "superseded"):
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
        lines = [
            self.tr("Criteria to treat on {day}: met").format(day=day)
            if view.met
            else self.tr("Criteria to treat on {day}: NOT met").format(day=day)
        ]
        lines += [self.criterion_line(item) for item in view.items]
        return "\n".join(lines)

    def criterion_line(self, item: CriterionRow) -> str:
        line = self.tr("{mark} {lab} {value} (limit {limit})").format(
            mark="✓" if item.met else "✗",
            lab=lab_name(item.lab),
            value=graded_value(item.value, item.unit, item.grade, item.lab),
            limit=say(item.limit),
        )
        if not item.met and item.reason:
            line += " — " + say(item.reason)
        return line

    def unmet_criteria(self, view: CriteriaView) -> list[str]:
        """The criteria to treat not met, one line each; none when all are met, or when they cannot be told at
        all (`problem`: no reason would let the order through, the service's refusal says why)."""
        if view.problem or view.met:
            return []
        return [self.criterion_line(item) for item in view.items if not item.met]

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
            self.tr("Protocol {id} {version}{unconfirmed}").format(
                id=o.protocol_id,
                version=o.protocol_version,
                unconfirmed="" if o.protocol_signed_off else " " + self.tr("(not signed off)"),
            ),
            "",
        ]
        if self.blind(o):
            lines.append(
                self.tr(
                    "The figures are hidden until you verify: recompute the dose blind from the weight and the "
                    "dose level (Verify…)."
                )
            )
        else:
            lines += [
                self.tr("Weight {weight} measured {day} ({change} from baseline {baseline})").format(
                    weight=format_quantity(o.weight_kg, "kg"),
                    day=o.weight_measured_on.isoformat(),
                    change=format_percent(o.weight_change_percent),
                    baseline=format_quantity(o.baseline_weight_kg, "kg"),
                ),
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
                lines.append(self.tr("Use before {when}").format(when=_when(o.beyond_use_at)))
        lines.append("")
        for who, at, label in (
            (o.prescribed_by, o.prescribed_at, self.tr("Prescribed")),
            (o.verified_by, o.verified_at, self.tr("Verified")),
            (o.prepared_by, o.prepared_at, self.tr("Prepared")),
            (o.administered_by, o.administration_started_at, self.tr("Given")),
        ):
            if who:
                lines.append(self.tr("{step}: {who} · {when}").format(step=label, who=who, when=_when(at)))
        if o.cancel_reason:
            lines.append(
                self.tr("Cancelled by {who}: {reason}").format(
                    who=o.cancelled_by or "?", reason=say(o.cancel_reason)
                )
            )
        return "\n".join(lines)

    def _enable(self) -> None:
        o, user = self.order, self.context.user
        status = o.status if o is not None else None
        wanted = {
            "prescribe": status == "draft" and may(user, "prescribe"),
            "verify": status == "prescribed" and may(user, "verify"),
            "prepare": status == "verified" and may(user, "prepare"),
            "administer": status == "prepared" and may(user, "administer"),
            "cancel_order": status in ("draft", "prescribed", "verified", "prepared")
            and may(user, "cancel_order"),
            "preview_order": o is not None and not self.blind(o),
            "preview_label": o is not None and status in ("verified", "prepared", "administered"),
        }
        for key, button in self.buttons.items():
            button.setEnabled(bool(wanted[key]))
            if key in ("prescribe", "verify", "prepare", "administer", "cancel_order"):
                button.setVisible(may(user, key))

    # --- the steps ---------------------------------------------------------------------------------------

    def _after(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.refresh(select=dialog.result_value.id))
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def prescribe(self) -> Any:
        """The investigator's signature; when the order's criteria to treat are not met (as the detail shows
        them, or as found at signing), the dialog lists them and asks the reason to prescribe anyway."""
        o = self.order
        if o is None or o.status != "draft":
            return None
        if self.criteria_view is None:  # still being checked: check, then open
            backend = self.context.backend

            def checked(view: CriteriaView) -> None:
                if self.order is o:
                    self.criteria_view = view
                    self.criteria.setText(self.describe_criteria(view))
                    self.prescribe()

            self.context.runner.run(
                lambda: backend.visit_criteria(o.visit_id, o.visit_label, o.planned_date),
                on_success=checked,
                parent=self,
            )
            return None
        return self._after(self._prescribe_dialog(o, self.unmet_criteria(self.criteria_view)))

    def _prescribe_dialog(self, o: Any, unmet: list[str]) -> ESignatureDialog:
        user, backend = self.context.require_user(), self.context.backend
        record = self.tr("Order {number}: {final} for subject {subject}, {visit}").format(
            number=o.order_number,
            final=format_quantity(o.final_dose_mg, "mg"),
            subject=o.subject_number,
            visit=o.visit_label,
        )
        order_id, visit_id, visit_label, planned = o.id, o.visit_id, o.visit_label, o.planned_date
        override = SignOverride(
            title=self.tr("The criteria to treat of {visit} on {day} are not met:").format(
                visit=visit_label, day=planned.isoformat()
            ),
            prompt=self.tr(
                "Prescribe although the criteria to treat are not met — reason (recorded and printed on the order)"
            ),
            sign=lambda pw, reason: backend.prescribe(user, order_id, pw, reason),
            unmet=unmet,
            recheck=lambda: self.unmet_criteria(backend.visit_criteria(visit_id, visit_label, planned)),
        )
        return ESignatureDialog(
            self.context.runner,
            user,
            "prescribed",
            record,
            lambda pw: backend.prescribe(user, order_id, pw),
            self,
            override=override,
        )

    def verify(self) -> None:
        o = self.order
        if o is None or o.status != "prescribed":
            return
        user, backend, order_id = self.context.require_user(), self.context.backend, o.id

        def opened(task: Any) -> None:
            self._after(
                VerifyDialog(
                    self.context.runner,
                    task,
                    lambda pw, weight, level, dose, volume: backend.verify(
                        user, order_id, pw, weight, level, dose, volume
                    ),
                    self,
                )
            )

        self.context.runner.run(lambda: backend.verification_task(order_id), on_success=opened, parent=self)

    def prepare(self) -> None:
        """The preparation form, opened with the lots in stock and the first-expiry-first-out suggestion."""
        o = self.order
        if o is None or o.status != "verified":
            return
        user, backend, order_id = self.context.require_user(), self.context.backend, o.id

        def opened(choices: Any) -> None:
            self._after(
                PrepareDialog(
                    self.context.runner,
                    o,
                    choices,
                    lambda pw, lots, when, fridge: backend.prepare(user, order_id, pw, lots, when, fridge),
                    self,
                )
            )

        self.context.runner.run(
            lambda: backend.preparation_choices(o.protocol_id, int(o.vials)), on_success=opened, parent=self
        )

    def administer(self) -> Any:
        o = self.order
        if o is None or o.status != "prepared":
            return None
        user, backend, order_id = self.context.require_user(), self.context.backend, o.id
        return self._after(
            AdministerDialog(
                self.context.runner,
                o,
                lambda pw, start, end, nurse: backend.administer(user, order_id, pw, start, end, nurse),
                self,
            )
        )

    def cancel(self) -> None:
        o = self.order
        if o is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Cancel the order"),
            self.tr("Why is order {number} cancelled?").format(number=o.order_number),
        )
        if ok and reason.strip():
            self.cancel_with(reason.strip())

    def cancel_with(self, reason: str) -> None:
        o = self.order
        if o is None:
            return
        user, backend, order_id = self.context.require_user(), self.context.backend, o.id
        self.context.runner.run(
            lambda: backend.cancel_order(user, order_id, reason),
            on_success=lambda row: self.refresh(select=row.id),
            parent=self,
        )

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
        o = self.order
        if o is not None and not self.blind(o):
            backend, order_id = self.context.backend, o.id
            self._preview(
                lambda: backend.order_pdf(order_id),
                self.tr("Order {number}").format(number=o.order_number),
                f"order-{o.order_number}.pdf",
            )

    def preview_label(self) -> None:
        o = self.order
        if o is not None:
            backend, order_id = self.context.backend, o.id
            self._preview(
                lambda: backend.label_pdf(order_id),
                self.tr("Bag label {number}").format(number=o.order_number),
                f"label-{o.order_number}.pdf",
            )
