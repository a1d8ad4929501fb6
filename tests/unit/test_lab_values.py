"""How a laboratory's numbers and reference ranges are read (app.services._lab_values), and the lower limit of
normal of 0 that real laboratories print (total bilirubin 0–21 µmol/L)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InputError
from app.services._lab_values import AmbiguousNumber, NotANumber, lab_number, range_and_unit, reference_range
from app.toxicity import LabResult, grade_result
from app.toxicity.lab_grading import grade_lab

D = Decimal


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2.4", D("2.4")),
        (" 210 ", D("210")),
        ("1,234.5", D("1234.5")),  # both separators: the last is the decimal point
        ("1.234,5", D("1234.5")),
        ("0,8", D("0.8")),  # a decimal comma: a thousands group has three digits
        ("12,50", D("12.50")),
        ("0,800", D("0.800")),  # "0," starts no thousands group
        ("1234,567", D("1234.567")),
        ("1,234,567", D("1234567")),
        ("1.234.567", D("1234567")),
    ],
)
def test_a_number_is_read_where_it_reads_one_way(text: str, number: Decimal) -> None:
    assert lab_number(text) == number


def test_a_number_that_reads_two_ways_is_refused() -> None:
    with pytest.raises(AmbiguousNumber, match="reads two ways"):
        lab_number("1,234")


@pytest.mark.parametrize("text", [">1000", "<0.5", "≥60", "see note", "溶血", "", "1,2,3", "12a", "1e5"])
def test_what_is_not_a_number_is_said_so(text: str) -> None:
    with pytest.raises(NotANumber):
        lab_number(text)


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("3.5-5.0", (D("3.5"), D("5.0"))),
        ("0–21", (D("0"), D("21"))),
        ("(1.8~6.3)", (D("1.8"), D("6.3"))),
        ("0,5-1,2", (D("0.5"), D("1.2"))),
        ("<40", (None, D("40"))),
        ("≤40", (None, D("40"))),
        (">60", (D("60"), None)),
        ("", (None, None)),
    ],
)
def test_reference_ranges_as_laboratories_write_them(text: str, limits: tuple[Decimal | None, ...]) -> None:
    assert reference_range(text) == limits


@pytest.mark.parametrize("text", ["5-3", "normal", "3.5 5.0"])
def test_a_range_that_is_none_or_upside_down_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        reference_range(text)


def test_a_range_with_its_unit() -> None:
    assert range_and_unit("0-21 µmol/L") == (D("0"), D("21"), "µmol/L")
    assert range_and_unit("<40 U/L") == (None, D("40"), "U/L")
    with pytest.raises(InputError, match="with its unit"):
        range_and_unit("0-21")


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_a_plain_number_reads_back_as_itself(number: Decimal) -> None:
    assert lab_number(format(number, "f")) == number


# --- a lower limit of 0 (the lab form refused a bilirubin LLN of 0 before) -----------------------------------


def test_a_lower_limit_of_normal_of_0_is_a_real_range() -> None:
    result = LabResult("bilirubin", D("11"), "µmol/L", date(2026, 3, 2), lln=D("0"), uln=D("21"))
    assert grade_result(result).grade == 0
    assert grade_lab("bilirubin", D("25"), "umol/L", lln=D("0"), uln=D("21")).grade == 1


def test_an_upper_limit_of_normal_of_0_is_still_refused() -> None:
    with pytest.raises(InputError, match="cannot be 0"):
        LabResult("bilirubin", D("11"), "µmol/L", date(2026, 3, 2), lln=D("0"), uln=D("0"))
