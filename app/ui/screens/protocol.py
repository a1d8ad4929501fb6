"""Protocol: the active protocol's parameters, unconfirmed values highlighted, and the sign-off (an
investigator's and a pharmacist's approvals)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.protocol import Protocol, load_protocol
from app.ui.context import AppContext
from app.ui.dialogs.esign import ESignatureDialog
from app.ui.dialogs.protocol_review import ProtocolReviewDialog
from app.ui.main_window import role_title
from app.ui.models.protocol import ProtocolModel
from app.ui.screens.base import Screen
from app.ui.session import may
from app.ui.views import ProtocolStatus
from app.ui.widgets import heading

TRIAL_PROTOCOL = "nct07343453"


class ProtocolScreen(Screen):
    key = "protocol"

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, protocol_id: str = TRIAL_PROTOCOL
    ) -> None:
        super().__init__(context, parent)
        self.protocol: Protocol = load_protocol(protocol_id)
        self.status: ProtocolStatus | None = None
        self.model = ProtocolModel(self)
        self.model.set_protocol(self.protocol)
        self.title_label = heading(
            self.tr("{title} — version {version}").format(
                title=self.protocol.registry, version=self.protocol.version
            ),
            self,
        )
        subtitle = QLabel(self.protocol.title, self)
        subtitle.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setObjectName("signOffState")
        self.state.setWordWrap(True)
        self.only_unconfirmed = QCheckBox(self.tr("Show only unconfirmed values"), self)
        self.only_unconfirmed.setObjectName("onlyUnconfirmed")
        self.only_unconfirmed.toggled.connect(self.model.set_only_unconfirmed)
        self.table = QTableView(self)
        self.table.setObjectName("parameters")
        self.table.setAccessibleName(self.tr("Protocol values"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.sign_button = QPushButton(self.tr("Review done: approve this version…"), self)
        self.sign_button.setObjectName("signOff")
        self.sign_button.clicked.connect(self.sign_off)
        self.sign_button.setVisible(may(context.user, "sign_protocol"))
        self.count = QLabel(
            self.tr("%n value(s) no public source confirms", "", self.model.unconfirmed_count()), self
        )
        bar = QHBoxLayout()
        bar.addWidget(self.only_unconfirmed)
        bar.addWidget(self.count)
        bar.addStretch(1)
        bar.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(subtitle)
        layout.addWidget(self.state)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._show_status()

    def title(self) -> str:
        return self.tr("Protocol")

    def activate(self) -> None:
        if self.context.backend.supports("protocol_signoff"):
            self.context.runner.run(
                lambda: self.context.backend.protocol_status(self.protocol.id),
                on_success=self._status_loaded,
                parent=self,
            )

    def _status_loaded(self, status: ProtocolStatus) -> None:
        self.status = status
        self._show_status()

    def _show_status(self) -> None:
        status = self.status
        if status is None:
            self.state.setText(self.tr("Sign-off state: not known yet."))
            self.sign_button.setEnabled(False)
            return
        approved = [
            self.tr("Approved by {name} ({roles}) on {when}.").format(
                name=name,
                roles=", ".join(role_title(role) for role in roles),
                when=at.astimezone().strftime("%Y-%m-%d %H:%M"),
            )
            for name, roles, at in status.approvals
        ]
        user = self.context.user
        if status.signed_off_at is not None:
            lines = [
                self.tr("Signed off by {name} on {when}. This version is frozen.").format(
                    name=status.signed_off_by or "?",
                    when=status.signed_off_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                ),
                *approved,
            ]
            self.state.setText("\n".join(lines))
            self.state.setStyleSheet("color: #1b5e20;")
            self.sign_button.setEnabled(False)
            return
        lines = [
            self.tr(
                "Not signed off: values marked unconfirmed are defaults. Orders cannot be finalised until an "
                "investigator (the principal investigator) and a pharmacist have each reviewed them against the "
                "site pharmacy manual and approved this version."
            ),
            *approved,
        ]
        if status.approvals:
            lines.append(
                self.tr("Awaiting the approval of: {roles}.").format(
                    roles=self.tr(" or ").join(role_title(role) for role in status.awaiting)
                )
            )
        already = user is not None and user.user_id in status.approved_by_ids
        self.state.setText("\n".join(lines))
        self.state.setStyleSheet("color: #b00020; font-weight: bold;")
        self.sign_button.setEnabled(not already)

    def sign_off(self) -> QDialog | None:
        """The review of each unconfirmed value first; once every one is confirmed, the e-signature."""
        status = self.status
        if status is None or status.signed_off_at is not None or not may(self.context.user, "sign_protocol"):
            return None
        if not self.model.unconfirmed_count():
            return self.ask_signature()
        review = ProtocolReviewDialog(self.protocol, self)
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        review.accepted.connect(self.ask_signature)
        review.open()
        return review

    def ask_signature(self) -> ESignatureDialog | None:
        status = self.status
        if status is None or status.signed_off_at is not None:
            return None
        user = self.context.require_user()
        backend = self.context.backend
        dialog = ESignatureDialog(
            self.context.runner,
            user,
            "approved",
            self.tr("Protocol {id} version {version} (fingerprint {fingerprint})").format(
                id=self.protocol.id, version=self.protocol.version, fingerprint=self.protocol.fingerprint[:12]
            ),
            lambda password: backend.sign_off_protocol(user, status.version_id, password),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self._status_loaded(dialog.result_value))
        dialog.open()
        return dialog
