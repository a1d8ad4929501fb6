"""The Chinese CTCAE v5.0 shipped with DoseDesk (resources/ctcae/ctcae-v5-zh-*.csv): aligned with the English
by MedDRA code, every term and grade definition translated, numbers and units kept, no English left over; and
the search in Chinese, in English and by MedDRA code."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from app.toxicity.ctcae import (
    CHINESE_DEFINITIONS_FILE,
    CHINESE_SOC_FILE,
    CHINESE_TERMS_FILE,
    GRADES,
    TERMS_FILE,
    all_terms,
    chinese_definition,
    ctcae_dir,
    find_term,
    read_rows,
    search_terms,
)

ENGLISH = read_rows(ctcae_dir() / TERMS_FILE)
CHINESE = read_rows(ctcae_dir() / CHINESE_TERMS_FILE)
DEFINITIONS = read_rows(ctcae_dir() / CHINESE_DEFINITIONS_FILE)
SOCS = read_rows(ctcae_dir() / CHINESE_SOC_FILE)
HAN = re.compile(r"[\u4e00-\u9fff]")
OTHER_SPECIFY = " - Other, specify"
OTHER_SPECIFY_ZH = "-其他（请注明）"


def _definitions(row: dict[str, str]) -> list[str]:
    return [row[f"grade{g}"].strip() for g in GRADES if row[f"grade{g}"].strip()]


# --- alignment -------------------------------------------------------------------------------------------------


def test_every_term_has_one_chinese_row_with_its_code_and_name() -> None:
    english = [(r["meddra_code"], r["term"]) for r in ENGLISH]
    chinese = [(r["meddra_code"].strip(), r["term"].strip()) for r in CHINESE]
    assert len(english) == 837
    assert [code for code, n in Counter(c for c, _ in chinese).items() if n > 1] == []  # one row a code
    assert sorted(set(english) - set(chinese)) == []  # a term or code without a Chinese row
    assert sorted(set(chinese) - set(english)) == []  # a Chinese row without its English term
    assert chinese == english  # and in NCI's order, so a reviewer can read both files side by side


def test_the_chinese_rows_list_the_grades_the_english_defines() -> None:
    grades = {r["meddra_code"]: [g for g in GRADES if r[f"grade{g}"].strip()] for r in ENGLISH}
    differ = {
        r["term"]: r["grades"]
        for r in CHINESE
        if [int(g) for g in r["grades"].split()] != grades[r["meddra_code"].strip()]
    }
    assert differ == {}


def test_every_distinct_grade_definition_is_translated_once() -> None:
    used = {d for r in ENGLISH for d in _definitions(r)}
    listed = [r["english"].strip() for r in DEFINITIONS]
    assert len(used) == 1085
    assert [d for d, n in Counter(listed).items() if n > 1] == []
    assert sorted(used - set(listed)) == []  # a definition without Chinese
    assert sorted(set(listed) - used) == []  # a Chinese definition no term uses


def test_no_cell_is_empty_and_every_name_is_chinese() -> None:
    names = [r["term_zh"].strip() for r in CHINESE]
    assert [r["term"] for r in CHINESE if not HAN.search(r["term_zh"])] == []
    assert [d["english"] for d in DEFINITIONS if not d["chinese"].strip()] == []
    # A definition of figures and symbols only (">100,000/mm3", ">ULN - 1.5 x ULN") reads the same in Chinese.
    assert [
        d["english"] for d in DEFINITIONS if not HAN.search(d["chinese"]) and _has_words(d["english"])
    ] == []
    assert [n for n, count in Counter(names).items() if count > 1] == []  # two terms, one Chinese name
    assert {r["soc"] for r in SOCS} == {r["soc"] for r in ENGLISH} and len(SOCS) == 26
    assert [r["soc"] for r in SOCS if not HAN.search(r["soc_zh"])] == []


def _has_words(english: str) -> bool:
    """Whether a definition has words to translate, besides its figures, units and symbols."""
    return bool(re.search(r"[A-Za-z]", KEPT.sub(" ", re.sub(r"degrees [CF]\b", " ", english))))


def test_other_specify_is_rendered_the_same_way_for_every_system_organ_class() -> None:
    soc_zh = {r["soc"]: r["soc_zh"] for r in SOCS}
    soc_of = {r["meddra_code"]: r["soc"] for r in ENGLISH}
    others = [r for r in CHINESE if r["term"].endswith(OTHER_SPECIFY)]
    assert len(others) == 26
    assert {r["term"]: r["term_zh"] for r in others} == {
        r["term"]: soc_zh[soc_of[r["meddra_code"]]] + OTHER_SPECIFY_ZH for r in others
    }
    assert [r["term_zh"] for r in CHINESE if "其他" in r["term_zh"] and r not in others] == []


def test_each_row_says_whether_and_by_whom_it_was_reviewed() -> None:
    for row in CHINESE:
        status, by, on = row["reviewed"].strip(), row["reviewed_by"].strip(), row["reviewed_on"].strip()
        assert status in ("yes", "no"), row
        if status == "no":
            assert not by and not on, row
        else:
            assert by and date.fromisoformat(on) <= date.today(), row


# --- numbers, units and leftovers --------------------------------------------------------------------------

# What a Chinese definition keeps exactly as the English writes it.
UNITS = (
    "mmol/L", "mg/dL", "g/dL", "g/L", "/mm3", "10e9", "/L", "mmHg", "mm Hg", "dB", "HL", "kHz", "ml/min",
    "ml/hr", "mL/kg", "cc/kg", "kg/m2", "m2", "cm", "ms", "kg", "ml", "mL", "cc", "g/24", "LLN", "ULN", "x",
    "pH", "QTc", "FEV1", "FVC", "PaO2", "O2", "BMI", "eGFR", "CrCl", "T2/FLAIR",
)  # fmt: skip
# Besides the units, the abbreviations a Chinese report prints as they are.
ABBREVIATIONS = (
    "ANC", "BNP", "DAT", "Coombs", "Tanner", "SD", "Hgb", "EIOP", "SNHL", "DILI", "EF", "ST", "TSH", "P/C", "B",
    "T", "Z", "g",
)  # fmt: skip
KEPT = re.compile(
    "|".join(
        rf"(?<![A-Za-z]){re.escape(token)}(?![A-Za-z])"
        for token in sorted((*UNITS, *ABBREVIATIONS), key=len, reverse=True)
    )
)
SIGNS = ("<=", ">=", "≤", "≥", "<", ">", "%", "+")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _signs(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for sign in SIGNS:  # the two-character signs first
        counts[sign] = text.count(sign)
        text = text.replace(sign, " ")
    return counts


def _units(text: str) -> Counter[str]:
    return Counter(u for u in UNITS for _ in re.finditer(rf"(?<![A-Za-z]){re.escape(u)}(?![A-Za-z])", text))


def _problems(english: str, chinese: str) -> list[str]:
    problems = []
    if Counter(NUMBER.findall(english)) != Counter(NUMBER.findall(chinese)):
        problems.append(f"numbers {sorted(NUMBER.findall(english))} vs {sorted(NUMBER.findall(chinese))}")
    if _signs(english) != _signs(chinese):
        problems.append(f"signs {dict(_signs(english))} vs {dict(_signs(chinese))}")
    missing = _units(english) - _units(chinese)
    if missing:
        problems.append(f"units {sorted(missing)}")
    left = re.findall(r"[A-Za-z]+", KEPT.sub(" ", chinese.replace("°C", "").replace("°F", "")))
    if left:
        problems.append(f"English left over: {left}")
    if re.search(r"[;()]|,(?!\d{3})", chinese):
        problems.append("English punctuation")
    return problems


def test_every_number_sign_and_unit_of_a_definition_is_in_its_chinese() -> None:
    found = {
        d["english"]: problems for d in DEFINITIONS if (problems := _problems(d["english"], d["chinese"]))
    }
    assert found == {}


def test_the_check_catches_a_changed_number_a_lost_unit_a_flipped_sign_and_english_left_over() -> None:
    english = "ANC <1000/mm3 with a single temperature of >38.3 degrees C; limiting self care ADL"
    assert _problems(english, "ANC <1000/mm3，单次体温 >38.3 °C；自理性日常生活活动受限") == []
    assert _problems(english, "ANC <100/mm3，单次体温 >38.3 °C；自理性日常生活活动受限")
    assert _problems(english, "ANC <1000，单次体温 >38.3 °C；自理性日常生活活动受限")
    assert _problems(english, "ANC >1000/mm3，单次体温 >38.3 °C；自理性日常生活活动受限")
    assert _problems(english, "ANC <1000/mm3，单次体温 >38.3 °C；self care ADL 受限")


def test_term_names_keep_no_english_but_their_letters_and_numbers() -> None:
    allowed = {"I", "II", "T", "QT", "CD4", "EB"}
    left = {r["term"]: w for r in CHINESE if (w := set(re.findall(r"[A-Za-z0-9]+", r["term_zh"])) - allowed)}
    assert left == {}


# --- the core's terms in Chinese -----------------------------------------------------------------------------


def test_each_term_carries_its_chinese_name_and_grade_definitions() -> None:
    for term in all_terms():
        chinese = term.chinese
        assert chinese is not None, term.term
        assert chinese.meddra_code == term.meddra_code
        assert [d is None for d in chinese.grade_definitions] == [d is None for d in term.grade_definitions]
        for english, said in zip(term.grade_definitions, chinese.grade_definitions, strict=True):
            assert english is None or said == chinese_definition(english), term.term
            assert english is None or said != english or not _has_words(english), term.term
    neutrophils = find_term("Neutrophil count decreased")
    assert neutrophils is not None and neutrophils.chinese is not None
    assert (neutrophils.chinese.name, neutrophils.chinese.soc) == ("中性粒细胞计数降低", "各类检查")
    assert neutrophils.chinese.definition(4) == "<500/mm3；<0.5 x 10e9 /L"
    assert not neutrophils.chinese.review.reviewed and neutrophils.chinese.review.by is None
    febrile = find_term("Febrile neutropenia")
    assert febrile is not None and febrile.chinese is not None
    assert febrile.chinese.definition(2) is None and febrile.chinese.definition(5) == "死亡"


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Neutrophil count decreased", "中性粒细胞计数降低"),
        ("Anemia", "贫血"),
        ("Mucositis oral", "口腔黏膜炎"),
        ("Pneumonitis", "肺炎"),
        ("Infusion related reaction", "输液相关反应"),
        ("Platelet count decreased", "血小板计数降低"),
        ("Diarrhea", "腹泻"),
    ],
)
def test_the_usual_chinese_clinical_names(english: str, chinese: str) -> None:
    term = find_term(english)
    assert term is not None and term.chinese is not None and term.chinese.name == chinese


def test_adl_is_said_one_way_in_every_definition() -> None:
    for d in DEFINITIONS:
        english, chinese = d["english"], d["chinese"]
        if "instrumental ADL" in english:
            assert "工具性日常生活活动" in chinese, english
        if re.search(r"self[ -]care ADL", english):
            assert "自理性日常生活活动" in chinese, english
        if english.startswith("Life-threatening consequences"):
            assert chinese.startswith("危及生命"), english
    assert chinese_definition("Death") == "死亡"


# --- search ---------------------------------------------------------------------------------------------------


def _names(query: str, limit: int = 20) -> list[str]:
    return [t.term for t in search_terms(query, limit)]


def test_search_in_chinese_best_matches_first() -> None:
    assert _names("中性粒细胞")[:2] == ["Neutrophil count decreased", "Febrile neutropenia"]
    assert _names("贫血")[0] == "Anemia"
    assert _names("口腔黏膜炎")[0] == "Mucositis oral"
    assert _names("肺炎")[0] == "Pneumonitis"
    assert _names("输液")[0] == "Infusion related reaction"
    assert _names("血小板")[0] == "Platelet count decreased"
    assert "Neutrophil count decreased" in _names("粒细胞")  # part of a name
    assert _names("血小板 降低")[0] == "Platelet count decreased"  # words in any order
    assert _names("不存在的术语") == []
    assert len(search_terms("炎", 5)) == 5


def test_search_in_chinese_finds_the_words_clinicians_use() -> None:
    assert _names("中性粒细胞减少")[:2] == ["Neutrophil count decreased", "Febrile neutropenia"]
    assert _names("手足综合征")[0] == "Palmar-plantar erythrodysesthesia syndrome"
    assert _names("间质性肺病") == ["Pneumonitis"]
    assert _names("转氨酶升高")[:2] == [
        "Alanine aminotransferase increased",
        "Aspartate aminotransferase increased",
    ]


def test_search_in_chinese_by_system_organ_class() -> None:
    found = search_terms("眼器官疾病", 100)
    assert len(found) == 26 and all(t.soc == "Eye disorders" for t in found)


def test_every_term_is_found_first_by_its_chinese_name_and_by_its_code() -> None:
    for term in all_terms():
        assert term.chinese is not None
        assert search_terms(term.chinese.name, 1) == [term], term.term
        assert search_terms(term.meddra_code, 1) == [term], term.meddra_code


def test_search_by_meddra_code() -> None:
    assert _names("10029366") == ["Neutrophil count decreased"]
    assert "Neutrophil count decreased" in _names("1002936", 100)
    assert _names(" 10002272 ") == ["Anemia"]


def test_search_in_english_is_as_before() -> None:
    assert _names("neutropenia")[:2] == ["Neutrophil count decreased", "Febrile neutropenia"]
    assert _names("anaemia")[0] == "Anemia"
    assert _names("cd4")[0] == "CD4 lymphocytes decreased"  # digits in a name are not a code


def test_without_the_chinese_files_the_terms_stay_english(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from app.toxicity import ctcae

    all_terms()  # the English, read from the shipped folder
    monkeypatch.setattr(ctcae, "ctcae_dir", lambda: tmp_path)  # a folder without the Chinese files
    ctcae._chinese.cache_clear()
    try:
        anemia = find_term("Anemia")
        assert anemia is not None and anemia.chinese is None
        assert search_terms("贫血") == [] and _names("anemia")[0] == "Anemia"
        assert chinese_definition("Death") is None
    finally:
        ctcae._chinese.cache_clear()
