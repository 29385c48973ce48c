"""How the window writes numbers: one module, one way to write an exponent per kind of place.

* :func:`sci` -- compact, for tooltips, the status bar and the counters: ``0.358916``, ``3.2e-07``.
* :func:`decade_label` -- a power of ten on the colour key: ``1e-6``, ``1``.
* :func:`value_label` -- a tick of a log10 axis (``v`` is the logarithm): ``0.01``, ``20``, ``5e-7``.
* :func:`number_text` / :func:`number_html` -- an equation's operand with a fixed number of
  significant digits: ``0.0821670``, ``4.38568×10^-4`` (``×10<sup>−4</sup>`` in rich text);
  :func:`shown_value` reads such a number back, so the chain-rule panel can make every "=" hold
  with the numbers as shown.

NaN, ±∞ and 0 are written the same way everywhere they can appear.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication


def _special(value: float) -> str | None:
    """NaN, ∞, −∞ or 0 as every format writes them; None for an ordinary number."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0:
        return "0"
    return None


def sci(value: float, digits: int = 2) -> str:
    """Compact number for tooltips and the status bar: 0.358916, 3.2e-07, ∞ (None: –)."""
    if value is None:
        return "–"
    special = _special(value)
    if special is not None:
        return special
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.{max(digits + 2, 4)}g}"
    mant, exp = f"{value:.{digits - 1}e}".split("e")
    return f"{mant}e{int(exp)}"


def decade_label(exponent: int) -> str:
    """10^exponent as the colour key (and the diagnosis) write it: 1e-6, 1, 1e3."""
    return "1" if exponent == 0 else f"1e{exponent}"


def value_label(v: float) -> str:
    """The tick label of a log10 axis at ``v`` (the value is 10**v): 0.01, 0.5, 20 or 1e-6."""
    x = 10.0 ** v
    if 1e-3 <= x < 1e4:
        return f"{x:.3g}"
    e = math.floor(v + 1e-9)
    m = round(10 ** (v - e))
    return decade_label(e) if m == 1 else f"{m}e{e}"


def number_text(v: float, digits: int = 6) -> str:
    """An equation's number in plain text: ``0.0821670``; ``4.38568×10^-4`` beyond 10^±4 (n/a for
    a missing value)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return QCoreApplication.translate("MathText", "n/a")
    special = _special(v)
    if special is not None:
        return special
    e = math.floor(math.log10(abs(v)))
    if -4 <= e < 5:
        return f"{v:.{max(digits - 1 - e, 0)}f}".replace("-", "−")
    mant = v / 10 ** e
    return f"{mant:.{digits - 1}f}×10^{e}".replace("-", "−")


def number_html(v: float, digits: int = 6) -> str:
    """:func:`number_text` in rich text, the exponent raised."""
    t = number_text(v, digits)
    if "×10^" in t:
        mant, exp = t.split("×10^")
        return f"{mant}×10<sup>{exp}</sup>"
    return t


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


__all__ = ["sci", "decade_label", "value_label", "number_text", "number_html", "shown_value"]
