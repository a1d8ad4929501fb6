"""Fonts for paper: the standard PDF sans (Helvetica) and STSong-Light for Chinese.

Both need nothing downloaded or embedded: Helvetica is one of the 14 fonts every PDF viewer and printer has, and
STSong-Light is one of reportlab's built-in CID fonts. Not embedding fonts also keeps rendering fast. Helvetica's
character set (WinAnsi) has ×, µ, °, – and — but not ≥ or ≤; the documents write limits in words ("at least",
"above", "at most"), as ISMP recommends over the symbols anyway.
"""

from __future__ import annotations

import functools

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

SANS = "Helvetica"
SANS_BOLD = "Helvetica-Bold"
SANS_ITALIC = "Helvetica-Oblique"
SANS_BOLD_ITALIC = "Helvetica-BoldOblique"
CHINESE = "STSong-Light"


@functools.cache
def register_fonts() -> None:
    """Register the Chinese CID font with reportlab (idempotent, cheap after the first call)."""
    pdfmetrics.registerFont(UnicodeCIDFont(CHINESE))
    # <b> and <i> inside Chinese text: the CID font has one face, so every style maps to it.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(CHINESE, bold, italic, CHINESE)
