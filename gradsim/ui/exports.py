"""File → Export: plots and the network canvas as PNG/SVG, the run history as CSV/JSON.

Plots go through pyqtgraph's exporters (``ImageExporter``, ``SVGExporter``). The canvas is saved
as it is shown: PNG from the widget, SVG by painting the view into a ``QSvgGenerator``. The run
history uses :mod:`gradsim.engine.export`, so the columns are those of ``gradsim run --json`` /
``--out``. The session keeps every step for the first ``HISTORY_ROWS`` steps and an evenly thinned
set of rows after that (a bounded history); the export holds exactly the rows the plots show.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

import pyqtgraph.exporters as pgx

from gradsim.engine.export import csv_text, history_entries

from . import palette
from .i18n import tr
from .naming import layer_names


def get_export_path(parent, title: str, suggested: str, filters: str) -> str:
    """Ask for a file name (replaced in tests)."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if path and not Path(path).suffix:
        path += ".svg" if "svg" in chosen.lower() else ".png" if "png" in chosen.lower() else \
            ".json" if "json" in chosen.lower() else ".csv"
    return path


def export_plot(plot_item, path) -> Path:
    path = Path(path)
    if path.suffix.lower() == ".svg":
        try:
            pgx.SVGExporter(plot_item).export(str(path))
        except ValueError:
            # pyqtgraph 0.13-0.14's SVG clean-up cannot parse some paths newer Qt writes; paint the
            # item's part of the scene into an SVG generator instead (still vector)
            _paint_svg(path, lambda p, target: plot_item.scene().render(p, target, plot_item.sceneBoundingRect()),
                       plot_item.sceneBoundingRect().size().toSize(), plot_item.scene())
    else:
        exporter = pgx.ImageExporter(plot_item)
        width = int(plot_item.sceneBoundingRect().width())
        exporter.parameters()["width"] = max(2 * width, 800)  # crisp enough for slides
        exporter.export(str(path))
    return path


def _paint_svg(path: Path, paint, size, scene) -> None:
    """Paint into an SVG file: the dark background first, and every pyqtgraph item in export mode
    (scatter symbols as vector paths instead of cached pixmaps), as pyqtgraph's exporters do."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    background = QColor(palette.BACKGROUND)
    gen = QSvgGenerator()
    gen.setFileName(str(path))
    gen.setSize(size)
    target = QRectF(0, 0, size.width(), size.height())
    gen.setViewBox(target)
    gen.setTitle("gradsim")
    painter = QPainter(gen)
    items = [it for it in scene.items() if hasattr(it, "setExportMode")]
    try:
        painter.fillRect(target, background)
        for it in items:
            it.setExportMode(True, {"painter": painter, "antialias": True, "background": background})
        paint(painter, target)
    finally:
        for it in items:
            it.setExportMode(False)
        painter.end()
    if not path.exists():
        raise OSError(tr("could not write {}").format(path))


def export_canvas(canvas, path) -> Path:
    path = Path(path)
    if path.suffix.lower() == ".svg":
        # QPainter into an SVG generator: the view as shown, vector (pyqtgraph's SVGExporter trips
        # over the segmented edge items)
        _paint_svg(path, lambda p, target: canvas.render(p), canvas.viewport().size(), canvas.scene())
    else:
        if not canvas.grab().save(str(path), "PNG"):
            raise OSError(tr("could not write {}").format(path))
    return path


def history_document(session) -> dict:
    """The session's run history as the CLI's ``--json`` ``history`` list, plus what it is of."""
    snap = session.last_snapshot
    nonfinite = snap.nonfinite if snap is not None else None
    entries = history_entries(session.history.rows(), nonfinite, None)
    spec = session.spec
    return {"config": {"preset": spec.name, "sizes": spec.topology.sizes, "seed": spec.train.seed,
                       "lr": spec.train.lr, "optimizer": spec.train.optimizer, "loss": spec.train.loss},
            "layers": layer_names(spec), "history": entries}


def export_history(session, path) -> Path:
    path = Path(path)
    doc = history_document(session)
    if path.suffix.lower() == ".json":
        text = json.dumps(doc, indent=1, allow_nan=False) + "\n"
    else:
        text = csv_text(doc["history"], session.spec.topology.depth)
    path.write_text(text, encoding="utf-8")
    return path


def plot_items(plots) -> list[tuple[str, object]]:
    """(title, PlotItem) of every plot of the plots panel."""
    out = []
    for item in plots.plot_items():
        title = item.titleLabel.text if item.titleLabel is not None else ""
        out.append((_plain(title) or tr("Plot"), item))
    return out


def _plain(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html or "").strip()


class Exports(QObject):
    """File → Export: the canvas, each plot and the run history, each to a file the user picks.
    A failure is reported through the document (one message, nothing else changes)."""

    def __init__(self, session, canvas, plots, document, parent: QWidget):
        super().__init__(parent)
        self.session, self.canvas, self.plots, self.document = session, canvas, plots, document
        self.dialog_parent = parent

    def _ask_and(self, title: str, suggested: str, filters: str, write) -> None:
        path = get_export_path(self.dialog_parent, title, str(Path.home() / suggested), filters)
        if not path:
            return
        try:
            write(path)
        except Exception as exc:  # noqa: BLE001 - any failure is reported, nothing else changes
            self.document.error(tr("Export failed"), f"{Path(path).name}: {exc}")
            return
        self.session.show_message(tr("Exported {}").format(Path(path).name))

    def fill(self, menu: QMenu) -> None:
        """Fill ``menu`` (File → Export) with the canvas, plot and history entries."""
        name = lambda: self.session.spec.name  # noqa: E731 - asked when the entry is chosen
        img = "PNG (*.png);;SVG (*.svg)"
        canvas = menu.addAction(tr("Network canvas (PNG/SVG)…"))
        canvas.triggered.connect(lambda: self._ask_and(tr("Export network"), f"{name()}-network.png", img,
                                                       lambda p: export_canvas(self.canvas, p)))
        plots = menu.addMenu(tr("Plot (PNG/SVG)"))

        def fill_plots():
            plots.clear()
            for title, item in plot_items(self.plots):
                a = plots.addAction(title + "…")
                slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-") or "plot"
                a.triggered.connect(lambda _=False, it=item, s=slug: self._ask_and(
                    tr("Export plot"), f"{name()}-{s}.png", img, lambda p: export_plot(it, p)))

        plots.aboutToShow.connect(fill_plots)
        fill_plots()
        hist = menu.addAction(tr("Run history (CSV/JSON)…"))
        hist.triggered.connect(lambda: self._ask_and(tr("Export run history"), f"{name()}-history.csv",
                                                     "CSV (*.csv);;JSON (*.json)",
                                                     lambda p: export_history(self.session, p)))
