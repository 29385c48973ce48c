"""Chain-rule panel: one weight's gradient written out equation by equation, with the live numbers.

Draws a :class:`gradsim.engine.chain_rule.Derivation`'s tree the way the lecture writes it — for w5
the three factors ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5; for w1 the paths via o1 and o2 added
up, then each path spelled out; for a batch, the mean over the samples with one sample's chain
written out; through batch norm, that sample's δ after the coupling — and every "=" holds with the
numbers on screen (see ``_fit``). Below it, the per-layer backward gains from the output's δ down
to the weight's layer, coloured where they shrink the gradient (< 0.25, the most σ′ can give) or
grow it (> 1), and the engine's verdict on the weight's path. The panel only displays numbers it is
given; a "Check" click asks the owner for a finite-difference estimate
(:func:`gradsim.engine.gradcheck.check_weight`) and :meth:`set_check_result` shows both numbers.
Every factor's number is a link: a click says which factor it is (``factorClicked``), so a lesson
can ask "which factor is at most 0.25?" and have it answered by clicking; :meth:`set_marked`
marks the factors a lesson points at.
"""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from gradsim.engine.chain_rule import combine
from gradsim.ui.engine_text import translated

from .. import palette
from ..numbers import number_html, number_text, shown_value
from . import style
from .mathtext import name_html, symbol_html

translate = QCoreApplication.translate  # strings below are collected by pyside6-lupdate
CHAIN_PER_ROW = 4       # gains per row: fits a ~480 px dock
MAX_INLINE_PATHS = 3    # more paths than this: the sum gets a compact table of its own
DIGITS = (6, 10)        # significant digits an equation starts with, and the most it may use
CHAIN_DIGITS = (3, 6)   # ... for the layer-by-layer gains
LEVEL_COLOURS = {"vanishing": (palette.VANISH_BG, palette.VANISH_FG), "dead": (palette.VANISH_BG, palette.VANISH_FG),
                 "saturated": (palette.VANISH_BG, palette.VANISH_FG), "exploding": (palette.EXPLODE_BG, palette.EXPLODE_FG),
                 "nonfinite": (palette.EXPLODE_BG, palette.EXPLODE_FG), "converged": (palette.HEALTHY_BG, palette.HEALTHY_FG),
                 "healthy": (palette.HEALTHY_BG, palette.HEALTHY_FG)}


def _cell(content: str, bg: str | None = None, fg: str | None = None, bold: bool = False, wrap: bool = False) -> str:
    style_ = "padding: 2px 4px;" + ("" if wrap else " white-space: nowrap;")
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
        return palette.VANISH_BG, palette.VANISH_FG
    if cls == "explode":
        return palette.EXPLODE_BG, palette.EXPLODE_FG
    return palette.NEUTRAL_BG, palette.PAPER_FOREGROUND


# -- equations whose "=" holds with the digits shown ---------------------------------------------
#
# An equation is ``lhs = op(items)``: an item is a term (symbol, value, colour it?) or a group, a
# parenthesised sum of terms. Rounded numbers need not multiply or add up to the rounded result, so
# the operands carry at least as many significant digits as the result, and as many more as it
# takes for recomputing the equation from the operands *as shown* to give the result *as shown*
# (as one carries guard digits by hand). If no choice up to the limit does, the sign is "≈".

def _evaluate(op: str, items, digits: int, count: int = 0) -> float:
    values = []
    for item in items:
        if isinstance(item, list):
            values.append(combine("sum", [shown_value(t[1], digits) for t in item]))
        else:
            values.append(shown_value(item[1], digits))
    if op == "mean":  # (1/count)·(sum of the items)
        return combine("sum", values) / count
    return combine(op, values)


def _holds(op: str, items, result: float, operand_digits: int, result_digits: int, count: int = 0) -> bool:
    return (number_text(_evaluate(op, items, operand_digits, count), result_digits)
            == number_text(result, result_digits))


def _fit(op: str, items, result: float, limits=DIGITS, count: int = 0) -> tuple[int, int, str]:
    """(operand digits, result digits, "=" or "≈") for ``result = op(items)`` (see above): the
    fewest operand digits, and for them the most result digits (at least ``limits[0]``)."""
    low, high = limits
    for operand in range(low, high + 1):
        for shown in range(operand, low - 1, -1):
            if _holds(op, items, result, operand, shown, count):
                return operand, shown, "="
    return low, low, "≈"


