"""Audit reasons (app/services/reasons.py): every template, whatever its values, is found again from the English
a record stores, so the window can say it in its language; a reason typed by a person stays as it is."""

from __future__ import annotations

import re
import string
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.protocol import load_protocol
from app.services.reasons import REASON_TEMPLATES, REASONS, reason, recall_reason
from app.text import Message
from app.toxicity import propose_action
from app.toxicity.rules import EXPLANATION_TEMPLATES, toxicity_words

FIELD = re.compile(r"\{([a-z_]+)\}")

_terms = st.from_regex(r"[A-Z][a-z]{2,12}( [a-z]{2,10}){0,3}", fullmatch=True)
_grades = st.integers(min_value=0, max_value=5)
# What a person types: letters, digits, spaces and punctuation (a colon or a semicolon included).
_typed = st.text(alphabet=string.ascii_letters + string.digits + " .,:;()-'≤", min_size=1, max_size=40)


def _explanations() -> list[str]:
    """The rules core's explanations as records keep them (a decision's "because", why treatment stopped)."""
    protocol = load_protocol("nct07343453")
    found = []
    for toxicity, grades in (("neutropenia", (1, 3, 4)), ("Pneumonitis", (1, 2)), ("Diarrhea", (3, 4))):
        for grade in grades:
            for level in ("5", "4", "3"):
                found.append(str(propose_action(protocol, toxicity, grade, Decimal(level)).explanation))
    return found


_because = st.one_of(_typed, st.sampled_from(_explanations()))

VALUES: dict[str, st.SearchStrategy[object]] = {
    "label": st.from_regex(r"C[1-9][0-9]?D(1|15)|Screening|EOT|SFU[1-3]", fullmatch=True),
    "day": st.dates().map(lambda d: d.isoformat()),
    "number": st.from_regex(r"[0-9]{3}-[0-9]{3}(-C[1-9]D(1|15)-[1-9])?", fullmatch=True),
    "term": _terms,
    "grade": _grades,
    "toxicity": st.builds(toxicity_words, _terms, _grades),
    "name": st.from_regex(r"[a-z][a-z0-9-]{1,20}\.toml", fullmatch=True),
    "protocol": st.from_regex(r"nct[0-9]{8}|[a-z]+(-[a-z]+){0,2}", fullmatch=True),
    "version": st.from_regex(r"[1-9](\.[0-9]){0,2}", fullmatch=True),
    "because": _because,
    "reason": _because,
    "note": _because,
    "unmet": _typed,
    "cycle": st.integers(1, 40).map(str),
    "omit_day": st.integers(1, 28).map(str),
    "old_level": st.sampled_from(["5 mg/kg", "4 mg/kg", "3 mg/kg"]),
    "new_level": st.sampled_from(["4 mg/kg", "3 mg/kg", "2.4 mg/kg"]),
    "backup": st.from_regex(r"[a-z][a-z0-9 ._-]{0,30}\.sqlite3", fullmatch=True),
    "aside": st.from_regex(r"dosedesk\.before-restore-20[0-9]{6}T[0-9]{6}Z\.sqlite3|-", fullmatch=True),
    "figures": st.sampled_from(["final dose", "weight and final dose", "final dose and volume to draw"]),
    "bag": st.integers(1, 5).map(str),
    # a laboratory file imported (its name as given, its SHA-256's first characters) and a site setting's key
    "file": st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 ._()-]{0,40}\.(csv|xlsx|hl7)", fullmatch=True),
    "digest": st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
    "key": st.sampled_from(["clinic_phone", "lab_codes", "reference_ranges", "hospital_name_zh"]),
    # screening evidence (what was recorded) and the criteria ids an investigator attested
    "what": st.sampled_from(
        ["ECG", "LVEF", "pregnancy test", "urine protein dipstick", "live vaccine history", "ECOG"]
    ),
    "criteria": st.lists(
        st.from_regex(r"[IE][1-9][0-9]?", fullmatch=True), min_size=1, max_size=6, unique=True
    ).map(lambda ids: ", ".join(sorted(ids))),
}


def test_every_template_has_its_values_known_and_only_lowercase_names() -> None:
    assert len(REASON_TEMPLATES) == len(set(REASON_TEMPLATES)) > 40
    for text in REASON_TEMPLATES:
        assert set(FIELD.findall(text)) <= VALUES.keys(), text
        assert "{" not in FIELD.sub("", text) and "}" not in FIELD.sub("", text), text


@given(st.data())
def test_every_reason_is_recalled_from_its_stored_english(data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(REASONS)))
    values = {name: data.draw(VALUES[name], label=name) for name in set(FIELD.findall(REASONS[key]))}
    made = reason(key, **values)
    stored = str(made)  # what the audit row keeps
    assert type(stored) is str and stored == REASONS[key].format(**values)
    recalled = recall_reason(stored)
    assert isinstance(recalled, Message), stored
    assert recalled == stored
    assert recalled.template == REASONS[key], (stored, recalled.template)
    assert {k: str(v) for k, v in recalled.params.items()} == {k: str(v) for k, v in values.items()}


@given(_typed)
def test_a_decision_reason_holds_the_rules_explanation_and_both_are_recalled(typed: str) -> None:
    protocol = load_protocol("nct07343453")
    explanation = str(propose_action(protocol, "neutropenia", 3, Decimal(5)).explanation)
    recalled = recall_reason(str(reason("decision", because=explanation)))
    assert isinstance(recalled, Message) and recalled.template == REASONS["decision"]
    inner = recalled.params["because"]
    assert isinstance(inner, Message) and inner.template in EXPLANATION_TEMPLATES and inner == explanation
    # Treatment stopped for an overridden decision: "Treatment stopped: <toxicity>: <the investigator's reason>".
    overridden = f"Pneumonitis grade 2: {typed}"
    stopped = recall_reason(str(reason("treatment_stopped", reason=overridden)))
    assert isinstance(stopped, Message) and stopped.template == REASONS["treatment_stopped"]
    assert stopped == f"Treatment stopped: {overridden}"


def test_reasons_keep_the_english_they_were_written_with() -> None:
    # The English of records already in databases: a changed word would leave them unrecognised.
    assert reason("calendar_up_to_date") == "calendar brought up to date"
    assert reason("calendar_after_done", label="C2D1") == "calendar re-derived after C2D1 was done"
    assert reason("weight_recorded") == "weight recorded"
    assert reason("signed_in") == "signed in"
    assert reason("decision", because="x") == "decision: x"
    assert reason("order_prescribed_with_note", number="001-001-C1D1-1", note="n") == (
        "order 001-001-C1D1-1 prescribed; n"
    )
    assert reason("toxicity_recorded", term="Anemia", grade=2) == "toxicity Anemia grade 2 recorded"


def test_a_reason_a_person_typed_is_left_as_typed() -> None:
    for typed in ("patient asked", "entered twice", "Grade 2 fatigue and a family emergency: Day 15 omitted"):
        recalled = recall_reason(typed)
        assert recalled == typed
        assert not isinstance(recalled, Message) or recalled.template not in REASON_TEMPLATES
    made = reason("signed_in")
    assert recall_reason(made) is made  # a Message already is what it says
