"""`dosedesk check [--database URL]`: is the database sound? Exit 0 "OK", or 1 with one problem a line.

Runs every registered check (app.services.database.register_check): SQLite's integrity and foreign-key checks
(PostgreSQL: unvalidated constraints), the schema version, the guard triggers, the audit chain, the signatures,
and whatever other modules add.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands._options import add_database_option, add_json_flag, print_json
from app.services.database import check_database, open_database


def _check(args: argparse.Namespace) -> int:
    database = open_database(getattr(args, "database", None), create=False, migrate=False)
    try:
        problems = check_database(database)
    finally:
        database.dispose()
    if args.json:
        print_json({"ok": not problems, "database": database.describe(), "problems": problems})
    elif problems:
        for problem in problems:
            print(problem)
    else:
        print("OK")
    return 1 if problems else 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("check", help="check the database: integrity, foreign keys, audit chain")
    add_database_option(parser)
    add_json_flag(parser)
    parser.set_defaults(handler=_check)
