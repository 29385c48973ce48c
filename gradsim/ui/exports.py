"""File → Export: plots and the network canvas as PNG/SVG, the run history as CSV/JSON, and
"Export everything" (all of them) into one folder.

PNGs are for slides, at the size chosen under File → Export → Image size (1920×1080 unless changed):
a plot is drawn afresh by a plots panel of its own that shows only that plot (its layer legend
beside it), laid out at ``SLIDE_WIDTH`` logical pixels wide and painted scaled up to the chosen
size -- the look of the screen, with room for ticks, text and lines in proportion. Scaling a small
on-screen plot up instead gives oversized fonts and a single tick. The canvas is painted scaled to
fit the size (its aspect kept, the rest filled with the background); "As on screen" keeps the
widget's own pixels. SVGs go through pyqtgraph's ``SVGExporter`` (plots) or a ``QSvgGenerator``
(the canvas). The run
history uses :mod:`gradsim.engine.export`, so the columns are those of ``gradsim run --json`` /
``--out``. The session keeps every step for the first ``HISTORY_ROWS`` steps and an evenly thinned
set of rows after that (a bounded history); the export holds exactly the rows the plots show.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Qt
from PySide6.QtGui import QActionGroup, QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget

import pyqtgraph as pg
import pyqtgraph.exporters as pgx

from gradsim.engine.export import csv_text, history_entries

from . import palette, settings
from .i18n import tr
from .naming import layer_names


def get_export_path(parent, title: str, suggested: str, filters: str) -> str:
    """Ask for a file name (replaced in tests)."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    if path and not Path(path).suffix:
        path += ".svg" if "svg" in chosen.lower() else ".png" if "png" in chosen.lower() else \
            ".json" if "json" in chosen.lower() else ".csv"
    return path


SLIDE_SIZES = ((1280, 720), (1920, 1080), (3840, 2160))
DEFAULT_SIZE = (1920, 1080)
SLIDE_WIDTH = 960      # a slide's plot is laid out this many logical pixels wide, then scaled up
SLIDE_LEGEND_SIZE = "10pt"   # the layer legend on a slide (on screen it is squeezed beside the plot)


def get_export_dir(parent, title: str, start: str) -> str:
    """Ask for a folder (replaced in tests)."""
    return QFileDialog.getExistingDirectory(parent, title, start)


def export_size() -> tuple[int, int] | None:
    """The chosen image size, or None for "as on screen"."""
    text = settings.get("export/size", "{}x{}".format(*DEFAULT_SIZE))
    if text == "screen":
        return None
    try:
        w, h = (int(v) for v in text.split("x"))
    except ValueError:
        return DEFAULT_SIZE
    return (w, h) if (w, h) in SLIDE_SIZES else DEFAULT_SIZE


def slide_plot(plots, index: int, size: tuple[int, int]) -> QImage:
    """Plot ``index`` of ``plots`` drawn alone at ``size`` pixels, as a slide (see the module's notes)."""
    from .plots import PlotsPanel

    session = plots.session
    scale = size[0] / SLIDE_WIDTH
    panel = PlotsPanel(session)
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    try:
        panel.norm_legend.setLabelTextSize(SLIDE_LEGEND_SIZE)  # before set_spec adds the entries
        panel.set_spec(session.spec)
        panel.set_has_test(plots.has_test)
        panel.test_series = plots.test_series
        panel.show_only(index)
        panel.resize(round(size[0] / scale), round(size[1] / scale))
        panel.show()
        QApplication.processEvents()
        panel.update_from(session.history, session.last_snapshot)
        for item in panel.plot_items()[index].listDataItems():  # lines in proportion to the text
            pen = item.opts.get("pen")
            if pen is not None and hasattr(pen, "setWidthF"):
                pen = pg.mkPen(pen)
                pen.setWidthF(max(1.0, pen.widthF()) * scale)
                item.setPen(pen)
        QApplication.processEvents()
        image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        image.fill(QColor(palette.BACKGROUND))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        panel.view.render(painter, QRectF(0, 0, size[0], size[1]), panel.view.rect())
        painter.end()
    finally:
        panel.close()
        panel.deleteLater()
    return image


def export_plot(plots, index: int, path, size: tuple[int, int] | None = DEFAULT_SIZE) -> Path:
    """Plot ``index`` of the plots panel to ``path``: SVG, or PNG at ``size`` (None: as on screen)."""
    path = Path(path)
    if path.suffix.lower() == ".png" and size is not None:
        if not slide_plot(plots, index, size).save(str(path), "PNG"):
            raise OSError(tr("could not write {}").format(path))
        return path
    return export_item(plots.plot_items()[index], path, on_screen=True)


def export_item(plot_item, path, on_screen: bool = False) -> Path:
    """One pyqtgraph plot item to ``path``: SVG, or PNG as on screen (``on_screen``) or at twice its
    width and at least 800 pixels (a view's plot, which has no slide layout of its own)."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        try:
            pgx.SVGExporter(plot_item).export(str(path))
        except ValueError:
            # pyqtgraph 0.13-0.14's SVG clean-up cannot parse some paths newer Qt writes; paint the
            # item's part of the scene into an SVG generator instead (still vector)
            _paint_svg(path, lambda p, target: plot_item.scene().render(p, target, plot_item.sceneBoundingRect()),
                       plot_item.sceneBoundingRect().size().toSize(), plot_item.scene())
    elif on_screen:
        if not plot_item.scene().views()[0].grab(plot_item.sceneBoundingRect().toRect()).save(str(path), "PNG"):
            raise OSError(tr("could not write {}").format(path))
    else:
        exporter = pgx.ImageExporter(plot_item)
        exporter.parameters()["width"] = max(2 * int(plot_item.sceneBoundingRect().width()), 800)
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


def export_canvas(canvas, path, size: tuple[int, int] | None = None) -> Path:
    """The canvas to ``path``: SVG, or PNG as on screen (``size`` None) or scaled to fit ``size``."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        # QPainter into an SVG generator: the view as shown, vector (pyqtgraph's SVGExporter trips
        # over the segmented edge items)
        _paint_svg(path, lambda p, target: canvas.render(p), canvas.viewport().size(), canvas.scene())
        return path
    if size is None:
        image = canvas.grab().toImage()
    else:
        image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        image.fill(QColor(palette.BACKGROUND))
        source = canvas.viewport().rect()
        scale = min(size[0] / source.width(), size[1] / source.height())
        w, h = source.width() * scale, source.height() * scale
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        canvas.render(painter, QRectF((size[0] - w) / 2, (size[1] - h) / 2, w, h), source)
        painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(tr("could not write {}").format(path))
    return path


