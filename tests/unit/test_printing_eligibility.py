"""The eligibility checklist read back from its PDF, in English and Chinese: every criterion, the evaluation's
figures and reasons in the paper's language, the evidence with its source, the decision and the monitor's boxes."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime

from pypdf import PdfReader

from app.catalogue import protocol_text, say
from app.printing.eligibility import render_eligibility_checklist
from app.printing.samples import sample_eligibility_checklist
from app.text import msg


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def squeezed(text: str) -> str:
    """Text without any white space: a wrapped cell reads back with breaks where the line ended."""
    return re.sub(r"\s+", "", text)


def test_every_criterion_of_the_protocol_is_on_the_checklist_with_its_status() -> None:
    sheet = sample_eligibility_checklist()
    text = squeezed(pdf_text(render_eligibility_checklist(sheet, "en")))
    ids = [item.id for item in sheet.result.items]
    assert len(ids) >= 28  # I1–I11 and E1–E17, some in several items
    for item_id in ids:
        assert squeezed(item_id) in text, item_id
    assert "Allcriteriametornotapplicable" in text
    assert squeezed("QTcF 410 ms") in text
    assert "NOTMET" not in text
    assert squeezed("Eligible: signed by 主要研究者 张伟 on 2026-03-09 16:20") in text
    assert squeezed("imported from the laboratory") in text and "typed" in text
    assert squeezed("Source verified by (monitor):") in text


def test_a_criterion_not_met_is_marked_and_named_in_the_evaluation() -> None:
    sheet = sample_eligibility_checklist()
    item = next(i for i in sheet.result.items if i.id == "I8.platelets")
    failed = replace(item, status="not_met", value=msg("{value}", value="80 ×10⁹/L"))
    result = replace(
        sheet.result,
        eligible=False,
        items=tuple(failed if i.id == item.id else i for i in sheet.result.items),
    )
    text = squeezed(
        pdf_text(render_eligibility_checklist(replace(sheet, result=result, decision="undecided"), "en"))
    )
    assert squeezed("Not eligible: I8.platelets not met") in text
    assert "NOTMET" in text
    assert squeezed("No decision yet: eligibility is not signed.") in text


def test_the_chinese_checklist_says_the_criteria_and_reasons_in_chinese() -> None:
    sheet = sample_eligibility_checklist()
    text = squeezed(pdf_text(render_eligibility_checklist(sheet, "zh")))
    assert "入选资格核查表" in text and "全部标准符合或不适用" in text
    translated = 0
    for item in sheet.result.items:
        chinese = protocol_text(item.text, "zh")
        if chinese != item.text:
            translated += 1
            assert squeezed(chinese) in text, item.id
        why = say(item.why, "zh")
        if why and why != str(item.why):
            assert squeezed(why) in text, item.id
    assert translated == len(sheet.result.items)  # the catalogue has every criterion's Chinese
    assert "Eligibilitychecklist" not in text
    assert squeezed("符合入选资格：主要研究者 张伟 于 2026-03-09 16:20 签署") in text


def test_a_screen_failure_prints_its_reason_in_the_papers_language() -> None:
    reason = msg("eligibility criteria not met")
    sheet = replace(
        sample_eligibility_checklist(),
        decision="screen_failure",
        decision_words=reason,
        decided_at=datetime(2026, 3, 9, 11, 0),
    )
    english = squeezed(pdf_text(render_eligibility_checklist(sheet, "en")))
    assert (
        squeezed(
            "Screen failure: eligibility criteria not met. Recorded by 主要研究者 张伟 on 2026-03-09 11:00"
        )
        in english
    )
    chinese = squeezed(pdf_text(render_eligibility_checklist(sheet, "zh")))
    assert squeezed(f"筛选失败：{say(reason, 'zh')}") in chinese


def test_an_unconfirmed_protocol_is_banded_and_unconfirmed_values_are_footnoted() -> None:
    sheet = replace(sample_eligibility_checklist(), protocol_confirmed=False)
    text = squeezed(pdf_text(render_eligibility_checklist(sheet, "en")))
    assert squeezed("UNCONFIRMED PROTOCOL — NOT FOR USE") in text
    assert any(item.unconfirmed for item in sheet.result.items)
    assert squeezed("* a value of this criterion is not confirmed by a public source") in text
