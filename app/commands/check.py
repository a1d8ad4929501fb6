"""`dosedesk check [--database URL] [--against COPY|ROW:HASH …] [--reset-witness]`: is the database sound?

Exit 0 "OK", or 1 with one problem a line. Things worth knowing that are not faults (no witness of the audit
trail kept on this computer yet) follow as "Note: …" lines and do not change the exit status.

Runs every registered check (app.services.database.register_check): SQLite's integrity and foreign-key checks
(PostgreSQL: unvalidated constraints), the schema version, the guard triggers, the audit chain, the audit trail's
head against the witness kept on this computer, every audited record against the replay of its audit trail,
the signatures, the one-time events, the lot balances, and whatever other modules add.

`--against` also compares the trail with a witness of it taken earlier: a backup copy (or its `.head.json`),
or the head printed on a clinic day list ("audit row 4,510 · 3fa9c2d1e0b4" → `--against 4510:3fa9c2d1e0b4`).
`--reset-witness`, after a restore made outside DoseDesk (pg_restore, a copy put in place by hand), starts this
computer's witness again from the database as it is, then checks.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands._options import add_database_option, add_json_flag, print_json
from app.services import witness
from app.services.database import check_report, open_database
from app.text import msg


def _check(args: argparse.Namespace) -> int:
    database = open_database(getattr(args, "database", None), create=False, migrate=False)
    reset: str | None = None
    try:
        if args.reset_witness:
            witness.reset_witness(database, "reset by dosedesk check --reset-witness")
            reset = msg(
                "The witness of the audit trail on this computer starts again from the database as it is."
            )
        report = check_report(database)
        problems = list(report.problems)
        if args.against:
            with database.read_session_factory() as session:
                for source in args.against:
                    problems.extend(witness.compare_against(session, source))
    finally:
        database.dispose()
    notes = [*([reset] if reset else []), *report.notes]
    if args.json:
        print_json(
            {"ok": not problems, "database": database.describe(), "problems": problems, "notes": notes}
        )
        return 1 if problems else 0
    for problem in problems:
        print(problem)
    if not problems:
        print("OK")
    for sentence in notes:
        print(msg("Note: {note}", note=sentence))
    return 1 if problems else 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check", help="check the database: integrity, foreign keys, audit chain, records against their trail"
    )
    add_database_option(parser)
    add_json_flag(parser)
    parser.add_argument(
        "--against",
        action="append",
        metavar="COPY|ROW:HASH",
        default=[],
        help="also compare the audit trail with a backup copy, its .head.json, or a head printed on paper",
    )
    parser.add_argument(
        "--reset-witness",
        action="store_true",
        help="after a restore made outside DoseDesk: start this computer's witness again, then check",
    )
    parser.set_defaults(handler=_check)
