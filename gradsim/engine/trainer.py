"""The training loop: one vectorised optimiser step at a time, measured and guarded.

A :class:`Trainer` owns the network, data, optimiser and history of one :class:`RunSpec`. Each
:meth:`Trainer.step` runs forward → loss → backward → clip → update and records the per-layer
measurements of :mod:`gradsim.engine.metrics`. Overflow never raises and never prints a numpy
warning: the first non-finite value is recorded as a :class:`NonFinite` event (which quantity,
which layer, which step), the offending update is *not* applied, and the trainer stops.
"""

from __future__ import annotations

import copy
import math
from collections import deque

import numpy as np

from . import batchnorm, limits, losses, lsuv
from .clipping import clip_flat
from .datasets import make_dataset
from .diagnosis import EXPLOSIVE_UPDATE, context_for
from .events import NonFinite, RunEvent
from .history import History
from .metrics import LAYER_KEYS, norm
from .network import Cancelled, Network  # noqa: F401 - Cancelled: what a cancelled step raises
from .optimizers import Optimizer
from .spec import RunSpec
from .step_meter import StepMeter

ZERO_VARIANCE = 1e-3  # a BN unit's batch variance below this fraction of batchnorm.EPS counts as zero
EXPLOSION_MEMORY = 5  # steps before a layer died in which an exploding update is looked for


