"""File → Export trial data…: the CDISC SDTM datasets of the trial written into a folder the user chooses.

The folder is typed or chosen (Choose…), the formats ticked (SAS transport, Dataset-JSON, CSV), and either every
subject or those ticked in the list. Export runs on the op runner (the services read the records in one snapshot,
write the files and define.html, and put the export on the audit trail); the dialog then lists the files written
and the rows of each domain, or says in words why nothing was written.

`subjects()` gives the subjects to choose from (`PatientSummary` rows) and `export(folder, formats, subjects)`
does the export for the signed-in user (`ExportResult`); both are the backend's calls and run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import DoseDeskError
from app.ui.ops import OpRunner
from app.ui.widgets import MessageLabel, heading, subject_label
from app.ui.words import say_error

#: The formats in the order the services write them (app.export.writers.FORMATS, not imported here: it loads
#: the libraries that write the files).
FORMATS = ("xpt", "json", "csv")


def format_title(code: str) -> str:
    titles = {
        "xpt": QCoreApplication.translate("ExportDataDialog", "SAS transport v5 (.xpt)"),
        "json": QCoreApplication.translate("ExportDataDialog", "CDISC Dataset-JSON v1.1 (.json)"),
        "csv": QCoreApplication.translate("ExportDataDialog", "CSV, one file per domain (.csv)"),
    }
    return titles[code]


class ExportDataDialog(QDialog):
    def __init__(
        self,
        runner: OpRunner,
        subjects: Callable[[], Sequence[Any]],
        export: Callable[[Path, list[str], list[str] | None], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportData")
        self.runner = runner
        self._export = export
        self.result_value: Any = None
        self.setWindowTitle(self.tr("Export trial data"))

        self.folder = QLineEdit(self)
        self.folder.setObjectName("exportFolder")
        self.folder.setPlaceholderText(self.tr("The folder to write the files into"))
        self.choose_button = QPushButton(self.tr("&Choose…"), self)
        self.choose_button.setObjectName("chooseFolder")
        self.choose_button.clicked.connect(self.ask_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)

        self.format_boxes: dict[str, QCheckBox] = {}
        format_column = QVBoxLayout()
        for code in FORMATS:
            box = QCheckBox(format_title(code), self)
            box.setObjectName(f"format_{code}")
            box.setChecked(True)
            format_column.addWidget(box)
            self.format_boxes[code] = box

        self.all_subjects = QRadioButton(self.tr("Every subject"), self)
        self.all_subjects.setObjectName("allSubjects")
        self.some_subjects = QRadioButton(self.tr("Only the subjects ticked below"), self)
        self.some_subjects.setObjectName("someSubjects")
        group = QButtonGroup(self)
        group.addButton(self.all_subjects)
        group.addButton(self.some_subjects)
        self.all_subjects.setChecked(True)
        self.subject_list = QListWidget(self)
        self.subject_list.setObjectName("exportSubjects")
        self.subject_list.setEnabled(False)
        self.subject_list.setMinimumHeight(140)
        self.some_subjects.toggled.connect(self.subject_list.setEnabled)
        subject_column = QVBoxLayout()
        subject_column.addWidget(self.all_subjects)
        subject_column.addWidget(self.some_subjects)
        subject_column.addWidget(self.subject_list, 1)

        form = QFormLayout()
        form.addRow(self.tr("Folder:"), folder_row)
        form.addRow(self.tr("Formats:"), format_column)
        form.addRow(self.tr("Subjects:"), subject_column)

        note = QLabel(
            self.tr(
                "DM, DS, EX, EC, AE, LB, VS and SV, with define.html describing them. The export changes no "
                "record; it is kept on the audit trail with who exported and the fingerprint of every file."
            ),
            self,
        )
        note.setWordWrap(True)

        self.message = MessageLabel(self)
        self.summary = QPlainTextEdit(self)
        self.summary.setObjectName("exportSummary")
        self.summary.setReadOnly(True)
        self.summary.setMinimumHeight(120)
        self.summary.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close, self
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("&Export"))
        self.export_button.setObjectName("export")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("The trial's CDISC SDTM datasets"), self))
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 600)
        self.folder.setFocus(Qt.FocusReason.OtherFocusReason)
        self.runner.run(subjects, on_success=self.show_subjects, on_failure=self._failed, parent=self)

    # --- the choices -------------------------------------------------------------------------------------

    def show_subjects(self, rows: Sequence[Any]) -> None:
        self.subject_list.clear()
        for row in sorted(rows, key=lambda r: str(r.subject_number)):
            item = QListWidgetItem(subject_label(row.subject_number, row.initials), self.subject_list)
            item.setData(Qt.ItemDataRole.UserRole, row.subject_number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)

    def ask_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Export trial data"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def chosen_formats(self) -> list[str]:
        return [code for code, box in self.format_boxes.items() if box.isChecked()]

    def chosen_subjects(self) -> list[str] | None:
        """None: every subject; else the subject numbers ticked."""
        if self.all_subjects.isChecked():
            return None
        found = []
        for index in range(self.subject_list.count()):
            item = self.subject_list.item(index)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def choose_subjects(self, numbers: Sequence[str]) -> None:
        """Tick exactly these subjects (and "only the subjects ticked")."""
        self.some_subjects.setChecked(True)
        wanted = set(numbers)
        for index in range(self.subject_list.count()):
            item = self.subject_list.item(index)
            ticked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    # --- exporting ---------------------------------------------------------------------------------------

    def export(self) -> None:
        text = self.folder.text().strip()
        if not text:
            self.message.show_message(self.tr("Choose the folder to write the files into."), self.folder)
            return
        folder = Path(text).expanduser()
        if not folder.is_dir():
            self.message.show_message(
                self.tr("There is no folder {folder}: choose a folder that exists.").format(folder=text),
                self.folder,
            )
            return
        formats = self.chosen_formats()
        if not formats:
            self.message.show_message(self.tr("Tick at least one format."))
            return
        subjects = self.chosen_subjects()
        if subjects is not None and not subjects:
            self.message.show_message(self.tr("Tick at least one subject, or choose every subject."))
            return
        self.message.clear_message()
        self.summary.hide()
        self._busy(True)
        self.runner.run(
            lambda: self._export(folder, formats, subjects),
            on_success=self._done,
            on_failure=self._failed,
            parent=self,
        )

    def _busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.choose_button, self.folder):
            widget.setEnabled(not busy)

    def done_words(self) -> str:
        """One line for the status bar: how many files were written, and where."""
        result = self.result_value
        if result is None:
            return ""
        return self.tr("Exported into {folder}: {count} files.").format(
            folder=str(result.folder), count=len(result.files)
        )

    def describe(self, result: Any) -> str:
        lines = [self.done_words()]
        lines.append(self.tr("Subjects: {count}").format(count=result.subjects))
        lines.append(self.tr("Rows per domain:"))
        for name, count in result.counts.items():
            lines.append("  " + self.tr("{domain}: {count}").format(domain=name, count=count))
        lines.append(self.tr("Files written:"))
        lines.extend(f"  {name}" for name in sorted(result.files))
        return "\n".join(lines)

    def _done(self, result: Any) -> None:
        self.result_value = result
        self._busy(False)
        self.summary.setPlainText(self.describe(result))
        self.summary.show()

    def _failed(self, exc: BaseException) -> bool:
        self._busy(False)
        if isinstance(exc, DoseDeskError):
            self.message.show_message(say_error(exc))
            return True
        return False
