"""Everything ``gradsim stats`` reports about a trainer's current state, as one JSON-ready document.

Per layer the measured distributions (:mod:`gradsim.engine.distributions`) beside the mean-field
prediction at initialisation (:mod:`gradsim.engine.theory`), then the hidden stack's Jacobian
spectrum (:mod:`gradsim.engine.jacobian`) and the theory's assumptions. All three read one forward
and backward pass with the current weights, on the batch the next step would take, run on a
scratch copy (the trainer is untouched).
"""

from __future__ import annotations

from . import distributions, jacobian, theory
from .export import clean


def _num(v):
    return None if v is None else clean(v)


def layer_name(k: int, depth: int) -> str:
    """``"layer 3"`` for hidden layers, ``"output"`` for the last (weight matrix ``k`` feeds it)."""
    return "output" if k == depth - 1 else f"layer {k + 1}"


def report(trainer) -> dict:
    """The ``gradsim stats --json`` document for ``trainer`` as it stands."""
    net, source = distributions.current_pass(trainer, fresh=True)
    dist = distributions.take(trainer, (net, source))
    predicted = theory.predict(trainer.spec, dist.inputs)
    L = net.depth
    layers = []
    for k, (d, p) in enumerate(zip(dist.layers, predicted)):
        layers.append({
            "name": layer_name(k, L), "width": d.width,
            "preact_mean": clean(d.mean["preact"]), "preact_std": clean(d.std["preact"]),
            "predicted_preact_std": _num(p.preact_std),
            "act_mean": clean(d.mean["act"]), "act_std": clean(d.std["act"]),
            "predicted_act_std": _num(p.act_std),
            "grad_std": clean(d.std["grad_act"]), "grad_w_std": clean(d.std["grad_w"]),
            "predicted_gain": _num(p.gain), "measured_gain": clean(d.gain),
            "saturated": clean(d.saturated), "dead": clean(d.dead),
            "no_prediction": {"act": p.forward_reason, "gain": p.gain_reason},
            "histograms": {q: h.to_dict() for q, h in d.histograms.items()},
        })
    doc = {"preset": trainer.spec.name, "sizes": list(net.sizes), "step": dist.step, "batch": dist.batch,
           "nonfinite": trainer.nonfinite.to_dict() if trainer.nonfinite else None,
           "layers": layers}
    jac = jacobian.spectrum(net)
    sv, conds = jac.singular_values, jac.condition_numbers
    doc["jacobian_singular_values"] = None if sv is None else [[clean(v) for v in s] for s in sv]
    doc["jacobian"] = {"of": jac.label, "from_layer": jac.source, "to_layer": jac.target,
                       "samples": None if sv is None else len(sv),
                       "condition_numbers": None if conds is None else [clean(c) for c in conds],
                       "reason": jac.reason}
    doc["assumptions"] = theory.ASSUMPTIONS
    return doc


__all__ = ["report", "layer_name"]
