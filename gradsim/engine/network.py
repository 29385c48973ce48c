"""A feed-forward network with its forward values and gradients kept on it.

Like TensorFlow Playground's ``nn.ts``, the network stores every intermediate of the last forward
and backward pass (pre-activations, activations, ∂L/∂a, ∂L/∂W …) so that metrics, the chain-rule
derivation and the views can read them without recomputing anything.

Per layer ``l = k + 1`` (weight matrix ``k``)::

    z_l = a_{l-1} W_k^T + b_k                 (net input)
    u_l = γ_k ẑ_l + β_k  if batch norm else z_l (pre-activation)
    h_l = f_l(u_l)
    a_l = h_l + a_s  (or  + a_s P_k^T)  with a residual from layer s, else h_l

Rows are samples. Everything is vectorised over the batch; the Python loop is over layers only.

A pass over a very large network can take seconds; :attr:`Network.cancel`, when set, is asked
before every layer of the forward and backward passes and ends the pass with :class:`Cancelled`
when it returns True (a closing window stops its training thread that way). A cancelled pass
leaves the parameters untouched and the caches of that pass incomplete.

Parameters live in one contiguous buffer (:attr:`Network.flat`; ``W``, ``b``, ``gamma``, ``beta``
and ``P`` hold views of it), so the trainer updates, norms and checks all of them with a handful of
numpy calls instead of a few per parameter array. Code that replaces a parameter array instead of
writing into it is tolerated: :meth:`Network.flat_parameters` notices and gathers them again.
"""

from __future__ import annotations

from operator import is_

import numpy as np

from . import batchnorm, losses
from .initializers import Init
from .topology import Topology


class Cancelled(Exception):
    """A forward or backward pass stopped early because :attr:`Network.cancel` asked for it."""


