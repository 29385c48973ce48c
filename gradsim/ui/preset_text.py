"""Translatable one-line summaries and notes of the presets (the engine keeps English text and no Qt).

``QT_TRANSLATE_NOOP`` marks each summary and each note ("what to look for, and why") for
``pyside6-lupdate`` under the ``Presets`` context; :func:`summary` and :func:`notes` look the
translation up at run time (and fall back to the engine's text for a preset added later without
an entry here — the translation test then lists it).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from gradsim.engine.presets import ALL_PRESETS

CONTEXT = "Presets"
SUMMARIES = {
    "seed-2-2-2": QT_TRANSLATE_NOOP("Presets", "The lecture's 2-2-2 sigmoid network: backprop by hand, weights w1…w8"),
    "deep-sigmoid": QT_TRANSLATE_NOOP("Presets", "Vanishing: 10 sigmoid layers, small init — early layers barely learn"),
    "deep-exploding": QT_TRANSLATE_NOOP("Presets", "Exploding: a deep LeakyReLU net with 3× too large initial weights (|f'·w| > 1)"),
    "deep-relu": QT_TRANSLATE_NOOP("Presets", "Remedy: ReLU instead of sigmoid (f' = 1 where active)"),
    "deep-leaky-relu": QT_TRANSLATE_NOOP("Presets", "Remedy: LeakyReLU (slope 0.01 below zero keeps units alive)"),
    "deep-elu": QT_TRANSLATE_NOOP("Presets", "Remedy: ELU (smooth, negative outputs, f' = 1 for u > 0)"),
    "deep-batchnorm": QT_TRANSLATE_NOOP("Presets", "Remedy: batch normalization on every sigmoid layer"),
    "deep-residual": QT_TRANSLATE_NOOP("Presets", "Remedy: residual (skip) connections around every sigmoid layer"),
    "xor": QT_TRANSLATE_NOOP("Presets", "XOR with one small tanh hidden layer"),
    "circles": QT_TRANSLATE_NOOP("Presets", "Two circles with two tanh hidden layers"),
    "spiral": QT_TRANSLATE_NOOP("Presets", "Two spirals: a deeper tanh net with Adam"),
    "rnn-vanishing": QT_TRANSLATE_NOOP("Presets", "Vanishing through time: a tanh RNN must recall its first input after 30 steps"),
    "rnn-exploding": QT_TRANSLATE_NOOP("Presets", "Exploding through time: a ReLU RNN whose W_hh has spectral radius 3"),
    "rnn-clipped": QT_TRANSLATE_NOOP("Presets", "Remedy: the exploding ReLU RNN with its gradient clipped to norm 1"),
    "rnn-lstm": QT_TRANSLATE_NOOP("Presets", "Remedy: an LSTM cell — the cell state's additive path carries the gradient back"),
    "rnn-gru": QT_TRANSLATE_NOOP("Presets", "Remedy: a GRU cell — h_t = (1 − z)·n + z·h_{t−1} keeps a direct path back"),
    "rnn-irnn": QT_TRANSLATE_NOOP("Presets", "Remedy: a ReLU RNN started from the identity (IRNN)"),
}

NOTES = {
    "seed-2-2-2": QT_TRANSLATE_NOOP(
        "Presets", "Inputs 0.05, 0.10; targets 0.01, 0.99; learning rate 0.5; biases 0.35 and 0.60 (frozen). "
        "Select w5 to see three chain factors ∂E/∂out·∂out/∂net·∂net/∂w, and w1 to see the paths "
        "through o1 and o2 add up. After one step E_total falls from 0.298371 and w5 becomes 0.358916."),
    "deep-sigmoid": QT_TRANSLATE_NOOP(
        "Presets", "σ'(u) ≤ 0.25, so every layer multiplies the gradient by |σ'(u)·w| < 1. Watch the hidden layers' "
        "backward gains sit far below 1 (about 0.3 each) and the first layer's gradient norm fall orders of "
        "magnitude below the last's."),
    "deep-exploding": QT_TRANSLATE_NOOP(
        "Presets", "LeakyReLU units with weights ~N(0, 1.5²), three times He's scale: every hidden layer multiplies "
        "the gradient by about 2.6 on its way down, so the gradient reaching the first layer is hundreds "
        "to tens of thousands of times the one reaching the last hidden layer. The first update changes "
        "a weight matrix by more than its own size, the gradient then grows by orders of magnitude from "
        "step to step, and within four steps the run ends in a non-finite value. (With plain ReLU the units would "
        "mostly be switched off for good by the first huge updates instead.) Enable gradient clipping, "
        "or use he_normal, to tame it."),
    "deep-relu": QT_TRANSLATE_NOOP(
        "Presets", "ReLU's derivative is exactly 1 for active units, so the gradient passes through layers "
        "unshrunk. Watch for dead units (f' = 0 for every sample)."),
    "deep-leaky-relu": QT_TRANSLATE_NOOP(
        "Presets", "Like ReLU, but negative inputs still pass 1 % of the gradient, so no unit dies for good."),
    "deep-elu": QT_TRANSLATE_NOOP(
        "Presets", "ELU keeps ReLU's unit slope for positive inputs and a smooth, non-zero slope below zero."),
    "deep-batchnorm": QT_TRANSLATE_NOOP(
        "Presets", "BN rescales each layer's pre-activations to zero mean and unit variance, which keeps sigmoid "
        "units out of their flat tails and rescales the backward signal: early layers wake up."),
    "deep-residual": QT_TRANSLATE_NOOP(
        "Presets", "a_l = σ(u_l) + a_{l−1}: the identity path adds 1 to ∂a_l/∂a_{l−1}, so the gradient reaches "
        "the first layers even though σ' ≤ 0.25."),
    "xor": QT_TRANSLATE_NOOP("Presets", "Not linearly separable: needs a hidden layer."),
    "circles": QT_TRANSLATE_NOOP("Presets", "A ring around a disc: the boundary must bend all the way round."),
    "spiral": QT_TRANSLATE_NOOP("Presets", "The hardest toy set: needs several layers and many steps."),
    "rnn-vanishing": QT_TRANSLATE_NOOP(
        "Presets", "The memory task: the first input is ±1, the next 29 are 0, and at step 30 the network must "
        "say which it was. Unrolled, the RNN is a 30-layer network that shares one weight matrix: "
        "every step back multiplies the gradient by diag(tanh′)·W_hh, and W_hh starts with spectral "
        "radius 0.5. The gradient reaching the first step's hidden state is about 1e-9 of the one at "
        "step 30, so the weights that would store the first input get next to nothing, and the loss "
        "stays near chance (0.69)."),
    "rnn-exploding": QT_TRANSLATE_NOOP(
        "Presets", "W_hh is orthogonal times 3, so each step back can multiply the gradient by up to 3: at the "
        "start the gradient reaching the first step is 10⁵ to 10¹² times the one at step 30. The "
        "first update changes the weights by thousands to billions of times their own size, and "
        "within three steps the run overflows — or that update switches every unit off at some time "
        "step, and no gradient flows back past it any more. Clip the gradient (rnn-clipped) to tame "
        "it."),
    "rnn-clipped": QT_TRANSLATE_NOOP(
        "Presets", "The same network as rnn-exploding. The gradient through time still explodes at the start — "
        "the diagnosis says so — but clipping (Pascanu, Mikolov & Bengio 2013) scales each step's "
        "gradient down to norm 1, so every update moves the weights a bounded distance and training "
        "goes on."),
    "rnn-lstm": QT_TRANSLATE_NOOP(
        "Presets", "c_t = f ⊙ c_{t−1} + i ⊙ g: one step back along the cell state multiplies the gradient by the "
        'forget gate f, not by a weight matrix and a slope — the "+1" of a residual link, gated. The '
        "forget gate's bias starts at 2 (f ≈ 0.88; Gers, Schmidhuber & Cummins 2000), so the gradient "
        "reaching the cell state at step 1 is a usable fraction of the one at step 30, and the LSTM "
        "learns to store the first input where the tanh RNN of rnn-vanishing cannot."),
    "rnn-gru": QT_TRANSLATE_NOOP(
        "Presets", "The update gate z mixes the old state straight into the new one, so one step back multiplies "
        "the gradient by z plus the path through the gates. Its bias starts at 2 (z ≈ 0.88), and the "
        "gradient reaches the first step without vanishing."),
    "rnn-irnn": QT_TRANSLATE_NOOP(
        "Presets", "W_hh = I with ReLU units (Le, Jaitly & Hinton 2015): an active unit passes its value — and "
        "its gradient — from one step to the next unchanged, a gain of exactly 1, so nothing vanishes "
        "or explodes at the start, and with zero inputs after step 1 the first input is held exactly."),
}


def summary(name: str) -> str:
    """The preset's one-line summary in the UI language."""
    preset = ALL_PRESETS.get(name)
    if preset is None:
        return ""
    return QCoreApplication.translate(CONTEXT, preset.summary)


def notes(name: str) -> str:
    """The preset's notes (what to look for, and why) in the UI language."""
    preset = ALL_PRESETS.get(name)
    if preset is None:
        return ""
    return QCoreApplication.translate(CONTEXT, preset.notes)
