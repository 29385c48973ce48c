"""Math as Qt rich text (the HTML subset QLabel/QTextBrowser render — no browser engine).

Symbols arrive as plain strings from the engine (``∂E/∂out_o1``, ``∂net_h3_2/∂W3[1,0]``); they
become stacked fractions with subscripts. Numbers are written by :mod:`gradsim.ui.numbers` (a fixed
count of significant digits and a proper ×10ⁿ exponent).
"""

from __future__ import annotations

import html
import re

from .. import palette

_FRACTION = re.compile(r"^∂([^/]+)/∂(.+)$")


def name_html(name: str) -> str:
    """``out_o1`` → out<sub>o1</sub>; ``net_h3_2`` → net<sub>h3,2</sub>; other text escaped."""
    name = name.strip()
    if "_" in name and not name.startswith("_"):
        base, sub = name.split("_", 1)
        return f"{html.escape(base)}<sub>{html.escape(sub.replace('_', ','))}</sub>"
    return html.escape(name)


def symbol_html(symbol: str) -> str:
    """A factor symbol; ``∂a/∂b`` becomes a stacked fraction."""
    m = _FRACTION.match(symbol.strip())
    if not m:
        return " ".join(name_html(part) for part in symbol.split(" "))
    return fraction_html("∂" + name_html(m.group(1)), "∂" + name_html(m.group(2)))


def fraction_html(numerator: str, denominator: str) -> str:
    return ('<table cellspacing="0" cellpadding="0"><tr>'
            f'<td align="center" style="border-bottom: 1px solid {palette.FRACTION_LINE}; padding: 0px 3px;">{numerator}</td></tr>'
            f'<tr><td align="center" style="padding: 0px 3px;">{denominator}</td></tr></table>')


__all__ = ["symbol_html", "name_html", "fraction_html"]
