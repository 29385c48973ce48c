"""History keeps every row; BoundedHistory keeps an even, bounded sample of a run of any length."""

import numpy as np

from gradsim.engine.history import SCALAR_KEYS, BoundedHistory, History, WindowHistory
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


# -- a window's history fed by a recorder that keeps only the rows it needs ----------------------------
def _offered_rows(start: int, n: int, depth: int = 3) -> dict:
    steps = np.arange(start + 1, start + n + 1, dtype=float)
    rows = {"step": steps, "loss": steps * 0.5, "test_loss": np.full(n, np.nan),
            "clip_norm_before": steps + 0.25, "clip_norm_after": steps + 0.75}
    for k, key in enumerate(LAYER_KEYS):
        rows[key] = steps[:, None] * 10 + np.arange(depth) + k
    return rows


def assert_same_history(a, b):
    """Two bounded histories hold the same rows, saw as many and thin alike."""
    assert len(a) == len(b) and a.seen == b.seen and a.stride == b.stride
    for key in SCALAR_KEYS + tuple(LAYER_KEYS):
        np.testing.assert_array_equal(a.column(key), b.column(key))


def test_window_history_keeps_what_a_full_history_keeps_from_only_the_rows_it_needs():
    rng = np.random.default_rng(3)
    full, sparse = BoundedHistory(3, 64), WindowHistory(3, 64)
    offered = 0
    for _ in range(120):
        n = int(rng.integers(0, 90))
        rows = _offered_rows(offered, n)
        full.extend(rows)
        keep = sparse.stride  # what the worker knew when it recorded these rows
        index = np.arange(offered, offered + n)
        recorded = index % keep == 0
        sparse.extend_offered({k: v[recorded] for k, v in rows.items()}, index[recorded], offered + n)
        offered += n
        assert_same_history(sparse, full)
    assert sparse.stride >= 64  # several halvings happened on the way
