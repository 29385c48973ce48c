"""The activation explorer switches functions, marks σ′'s 0.25 and shades flat regions."""

import numpy as np
import pytest

from gradsim.ui.teach.activation_explorer import ActivationExplorer, flat_regions


def curve(item):
    x, y = item.getData()
    return np.asarray(x), np.asarray(y)


def value_at(item, x0):
    x, y = curve(item)
    return float(y[np.argmin(np.abs(x - x0))])


@pytest.fixture
def explorer(qtbot):
    w = ActivationExplorer()
    qtbot.addWidget(w)
    w.resize(800, 500)
    return w


def test_sigmoid_marks_quarter(explorer):
    assert explorer.activation_name == "sigmoid"
    x, fp = curve(explorer.df_curve)
    assert np.nanmax(fp) == pytest.approx(0.25, abs=1e-4)
    assert value_at(explorer.f_curve, 0.0) == pytest.approx(0.5, abs=1e-2)
    assert explorer.ref_line.value() == 0.25
    assert "0.25" in explorer.ref_line.label.toPlainText()
    mx, my = explorer.max_marker.getData()
    assert list(mx) == [0.0] and list(my) == [0.25]
    assert "0.25" in explorer.max_text.toPlainText()
    # saturated tails: |σ′| < 1 % of 0.25 beyond |u| ≈ 5.99, on both sides
    assert len(explorer.regions) == 2
    assert explorer.regions[0][1] == pytest.approx(-5.99, abs=0.05)
    assert explorer.regions[1][0] == pytest.approx(5.99, abs=0.05)


def test_user_switches_to_relu(explorer, qtbot):
    before = curve(explorer.f_curve)[1].copy()
    with qtbot.waitSignal(explorer.activationChanged) as sig:
        explorer.combo.setCurrentIndex(explorer.combo.findData("relu"))
    assert sig.args[0] == "relu"
    assert explorer.activation_name == "relu"
    after = curve(explorer.f_curve)[1]
    assert not np.array_equal(before, after)
    assert value_at(explorer.f_curve, -2.0) == 0.0 and value_at(explorer.f_curve, 2.0) == pytest.approx(2.0, abs=0.02)
    fp = curve(explorer.df_curve)[1]
    assert set(np.unique(fp[np.isfinite(fp)])) == {0.0, 1.0}
    # the whole negative half is the dead region
    assert len(explorer.regions) == 1 and explorer.regions[0][1] <= 0 < explorer.regions[0][1] + 0.1
    assert not explorer.alpha_spin.isVisibleTo(explorer)


def test_alpha_controls_leaky_and_elu(explorer):
    explorer.set_activation("leaky_relu", 0.2)
    assert explorer.alpha_spin.isVisibleTo(explorer)
    assert value_at(explorer.f_curve, -3.0) == pytest.approx(-0.6, abs=0.01)
    assert explorer.regions == []  # slope 0.2 is far above 1 % of the maximum
    explorer.alpha_spin.setValue(0.001)  # user edit
    assert explorer.alpha == 0.001
    assert value_at(explorer.f_curve, -3.0) == pytest.approx(-0.003, abs=1e-3)
    assert len(explorer.regions) == 1  # slope below 1 %: the negative half is flat again
    explorer.set_activation("elu", 2.0)
    assert value_at(explorer.f_curve, -7.5) == pytest.approx(2.0 * (np.exp(-7.5) - 1), abs=0.01)
    assert "2·" in explorer.formula.text()


def test_preactivation_histogram_and_summary(explorer):
    rng = np.random.default_rng(1)
    u = rng.normal(0.0, 6.0, size=(256, 8))
    explorer.set_preactivations(u, "sigmoid", label="Layer 4")
    assert explorer.hist_item.isVisible()
    x, share = explorer.hist_item.getData()
    assert share.sum() == pytest.approx(100.0)
    expected = np.mean(np.abs(u) > 5.99)
    text = explorer.stats.text()
    assert "Layer 4" in text and f"{100 * expected:.0f} %" in text
    # the plot range grows to cover the data
    lo, hi = explorer.plot.viewRange()[0]
    assert lo <= np.percentile(u, 0.5) and hi >= np.percentile(u, 99.5)
    explorer.set_preactivations(np.full((10, 3), -1.0), "relu", label="Layer 2")
    assert explorer.activation_name == "relu"
    assert "100 %" in explorer.stats.text() and "dead" in explorer.stats.text()
    explorer.clear_preactivations()
    assert not explorer.hist_item.isVisible()


def test_flat_regions():
    x = np.linspace(-3, 3, 7)
    assert flat_regions(x, np.array([0, 0, 1, 1, 1, 0, 0]), 0.5) == [(-3.0, -2.0), (2.0, 3.0)]
    assert flat_regions(x, np.ones(7), 0.5) == []


def test_renders(explorer, tmp_path):
    explorer.set_preactivations(np.random.default_rng(0).normal(size=500), "tanh")
    img = explorer.grab()
    assert img.width() >= 700 and not img.isNull()
