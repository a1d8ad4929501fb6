"""`dosedesk restore --from FILE --user NAME [--database URL]`: put a backup back in place of the database.

The same service as the Admin screen's "Restore a backup…" (app.services.restore): NAME must be an administrator
of the database in use, whose password is read from DOSEDESK_PASSWORD, else asked for. The backup must pass every
check of `dosedesk check`; the database in use must be open nowhere else (close DoseDesk everywhere first); its
content is kept aside as a copy, named in the output. A refusal is one line on stderr, exit 2, nothing changed.
PostgreSQL is refused: its administrator restores a pg_dump file with pg_restore.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from app.commands._options import add_database_option, identifier_argument, path_argument
from app.errors import InputError
from app.services import users
from app.services.database import open_database
from app.services.restore import check_backup_file, restore_database, sqlite_target

PASSWORD_VARIABLE = "DOSEDESK_PASSWORD"


def _password() -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not password:
        raise InputError(f"Give the password (in {PASSWORD_VARIABLE}, or when asked).")
    return password


def _restore(args: argparse.Namespace) -> int:
    url = getattr(args, "database", None)
    target = sqlite_target(url)  # PostgreSQL is refused before anything is asked
    backup = check_backup_file(Path(args.source))
    database = open_database(url, create=False)
    try:
        admin = users.sign_in(database.uow(), args.user, _password())
    finally:
        database.dispose()  # nothing of this process may hold the database while it is replaced
    result = restore_database(url, backup, user=admin)
    print(f"Restored {result.backup} into {target}.")
    if result.set_aside is not None:
        print(f"The database it replaced is kept as {result.set_aside}.")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="replace the database by a checked backup (an administrator; DoseDesk closed everywhere else)",
    )
    add_database_option(parser)
    parser.add_argument(
        "--from",
        dest="source",
        required=True,
        type=path_argument("The backup (--from)"),
        metavar="FILE",
        help="the backup to restore",
    )
    parser.add_argument(
        "--user",
        required=True,
        metavar="NAME",
        type=identifier_argument("The user (--user)"),
        help=f"an administrator (password: ${PASSWORD_VARIABLE})",
    )
    parser.set_defaults(handler=_restore)