class Trainer:
    """Train one :class:`RunSpec`; deterministic given ``spec.train.seed``.

    ``measure=False`` skips the per-layer measurements (the history then records NaN for them and
    ``last_metrics`` stays None); losses, guards and updates are unchanged. Benchmarks use it.

    ``nonfinite`` stops the run; ``events`` (:class:`RunEvent`) only report, in order.

    ``cancel``: a callable asked before every layer of every pass (see :attr:`Network.cancel`);
    when it returns True the step (or evaluation) in progress ends with :class:`Cancelled` and
    applies no update: a caller that must stop promptly -- a window closing while a step of a huge
    network runs -- need not wait for the step to finish. The trainer is then only fit to be
    dropped (that step's caches are incomplete).
    """

    def __new__(cls, spec: RunSpec, *args, **kwargs):
        # Trainer(spec) of a spec another kind of trainer handles builds that one: a recurrent spec
        # a RecurrentTrainer (same interface, its own network and step). The subclasses are found,
        # not imported here, so this module needs none of them (the package imports them all).
        if cls is Trainer:
            cls = next((sub for sub in Trainer.__subclasses__() if sub.accepts(spec)), Trainer)
        return super().__new__(cls)

    @staticmethod
    def accepts(spec: RunSpec) -> bool:
        """Whether this kind of trainer handles ``spec`` (the feed-forward one: every spec the
        others do not)."""
        return getattr(spec, "recurrent", None) is None

    def __init__(self, spec: RunSpec, history: History | None = None, dtype=np.float64,
                 measure: bool = True, cancel=None):
        self.spec = spec.validate()
        self.measure = measure
        cfg = spec.train
        seed = int(cfg.seed)
        self.dataset = make_dataset(spec.data, seed)
        self.network = Network(spec.topology, spec.weight_init, spec.bias_init,
                               np.random.default_rng(seed), dtype=dtype)
        self.network.cancel = cancel
        self._take_data(dtype)
        if spec.parameters is not None:
            self.network.load_state(spec.parameters)
        elif spec.weight_init.name == "lsuv":
            lsuv.fit(self.network, lsuv.batch(self.x_train, seed), spec.weight_init.gain)
        self._start_run(history)
        self._meter: StepMeter | None = None
        self._bn_layers = [k for k, g in enumerate(self.network.gamma) if g is not None]
        # inv_std = 1/√(var + ε) above this means var < ZERO_VARIANCE·ε
        self._inv_std_limit = 1.0 / math.sqrt(batchnorm.EPS * (1.0 + ZERO_VARIANCE))

    def _take_data(self, dtype) -> None:
        """The training and test arrays of ``self.dataset``, targets shaped for the output layer."""
        out_size = self.spec.topology.output.size
        self.x_train = self.dataset.x_train.astype(dtype)
        self.t_train = self.dataset.train_targets(out_size).astype(dtype)
        self.x_test = self.dataset.x_test.astype(dtype)
        self.t_test = self.dataset.test_targets(out_size).astype(dtype)

    def _start_run(self, history: History | None) -> None:
        """Optimiser, history, batch order and the run's state at step 0 (every kind of trainer)."""
        cfg = self.spec.train
        self.optimizer = Optimizer(cfg.optimizer, cfg.lr, cfg.momentum)
        self.history = history if history is not None else History(self.spec.topology.depth)
        self._batch_rng = np.random.default_rng([int(cfg.seed), 1])
        self._order = np.arange(len(self.x_train))
        self._cursor = len(self._order)  # forces a shuffle on the first batch
        self.step_count = 0
        self.pass_step = 0   # the step whose forward pass the network's caches hold (0: none yet)
        self.grad_step = 0   # ... and whose backward pass (its gradients) they hold
        self._context = None
        self.nonfinite: NonFinite | None = None
        self.last_metrics: dict | None = None
        self.last_scalars: dict | None = None
        self._grad_buf: np.ndarray | None = None   # gradients, laid out like network.flat
        self._grad_views: dict | None = None
        self._clip_buf: np.ndarray | None = None
        self._nan_metrics: dict | None = None  # the history's per-layer row when measure=False
        self.events: list[RunEvent] = []
        self._reported: set[tuple[str, int]] = set()
        self._recent_updates: deque = deque(maxlen=EXPLOSION_MEMORY)  # (step, update_ratio row)

    # -- settings that may change mid-run -----------------------------------------------------
    @property
    def lr(self) -> float:
        return self.optimizer.lr

    @lr.setter
    def lr(self, value: float) -> None:
        lo, hi = limits.LR
        if not (isinstance(value, (int, float)) and math.isfinite(value) and lo <= value <= hi):
            raise ValueError(f"learning rate must be a number between {lo:g} and {hi:g}, got {value!r}")
        self.optimizer.lr = float(value)
        self.spec.train.lr = float(value)

    @property
    def gradients(self) -> np.ndarray | None:
        """The last step's gradients in :attr:`Network.flat`'s layout (∂L/∂W1 … ∂L/∂WL first); the
        network's ``dW`` are views of it. Overwritten by the next step; None before the first."""
        return self._grad_buf

    @property
    def diagnosis_context(self):
        """What :func:`gradsim.engine.diagnosis.diagnose` needs about this run (computed once)."""
        if self._context is None:
            self._context = context_for(self)
        return self._context

    @property
    def stopped(self) -> bool:
        """True once a non-finite value has been met; :meth:`step` then does nothing."""
        return self.nonfinite is not None

    # -- data ---------------------------------------------------------------------------------
    def next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.x_train)
        bs = self.spec.train.batch_size
        if bs is None or bs >= n:
            return self.x_train, self.t_train
        if self._cursor + bs > n:
            self._batch_rng.shuffle(self._order)
            self._cursor = 0
        idx = self._order[self._cursor:self._cursor + bs]
        self._cursor += bs
        return self.x_train[idx], self.t_train[idx]

    def peek_batch(self) -> tuple[np.ndarray, np.ndarray]:
        """The batch the next :meth:`step` will train on, leaving the batch order untouched."""
        saved = self._cursor, self._order.copy(), copy.deepcopy(self._batch_rng.bit_generator.state)
        try:
            return self.next_batch()
        finally:
            self._cursor, self._order = saved[0], saved[1]
            self._batch_rng.bit_generator.state = saved[2]

    # -- training -----------------------------------------------------------------------------
    def step(self) -> dict | None:
        """One optimiser step. Returns the recorded scalars (None once stopped)."""
        if self.stopped:
            return None
        x, t = self.next_batch()
        with np.errstate(all="ignore"):
            return self._step(x, t)

    def _step(self, x, t):
        # All parameters and their gradients live in flat buffers (see Network.flat), so norms,
        # clipping, the optimiser, the finite checks and the measurements are a few numpy calls
        # per step whatever the depth; the Python loop over layers is in forward/backward only.
        # The same step array by array, without the guards: gradsim.engine.reference.step.
        net, cfg = self.network, self.spec.train
        step = self.step_count + 1
        net.forward_unguarded(x, training=True)  # step() holds np.errstate(all="ignore")
        self.pass_step = step
        loss = net.loss_value(t, cfg.loss)
        if not math.isfinite(loss):
            bad = self._first_bad(net.a[1:])
            # finite activations with a non-finite loss: the output layer's values overflowed the loss
            return self._fail(step, bad, "activations") if bad is not None else \
                self._fail(step, net.depth - 1, "loss")
        params = net.flat_parameters(cfg.train_biases)
        if self._grad_buf is None or self._grad_buf.shape != net.flat.shape:
            self._grad_buf = np.zeros_like(net.flat)
            self._grad_views = net.flat_views(self._grad_buf)
        net.backward(t, cfg.loss, into=self._grad_views)
        self.grad_step = step
        grads = self._grad_buf[: params.size]
        starts = net.segment_starts(cfg.train_biases)
        if self.measure:
            meter = self._meter
            if meter is None or not meter.fits(net, len(x)):
                meter = self._meter = StepMeter(net, len(x))
            # Σg² per array, W1..WL first and b1..bL last (frozen biases too: they are measured).
            grad_sq = meter.grad_sumsq(self._grad_buf)
            norm_before = math.sqrt(float(np.add.reduce(grad_sq[: len(starts)])))
        else:
            norm_before = math.sqrt(float(np.vdot(grads, grads)))
        if not math.isfinite(norm_before):
            # Blame the layer nearest the output: backprop carried the bad value down from there.
            return self._fail(step, self._blame(grads, cfg.train_biases, max), "gradients")
        if self._clip_buf is None or self._clip_buf.shape != grads.shape:
            self._clip_buf = np.empty_like(grads)
        clipped, norm_after = clip_flat(grads, cfg.clip_mode, cfg.clip_value, norm_before, self._clip_buf)
        delta = self.optimizer.flat_updates(clipped)
        if not math.isfinite(float(np.vdot(delta, delta))):
            return self._fail(step, self._blame(delta, cfg.train_biases, min), "update")
        if self.measure:
            nw = net.weights_size
            metrics = meter.measure(net, grad_sq, params[:nw], delta[:nw])
        else:
            metrics = self._no_metrics()
        params += delta
        main = net.flat[: net.bias_offset]
        if not math.isfinite(float(np.vdot(main, main))):
            # W, γ, β or P overflowed; as ever, only a weight matrix stops the run.
            w_norms = [norm(w) for w in net.W]
            if not math.isfinite(sum(w_norms)):
                return self._fail(step, next(k for k, v in enumerate(w_norms) if not math.isfinite(v)), "update")
        self.step_count = step
        if self._bn_layers:
            self._check_zero_variance(step)
        if self.measure:
            if np.count_nonzero(metrics["dead"]):
                for k in np.flatnonzero(metrics["dead"] == 1.0):
                    self._report(step, int(k), "dead_layer")
            self._recent_updates.append((step, metrics["update_ratio"]))  # a fresh row each step: no copy
        scalars = {"step": step, "loss": loss, "clip_norm_before": norm_before, "clip_norm_after": norm_after}
        self.history.append(scalars, metrics)
        self.last_metrics, self.last_scalars = (metrics if self.measure else None), scalars
        return scalars

    def _no_metrics(self) -> dict:
        if self._nan_metrics is None:
            self._nan_metrics = {key: np.full(self.network.depth, np.nan) for key in LAYER_KEYS}
        return self._nan_metrics

    def _report(self, step: int, layer: int, kind: str) -> None:
        if (kind, layer) not in self._reported:
            self._reported.add((kind, layer))
            self.events.append(RunEvent(step, layer, kind, self._last_explosion() if kind == "dead_layer" else None))

    def _last_explosion(self) -> dict | None:
        """The largest update of the last few steps if it was an exploding one (‖ΔW‖ ≥ ‖W‖ in some
        layer): units that die right after such a step were switched off by it."""
        best = None
        for step, ratios in self._recent_updates:
            with np.errstate(invalid="ignore"):
                r = float(np.max(ratios))
            if r >= EXPLOSIVE_UPDATE and (best is None or r > best["update_ratio"]):
                best = {"step": int(step), "update_ratio": r}
        return best

    def _check_zero_variance(self, step: int) -> None:
        inv = self.network.inv_std
        if np.concatenate([inv[k] for k in self._bn_layers]).max() > self._inv_std_limit:
            for k in self._bn_layers:
                if inv[k].max() > self._inv_std_limit:
                    self._report(step, k, "zero_variance")

    def _bad_layers(self, flat: np.ndarray, train_biases: bool) -> list[int]:
        """Weight-matrix indices k with a part of ``flat`` (trainable layout) whose Σx² is not finite.

        That covers NaN and ∞ entries and finite values too large to square, which is what made a
        norm non-finite.
        """
        net = self.network
        starts = list(net.segment_starts(train_biases)) + [flat.size]
        return sorted({k for (kind, k), a, b in zip(net.flat_segments(train_biases), starts, starts[1:])
                       if not math.isfinite(float(np.vdot(flat[a:b], flat[a:b])))})

    def _blame(self, flat: np.ndarray, train_biases: bool, pick) -> int:
        """The layer to name for a non-finite norm of ``flat``: ``pick`` of the layers whose own part
        is not finite, or, when every part is finite and only their sum overflowed, the layer that
        holds the largest value."""
        bad = self._bad_layers(flat, train_biases)
        if bad:
            return pick(bad)
        net = self.network
        starts = list(net.segment_starts(train_biases)) + [flat.size]
        peaks = [(float(np.max(np.abs(flat[a:b]))) if b > a else 0.0, k)
                 for (kind, k), a, b in zip(net.flat_segments(train_biases), starts, starts[1:])]
        return max(peaks)[1]

    @staticmethod
    def _first_bad(arrays) -> int | None:
        for i, a in enumerate(arrays):
            if a is not None and not np.all(np.isfinite(a)):
                return i
        return None

    def _fail(self, step: int, layer: int | None, quantity: str) -> None:
        self.nonfinite = NonFinite(step, layer, quantity)
        return None

    def run(self, steps: int) -> int:
        """Up to ``steps`` steps; stops early at a non-finite value. Returns steps taken."""
        done = 0
        for _ in range(steps):
            if self.step() is None:
                break
            done += 1
        return done

    # -- evaluation ---------------------------------------------------------------------------
    def evaluate(self, x: np.ndarray, t: np.ndarray) -> float:
        """Loss on ``(x, t)`` in evaluation mode (BN uses running statistics); NaN if empty.

        Uses a scratch forward pass, then restores nothing: call it between steps only (the views
        read the caches of the last training step from snapshots, not from the live network).
        """
        if len(x) == 0:
            return math.nan
        with np.errstate(all="ignore"):
            saved = self._save_cache()
            out = self.network.forward(x, training=False)
            value = losses.value(self.spec.train.loss, out, t, self.network.u[-1])
            self._restore_cache(saved)
        return value

    def test_loss(self) -> float:
        return self.evaluate(self.x_test, self.t_test)

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Network output for ``x`` in evaluation mode, leaving the training caches intact."""
        with np.errstate(all="ignore"):
            saved = self._save_cache()
            out = self.network.forward(np.asarray(x, dtype=self.network.dtype), training=False).copy()
            self._restore_cache(saved)
        return out

    _CACHE = ("a", "z", "u", "h", "zhat", "inv_std", "training")

    def _save_cache(self):
        return {k: (list(v) if isinstance(v, list) else v)
                for k, v in ((k, getattr(self.network, k)) for k in self._CACHE)}

    def _restore_cache(self, saved):
        for k, v in saved.items():
            setattr(self.network, k, v)

    # -- saving and resuming ------------------------------------------------------------------
    def resume_state(self) -> dict:
        """Besides the parameters and the step count, what continuing this run exactly needs: the
        optimiser's step count and moments, and where the mini-batch shuffling stands (fresh copies,
        JSON-friendly apart from numpy arrays)."""
        opt = self.optimizer
        out = {"optimizer": {"t": int(opt.t)},
               "batches": {"cursor": int(self._cursor), "order": self._order.copy(),
                           "rng": copy.deepcopy(self._batch_rng.bit_generator.state)}}
        for key in opt.MOMENTS:
            moment = opt.moment(key)
            if moment is not None:
                out["optimizer"][key] = moment.copy()
        return out

    def restore(self, resume: dict | None, step: int = 0) -> bool:
        """Continue a saved run: step count, optimiser state and batch order from
        :meth:`resume_state`. Parts that no longer fit (another optimiser, network or dataset)
        are skipped; returns True when everything was restored."""
        self.step_count = int(step)
        if not resume:
            return False
        complete = True
        opt = resume.get("optimizer") or {}
        n_params = self.network.flat_parameters(self.spec.train.train_biases).shape
        if "t" in opt:
            self.optimizer.t = int(opt["t"])
        for key in self.optimizer.MOMENTS:
            if key in opt:
                arr = np.asarray(opt[key], dtype=self.network.dtype)
                if arr.shape == n_params:
                    self.optimizer.set_moment(key, arr)
                else:
                    complete = False
        batches = resume.get("batches") or {}
        order = np.asarray(batches.get("order", []), dtype=np.int64)
        if order.shape == self._order.shape and np.array_equal(np.sort(order), np.arange(len(order))):
            self._order = order.copy()
            self._cursor = int(batches.get("cursor", len(order)))
            try:
                self._batch_rng.bit_generator.state = copy.deepcopy(batches["rng"])
            except (KeyError, TypeError, ValueError):
                complete = False
        elif batches:
            complete = False
        return complete

    # -- construction helpers -----------------------------------------------------------------
    def reset(self) -> "Trainer":
        """A fresh trainer for the same spec (same seed, so runs can be compared)."""
        return Trainer(self.spec, history=type(self.history)(self.spec.topology.depth), measure=self.measure,
                       cancel=self.network.cancel)