def _digits_for(value: float, digits: int) -> int:
    """``digits``, or fewer when they show ``value`` exactly (0.05, not 0.0500000)."""
    if not math.isfinite(value) or value == 0:
        return digits
    return next((k for k in range(1, digits) if shown_value(value, k) == value), digits)


def _num(value: float, digits: int) -> str:
    return number_html(value, _digits_for(value, digits))


def _num_text(value: float, digits: int) -> str:
    return number_text(value, _digits_for(value, digits))


class _Writer:
    """Writes a derivation's equations as rich text; ``record`` (a list) receives every equation
    drawn — operation, operand and result texts exactly as shown, and the sign — so tests can
    recompute each "=" from the screen's own numbers."""

    def __init__(self, stacked: bool, record: list | None, marked=None):
        self.stacked = stacked
        self.record = record
        self.nodes: list = []   # the factors whose numbers are links ("factor:<index>"), by index
        self.marked = marked    # node -> bool: a factor a lesson points at, drawn marked

    def link(self, node, text: str) -> str:
        """``text`` as a link to ``node`` (a click on a number says which factor it is)."""
        self.nodes.append(node)
        return (f'<a href="factor:{len(self.nodes) - 1}" style="color: inherit; text-decoration: none;">'
                f'{text}</a>')

    def is_marked(self, node) -> bool:
        return node is not None and self.marked is not None and bool(self.marked(node))

    def _note(self, op, items, digits, lhs_val, result_digits, sign, count=0):
        if self.record is None:
            return
        operands = [[_num_text(t[1], digits) for t in it] if isinstance(it, list) else _num_text(it[1], digits)
                    for it in items]
        self.record.append({"op": op, "operands": operands, "result": number_text(lhs_val, result_digits),
                            "sign": sign, "count": count})

    def equation(self, lhs_sym: str, lhs_val: float, op: str, items, count: int = 0, mean_label: str = "",
                 limits=DIGITS) -> str:
        """Symbols above, values below (or, stacked, one row per item), with "=" or "≈"."""
        digits, result_digits, sign = _fit(op, items, lhs_val, limits, count)
        self._note(op, items, digits, lhs_val, result_digits, sign, count)
        joint = {"product": "·", "sum": "+", "mean": "+"}[op]
        flat = []  # (symbol_html or None, op text or None, value, colour)
        if op == "mean":
            flat += [(None, f"{mean_label} (", None, False)]
        for n, item in enumerate(items):
            if n:
                flat.append((None, joint, None, False))
            if isinstance(item, list):
                flat.append((None, "(", None, False))
                for m, term in enumerate(item):
                    if m:
                        flat.append((None, "+", None, False))
                    flat.append((term[0], None, term[1], term[2:]))
                flat.append((None, ")", None, False))
            else:
                flat.append((item[0], None, item[1], item[2:]))
        if op == "mean":
            flat.append((None, ")", None, False))
        lhs_value = number_html(lhs_val, result_digits)
        if self.stacked:
            # operators read down the left edge ("= (", "+", ") ·"), each term on its own row
            rows = [f"<tr>{_cell(lhs_sym)}{_op(sign)}{_cell(lhs_value, fg=palette.TOTAL_FG, bold=True)}</tr>"]
            ops = [sign]
            for sym, op_text, value, colour in flat:
                if op_text is not None:
                    ops.append(op_text)
                    continue
                rows.append(f"<tr>{_op(' '.join(ops))}{_cell(sym, wrap=True)}{self._value(value, digits, colour)}</tr>")
                ops = []
            if ops:
                rows.append(f"<tr>{_op(' '.join(ops))}<td></td><td></td></tr>")
            return '<table cellspacing="2" cellpadding="0" style="margin: 4px 0px;">' + "".join(rows) + "</table>"
        top = [_cell(lhs_sym), _op("=")]
        bottom = [_cell(lhs_value, fg=palette.TOTAL_FG, bold=True), _op(sign)]
        for sym, op_text, value, colour in flat:
            if op_text is not None:
                top.append(_op(op_text))
                bottom.append(_op(op_text))
            else:
                top.append(_cell(sym))
                bottom.append(self._value(value, digits, colour))
        return ('<table cellspacing="2" cellpadding="0" style="margin: 4px 0px;">'
                f'<tr>{"".join(top)}</tr><tr>{"".join(bottom)}</tr></table>')

    def _value(self, value: float, digits: int, extra) -> str:
        """A term's number, linked to its node; ``extra``: (colour it?, its node, the sum in parentheses it
        is a term of), as far as they apply."""
        colour, node, group = (tuple(extra) + (None, None))[:3]
        bg, fg = _colours(value) if colour and math.isfinite(value) else (None, None)
        text = _num(value, digits)
        if node is None:
            return _cell(text, bg=bg, fg=fg)
        if self.is_marked(node) or self.is_marked(group):  # a sum written in parentheses: its terms
            return _cell(self.link(node, text), bg=palette.MARK_BG, fg=palette.MARK_FG, bold=True)
        return _cell(self.link(node, text), bg=bg, fg=fg)

    # -- the tree --------------------------------------------------------------------------------
    def equations(self, node, out: list, leaves: list) -> None:
        """``node = op(children)``, then, depth first, the equations of the children it names."""
        items, later = _items(node, inline_sums=node.op == "product")
        out.append(self.equation(_sym(node), node.value, node.op, items))
        for child in node.children:
            if not child.children:
                leaves.append(child)
            elif _inlined(child):
                leaves += [c for g in child.children for c in g.children if not c.children]
        if later and all(c.kind == "path" for c in later) and node.op == "product":
            out.append(_muted(translate("ChainRulePanel", "where each path is")))
        for child in later:
            if child.op == "sum" and child.kind == "paths":
                out.append(self.path_sum(child))
            elif child.kind == "bn":
                out.append(_muted(translate("ChainRulePanel", "where batch norm couples this sample to the batch: "
                                                              "its δ is γ/σ times its own ∂E/∂u minus the batch "
                                                              "mean and minus the part along ẑ")))
                self.equations(child, out, leaves)
            else:
                self.equations(child, out, leaves)

    def path_sum(self, node) -> str:
        """A sum of many paths: one compact row per path (an equation each), then their sum. Each
        row's result is shown with two guard digits more than the sum, so that the sum holds too."""
        intro = translate("ChainRulePanel", "{out} is the sum of {n} paths:").format(
            out=_inline(node.name), n=len(node.children))
        parts = [_muted(intro)]
        low, high = PATH_DIGITS
        terms = [_term(p) for p in node.children]
        total_digits, row_digits, sign = low, low + 2, "≈"
        for digits in range(low, high - 1):
            if _holds("sum", terms, node.value, digits + 2, digits):
                total_digits, row_digits, sign = digits, digits + 2, "="
                break
        self._note("sum", terms, row_digits, node.value, total_digits, sign)
        # the usual case, δ of the next unit times the weight to it: the symbols once, as a header
        plain = all(p.op == "product" and [c.kind for c in p.children] == ["delta", "weight"] for p in node.children)
        m = _UNIT.search(node.name)
        heads = ["∂E/∂net", f"∂net/∂{name_html('out_' + (m.group(1) if m else ''))}",
                 translate("ChainRulePanel", "path")]
        if self.stacked:  # a narrow panel: one line per path, free to wrap, instead of columns
            rows = [f'<tr><td style="padding: 1px 0px;">{self._path_line(p, row_digits, high, plain)}</td></tr>'
                    for p in node.children]
            if plain:
                rows.insert(0, f'<tr><td style="padding: 1px 0px; color: {palette.PAPER_MUTED};">'
                               f'{heads[0]} · {heads[1]} = {heads[2]}</td></tr>')
        else:
            rows = [self._path_row(p, row_digits, high, plain) for p in node.children]
            if plain:
                rows.insert(0, "<tr>" + "".join(f'<td align="center" style="padding: 1px 4px; color: {palette.PAPER_MUTED};">'
                                                f'{h}</td>' for h in ["", heads[0], "", heads[1], "", heads[2]])
                            + "</tr>")
        parts.append(f'<table cellspacing="0" cellpadding="0" style="margin-left: 8px;">{"".join(rows)}</table>')
        line = translate("ChainRulePanel", "sum of the {n} paths: {out} {sign} {value}").format(
            n=len(node.children), out=_inline(node.name), sign=sign,
            value=f"<b style='color:{palette.TOTAL_FG}'>{number_html(node.value, total_digits)}</b>")
        parts.append(f'<p style="margin: 2px 0px 4px 8px;">{line}</p>')
        return "".join(parts)

    def _path_factors(self, p, row_digits: int, high: int):
        """A path's factors with guard digits for its result as shown: (operand digits, sign)."""
        items = [_term(c) for c in p.children]
        operand, sign = next(((o, "=") for o in range(row_digits, high + 3)
                              if _holds(p.op, items, p.value, o, row_digits)), (row_digits, "≈"))
        self._note(p.op, items, operand, p.value, row_digits, sign)
        return operand, sign

    def _path_row(self, p, row_digits: int, high: int, plain: bool) -> str:
        """One path as a table row: via, its factors (numbers only under a header when ``plain``), result."""
        via = translate("ChainRulePanel", "via {0}").format(html.escape(_via(p)))
        cells = [f'<td style="padding: 1px 8px 1px 0px; color: {palette.PAPER_MUTED}; white-space: nowrap;">{via}</td>']
        if p.children:
            operand, sign = self._path_factors(p, row_digits, high)
            for n, c in enumerate(p.children):
                if n:
                    cells.append(_op("·" if p.op == "product" else "+"))
                number = self.link(c, _num(c.value, operand))
                shown = number if plain else f"{_sym_inline(c)} = {number}"
                mark = f" background-color: {palette.MARK_BG};" if self.is_marked(c) else ""
                cells.append(f'<td align="right" style="padding: 1px 4px; white-space: nowrap;{mark}">{shown}</td>')
            cells.append(_op(sign))
        else:
            cells.append(f'<td style="padding: 1px 4px; white-space: nowrap;">{_sym_inline(p)}</td>')
            cells.append(_op("="))
        cells.append(_cell(number_html(p.value, row_digits), fg=palette.TOTAL_FG))
        return f"<tr>{''.join(cells)}</tr>"

    def _path_line(self, p, row_digits: int, high: int, plain: bool) -> str:
        """One path as a line of text: "via h8,1: 0.2605 · 0.5818 = 0.1516" (stacked layout)."""
        via = translate("ChainRulePanel", "via {0}").format(html.escape(_via(p)))
        head = f'<span style="color: {palette.PAPER_MUTED};">{via}:</span> '
        if not p.children:
            return f"{head}{_sym_inline(p)} = {number_html(p.value, row_digits)}"
        operand, row_sign = self._path_factors(p, row_digits, high)
        joint = " · " if p.op == "product" else " + "
        numbers = [self.link(c, _num(c.value, operand)) for c in p.children]
        numbers = [f'<span style="background-color: {palette.MARK_BG};">{n}</span>' if self.is_marked(c) else n
                   for c, n in zip(p.children, numbers)]
        factors = joint.join(n if plain else f"{_sym_inline(c)} = {n}" for c, n in zip(p.children, numbers))
        return (f"{head}{factors} {row_sign} "
                f"<span style='color:{palette.TOTAL_FG}'>{number_html(p.value, row_digits)}</span>")

    def batch(self, d) -> str:
        """∂E/∂w = (1/B)·(this sample's ∂E/∂w + the others'): the mean over the batch, on screen."""
        root, mine = d.tree, d.sample_tree
        others = [c.value for c in root.children if c is not mine]
        label = translate("ChainRulePanel", "sample {0}").format(d.sample + 1)
        rest_label = translate("ChainRulePanel", "the other {0} samples").format(len(others))
        items = [(f"{symbol_html(mine.name)}<br/><small>{label}</small>", mine.value, False),
                 (f"Σ {symbol_html(mine.name)}<br/><small>{rest_label}</small>", combine("sum", others), False)]
        return self.equation(symbol_html(root.name), root.value, "mean", items, count=len(root.children),
                             mean_label=f"1/{len(root.children)} ·")

    def chain(self, d) -> str:
        """Per-layer backward gains from the output's δ down to the weight's layer, their product,
        and the path's verdict (the engine's, by the diagnosis's definition)."""
        chain = d.layer_chain
        out = []
        if chain:
            title = translate("ChainRulePanel", "Layer by layer")
            what = translate("ChainRulePanel", "— how much each layer scales the gradient passing back "
                                               "(‖∂E/∂a<sub>below</sub>‖ / ‖∂E/∂a<sub>above</sub>‖ ≈ |f′·w|; the "
                                               "output layer's from its δ = ∂E/∂net)")
            out.append(f'<p style="margin: 12px 0px 2px 0px;"><b>{title}</b> '
                       f'<span style="color: {palette.PAPER_MUTED};">{what}</span></p>')
            gains = [(None, c.gain, False) for c in chain]
            hidden = [c for c in chain if c.hidden]
            h_items = [(None, c.gain, False) for c in hidden]
            # the gains' digits: the fewest for which both products hold with the gains as shown
            equations = [(gains, chain[-1].cumulative)] + ([(h_items, d.hidden_flow)] if hidden else [])
            digits, shown = CHAIN_DIGITS[0], [None] * len(equations)
            for operand in range(CHAIN_DIGITS[0], CHAIN_DIGITS[1] + 3):
                found = [next((r for r in range(operand, CHAIN_DIGITS[0] - 1, -1)
                               if _holds("product", items, value, operand, r)), None) for items, value in equations]
                if operand == CHAIN_DIGITS[0] or all(r is not None for r in found):
                    digits, shown = operand, found
                if all(r is not None for r in found):
                    break
            signs = ["≈" if r is None else "=" for r in shown]
            shown = [r or CHAIN_DIGITS[0] for r in shown]
            for (items, value), r, sign in zip(equations, shown, signs):
                self._note("product", items, digits, value, r, sign)
            per_row = CHAIN_PER_ROW if not self.stacked else max(1, CHAIN_PER_ROW // 2)
            for start in range(0, len(chain), per_row):
                row = chain[start:start + per_row]
                heads, vals, subs = [], [], []
                for n, c in enumerate(row):
                    if n or start:
                        heads.append(_op(""))
                        vals.append(_op("×"))
                        subs.append(_op(""))
                    label = (translate("ChainRulePanel", "output") if c.label == "output"
                             else translate("ChainRulePanel", "layer {0}").format(c.layer))
                    heads.append(_cell(f'<span style="color: {palette.PAPER_MUTED};">{label}</span>'))
                    bg, fg = _colours(c.gain) if c.hidden else (palette.NEUTRAL_BG, palette.PAPER_FOREGROUND)
                    vals.append(_cell(_num(c.gain, digits), bg=bg, fg=fg, bold=True))
                    sub = ((f"f′≈{number_text(c.mean_fprime, 2)} " if c.hidden else "")
                           + f"|w|≈{number_text(c.mean_abs_weight, 2)}")
                    subs.append(_cell(f'<small style="color: {palette.PAPER_MUTED};">{sub}</small>', wrap=self.stacked))
                out.append('<table cellspacing="2" cellpadding="0">'
                           f'<tr>{"".join(heads)}</tr><tr>{"".join(vals)}</tr><tr>{"".join(subs)}</tr></table>')
            product = f"<b>×{number_html(chain[-1].cumulative, shown[0])}</b>"
            line = translate("ChainRulePanel", "Product down to layer {layer} {sign} {product}").format(
                layer=d.k + 1, sign=signs[0], product=product)
            if hidden:  # the hidden layers' gains as shown above, multiplied
                h_product = f"<b>×{number_html(d.hidden_flow, shown[1])}</b>"
                if len(hidden) == 1:
                    h_line = translate("ChainRulePanel", "through hidden layer {layer} {sign} {product}").format(
                        layer=hidden[0].layer, sign=signs[1], product=h_product)
                else:
                    h_line = translate("ChainRulePanel", "through the hidden layers {top} → {bottom} {sign} "
                                                         "{product}").format(
                        top=hidden[0].layer, bottom=hidden[-1].layer, sign=signs[1], product=h_product)
                line += " · " + h_line
            key = translate("ChainRulePanel", "{shrink} &lt; 0.25 shrinks {grow} &gt; 1 grows").format(
                shrink=f'<span style="color: {palette.VANISH_FG};">■</span>',
                grow=f'<span style="color: {palette.EXPLODE_FG};">■</span>')
            out.append(f'<p style="margin: 4px 0px;">{line}. {key}</p>')
        bg, fg = LEVEL_COLOURS.get(d.verdict.level, (palette.NEUTRAL_BG, palette.PAPER_FOREGROUND))
        out.append(f'<p style="margin: 6px 0px;"><span style="background-color: {bg}; color: {fg};">&nbsp;'
                   f'{html.escape(translated(d.verdict.text))}&nbsp;</span></p>')
        return "".join(out)


PATH_DIGITS = (4, 10)  # the compact path table starts with fewer digits than the equations


def _inlined(node) -> bool:
    """A sum of a few paths is written in parentheses inside its parent's equation."""
    return node.op == "sum" and node.kind == "paths" and len(node.children) <= MAX_INLINE_PATHS


def _items(node, inline_sums: bool):
    """The items of ``node``'s equation, and the children that need an equation of their own."""
    items, later = [], []
    for child in node.children:
        if inline_sums and _inlined(child):
            items.append([_term(g) + (child,) for g in child.children])
            later += [g for g in child.children if g.children]
        else:
            items.append(_term(child))
            if child.children:
                later.append(child)
    return items, later


_UNIT = re.compile(r"_(\w+?)\)?$")


def _bn_symbol(node) -> str | None:
    """Batch norm's terms as symbols: γ/σ, −mean(∂E/∂u), −ẑ·mean(ẑ·∂E/∂u), with the unit's name."""
    m = _UNIT.search(node.name)
    unit = html.escape(m.group(1).replace("_", ",")) if m else ""
    du = f"∂E/∂u<sub>{unit}</sub>"
    if node.kind == "bn-scale":
        return f"γ<sub>{unit}</sub>/σ<sub>{unit}</sub>"
    if node.kind == "bn-mean":
        return f"−mean<sub>batch</sub>({du})"
    if node.kind == "bn-var":
        return f"−ẑ<sub>{unit}</sub>·mean<sub>batch</sub>(ẑ·{du})"
    return None


def _sym(node) -> str:
    """A node's symbol: ∂a/∂b as a stacked fraction."""
    if node.kind == "bn-centred":
        return translate("ChainRulePanel", "centred {0}").format(symbol_html(node.name.split(" ", 1)[1]))
    special = _bn_symbol(node)
    if special is not None:
        return special
    if node.name.startswith("P"):
        return _inline(node.name)
    if node.kind == "path" and "skip" in node.name:
        return symbol_html(node.name.replace("_skip", "_(skip)"))
    return symbol_html(node.name)


def _sym_inline(node) -> str:
    """A node's symbol on one line, for compact tables and the meanings."""
    special = _bn_symbol(node)
    return special if special is not None else _inline(node.name)


def _term(node):
    """An equation's item for ``node``: (symbol, value, colour it?, the node its number links to)."""
    return (_sym(node), node.value, node.kind == "fprime", node)


def _muted(text: str) -> str:
    return f'<p style="margin: 8px 0px 2px 0px; color: {palette.PAPER_MUTED};">{text}</p>'


def derivation_html(d, stacked: bool = False, record: list | None = None, marked=None,
                    nodes: list | None = None) -> str:
    """The whole derivation as Qt rich text (exposed for tests and for copying); ``stacked`` writes
    each equation down the panel rather than across it; ``record`` receives every equation drawn
    (see :class:`_Writer`); ``marked(node)`` says which factors to mark (a lesson points at them);
    ``nodes`` receives the factors whose numbers are links, in the order of their ``factor:<n>``."""
    writer = _Writer(stacked, record, marked)
    w = name_html(d.weight)
    if d.kind == "output":
        lead = translate("ChainRulePanel", "Output-layer weight <b>{w}</b>: one path to the error.")
    else:
        lead = translate("ChainRulePanel", "Hidden weight <b>{w}</b>: the error reaches it along every path "
                                           "from the unit it feeds, and the paths add up.")
    parts = [f'<p style="margin: 0px 0px 4px 0px; color: {palette.PAPER_MUTED};">{lead.format(w=w)}</p>']
    if d.tree.op == "mean":
        text = translate("ChainRulePanel", "A batch of {n} samples: the loss E is the mean of the samples' "
                                           "losses, so ∂E/∂{w} is the mean of each sample's own ∂E/∂{w}. "
                                           "Sample {k} is written out below; every factor is that sample's "
                                           "own number.").format(n=d.batch_size, w=w, k=d.sample + 1)
        parts.append(f'<p style="margin: 0px 0px 2px 0px; color: {palette.PAPER_MUTED};">{text}</p>')
        parts.append(writer.batch(d))
        parts.append(_muted(translate("ChainRulePanel", "where sample {0}'s ∂E/∂{1} is").format(d.sample + 1, w)))
    equations, leaves = [], []
    writer.equations(d.sample_tree, equations, leaves)
    parts.append(equations[0])
    parts.append(_meanings(leaves))
    parts += equations[1:]
    fprimes = [n.value for n in d.sample_tree.walk() if n.kind == "fprime"]
    if any(style.factor_class(v) != "neutral" for v in fprimes if math.isfinite(v)):
        red = (f'<span style="background-color: {palette.VANISH_BG}; color: {palette.VANISH_FG};">&nbsp;'
               + translate("ChainRulePanel", "red") + "&nbsp;</span>")
        amber = (f'<span style="background-color: {palette.EXPLODE_BG}; color: {palette.EXPLODE_FG};">&nbsp;'
                 + translate("ChainRulePanel", "amber") + "&nbsp;</span>")
        text = translate("ChainRulePanel", "{red} f′ factor below 0.25 — σ′ never exceeds 0.25, so every sigmoid "
                                           "layer shrinks the gradient; {amber} above 1 grows it.")
        parts.append(f'<p style="margin: 2px 0px; color: {palette.PAPER_MUTED};">{text.format(red=red, amber=amber)}</p>')
    parts.append(writer.chain(d))
    if nodes is not None:
        nodes[:] = writer.nodes
    return "".join(parts)


def _inline(symbol: str) -> str:
    """A symbol on one line (∂E/∂net<sub>h3,1</sub>), for compact tables."""
    m = re.match(r"^∂([^/]+)/∂(.+)$", symbol)
    if m:
        return f"∂{name_html(m.group(1))}/∂{name_html(m.group(2))}"
    return html.escape(symbol)


_NAMED = re.compile(r"\b((?:net|out|E|u)_[A-Za-z0-9_]+)")


def _prose(text: str) -> str:
    """Engine prose ("sigmoid′ at net_h2_3"), in the UI language, with its names subscripted like the
    symbols."""
    text = re.sub(r"\bout_(i\d+)\b", r"\1", translated(text))  # the lecture calls inputs i1, i2
    return _NAMED.sub(lambda m: name_html(m.group(1)), html.escape(text))


def _via(p) -> str:
    """A path's route: the next neuron (h2_3 → h2,3) or, for a residual link, "skip to layer 3"."""
    if p.meaning:
        return translated(p.meaning)
    m = re.match(r"^∂E_(\S+?)/∂", p.name)
    return m.group(1).replace("_", ",") if m else p.name


def _meanings(leaves) -> str:
    seen, rows = set(), []
    for f in leaves:
        if not f.meaning or f.name in seen:
            continue
        seen.add(f.name)
        rows.append(f'<tr><td style="padding: 0px 8px 0px 0px; white-space: nowrap;">{_sym_inline(f)}</td>'
                    f'<td style="color: {palette.PAPER_MUTED};">{_prose(f.meaning)}</td></tr>')
    return (f'<table cellspacing="0" cellpadding="1" style="margin: 0px 0px 4px 8px;">{"".join(rows)}</table>'
            if rows else "")


class ChainRulePanel(QWidget):
    """Shows a derivation; emits ``checkRequested(k, j, i)`` for the finite-difference check.

    Entry points: :meth:`set_derivation` (call again with a fresh derivation as training runs — the
    view updates in place), :meth:`set_check_result`, :meth:`clear`.
    """

    checkRequested = Signal(int, int, int)
    factorClicked = Signal(object, object)   # (Derivation, Node): a factor's number was clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.derivation = None
        self.marked = None   # node -> bool: the factors a lesson points at
        self._nodes: list = []
        self.step = None
        self._check_step = None
        self._html = ""
        self._fit_cache = (None, False)  # ((html, viewport width), too wide?) of the last check
        self.title = QLabel()
        self.title.setTextFormat(Qt.RichText)
        self.title.setWordWrap(True)  # a long "∂E/∂W1[0,0] = … at step …" must not widen the column
        self.title.setStyleSheet(f"font-size: 13pt; color: {palette.PAPER_FOREGROUND};")
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._on_anchor)
        self.view.setStyleSheet(f"QTextBrowser {{ background: {palette.PAPER_BACKGROUND}; color: {palette.PAPER_FOREGROUND};"
                                f" border: 1px solid {palette.RULE}; font-size: 10pt; }}")
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
    def set_derivation(self, derivation, step: int | None = None, write=None) -> None:
        """Show ``derivation`` (taken at training step ``step``, by default the derivation's own),
        written by ``write(d, stacked=...)`` (default :func:`derivation_html`; a recurrent weight's:
        :func:`gradsim.ui.teach.recurrent_chain.recurrent_derivation_html`).

        The finite-difference result shown so far belongs to one weight at one step: another weight,
        or the same weight at another step, clears it (a number must not outlive its state)."""
        old = self.derivation
        self.derivation = derivation
        self._write = write or derivation_html
        step = derivation.step if step is None else step
        self.step = step
        if old is None or (old.k, old.j, old.i) != (derivation.k, derivation.j, derivation.i) \
                or (self._check_step is not None and self._check_step != step):
            self.clear_check()
        self.check_button.setEnabled(True)
        when = [] if step is None else [self.tr("at step {0}").format(f"{step:,}")]
        if derivation.batch_size > 1:
            when.append(self.tr("mean over {0} samples").format(derivation.batch_size))
        when = (f" <span style='color:{palette.PAPER_MUTED}; font-size: 10pt;'>" + " · ".join(when) + "</span>") if when else ""
        self.title.setText(f"∂E/∂{name_html(derivation.weight)} = <b style='color:{palette.TOTAL_FG}'>"
                           f"{number_html(derivation.total)}</b>{when}")
        self._render()

    def set_marked(self, marked) -> None:
        """Mark the factors for which ``marked(node)`` is true (None: none), as a lesson points at them."""
        self.marked = marked
        if self.derivation is not None:
            self._html = ""
            self._render()

    def _render(self) -> None:
        d = self.derivation
        nodes: list = []  # the feed-forward writer's factor links (a lesson marks and clicks them)
        links = {"marked": self.marked, "nodes": nodes} if self._write is derivation_html else {}
        html = self._write(d, **links)
        if self._too_wide(html):  # a narrow dock: write the equations down the panel, not across
            html = self._write(d, stacked=True, **links)
        self._nodes = nodes
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

    def set_check_result(self, backprop: float, finite_difference: float, step: int | None = None) -> None:
        """Show backprop's number next to the numerical estimate, and whether they agree; ``step`` is
        the training step whose weights both were computed at (the line says so, and the next
        derivation at another step clears it)."""
        self._check_step = step
        diff = abs(backprop - finite_difference)
        scale = max(abs(backprop), abs(finite_difference), 1e-12)
        ok = diff / scale < 1e-4 or diff < 1e-9
        agree, differ = self.tr("✓ agree"), self.tr("✗ differ")
        mark = (f"<span style='color:{palette.AGREE_FG}'><b>{agree}</b></span>" if ok else
                f"<span style='color:{palette.VANISH_FG}'><b>{differ}</b></span>")
        rel = diff / scale if math.isfinite(diff) else math.nan
        relative = self.tr("(relative difference {0})").format(number_html(rel, 2))
        when = "" if step is None else self.tr("At step {0}:").format(f"{step:,}") + " "
        self.check_result.setText(
            when + self.tr("backprop <b>{bp}</b> · finite difference <b>{fd}</b>").format(
                bp=number_html(backprop, 9), fd=number_html(finite_difference, 9))
            + f" · {mark} <span style='color:{palette.PAPER_MUTED}'>{relative}</span>")

    def clear_check(self) -> None:
        self._check_step = None
        self.check_result.clear()

    def clear(self) -> None:
        self.derivation = None
        self.step = None
        self._html = ""
        self._nodes = []
        title = self.tr("Chain rule")
        self.title.setText(f"<span style='color:{palette.PAPER_MUTED}'>{title}</span>")
        hint = self.tr("Select a weight (click an edge, or pick w1…w8 on the seed preset) to see its gradient "
                       "written out by the chain rule.")
        self.view.setHtml(f"<p style='color:{palette.PAPER_MUTED}'>{hint}</p>")
        self.clear_check()
        self.check_button.setEnabled(False)

    def plain_text(self) -> str:
        """What the panel currently shows, as plain text (tests, accessibility)."""
        return self.title.text() + "\n" + self.view.toPlainText()

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if not text.startswith("factor:") or self.derivation is None:
            return
        try:
            node = self._nodes[int(text.split(":", 1)[1])]
        except (ValueError, IndexError):
            return
        self.factorClicked.emit(self.derivation, node)

    def factor_links(self) -> list:
        """The factors shown as links, in order (``factor:<n>`` is the n-th): for tests and the lesson
        self test, which click them."""
        return list(self._nodes)

    def _on_check(self):
        d = self.derivation
        if d is not None:
            self.checkRequested.emit(d.k, d.j, d.i)


__all__ = ["ChainRulePanel", "derivation_html"]
