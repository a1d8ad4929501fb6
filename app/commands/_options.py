"""Options and output helpers shared by the headless commands.

Every number, count, date and identifier a command reads goes through the plausibility limits of `app.inputs`
(the same ones the services apply), so a typing slip is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app import inputs
from app.errors import InputError
from app.protocol import Protocol, ProtocolError, load_protocol, load_protocol_file, shipped_match

DEFAULT_PROTOCOL = "nct07343453"


MAX_DATABASE_ADDRESS = 4096


def database_address(text: str) -> str:
    """`type=` of `--database`: a file path or a URL without control or invisible characters."""
    try:
        return inputs.identifier(text, "The database (--database)", limit=MAX_DATABASE_ADDRESS)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_database_option(parser: argparse.ArgumentParser) -> None:
    """`--database URL` after the sub-command too (`dosedesk demo --database URL`)."""
    parser.add_argument(
        "--database",
        metavar="URL",
        type=database_address,
        default=argparse.SUPPRESS,
        help="database URL (default: DOSEDESK_DATABASE_URL, else the embedded SQLite file)",
    )
    parser.set_defaults(uses_database=True)


def add_paper_language_option(parser: argparse.ArgumentParser) -> None:
    """`--lang en|zh|both`: the language of the pharmacy's paper (both: Chinese with the English beside it, where
    the site prints bilingual paper, the `paper_bilingual` site setting). Not given (None): the language of the
    `--user` who reads, where the command has one and they chose one, else English."""
    parser.add_argument(
        "--lang",
        choices=("en", "zh", "both"),
        default=None,
        help="English, Simplified Chinese, or both (where the site setting paper_bilingual is true); "
        "default: the --user's own language, else English",
    )


def add_user_option(parser: argparse.ArgumentParser) -> None:
    """`--user NAME`: read as that user. An order not yet verified shows its figures only to a reader who may
    not verify it (its maker, its prescriber, a user without the pharmacist role); without `--user` they are
    withheld, since the command cannot tell who reads."""
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=None,
        type=identifier_argument("The user (--user)"),
        help="read as this user (the figures of an order awaiting verification are withheld without it, "
        "and from a pharmacist who could still verify it)",
    )


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# --- typed arguments (argparse `type=`): a refusal is one line, exit status 2 ---------------------------------


def _argument(check: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            return check(text)
        except InputError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = getattr(check, "__name__", "value")
    return parse


def date_argument(what: str = "The date") -> Callable[[str], date]:
    """`type=` for a calendar date written YYYY-MM-DD, between 1900 and 2200."""
    return _argument(lambda text: inputs.calendar_date(text, what))


def count_argument(
    what: str = "The number", *, minimum: int = 1, maximum: int = inputs.MAX_COUNT
) -> Callable[[str], int]:
    """`type=` for a whole number within `minimum`..`maximum` (vials, an occurrence)."""
    return _argument(lambda text: inputs.count(text, what, minimum=minimum, maximum=maximum))


def identifier_argument(what: str, limit: int = inputs.MAX_IDENTIFIER) -> Callable[[str], str]:
    """`type=` for an identifier (a lot number, a reference, a user name): no control, invisible or
    direction characters, at most `limit` characters."""
    return _argument(lambda text: inputs.identifier(text, what, limit=limit))


def path_argument(what: str) -> Callable[[str], str]:
    """`type=` for a file's path: as typed, without control characters."""
    return _argument(lambda text: inputs.file_path(text, what))


def text_argument(what: str, limit: int = inputs.MAX_REASON) -> Callable[[str], str]:
    """`type=` for free text (a reason, a note): at most `limit` characters, no control characters."""
    return _argument(lambda text: inputs.free_text(text, what, limit=limit))


def number(text: str | None, what: str, **limits: Any) -> Decimal | None:
    """A quantity typed on the command line (None when not given), within the plausibility limits."""
    if text is None:
        return None
    return inputs.plausible_decimal(text, what, **limits)


# --- the protocol a command works from ---------------------------------------------------------------------


def add_protocol_options(parser: argparse.ArgumentParser, default: str = DEFAULT_PROTOCOL) -> None:
    """`--protocol ID` (a shipped protocol, by id) or `--protocol-file FILE` (a protocol file, by path)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--protocol",
        metavar="ID",
        default=None,
        help=f"a shipped protocol, by its id (default: {default})",
    )
    group.add_argument(
        "--protocol-file",
        metavar="FILE",
        default=None,
        help="a protocol file (TOML) to use instead of a shipped protocol",
    )
    parser.set_defaults(default_protocol=default)


def chosen_protocol(args: argparse.Namespace) -> Protocol:
    """The protocol `--protocol-file` names, else the shipped one `--protocol` names (else the default).

    An id is looked up among the shipped protocols only; a file is read only when given as `--protocol-file`."""
    if getattr(args, "protocol_file", None) is not None:
        return load_protocol_file(args.protocol_file)
    protocol_id = args.protocol if args.protocol is not None else args.default_protocol
    return shipped_protocol(protocol_id)


def shipped_protocol(protocol_id: str) -> Protocol:
    """The shipped protocol `protocol_id`; a refusal that names --protocol-file when a file was meant."""
    try:
        return load_protocol(protocol_id)
    except ProtocolError as exc:
        if _looks_like_a_file(protocol_id):
            raise ProtocolError(
                f"{exc}. A protocol file is given with --protocol-file FILE, never as a protocol id."
            ) from None
        raise


def _looks_like_a_file(text: str) -> bool:
    if "/" in text or "\\" in text or text.endswith(".toml"):
        return True
    try:
        return len(text) < 256 and Path(text).is_file()
    except (OSError, ValueError):
        return False


def protocol_identity(protocol: Protocol) -> dict[str, Any]:
    """What a result rests on, for JSON: the id and version the file states, its SHA-256, the file, and how it
    compares with the shipped file of that id and version (`shipped`: the very same content; `differs`: a
    shipped file of that id and version has other content, so this is not that version)."""
    match = shipped_match(protocol)
    return {
        "id": protocol.id,
        "version": protocol.version,
        "fingerprint": protocol.fingerprint,
        "file": str(protocol.source),
        "shipped": match == "shipped",
        "differs_from_shipped": match == "differs",
    }


def protocol_line(protocol: Protocol) -> str:
    """The protocol a result rests on, in words, saying when a file is not the shipped version it names."""
    short = protocol.fingerprint[:12]
    match = shipped_match(protocol)
    if match == "shipped":
        return f"Protocol {protocol.id} version {protocol.version} (file {short})"
    if match == "differs":
        shipped = load_protocol(protocol.id).fingerprint[:12]
        return (
            f"Protocol file {protocol.source}: it says {protocol.id} version {protocol.version}, but its content "
            f"DIFFERS from the shipped {protocol.id} version {protocol.version} (file {short}, shipped {shipped}):"
            " it is not that version"
        )
    return (
        f"Protocol file {protocol.source}: {protocol.id} version {protocol.version} (file {short}), "
        "not a version DoseDesk ships"
    )


def write_output(out: str, data: bytes) -> None:
    """Write a document to the file `out`, or to standard output for "-"; a folder that does not exist or a
    full disk is one sentence (InputError), nothing half-written left behind by the command."""
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(out)
    if not path.parent.is_dir():
        raise InputError(f"Cannot write {out}: the folder {path.parent} does not exist.")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"Cannot write {out}: {exc.strerror or exc}.") from None
    print(f"Wrote {out}", file=sys.stderr)
