"""Decision-boundary view draws the engine's grid and updates after training."""

import numpy as np
import pytest

from gradsim.engine.boundary import decision_grid, neuron_grids
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer
from gradsim.ui.teach.boundary_view import BoundaryView


@pytest.fixture
def view(qtbot):
    v = BoundaryView()
    qtbot.addWidget(v)
    v.resize(500, 500)
    return v


def test_heat_map_follows_training(view):
    t = Trainer(load_preset("xor"))
    view.set_points(t.x_train, t.dataset.y_train, t.x_test, t.dataset.y_test)
    xs, ys, Z0 = decision_grid(t)
    view.set_grid(xs, ys, Z0)
    img0 = np.array(view.image.image, copy=True)
    assert np.array_equal(img0, Z0)
    r = view.image.mapRectToParent(view.image.boundingRect())
    assert r.left() < xs[0] and r.right() > xs[-1] and r.top() < ys[0] and r.bottom() > ys[-1]
    t.run(300)
    view.set_grid(decision_grid(t))  # the tuple form
    assert np.max(np.abs(view.image.image - img0)) > 0.05
    assert "train (320)" in view.caption.text() and "test (80)" in view.caption.text()
    assert len(view.train_points.data) == 320 and len(view.test_points.data) == 80


def test_neuron_inset_and_clear(view):
    t = Trainer(load_preset("circles"))
    view.set_grid(decision_grid(t))
    g = neuron_grids(t, 16)[0][:, :, 0]
    view.show_neuron_map(g, "h1,1")
    assert view.inset.isVisible() and view.inset_title.toPlainText() == "h1,1"
    view.show_neuron_map(None)
    assert not view.inset.isVisible()
    view.set_grid(None)
    assert view.Z is None and "2-D classification" in view.caption.text()
