"""Options and output helpers shared by the headless commands."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """`--database URL` after the sub-command too (`dosedesk demo --database URL`)."""
    parser.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="database URL (default: DOSEDESK_DATABASE_URL, else the embedded SQLite file)",
    )


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """`--user NAME`: read as that user. An order not yet verified shows its figures only to a reader who may
    not verify it (its maker, its prescriber, a user without the pharmacist role); without `--user` they are
    withheld, since the command cannot tell who reads."""
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=None,
        help="read as this user (the figures of an order awaiting verification are withheld without it, "
        "and from a pharmacist who could still verify it)",
    )


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
