"""Admin → Site settings: the hospital's and clinic's names and phone, the laboratory's files (their encoding and
column headers), its test codes and the reference ranges every lab form and import starts from.

Every change goes through the settings service (checked there, audited, an administrator only). The names, the
phone, the encoding and the columns are saved together by Save, as one unit: when one value is refused nothing is
changed and the refusal is said under the form. A reference range or a test code is set or removed at once, from
its own small dialog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import DoseDeskError
from app.toxicity.labs import LAB_KEYS, lab_kinds
from app.ui.context import AppContext
from app.ui.models.records import RecordTableModel
from app.ui.widgets import MessageLabel
from app.ui.words import lab_name, say_error

TEXT_KEYS = ("hospital_name", "hospital_name_zh", "clinic_name", "clinic_name_zh", "clinic_phone")
ENCODINGS = ("utf-8", "gb18030")
COLUMN_FIELDS = (
    "hospital_number",
    "test_code",
    "value",
    "unit",
    "reference_range",
    "low",
    "high",
    "collected",
    "reported",
    "accession",
)


@dataclass(frozen=True)
class RangeRow:
    lab: str
    unit: str
    lln: str | None
    uln: str | None


@dataclass(frozen=True)
class CodeRow:
    code: str
    lab: str
    unit: str | None


def range_text(lln: str | None, uln: str | None, unit: str) -> str:
    """A range as the settings service reads it: "0-21 µmol/L", "<40 U/L", "≥3.5 g/L"."""
    if lln and uln:
        return f"{lln}-{uln} {unit}"
    if uln:
        return f"<{uln} {unit}"
    return f"≥{lln} {unit}"


class _SmallDialog(QDialog):
    """A form that runs one setting change through the op runner; stays open with the refusal said."""

    def __init__(self, page: SiteSettingsPage, title: str) -> None:
        super().__init__(page)
        self.page = page
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def change(self) -> tuple[str, str] | None:
        raise NotImplementedError

    def accept(self) -> None:
        change = self.change()
        if change is None:
            return
        self.buttons.setEnabled(False)
        self.page.apply([change], on_done=self._done, on_refused=self._refused)

    def _done(self) -> None:
        self.buttons.setEnabled(True)
        super().accept()

    def _refused(self, words: str) -> None:
        self.buttons.setEnabled(True)
        self.message.show_message(words)


class RangeDialog(_SmallDialog):
    """Set the laboratory's normal range of one lab in one unit (a lower limit of 0 is a real range)."""

    def __init__(self, page: SiteSettingsPage, existing: RangeRow | None = None) -> None:
        super().__init__(page, self.tr("Reference range"))
        self.lab = QComboBox(self)
        self.lab.setObjectName("rangeLab")
        for key in LAB_KEYS:
            self.lab.addItem(lab_name(key), key)
        self.unit = QComboBox(self)
        self.unit.setObjectName("rangeUnit")
        self.unit.setEditable(True)
        self.lln = QLineEdit(self)
        self.lln.setObjectName("rangeLln")
        self.uln = QLineEdit(self)
        self.uln.setObjectName("rangeUln")
        self.lab.currentIndexChanged.connect(self._units)
        self.form.addRow(self.tr("Lab:"), self.lab)
        self.form.addRow(self.tr("Unit:"), self.unit)
        self.form.addRow(self.tr("Lower limit of normal (LLN):"), self.lln)
        self.form.addRow(self.tr("Upper limit of normal (ULN):"), self.uln)
        self._units()
        if existing is not None:
            self.lab.setCurrentIndex(max(0, self.lab.findData(existing.lab)))
            self.unit.setCurrentText(existing.unit)
            self.lln.setText(existing.lln or "")
            self.uln.setText(existing.uln or "")
        self.lln.setFocus()

    def _units(self) -> None:
        kind = lab_kinds()[str(self.lab.currentData())]
        self.unit.clear()
        for name in kind.unit_names:
            self.unit.addItem(name)
        self.unit.setCurrentText(kind.si_unit)

    def change(self) -> tuple[str, str] | None:
        lln = self.lln.text().strip().replace(",", ".")
        uln = self.uln.text().strip().replace(",", ".")
        unit = self.unit.currentText().strip()
        if not lln and not uln:
            self.message.show_message(self.tr("Give the range's lower limit, its upper limit, or both."))
            return None
        return f"reference_range.{self.lab.currentData()}", range_text(lln or None, uln or None, unit)


