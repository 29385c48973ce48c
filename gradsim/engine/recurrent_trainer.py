"""Training a recurrent network: the feed-forward trainer's loop, guards and run state, on sequences.

``Trainer(spec)`` builds a :class:`RecurrentTrainer` when ``spec.recurrent`` is set, so callers need
not know which kind of network they train. Everything the feed-forward :class:`Trainer` promises
holds: one vectorised step at a time (forward through time → loss → backpropagation through time →
clip → update), the same optimisers and clipping over one flat parameter vector, deterministic per
seed, overflow recorded as a :class:`NonFinite` (with the time step it happened at) and never
applied, run state saved and restored bit for bit. Each step's history row carries the readout's
per-layer measurements and the recurrent ones (:meth:`RecurrentNetwork.measure`).
"""

from __future__ import annotations

import copy
import math

import numpy as np

from . import losses
from .clipping import clip_flat
from .events import NonFinite, RunEvent
from .history import History
from .metrics import LAYER_KEYS, segment_sumsq
from .recurrent import RecurrentNetwork
from .sequences import make_sequences
from .spec import RunSpec
from .trainer import Trainer


class RecurrentTrainer(Trainer):
    """Train a recurrent :class:`RunSpec` (see the module and :class:`Trainer`)."""

    @staticmethod
    def accepts(spec: RunSpec) -> bool:
        return getattr(spec, "recurrent", None) is not None

    def __init__(self, spec: RunSpec, history: History | None = None, dtype=np.float64,
                 measure: bool = True, cancel=None):
        self.spec = spec.validate()
        self.measure = measure
        cfg, r = spec.train, spec.recurrent
        seed = int(cfg.seed)
        self.dataset = make_sequences(spec.data, r.seq_len, seed)
        self.network = RecurrentNetwork(spec, np.random.default_rng(seed), dtype=dtype)
        self.network.cancel = cancel
        self._take_data(dtype)
        if spec.parameters is not None:
            self.network.load_state(spec.parameters)
        self._start_run(history)
        self.columns = self.network.columns(r.seq_len)
        self.history.add_columns(self.columns)
        self._eval_net: RecurrentNetwork | None = None

    # -- training -------------------------------------------------------------------------------
    def _step(self, x, t):
        net, cfg = self.network, self.spec.train
        step = self.step_count + 1
        net.forward_unguarded(x, training=True)
        self.pass_step = step
        loss = net.loss_value(t, cfg.loss)
        if not math.isfinite(loss):
            when = _first_bad_time(net.h[1:])
            if when is not None:
                return self._fail(step, 0, "activations", when)
            bad_out = not np.all(np.isfinite(net.out))
            return self._fail(step, 1, "activations" if bad_out else "loss")
        if self._grad_buf is None:
            self._grad_buf = np.zeros_like(net.flat)
            self._grad_views = net.flat_views(self._grad_buf)
        net.backward(t, cfg.loss, into=self._grad_views)
        self.grad_step = step
        params = net.flat_parameters(cfg.train_biases)
        grads = self._grad_buf[: params.size]
        n_seg = len(net.segment_starts(cfg.train_biases))
        grad_sq = segment_sumsq(self._grad_buf, net.segment_starts(True))
        norm_before = math.sqrt(float(np.add.reduce(grad_sq[:n_seg])))
        if not math.isfinite(norm_before):
            # the recurrent layer if its gradient went bad, with the step where BPTT met it; else the readout
            layer = self._blame(grad_sq, n_seg, first=True)
            return self._fail(step, layer, "gradients", _last_bad_time(net.workspace.dh) if layer == 0 else None)
        if self._clip_buf is None:
            self._clip_buf = np.empty_like(grads)
        clipped, norm_after = clip_flat(grads, cfg.clip_mode, cfg.clip_value, norm_before, self._clip_buf)
        delta = self.optimizer.flat_updates(clipped)
        if not math.isfinite(float(np.vdot(delta, delta))):
            sq = segment_sumsq(delta, net.segment_starts(cfg.train_biases))
            return self._fail(step, self._blame(sq, n_seg, first=True), "update")
        nw = net.weights_size
        metrics = net.measure(grad_sq, params[:nw], delta[:nw]) if self.measure else self._no_metrics()
        params += delta
        main = net.flat[:nw]
        if not math.isfinite(float(np.vdot(main, main))):
            sq = segment_sumsq(main, net.segment_starts(False))
            return self._fail(step, self._blame(sq, 3, first=True), "update")
        self.step_count = step
        if self.measure:
            dead_step = metrics.get("dead_step", 0)
            if dead_step > self.spec.recurrent.first_reached:
                self._report(step, 0, "dead_recurrent", int(dead_step))
            self._recent_updates.append(
                (step, np.concatenate((metrics["recurrent_update_ratio"], metrics["update_ratio"]))))
        scalars = {"step": step, "loss": loss, "clip_norm_before": norm_before, "clip_norm_after": norm_after}
        self.history.append(scalars, metrics)
        self.last_metrics, self.last_scalars = (metrics if self.measure else None), scalars
        return scalars

    def _report(self, step: int, layer: int, kind: str, time: int | None = None) -> None:
        if (kind, layer) not in self._reported:
            self._reported.add((kind, layer))
            self.events.append(RunEvent(step, layer, kind, self._last_explosion(), time))

    def _fail(self, step: int, layer: int | None, quantity: str, time: int | None = None) -> None:
        self.nonfinite = NonFinite(step, layer, quantity, time)
        return None

    def _blame(self, sq: np.ndarray, n_seg: int, first: bool = False) -> int:
        """The layer (0: recurrent, 1: readout) of the parameter arrays whose Σx² is not finite
        (``first``: the recurrent layer when both are; else the readout); when every part is finite
        and only their sum overflowed, the layer of the largest part."""
        net = self.network
        keys = net.flat_segments(True)[:n_seg]
        bad = [net.segment_layer(k) for k, v in zip(keys, sq[:n_seg]) if not math.isfinite(float(v))]
        if bad:
            return min(bad) if first else max(bad)
        return net.segment_layer(keys[int(np.argmax(sq[:n_seg]))])

    def _no_metrics(self) -> dict:
        if self._nan_metrics is None:
            row = {key: np.full(1, np.nan) for key in LAYER_KEYS}
            for key, width in self.columns.items():
                row[key] = math.nan if width is None else np.full(width, np.nan)
            self._nan_metrics = row
        return self._nan_metrics

    # -- evaluation -----------------------------------------------------------------------------
    def _evaluator(self) -> RecurrentNetwork:
        """A network sharing the parameters with its own caches, so evaluating leaves the last
        training pass's caches (what the views and the derivation read) intact."""
        if self._eval_net is None:
            ev = copy.copy(self.network)
            ev._ws = None
            ev.clear_cache()
            ev.cancel = None
            self._eval_net = ev
        return self._eval_net

    def _chunk(self) -> int:
        """Sequences evaluated at once: a training batch's worth, so evaluating a test set of any
        size needs no more memory than a training step (see :func:`limits.estimate`)."""
        return max(1, min(len(self.x_train), self.spec.train.batch_size or len(self.x_train)))

    def evaluate(self, x: np.ndarray, t: np.ndarray) -> float:
        """Loss on ``(x, t)`` (sequences and their targets); NaN if empty. Every loss is a mean
        over the readout's rows, so the chunks' losses combine as a mean weighted by their rows."""
        if len(x) == 0:
            return math.nan
        ev = self._evaluator()
        total, rows, n = 0.0, 0, self._chunk()
        with np.errstate(all="ignore"):
            for start in range(0, len(x), n):
                out = ev.forward(x[start:start + n], training=False)
                total += losses.value(self.spec.train.loss, out, ev.target_rows(t[start:start + n]), ev.u_out) * len(out)
                rows += len(out)
        ev._ws = None  # the test set's arrays are not kept between evaluations
        return total / rows

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The readout's output for sequences ``x``: (B, out), or (B, T, out) for a many-to-many task."""
        ev = self._evaluator()
        x = np.asarray(x, dtype=ev.dtype)
        parts, n = [], self._chunk()
        with np.errstate(all="ignore"):
            for start in range(0, len(x), n):
                out = ev.forward(x[start:start + n], training=False)
                if ev.many_to_many:
                    out = out.reshape(x.shape[1], -1, ev.n_out).transpose(1, 0, 2)
                parts.append(out.copy())
        ev._ws = None
        return np.concatenate(parts) if parts else np.zeros((0, ev.n_out))


def _first_bad_time(h: np.ndarray) -> int | None:
    """The first time step (1-based) whose state (T, B, H) holds NaN or ∞."""
    bad = ~np.isfinite(h.reshape(len(h), -1)).all(axis=1)
    return int(np.argmax(bad)) + 1 if bad.any() else None


def _last_bad_time(dh: np.ndarray) -> int | None:
    """The latest time step (1-based) whose ∂L/∂h_t (rows 1..T of ``dh``) is not finite."""
    with np.errstate(all="ignore"):
        sq = np.einsum("ij,ij->i", dh[1:].reshape(len(dh) - 1, -1), dh[1:].reshape(len(dh) - 1, -1))
    bad = ~np.isfinite(sq)
    return int(np.flatnonzero(bad)[-1]) + 1 if bad.any() else None


__all__ = ["RecurrentTrainer"]
