"""Chain-rule panel: one weight's gradient written out factor by factor, with the live numbers.

Renders a :class:`gradsim.engine.chain_rule.Derivation` the way the lecture writes it — for w5 the
three factors ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5; for w1 the paths via o1 and o2 added up,
then each path spelled out — and, for deep nets, the per-layer backward gains from the output down
to the weight's layer, coloured where they shrink the gradient (< 0.25, the most σ′ can give) or
grow it (> 1). The panel only displays numbers it is given; a "Check" click asks the owner for a
finite-difference estimate (:func:`gradsim.engine.gradcheck.check_weight`) and
:meth:`set_check_result` shows both numbers.
"""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from gradsim.engine.text import Text
from gradsim.ui.engine_text import translated

from . import style
from .mathtext import fraction_html, name_html, number_html, number_text, symbol_html

translate = QCoreApplication.translate  # strings below are collected by pyside6-lupdate
_NEURON = re.compile(r"∂net_(\S+?)/∂")
CHAIN_PER_ROW = 4  # gains per row: fits a ~480 px dock


MAX_INLINE_PATHS = 3  # more paths than this: the sum is collapsed and the paths listed compactly


def _cell(content: str, bg: str | None = None, fg: str | None = None, bold: bool = False) -> str:
    style_ = "padding: 2px 4px; white-space: nowrap;"
    if bg:
        style_ += f" background-color: {bg};"
    if fg:
        style_ += f" color: {fg};"
    if bold:
        content = f"<b>{content}</b>"
    return f'<td align="center" valign="middle" style="{style_}">{content}</td>'


def _op(op: str) -> str:
    return f'<td align="center" valign="middle" style="padding: 0px 2px; white-space: nowrap;">{op}</td>'


def _colours(value: float) -> tuple[str, str]:
    cls = style.factor_class(value)
    if cls == "vanish":
        return style.VANISH_BG, style.VANISH_FG
    if cls == "explode":
        return style.EXPLODE_BG, style.EXPLODE_FG
    return style.NEUTRAL_BG, style.FOREGROUND


def _is_fprime(symbol: str) -> bool:
    """∂out_x/∂net_x: the activation's derivative, the factor the lecture's 0.25 is about."""
    return symbol.startswith("∂out_") and "/∂net_" in symbol


def _equation(lhs_sym: str, lhs_val: float, terms: list[tuple[str, str | None, float | None]],
              stacked: bool = False) -> str:
    """Two-row table: symbols above, values below. ``terms`` are (symbol_html, op_or_None, value).

    ``stacked``: one row per factor instead (operator, symbol, value), for a panel too narrow for
    the equation written across."""
    if stacked:
        return _equation_stacked(lhs_sym, lhs_val, terms)
    top = [_cell(lhs_sym), _op("=")]
    bottom = [_cell(number_html(lhs_val), fg=style.TOTAL_FG, bold=True), _op("=")]
    for sym, op, value, colour in terms:
        if op is not None:
            top.append(_op(op))
            bottom.append(_op(op))
            continue
        top.append(_cell(sym))
        if value is None:
            bottom.append(_cell(""))
        else:
            bg, fg = _colours(value) if colour else (None, None)
            bottom.append(_cell(number_html(value), bg=bg, fg=fg))
    return ('<table cellspacing="2" cellpadding="0" style="margin: 4px 0px;">'
            f'<tr>{"".join(top)}</tr><tr>{"".join(bottom)}</tr></table>')


def _equation_stacked(lhs_sym: str, lhs_val: float, terms) -> str:
    # operators read down the left edge ("= (", "+", ") ·"), each factor on its own row
    rows = [f"<tr>{_cell(lhs_sym)}{_op('=')}{_cell(number_html(lhs_val), fg=style.TOTAL_FG, bold=True)}</tr>"]
    ops = ["="]
    for sym, op, value, colour in terms:
        if op is not None:
            ops.append(op)
            continue
        bg, fg = _colours(value) if (colour and value is not None) else (None, None)
        shown = "" if value is None else number_html(value)
        rows.append(f"<tr>{_op(' '.join(ops))}{_cell(sym)}{_cell(shown, bg=bg, fg=fg)}</tr>")
        ops = []
    if ops:
        rows.append(f"<tr>{_op(' '.join(ops))}<td></td><td></td></tr>")
    return ('<table cellspacing="2" cellpadding="0" style="margin: 4px 0px;">' + "".join(rows) + "</table>")


