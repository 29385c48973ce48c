"""Every preset and remedy has a note; the dialog navigates between them."""

from gradsim.engine.compare import ALL_REMEDIES as REMEDIES
from gradsim.engine.presets import PRESETS
from gradsim.ui.teach.notes import REMEDY_NOTES, NotesDialog, topic_html, topics


def test_all_notes_present():
    keys = [k for _, k, _ in topics()]
    for name in PRESETS:
        assert f"preset:{name}" in keys
        assert PRESETS[name].notes[:30].replace("'", "&#x27;") in topic_html(f"preset:{name}")
    for name in REMEDIES:
        assert f"remedy:{name}" in keys
        html = topic_html(f"remedy:{name}")
        assert "What to look for" in html and "Why it works" in html
    assert set(REMEDY_NOTES) == set(REMEDIES)


def test_dialog(qtbot):
    d = NotesDialog(None, "remedy:residual")
    qtbot.addWidget(d)
    assert d.current_key == "remedy:residual" and "+ 1" in d.browser.toPlainText()
    d.show_topic("preset:deep-relu")
    assert "deep-relu" in d.browser.toPlainText()
    from PySide6.QtCore import QUrl
    d.browser.anchorClicked.emit(QUrl("remedy:relu"))  # the "More:" link
    assert d.current_key == "remedy:relu"


def test_the_verdict_note_states_the_engines_thresholds(qtbot):
    from gradsim.engine import diagnosis

    html = topic_html("topic:verdict")
    assert "{" not in html and "hidden flow" in html
    assert f"is {diagnosis.VANISHING_FLOW:g} or less" in html and f"is {diagnosis.EXPLODING_FLOW:g} or more" in html
    assert f"at most {diagnosis.CONVERGED_FRACTION:.0%}" in html and f"last {diagnosis.WINDOW_ROWS} recorded" in html
    for level in ("non-finite", "exploding", "converged", "dead", "vanishing", "saturated", "healthy"):
        assert f"<b>{level}</b>" in html
    assert "topic:verdict" in [k for _, k, _ in topics()]
