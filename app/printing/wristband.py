"""A subject's wristband insert and ID card (one page, 85.6 × 54 mm, the size of a bank card): the two patient
identifiers, allergies, the trial, and a barcode the nurse scans at the bedside before an infusion starts.

English or Simplified Chinese (the patient carries it); the barcode and the subject number are the same in both.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame

from app.printing.common import ALERT, MUTED, barcode, date_time, iso_date, para, style, text
from app.printing.data import Language, Wristband
from app.printing.fonts import SANS, SANS_BOLD

CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
MARGIN = 3 * mm


@dataclass(frozen=True)
class _Words:
    title: str
    subject: str
    initials: str
    born: str
    allergies: str
    no_allergies: str
    not_recorded: str
    trial: str
    scan: str
    printed: str
    colon: str


_WORDS: dict[Language, _Words] = {
    "en": _Words(
        title="Clinical trial participant",
        subject="Subject",
        initials="Initials",
        born="Born",
        allergies="Allergies",
        no_allergies="no known drug allergies",
        not_recorded="NOT RECORDED — ask before any infusion",
        trial="Trial",
        scan="Scanned at the bedside before each infusion",
        printed="Printed",
        colon=": ",
    ),
    "zh": _Words(
        title="临床试验受试者",
        subject="受试者编号",
        initials="姓名缩写",
        born="出生日期",
        allergies="过敏",
        no_allergies="无已知药物过敏",
        not_recorded="未记录——每次输注前请询问",
        trial="试验",
        scan="每次输注前在床旁扫描",
        printed="打印于",
        colon="：",
    ),
}


def _story(band: Wristband, language: Language, width: float) -> list[Any]:
    words = _WORDS[language]
    regular = SANS
    bold = SANS_BOLD
    small = style(f"band-small-{language}", 6, font=regular, textColor=MUTED, leading=7.2)
    body = style(f"band-body-{language}", 7.5, font=regular, leading=9)
    big = style(f"band-big-{language}", 13, font=bold, leading=15)
    alert = style(f"band-alert-{language}", 7.5, font=bold, textColor=ALERT, leading=9)
    subject = band.subject
    if band.allergies is None:
        allergies = para(f"{text(words.allergies)}{words.colon}{text(words.not_recorded)}", alert)
    elif not band.allergies:
        allergies = para(f"{text(words.allergies)}{words.colon}{text(words.no_allergies)}", body)
    else:
        allergies = para(f"{text(words.allergies)}{words.colon}{text(', '.join(band.allergies))}", alert)
    code = barcode(band.code, bar_height=9 * mm, bar_width=0.3 * mm, font_size=7)
    return [
        para(f"{text(words.title)} · {text(words.trial)} {text(band.trial)}", small),
        para(f"{text(words.subject)} <b>{text(subject.subject_number)}</b>", big),
        para(
            f"{text(words.initials)} <b>{text(subject.initials)}</b> · {text(words.born)} "
            f"<b>{iso_date(subject.date_of_birth)}</b>",
            body,
        ),
        allergies,
        code,
        para(
            " · ".join(
                part
                for part in (
                    text(words.scan),
                    text(band.clinic_name),
                    f"{text(words.printed)} {date_time(band.printed_at)}",
                )
                if part
            ),
            small,
        ),
    ]


def render_wristband(band: Wristband, language: Language = "en") -> bytes:
    """The wristband insert / ID card of one subject, as a one-page PDF the size of a bank card."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(CARD_WIDTH, CARD_HEIGHT), initialFontName=SANS)
    canvas.setTitle(f"Wristband {band.subject.subject_number}")
    canvas.setAuthor("DoseDesk")
    width, height = CARD_WIDTH - 2 * MARGIN, CARD_HEIGHT - 2 * MARGIN
    frame = Frame(MARGIN, MARGIN, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList(_story(band, language, width), canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


__all__ = ["render_wristband"]
