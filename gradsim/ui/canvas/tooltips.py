"""What the canvas's tooltip says about what is under the mouse: a weight's or a neuron's numbers,
each naming the training step it belongs to, and what a click or right-click would do."""

from __future__ import annotations

from ..i18n import tr
from ..naming import layer_title, neuron_name, weight_lines
from ..numbers import sci
from .hit import Hit


def describe(spec, snap, hit: Hit) -> str:
    """Tooltip text for ``hit`` on ``spec``'s network with the numbers of ``snap`` (None: no frame yet)."""
    if hit.kind == "edge":
        k, j, i = hit.edge
        label = spec.weight_label(k, j, i)
        alias = f"  (W{k + 1}[{j},{i}])" if not label.startswith("W") else ""
        lines = [f"<b>{label}</b>{alias}",
                 f"{neuron_name(spec, k, i)} → {neuron_name(spec, k + 1, j)}"]
        if snap is not None:
            lines += weight_lines(snap, k, j, i)
        lines.append("<i>" + tr("click to select · right-click to remove") + "</i>")
        return "<br>".join(lines)
    if hit.kind == "removed-edge":
        k, j, i = hit.edge
        return (f"<b>{spec.weight_label(k, j, i)}</b> " + tr("(removed)") + "<br>"
                f"{neuron_name(spec, k, i)} → {neuron_name(spec, k + 1, j)}<br><i>"
                + tr("right-click to restore") + "</i>")
    if hit.kind == "neuron":
        return _neuron(spec, snap, hit.layer, hit.index)
    if hit.kind == "residual":
        layer = spec.topology.layers[hit.layer - 1]
        s = layer.residual_from
        kind = tr("identity") if spec.topology.sizes[s] == spec.topology.sizes[hit.layer] else tr("learned projection")
        return ("<b>" + tr("Residual") + f"</b> {layer_title(spec, s)} → {layer_title(spec, hit.layer)} ({kind})<br>"
                + tr("adds 1 to ∂a/∂a on this path") + "<br><i>" + tr("right-click to remove") + "</i>")
    if hit.kind == "glyph":
        return hit.request.text
    return ""


def _neuron(spec, snap, l: int, n: int) -> str:
    L = spec.topology.depth
    what = layer_title(spec, l) + ("" if l == 0 else f" · {spec.topology.layers[l - 1].activation}")
    lines = [f"<b>{neuron_name(spec, l, n)}</b> ({what})"]
    if snap is not None:
        what = tr("input (batch mean)") if l == 0 else tr("activation (batch mean)")
        if getattr(snap, "pass_step", 0):
            lines.append(tr("{} = {} in step {}").format(what, sci(float(snap.activations[l][n]), 4), snap.pass_step))
        else:
            lines.append(tr("{}: none yet — no step has run a batch through").format(what))
        if getattr(snap, "grad_step", 0):
            lines.append(tr("‖∂L/∂a‖ = {} in step {}").format(sci(float(snap.neuron_grads[l][n]), 3), snap.grad_step))
        if l > 0:
            bias = sci(float(snap.biases[l - 1][n]), 4)
            lines.append(tr("bias = {} (initial)").format(bias) if snap.step == 0 else
                         tr("bias = {} after step {}").format(bias, snap.step))
    if 0 < l < L:
        lines.append("<i>" + tr("right-click for layer and neuron edits") + "</i>")
    return "<br>".join(lines)
