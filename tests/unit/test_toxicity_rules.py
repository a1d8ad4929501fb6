"""The toxicity rules table of docs/domain.md §6, row by row, through the protocol files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import InputError
from app.paths import protocols_dir
from app.protocol import Protocol, load_protocol, parse_protocol
from app.toxicity.ctcae import all_terms
from app.toxicity.rules import propose_action, resolve_toxicity

NCT = load_protocol("nct07343453")
SG = load_protocol("sacituzumab-govitecan")
D = Decimal

# (toxicity, grade, occurrence, level, action, hold_until_grade, resume level, rule text starts with)
# Every row of the protocol's rules table (docs/domain.md §6), first occurrence and recurrence, named by rule key and by CTCAE term.
TABLE = [
    # neutropenia 3: hold ≤ 1, same level; reduce one level if it recurs
    ("neutropenia", 3, 1, "5", "hold", 1, "5", "Neutropenia grade 3"),
    ("neutropenia", 3, 2, "5", "hold", 1, "4", "Neutropenia grade 3"),
    ("Neutrophil count decreased", 3, 3, "4", "hold", 1, "3", "Neutropenia grade 3"),
    # neutropenia 4 or febrile neutropenia: hold ≤ 1, one level lower (first time and again)
    ("neutropenia", 4, 1, "5", "hold", 1, "4", "Neutropenia grade 4"),
    ("neutropenia", 4, 2, "4", "hold", 1, "3", "Neutropenia grade 4"),
    ("febrile_neutropenia", 3, 1, "5", "hold", 1, "4", "Febrile neutropenia"),
    ("Febrile neutropenia", 4, 2, "4", "hold", 1, "3", "Febrile neutropenia"),
    # thrombocytopenia 3: same, reduce if it recurs; 4: one level lower
    ("thrombocytopenia", 3, 1, "5", "hold", 1, "5", "Thrombocytopenia grade 3"),
    ("Platelet count decreased", 3, 2, "5", "hold", 1, "4", "Thrombocytopenia grade 3"),
    ("thrombocytopenia", 4, 1, "4", "hold", 1, "3", "Thrombocytopenia grade 4"),
    ("thrombocytopenia", 4, 2, "5", "hold", 1, "4", "Thrombocytopenia grade 4"),
    # anaemia 3 / 4: hold ≤ 2; same level / one level lower (no recurrence rule: same again)
    ("anaemia", 3, 1, "5", "hold", 2, "5", "Anaemia grade 3"),
    ("Anemia", 3, 2, "4", "hold", 2, "4", "Anaemia grade 3"),
    ("anaemia", 4, 1, "5", "hold", 2, "4", "Anaemia grade 4"),
    ("Anemia", 4, 2, "4", "hold", 2, "3", "Anaemia grade 4"),
    # stomatitis or mucositis 2: same, reduce if it recurs; 3: one level lower; 4: discontinue
    ("stomatitis", 2, 1, "5", "hold", 1, "5", "Stomatitis/mucositis grade 2"),
    ("Mucositis oral", 2, 2, "5", "hold", 1, "4", "Stomatitis/mucositis grade 2"),
    ("stomatitis", 3, 1, "5", "hold", 1, "4", "Stomatitis/mucositis grade 3"),
    ("Mucositis oral", 3, 2, "4", "hold", 1, "3", "Stomatitis/mucositis grade 3"),
    ("stomatitis", 4, 1, "5", "discontinue", None, None, "Stomatitis/mucositis grade 4"),
    ("Mucositis oral", 4, 2, "4", "discontinue", None, None, "Stomatitis/mucositis grade 4"),
    # diarrhoea, nausea, vomiting 3 despite treatment: one level lower
    ("Diarrhea", 3, 1, "5", "hold", 1, "4", "Diarrhoea, nausea or vomiting grade 3"),
    ("Nausea", 3, 1, "4", "hold", 1, "3", "Diarrhoea, nausea or vomiting grade 3"),
    ("Vomiting", 3, 2, "5", "hold", 1, "4", "Diarrhoea, nausea or vomiting grade 3"),
    ("gi", 3, 1, "5", "hold", 1, "4", "Diarrhoea, nausea or vomiting grade 3"),
    # rash 3: one level lower
    ("rash", 3, 1, "5", "hold", 1, "4", "Rash grade 3"),
    ("Rash maculo-papular", 3, 2, "4", "hold", 1, "3", "Rash grade 3"),
    ("Rash acneiform", 3, 1, "5", "hold", 1, "4", "Rash grade 3"),
    # keratitis / ocular surface 2: same (again too); 3: one level lower
    ("keratitis", 2, 1, "5", "hold", 1, "5", "Keratitis/ocular surface grade 2"),
    ("Dry eye", 2, 2, "4", "hold", 1, "4", "Keratitis/ocular surface grade 2"),
    ("Keratitis", 3, 1, "5", "hold", 1, "4", "Keratitis/ocular surface grade 3"),
    ("Dry eye", 3, 2, "4", "hold", 1, "3", "Keratitis/ocular surface grade 3"),
    ("Conjunctivitis", 2, 1, "5", "hold", 1, "5", "Keratitis/ocular surface grade 2"),
    ("Corneal ulcer", 3, 1, "5", "hold", 1, "4", "Keratitis/ocular surface grade 3"),  # graded 3-4 only
    ("Conjunctivitis", 3, 1, "5", "hold", 1, "4", "Keratitis/ocular surface grade 3"),
    # ILD / pneumonitis 1: hold until resolved, same; ≥ 2: discontinue
    ("pneumonitis", 1, 1, "5", "hold", 0, "5", "Interstitial lung disease/pneumonitis grade 1"),
    ("Pneumonitis", 1, 2, "3", "hold", 0, "3", "Interstitial lung disease/pneumonitis grade 1"),
    ("pneumonitis", 2, 1, "5", "discontinue", None, None, "Interstitial lung disease/pneumonitis grade ≥ 2"),
    ("Pneumonitis", 3, 1, "5", "discontinue", None, None, "Interstitial lung disease/pneumonitis grade ≥ 2"),
    ("pneumonitis", 4, 1, "4", "discontinue", None, None, "Interstitial lung disease/pneumonitis grade ≥ 2"),
    ("pneumonitis", 5, 1, "4", "discontinue", None, None, "Interstitial lung disease/pneumonitis grade ≥ 2"),
    # infusion-related reaction 4: discontinue
    ("infusion_reaction", 4, 1, "5", "discontinue", None, None, "Infusion-related reaction grade 4"),
    ("Infusion related reaction", 4, 1, "5", "discontinue", None, None, "Infusion-related reaction grade 4"),
    # any other non-haematological 3: one level lower; 4: discontinue
    ("Fatigue", 3, 1, "5", "hold", 1, "4", "Other non-haematological grade 3"),
    ("Alopecia", 2, 1, "5", "continue", None, "5", None),
    ("Peripheral sensory neuropathy", 3, 2, "4", "hold", 1, "3", "Other non-haematological grade 3"),
    ("Infusion related reaction", 3, 1, "5", "hold", 1, "4", "Other non-haematological grade 3"),
    ("Colitis", 4, 1, "5", "discontinue", None, None, "Non-haematological grade 4"),
    ("Diarrhea", 4, 1, "5", "discontinue", None, None, "Non-haematological grade 4"),
    ("keratitis", 4, 1, "5", "discontinue", None, None, "Non-haematological grade 4"),
    ("rash", 4, 1, "5", "discontinue", None, None, "Non-haematological grade 4"),
    # haematological terms fall to no catch-all; grades the rules do not name continue
    ("White blood cell decreased", 4, 1, "5", "continue", None, "5", None),
    ("Lymphocyte count decreased", 4, 1, "4", "continue", None, "4", None),
    ("neutropenia", 2, 1, "5", "continue", None, "5", None),
    ("anaemia", 2, 1, "5", "continue", None, "5", None),
    ("stomatitis", 1, 1, "4", "continue", None, "4", None),
    ("Fatigue", 1, 1, "5", "continue", None, "5", None),
]


@pytest.mark.parametrize(
    ("toxicity", "grade", "occurrence", "level", "action", "hold", "resume", "rule"), TABLE
)
def test_every_row_of_the_rules_table(
    toxicity: str,
    grade: int,
    occurrence: int,
    level: str,
    action: str,
    hold: int | None,
    resume: str | None,
    rule: str | None,
) -> None:
    proposed = propose_action(NCT, toxicity, grade, D(level), occurrence)
    assert proposed.action == action
    assert proposed.hold_until_grade == hold
    assert proposed.resume_mg_per_kg == (None if resume is None else D(resume))
    if rule is None:
        assert proposed.rule is None
        assert proposed.rule_index is None
        assert "no rule" in proposed.explanation
    else:
        assert proposed.rule is not None and proposed.rule.startswith(rule)
        assert proposed.rule_index is not None
        assert NCT.toxicity.rules[proposed.rule_index].text == proposed.rule
    if action == "hold" and resume is not None:
        assert proposed.reduce == (D(resume) < D(level))
        assert proposed.resume == ("reduce" if proposed.reduce else "same")
    else:
        assert proposed.resume is None


REDUCING = [
    ("neutropenia", 4, 1),
    ("neutropenia", 3, 2),
    ("febrile_neutropenia", 3, 1),
    ("thrombocytopenia", 4, 1),
    ("thrombocytopenia", 3, 2),
    ("anaemia", 4, 1),
    ("stomatitis", 2, 2),
    ("stomatitis", 3, 1),
    ("Diarrhea", 3, 1),
    ("rash", 3, 1),
    ("keratitis", 3, 1),
    ("Fatigue", 3, 1),
]


@pytest.mark.parametrize(("toxicity", "grade", "occurrence"), REDUCING)
def test_a_reduction_below_the_lowest_level_discontinues(toxicity: str, grade: int, occurrence: int) -> None:
    proposed = propose_action(NCT, toxicity, grade, D("3"), occurrence)
    assert proposed.action == "discontinue"
    assert proposed.resume_mg_per_kg is None
    assert proposed.hold_until_grade is None
    assert proposed.reduce is True
    assert proposed.resume == "reduce"
    assert proposed.rule is not None
    assert "lowest level" in proposed.explanation
    assert "discontinu" in proposed.explanation


def test_same_level_rules_at_the_lowest_level_keep_it() -> None:
    proposed = propose_action(NCT, "neutropenia", 3, D("3"), 1)
    assert (proposed.action, proposed.resume_mg_per_kg, proposed.reduce) == ("hold", D("3"), False)


def test_explanation_and_names() -> None:
    proposed = propose_action(NCT, "neutropenia", 4, D("5"))
    assert proposed.toxicity == "neutropenia"
    assert proposed.term == "Neutrophil count decreased"
    assert proposed.explanation.startswith("Neutropenia grade 4: hold until grade ≤ 1")
    assert "4 mg/kg" in proposed.explanation
    recurring = propose_action(NCT, "Mucositis oral", 2, D("4"), 2)
    assert recurring.toxicity == "stomatitis"
    assert "occurred before" in recurring.explanation
    assert "3 mg/kg" in recurring.explanation
    resolved_rule = propose_action(NCT, "Pneumonitis", 1, D("5"))
    assert "until resolved" in resolved_rule.explanation
    other = propose_action(NCT, "Fatigue", 3, D("5"))
    assert other.toxicity == "Fatigue"  # no rule key stands for it: the term is its name


def test_level_given_with_trailing_zero_is_the_protocol_level() -> None:
    proposed = propose_action(NCT, "neutropenia", 3, D("5.0"))
    assert proposed.resume_mg_per_kg == D("5")
    assert str(proposed.resume_mg_per_kg) == "5"


@pytest.mark.parametrize("protocol", [NCT, SG], ids=["nct07343453", "sacituzumab-govitecan"])
def test_febrile_neutropenia_grade_5_is_death_not_a_hold(protocol: Protocol) -> None:
    """CTCAE grades febrile neutropenia 3 to 5; grade 5 is death: never "hold, then resume one level lower"."""
    proposed = propose_action(protocol, "Febrile neutropenia", 5, protocol.regimen.starting_level)
    assert proposed.action == "discontinue"
    assert proposed.hold_until_grade is None and proposed.resume_mg_per_kg is None
    assert "death" in proposed.explanation


_GRADE_5_NAMES = sorted({*NCT.toxicity.terms, *SG.toxicity.terms}) + [
    t.term for t in all_terms() if t.definition(5) is not None
]


@settings(max_examples=300, deadline=None)
@given(
    protocol=st.sampled_from([NCT, SG]), name=st.sampled_from(_GRADE_5_NAMES), occurrence=st.integers(1, 3)
)
def test_grade_5_always_ends_treatment(protocol: Protocol, name: str, occurrence: int) -> None:
    """Whatever the toxicity, grade 5 (death related to the adverse event) proposes no hold and no level."""
    try:
        proposed = propose_action(protocol, name, 5, protocol.regimen.starting_level, occurrence)
    except InputError:
        return  # a key of the other protocol, or a term CTCAE does not grade 5
    assert proposed.action == "discontinue"
    assert proposed.resume_mg_per_kg is None and proposed.hold_until_grade is None


def test_a_hold_rule_reaching_grade_5_in_a_site_file_is_not_applied_to_a_death() -> None:
    protocol = _with_rules(
        '[[toxicity.rules]]\nmatch = "any"\ngrades = [4, 5]\naction = "hold"\nhold_until_grade = 1\n'
        'resume = "reduce"\ntext = "Any grade 4 or more: hold"\n'
    )
    assert propose_action(protocol, "Anemia", 4, D("5")).rule_index == 0
    for name in ("Anemia", "Febrile neutropenia", "Colitis"):
        proposed = propose_action(protocol, name, 5, D("5"))
        assert proposed.action == "discontinue", name
        assert proposed.rule_index != 0


def test_grade_5_without_a_rule_ends_treatment() -> None:
    proposed = propose_action(NCT, "Anemia", 5, D("5"))
    assert proposed.action == "discontinue"
    assert proposed.rule is None
    assert "death" in proposed.explanation


@pytest.mark.parametrize(
    ("toxicity", "grade", "level", "occurrence", "words"),
    [
        ("neutropenia", 0, "5", 1, "grades run from 1 to 5"),
        ("neutropenia", 6, "5", 1, "grades run from 1 to 5"),
        ("neutropenia", 3, "4.5", 1, "not a dose level"),
        ("neutropenia", 3, "NaN", 1, "not a dose level"),
        ("neutropenia", 3, "5", 0, "occurrence"),
        ("neutropenai", 3, "5", 1, "neither a CTCAE v5.0 term nor one of protocol nct07343453's toxicities"),
        ("", 3, "5", 1, "name the toxicity"),
        ("febrile_neutropenia", 2, "5", 1, "CTCAE v5.0 has no grade 2 for Febrile neutropenia"),
        ("neutropenia", 5, "5", 1, "no grade 5 for Neutrophil count decreased"),
        ("Nausea", 4, "5", 1, "no grade 4 for Nausea"),
    ],
)
def test_bad_input_is_refused_in_plain_words(
    toxicity: str, grade: int, level: str, occurrence: int, words: str
) -> None:
    with pytest.raises(InputError, match=words):
        propose_action(NCT, toxicity, grade, D(level), occurrence)


def test_unknown_toxicity_suggests_terms() -> None:
    with pytest.raises(InputError, match=r"Did you mean: .*Mucositis oral"):
        propose_action(NCT, "mucositis", 3, D("5"))


def test_resolution_by_key_term_and_spelling() -> None:
    assert resolve_toxicity(NCT, "Febrile Neutropenia").key == "febrile_neutropenia"
    assert resolve_toxicity(NCT, "infusion-reaction").key == "infusion_reaction"
    assert resolve_toxicity(NCT, "mucositis  ORAL").key == "stomatitis"
    fatigue = resolve_toxicity(NCT, "fatigue")
    assert fatigue.key is None and not fatigue.haematological
    wbc = resolve_toxicity(NCT, "White blood cell decreased")
    assert wbc.key is None and wbc.haematological
    assert resolve_toxicity(NCT, "neutropenia").haematological
    assert not resolve_toxicity(NCT, "keratitis").haematological


def _with_rules(extra_first: str) -> Protocol:
    """The trial's protocol with one rule put in front of the others."""
    text = (protocols_dir() / "nct07343453.toml").read_text(encoding="utf-8")
    marker = "[[toxicity.rules]]"
    head, tail = text.split(marker, 1)
    changed = head + extra_first + "\n" + marker + tail
    return parse_protocol(Path("first-match.toml"), changed.encode("utf-8"))


