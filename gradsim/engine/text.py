"""English text that a user interface can translate: a ``str`` that remembers its template.

The engine speaks English (the CLI, notebooks, JSON output). Where its words reach the desktop
app — a chain-rule factor's meaning, a step-through title, the compare verdict, a fault message,
an error about a file or an edit — they are built as ``Text(template, **fields)``: a plain ``str``
equal to ``template.format(**fields)``, so printing, comparing, ``in`` tests and JSON work as
before, which also keeps ``template`` and ``fields``. The UI looks the template up in its own
catalogue (:mod:`gradsim.ui.engine_text`, marked for Qt's translation tools) and formats the
translation with the same fields; a field that is itself a :class:`Text` is translated too, and a
template the catalogue lacks falls back to this English. The engine never imports Qt.

Rules that keep this working: the template is a string literal at the call (not an f-string;
``tests/ui/test_engine_text.py`` collects the literals from the engine's source and checks the
UI catalogue has each one), numbers go in as fields with their format in the template
(``{lr:g}``), and names the user typed or that the code defines (``W2[0,1]``, ``'sigmoid'``,
``network.layers[1].size``) are fields, never part of the template.
"""

from __future__ import annotations

import json
import math


class Text(str):
    """``Text("Non-finite {quantity} at step {step}", quantity=…, step=3)`` — see the module."""

    template: str
    fields: dict

    def __new__(cls, template: str, /, **fields) -> "Text":
        self = super().__new__(cls, template.format(**fields))
        self.template = template
        self.fields = fields
        return self

    def __reduce__(self):  # copy, deepcopy (dataclasses.asdict) and pickle keep the template
        return (_rebuild, (self.template, self.fields))


def _rebuild(template: str, fields: dict) -> Text:
    return Text(template, **fields)


def reason(exc: BaseException) -> str:
    """An exception's message, as the :class:`Text` it was raised with when it was one."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)


def joined(items: list) -> str:
    """``a``, ``a and b``, ``a and b and c`` (as ``" and ".join`` writes them), translatable."""
    items = list(items)
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return Text("{first} and {second}", first=items[0], second=items[1])
    if len(items) == 3:
        return Text("{first} and {second} and {third}", first=items[0], second=items[1], third=items[2])
    return " and ".join(items)


def alternatives(items: list) -> str:
    """``a`` or ``a or b`` (as ``" or ".join`` writes them), translatable."""
    items = [str(i) for i in items]
    if len(items) == 2:
        return Text("{first} or {second}", first=items[0], second=items[1])
    return " or ".join(items)


def ratio_text(r: float) -> str:
    """1e-6, 3.2e-4, 0.02, 40, 2.5e5: short, readable magnitudes, two significant digits (no
    translation needed)."""
    if not math.isfinite(r):
        return "∞" if r > 0 else "NaN"
    if r == 0:
        return "0"
    if 0.01 <= abs(r) < 1e4:
        return f"{r:.2g}" if abs(r) < 10 else f"{r:,.0f}"
    e = math.floor(math.log10(abs(r)))
    m = round(abs(r) / 10 ** e, 1)
    if m >= 10:
        m, e = 1.0, e + 1
    sign = "-" if r < 0 else ""
    return f"{sign}{m:g}e{e}"


def clip(text: str, limit: int = 40) -> str:
    """A name the user typed, shortened for a message that quotes it (``{name!r}``)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def brief(value, limit: int = 40) -> str:
    """A value as an error message quotes it: JSON-like, at most ``limit`` characters (a file may
    hold a 300-digit number or a list nested 500 deep; the message stays one short line)."""
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    s = ""
    try:  # encode lazily and stop at the limit: the value may be megabytes of numbers
        for chunk in json.JSONEncoder(ensure_ascii=False).iterencode(value):
            s += chunk
            if len(s) > limit:
                break
    except (TypeError, ValueError, RecursionError):  # not JSON, nested too deep, or an int too long to print
        s = type(value).__name__
    return s if len(s) <= limit else s[: limit - 3] + "..."


__all__ = ["Text", "reason", "joined", "alternatives", "brief", "clip", "ratio_text"]
