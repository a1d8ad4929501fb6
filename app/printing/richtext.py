"""A fast wrapped-text flowable for the small markup our documents use.

reportlab's Paragraph parses full markup through an HTML parser and re-wraps through a general engine; an order
page has a hundred short cells, and that cost dominated rendering. `RichText` understands exactly the tags the
documents write — ``<b>``, ``<i>``, ``<font color="#rrggbb">``, ``<super>``, ``<br/>`` and the entities
``&amp; &lt; &gt; &quot; &nbsp;`` — wraps at spaces (and between Chinese characters, never before closing
punctuation nor after opening punctuation), and draws the whole block as one text object. Each run of text is
drawn in the font that has its characters (`app.printing.fonts.font_runs`): Latin in the style's face, Chinese
in the CJK font, emboldened by stroking where the face is bold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from app.printing.fonts import (
    CJK,
    EMBOLDEN,
    SANS,
    SANS_BOLD,
    SANS_BOLD_ITALIC,
    SANS_ITALIC,
    font_runs,
    is_bold,
    register_fonts,
)

_FAMILY = (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC)
_FAMILIES: dict[str, tuple[str, str, str, str]] = {face: _FAMILY for face in _FAMILY}
_MARKUP = re.compile(r"<(/?)(b|i|super|font)\b([^>]*)>|<br\s*/>|[^<]+", re.IGNORECASE)
_COLOUR = re.compile(r"""color\s*=\s*["']?(#[0-9a-fA-F]{6})""")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A CJK character with any closing punctuation glued to it, a run of other non-space text, or spaces.
_OPENING = "（《「『“‘"
_CLOSING = "，。、；：！？）》」』”’"
_PIECES = re.compile(rf"[{_OPENING}]*[{_CJK}][{_CLOSING}]*|[^\s{_CJK}]+|\s+")
_SPACES = re.compile(r"[ \t\r\n]+")
SUPER_SCALE = 0.62


@dataclass(frozen=True)
class _Run:
    text: str
    font: str
    size: float
    colour: Any
    rise: float
    embolden: bool = False


@dataclass(frozen=True)
class _Piece:
    text: str
    font: str
    size: float
    colour: Any
    rise: float
    width: float
    space: bool
    embolden: bool = False


_BREAK = object()


def _runs(markup: str, style: ParagraphStyle) -> list[Any]:
    """The markup as runs of one font, size and colour; `_BREAK` marks a forced line break."""
    register_fonts()
    family = _FAMILIES.get(style.fontName, (style.fontName,) * 4)
    bold = 1 if is_bold(style.fontName) else 0
    italic = 0
    superscript = 0
    colours: list[Any] = [style.textColor]
    out: list[Any] = []
    for match in _MARKUP.finditer(markup):
        closing, tag, attributes = match.group(1), (match.group(2) or "").lower(), match.group(3)
        whole = match.group(0)
        if tag:
            step = -1 if closing else 1
            if tag == "b":
                bold += step
            elif tag == "i":
                italic += step
            elif tag == "super":
                superscript += step
            elif closing:
                if len(colours) > 1:
                    colours.pop()
            else:
                found = _COLOUR.search(attributes or "")
                colours.append(colors.HexColor(found.group(1)) if found else colours[-1])
            continue
        if whole.startswith("<br"):
            out.append(_BREAK)
            continue
        words = _SPACES.sub(" ", unescape(whole))
        if not words:
            continue
        font = family[(1 if bold > 0 else 0) + (2 if italic > 0 else 0)]
        size = style.fontSize * (SUPER_SCALE if superscript > 0 else 1)
        rise = style.fontSize * 0.38 if superscript > 0 else 0.0
        for part, face in font_runs(words, font):
            out.append(_Run(part, face, size, colours[-1], rise, face == CJK and is_bold(font)))
    return out


