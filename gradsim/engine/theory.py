"""What initialisation theory predicts for a network at initialisation, layer by layer.

Glorot & Bengio (2010) and He et al. (2015) follow the size of the signal through a randomly
initialised network: a unit's net input ``z = Σ_i w_i a_i + b`` sums ``n`` (the fan-in) terms, so
with independent weights of mean 0 and variance ``Var[w]`` its variance is ``n·Var[w]·E[a²]``; the
gradient on its way back is multiplied by about ``√(n·Var[w]·E[f′²])`` per layer. Xavier's
``Var[w] = 2/(fan_in + fan_out)`` keeps both near 1 for tanh near 0, He's ``2/fan_in`` does it for
ReLU (which zeroes half its inputs). The mean-field view (Poole et al. 2016, Schoenholz et al.
2017) makes this a recursion that is exact for wide layers: over the units of a layer, ``z`` is
Gaussian, and ``E[f(z)]``, ``E[f(z)²]`` and ``E[f′(z)²]`` under that Gaussian give the next layer.

This module runs that recursion for one :class:`~gradsim.engine.spec.RunSpec` and a batch of
inputs, per sample (a sample's own ``E[a²]`` over the units, starting from its inputs), and pools
the samples as the measurement does (all units and samples of a layer). It tracks means as well
as second moments, so non-zero-mean activations (sigmoid, ReLU), non-zero-mean weights, constant
biases and residual sums are accounted for; :func:`predict` with ``second_moment=False`` runs the
textbook zero-mean form instead (``Var[a]`` in place of ``E[a²]``), which is what fails for sigmoid.

Expectations under a Gaussian are closed forms for the piecewise-linear activations (and ELU), and
Gauss–Legendre quadrature over the Gaussian's ±10σ window for sigmoid and tanh (clipped to |z| ≤ 20,
beyond which both are flat to 2·10⁻⁹; the mass beyond counts at the edge's value): unlike a fixed
Gauss–Hermite rule this stays exact when σ is large, as on an exploding network.

Where an assumption cannot hold the prediction is None with the reason (:class:`LayerPrediction`):
a batch-norm layer's backward gain, the output layer's gain (the loss's gradient there depends on
f′ there), weights with a non-zero mean (backward), layers of fewer than :data:`MIN_UNITS` units
or inputs (one network is then far from the average), explicit weights (no initialiser to predict),
a signal beyond floating-point range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .text import Text

WINDOW = 20.0            # |z| beyond which sigmoid and tanh count as flat
NODES = 160              # Gauss–Legendre nodes over the window
_GL_X, _GL_W = np.polynomial.legendre.leggauss(NODES)
_SQRT2 = math.sqrt(2.0)
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)
_erfc = np.frompyfunc(math.erfc, 1, 1)
MIN_UNITS = 4            # fewer units (or inputs to each) and one network is far from the average

ASSUMPTIONS = Text(
    "Predicted at initialisation by the mean-field recursion (Glorot & Bengio 2010, He et al. 2015, "
    "Poole et al. 2016). For each sample, a layer's net input is taken as Gaussian over the layer's units, "
    "with mean n·E[w]·E[a] + E[b] and variance n·Var[w]·E[a²] + Var[b] (n = fan-in; E[a] and E[a²] over "
    "the units below); E[f], E[f²] and E[f′²] under that Gaussian give the layer's output, and its backward "
    "gain is √(n·Var[w]·E[f′²]). Assumptions: weights independent of each other and of the data (orthogonal "
    "ones count by their variance); the gradient reaching a layer independent of its f′; batch norm at its "
    "initial γ = 1, β = 0, with a Gaussian net input; wide layers: the prediction is the average over random "
    "initialisations, and one network of width n deviates by about 1/√n per layer, compounding with depth "
    "(most in ReLU stacks, and more when the data has only a few input dimensions). The recursion carries "
    "E[a²], not Var[a]: sigmoid's outputs average about 0.5, so the zero-mean form Var[z] = n·Var[w]·Var[a] "
    "under-predicts every later net input, by a factor that grows with depth. Measured values are of the "
    "current state; training moves them away from the prediction.")

R_BATCHNORM = Text("batch norm divides the backward signal by each unit's spread over the batch, which this "
                   "recursion does not track")
R_MEAN = Text("the weights' mean is not 0: the backward signal then depends on how the gradients' signs "
              "line up, not only on their size")
R_OUTPUT = Text("the output layer's gradient comes from the loss, which depends on f′ there")
R_SOFTMAX = Text("softmax couples the output units")
R_ABOVE = Text("a residual link spans a layer above whose gain has no prediction")
R_EXPLICIT = Text("the weights are explicit values (hand-set or saved), not drawn by an initialiser")
R_RANGE = Text("beyond floating-point range: the predicted signal grows without bound")
R_ZERO = Text("no gradient reaches the layer's output in this prediction")


@dataclass
class LayerPrediction:
    """Predicted statistics of one layer (weight matrix ``k`` feeds it) at initialisation.

    ``preact_*`` are of the pre-activation ``u`` (after batch norm), ``act_*`` of the layer's output
    ``a`` (after the residual sum), pooled over units and samples; ``gain`` is the predicted
    ‖∂L/∂a_{l−1}‖ / ‖∂L/∂a_l‖ (``metrics``' backward gain). None with ``*_reason`` where the theory
    does not apply.
    """

    preact_mean: float | None = None
    preact_std: float | None = None
    act_mean: float | None = None
    act_std: float | None = None
    gain: float | None = None
    forward_reason: Text | None = None
    gain_reason: Text | None = None


# -- Gaussian expectations -------------------------------------------------------------------------
def _phi(t):
    return np.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)


def _cdf(t):
    """Φ(t), accurate in both tails."""
    return 0.5 * _erfc(-np.asarray(t, float) / _SQRT2).astype(float)


def _log_upper_tail(a):
    """log Φ(−a) = log P(N(0,1) > a), finite for any a (asymptotic series beyond a = 8)."""
    a = np.asarray(a, float)
    out = np.empty_like(a)
    far = a > 8.0
    near = ~far
    out[near] = np.log(0.5 * _erfc(a[near] / _SQRT2).astype(float))
    af = a[far]
    inv2 = 1.0 / (af * af)
    out[far] = -0.5 * af * af - _LOG_SQRT_2PI - np.log(af) + np.log1p(-inv2 + 3 * inv2 ** 2 - 15 * inv2 ** 3)
    return out


def _relu_moments(mu, s):
    """E[relu(z)], E[relu(z)²], P(z > 0) for z ~ N(mu, s²), s > 0."""
    t = mu / s
    cdf, pdf = _cdf(t), _phi(t)
    m1 = mu * cdf + s * pdf
    m2 = (mu * mu + s * s) * cdf + mu * s * pdf
    return m1, m2, cdf


def _exp_below_zero(c, mu, s):
    """E[e^{c·z}; z < 0] for z ~ N(mu, s²), c > 0, s > 0 (at most 1; computed in log space)."""
    a = (mu + c * s * s) / s
    return np.exp(c * mu + 0.5 * c * c * s * s + _log_upper_tail(a))


def _quadrature(fns, mu, s):
    """E[g(z)] for each bounded g in ``fns``, z ~ N(mu, s²) per entry, by Gauss–Legendre."""
    lo = np.clip(mu - 10 * s, -WINDOW, WINDOW)
    hi = np.clip(mu + 10 * s, -WINDOW, WINDOW)
    half = 0.5 * (hi - lo)
    z = (0.5 * (hi + lo))[:, None] + half[:, None] * _GL_X[None, :]
    weight = half[:, None] * _GL_W[None, :] * _phi((z - mu[:, None]) / s[:, None]) / s[:, None]
    p_below = _cdf((-WINDOW - mu) / s)       # mass beyond the window, counted at its edge
    p_above = 1.0 - _cdf((WINDOW - mu) / s)
    edge_lo, edge_hi = np.array([-WINDOW]), np.array([WINDOW])
    out = []
    for g in fns:
        inside = np.sum(weight * g(z), axis=1)
        out.append(inside + p_below * g(edge_lo)[0] + p_above * g(edge_hi)[0])
    return out


def gaussian_moments(activation, mu, q):
    """``(E[f(z)], E[f(z)²], E[f′(z)²])`` for z ~ N(mu, q), per entry of the arrays ``mu``, ``q``.

    ``activation`` is an element-wise :class:`~gradsim.engine.activations.Activation`.
    """
    with np.errstate(all="ignore"):  # Gaussian tails underflow to 0, as they should
        return _gaussian_moments(activation, np.asarray(mu, float), np.maximum(np.asarray(q, float), 0.0))


def _gaussian_moments(activation, mu, q):
    s = np.sqrt(q)
    name = activation.name
    out = [np.empty_like(mu) for _ in range(3)]
    point = s == 0
    if np.any(point):  # no spread: f at the mean
        m = mu[point]
        fm = activation.forward(m)
        fp = activation.derivative(m, fm)
        out[0][point], out[1][point], out[2][point] = fm, fm * fm, fp * fp
    live = ~point
    if not np.any(live):
        return tuple(out)
    mu, s = mu[live], s[live]
    if name == "linear":
        res = (mu, mu * mu + s * s, np.ones_like(mu))
    elif name in ("relu", "leaky_relu"):
        alpha = activation.alpha if name == "leaky_relu" else 0.0
        r1, r2, p = _relu_moments(mu, s)
        # f = αz + (1 − α)·relu(z), and z·relu(z) = relu(z)²
        res = (alpha * mu + (1 - alpha) * r1, alpha * alpha * (mu * mu + s * s) + (1 - alpha * alpha) * r2,
               p + alpha * alpha * (1 - p))
    elif name == "elu":
        alpha = activation.alpha
        r1, r2, p = _relu_moments(mu, s)
        e1, e2 = _exp_below_zero(1.0, mu, s), _exp_below_zero(2.0, mu, s)
        q0 = 1.0 - p  # P(z < 0); below zero f = α(eᶻ − 1) and f′ = α·eᶻ
        res = (r1 + alpha * (e1 - q0), r2 + alpha * alpha * (e2 - 2 * e1 + q0), p + alpha * alpha * e2)
    elif name in ("sigmoid", "tanh"):
        f = activation.forward

        def fp2(z):
            fz = f(z)
            d = activation.derivative(z, fz)
            return d * d
        res = tuple(_quadrature((f, lambda z: f(z) ** 2, fp2), mu, s))
    else:
        raise ValueError(f"no Gaussian moments for {name!r}")
    for o, r in zip(out, res):
        o[live] = r
    return tuple(out)


# -- the recursion -------------------------------------------------------------------------------
def predict(spec, x: np.ndarray, second_moment: bool = True) -> list[LayerPrediction]:
    """One :class:`LayerPrediction` per weight matrix of ``spec`` at initialisation, for the inputs
    ``x`` (samples × inputs). ``second_moment=False``: the zero-mean form (see the module)."""
    with np.errstate(all="ignore"):  # Gaussian tails underflow to 0, as they should
        out = _predict(spec, x, second_moment)
    for p in out:
        forward = (p.preact_mean, p.preact_std, p.act_mean, p.act_std)
        if any(v is not None and not math.isfinite(v) for v in forward):
            p.preact_mean = p.preact_std = p.act_mean = p.act_std = None
            p.forward_reason = R_RANGE
        if p.gain is not None and not math.isfinite(p.gain):
            p.gain, p.gain_reason = None, R_RANGE
    return out


def _predict(spec, x, second_moment):
    topo = spec.topology
    sizes, L = topo.sizes, topo.depth
    out = [LayerPrediction() for _ in range(L)]
    if spec.parameters is not None:
        for p in out:
            p.forward_reason = p.gain_reason = R_EXPLICIT
        return out
    x = np.asarray(x, float)
    m = [None] * (L + 1)   # per sample: mean over the units of layer l
    s2 = [None] * (L + 1)  # per sample: mean square over the units of layer l
    m[0], s2[0] = x.mean(axis=1), (x * x).mean(axis=1)
    fp2 = [None] * L       # E[f′²] per layer, pooled over samples
    w_mean = [0.0] * L
    w_var = [0.0] * L
    fan = [float(n) for n in sizes[:-1]]
    for k, layer in enumerate(topo.layers):
        n_in, n_out = sizes[k], sizes[k + 1]
        mask = topo.mask(k)
        if mask is not None:
            fan[k] = float(np.asarray(mask).sum()) / n_out  # mean fan-in of the layer's units
        b_mean, b_var = spec.bias_init.moments(n_out, 1) or (0.0, 0.0)
        prev_sq = s2[k] if second_moment else np.maximum(s2[k] - m[k] ** 2, 0.0)
        moments = spec.weight_init.moments(n_in, n_out)
        if moments is None:  # LSUV: the scale that makes the pooled Var[z] = gain² on these samples
            mean_w = 0.0
            denom = fan[k] * float(np.mean(prev_sq))
            target = spec.weight_init.gain ** 2
            var_w = max(target - b_var, 0.0) / denom if denom > 0 else 0.0
        else:
            mean_w, var_w = moments
        w_mean[k], w_var[k] = mean_w, var_w
        z_mean = mean_w * fan[k] * m[k] + b_mean
        z_var = var_w * fan[k] * prev_sq + b_var
        if layer.batch_norm:  # γ = 1, β = 0: every unit has mean 0 and variance 1 over the batch
            z_mean, z_var = np.zeros_like(z_mean), np.ones_like(z_var)
        p = out[k]
        p.preact_mean = float(np.mean(z_mean))
        p.preact_std = _pooled_std(z_mean, z_var + z_mean ** 2)
        act = layer.make_activation()
        if not act.elementwise:
            p.forward_reason = p.gain_reason = R_SOFTMAX
            p.preact_mean = p.preact_std = None
            break
        h1, h2, d2 = gaussian_moments(act, z_mean, z_var)
        fp2[k] = float(np.mean(d2))
        src = layer.residual_from
        if src is None:
            m[k + 1], s2[k + 1] = h1, h2
        else:
            if sizes[src] == n_out:  # identity shortcut
                r1, r2 = m[src], s2[src]
            else:
                pm, pv = _projection_moments(spec, sizes[src], n_out)
                r1 = pm * sizes[src] * m[src]
                r2 = pv * sizes[src] * s2[src] + r1 * r1
            # h and the shortcut come from independent weights: E[h·r] = E[h]·E[r] over the units
            m[k + 1], s2[k + 1] = h1 + r1, h2 + r2 + 2 * h1 * r1
        p.act_mean = float(np.mean(m[k + 1]))
        p.act_std = _pooled_std(m[k + 1], s2[k + 1])
        if n_out < MIN_UNITS:
            p.preact_mean = p.preact_std = p.act_mean = p.act_std = None
            p.forward_reason = Text("{units} unit(s): the prediction is a spread over many units", units=n_out)
    _predict_gains(spec, out, fan, w_mean, w_var, fp2)
    return out


def _projection_moments(spec, n_in, n_out):
    """Mean and variance of a learned shortcut's entries (LSUV leaves them orthogonal, unscaled)."""
    return spec.weight_init.moments(n_in, n_out) or (0.0, 1.0 / max(n_in, n_out))


def _pooled_std(mean, second):
    """Std over all units and samples from per-sample means and mean squares."""
    grand = float(np.mean(mean))
    return math.sqrt(max(float(np.mean(second)) - grand * grand, 0.0))


def _predict_gains(spec, out, fan, w_mean, w_var, fp2):
    """‖∂L/∂a_{l−1}‖² = Σ over what a_{l−1} feeds: n·Var[w]·E[f′²]·‖∂L/∂a_l‖² through layer l, plus
    ‖∂L/∂a_m‖² (identity) or n·Var[P]·‖∂L/∂a_m‖² (projection) for each residual link from it."""
    topo = spec.topology
    sizes, L = topo.sizes, topo.depth
    G = [None] * (L + 1)       # predicted ‖∂L/∂a_l‖², relative to a reference…
    ref = [None] * (L + 1)     # …that is the same for every layer with the same ref
    G[L], ref[L] = 1.0, 0
    fresh = 1
    feeds = {}                 # layer s → layers m with residual_from = s
    for idx, layer in enumerate(topo.layers):
        if layer.residual_from is not None:
            feeds.setdefault(layer.residual_from, []).append(idx + 1)
    for l in range(L, 0, -1):
        k = l - 1
        layer = topo.layers[k]
        reason = out[k].gain_reason
        if reason is None:
            if layer.batch_norm:
                reason = R_BATCHNORM
            elif k == L - 1 and layer.activation != "linear":
                reason = R_OUTPUT
            elif w_mean[k] != 0:
                reason = R_MEAN
            elif min(fan[k], sizes[l]) < MIN_UNITS:
                reason = Text("fan-in {fan_in:g} and {units} unit(s): too few for the sums behind the gain to "
                              "average out", fan_in=fan[k], units=sizes[l])
        terms = [] if reason else [(fan[k] * w_var[k] * fp2[k], l)]
        for mm in feeds.get(l - 1, []):
            if reason:
                break
            if sizes[mm] == sizes[l - 1]:
                terms.append((1.0, mm))
            else:
                pm, pv = _projection_moments(spec, sizes[l - 1], sizes[mm])
                if pm != 0:
                    reason = R_MEAN
                else:
                    terms.append((sizes[l - 1] * pv, mm))
        if not reason and any(G[j] is None or ref[j] != ref[l] for _, j in terms):
            reason = R_ABOVE
        if not reason and not G[l] > 0:
            reason = R_ZERO
        if reason:
            out[k].gain_reason = reason
            G[l - 1], ref[l - 1] = 1.0, fresh  # the layers below start a new reference
            fresh += 1
            continue
        G[l - 1], ref[l - 1] = sum(c * G[j] for c, j in terms), ref[l]
        out[k].gain = math.sqrt(G[l - 1] / G[l])


__all__ = ["ASSUMPTIONS", "LayerPrediction", "gaussian_moments", "predict"]
