"""The weight initialisers' names in the UI language (the engine and files use the ids)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gradsim.engine.initializers import INIT_NAMES

INIT_LABELS = {
    "uniform": QT_TRANSLATE_NOOP("Init", "Uniform"),
    "normal": QT_TRANSLATE_NOOP("Init", "Normal"),
    "xavier_uniform": QT_TRANSLATE_NOOP("Init", "Xavier (uniform)"),
    "xavier_normal": QT_TRANSLATE_NOOP("Init", "Xavier (normal)"),
    "he_uniform": QT_TRANSLATE_NOOP("Init", "He (uniform)"),
    "he_normal": QT_TRANSLATE_NOOP("Init", "He (normal)"),
    "constant": QT_TRANSLATE_NOOP("Init", "Constant"),
    "orthogonal": QT_TRANSLATE_NOOP("Init", "Orthogonal"),
    "lsuv": QT_TRANSLATE_NOOP("Init", "LSUV (unit variance per layer)"),
}
assert set(INIT_LABELS) == set(INIT_NAMES), "every initialiser needs a name here"


def init_label(name: str) -> str:
    """Initialiser ``name`` (an id of :data:`gradsim.engine.initializers.INIT_NAMES`) as shown."""
    return QCoreApplication.translate("Init", INIT_LABELS[name]) if name in INIT_LABELS else name


__all__ = ["INIT_LABELS", "init_label"]
