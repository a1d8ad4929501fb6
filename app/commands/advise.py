"""`dosedesk advise`: what the protocol's toxicity rules propose for one toxicity, grade and dose level.

A proposal only: the investigator confirms or overrides it. Nothing is recorded.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
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
from app.dosing.format import format_quantity, plain_decimal
from app.inputs import MAX_NAME, name_text
from app.toxicity.rules import ProposedAction, propose_action


def _level(text: str) -> Decimal:
    level = number(text, "The dose level in mg/kg (--level)")
    assert level is not None
    return level


def proposal_as_json(proposal: ProposedAction) -> dict[str, Any]:
    """The proposal as JSON-ready data; levels as decimal strings (e.g. "4"), null when discontinuing."""
    return {
        "toxicity": proposal.toxicity,
        "term": proposal.term,
        "grade": proposal.grade,
        "occurrence": proposal.occurrence,
        "current_mg_per_kg": plain_decimal(proposal.current_mg_per_kg),
        "action": proposal.action,
        "hold_until_grade": proposal.hold_until_grade,
        "resume_mg_per_kg": (
            None if proposal.resume_mg_per_kg is None else plain_decimal(proposal.resume_mg_per_kg)
        ),
        "reduce": proposal.reduce,
        "resume": proposal.resume,
        "rule": proposal.rule,
        "rule_index": proposal.rule_index,
        "explanation": proposal.explanation,
    }


def _advise(args: argparse.Namespace) -> int:
    protocol = chosen_protocol(args)
    toxicity = name_text(args.toxicity, "The toxicity (--toxicity)", limit=MAX_NAME)
    proposal = propose_action(protocol, toxicity, args.grade, _level(args.level), args.occurrence)
    unconfirmed = protocol.is_unconfirmed("toxicity.rules")
    if args.json:
        data = proposal_as_json(proposal)
        data["protocol"] = protocol_identity(protocol)
        data["rules_unconfirmed"] = unconfirmed
        print_json(data)
        return 0
    print(protocol_line(protocol))
    print(f"Proposed: {proposal.action}")
    if proposal.hold_until_grade == 0:
        print("Hold until resolved (grade 0)")
    elif proposal.hold_until_grade is not None:
        print(f"Hold until grade ≤ {proposal.hold_until_grade}")
    if proposal.resume_mg_per_kg is not None:
        print(f"Resume at: {format_quantity(proposal.resume_mg_per_kg, 'mg/kg')}")
    print(proposal.explanation)
    print(f"Rule: {proposal.rule}" if proposal.rule else "Rule: none of the protocol's rules applies")
    if unconfirmed:
        print("The protocol's toxicity rules are unconfirmed defaults: the investigator decides.")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "advise",
        help="the action the protocol proposes for a toxicity (hold, resume level, discontinue)",
        description="Propose the action for one toxicity from the protocol's rules. Nothing is recorded.",
    )
    add_protocol_options(parser, DEFAULT_PROTOCOL)
    parser.add_argument(
        "--toxicity",
        required=True,
        help="a toxicity of the protocol's rules (neutropenia, stomatitis, …) or a CTCAE v5.0 term",
    )
    parser.add_argument("--grade", required=True, type=int, help="CTCAE grade, 1 to 5")
    parser.add_argument("--level", required=True, metavar="MG_PER_KG", help="current dose level in mg/kg")
    parser.add_argument(
        "--occurrence",
        type=int,
        default=1,
        help="how many times this toxicity has occurred, this one included (default 1)",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=_advise)
