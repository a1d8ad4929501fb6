"""The protocol's toxicity rules table, evaluated: what to propose for a toxicity of a given grade.

The rules are data (`[[toxicity.rules]]` in the protocol file), read in order; the first rule whose toxicity
and grade range match proposes the action. A toxicity is named by a rule key of `[toxicity.terms]`
(neutropenia, stomatitis, …) or by its CTCAE v5.0 term; a term no key stands for falls to the catch-all rules
("non_haematological" unless the protocol lists it as haematological, "any"). The proposal is only a proposal:
the investigator confirms or overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from app.dosing.format import format_quantity
from app.errors import InputError
from app.inputs import MAX_NAME, is_computable, shown
from app.protocol.model import Protocol, Resume, ToxicityRule
from app.text import Message, msg, recall, template
from app.toxicity.ctcae import (
    GRADES,
    CtcaeTerm,
    find_term,
    is_haematological,
    rule_key_for,
    search_terms,
)

ActionKind = Literal["continue", "hold", "discontinue"]
NON_HAEMATOLOGICAL = "non_haematological"
ANY = "any"


@dataclass(frozen=True)
class ResolvedToxicity:
    """A toxicity as the rules table sees it."""

    key: str | None  # the rule key of [toxicity.terms]; None when no key stands for the term
    term: CtcaeTerm | None  # the CTCAE term named (or the key's only term)
    terms: tuple[CtcaeTerm, ...]  # every CTCAE term it stands for
    haematological: bool
    named_by_key: bool = False  # named by its rule key rather than a CTCAE term

    @property
    def label(self) -> str:
        """The toxicity in words: as it was named (rule key or CTCAE term)."""
        if self.key is not None and (self.term is None or self.named_by_key):
            return self.key.replace("_", " ").capitalize()
        return self.term.term if self.term is not None else msg("Toxicity")

    @property
    def name(self) -> str:
        """What the rules call it: the rule key, or the CTCAE term when no key stands for it."""
        if self.key is not None:
            return self.key
        return self.term.term if self.term is not None else ""

    @property
    def ctcae_grades(self) -> tuple[int, ...]:
        """The grades CTCAE defines for any of its terms (all grades when none is known)."""
        if not self.terms:
            return GRADES
        return tuple(sorted({g for t in self.terms for g in t.grades}))


@dataclass(frozen=True)
class ProposedAction:
    """The action the protocol's rules propose.

    `resume_mg_per_kg` is the level to resume at after the hold (the current level when continuing), None when
    discontinuing. `reduce` is True when the rule called for a one-level reduction (even when that reduction
    falls below the lowest level and so discontinues). `rule` and `rule_index` (0-based, into
    `protocol.toxicity.rules`) name the rule that gave the action; None when no rule matched. `resume` is the
    rule's resume as the protocol file words it ("same" / "reduce"; None for a continue or a discontinue rule).
    """

    action: ActionKind
    hold_until_grade: int | None
    resume_mg_per_kg: Decimal | None
    reduce: bool
    rule: str | None
    rule_index: int | None
    explanation: str  # a message (app.text), for the window to say in its language
    toxicity: str  # the rule key, or the CTCAE term when no key stands for it
    term: str | None  # the CTCAE term, when one is known
    grade: int
    current_mg_per_kg: Decimal
    occurrence: int
    resume: Resume | None = None


def _normalised_key(text: str) -> str:
    return "_".join(text.replace("-", " ").split()).casefold()


def resolve_toxicity(protocol: Protocol, toxicity: str) -> ResolvedToxicity:
    """`toxicity` (a rule key or a CTCAE term) as the rules table sees it; anything else is refused."""
    text = " ".join(toxicity.split())
    if not text:
        raise InputError(msg("name the toxicity: a CTCAE term or one of the protocol's toxicities"))
    if len(text) > MAX_NAME:
        raise InputError(
            msg("{toxicity} is not a CTCAE v5.0 term: a term is much shorter.", toxicity=shown(text))
        )
    table = protocol.toxicity.terms
    key = _normalised_key(text)
    if key in table:
        terms = tuple(t for t in (find_term(n) for n in table[key]) if t is not None)
        haem = all(is_haematological(protocol, n) for n in table[key])
        return ResolvedToxicity(key, terms[0] if len(terms) == 1 else None, terms, haem, named_by_key=True)
    term = find_term(text)
    if term is not None:
        return ResolvedToxicity(
            rule_key_for(protocol, term.term), term, (term,), is_haematological(protocol, term.term)
        )
    own = rule_key_for(protocol, text)  # a protocol term CTCAE does not have (a protocol's own wording)
    if own is not None:
        return ResolvedToxicity(own, None, (), is_haematological(protocol, text))
    hints = [t.term for t in search_terms(text, 3)] if len(text) >= 3 else []
    refusal = msg(
        "{toxicity} is neither a CTCAE v5.0 term nor one of protocol {protocol}'s toxicities ({toxicities}).",
        toxicity=repr(text),
        protocol=protocol.id,
        toxicities=", ".join(table),
    )
    if hints:
        refusal = msg("{refusal} Did you mean: {terms}?", refusal=refusal, terms="; ".join(hints))
    raise InputError(refusal)


def _matches(rule: ToxicityRule, toxicity: ResolvedToxicity, grade: int) -> bool:
    if not rule.min_grade <= grade <= rule.max_grade:
        return False
    if rule.match == ANY:
        return True
    if rule.match == NON_HAEMATOLOGICAL:
        return not toxicity.haematological
    return rule.match == toxicity.key


def protocol_level(protocol: Protocol, level: Decimal) -> Decimal:
    """The protocol's own dose level equal to `level`; a level the protocol does not have is refused."""
    for known in protocol.regimen.dose_levels_mg_per_kg:
        if is_computable(level) and known == level:
            return known
    levels = ", ".join(format_quantity(v, "mg/kg") for v in protocol.regimen.dose_levels_mg_per_kg)
    said = format_quantity(level, "mg/kg") if is_computable(level) else f"{shown(str(level))} mg/kg"
    raise InputError(
        msg(
            "{level} is not a dose level of protocol {protocol} (its levels are {levels})",
            level=said,
            protocol=protocol.id,
            levels=levels,
        )
    )


