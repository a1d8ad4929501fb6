"""The window's own settings (language, idle lock), kept in an INI file in the user's data folder.

Clinical settings live in the database and the protocol file; these are only how this workstation's window
behaves. `DOSEDESK_DATA_DIR` moves the data folder (portable installs, tests).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

APP_NAME = "DoseDesk"
DEFAULT_IDLE_LOCK_MINUTES = 5
LANGUAGES = ("", "en", "zh_CN")  # "" follows the system locale


def data_dir() -> Path:
    """The user's DoseDesk data folder (platformdirs), or `DOSEDESK_DATA_DIR` when set."""
    override = os.environ.get("DOSEDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class UiSettings:
    """Typed access to the window's settings file."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else data_dir() / "window.ini"
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    @property
    def language(self) -> str:
        value = str(self._qs.value("ui/language", "") or "")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self._qs.setValue("ui/language", value)
        self._qs.sync()

    @property
    def idle_lock_minutes(self) -> int:
        raw = self._qs.value("security/idle_lock_minutes", DEFAULT_IDLE_LOCK_MINUTES)
        try:
            minutes = int(str(raw))
        except ValueError:
            return DEFAULT_IDLE_LOCK_MINUTES
        return minutes if 1 <= minutes <= 120 else DEFAULT_IDLE_LOCK_MINUTES

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, minutes: int) -> None:
        if not 1 <= minutes <= 120:
            raise ValueError("the idle lock must be between 1 and 120 minutes")
        self._qs.setValue("security/idle_lock_minutes", minutes)
        self._qs.sync()

    @property
    def last_user(self) -> str:
        return str(self._qs.value("session/last_user", "") or "")

    @last_user.setter
    def last_user(self, name: str) -> None:
        self._qs.setValue("session/last_user", name)
        self._qs.sync()

    # The start-of-day upkeep (calendars brought up to today) is needed once a day per database: the day it
    # was last done here, keyed by the database's description (hashed: a URL is no INI key).
    @staticmethod
    def _upkeep_key(database: str) -> str:
        return "upkeep/" + hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]

    def upkeep_day(self, database: str) -> str:
        return str(self._qs.value(self._upkeep_key(database), "") or "")

    def set_upkeep_day(self, database: str, day: str) -> None:
        """Record the day of the last upkeep ("" forgets it: the database was replaced)."""
        if day:
            self._qs.setValue(self._upkeep_key(database), day)
        else:
            self._qs.remove(self._upkeep_key(database))
        self._qs.sync()
