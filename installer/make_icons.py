"""Render the DoseDesk icon from its one drawing, resources/icons/dosedesk.svg.

Writes next to the drawing:
  dosedesk-<N>.png   for N in PNG_SIZES (the Linux desktop's hicolor theme and the window icon)
  dosedesk.ico       for the Windows program and its installer (sizes ICO_SIZES)

Run it after changing the drawing, and commit what it writes:

    .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "dosedesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# At and above this size an .ico entry is stored as PNG (as Windows itself does for 256); below it as a
# 32-bit bitmap, which every Windows icon reader understands.
ICO_PNG_FROM = 256

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402


def _application() -> QGuiApplication:
    app = QGuiApplication.instance()
    return app if isinstance(app, QGuiApplication) else QGuiApplication([])


def render(svg: Path, size: int) -> QImage:
    """The drawing at size x size pixels, straight (not premultiplied) ARGB."""
    _application()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a drawing Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stub wants bytes for the format, its run time a str.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise SystemExit("make_icons: Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def _bitmap_entry(image: QImage) -> bytes:
    """A 32-bit BGRA device-independent bitmap with its AND mask, as an .ico entry holds it."""
    width, height = image.width(), image.height()
    # Format_ARGB32 keeps each pixel as a native 32-bit 0xAARRGGBB: little-endian bytes B, G, R, A.
    row_bytes = image.bytesPerLine()
    bits = bytes(image.constBits())
    rows = [bits[y * row_bytes : y * row_bytes + width * 4] for y in range(height)]
    if sys.byteorder != "little":  # pragma: no cover - every platform DoseDesk ships on is little-endian
        rows = [b"".join(row[i : i + 4][::-1] for i in range(0, len(row), 4)) for row in rows]
    mask_row_bytes = ((width + 31) // 32) * 4
    mask = bytearray()
    for row in rows:
        line = bytearray(mask_row_bytes)
        for x in range(width):
            if row[x * 4 + 3] == 0:  # fully transparent: set in the AND mask for readers without alpha
                line[x // 8] |= 0x80 >> (x % 8)
        mask += line
    mask_rows = [mask[y * mask_row_bytes : (y + 1) * mask_row_bytes] for y in range(height)]
    pixels = b"".join(reversed(rows))  # bitmaps run bottom-up
    and_mask = b"".join(bytes(r) for r in reversed(mask_rows))
    header = struct.pack(
        "<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, len(pixels) + len(and_mask), 0, 0, 0, 0
    )
    return header + pixels + and_mask


def ico_bytes(images: list[QImage]) -> bytes:
    """A Windows .ico holding every image (square, 1 to 256 pixels)."""
    entries = []
    for image in images:
        size = image.width()
        if size != image.height() or not 1 <= size <= 256:
            raise ValueError(f"an .ico image must be square and 1 to 256 pixels, not {size}x{image.height()}")
        body = png_bytes(image) if size >= ICO_PNG_FROM else _bitmap_entry(image)
        entries.append((size, body))
    offset = 6 + 16 * len(entries)
    directory = struct.pack("<HHH", 0, 1, len(entries))
    bodies = b""
    for size, body in entries:
        directory += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(body), offset)
        offset += len(body)
        bodies += body
    return directory + bodies


def main() -> int:
    written = []
    for size in PNG_SIZES:
        target = ICONS / f"dosedesk-{size}.png"
        target.write_bytes(png_bytes(render(SVG, size)))
        written.append(target)
    ico = ICONS / "dosedesk.ico"
    ico.write_bytes(ico_bytes([render(SVG, size) for size in ICO_SIZES]))
    written.append(ico)
    for path in written:
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
