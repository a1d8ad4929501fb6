"""Fonts of the paper: every document, in English and in Chinese, read back from the PDF.

Every font a document uses must be embedded (a FontFile2 in its descriptor; `pdffonts` says ``emb yes``), be
one of the shipped fonts of resources/fonts, and have a glyph for every character it draws — Chinese names,
allergies and reasons on the English pharmacy paper included.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase.ttfonts import TTFontFace

from app.paths import resources_dir
from app.printing import (
    Signature,
    Subject,
    Wristband,
    render_calendar,
    render_day_list,
    render_label,
    render_order,
    render_wristband,
)
from app.printing.accountability import AccountabilityLog, LogLine, render_accountability
from app.printing.eligibility import render_eligibility_checklist
from app.printing.samples import (
    label_from_order,
    sample_calendar,
    sample_day,
    sample_draft_order,
    sample_eligibility_checklist,
    sample_order,
)
from app.text import msg

FONTS = resources_dir() / "fonts"
# The PostScript names of the shipped fonts (what a PDF names them, after the subset tag).
SANS = "LiberationSans"
SANS_BOLD = "LiberationSans-Bold"
CJK = "DroidSansFallback"
NURSE = "护士 李梅"
ALLERGY = "青霉素（皮疹）"
SUBJECT = Subject("TET-007", "W.L.", date(1961, 4, 12), "住院号 8812")


@cache
def shipped_faces() -> dict[str, frozenset[int]]:
    """PostScript name → the code points of each TrueType font in resources/fonts."""
    faces = {}
    for file in sorted(FONTS.glob("*.ttf")):
        face = TTFontFace(str(file))
        faces[face.name.decode()] = frozenset(face.charToGlyph)
    return faces


def _order(language: str = "en") -> bytes:
    sheet = sample_order(
        subject=SUBJECT,
        allergies=(ALLERGY, "penicillin"),
        administered=Signature("started", NURSE, datetime(2026, 3, 16, 10, 30)),
        stop_reason="患者要求停止输注",
        reactions=("10:40 寒战，发热 38.5 °C",),
    )
    return render_order(sheet, language)  # type: ignore[arg-type]


def _cancelled_draft_order(language: str = "en") -> bytes:
    # The unconfirmed-protocol bands and the CANCELLED mark across the page.
    return render_order(
        sample_draft_order(status="cancelled", protocol_signed_off=False, allergies=(ALLERGY,)),
        language,  # type: ignore[arg-type]
    )


def _label(language: str = "en") -> bytes:
    label = label_from_order(sample_order(subject=SUBJECT))
    return render_label(replace(label, preparer="周敏", storage="2–8 °C 避光保存"), None, language)  # type: ignore[arg-type]


def _void_label(language: str = "en") -> bytes:
    label = label_from_order(sample_order(status="cancelled", protocol_signed_off=False))
    return render_label(
        replace(label, checker="王芳", checked_at=datetime(2026, 3, 16, 10, 0)),
        None,
        language,  # type: ignore[arg-type]
    )


def _day_list(language: str = "en") -> bytes:
    day = sample_day()
    visits = (
        replace(
            day.visits[0], subject=SUBJECT, warnings=("出院后复诊", msg("Treatment is held at this visit."))
        ),
        *day.visits[1:],
    )
    first = replace(
        day.preparations[0],
        use_before=datetime(2026, 3, 16, 13, 50),
        use_before_state="soon",
        minutes_left=75,
        criteria_met=True,
    )
    second = replace(day.preparations[1], awaiting_labs=True, criteria_met=False, held=True)
    day = replace(day, clinic_name="肿瘤科 I 期病房", visits=visits, preparations=(first, second))
    return render_day_list(day, language)  # type: ignore[arg-type]


def _accountability(language: str = "en") -> bytes:
    lines = (
        LogLine(1, datetime(2026, 3, 1, 9, 0), "receipt", 10, 0, 10, None, "SHIP-1", "", "药剂师 王芳", ""),
        LogLine(
            2,
            datetime(2026, 3, 16, 9, 50),
            "waste",
            0,
            1,
            9,
            Decimal(114),
            "ORD-000123 TET-007 C3D15",
            "瓶身破损",
            "周敏",
            "周敏, 2026-03-16 09:50",
        ),
    )
    log = AccountabilityLog(
        "NCT07343453",
        "nct07343453",
        "sacituzumab tirumotecan",
        "SKB2601A",
        Decimal(200),
        date(2027, 6, 30),
        "quarantine",
        "冷链温度超标",
        ("SHIP-1",),
        lines,
        10,
        0,
        0,
        0,
        9,
        Decimal(114),
        ("差异：账面 9 瓶",),
        datetime(2026, 3, 16, 12, 0),
    )
    return render_accountability(log, language)  # type: ignore[arg-type]


def _wristband(language: str) -> Callable[[], bytes]:
    def render() -> bytes:
        band = Wristband(
            SUBJECT,
            "TET-007",
            "NCT07343453",
            "sac-TMT",
            (ALLERGY,),
            "肿瘤科门诊",
            datetime(2026, 3, 16, 9, 0),
        )
        return render_wristband(band, language)  # type: ignore[arg-type]

    return render


DOCUMENTS: dict[str, tuple[Callable[[], bytes], tuple[str, ...]]] = {
    # name: (render, words that must read back)
    "order": (_order, (NURSE, ALLERGY, "患者要求停止输注", "住院号 8812", "INFUSION ORDER")),
    "cancelled draft order": (_cancelled_draft_order, (ALLERGY, "CANCELLED", "UNCONFIRMED PROTOCOL")),
    "bag label": (_label, ("周敏", "避光保存", "住院号 8812")),
    "void bag label": (_void_label, ("王芳", "CANCELLED", "UNCONFIRMED PROTOCOL")),
    "calendar en": (lambda: render_calendar(sample_calendar(), "en"), ("Your visit calendar",)),
    "calendar zh": (
        lambda: render_calendar(sample_calendar(), "zh"),
        ("您的就诊日历", "下次就诊", "芦康沙妥珠单抗"),
    ),
    "clinic day list": (
        _day_list,
        ("肿瘤科 I 期病房", "出院后复诊", "Clinic day list", "Treatment is held", "awaiting labs", "left"),
    ),
    "accountability log": (_accountability, ("药剂师 王芳", "瓶身破损", "冷链温度超标", "差异：账面 9 瓶")),
    # The pharmacy's paper in Chinese, and both languages together.
    "order zh": (lambda: _order("zh"), (NURSE, ALLERGY, "输液医嘱单", "给药标准", "芦康沙妥珠单抗", "签名")),
    "order both": (lambda: _order("both"), ("输液医嘱单", "INFUSION ORDER", "签名 / Signatures")),
    "cancelled draft order zh": (lambda: _cancelled_draft_order("zh"), ("已作废", "方案未确认")),
    "bag label zh": (lambda: _label("zh"), ("周敏", "住院号 8812", "细胞毒性药物", "批号", "SKB2601A")),
    "bag label both": (lambda: _label("both"), ("细胞毒性药物", "CYTOTOXIC", "批号 / Lot")),
    "void bag label zh": (lambda: _void_label("zh"), ("王芳", "已作废")),
    "clinic day list zh": (
        lambda: _day_list("zh"),
        ("门诊日清单", "本次访视暂停给药", "等待检验结果", "暂停治疗", "剩余"),
    ),
    "clinic day list both": (lambda: _day_list("both"), ("门诊日清单", "Clinic day list", "给药条件")),
    "accountability log zh": (
        lambda: _accountability("zh"),
        ("试验用药品清点记录", "药剂师 王芳", "结存数不符", "余量"),
    ),
    "accountability log both": (
        lambda: _accountability("both"),
        ("试验用药品清点记录", "Investigational product accountability log"),
    ),
    "wristband en": (_wristband("en"), (ALLERGY, "肿瘤科门诊", "TET-007")),
    "wristband zh": (_wristband("zh"), (ALLERGY, "受试者", "TET-007")),
    "eligibility checklist en": (
        lambda: render_eligibility_checklist(sample_eligibility_checklist(), "en"),
        ("Eligibility checklist", "主要研究者 张伟", "检验科接口"),
    ),
    "eligibility checklist zh": (
        lambda: render_eligibility_checklist(sample_eligibility_checklist(), "zh"),
        ("入选资格核查表", "中性粒细胞", "TET-007"),
    ),
}


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _page_fonts(page: Any) -> dict[str, Any]:
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    return {name: ref.get_object() for name, ref in fonts.get_object().items()} if fonts is not None else {}


def _base_name(font: Any) -> str:
    """The PostScript name without the subset tag: AAAAAA+LiberationSans → LiberationSans."""
    return str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]


def _embedded(font: Any) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def drawn_text(data: bytes) -> list[tuple[str, str]]:
    """(text, font's PostScript name) of every piece of text the document shows."""
    pieces: list[tuple[str, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            pieces.append((text, _base_name(font) if font is not None else "?"))

    for page in _reader(data).pages:
        page.extract_text(visitor_text=visit)
    return pieces


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in _reader(data).pages))


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def document(request: pytest.FixtureRequest) -> tuple[str, bytes, tuple[str, ...]]:
    render, words = DOCUMENTS[request.param]
    return request.param, render(), words


def test_every_font_of_every_document_is_embedded_and_shipped(
    document: tuple[str, bytes, tuple[str, ...]],
) -> None:
    name, data, _words = document
    used = {}
    for page in _reader(data).pages:
        for font in _page_fonts(page).values():
            used[_base_name(font)] = _embedded(font)
    assert used, name
    not_embedded = sorted(font for font, embedded in used.items() if not embedded)
    assert not not_embedded, f"{name}: fonts not embedded: {not_embedded}"
    foreign = sorted(set(used) - set(shipped_faces()))
    assert not foreign, f"{name}: fonts that are not in resources/fonts: {foreign}"


def test_every_drawn_character_is_in_the_font_that_draws_it(
    document: tuple[str, bytes, tuple[str, ...]],
) -> None:
    name, data, _words = document
    faces = shipped_faces()
    pieces = drawn_text(data)
    assert pieces, name
    missing = sorted(
        {
            f"{character!r} (U+{ord(character):04X}) in {font}"
            for text, font in pieces
            for character in text
            if not character.isspace() and ord(character) not in faces.get(font, frozenset())
        }
    )
    assert not missing, f"{name}: characters drawn without a glyph: {missing}"


def test_every_document_reads_back_its_words(document: tuple[str, bytes, tuple[str, ...]]) -> None:
    name, data, words = document
    text = pdf_text(data)
    for expected in words:
        assert expected in text, f"{name}: {expected!r} not in the text read back"
    assert "■" not in text and "\ufffd" not in text


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) lists a PDF's fonts")
def test_pdffonts_reports_every_font_embedded(
    document: tuple[str, bytes, tuple[str, ...]], tmp_path: Path
) -> None:
    name, data, _words = document
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(data)
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]  # after the heading and its rule
    assert rows, f"{name}: pdffonts lists no font"
    # name type encoding emb sub uni object generation: "emb" is the fifth field from the end
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not not_embedded, f"{name}: pdffonts says not embedded:\n" + "\n".join(not_embedded)


