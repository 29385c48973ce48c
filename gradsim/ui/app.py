"""Application start-up: QApplication, theme and language from the settings, the main window
(with its saved geometry and dock layout), crash recovery, the event loop -- and the windows that
follow: a window asks for another language (``MainWindow.languageChosen``) and is reopened here in
a new one with the same work (:func:`switch_language`).

``gradsim [FILE] [--preset NAME]`` opens a ``.gradsim`` file or a preset; ``gradsim --selftest
[--screenshot FILE]`` runs :mod:`gradsim.ui.selftest` (a smoke test for source and frozen builds).
"""

from __future__ import annotations

import argparse
import sys

from gradsim.engine.presets import preset_names


def apply_theme(app, mode: str = "dark") -> str:
    """Fusion with the light or dark palette (see :mod:`gradsim.ui.theme`)."""
    from .theme import apply

    return apply(app, mode)


def _single_threaded_blas() -> None:
    """One BLAS thread: the matrices are small, and OpenBLAS's extra threads spin on the core the
    GUI needs (measured: a 20 × 64 net trained 2.4× faster beside the window with one thread).
    numpy is already loaded when the app starts, so the environment variable would come too late;
    threadpoolctl changes it at run time when it is installed."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    try:
        threadpool_limits(1, user_api="blas")
    except Exception:  # pragma: no cover - an unusual BLAS; training works either way
        pass


def _parse(argv: list[str]) -> argparse.Namespace:
    from gradsim import __version__
    from gradsim.cli import COMMANDS

    width = max(map(len, COMMANDS)) + 2
    commands = "\n".join(f"  gradsim {name:<{width}}{text}" for name, text in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="gradsim", description="See vanishing and exploding gradients. Without a command: the desktop app.",
        epilog=f"headless commands (`gradsim COMMAND --help` lists their options):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", help="a .gradsim file to open")
    parser.add_argument("--preset", choices=preset_names(), default=None, metavar="NAME",
                        help="experiment to open, one of `gradsim presets` (default: the last one used, at first "
                             "the seed's 2-2-2 network)")
    parser.add_argument("--selftest", action="store_true",
                        help="check the icon and the Chinese catalogue load, start the app on deep-sigmoid, train "
                             "200+ steps, check the views changed, close; prints one line, exit status 0 when "
                             "everything worked")
    parser.add_argument("--screenshot", metavar="FILE", help="with --selftest: save a screenshot of the window")
    parser.add_argument("--version", action="version", version=f"gradsim {__version__}")
    args = parser.parse_args(argv)
    if args.screenshot and not args.selftest:
        parser.error("--screenshot needs --selftest")
    return args


def run_app(argv: list[str]) -> int:
    args = _parse(list(argv))
    tmp = None
    if args.selftest:
        from .selftest import isolate_user_files

        tmp = isolate_user_files()  # no dialogs, no traces in the user's settings or autosaves
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    import pyqtgraph as pg

    from gradsim import APP_ID
    from gradsim.paths import ICON, resource

    from . import palette, settings, theme

    _single_threaded_blas()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "gradsim"])
    app.setApplicationName("gradsim")
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to the menu entry by this
    icon = resource(*ICON)
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    apply_preferences(app)
    pg.setConfigOptions(antialias=False, foreground=palette.FOREGROUND, background=palette.BACKGROUND)
    try:  # follow the desktop when it switches between light and dark (unless overridden)
        app.styleHints().colorSchemeChanged.connect(
            lambda _s: theme.apply(app, "system") if settings.get("theme", "system") == "system" else None)
    except AttributeError:  # Qt < 6.5
        pass

    window = open_window(args.preset, args.file, restore=not args.selftest)
    if args.selftest:
        from .selftest import run

        try:
            ok, line = run(app, window.session, canvas=window.canvas, plots=window.plots, speed=window.menus.speed,
                           document=window.document, window=window, screenshot=args.screenshot)
        except Exception as exc:  # noqa: BLE001 - any failure is the test's answer
            import traceback

            traceback.print_exc()
            ok, line = False, f"{type(exc).__name__}: {exc}"
        if window.isVisible():
            window.close()
        print(line if ok else f"selftest: FAILED: {line}", flush=True)
        if tmp is not None:
            tmp.cleanup()
        return 0 if ok else 1
    return app.exec()


def apply_preferences(app) -> None:
    """Theme and language from the settings (an unusable value is ignored, and reported once the
    window is open)."""
    from . import i18n, settings, theme

    theme.apply(app, settings.get("theme", "system"))
    i18n.install(app, settings.get("language", "system"))


def open_window(preset: str | None = None, file: str | None = None, restore: bool = True):
    """The main window as a start opens it, shown: on ``preset`` (default: the last one used), with
    the saved geometry and layout fitted to the screen, an orphaned autosave offered back, then
    ``file`` opened, and unusable settings reported. ``restore=False`` (``--selftest``): on
    deep-sigmoid, nothing of the user's read or offered."""
    from . import settings
    from .main_window import MainWindow

    if not restore:
        window = _keep(MainWindow("deep-sigmoid"))
        window.show()
        return window
    window = _keep(MainWindow(preset or settings.get("last_preset", None) or preset_names()[0]))
    settings.restore_window(window)
    window.show()
    settings.fit_to_screen(window)  # again, now that the window frame's size is known
    from .document import check_recovery

    recovered = check_recovery(window.document)  # after a crash or kill: offer the autosave back
    if file and not recovered:
        window.document.open(file, ask=False)
    settings.report(window.session.show_message)  # unusable settings were ignored: say so once
    return window


_windows: list = []  # the windows this module opened (kept alive here)


def _keep(window):
    """Keep ``window`` alive and reopen it in another language when it asks for one."""
    import shiboken6

    _windows[:] = [w for w in _windows if shiboken6.isValid(w) and w.isVisible()] + [window]
    window.languageChosen.connect(lambda code, w=window: switch_language(w, code))
    return window


def switch_language(window, code: str):
    """Switch to language ``code`` (remembered in the settings) and reopen ``window`` in it, with the
    same network, trained state, file, layout and unsaved mark (the undo history starts afresh).
    Returns the window now showing (``window`` itself when nothing changed)."""
    from PySide6.QtWidgets import QApplication

    from . import i18n, settings
    from .i18n import tr
    from .main_window import MainWindow

    settings.put("language", code)
    if i18n.resolve(code) == i18n.current:
        window.session.show_message(tr("Language: {}").format(i18n.LANGUAGES[i18n.current]))
        settings.report(window.session.show_message)  # the choice could not be stored
        return window
    i18n.install(QApplication.instance(), code)
    doc, session = window.document, window.session
    params, step, resume = doc.current_state()
    spec = session.spec.copy()
    spec.parameters, spec.saved_step, spec.resume = params, step, resume
    modified, path, preset = doc.is_modified(), doc.path, session.preset
    new = _keep(MainWindow(preset or "seed-2-2-2"))
    new.restoreGeometry(window.saveGeometry())
    new.restoreState(window.saveState())
    new.document.interactive = doc.interactive
    new.document.load_spec(spec, path, modified=modified)
    if modified and doc.autosave_path.exists():
        new.document.take_autosave(doc.autosave_path)  # unsaved work keeps an autosave throughout
    new.session.preset = preset
    new.show()
    doc.interactive = False  # nothing is lost: the new window has it all
    window.close()
    new.session.show_message(tr("Language: {}").format(i18n.LANGUAGES[i18n.current]))
    settings.report(new.session.show_message)  # the choice could not be stored
    return new
