"""Math as Qt rich text (the HTML subset QLabel/QTextBrowser render — no browser engine).

Symbols arrive as plain strings from the engine (``∂E/∂out_o1``, ``∂net_h3_2/∂W3[1,0]``); they
become stacked fractions with subscripts. Numbers get a fixed count of significant digits and a
proper ×10ⁿ exponent.
"""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import QCoreApplication

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
            f'<td align="center" style="border-bottom: 1px solid #455a64; padding: 0px 3px;">{numerator}</td></tr>'
            f'<tr><td align="center" style="padding: 0px 3px;">{denominator}</td></tr></table>')


def number_text(v: float, digits: int = 6) -> str:
    """Plain-text number: ``0.0821670``, ``4.38568e-04`` style becomes ``4.38568×10^-4``."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return QCoreApplication.translate("MathText", "n/a")
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"
    e = math.floor(math.log10(abs(v)))
    if -4 <= e < 5:
        text = f"{v:.{max(digits - 1 - e, 0)}f}"
        return text.replace("-", "−")
    mant = v / 10 ** e
    return f"{mant:.{digits - 1}f}×10^{e}".replace("-", "−")


def shown_value(v: float, digits: int = 6) -> float:
    """The number :func:`number_text` writes, read back: what a reader computing with the numbers
    on screen works with (NaN and ±∞ stay themselves)."""
    if v is None or not math.isfinite(v) or v == 0:
        return math.nan if v is None else float(v)
    text = number_text(v, digits).replace("−", "-")
    if "×10^" in text:
        mant, exp = text.split("×10^")
        return float(f"{mant}e{exp}")
    return float(text)


def number_html(v: float, digits: int = 6) -> str:
    t = number_text(v, digits)
    if "×10^" in t:
        mant, exp = t.split("×10^")
        return f"{mant}×10<sup>{exp}</sup>"
    return t


__all__ = ["symbol_html", "name_html", "fraction_html", "number_text", "number_html", "shown_value"]
