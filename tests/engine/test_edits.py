"""Topology edits keep masks, residual links and parameters consistent, and trainers accept them."""

import numpy as np
import pytest

from gradsim.engine import edits
from gradsim.engine.edits import EditError
from gradsim.engine.presets import load_preset, preset_names
from gradsim.engine.trainer import Trainer


def trains(spec):
    spec.validate()
    t = Trainer(spec)
    assert t.run(2) == 2
    return t


def masked(spec, k, j, i):
    return edits.set_edge(spec, k, j, i, False)


def test_edits_do_not_touch_their_argument():
    spec = load_preset("circles")
    before = spec.topology.sizes
    edits.insert_layer(spec, 1)
    edits.add_neuron(spec, 1)
    edits.set_edge(spec, 0, 0, 0, False)
    assert spec.topology.sizes == before and spec.topology.masks == {}


def test_insert_layer_copies_neighbour_and_shifts_masks_and_residuals():
    spec = load_preset("deep-residual")
    spec = masked(spec, 5, 1, 2)  # W6
    new = edits.insert_layer(spec, 3)
    t = new.topology
    assert t.depth == spec.topology.depth + 1
    assert t.layers[2].size == 8 and t.layers[2].activation == "sigmoid"
    assert set(t.masks) == {6} and not t.masks[6][1, 2]
    # layer 4 (old 3) pointed at layer 2: unchanged; layer 5 (old 4) pointed at old 3, now 4
    assert t.layers[3].residual_from == 2
    assert t.layers[4].residual_from == 4
    trains(new)


def test_insert_layer_before_output_and_into_net_without_hidden_layers():
    spec = edits.remove_layer(load_preset("xor"), 1)
    assert spec.topology.depth == 1
    new = edits.insert_layer(spec, 1)
    assert new.topology.sizes == [2, edits.DEFAULT_HIDDEN_SIZE, 1]
    trains(new)


def test_remove_layer_drops_residual_from_it_and_renumbers_later_ones():
    spec = load_preset("deep-residual")
    spec = masked(spec, 2, 0, 0)   # W3 (into layer 3)
    spec = masked(spec, 4, 0, 0)   # W5 (into layer 5)
    new = edits.remove_layer(spec, 3)
    t = new.topology
    assert t.depth == spec.topology.depth - 1
    # old layer 4 (residual from 3) lost its link; old layer 5 (from 4) now comes from 3
    assert t.layers[2].residual_from is None
    assert t.layers[3].residual_from == 3
    assert set(t.masks) == {3}
    trains(new)


def test_cannot_remove_input_or_output():
    spec = load_preset("xor")
    with pytest.raises(EditError, match="input"):
        edits.remove_layer(spec, 0)
    with pytest.raises(EditError, match="output"):
        edits.remove_layer(spec, spec.topology.depth)
    with pytest.raises(EditError, match="output"):
        edits.add_neuron(spec, spec.topology.depth)


def test_add_and_remove_neuron_fix_masks():
    spec = load_preset("circles")  # 2-6-6-1
    spec = masked(spec, 1, 2, 3)   # W2[2,3]: neuron 3 of layer 1 -> neuron 2 of layer 2
    grown = edits.add_neuron(spec, 1)
    assert grown.topology.sizes == [2, 7, 6, 1]
    assert grown.topology.masks[1].shape == (6, 7) and not grown.topology.masks[1][2, 3]
    trains(grown)
    shrunk = edits.remove_neuron(spec, 1, 0)
    assert shrunk.topology.sizes == [2, 5, 6, 1]
    assert not shrunk.topology.masks[1][2, 2]
    gone = edits.remove_neuron(spec, 1, 3)  # removes the only masked edge: mask disappears
    assert gone.topology.masks == {}
    trains(gone)


def test_last_neuron_cannot_go():
    spec = edits.set_layer_size(load_preset("xor"), 1, 1)
    with pytest.raises(EditError, match="at least one neuron"):
        edits.remove_neuron(spec, 1, 0)


def test_set_layer_size_both_ways():
    spec = load_preset("xor")
    assert edits.set_layer_size(spec, 1, 9).topology.sizes == [2, 9, 1]
    assert edits.set_layer_size(spec, 1, 2).topology.sizes == [2, 2, 1]


