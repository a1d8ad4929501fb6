"""Which language the window speaks: a setting, else the system locale; English is the source language.

DoseDesk's own strings come from `resources/translations/dosedesk_<lang>.qm`; Qt's standard buttons and
dialogs from Qt's shipped `qtbase`/`qt` catalogues.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import resources_dir

SUPPORTED = ("en", "zh_CN")
_current = "en"


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
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    global _current
    _current = "en"
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())
