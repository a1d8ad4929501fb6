"""The protocol file's [eligibility] section: the registry record's criteria as data, checked when loaded."""

from __future__ import annotations

import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.paths import protocols_dir
from app.protocol import ProtocolError, load_protocol, parse_protocol
from app.protocol.model import (
    AgeMeasure,
    ConsentMeasure,
    EcogMeasure,
    LabMeasure,
    LiveVaccineMeasure,
    LvefMeasure,
    PregnancyTestMeasure,
    QtcfMeasure,
    UrineProteinMeasure,
)
from app.text import Message, message_of

NCT = protocols_dir() / "nct07343453.toml"
ROOT = Path(__file__).resolve().parents[2]


def rules():  # type: ignore[no-untyped-def]
    found = load_protocol("nct07343453").eligibility
    assert found is not None
    return found


def test_the_registry_records_eleven_inclusion_and_seventeen_exclusion_criteria_by_its_numbering() -> None:
    ids = [c.id for c in rules().criteria]
    assert ids == [f"I{n}" for n in range(1, 12)] + [f"E{n}" for n in range(1, 18)]


def test_organ_function_qtc_pregnancy_and_vaccines_are_checked_in_items() -> None:
    items = {item.id: item for item in rules().items}
    assert [i.id for i in rules().criterion("I8").items] == [  # type: ignore[union-attr]
        "I8.neutrophils",
        "I8.platelets",
        "I8.hemoglobin",
        "I8.renal",
        "I8.urine_protein",
        "I8.ast",
        "I8.alt",
        "I8.bilirubin",
        "I8.albumin",
        "I8.coagulation",
        "I8.lvef",
    ]
    assert {"E6.qtcf", "E6.cardiac_history", "I10.pregnancy_test", "I10.contraception", "E17.recent"} <= set(
        items
    )
    assert all(items[i].kind == "measurable" for i in items if i.startswith("I8."))
    assert items["E6.cardiac_history"].kind == "attested"
    assert items["I1"].kind == "attested" and items["I1"].measure is None


def test_each_measurable_item_carries_its_limit_comparison_unit_and_evidence_age() -> None:
    items = {item.id: item for item in rules().items}
    neutrophils = items["I8.neutrophils"].measure
    assert neutrophils == LabMeasure(("neutrophils",), "all", "min", D("1.5"), "10^9/L", None, None, 14)
    hemoglobin = items["I8.hemoglobin"].measure
    assert isinstance(hemoglobin, LabMeasure) and hemoglobin.comparison == "above" and hemoglobin.limit == 90
    ast = items["I8.ast"].measure
    assert isinstance(ast, LabMeasure)
    assert (ast.comparison, ast.limit, ast.liver_metastases_limit, ast.unit) == ("uln", 3, 5, None)
    bilirubin = items["I8.bilirubin"].measure
    assert isinstance(bilirubin, LabMeasure) and bilirubin.liver_metastases_limit == 3
    renal = items["I8.renal"].measure
    assert isinstance(renal, LabMeasure) and renal.or_crcl_min_ml_per_min == 50 and renal.limit == D("1.5")
    coagulation = items["I8.coagulation"].measure
    assert isinstance(coagulation, LabMeasure) and coagulation.labs == ("inr", "aptt")
    assert coagulation.combine == "any"
    assert items["I8.urine_protein"].measure == UrineProteinMeasure("2+", D("1.0"), "g/24h", 14)
    assert items["I8.lvef"].measure == LvefMeasure("min", D(50), 14)
    assert items["I5"].measure == AgeMeasure("min", 18, "consent_date")
    assert items["I6"].measure == EcogMeasure("max", 1)
    assert items["E6.qtcf"].measure == QtcfMeasure(470, 450, 28)
    assert items["I10.pregnancy_test"].measure == PregnancyTestMeasure(3)
    assert items["I10.pregnancy_test"].applies_to == "childbearing_potential"
    assert items["I11"].applies_to == "male" and items["E14"].applies_to == "female"
    assert items["E17.recent"].measure == LiveVaccineMeasure(28)
    assert items["I9"].measure == ConsentMeasure()


def test_values_no_public_source_confirms_are_marked_unconfirmed() -> None:
    protocol = load_protocol("nct07343453")
    assert protocol.is_unconfirmed("eligibility.criteria.I8.neutrophils.limit")
    assert protocol.is_unconfirmed("eligibility.criteria.E6.qtcf.max_age_days")
    assert not protocol.is_unconfirmed("eligibility.criteria.I8.platelets.limit")
    assert not protocol.is_unconfirmed("eligibility.criteria.E6.qtcf.limit")


