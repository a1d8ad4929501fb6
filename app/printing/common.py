"""Shared pieces of every document: styles, text of figures and dates, barcode, watermarks, PDF building."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle
from reportlab.platypus import Table as _Table

from app.dosing.format import UNITS, format_number, format_quantity
from app.printing.data import Subject
from app.printing.fonts import SANS, SANS_BOLD, draw_string, register_fonts, string_width
from app.printing.richtext import RichText

INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
BAND = colors.HexColor("#e6e9ef")
ALERT = colors.HexColor("#b00020")
UNCONFIRMED_INK = colors.HexColor("#9a4a00")
VOID_INK = colors.Color(0.75, 0.0, 0.0, alpha=0.35)

UNCONFIRMED_TEXT = "UNCONFIRMED PROTOCOL — NOT FOR USE"
CANCELLED_TEXT = "CANCELLED"

PageCallback = Callable[[Canvas, Any], None]


def style(
    name: str, size: float, *, bold: bool = False, font: str | None = None, **extra: Any
) -> ParagraphStyle:
    """A paragraph style in the documents' sans font; leading 1.2 × size unless given."""
    register_fonts()
    extra.setdefault("leading", size * 1.22)
    extra.setdefault("textColor", INK)
    return ParagraphStyle(name, fontName=font or (SANS_BOLD if bold else SANS), fontSize=size, **extra)


class Table(_Table):  # type: ignore[misc]
    """reportlab's table with the documents' font as its cells' font.

    The cells hold flowables, but reportlab sets each cell's font (Helvetica unless told) even so, and that
    alone would put an unembedded base-14 font in the PDF."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SANS)]))


class Caption(Flowable):  # type: ignore[misc]
    """One line of text that never wraps (labels, column heads, calendar day numbers).

    Much cheaper than a Paragraph, which matters on pages with hundreds of cells. Text wider than the cell
    is shrunk to fit rather than cut.
    """

    def __init__(
        self,
        words: str,
        font: str,
        size: float,
        colour: Any = INK,
        *,
        centred: bool = False,
        leading: float = 1.2,
    ) -> None:
        super().__init__()
        self.words = words
        self.font = font
        self.size = size
        self.colour = colour
        self.centred = centred
        self.leading = leading
        self._width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        return available_width, self.size * self.leading

    def draw(self) -> None:
        size = self.size
        natural = string_width(self.words, self.font, size)
        if natural > self._width > 0:
            size *= self._width / natural
        canvas = self.canv
        canvas.setFillColor(self.colour)
        baseline = self.size * (self.leading - 1) / 2 + self.size * 0.22
        if self.centred:
            draw_string(canvas, self._width / 2, baseline, self.words, self.font, size, "centre")
        else:
            draw_string(canvas, 0, baseline, self.words, self.font, size)


class Labelled(Flowable):  # type: ignore[misc]
    """A small caption over a value: one cell of the order's grids, cheaper than a list of flowables."""

    def __init__(self, caption: Caption, value: Flowable) -> None:
        super().__init__()
        self.caption = caption
        self.value = value
        self._caption_height = 0.0
        self._value_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._caption_height = self.caption.wrap(available_width, available_height)[1]
        self._value_height = self.value.wrap(available_width, available_height)[1]
        return available_width, self._caption_height + self._value_height

    def draw(self) -> None:
        self.caption.drawOn(self.canv, 0, self._value_height)
        self.value.drawOn(self.canv, 0, 0)


def text(value: str) -> str:
    """Plain text made safe for paragraph markup."""
    return escape(value)


def para(markup: str, paragraph_style: ParagraphStyle) -> RichText:
    """Wrapped text in the documents' small markup (see `app.printing.richtext`)."""
    return RichText(markup, paragraph_style)


def quantity(value: Decimal | int, unit: str, places: int | None = None) -> str:
    """A figure and its unit as paragraph markup, through the one ISMP formatter."""
    if unit == "10^9/L":
        return f"{format_number(value, places)} ×10<super>9</super>/L"
    if unit in UNITS:
        return text(format_quantity(value, unit, places))
    return text(f"{format_number(value, places)} {unit}")


def plain_quantity(value: Decimal | int, unit: str, places: int | None = None) -> str:
    """A figure and its unit as plain text (for canvas strings and calendar files)."""
    if unit == "10^9/L":
        return f"{format_number(value, places)} ×10^9/L"
    if unit in UNITS:
        return format_quantity(value, unit, places)
    return f"{format_number(value, places)} {unit}"


