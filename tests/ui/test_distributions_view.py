"""The Distributions view: histograms per layer from the training thread, the theory's bracket only
where the theory applies, the update ratio and the Jacobian following Step, exports, and the new
initialisers' names."""

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from gradsim.engine import theory
from gradsim.engine.compare import INIT_REMEDIES
from gradsim.engine.distributions import QUANTITIES
from gradsim.ui import exports

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def open_view(make_window, qtbot, preset="deep-sigmoid", size=(1280, 800)):
    w = make_window(preset, size=size)
    w.docks.show("distributions")
    view = w.docks.widget("distributions")
    qtbot.waitUntil(lambda: view.shown and view.dist is not None and view.prediction is not None, timeout=10000)
    return w, view


def pick_quantity(qtbot, view, key):
    """Open the chooser and click the entry, as a user does."""
    combo = view.combo
    combo.showPopup()
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    index = popup.model().index(combo.findData(key), 0)
    rect = popup.visualRect(index)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=5000)


def step_and_wait(qtbot, w, view, step):
    w.session.step()
    qtbot.waitUntil(lambda: view.dist is not None and view.dist.step == step, timeout=10000)


def test_the_chooser_switches_what_every_column_shows(qtbot, make_window):
    w, view = open_view(make_window, qtbot)
    step_and_wait(qtbot, w, view, 1)
    for key in ("grad_act", "preact", "grad_w", "act"):
        pick_quantity(qtbot, view, key)
        assert view.quantity == key
        for k, layer in enumerate(view.dist.layers):
            counts, below, above, nan = view.histograms.shown[k]
            assert np.array_equal(counts, layer.histograms[key].counts)
            assert (below, above, nan) == (layer.histograms[key].below, layer.histograms[key].above,
                                            layer.histograms[key].nan)
    # the drawn bars are exactly the non-empty bins, each scaled to its column's tallest
    opts = view.histograms.bars.opts
    assert len(opts["width"]) == sum(int(np.count_nonzero(c)) for c, *_ in view.histograms.shown)


@pytest.mark.parametrize("preset", ["deep-sigmoid", "deep-batchnorm", "spiral"])
def test_histogram_counts_sum_to_units_times_samples(qtbot, make_window, preset):
    w, view = open_view(make_window, qtbot, preset)
    step_and_wait(qtbot, w, view, 1)
    sizes = w.session.spec.topology.sizes
    batch = min(w.session.spec.train.batch_size, view.dist.batch)
    assert view.dist.batch == batch
    assert f"({batch} samples)" in view.note.text()  # the sample count the columns are of is on screen
    for key in QUANTITIES:
        pick_quantity(qtbot, view, key)
        for k, (counts, below, above, nan) in enumerate(view.histograms.shown):
            expected = sizes[k] * sizes[k + 1] if key == "grad_w" else sizes[k + 1] * batch
            assert int(counts.sum()) + below + above + nan == expected
            up, down = view.histograms.outside[k]
            assert up.toPlainText() == (f"▲{above}" if above else "")
            assert down.toPlainText() == (f"▼{below + nan}" if below + nan else "")
            std_cell, sat_cell = view.histograms.cells[k]
            assert std_cell.toPlainText() and sat_cell.toPlainText().endswith("%")


def test_the_views_follow_step(qtbot, make_window):
    w, view = open_view(make_window, qtbot)
    first = view.dist
    step_and_wait(qtbot, w, view, 1)
    step_and_wait(qtbot, w, view, 2)
    assert view.dist is not first and "at step 2" in view.note.text()
    view.pages.setCurrentWidget(view.ratio)
    w.session.step()
    qtbot.waitUntil(lambda: len(view.ratio.drawn()[0][0]) == 3, timeout=10000)
    steps, logs = view.ratio.drawn()[0]
    ratio = w.session.history.column("update_ratio")[:, 0]
    assert list(steps) == [1, 2, 3] and np.allclose(logs, np.log10(ratio))
    view.pages.setCurrentWidget(view.jacobian)
    qtbot.waitUntil(lambda: view.jacobian.condition != "", timeout=10000)
    title = view.jacobian.title
    w.session.step()
    qtbot.waitUntil(lambda: w.session.last_frame.extras.jacobian is not None
                    and w.session.last_snapshot.step == 4, timeout=10000)
    spectrum = w.session.last_frame.extras.jacobian
    qtbot.waitUntil(lambda: view.jacobian.spectrum is spectrum, timeout=10000)
    assert "∂a10/∂a1" in title and len(spectrum.singular_values) == 4
    shown = view.jacobian.curves[0].getData()[1]
    assert np.allclose(shown, np.log10(spectrum.singular_values[0]))


