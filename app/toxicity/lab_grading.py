"""Laboratory values graded by CTCAE v5.0, boundaries exactly as CTCAE writes them.

The boundaries are data (`resources/ctcae/lab-grading.toml`): each grade lists the conditions that reach at
least that grade, and a value's grade is the highest grade with a condition met. So a value equal to a limit
falls where CTCAE's ranges put it ("<LLN - 1.5" is grade 1 and "<1.5 - 1.0" grade 2: 1.5 ×10⁹/L is grade 1).
Values are compared in SI after an exact Decimal conversion.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Final, Literal, cast

from app.dosing.format import format_number
from app.errors import InputError
from app.protocol.model import Protocol
from app.text import msg
from app.toxicity.ctcae import CtcaeTerm, ctcae_dir, require_term
from app.toxicity.labs import LAB_KEYS, LabKind, LabResult, lab_kind
from app.toxicity.rules import ProposedAction, propose_action

Op = Literal["<", "<=", ">", ">="]
Ref = Literal["LLN", "ULN", "baseline"]

_CONDITION: Final = re.compile(
    r"^(?P<op><=|>=|<|>)\s*(?:(?P<bare>LLN|ULN|baseline)|(?P<number>\d+(?:\.\d+)?)(?:\s*x\s*(?P<ref>LLN|ULN|baseline))?)$"
)
_REF_WORDS: Final = {
    "LLN": msg("the laboratory's lower limit of normal (LLN)"),
    "ULN": msg("the laboratory's upper limit of normal (ULN)"),
    "baseline": msg("the baseline value"),
}
_REF_NAMES: Final = {"LLN": "LLN", "ULN": "ULN", "baseline": msg("baseline")}


@dataclass(frozen=True)
class Condition:
    """One CTCAE boundary: `op` against `multiple` × `ref`, or against the number `multiple` when `ref` is None."""

    op: Op
    multiple: Decimal
    ref: Ref | None
    text: str

    def limit(self, refs: dict[str, Decimal | None]) -> Decimal | None:
        """The limit in SI, or None when it needs a reference value that was not given."""
        if self.ref is None:
            return self.multiple
        base = refs.get(self.ref)
        return None if base is None else self.multiple * base

    def holds(self, value: Decimal, limit: Decimal) -> bool:
        if self.op == "<":
            return value < limit
        if self.op == "<=":
            return value <= limit
        if self.op == ">":
            return value > limit
        return value >= limit


GradeTable = dict[int, tuple[Condition, ...]]


@dataclass(frozen=True)
class LabGrading:
    """How CTCAE v5.0 grades one lab."""

    lab: str
    term: CtcaeTerm
    grades: GradeTable
    baseline_abnormal_grades: GradeTable | None
    baseline_abnormal_when: Condition | None
    note: str | None

    @property
    def uses_baseline(self) -> bool:
        tables = [self.grades, self.baseline_abnormal_grades or {}]
        return any(c.ref == "baseline" for table in tables for conds in table.values() for c in conds)

    @property
    def top_grade(self) -> int:
        return max(self.grades)


@dataclass(frozen=True)
class LabGrade:
    """A lab value's CTCAE v5.0 grade (0 = no adverse event), with the term and the grade's CTCAE definition."""

    lab: str
    term: str
    grade: int
    meddra_code: str
    definition: str | None  # CTCAE's text for this grade; None for grade 0
    value_si: Decimal
    unit_si: str
    basis: str  # which of CTCAE's criteria applied, in words (a message)
    note: str | None = None


def _parse_condition(where: str, text: str) -> Condition:
    found = _CONDITION.match(text.strip())
    if found is None:
        raise InputError(
            msg(
                "lab-grading.toml: {where} has {condition}, which is not a condition such as '> 3.0 x ULN'",
                where=where,
                condition=repr(text),
            )
        )
    bare = found["bare"]
    if bare is not None:
        return Condition(cast(Op, found["op"]), Decimal(1), cast(Ref, bare), text)
    ref = found["ref"]
    return Condition(cast(Op, found["op"]), Decimal(found["number"]), cast(Ref | None, ref), text)


def _grade_table(lab: str, where: str, raw: Any, term: CtcaeTerm) -> GradeTable:
    if not isinstance(raw, dict) or not raw:
        raise InputError(msg("lab-grading.toml: {where} must be a table of grade = conditions", where=where))
    table: GradeTable = {}
    for grade_text, conditions in raw.items():
        grade = int(grade_text)
        if grade not in (1, 2, 3, 4) or term.definition(grade) is None:
            raise InputError(
                msg(
                    "lab-grading.toml: {where} grade {grade} is not a CTCAE grade of {term}",
                    where=where,
                    grade=grade_text,
                    term=term.term,
                )
            )
        if not isinstance(conditions, list) or not conditions:
            raise InputError(
                msg(
                    "lab-grading.toml: {where}.{grade} must list at least one condition",
                    where=where,
                    grade=grade_text,
                )
            )
        table[grade] = tuple(_parse_condition(f"{where}.{grade_text}", str(c)) for c in conditions)
    if sorted(table) != list(range(1, len(table) + 1)):
        raise InputError(msg("lab-grading.toml: {where} must give grades 1, 2, … without a gap", where=where))
    ops = {c.op[0] for conds in table.values() for c in conds}
    if len(ops) != 1:
        raise InputError(
            msg("lab-grading.toml: {where} mixes limits below and above: all must point one way", where=where)
        )
    return table


@cache
def lab_gradings() -> dict[str, LabGrading]:
    """How each graded lab is graded, from lab-grading.toml (read once)."""
    raw = tomllib.loads((ctcae_dir() / "lab-grading.toml").read_text(encoding="utf-8"))["labs"]
    gradings: dict[str, LabGrading] = {}
    for lab, entry in raw.items():
        if lab not in LAB_KEYS:
            raise InputError(msg("lab-grading.toml: {lab} is not a lab DoseDesk knows", lab=repr(lab)))
        term = require_term(entry["term"])
        abnormal = entry.get("baseline_abnormal_grades")
        when = entry.get("baseline_abnormal_when")
        if (abnormal is None) != (when is None):
            raise InputError(
                msg(
                    "lab-grading.toml: labs.{lab} needs both baseline_abnormal_grades and baseline_abnormal_when",
                    lab=lab,
                )
            )
        gradings[lab] = LabGrading(
            lab=lab,
            term=term,
            grades=_grade_table(lab, f"labs.{lab}.grades", entry.get("grades"), term),
            baseline_abnormal_grades=(
                None
                if abnormal is None
                else _grade_table(lab, f"labs.{lab}.baseline_abnormal_grades", abnormal, term)
            ),
            baseline_abnormal_when=(
                None if when is None else _parse_condition(f"labs.{lab}.baseline_abnormal_when", when)
            ),
            note=entry.get("note"),
        )
    return gradings


def lab_grading(lab: str) -> LabGrading:
    found = lab_gradings().get(lab)
    if found is None:
        graded = ", ".join(sorted(lab_gradings()))
        raise InputError(
            msg("{lab} is not a lab DoseDesk grades by CTCAE; it grades: {labs}", lab=repr(lab), labs=graded)
        )
    return found


def _missing_reference(grading: LabGrading, kind: LabKind, grade: int, shown: str, ref: Ref) -> InputError:
    definition = grading.term.definition(grade)
    return InputError(
        msg(
            'the CTCAE grade of {lab} {value} depends on {reference} (CTCAE v5.0 {term} grade {grade}: "{definition}");'
            " give the {name}",
            lab=kind.name,
            value=shown,
            reference=_REF_WORDS[ref],
            term=grading.term.term,
            grade=grade,
            definition=definition,
            name=_REF_NAMES[ref],
        )
    )


def grade_si(
    lab: str,
    value_si: Decimal,
    *,
    lln_si: Decimal | None = None,
    uln_si: Decimal | None = None,
    baseline_si: Decimal | None = None,
    baseline_uln_si: Decimal | None = None,
    shown: str | None = None,
) -> LabGrade:
    """Grade a value already in SI. `baseline_uln_si` is the ULN that judges whether the baseline was abnormal
    (the baseline's own laboratory range; `uln_si` when not given). `shown` is the value as the user wrote it,
    for messages. Values are not range-checked here: `grade_lab` and `LabResult` do that."""
    grading = lab_grading(lab)
    kind = lab_kind(lab)
    shown = shown or kind.show_si(value_si)
    ignored_baseline = baseline_si is not None and not grading.uses_baseline
    if ignored_baseline:
        baseline_si = None  # CTCAE grades this lab without reference to a baseline
    if baseline_si is not None and baseline_si <= 0:
        raise InputError(
            msg("a baseline {lab} of 0 cannot be used to grade a change from baseline", lab=kind.name)
        )
    table = grading.grades
    basis: str = msg("CTCAE v5.0 limits")
    when = grading.baseline_abnormal_when
    if when is not None:
        basis = msg("multiples of the ULN (no baseline given)")
        if baseline_si is not None:
            judge_uln = baseline_uln_si if baseline_uln_si is not None else uln_si
            limit = when.limit({"ULN": judge_uln, "LLN": lln_si})
            if limit is None:
                raise InputError(
                    msg(
                        "to know whether the baseline {lab} was abnormal (CTCAE grades an abnormal baseline"
                        " in multiples of the baseline), give the laboratory's upper limit of normal (ULN)",
                        lab=kind.name,
                    )
                )
            if when.holds(baseline_si, limit) and grading.baseline_abnormal_grades is not None:
                table = grading.baseline_abnormal_grades
                basis = msg("multiples of the baseline (baseline was abnormal)")
            else:
                basis = msg("multiples of the ULN (baseline was normal)")
    elif grading.uses_baseline and baseline_si is not None:
        basis = msg("CTCAE v5.0 limits, with the baseline")
    refs: dict[str, Decimal | None] = {"LLN": lln_si, "ULN": uln_si, "baseline": baseline_si}
    grade = 0
    for candidate in sorted(table, reverse=True):
        missing: Ref | None = None
        reached = False
        for condition in table[candidate]:
            if condition.ref == "baseline" and baseline_si is None:
                continue
            limit = condition.limit(refs)
            if limit is None:
                missing = missing or condition.ref
            elif condition.holds(value_si, limit):
                reached = True
                break
        if reached:
            grade = candidate
            break
        if missing is not None:
            raise _missing_reference(grading, kind, candidate, shown, missing)
    if ignored_baseline:
        basis = msg("{basis} (CTCAE grades it without reference to a baseline)", basis=basis)
    note = grading.note if grade == grading.top_grade else None
    return LabGrade(
        lab=lab,
        term=grading.term.term,
        grade=grade,
        meddra_code=grading.term.meddra_code,
        definition=grading.term.definition(grade) if grade else None,
        value_si=value_si,
        unit_si=kind.si_unit,
        basis=basis,
        note=note,
    )


def grade_lab(
    lab: str,
    value: Decimal,
    unit: str,
    lln: Decimal | None = None,
    uln: Decimal | None = None,
    baseline: Decimal | None = None,
) -> LabGrade:
    """Grade one lab value by CTCAE v5.0. `lln`, `uln` and `baseline` are in the same `unit` as `value`.

    An unknown lab or unit, a negative or impossible value, or a missing LLN/ULN that the grade depends on is
    refused with an `InputError` saying why.
    """
    kind = lab_kind(lab)
    lab_grading(lab)
    value_si = kind.check_value(value, unit)
    lln_si = (
        None
        if lln is None
        else kind.check_value(lln, unit, msg("the lower limit of normal of {lab},", lab=kind.name))
    )
    uln_si = (
        None
        if uln is None
        else kind.check_value(uln, unit, msg("the upper limit of normal of {lab},", lab=kind.name))
    )
    baseline_si = (
        None
        if baseline is None
        else kind.check_value(baseline, unit, msg("a baseline {lab} of", lab=kind.name))
    )
    if lln_si is not None and uln_si is not None and lln_si >= uln_si:
        raise InputError(
            msg("the normal range of {lab} is upside down: the LLN must be below the ULN", lab=kind.name)
        )
    if uln_si is not None and uln_si == 0:  # a lower limit of 0 is a real range (bilirubin 0–21 µmol/L)
        raise InputError(msg("a limit of normal of 0 cannot be used to grade {lab}", lab=kind.name))
    return grade_si(
        lab,
        value_si,
        lln_si=lln_si,
        uln_si=uln_si,
        baseline_si=baseline_si,
        shown=f"{format_number(value)} {unit}",
    )


def grade_result(result: LabResult, baseline: LabResult | None = None) -> LabGrade:
    """Grade a dated result; `baseline` is the patient's baseline result of the same lab (any accepted unit)."""
    if baseline is not None and baseline.lab != result.lab:
        raise InputError(
            msg(
                "the baseline is a {baseline} result, not {lab}",
                baseline=baseline.kind.name,
                lab=result.kind.name,
            )
        )
    return grade_si(
        result.lab,
        result.value_si,
        lln_si=result.lln_si,
        uln_si=result.uln_si,
        baseline_si=None if baseline is None else baseline.value_si,
        baseline_uln_si=None if baseline is None else baseline.uln_si,
        shown=f"{format_number(result.value)} {result.unit}",
    )


@dataclass(frozen=True)
class LabToxicity:
    """A toxicity proposed from a graded lab, for the investigator to confirm or override."""

    grade: LabGrade
    toxicity: str  # the rule key the term falls under, or the CTCAE term when no key stands for it
    proposal: ProposedAction


def propose_from_lab(
    protocol: Protocol,
    result: LabResult,
    baseline: LabResult | None,
    level: Decimal,
    occurrence: int = 1,
) -> LabToxicity | None:
    """The toxicity and proposed action when the lab's grade reaches one of the protocol's rules, else None."""
    graded = grade_result(result, baseline)
    if graded.grade == 0:
        return None
    proposal = propose_action(protocol, graded.term, graded.grade, level, occurrence)
    if proposal.rule_index is None:
        return None
    return LabToxicity(graded, proposal.toxicity, proposal)
