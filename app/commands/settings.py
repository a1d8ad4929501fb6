"""`dosedesk settings show [--json]` and `dosedesk settings set KEY VALUE --user NAME`: the site's own settings.

Everyone may look at them; only an administrator changes them (NAME's password from DOSEDESK_PASSWORD, else
asked for), each change on the audit trail. KEY is a whole setting (`clinic_phone`, `lab_file_encoding`, or a
map given as JSON) or one entry of a map: `lab_code.CODE "LAB [UNIT]"`, `lab_column.FIELD "Header"`,
`reference_range.LAB "LOW-HIGH UNIT"`. An empty VALUE sets the key back to its default (or removes the entry).
See `app.services.settings`. A refusal is one line on stderr, exit 2, nothing changed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from app.commands._options import add_database_option, add_json_flag, identifier_argument, print_json
from app.errors import InputError
from app.services import settings, users
from app.services.database import Database, open_database

PASSWORD_VARIABLE = "DOSEDESK_PASSWORD"


def read_password() -> str:
    """NAME's password: DOSEDESK_PASSWORD, else asked for (read from standard input when it is not a terminal)."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not password:
        raise InputError(f"Give the password (in {PASSWORD_VARIABLE}, or when asked).")
    return password


def signed_in(database: Database, username: str) -> users.UserInfo:
    return users.sign_in(database.uow(), username, read_password())


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value in (None, "", {}):
        return "-"
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _show(args: argparse.Namespace) -> int:
    database = open_database(getattr(args, "database", None), create=False)
    try:
        rows = settings.setting_rows(database.read_uow())
    finally:
        database.dispose()
    if args.json:
        data: dict[str, Any] = {row.key: row.value for row in rows}
        data["known_loinc_codes"] = {
            code.code: {"lab": code.lab, "name": code.name, "sure": code.sure}
            for code in settings.loinc_codes()
        }
        print_json(data)
        return 0
    for row in rows:
        default = "  (default)" if row.is_default else ""
        print(f"{row.key:<20} {_shown(row.value)}{default}")
    unsure = [code.code for code in settings.loinc_codes() if not code.sure]
    print(
        f"{'LOINC codes known':<20} {len(settings.loinc_codes())} (not confirmed, check before relying on them: "
        f"{', '.join(unsure)})"
    )
    return 0


def _set(args: argparse.Namespace) -> int:
    database = open_database(getattr(args, "database", None), create=False)
    try:
        admin = signed_in(database, args.user)
        row = settings.set_setting(database.uow(admin), args.key, args.value)
    finally:
        database.dispose()
    print(f"{row.key} = {_shown(row.value)}{'  (default)' if row.is_default else ''}")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("settings", help="show or change the site's settings (names, phone, labs)")
    actions = parser.add_subparsers(dest="what", required=True)
    show = actions.add_parser("show", help="every site setting (JSON with --json)")
    add_database_option(show)
    add_json_flag(show)
    show.set_defaults(handler=_show)
    change = actions.add_parser("set", help="change one setting (an administrator)")
    change.add_argument("key", metavar="KEY", help="the setting, or MAP_ENTRY.NAME (lab_code.CODE …)")
    change.add_argument("value", metavar="VALUE", help="its new value ('' for the default)")
    change.add_argument(
        "--user",
        required=True,
        type=identifier_argument("The user (--user)"),
        metavar="NAME",
        help=f"an administrator (password: ${PASSWORD_VARIABLE})",
    )
    add_database_option(change)
    change.set_defaults(handler=_set)
