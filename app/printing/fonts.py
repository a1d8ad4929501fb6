"""Fonts for paper, registered once: Bitstream Vera (shipped inside reportlab) and STSong-Light.

Vera covers the symbols a clinical page needs that the standard PDF fonts lack (≥, ≤); STSong-Light is one
of reportlab's built-in CID fonts, so Chinese prints with nothing downloaded or embedded.
"""

from __future__ import annotations

import functools
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

SANS = "DoseDeskSans"
SANS_BOLD = "DoseDeskSans-Bold"
SANS_ITALIC = "DoseDeskSans-Oblique"
SANS_BOLD_ITALIC = "DoseDeskSans-BoldOblique"
CHINESE = "STSong-Light"

_VERA_FILES = {
    SANS: "Vera.ttf",
    SANS_BOLD: "VeraBd.ttf",
    SANS_ITALIC: "VeraIt.ttf",
    SANS_BOLD_ITALIC: "VeraBI.ttf",
}


@functools.cache
def register_fonts() -> None:
    """Register the fonts with reportlab (idempotent, cheap after the first call)."""
    folder = Path(reportlab.__file__).resolve().parent / "fonts"
    for name, filename in _VERA_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
    pdfmetrics.registerFont(UnicodeCIDFont(CHINESE))
    # <b> inside Chinese text: the CID font has no bold face, so bold maps to itself.
    addMapping(CHINESE, 0, 0, CHINESE)
    addMapping(CHINESE, 1, 0, CHINESE)
    addMapping(CHINESE, 0, 1, CHINESE)
    addMapping(CHINESE, 1, 1, CHINESE)
