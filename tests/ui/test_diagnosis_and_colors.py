"""Pure helpers of the UI: diagnosis text, log colour scale, plot helpers (no window needed)."""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from gradsim.engine.history import BoundedHistory
from gradsim.engine.metrics import LAYER_KEYS
from gradsim.ui import palette
from gradsim.ui.colors import N_BUCKETS, NONFINITE_CLASS, ZERO_CLASS, LogColorScale, activation_classes, layer_colors
from gradsim.engine.diagnosis import LEVELS, Context
from gradsim.engine.diagnosis import diagnose as engine_diagnose
from gradsim.ui.diagnosis import diagnose
from gradsim.ui.numbers import decade_label, sci, value_label
from gradsim.ui.plots import LogAxis, LossSeries, log10_clean, smooth


def history_with(n_steps, depth=3, **columns):
    """A history of ``n_steps`` rows; per-layer columns default to healthy values."""
    h = BoundedHistory(depth, 256)
    rows = {"step": np.arange(1, n_steps + 1, dtype=float), "loss": np.full(n_steps, 0.5)}
    for key in LAYER_KEYS:
        rows[key] = np.full((n_steps, depth), 0.0 if key in ("dead", "saturated") else 1.0)
    rows["backward_gain"][:] = 0.8
    for key, value in columns.items():
        rows[key] = np.broadcast_to(np.asarray(value, dtype=float), rows[key].shape).copy()
    h.extend(rows)
    return h


def snap(nonfinite=None, context=None, events=()):
    return SimpleNamespace(nonfinite=nonfinite, context=context, events=list(events))


def test_the_status_bar_says_what_the_engine_says():
    """The UI decides nothing: it shows the engine's diagnosis, in its own words only when idle."""
    ctx = Context(3, 0.69)
    cases = [history_with(30, out_grad_norm=[1e-6, 1.0, 1.0]), history_with(30, loss=1e-5),
             history_with(10, dead=[0.75, 0.0, 0.0]), history_with(30, out_grad_norm=[0.3, 1.0, 5.0])]
    for h in cases:
        ui, engine = diagnose(h, snap(context=ctx)), engine_diagnose(h, ctx)
        assert (ui.level, ui.text) == (engine.level, str(engine.text))
    assert [diagnose(h, snap(context=ctx)).level for h in cases] == ["vanishing", "converged", "dead", "healthy"]
    assert set(palette.LEVELS) == set(LEVELS)


def test_idle_before_any_step_and_nonfinite_first():
    d = diagnose(BoundedHistory(3), snap())
    assert d.level == "idle" and "Play" in d.text
    msg = "Non-finite gradients in layer 3 at step 142 — lower the learning rate or enable clipping"
    d = diagnose(history_with(5), snap({"step": 142, "layer": 2, "quantity": "gradients"}))
    assert d.level == "nonfinite" and d.text.startswith("Overflow: " + msg)


def test_a_snapshot_without_a_context_never_claims_convergence():
    assert diagnose(history_with(30, loss=1e-9), snap()).level == "healthy"


def test_log_scale_classes_zero_nonfinite_and_decades():
    s = LogColorScale(-6, 0)
    c = s.classes(np.array([0.0, 1e-9, 1e-6, 1e-3, 0.999, 5.0, np.nan, np.inf, -np.inf, -1e-3]))
    assert c[0] == ZERO_CLASS
    assert c[1] == 1 and c[2] == 1                  # at or below the range: the darkest colour
    assert c[3] == 1 + N_BUCKETS // 2               # the middle decade of six
    assert c[4] == N_BUCKETS and c[5] == N_BUCKETS  # at or above the top: the brightest
    assert list(c[6:9]) == [NONFINITE_CLASS] * 3
    assert c[9] == c[3]                             # magnitude, not sign
    assert s.class_colors[NONFINITE_CLASS] not in s.colors and s.class_colors[ZERO_CLASS] not in s.colors


def test_log_scale_fit_expands_at_once_and_shrinks_with_hysteresis():
    s = LogColorScale(-6, 0)
    assert s.fit(np.array([1e-9, 1e2]))
    assert (s.lo, s.hi) == (-9, 2)
    assert not s.fit(np.array([1e-8, 20.0]))        # within a decade: keep, no flicker
    assert s.fit(np.array([1e-3, 0.5]))             # far inside: shrink
    assert s.hi == 0 and s.lo == -3
    assert not s.fit(np.array([0.0, np.nan]))       # nothing to fit
    assert [decade_label(d) for d in s.decades] == ["1e-3", "1e-2", "1e-1", "1"]


