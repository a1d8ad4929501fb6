"""Which language the window speaks: the signed-in user's, else the workstation's setting, else the system
locale; English is the source language.

DoseDesk's own strings come from `resources/translations/dosedesk_<lang>.qm`; Qt's standard buttons and
dialogs from Qt's shipped `qtbase`/`qt` catalogues. `switch_language` changes the language of a running
application (the translators of the old language out, the new one's in); the main window then builds its
screens again in it (`MainWindow.apply_language`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import resources_dir

SUPPORTED = ("en", "zh_CN")
_current = "en"
_installed: list[QTranslator] = []  # the translators of the language in use, installed by `switch_language`


def ui_language(stored: str | None) -> str | None:
    """A user's stored language ("en", "zh") as the window's code ("en", "zh_CN"); None when not chosen."""
    if stored == "zh":
        return "zh_CN"
    if stored == "en":
        return "en"
    return None


def language_for(user_language: str | None, workstation: str, system: QLocale | None = None) -> str:
    """The window's language for a user: their own ("en", "zh" as stored), else the workstation's setting, else
    the system locale."""
    return ui_language(user_language) or choose_language(workstation, system)


def stored_language(code: str) -> str | None:
    """The window's code ("en", "zh_CN", "" for the workstation's) as a user's stored language."""
    if code.startswith("zh"):
        return "zh"
    return "en" if code == "en" else None


def current_language() -> str:
    """The language the window speaks now ("en" or "zh_CN")."""
    return _current


def translations_dir() -> str:
    return str(resources_dir() / "translations")


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """ "en" or "zh_CN": the setting when it names one, else the system locale (any Chinese → zh_CN)."""
    if setting in SUPPORTED:
        return setting
    locale = system if system is not None else QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    return "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the translators for `language` on `app`; returns them (keep them alive). The language is also
    the widgets' locale, so calendars name their months and weekdays in it."""
    global _current
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    _current = language
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if ours.load(f"dosedesk_{language}", translations_dir()):
        app.installTranslator(ours)
        installed.append(ours)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in ("qtbase", "qt"):
        qt = QTranslator(app)
        if qt.load(f"{catalogue}_{language}", qt_dir):
            app.installTranslator(qt)
            installed.append(qt)
            break
    _installed.extend(installed)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    global _current
    _current = "en"
    for translator in translators:
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)
    QLocale.setDefault(QLocale.system())


def switch_language(app: QCoreApplication, language: str) -> bool:
    """Make `language` ("en" or "zh_CN") the window's language now: the translators of the language in use
    are removed, the new one's installed (Qt then sends every widget a LanguageChange event). Returns True
    when the language changed."""
    if language not in SUPPORTED:
        raise ValueError(f"unknown language {language!r}")
    if language == _current:
        return False
    remove_translators(app, list(_installed))
    install_translators(app, language)
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English))
    return True