# The sentences that explain a proposal. A decision keeps its explanation as English text (a hold's reason, the
# reason treatment ended); `recall_explanation` finds the sentence again so a window can say it in its language.
_SAY: dict[str, str] = {
    "subject": template("{toxicity} grade {grade}"),
    "hold_resolved": template("hold until resolved (grade 0)"),
    "hold_grade": template("hold until grade ≤ {grade}"),
    "discontinue": template("{subject}: discontinue treatment."),
    "lowest_again": template(
        "{subject}: the rule reduces one level because it has occurred before (occurrence"
        " {occurrence}), but {level} is already the lowest level and a reduction below the lowest"
        " level means discontinuation: discontinue treatment."
    ),
    "lowest": template(
        "{subject}: the rule reduces one level, but {level} is already the lowest level and a"
        " reduction below the lowest level means discontinuation: discontinue treatment."
    ),
    "lower_again": template(
        "{subject}: {hold}, then resume one level lower at {lower} (now {level}) because it has"
        " occurred before (occurrence {occurrence})."
    ),
    "lower": template("{subject}: {hold}, then resume one level lower at {lower} (now {level})."),
    "same": template("{subject}: {hold}, then resume at the same level, {level}."),
    "grade5": template(
        "{subject}: CTCAE grade 5 is death related to the adverse event; treatment ends."
        " No rule of protocol {protocol} covers it."
    ),
    "no_rule": template("{subject}: no rule of protocol {protocol} calls for a change; continue at {level}."),
    "overridden": template("{subject}: {reason}"),
    "held": template("Treatment held: {subject}"),
    "reduced": template("Dose level reduced: {why}"),
}
EXPLANATION_TEMPLATES: tuple[str, ...] = tuple(_SAY.values())


def recall_explanation(text: str) -> str:
    """A stored explanation (a hold's reason, why treatment ended) as the message that made it, when it is one."""
    return recall(text, EXPLANATION_TEMPLATES, nested=True)


def toxicity_words(term: str, grade: int) -> Message:
    """ "Neutrophil count decreased grade 3": a toxicity as decisions and notes name it."""
    return _say("subject", toxicity=term, grade=grade)


def overridden_because(term: str, grade: int, reason: str) -> Message:
    """Why a decision that overrode the protocol's proposal was taken: the toxicity and the investigator's reason."""
    return _say("overridden", subject=toxicity_words(term, grade), reason=reason)


def held_note(term: str, grade: int) -> Message:
    """The note on an order cancelled because treatment is held for a toxicity."""
    return _say("held", subject=toxicity_words(term, grade))


def reduced_note(words: str) -> Message:
    """The note on an order replaced because the dose level was reduced (`words`: the toxicity, or the reason)."""
    return _say("reduced", why=words)


