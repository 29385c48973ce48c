"""How the window names layers, neurons and a weight's numbers, the same in every view.

Layers are ``0 … L`` (0 = the inputs, L = the output); weight matrix ``k`` feeds layer ``k + 1``
and is called W{k+1}. The seed network keeps the lecture's names (i1, h1, o1; w1…w8, from the
spec's ``weight_label``). On every other network a unit's and a weight's indices count from 0,
as the matrices' rows and columns do: ``W3[2,0]`` joins ``h2_0`` to ``h3_2``; inputs are ``i0 …``,
outputs ``o0 …`` -- the names the chain-rule derivation, the step-through and ``gradsim derive``
use (:func:`gradsim.engine.chain_rule.neuron_name`). The loss is E, as in the lecture.
"""

from __future__ import annotations

from gradsim.engine.chain_rule import neuron_name as engine_neuron_name
from gradsim.engine.spec import RunSpec

from .i18n import tr
from .numbers import sci


def layer_title(spec: RunSpec, layer: int) -> str:
    """Inputs, H1 … H{L-1}, Output."""
    if layer == 0:
        return tr("Inputs")
    if layer == spec.topology.depth:
        return tr("Output")
    return f"H{layer}"


def layer_names(spec: RunSpec) -> list[str]:
    """The title of the layer each weight matrix feeds, first to last (the plots' legend)."""
    return [layer_title(spec, k + 1) for k in range(spec.topology.depth)]


def neuron_name(spec: RunSpec, layer: int, index: int) -> str:
    """i1/h1/o1 on the seed (as in the lecture), i0 / h2_3 / o0 elsewhere (indices from 0)."""
    return engine_neuron_name(spec.topology.sizes, layer, index, spec.weight_names == "seed")


def weight_lines(snap, k: int, j: int, i: int) -> list[str]:
    """W{k+1}[j, i]'s value and gradient from ``snap``, each naming the step it belongs to: the
    weight is the one after ``snap.step`` updates, the gradient the one the last step computed (on
    its batch, at the weights before its update) — or none yet, before the first step."""
    w = sci(float(snap.weights[k][j, i]), 4)
    lines = [tr("w = {} (initial)").format(w) if snap.step == 0 else tr("w = {} after step {}").format(w, snap.step)]
    if getattr(snap, "grad_step", 0):
        lines.append(tr("∂E/∂w = {} in step {} (its batch, at the weights before its update)").format(
            sci(float(snap.weight_grads[k][j, i]), 3), snap.grad_step))
    else:
        lines.append(tr("∂E/∂w: none yet — no step has computed one (the chain-rule panel derives it at "
                        "these weights)"))
    return lines
