from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.dosing.format import format_number, format_percent, format_quantity


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("5.0"), "mg/kg", "5 mg/kg"),
        (Decimal("0.5"), "mL", "0.5 mL"),
        (Decimal(".5"), "mL", "0.5 mL"),
        (Decimal("1250.00"), "mg", "1,250 mg"),
        (Decimal("100"), "mL", "100 mL"),
        (Decimal("356.50"), "mg", "356.5 mg"),
        (Decimal("0"), "mg", "0 mg"),
        (Decimal("12345.67"), "mg", "12,345.67 mg"),
    ],
)
def test_ismp_quantities(value: Decimal, unit: str, expected: str) -> None:
    assert format_quantity(value, unit) == expected


def test_places_round_half_up() -> None:
    assert format_number(Decimal("17.85"), 1) == "17.9"
    assert format_number(Decimal("2.50"), 1) == "2.5"


def test_unknown_unit_refused() -> None:
    with pytest.raises(ValueError):
        format_quantity(Decimal(1), "mgs")


def test_percent() -> None:
    assert format_percent(Decimal("10.25")) == "+10.3%"
    assert format_percent(Decimal("-3.0")) == "-3%"


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_never_a_trailing_zero_or_bare_point(value: Decimal) -> None:
    text = format_number(value)
    assert not text.startswith(".")
    if "." in text:
        assert not text.endswith("0") and not text.endswith(".")
    assert Decimal(text.replace(",", "")) == value
