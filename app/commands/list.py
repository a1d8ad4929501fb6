"""`dosedesk list patients|visits|orders|lots [--database URL] [--json]`: the records, for scripts and a quick look.

With `--json`: a JSON list of objects, each with its `id`; patients also with `subject` (the subject number),
visits and orders also with `subject` and `status`; lots (investigational product, first expiry first) with
`lot`, `expiry`, `received`, `dispensed`, `returned`, `destroyed`, `on_hand` (vials), `wasted_mg`, `status`
and any `problems` (see `app.services.stock.lots_as_json`). Dates are ISO strings, clinical figures decimal
strings. Without it: one readable line per record. Nothing is changed, and a missing database is refused.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.commands._options import add_database_option, add_json_flag, print_json
from app.commands.stock import lot_line
from app.dosing.format import format_quantity, plain_decimal
from app.services import queries, stock
from app.services.database import Database, open_database

KINDS = ("patients", "visits", "orders", "lots")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _dec(value: Decimal | None) -> str | None:
    return plain_decimal(value) if value is not None else None


def patients(database: Database) -> list[dict[str, Any]]:
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
        }
        for p in queries.patient_list(database.read_uow())
    ]


def visits(database: Database) -> list[dict[str, Any]]:
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


def orders(database: Database) -> list[dict[str, Any]]:
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
            "superseded_by": o.superseded_by,
        }
        for o in queries.list_orders(database.read_uow())
    ]


def lots(database: Database) -> list[dict[str, Any]]:
    return stock.lots_as_json(database.read_uow())


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
        elif kind == "visits":
            when = row["actual"] or row["booked"] or row["suggested"] or row["target"]
            lines.append(
                f"{row['id']:>5}  {row['subject']:<12} {row['label']:<7} {row['status']:<9} {when}  "
                f"window {row['window_start']} to {row['window_end']}"
            )
        else:
            lines.append(
                f"{row['id']:>5}  {row['order_number']:<22} {row['status']:<12} {row['planned_date']}  "
                f"{format_quantity(Decimal(row['final_dose_mg']), 'mg')}"
            )
    return lines


_READERS: dict[str, Callable[[Database], list[dict[str, Any]]]] = {
    "patients": patients,
    "visits": visits,
    "orders": orders,
    "lots": lots,
}


def _list(args: argparse.Namespace) -> int:
    database = open_database(getattr(args, "database", None), create=False)
    try:
        rows = _READERS[args.what](database)
    finally:
        database.dispose()
    if args.json:
        print_json(rows)
    else:
        for line in _lines(args.what, rows):
            print(line)
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("list", help="list patients, visits, orders or lots (JSON with --json)")
    parser.add_argument("what", choices=KINDS, help="what to list")
    add_database_option(parser)
    add_json_flag(parser)
    parser.set_defaults(handler=_list)
