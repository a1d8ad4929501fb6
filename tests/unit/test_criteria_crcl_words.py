"""A computed creatinine clearance is said to one decimal, on its true side of the protocol's limit."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.toxicity.criteria import _crcl_shown


def test_a_cockcroft_gault_figure_is_shown_to_one_decimal():
    assert _crcl_shown(Decimal("25.49398703703703703703703704"), Decimal(50)) == "25.5"
    assert _crcl_shown(Decimal("73.25"), Decimal(50)) == "73.3"
    assert _crcl_shown(Decimal(50), Decimal(50)) == "50"


@given(st.decimals(min_value=Decimal("1"), max_value=Decimal("200"), places=6))
def test_the_shown_clearance_is_never_on_the_wrong_side_of_the_limit(crcl: Decimal):
    limit = Decimal(50)
    shown = Decimal(_crcl_shown(crcl, limit))
    assert abs(shown - crcl) <= Decimal("0.1")
    assert (shown >= limit) == (crcl >= limit)
