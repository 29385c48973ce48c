"""User-interface language: English (the source strings) or Simplified Chinese.

UI code wraps every user-visible string in ``tr()`` (``QObject.tr`` or
``QCoreApplication.translate(context, text)``). ``pyside6-lupdate`` collects them into
``resources/translations/gradsim_zh_CN.ts``; ``pyside6-lrelease`` compiles that to the ``.qm`` file
loaded here (``python packaging/translations.py`` does both; ``tests/ui/test_translations.py`` fails,
listing the strings, when a string has no finished Chinese translation or the ``.qm`` is stale).

``system`` (the default) picks Chinese when the system locale is Chinese, otherwise English;
View → Language overrides it (persisted; the window is reopened in the new language, see
:func:`gradsim.ui.app.switch_language`). Qt's own
strings (dialog buttons) come from Qt's ``qtbase_zh_CN.qm`` when the Qt installation has it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gradsim.paths import resource

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_installed: list[QTranslator] = []
current = "en"


def system_language() -> str:
    return "zh_CN" if QLocale.system().name().lower().startswith("zh") else "en"


def resolve(pref: str | None) -> str:
    return system_language() if pref in (None, "", "system") or pref not in LANGUAGES else pref


def catalogue(lang: str = "zh_CN"):
    return resource("translations", f"gradsim_{lang}.qm")


def install(app, pref: str | None = "system") -> str:
    """Install the translators for ``pref``; returns the language used ('en' or 'zh_CN')."""
    global current
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    lang = resolve(pref)
    if lang != "en":
        ours = QTranslator(app)
        if ours.load(str(catalogue(lang))):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            lang = "en"
        qt = QTranslator(app)
        if lang != "en" and qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    current = lang
    return lang


def tr(text: str) -> str:
    """Translate ``text``. pyside6-lupdate files bare ``tr("…")`` calls under the empty context, so
    that is the context looked up here (``self.tr`` in a class uses the class name instead)."""
    return QCoreApplication.translate("", text)
