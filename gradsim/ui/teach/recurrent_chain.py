"""The chain rule of a recurrent weight as rich text, for the chain-rule panel.

A :class:`gradsim.engine.recurrent_chain_rule.RecurrentDerivation` is written with the panel's own
equation writer, so the same rules hold: every "=" is true of the digits shown, "≈" where no
number of digits within the limits makes it so. First the weight's gradient — for a batch the mean
over the samples, then one sample's sum over the time steps, each step's term and δ written out —
then the memory state's gradient back through time: ‖∂E/∂s_{t₀}‖ as the last step's times every
step's gain on the way back (s = h, or an LSTM's cell state c), and the engine's verdict through time.
"""

from __future__ import annotations

import html
from types import SimpleNamespace

from PySide6.QtCore import QCoreApplication

from gradsim.ui.engine_text import translated

from .. import palette
from .chain_rule_panel import LEVEL_COLOURS, _meanings, _muted, _Writer
from .mathtext import name_html

translate = QCoreApplication.translate  # strings below are collected by pyside6-lupdate


def _sample_tree(d):
    """The chain written out: the root, or with a batch the one sample's child of the mean."""
    if d.tree.op != "mean":
        return d.tree
    return next(c for c in d.tree.children if c.kind != "sample-term")


def recurrent_derivation_html(d, stacked: bool = False, record: list | None = None) -> str:
    writer = _Writer(stacked, record)
    w = name_html(d.weight)
    if d.matrix == "readout":
        lead = translate("RecurrentChain", "Readout weight <b>{w}</b>: it maps the hidden state to the output, "
                                           "so the error reaches it without going back through time.")
    else:
        lead = translate("RecurrentChain", "Recurrent weight <b>{w}</b>: the same weight is used at every time "
                                           "step, so its gradient is the sum of every step's contribution — "
                                           "backprop through time is the chain rule with these paths added up.")
    parts = [f'<p style="margin: 0px 0px 4px 0px; color: {palette.PAPER_MUTED};">{lead.format(w=w)}</p>']
    sample_tree = _sample_tree(d)
    if d.tree.op == "mean":
        text = translate("RecurrentChain", "A batch of {n} sequences: ∂E/∂{w} is the mean of each sequence's own "
                                           "∂E/∂{w}. Sequence {k} is written out below.").format(
            n=d.batch_size, w=w, k=d.sample + 1)
        parts.append(f'<p style="margin: 0px 0px 2px 0px; color: {palette.PAPER_MUTED};">{text}</p>')
        parts.append(writer.batch(SimpleNamespace(tree=d.tree, sample_tree=sample_tree, sample=d.sample)))
        parts.append(_muted(translate("RecurrentChain", "where sequence {0}'s ∂E/∂{1} is").format(d.sample + 1, w)))
    equations, leaves = [], []
    writer.equations(sample_tree, equations, leaves)
    parts.append(equations[0])
    parts.append(_meanings(leaves))
    parts += equations[1:]
    if d.gain_tree is not None:
        title = translate("RecurrentChain", "Back through time")
        what = translate("RecurrentChain", "— the gradient reaching an early step is the last step's times every "
                                           "step's gain on the way back (below 1 it shrinks, above 1 it grows)")
        parts.append(f'<p style="margin: 12px 0px 2px 0px;"><b>{title}</b> '
                     f'<span style="color: {palette.PAPER_MUTED};">{what}</span></p>')
        gain_eqs, gain_leaves = [], []
        writer.equations(d.gain_tree, gain_eqs, gain_leaves)
        parts += gain_eqs
    bg, fg = LEVEL_COLOURS.get(d.verdict.level, (palette.NEUTRAL_BG, palette.PAPER_FOREGROUND))
    parts.append(f'<p style="margin: 6px 0px;"><span style="background-color: {bg}; color: {fg};">&nbsp;'
                 f'{html.escape(translated(d.verdict.text))}&nbsp;</span></p>')
    return "".join(parts)
