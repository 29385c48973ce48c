"""Fuzz: whatever the settings file and the autosave folder hold, the app starts and trains.

Hypothesis writes garbage into every settings key (Qt's ``@Type(...)`` syntax, lists, huge and
non-finite numbers, binary, broken lines) and fills the autosave folder with junk (random bytes
and JSON, real autosaves, FIFOs, folders, links, stale and unreadable locks, leftovers of killed
saves). Each example then runs the start-up path -- preferences, window, saved layout, recovery
(answered yes or no), the report -- in this process, and trains a few steps; a handful of
examples also start the real app in a subprocess. Bounded: a fixed number of examples (CI runs
them derandomized; ``GRADSIM_FUZZ_EXAMPLES=N`` runs N in-process ones, and N/8 real starts, for a
longer campaign), and a watchdog turns a hang into a failure with a traceback.
"""

from __future__ import annotations

import faulthandler
import json
import os
import string
import tempfile
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings as hsettings
from hypothesis import strategies as st

from gradsim.engine import fileformat
from gradsim.engine.presets import load_preset
from gradsim.engine.trainer import Trainer

from .test_startup import assert_started_and_trained, start_app

KEYS = ["theme", "language", "last_preset", "recent_files", "window/geometry", "window/state"]
QT_SYNTAX = ["@Rect(0 0 10 10)", "@Size(1 2)", "@Point(-5 9)", "@ByteArray()", r"@ByteArray(\x1\xd9\xd0\xcb\0\x3)",
             r"@ByteArray(\0\0\0\xff\0\0\0\0\xfd)", r"@Variant(\0\0\0\x7f\0\0\0\x10QPainterPath)", "@Variant(junk)",
             "@Invalid()", r"@DateTime(\0)", "@Rect(", "true", "false", "99999999999999999999", "-1", "nan", "inf",
             "1e308", '"quoted, comma"', "a, b", "xor, spiral", "", "\\", "\\x", "\\0", "zh_CN", "en", "system", "light",
             "dark", "xor", "deep-relu", "/no/such/file.gradsim"]
VALUES = st.one_of(st.sampled_from(QT_SYNTAX),
                   st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
                           max_size=40))
LINES = st.text(alphabet=string.printable + "äö中文\x00\x7f", max_size=50).map(lambda t: t.replace("\n", " "))


@st.composite
def ini_files(draw) -> bytes:
    """A gradsim.ini: each key garbage or absent, in its section, among broken lines."""
    lines = []
    for section, keys in (("General", KEYS[:4]), ("window", ["geometry", "state"])):
        lines.append(draw(st.sampled_from([f"[{section}]", f"[{section}", "[]", f"[{section}]"])))
        for key in keys:
            if draw(st.booleans()):
                lines.append(f"{key}={draw(VALUES)}")
            if draw(st.integers(0, 4)) == 0:
                lines.append(draw(LINES))
    text = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        text = draw(st.binary(max_size=200))
    return text


_VALID: list[str] = []


def valid_autosave() -> str:
    if not _VALID:
        trainer = Trainer(load_preset("xor"))
        trainer.run(4)
        _VALID.append(fileformat.dumps(trainer.spec, trainer.network.state(), 4, trainer.resume_state()))
    return _VALID[0]


NAMES = st.one_of(
    st.from_regex(r"autosave-[0-9a-z\-]{0,24}\.(gradsim|json|lock)", fullmatch=True),
    st.from_regex(r"autosave-9{15,25}\.(gradsim|json)", fullmatch=True),
    st.from_regex(r"\.autosave-[0-9\-]{1,24}\.gradsim\.[a-z0-9_]{1,8}\.tmp", fullmatch=True),
    st.from_regex(r"[a-z0-9_.\-]{1,20}", fullmatch=True).filter(lambda n: n not in (".", "..")),
)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["path", "name", "time", "pid", "x"]), inner, max_size=4), max_leaves=8)
ENTRIES = st.lists(st.tuples(NAMES, st.sampled_from(["bytes", "json", "valid", "fifo", "folder", "link", "empty",
                                                       "old"]), st.binary(max_size=64), JSON),
                   max_size=8, unique_by=lambda e: e[0])


def fill_autosave_folder(folder: Path, entries) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, kind, data, doc in entries:
        path = folder / name
        if kind == "bytes":
            path.write_bytes(data)
        elif kind == "json":
            path.write_text(json.dumps(doc))
        elif kind == "valid":
            path.write_text(valid_autosave() if name.endswith(".gradsim") else json.dumps(
                {"name": "fuzzed", "time": "then", "path": None}))
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        elif kind == "link":
            path.symlink_to(folder / "no-such-target")
        elif kind == "empty":
            path.write_bytes(b"")
        else:  # "old": junk written long ago (an unreadable lock is junk only when old)
            path.write_bytes(data)
            os.utime(path, (1, 1))


@contextmanager
def environment(config: Path, autosave: Path, watchdog: float = 120.0):
    """Point gradsim at these folders; a hang dumps every thread's stack and fails the run."""
    saved = {k: os.environ.get(k) for k in ("GRADSIM_CONFIG_DIR", "GRADSIM_AUTOSAVE_DIR")}
    os.environ["GRADSIM_CONFIG_DIR"], os.environ["GRADSIM_AUTOSAVE_DIR"] = str(config), str(autosave)
    faulthandler.dump_traceback_later(watchdog, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


EXAMPLES = int(os.environ.get("GRADSIM_FUZZ_EXAMPLES", "15"))
SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]


@hsettings(max_examples=EXAMPLES, deadline=None, suppress_health_check=SLOW_OK)
@given(ini=ini_files(), entries=ENTRIES, recover=st.booleans())
def test_any_settings_and_autosave_folder_start_and_train(qapp, qtbot, monkeypatch, ini, entries, recover):
    from gradsim.ui import document, i18n, settings, theme
    from gradsim.ui.app import apply_preferences, open_window

    monkeypatch.setattr(document, "ask_recover", lambda parent, name, when: recover)
    with tempfile.TemporaryDirectory() as tmp:
        config, autosave = Path(tmp) / "config", Path(tmp) / "autosave"
        config.mkdir()
        (config / "gradsim.ini").write_bytes(ini)
        fill_autosave_folder(autosave, entries)
        with environment(config, autosave):
            window = None
            try:
                apply_preferences(qapp)
                window = open_window()
                assert window.isVisible() and window.session.spec is not None
                window.document.interactive = False
                qtbot.waitUntil(lambda: window.session.last_snapshot is not None, timeout=20000)
                window.menus.speed.setCurrentIndex(window.menus.speed.count() - 1)
                window.session.play()
                start = window.session.last_snapshot.step
                qtbot.waitUntil(lambda: window.session.last_snapshot.step >= start + 3, timeout=20000)
                assert not window.session.last_error
            finally:
                if window is not None:
                    window.close()
                    assert not window.session.controller.running
                    window.deleteLater()
                theme.apply(qapp, "dark")
                i18n.install(qapp, "en")
                settings.take_problems()


@hsettings(max_examples=max(2, EXAMPLES // 8), deadline=None, suppress_health_check=SLOW_OK)
@given(ini=ini_files(), entries=ENTRIES, recover=st.sampled_from(["yes", "no"]))
def test_the_real_app_starts_on_fuzzed_folders(ini, entries, recover):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "config").mkdir()
        (tmp / "config" / "gradsim.ini").write_bytes(ini)
        fill_autosave_folder(tmp / "autosave", entries)
        result = start_app(tmp, recover=recover)
        assert_started_and_trained(result)
