"""Typed, defensive settings: every value read has the key's type or is the default, and what was
ignored is recorded once; the window fits its screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings

from gradsim.ui import settings


def write(values: dict) -> None:
    s = settings.settings()
    for key, value in values.items():
        s.setValue(key, value)
    s.sync()


@pytest.mark.parametrize("key, bad", [
    ("language", ["a", "b"]), ("language", "klingon"), ("theme", QRect(0, 0, 10, 10)), ("theme", 3),
    ("last_preset", ["xor", "spiral"]), ("last_preset", "no-such-preset"),
])
def test_a_choice_is_one_of_its_values_or_the_default(qapp, key, bad):
    write({key: bad})
    assert settings.get(key, "fallback") == "fallback"
    problems = settings.take_problems()
    assert [(p.kind, p.key) for p in problems] == [("value", key)]
    assert settings.get(key, "fallback") == "fallback" and settings.take_problems() == []  # once


def test_good_values_come_back_typed(qapp):
    write({"theme": "light", "language": "zh_CN", "last_preset": "deep-relu", "flag": True, "count": 7,
           "ratio": 0.5, "name": "x"})
    assert settings.get("theme", "system") == "light" and settings.get("language") == "zh_CN"
    assert settings.get("last_preset") == "deep-relu"
    assert settings.get("flag", False) is True and settings.get("count", 0) == 7 and settings.get("ratio", 1.0) == 0.5
    assert settings.get("name", "") == "x" and settings.get("missing", "d") == "d"
    assert settings.take_problems() == []


@pytest.mark.parametrize("default, bad", [
    (False, "maybe"), (False, ["true"]), (0, "many"), (0, str(2**40)), (0, "1.5"), (1.0, "nan"), (1.0, "inf"),
    ("", ["a", "b"]), (None, QRect(1, 2, 3, 4)),
])
def test_other_keys_take_the_type_of_their_default(qapp, default, bad):
    write({"other": bad})
    assert settings.get("other", default) == default
    assert [p.key for p in settings.take_problems()] == ["other"]


def test_recent_files_keep_the_strings_only(qapp):
    write({"recent_files": ["/a.gradsim", "", "/b.gradsim"]})
    assert settings.recent_files() == ["/a.gradsim", "/b.gradsim"] and settings.take_problems() == []
    write({"recent_files": QRect(0, 0, 1, 1)})
    assert settings.recent_files() == []
    assert [p.key for p in settings.take_problems()] == ["recent_files"]
    settings.add_recent("/c.gradsim")  # and the list works again
    assert settings.recent_files() == ["/c.gradsim"]


def test_an_unusable_folder_is_recorded_once_and_values_live_for_the_session(qapp, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("GRADSIM_CONFIG_DIR", str(blocker))
    assert settings.get("theme", "system") == "system"
    settings.put("theme", "light")
    problems = settings.take_problems()
    assert problems and problems[0].kind == "folder" and problems[0].where == str(blocker)
    assert [p.kind for p in problems].count("folder") == 1
    settings.get("theme", "system")
    assert all(p.kind != "folder" for p in settings.take_problems())  # reported once


def test_report_shows_the_problems_once_in_the_status_bar(make_window):
    w = make_window("xor")
    write({"language": ["a", "b"]})
    settings.get("language", "system")
    assert settings.report(w.session.show_message)
    assert w.session.status_message == "Settings: ignored language"
    assert w.status.message_label.toolTip() == "ignored language = a, b"
    assert not settings.report(w.session.show_message)


def test_restore_window_ignores_data_of_the_wrong_type(make_window):
    w = make_window("xor", size=(900, 600))
    write({"window/geometry": "garbage", "window/state": QRect(0, 0, 10, 10)})
    assert not settings.restore_window(w)
    assert sorted(p.key for p in settings.take_problems()) == ["window/geometry", "window/state"]
    write({"window/geometry": QByteArray(b"\x01\xd9\xd0\xcb" + b"\xff" * 40), "window/state": QByteArray(b"\x00\x00\x00\xffjunk")})
    assert not settings.restore_window(w)  # Qt's header but nothing usable: declined by Qt, not reported
    assert settings.take_problems() == []


def test_a_saved_layout_comes_back(make_window):
    w = make_window("xor", size=(1000, 700))
    w.docks.dock("plots").hide()
    settings.save_window(w)
    w2 = make_window("xor")
    assert settings.restore_window(w2) and w2.docks.dock("plots").isHidden()


def test_fit_to_screen_shrinks_and_moves_the_frame_inside(make_window):
    w = make_window("seed-2-2-2", size=(1280, 800))
    w.move(300, 200)
    area = QRect(0, 0, 1024, 640)
    settings.fit_to_screen(w, area)
    frame = w.frameGeometry()
    assert area.contains(frame), frame
    assert frame.width() >= 1000 and frame.height() >= 620  # the whole screen, not a sliver
    small = QRect(0, 0, 1024, 640).adjusted(0, 0, 0, 0)
    w.resize(400 if w.minimumWidth() <= 400 else w.minimumWidth(), 560)
    w.move(900, 500)
    settings.fit_to_screen(w, small)
    assert small.contains(w.frameGeometry())


def test_the_settings_file_is_an_ini_file_in_the_config_folder(qapp, tmp_path):
    s = settings.settings()
    assert s.format() == QSettings.Format.IniFormat and s.fileName() == str(tmp_path / "config" / "gradsim.ini")
