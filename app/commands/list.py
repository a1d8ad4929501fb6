"""`dosedesk list patients|visits|orders|lots [--database URL] [--json]` and `dosedesk list labs --patient SUBJECT`:
the records, for scripts and a quick look.

With `--json`: a JSON list of objects, each with its `id`; patients also with `subject` (the subject number) and
`hospital_number`, `language` (the language the subject reads: "en", "zh" or null); labs with `lab`, `value`, `unit`, `lln`, `uln`, `collected` (and `collected_at` where the
laboratory gave a time), `visit`, `source` (typed or imported, with `file_sha256` and `accession`), `grade`;
visits and orders also with `subject` and `status`; lots (investigational product, first expiry first) with
`lot`, `expiry`, `received`, `dispensed`, `returned`, `destroyed`, `on_hand` (vials), `wasted_mg`, `status`
and any `problems` (see `app.services.stock.lots_as_json`). Dates are ISO strings, clinical figures decimal
strings. Without it: one readable line per record. Nothing is changed, and a missing database is refused.

An order awaiting verification lists without its figures (`"blinded": true`, the figures null; "withheld" on
its line), unless `--user NAME` names a reader who may not verify it (its maker or prescriber, or a user who is
no pharmacist): a command has no signed-in user, so it cannot tell the verifier from anyone else. Each order
also says its bag's use-before time and where it stands (`use_before`, `use_before_state`: ok, soon, expired).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.commands._options import (
    add_database_option,
    add_json_flag,
    add_user_option,
    identifier_argument,
    print_json,
)
from app.commands.stock import lot_line
from app.dosing.format import format_number, format_quantity, plain_decimal
from app.errors import InputError
from app.services import clinical, queries, stock
from app.services.database import Database, open_database
from app.services.uow import SqlUnitOfWork

KINDS = ("patients", "visits", "orders", "lots", "labs")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _dec(value: Decimal | None) -> str | None:
    return plain_decimal(value) if value is not None else None


def _reading(database: Database, user: str | None) -> SqlUnitOfWork:
    """A reading unit of work (never the write lock), as the user named by `--user` when one is (what they may
    see is shown: figures awaiting a blind verification are withheld from whoever may verify them)."""
    who = queries.reader(database.read_uow(), user) if user else None
    return database.read_uow(who)


def patients(database: Database, user: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "subject": p.subject_number,
            "initials": p.initials,
            "status": p.status,
            "cycle": p.cycle,
            "dose_level_mg_per_kg": _dec(p.dose_level_mg_per_kg),
            "next_visit": p.next_visit_label,
            "next_visit_date": _iso(p.next_visit_date),
            "held": p.held,
            "hospital_number": p.hospital_number,
            "language": p.language,
        }
        for p in queries.patient_list(database.read_uow())
    ]


def visits(database: Database, user: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "id": v.id,
            "subject": v.subject_number,
            "label": v.label,
            "kind": v.kind,
            "status": v.status,
            "target": _iso(v.target),
            "window_start": _iso(v.window_start),
            "window_end": _iso(v.window_end),
            "suggested": _iso(v.suggested),
            "booked": _iso(v.booked),
            "actual": _iso(v.actual),
            "held": v.held,
        }
        for v in queries.list_visits(database.read_uow())
    ]


def orders(database: Database, user: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "id": o.id,
            "order_number": o.order_number,
            "subject": o.subject_number,
            "visit": o.visit_label,
            "status": o.display_status,
            "planned_date": _iso(o.planned_date),
            "dose_level_mg_per_kg": _dec(o.dose_level_mg_per_kg),
            "final_dose_mg": _dec(o.final_dose_mg),
            "vials": o.vials,
            "blinded": o.blinded,
            "use_before": o.beyond_use_at.isoformat() if o.beyond_use_at and o.use_before_state else None,
            "use_before_state": o.use_before_state,
            "dose_given_mg": _dec(o.dose_given_mg),
            "superseded_by": o.superseded_by,
        }
        for o in queries.list_orders(_reading(database, user))
    ]


def lots(database: Database, user: str | None = None) -> list[dict[str, Any]]:
    return stock.lots_as_json(database.read_uow())


def labs(database: Database, subject_number: str) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "lab": r.lab,
            "value": _dec(r.value),
            "unit": r.unit,
            "lln": _dec(r.lln),
            "uln": _dec(r.uln),
            "collected": _iso(r.collected_on),
            "collected_at": r.collected_at.isoformat() if r.collected_at else None,
            "visit": r.visit_label,
            "source": r.source,
            "file_sha256": r.file_sha256,
            "accession": r.accession,
            "reported_at": r.reported_at.isoformat() if r.reported_at else None,
            "grade": r.grade,
            "cancelled": r.cancelled,
            "cancel_reason": r.cancel_reason,
        }
        for r in clinical.subject_labs(database.read_uow(), subject_number)
    ]


def _lines(kind: str, rows: Sequence[dict[str, Any]]) -> list[str]:
    lines = []
    for row in rows:
        if kind == "lots":
            lines.append(f"{row['id']:>5}  {lot_line(row)}")
            lines.extend(f"       {problem}" for problem in row["problems"])
        elif kind == "patients":
            level = row["dose_level_mg_per_kg"]
            shown = format_quantity(Decimal(level), "mg/kg") if level is not None else "-"
            cycle = f"C{row['cycle']}" if row["cycle"] else "-"
            following = f"{row['next_visit']} {row['next_visit_date']}" if row["next_visit"] else "-"
            held = "  HELD" if row["held"] else ""
            lines.append(
                f"{row['id']:>5}  {row['subject']:<12} {row['initials']:<6} {row['status']:<13} {cycle:<5} "
                f"{shown:<9} next {following}{held}"
            )
        elif kind == "labs":
            value = f"{format_number(Decimal(row['value']))} {row['unit']}".rstrip()
            limits = f"{row['lln'] or '-'}–{row['uln'] or '-'}"
            source = f"imported {row['file_sha256'][:12]}" if row["source"] == "imported" else "typed"
            grade = f"grade {row['grade']}" if row["grade"] is not None else "no grade"
            cancelled = "  CANCELLED" if row["cancelled"] else ""
            lines.append(
                f"{row['id']:>5}  {row['collected']} {row['lab']:<12} {value:<16} normal {limits:<12} "
                f"{grade:<9} {row['visit'] or '-':<7} {source}{cancelled}"
            )
        elif kind == "visits":
            when = row["actual"] or row["booked"] or row["suggested"] or row["target"]
            lines.append(
                f"{row['id']:>5}  {row['subject']:<12} {row['label']:<7} {row['status']:<9} {when}  "
                f"window {row['window_start']} to {row['window_end']}"
            )
        else:
            dose = row["final_dose_mg"]
            shown = format_quantity(Decimal(dose), "mg") if dose is not None else "withheld until verified"
            if row["use_before_state"] == "expired":
                shown += "  EXPIRED — do not give"
            elif row["use_before_state"]:
                shown += f"  use before {row['use_before'][:16].replace('T', ' ')}"
            lines.append(
                f"{row['id']:>5}  {row['order_number']:<22} {row['status']:<12} {row['planned_date']}  {shown}"
            )
    return lines


_READERS: dict[str, Callable[[Database, str | None], list[dict[str, Any]]]] = {
    "patients": patients,
    "visits": visits,
    "orders": orders,
    "lots": lots,
}


def _list(args: argparse.Namespace) -> int:
    if (args.what == "labs") != (args.patient is not None):
        raise InputError("Give --patient SUBJECT with list labs (and only there).")
    database = open_database(getattr(args, "database", None), create=False)
    try:
        if args.what == "labs":
            rows = labs(database, args.patient)
        else:
            rows = _READERS[args.what](database, getattr(args, "user", None))
    finally:
        database.dispose()
    if args.json:
        print_json(rows)
    else:
        for line in _lines(args.what, rows):
            print(line)
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "list", help="list patients, visits, orders, lots, or a patient's labs (JSON with --json)"
    )
    parser.add_argument("what", choices=KINDS, help="what to list")
    parser.add_argument(
        "--patient",
        type=identifier_argument("The subject number (--patient)"),
        metavar="SUBJECT",
        help="the subject whose labs to list (list labs)",
    )
    add_database_option(parser)
    add_json_flag(parser)
    add_user_option(parser)
    parser.set_defaults(handler=_list)
