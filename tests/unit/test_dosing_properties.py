"""Properties of every dose on both shipped regimens (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.dosing import DoseRefused, WarningCode, compute_dose
from app.protocol import Protocol, load_protocol

PROTOCOLS = [load_protocol("nct07343453"), load_protocol("sacituzumab-govitecan")]


@st.composite
def weights(draw: st.DrawFn, protocol: Protocol) -> D:
    """Weights inside the hard limits, to 0.001 kg."""
    rules = protocol.dosing
    return draw(st.decimals(rules.weight_hard_min_kg, rules.weight_hard_max_kg, places=3, allow_nan=False))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Protocol, D, D]:
    protocol = draw(st.sampled_from(PROTOCOLS))
    weight = draw(weights(protocol))
    level = draw(st.sampled_from(protocol.regimen.dose_levels_mg_per_kg))
    return protocol, weight, level


@given(cases())
def test_final_dose_within_half_a_rounding_step_of_level_times_weight(case: tuple[Protocol, D, D]) -> None:
    protocol, weight, level = case
    plan = compute_dose(protocol, weight_kg=weight, level_mg_per_kg=level)
    assert plan.calculated_mg == level * weight
    tolerance = protocol.dosing.volume_rounding_ml / 2 * protocol.preparation.concentration_mg_per_ml
    assert abs(plan.final_mg - level * weight) <= tolerance
    assert plan.final_mg == plan.withdraw_ml * plan.concentration_mg_per_ml
    assert plan.withdraw_ml % protocol.dosing.volume_rounding_ml == 0


@given(cases())
def test_vials_hold_the_dose_and_waste_is_less_than_one_vial(case: tuple[Protocol, D, D]) -> None:
    protocol, weight, level = case
    plan = compute_dose(protocol, weight_kg=weight, level_mg_per_kg=level)
    strength = protocol.product.vial_strength_mg
    assert plan.vials >= 1
    assert plan.vials * strength >= plan.final_mg
    assert (plan.vials - 1) * strength < plan.final_mg  # no vial more than needed
    assert 0 <= plan.waste_mg < strength
    assert plan.waste_mg == plan.vials * strength - plan.final_mg


@given(cases())
def test_level_comes_from_the_protocol(case: tuple[Protocol, D, D]) -> None:
    protocol, weight, level = case
    plan = compute_dose(protocol, weight_kg=weight, level_mg_per_kg=level)
    assert plan.mg_per_kg in protocol.regimen.dose_levels_mg_per_kg


@given(st.sampled_from(PROTOCOLS), st.decimals("-20", "20", places=2, allow_nan=False, allow_infinity=False))
def test_any_other_level_is_refused(protocol: Protocol, level: D) -> None:
    assume(level not in protocol.regimen.dose_levels_mg_per_kg)
    with pytest.raises(DoseRefused):
        compute_dose(protocol, weight_kg=D("70"), level_mg_per_kg=level)


@given(
    st.sampled_from(PROTOCOLS), st.decimals("-1000", "1000", places=2, allow_nan=False, allow_infinity=False)
)
def test_weights_outside_the_hard_limits_are_refused(protocol: Protocol, weight: D) -> None:
    rules = protocol.dosing
    assume(weight < rules.weight_hard_min_kg or weight > rules.weight_hard_max_kg)
    with pytest.raises(DoseRefused):
        compute_dose(protocol, weight_kg=weight, level_mg_per_kg=protocol.regimen.starting_level)


@given(cases(), st.decimals("20", "300", places=1))
def test_warnings_exactly_when_a_soft_limit_is_crossed(case: tuple[Protocol, D, D], baseline: D) -> None:
    protocol, weight, level = case
    rules = protocol.dosing
    plan = compute_dose(protocol, weight_kg=weight, level_mg_per_kg=level, baseline_kg=baseline)
    codes = set(plan.warning_codes)
    assert (WarningCode.WEIGHT_BELOW_SOFT_MIN in codes) == (weight < rules.weight_soft_min_kg)
    assert (WarningCode.WEIGHT_ABOVE_SOFT_MAX in codes) == (weight > rules.weight_soft_max_kg)
    changed = abs(weight - baseline) * 100 >= rules.weight_change_warn_percent * baseline  # exact
    assert (WarningCode.WEIGHT_CHANGE_FROM_BASELINE in codes) == changed
    low = protocol.preparation.final_concentration_min_mg_per_ml
    high = protocol.preparation.final_concentration_max_mg_per_ml
    mg, ml = plan.final_mg, plan.final_volume_ml  # the limits are judged exactly, not on the shown figure
    assert (WarningCode.CONCENTRATION_BELOW_MIN in codes) == (low is not None and mg < low * ml)
    assert (WarningCode.CONCENTRATION_ABOVE_MAX in codes) == (high is not None and mg > high * ml)
    for warning in plan.warnings:
        if warning.code == WarningCode.CONCENTRATION_BELOW_MIN:
            assert warning.figure("concentration_mg_per_ml") < warning.figure("limit")
        if warning.code == WarningCode.CONCENTRATION_ABOVE_MAX:
            assert warning.figure("concentration_mg_per_ml") > warning.figure("limit")
    assert plan.needs_acknowledgement == bool(codes)


@given(cases(), st.decimals("0", "30", places=1))
def test_vial_rounding_stays_within_its_percentage_and_its_vials(
    case: tuple[Protocol, D, D], percent: D
) -> None:
    protocol, weight, level = case
    allowed = replace(
        protocol, dosing=replace(protocol.dosing, vial_rounding_allowed=True, vial_rounding_percent=percent)
    )
    plan = compute_dose(allowed, weight_kg=weight, level_mg_per_kg=level)
    strength = protocol.product.vial_strength_mg
    assert plan.vials * strength >= plan.final_mg
    assert 0 <= plan.waste_mg < strength
    if plan.vial_rounded:
        assert abs(plan.vials * strength - plan.calculated_mg) <= percent / 100 * plan.calculated_mg
        assert plan.final_mg <= plan.vials * strength
    else:
        tolerance = protocol.dosing.volume_rounding_ml / 2 * protocol.preparation.concentration_mg_per_ml
        assert abs(plan.final_mg - plan.calculated_mg) <= tolerance
