"""`dosedesk protocol check FILE` (or `--protocol ID`): can a protocol file be used, and which version is it?

FILE is always a file: a shipped protocol is checked by its id with `--protocol ID`. The answer names the
protocol's identity (id, version, the SHA-256 of the file) and says whether the file is the shipped version it
names, or differs from it.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands._options import (
    add_json_flag,
    print_json,
    protocol_identity,
    protocol_line,
    shipped_protocol,
)
from app.errors import InputError
from app.protocol import load_protocol_file


def _check(args: argparse.Namespace) -> int:
    if (args.file is None) == (args.protocol is None):
        raise InputError(
            "Give a protocol file to check, or a shipped protocol with --protocol ID (not both)."
        )
    protocol = shipped_protocol(args.protocol) if args.protocol is not None else load_protocol_file(args.file)
    if args.json:
        data = protocol_identity(protocol)
        data["unconfirmed"] = list(protocol.unconfirmed)
        print_json(data)
        return 0
    note = f" ({len(protocol.unconfirmed)} unconfirmed values)" if protocol.unconfirmed else ""
    print(f"OK: {protocol.id} version {protocol.version}{note}")
    print(protocol_line(protocol))
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("protocol", help="check protocol files")
    actions = parser.add_subparsers(dest="protocol_action", required=True)
    check = actions.add_parser("check", help="check a protocol file, or a shipped protocol by its id")
    check.add_argument("file", nargs="?", help="a protocol .toml file")
    check.add_argument("--protocol", metavar="ID", help="a shipped protocol, by its id")
    add_json_flag(check)
    check.set_defaults(handler=_check)
