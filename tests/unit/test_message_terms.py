"""A CTCAE term or grade definition inside a sentence: the message marks it (`app.text.Term`,
`GradeDefinition`) so the window can say it in its language, and the English text stays as it was."""

from __future__ import annotations

import pickle
from decimal import Decimal

from app.protocol import load_protocol
from app.services.reasons import reason, recall_reason
from app.text import GradeDefinition, Message, Term, msg, recall
from app.toxicity import propose_action
from app.toxicity.rules import recall_explanation

PROTOCOL = load_protocol("nct07343453")


def test_a_term_field_holds_a_term_and_the_english_is_unchanged() -> None:
    made = msg("{toxicity} grade {grade}", toxicity="Neutrophil count decreased", grade=3)
    assert made == "Neutrophil count decreased grade 3"
    assert (
        isinstance(made.params["toxicity"], Term) and made.params["toxicity"] == "Neutrophil count decreased"
    )
    assert not isinstance(made.params["grade"], Term)
    recorded = reason("toxicity_recorded", term="Anemia", grade=3)
    assert recorded == "toxicity Anemia grade 3 recorded" and isinstance(recorded.params["term"], Term)
    quoted = msg("CTCAE v5.0 {term} grade {grade}: {definition}", term="Anemia", grade=5, definition="Death")
    assert isinstance(quoted.params["definition"], GradeDefinition)


def test_a_sentence_in_a_term_field_stays_a_sentence() -> None:
    inner = msg("{toxicity} grade {grade}", toxicity="Anemia", grade=3)
    outer = reason("calendar_after_decision", toxicity=inner)
    assert isinstance(outer.params["toxicity"], Message) and not isinstance(outer.params["toxicity"], Term)


def test_a_term_survives_pickling() -> None:
    made = msg("toxicity {term}", term="Pneumonitis")
    again = pickle.loads(pickle.dumps(made))
    assert again == made and isinstance(again.params["term"], Term)


def test_the_proposal_names_its_term_as_a_term() -> None:
    proposal = propose_action(PROTOCOL, "Neutrophil count decreased", 3, Decimal(5))
    subject = proposal.explanation.params["subject"]  # type: ignore[attr-defined]
    assert isinstance(subject, Message) and isinstance(subject.params["toxicity"], Term)
    assert str(proposal.explanation).startswith("Neutrophil count decreased grade 3: hold until")


def test_a_stored_sentence_finds_its_term_again() -> None:
    found = recall("Anemia grade 3", ["{toxicity} grade {grade}"])
    assert isinstance(found, Message) and isinstance(found.params["toxicity"], Term)
    stored = str(propose_action(PROTOCOL, "Neutrophil count decreased", 3, Decimal(5)).explanation)
    explanation = recall_explanation(stored)
    assert isinstance(explanation, Message) and explanation == stored
    subject = explanation.params["subject"]
    assert isinstance(subject, Message) and isinstance(subject.params["toxicity"], Term)
    decision = recall_reason(f"decision: {stored}")
    assert isinstance(decision, Message)
    because = decision.params["because"]
    assert isinstance(because, Message) and isinstance(because.params["subject"], Message)
    resolved = recall_reason("Neutrophil count decreased resolved on 2026-03-09")
    assert isinstance(resolved, Message) and isinstance(resolved.params["term"], Term)
