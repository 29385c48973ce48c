"""Translatable one-line summaries of the presets (the engine keeps English text and no Qt).

``QT_TRANSLATE_NOOP`` marks each summary for ``pyside6-lupdate`` under the ``Presets`` context;
:func:`summary` looks the translation up at run time (and falls back to the engine's text for a
preset added later without an entry here — the translation test then lists it).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP

from gradsim.engine.presets import PRESETS

CONTEXT = "Presets"
SUMMARIES = {
    "seed-2-2-2": QT_TRANSLATE_NOOP("Presets", "The lecture's 2-2-2 sigmoid network: backprop by hand, weights w1…w8"),
    "deep-sigmoid": QT_TRANSLATE_NOOP("Presets", "Vanishing: 10 sigmoid layers, small init — early layers barely learn"),
    "deep-exploding": QT_TRANSLATE_NOOP("Presets", "Exploding: the same deep net with 3× too large initial weights (|f'·w| > 1)"),
    "deep-relu": QT_TRANSLATE_NOOP("Presets", "Remedy: ReLU instead of sigmoid (f' = 1 where active)"),
    "deep-leaky-relu": QT_TRANSLATE_NOOP("Presets", "Remedy: LeakyReLU (slope 0.01 below zero keeps units alive)"),
    "deep-elu": QT_TRANSLATE_NOOP("Presets", "Remedy: ELU (smooth, negative outputs, f' = 1 for u > 0)"),
    "deep-batchnorm": QT_TRANSLATE_NOOP("Presets", "Remedy: batch normalization on every sigmoid layer"),
    "deep-residual": QT_TRANSLATE_NOOP("Presets", "Remedy: residual (skip) connections around every sigmoid layer"),
    "xor": QT_TRANSLATE_NOOP("Presets", "XOR with one small tanh hidden layer"),
    "circles": QT_TRANSLATE_NOOP("Presets", "Two circles with two tanh hidden layers"),
    "spiral": QT_TRANSLATE_NOOP("Presets", "Two spirals: a deeper tanh net with Adam"),
}


def summary(name: str) -> str:
    """The preset's one-line summary in the UI language."""
    preset = PRESETS.get(name)
    if preset is None:
        return ""
    return QCoreApplication.translate(CONTEXT, preset.summary)
