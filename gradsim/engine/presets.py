"""Named, documented experiments.

``seed-2-2-2`` is the lecture's worked example. The ``deep-*`` presets are one deep network
(:data:`DEEP_HIDDEN` hidden layers of :data:`DEEP_WIDTH` units on the circles dataset, the same
seed, data, loss, optimiser and learning rate); ``deep-sigmoid`` shows vanishing, each remedy
preset differs from it in exactly one respect, so they compare like for like, and ``deep-exploding``
differs in two (activation and initial scale), because no sigmoid net can explode: σ′ ≤ 0.25.

The ``rnn-*`` presets (:data:`RECURRENT_PRESETS`) are recurrent networks through time
(:mod:`gradsim.engine.recurrent`): one memory task (recall the first of T = 30 inputs), H = 16
hidden units, the same data, seed, plain SGD and learning rate, biases frozen at 0 — a recurrent
bias is added at every step, so with an identity W_hh it would integrate over time
(h_T = h_1 + (T − 1)·b) and its gradient, summed over the steps, is the first thing to blow up. The
gated cells add their memory gate's bias (LSTM forget gate, GRU update gate: +2), as they are
used in practice. :data:`PRESETS` lists the feed-forward presets, :data:`RECURRENT_PRESETS` the
recurrent ones (the window lists both, the recurrent ones after); :func:`load_preset` finds both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .datasets import DataSpec
from .initializers import Init
from .recurrent import REMEDY_GATE_BIAS
from .spec import RunSpec, TrainConfig
from .topology import LayerSpec, Topology

DEEP_HIDDEN = 10
DEEP_WIDTH = 8
# A "small" init for sigmoid (|w| ~ 0.5, so |σ'(u)·w| stays well below 1), which is exactly
# He/Kaiming's scale for width 8: swapping in ReLU is then a fair, variance-preserving remedy.
DEEP_INIT = Init("normal", sigma=0.5)


@dataclass(frozen=True)
class Preset:
    name: str
    summary: str   # one line: what it demonstrates
    notes: str     # what to look for, and why (shown in the app's help)
    build: Callable[[], RunSpec]

    def spec(self) -> RunSpec:
        # a copy: builders share module-level parts (DEEP_INIT), which a caller may change in place
        spec = self.build().copy()
        spec.name = self.name
        spec.description = self.summary
        spec.notes = self.notes
        return spec


def _seed() -> RunSpec:
    topo = Topology(2, [LayerSpec(2, "sigmoid"), LayerSpec(2, "sigmoid")])
    params = [
        {"weights": [[0.15, 0.20], [0.25, 0.30]], "biases": [0.35, 0.35]},
        {"weights": [[0.40, 0.45], [0.50, 0.55]], "biases": [0.60, 0.60]},
    ]
    return RunSpec(
        topo,
        weight_init=Init("uniform", a=0.0, b=1.0),
        bias_init=Init("constant", value=0.35),
        train=TrainConfig(loss="half-sse", optimizer="sgd", lr=0.5, batch_size=None, train_biases=False, seed=0),
        data=DataSpec("seed"),
        parameters=params,
        weight_names="seed",
    )


def _deep(activation="sigmoid", batch_norm=False, residual=False, init=DEEP_INIT, lr=0.1,
          alpha=None) -> RunSpec:
    layers = []
    for l in range(1, DEEP_HIDDEN + 1):
        layers.append(LayerSpec(DEEP_WIDTH, activation, alpha=alpha, batch_norm=batch_norm,
                                residual_from=(l - 1) if residual and l >= 2 else None))
    layers.append(LayerSpec(1, "sigmoid"))
    return RunSpec(
        Topology(2, layers),
        weight_init=init,
        bias_init=Init("constant", value=0.0),
        train=TrainConfig(loss="bce", optimizer="sgd", lr=lr, batch_size=32, seed=0),
        data=DataSpec("circles", n_samples=400, noise=0.05, test_fraction=0.2),
    )


def _small(dataset, hidden, activation="tanh", lr=0.1, optimizer="sgd", noise=0.05) -> RunSpec:
    layers = [LayerSpec(n, activation) for n in hidden] + [LayerSpec(1, "sigmoid")]
    return RunSpec(
        Topology(2, layers),
        weight_init=Init("xavier_uniform"),
        bias_init=Init("constant", value=0.0),
        train=TrainConfig(loss="bce", optimizer=optimizer, lr=lr, batch_size=16, seed=0),
        data=DataSpec(dataset, n_samples=400, noise=noise, test_fraction=0.2),
    )


PRESETS: dict[str, Preset] = {p.name: p for p in [
    Preset("seed-2-2-2", "The lecture's 2-2-2 sigmoid network: backprop by hand, weights w1…w8",
           "Inputs 0.05, 0.10; targets 0.01, 0.99; learning rate 0.5; biases 0.35 and 0.60 (frozen). "
           "Select w5 to see three chain factors ∂E/∂out·∂out/∂net·∂net/∂w, and w1 to see the paths "
           "through o1 and o2 add up. After one step E_total falls from 0.298371 and w5 becomes 0.358916.",
           _seed),
    Preset("deep-sigmoid", f"Vanishing: {DEEP_HIDDEN} sigmoid layers, small init — early layers barely learn",
           "σ'(u) ≤ 0.25, so every layer multiplies the gradient by |σ'(u)·w| < 1. Watch the hidden layers' "
           "backward gains sit far below 1 (about 0.3 each) and the first layer's gradient norm fall orders of "
           "magnitude below the last's.",
           lambda: _deep()),
    Preset("deep-exploding", "Exploding: a deep LeakyReLU net with 3× too large initial weights (|f'·w| > 1)",
           "LeakyReLU units with weights ~N(0, 1.5²), three times He's scale: every hidden layer multiplies "
           "the gradient by about 2.6 on its way down, so the gradient reaching the first layer is hundreds "
           "to tens of thousands of times the one reaching the last hidden layer. The first update changes "
           "a weight matrix by more than its own size, the gradient then grows by orders of magnitude from "
           "step to step, and within four steps the run ends in a non-finite value. (With plain ReLU the units would "
           "mostly be switched off for good by the first huge updates instead.) Enable gradient clipping, "
           "or use he_normal, to tame it.",
           lambda: _deep("leaky_relu", init=Init("normal", sigma=1.5), lr=0.1)),
    Preset("deep-relu", "Remedy: ReLU instead of sigmoid (f' = 1 where active)",
           "ReLU's derivative is exactly 1 for active units, so the gradient passes through layers "
           "unshrunk. Watch for dead units (f' = 0 for every sample).",
           lambda: _deep("relu")),
    Preset("deep-leaky-relu", "Remedy: LeakyReLU (slope 0.01 below zero keeps units alive)",
           "Like ReLU, but negative inputs still pass 1 % of the gradient, so no unit dies for good.",
           lambda: _deep("leaky_relu")),
    Preset("deep-elu", "Remedy: ELU (smooth, negative outputs, f' = 1 for u > 0)",
           "ELU keeps ReLU's unit slope for positive inputs and a smooth, non-zero slope below zero.",
           lambda: _deep("elu")),
    Preset("deep-batchnorm", "Remedy: batch normalization on every sigmoid layer",
           "BN rescales each layer's pre-activations to zero mean and unit variance, which keeps sigmoid "
           "units out of their flat tails and rescales the backward signal: early layers wake up.",
           lambda: _deep(batch_norm=True)),
    Preset("deep-residual", "Remedy: residual (skip) connections around every sigmoid layer",
           "a_l = σ(u_l) + a_{l−1}: the identity path adds 1 to ∂a_l/∂a_{l−1}, so the gradient reaches "
           "the first layers even though σ' ≤ 0.25.",
           lambda: _deep(residual=True)),
    Preset("xor", "XOR with one small tanh hidden layer", "Not linearly separable: needs a hidden layer.",
           lambda: _small("xor", [4], lr=0.3)),
    Preset("circles", "Two circles with two tanh hidden layers",
           "A ring around a disc: the boundary must bend all the way round.",
           lambda: _small("circles", [6, 6], lr=0.3)),
    Preset("spiral", "Two spirals: a deeper tanh net with Adam",
           "The hardest toy set: needs several layers and many steps.",
           lambda: _small("spiral", [12, 12, 12], lr=0.01, optimizer="adam", noise=0.0)),
]}


RNN_SEQ_LEN = 30
RNN_HIDDEN = 16
RNN_LR = 0.1


def _rnn(cell="rnn-tanh", recurrent_init=Init("orthogonal"), radius=0.5, gate_bias=0.0, clip=None) -> RunSpec:
    from .recurrent import RecurrentSpec

    train = TrainConfig(loss="bce", optimizer="sgd", lr=RNN_LR, batch_size=32, train_biases=False, seed=0)
    if clip is not None:
        train.clip_mode, train.clip_value = "norm", clip
    return RunSpec(
        Topology(RNN_HIDDEN, [LayerSpec(1, "sigmoid")]),
        weight_init=Init("xavier_uniform"),
        bias_init=Init("constant", value=0.0),
        train=train,
        data=DataSpec("memory", n_samples=512, noise=0.0, test_fraction=0.2),
        recurrent=RecurrentSpec(cell, RNN_HIDDEN, RNN_SEQ_LEN, None, Init("xavier_uniform"), recurrent_init, radius,
                                gate_bias),
    )


RECURRENT_PRESETS: dict[str, Preset] = {p.name: p for p in [
    Preset("rnn-vanishing", "Vanishing through time: a tanh RNN must recall its first input after 30 steps",
           "The memory task: the first input is ±1, the next 29 are 0, and at step 30 the network must say which "
           "it was. Unrolled, the RNN is a 30-layer network that shares one weight matrix: every step back "
           "multiplies the gradient by diag(tanh′)·W_hh, and W_hh starts with spectral radius 0.5. The gradient "
           "reaching the first step's hidden state is about 1e-9 of the one at step 30, so the weights that would "
           "store the first input get next to nothing, and the loss stays near chance (0.69).",
           lambda: _rnn()),
    Preset("rnn-exploding", "Exploding through time: a ReLU RNN whose W_hh has spectral radius 3",
           "W_hh is orthogonal times 3, so each step back can multiply the gradient by up to 3: at the start the "
           "gradient reaching the first step is 10⁵ to 10¹² times the one at step 30. The first update changes "
           "the weights by thousands to billions of times their own size, and within three steps the run "
           "overflows — or that update switches every unit off at some time step, and no gradient flows back "
           "past it any more. Clip the gradient (rnn-clipped) to tame it.",
           lambda: _rnn("rnn-relu", radius=3.0)),
    Preset("rnn-clipped", "Remedy: the exploding ReLU RNN with its gradient clipped to norm 1",
           "The same network as rnn-exploding. The gradient through time still explodes at the start — the "
           "diagnosis says so — but clipping (Pascanu, Mikolov & Bengio 2013) scales each step's gradient down "
           "to norm 1, so every update moves the weights a bounded distance and training goes on.",
           lambda: _rnn("rnn-relu", radius=3.0, clip=1.0)),
    Preset("rnn-lstm", "Remedy: an LSTM cell — the cell state's additive path carries the gradient back",
           "c_t = f ⊙ c_{t−1} + i ⊙ g: one step back along the cell state multiplies the gradient by the forget "
           "gate f, not by a weight matrix and a slope — the \"+1\" of a residual link, gated. The forget gate's "
           "bias starts at 2 (f ≈ 0.88; Gers, Schmidhuber & Cummins 2000), so the gradient reaching the cell "
           "state at step 1 is a usable fraction of the one at step 30, and the LSTM learns to store the first "
           "input where the tanh RNN of rnn-vanishing cannot.",
           lambda: _rnn("lstm", gate_bias=REMEDY_GATE_BIAS)),
    Preset("rnn-gru", "Remedy: a GRU cell — h_t = (1 − z)·n + z·h_{t−1} keeps a direct path back",
           "The update gate z mixes the old state straight into the new one, so one step back multiplies the "
           "gradient by z plus the path through the gates. Its bias starts at 2 (z ≈ 0.88), and the gradient "
           "reaches the first step without vanishing.",
           lambda: _rnn("gru", gate_bias=REMEDY_GATE_BIAS)),
    Preset("rnn-irnn", "Remedy: a ReLU RNN started from the identity (IRNN)",
           "W_hh = I with ReLU units (Le, Jaitly & Hinton 2015): an active unit passes its value — and its "
           "gradient — from one step to the next unchanged, a gain of exactly 1, so nothing vanishes or explodes "
           "at the start, and with zero inputs after step 1 the first input is held exactly.",
           lambda: _rnn("rnn-relu", Init("identity"), radius=None)),
]}
ALL_PRESETS: dict[str, Preset] = {**PRESETS, **RECURRENT_PRESETS}


def preset_names() -> list[str]:
    """The feed-forward presets."""
    return list(PRESETS)


def recurrent_preset_names() -> list[str]:
    return list(RECURRENT_PRESETS)


def load_preset(name: str) -> RunSpec:
    """A fresh :class:`RunSpec` for preset ``name`` (feed-forward or recurrent)."""
    try:
        return ALL_PRESETS[name].spec()
    except KeyError:
        raise ValueError(f"unknown preset {name!r} (known: {', '.join(ALL_PRESETS)})") from None
