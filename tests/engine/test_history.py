"""History keeps every row; BoundedHistory keeps an even, bounded sample of a run of any length."""

import numpy as np

from gradsim.engine.history import BoundedHistory, History
from gradsim.engine.metrics import LAYER_KEYS


def _rows(start, n, layers=3):
    steps = np.arange(start, start + n, dtype=float)
    rows = {"step": steps, "loss": 1 / steps, "clip_norm_before": steps, "clip_norm_after": steps}
    rows.update({k: np.tile(steps[:, None], (1, layers)) for k in LAYER_KEYS})
    return rows


def test_history_grows_and_drains():
    h = History(3, capacity=4)
    h.extend(_rows(1, 10))
    assert len(h) == 10 and h.column("grad_norm").shape == (10, 3)
    assert np.isnan(h.column("test_loss")).all()
    out = h.drain()
    assert len(h) == 0 and out["step"].tolist() == list(range(1, 11))
    assert len(h.rows()) == 0


def test_bounded_history_append_and_extend_agree_and_stay_bounded():
    a, b = BoundedHistory(3, capacity=100), BoundedHistory(3, capacity=100)
    rows = _rows(1, 100_000)
    for start in range(0, 100_000, 777):
        chunk = {k: v[start:start + 777] for k, v in rows.items()}
        b.extend(chunk)
    small = _rows(1, 5000)
    for i in range(5000):
        a.append({k: small[k][i] for k in ("step", "loss")}, {k: small[k][i] for k in LAYER_KEYS})
    c = BoundedHistory(3, capacity=100)
    c.extend(small)
    assert np.array_equal(a.column("step"), c.column("step"))
    assert len(b) <= 100 and b.capacity == 100
    steps = b.column("step")
    assert steps[0] == 1 and steps[-1] > 95_000 and np.all(np.diff(steps) == b.stride)