class Network:
    """Parameters of a :class:`Topology` plus the cached values of the last passes."""

    cancel = None  # a callable asked before every layer of a pass; True ends it with Cancelled

    def __init__(self, topology: Topology, weight_init: Init | None = None, bias_init: Init | None = None,
                 rng: np.random.Generator | None = None, dtype=np.float64):
        self.topology = topology.validate()
        self.dtype = np.dtype(dtype)
        self.activations = [layer.make_activation() for layer in topology.layers]
        sizes = topology.sizes
        L = topology.depth
        rng = rng if rng is not None else np.random.default_rng(0)
        weight_init = weight_init or Init()
        bias_init = bias_init or Init("constant", value=0.0)
        self.W: list[np.ndarray] = []
        self.b: list[np.ndarray] = []
        self.gamma: list[np.ndarray | None] = []
        self.beta: list[np.ndarray | None] = []
        self.running_mean: list[np.ndarray | None] = []
        self.running_var: list[np.ndarray | None] = []
        self.P: list[np.ndarray | None] = []
        self.masks: list[np.ndarray | None] = []
        for k in range(L):
            spec = topology.layers[k]
            n_out, n_in = sizes[k + 1], sizes[k]
            w = weight_init.sample(rng, (n_out, n_in), self.dtype)
            mask = topology.mask(k)
            self.masks.append(None if mask is None else mask.astype(self.dtype))
            if mask is not None:
                w = w * self.masks[k]
            self.W.append(w)
            self.b.append(bias_init.sample(rng, (1, n_out), self.dtype).reshape(n_out))
            if spec.batch_norm:
                self.gamma.append(np.ones(n_out, self.dtype))
                self.beta.append(np.zeros(n_out, self.dtype))
                self.running_mean.append(np.zeros(n_out, self.dtype))
                self.running_var.append(np.ones(n_out, self.dtype))
            else:
                self.gamma.append(None)
                self.beta.append(None)
                self.running_mean.append(None)
                self.running_var.append(None)
            s = spec.residual_from
            if s is not None and sizes[s] != n_out:
                self.P.append(weight_init.sample(rng, (n_out, sizes[s]), self.dtype))
            else:
                self.P.append(None)
        self._residual_from = tuple(layer.residual_from for layer in topology.layers)
        self._n_inputs = topology.input_size
        self._ws: _Workspace | None = None
        self._workspace_live = False
        self._adopt_flat()
        self.clear_cache()

    # -- flat parameter storage -----------------------------------------------------------------
    _KINDS = ("W", "gamma", "beta", "P", "b")

    def _layout(self) -> list[tuple[str, int, np.ndarray]]:
        """``(kind, k, array)`` in buffer order: every W, then per matrix [γ, β], [P], then every b.

        Weight matrices first and biases last, so that both are contiguous runs of segments (their
        norms are slices of one per-segment result) and a frozen bias block is simply left out.
        """
        mid = []
        for k in range(self.depth):
            for kind in ("gamma", "beta", "P"):
                arr = getattr(self, kind)[k]
                if arr is not None:
                    mid.append((kind, k, arr))
        return ([("W", k, w) for k, w in enumerate(self.W)] + mid
                + [("b", k, b) for k, b in enumerate(self.b)])

    def _adopt_flat(self) -> None:
        """Copy every parameter into a fresh contiguous buffer and point the lists at views of it."""
        segs = self._layout()
        sizes = [arr.size for _, _, arr in segs]
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
        flat = np.empty(int(sum(sizes)), self.dtype)
        lists = {kind: list(getattr(self, kind)) for kind in self._KINDS}
        for (kind, k, arr), start, size in zip(segs, starts, sizes):
            view = flat[start:start + size].reshape(arr.shape)
            view[...] = arr
            lists[kind][k] = view
        for kind in self._KINDS:
            setattr(self, kind, lists[kind])
        self.flat = flat
        self._views = {kind: list(lists[kind]) for kind in self._KINDS
                       if any(v is not None for v in lists[kind])}
        self._seg_starts = starts
        self._starts_nobias = starts[: len(starts) - self.depth]
        self._n_main = int(sum(size for (kind, _, _), size in zip(segs, sizes) if kind != "b"))
        self._n_weights = int(sum(w.size for w in self.W))

    def _flat_intact(self) -> bool:
        for kind, views in self._views.items():
            if not all(map(is_, getattr(self, kind), views)):
                return False
        return True

    def flat_parameters(self, train_biases: bool = True) -> np.ndarray:
        """The trainable parameters as one contiguous array (a view: writes update the network).

        Order: :meth:`flat_segments`. If a parameter array was replaced rather than written into,
        the buffer is rebuilt from the current arrays first.
        """
        if not self._flat_intact():
            self._adopt_flat()
        return self.flat if train_biases else self.flat[: self._n_main]

    def flat_segments(self, train_biases: bool = True) -> list[tuple[str, int]]:
        """``(kind, k)`` of each array in :meth:`flat_parameters` order (kind W, gamma, beta, P, b)."""
        segs = [(kind, k) for kind, k, _ in self._layout()]
        return segs if train_biases else [sk for sk in segs if sk[0] != "b"]

    def segment_starts(self, train_biases: bool = True) -> np.ndarray:
        """Start offset of each array of :meth:`flat_parameters` (for ``np.add.reduceat``)."""
        return self._seg_starts if train_biases else self._starts_nobias

    @property
    def weights_size(self) -> int:
        """Number of weight-matrix entries: ``flat[:weights_size]`` is W1..WL, segments 0..L-1."""
        return self._n_weights

    @property
    def bias_offset(self) -> int:
        """Where the biases start in :attr:`flat` (everything before is W, γ, β and P)."""
        return self._n_main

    def flat_views(self, buffer: np.ndarray) -> dict[str, list[np.ndarray | None]]:
        """Views of ``buffer`` (shaped like :attr:`flat`) per kind and matrix, as the parameters'.

        The trainer keeps its gradients in such a buffer (see :meth:`backward`'s ``into``).
        """
        out = {kind: [None] * self.depth for kind in self._KINDS}
        for (kind, k, arr), start in zip(self._layout(), self._seg_starts):
            out[kind][k] = buffer[start:start + arr.size].reshape(arr.shape)
        return out

    # -- caches --------------------------------------------------------------------------------
    def clear_cache(self):
        L = self.depth
        self.a: list[np.ndarray | None] = [None] * (L + 1)   # a[0] = input, a[l] = layer output
        self.z: list[np.ndarray | None] = [None] * L          # net input of layer k+1
        self.u: list[np.ndarray | None] = [None] * L          # pre-activation (after BN)
        self.h: list[np.ndarray | None] = [None] * L          # f(u), before the residual add
        self.zhat: list[np.ndarray | None] = [None] * L
        self.inv_std: list[np.ndarray | None] = [None] * L
        self.fprime: list[np.ndarray | None] = [None] * L     # f'(u) (diagonal for softmax)
        self.da: list[np.ndarray | None] = [None] * (L + 1)  # ∂L/∂a_l, da[0] = ∂L/∂x
        self.dz: list[np.ndarray | None] = [None] * L         # ∂L/∂z (the seed's δ)
        self.du: list[np.ndarray | None] = [None] * L
        self.dW: list[np.ndarray | None] = [None] * L
        self.db: list[np.ndarray | None] = [None] * L
        self.dgamma: list[np.ndarray | None] = [None] * L
        self.dbeta: list[np.ndarray | None] = [None] * L
        self.dP: list[np.ndarray | None] = [None] * L
        self.loss: float | None = None
        self.training = True
        self._workspace_live = False

    @property
    def depth(self) -> int:
        return len(self.W)

    @property
    def sizes(self) -> list[int]:
        return self.topology.sizes

    # -- passes --------------------------------------------------------------------------------
    def forward(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """Run the batch ``x`` (samples × inputs) through the network and cache every value.

        Never warns: overflow becomes ∞ or NaN in the caches, which the trainer detects and reports.
        """
        with np.errstate(all="ignore"):
            return self.forward_unguarded(x, training)

    def forward_unguarded(self, x: np.ndarray, training: bool = True) -> np.ndarray:
        """:meth:`forward` for a caller that already runs under ``np.errstate(all="ignore")``."""
        x = np.asarray(x, dtype=self.dtype)
        if x.ndim != 2 or x.shape[1] != self._n_inputs:
            raise ValueError(f"input must have shape (batch, {self._n_inputs}), got {x.shape}")
        self.training = training
        self.a[0] = x
        self.forward_layers(0, self.depth)
        return self.a[-1]

    def forward_layers(self, start: int, stop: int) -> None:
        """Layers ``start + 1 … stop`` of the forward pass, from the cached ``a[0] … a[start]``.

        :meth:`forward` runs them all; LSUV initialisation (:mod:`gradsim.engine.lsuv`) rescales
        one layer at a time and passes the data on layer by layer. Call under
        ``np.errstate(all="ignore")``; BN uses ``self.training``.
        """
        a, z_, u_, h_ = self.a, self.z, self.u, self.h
        W, b, gamma, acts = self.W, self.b, self.gamma, self.activations
        training, residual, cancel = self.training, self._residual_from, self.cancel
        for k in range(start, stop):
            if cancel is not None and cancel():
                raise Cancelled
            s = residual[k]
            z = np.dot(a[k], W[k].T)
            z += b[k]
            z_[k] = z
            if gamma[k] is not None:
                bn = batchnorm.forward_train if training else batchnorm.forward_eval
                u, self.zhat[k], self.inv_std[k] = bn(
                    z, gamma[k], self.beta[k], self.running_mean[k], self.running_var[k])
            else:
                u = z
            u_[k] = u
            h = h_[k] = acts[k].forward_unguarded(u)
            if s is None:
                a[k + 1] = h
            elif self.P[k] is None:
                a[k + 1] = h + a[s]
            else:
                a[k + 1] = h + np.dot(a[s], self.P[k].T)

    def loss_value(self, target: np.ndarray, loss: str) -> float:
        self.loss = losses.value(loss, self.a[-1], target, self.u[-1])
        return self.loss

    def backward(self, target: np.ndarray, loss: str, into: dict | None = None) -> None:
        """Backpropagate ``loss`` for ``target`` through the cached forward pass.

        ``into`` (from :meth:`flat_views`) receives the parameter gradients in place, so that
        ``dW``, ``db``, ``dgamma``, ``dbeta`` and ``dP`` are views of one reused buffer; without it
        every gradient is a new array (what scratch copies of the network rely on).
        """
        target = np.asarray(target, dtype=self.dtype)
        L = self.depth
        da = self.da
        for i in range(L + 1):
            da[i] = None
        out = self.a[-1]
        ws = None if into is None else self.workspace_for(out.shape[0])
        g_out = losses.grad_output(loss, out, target, self.u[-1])
        if ws is not None:
            np.copyto(ws.da[L], g_out)
            g_out = ws.da[L]
        da[L] = g_out
        fused = losses.is_fused(loss)
        a_, u_, h_, W, P, gamma, masks = self.a, self.u, self.h, self.W, self.P, self.gamma, self.masks
        fprime, du_, dz_, dW_, db_ = self.fprime, self.du, self.dz, self.dW, self.db
        cancel = self.cancel
        for k in range(L - 1, -1, -1):
            if cancel is not None and cancel():
                raise Cancelled
            g = da[k + 1]
            s = self._residual_from[k]
            if s is not None:
                if P[k] is None:
                    self._accumulate(s, g)
                else:
                    self.dP[k] = np.dot(g.T, a_[s], out=None if into is None else into["P"][k])
                    self._accumulate(s, np.dot(g, P[k]))
            act = self.activations[k]
            if ws is None:
                fp = act.derivative(u_[k], h_[k])
            else:
                fp = act.derivative_into(u_[k], h_[k], ws.fprime[k])
            fprime[k] = fp
            if k == L - 1 and fused:
                du = losses.grad_preactivation_fused(loss, out, target)
            elif act.elementwise:
                du = g * fp
            else:
                du = act.backward(g, u_[k], h_[k])
            du_[k] = du
            if gamma[k] is not None:
                dz = self._batchnorm_backward(k, du, into)
            else:
                dz = du
            dz_[k] = dz
            # A bias in front of batch norm (training mode) shifts the batch mean by as much as it
            # shifts every sample, so the normalised values cannot depend on it: its gradient is
            # exactly 0. Summing dz would give round-off instead (dz sums to 0 only on paper).
            bias_free = gamma[k] is not None and self.training
            if into is None:
                dW = np.dot(dz.T, a_[k])
                if bias_free:
                    db = np.zeros(dz.shape[1], self.dtype)
                else:
                    db = np.dot(np.ones(len(dz), self.dtype), dz)  # summed as the trainer's pass sums
                prev = np.dot(dz, W[k])
                da[k] = prev if da[k] is None else da[k] + prev
            else:
                dW = np.dot(dz.T, a_[k], out=into["W"][k])
                if bias_free:
                    db = into["b"][k]
                    db.fill(0.0)
                else:
                    db = np.dot(ws.ones, dz, out=into["b"][k])  # Σ over the batch; a dot beats a reduce
                if da[k] is None:
                    da[k] = np.dot(dz, W[k], out=ws.da[k])
                else:  # a residual link already brought a gradient to a_k: add this layer's
                    da[k] = np.add(da[k], np.dot(dz, W[k]), out=ws.da[k])
            if masks[k] is not None:
                dW *= masks[k]
            dW_[k] = dW
            db_[k] = db
        self._workspace_live = ws is not None

    def _batchnorm_backward(self, k: int, du: np.ndarray, into: dict | None) -> np.ndarray:
        """∂L/∂z of batch-norm layer k from ∂L/∂u; stores ∂L/∂γ and ∂L/∂β (in ``into`` if given)."""
        if self.training:
            dz, dgamma, dbeta = batchnorm.backward_train(du, self.zhat[k], self.inv_std[k], self.gamma[k])
        else:
            dgamma = np.sum(du * self.zhat[k], axis=0)
            dbeta = np.sum(du, axis=0)
            dz = du * self.gamma[k] * self.inv_std[k]
        if into is not None:
            np.copyto(into["gamma"][k], dgamma)
            np.copyto(into["beta"][k], dbeta)
            dgamma, dbeta = into["gamma"][k], into["beta"][k]
        self.dgamma[k], self.dbeta[k] = dgamma, dbeta
        return dz

    def workspace_for(self, batch: int) -> "_Workspace":
        """The reused buffers of a training pass for ``batch`` samples (made on first use)."""
        ws = self._ws
        if ws is None or ws.batch != batch:
            ws = self._ws = _Workspace(batch, self.sizes, self.dtype)
        return ws

    @property
    def workspace(self) -> "_Workspace | None":
        """The flat buffers behind ``da`` and ``fprime`` of the last backward pass, when that pass
        wrote into them (the trainer's, with ``into``); None otherwise."""
        return self._ws if self._workspace_live else None

    def _accumulate(self, layer: int, g: np.ndarray) -> None:
        self.da[layer] = g if self.da[layer] is None else self.da[layer] + g

    # -- parameters ----------------------------------------------------------------------------
    def parameter_names(self, train_biases: bool = True) -> list[str]:
        names = []
        for k in range(self.depth):
            names.append(f"W{k + 1}")
            if train_biases:
                names.append(f"b{k + 1}")
            if self.gamma[k] is not None:
                names += [f"gamma{k + 1}", f"beta{k + 1}"]
            if self.P[k] is not None:
                names.append(f"P{k + 1}")
        return names

    def parameters(self, train_biases: bool = True) -> list[np.ndarray]:
        """The trainable arrays in a fixed order (updated in place by optimisers)."""
        out = []
        for k in range(self.depth):
            out.append(self.W[k])
            if train_biases:
                out.append(self.b[k])
            if self.gamma[k] is not None:
                out += [self.gamma[k], self.beta[k]]
            if self.P[k] is not None:
                out.append(self.P[k])
        return out

    def gradients(self, train_biases: bool = True) -> list[np.ndarray]:
        """Gradients of the last backward pass, in the order of :meth:`parameters`."""
        out = []
        for k in range(self.depth):
            out.append(self.dW[k])
            if train_biases:
                out.append(self.db[k])
            if self.gamma[k] is not None:
                out += [self.dgamma[k], self.dbeta[k]]
            if self.P[k] is not None:
                out.append(self.dP[k])
        return out

    def state(self) -> list[dict]:
        """A deep copy of every parameter, per weight matrix, for saving or snapshots."""
        layers = []
        for k in range(self.depth):
            d = {"weights": self.W[k].copy(), "biases": self.b[k].copy()}
            if self.gamma[k] is not None:
                d.update(gamma=self.gamma[k].copy(), beta=self.beta[k].copy(),
                         running_mean=self.running_mean[k].copy(),
                         running_var=self.running_var[k].copy())
            if self.P[k] is not None:
                d["projection"] = self.P[k].copy()
            layers.append(d)
        return layers

    def load_state(self, layers: list[dict]) -> None:
        """Set parameters from :meth:`state`-shaped data; shapes are checked, masks re-applied."""
        if len(layers) != self.depth:
            raise ValueError(f"parameters: expected {self.depth} layers, got {len(layers)}")
        for k, d in enumerate(layers):
            def put(key, target, where=f"parameters.layers[{k}]"):
                if key not in d:
                    raise ValueError(f"{where}.{key}: missing")
                v = np.asarray(d[key], dtype=self.dtype)
                if v.shape != target.shape:
                    raise ValueError(f"{where}.{key}: shape {v.shape} does not match {target.shape}")
                if not np.all(np.isfinite(v)):
                    raise ValueError(f"{where}.{key}: contains NaN or infinity")
                target[...] = v
            put("weights", self.W[k])
            put("biases", self.b[k])
            if self.gamma[k] is not None:
                for key, arr in (("gamma", self.gamma[k]), ("beta", self.beta[k]),
                                 ("running_mean", self.running_mean[k]),
                                 ("running_var", self.running_var[k])):
                    if key in d:
                        put(key, arr)
            if self.P[k] is not None and "projection" in d:
                put("projection", self.P[k])
            if self.masks[k] is not None:
                self.W[k] *= self.masks[k]


class _Workspace:
    """Reused per-step buffers of a training backward pass, for one batch size.

    ``da`` (∂L/∂a_0 … ∂L/∂a_L) and ``fprime`` (f′ of layers 1 … L) are views of one contiguous
    array each, so the per-layer measurements (‖∂L/∂a_l‖, the saturated fraction) are one numpy
    call over all layers instead of a few per layer. ``ones`` sums a batch by a dot product.
    Values are overwritten by the next step: snapshots copy them.
    """

    def __init__(self, batch: int, sizes: list[int], dtype):
        self.batch = batch
        self.da_flat, self.da, self.da_starts = self._views(batch, sizes, dtype)
        self.fprime_flat, self.fprime, self.fprime_starts = self._views(batch, sizes[1:], dtype)
        self.ones = np.ones(batch, dtype)

    @staticmethod
    def _views(batch, sizes, dtype):
        counts = [batch * n for n in sizes]
        starts = np.zeros(len(sizes), np.intp)
        np.cumsum(counts[:-1], out=starts[1:])
        flat = np.zeros(sum(counts), dtype)
        views = [flat[a:a + c].reshape(batch, n) for a, c, n in zip(starts, counts, sizes)]
        return flat, views, starts