def test_edges_remove_restore_and_mask_cleanup():
    spec = load_preset("seed-2-2-2")
    cut = masked(spec, 1, 0, 1)
    assert not edits.edge_enabled(cut, 1, 0, 1) and edits.edge_enabled(cut, 1, 1, 1)
    # the lecture's parameters survive an edge removal (shapes unchanged)
    assert cut.parameters is not None and cut.weight_names == "seed"
    t = trains(cut)
    assert t.network.W[1][0, 1] == 0.0
    back = edits.set_edge(cut, 1, 0, 1, True)
    assert back.topology.masks == {}
    assert edits.restore_all_edges(cut).topology.masks == {}
    with pytest.raises(EditError):
        edits.set_edge(spec, 5, 0, 0, False)


def test_shape_change_drops_seed_parameters():
    spec = load_preset("seed-2-2-2")
    new = edits.add_neuron(spec, 1)
    assert new.parameters is None and new.weight_names is None
    trains(new)


def test_residual_set_and_clear():
    spec = load_preset("circles")
    r = edits.set_residual(spec, 2, 1)
    assert r.topology.layers[1].residual_from == 1
    trains(r)
    proj = edits.set_residual(spec, 2, 0)  # 2 inputs into a 6-wide layer: learned projection
    trains(proj)
    assert edits.set_residual(r, 2, None).topology.layers[1].residual_from is None
    with pytest.raises(EditError, match="earlier layer"):
        edits.set_residual(spec, 1, 1)
    with pytest.raises(EditError, match="output"):
        edits.set_residual(spec, 3, 1)


def test_activation_and_batch_norm():
    spec = load_preset("circles")
    new = edits.set_batch_norm(edits.set_activation(spec, 1, "relu"), 1, True)
    assert new.topology.layers[0].activation == "relu" and new.topology.layers[0].batch_norm
    trains(new)
    with pytest.raises(EditError, match="not available"):
        edits.set_activation(spec, 1, "softmax")
    # an output activation that clashes with the loss is a valid edit but an invalid spec
    bad = edits.set_activation(spec, 3, "linear")
    with pytest.raises(ValueError, match="training.loss|loss"):
        bad.validate()


@pytest.mark.parametrize("name", preset_names())
@pytest.mark.parametrize("dataset", ["seed", "xor", "sine", "spiral"])
def test_fit_dataset_makes_every_preset_trainable(name, dataset):
    spec = edits.fit_dataset(load_preset(name), dataset)
    if any(layer.batch_norm for layer in spec.topology.layers) and dataset == "seed":
        with pytest.raises(ValueError, match="batch"):
            spec.validate()
        return
    t = trains(spec)
    assert t.network.sizes[0] == (1 if dataset == "sine" else 2)


def test_fit_dataset_sets_noise():
    assert edits.fit_dataset(load_preset("xor"), "xor", noise=0.3).data.noise == 0.3


def test_random_edit_sequences_stay_valid():
    rng = np.random.default_rng(3)
    spec = load_preset("deep-residual")
    for _ in range(60):
        L = spec.topology.depth
        op = rng.integers(6)
        if L < 2 and op in (2, 3, 5):
            continue
        try:
            if op == 0:
                spec = edits.insert_layer(spec, int(rng.integers(1, L + 1)))
            elif op == 1:
                spec = edits.remove_layer(spec, int(rng.integers(0, L + 1)))
            elif op == 2:
                spec = edits.add_neuron(spec, int(rng.integers(1, L)))
            elif op == 3:
                layer = int(rng.integers(1, L))
                spec = edits.remove_neuron(spec, layer, int(rng.integers(spec.topology.sizes[layer])))
            elif op == 4:
                k = int(rng.integers(L))
                s = spec.topology.sizes
                spec = edits.set_edge(spec, k, int(rng.integers(s[k + 1])), int(rng.integers(s[k])), False)
            else:
                layer = int(rng.integers(1, L))
                spec = edits.set_residual(spec, layer, int(rng.integers(0, layer)))
        except EditError:
            continue
        spec.validate()
    trains(spec)