def test_the_bracket_is_the_theory_and_only_where_it_applies(qtbot, make_window):
    w, view = open_view(make_window, qtbot)
    predicted = theory.predict(w.session.spec, view.dist.inputs)
    assert view.histograms.markers == list(range(10))  # every hidden layer; not the 1-unit output
    ys = view.histograms.predicted.getData()[1]
    for k in range(10):
        m, s = predicted[k].act_mean, predicted[k].act_std
        assert ys[6 * k:6 * k + 6] == pytest.approx([m - s, m - s, m - s, m + s, m + s, m + s], rel=1e-6)
    text = view.note.text()
    assert "theory at initialisation (step 0)" in text and "no bracket for Output: 1 unit(s)" in text
    step_and_wait(qtbot, w, view, 1)
    assert "not of the network trained since" in view.note.text()  # the bracket is the untrained net's
    for key in ("grad_act", "grad_w"):
        pick_quantity(qtbot, view, key)
        assert view.histograms.markers == [] and len(view.histograms.predicted.getData()[0]) == 0
        assert "No theory bracket" in view.note.text()


def test_no_bracket_for_hand_set_weights(qtbot, make_window):
    w, view = open_view(make_window, qtbot, "seed-2-2-2")
    assert view.histograms.markers == []
    assert "hand-set or saved" in view.note.text()


def test_export_writes_a_readable_png(qtbot, make_window, tmp_path, monkeypatch):
    w, view = open_view(make_window, qtbot)
    step_and_wait(qtbot, w, view, 1)
    target = tmp_path / "hist.png"
    monkeypatch.setattr(exports, "get_export_path", lambda *a: str(target))
    plots = next(a.menu() for a in w.menus.export.actions() if a.menu() is not None)
    plots.aboutToShow.emit()
    titles = [a.text() for a in plots.actions()]
    assert {"Distributions…", "Update ratio…", "Jacobian spectrum…"} <= set(titles)
    next(a for a in plots.actions() if a.text() == "Distributions…").trigger()
    assert target.read_bytes()[:8] == PNG_MAGIC
    img = QImage(str(target))
    assert not img.isNull() and img.width() >= 800
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 20  # axes, bars, brackets and numbers, not a blank page


def test_initialisers_and_their_remedies_are_listed_by_name(qtbot, make_window):
    w = make_window("deep-sigmoid")
    combo = w.panel.init
    names = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert names["orthogonal"] == "Orthogonal" and names["lsuv"].startswith("LSUV")
    assert all(text != key for key, text in names.items() if key not in ("lsuv",))
    compare = {a.text() for a in w.findChild(type(w.menus.export), "compareMenu").actions()}
    assert {"Orthogonal initialisation", "LSUV initialisation"} <= compare
    assert not compare & set(INIT_REMEDIES)
    combo.setCurrentIndex(combo.findData("lsuv"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: w.session.spec.weight_init.name == "lsuv", timeout=5000)
    assert "LSUV" in w.session.status_message
    assert math.isfinite(w.session.spec.weight_init.gain)


def test_singular_values_of_zero_are_named_not_hidden(qtbot, make_window):
    w, view = open_view(make_window, qtbot, "deep-relu")
    view.pages.setCurrentWidget(view.jacobian)
    qtbot.waitUntil(lambda: view.jacobian.condition != "", timeout=10000)
    values = view.jacobian.spectrum.singular_values
    zeros = sum(int(np.count_nonzero(sv == 0)) for sv in values)
    assert zeros > 0  # dead ReLUs make the stack's Jacobian singular on this preset
    assert f"{zeros} singular value(s) exactly 0" in view.jacobian.title
    assert "condition number ∞" in view.jacobian.title


def test_saturated_tails_are_shaded_where_the_activation_is_flat(qtbot):
    from gradsim.engine.distributions import take
    from gradsim.engine.metrics import saturated_ranges
    from gradsim.engine.presets import load_preset
    from gradsim.engine.trainer import Trainer
    from gradsim.ui.naming import layer_names
    from gradsim.ui.widgets.layer_histograms import LayerHistograms

    spec = load_preset("deep-sigmoid")
    spec.weight_init.gain = 8.0   # large weights: sigmoid pre-activations far out in the tails
    dist = take(Trainer(spec))
    strip = LayerHistograms()
    qtbot.addWidget(strip)
    strip.set_layers(layer_names(spec), [layer.make_activation() for layer in spec.topology.layers])
    strip.show_layers(dist, "preact", [])
    lo = saturated_ranges(spec.topology.layers[0].make_activation())[1][0]   # 5.99: σ′ < 1 % of 0.25
    y0, heights = np.asarray(strip.shade.opts["y0"]), np.asarray(strip.shade.opts["height"])
    assert len(y0) > 0
    edges = dist.layers[0].histograms["preact"].edges
    # every shaded band starts or ends at sigmoid's ±5.99 (|f′| < 1 % of 0.25), or at the plot's edge
    tops = y0 + heights
    assert np.all(np.isclose(y0, lo, atol=0.01) | np.isclose(tops, -lo, atol=0.01)
                  | (y0 <= edges[0]) | (tops >= edges[-1]))
    assert any(float(cell[1].toPlainText().rstrip("%")) > 0 for cell in strip.cells)
    strip.show_layers(dist, "grad_act", [])
    assert len(strip.shade.opts["y0"]) == 0   # gradients have no flat region to shade
