"""Every string the window shows is translatable, and the Simplified Chinese catalogue is complete."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from app.ui.i18n import choose_language, install_translators, remove_translators

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "app" / "ui"
TS = ROOT / "resources" / "translations" / "dosedesk_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "dosedesk_zh_CN.qm"
MESSAGES_TS = ROOT / "resources" / "translations" / "messages_zh_CN.ts"  # the services' sentences
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%\d")


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def _translation(message: ET.Element) -> str:
    translation = message.find("translation")
    assert translation is not None
    if translation.get("type") in {"unfinished", "obsolete", "vanished"}:
        return ""
    forms = [f.text or "" for f in translation.iter("numerusform")]
    return " ".join(forms) if forms else (translation.text or "")


def test_every_string_in_app_ui_has_a_chinese_translation(tmp_path: Path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    wanted = _messages(fresh)
    assert len(wanted) > 50, "lupdate found suspiciously few strings"
    have = _messages(TS)
    untranslated = [key for key in wanted if key not in have or not _translation(have[key]).strip()]
    assert not untranslated, (
        "strings without a Chinese translation (run tools/translations.sh, then translate them):\n"
        + "\n".join(f"  [{ctx}] {src!r}" for ctx, src in untranslated)
    )


def test_translations_keep_every_placeholder():
    wrong = []
    for (context, source), message in _messages(TS).items():
        text = _translation(message)
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            wrong.append((context, source, text))
    assert not wrong, wrong


def test_translations_are_chinese():
    latin_only = [
        source
        for (_context, source), message in _messages(TS).items()
        if re.search(
            r"[A-Za-z]{3}", PLACEHOLDER.sub("", source)
        )  # a pure format ("{number} ({initials})") has no words
        and not re.search(r"[\u4e00-\u9fff]", _translation(message))
        and source not in {"DoseDesk", "DoseDesk {version}"}
    ]
    assert not latin_only, latin_only


def test_compiled_catalogue_matches_the_source(tmp_path: Path):
    compiled = tmp_path / "check.qm"
    subprocess.run(
        [
            _tool("pyside6-lrelease"),
            "-silent",
            "-removeidentical",
            str(TS),
            str(MESSAGES_TS),
            "-qm",
            str(compiled),
        ],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == QM.read_bytes(), "run tools/translations.sh and commit the .qm"


_SETTERS = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setPlaceholderText",
    "setLabelText",
    "setStatusTip",
    "setWhatsThis",
    "addMenu",
    "addAction",
    "addTab",
    "setHeaderLabels",
    "setCancelButtonText",
    "showMessage",
    "show_message",
    "QLabel",
    "QPushButton",
    "QAction",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "heading",
}
# Names shown as they are in every language.
_ALLOWED = {"English", "简体中文"}


def test_no_user_visible_literal_bypasses_translation():
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name not in _SETTERS:
                continue
            for arg in node.args[:1]:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and re.search(r"[A-Za-z]{2}", arg.value)
                    and arg.value not in _ALLOWED
                ):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {arg.value!r}")
    assert not offenders, "untranslated literals:\n" + "\n".join(offenders)


def test_chinese_is_chosen_from_the_locale_or_the_setting(qapp):
    assert choose_language("", QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == "zh_CN"
    assert choose_language("", QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan)) == "zh_CN"
    assert choose_language("", QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)) == "en"
    assert choose_language("en", QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == "en"
    assert choose_language("zh_CN", QLocale(QLocale.Language.German)) == "zh_CN"


def test_installed_catalogue_translates_at_run_time(qapp):
    translators = install_translators(qapp, "zh_CN")
    try:
        assert translators, "the Chinese catalogue did not load"
        assert QCoreApplication.translate("MainWindow", "Patients") == "受试者"
        assert QCoreApplication.translate("PrintPreviewDialog", "%n page(s)", "", 3) == "共 3 页"
    finally:
        remove_translators(qapp, translators)
    assert QCoreApplication.translate("MainWindow", "Patients") == "Patients"
