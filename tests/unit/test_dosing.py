"""The dose rules of docs/domain.md §4, with worked numbers, on both shipped regimens."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal as D

import pytest

from app.dosing import (
    FIGURES,
    DosePlan,
    DoseRefused,
    WarningCode,
    beyond_use,
    cockcroft_gault,
    compute_dose,
    infusion_minutes,
    require_acknowledgement,
    weight_change_percent,
)
from app.errors import InputError
from app.protocol import Protocol, load_protocol

NCT = load_protocol("nct07343453")
SG = load_protocol("sacituzumab-govitecan")


def dose(
    protocol: Protocol = NCT,
    weight: str = "71.3",
    level: str = "5",
    *,
    baseline_kg: D | None = None,
    previous_kg: D | None = None,
    weight_date: date | None = None,
    dose_date: date | None = None,
) -> DosePlan:
    return compute_dose(
        protocol,
        weight_kg=D(weight),
        level_mg_per_kg=D(level),
        baseline_kg=baseline_kg,
        previous_kg=previous_kg,
        weight_date=weight_date,
        dose_date=dose_date,
    )


def with_dosing(protocol: Protocol, **changes: object) -> Protocol:
    return replace(protocol, dosing=replace(protocol.dosing, **changes))  # type: ignore[arg-type]


# --- the worked example and the arithmetic -------------------------------------------------------------


def test_worked_example_71_3_kg_at_5_mg_per_kg() -> None:
    plan = dose()
    assert plan.mg_per_kg == D("5")
    assert plan.calculated_mg == D("356.5")
    assert plan.withdraw_ml == D("17.8")  # 17.825 mL rounded to 0.1 mL
    assert plan.final_mg == D("356")
    assert plan.vials == 2
    assert plan.waste_mg == D("44")
    assert plan.vial_strength_mg == D("200")
    assert plan.concentration_mg_per_ml == D("20")
    assert plan.reconstitution_volume_ml == D("10")
    assert plan.reconstitution_total_ml == D("20")
    assert plan.reconstitution_diluent == "sterile water for injection"
    assert plan.bag_volume_ml == D("100")
    assert plan.bag_diluent == "0.9% sodium chloride"
    assert plan.final_volume_ml == D("117.8")
    assert plan.final_concentration_mg_per_ml == D("3.022")  # 356 / 117.8 = 3.02207…
    assert plan.warnings == ()
    assert not plan.needs_acknowledgement
    assert not plan.vial_rounded
    assert (plan.protocol_id, plan.protocol_version) == ("nct07343453", "1.0")


@pytest.mark.parametrize(
    ("weight", "level", "calculated", "withdraw", "final", "vials", "waste"),
    [
        ("71.3", "4", "285.2", "14.3", "286", 2, "114"),  # 14.26 mL → 14.3
        ("71.3", "3", "213.9", "10.7", "214", 2, "186"),  # 10.695 mL → 10.7
        ("70.6", "5", "353", "17.7", "354", 2, "46"),  # 17.65 mL: exactly half, rounds UP (not to even)
        ("70.5", "5", "352.5", "17.6", "352", 2, "48"),  # 17.625 mL → 17.6
        ("70.75", "4", "283", "14.2", "284", 2, "116"),  # 14.15 mL: half up
        ("80", "5", "400", "20", "400", 2, "0"),  # exactly two vials, no waste
        ("40", "5", "200", "10", "200", 1, "0"),  # exactly one vial
        ("40.1", "5", "200.5", "10", "200", 1, "0"),  # 10.025 mL → 10.0: stays one vial
        ("40.2", "5", "201", "10.1", "202", 2, "198"),  # 10.05 mL → 10.1: a second vial for 2 mg
    ],
)
def test_rounding_vials_and_waste(
    weight: str, level: str, calculated: str, withdraw: str, final: str, vials: int, waste: str
) -> None:
    plan = dose(weight=weight, level=level)
    assert plan.calculated_mg == D(calculated)
    assert plan.withdraw_ml == D(withdraw)
    assert plan.final_mg == D(final)
    assert plan.vials == vials
    assert plan.waste_mg == D(waste)


def test_volume_step_comes_from_the_protocol() -> None:
    coarse = with_dosing(NCT, volume_rounding_ml=D("0.5"))
    plan = dose(coarse)  # 17.825 mL → 18.0 mL in 0.5 mL steps
    assert plan.withdraw_ml == D("18")
    assert plan.final_mg == D("360")
    assert plan.waste_mg == D("40")


def test_level_written_5_0_is_the_protocol_level_5() -> None:
    plan = dose(level="5.0")
    assert plan.mg_per_kg == D("5")
    assert str(plan.mg_per_kg) == "5"


# --- hard limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("weight", ["0", "-5", "24.9", "24.99", "250.01", "250.1", "300"])
def test_weights_outside_hard_limits_are_refused(weight: str) -> None:
    with pytest.raises(DoseRefused) as err:
        dose(weight=weight)
    assert "kg" in str(err.value)


def test_hard_limit_messages_name_the_limit() -> None:
    with pytest.raises(DoseRefused, match=r"24\.9 kg is below 25 kg"):
        dose(weight="24.9")
    with pytest.raises(DoseRefused, match=r"250\.1 kg is above 250 kg"):
        dose(weight="250.1")
    with pytest.raises(DoseRefused, match="more than 0 kg"):
        dose(weight="0")


@pytest.mark.parametrize("weight", ["NaN", "Infinity", "-Infinity"])
def test_weight_that_is_not_a_number_is_refused(weight: str) -> None:
    with pytest.raises(DoseRefused):
        dose(weight=weight)


def test_floats_are_a_programming_error() -> None:
    with pytest.raises(TypeError):
        compute_dose(NCT, weight_kg=71.3, level_mg_per_kg=D("5"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        compute_dose(NCT, weight_kg=D("71.3"), level_mg_per_kg=5.0)  # type: ignore[arg-type]


def test_dose_refused_is_an_input_error() -> None:
    assert issubclass(DoseRefused, InputError)


@pytest.mark.parametrize(
    ("weight", "codes"), [("25", ["weight_below_soft_min"]), ("250", ["weight_above_soft_max"])]
)
def test_hard_limits_themselves_are_allowed_with_a_warning(weight: str, codes: list[str]) -> None:
    plan = dose(weight=weight)
    assert [str(c) for c in plan.warning_codes] == codes
    assert plan.needs_acknowledgement


@pytest.mark.parametrize("level", ["4.5", "6", "2", "10", "7.5", "0", "-5", "NaN"])
def test_level_not_in_the_protocol_is_refused(level: str) -> None:
    with pytest.raises(DoseRefused, match="not a dose level of this protocol; its levels are 5, 4, 3 mg/kg"):
        dose(level=level)


def test_second_regimen_levels_are_its_own() -> None:
    with pytest.raises(DoseRefused, match=r"levels are 10, 7\.5, 5 mg/kg"):
        dose(SG, level="4")
    assert dose(SG, level="7.5").mg_per_kg == D("7.5")


# --- weight age ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("weighed", [date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 8)])
def test_weight_up_to_three_days_old_is_accepted(weighed: date) -> None:
    plan = dose(weight_date=weighed, dose_date=date(2026, 1, 8))
    assert plan.weight_date == weighed
    assert plan.dose_date == date(2026, 1, 8)


def test_weight_four_days_old_is_refused() -> None:
    with pytest.raises(DoseRefused, match=r"4 days before the dose.*no more than 3 days"):
        dose(weight_date=date(2026, 1, 4), dose_date=date(2026, 1, 8))


def test_weight_dated_after_the_dose_is_refused() -> None:
    with pytest.raises(DoseRefused, match="after the dose date"):
        dose(weight_date=date(2026, 1, 9), dose_date=date(2026, 1, 8))


def test_weight_age_limit_comes_from_the_protocol() -> None:
    lenient = with_dosing(NCT, weight_max_age_days=7)
    assert dose(lenient, weight_date=date(2026, 1, 1), dose_date=date(2026, 1, 8)).final_mg == D("356")


@pytest.mark.parametrize(
    "dates", [{"weight_date": date(2026, 1, 8)}, {"dose_date": date(2026, 1, 8)}], ids=["weight", "dose"]
)
def test_one_date_without_the_other_is_refused(dates: dict[str, date]) -> None:
    with pytest.raises(DoseRefused, match="both"):
        dose(**dates)


# --- soft limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "code"),
    [
        ("25", WarningCode.WEIGHT_BELOW_SOFT_MIN),
        ("34.9", WarningCode.WEIGHT_BELOW_SOFT_MIN),
        ("35", None),
        ("150", None),
        ("150.1", WarningCode.WEIGHT_ABOVE_SOFT_MAX),
        ("250", WarningCode.WEIGHT_ABOVE_SOFT_MAX),
    ],
)
def test_soft_weight_limits(weight: str, code: WarningCode | None) -> None:
    plan = dose(weight=weight)
    assert plan.warning_codes == ((code,) if code else ())
    assert plan.needs_acknowledgement is (code is not None)


def test_soft_limit_message() -> None:
    (warning,) = dose(weight="34.9").warnings
    assert warning.message.startswith("A weight of 34.9 kg is below 35 kg")
    assert "reason" in warning.message


@pytest.mark.parametrize(
    ("weight", "baseline", "warns", "shown"),
    [
        ("72", "80", True, "-10%"),  # exactly 10% down
        ("72.01", "80", False, None),
        ("88", "80", True, "+10%"),  # exactly 10% up
        ("87.99", "80", False, None),
        ("71.3", "80", True, "-10.9%"),  # -10.875%
    ],
)
def test_weight_change_from_baseline(weight: str, baseline: str, warns: bool, shown: str | None) -> None:
    plan = dose(weight=weight, baseline_kg=D(baseline))
    assert plan.change_from_baseline_percent == (D(weight) - D(baseline)) * 100 / D(baseline)
    if warns:
        (warning,) = plan.warnings
        assert warning.code == WarningCode.WEIGHT_CHANGE_FROM_BASELINE
        assert f"changed {shown} from the baseline weight {baseline} kg" in warning.message
        assert "(10% or more)" in warning.message
    else:
        assert plan.warnings == ()


def test_warnings_carry_their_figures() -> None:
    (warning,) = dose(baseline_kg=D("80")).warnings
    assert warning.figure("weight_kg") == D("71.3")
    assert warning.figure("reference_kg") == D("80")
    assert warning.figure("change_percent") == D("-10.875")
    assert warning.figure("warn_percent") == D("10")
    assert set(FIGURES) == set(WarningCode)
    low = dose(SG, weight="30", level="5").warnings[1]
    assert low.figure("limit") == D("1.1")
    assert low.figure("final_volume_ml") == D("265")


def test_weight_change_from_previous_dosing_weight() -> None:
    plan = dose(weight="79.2", previous_kg=D("72"))  # +10% exactly
    (warning,) = plan.warnings
    assert warning.code == WarningCode.WEIGHT_CHANGE_FROM_PREVIOUS
    assert "changed +10% from the previous dosing weight 72 kg" in warning.message
    assert dose(weight="79.19", previous_kg=D("72")).warnings == ()


def test_both_changes_are_reported_separately() -> None:
    plan = dose(weight="60", baseline_kg=D("80"), previous_kg=D("70"))
    assert plan.warning_codes == (
        WarningCode.WEIGHT_CHANGE_FROM_BASELINE,
        WarningCode.WEIGHT_CHANGE_FROM_PREVIOUS,
    )
    assert "-25%" in plan.warnings[0].message
    assert "-14.3%" in plan.warnings[1].message  # -14.2857…%


def test_a_small_change_records_the_percent_without_warning() -> None:
    plan = dose(previous_kg=D("72"))
    assert plan.warnings == ()
    assert plan.change_from_previous_percent is not None
    assert plan.change_from_previous_percent.quantize(D("0.01")) == D("-0.97")
    assert plan.change_from_baseline_percent is None


@pytest.mark.parametrize("reference", ["0", "-70", "NaN"])
def test_impossible_reference_weight_is_refused(reference: str) -> None:
    with pytest.raises(DoseRefused, match="baseline weight"):
        dose(baseline_kg=D(reference))


def test_weight_change_percent_helper() -> None:
    assert weight_change_percent(D("72"), D("80")) == D("-10")
    assert weight_change_percent(D("71.3"), D("80")) == D("-10.875")
    assert weight_change_percent(D("88"), D("80")) == D("10")
    with pytest.raises(InputError):
        weight_change_percent(D("70"), D("0"))


def test_require_acknowledgement() -> None:
    warned = dose(weight="30")
    for reason in (None, "", "   "):
        with pytest.raises(DoseRefused, match=r"acknowledgement with a reason.*30 kg is below 35 kg"):
            require_acknowledgement(warned, reason)
    require_acknowledgement(warned, "re-weighed, weight confirmed by the investigator")
    require_acknowledgement(dose(), None)


# --- vial rounding (optional, off by default) -----------------------------------------------------------


def test_vial_rounding_is_off_by_default() -> None:
    assert not NCT.dosing.vial_rounding_allowed
    plan = dose(weight="78")  # 390 mg, within 5% of two vials, but rounding is not allowed
    assert (plan.final_mg, plan.vial_rounded, plan.waste_mg) == (D("390"), False, D("10"))


@pytest.mark.parametrize(
    ("weight", "final", "rounded"),
    [
        ("78", "400", True),  # 390 mg: 2.6% below two vials → 400 mg
        ("82", "400", True),  # 410 mg: 2.4% above two vials → 400 mg
        ("71.3", "356", False),  # 356.5 mg: 12% from two vials
        ("80", "400", False),  # already whole vials
    ],
)
def test_vial_rounding_when_allowed(weight: str, final: str, rounded: bool) -> None:
    allowed = with_dosing(NCT, vial_rounding_allowed=True)
    plan = dose(allowed, weight=weight)
    assert plan.final_mg == D(final)
    assert plan.vial_rounded is rounded
    if rounded:
        assert plan.withdraw_ml == D("20")
        assert (plan.vials, plan.waste_mg) == (2, D("0"))
        assert plan.calculated_mg == D(weight) * 5  # the calculated dose is still shown


def test_vial_rounding_limit_is_inclusive_and_from_the_protocol() -> None:
    allowed = with_dosing(NCT, vial_rounding_allowed=True, vial_rounding_percent=D("25"))
    at_limit = dose(allowed, weight="32")  # 160 mg; one vial (200 mg) is exactly 25% more
    assert (at_limit.final_mg, at_limit.vial_rounded) == (D("200"), True)
    beyond = dose(allowed, weight="31.8")  # 159 mg; 200 mg is 25.8% more: 7.95 mL → 8 mL as usual
    assert (beyond.calculated_mg, beyond.final_mg, beyond.vial_rounded) == (D("159"), D("160"), False)


# --- the second regimen through the same code -----------------------------------------------------------


def test_sacituzumab_govitecan_worked_example() -> None:
    plan = dose(SG, level="10")  # 713 mg of a 10 mg/mL solution from 180 mg vials, in 250 mL
    assert plan.calculated_mg == D("713")
    assert plan.withdraw_ml == D("71.3")
    assert plan.final_mg == D("713")
    assert plan.vials == 4
    assert plan.waste_mg == D("7")
    assert plan.reconstitution_volume_ml == D("20")
    assert plan.reconstitution_diluent == "0.9% sodium chloride"
    assert plan.final_volume_ml == D("321.3")
    assert plan.final_concentration_mg_per_ml == D("2.219")
    assert plan.warnings == ()


def test_sacituzumab_govitecan_reduced_level() -> None:
    plan = dose(SG, level="7.5")  # 534.75 mg → 53.475 mL → 53.5 mL
    assert (plan.calculated_mg, plan.withdraw_ml, plan.final_mg) == (D("534.75"), D("53.5"), D("535"))
    assert (plan.vials, plan.waste_mg) == (3, D("5"))


@pytest.mark.parametrize(
    ("weight", "level", "concentration", "code"),
    [
        ("61.6", "5", "1.097", WarningCode.CONCENTRATION_BELOW_MIN),  # 308 mg in 280.8 mL
        ("61.8", "5", "1.1", None),  # 309 mg in 280.9 mL = 1.10004
        ("128.7", "10", "3.398", None),  # 1,287 mg in 378.7 mL
        ("128.9", "10", "3.402", WarningCode.CONCENTRATION_ABOVE_MAX),  # 1,289 mg in 378.9 mL
        # 1,288 mg in 378.8 mL = 3.40021 mg/mL: shown as 3.4 to 0.001, but above the label's 3.4 all the same
        ("128.8", "10", "3.4", WarningCode.CONCENTRATION_ABOVE_MAX),
    ],
)
def test_final_concentration_limits(
    weight: str, level: str, concentration: str, code: WarningCode | None
) -> None:
    plan = dose(SG, weight=weight, level=level)
    assert plan.final_concentration_mg_per_ml == D(concentration)
    assert plan.warning_codes == ((code,) if code else ())


def test_final_concentration_messages() -> None:
    low = dose(SG, weight="30", level="5")  # 150 mg in 265 mL
    assert low.warning_codes == (WarningCode.WEIGHT_BELOW_SOFT_MIN, WarningCode.CONCENTRATION_BELOW_MIN)
    assert low.warnings[1].message.startswith(
        "The final concentration 0.566 mg/mL (150 mg in 265 mL) is below the minimum 1.1 mg/mL"
    )
    high = dose(SG, weight="200", level="10")  # 2,000 mg in 450 mL
    assert "4.4444 mg/mL (2,000 mg in 450 mL) is above the maximum 3.4 mg/mL" in high.warnings[-1].message
    edge = dose(SG, weight="128.8", level="10")  # 1,288 mg in 378.8 mL
    assert "3.4002 mg/mL (1,288 mg in 378.8 mL) is above the maximum 3.4 mg/mL" in edge.warnings[-1].message


def test_no_concentration_limits_no_concentration_warning() -> None:
    assert NCT.preparation.final_concentration_min_mg_per_ml is None
    plan = dose(weight="250")  # 1,250 mg in 162.5 mL = 7.692 mg/mL, but the trial gives no limits yet
    assert plan.warning_codes == (WarningCode.WEIGHT_ABOVE_SOFT_MAX,)


# --- infusion, beyond-use ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("protocol", "first", "reaction", "minutes"),
    [
        (NCT, True, False, 60),
        (NCT, False, False, 30),
        (NCT, False, True, 60),
        (NCT, True, True, 60),
        (SG, True, False, 180),
        (SG, False, False, 60),
        (SG, False, True, 180),
    ],
)
def test_infusion_minutes(protocol: Protocol, first: bool, reaction: bool, minutes: int) -> None:
    assert infusion_minutes(protocol, first_dose=first, prior_infusion_reaction=reaction) == minutes


def test_beyond_use() -> None:
    prepared = datetime(2026, 1, 5, 10, 30)
    assert beyond_use(NCT, prepared, refrigerated=False) == datetime(2026, 1, 5, 14, 30)
    assert beyond_use(NCT, prepared, refrigerated=True) == datetime(2026, 1, 6, 10, 30)
    late = datetime(2026, 1, 5, 22, 0)
    assert beyond_use(NCT, late, refrigerated=False) == datetime(2026, 1, 6, 2, 0)


# --- Cockcroft–Gault -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "weight", "sex", "creatinine", "unit", "expected"),
    [
        (60, "72", "male", "1.0", "mg/dL", "80"),  # 80 × 72 / (72 × 1)
        (60, "72", "female", "1.0", "mg/dL", "68"),  # × 0.85
        (60, "72", "male", "88.4", "umol/L", "80"),  # 88.4 µmol/L = 1 mg/dL
        (60, "72", "male", "88.4", "µmol/L", "80"),
        (70, "80", "male", "1.2", "mg/dL", "64.8148"),  # 5,600 / 86.4
        (45, "60", "female", "70.72", "umol/L", "84.1146"),  # 0.8 mg/dL: 5,700 / 57.6 × 0.85
    ],
)
def test_cockcroft_gault(age: int, weight: str, sex: str, creatinine: str, unit: str, expected: str) -> None:
    crcl = cockcroft_gault(age, D(weight), sex, D(creatinine), unit)  # type: ignore[arg-type]
    assert crcl.quantize(D("0.0001")) == D(expected)


def test_cockcroft_gault_default_unit_is_umol_per_litre() -> None:
    assert cockcroft_gault(D("60"), D("72"), "male", D("88.4")) == D("80")


@pytest.mark.parametrize(
    ("age", "weight", "sex", "creatinine", "unit", "fault"),
    [
        (17, "72", "male", "80", "umol/L", "adult age"),
        (121, "72", "male", "80", "umol/L", "adult age"),
        (60, "0", "male", "80", "umol/L", "more than 0 kg"),
        (60, "-72", "male", "80", "umol/L", "more than 0 kg"),
        (60, "72", "male", "0", "umol/L", "creatinine"),
        (60, "72", "male", "-1", "mg/dL", "creatinine"),
        (60, "72", "male", "NaN", "mg/dL", "creatinine"),
        (60, "72", "male", "80", "mmol/L", "µmol/L or mg/dL"),
        (60, "72", "unknown", "80", "umol/L", "female or male"),
    ],
)
def test_cockcroft_gault_refuses_impossible_inputs(
    age: int, weight: str, sex: str, creatinine: str, unit: str, fault: str
) -> None:
    with pytest.raises(InputError, match=fault):
        cockcroft_gault(age, D(weight), sex, D(creatinine), unit)  # type: ignore[arg-type]


# --- the sentences, for the window to say in its language ----------------------------------------------


def test_warnings_and_refusals_keep_their_template_and_figures() -> None:
    from app.text import Message, message_of

    baseline, previous = dose(weight="30", baseline_kg=D("40"), previous_kg=D("36")).warnings[1:]
    for warning in (baseline, previous):
        assert isinstance(warning.message, Message)
        assert "{weight}" in warning.message.template and "30" not in warning.message.template
        assert warning.message.params["weight"] == "30 kg"
    assert baseline.message.params["reference"] == "40 kg" and previous.message.params["reference"] == "36 kg"
    assert baseline.message.template != previous.message.template  # each reference is its own sentence

    with pytest.raises(DoseRefused) as refused:
        require_acknowledgement(dose(weight="30", baseline_kg=D("40")), None)
    said = message_of(refused.value)
    assert isinstance(said, Message)
    assert said.template == "This dose needs an acknowledgement with a reason: {warnings}"
    listed = said.params["warnings"]
    assert isinstance(listed, Message) and listed.template == "{first} {second}"
    assert str(listed.params["second"]).startswith(
        "A weight of 30 kg has changed -25% from the baseline weight 40 kg"
    )

    with pytest.raises(DoseRefused) as impossible:
        dose(baseline_kg=D("-1"))
    reason = message_of(impossible.value)
    assert (
        isinstance(reason, Message)
        and str(reason) == "The baseline weight must be more than 0 kg, not -1 kg."
    )
    assert isinstance(reason.params["what"], Message)