def slug(title: str) -> str:
    """A file-name part from a plot title ("Gradient flow (now)" -> "gradient-flow-now")."""
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split()) or "plot"


def export_everything(session, canvas, plots, folder, size: tuple[int, int] | None = DEFAULT_SIZE) -> list[Path]:
    """The canvas, the four plots (PNG) and the run history (CSV and JSON) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    name = session.spec.name
    written = [export_canvas(canvas, folder / f"{name}-network.png", size)]
    for index, (title, _item) in enumerate(plot_items(plots)):
        written.append(export_plot(plots, index, folder / f"{name}-{slug(title)}.png", size))
    written.append(export_history(session, folder / f"{name}-history.csv"))
    written.append(export_history(session, folder / f"{name}-history.json"))
    return written


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
    return list(zip(plots.titles, plots.plot_items()))


class Exports(QObject):
    """File → Export: the canvas, each plot and the run history, each to a file the user picks.
    A failure is reported through the document (one message, nothing else changes)."""

    def __init__(self, session, canvas, plots, document, parent: QWidget, views=()):
        super().__init__(parent)
        self.session, self.canvas, self.plots, self.document = session, canvas, plots, document
        self.views = list(views)   # views with ``export_items()``: (title, pyqtgraph item) of their plots
        self.dialog_parent = parent

    def _start_dir(self) -> Path:
        """The open file's folder, else the home folder."""
        path = getattr(self.document, "path", None)
        return Path(path).parent if path else Path.home()

    def _ask_and(self, title: str, suggested: str, filters: str, write) -> None:
        path = get_export_path(self.dialog_parent, title, str(self._start_dir() / suggested), filters)
        if not path:
            return
        try:
            write(path)
        except Exception as exc:  # noqa: BLE001 - any failure is reported, nothing else changes
            self.document.error(tr("Export failed"), f"{Path(path).name}: {exc}")
            return
        self.session.show_message(tr("Exported {}").format(Path(path).name))

    def export_everything(self) -> None:
        folder = get_export_dir(self.dialog_parent, tr("Export everything to a folder"), str(self._start_dir()))
        if not folder:
            return
        try:
            written = export_everything(self.session, self.canvas, self.plots, folder, export_size())
        except Exception as exc:  # noqa: BLE001 - any failure is reported, nothing else changes
            self.document.error(tr("Export failed"), f"{folder}: {exc}")
            return
        self.session.show_message(tr("Exported {} files to {}").format(len(written), folder))

    def fill(self, menu: QMenu) -> None:
        """Fill ``menu`` (File → Export) with the canvas, plot and history entries, everything at
        once, and the image size."""
        name = lambda: self.session.spec.name  # noqa: E731 - asked when the entry is chosen
        img = "PNG (*.png);;SVG (*.svg)"
        canvas = menu.addAction(tr("Network canvas (PNG/SVG)…"))
        canvas.triggered.connect(lambda: self._ask_and(tr("Export network"), f"{name()}-network.png", img,
                                                       lambda p: export_canvas(self.canvas, p, export_size())))
        plots = menu.addMenu(tr("Plot (PNG/SVG)"))

        def fill_plots():
            plots.clear()
            for index, title in enumerate(self.plots.titles):
                a = plots.addAction(title + "…")
                a.triggered.connect(lambda _=False, i=index, s=slug(title): self._ask_and(
                    tr("Export plot"), f"{name()}-{s}.png", img, lambda p: export_plot(self.plots, i, p, export_size())))
            for title, item in [it for v in self.views for it in v.export_items()]:
                a = plots.addAction(title + "…")
                a.triggered.connect(lambda _=False, it=item, s=slug(title): self._ask_and(
                    tr("Export plot"), f"{name()}-{s}.png", img, lambda p: export_item(it, p)))

        plots.aboutToShow.connect(fill_plots)
        fill_plots()
        hist = menu.addAction(tr("Run history (CSV/JSON)…"))
        hist.triggered.connect(lambda: self._ask_and(tr("Export run history"), f"{name()}-history.csv",
                                                     "CSV (*.csv);;JSON (*.json)",
                                                     lambda p: export_history(self.session, p)))
        everything = menu.addAction(tr("Everything to a folder…"))
        everything.triggered.connect(self.export_everything)
        menu.addSeparator()
        sizes = menu.addMenu(tr("Image size"))
        group = QActionGroup(sizes)
        current = export_size()
        for size in (None,) + SLIDE_SIZES:
            a = sizes.addAction(tr("As on screen") if size is None else "{} × {}".format(*size))
            a.setCheckable(True)
            a.setChecked(size == current)
            group.addAction(a)
            a.triggered.connect(lambda _=False, s=size: settings.put(
                "export/size", "screen" if s is None else "{}x{}".format(*s)))
