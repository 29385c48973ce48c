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
    recurrent: "RecurrentView | None" = None    # a recurrent run's unrolled state (the fields above: its readout)


@dataclass
class RecurrentView:
    """What drawing a recurrent network unrolled through time needs, from the last training pass
    (the step ``Snapshot.pass_step``/``grad_step`` name), every array a fresh copy. Time-major:
    row t is time step t, row 0 the initial state (zero, and no gradient is measured there).

    ``state_mean[t, u]``  mean over the batch of h_t[u]
    ``state_grad[t, u]``  ‖∂L/∂h_t[u]‖ over the batch: the gradient reaching that unit at step t
    ``cell_mean``, ``cell_grad``  the same for an LSTM's cell state c_t (None for other cells)
    ``gate_mean[t−1, r]``  mean over the batch of gate row r (gates·H, PyTorch's order) at step t
                           (LSTM i, f, g, o; GRU r, z, n; None for an Elman cell)
    ``input_mean[t−1]``   mean over the batch of the inputs x_t
    ``step_grad_ih[t−1]``, ``step_grad_hh[t−1]``  ‖step t's contribution to ∂L/∂weight_ih‖ and to
                           ∂L/∂weight_hh‖ (they sum, as matrices, to the gradient): how much each
                           copy of the shared weights in the unrolled picture gets
    ``weights``, ``grads``  weight_ih, weight_hh, bias_ih, bias_hh and their gradients
    """

    cell: str
    seq_len: int
    hidden_size: int
    state_mean: np.ndarray
    state_grad: np.ndarray
    cell_mean: np.ndarray | None
    cell_grad: np.ndarray | None
    gate_mean: np.ndarray | None
    input_mean: np.ndarray
    step_grad_ih: np.ndarray
    step_grad_hh: np.ndarray
    weights: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]


def _recurrent_view(net) -> RecurrentView | None:
    ws = net.workspace
    if ws is None or not net.passed:
        return None
    cache = ws.cache
    gates = cache.get("gates")
    if gates is None and "rz" in cache:
        gates = np.concatenate((cache["rz"], cache["n"]), axis=2)
    dgi, dgh, x, h = ws.dgi, ws.dgh, ws.x, ws.h

    def per_unit(a):
        return np.sqrt(np.einsum("tbh,tbh->th", a, a))

    def per_step(d, src):
        m = np.einsum("tbg,tbi->tgi", d, src)
        return np.sqrt(np.einsum("tgi,tgi->t", m, m))

    return RecurrentView(
        cell=net.cell_name, seq_len=ws.T, hidden_size=net.H,
        state_mean=h.mean(axis=1), state_grad=per_unit(ws.dh),
        cell_mean=None if ws.c is None else ws.c.mean(axis=1),
        cell_grad=None if ws.dc is None else per_unit(ws.dc),
        gate_mean=None if gates is None or net.cell_name.startswith("rnn") else gates.mean(axis=1),
        input_mean=x.mean(axis=1), step_grad_ih=per_step(dgi, x), step_grad_hh=per_step(dgh, h[:-1]),
        weights={k: getattr(net, k).copy() for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")},
        grads={k: net.grads[k].copy() for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")})


def _take_recurrent(trainer, rows, test_loss) -> Snapshot:
    """A recurrent trainer's snapshot: the per-layer fields describe the readout (network layers
    1 = the last hidden state it reads and 2 = the output), ``recurrent`` the unrolled cell."""
    net = trainer.network
    view = _recurrent_view(net)
    have_pass = view is not None
    readout_in = net.readout_input() if have_pass else None
    if have_pass:
        acts = [view.input_mean[-1], readout_in.mean(axis=0), net.out.mean(axis=0)]
        ngrads = [np.zeros(net.n_in), np.sqrt(np.sum(net.d_readout_in ** 2, axis=0)),
                  np.sqrt(np.sum(net.da_out ** 2, axis=0))]
        pre = [net.u_out[:PREACTIVATION_SAMPLE].copy()]
    else:
        acts = [np.zeros(n) for n in net.sizes]
        ngrads = [np.zeros(n) for n in net.sizes]
        pre = [np.zeros((0, net.n_out))]
    metrics = ({k: np.array(v, copy=True) for k, v in trainer.last_metrics.items()} if trainer.last_metrics
               else {k: np.full(1, np.nan) for k in LAYER_KEYS})
    return Snapshot(
        weights=[net.W[0].copy()],
        weight_grads=[net.grads["W"].copy() if have_pass else np.zeros_like(net.W[0])],
        biases=[net.b[0].copy()],
        activations=acts, neuron_grads=ngrads, preactivations=pre, metrics=metrics, rows=rows,
        recurrent=view, **_run_fields(trainer, have_pass, test_loss))


def _run_fields(trainer, have_pass: bool, test_loss: float) -> dict:
    """The snapshot's fields about the run rather than the network (either kind of trainer)."""
    return dict(
        step=trainer.step_count,
        loss=None if trainer.last_scalars is None else trainer.last_scalars["loss"],
        test_loss=test_loss,
        nonfinite=None if trainer.nonfinite is None else trainer.nonfinite.to_dict(),
        lr=trainer.lr,
        pass_step=trainer.pass_step if have_pass else 0,
        grad_step=trainer.grad_step if have_pass else 0,
        events=[e.to_dict() for e in trainer.events],
        context=trainer.diagnosis_context,
    )


def take_snapshot(trainer, rows: dict[str, np.ndarray], test_loss: float = float("nan")) -> Snapshot:
    """Copy what the views need out of ``trainer`` (call from the thread that trains)."""
    if getattr(trainer.spec, "recurrent", None) is not None:
        return _take_recurrent(trainer, rows, test_loss)
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
        weights=[w.copy() for w in net.W],
        weight_grads=copy_list(net.dW, wshapes),
        biases=[b.copy() for b in net.b],
        activations=acts,
        neuron_grads=ngrads,
        preactivations=pre,
        metrics=metrics,
        rows=rows,
        **_run_fields(trainer, have_pass, test_loss),
    )


__all__ = ["Snapshot", "RecurrentView", "take_snapshot"]
