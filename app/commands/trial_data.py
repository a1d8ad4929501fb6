"""`dosedesk export sdtm …` and `dosedesk report exposure …`: the trial's data for the statisticians.

    dosedesk export sdtm --out DIR [--format xpt,json,csv] [--subjects 001-001,001-002] [--user NAME]
    dosedesk report exposure --out FILE.pdf [--lang en|zh] [--subjects …]

The export writes one file per SDTM domain and format, and define.html, into the folder DIR (which must
exist); it is on the audit trail (who, when, the SHA-256 of every file). `--user` names the investigator or
administrator exporting; without it the audit row names the command. A bad argument is one line, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.commands._options import add_database_option, add_user_option, path_argument, write_output
from app.errors import InputError
from app.services import queries
from app.services.audit import SystemActor
from app.services.database import open_database


def _formats(text: str) -> tuple[str, ...]:
    from app.services.export import parse_formats

    try:
        return parse_formats(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _subjects(text: str) -> tuple[str, ...]:
    chosen = tuple(sorted({part.strip() for part in text.split(",") if part.strip()}))
    if not chosen or any(len(s) > 32 or not s.isprintable() for s in chosen):
        raise argparse.ArgumentTypeError("list the subject numbers separated by commas, e.g. 001-001,001-002")
    return chosen


def _actor(database: Any, named: str | None, command: str) -> Any:
    return (queries.reader(database.read_uow(), named) if named else None) or SystemActor(command)


def _sdtm(args: argparse.Namespace) -> int:
    from app.services.export import export_sdtm

    folder = Path(args.out)
    if not folder.is_dir():
        raise InputError(f"Cannot write into {args.out}: the folder does not exist.")
    database = open_database(getattr(args, "database", None), create=False)
    try:
        who = _actor(database, getattr(args, "user", None), "dosedesk export sdtm")
        result = export_sdtm(database.uow(who), folder, args.formats, args.subjects)
    finally:
        database.dispose()
    rows = ", ".join(f"{name} {count}" for name, count in result.counts.items())
    print(f"Wrote {len(result.files)} files into {folder} ({rows})", file=sys.stderr)
    return 0


def _exposure(args: argparse.Namespace) -> int:
    from app.printing.exposure import render_exposure
    from app.services.export import exposure

    out = Path(args.out)
    if args.out != "-" and not out.parent.is_dir():
        raise InputError(f"Cannot write {args.out}: the folder {out.parent} does not exist.")
    database = open_database(getattr(args, "database", None), create=False)
    try:
        who = _actor(database, getattr(args, "user", None), "dosedesk report exposure")
        data, figures = exposure(database.read_uow(who), args.subjects)
    finally:
        database.dispose()
    write_output(args.out, render_exposure(data, figures, args.lang))
    return 0


def add_sdtm_parser(formats: Any) -> None:
    """`export sdtm`, beside `export ics` (app.commands.print_docs)."""
    sdtm = formats.add_parser(
        "sdtm", help="the trial's CDISC SDTM datasets (XPT, Dataset-JSON, CSV) and define.html"
    )
    sdtm.add_argument(
        "--out",
        required=True,
        type=path_argument("The folder (--out)"),
        metavar="DIR",
        help="the folder to write into (it must exist)",
    )
    sdtm.add_argument(
        "--format",
        dest="formats",
        type=_formats,
        default=("xpt", "json", "csv"),
        metavar="xpt,json,csv",
        help="the formats, separated by commas (default: all three)",
    )
    sdtm.add_argument(
        "--subjects",
        type=_subjects,
        default=None,
        metavar="SUBJECT,…",
        help="only these subjects (default: every subject)",
    )
    add_user_option(sdtm)
    add_database_option(sdtm)
    sdtm.set_defaults(handler=_sdtm, uses_database=True)


def register(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="reports on the trial's records")
    kinds = report.add_subparsers(dest="what", required=True)
    exposure = kinds.add_parser(
        "exposure", help="the dose-intensity report: RDI per subject, swimmer plot (PDF)"
    )
    exposure.add_argument(
        "--out",
        required=True,
        type=path_argument("The file (--out)"),
        metavar="FILE.pdf",
        help="the PDF file to write, or - for standard output",
    )
    exposure.add_argument("--lang", choices=("en", "zh"), default="en", help="English or Simplified Chinese")
    exposure.add_argument(
        "--subjects",
        type=_subjects,
        default=None,
        metavar="SUBJECT,…",
        help="only these subjects (default: every subject)",
    )
    add_user_option(exposure)
    add_database_option(exposure)
    exposure.set_defaults(handler=_exposure, uses_database=True)
