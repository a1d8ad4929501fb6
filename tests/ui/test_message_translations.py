"""The services' and the core's sentences reach a Chinese window in Chinese: every msg() template and protocol
rule text has a translation that keeps its placeholders, the catalogue is up to date with the code, and a real
refusal from a service is said in Chinese with its values in it."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import DoseDeskError
from app.services import subjects as subject_service
from app.services import visits as visit_service
from app.text import Message, msg
from app.ui.i18n import install_translators, remove_translators
from app.ui.words import rule_text, say, say_error

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import messages as catalogue  # noqa: E402  (tools/messages.py)

TS = catalogue.catalogue_path("zh_CN")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _translations() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") is None
            found[(name, message.findtext("source") or "")] = (translation.text or "") if done else ""
    return found


def test_every_sentence_of_the_services_and_the_core_has_a_chinese_translation():
    templates = catalogue.message_templates()
    assert len(templates) > 300, "tools/messages.py found suspiciously few msg() templates"
    have = _translations()
    wanted = [(catalogue.MESSAGES, t) for t in templates] + [
        (catalogue.PROTOCOL, t) for t in catalogue.protocol_texts()
    ]
    missing = [source for key in wanted if not have.get(key) for source in [key[1]]]
    assert not missing, "sentences without a Chinese translation (run tools/translations.sh):\n" + "\n".join(
        f"  {m!r}" for m in missing
    )


def test_message_translations_keep_every_placeholder_and_are_chinese():
    wrong = []
    for (_context, source), text in _translations().items():
        same_values = sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text))
        # Words (not abbreviations such as ULN, ALT, AST, which stay as they are) must come out in Chinese.
        has_words = re.search(r"[a-z]{3}", PLACEHOLDER.sub("", source)) is not None
        if not same_values or (has_words and not CHINESE.search(text)):
            wrong.append((source, text))
    assert not wrong, wrong


def test_the_message_catalogue_is_up_to_date_with_the_code():
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "messages.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_a_message_is_said_in_chinese_with_its_values_and_nested_words(chinese):
    text = msg("{first} or {second}", first="C1D1", second=msg("{first} and {second}", first="A", second="B"))
    said = say(text)
    assert "C1D1" in said and "A" in said and "B" in said
    assert " or " not in said and " and " not in said
    assert say("plain text, not a message") == "plain text, not a message"


def test_an_english_window_says_the_english(qapp):
    text = msg("{first} or {second}", first="x", second="y")
    assert say(text) == "x or y"


def test_a_translation_that_lost_a_value_falls_back_to_the_english(chinese, monkeypatch):
    from PySide6.QtCore import QCoreApplication

    monkeypatch.setattr(QCoreApplication, "translate", staticmethod(lambda _c, _t, *a: "坏的译文 {missing}"))
    assert say(Message("{first} or {second}", {"first": "x", "second": "y"})) == "x or y"


def test_a_protocol_rule_text_is_said_in_chinese(chinese):
    rule = catalogue.protocol_texts()[0]
    assert CHINESE.search(rule_text(rule))
    assert rule_text(None) == "" and rule_text("not a rule of any protocol") == "not a rule of any protocol"


def test_a_real_refusal_of_a_service_is_said_in_chinese(chinese, database):
    from app.services import users
    from app.services.audit import SystemActor

    users.create_user(
        database.uow(SystemActor("test")), "may", "May", "coord-pass-1", ["admin", "coordinator"]
    )
    coordinator = users.sign_in(database.uow(), "may", "coord-pass-1")
    subject_service.enrol_subject(
        database.uow(coordinator, "test"),
        subject_number="001",
        initials="LW",
        birth_date=date(1960, 1, 1),
        sex="female",
        baseline_weight_kg=Decimal(60),
        height_cm=Decimal(160),
        planned_c1d1=date.today(),
    )
    with pytest.raises(DoseDeskError) as refused:
        visit_service.booking_view(database.uow(coordinator), 999_999)
    english = str(refused.value)
    said = say_error(refused.value)
    assert said != english and CHINESE.search(said), (english, said)
    assert "999999" in said


def test_a_public_holiday_is_named_in_the_windows_language(qapp):
    from app.scheduling.clinic import ClinicCalendar

    clinic = ClinicCalendar("CN", ["mon", "tue", "wed", "thu", "fri"])
    why = clinic.why_closed(date(2026, 2, 17))  # the first day of the 2026 Spring Festival
    assert why is not None
    english = say(why)
    assert re.search(r"[A-Za-z]{3}", english) and not CHINESE.search(english)
    translators = install_translators(qapp, "zh_CN")
    try:
        assert say(why) == "春节"
    finally:
        remove_translators(qapp, translators)


def test_a_stored_hold_reason_is_said_in_chinese(chinese):
    from app.protocol import load_protocol
    from app.toxicity import propose_action
    from app.toxicity.rules import recall_explanation

    proposed = propose_action(load_protocol("nct07343453"), "neutropenia", 3, Decimal(5))
    stored = str(proposed.explanation)  # as the hold record keeps it
    said = say(recall_explanation(stored))
    assert "hold until" in stored and "hold until" not in said
    assert CHINESE.search(said) and "5 mg/kg" in said and "3" in said, said