def iso_date(value: date) -> str:
    return value.isoformat()


def date_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def day_name_date(value: date) -> str:
    """``Mon 2026-03-02``: the weekday helps a reader catch a wrong date."""
    return f"{value.strftime('%a')} {value.isoformat()}"


def subject_line(subject: Subject) -> str:
    """Both identifiers, as plain text: ``TET-007 · initials W.L. · born 1961-04-12``."""
    return f"{subject.subject_number} · {subject.initials} · born {subject.date_of_birth.isoformat()}"


def barcode(value: str, *, bar_height: float, bar_width: float, font_size: float = 8) -> Table:
    """A Code 128 barcode of `value` (with its quiet zones) and the same value printed below it."""
    code = Code128(value, barHeight=bar_height, barWidth=bar_width, humanReadable=False)
    caption = para(
        text(value),
        style(f"barcode-{font_size}", font_size, font=SANS, alignment=TA_CENTER, leading=font_size * 1.1),
    )
    table = Table([[code], [caption]], colWidths=[code.width])
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ]
        )
    )
    return table


def draw_diagonal(
    canvas: Canvas, page_width: float, page_height: float, words: str, font: str = SANS_BOLD
) -> None:
    """Large translucent words across the page along its diagonal, sized to fit inside it."""
    diagonal = math.hypot(page_width, page_height)
    size = 0.72 * diagonal / max(string_width(words, font, 1), 1)
    size = min(size, 0.35 * min(page_width, page_height))
    canvas.saveState()
    canvas.setFillColor(VOID_INK)
    canvas.translate(page_width / 2, page_height / 2)
    canvas.rotate(math.degrees(math.atan2(page_height, page_width)))
    draw_string(canvas, 0, -size * 0.35, words, font, size, "centre")
    canvas.restoreState()


def draw_band(
    canvas: Canvas, x: float, y: float, width: float, height: float, words: str, size: float
) -> None:
    """A solid warning band with white words, e.g. the unconfirmed-protocol mark."""
    canvas.saveState()
    canvas.setFillColor(UNCONFIRMED_INK)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    draw_string(
        canvas, x + width / 2, y + (height - size) / 2 + size * 0.18, words, SANS_BOLD, size, "centre"
    )
    canvas.restoreState()


def listing_table(
    rows: list[list[Any]], widths: list[float], *, top_padding: float = 2.5, side_padding: float | None = None
) -> Table:
    """A listing: the first row holds the column headings on the band and is repeated on every page; each row
    is ruled below. `side_padding`, when given, narrows the cells' left and right padding."""
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), BAND),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), top_padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if side_padding is not None:
        commands += [
            ("LEFTPADDING", (0, 0), (-1, -1), side_padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), side_padding),
        ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def build_pdf(
    make_doc: Callable[[io.BytesIO], Any],
    story: Sequence[Any],
    on_page: PageCallback | None = None,
) -> bytes:
    """Build `story` with the template `make_doc` returns and give back the PDF bytes."""
    buffer = io.BytesIO()
    doc = make_doc(buffer)
    if on_page is None:
        doc.build(list(story))
    else:
        doc.build(list(story), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


LANDSCAPE_MARGIN = 12 * mm


def render_landscape_listing(
    story: Sequence[Any],
    *,
    title: str,
    footer: str,
    page_words: Callable[[int], str] | None = None,
) -> bytes:
    """An A4 landscape listing (clinic day list, accountability log): `footer` and the page number (said by
    `page_words`, "page 2" unless given) at the foot of every page."""
    width, _height = landscape(A4)

    def on_page(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(MUTED)
        draw_string(canvas, LANDSCAPE_MARGIN, 7 * mm, footer, SANS, 7.5)
        page = page_words(doc.page) if page_words is not None else f"page {doc.page}"
        draw_string(canvas, width - LANDSCAPE_MARGIN, 7 * mm, page, SANS, 7.5, "right")
        canvas.restoreState()

    def make_doc(buffer: io.BytesIO) -> SimpleDocTemplate:
        return SimpleDocTemplate(
            buffer,
            initialFontName=SANS,  # not the base-14 Helvetica: every font of the page is embedded
            pagesize=landscape(A4),
            leftMargin=LANDSCAPE_MARGIN,
            rightMargin=LANDSCAPE_MARGIN,
            topMargin=10 * mm,
            bottomMargin=14 * mm,
            title=title,
            author="DoseDesk",
        )

    return build_pdf(make_doc, story, on_page)
