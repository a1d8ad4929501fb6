"""`dosedesk backup [--database URL] --to FILE`: an online, consistent, restorable copy of the database.

SQLite: SQLite's backup API, while others keep working; the copy is one self-contained file that DoseDesk opens
with `--database FILE`. PostgreSQL: pg_dump is the tool; DoseDesk runs it (custom format, restore with
pg_restore) when it is installed. Beside the copy, `<FILE>.head.json` names the database and the audit trail's
head the copy holds: keep them together (`dosedesk check --against FILE` compares the trail with the copy).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.commands._options import add_database_option, path_argument
from app.services.database import backup_database, open_database
from app.services.witness import backup_head_file


def _backup(args: argparse.Namespace) -> int:
    database = open_database(getattr(args, "database", None), create=False, migrate=False)
    target = Path(args.to).expanduser().resolve()
    try:
        backup_database(database, target)
    finally:
        database.dispose()
    print(f"Backed up {database.describe()} to {target} (its audit head: {backup_head_file(target)})")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("backup", help="copy the database, consistently, while it is in use")
    add_database_option(parser)
    parser.add_argument(
        "--to",
        required=True,
        type=path_argument("The backup file (--to)"),
        metavar="FILE",
        help="the file to write (must not exist)",
    )
    parser.set_defaults(handler=_backup)
