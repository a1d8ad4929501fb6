"""`dosedesk grade`: one laboratory value graded by CTCAE v5.0. Nothing is recorded."""

from __future__ import annotations

import argparse
from typing import Any

from app.commands._options import add_json_flag, number, print_json
from app.dosing.format import format_number, plain_decimal
from app.inputs import identifier
from app.toxicity.lab_grading import LabGrade, grade_lab
from app.toxicity.labs import LAB_KEYS, lab_kind


def grade_as_json(graded: LabGrade) -> dict[str, Any]:
    return {
        "lab": graded.lab,
        "term": graded.term,
        "grade": graded.grade,
        "meddra_code": graded.meddra_code,
        "definition": graded.definition,
        "value_si": plain_decimal(graded.value_si),
        "unit_si": graded.unit_si,
        "basis": graded.basis,
        "note": graded.note,
    }


def _grade(args: argparse.Namespace) -> int:
    value = number(args.value, "The value (--value)")
    assert value is not None  # --value is required
    unit = (
        identifier(args.unit, "The unit (--unit)", limit=32)
        if args.unit is not None
        else lab_kind(args.lab).si_unit
    )
    graded = grade_lab(
        args.lab,
        value,
        unit,
        lln=number(args.lln, "The lower limit of normal (--lln)"),
        uln=number(args.uln, "The upper limit of normal (--uln)"),
        baseline=number(args.baseline, "The baseline (--baseline)"),
    )
    if args.json:
        data = grade_as_json(graded)
        data["value"] = plain_decimal(value)
        data["unit"] = unit
        print_json(data)
        return 0
    kind = lab_kind(graded.lab)
    print(f"{graded.term} (MedDRA {graded.meddra_code}): grade {graded.grade}")
    print(f"Value: {format_number(value)} {unit} = {kind.show_si(graded.value_si)}; graded by {graded.basis}")
    if graded.definition:
        print(f"CTCAE v5.0 grade {graded.grade}: {graded.definition}")
    if graded.note:
        print(graded.note)
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade a lab value by CTCAE v5.0",
        description="Grade one laboratory value by CTCAE v5.0. LLN, ULN and baseline are in the value's unit.",
    )
    parser.add_argument("--lab", required=True, choices=LAB_KEYS, help="which lab")
    parser.add_argument("--value", required=True, help="the result")
    parser.add_argument(
        "--unit",
        help="unit of the value, LLN, ULN and baseline (default SI: 10^9/L, g/L, U/L or µmol/L)",
    )
    parser.add_argument("--lln", help="the laboratory's lower limit of normal")
    parser.add_argument("--uln", help="the laboratory's upper limit of normal")
    parser.add_argument(
        "--baseline", help="the patient's baseline value (ALT, AST, ALP, bilirubin, creatinine)"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=_grade)
