"""The records' codes in words: lab names, actions, audited values (a created record's JSON in plain words)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.toxicity.labs import LAB_KEYS
from app.ui.i18n import install_translators, remove_translators
from app.ui.words import audit_action, audit_value, lab_name, toxicity_action


def test_every_lab_has_a_name_and_chinese_names_load(qapp):
    assert all(lab_name(key) != key for key in LAB_KEYS)
    translators = install_translators(qapp, "zh_CN")
    try:
        assert lab_name("neutrophils") == "中性粒细胞（ANC）"
        assert toxicity_action("hold") == "暂停"
        assert audit_action("update") == "已更改"
    finally:
        remove_translators(qapp, translators)
    assert QCoreApplication.translate("words", "Platelets") == "Platelets"


def test_audited_values_read_plainly():
    assert audit_value(None) == "" and audit_value("planned") == "planned"
    created = '{"id": "21", "subject_id": 3, "label": "C1D1", "booked_date": null, "held": false, "cycle": 1}'
    assert audit_value(created) == "label: C1D1; held: no; cycle: 1"
    assert audit_value("{not json") == "{not json"
    assert audit_value("[1, 2]") == "[1, 2]"


def test_the_chosen_language_is_the_widgets_locale(qapp):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QCalendarWidget

    translators = install_translators(qapp, "zh_CN")
    try:
        calendar = QCalendarWidget()
        assert calendar.locale().monthName(12) == "十二月"  # the booking calendar's months, in Chinese
        calendar.deleteLater()
    finally:
        remove_translators(qapp, translators)
    assert QLocale().name() == QLocale.system().name()