def test_rules_are_read_in_order_and_the_first_match_wins() -> None:
    protocol = _with_rules(
        '[[toxicity.rules]]\nmatch = "any"\ngrades = [4, 4]\naction = "discontinue"\n'
        'text = "Any grade 4: discontinue"\n'
    )
    proposed = propose_action(protocol, "neutropenia", 4, D("5"))
    assert (proposed.action, proposed.rule, proposed.rule_index) == (
        "discontinue",
        "Any grade 4: discontinue",
        0,
    )
    # the "any" catch-all reaches haematological terms too
    assert propose_action(protocol, "White blood cell decreased", 4, D("5")).action == "discontinue"
    # grades outside it fall through to the later rules
    assert propose_action(protocol, "neutropenia", 3, D("5")).rule_index == 2


def test_second_regimen_through_the_same_code() -> None:
    g4 = propose_action(SG, "neutropenia", 4, D("10"))
    assert (g4.action, g4.hold_until_grade, g4.resume_mg_per_kg) == ("hold", 1, D("7.5"))
    assert g4.rule is not None and g4.rule.startswith("Neutropenia grade 4")
    again = propose_action(SG, "Neutrophil count decreased", 3, D("7.5"), 2)
    assert again.resume_mg_per_kg == D("5")
    first = propose_action(SG, "neutropenia", 3, D("7.5"), 1)
    assert first.resume_mg_per_kg == D("7.5")
    lowest = propose_action(SG, "Diarrhea", 3, D("5"))
    assert lowest.action == "discontinue" and lowest.reduce
    assert propose_action(SG, "Anaphylaxis", 4, D("10")).toxicity == "infusion_reaction"
    # SG has no grade-3 catch-all: an oral mucositis grade 3 continues (the label reduces only when it persists
    # over 48 hours despite treatment: the investigator judges)
    assert propose_action(SG, "Mucositis oral", 3, D("10")).action == "continue"
    # The label's severe non-neutropenic toxicity: a grade 4 of any duration is a 25% then 50% reduction, then
    # discontinuation (10 → 7.5 → 5 mg/kg → stop); only a grade 4 infusion reaction stops at once
    g4 = propose_action(SG, "Mucositis oral", 4, D("10"))
    assert (g4.action, g4.hold_until_grade, g4.resume_mg_per_kg) == ("hold", 1, D("7.5"))
    assert propose_action(SG, "Hypertension", 4, D("7.5"), 2).resume_mg_per_kg == D("5")
    assert propose_action(SG, "Colitis", 4, D("5"), 3).action == "discontinue"
    assert propose_action(SG, "Infusion related reaction", 4, D("10")).action == "discontinue"
    # Grade 3-4 non-neutropenic haematological toxicity at the time of treatment is withheld, not continued
    for name in ("thrombocytopenia", "Platelet count decreased", "Anemia"):
        for grade in (3, 4):
            held = propose_action(SG, name, grade, D("10"))
            assert (held.action, held.hold_until_grade, held.resume_mg_per_kg) == ("hold", 1, D("10")), name
    with pytest.raises(InputError, match="not a dose level"):
        propose_action(SG, "neutropenia", 4, D("4"))