def test_the_second_regimen_defines_no_eligibility() -> None:
    assert load_protocol("sacituzumab-govitecan").eligibility is None


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        (
            '[eligibility.criteria.I8.platelets]\ntext = "Platelets ≥ 100 ×10⁹/L"\nkind = "measurable"',
            '[eligibility.criteria.I8.platelets]\ntext = "Platelets ≥ 100 ×10⁹/L"\nkind = "measured"',
            "eligibility.criteria.I8.platelets.kind",
            "must be one of measurable, attested",
        ),
        (
            'lab = "albumin"',
            'lab = "prealbumin"',
            "eligibility.criteria.I8.albumin.lab",
            "names 'prealbumin', which is not a lab DoseDesk knows",
        ),
        (
            'limit = "28"\nunit = "g/L"',
            'limit = "28"\nunit = "furlongs"',
            "eligibility.criteria.I8.albumin.unit",
            "is not usable",
        ),
        (
            'limit = "28"\nunit = "g/L"',
            'limit = "-28"\nunit = "g/L"',
            "eligibility.criteria.I8.albumin.limit",
            "must be a positive number",
        ),
        (
            'limit = "1.5"\nliver_metastases_limit = "3"',
            'limit = "1.5"\nliver_metastases_limit = "1"',
            "eligibility.criteria.I8.bilirubin.liver_metastases_limit",
            "must not be stricter than the limit",
        ),
        (
            "max_age_days = 14\n\n[eligibility.criteria.I8.platelets]",
            "max_age_day = 14\n\n[eligibility.criteria.I8.platelets]",
            "eligibility.criteria.I8.neutrophils.max_age_day",
            "is not a field of an eligibility criterion here",
        ),
        (
            'measure = "ecog"\ncomparison = "max"',
            'measure = "ecog"\ncomparison = "min"',
            "eligibility.criteria.I6.comparison",
            "must be one of max, below",
        ),
        (
            "limit = { male = 450, female = 470 }",
            "limit = { male = 450 }",
            "eligibility.criteria.E6.qtcf.limit.female",
            "is missing",
        ),
        (
            '[eligibility.criteria.E3]\ntext = "Grade 3–4 interstitial lung disease"\nkind = "attested"',
            '[eligibility.criteria.E3]\ntext = "Grade 3–4 interstitial lung disease"\nkind = "attested"\nlimit = "3"',
            "eligibility.criteria.E3.limit",
            "is not a field of an eligibility criterion here",
        ),
        (
            "[eligibility.criteria.E3]",
            "[eligibility.criteria.E33]",
            "eligibility.criteria.E3",
            "is missing: criteria E1, E2, … are numbered without a gap",
        ),
        (
            "[eligibility.criteria.E3]",
            "[eligibility.criteria.X3]",
            "eligibility.criteria.X3",
            "is not a criterion id",
        ),
        (
            'combine = "any"',
            'combine = "either"',
            "eligibility.criteria.I8.coagulation.combine",
            "must be one of any, all",
        ),
        (
            'text = "Life expectancy of at least 12 weeks"',
            'text = ""',
            "eligibility.criteria.I7.text",
            "must be a non-empty text",
        ),
        (
            'measure = "lvef"\ncomparison = "min"\nlimit = "50"',
            'measure = "lvef"\ncomparison = "min"\nlimit = "150"',
            "eligibility.criteria.I8.lvef.limit",
            "must be a percentage up to 100",
        ),
        (
            '[eligibility.criteria.I8]\ntext = "Adequate organ function',
            '[eligibility.criteria.I8]\nkind = "measurable"\ntext = "Adequate organ function',
            "eligibility.criteria.I8.kind",
            "has no place beside the criterion's items",
        ),
        (
            '    "eligibility.criteria.I8.neutrophils.limit",',
            '    "eligibility.criteria.I8.neutrophil.limit",',
            "protocol.unconfirmed",
            "lists 'eligibility.criteria.I8.neutrophil.limit', which is not a field of the file",
        ),
    ],
)
def test_a_broken_eligibility_section_is_refused_naming_its_field(
    old: str, new: str, field: str, problem: str, tmp_path: Path
) -> None:
    text = NCT.read_text(encoding="utf-8")
    assert old in text, old
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProtocolError) as err:
        parse_protocol(broken, broken.read_bytes())
    said = message_of(err.value)
    assert isinstance(said, Message)
    assert "broken.toml" in said
    assert f"'{field}'" in said
    assert problem in said


def test_the_eligibility_texts_are_collected_for_translation() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import messages as catalogue  # tools/messages.py
    finally:
        sys.path.remove(str(ROOT / "tools"))
    texts = catalogue.protocol_texts()
    for item in rules().items:
        assert item.text in texts, item.id
    for criterion in rules().criteria:
        assert criterion.text in texts, criterion.id
