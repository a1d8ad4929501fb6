"""`dosedesk stock …`: investigational product accountability from the command line.

    dosedesk stock list     [--json]                                   every lot: counts, waste, problems
    dosedesk stock alerts   [--date YYYY-MM-DD] [--json]               expiring and expired lots, cover of doses
    dosedesk stock log      --lot LOT --out FILE.pdf                   the lot's accountability log
    dosedesk stock receive  --user NAME --shipment REF --date YYYY-MM-DD
                            --lot NUMBER:VIALS:EXPIRY[:STRENGTH_MG] … [--protocol ID] [--quarantine REASON]
    dosedesk stock quarantine --user NAME --lot LOT --reason TEXT
    dosedesk stock release    --user NAME --lot LOT --reason TEXT
    dosedesk stock return     --user NAME --lot LOT --vials N --reason TEXT [--reference REF]   e-signed
    dosedesk stock destroy    --user NAME --lot LOT --vials N --reason TEXT [--reference REF]   e-signed

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
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from app.commands._options import add_database_option, add_json_flag, print_json
from app.dosing.format import format_quantity
from app.errors import InputError
from app.printing.accountability import render_accountability
from app.protocol import load_protocol
from app.services import stock, users
from app.services.audit import SystemActor
from app.services.database import Database, open_database
from app.services.uow import SqlUnitOfWork, UnitOfWork

PASSWORD_VARIABLE = "DOSEDESK_PASSWORD"
DEFAULT_PROTOCOL = "nct07343453"
T = TypeVar("T")


# --- helpers -----------------------------------------------------------------------------------------------


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (write it as YYYY-MM-DD)") from None


def _lot_receipt(text: str) -> tuple[str, int, date, Decimal | None]:
    parts = [part.strip() for part in text.split(":")]
    if len(parts) not in (3, 4):
        raise argparse.ArgumentTypeError(
            f"{text!r}: write a lot as NUMBER:VIALS:EXPIRY[:STRENGTH_MG], e.g. 24A117:20:2027-06-30"
        )
    number, vials_text, expiry_text = parts[:3]
    try:
        vials = int(vials_text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: the vials must be a whole number") from None
    strength: Decimal | None = None
    if len(parts) == 4:
        try:
            strength = Decimal(parts[3])
        except InvalidOperation:
            raise argparse.ArgumentTypeError(f"{text!r}: the strength must be a number of mg") from None
    return number, vials, _date(expiry_text), strength


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


def render_lot_log(uow: UnitOfWork, lot_number: str) -> bytes:
    """The accountability log of `lot_number` as PDF bytes."""
    return render_accountability(stock.accountability_log(uow, lot_number))


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
    data = _with_database(args, lambda database: render_lot_log(_reading(database), args.lot))
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
    protocol = load_protocol(args.protocol)
    lots = [
        stock.LotReceipt(number, strength or protocol.product.vial_strength_mg, expiry, vials)
        for number, vials, expiry, strength in args.lot
    ]
    return _change(
        args,
        f"shipment {args.shipment} received",
        lambda uow, _password: stock.receive_shipment(
            uow,
            reference=args.shipment,
            received_on=args.date,
            lots=lots,
            protocol_id=args.protocol,
            quarantine_reason=args.quarantine,
            note=args.note or "",
        ),
    )


def _quarantine(args: argparse.Namespace) -> int:
    return _change(args, args.reason, lambda uow, _p: stock.quarantine_lot(uow, args.lot, args.reason))


def _release(args: argparse.Namespace) -> int:
    return _change(args, args.reason, lambda uow, _p: stock.release_lot(uow, args.lot, args.reason))


def _return(args: argparse.Namespace) -> int:
    return _change(
        args,
        args.reason,
        lambda uow, password: stock.return_to_sponsor(
            uow, args.lot, args.vials, args.reason, password, reference=args.reference
        ),
    )


def _destroy(args: argparse.Namespace) -> int:
    return _change(
        args,
        args.reason,
        lambda uow, password: stock.destroy_vials(
            uow, args.lot, args.vials, args.reason, password, reference=args.reference
        ),
    )


# --- registering -------------------------------------------------------------------------------------------


def add_accountability_parser(documents: Any) -> argparse.ArgumentParser:
    """Add `accountability --lot LOT --out FILE.pdf` to the sub-parsers of `dosedesk print`."""
    parser: argparse.ArgumentParser = documents.add_parser(
        "accountability", help="the accountability log of a lot of investigational product (A4 PDF)"
    )
    parser.add_argument("--lot", required=True, metavar="LOT", help="the lot number")
    parser.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
    add_database_option(parser)
    parser.set_defaults(handler=_log)
    return parser


def _user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user", required=True, metavar="NAME", help=f"the pharmacist (password from ${PASSWORD_VARIABLE})"
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
        "--date", type=_date, default=None, metavar="YYYY-MM-DD", help="today (default: today)"
    )
    add_database_option(alerts)
    add_json_flag(alerts)
    alerts.set_defaults(handler=_alerts)

    log = commands.add_parser("log", help="the accountability log of a lot (A4 PDF)")
    log.add_argument("--lot", required=True, metavar="LOT", help="the lot number")
    log.add_argument("--out", required=True, metavar="FILE", help="the PDF file to write")
    add_database_option(log)
    log.set_defaults(handler=_log)

    receive = commands.add_parser("receive", help="record a shipment and its lots")
    _user_option(receive)
    receive.add_argument("--shipment", required=True, metavar="REF", help="the shipment or waybill number")
    receive.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help="the day received")
    receive.add_argument(
        "--lot",
        required=True,
        action="append",
        type=_lot_receipt,
        metavar="NUMBER:VIALS:EXPIRY[:STRENGTH_MG]",
        help="a lot of the shipment (repeat for each lot); the strength defaults to the protocol's vial",
    )
    receive.add_argument(
        "--protocol", default=DEFAULT_PROTOCOL, help=f"the protocol (default {DEFAULT_PROTOCOL})"
    )
    receive.add_argument("--quarantine", metavar="REASON", help="set the shipment's lots aside on arrival")
    receive.add_argument("--note", help="a note on the shipment")
    receive.set_defaults(handler=_receive)

    for name, handler, words in (
        ("quarantine", _quarantine, "set a lot aside: it is not dispensed until released"),
        ("release", _release, "release a quarantined lot for use"),
    ):
        change = commands.add_parser(name, help=words)
        _user_option(change)
        change.add_argument("--lot", required=True, metavar="LOT", help="the lot number")
        change.add_argument("--reason", required=True, help="why")
        change.set_defaults(handler=handler)

    for name, handler, words in (
        ("return", _return, "return vials to the sponsor (e-signed)"),
        ("destroy", _destroy, "destroy vials at the site (e-signed)"),
    ):
        out = commands.add_parser(name, help=words)
        _user_option(out)
        out.add_argument("--lot", required=True, metavar="LOT", help="the lot number")
        out.add_argument("--vials", required=True, type=int, metavar="N", help="how many vials")
        out.add_argument("--reason", required=True, help="why")
        out.add_argument("--reference", metavar="REF", help="e.g. the sponsor's return authorisation")
        out.set_defaults(handler=handler)
