"""Admin: users and roles, and backups."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_number
from app.errors import DoseDeskError
from app.ui.context import AppContext
from app.ui.main_window import role_title
from app.ui.models.records import RecordTableModel
from app.ui.ops import OpRunner, Progress
from app.ui.screens.base import Screen
from app.ui.screens.site_settings import SiteSettingsPage
from app.ui.session import ROLES, may
from app.ui.views import AuditFilter, AuditRow, UserRow
from app.ui.widgets import DateField, MessageLabel, heading
from app.ui.words import audit_action, audit_record, audit_value, field_name, say, say_error


class UserDialog(QDialog):
    """A new user (name, full name, temporary password, roles) or, given `existing`, that user's roles."""

    def __init__(
        self, runner: OpRunner, save: Any, parent: QWidget | None = None, existing: UserRow | None = None
    ):
        super().__init__(parent)
        self.runner = runner
        self._save = save
        self.existing = existing
        self.result_value: Any = None
        self.setWindowTitle(
            self.tr("Roles of {name}").format(name=existing.full_name) if existing else self.tr("New user")
        )
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("full_name")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role_boxes: dict[str, QCheckBox] = {}
        roles_row = QHBoxLayout()
        for role in ROLES:
            box = QCheckBox(role_title(role), self)
            box.setObjectName(f"role_{role}")
            box.setChecked(existing is not None and role in existing.roles)
            self.role_boxes[role] = box
            roles_row.addWidget(box)
        form = QFormLayout()
        if existing is None:
            form.addRow(self.tr("User name:"), self.username)
            form.addRow(self.tr("Full name (printed on signatures):"), self.full_name)
            form.addRow(self.tr("Temporary password:"), self.password)
        form.addRow(self.tr("Roles:"), roles_row)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def roles(self) -> list[str]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def accept(self) -> None:
        roles = self.roles()
        if self.existing is None:
            values = (
                self.username.text().strip(),
                self.full_name.text().strip(),
                self.password.text(),
                roles,
            )
            op = lambda: self._save(*values)  # noqa: E731
        else:
            user_id = self.existing.user_id
            op = lambda: self._save(user_id, roles)  # noqa: E731
        self.buttons.setEnabled(False)
        self.runner.run(op, on_success=self._saved, on_failure=self._failed, parent=self)

    def _saved(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.result_value = result
        super().accept()

    def _failed(self, exc: BaseException) -> bool:
        self.buttons.setEnabled(True)
        if isinstance(exc, DoseDeskError):
            self.message.show_message(say_error(exc))
            return True
        return False


def _yes(value: bool) -> str:
    return "✓" if value else ""


class AdminScreen(Screen):
    key = "admin"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.users_model: RecordTableModel[UserRow] = RecordTableModel(
            [
                (self.tr("User name"), lambda u: u.username),
                (self.tr("Full name"), lambda u: u.full_name),
                (self.tr("Roles"), lambda u: ", ".join(role_title(r) for r in sorted(u.roles))),
                (self.tr("Active"), lambda u: _yes(u.active)),
                (self.tr("Locked"), lambda u: _yes(u.locked)),
            ],
            self,
        )
        self.users = QTableView(self)
        self.users.setObjectName("users")
        self.users.setAccessibleName(self.tr("Users"))
        self.users.setModel(self.users_model)
        self.users.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.users.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.users.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.users.verticalHeader().setVisible(False)
        self.users.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.users.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        self.add_button = self._button(self.tr("Add a user…"), "addUser", self.add_user, buttons)
        self.roles_button = self._button(self.tr("Change roles…"), "changeRoles", self.change_roles, buttons)
        self.active_button = self._button(
            self.tr("Disable or enable"), "toggleActive", self.toggle_active, buttons
        )
        self.unlock_button = self._button(self.tr("Unlock"), "unlockUser", self.unlock, buttons)
        self.reset_button = self._button(
            self.tr("Reset password…"), "resetPassword", self.reset_password, buttons
        )
        buttons.addStretch(1)
        users_tab = QWidget(self)
        column = QVBoxLayout(users_tab)
        column.addWidget(self.users, 1)
        column.addLayout(buttons)

        self.backup_state = QLabel(self)
        self.backup_state.setObjectName("backupState")
        self.backup_state.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("Back up the database now…"), self)
        self.backup_button.setObjectName("backup")
        self.backup_button.clicked.connect(self.ask_backup)
        self.restore_button = QPushButton(self.tr("Restore a backup…"), self)
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.ask_restore)
        self.restore_button.setVisible(may(context.user, "restore"))
        note = QLabel(
            self.tr(
                "A backup is a complete, consistent copy of the database taken while DoseDesk runs. Keep copies "
                "off this computer."
            ),
            self,
        )
        note.setWordWrap(True)
        restore_note = QLabel(
            self.tr(
                "Restoring replaces the database in use by a backup, once the backup has passed every check of "
                "dosedesk check. The database in use is kept beside it, renamed, never deleted. Close DoseDesk "
                "on every other computer first; everyone signs in again afterwards."
            ),
            self,
        )
        restore_note.setWordWrap(True)
        backup_tab = QWidget(self)
        column = QVBoxLayout(backup_tab)
        column.addWidget(heading(self.tr("Back up"), self))
        column.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.backup_state)
        column.addSpacing(16)
        column.addWidget(heading(self.tr("Restore"), self))
        column.addWidget(restore_note)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(users_tab, self.tr("Users and roles"))
        self.tabs.addTab(backup_tab, self.tr("Backups"))
        self.audit_tab = self._audit_tab()
        self.tabs.addTab(self.audit_tab, self.tr("Audit trail"))
        self.site_settings = SiteSettingsPage(context, self)
        self.tabs.addTab(self.site_settings, self.tr("Site settings"))
        # The audit trail and the settings are read again each time their tab is shown (never stale).
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def _audit_tab(self) -> QWidget:
        tab = QWidget(self)
        self.audit_model: RecordTableModel[AuditRow] = RecordTableModel(
            [
                (self.tr("When"), lambda r: r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
                (self.tr("Who"), lambda r: r.who),
                (self.tr("Action"), lambda r: audit_action(str(r.action))),
                (self.tr("Record"), lambda r: audit_record(r.table, r.record_id)),
                (self.tr("Field"), lambda r: field_name(r.field, r.table)),
                (self.tr("Before"), lambda r: audit_value(r.old, r.table, r.field)),
                (self.tr("After"), lambda r: audit_value(r.new, r.table, r.field)),
                (self.tr("Reason"), lambda r: say(r.reason)),
            ],
            self,
        )
        self.audit_who = QLineEdit(tab)
        self.audit_who.setObjectName("auditWho")
        self.audit_who.setAccessibleName(self.tr("Who acted"))
        self.audit_who.setPlaceholderText(self.tr("who"))
        self.audit_what = QLineEdit(tab)
        self.audit_what.setObjectName("auditWhat")
        self.audit_what.setAccessibleName(self.tr("Record searched for"))
        self.audit_what.setPlaceholderText(self.tr("record (table or id)"))
        self.audit_since = DateField(tab)
        self.audit_until = DateField(tab)
        today = QDate.currentDate()
        for edit, day in ((self.audit_since, today.addDays(-30)), (self.audit_until, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(day)
        search = QPushButton(self.tr("Sea&rch"), tab)
        search.setObjectName("auditSearch")
        search.clicked.connect(self.search_audit)
        self.export_button = QPushButton(self.tr("&Export CSV…"), tab)
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.ask_export)
        self.audit_view = QTableView(tab)
        self.audit_view.setObjectName("audit")
        self.audit_view.setAccessibleName(self.tr("Audit trail"))
        self.audit_view.setModel(self.audit_model)
        self.audit_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.audit_view.verticalHeader().setVisible(False)
        self.audit_view.setWordWrap(False)
        header = self.audit_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The time, the action and the record each fit on one line, whatever the language.
        for section in (0, 2, 3):
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.ResizeToContents)
        since_label = QLabel(self.tr("fro&m"), tab)
        since_label.setBuddy(self.audit_since)
        until_label = QLabel(self.tr("t&o"), tab)
        until_label.setBuddy(self.audit_until)
        row = QHBoxLayout()
        for widget in (
            self.audit_who,
            self.audit_what,
            since_label,
            self.audit_since,
            until_label,
            self.audit_until,
            search,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.export_button)
        column = QVBoxLayout(tab)
        column.addLayout(row)
        column.addWidget(self.audit_view, 1)
        return tab

    def audit_filter(self) -> AuditFilter:
        def day(edit: QDateEdit) -> date:
            q = edit.date()
            return date(q.year(), q.month(), q.day())

        return AuditFilter(
            self.audit_who.text(), self.audit_what.text(), day(self.audit_since), day(self.audit_until)
        )

    def search_audit(self) -> None:
        user, backend, filters = self.context.require_user(), self.context.backend, self.audit_filter()
        self.context.runner.run(
            lambda: backend.audit_trail(user, filters), on_success=self.audit_model.set_records, parent=self
        )

    def ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the audit trail"), "audit-trail.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_audit(Path(path))

    def export_audit(self, target: Path) -> None:
        """The rows shown, as CSV (UTF-8 with a byte-order mark so that spreadsheet programs read Chinese).

        First the rows exactly as the audit trail stores them (codes, UTC times: what an inspector compares
        with the database), then the same rows as the screen shows them, in the window's language."""
        rows = [self.audit_model.record(r) for r in range(self.audit_model.rowCount())]
        stored = ["id", "at", "who", "action", "table", "record_id", "field", "old", "new", "reason"]
        shown = [
            self.tr("When"),
            self.tr("Action"),
            self.tr("Record"),
            self.tr("Field"),
            self.tr("Before"),
            self.tr("After"),
            self.tr("Reason"),
        ]
        readable = [
            [
                r.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                audit_action(str(r.action)),
                audit_record(r.table, r.record_id),
                field_name(r.field, r.table),
                audit_value(r.old, r.table, r.field),
                audit_value(r.new, r.table, r.field),
                say(r.reason),
            ]
            for r in rows
        ]

        def write() -> Path:
            with target.open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(stored + shown)
                for r, words in zip(rows, readable, strict=True):
                    writer.writerow(
                        [
                            r.row_id,
                            r.at.isoformat(),
                            r.who,
                            r.action,
                            r.table,
                            r.record_id,
                            r.field or "",
                            r.old or "",
                            r.new or "",
                            str(r.reason or ""),
                            *words,
                        ]
                    )
            return target

        self.context.runner.run(write, on_success=lambda _p: None, parent=self)

    def _tab_shown(self, index: int) -> None:
        shown = self.tabs.widget(index)
        if shown is self.audit_tab:
            self.search_audit()
        elif shown is self.site_settings:
            self.site_settings.refresh(keep_typed=True)

    def _button(self, text: str, name: str, slot: Any, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def title(self) -> str:
        return self.tr("Admin")

    def activate(self) -> None:
        self.refresh()
        self.search_audit()
        self.site_settings.refresh(keep_typed=True)

    def refresh(self) -> None:
        user = self.context.require_user()
        self.context.runner.run(
            lambda: self.context.backend.list_users(user),
            on_success=self.users_model.set_records,
            parent=self,
        )

    def selected_user(self) -> UserRow | None:
        index = self.users.currentIndex()
        return self.users_model.record(index.row()) if index.isValid() else None

    def select_user(self, username: str) -> bool:
        for row in range(self.users_model.rowCount()):
            if self.users_model.record(row).username == username:
                self.users.selectRow(row)
                return True
        return False

    # --- users -------------------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def add_user(self) -> QDialog:
        user, backend = self.context.require_user(), self.context.backend
        return self._open(
            UserDialog(
                self.context.runner,
                lambda name, full, password, roles: backend.create_user(user, name, full, password, roles),
                self,
            )
        )

    def change_roles(self) -> QDialog | None:
        target = self.selected_user()
        if target is None:
            return None
        user, backend = self.context.require_user(), self.context.backend
        return self._open(
            UserDialog(
                self.context.runner,
                lambda user_id, roles: backend.change_roles(user, user_id, roles),
                self,
                existing=target,
            )
        )

    def _act(self, op: Any) -> None:
        self.context.runner.run(op, on_success=lambda _row: self.refresh(), parent=self)

    def toggle_active(self) -> None:
        target = self.selected_user()
        if target is not None:
            user, backend = self.context.require_user(), self.context.backend
            self._act(lambda: backend.set_active(user, target.user_id, not target.active))

    def unlock(self) -> None:
        target = self.selected_user()
        if target is not None:
            user, backend = self.context.require_user(), self.context.backend
            self._act(lambda: backend.unlock_user(user, target.user_id))

    def reset_password(self) -> None:
        target = self.selected_user()
        if target is None:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("Reset password"),
            self.tr("Temporary password for {name} (they must change it when they sign in):").format(
                name=target.full_name
            ),
            QLineEdit.EchoMode.Password,
        )
        if ok and password:
            self.set_temporary_password(target, password)

    def set_temporary_password(self, target: UserRow, password: str) -> None:
        user, backend = self.context.require_user(), self.context.backend
        self._act(lambda: backend.reset_password(user, target.user_id, password))

    # --- backups -----------------------------------------------------------------------------------------

    def ask_backup(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Back up the database"), f"dosedesk-backup-{stamp}.sqlite3"
        )
        if path:
            self.backup_to(Path(path))

    def backup_to(self, target: Path) -> None:
        """The backup as long work: a progress bar and Cancel (a cancelled backup leaves no file)."""
        backend = self.context.backend

        def work(progress: Progress) -> Path:
            progress.check()
            progress.update(0, 0, self.tr("Copying the database to {path}…").format(path=str(target)))
            done = backend.backup(target)
            if progress.cancelled:
                done.unlink(missing_ok=True)
                progress.check()
            return done

        def finished(path: Path) -> None:
            self.backup_state.setText(self.tr("Backup written to {path}.").format(path=str(path)))

        def cancelled() -> None:
            self.backup_state.setText(self.tr("The backup was cancelled; no file was kept."))

        self.context.runner.run_long(
            work, title=self.tr("Backing up"), on_success=finished, on_cancelled=cancelled, parent=self
        )

    # --- restoring ---------------------------------------------------------------------------------------

    def ask_restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore a backup"),
            "",
            self.tr("DoseDesk backups (*.sqlite3 *.sqlite *.db);;All files (*)"),
        )
        if path:
            self.restore_from(Path(path))

    def restore_from(self, backup: Path) -> None:
        """Say what would be replaced, by what, and ask; the restore runs only once confirmed."""
        backend = self.context.backend

        def found(files: tuple[Any, Any]) -> None:
            self._confirm_restore(backup, *files)

        self.context.runner.run(lambda: backend.restore_preview(backup), on_success=found, parent=self)

    def _describe(self, info: Any) -> str:
        subjects = (
            self.tr("%n subject(s)", "", info.subjects)
            if info.subjects is not None
            else self.tr("not a DoseDesk database that can be read")
        )
        last = (
            info.last_change.astimezone().strftime("%Y-%m-%d %H:%M")
            if info.last_change is not None
            else self.tr("never")
        )
        return self.tr("{path}\n{subjects}; last change {last}; {size} MB, saved {saved}").format(
            path=str(info.path),
            subjects=subjects,
            last=last,
            size=format_number(Decimal(info.size_bytes) / 1_000_000, 1),
            saved=info.modified.astimezone().strftime("%Y-%m-%d %H:%M"),
        )

    def _confirm_restore(self, backup: Path, current: Any, replacement: Any) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("confirmRestore")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore a backup"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr(
                "Replace the database in use:\n{current}\n\nby the backup:\n{backup}\n\n"
                "Everything recorded since the backup was taken is no longer in use (the database in use is "
                "kept beside it, renamed). Everyone signs in again afterwards."
            ).format(current=self._describe(current), backup=self._describe(replacement))
        )
        replace = box.addButton(self.tr("Replace the database"), QMessageBox.ButtonRole.DestructiveRole)
        replace.setObjectName("replace")
        keep = box.addButton(self.tr("Keep the database in use"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        def answered(button: Any) -> None:
            if button is replace:
                self.restore_now(backup)

        box.buttonClicked.connect(answered)
        self.context.extras["last_confirmation"] = box
        box.open()
        return box

    def restore_now(self, backup: Path) -> None:
        """The restore as long work: Cancel stops it until the database starts being replaced."""
        backend = self.context.backend
        labels = {
            "copying": self.tr("Copying the backup…"),
            "checking": self.tr("Checking the backup as dosedesk check does…"),
            "replacing": self.tr("Replacing the database…"),
        }
        order = list(labels)
        user = self.context.require_user()

        def work(progress: Progress) -> Any:
            def step(name: str) -> None:
                progress.check()
                progress.update(order.index(name), len(order), labels[name])

            return backend.restore(user, backup, step)

        def restored(result: Any) -> None:
            aside = str(result.set_aside) if result.set_aside is not None else "—"
            self.restart_requested.emit(
                self.tr(
                    "The backup {backup} was restored. The database used before is kept as {aside}. "
                    "Sign in again."
                ).format(backup=str(result.backup), aside=aside)
            )

        def cancelled() -> None:
            self.backup_state.setText(self.tr("The restore was cancelled; the database in use is unchanged."))

        self.context.runner.run_long(
            work,
            title=self.tr("Restoring a backup"),
            on_success=restored,
            on_cancelled=cancelled,
            parent=self,
        )