def test_a_chinese_nurse_and_allergy_on_an_english_order_are_chinese_characters() -> None:
    data = _order()
    text = pdf_text(data)
    assert NURSE in text
    assert ALLERGY in text
    drawn = drawn_text(data)
    chinese = {font for piece, font in drawn if any(character in piece for character in "护士李梅青霉素")}
    assert chinese == {CJK}
    # The English around them stays in the Latin font.
    assert {font for piece, font in drawn if "INFUSION ORDER" in piece} == {SANS_BOLD}


def _text_operations(data: bytes) -> list[tuple[str, int]]:
    """(font's PostScript name, text render mode) of every text-showing operation."""
    shown: list[tuple[str, int]] = []
    reader = _reader(data)
    for page in reader.pages:
        fonts = {name: _base_name(font) for name, font in _page_fonts(page).items()}
        font, mode = "?", 0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = fonts.get(str(operands[0]), "?")
            elif operator == b"Tr":
                mode = int(operands[0])
            elif operator == b"ET":
                pass
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                shown.append((font, mode))
            elif operator == b"Q":
                mode = 0
    return shown


def test_bold_chinese_is_emboldened_and_regular_chinese_is_not() -> None:
    # The calendar's title and headings are bold, its body regular; the CJK font has one weight.
    shown = set(_text_operations(render_calendar(sample_calendar(), "zh")))
    assert (CJK, 2) in shown  # filled and stroked
    assert (CJK, 0) in shown  # filled only
    # Latin bold is the real bold face, never stroked.
    assert (SANS_BOLD, 0) in shown
    assert (SANS_BOLD, 2) not in shown and (SANS, 2) not in shown


