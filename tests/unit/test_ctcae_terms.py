"""The CTCAE v5.0 term list: loading, lookup, search, and the protocol's rule keys."""

from __future__ import annotations

import csv

import pytest

from app.errors import InputError
from app.protocol import load_protocol
from app.toxicity.ctcae import (
    all_terms,
    ctcae_dir,
    find_term,
    require_term,
    rule_key_for,
    search_terms,
    term_by_code,
    unknown_protocol_terms,
)

NCT = load_protocol("nct07343453")
SG = load_protocol("sacituzumab-govitecan")


def test_every_row_is_loaded() -> None:
    with (ctcae_dir() / "ctcae-v5-terms.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    terms = all_terms()
    assert len(terms) == len(rows) == 837
    assert len({t.soc for t in terms}) == 26
    assert sum(t.term.endswith(" - Other, specify") for t in terms) == 26
    assert [t.term for t in terms] == [r["term"] for r in rows]
    assert all(len(t.grade_definitions) == 5 for t in terms)


def test_a_term_with_its_grades() -> None:
    anemia = find_term("anemia")
    assert anemia is not None
    assert (anemia.meddra_code, anemia.soc) == ("10002272", "Blood and lymphatic system disorders")
    assert anemia.definition(1) == "Hemoglobin (Hgb) <LLN - 10.0 g/dL; <LLN - 6.2 mmol/L; <LLN - 100 g/L"
    assert anemia.definition(5) == "Death"
    febrile = require_term("Febrile neutropenia")
    assert febrile.grades == (3, 4, 5)
    assert febrile.definition(1) is None and febrile.definition(2) is None
    nausea = require_term("Nausea")
    assert nausea.grades == (1, 2, 3)
    with pytest.raises(InputError, match="grades run from 1 to 5"):
        nausea.definition(6)


def test_lookup_ignores_case_and_spacing() -> None:
    assert find_term("  MUCOSITIS   oral ") == find_term("Mucositis oral")
    assert find_term("Mucositis") is None
    assert term_by_code("10028130") == find_term("Mucositis oral")
    with pytest.raises(InputError, match=r"not a CTCAE v5\.0 term"):
        require_term("Mucositis")


def _names(query: str, limit: int = 20) -> list[str]:
    return [t.term for t in search_terms(query, limit)]


def test_search_best_matches_first() -> None:
    assert _names("anemia")[0] == "Anemia"
    assert _names("nausea")[0] == "Nausea"
    assert _names("neutropenia")[:2] == ["Neutrophil count decreased", "Febrile neutropenia"]
    assert _names("mucositis")[0] == "Mucositis oral"
    assert "Anal mucositis" in _names("mucositis")
    rash = _names("rash")
    assert rash[:2] == ["Rash acneiform", "Rash maculo-papular"]
    assert _names("alt")[0] == "Alanine aminotransferase increased"
    assert _names("ILD") == ["Pneumonitis"]


def test_search_british_spellings() -> None:
    assert _names("anaemia")[0] == "Anemia"
    assert _names("diarrhoea")[0] == "Diarrhea"
    assert "Edema limbs" in _names("oedema")
    assert any("hemorrhage" in n.lower() for n in _names("haemorrhage"))


def test_search_by_system_organ_class() -> None:
    found = search_terms("investigations", 200)
    assert len(found) > 40
    assert all(t.soc == "Investigations" for t in found)
    words = search_terms("eye disorders blurred")
    assert [t.term for t in words] == ["Blurred vision"]


def test_search_several_words_any_order() -> None:
    assert _names("decreased neutrophil")[0] == "Neutrophil count decreased"
    assert _names("count platelet")[0] == "Platelet count decreased"


def test_search_limit_and_empty_query() -> None:
    assert len(search_terms("a", 5)) == 5
    assert search_terms("", 3) == list(all_terms()[:3])
    assert search_terms("zzzz-no-such-thing") == []
    with pytest.raises(InputError):
        search_terms("rash", 0)


def test_rule_keys_map_onto_terms() -> None:
    assert rule_key_for(NCT, "Neutrophil count decreased") == "neutropenia"
    assert rule_key_for(NCT, "platelet count decreased") == "thrombocytopenia"
    assert rule_key_for(NCT, "Anemia") == "anaemia"
    assert rule_key_for(NCT, "Mucositis oral") == "stomatitis"
    assert rule_key_for(NCT, "Pneumonitis") == "pneumonitis"
    assert rule_key_for(NCT, "Infusion related reaction") == "infusion_reaction"
    assert rule_key_for(NCT, "Fatigue") is None
    # the ocular surface: cornea and conjunctiva
    for term in ("Keratitis", "Dry eye", "Conjunctivitis", "Corneal ulcer"):
        assert rule_key_for(NCT, term) == "keratitis", term
    ocular_surface = {t.term for t in search_terms("ocular surface", 10)}
    assert {"Keratitis", "Dry eye", "Conjunctivitis", "Corneal ulcer"} <= ocular_surface
    assert rule_key_for(SG, "Anaphylaxis") == "infusion_reaction"
    assert rule_key_for(SG, "Mucositis oral") is None


@pytest.mark.parametrize("protocol", [NCT, SG], ids=lambda p: p.id)
def test_every_protocol_term_is_a_ctcae_term(protocol: object) -> None:
    assert unknown_protocol_terms(protocol) == []  # type: ignore[arg-type]
