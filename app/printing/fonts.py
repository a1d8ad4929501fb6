"""Fonts for paper: Liberation Sans for Latin text, Droid Sans Fallback for Chinese, both embedded.

Both are TrueType fonts shipped in ``resources/fonts/`` (licences beside them), so every PDF carries the
subset of glyphs it uses and prints the same on any viewer or printer, with or without Asian font packs.
Liberation Sans has Helvetica's widths, so the layout is the one the documents had with Helvetica.

Text in either language mixes the scripts (a nurse 护士 李梅 on an English order sheet, figures and units in a
Chinese calendar): `font_runs` cuts a string into runs that each font can draw — a character Liberation Sans
has stays in the Latin face asked for, any other goes to the Chinese font — and `string_width` and
`draw_string` measure and draw such a string on a canvas. `app.printing.richtext` does the same for wrapped
text. Droid Sans Fallback has a single weight: bold Chinese is drawn with its outline stroked as well as
filled (`EMBOLDEN`), italic Chinese upright, as Chinese typesetting does.

The fonts are parsed once per process (`register_fonts` is cached); reportlab subsets them per document.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

SANS = "LiberationSans"
SANS_BOLD = "LiberationSans-Bold"
SANS_ITALIC = "LiberationSans-Italic"
SANS_BOLD_ITALIC = "LiberationSans-BoldItalic"
CJK = "DroidSansFallback"

FONT_FILES: dict[str, str] = {
    SANS: "LiberationSans-Regular.ttf",
    SANS_BOLD: "LiberationSans-Bold.ttf",
    SANS_ITALIC: "LiberationSans-Italic.ttf",
    SANS_BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
    CJK: "DroidSansFallback.ttf",
}
_BOLD = frozenset({SANS_BOLD, SANS_BOLD_ITALIC})
# The stroke that emboldens Chinese drawn for a bold face, as a fraction of the font size.
EMBOLDEN = 0.035


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


@functools.cache
def register_fonts() -> None:
    """Register the shipped fonts with reportlab (once per process; cheap after the first call)."""
    folder = fonts_dir()
    for name, file in FONT_FILES.items():
        # Subsets of only the characters used (not all of ASCII besides): smaller fonts to write per document.
        pdfmetrics.registerFont(TTFont(name, str(folder / file), asciiReadable=False))
    # <b> and <i> in reportlab's own paragraphs and tables.
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CJK, bold, italic, CJK)


@functools.cache
def _characters(font: str) -> frozenset[int]:
    """The code points `font` has a glyph for."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def is_bold(font: str) -> bool:
    return font in _BOLD


def _font_for(character: str, font: str) -> str:
    if font == CJK or character in " \n" or ord(character) in _characters(font):
        return font
    if ord(character) in _characters(CJK):
        return CJK
    return font  # neither has it: the tests of every document catch this


def font_runs(words: str, font: str) -> list[tuple[str, str]]:
    """`words` cut into ``(text, font)`` runs: the Latin face `font` for what it has, the CJK font for the rest.

    A space stays with the font before it, so a run of English words is one run."""
    if words.isascii() or font not in FONT_FILES:
        return [(words, font)]
    runs: list[tuple[str, str]] = []
    start = 0
    current = _font_for(words[0], font) if words else font
    for index, character in enumerate(words):
        chosen = current if character == " " else _font_for(character, font)
        if chosen != current:
            runs.append((words[start:index], current))
            start, current = index, chosen
    if start < len(words):
        runs.append((words[start:], current))
    return runs


def string_width(words: str, font: str, size: float) -> float:
    """The width of `words` drawn with `draw_string`."""
    return float(sum(pdfmetrics.stringWidth(part, face, size) for part, face in font_runs(words, font)))


Align = Literal["left", "centre", "right"]


def draw_string(
    canvas: Any, x: float, y: float, words: str, font: str, size: float, align: Align = "left"
) -> None:
    """Draw one line of mixed text at (x, y) with the canvas's fill colour; bold Chinese emboldened."""
    register_fonts()
    runs = font_runs(words, font)
    if align != "left":
        width = sum(pdfmetrics.stringWidth(part, face, size) for part, face in runs)
        x -= width / 2 if align == "centre" else width
    bold = is_bold(font)
    for part, face in runs:
        if face == CJK and bold:
            canvas.saveState()
            canvas.setStrokeColor(canvas._fillColorObj)  # the outline in the text's own colour
            canvas.setLineWidth(size * EMBOLDEN)
            canvas.setFont(face, size)
            canvas.drawString(x, y, part, mode=2)
            canvas.restoreState()
        else:
            canvas.setFont(face, size)
            canvas.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, face, size)
