"""Plausibility limits on what a person types (app/inputs.py): one place, used by the command line, the services
and the core's own input checks. Each refusal is an InputError in plain words; nothing else ever escapes."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app import inputs
from app.dosing import compute_dose, format_number
from app.errors import InputError
from app.protocol import load_protocol
from app.text import Message
from app.toxicity import propose_action
from app.toxicity.lab_grading import grade_lab

D = Decimal
NCT = load_protocol("nct07343453")


@pytest.mark.parametrize(
    "typed",
    ["1e999999999", "-1e999999999", "1e-999999999", "9" * 5000, "NaN", "Infinity", "-inf", "1_000", "5,0"],
)
def test_a_number_out_of_all_reason_is_refused_in_words(typed: str) -> None:
    with pytest.raises(InputError) as refused:
        inputs.plausible_decimal(typed, "The weight (--weight-kg)")
    said = str(refused.value)
    assert said.startswith("The weight (--weight-kg) ") and "\n" not in said
    assert len(said) < 200  # a 5,000-digit number is not echoed whole


def test_plausible_numbers_pass_exactly() -> None:
    assert inputs.plausible_decimal(" 71.3 ", "The weight") == D("71.3")
    assert inputs.plausible_decimal("0.5", "x") == D("0.5")
    assert inputs.plausible_decimal("70.000000000000000000", "x") == D(
        "70"
    )  # trailing zeros are not precision
    assert inputs.plausible_decimal(D("1000000000"), "x") == D(10) ** 9
    assert inputs.plausible_decimal(5, "x") == 5
    with pytest.raises(InputError, match="more than 0"):
        inputs.plausible_decimal("0", "The strength", positive=True)
    with pytest.raises(InputError, match="between 1 and 10"):
        inputs.plausible_decimal("11", "x", minimum=1, maximum=10)
    with pytest.raises(TypeError):
        inputs.plausible_decimal(71.3, "x")  # a float is a programming error, never a quantity


@pytest.mark.parametrize(
    "typed", ["2147483648", "99999999999999999999", "0", "-1", "1.5", "٣", "", True, 10**30]
)
def test_counts_have_a_sane_maximum(typed: object) -> None:
    with pytest.raises(InputError) as refused:
        inputs.count(typed, "The vials")
    assert str(refused.value).startswith("The vials must be a whole number")


def test_counts_within_limits() -> None:
    assert inputs.count("20", "The vials") == 20
    assert inputs.count(inputs.MAX_COUNT, "The vials") == inputs.MAX_COUNT
    assert inputs.count("0", "x", minimum=0) == 0


@pytest.mark.parametrize(
    ("given", "ok"),
    [
        ("1900-01-01", True),
        ("2200-12-31", True),
        (date(2026, 3, 2), True),
        ("1899-12-31", False),
        ("2201-01-01", False),
        ("9999-12-31", False),
        ("0001-01-01", False),
        (date(9999, 12, 31), False),
        ("2026-02-30", False),
        ("20260302" * 100, False),
        (20260302, False),
    ],
)
def test_dates_lie_between_1900_and_2200(given: object, ok: bool) -> None:
    if ok:
        assert 1900 <= inputs.calendar_date(given, "The expiry").year <= 2200
    else:
        with pytest.raises(InputError, match=r"^The expiry must be a date"):
            inputs.calendar_date(given, "The expiry")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("LOT\u202e1A", "direction mark (U+202E)"),
        ("LOT\u2066A", "direction mark (U+2066)"),
        ("A\u202aB", "direction mark (U+202A)"),
        ("LOT\x00A", "control character (U+0000)"),
        ("LOT\x1b[31mA", "control character (U+001B)"),
        ("LOT\u200bA", "invisible character (U+200B)"),
        ("LOT\ufeffA", "invisible character (U+FEFF)"),
        ("LOT\udcffA", "control character (U+DCFF)"),  # bytes that were not text
        ("LOT\tA", "control character (U+0009)"),
    ],
)
def test_identifiers_hold_no_control_invisible_or_direction_characters(text: str, words: str) -> None:
    with pytest.raises(InputError) as refused:
        inputs.identifier(text, "The lot number")
    assert words in str(refused.value)


def test_identifiers_and_texts_within_limits() -> None:
    assert inputs.identifier("  24A117 ", "The lot number") == "24A117"
    assert inputs.identifier("受试者-01", "x") == "受试者-01"
    with pytest.raises(InputError, match=r"too long \(at most 64 characters\)"):
        inputs.identifier("A" * 65, "The lot number")
    assert inputs.free_text("  a\n  note\twith   tabs ", "The note") == "a note with tabs"
    with pytest.raises(InputError, match=r"too long \(at most 2,000 characters\)"):
        inputs.free_text("x" * 100_000, "The note")
    with pytest.raises(InputError, match="direction mark"):
        inputs.free_text("returned \u202eto sponsor", "The reason")
    with pytest.raises(InputError, match="invisible character"):
        inputs.name_text("Chen\u200bJing", "The name")


def test_refusals_are_messages_the_window_can_translate() -> None:
    with pytest.raises(InputError) as refused:
        inputs.count("2147483648", "The vials")
    said = refused.value.args[0]
    assert isinstance(said, Message)
    assert said.template == "{what} must be a whole number from {low} to {high}, not {value}."


def test_the_core_refuses_what_would_overflow_its_arithmetic() -> None:
    """The dosing and toxicity cores check what reaches them too: no decimal.Overflow, no 10^9-digit string."""
    with pytest.raises(InputError, match="not a plausible weight"):
        compute_dose(NCT, weight_kg=D("1e999999999"), level_mg_per_kg=D(5))
    with pytest.raises(InputError, match="not a dose level"):
        compute_dose(NCT, weight_kg=D(70), level_mg_per_kg=D("1e999999999"))
    with pytest.raises(InputError, match="not a dose level"):
        propose_action(NCT, "neutropenia", 3, D("1e999999999"))
    with pytest.raises(InputError, match="not a plausible value"):
        grade_lab("neutrophils", D("1e999999999"), "10^9/L")
    with pytest.raises(InputError, match=r"not a CTCAE v5\.0 term"):
        propose_action(NCT, "x" * 5000, 3, D(5))


_typed = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"[+-]?\d{0,30}(\.\d{0,30})?([eE][+-]?\d{1,12})?", fullmatch=True),
    st.sampled_from(["nan", "Infinity", "-0", "1e999999999", "0e-999999999", "1E+1000000"]),
)


@settings(max_examples=300, deadline=None)
@given(_typed)
def test_any_typed_number_is_a_plausible_decimal_or_a_refusal(typed: str) -> None:
    start = time.perf_counter()
    try:
        value = inputs.plausible_decimal(typed, "The value")
    except InputError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 300
    else:
        assert value.is_finite() and value.copy_abs() <= inputs.MAX_MAGNITUDE
        assert len(format_number(value)) < 40  # the one formatter writes it quickly and short
    assert time.perf_counter() - start < 0.5
