"""Rule texts said with the proposal's explanation (the toxicity form's "Rule:" line) are separate sentences, in
English and in Chinese, for every rule of the shipped protocols: they ran together ("…reduce one level if it
recurs Neutrophil count decreased grade 3: …") because the protocol files write rule texts without a full stop."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from app.errors import InputError
from app.protocol import load_protocol
from app.toxicity.rules import propose_action
from app.ui.dialogs.toxicity import rule_words
from app.ui.words import as_sentence

PROTOCOLS = sorted(
    p.stem for p in (Path(__file__).resolve().parents[2] / "resources" / "protocols").glob("*.toml")
)


def _joined_texts() -> list[str]:
    texts: list[str] = []
    for protocol_id in PROTOCOLS:
        protocol = load_protocol(protocol_id)
        level = max(protocol.regimen.dose_levels_mg_per_kg)
        for rule in protocol.toxicity.rules:
            for grade in range(rule.min_grade, rule.max_grade + 1):
                for occurrence in (1, 2):
                    try:
                        proposal = propose_action(protocol, rule.match, grade, level, occurrence)
                    except InputError:
                        continue  # a grade CTCAE does not give this term
                    texts.append(rule_words(proposal))
    return texts


def _check(texts: list[str], full_stop: str) -> None:
    assert len(texts) > 20
    for text in texts:
        for line in text.split("\n"):
            assert line.endswith(full_stop), line  # each sentence ends with its full stop
            assert not line.endswith(full_stop * 2), line
        flat = " ".join(text.split("\n"))
        assert not re.search(r"[a-z] [A-Z][a-z]", flat), flat  # "…if it recurs Neutrophil count…"
        assert ".)" not in flat and "。）" not in flat and ".;" not in flat, flat
        assert not re.search(r"[.。][.。]", flat), flat


def test_every_rule_and_its_explanation_are_sentences_in_english(qapp: Any) -> None:
    _check(_joined_texts(), ".")


def test_every_rule_and_its_explanation_are_sentences_in_chinese(qapp: Any, chinese: None) -> None:
    texts = _joined_texts()
    _check(texts, "。")
    assert all("规则：" in text for text in texts)


@pytest.mark.parametrize(
    ("text", "said"),
    [("hold", "hold."), ("hold.", "hold."), ("暂停给药", "暂停给药。"), ("5 mg/kg", "5 mg/kg."), ("", "")],
)
def test_a_text_becomes_one_sentence(text: str, said: str) -> None:
    assert as_sentence(text) == said
