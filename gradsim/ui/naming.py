"""How the window names layers, neurons and a weight's numbers, the same in every view.

Layers are ``0 … L`` (0 = the inputs, L = the output); weight matrix ``k`` feeds layer ``k + 1``.
The seed network keeps the lecture's names (i1, h1, o1; w1…w8, from the spec's ``weight_label``).
"""

from __future__ import annotations

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
    """i1/h1/o1 on the seed (as in the lecture), x1 / h2[3] / o1 elsewhere."""
    L = spec.topology.depth
    if spec.weight_names == "seed":
        return f"{'iho'[0 if layer == 0 else (2 if layer == L else 1)]}{index + 1}"
    if layer == 0:
        return f"x{index + 1}"
    if layer == L:
        return f"o{index + 1}"
    return f"h{layer}[{index + 1}]"


def weight_lines(snap, k: int, j: int, i: int) -> list[str]:
    """W{k+1}[j, i]'s value and gradient from ``snap``, each naming the step it belongs to: the
    weight is the one after ``snap.step`` updates, the gradient the one the last step computed (on
    its batch, at the weights before its update) — or none yet, before the first step."""
    w = sci(float(snap.weights[k][j, i]), 4)
    lines = [tr("w = {} (initial)").format(w) if snap.step == 0 else tr("w = {} after step {}").format(w, snap.step)]
    if getattr(snap, "grad_step", 0):
        lines.append(tr("∂L/∂w = {} in step {} (its batch, at the weights before its update)").format(
            sci(float(snap.weight_grads[k][j, i]), 3), snap.grad_step))
    else:
        lines.append(tr("∂L/∂w: none yet — no step has computed one (the chain-rule panel derives it at "
                        "these weights)"))
    return lines
