"""Snapshots: self-contained copies of a trainer's state for the views.

The worker thread emits one of these at most ~30 times a second. Every array is a fresh copy, so
the GUI thread can keep it while training goes on. ``rows`` carries the measurements of *every*
step since the previous snapshot (columns as in :mod:`gradsim.engine.history`), so plots miss no
step even though snapshots are throttled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .metrics import LAYER_KEYS

PREACTIVATION_SAMPLE = 256  # rows of pre-activations kept for histograms


@dataclass
class Snapshot:
    step: int
    loss: float | None
    test_loss: float
    weights: list[np.ndarray]         # W_k, shape (out, in)
    weight_grads: list[np.ndarray]    # ∂L/∂W_k of the last step (colour edges by |·|)
    biases: list[np.ndarray]
    activations: list[np.ndarray]     # per network layer 0..L: mean activation per neuron over the batch
    neuron_grads: list[np.ndarray]    # per network layer 0..L: ‖∂L/∂a‖ per neuron over the batch
    preactivations: list[np.ndarray]  # per weight matrix: u (≤ PREACTIVATION_SAMPLE rows)
    metrics: dict[str, np.ndarray]    # last step's per-layer measurements (metrics.LAYER_KEYS)
    rows: dict[str, np.ndarray]       # every step since the previous snapshot
    nonfinite: dict | None = None
    lr: float = 0.0
    extra: dict = field(default_factory=dict)
    # which training step the numbers belong to: ``weights``/``biases`` are after ``step`` updates;
    # ``activations``/``preactivations`` come from the forward pass of step ``pass_step`` and
    # ``weight_grads``/``neuron_grads`` from the backward pass of step ``grad_step`` (computed on
    # that step's batch, at the weights before its update; 0 = none yet)
    pass_step: int = 0
    grad_step: int = 0
    events: list = field(default_factory=list)   # RunEvent.to_dict() of the run so far
    context: object = None                      # the run's diagnosis.Context


def take_snapshot(trainer, rows: dict[str, np.ndarray], test_loss: float = float("nan")) -> Snapshot:
    """Copy what the views need out of ``trainer`` (call from the thread that trains)."""
    net = trainer.network
    L = net.depth
    have_pass = net.dW[0] is not None and net.a[0] is not None

    def copy_list(arrays, fallback_shapes):
        return [a.copy() if a is not None else np.zeros(s) for a, s in zip(arrays, fallback_shapes)]

    wshapes = [w.shape for w in net.W]
    sizes = net.sizes
    if have_pass:
        acts = [a.mean(axis=0) for a in net.a]
        ngrads = [np.sqrt(np.sum(g * g, axis=0)) if g is not None else np.zeros(s)
                  for g, s in zip(net.da, sizes)]
        pre = [u[:PREACTIVATION_SAMPLE].copy() for u in net.u]
    else:
        acts = [np.zeros(s) for s in sizes]
        ngrads = [np.zeros(s) for s in sizes]
        pre = [np.zeros((0, s)) for s in sizes[1:]]
    metrics = ({k: v.copy() for k, v in trainer.last_metrics.items()} if trainer.last_metrics
               else {k: np.full(L, np.nan) for k in LAYER_KEYS})
    return Snapshot(
        step=trainer.step_count,
        loss=None if trainer.last_scalars is None else trainer.last_scalars["loss"],
        test_loss=test_loss,
        weights=[w.copy() for w in net.W],
        weight_grads=copy_list(net.dW, wshapes),
        biases=[b.copy() for b in net.b],
        activations=acts,
        neuron_grads=ngrads,
        preactivations=pre,
        metrics=metrics,
        rows=rows,
        nonfinite=None if trainer.nonfinite is None else trainer.nonfinite.to_dict(),
        lr=trainer.lr,
        pass_step=trainer.pass_step if have_pass else 0,
        grad_step=trainer.grad_step if have_pass else 0,
        events=[e.to_dict() for e in trainer.events],
        context=trainer.diagnosis_context,
    )


__all__ = ["Snapshot", "take_snapshot"]
