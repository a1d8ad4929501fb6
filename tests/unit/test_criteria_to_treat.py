"""Criteria to treat (docs/domain.md §6) against dated labs, Day 1 and Day 15, both regimens."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.errors import InputError
from app.protocol import load_protocol
from app.toxicity.criteria import CriteriaResult, CriterionCheck, LabResult, check_criteria_to_treat

D = Decimal
NCT = load_protocol("nct07343453")
SG = load_protocol("sacituzumab-govitecan")
DOSE = date(2026, 3, 2)
DAY_BEFORE = DOSE - timedelta(days=1)


def lab(name: str, value: str, unit: str, taken: date = DAY_BEFORE, **refs: str) -> LabResult:
    return LabResult(name, D(value), unit, taken, **{k: D(v) for k, v in refs.items()})


def good_labs(**changes: LabResult) -> list[LabResult]:
    """A full set of normal results taken the day before the dose; `changes` replaces some by lab key."""
    labs = {
        "neutrophils": lab("neutrophils", "3.2", "10^9/L", lln="1.8", uln="7.5"),
        "platelets": lab("platelets", "210", "10^9/L", lln="125", uln="350"),
        "hemoglobin": lab("hemoglobin", "128", "g/L", lln="115", uln="150"),
        "ast": lab("ast", "25", "U/L", uln="35"),
        "alt": lab("alt", "30", "U/L", uln="40"),
        "bilirubin": lab("bilirubin", "12", "µmol/L", uln="21"),
        "creatinine": lab("creatinine", "80", "µmol/L", uln="106"),
    }
    labs.update(changes)
    return list(labs.values())


def check(
    labs: list[LabResult],
    day: int = 1,
    liver: bool = False,
    crcl: str | None = None,
    protocol: object = NCT,
) -> CriteriaResult:
    return check_criteria_to_treat(
        protocol,  # type: ignore[arg-type]
        dose_day=day,
        dose_date=DOSE,
        labs=labs,
        liver_metastases=liver,
        crcl_ml_per_min=None if crcl is None else D(crcl),
    )


def item(result: CriteriaResult, name: str) -> CriterionCheck:
    (found,) = [i for i in result.items if i.lab == name]
    return found


@pytest.mark.parametrize("day", [1, 15])
def test_normal_labs_meet_every_criterion(day: int) -> None:
    result = check(good_labs(), day)
    assert result.met
    assert [i.lab for i in result.items] == [
        "neutrophils",
        "platelets",
        "hemoglobin",
        "ast",
        "alt",
        "bilirubin",
        "creatinine",
    ]
    assert all(i.status == "met" and i.taken == DAY_BEFORE for i in result.items)
    assert result.unmet == ()


@pytest.mark.parametrize(
    ("name", "value", "unit", "day1", "day15"),
    [
        # ANC ≥ 1.5 (Day 1), ≥ 1.0 (Day 15)
        ("neutrophils", "1.5", "10^9/L", "met", "met"),
        ("neutrophils", "1.49", "10^9/L", "not met", "met"),
        ("neutrophils", "1.0", "10^9/L", "not met", "met"),
        ("neutrophils", "0.99", "10^9/L", "not met", "not met"),
        # platelets ≥ 100 / ≥ 75
        ("platelets", "100", "10^9/L", "met", "met"),
        ("platelets", "99", "10^9/L", "not met", "met"),
        ("platelets", "75", "10^9/L", "not met", "met"),
        ("platelets", "74.9", "10^9/L", "not met", "not met"),
        # haemoglobin > 90 / > 80 g/L
        ("hemoglobin", "90.1", "g/L", "met", "met"),
        ("hemoglobin", "90", "g/L", "not met", "met"),
        ("hemoglobin", "80.1", "g/L", "not met", "met"),
        ("hemoglobin", "80", "g/L", "not met", "not met"),
        # the same limits from conventional units
        ("neutrophils", "1500", "cells/µL", "met", "met"),
        ("neutrophils", "1499", "/mm³", "not met", "met"),
        ("neutrophils", "999", "cells/µL", "not met", "not met"),
        ("platelets", "100000", "/mm3", "met", "met"),
        ("platelets", "99.9", "×10³/µL", "not met", "met"),
        ("hemoglobin", "9.1", "g/dL", "met", "met"),
        ("hemoglobin", "9.0", "g/dL", "not met", "met"),
        ("hemoglobin", "8.0", "g/dL", "not met", "not met"),
    ],
)
def test_day_1_and_day_15_limits(name: str, value: str, unit: str, day1: str, day15: str) -> None:
    changed = good_labs(**{name: lab(name, value, unit)})
    first, fifteenth = check(changed, 1), check(changed, 15)
    assert item(first, name).status == day1
    assert item(fifteenth, name).status == day15
    assert first.met == (day1 == "met")
    assert fifteenth.met == (day15 == "met")


def test_limit_and_value_in_words() -> None:
    result = check(good_labs(neutrophils=lab("neutrophils", "1600", "cells/µL", lln="1800")))
    anc = item(result, "neutrophils")
    assert anc.limit == "≥ 1.5 ×10⁹/L"
    assert (anc.value, anc.unit) == (D("1.6"), "10^9/L")
    assert "1.6 ×10⁹/L (1,600 cells/µL)" in anc.reason
    assert anc.grade is not None and anc.grade.grade == 1  # shown beside the value
    assert item(check(good_labs(), 15), "platelets").limit == "≥ 75 ×10⁹/L"
    assert item(result, "hemoglobin").limit == "> 90 g/L"
    assert item(result, "ast").limit == "≤ 3 × ULN (105 U/L)"
    assert item(result, "bilirubin").limit == "≤ 1.5 × ULN (31.5 µmol/L)"
    assert item(result, "creatinine").limit == "≤ 1.5 × ULN (159 µmol/L) or CrCl ≥ 50 mL/min"


@pytest.mark.parametrize(
    ("name", "value", "uln", "plain", "liver"),
    [
        ("ast", "105", "35", "met", "met"),  # 3 × ULN
        ("ast", "106", "35", "not met", "met"),
        ("ast", "175", "35", "not met", "met"),  # 5 × ULN
        ("ast", "176", "35", "not met", "not met"),
        ("alt", "120", "40", "met", "met"),
        ("alt", "121", "40", "not met", "met"),
        ("alt", "200", "40", "not met", "met"),
        ("alt", "200.1", "40", "not met", "not met"),
        ("bilirubin", "31.5", "21", "met", "met"),  # 1.5 × ULN
        ("bilirubin", "31.6", "21", "not met", "met"),
        ("bilirubin", "63", "21", "not met", "met"),  # 3 × ULN
        ("bilirubin", "63.1", "21", "not met", "not met"),
        ("bilirubin", "1.8", "1.2", "met", "met"),  # mg/dL: the ULN is in the same unit
        ("bilirubin", "1.81", "1.2", "not met", "met"),
    ],
)
def test_liver_metastases_variants(name: str, value: str, uln: str, plain: str, liver: bool | str) -> None:
    unit = "mg/dL" if name == "bilirubin" and uln == "1.2" else ("µmol/L" if name == "bilirubin" else "U/L")
    labs = good_labs(**{name: lab(name, value, unit, uln=uln)})
    assert item(check(labs, 1), name).status == plain
    assert item(check(labs, 15, liver=True), name).status == liver
    assert item(check(labs, 1, liver=True), name).limit.endswith("with liver metastases")


def test_liver_metastases_leave_other_criteria_alone() -> None:
    result = check(good_labs(), 1, liver=True)
    assert item(result, "neutrophils").limit == "≥ 1.5 ×10⁹/L"
    assert item(result, "creatinine").limit == "≤ 1.5 × ULN (159 µmol/L) or CrCl ≥ 50 mL/min"


@pytest.mark.parametrize(
    ("value", "uln", "crcl", "status"),
    [
        ("159", "106", None, "met"),  # 1.5 × ULN exactly
        ("160", "106", None, "not met"),
        ("160", "106", "50", "met"),  # CrCl at the limit
        ("160", "106", "49.9", "not met"),
        ("300", "106", "72", "met"),
        ("80", None, None, "missing"),  # the ULN is needed to judge it
        ("80", None, "55", "met"),
        ("80", None, "40", "missing"),
    ],
)
def test_creatinine_or_creatinine_clearance(
    value: str, uln: str | None, crcl: str | None, status: str
) -> None:
    refs = {} if uln is None else {"uln": uln}
    result = check(good_labs(creatinine=lab("creatinine", value, "µmol/L", **refs)), 1, crcl=crcl)
    assert item(result, "creatinine").status == status
    assert result.met == (status == "met")


def test_creatinine_in_mg_per_dl() -> None:
    labs = good_labs(creatinine=lab("creatinine", "1.8", "mg/dL", uln="1.2"))
    assert item(check(labs), "creatinine").status == "met"
    labs = good_labs(creatinine=lab("creatinine", "1.81", "mg/dL", uln="1.2"))
    crea = item(check(labs), "creatinine")
    assert crea.status == "not met"
    assert crea.limit == "≤ 1.5 × ULN (1.8 mg/dL) or CrCl ≥ 50 mL/min"


def test_creatinine_clearance_needs_a_current_creatinine() -> None:
    labs = [r for r in good_labs() if r.lab != "creatinine"]
    crea = item(check(labs, crcl="80"), "creatinine")
    assert crea.status == "missing"
    assert "current creatinine" in crea.reason


@pytest.mark.parametrize(
    ("days_before", "counts"),
    [(0, True), (1, True), (3, True), (4, False), (10, False), (-1, False)],
)
def test_labs_older_than_the_limit_do_not_count(days_before: int, counts: bool) -> None:
    taken = DOSE - timedelta(days=days_before)
    result = check(good_labs(platelets=lab("platelets", "210", "10^9/L", taken)))
    platelets = item(result, "platelets")
    assert platelets.status == ("met" if counts else "missing")
    assert result.met == counts
    if not counts:
        assert platelets.value is None and platelets.taken is None
        assert taken.isoformat() in platelets.reason


def test_the_latest_usable_result_decides() -> None:
    old_bad = lab("neutrophils", "0.9", "10^9/L", DOSE - timedelta(days=3))
    new_good = lab("neutrophils", "2.1", "10^9/L", DOSE)
    assert item(check([*good_labs(neutrophils=old_bad), new_good]), "neutrophils").status == "met"
    old_good = lab("neutrophils", "2.1", "10^9/L", DOSE - timedelta(days=2))
    new_bad = lab("neutrophils", "0.9", "10^9/L", DOSE)
    result = check([*good_labs(neutrophils=new_bad), old_good])
    assert item(result, "neutrophils").status == "not met"
    # a stale result does not stand in for a fresh one, nor a later (post-dose) one
    stale_good = lab("neutrophils", "2.1", "10^9/L", DOSE - timedelta(days=5))
    later = lab("neutrophils", "2.1", "10^9/L", DOSE + timedelta(days=1))
    alone = check([r for r in good_labs() if r.lab != "neutrophils"] + [stale_good, later])
    assert item(alone, "neutrophils").status == "missing"


def test_the_age_limit_comes_from_the_protocol() -> None:
    assert NCT.criteria_to_treat.lab_max_age_days == 3
    taken = DOSE - timedelta(days=NCT.criteria_to_treat.lab_max_age_days)
    assert check(good_labs(alt=lab("alt", "30", "U/L", taken, uln="40"))).met


def test_a_missing_lab_is_not_met() -> None:
    result = check([r for r in good_labs() if r.lab != "hemoglobin"])
    assert not result.met
    hb = item(result, "hemoglobin")
    assert hb.status == "missing" and "no haemoglobin result" in hb.reason
    assert [i.lab for i in result.unmet] == ["hemoglobin"]


def test_uln_needed_for_multiples_of_it() -> None:
    result = check(good_labs(ast=lab("ast", "25", "U/L")))
    assert item(result, "ast").status == "missing"
    assert "upper limit of normal" in item(result, "ast").reason


def test_bad_input_is_refused() -> None:
    with pytest.raises(InputError, match="Day 8 is not a dose day"):
        check(good_labs(), 8)
    with pytest.raises(InputError, match="impossible"):
        check(good_labs(), 1, crcl="-5")
    with pytest.raises(InputError, match="not a unit"):
        lab("neutrophils", "1.5", "g/L")
    with pytest.raises(InputError, match="not a lab DoseDesk knows"):
        lab("ferritin", "100", "µg/L")
    with pytest.raises(InputError, match="negative"):
        lab("platelets", "-1", "10^9/L")
    with pytest.raises(InputError, match="upside down"):
        lab("alt", "30", "U/L", lln="40", uln="7")


def test_second_regimen_day_1_and_day_8() -> None:
    labs = [lab("neutrophils", "1.2", "10^9/L")]
    day1, day8 = check(labs, 1, protocol=SG), check(labs, 8, protocol=SG)
    assert [i.lab for i in day1.items] == ["neutrophils"]
    assert not day1.met and day8.met
    assert item(day8, "neutrophils").limit == "≥ 1 ×10⁹/L"
    with pytest.raises(InputError, match="Day 15 is not a dose day"):
        check(labs, 15, protocol=SG)


def test_the_grade_beside_the_value_uses_the_baseline() -> None:
    labs = good_labs(alt=lab("alt", "110", "U/L", uln="40"))
    plain = item(check(labs), "alt")
    assert plain.status == "met"  # 110 ≤ 3 × 40
    assert plain.grade is not None and plain.grade.grade == 1
    with_baseline = check_criteria_to_treat(
        NCT,
        dose_day=1,
        dose_date=DOSE,
        labs=labs,
        liver_metastases=False,
        baselines={"alt": lab("alt", "80", "U/L", date(2026, 1, 2), uln="40")},
    )
    graded = item(with_baseline, "alt").grade
    assert graded is not None and graded.grade == 0  # 110 < 1.5 × an abnormal baseline of 80
    assert item(with_baseline, "alt").status == "met"


def test_an_impossible_creatinine_clearance_is_named_the_ismp_way() -> None:
    with pytest.raises(InputError, match=r"a creatinine clearance of -5 mL/min is impossible"):
        check(good_labs(), 1, crcl="-5.0")


def test_a_uln_limit_and_its_result_are_written_in_the_units_the_window_writes():
    typed_plainly = good_labs(bilirubin=lab("bilirubin", "12", "umol/L", uln="21"))
    bilirubin = item(check(typed_plainly), "bilirubin")
    assert "µmol/L" in bilirubin.limit and "umol/L" not in bilirubin.limit
    assert "umol/L" not in bilirubin.reason