def _factor_terms(factors) -> list:
    terms = []
    for n, f in enumerate(factors):
        if n:
            terms.append((None, "·", None, False))
        terms.append((symbol_html(f.symbol), None, f.value, _is_fprime(f.symbol)))
    return terms


def derivation_html(d, stacked: bool = False) -> str:
    """The whole derivation as Qt rich text (exposed for tests and for copying); ``stacked`` writes
    each equation down the panel rather than across it."""
    me_match = _NEURON.search((d.common[-1] if d.common else d.paths[0].factors[-1]).symbol)
    me = me_match.group(1) if me_match else "?"
    lhs = fraction_html("∂E", "∂" + name_html(d.weight))
    if d.kind == "output":
        lead = translate("ChainRulePanel", "Output-layer weight <b>{w}</b>: one path, three factors.")
    elif len(d.paths) == 1:
        lead = translate("ChainRulePanel", "Hidden weight <b>{w}</b>: the error reaches {out} along one path.")
    else:
        lead = translate("ChainRulePanel", "Hidden weight <b>{w}</b>: the error reaches {out} along {n} paths, "
                                           "which add up.")
    lead = lead.format(w=name_html(d.weight), out=name_html("out_" + me), n=len(d.paths))
    parts = [f'<p style="margin: 0px 0px 4px 0px; color: {style.MUTED};">{lead}</p>']

    if d.kind == "output":
        parts.append(_equation(lhs, d.total, _factor_terms(d.paths[0].factors), stacked=stacked))
        parts.append(_meanings(d.paths[0].factors))
    else:
        dE_dout = sum(p.value for p in d.paths)
        out_me = name_html("out_" + me)
        through_bn = bool(d.common) and d.common[0].symbol.startswith("∂E/∂net_")
        if through_bn:
            # batch norm couples the samples: the chain continues from ∂E/∂net, computed by backprop
            parts.append(_equation(lhs, d.total, _factor_terms(d.common), stacked=stacked))
            intro = translate("ChainRulePanel", "where ∂E/∂{net} comes from ∂E/∂{out} = {value} through f′ and "
                                                "batch norm; ∂E/∂{out} is the sum of {n} paths:").format(
                net=name_html("net_" + me), out=out_me, value=number_html(dE_dout), n=len(d.paths))
        elif len(d.paths) > MAX_INLINE_PATHS:
            terms = [(fraction_html("∂E", "∂" + out_me), None, dE_dout, False), (None, "·", None, False)]
            parts.append(_equation(lhs, d.total, terms + _factor_terms(d.common), stacked=stacked))
            intro = translate("ChainRulePanel", "where ∂E/∂{out} = {value} is the sum of {n} paths:").format(
                out=out_me, value=number_html(dE_dout), n=len(d.paths))
        else:
            terms = [(None, "(", None, False)]
            for n, p in enumerate(d.paths):
                if n:
                    terms.append((None, "+", None, False))
                terms.append((_path_symbol(p, me), None, p.value, False))
            terms += [(None, ")", None, False), (None, "·", None, False)]
            parts.append(_equation(lhs, d.total, terms + _factor_terms(d.common), stacked=stacked))
            intro = translate("ChainRulePanel", "where each path is")
        parts.append(_meanings(d.common))
        if len(d.paths) > MAX_INLINE_PATHS and d.layer_chain:
            # deep nets: the layer-by-layer product is the point; the long path list comes after it
            parts.append(_chain_html(d))
        parts.append(f'<p style="margin: 8px 0px 2px 0px; color: {style.MUTED};">{intro}</p>')
        if len(d.paths) > MAX_INLINE_PATHS:
            parts.append(_path_table(d.paths, me))
        else:
            for p in d.paths:
                parts.append(_equation(_path_symbol(p, me), p.value, _factor_terms(p.factors), stacked=stacked))

    fprimes = [f.value for f in list(d.common) + [f for p in d.paths for f in p.factors] if _is_fprime(f.symbol)]
    if any(style.factor_class(v) != "neutral" for v in fprimes):
        red = (f'<span style="background-color: {style.VANISH_BG}; color: {style.VANISH_FG};">&nbsp;'
               + translate("ChainRulePanel", "red") + "&nbsp;</span>")
        amber = (f'<span style="background-color: {style.EXPLODE_BG}; color: {style.EXPLODE_FG};">&nbsp;'
                 + translate("ChainRulePanel", "amber") + "&nbsp;</span>")
        text = translate("ChainRulePanel", "{red} f′ factor below 0.25 — σ′ never exceeds 0.25, so every sigmoid "
                                           "layer shrinks the gradient; {amber} above 1 grows it.")
        parts.append(f'<p style="margin: 2px 0px; color: {style.MUTED};">{text.format(red=red, amber=amber)}</p>')
    if not d.exact:
        if any("batch norm" in f.meaning for f in d.common):
            text = translate("ChainRulePanel", "Batch of {n} through batch norm: each factor shows its mean over "
                                               "the samples, so the factors multiply to the total only "
                                               "approximately; the total itself is exact.")
        else:
            text = translate("ChainRulePanel", "Batch of {n}: each factor shows its mean over the samples, so the "
                                               "factors multiply to the total only approximately; the total "
                                               "itself is exact.")
        parts.append(f'<p style="color: {style.MUTED};">{text.format(n=d.batch_size)}</p>')
    if d.layer_chain and not (d.kind == "hidden" and len(d.paths) > MAX_INLINE_PATHS):
        parts.append(_chain_html(d))
    return "".join(parts)


