"""Pure clinical core: the toxicity rules table, criteria to treat, CTCAE v5.0 terms and lab grading."""

from app.toxicity.criteria import CriteriaResult, CriterionCheck, check_criteria_to_treat
from app.toxicity.ctcae import ChineseTerm, CtcaeTerm, all_terms, find_term, rule_key_for, search_terms
from app.toxicity.lab_grading import LabGrade, LabToxicity, grade_lab, grade_result, propose_from_lab
from app.toxicity.labs import LAB_KEYS, LabResult
from app.toxicity.rules import ProposedAction, propose_action, resolve_toxicity

__all__ = [
    "LAB_KEYS",
    "ChineseTerm",
    "CriteriaResult",
    "CriterionCheck",
    "CtcaeTerm",
    "LabGrade",
    "LabResult",
    "LabToxicity",
    "ProposedAction",
    "all_terms",
    "check_criteria_to_treat",
    "find_term",
    "grade_lab",
    "grade_result",
    "propose_action",
    "propose_from_lab",
    "resolve_toxicity",
    "rule_key_for",
    "search_terms",
]