def test_colormap_is_perceptually_uniform_viridis():
    s = LogColorScale()
    first, last = s.colors[0], s.colors[-1]
    assert first.valueF() < last.valueF()           # dark = small gradient, bright = large
    luminance = [0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF() for c in s.colors]
    assert luminance == sorted(luminance)


def test_activation_classes_and_layer_colours():
    cls = activation_classes(np.array([-10.0, 0.0, 10.0, np.nan]), 21)
    assert list(cls) == [0, 10, 20, 10]
    cols = layer_colors(20)
    assert len({c.name() for c in cols}) == 20


def test_sci_formatting():
    assert sci(0.358916, 4) == "0.358916" or sci(0.358916, 4) == "0.3589"
    assert sci(3.2e-7) == "3.2e-7"
    assert sci(float("nan")) == "NaN" and sci(float("inf")) == "∞" and sci(0.0) == "0"


def test_plot_helpers():
    y = log10_clean(np.array([1.0, 0.0, 100.0, np.inf, -1.0]))
    assert y[0] == 0 and y[2] == 2 and np.isnan(y[[1, 3, 4]]).all()
    sm = smooth(np.array([0.0, 2.0, np.nan, 4.0, 6.0]), 3)
    assert sm[1] == pytest.approx(1.0) and np.isnan(sm[2]) and sm[3] == pytest.approx(5.0)
    s = LossSeries(8)
    for i in range(20):
        s.append(i, i)
    x, y = s.points()
    assert len(x) <= 8 and x[0] == 0 and x[-1] == 19 and np.array_equal(x, y)
    assert value_label(-6) == "1e-6" and value_label(math.log10(0.25)) == "0.25" and value_label(2) == "100"


def test_log_axis_labels_decades_only(qapp):
    ax = LogAxis("left")
    levels = ax.tickValues(-7.3, 0.2, 400)
    major = levels[0][1]
    assert major == [float(d) for d in range(-7, 1)]
    crowded = ax.tickValues(-7.3, 0.2, 120)[0]      # a short axis labels every other decade or so
    assert crowded[0] >= 2 and all(float(v).is_integer() for v in crowded[1])
    assert ax.tickStrings(major, 1, levels[0][0])[-1] == "1"
    assert ax.tickStrings(levels[1][1], 1, levels[1][0]) == [""] * len(levels[1][1])
    short = ax.tickValues(-0.4, 0.1, 200)[0][1]     # under a decade: 0.5 and 1 get labels
    assert len(short) >= 2


def test_nice_ceil_and_sticky_range():
    from gradsim.ui.plots import StickyRange, nice_ceil, nice_floor

    assert [nice_ceil(x) for x in (0.5, 1, 3, 7, 11, 467, 536, 5000, 5001)] == [1, 1, 3, 8, 15, 500, 600, 5000, 6000]
    assert [nice_floor(x) for x in (0.3, 166.7, 200, 333, 2000)] == [0.2, 100, 200, 200, 2000]
    r = StickyRange(step=1.0, slack=2.0, min_span=2.0)
    assert r.update(np.array([-6.3, -1.2])) == (-7.0, -1.0)
    assert r.update(np.array([-6.0, -1.5])) is None          # inside, not much smaller: keep
    assert r.update(np.array([-6.0, 0.4])) == (-6.0, 1.0)    # leaves it: move
    assert r.update(np.array([-2.0, -1.0])) == (-2.5, -0.5)  # far inside: shrink (min span 2)


def test_plots_stay_bounded_over_a_long_run(session):
    """A million-step run's history is thinned, so the curves never hold more than its capacity."""
    from types import SimpleNamespace

    from gradsim.ui.plots import PlotsPanel

    depth, capacity = 4, 1024
    h = BoundedHistory(depth, capacity)
    panel = PlotsPanel(session)
    panel.set_layers(["H1", "H2", "H3", "Output"])
    n = 50_000
    for start in range(0, 1_000_000, n):
        rows = {"step": np.arange(start + 1, start + n + 1, dtype=float), "loss": np.full(n, 0.5)}
        for key in LAYER_KEYS:
            rows[key] = np.full((n, depth), 0.1)
        h.extend(rows)
        metrics = {k: np.full(depth, 0.1) for k in LAYER_KEYS}
        panel.update_from(h, SimpleNamespace(test_loss=0.4, step=start + n, metrics=metrics), force=True)
    last = h.column("step")[-1]
    assert len(h) <= capacity and last > 990_000  # thinned evenly, still reaching the end
    x, _y = panel.norm_curves[0].getData()
    assert 0 < len(x) <= capacity and x[-1] > 990_000  # (display-downsampled view of it)
    assert len(panel.test_series) == 20
