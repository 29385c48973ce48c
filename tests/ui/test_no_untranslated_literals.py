"""No English literal reaches a widget without ``tr()``.

The translation test (test_translations.py) checks every string *marked* for translation; this one
finds strings that were never marked: a literal (or f-string) with words in it, passed straight to
a call that shows text — a QAction, a label, a tooltip, a status message, a menu entry, or an
undoable edit's name. HTML markup, identifiers (``"set_edge"``, ``"left"``) and the app's name
are not words to translate.
"""

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "gradsim" / "ui"
SHOWS_TEXT = {"QAction", "QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QRadioButton", "QToolButton", "QMenu",
              "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "addItem", "addMenu", "setStatusTip",
              "show_message", "showMessage", "setTitle", "addTab", "setTabText", "setSpecialValueText", "setSuffix",
              "setPrefix", "addRow", "critical", "warning", "information", "question", "setWhatsThis", "setLabelText",
              "EditRequest", "add"}
NOT_WORDS = {"gradsim", "left", "bottom", "right", "top", "none"}
WORD = re.compile(r"[A-Za-z]{2,}")
MARKUP = re.compile(r"<[^>]*>|&[a-z]+;")


def _words(text: str) -> bool:
    text = MARKUP.sub(" ", text)
    return any(w.lower() not in NOT_WORDS for w in WORD.findall(text))


def _literal_text(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return None if re.fullmatch(r"[a-z_]+", node.value) else node.value  # identifiers: "set_edge"
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def untranslated(root: Path = UI) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in SHOWS_TEXT:
                continue
            for arg in list(node.args) + [k.value for k in node.keywords]:
                text = _literal_text(arg)
                if text is not None and _words(text):
                    found.append(f"{path.relative_to(root.parent.parent)}:{arg.lineno}: {text!r}")
    return found


def test_every_shown_literal_goes_through_tr():
    found = untranslated()
    assert not found, "wrap these in tr(\"…\") (then run packaging/translations.py):\n" + "\n".join(found)


def test_the_scan_finds_an_unmarked_label(tmp_path):
    ui = tmp_path / "pkg" / "ui"
    ui.mkdir(parents=True)
    (ui / "w.py").write_text('a = QAction("Open the door", self)\nb = QLabel(tr("Fine"))\n'
                             'c = QLabel(f"<b>{x}</b>")\nd = EditRequest("set_edge", (), f"{t}: size {v}")\n')
    found = untranslated(ui)
    assert [f.split(": ", 1)[1] for f in found] == ["'Open the door'", "': size '"]
