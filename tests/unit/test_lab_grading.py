"""CTCAE v5.0 lab grading: every boundary, both sides, in SI and conventional units; baseline variants.

The limits below are copied by hand from CTCAE v5.0 (not read from lab-grading.toml), so a slip in the data
file fails here; `test_data_file_matches_the_ctcae_text` checks the data file against the CSV as well.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import InputError
from app.protocol import load_protocol
from app.toxicity.ctcae import find_term
from app.toxicity.lab_grading import grade_lab, grade_result, lab_gradings, propose_from_lab
from app.toxicity.labs import LAB_KEYS, LabResult, lab_kind, normalise_unit

D = Decimal
NCT = load_protocol("nct07343453")
SG = load_protocol("sacituzumab-govitecan")


def _cases(
    lab: str, unit: str, boundaries: list[tuple[str, int, int]], step: str, **refs: str
) -> list[tuple[str, str, str, dict[str, str], int]]:
    """For each (limit, grade at the limit, grade just past it): the value at the limit and one `step` beyond,
    on the worse side (below for a count, above for a rise)."""
    cases = []
    falling = lab in {"neutrophils", "platelets", "wbc", "lymphocytes", "hemoglobin"}
    for limit, at, beyond in boundaries:
        past = D(limit) - D(step) if falling else D(limit) + D(step)
        cases.append((lab, limit, unit, refs, at))
        cases.append((lab, str(past), unit, refs, beyond))
    return cases


BOUNDARIES = [
    # Neutrophil count decreased: <LLN - 1.5 | <1.5 - 1.0 | <1.0 - 0.5 | <0.5  (x 10e9/L)
    *_cases(
        "neutrophils",
        "10^9/L",
        [("2.0", 0, 1), ("1.5", 1, 2), ("1.0", 2, 3), ("0.5", 3, 4)],
        "0.01",
        lln="2.0",
    ),
    *_cases(
        "neutrophils",
        "cells/µL",
        [("2000", 0, 1), ("1500", 1, 2), ("1000", 2, 3), ("500", 3, 4)],
        "1",
        lln="2000",
    ),
    *_cases("neutrophils", "/mm³", [("1500", 1, 2), ("1000", 2, 3), ("500", 3, 4)], "1", lln="1800"),
    *_cases("neutrophils", "×10³/µL", [("1.5", 1, 2), ("0.5", 3, 4)], "0.001", lln="1.8"),
    # Platelet count decreased: <LLN - 75.0 | <75.0 - 50.0 | <50.0 - 25.0 | <25.0
    *_cases(
        "platelets", "10^9/L", [("150", 0, 1), ("75", 1, 2), ("50", 2, 3), ("25", 3, 4)], "0.1", lln="150"
    ),
    *_cases(
        "platelets",
        "/mm3",
        [("150000", 0, 1), ("75000", 1, 2), ("50000", 2, 3), ("25000", 3, 4)],
        "1",
        lln="150000",
    ),
    *_cases("platelets", "10^3/uL", [("75", 1, 2), ("50", 2, 3), ("25", 3, 4)], "0.1", lln="150"),
    # White blood cell decreased: <LLN - 3.0 | <3.0 - 2.0 | <2.0 - 1.0 | <1.0
    *_cases("wbc", "10^9/L", [("4.0", 0, 1), ("3.0", 1, 2), ("2.0", 2, 3), ("1.0", 3, 4)], "0.01", lln="4.0"),
    *_cases(
        "wbc", "cells/µL", [("4000", 0, 1), ("3000", 1, 2), ("2000", 2, 3), ("1000", 3, 4)], "1", lln="4000"
    ),
    # Lymphocyte count decreased: <LLN - 0.8 | <0.8 - 0.5 | <0.5 - 0.2 | <0.2
    *_cases(
        "lymphocytes",
        "10^9/L",
        [("1.1", 0, 1), ("0.8", 1, 2), ("0.5", 2, 3), ("0.2", 3, 4)],
        "0.01",
        lln="1.1",
    ),
    *_cases(
        "lymphocytes", "/mm³", [("1100", 0, 1), ("800", 1, 2), ("500", 2, 3), ("200", 3, 4)], "1", lln="1100"
    ),
    # Anemia: <LLN - 100 g/L | <100 - 80 g/L | <80 g/L (grade 4 is clinical)
    *_cases("hemoglobin", "g/L", [("120", 0, 1), ("100", 1, 2), ("80", 2, 3)], "1", lln="120"),
    *_cases("hemoglobin", "g/dL", [("12.0", 0, 1), ("10.0", 1, 2), ("8.0", 2, 3)], "0.1", lln="12.0"),
    # ALT / AST increased, baseline normal: >ULN - 3.0 | >3.0 - 5.0 | >5.0 - 20.0 | >20.0 (x ULN)
    *_cases("alt", "U/L", [("40", 0, 1), ("120", 1, 2), ("200", 2, 3), ("800", 3, 4)], "0.1", uln="40"),
    *_cases("alt", "µkat/L", [("0.5", 0, 1), ("1.5", 1, 2), ("2.5", 2, 3), ("10", 3, 4)], "0.01", uln="0.5"),
    *_cases("ast", "U/L", [("35", 0, 1), ("105", 1, 2), ("175", 2, 3), ("700", 3, 4)], "1", uln="35"),
    *_cases("ast", "IU/L", [("105", 1, 2), ("700", 3, 4)], "0.1", uln="35"),
    # Alkaline phosphatase increased, baseline normal: >ULN - 2.5 | >2.5 - 5.0 | >5.0 - 20.0 | >20.0 (x ULN)
    *_cases("alp", "U/L", [("120", 0, 1), ("300", 1, 2), ("600", 2, 3), ("2400", 3, 4)], "0.1", uln="120"),
    *_cases("alp", "µkat/L", [("2", 0, 1), ("5", 1, 2), ("10", 2, 3), ("40", 3, 4)], "0.01", uln="2"),
    # Blood bilirubin increased, baseline normal: >ULN - 1.5 | >1.5 - 3.0 | >3.0 - 10.0 | >10.0 (x ULN)
    *_cases(
        "bilirubin", "µmol/L", [("21", 0, 1), ("31.5", 1, 2), ("63", 2, 3), ("210", 3, 4)], "0.1", uln="21"
    ),
    *_cases(
        "bilirubin", "mg/dL", [("1.2", 0, 1), ("1.8", 1, 2), ("3.6", 2, 3), ("12", 3, 4)], "0.01", uln="1.2"
    ),
    # Creatinine increased: >ULN - 1.5 | >1.5 - 3.0 | >3.0 - 6.0 | >6.0 (x ULN)
    *_cases(
        "creatinine", "µmol/L", [("100", 0, 1), ("150", 1, 2), ("300", 2, 3), ("600", 3, 4)], "0.1", uln="100"
    ),
    *_cases(
        "creatinine", "mg/dL", [("1.2", 0, 1), ("1.8", 1, 2), ("3.6", 2, 3), ("7.2", 3, 4)], "0.01", uln="1.2"
    ),
]


@pytest.mark.parametrize(("lab", "value", "unit", "refs", "grade"), BOUNDARIES)
def test_every_boundary_both_sides(lab: str, value: str, unit: str, refs: dict[str, str], grade: int) -> None:
    graded = grade_lab(lab, D(value), unit, **{k: D(v) for k, v in refs.items()})
    assert graded.grade == grade
    term = find_term(graded.term)
    assert term is not None and graded.meddra_code == term.meddra_code
    assert graded.definition == (term.definition(grade) if grade else None)


def test_the_examples_of_the_brief() -> None:
    assert grade_lab("neutrophils", D("1.5"), "10^9/L", lln=D("1.8")).grade == 1
    assert grade_lab("alt", D("105"), "U/L", uln=D("35")).grade == 1
    assert grade_lab("alt", D("105.01"), "U/L", uln=D("35")).grade == 2


def test_terms_and_codes() -> None:
    expected = {
        "neutrophils": ("Neutrophil count decreased", "10029366"),
        "platelets": ("Platelet count decreased", "10035528"),
        "wbc": ("White blood cell decreased", "10049182"),
        "lymphocytes": ("Lymphocyte count decreased", "10025256"),
        "hemoglobin": ("Anemia", "10002272"),
        "alt": ("Alanine aminotransferase increased", "10001551"),
        "ast": ("Aspartate aminotransferase increased", "10003481"),
        "alp": ("Alkaline phosphatase increased", "10001675"),
        "bilirubin": ("Blood bilirubin increased", "10005364"),
        "creatinine": ("Creatinine increased", "10011368"),
    }
    assert set(lab_gradings()) == set(LAB_KEYS) == set(expected)
    for lab, (term, code) in expected.items():
        grading = lab_gradings()[lab]
        assert (grading.term.term, grading.term.meddra_code) == (term, code)


BASELINE_ABNORMAL = [
    # ALT/AST, abnormal baseline: 1.5 - 3.0 | >3.0 - 5.0 | >5.0 - 20.0 | >20.0 (x baseline); ULN 40, baseline 60
    ("alt", "89.9", 0),
    ("alt", "90", 1),
    ("alt", "180", 1),
    ("alt", "180.1", 2),
    ("alt", "300", 2),
    ("alt", "300.1", 3),
    ("alt", "1200", 3),
    ("alt", "1200.1", 4),
    ("ast", "89.9", 0),
    ("ast", "90", 1),
    ("ast", "180", 1),
    ("ast", "180.1", 2),
    ("ast", "300", 2),
    ("ast", "300.1", 3),
    ("ast", "1200", 3),
    ("ast", "1200.1", 4),
    # ALP, abnormal baseline: 2.0 - 2.5 | >2.5 - 5.0 | >5.0 - 20.0 | >20.0 (x baseline); baseline 60
    ("alp", "119.9", 0),
    ("alp", "120", 1),
    ("alp", "150", 1),
    ("alp", "150.1", 2),
    ("alp", "300", 2),
    ("alp", "300.1", 3),
    ("alp", "1200", 3),
    ("alp", "1200.1", 4),
    # bilirubin, abnormal baseline: >1.0 - 1.5 | >1.5 - 3.0 | >3.0 - 10.0 | >10.0 (x baseline); baseline 60
    ("bilirubin", "60", 0),
    ("bilirubin", "60.1", 1),
    ("bilirubin", "90", 1),
    ("bilirubin", "90.1", 2),
    ("bilirubin", "180", 2),
    ("bilirubin", "180.1", 3),
    ("bilirubin", "600", 3),
    ("bilirubin", "600.1", 4),
]


@pytest.mark.parametrize(("lab", "value", "grade"), BASELINE_ABNORMAL)
def test_baseline_abnormal_variants(lab: str, value: str, grade: int) -> None:
    graded = grade_lab(
        lab, D(value), "U/L" if lab != "bilirubin" else "µmol/L", uln=D("40"), baseline=D("60")
    )
    assert graded.grade == grade
    assert "baseline was abnormal" in graded.basis


def test_baseline_abnormal_in_conventional_units() -> None:
    # bilirubin ULN 1.2 mg/dL, baseline 2.0 mg/dL (abnormal): > 1.0 x baseline is grade 1, > 1.5 x grade 2
    assert grade_lab("bilirubin", D("2.0"), "mg/dL", uln=D("1.2"), baseline=D("2.0")).grade == 0
    assert grade_lab("bilirubin", D("3.0"), "mg/dL", uln=D("1.2"), baseline=D("2.0")).grade == 1
    assert grade_lab("bilirubin", D("3.01"), "mg/dL", uln=D("1.2"), baseline=D("2.0")).grade == 2
    # ALT in µkat/L: ULN 0.5, baseline 1.0 (abnormal): 1.5 x baseline is grade 1, just below is 0
    assert grade_lab("alt", D("1.5"), "µkat/L", uln=D("0.5"), baseline=D("1.0")).grade == 1
    assert grade_lab("alt", D("1.49"), "µkat/L", uln=D("0.5"), baseline=D("1.0")).grade == 0


def test_a_normal_baseline_keeps_the_uln_criteria() -> None:
    at_uln = grade_lab("alt", D("120"), "U/L", uln=D("40"), baseline=D("40"))
    assert at_uln.grade == 1 and "baseline was normal" in at_uln.basis
    assert grade_lab("alt", D("120.1"), "U/L", uln=D("40"), baseline=D("30")).grade == 2
    assert "no baseline" in grade_lab("alt", D("50"), "U/L", uln=D("40")).basis


def test_creatinine_baseline_multiples() -> None:
    # CTCAE: grade 2 ">1.5 - 3.0 x baseline; >1.5 - 3.0 x ULN", grade 3 ">3.0 x baseline; >3.0 - 6.0 x ULN"
    ref = {"uln": D("100"), "baseline": D("60")}
    assert grade_lab("creatinine", D("90"), "µmol/L", **ref).grade == 0
    assert grade_lab("creatinine", D("90.1"), "µmol/L", **ref).grade == 2
    assert grade_lab("creatinine", D("180"), "µmol/L", **ref).grade == 2
    assert grade_lab("creatinine", D("180.1"), "µmol/L", **ref).grade == 3
    assert grade_lab("creatinine", D("600.1"), "µmol/L", **ref).grade == 4
    # in mg/dL: baseline 0.7, ULN 1.2
    assert grade_lab("creatinine", D("1.05"), "mg/dL", uln=D("1.2"), baseline=D("0.7")).grade == 0
    assert grade_lab("creatinine", D("1.06"), "mg/dL", uln=D("1.2"), baseline=D("0.7")).grade == 2
    assert grade_lab("creatinine", D("2.11"), "mg/dL", uln=D("1.2"), baseline=D("0.7")).grade == 3


def test_a_baseline_does_not_change_a_count_grade() -> None:
    graded = grade_lab("neutrophils", D("1.2"), "10^9/L", baseline=D("5"))
    assert graded.grade == 2
    assert "without reference to a baseline" in graded.basis


def test_anaemia_by_value_stops_at_grade_3_with_a_note() -> None:
    graded = grade_lab("hemoglobin", D("40"), "g/L")
    assert graded.grade == 3
    assert graded.note is not None and "investigator" in graded.note
    assert grade_lab("hemoglobin", D("85"), "g/L").note is None


@pytest.mark.parametrize(
    ("unit", "value"),
    [
        ("×10⁹/L", "1.2"),
        ("x 10^9 / L", "1.2"),
        ("10e9/L", "1.2"),
        ("10*9/L", None),
        ("cells/μL", "1200"),  # Greek mu
        ("cells/uL", "1200"),
        ("/mm³", "1200"),
        ("K/µL", "1.2"),
        ("10^3/UL", "1.2"),
    ],
)
def test_unit_spellings(unit: str, value: str | None) -> None:
    if value is None:
        with pytest.raises(InputError, match="not a unit DoseDesk accepts"):
            grade_lab("neutrophils", D("1.2"), unit)
    else:
        assert grade_lab("neutrophils", D(value), unit).value_si == D("1.2")


def test_normalise_unit() -> None:
    assert normalise_unit("×10⁹/L") == normalise_unit("x10^9/l") == "x10^9/l"
    assert normalise_unit("/mm³") == "/mm^3"
    assert normalise_unit("µmol/L") == normalise_unit("μmol/L") == normalise_unit("umol/L")


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: grade_lab("neutrophils", D("1.6"), "10^9/L"),
            "depends on the laboratory's lower limit of normal",
        ),
        (lambda: grade_lab("hemoglobin", D("105"), "g/L"), "give the LLN"),
        (lambda: grade_lab("alt", D("30"), "U/L"), "upper limit of normal \\(ULN\\)"),
        (lambda: grade_lab("creatinine", D("30"), "µmol/L", baseline=D("20")), "ULN"),
        (lambda: grade_lab("alt", D("30"), "U/L", baseline=D("20")), "whether the baseline ALT was abnormal"),
        (lambda: grade_lab("neutrophils", D("1.2"), "mg/dL"), "'mg/dL' is not a unit DoseDesk accepts"),
        (lambda: grade_lab("neutrophils", D("-1"), "10^9/L"), "cannot be negative"),
        (lambda: grade_lab("neutrophils", D("1500"), "10^9/L"), "impossible .*check the value and its unit"),
        (lambda: grade_lab("hemoglobin", D("95"), "g/dL"), "impossible"),
        (lambda: grade_lab("creatinine", D("2"), "mg/dL", uln=D("-1")), "cannot be negative"),
        (lambda: grade_lab("alt", D("50"), "U/L", lln=D("40"), uln=D("7")), "upside down"),
        (lambda: grade_lab("alt", D("50"), "U/L", uln=D("0")), "limit of normal of 0"),
        (lambda: grade_lab("alt", D("50"), "U/L", uln=D("40"), baseline=D("0")), "baseline ALT of 0"),
        (lambda: grade_lab("alt", D("NaN"), "U/L", uln=D("40")), "not a number"),
        (lambda: grade_lab("glucose", D("5"), "mmol/L"), "not a lab DoseDesk knows"),
    ],
)
def test_bad_input_is_refused_with_a_reason(call: object, words: str) -> None:
    with pytest.raises(InputError, match=words):
        call()  # type: ignore[operator]


def test_no_lln_needed_when_the_value_decides() -> None:
    assert grade_lab("neutrophils", D("1.49"), "10^9/L").grade == 2
    assert grade_lab("platelets", D("20"), "10^9/L").grade == 4
    assert grade_lab("hemoglobin", D("99"), "g/L").grade == 2


_FALLING = ["neutrophils", "platelets", "wbc", "lymphocytes", "hemoglobin"]
_RISING = ["alt", "ast", "alp", "bilirubin", "creatinine"]
_values = st.decimals(min_value=0, max_value=3000, places=2, allow_nan=False, allow_infinity=False)
_limits = st.decimals(min_value=D("0.1"), max_value=300, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(
    lab=st.sampled_from(LAB_KEYS),
    a=_values,
    b=_values,
    lln=_limits,
    width=_limits,
    baseline=st.one_of(st.none(), _limits),
    data=st.data(),
)
def test_the_grade_never_falls_as_a_value_worsens(
    lab: str,
    a: Decimal,
    b: Decimal,
    lln: Decimal,
    width: Decimal,
    baseline: Decimal | None,
    data: st.DataObject,
) -> None:
    kind = lab_kind(lab)
    unit = data.draw(st.sampled_from(kind.unit_names))
    limit = kind.max_si / kind.factor(unit)
    a, b = min(a, limit), min(b, limit)
    lln, uln = min(lln, limit / 2), min(lln + width, limit)
    baseline = None if baseline is None else min(baseline, limit)
    better, worse = (max(a, b), min(a, b)) if lab in _FALLING else (min(a, b), max(a, b))
    refs = {"lln": lln, "uln": uln, "baseline": baseline}
    graded_better = grade_lab(lab, better, unit, **refs)
    graded_worse = grade_lab(lab, worse, unit, **refs)
    assert graded_worse.grade >= graded_better.grade
    assert 0 <= graded_worse.grade <= 4


def test_data_file_matches_the_ctcae_text() -> None:
    """Each boundary in lab-grading.toml is written in the CTCAE definition of the grade it opens."""
    si_marker = {
        "neutrophils": "10e9",
        "platelets": "10e9",
        "wbc": "10e9",
        "lymphocytes": "10e9",
        "hemoglobin": "g/L",
    }
    for lab, grading in lab_gradings().items():
        tables = [grading.grades] + (
            [grading.baseline_abnormal_grades] if grading.baseline_abnormal_grades else []
        )
        for table in tables:
            for grade, conditions in table.items():
                text = grading.term.definition(grade)
                assert text is not None
                parts = [p.replace(" ", "") for p in text.split(";")]
                for c in conditions:
                    number = (
                        "" if c.ref is not None and c.multiple == 1 and "x" not in c.text else str(c.multiple)
                    )
                    if c.ref is None:
                        wanted, marker = f"{c.op}{number}", si_marker[lab]
                    elif number == "":
                        wanted, marker = f"{c.op}{c.ref}", ""
                    else:
                        wanted, marker = f"{c.op}{number}", f"x{c.ref}"
                    if (
                        c.op == ">="
                    ):  # CTCAE writes an inclusive lower end with no sign: "1.5 - 3.0 x baseline"
                        pattern = re.compile(rf"(?<![<>\d.]){re.escape(number)}-")
                        found = [p for p in parts if pattern.search(p) and marker in p]
                    else:
                        found = [
                            p for p in parts if re.search(rf"{re.escape(wanted)}(?![\d.])", p) and marker in p
                        ]
                    assert found, f"{lab} grade {grade}: {c.text!r} is not in CTCAE's {text!r}"


def _result(lab: str, value: str, unit: str, **refs: str) -> LabResult:
    return LabResult(lab, D(value), unit, date(2026, 1, 5), **{k: D(v) for k, v in refs.items()})


def test_grade_result_with_a_baseline_in_another_unit() -> None:
    current = _result("bilirubin", "40", "µmol/L", uln="21")
    baseline = _result("bilirubin", "2.0", "mg/dL", uln="1.2")  # 34.2 µmol/L, abnormal
    graded = grade_result(current, baseline)
    assert graded.grade == 1  # 40 > 1.0 x 34.2 and ≤ 1.5 x 34.2
    assert grade_result(current).grade == 2  # 40 > 1.5 x 21 without the baseline
    with pytest.raises(InputError, match="baseline is a"):
        grade_result(current, _result("alt", "30", "U/L"))


def test_propose_from_lab() -> None:
    anc = _result("neutrophils", "0.4", "10^9/L", lln="1.8")
    proposal = propose_from_lab(NCT, anc, None, D("5"), 1)
    assert proposal is not None
    assert (proposal.grade.grade, proposal.toxicity) == (4, "neutropenia")
    assert (proposal.proposal.action, proposal.proposal.resume_mg_per_kg) == ("hold", D("4"))
    # grade 2 neutropenia reaches no rule
    assert propose_from_lab(NCT, _result("neutrophils", "1200", "cells/µL", lln="1800"), None, D("5")) is None
    # grade 3 neutropenia, second time: reduce
    again = propose_from_lab(NCT, _result("neutrophils", "0.9", "10^9/L"), None, D("4"), 2)
    assert again is not None and again.proposal.resume_mg_per_kg == D("3")
    # a white-cell count has no rule of its own and is haematological: nothing proposed
    assert propose_from_lab(NCT, _result("wbc", "0.5", "10^9/L"), None, D("5")) is None
    # ALT grade 3 is a non-haematological grade 3: hold, one level lower
    alt = propose_from_lab(NCT, _result("alt", "201", "U/L", uln="40"), None, D("5"))
    assert alt is not None and alt.toxicity == "Alanine aminotransferase increased"
    assert (alt.proposal.action, alt.proposal.resume_mg_per_kg) == ("hold", D("4"))
    # an abnormal baseline lowers the ALT grade below any rule
    high_baseline = _result("alt", "150", "U/L", uln="40")
    assert propose_from_lab(NCT, _result("alt", "201", "U/L", uln="40"), high_baseline, D("5")) is None
    # platelets grade 4 at the lowest level: discontinue
    plt = propose_from_lab(NCT, _result("platelets", "20000", "/mm³", lln="150000"), None, D("3"))
    assert plt is not None and plt.proposal.action == "discontinue"
    # anaemia grade 3 from the value
    hb = propose_from_lab(NCT, _result("hemoglobin", "7.5", "g/dL", lln="12"), None, D("5"))
    assert hb is not None and (hb.toxicity, hb.proposal.hold_until_grade) == ("anaemia", 2)
    # normal: nothing
    assert propose_from_lab(NCT, _result("platelets", "250", "10^9/L", lln="150"), None, D("5")) is None


def test_propose_from_lab_second_regimen() -> None:
    proposal = propose_from_lab(SG, _result("neutrophils", "450", "cells/µL"), None, D("10"))
    assert proposal is not None
    assert (proposal.proposal.action, proposal.proposal.resume_mg_per_kg) == ("hold", D("7.5"))
    # grade 4 platelets are withheld at the time of treatment, as the label says
    platelets = propose_from_lab(SG, _result("platelets", "20", "10^9/L"), None, D("10"))
    assert platelets is not None and platelets.toxicity == "thrombocytopenia"
    assert (platelets.proposal.action, platelets.proposal.resume_mg_per_kg) == ("hold", D("10"))
    # a white-cell count has no rule and is haematological: nothing proposed
    assert propose_from_lab(SG, _result("wbc", "0.5", "10^9/L"), None, D("10")) is None
