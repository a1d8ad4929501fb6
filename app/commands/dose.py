"""`dosedesk dose`: the dose, drawn volume, vials and waste for one weight, with any warnings.

A calculator only: nothing is recorded. With `--json` it prints decimal strings for machines; otherwise
readable lines, every number through the one formatter.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from app.commands._options import (
    DEFAULT_PROTOCOL,
    add_json_flag,
    add_protocol_options,
    chosen_protocol,
    number,
    print_json,
    protocol_identity,
    protocol_line,
)
from app.dosing import DosePlan, compute_dose
from app.dosing.format import format_number, format_quantity, plain_decimal
from app.errors import InputError
from app.inputs import calendar_date
from app.protocol import Protocol

# The protocol fields a dose rests on (their unconfirmed entries are named with the dose).
_DOSE_FIELDS = (
    "regimen.dose_levels_mg_per_kg",
    "dosing.weight_hard_min_kg",
    "dosing.weight_hard_max_kg",
    "dosing.weight_soft_min_kg",
    "dosing.weight_soft_max_kg",
    "dosing.weight_change_warn_percent",
    "dosing.weight_max_age_days",
    "dosing.volume_rounding_ml",
    "dosing.vial_rounding_allowed",
    "dosing.vial_rounding_percent",
    "product.vial_strength_mg",
    "preparation.reconstitution_diluent",
    "preparation.reconstitution_volume_ml",
    "preparation.concentration_mg_per_ml",
    "preparation.bag_diluent",
    "preparation.bag_volume_ml",
    "preparation.final_concentration_min_mg_per_ml",
    "preparation.final_concentration_max_mg_per_ml",
)


def _unconfirmed(protocol: Protocol) -> list[str]:
    return [
        item
        for item in protocol.unconfirmed
        if any(field == item or field.startswith(item + ".") for field in _DOSE_FIELDS)
    ]


def plan_as_json(plan: DosePlan) -> dict[str, Any]:
    """The plan as JSON-ready data: quantities as decimal strings (e.g. "356.5"), warnings as messages.

    `protocol` is the id and version the plan was calculated under; the command replaces it with the whole
    identity of the protocol file (`protocol_identity`: id, version, fingerprint, file, shipped or not)."""
    return {
        "protocol": {"id": plan.protocol_id, "version": plan.protocol_version},
        "weight_kg": plain_decimal(plan.weight_kg),
        "weight_date": plan.weight_date.isoformat() if plan.weight_date else None,
        "dose_date": plan.dose_date.isoformat() if plan.dose_date else None,
        "mg_per_kg": plain_decimal(plan.mg_per_kg),
        "calculated_mg": plain_decimal(plan.calculated_mg),
        "final_mg": plain_decimal(plan.final_mg),
        "withdraw_ml": plain_decimal(plan.withdraw_ml),
        "vials": plain_decimal(plan.vials),
        "vial_strength_mg": plain_decimal(plan.vial_strength_mg),
        "waste_mg": plain_decimal(plan.waste_mg),
        "vial_rounded": plan.vial_rounded,
        "concentration_mg_per_ml": plain_decimal(plan.concentration_mg_per_ml),
        "reconstitution_volume_ml": plain_decimal(plan.reconstitution_volume_ml),
        "bag_volume_ml": plain_decimal(plan.bag_volume_ml),
        "final_volume_ml": plain_decimal(plan.final_volume_ml),
        "final_concentration_mg_per_ml": plain_decimal(plan.final_concentration_mg_per_ml),
        "needs_acknowledgement": plan.needs_acknowledgement,
        "warnings": [w.message for w in plan.warnings],
        "warning_codes": [str(w.code) for w in plan.warnings],
    }


def plan_lines(plan: DosePlan, protocol: Protocol) -> list[str]:
    """The plan as readable lines for a pharmacist."""
    q = format_quantity
    lines = [
        f"{protocol_line(protocol)}: {protocol.drug.name}",
        f"Weight: {q(plan.weight_kg, 'kg')}"
        + (f" (measured {plan.weight_date.isoformat()})" if plan.weight_date else ""),
        f"Dose level: {q(plan.mg_per_kg, 'mg/kg')}",
        f"Calculated dose: {q(plan.calculated_mg, 'mg')}",
        f"Volume to draw: {q(plan.withdraw_ml, 'mL')} of {q(plan.concentration_mg_per_ml, 'mg/mL')}",
        f"Final dose: {q(plan.final_mg, 'mg')}" + (" (rounded to whole vials)" if plan.vial_rounded else ""),
        f"Vials: {format_number(plan.vials)} × {q(plan.vial_strength_mg, 'mg')}, each reconstituted with "
        f"{q(plan.reconstitution_volume_ml, 'mL')} {plan.reconstitution_diluent}",
        f"Waste: {q(plan.waste_mg, 'mg')}",
        f"Bag: {q(plan.bag_volume_ml, 'mL')} {plan.bag_diluent}; final volume {q(plan.final_volume_ml, 'mL')}; "
        f"final concentration {q(plan.final_concentration_mg_per_ml, 'mg/mL')}",
    ]
    if plan.warnings:
        lines.append("Warnings (each needs an acknowledgement with a reason):")
        lines.extend(f"  - {w.message}" for w in plan.warnings)
    unconfirmed = _unconfirmed(protocol)
    if unconfirmed:
        lines.append(
            "Unconfirmed protocol values used (the site pharmacy manual decides): " + ", ".join(unconfirmed)
        )
    return lines


def _date(text: str | None, what: str) -> date | None:
    return None if text is None else calendar_date(text, what)


def _dose(args: argparse.Namespace) -> int:
    weight = number(args.weight_kg, "The weight (--weight-kg)")
    level = number(args.level, "The dose level (--level)")
    baseline = number(args.baseline_kg, "The baseline weight (--baseline-kg)")
    previous = number(args.previous_kg, "The previous dosing weight (--previous-kg)")
    weight_date = _date(args.weight_date, "The weight date (--weight-date)")
    dose_date = _date(args.dose_date, "The dose date (--dose-date)")
    if dose_date is not None and weight_date is None:
        raise InputError("Give the date the weight was measured (--weight-date) with the dose date.")
    if weight_date is not None and dose_date is None:
        dose_date = date.today()
    assert weight is not None  # --weight-kg is required
    protocol = chosen_protocol(args)
    plan = compute_dose(
        protocol,
        weight_kg=weight,
        level_mg_per_kg=level if level is not None else protocol.regimen.starting_level,
        baseline_kg=baseline,
        previous_kg=previous,
        weight_date=weight_date,
        dose_date=dose_date,
    )
    if args.json:
        data = plan_as_json(plan)
        data["protocol"] = protocol_identity(protocol)
        data["unconfirmed"] = _unconfirmed(protocol)
        print_json(data)
    else:
        print("\n".join(plan_lines(plan, protocol)))
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "dose",
        help="calculate a dose: volume to draw, vials, waste and warnings",
        description="Calculate one dose from the weight measured at this visit. Nothing is recorded.",
    )
    add_protocol_options(parser, DEFAULT_PROTOCOL)
    parser.add_argument(
        "--weight-kg", required=True, metavar="KG", help="weight measured at this visit, in kg"
    )
    parser.add_argument(
        "--level", metavar="MG_PER_KG", help="dose level in mg/kg (default: the protocol's starting level)"
    )
    parser.add_argument("--baseline-kg", metavar="KG", help="baseline weight, for the weight-change check")
    parser.add_argument(
        "--previous-kg", metavar="KG", help="weight the previous dose was calculated on, for the change check"
    )
    parser.add_argument("--weight-date", metavar="DATE", help="date the weight was measured (YYYY-MM-DD)")
    parser.add_argument(
        "--dose-date", metavar="DATE", help="date of the dose (YYYY-MM-DD; default today with --weight-date)"
    )
    add_json_flag(parser)
    parser.set_defaults(handler=_dose)
