"""The plots hand pyqtgraph a couple of points per pixel, computed with numpy, not whole histories."""

from types import SimpleNamespace

import numpy as np

from gradsim.engine.history import BoundedHistory
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.ui.plots import PlotsPanel, peak_decimate, sample_rows, smooth


def test_sample_rows_keeps_every_stride_th_row_and_the_last():
    assert list(sample_rows(10, 3)) == [0, 3, 6, 9]
    assert list(sample_rows(11, 3)) == [0, 3, 6, 9, 10]
    assert list(sample_rows(5, 1)) == [0, 1, 2, 3, 4]
    assert len(sample_rows(0, 4)) == 0


def test_smooth_at_rows_equals_smoothing_everything_then_sampling():
    rng = np.random.default_rng(1)
    y = rng.normal(size=(500, 3))
    y[rng.random(y.shape) < 0.05] = np.nan
    rows = sample_rows(500, 7)
    full = smooth(y, 9)
    np.testing.assert_allclose(smooth(y, 9, at=rows), full[rows], equal_nan=True)
    for k in range(3):  # 2-D smoothing is column by column
        np.testing.assert_allclose(full[:, k], smooth(y[:, k], 9), equal_nan=True)


def test_peak_decimation_keeps_the_band_and_the_gaps():
    x = np.arange(100.0)
    y = np.sin(x) + np.where(x % 10 == 3, 5.0, 0.0)  # spikes every 10 points
    y[40:50] = np.nan                                  # one whole block missing
    xs, ys = peak_decimate(x, y, 10)
    assert len(xs) == len(ys) == 2 * 10 + 1
    assert np.nanmax(ys) == np.nanmax(y) and np.nanmin(ys) == np.nanmin(y)  # spikes survive
    assert np.isnan(ys[8]) and np.isnan(ys[9])        # the missing block stays a gap
    assert xs[-1] == 99 and ys[-1] == y[-1]            # the curve still reaches the last step
    same_x, same_y = peak_decimate(x[:15], y[:15], 10)  # too short to decimate
    assert len(same_x) == 15 and np.array_equal(same_y, y[:15], equal_nan=True)


def test_curves_get_about_two_points_per_pixel_of_a_long_history(qtbot, session):
    depth = 4
    h = BoundedHistory(depth, 4096)
    n = 4000
    rng = np.random.default_rng(0)
    rows = {"step": np.arange(1, n + 1, dtype=float), "loss": rng.uniform(0.1, 1.0, n)}
    for key in LAYER_KEYS:
        rows[key] = rng.uniform(1e-4, 1e-1, (n, depth))
    h.extend(rows)
    panel = PlotsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 250)
    panel.show()
    panel.set_layers(["H1", "H2", "H3", "Output"])
    qtbot.waitUntil(lambda: panel.norm_plot.vb.width() > 0)
    metrics = {k: np.full(depth, 0.1) for k in LAYER_KEYS}
    panel.update_from(h, SimpleNamespace(test_loss=0.4, step=n, metrics=metrics), force=True)
    width = max(panel.norm_plot.vb.width(), panel.loss_plot.vb.width(), 100.0)
    for curve in panel.norm_curves + [panel.train_curve]:
        x, y = curve.getData()
        assert len(x) <= 2 * width + 2 and len(x) < n and x[-1] == n
        assert np.isfinite(y).all()
    xr, yr = panel.train_raw_curve.getData()
    assert len(xr) <= 2 * (2 * width + 2)
    # the raw loss keeps its noise band: the decimated extremes are the data's
    assert np.nanmax(yr) == np.log10(rows["loss"].max()) and np.nanmin(yr) == np.log10(rows["loss"].min())
