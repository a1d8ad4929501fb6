"""The steps of an infusion order, opened from any screen that shows orders (Orders, Today).

`OrderSteps(context, parent).open(step, order)` opens the step's dialog for an `OrderRow` of the services and
calls `done(order)` with the order as it is afterwards. `next_step(user, order)` is the step the worklist offers
on an order's row: what it waits for, if the signed-in user may do it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.protocol import load_protocol
from app.ui.context import AppContext
from app.ui.session import SignedInUser, may

# Steps that take an order on (their action keys in session.ACTION_ROLES), by what it waits for.
_WAITING: dict[str, str] = {
    "draft": "prescribe",
    "prescribed": "verify",
    "verified": "prepare",
    "prepared": "check",
    "checked": "start",
    "started": "stop",
}


def step_text(step: str) -> str:
    """The button that takes the step, in the window's language."""
    words = {
        "prescribe": QCoreApplication.translate("OrderSteps", "Prescribe…"),
        "verify": QCoreApplication.translate("OrderSteps", "Verify blind…"),
        "prepare": QCoreApplication.translate("OrderSteps", "Prepare…"),
        "check": QCoreApplication.translate("OrderSteps", "Check the bag…"),
        "remake": QCoreApplication.translate("OrderSteps", "Make the bag again…"),
        "start": QCoreApplication.translate("OrderSteps", "Start the infusion…"),
        "stop": QCoreApplication.translate("OrderSteps", "End the infusion…"),
        "interrupt": QCoreApplication.translate("OrderSteps", "Pause…"),
        "resume": QCoreApplication.translate("OrderSteps", "Running again"),
        "reaction": QCoreApplication.translate("OrderSteps", "Infusion reaction…"),
        "cancel_order": QCoreApplication.translate("OrderSteps", "Cancel the order…"),
    }
    return words.get(step, step)


def waiting_step(order: Any) -> str | None:
    """What the order waits for: its next step, "remake" for a bag past its use-before time, None when done."""
    step = _WAITING.get(order.status)
    if step in ("check", "start") and order.expired:
        return "remake"
    return step


def next_step(user: SignedInUser | None, order: Any) -> str | None:
    """The step `user` may take on `order` now (None: nothing for them). A pharmacist who made, prescribed or
    verified an order is not offered the step the separation of duties keeps from them (the service refuses it
    in any case)."""
    step = waiting_step(order)
    if step is None or not may(user, step):
        return None
    name = user.full_name if user is not None else None
    if step == "verify" and not order.blinded:
        return None  # they made or prescribed it: another pharmacist verifies it
    if step == "prescribe" and order.blinded:
        return None  # they may still verify it: they do not prescribe what they cannot see
    if step in ("prepare", "remake") and name is not None and name == order.verified_by:
        return None
    if step == "check" and name is not None and name == order.prepared_by:
        return None
    return step


def criterion_line(item: Any) -> str:
    """One criterion to treat, checked, in the window's language ("✓ Neutrophils 2.4 ×10⁹/L (limit …)")."""
    from app.ui.words import graded_value, lab_name, say

    line = QCoreApplication.translate("OrderSteps", "{mark} {lab} {value} (limit {limit})").format(
        mark="✓" if item.met else "✗",
        lab=lab_name(item.lab),
        value=graded_value(item.value, item.unit, item.grade, item.lab),
        limit=say(item.limit),
    )
    if not item.met and item.reason:
        line += " — " + say(item.reason)
    return line


def unmet_criteria(view: Any) -> list[str]:
    """The criteria to treat not met, one line each; none when all are met, or when they cannot be told at all
    (`problem`: no reason would let the order through, the service's refusal says why)."""
    if view.problem or view.met:
        return []
    return [criterion_line(item) for item in view.items if not item.met]


