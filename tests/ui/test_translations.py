"""The Chinese catalogue is complete, consistent and compiled; the app switches language.

If this fails after you added or changed a user-visible string: run
``python packaging/translations.py``, translate the strings it marks unfinished in
``resources/translations/gradsim_zh_CN.ts``, run it again and commit the .ts and .qm."""

import importlib.util
import shutil
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from gradsim.ui import about, app, i18n, settings

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("translations", ROOT / "packaging" / "translations.py")
translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(translations)

HOW = "run `python packaging/translations.py`, translate them in resources/translations/gradsim_zh_CN.ts, run it again"


def messages(ts: Path):
    for c in ET.parse(ts).getroot().findall("context"):
        ctx = c.find("name").text or ""
        for m in c.findall("message"):
            t = m.find("translation")
            yield ctx, m.find("source").text or "", t.text or "", t.get("type")


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory):
    """The committed catalogue updated with every string the UI code marks for translation now."""
    ts = tmp_path_factory.mktemp("ts") / "gradsim_zh_CN.ts"
    shutil.copy(translations.TS, ts)
    translations.lupdate(ts)
    return ts


def test_every_ui_string_has_a_finished_chinese_translation(fresh_ts):
    todo = [(ctx, src) for ctx, src, zh, kind in messages(fresh_ts) if kind in ("unfinished", "vanished", "obsolete")
            or not zh.strip()]
    assert not todo, f"{len(todo)} UI strings have no finished Chinese translation ({HOW}):\n" + \
        "\n".join(f"  [{ctx or '-'}] {src!r}" for ctx, src in todo)
    assert sum(1 for _ in messages(fresh_ts)) >= 300


def _fields(text):
    auto, named = 0, []
    for _lit, name, _spec, _conv in string.Formatter().parse(text):
        if name is None:
            continue
        if name == "" or name.isdigit():
            auto += 1
        else:
            named.append(name)
    return auto, sorted(named)


def test_translations_keep_placeholders_and_accelerators():
    bad = []
    for ctx, src, zh, _kind in messages(translations.TS):
        try:
            if _fields(src) != _fields(zh):
                bad.append((ctx, src, zh))
        except ValueError:  # not a format string (literal braces): must match exactly
            if src.count("{") != zh.count("{"):
                bad.append((ctx, src, zh))
        if "&" in src.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace("&nbsp;", "") \
                and "&" not in zh:
            bad.append((ctx, src, zh))
    assert not bad, "translations whose {placeholders} or &accelerator differ:\n" + "\n".join(map(repr, bad))


def test_compiled_catalogue_is_up_to_date(tmp_path):
    qm = tmp_path / "check.qm"
    translations.lrelease(translations.TS, qm)
    assert qm.read_bytes() == translations.QM.read_bytes(), f"gradsim_zh_CN.qm is stale: {HOW}"


def test_system_locale_chooses_the_language(monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert i18n.resolve("system") == "zh_CN"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.resolve("system") == "en" and i18n.resolve("zh_CN") == "zh_CN" and i18n.resolve("bogus") == "en"


def test_language_switch_shows_chinese_ui(make_window, qtbot):
    app = QApplication.instance()
    w = make_window()
    w.document.interactive = False
    w.menus.language_actions["zh_CN"].trigger()
    assert settings.get("language") == "zh_CN" and w.menus.language_actions["zh_CN"].isChecked()
    try:
        assert i18n.install(app, settings.get("language")) == "zh_CN"
        zh = make_window()
        menus = [a.text() for a in zh.menuBar().actions()]
        assert menus[:5] == ["文件(&F)", "编辑(&E)", "运行(&R)", "预设(&P)", "视图(&V)"], menus
        assert "帮助(&H)" in menus
        assert zh.menus.play.text() == "播放" and zh.document.save_action.text() == "保存(&S)"
        assert zh.docks.dock("controls").windowTitle() == "控制"
        assert "就绪" in zh.session.diagnosis.text
        assert "未命名" in zh.windowTitle()
        rows = dict(about.shortcut_rows(zh))
        assert "键盘快捷键" in rows
    finally:
        i18n.install(app, "en")
    en = make_window()
    assert en.menuBar().actions()[0].text() == "&File" and en.menus.play.text() == "Play"


def test_every_preset_summary_is_marked_for_translation():
    from gradsim.engine.presets import ALL_PRESETS
    from gradsim.ui.preset_text import SUMMARIES

    assert {n: p.summary for n, p in ALL_PRESETS.items()} == SUMMARIES, \
        "a preset's summary changed or a preset was added: update gradsim/ui/preset_text.py, then " + HOW


def test_switching_language_reopens_the_window_with_the_work(make_window, qtbot, tmp_path):
    w = make_window("deep-relu")
    w.session.controller.step(6)
    qtbot.waitUntil(lambda: w.session.last_snapshot is not None and w.session.last_snapshot.step == 6, timeout=5000)
    weights = [a.copy() for a in w.session.last_snapshot.weights]
    assert w.document.interactive  # dialogs are patched by conftest; nothing here asks anyway
    zh = app.switch_language(w, "zh_CN")
    try:
        qtbot.addWidget(zh)
        assert zh is not w and not w.isVisible() and not w.session.controller.running
        assert zh.menuBar().actions()[0].text() == "文件(&F)"
        assert zh.menus.language_actions["zh_CN"].isChecked()
        qtbot.waitUntil(lambda: zh.session.last_snapshot is not None and zh.session.last_snapshot.step == 6, timeout=5000)
        for a, b in zip(zh.session.last_snapshot.weights, weights):
            assert (a == b).all()
        assert zh.session.spec.name == "deep-relu" and zh.isWindowModified()
        en = app.switch_language(zh, "en")
        qtbot.addWidget(en)
        assert en.menuBar().actions()[0].text() == "&File" and not zh.isVisible()
        en.document.interactive = False
        en.close()
    finally:
        i18n.install(QApplication.instance(), "en")
