"""Render resources/icons/gradsim.svg to every icon format the platforms need.

PNG 16…512 (Linux hicolor, the PyInstaller icon on Linux), gradsim.ico (Windows) and gradsim.icns
(macOS) — all from the one SVG, through Qt's own image plugins, so no extra tool is needed.
Usage: python packaging/make_icons.py [--check]
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    img = QImage(size, size, QImage.Format_ARGB32)
    img.fill(Qt.transparent)
    painter = QPainter(img)
    renderer.render(painter)
    painter.end()
    return img


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    renderer = QSvgRenderer(str(ICONS / "gradsim.svg"))
    if not renderer.isValid():
        print("make_icons: cannot read gradsim.svg", file=sys.stderr)
        return 1
    for size in PNG_SIZES:
        render(renderer, size).save(str(ICONS / f"gradsim-{size}.png"))
    big = render(renderer, 256)
    ok = big.save(str(ICONS / "gradsim.ico"), "ICO") and render(renderer, 512).save(str(ICONS / "gradsim.icns"), "ICNS")
    print("icons written to", ICONS if ok else "(ICO/ICNS plugin missing)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
