"""The app's sentences in Chinese without Qt (paper, command line): the same catalogue as the window."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from app import catalogue
from app.catalogue import protocol_text, say, translate
from app.paths import resources_dir
from app.text import Message, Term, msg


def test_a_message_is_said_in_chinese_with_its_values() -> None:
    said = say(msg("Note: {note}", note="x"), "zh")
    assert said == "注意：x"


def test_values_that_are_sentences_are_said_in_chinese_too() -> None:
    inner = msg("patient unwell on the day")
    chinese_inner = say(inner, "zh")
    assert chinese_inner != str(inner)  # the catalogue has it
    assert say(msg("Note: {note}", note=inner), "zh") == f"注意：{chinese_inner}"


def test_english_is_the_text_itself() -> None:
    message = msg("Note: {note}", note=msg("patient unwell on the day"))
    assert say(message, "en") == "Note: patient unwell on the day"
    assert say("plain", "zh") == "plain"
    assert say(None, "zh") == ""


def test_a_ctcae_term_is_said_by_its_chinese_name() -> None:
    from app.toxicity.ctcae import find_term

    term = find_term("Neutrophil count decreased")
    assert term is not None and term.chinese is not None
    assert say(Term("Neutrophil count decreased"), "zh") == term.chinese.name
    assert say(Term("A protocol's own name"), "zh") == "A protocol's own name"


def test_a_template_the_catalogue_lacks_stays_english() -> None:
    message = Message("A sentence no catalogue has {n}", {"n": 3})
    assert say(message, "zh") == "A sentence no catalogue has 3"


def test_a_translation_that_lost_a_field_gives_the_english(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = dict(catalogue._chinese())
    broken[("messages", "Note: {note}")] = "注意：{other}"
    monkeypatch.setattr(catalogue, "_chinese", lambda: broken)
    assert say(msg("Note: {note}", note="x"), "zh") == "Note: x"


def test_the_protocol_texts_come_from_the_protocol_context() -> None:
    english = "Neutropenia grade 4: hold until ≤ grade 1, resume one level lower"
    assert protocol_text(english, "zh").startswith("中性粒细胞减少症 4 级")
    assert protocol_text(english, "en") == english
    assert translate("messages", english, "zh") == english  # not a message template


def test_unfinished_entries_are_not_used() -> None:
    root = ElementTree.parse(resources_dir() / "translations" / catalogue.CATALOGUE_FILE).getroot()
    unfinished = [
        (context.findtext("name"), m.findtext("source"))
        for context in root.iter("context")
        for m in context.iter("message")
        if (m.find("translation") is not None and m.find("translation").get("type") == "unfinished")  # type: ignore[union-attr]
    ]
    for context, source in unfinished:
        assert (context, source) not in catalogue._chinese()
