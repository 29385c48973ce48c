"""Exports (PNG/SVG/CSV/JSON), themes, shortcuts and About."""

import csv
import json
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gradsim.engine.export import csv_text
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.ui import about, exports, palette, settings, theme

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def trained(make_window, qtbot, preset="deep-sigmoid", steps=30):
    w = make_window(preset)
    w.session.controller.step(steps)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step >= steps, timeout=10000)
    return w


def assert_png(path):
    assert path.read_bytes()[:8] == PNG_MAGIC
    img = QImage(str(path))
    assert not img.isNull() and img.width() > 50 and img.height() > 50
    return img


def assert_svg(path):
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 10
    return root


def test_plots_export_png_and_svg(make_window, qtbot, tmp_path):
    w = trained(make_window, qtbot)
    items = exports.plot_items(w.plots)
    assert [t for t, _ in items] == ["Gradient norms", "Gradient flow (now)", "Loss", "Backward gain"]
    for n, (title, item) in enumerate(items):
        assert_png(exports.export_plot(item, tmp_path / f"p{n}.png"))
        assert_svg(exports.export_plot(item, tmp_path / f"p{n}.svg"))


def test_canvas_export_png_and_svg(make_window, qtbot, tmp_path):
    w = trained(make_window, qtbot, "seed-2-2-2", 3)
    img = assert_png(exports.export_canvas(w.canvas, tmp_path / "net.png"))
    assert img.width() == w.canvas.width()
    root = assert_svg(exports.export_canvas(w.canvas, tmp_path / "net.svg"))
    assert any(el.tag.endswith("path") or el.tag.endswith("polyline") for el in root.iter())


def test_history_export_csv_and_json_match_the_cli_columns(make_window, qtbot, tmp_path):
    w = trained(make_window, qtbot, "deep-relu", 40)
    depth = w.session.spec.topology.depth
    exports.export_history(w.session, tmp_path / "h.csv")
    rows = list(csv.reader((tmp_path / "h.csv").open()))
    header = rows[0]
    assert header[:2] == ["step", "loss"] and header[-3:] == ["clip_norm_before", "clip_norm_after", "nonfinite"]
    assert len(header) == 2 + len(LAYER_KEYS) * depth + 3
    assert [int(r[0]) for r in rows[1:]] == list(range(1, 41))
    doc = json.loads((tmp_path / "h.json").write_text("") or exports.export_history(w.session, tmp_path / "h.json").read_text())
    hist = doc["history"]
    assert len(hist) == 40 and hist[0]["step"] == 1 and len(hist[0]["grad_norm"]) == depth
    assert set(hist[0]) >= {"step", "loss", *LAYER_KEYS, "clip_norm_before", "clip_norm_after", "nonfinite"}
    # the CSV is exactly what the CLI's csv_text makes of the same entries
    assert (tmp_path / "h.csv").read_text() == csv_text(hist, depth)


def test_export_menu_uses_the_chosen_path(make_window, qtbot, tmp_path, monkeypatch):
    w = trained(make_window, qtbot, "xor", 5)
    target = tmp_path / "menu.svg"
    monkeypatch.setattr(exports, "get_export_path", lambda *a: str(target))
    action = next(a for a in w.menus.export.actions() if "canvas" in a.text().lower())
    action.trigger()
    assert_svg(target)
    assert "Exported" in w.session.status_message


def test_theme_switch_and_persistence(make_window):
    w = make_window()
    app = QApplication.instance()
    try:
        assert w.set_theme("light") == "light"
        light_window = app.palette().window().color().lightness()
        assert light_window > 200 and settings.get("theme") == "light"
        assert theme.message_color() != palette.CHROME["dark"]["message"]
        assert w.set_theme("dark") == "dark"
        assert app.palette().window().color().lightness() < 60
        assert theme.resolve("system") in ("light", "dark")
        w.menus.theme_actions["light"].trigger()
        assert w.menus.theme_actions["light"].isChecked() and not w.menus.theme_actions["dark"].isChecked()
        assert theme.current == "light"
    finally:
        theme.apply(app, "dark")


def test_every_toolbar_action_has_a_shortcut_listed_in_help(make_window):
    w = make_window()
    from PySide6.QtWidgets import QToolBar, QWidgetAction

    toolbar = w.findChild(QToolBar, "runToolbar")
    rows = dict(about.shortcut_rows(w))
    checked = 0
    for a in toolbar.actions():
        if a.isSeparator() or isinstance(a, QWidgetAction):  # the speed box has ] and [ instead
            continue
        assert not a.shortcut().isEmpty(), f"toolbar action {a.text()!r} has no shortcut"
        checked += 1
    assert checked >= 8
    assert "Save" in rows and "Open" in rows and rows["Keyboard Shortcuts"] == "F1"
    dialog = about.ShortcutsDialog(w)
    assert dialog.table.rowCount() == len(rows) >= 12
    assert "Faster" in rows and rows["Faster"] == "]"


def test_about_names_the_version():
    import gradsim

    assert gradsim.__version__ in about.about_text()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_colour_scale_is_the_same_in_both_themes(make_window, mode):
    """The canvas keeps its dark surface, so the gradient colours read the same in both themes."""
    w = make_window()
    app = QApplication.instance()
    try:
        w.set_theme(mode)
        img = w.legend.grab().toImage()
        bg = img.pixelColor(2, 2)
        assert bg.lightness() < 40  # dark background behind the colour bar in either theme
    finally:
        theme.apply(app, "dark")
