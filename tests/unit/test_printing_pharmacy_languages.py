"""The pharmacy's paper in English, Chinese and both: the word table is whole, the bag label carries what a
nurse checks at the bedside (the subject on one line, the lots, the use-before date and time, storage, the
hazardous-drug warning with its symbol) legibly on 100 × 70 mm, and the day list says held, awaiting labs and
criteria not met as the Today screen does."""

from __future__ import annotations

import io
import re
import string
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from pypdf import PdfReader

from app.printing import LabelSize, render_day_list, render_label
from app.printing.pharmacy_words import (
    LAB_WORDS,
    MOVEMENT_WORDS,
    ORDER_STATUS_WORDS,
    PAPER_LANGUAGES,
    STEP_WORDS,
    VISIT_KIND_WORDS,
    VISIT_STATUS_WORDS,
    WORDS,
    heading,
    pick,
    sentence,
    word,
)
from app.printing.samples import label_from_order, sample_day, sample_order
from app.text import msg

_FIELDS = string.Formatter()


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in _FIELDS.parse(template) if name}


@pytest.mark.parametrize(
    "table",
    [WORDS, ORDER_STATUS_WORDS, VISIT_KIND_WORDS, VISIT_STATUS_WORDS, LAB_WORDS, STEP_WORDS, MOVEMENT_WORDS],
)
def test_every_word_has_its_chinese_with_the_same_fields(table: dict[str, tuple[str, str]]) -> None:
    for key, (english, chinese) in table.items():
        assert english.strip() and chinese.strip(), key
        assert _fields(english) == _fields(chinese), key
        # Said in Chinese: no English word of the English left in it (codes such as AST, ULN and units stay).
        left = set(re.findall(r"\b[a-z]{3,}\b", re.sub(r"\{[^}]*\}", "", chinese)))
        assert not left & set(re.findall(r"\b[a-z]{3,}\b", english)), key


def test_both_puts_the_chinese_first_and_the_english_beside_or_beneath() -> None:
    assert word("lot_number", "en") == "Lot number"
    assert word("lot_number", "zh") == "批号"
    assert word("lot_number", "both") == "批号 / Lot number"
    assert pick(("AST", "AST"), "both") == "AST"  # said once when the words are the same
    assert heading("order_title", "both", 9) == '输液医嘱单<br/><font size="9">INFUSION ORDER</font>'
    assert word("page", "zh", page=2) == "第 2 页"


def test_sentences_of_the_services_are_said_in_the_papers_language() -> None:
    held = msg("Treatment is held at this visit.")
    assert sentence(held, "en") == "Treatment is held at this visit."
    assert sentence(held, "zh") == "本次访视暂停给药。"
    assert sentence(held, "both") == "本次访视暂停给药。 / Treatment is held at this visit."
    assert sentence("typed by a nurse", "zh") == "typed by a nurse"  # not a template: as it is


def _pieces(data: bytes) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text drawn on the first page."""
    found: list[tuple[float, float, str]] = []

    def visit(words: str, cm: list[float], tm: list[float], _font: Any, _size: Any) -> None:
        if words.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((round(x, 1), round(y, 1), words.strip()))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return found


def _label(**changes: Any) -> Any:
    sheet = sample_order()
    label = label_from_order(sheet)
    subject = replace(label.subject, hospital_number="8812345")
    return replace(
        label,
        subject=subject,
        storage=msg("store at 2–8 °C: use within {fridge} after dilution", fridge="24 h"),
        **changes,
    )


@pytest.mark.parametrize("language", PAPER_LANGUAGES)
def test_the_bag_label_carries_what_the_bedside_checks(language: str) -> None:
    label = _label()
    data = render_label(label, LabelSize(), language)  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width == pytest.approx(100 * 72 / 25.4) and height == pytest.approx(70 * 72 / 25.4)
    pieces = _pieces(data)
    text = " ".join(words for _x, _y, words in pieces)
    # The subject's identifiers on one line: every piece of it drawn at the same height.
    subject_rows = {y for _x, y, words in pieces if "TET-007" in words or "8812345" in words}
    assert len(subject_rows) == 1, pieces
    assert "1961-04-12" in text and "W.L." in text
    for lot in label.lots:
        assert lot.lot_number in text
    assert label.beyond_use is not None and label.beyond_use.strftime("%Y-%m-%d %H:%M") in text
    english = {"en": True, "zh": False, "both": True}[language]
    chinese = language != "en"
    assert ("CYTOTOXIC" in text) == english and ("细胞毒性药物" in text) == chinese
    assert ("after dilution" in text) == english and ("稀释后" in text) == chinese
    # Nothing drawn outside the label.
    assert all(0 <= x <= width and 0 <= y <= height for x, y, _words in pieces)
    # The hazard symbol is drawn (a filled triangle path), not an image.
    resources = page["/Resources"].get_object()
    assert "/XObject" not in resources
    assert re.search(rb" m [\d.]+ [\d.]+ l [\d.]+ [\d.]+ l h\s+f", page.get_contents().get_data())


def test_the_bag_label_leaves_lines_to_write_on_before_preparation() -> None:
    text = " ".join(w for _x, _y, w in _pieces(render_label(_label(lots=(), beyond_use=None, preparer=None))))
    assert "Lot: ________________" in text and "Use by ________________" in text
    assert "Prepared by ____" in text


def test_the_small_label_still_fits_in_every_language() -> None:
    for language in PAPER_LANGUAGES:
        data = render_label(_label(), LabelSize(width_mm=62, height_mm=40), language)  # type: ignore[arg-type]
        assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_the_day_list_says_held_awaiting_labs_and_use_before() -> None:
    day = sample_day()
    held_visit = replace(day.visits[2], held=True, warnings=(msg("Treatment is held at this visit."),))
    first = replace(
        day.preparations[0],
        use_before=datetime(2026, 3, 16, 13, 50),
        use_before_state="soon",
        minutes_left=75,
        criteria_met=True,
    )
    second = replace(day.preparations[1], awaiting_labs=True, criteria_met=False, held=True)
    third = replace(day.preparations[1], order_id="ORD-000140", criteria_met=False)
    day = replace(day, visits=(*day.visits[:2], held_visit), preparations=(first, second, third))
    english = " ".join(w for _x, _y, w in _pieces(render_day_list(day)))
    assert "Treatment is held at this visit." in english and "not booked" not in english
    assert "2026-03-16 13:50" in english and "(1 h 15 min left)" in english
    assert "criteria met" in english and "awaiting labs" in english and "criteria NOT met" in english
    assert "Treatment is held" in english
    chinese = " ".join(w for _x, _y, w in _pieces(render_day_list(day, "zh"))).replace(" ", "")
    assert "本次访视暂停给药" in chinese and "等待检验结果" in chinese and "不符合给药标准" in chinese
    assert "剩余1小时15分" in chinese
