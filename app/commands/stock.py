"""`dosedesk stock …`: investigational product accountability from the command line.

    dosedesk stock list     [--json]                                   every lot: counts, waste, problems
    dosedesk stock alerts   [--date YYYY-MM-DD] [--json]               expiring and expired lots, cover of doses
    dosedesk stock log      --lot LOT [--lang en|zh|both] --out FILE.pdf   the lot's accountability log
    dosedesk stock receive  --user NAME --shipment REF --date YYYY-MM-DD
                            --lot NUMBER:VIALS:EXPIRY[:STRENGTH_MG] … [--protocol ID] [--quarantine REASON]
    dosedesk stock quarantine --user NAME --lot LOT --reason TEXT [--why CODE]
    dosedesk stock release    --user NAME --lot LOT --reason TEXT [--why CODE]
    dosedesk stock return     --user NAME --lot LOT --vials N --reason TEXT [--why CODE] [--reference REF]   e-signed
    dosedesk stock destroy    --user NAME --lot LOT --vials N --reason TEXT [--why CODE] [--reference REF]  e-signed
(--why: a code of app.dosing.stock_reasons offered for that act, "other" when left out)

All take `--database URL`. A change is made by a signed-in pharmacist: `--user` names them and the password is
read from DOSEDESK_PASSWORD, else asked for (it also signs a return or destruction). A refusal is one line on
stderr, exit 2.

For the shared commands: `lots_as_json` (app.services.stock) and `lot_line` serve `dosedesk list lots`, and
`add_accountability_parser` adds `dosedesk print accountability --lot LOT --out FILE.pdf`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from app import inputs
from app.commands._options import (
    DEFAULT_PROTOCOL,
    add_database_option,
    add_json_flag,
    add_paper_language_option,
    add_protocol_options,
    chosen_protocol,
    count_argument,
    date_argument,
    identifier_argument,
    path_argument,
    print_json,
    text_argument,
)
from app.dosing.format import format_quantity
from app.dosing.stock_reasons import (
    DESTRUCTION_CHOICES,
    QUARANTINE_CHOICES,
    RELEASE_CHOICES,
    RETURN_CHOICES,
    StockReason,
)
from app.errors import InputError
from app.protocol import Protocol
from app.services import protocols, stock, users
from app.services.audit import SystemActor
from app.services.database import Database, open_database
from app.services.uow import SqlUnitOfWork, UnitOfWork

PASSWORD_VARIABLE = "DOSEDESK_PASSWORD"
T = TypeVar("T")


# --- helpers -----------------------------------------------------------------------------------------------


def _lot_receipt(text: str) -> tuple[str, int, date, Decimal | None]:
    """NUMBER:VIALS:EXPIRY[:STRENGTH_MG], each part within the plausibility limits; no strength: the protocol's
    vial (a strength of 0 is refused, never taken for "none given")."""
    parts = [part.strip() for part in text.split(":")]
    if len(parts) not in (3, 4):
        raise argparse.ArgumentTypeError(
            f"{inputs.shown(text)}: write a lot as NUMBER:VIALS:EXPIRY[:STRENGTH_MG], e.g. 24A117:20:2027-06-30"
        )
    try:
        number = inputs.identifier(parts[0], "The lot number", limit=stock.MAX_LOT_NUMBER)
        if not number:
            raise InputError("Give the lot number as printed on the vials.")
        vials = inputs.count(parts[1], f"The vials of lot {number}", maximum=stock.MAX_VIALS)
        expiry = inputs.calendar_date(parts[2], f"The expiry of lot {number}")
        strength = (
            inputs.plausible_decimal(
                parts[3], f"The strength of lot {number} in mg", positive=True, maximum=stock.MAX_STRENGTH_MG
            )
            if len(parts) == 4
            else None
        )
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return number, vials, expiry, strength


def _reading(database: Database) -> UnitOfWork:
    return database.read_uow(SystemActor("dosedesk stock"))


def _with_database(args: argparse.Namespace, work: Callable[[Database], T]) -> T:
    database = open_database(getattr(args, "database", None), create=False)
    try:
        return work(database)
    finally:
        database.dispose()


def _password() -> str:
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if not password:
        raise InputError(f"Give the password (in {PASSWORD_VARIABLE}, or when asked).")
    return password


def _as_user(database: Database, username: str, password: str, reason: str) -> SqlUnitOfWork:
    user = users.sign_in(database.uow(), username, password)
    return database.uow(user, reason)


def _summary_line(lot: stock.LotSummary) -> str:
    state = lot.status.value if not lot.problems else f"{lot.status.value}, DOES NOT RECONCILE"
    return (
        f"{lot.lot_number:<14} {format_quantity(lot.strength_mg, 'mg'):>8}  expires {lot.expiry.isoformat()}  "
        f"received {lot.received:>4}  dispensed {lot.dispensed:>4}  returned {lot.returned:>4}  "
        f"destroyed {lot.destroyed:>4}  on hand {lot.on_hand:>4}  wasted {format_quantity(lot.wasted_mg, 'mg')}"
        f"  ({state})"
    )


def lot_line(row: dict[str, Any]) -> str:
    """One readable line of a `lots_as_json` row (for `dosedesk list lots` without --json)."""
    state = row["status"] if row["reconciles"] else f"{row['status']}, DOES NOT RECONCILE"
    return (
        f"{row['lot']:<14} expires {row['expiry']}  received {row['received']:>4}  dispensed {row['dispensed']:>4}  "
        f"returned {row['returned']:>4}  destroyed {row['destroyed']:>4}  on hand {row['on_hand']:>4}  "
        f"wasted {format_quantity(Decimal(row['wasted_mg']), 'mg')}  ({state})"
    )


def write_pdf(out: str, data: bytes) -> Path:
    """Write `data` to `out` whole or not at all (a temporary file beside it, then renamed)."""
    path = Path(out).expanduser()
    if not path.parent.is_dir():
        raise InputError(f"Cannot write {out}: the folder {path.parent} does not exist.")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"Cannot write {out}: {exc.strerror or exc}.") from None
    return path


def render_lot_log(uow: UnitOfWork, lot_number: str, language: str = "en") -> bytes:
    """The accountability log of `lot_number` as PDF bytes, in `language` (en, zh, or both where the site
    prints bilingual paper)."""
    return stock.print_accountability(uow, lot_number, language)


# --- handlers ----------------------------------------------------------------------------------------------


def _list(args: argparse.Namespace) -> int:
    if args.json:
        print_json(_with_database(args, lambda database: stock.lots_as_json(_reading(database))))
        return 0
    lots = _with_database(args, lambda database: stock.list_lots(_reading(database)))
    for lot in lots:
        print(_summary_line(lot))
        for problem in lot.problems:
            print(f"    {problem}")
    return 0


def _alerts(args: argparse.Namespace) -> int:
    alerts = _with_database(args, lambda database: stock.stock_alerts(_reading(database), today=args.date))
    if args.json:
        print_json(
            [
                {
                    "kind": alert.kind,
                    "protocol": alert.protocol_id,
                    "lot": alert.lot_number,
                    "date": alert.day.isoformat() if alert.day else None,
                    "days": alert.days,
                    "vials": alert.vials,
                    "message": alert.message,
                }
                for alert in alerts
            ]
        )
    else:
        for alert in alerts:
            print(alert.message)
    return 0


def _log(args: argparse.Namespace) -> int:
    language = getattr(args, "lang", None) or "en"
    data = _with_database(args, lambda database: render_lot_log(_reading(database), args.lot, language))
    write_pdf(args.out, data)
    print(f"Wrote {args.out}", file=sys.stderr)
    return 0


def _change(args: argparse.Namespace, reason: str, work: Callable[[UnitOfWork, str], Any]) -> int:
    password = _password()

    def run(database: Database) -> Any:
        return work(_as_user(database, args.user, password, reason), password)

    result = _with_database(args, run)
    summaries = result if isinstance(result, list) else [result]
    for summary in summaries:
        print(_summary_line(summary))
    return 0


def _receive(args: argparse.Namespace) -> int:
    protocol = chosen_protocol(args)
    if args.quarantine is not None and not args.quarantine:
        raise InputError("Give the reason for quarantine (--quarantine REASON), or leave --quarantine out.")
    lots = [
        stock.LotReceipt(
            number, strength if strength is not None else protocol.product.vial_strength_mg, expiry, vials
        )
        for number, vials, expiry, strength in args.lot
    ]
    if args.protocol_file is not None:
        _use_protocol_file(args, protocol)
    return _change(
        args,
        f"shipment {args.shipment} received",
        lambda uow, _password: stock.receive_shipment(
            uow,
            reference=args.shipment,
            received_on=args.date,
            lots=lots,
            protocol_id=protocol.id,
            quarantine_reason=args.quarantine,
            note=args.note or "",
        ),
    )


def _use_protocol_file(args: argparse.Namespace, protocol: Protocol) -> None:
    """Receive under a protocol file given by path: say how it stands against the registered versions (a file
    that differs from the registered version of its id and version is said to differ), register its content
    as a version when it is new, and use it for this receipt."""

    def identify(database: Database) -> protocols.ProtocolIdentity:
        identity = protocols.identify_protocol(_reading(database), protocol)
        if identity.match != "registered":
            protocols.register_protocol(database.uow(), protocol)
        return identity

    identity = _with_database(args, identify)
    short = protocol.fingerprint[:12]
    if identity.match == "registered":
        state = "signed off" if identity.signed_off else "not signed off"
        print(f"Protocol {protocol.id} version {protocol.version} (file {short}, registered, {state})")
    elif identity.match == "differs":
        others = ", ".join(f[:12] for f in identity.registered_fingerprints)
        print(
            f"Protocol file {protocol.source}: it says {protocol.id} version {protocol.version}, but its content "
            f"DIFFERS from the registered {protocol.id} version {protocol.version} (file {short}, registered "
            f"{others}): registered now as another, unconfirmed version"
        )
    else:
        print(
            f"Protocol file {protocol.source}: {protocol.id} version {protocol.version} (file {short}), "
            "registered now as a new, unconfirmed version"
        )
    protocols.use_protocol_file(protocol)


def _quarantine(args: argparse.Namespace) -> int:
    return _change(
        args, args.reason, lambda uow, _p: stock.quarantine_lot(uow, args.lot, args.reason, args.why)
    )


def _release(args: argparse.Namespace) -> int:
    return _change(
        args, args.reason, lambda uow, _p: stock.release_lot(uow, args.lot, args.reason, code=args.why)
    )


def _return(args: argparse.Namespace) -> int:
    return _change(
        args,
        args.reason,
        lambda uow, password: stock.return_to_sponsor(
            uow, args.lot, args.vials, args.reason, password, reference=args.reference, code=args.why
        ),
    )


def _destroy(args: argparse.Namespace) -> int:
    return _change(
        args,
        args.reason,
        lambda uow, password: stock.destroy_vials(
            uow, args.lot, args.vials, args.reason, password, reference=args.reference, code=args.why
        ),
    )


# --- registering -------------------------------------------------------------------------------------------


def _why_option(parser: argparse.ArgumentParser, choices: tuple[StockReason, ...]) -> None:
    parser.add_argument(
        "--why",
        choices=[str(code) for code in choices],
        default=str(StockReason.OTHER),
        help="the reason's code (default: other)",
    )


def add_accountability_parser(documents: Any) -> argparse.ArgumentParser:
    """Add `accountability --lot LOT --out FILE.pdf` to the sub-parsers of `dosedesk print`."""
    parser: argparse.ArgumentParser = documents.add_parser(
        "accountability", help="the accountability log of a lot of investigational product (A4 PDF)"
    )
    parser.add_argument("--lot", required=True, type=_lot_number, metavar="LOT", help="the lot number")
    parser.add_argument("--out", required=True, type=_out, metavar="FILE", help="the PDF file to write")
    add_paper_language_option(parser)
    add_database_option(parser)
    parser.set_defaults(handler=_log)
    return parser


_lot_number = identifier_argument("The lot number (--lot)", stock.MAX_LOT_NUMBER)
_out = path_argument("The file (--out)")
_reason = text_argument("The reason (--reason)")


def _user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        required=True,
        type=identifier_argument("The user name (--user)"),
        metavar="NAME",
        help=f"the pharmacist (password from ${PASSWORD_VARIABLE})",
    )
    add_database_option(parser)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("stock", help="investigational product: lots, receipts, returns, the log")
    commands = parser.add_subparsers(dest="stock_command", required=True)

    listing = commands.add_parser("list", help="every lot with its counts and waste (JSON with --json)")
    add_database_option(listing)
    add_json_flag(listing)
    listing.set_defaults(handler=_list)

    alerts = commands.add_parser("alerts", help="expiring and expired lots, and doses stock will not cover")
    alerts.add_argument(
        "--date",
        type=date_argument("The date (--date)"),
        default=None,
        metavar="YYYY-MM-DD",
        help="today (default: today)",
    )
    add_database_option(alerts)
    add_json_flag(alerts)
    alerts.set_defaults(handler=_alerts)

    log = commands.add_parser("log", help="the accountability log of a lot (A4 PDF)")
    log.add_argument("--lot", required=True, type=_lot_number, metavar="LOT", help="the lot number")
    log.add_argument("--out", required=True, type=_out, metavar="FILE", help="the PDF file to write")
    add_paper_language_option(log)
    add_database_option(log)
    log.set_defaults(handler=_log)

    receive = commands.add_parser("receive", help="record a shipment and its lots")
    _user_option(receive)
    receive.add_argument(
        "--shipment",
        required=True,
        type=identifier_argument("The shipment reference (--shipment)", stock.MAX_REFERENCE),
        metavar="REF",
        help="the shipment or waybill number",
    )
    receive.add_argument(
        "--date",
        required=True,
        type=date_argument("The day received (--date)"),
        metavar="YYYY-MM-DD",
        help="the day received",
    )
    receive.add_argument(
        "--lot",
        required=True,
        action="append",
        type=_lot_receipt,
        metavar="NUMBER:VIALS:EXPIRY[:STRENGTH_MG]",
        help="a lot of the shipment (repeat for each lot); the strength defaults to the protocol's vial",
    )
    add_protocol_options(receive, DEFAULT_PROTOCOL)
    receive.add_argument(
        "--quarantine",
        type=text_argument("The reason for quarantine (--quarantine)"),
        metavar="REASON",
        help="set the shipment's lots aside on arrival, for this reason",
    )
    receive.add_argument(
        "--note", type=text_argument("The note (--note)", inputs.MAX_NOTE), help="a note on the shipment"
    )
    receive.set_defaults(handler=_receive)

    for name, handler, words, choices in (
        (
            "quarantine",
            _quarantine,
            "set a lot aside: it is not dispensed until released",
            QUARANTINE_CHOICES,
        ),
        ("release", _release, "release a quarantined lot for use", RELEASE_CHOICES),
    ):
        change = commands.add_parser(name, help=words)
        _user_option(change)
        change.add_argument("--lot", required=True, type=_lot_number, metavar="LOT", help="the lot number")
        change.add_argument("--reason", required=True, type=_reason, help="why, in your words")
        _why_option(change, choices)
        change.set_defaults(handler=handler)

    for name, handler, words, choices in (
        ("return", _return, "return vials to the sponsor (e-signed)", RETURN_CHOICES),
        ("destroy", _destroy, "destroy vials at the site (e-signed)", DESTRUCTION_CHOICES),
    ):
        out = commands.add_parser(name, help=words)
        _user_option(out)
        out.add_argument("--lot", required=True, type=_lot_number, metavar="LOT", help="the lot number")
        out.add_argument(
            "--vials",
            required=True,
            type=count_argument("The number of vials (--vials)", maximum=stock.MAX_VIALS),
            metavar="N",
            help="how many vials",
        )
        out.add_argument("--reason", required=True, type=_reason, help="why, in your words")
        _why_option(out, choices)
        out.add_argument(
            "--reference",
            type=identifier_argument("The reference (--reference)", stock.MAX_REFERENCE),
            metavar="REF",
            help="e.g. the sponsor's return authorisation",
        )
        out.set_defaults(handler=handler)
