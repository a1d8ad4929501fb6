"""The bag and the bedside in the pure core: use-before state, the gravimetric check, the dose given; the
protocol's [order_checks] and rounding rule; the codes of the order's life and their words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.dosing.bedside import bag_weight, dose_given, use_before
from app.dosing.order_codes import (
    CANCEL_REASON_WORDS,
    CHECK_ITEM_WORDS,
    CHOSEN_CANCEL_REASONS,
    REMAKE_REASON_WORDS,
    STOP_REASON_WORDS,
    CancelReason,
    CheckItem,
    RemakeReason,
    StopReason,
    cancel_reason_words,
)
from app.protocol import load_protocol
from app.protocol.loader import ProtocolError, parse_protocol
from app.protocol.model import OrderChecks
from app.text import Message

AT = datetime(2026, 3, 4, 13, 0, tzinfo=UTC)
CHECKS = OrderChecks(use_before_warning_minutes=60)


@pytest.mark.parametrize(
    ("left", "state", "minutes"),
    [
        (timedelta(hours=2), "ok", 120),
        (timedelta(minutes=60), "soon", 60),
        (timedelta(minutes=1), "soon", 1),
        (timedelta(seconds=0), "expired", 0),
        (timedelta(minutes=-1), "expired", -1),
    ],
)
def test_a_bag_is_ok_then_soon_then_expired_at_its_use_before_minute(
    left: timedelta, state: str, minutes: int
) -> None:
    found = use_before(AT, AT - left, CHECKS)
    assert (found.state, found.minutes_left, found.expired) == (state, minutes, state == "expired")


def test_the_gravimetric_check_takes_the_tolerance_on_the_weight_added() -> None:
    checks = OrderChecks(solution_density_g_per_ml=Decimal("1.02"), bag_weight_tolerance_percent=Decimal("5"))
    weight = bag_weight(Decimal("118"), Decimal("133.6"), Decimal("15.3"), checks)
    assert weight.expected_g == Decimal("133.606") and weight.allowed_g == Decimal("0.7803")
    assert weight.within and weight.added_g == Decimal("15.6")
    assert not bag_weight(Decimal("118"), Decimal("132.8"), Decimal("15.3"), checks).within


@given(
    final=st.decimals("1", "2000", places=1),
    bag=st.decimals("50", "500", places=1),
    fraction=st.decimals("0", "1", places=3),
)
def test_the_dose_given_follows_the_volume_and_never_exceeds_the_final_dose(
    final: Decimal, bag: Decimal, fraction: Decimal
) -> None:
    given_ml = (bag * fraction).quantize(Decimal("0.1"))
    mg = dose_given(final, bag, given_ml)
    assert Decimal(0) <= mg <= final
    assert abs(mg - final * given_ml / bag) <= Decimal("0.05")
    assert dose_given(final, bag, bag) == final  # the whole bag: the final dose exactly


def test_every_code_has_its_words_and_the_chosen_cancel_reasons_end_with_other() -> None:
    for table, codes in (
        (CANCEL_REASON_WORDS, CancelReason),
        (REMAKE_REASON_WORDS, RemakeReason),
        (STOP_REASON_WORDS, StopReason),
        (CHECK_ITEM_WORDS, CheckItem),
    ):
        assert set(table) == set(codes)
        assert all(isinstance(words, Message) for words in table.values())
        assert all(code.value == code.value.lower() and " " not in code.value for code in codes)
    assert CHOSEN_CANCEL_REASONS[-1] == CancelReason.OTHER
    assert CancelReason.TREATMENT_HELD not in CHOSEN_CANCEL_REASONS  # written by a decision, never chosen
    assert cancel_reason_words("patient_unwell") == "patient unwell on the day"
    assert (
        cancel_reason_words("a code from later") == "a code from later" and cancel_reason_words(None) is None
    )


def test_both_shipped_protocols_keep_every_separation_of_duties_and_say_their_rounding_in_words() -> None:
    for name in ("nct07343453", "sacituzumab-govitecan"):
        protocol = load_protocol(name)
        checks = protocol.order_checks
        assert checks.verifier_not_prescriber and checks.preparer_not_verifier and checks.checker_not_preparer
        assert not checks.weigh_bag and checks.use_before_warning_minutes == 60
        assert (
            protocol.dosing.rounding_text
            and "rounded half up to the nearest 0.1 mL" in protocol.dosing.rounding_text
        )
        assert protocol.is_unconfirmed("order_checks.bag_weight_tolerance_percent")


def _file(text: str) -> bytes:
    shipped = Path(load_protocol("nct07343453").source).read_text(encoding="utf-8")
    start = shipped.index("[order_checks]")
    end = shipped.index("[stock]")
    made = shipped[:start] + text + "\n" + shipped[end:]
    if "solution_density" not in text:  # nothing of it left to be unconfirmed
        for line in (
            '    "order_checks.solution_density_g_per_ml",\n',
            '    "order_checks.bag_weight_tolerance_percent",\n',
        ):
            made = made.replace(line, "")
    return made.encode("utf-8")


def test_order_checks_missing_from_a_file_are_all_on_and_a_wrong_value_names_its_field() -> None:
    relaxed = parse_protocol(Path("site.toml"), _file(""))
    assert relaxed.order_checks == OrderChecks()
    relaxed = parse_protocol(Path("site.toml"), _file("[order_checks]\nchecker_not_preparer = false\n"))
    assert not relaxed.order_checks.checker_not_preparer and relaxed.order_checks.verifier_not_prescriber
    with pytest.raises(ProtocolError, match=r"order_checks\.weigh_bag"):
        parse_protocol(Path("site.toml"), _file('[order_checks]\nweigh_bag = "yes"\n'))
    with pytest.raises(ProtocolError, match=r"order_checks\.bag_weight_tolerance_percent"):
        parse_protocol(Path("site.toml"), _file('[order_checks]\nbag_weight_tolerance_percent = "-1"\n'))
