"""Import labs: a laboratory's file (CSV, Excel or HL7) shown row by row first, then imported as one unit.

The dialog reads the file and asks the services for a preview off the GUI thread: each result with the subject
it belongs to (by hospital number), the visit by date, the value in DoseDesk's unit, the range, the CTCAE grade,
and whether it is new, a correction, already held, not matched or unreadable, with why. Import stores exactly what
the preview showed (the services refuse when anything changed meanwhile). A file with unreadable rows is refused
whole unless the user asks for its readable rows only, which previews again.

`preview(content, file_name, readable_rows_only)` and `commit(content, identity, file_name)` are the backend's
calls for the signed-in user; `read(path)` gives the file's bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dosing.format import format_number
from app.errors import DoseDeskError
from app.toxicity.labs import lab_kinds
from app.ui.models.records import RecordTableModel
from app.ui.ops import OpRunner
from app.ui.widgets import MessageLabel, heading
from app.ui.words import lab_name, say, say_error

FILE_FILTER = "*.csv *.txt *.xlsx *.hl7 *.oru *.msg"
_NOT_STORED = QColor("#8a5a00")
_REFUSED = QColor("#b00020")


def _status_words(status: str) -> str:
    words = {
        "new": QCoreApplication.translate("ImportLabsDialog", "new"),
        "correction": QCoreApplication.translate("ImportLabsDialog", "correction"),
        "duplicate": QCoreApplication.translate("ImportLabsDialog", "already held"),
        "not_matched": QCoreApplication.translate("ImportLabsDialog", "not matched"),
        "unreadable": QCoreApplication.translate("ImportLabsDialog", "unreadable"),
    }
    return words.get(status, status)


def _value(row: Any) -> str:
    if row.value is None or row.lab is None:
        return " ".join(part for part in (row.value_as_written, row.unit_as_written) if part)
    return str(lab_kinds()[row.lab].show_si(row.value))


def _range(row: Any) -> str:
    if row.lln is None and row.uln is None:
        return ""
    low = "" if row.lln is None else format_number(row.lln)
    high = "" if row.uln is None else format_number(row.uln)
    return f"{low}–{high}"


def _collected(row: Any) -> str:
    if row.collected_at is not None:
        return str(row.collected_at.astimezone().strftime("%Y-%m-%d %H:%M"))
    return row.collected_on.isoformat() if row.collected_on is not None else ""


def _colour(row: Any) -> QColor | None:
    if row.status == "unreadable":
        return _REFUSED
    return None if row.stored else _NOT_STORED


class ImportLabsDialog(QDialog):
    def __init__(
        self,
        runner: OpRunner,
        read: Callable[[Path], bytes],
        preview: Callable[[bytes, str, bool], Any],
        commit: Callable[[bytes, Any, str], Any],
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importLabs")
        self.runner = runner
        self._read, self._preview, self._commit = read, preview, commit
        self.path: Path | None = None
        self.content: bytes | None = None
        self.preview: Any = None
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Import labs"))

        self.file_label = QLabel(self.tr("No file chosen."), self)
        self.file_label.setObjectName("importFile")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.choose_button = QPushButton(self.tr("&Choose a file…"), self)
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.clicked.connect(self.ask_file)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.rows_model: RecordTableModel[Any] = RecordTableModel(
            [
                (self.tr("Where"), lambda r: r.where),
                (self.tr("Subject"), lambda r: r.subject_number or r.hospital_number),
                (self.tr("Visit"), lambda r: r.visit_label or ""),
                (self.tr("Lab"), lambda r: lab_name(r.lab) if r.lab else r.code),
                (self.tr("Result"), _value),
                (self.tr("Range"), _range),
                (self.tr("Grade"), lambda r: "" if r.grade is None else str(r.grade)),
                (self.tr("Collected"), _collected),
                (self.tr("Import"), lambda r: _status_words(str(r.status))),
                (self.tr("Why"), lambda r: say(r.reason) if r.reason else ""),
            ],
            self,
            colour=_colour,
        )
        self.rows = QTableView(self)
        self.rows.setObjectName("importRows")
        self.rows.setModel(self.rows_model)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rows.verticalHeader().setVisible(False)
        self.rows.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.readable_only = QCheckBox(self.tr("Import the readable rows only"), self)
        self.readable_only.setObjectName("readableOnly")
        self.readable_only.setEnabled(False)
        self.readable_only.toggled.connect(lambda _on: self.load_preview())

        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("&Import"))
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Import labs from the laboratory"), self))
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.readable_only)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(980, 520)
        if path is not None:
            self.open_file(path)

    # --- the file and its preview ------------------------------------------------------------------------

    def ask_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import labs"),
            "",
            self.tr("Laboratory files ({patterns})").format(patterns=FILE_FILTER),
        )
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        """Read `path` and preview it (off the GUI thread)."""
        self.path, self.content, self.preview = path, None, None
        self.file_label.setText(path.name)
        self.readable_only.blockSignals(True)
        self.readable_only.setChecked(False)
        self.readable_only.setEnabled(False)
        self.readable_only.blockSignals(False)
        self._show(None)

        def read_and_preview() -> tuple[bytes, Any]:
            content = self._read(path)
            return content, self._preview(content, path.name, False)

        self.runner.run(read_and_preview, on_success=self._read_done, on_failure=self._failed, parent=self)

    def _read_done(self, found: tuple[bytes, Any]) -> None:
        self.content, preview = found
        self._show(preview)

    def load_preview(self) -> None:
        """Preview the file again (the readable-rows-only choice changed)."""
        content, path = self.content, self.path
        if content is None or path is None:
            return
        only = self.readable_only.isChecked()
        self.import_button.setEnabled(False)
        self.runner.run(
            lambda: self._preview(content, path.name, only),
            on_success=self._show,
            on_failure=self._failed,
            parent=self,
        )

    def _show(self, preview: Any) -> None:
        self.preview = preview
        self.message.show_message("")
        if preview is None:
            self.summary.setText("")
            self.rows_model.set_records([])
            self.import_button.setEnabled(False)
            return
        self.rows_model.set_records(preview.rows)
        self.summary.setText(self.describe(preview))
        self.readable_only.setEnabled(bool(preview.unreadable) or self.readable_only.isChecked())
        self.import_button.setEnabled(bool(preview.can_commit))
        if preview.unreadable and not preview.identity.readable_rows_only:
            self.message.show_message(
                self.tr(
                    "Nothing can be imported while the file has rows that cannot be read: have the laboratory "
                    "send it again, or import its readable rows only."
                )
            )

    def describe(self, preview: Any) -> str:
        counts = Counter(str(row.status) for row in preview.rows)
        lines = [
            self.tr(
                "{results} results: {new} new, {corrections} corrections, {held} already held, "
                "{unmatched} not matched, {unreadable} unreadable."
            ).format(
                results=len(preview.rows),
                new=counts["new"],
                corrections=counts["correction"],
                held=counts["duplicate"],
                unmatched=counts["not_matched"],
                unreadable=counts["unreadable"],
            )
        ]
        for words, items in (
            (self.tr("Unknown test codes: {items}"), preview.unknown_codes),
            (self.tr("Unknown units: {items}"), preview.unknown_units),
            (self.tr("Unknown hospital numbers: {items}"), preview.unknown_hospital_numbers),
        ):
            if items:
                lines.append(words.format(items=", ".join(items)))
        if not preview.to_store and not preview.unreadable:
            lines.append(self.tr("Nothing in this file is new: there is nothing to import."))
        return "\n".join(lines)

    # --- importing ---------------------------------------------------------------------------------------

    def accept(self) -> None:
        preview, content, path = self.preview, self.content, self.path
        if preview is None or content is None or path is None or not preview.can_commit:
            return
        self.import_button.setEnabled(False)
        self.choose_button.setEnabled(False)
        self.runner.run(
            lambda: self._commit(content, preview.identity, path.name),
            on_success=self._done,
            on_failure=self._commit_failed,
            parent=self,
        )

    def done_words(self) -> str:
        committed = self.result_value
        if committed is None:
            return ""
        if committed.cancelled:
            return self.tr(
                "Imported {count} results; {replaced} replaced by the laboratory's corrections."
            ).format(count=len(committed.stored), replaced=len(committed.cancelled))
        return self.tr("Imported {count} results.").format(count=len(committed.stored))

    def _done(self, committed: Any) -> None:
        self.result_value = committed
        self.choose_button.setEnabled(True)
        super().accept()

    def _commit_failed(self, exc: BaseException) -> bool:
        """Refused (the records or the file changed since the preview, …): said, and the file previewed
        again so that what is shown is what an import would now do."""
        if not isinstance(exc, DoseDeskError):
            return self._failed(exc)
        why = say_error(exc)
        content, path = self.content, self.path
        self.choose_button.setEnabled(True)

        def shown(preview: Any) -> None:
            self._show(preview)
            self.message.show_message(why)

        if content is not None and path is not None:
            only = self.readable_only.isChecked()
            self.runner.run(
                lambda: self._preview(content, path.name, only),
                on_success=shown,
                on_failure=self._failed,
                parent=self,
            )
        self.message.show_message(why)
        return True

    def _failed(self, exc: BaseException) -> bool:
        self.choose_button.setEnabled(True)
        self.import_button.setEnabled(bool(self.preview is not None and self.preview.can_commit))
        if isinstance(exc, DoseDeskError):
            self.message.show_message(say_error(exc))
            return True
        return False