_NAMES = sorted({*NCT.toxicity.terms, *SG.toxicity.terms}) + [
    t.term for t in all_terms() if t.soc in {"Investigations", "Gastrointestinal disorders", "Eye disorders"}
]


@settings(max_examples=300, deadline=None)
@given(
    protocol=st.sampled_from([NCT, SG]),
    name=st.sampled_from(_NAMES),
    grade=st.integers(1, 5),
    occurrence=st.integers(1, 5),
    data=st.data(),
)
def test_the_proposed_level_never_rises(
    protocol: Protocol, name: str, grade: int, occurrence: int, data: st.DataObject
) -> None:
    level = data.draw(st.sampled_from(protocol.regimen.dose_levels_mg_per_kg))
    try:
        proposed = propose_action(protocol, name, grade, level, occurrence)
    except InputError:
        return  # a key the other protocol has, or a grade CTCAE does not use for the term
    if proposed.action == "discontinue":
        assert proposed.resume_mg_per_kg is None
        return
    assert proposed.resume_mg_per_kg is not None
    assert proposed.resume_mg_per_kg <= level
    assert proposed.resume_mg_per_kg in protocol.regimen.dose_levels_mg_per_kg
    if proposed.reduce:
        assert proposed.resume_mg_per_kg == protocol.regimen.level_below(level)
    else:
        assert proposed.resume_mg_per_kg == level
    # a later occurrence never proposes a higher level than the first
    first = propose_action(protocol, name, grade, level, 1)
    if first.resume_mg_per_kg is not None:
        assert proposed.resume_mg_per_kg <= first.resume_mg_per_kg