class CodeDialog(_SmallDialog):
    """Map one of the laboratory's test codes to a DoseDesk lab (and the unit its files use, when they leave
    the unit out)."""

    def __init__(self, page: SiteSettingsPage) -> None:
        super().__init__(page, self.tr("Laboratory test code"))
        self.code = QLineEdit(self)
        self.code.setObjectName("codeCode")
        self.lab = QComboBox(self)
        self.lab.setObjectName("codeLab")
        for key in LAB_KEYS:
            self.lab.addItem(lab_name(key), key)
        self.unit = QComboBox(self)
        self.unit.setObjectName("codeUnit")
        self.unit.setEditable(True)
        self.lab.currentIndexChanged.connect(self._units)
        self.form.addRow(self.tr("The laboratory's code:"), self.code)
        self.form.addRow(self.tr("Reports the lab:"), self.lab)
        self.form.addRow(self.tr("In the unit (when its files leave it out):"), self.unit)
        self._units()

    def _units(self) -> None:
        kind = lab_kinds()[str(self.lab.currentData())]
        self.unit.clear()
        self.unit.addItem("")
        for name in kind.unit_names:
            self.unit.addItem(name)

    def change(self) -> tuple[str, str] | None:
        code = self.code.text().strip()
        if not code:
            self.message.show_message(self.tr("Give the laboratory's test code."))
            return None
        unit = self.unit.currentText().strip()
        return f"lab_code.{code}", f"{self.lab.currentData()} {unit}".strip()