class RichText(Flowable):  # type: ignore[misc]
    """Wrapped text in one ParagraphStyle (font, size, leading, colour, alignment, space before/after)."""

    def __init__(self, markup: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style
        self._runs = _runs(markup, style)
        self._lines: list[list[_Piece]] = []
        self._measured: list[Any] | None = None
        self._wrapped_for: float | None = None
        self._width = 0.0

    def _pieces(self) -> list[Any]:
        """`_BREAK`, a space piece, or a word: a list of pieces with no break allowed between them (opening
        punctuation and what follows it, closing punctuation and what precedes it, even where the two are in
        different fonts, as “ and 药 are)."""
        items: list[Any] = []
        for run in self._runs:
            if run is _BREAK:
                items.append(_BREAK)
                continue
            for found in _PIECES.finditer(run.text):
                text = found.group(0)
                space = text.isspace()
                if space:
                    text = " "
                width = pdfmetrics.stringWidth(text, run.font, run.size)
                piece = _Piece(text, run.font, run.size, run.colour, run.rise, width, space, run.embolden)
                previous = items[-1] if items else None
                if space:
                    items.append(piece)
                elif isinstance(previous, list) and found.start() == 0 and _glued(previous[-1].text, text):
                    previous.append(piece)
                else:
                    items.append([piece])
        return items

    def _one_line(self, width: float) -> list[list[_Piece]] | None:
        """The common case, cheaply: no forced break and everything fits on one line."""
        if any(run is _BREAK for run in self._runs):
            return None
        line: list[_Piece] = []
        used = 0.0
        last = len(self._runs) - 1
        for index, run in enumerate(self._runs):
            words = run.text
            if index == 0:
                words = words.lstrip(" ")
            if index == last:
                words = words.rstrip(" ")
            if not words:
                continue
            piece_width = pdfmetrics.stringWidth(words, run.font, run.size)
            used += piece_width
            if used > width + 0.01:
                return None
            line.append(
                _Piece(words, run.font, run.size, run.colour, run.rise, piece_width, False, run.embolden)
            )
        return [line]

    def _wrap_lines(self, width: float) -> list[list[_Piece]]:
        single = self._one_line(width)
        if single is not None:
            return single
        if self._measured is None:
            self._measured = self._pieces()
        lines: list[list[_Piece]] = [[]]
        used = 0.0
        for item in self._measured:
            if item is _BREAK:
                lines.append([])
                used = 0.0
                continue
            line = lines[-1]
            if isinstance(item, _Piece):  # a space
                if line:
                    line.append(item)
                    used += item.width
                continue
            word_width = sum(piece.width for piece in item)
            if line and used + word_width > width + 0.01:
                while line and line[-1].space:
                    line.pop()
                lines.append(list(item))
                used = word_width
                continue
            line.extend(item)
            used += word_width
        for line in lines:
            while line and line[-1].space:
                line.pop()
        return lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self._wrapped_for != available_width:
            self._lines = self._wrap_lines(available_width)
            self._wrapped_for = available_width
        self._width = available_width
        return available_width, len(self._lines) * self.style.leading

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # Cells and labels are short; a block that does not fit moves whole to the next frame.
        return []

    def draw(self) -> None:
        leading = self.style.leading
        size = self.style.fontSize
        height = len(self._lines) * leading
        alignment = self.style.alignment
        # One text object for the whole block: far cheaper than a drawString per run.
        block = self.canv.beginText()
        font: tuple[str, float] | None = None
        colour: Any = None
        stroked = False
        emboldened = any(piece.embolden for line in self._lines for piece in line)
        for index, line in enumerate(self._lines):
            baseline = height - index * leading - (leading - size) / 2 - size * 0.82
            line_width = sum(piece.width for piece in line)
            if alignment == TA_CENTER:
                x = (self._width - line_width) / 2
            elif alignment == TA_RIGHT:
                x = self._width - line_width
            else:
                x = 0.0
            start = 0
            while start < len(line):
                first = line[start]
                end = start + 1
                while end < len(line) and _same(line[end], first):
                    end += 1
                if font != (first.font, first.size):
                    font = (first.font, first.size)
                    block.setFont(first.font, first.size)
                if colour is not first.colour:
                    colour = first.colour
                    block.setFillColor(first.colour)
                    if emboldened:
                        block.setStrokeColor(first.colour)
                if stroked != first.embolden:
                    stroked = first.embolden
                    block.setTextRenderMode(2 if stroked else 0)
                block.setTextOrigin(x, baseline + first.rise)
                block.textOut("".join(piece.text for piece in line[start:end]))
                x += sum(piece.width for piece in line[start:end])
                start = end
        if emboldened:
            # The stroke that makes the single-weight Chinese font bold (fonts.EMBOLDEN).
            self.canv.saveState()
            self.canv.setLineWidth(size * EMBOLDEN)
            self.canv.drawText(block)
            self.canv.restoreState()
        else:
            self.canv.drawText(block)


def _glued(before: str, after: str) -> bool:
    """No line break between `before` and `after`: after opening or before closing punctuation."""
    return before[-1] in _OPENING or after[0] in _CLOSING


def _same(a: _Piece, b: _Piece) -> bool:
    return (
        a.font == b.font
        and a.size == b.size
        and a.colour is b.colour
        and a.rise == b.rise
        and a.embolden == b.embolden
    )
