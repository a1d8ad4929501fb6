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


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
