"""The worker's teaching extras: computed only when asked for, at snapshot time, from the live trainer."""

import numpy as np
import pytest

from gradsim.engine.boundary import decision_grid
from gradsim.engine.chain_rule import derive
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from gradsim.engine.extras import VIEWS

EXTRAS = ("derivation", "check", "boundary", "neuron_grids", "points")


def last(controller):
    return controller.frames[-1][0]


def has(frame, extra: str) -> bool:
    return getattr(frame.extras, extra) is not None


def test_nothing_extra_unless_a_view_asks(qtbot, controller):
    controller.reset(load_preset("circles"))
    controller.select_weight(0, 0, 0)  # a selection alone is not enough: no view shows it
    controller.play()
    qtbot.waitUntil(lambda: len(controller.frames) >= 3 and last(controller).snapshot.step > 20, timeout=5000)
    controller.pause()
    qtbot.waitUntil(lambda: not last(controller).playing, timeout=10000)
    for frame, _ in controller.frames:
        assert not any(has(frame, e) for e in EXTRAS) and not frame.extras.heavy


def test_derivation_and_check_for_the_selected_weight(qtbot, controller):
    controller.reset(load_preset("seed-2-2-2"))
    controller.set_views(derivation=True)
    controller.select_weight(1, 0, 0)
    qtbot.waitUntil(lambda: bool(controller.frames) and has(last(controller), "derivation"), timeout=10000)
    d = last(controller).extras.derivation
    assert (d.k, d.j, d.i, d.weight) == (1, 0, 0, "w5")
    assert d.total == pytest.approx(0.082167041, abs=1e-9)
    controller.step(2)
    qtbot.waitUntil(lambda: last(controller).snapshot.step == 2 and has(last(controller), "derivation"), timeout=10000)
    trainer = Trainer(load_preset("seed-2-2-2"))
    trainer.step()
    trainer.step()
    assert last(controller).extras.derivation.total == pytest.approx(derive(trainer, k=1, j=0, i=0).total, rel=1e-12)
    controller.request_check(0, 0, 0)
    qtbot.waitUntil(lambda: has(last(controller), "check"), timeout=10000)
    check = last(controller).extras.check
    assert check.weight == (0, 0, 0) and check.result.agrees
    assert all(in_gui for _frame, in_gui in controller.frames)
    controller.clear_selection()
    controller.step(1)
    qtbot.waitUntil(lambda: last(controller).snapshot.step == 3, timeout=10000)
    assert not has(last(controller), "derivation") and not has(last(controller), "check")


def test_boundary_grids_are_fresh_copies_and_rate_limited(qtbot, controller):
    controller.reset(load_preset("circles"))
    controller.set_views(boundary=True, neurons=True)
    qtbot.waitUntil(lambda: bool(controller.frames) and has(last(controller), "boundary"), timeout=10000)
    first = last(controller)
    xs, ys, Z = first.extras.boundary
    ref = decision_grid(Trainer(load_preset("circles")), 60)
    np.testing.assert_allclose(Z, ref[2])
    assert has(first, "points") and len(first.extras.points[0]) == 320
    assert [g.shape[2] for g in first.extras.neuron_grids] == [6, 6]
    controller.set_speed(None)
    controller.play()
    qtbot.waitUntil(lambda: len(controller.frames) >= 25, timeout=10000)
    controller.pause()
    qtbot.waitUntil(lambda: not last(controller).playing, timeout=10000)
    running = [f for f, _ in controller.frames if f.playing]
    with_grid = [f for f in running if has(f, "boundary")]
    assert 0 < len(with_grid) < len(running)  # at most 2 a second, frames up to 30
    assert sum(has(f, "points") for f, _ in controller.frames) == 1  # the data once per network
    grids = [f.extras.boundary[2] for f, _ in controller.frames if has(f, "boundary")]
    assert not any(np.shares_memory(a, b) for a, b in zip(grids, grids[1:]))


def test_unknown_view_is_refused(controller):
    with pytest.raises(ValueError):
        controller.set_views(everything=True)
    assert set(VIEWS) == {"derivation", "boundary", "neurons"}