class OrderSteps:
    """Opens the dialogs of an order's steps for the signed-in user; `done(order)` after each one."""

    def __init__(self, context: AppContext, parent: QWidget, done: Callable[[Any], None]) -> None:
        self.context = context
        self.parent = parent
        self.done = done

    def _show(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.done(dialog.result_value))
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def _weigh(self, order: Any) -> bool:
        try:
            return load_protocol(order.protocol_id).order_checks.weigh_bag
        except Exception:
            return False

    def open(self, step: str, order: Any) -> Any:
        """Open `step`'s dialog for `order` (some steps fetch what they need first; the dialog then follows)."""
        opener = getattr(self, f"_{step}", None)
        if opener is None:
            raise KeyError(step)
        return opener(order)

    def _prescribe(self, order: Any) -> None:
        """The investigator's signature; when the order's criteria to treat are not met (as found now, or at
        signing), the dialog lists them and asks the reason to prescribe anyway."""
        backend = self.context.backend
        self.context.runner.run(
            lambda: backend.visit_criteria(order.visit_id, order.visit_label, order.planned_date),
            on_success=lambda view: self.prescribe_dialog(order, unmet_criteria(view)),
            parent=self.parent,
        )

    def prescribe_dialog(self, o: Any, unmet: list[str]) -> Any:
        from app.dosing.format import format_quantity
        from app.ui.dialogs.esign import ESignatureDialog, SignOverride

        user, backend = self.context.require_user(), self.context.backend
        record = QCoreApplication.translate(
            "OrderSteps", "Order {number}: {final} for subject {subject}, {visit}"
        ).format(
            number=o.order_number,
            final=format_quantity(o.final_dose_mg, "mg") if o.final_dose_mg is not None else "—",
            subject=o.subject_number,
            visit=o.visit_label,
        )
        order_id, visit_id, visit_label, planned = o.id, o.visit_id, o.visit_label, o.planned_date
        override = SignOverride(
            title=QCoreApplication.translate(
                "OrderSteps", "The criteria to treat of {visit} on {day} are not met:"
            ).format(visit=visit_label, day=planned.isoformat()),
            prompt=QCoreApplication.translate(
                "OrderSteps",
                "Prescribe although the criteria to treat are not met — reason (recorded and printed on the order)",
            ),
            sign=lambda pw, reason: backend.prescribe(user, order_id, pw, reason),
            unmet=unmet,
            recheck=lambda: unmet_criteria(backend.visit_criteria(visit_id, visit_label, planned)),
        )
        return self._show(
            ESignatureDialog(
                self.context.runner,
                user,
                "prescribed",
                record,
                lambda pw: backend.prescribe(user, order_id, pw),
                self.parent,
                override=override,
            )
        )

    def _verify(self, order: Any) -> None:
        from app.ui.dialogs.orders import VerifyDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id

        def opened(task: Any) -> None:
            self._show(
                VerifyDialog(
                    self.context.runner,
                    task,
                    lambda pw, weight, level, dose, volume: backend.verify(
                        user, order_id, pw, weight, level, dose, volume
                    ),
                    self.parent,
                )
            )

        self.context.runner.run(
            lambda: backend.verification_task(order_id, user), on_success=opened, parent=self.parent
        )

    def _prepare(self, order: Any, remake: bool = False) -> None:
        from app.ui.dialogs.prepare import PrepareDialog, RemakeDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        weigh = self._weigh(order)

        def opened(choices: Any) -> None:
            if remake:
                self._show(
                    RemakeDialog(
                        self.context.runner,
                        order,
                        choices,
                        lambda pw, reason, note, lots, when, fridge, tare: backend.remake(
                            user, order_id, pw, reason, note, lots, when, fridge, tare
                        ),
                        self.parent,
                        weigh=weigh,
                    )
                )
                return
            self._show(
                PrepareDialog(
                    self.context.runner,
                    order,
                    choices,
                    lambda pw, lots, when, fridge, tare: backend.prepare(
                        user, order_id, pw, lots, when, fridge, tare
                    ),
                    self.parent,
                    weigh=weigh,
                )
            )

        vials = int(order.vials or 0)
        self.context.runner.run(
            lambda: backend.preparation_choices(order.protocol_id, vials),
            on_success=opened,
            parent=self.parent,
        )

    def _remake(self, order: Any) -> None:
        self._prepare(order, remake=True)

    def _check(self, order: Any) -> Any:
        from app.ui.dialogs.orders import CheckDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        return self._show(
            CheckDialog(
                self.context.runner,
                order,
                lambda pw, confirmed, weighed: backend.check(user, order_id, pw, confirmed, weighed),
                self.parent,
                weigh=self._weigh(order),
            )
        )

    def _start(self, order: Any) -> Any:
        from app.ui.dialogs.orders import StartDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        return self._show(
            StartDialog(
                self.context.runner,
                order,
                lambda pw, bag, subject, when: backend.start_infusion(user, order_id, pw, bag, subject, when),
                self.parent,
            )
        )

    def _stop(self, order: Any) -> Any:
        from app.ui.dialogs.orders import StopDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        return self._show(
            StopDialog(
                self.context.runner,
                order,
                lambda pw, end, volume, reason, note: backend.stop_infusion(
                    user, order_id, pw, end, volume, reason, note
                ),
                self.parent,
            )
        )

    def _interrupt(self, order: Any) -> Any:
        from app.ui.dialogs.orders import InterruptionDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        return self._show(
            InterruptionDialog(
                self.context.runner,
                order,
                lambda why, start, end: backend.record_interruption(user, order_id, why, start, end),
                self.parent,
            )
        )

    def _resume(self, order: Any) -> None:
        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        self.context.runner.run(
            lambda: backend.end_interruption(user, order_id, None), on_success=self.done, parent=self.parent
        )

    def _reaction(self, order: Any) -> Any:
        from app.ui.dialogs.orders import ReactionDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        return self._show(
            ReactionDialog(
                self.context.runner,
                order,
                lambda note, grade, at: backend.record_reaction(user, order_id, note, grade, at),
                self.parent,
            )
        )

    def _cancel_order(self, order: Any) -> Any:
        from app.ui.dialogs.orders import CancelDialog

        user, backend, order_id = self.context.require_user(), self.context.backend, order.id
        return self._show(
            CancelDialog(
                self.context.runner,
                order,
                lambda pw, reason, detail: backend.cancel_order(user, order_id, pw, reason, detail),
                self.parent,
            )
        )

    def refuse(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)


__all__ = ["OrderSteps", "criterion_line", "next_step", "step_text", "unmet_criteria", "waiting_step"]
