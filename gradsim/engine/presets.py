"""Named, documented experiments.

``seed-2-2-2`` is the lecture's worked example. The ``deep-*`` presets are one deep network
(:data:`DEEP_HIDDEN` hidden layers of :data:`DEEP_WIDTH` units on the circles dataset, the same
seed, data, loss, optimiser and learning rate); ``deep-sigmoid`` shows vanishing, each remedy
preset differs from it in exactly one respect, so they compare like for like, and ``deep-exploding``
differs in two (activation and initial scale), because no sigmoid net can explode: σ′ ≤ 0.25.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .datasets import DataSpec
from .initializers import Init
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


def preset_names() -> list[str]:
    return list(PRESETS)


def load_preset(name: str) -> RunSpec:
    """A fresh :class:`RunSpec` for preset ``name``."""
    try:
        return PRESETS[name].spec()
    except KeyError:
        raise ValueError(f"unknown preset {name!r} (known: {', '.join(PRESETS)})") from None
