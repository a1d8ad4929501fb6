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


def _when_supported(key: str, make: ScreenFactory) -> ScreenFactory:
    fallback = _not_yet(key)

    def build(context: AppContext) -> Screen:
        return make(context) if context.backend.supports(key) else fallback(context)

    return build


def _patients(context: AppContext) -> Screen:
    from app.ui.screens.patients import PatientsScreen  # imported when first shown, not at start-up

    return PatientsScreen(context)


def _protocol(context: AppContext) -> Screen:
    from app.ui.screens.protocol import ProtocolScreen

    return ProtocolScreen(context)


def _today(context: AppContext) -> Screen:
    from app.ui.screens.today import TodayScreen

    return TodayScreen(context)


def _orders(context: AppContext) -> Screen:
    from app.ui.screens.orders import OrdersScreen

    return OrdersScreen(context)


def _stock(context: AppContext) -> Screen:
    from app.ui.screens.stock import StockScreen

    return StockScreen(context)


def _admin(context: AppContext) -> Screen:
    from app.ui.screens.admin import AdminScreen

    return AdminScreen(context)


def _exposure(context: AppContext) -> Screen:
    from app.ui.screens.exposure import ExposureScreen

    return ExposureScreen(context)


def default_factories() -> dict[str, ScreenFactory]:
    factories = {key: _not_yet(key) for key in ("today", "patients", "orders", "stock", "protocol", "admin")}
    factories["patients"] = _when_supported("patients", _patients)
    factories["protocol"] = _protocol
    factories["admin"] = _admin
    factories["today"] = _when_supported("today", _today)
    factories["orders"] = _when_supported("orders", _orders)
    factories["stock"] = _when_supported("stock", _stock)
    factories["exposure"] = _when_supported("exposure", _exposure)
    return factories