def _inline(symbol: str) -> str:
    """A symbol on one line (∂E/∂net<sub>h3,1</sub>), for compact tables."""
    m = re.match(r"^∂([^/]+)/∂(.+)$", symbol)
    return f"∂{name_html(m.group(1))}/∂{name_html(m.group(2))}" if m else symbol_html(symbol)


_NAMED = re.compile(r"\b((?:net|out|E)_[A-Za-z0-9_]+)")


def _prose(text: str) -> str:
    """Engine prose ("sigmoid′ at net_h2_3"), in the UI language, with its names subscripted like the
    symbols."""
    text = re.sub(r"\bout_(i\d+)\b", r"\1", translated(text))  # the lecture calls inputs i1, i2
    return _NAMED.sub(lambda m: name_html(m.group(1)), html.escape(text))


def _via(p) -> str:
    """A path's route: the next neuron (h2_3 → h2,3) or, for a residual link, "skip to layer 3"."""
    return translated(p.via) if isinstance(p.via, Text) else p.via.replace("_", ",")


def _meanings(factors) -> str:
    rows = "".join(f'<tr><td style="padding: 0px 8px 0px 0px; white-space: nowrap;">{_inline(f.symbol)}</td>'
                   f'<td style="color: {style.MUTED};">{_prose(f.meaning)}</td></tr>' for f in factors if f.meaning)
    return f'<table cellspacing="0" cellpadding="1" style="margin: 0px 0px 4px 8px;">{rows}</table>' if rows else ""


def _path_table(paths, me: str) -> str:
    rows = []
    for p in paths:
        via = translate("ChainRulePanel", "via {0}").format(html.escape(_via(p)))
        cells = [f'<td style="padding: 1px 8px 1px 0px; color: {style.MUTED}; white-space: nowrap;">{via}</td>']
        for n, f in enumerate(p.factors):
            if n:
                cells.append(_op("·"))
            cells.append(f'<td style="padding: 1px 4px; white-space: nowrap;">{_inline(f.symbol)} = '
                         f'{number_html(f.value, 4)}</td>')
        cells.append(_op("="))
        cells.append(_cell(number_html(p.value, 4), fg=style.TOTAL_FG))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table cellspacing="0" cellpadding="0" style="margin-left: 8px;">{"".join(rows)}</table>'


