"""`dosedesk import labs --file FILE --user NAME [--preview] [--readable-rows-only] [--json]`: lab results from
the hospital's laboratory (a CSV or Excel export, or HL7 v2 ORU^R01 messages).

The same services as the window's import (app.services.lab_import): the file is previewed — for each result the
subject it is matched to by hospital number, the visit by date, the value in DoseDesk's unit, its range and
CTCAE grade, and whether it is new, a correction, a duplicate, not matched or unreadable, with the reason —
then, unless `--preview`, what is new is stored as one audited unit of work with the file's SHA-256. A file with
a row that cannot be read is refused whole, naming the lines, unless `--readable-rows-only`. NAME is a
coordinator or an investigator (password from DOSEDESK_PASSWORD, else asked for). With `--json`: the preview
(and what was stored) as JSON. A refusal is one line on stderr, exit 2, nothing stored.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.commands._options import (
    add_database_option,
    add_json_flag,
    identifier_argument,
    path_argument,
    print_json,
)
from app.commands.settings import PASSWORD_VARIABLE, signed_in
from app.dosing.format import format_number, plain_decimal
from app.services import lab_import
from app.services.database import open_database
from app.services.lab_import import ImportPreview, ImportRow, RowStatus
from app.toxicity.labs import lab_kinds

MAX_FILE_BYTES = lab_import.MAX_FILE_BYTES


def _content(name: str) -> bytes:
    return lab_import.read_import_file(Path(name))


def _dec(value: Any) -> str | None:
    return plain_decimal(value) if value is not None else None


def _row_json(row: ImportRow) -> dict[str, Any]:
    return {
        "line": row.line,
        "where": row.where,
        "status": str(row.status),
        "reason": row.reason,
        "problem": str(row.problem) if row.problem else None,
        "hospital_number": row.hospital_number,
        "subject": row.subject_number,
        "visit": row.visit_label,
        "code": row.code,
        "lab": row.lab,
        "value_as_written": row.value_as_written,
        "unit_as_written": row.unit_as_written,
        "value": _dec(row.value),
        "unit": row.unit,
        "lln": _dec(row.lln),
        "uln": _dec(row.uln),
        "range_from": row.range_from,
        "collected": row.collected_on.isoformat() if row.collected_on else None,
        "collected_at": row.collected_at.isoformat() if row.collected_at else None,
        "reported_at": row.reported_at.isoformat() if row.reported_at else None,
        "accession": row.accession or None,
        "specimen": row.specimen or None,
        "flags": row.flags or None,
        "result_status": row.result_status or None,
        "grade": row.grade,
        "grade_note": row.grade_note,
        "duplicate_of": row.duplicate_of,
        "replaces": list(row.replaces),
    }


def _counts(preview: ImportPreview) -> dict[str, int]:
    return {str(status): len(preview.having(status)) for status in RowStatus}


def _preview_json(preview: ImportPreview) -> dict[str, Any]:
    return {
        "file": preview.file_name,
        "sha256": preview.identity.file_sha256,
        "format": preview.format,
        "encoding": preview.encoding,
        "readable_rows_only": preview.identity.readable_rows_only,
        "counts": _counts(preview),
        "unknown_codes": list(preview.unknown_codes),
        "unknown_units": list(preview.unknown_units),
        "unknown_hospital_numbers": list(preview.unknown_hospital_numbers),
        "rows": [_row_json(row) for row in preview.rows],
    }


def _line(row: ImportRow) -> str:
    head = f"{row.where:<28} {row.status:<11}"
    if row.value is None or row.lab is None:
        return f"{head} {row.code or '-'} {row.value_as_written!r}: {row.reason}"
    kind = lab_kinds()[row.lab]
    value = kind.show_si(row.value)
    limits = ", ".join(
        part
        for part in (
            f"LLN {format_number(row.lln)}" if row.lln is not None else "",
            f"ULN {format_number(row.uln)}" if row.uln is not None else "",
        )
        if part
    )
    when = (
        row.collected_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if row.collected_at
        else row.collected_on.isoformat()
        if row.collected_on
        else "-"
    )
    grade = f"grade {row.grade}" if row.grade is not None else "no grade"
    text = (
        f"{head} {row.subject_number} {row.visit_label or '(no visit)'}  {row.lab} {value}"
        f"{f' ({limits})' if limits else ''}  collected {when}  {grade}"
    )
    return f"{text}: {row.reason}" if row.reason else text


def _print(preview: ImportPreview) -> None:
    counts = _counts(preview)
    print(
        f"{preview.file_name or 'The file'} ({preview.format}, SHA-256 {preview.identity.file_sha256[:16]}…): "
        f"{len(preview.rows)} results — {counts['new']} new, {counts['correction']} corrections, "
        f"{counts['duplicate']} already held, {counts['not_matched']} not matched, {counts['unreadable']} unreadable."
    )
    for row in preview.rows:
        print(_line(row))
    for title, items in (
        ("Unknown test codes", preview.unknown_codes),
        ("Unknown units", preview.unknown_units),
        ("Unknown hospital numbers", preview.unknown_hospital_numbers),
    ):
        if items:
            print(f"{title}: {', '.join(items)}")


def _import(args: argparse.Namespace) -> int:
    content = _content(args.file)
    name = Path(args.file).name
    database = open_database(getattr(args, "database", None), create=False)
    try:
        user = signed_in(database, args.user)
        preview = lab_import.preview_import(
            database.read_uow(user), content, file_name=name, readable_rows_only=args.readable_rows_only
        )
        committed = None
        refused = bool(preview.unreadable) and not args.readable_rows_only
        if not args.preview and (preview.to_store or refused):  # the commit refuses an unreadable row
            committed = lab_import.commit_import(
                database.uow(user), content, preview.identity, file_name=name
            )
    finally:
        database.dispose()
    if args.json:
        data = _preview_json(preview)
        data["stored"] = list(committed.stored) if committed else []
        data["cancelled"] = list(committed.cancelled) if committed else []
        data["previewed_only"] = bool(args.preview)
        print_json(data)
    else:
        _print(preview)
        if args.preview:
            print("Preview only: nothing was imported.")
        elif committed is None:
            print("Nothing new to import.")
        else:
            replaced = f"; {len(committed.cancelled)} replaced by corrections" if committed.cancelled else ""
            print(f"Imported {len(committed.stored)} results{replaced}.")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("import", help="import lab results from the laboratory (CSV, Excel, HL7)")
    kinds = parser.add_subparsers(dest="what", required=True)
    labs = kinds.add_parser("labs", help="a laboratory's CSV or Excel export, or HL7 v2 ORU^R01 messages")
    labs.add_argument("--file", required=True, type=path_argument("The file (--file)"), metavar="FILE")
    labs.add_argument(
        "--user",
        required=True,
        type=identifier_argument("The user (--user)"),
        metavar="NAME",
        help=f"a coordinator or an investigator (password: ${PASSWORD_VARIABLE})",
    )
    labs.add_argument("--preview", action="store_true", help="show what would be imported; import nothing")
    labs.add_argument(
        "--readable-rows-only",
        action="store_true",
        help="import the rows that can be read when some cannot (else the file is refused whole)",
    )
    add_json_flag(labs)
    add_database_option(labs)
    labs.set_defaults(handler=_import)
