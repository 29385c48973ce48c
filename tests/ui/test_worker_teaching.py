"""The worker's teaching extras: computed only when asked for, at snapshot time, from the live trainer."""

import numpy as np
import pytest

from gradsim.engine.boundary import decision_grid
from gradsim.engine.chain_rule import derive
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from gradsim.ui.worker import TEACH_VIEWS

EXTRAS = ("derivation", "check", "boundary", "neuron_grids", "points")


def last(controller):
    return controller.snaps[-1][0]


def test_nothing_extra_unless_a_view_asks(qtbot, controller):
    controller.reset(load_preset("circles"))
    controller.select_weight(0, 0, 0)  # a selection alone is not enough: no view shows it
    controller.play()
    qtbot.waitUntil(lambda: len(controller.snaps) >= 3 and last(controller).step > 20, timeout=5000)
    controller.pause()
    qtbot.waitUntil(lambda: not last(controller).extra["playing"], timeout=10000)
    for snap, _ in controller.snaps:
        assert not set(EXTRAS) & set(snap.extra)


def test_derivation_and_check_for_the_selected_weight(qtbot, controller):
    controller.reset(load_preset("seed-2-2-2"))
    controller.set_views(derivation=True)
    controller.select_weight(1, 0, 0)
    qtbot.waitUntil(lambda: bool(controller.snaps) and "derivation" in last(controller).extra, timeout=10000)
    d = last(controller).extra["derivation"]
    assert (d.k, d.j, d.i, d.weight) == (1, 0, 0, "w5")
    assert d.total == pytest.approx(0.082167041, abs=1e-9)
    controller.step(2)
    qtbot.waitUntil(lambda: last(controller).step == 2 and "derivation" in last(controller).extra, timeout=10000)
    trainer = Trainer(load_preset("seed-2-2-2"))
    trainer.step()
    trainer.step()
    assert last(controller).extra["derivation"].total == pytest.approx(derive(trainer, k=1, j=0, i=0).total, rel=1e-12)
    controller.request_check(0, 0, 0)
    qtbot.waitUntil(lambda: "check" in last(controller).extra, timeout=10000)
    check = last(controller).extra["check"]
    assert check["weight"] == (0, 0, 0) and check["result"].agrees
    assert all(in_gui for _snap, in_gui in controller.snaps)
    controller.clear_selection()
    controller.step(1)
    qtbot.waitUntil(lambda: last(controller).step == 3, timeout=10000)
    assert "derivation" not in last(controller).extra and "check" not in last(controller).extra


def test_boundary_grids_are_fresh_copies_and_rate_limited(qtbot, controller):
    controller.reset(load_preset("circles"))
    controller.set_views(boundary=True, neurons=True)
    qtbot.waitUntil(lambda: bool(controller.snaps) and "boundary" in last(controller).extra, timeout=10000)
    first = last(controller)
    xs, ys, Z = first.extra["boundary"]
    ref = decision_grid(Trainer(load_preset("circles")), 60)
    np.testing.assert_allclose(Z, ref[2])
    assert "points" in first.extra and len(first.extra["points"][0]) == 320
    assert [g.shape[2] for g in first.extra["neuron_grids"]] == [6, 6]
    controller.set_speed(None)
    controller.play()
    qtbot.waitUntil(lambda: len(controller.snaps) >= 25, timeout=10000)
    controller.pause()
    qtbot.waitUntil(lambda: not last(controller).extra["playing"], timeout=10000)
    running = [s for s, _ in controller.snaps if s.extra["playing"]]
    with_grid = [s for s in running if "boundary" in s.extra]
    assert 0 < len(with_grid) < len(running)  # at most 5 a second, snapshots up to 30
    assert sum("points" in s.extra for s, _ in controller.snaps) == 1  # the data once per network
    grids = [s.extra["boundary"][2] for s, _ in controller.snaps if "boundary" in s.extra]
    assert not any(np.shares_memory(a, b) for a, b in zip(grids, grids[1:]))


def test_unknown_view_is_refused(controller):
    with pytest.raises(ValueError):
        controller.set_views(everything=True)
    assert set(TEACH_VIEWS) == {"derivation", "boundary", "neurons"}