def _table(model: Any, parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setMinimumHeight(150)
    return view


class SiteSettingsPage(QScrollArea):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("siteSettings")
        self.context = context
        self.loaded = False
        self.rows: dict[str, Any] = {}
        self.setWidgetResizable(True)
        inner = QWidget(self)
        column = QVBoxLayout(inner)

        site = QGroupBox(self.tr("The site"), inner)
        form = QFormLayout(site)
        self.texts: dict[str, QLineEdit] = {}
        titles = {
            "hospital_name": self.tr("Hospital (English):"),
            "hospital_name_zh": self.tr("Hospital (Chinese):"),
            "clinic_name": self.tr("Clinic (English):"),
            "clinic_name_zh": self.tr("Clinic (Chinese):"),
            "clinic_phone": self.tr("Clinic phone (printed on the patient calendar):"),
        }
        for key in TEXT_KEYS:
            edit = QLineEdit(site)
            edit.setObjectName(f"setting_{key}")
            self.texts[key] = edit
            form.addRow(titles[key], edit)
        self.encoding = QComboBox(site)
        self.encoding.setObjectName("setting_lab_file_encoding")
        self.encoding.addItem("UTF-8", "utf-8")
        self.encoding.addItem(self.tr("GB18030 (also GBK, GB2312)"), "gb18030")
        form.addRow(self.tr("Laboratory files are written in:"), self.encoding)
        self.bilingual = QCheckBox(
            self.tr(
                "Pharmacy paper may also be printed in both languages (Chinese with the English beside it)"
            ),
            site,
        )
        self.bilingual.setObjectName("setting_paper_bilingual")
        form.addRow(self.tr("Paper:"), self.bilingual)
        column.addWidget(site)

        columns = QGroupBox(self.tr("Column headers of the laboratory's CSV and Excel files"), inner)
        columns_form = QFormLayout(columns)
        self.columns: dict[str, QLineEdit] = {}
        field_titles = {
            "hospital_number": self.tr("Hospital number:"),
            "test_code": self.tr("Test code:"),
            "value": self.tr("Result:"),
            "unit": self.tr("Unit:"),
            "reference_range": self.tr("Reference range:"),
            "low": self.tr("Low limit:"),
            "high": self.tr("High limit:"),
            "collected": self.tr("Collected (date and time):"),
            "reported": self.tr("Reported (date and time):"),
            "accession": self.tr("Accession number:"),
        }
        for name in COLUMN_FIELDS:
            edit = QLineEdit(columns)
            edit.setObjectName(f"column_{name}")
            self.columns[name] = edit
            columns_form.addRow(field_titles[name], edit)
        column.addWidget(columns)

        self.message = MessageLabel(inner)
        self.save_button = QPushButton(self.tr("Sa&ve the site and the columns"), inner)
        self.save_button.setObjectName("saveSettings")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        column.addWidget(self.message)
        column.addLayout(row)

        ranges = QGroupBox(self.tr("Reference ranges (the defaults of every lab form and import)"), inner)
        ranges_column = QVBoxLayout(ranges)
        self.ranges_model: RecordTableModel[RangeRow] = RecordTableModel(
            [
                (self.tr("Lab"), lambda r: lab_name(r.lab)),
                (self.tr("Unit"), lambda r: r.unit),
                (self.tr("LLN"), lambda r: r.lln or ""),
                (self.tr("ULN"), lambda r: r.uln or ""),
            ],
            self,
        )
        self.ranges = _table(self.ranges_model, ranges, "referenceRanges")
        self.ranges.doubleClicked.connect(lambda _index: self.edit_range())
        buttons = QHBoxLayout()
        self.add_range_button = QPushButton(self.tr("Set a range…"), ranges)
        self.add_range_button.setObjectName("setRange")
        self.add_range_button.clicked.connect(lambda: self.edit_range(new=True))
        self.remove_range_button = QPushButton(self.tr("Remove the range"), ranges)
        self.remove_range_button.setObjectName("removeRange")
        self.remove_range_button.clicked.connect(self.remove_range)
        buttons.addWidget(self.add_range_button)
        buttons.addWidget(self.remove_range_button)
        buttons.addStretch(1)
        ranges_column.addWidget(self.ranges)
        ranges_column.addLayout(buttons)
        column.addWidget(ranges)

        codes = QGroupBox(self.tr("The laboratory's test codes (LOINC codes are known without them)"), inner)
        codes_column = QVBoxLayout(codes)
        self.codes_model: RecordTableModel[CodeRow] = RecordTableModel(
            [
                (self.tr("Code"), lambda r: r.code),
                (self.tr("Lab"), lambda r: lab_name(r.lab)),
                (self.tr("Unit"), lambda r: r.unit or ""),
            ],
            self,
        )
        self.codes = _table(self.codes_model, codes, "labCodes")
        buttons = QHBoxLayout()
        self.add_code_button = QPushButton(self.tr("Add a code…"), codes)
        self.add_code_button.setObjectName("addCode")
        self.add_code_button.clicked.connect(self.add_code)
        self.remove_code_button = QPushButton(self.tr("Remove the code"), codes)
        self.remove_code_button.setObjectName("removeCode")
        self.remove_code_button.clicked.connect(self.remove_code)
        buttons.addWidget(self.add_code_button)
        buttons.addWidget(self.remove_code_button)
        buttons.addStretch(1)
        codes_column.addWidget(self.codes)
        codes_column.addLayout(buttons)
        column.addWidget(codes)
        column.addStretch(1)
        self.setWidget(inner)

    # --- reading -----------------------------------------------------------------------------------------

    def refresh(self, keep_typed: bool = False) -> None:
        """Read the settings again; `keep_typed`: not while the form holds changes not yet saved (the screen
        shown again must not throw away what was typed)."""
        if keep_typed and self.loaded and self.changes():
            return
        user = self.context.require_user()
        backend = self.context.backend
        self.context.runner.run(
            lambda: backend.site_settings(user), on_success=self.show_settings, parent=self
        )

    def show_settings(self, rows: list[Any]) -> None:
        self.rows = {row.key: row for row in rows}
        for key, edit in self.texts.items():
            row = self.rows.get(key)
            edit.setText(str(row.value or "") if row is not None else "")
        encoding = self.rows.get("lab_file_encoding")
        index = self.encoding.findData(encoding.value if encoding is not None else "utf-8")
        self.encoding.setCurrentIndex(max(0, index))
        bilingual = self.rows.get("paper_bilingual")
        self.bilingual.setChecked(bool(bilingual.value) if bilingual is not None else False)
        headers = self.rows.get("lab_columns")
        values = dict(headers.value) if headers is not None else {}
        for name, edit in self.columns.items():
            edit.setText(str(values.get(name) or ""))
        ranges = self.rows.get("reference_ranges")
        self.ranges_model.set_records(
            [
                RangeRow(lab, unit, limits.get("lln"), limits.get("uln"))
                for lab, by_unit in sorted(dict(ranges.value if ranges is not None else {}).items())
                for unit, limits in sorted(by_unit.items())
            ]
        )
        codes = self.rows.get("lab_codes")
        self.codes_model.set_records(
            [
                CodeRow(code, entry["lab"], entry.get("unit"))
                for code, entry in sorted(dict(codes.value if codes is not None else {}).items())
            ]
        )
        self.loaded = True

    # --- changing ----------------------------------------------------------------------------------------

    def changes(self) -> list[tuple[str, str]]:
        """The keys whose typed value differs from the one held, as (key, value) for the service."""
        found: list[tuple[str, str]] = []
        for key, edit in self.texts.items():
            held = self.rows.get(key)
            if edit.text().strip() != str((held.value if held is not None else "") or ""):
                found.append((key, edit.text().strip()))
        encoding = self.rows.get("lab_file_encoding")
        if str(self.encoding.currentData()) != (encoding.value if encoding is not None else "utf-8"):
            found.append(("lab_file_encoding", str(self.encoding.currentData())))
        bilingual = self.rows.get("paper_bilingual")
        if self.bilingual.isChecked() != (bool(bilingual.value) if bilingual is not None else False):
            found.append(("paper_bilingual", "true" if self.bilingual.isChecked() else "false"))
        headers = self.rows.get("lab_columns")
        values = dict(headers.value) if headers is not None else {}
        for name, edit in self.columns.items():
            if edit.text().strip() != str(values.get(name) or ""):
                found.append((f"lab_column.{name}", edit.text().strip()))
        return found

    def apply(self, changes: list[tuple[str, str]], *, on_done: Any = None, on_refused: Any = None) -> None:
        """Run the changes as one unit of work; then read the settings again."""
        user = self.context.require_user()
        backend = self.context.backend

        def done(rows: Any) -> None:
            self.refresh()
            if on_done is not None:
                on_done()

        def refused(exc: BaseException) -> bool:
            if not isinstance(exc, DoseDeskError):
                return False
            words = say_error(exc)
            if on_refused is not None:
                on_refused(words)
            else:
                self.message.show_message(words)
            return True

        self.context.runner.run(
            lambda: backend.set_site_settings(user, changes), on_success=done, on_failure=refused, parent=self
        )

    def save(self) -> None:
        changes = self.changes()
        self.message.show_message("")
        if not changes:
            self.message.show_message(self.tr("Nothing has changed."))
            return
        self.apply(changes, on_done=lambda: self.context.extras.__setitem__("settings_saved", changes))

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setObjectName("settingDialog")
        dialog.open()
        self.context.extras["last_dialog"] = dialog
        return dialog

    def selected_range(self) -> RangeRow | None:
        index = self.ranges.currentIndex()
        return self.ranges_model.record(index.row()) if index.isValid() else None

    def edit_range(self, new: bool = False) -> QDialog:
        return self._open(RangeDialog(self, None if new else self.selected_range()))

    def remove_range(self) -> None:
        chosen = self.selected_range()
        if chosen is None:
            return
        ranges = self.rows.get("reference_ranges")
        current = {
            lab: dict(units) for lab, units in dict(ranges.value if ranges is not None else {}).items()
        }
        current.get(chosen.lab, {}).pop(chosen.unit, None)
        remaining = {lab: units for lab, units in current.items() if units}
        self.apply([("reference_ranges", json.dumps(remaining, ensure_ascii=False) if remaining else "")])

    def add_code(self) -> QDialog:
        return self._open(CodeDialog(self))

    def remove_code(self) -> None:
        index = self.codes.currentIndex()
        if index.isValid():
            self.apply([(f"lab_code.{self.codes_model.record(index.row()).code}", "")])