def _path_symbol(p, me: str) -> str:
    if p.via.startswith("skip"):
        return fraction_html("∂E", "∂" + name_html("out_" + me)) + f"<br/><small>({html.escape(_via(p))})</small>"
    return fraction_html("∂" + name_html("E_" + p.via), "∂" + name_html("out_" + me))


def _chain_html(d) -> str:
    """Per-layer backward gains from the output down to the weight's layer, and their product."""
    chain = d.layer_chain
    total = chain[-1].cumulative
    title = translate("ChainRulePanel", "Layer by layer")
    what = translate("ChainRulePanel", "— how much each layer scales the gradient passing back "
                                       "(‖∂E/∂a<sub>below</sub>‖ / ‖∂E/∂a<sub>above</sub>‖ ≈ |f′·w|)")
    out = [f'<p style="margin: 12px 0px 2px 0px;"><b>{title}</b> <span style="color: {style.MUTED};">{what}</span></p>']
    for start in range(0, len(chain), CHAIN_PER_ROW):
        row = chain[start:start + CHAIN_PER_ROW]
        heads, vals, subs = [], [], []
        for n, c in enumerate(row):
            if n or start:
                heads.append(_op(""))
                vals.append(_op("×"))
                subs.append(_op(""))
            label = (translate("ChainRulePanel", "output") if c.label == "output"
                     else translate("ChainRulePanel", "layer {0}").format(c.layer))
            heads.append(_cell(f'<span style="color: {style.MUTED};">{label}</span>'))
            bg, fg = _colours(c.gain)
            vals.append(_cell(number_html(c.gain, 3), bg=bg, fg=fg, bold=True))
            subs.append(_cell(f'<small style="color: {style.MUTED};">f′≈{number_text(c.mean_fprime, 2)} '
                              f'|w|≈{number_text(c.mean_abs_weight, 2)}</small>'))
        out.append('<table cellspacing="2" cellpadding="0">'
                   f'<tr>{"".join(heads)}</tr><tr>{"".join(vals)}</tr><tr>{"".join(subs)}</tr></table>')
    bg, fg = _colours(0.1 if total < 1e-2 else 10 if total > 1e2 else 0.5)  # judged as a product
    verdict = (translate("ChainRulePanel", "the gradient vanishes on the way down") if total < 1e-2 else
               translate("ChainRulePanel", "the gradient explodes on the way down") if total > 1e2 else
               translate("ChainRulePanel", "the gradient arrives at a usable size"))
    product = f'<span style="background-color: {bg}; color: {fg};"><b>&nbsp;×{number_html(total, 3)}&nbsp;</b></span>'
    line = translate("ChainRulePanel", "Product down to layer {layer}: {product} — {verdict}.").format(
        layer=d.k + 1, product=product, verdict=verdict)
    key = translate("ChainRulePanel", "{shrink} &lt; 0.25 shrinks {grow} &gt; 1 grows").format(
        shrink=f'<span style="color: {style.VANISH_FG};">■</span>', grow=f'<span style="color: {style.EXPLODE_FG};">■</span>')
    out.append(f'<p style="margin: 4px 0px;">{line} {key}</p>')
    return "".join(out)


