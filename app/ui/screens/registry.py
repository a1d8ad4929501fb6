"""Which screen class serves each part of the main window."""

from __future__ import annotations

from collections.abc import Callable

from app.ui.context import AppContext
from app.ui.screens.base import NotYetScreen, Screen

ScreenFactory = Callable[[AppContext], Screen]


def _not_yet(key: str) -> ScreenFactory:
    def make(context: AppContext) -> Screen:
        from app.ui.main_window import screen_title

        return NotYetScreen(context, key, screen_title(key))

    return make


def default_factories() -> dict[str, ScreenFactory]:
    return {key: _not_yet(key) for key in ("today", "patients", "orders", "stock", "protocol", "admin")}