def _shape(text: object) -> object:
    """A message as its templates, nested; plain text as itself."""
    from app.text import Message

    if isinstance(text, Message):
        return (text.template, {k: _shape(v) for k, v in text.params.items()})
    return str(text)


@settings(max_examples=300, deadline=None)
@given(
    protocol=st.sampled_from([NCT, SG]),
    name=st.sampled_from(_NAMES),
    grade=st.integers(1, 5),
    occurrence=st.integers(1, 5),
    data=st.data(),
)
def test_a_stored_explanation_is_recalled_as_the_sentence_that_made_it(
    protocol: Protocol, name: str, grade: int, occurrence: int, data: st.DataObject
) -> None:
    from app.toxicity.rules import recall_explanation

    level = data.draw(st.sampled_from(protocol.regimen.dose_levels_mg_per_kg))
    try:
        proposed = propose_action(protocol, name, grade, level, occurrence)
    except InputError:
        return
    stored = str(proposed.explanation)  # what a hold's reason or a stop's reason keeps
    recalled = recall_explanation(stored)
    assert recalled == stored
    assert _shape(recalled) == _shape(proposed.explanation)


def test_an_overridden_decision_and_the_order_notes_are_recalled_with_their_parts():
    from app.text import Message
    from app.toxicity.rules import held_note, overridden_because, recall_explanation, reduced_note

    because = recall_explanation(str(overridden_because("Pneumonitis", 2, "the patient chose to stop")))
    assert isinstance(because, Message) and because.template == "{subject}: {reason}"
    assert because.params["reason"] == "the patient chose to stop"
    subject = because.params["subject"]
    assert isinstance(subject, Message) and subject.params == {"toxicity": "Pneumonitis", "grade": "2"}
    held = recall_explanation(str(held_note("Neutrophil count decreased", 3)))
    assert isinstance(held, Message) and held.template == "Treatment held: {subject}"
    reduced = recall_explanation(str(reduced_note("dose-limiting fatigue")))
    assert isinstance(reduced, Message) and reduced.params == {"why": "dose-limiting fatigue"}
    assert recall_explanation("typed by a person, no rule's words") == "typed by a person, no rule's words"


def test_text_a_person_typed_is_not_taken_for_an_overridden_decision():
    from app.text import Message
    from app.toxicity.rules import recall_explanation

    typed = "Grade 2 fatigue and a family emergency: Day 15 omitted"
    assert not isinstance(recall_explanation(typed), Message)
    assert recall_explanation(typed) == typed