def test_font_runs_put_each_script_in_its_font() -> None:
    from app.printing.fonts import font_runs, string_width

    assert font_runs("Started 护士 李梅, 10:30", SANS) == [
        ("Started ", SANS),
        ("护士 李梅", CJK),
        (", 10:30", SANS),
    ]
    assert font_runs("plain English", SANS_BOLD) == [("plain English", SANS_BOLD)]
    # A mixed string measures as the sum of its runs.
    assert string_width("A护", SANS, 10) == pytest.approx(
        string_width("A", SANS, 10) + string_width("护", SANS, 10)
    )
    assert string_width("护", SANS, 10) > string_width("A", SANS, 10)


def test_shipped_fonts_carry_their_licences() -> None:
    for font in (
        "LiberationSans-Regular",
        "LiberationSans-Bold",
        "LiberationSans-Italic",
        "DroidSansFallback",
    ):
        assert (FONTS / f"{font}.ttf").is_file()
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "LiberationSans-LICENSE.txt").read_text(
        encoding="utf-8"
    )
    assert "Apache License" in (FONTS / "DroidSansFallback-LICENSE.txt").read_text(encoding="utf-8")


def test_quotes_in_the_latin_font_stay_with_the_chinese_they_enclose() -> None:
    from app.printing.common import para, style
    from app.printing.richtext import RichText

    body = style("quotes", 10)
    sentence = "请带上“出院小结”和“用药清单”，" * 6
    for width in range(60, 240, 7):
        block = para(sentence, body)
        assert isinstance(block, RichText)
        block.wrap(float(width), 1000.0)
        for line in block._lines:
            words = "".join(piece.text for piece in line)
            assert not words.startswith(("”", "，")), (width, words)
            assert not words.endswith("“"), (width, words)
