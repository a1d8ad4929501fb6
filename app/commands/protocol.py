"""`dosedesk protocol check FILE`: say whether a protocol file can be used, and why not."""

from __future__ import annotations

import argparse
from typing import Any

from app.protocol import load_protocol


def _check(args: argparse.Namespace) -> int:
    protocol = load_protocol(args.file)
    note = f" ({len(protocol.unconfirmed)} unconfirmed values)" if protocol.unconfirmed else ""
    print(f"OK: {protocol.id} version {protocol.version}{note}")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("protocol", help="check protocol files")
    actions = parser.add_subparsers(dest="protocol_action", required=True)
    check = actions.add_parser("check", help="check a protocol file")
    check.add_argument("file", help="a protocol .toml file, or the id of a shipped protocol")
    check.set_defaults(handler=_check)