class ChainRulePanel(QWidget):
    """Shows a derivation; emits ``checkRequested(k, j, i)`` for the finite-difference check.

    Entry points: :meth:`set_derivation` (call again with a fresh derivation as training runs — the
    view updates in place), :meth:`set_check_result`, :meth:`clear`.
    """

    checkRequested = Signal(int, int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.derivation = None
        self._html = ""
        self._fit_cache = (None, False)  # ((html, viewport width), too wide?) of the last check
        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        self.title.setStyleSheet(f"font-size: 13pt; color: {style.FOREGROUND};")
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setStyleSheet(f"QTextBrowser {{ background: {style.BACKGROUND}; color: {style.FOREGROUND};"
                                " border: 1px solid #cfd8dc; font-size: 10pt; }")
        self.check_button = QPushButton(self.tr("Check with finite differences"))
        self.check_button.setToolTip(self.tr("Nudge the weight by ±ε, measure the loss, and compare "
                                             "(E(w+ε) − E(w−ε)) / 2ε with backprop's number."))
        self.check_result = QLabel()
        self.check_result.setTextFormat(Qt.RichText)
        self.check_result.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.check_button)
        bottom.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.view, 1)
        lay.addLayout(bottom)
        lay.addWidget(self.check_result)  # its own full-width line: both numbers stay readable in a narrow dock
        self.check_button.clicked.connect(self._on_check)
        self.clear()

    # -- public API ----------------------------------------------------------------------------
    def set_derivation(self, derivation, step: int | None = None) -> None:
        """Show ``derivation``; a different weight clears the previous check result."""
        old = self.derivation
        self.derivation = derivation
        if old is None or (old.k, old.j, old.i) != (derivation.k, derivation.j, derivation.i):
            self.check_result.clear()
        self.check_button.setEnabled(True)
        when = ("" if step is None else f" <span style='color:{style.MUTED}; font-size: 10pt;'>"
                + self.tr("at step {0}").format(step) + "</span>")
        self.title.setText(f"∂E/∂{name_html(derivation.weight)} = <b style='color:{style.TOTAL_FG}'>"
                           f"{number_html(derivation.total)}</b>{when}")
        self._render()

    def _render(self) -> None:
        d = self.derivation
        html = derivation_html(d)
        if self._too_wide(html):  # a narrow dock: write the equations down the panel, not across
            html = derivation_html(d, stacked=True)
        if html != self._html:  # re-render only when a number actually changed
            bar = self.view.verticalScrollBar()
            pos = bar.value()
            self.view.setHtml(html)
            bar.setValue(pos)
            self._html = html

    def _too_wide(self, html: str) -> bool:
        """Would ``html`` need a horizontal scroll bar? (Text wraps; the equation tables do not.)"""
        width = self.view.viewport().width()
        if self._fit_cache[0] == (html, width):
            return self._fit_cache[1]  # training changed no digit and the panel kept its size
        doc = QTextDocument()
        doc.setDefaultFont(self.view.font())
        doc.setDocumentMargin(self.view.document().documentMargin())
        doc.setHtml(html)
        doc.setTextWidth(width)
        too_wide = doc.idealWidth() > width + 0.5
        self._fit_cache = ((html, width), too_wide)
        return too_wide

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.derivation is not None:
            self._render()

    def set_check_result(self, backprop: float, finite_difference: float) -> None:
        """Show backprop's number next to the numerical estimate, and whether they agree."""
        diff = abs(backprop - finite_difference)
        scale = max(abs(backprop), abs(finite_difference), 1e-12)
        ok = diff / scale < 1e-4 or diff < 1e-9
        agree, differ = self.tr("✓ agree"), self.tr("✗ differ")
        mark = (f"<span style='color:#2e7d32'><b>{agree}</b></span>" if ok else
                f"<span style='color:{style.VANISH_FG}'><b>{differ}</b></span>")
        rel = diff / scale if math.isfinite(diff) else math.nan
        relative = self.tr("(relative difference {0})").format(number_html(rel, 2))
        self.check_result.setText(
            self.tr("backprop <b>{bp}</b> · finite difference <b>{fd}</b>").format(
                bp=number_html(backprop, 9), fd=number_html(finite_difference, 9))
            + f" · {mark} <span style='color:{style.MUTED}'>{relative}</span>")

    def clear(self) -> None:
        self.derivation = None
        self._html = ""
        title = self.tr("Chain rule")
        self.title.setText(f"<span style='color:{style.MUTED}'>{title}</span>")
        hint = self.tr("Select a weight (click an edge, or pick w1…w8 on the seed preset) to see its gradient "
                       "written out by the chain rule.")
        self.view.setHtml(f"<p style='color:{style.MUTED}'>{hint}</p>")
        self.check_result.clear()
        self.check_button.setEnabled(False)

    def plain_text(self) -> str:
        """What the panel currently shows, as plain text (tests, accessibility)."""
        return self.title.text() + "\n" + self.view.toPlainText()

    def _on_check(self):
        d = self.derivation
        if d is not None:
            self.checkRequested.emit(d.k, d.j, d.i)


__all__ = ["ChainRulePanel", "derivation_html"]