def _say(key: str, **params: object) -> Message:
    return Message(_SAY[key], params)


def _hold_words(grade: int) -> str:
    return _say("hold_resolved") if grade == 0 else _say("hold_grade", grade=grade)


def propose_action(
    protocol: Protocol,
    toxicity: str,
    grade: int,
    current_level: Decimal,
    occurrence: int = 1,
) -> ProposedAction:
    """The action the protocol's rules propose for `toxicity` at `grade`, given the current level (mg/kg) and
    how many times this toxicity has occurred (1 = first time; `recurrence_resume` applies from 2).

    A reduction resumes one level lower; a reduction below the lowest level discontinues; a level never rises.
    No matching rule: continue at the current level. Grade 5 (death related to the event) always ends treatment:
    only a discontinue rule can match it, and a hold rule whose grades reach 5 is passed over.
    """
    if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
        raise InputError(msg("grade {grade} does not exist in CTCAE: grades run from 1 to 5", grade=grade))
    if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
        raise InputError(
            msg("the occurrence must be 1 (first time) or more, not {occurrence}", occurrence=occurrence)
        )
    level = protocol_level(protocol, current_level)
    resolved = resolve_toxicity(protocol, toxicity)
    if grade not in resolved.ctcae_grades:
        names = " / ".join(t.term for t in resolved.terms)
        allowed = ", ".join(str(g) for g in resolved.ctcae_grades)
        raise InputError(
            msg(
                "CTCAE v5.0 has no grade {grade} for {terms}: it grades it {grades} only",
                grade=grade,
                terms=names,
                grades=allowed,
            )
        )
    level_words = format_quantity(level, "mg/kg")
    subject = _say("subject", toxicity=resolved.label, grade=grade)

    def result(
        action: ActionKind,
        explanation: str,
        *,
        hold: int | None = None,
        resume: Decimal | None = None,
        reduce: bool = False,
        index: int | None = None,
        resume_rule: Resume | None = None,
    ) -> ProposedAction:
        return ProposedAction(
            action=action,
            hold_until_grade=hold,
            resume_mg_per_kg=resume,
            reduce=reduce,
            rule=None if index is None else protocol.toxicity.rules[index].text,
            rule_index=index,
            explanation=explanation,
            toxicity=resolved.name,
            term=resolved.term.term if resolved.term is not None else None,
            grade=grade,
            current_mg_per_kg=level,
            occurrence=occurrence,
            resume=resume_rule,
        )

    for index, rule in enumerate(protocol.toxicity.rules):
        if not _matches(rule, resolved, grade):
            continue
        if grade == 5 and rule.action != "discontinue":
            continue  # grade 5 is death: a rule that holds and resumes cannot apply to it
        if rule.action == "discontinue":
            return result("discontinue", _say("discontinue", subject=subject), index=index)
        recurring = occurrence >= 2 and rule.recurrence_resume is not None
        resume = rule.recurrence_resume if recurring else rule.resume
        hold = rule.hold_until_grade if rule.hold_until_grade is not None else 0
        if resume == "reduce":
            lower = protocol.regimen.level_below(level)
            if lower is None:
                return result(
                    "discontinue",
                    _say(
                        "lowest_again",
                        subject=subject,
                        occurrence=occurrence,
                        level=level_words,
                    )
                    if recurring
                    else _say(
                        "lowest",
                        subject=subject,
                        level=level_words,
                    ),
                    reduce=True,
                    index=index,
                    resume_rule="reduce",
                )
            return result(
                "hold",
                _say(
                    "lower_again",
                    subject=subject,
                    hold=_hold_words(hold),
                    lower=format_quantity(lower, "mg/kg"),
                    level=level_words,
                    occurrence=occurrence,
                )
                if recurring
                else _say(
                    "lower",
                    subject=subject,
                    hold=_hold_words(hold),
                    lower=format_quantity(lower, "mg/kg"),
                    level=level_words,
                ),
                hold=hold,
                resume=lower,
                reduce=True,
                index=index,
                resume_rule="reduce",
            )
        return result(
            "hold",
            _say(
                "same",
                subject=subject,
                hold=_hold_words(hold),
                level=level_words,
            ),
            hold=hold,
            resume=level,
            index=index,
            resume_rule="same",
        )
    if grade == 5:
        return result(
            "discontinue",
            _say(
                "grade5",
                subject=subject,
                protocol=protocol.id,
            ),
        )
    return result(
        "continue",
        _say(
            "no_rule",
            subject=subject,
            protocol=protocol.id,
            level=level_words,
        ),
        resume=level,
    )
