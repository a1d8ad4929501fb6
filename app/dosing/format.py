"""The one formatter for every clinical number shown on screen or printed (ISMP safe-practice rules).

- no trailing zero: ``5 mg/kg``, never ``5.0 mg/kg``;
- always a leading zero: ``0.5 mL``, never ``.5 mL``;
- a space between number and unit, thousands separated: ``1,250 mg``;
- units written ``mg``, ``mg/kg``, ``mL``, ``kg``, ``mg/mL``.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

UNITS = frozenset(
    {
        "mg",
        "mg/kg",
        "mL",
        "kg",
        "cm",
        "mg/mL",
        "mL/min",
        "g/L",
        "10^9/L",
        "µmol/L",
        "U/L",
        "%",
        "vials",
        "min",
        "h",
        "g",
    }
)


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """`value` with thousands separators and no trailing zeros; `places` rounds half up first."""
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number.is_zero():
        return "0"
    text = f"{number.normalize():,f}"
    return text


def format_quantity(value: Decimal | int, unit: str, places: int | None = None) -> str:
    """A number and its unit, e.g. ``format_quantity(Decimal("356.50"), "mg") == "356.5 mg"``."""
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} is not one DoseDesk prints")
    return f"{format_number(value, places)} {unit}"


def format_beside_limit(value: Decimal, limit: Decimal, places: int = 1) -> str:
    """`value` to `places` decimals, as shown beside a `limit` it is judged against: rounded half up, except
    that a value just short of the limit (or just past it) never reads as the limit itself — against a limit
    of 50, 49.95 reads 49.9 (not 50) and 50.04 reads 50.1 (not 50); only 50 itself reads 50.

    Screen and paper both show a computed figure beside its limit this way (a creatinine clearance beside
    "CrCl at least 50 mL/min"), so they always agree, and never contradict the verdict beside them."""
    step = Decimal(1).scaleb(-places)
    shown = value.quantize(step, rounding=ROUND_HALF_UP)
    if shown == limit and value != limit:
        shown = value.quantize(step, rounding=ROUND_FLOOR if value < limit else ROUND_CEILING)
    return format_number(shown)


def format_percent(value: Decimal, places: int = 1) -> str:
    """A signed percentage change, e.g. ``+10.2%`` or ``-3%``."""
    text = format_number(abs(value), places)
    sign = "-" if value < 0 and text != "0" else "+"
    return f"{sign}{text}%"


def plain_decimal(value: Decimal | int) -> str:
    """A number for machines (JSON, CSV): no exponent, no trailing zeros, no separators, e.g. ``"356.5"``.

    Not for people: anything shown or printed goes through `format_number` / `format_quantity`.
    """
    number = Decimal(value)
    if number.is_zero():
        return "0"
    return f"{number.normalize():f}"
