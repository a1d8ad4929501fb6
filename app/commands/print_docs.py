"""`dosedesk print …` and `dosedesk export ics …`: paper from the records, for batch work.

    dosedesk print order    --order NUMBER [--lang en|zh|both] --out FILE.pdf [--user NAME]
    dosedesk print label    --order NUMBER [--lang en|zh|both] --out FILE.pdf [--label-size 100x70] [--user NAME]
    dosedesk print calendar --patient SUBJECT [--lang en|zh] --out FILE.pdf
    dosedesk print day      --date YYYY-MM-DD [--lang en|zh|both] --out FILE.pdf [--user NAME]
    dosedesk print wristband --patient SUBJECT [--lang en|zh] --out FILE.pdf   the ID card scanned at the bedside
    dosedesk print eligibility --patient SUBJECT [--lang en|zh] --out FILE.pdf  the screening checklist
    dosedesk print accountability --lot LOT [--lang en|zh|both] --out FILE.pdf   the lot's log (app.commands.stock)
    dosedesk export ics     --patient SUBJECT [--lang en|zh] --out FILE.ics

All take `--database URL`. The pharmacy's paper (order, label, day list, accountability log) prints in English
unless `--lang zh` (Chinese) or `--lang both` (Chinese with the English beside it, where the site setting
`paper_bilingual` is true). The clinic's name and phone on calendars and day lists come from the site settings
(`dosedesk settings set clinic_phone …`); `--clinic-name`/`--clinic-phone` print others for once. A missing
order or patient is one line on stderr, exit 2. A patient's paper (calendar, wristband, .ics) is in the language the
subject reads (recorded at enrolment or on the chart) unless `--lang` says otherwise; English when not recorded.

Blind verification: the order, label and day list print an order not yet verified without its figures, unless
`--user NAME` names a reader who may not verify it (its maker or prescriber, or a user who is no pharmacist).
A command has no signed-in user, so without `--user` it cannot tell the verifier from anyone else.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from app.commands._options import (
    add_database_option,
    add_paper_language_option,
    add_user_option,
    date_argument,
    identifier_argument,
    path_argument,
    text_argument,
    write_output,
)
from app.commands.stock import add_accountability_parser
from app.commands.trial_data import add_sdtm_parser
from app.errors import InputError
from app.inputs import MAX_NAME
from app.printing import LabelSize
from app.printing.label import check_label_size
from app.services import paper, queries
from app.services.audit import SystemActor
from app.services.database import open_database
from app.services.eligibility_paper import print_eligibility
from app.services.uow import UnitOfWork

_date = date_argument("The clinic day (--date)")


def _label_size(text: str) -> LabelSize:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[xX×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*", text)
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a label size (write it as WIDTHxHEIGHT in mm, e.g. 100x70)"
        )
    try:
        size = LabelSize(Decimal(match.group(1)), Decimal(match.group(2)))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise argparse.ArgumentTypeError(f"{text!r} is not a label size") from None
    try:
        check_label_size(size)
    except InputError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return size


_order_number = identifier_argument("The order number (--order)")
_subject_number = identifier_argument("The subject number (--patient)")
_site_text = text_argument("The clinic's name or phone", MAX_NAME)


def _site(args: argparse.Namespace, uow: UnitOfWork, language: str = "en") -> paper.SiteDetails | None:
    """The clinic as printed: the site settings (None), unless --clinic-name or --clinic-phone say otherwise."""
    if not args.clinic_name and not args.clinic_phone:
        return None
    with uow:
        settings = paper.site_details(uow.session, "zh" if language == "zh" else "en")
    return paper.SiteDetails(
        args.clinic_name or settings.clinic_name, args.clinic_phone or settings.clinic_phone
    )


def _run(args: argparse.Namespace, make: Callable[[UnitOfWork], bytes]) -> int:
    database = open_database(getattr(args, "database", None), create=False)
    try:
        named = getattr(args, "user", None)
        who = (queries.reader(database.read_uow(), named) if named else None) or SystemActor("dosedesk print")
        if getattr(args, "pharmacy_paper", False) and args.lang is None:
            # The pharmacy's paper speaks the reader's language: the --user's own, else English.
            args.lang = (queries.reader_language(database.read_uow(), named) if named else None) or "en"
        uow = database.read_uow(who)
        data = make(uow)
    finally:
        database.dispose()
    write_output(args.out, data)
    return 0


def _order(args: argparse.Namespace) -> int:
    return _run(args, lambda uow: paper.print_order(uow, args.order, args.lang))


def _label(args: argparse.Namespace) -> int:
    return _run(args, lambda uow: paper.print_label(uow, args.order, args.label_size, args.lang))


def _patient_paper(
    args: argparse.Namespace, render: Callable[[UnitOfWork, str, Any, paper.SiteDetails | None], bytes]
) -> int:
    """A patient's paper in --lang, else in the language the subject reads (recorded on the subject)."""

    def make(uow: UnitOfWork) -> bytes:
        language = args.lang or paper.patient_language(uow, args.patient)
        return render(uow, args.patient, language, _site(args, uow, language))

    return _run(args, make)


def _calendar(args: argparse.Namespace) -> int:
    return _patient_paper(args, paper.print_calendar)


def _day(args: argparse.Namespace) -> int:
    return _run(args, lambda uow: paper.print_day(uow, args.date, _site(args, uow, args.lang), args.lang))


def _wristband(args: argparse.Namespace) -> int:
    return _patient_paper(args, paper.print_wristband)


def _eligibility(args: argparse.Namespace) -> int:
    return _run(args, lambda uow: print_eligibility(uow, args.patient, args.lang))


def _ics(args: argparse.Namespace) -> int:
    return _patient_paper(args, paper.export_ics)


def _common(parser: argparse.ArgumentParser, out_help: str) -> None:
    parser.add_argument(
        "--out", required=True, type=path_argument("The file (--out)"), metavar="FILE", help=out_help
    )
    add_database_option(parser)


def _site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--clinic-name", type=_site_text, help="the clinic's name (default: the site settings' clinic_name)"
    )
    parser.add_argument(
        "--clinic-phone",
        type=_site_text,
        help="the clinic's phone number (default: the site settings' clinic_phone)",
    )


def register(subparsers: Any) -> None:
    printer = subparsers.add_parser(
        "print",
        help="print an order, a bag label, a patient calendar, a day list or a lot's accountability log",
    )
    documents = printer.add_subparsers(dest="document", required=True)

    order = documents.add_parser("order", help="the infusion order (A4 PDF)")
    order.add_argument(
        "--order",
        required=True,
        type=_order_number,
        metavar="NUMBER",
        help="the order number (as under its barcode)",
    )
    add_paper_language_option(order)
    order.set_defaults(pharmacy_paper=True)
    _common(order, "the PDF file to write (- for standard output)")
    add_user_option(order)
    order.set_defaults(handler=_order)

    label = documents.add_parser("label", help="the bag label (label-size PDF)")
    label.add_argument(
        "--order",
        required=True,
        type=_order_number,
        metavar="NUMBER",
        help="the order number (as under its barcode)",
    )
    label.add_argument(
        "--label-size",
        type=_label_size,
        default=LabelSize(),
        metavar="WxH",
        help="label stock in mm (default 100x70)",
    )
    add_paper_language_option(label)
    label.set_defaults(pharmacy_paper=True)
    _common(label, "the PDF file to write (- for standard output)")
    add_user_option(label)
    label.set_defaults(handler=_label)

    calendar = documents.add_parser("calendar", help="the patient's visit calendar (A4 PDF)")
    calendar.add_argument(
        "--patient", required=True, type=_subject_number, metavar="SUBJECT", help="the subject number"
    )
    calendar.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="English or Simplified Chinese (default: the language the subject reads, else English)",
    )
    _site_options(calendar)
    _common(calendar, "the PDF file to write (- for standard output)")
    calendar.set_defaults(handler=_calendar)

    day = documents.add_parser("day", help="the clinic day list: visits and preparations of a date (PDF)")
    day.add_argument("--date", required=True, type=_date, metavar="YYYY-MM-DD", help="the clinic day")
    add_paper_language_option(day)
    day.set_defaults(pharmacy_paper=True)
    _site_options(day)
    _common(day, "the PDF file to write (- for standard output)")
    add_user_option(day)
    day.set_defaults(handler=_day)

    band = documents.add_parser(
        "wristband", help="the subject's wristband insert / ID card with the barcode scanned at the bedside"
    )
    band.add_argument("--patient", required=True, metavar="SUBJECT", help="the subject number")
    band.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="English or Simplified Chinese (default: the language the subject reads, else English)",
    )
    _site_options(band)
    _common(band, "the PDF file to write (- for standard output)")
    band.set_defaults(handler=_wristband)

    checklist = documents.add_parser(
        "eligibility",
        help="the subject's eligibility checklist: every criterion, its evidence and the decision (A4 PDF)",
    )
    checklist.add_argument(
        "--patient", required=True, type=_subject_number, metavar="SUBJECT", help="the subject number"
    )
    checklist.add_argument("--lang", choices=("en", "zh"), default="en", help="English or Simplified Chinese")
    _common(checklist, "the PDF file to write (- for standard output)")
    checklist.set_defaults(handler=_eligibility)

    add_accountability_parser(documents)

    exporter = subparsers.add_parser("export", help="export a patient's calendar file, or the trial's SDTM data")
    formats = exporter.add_subparsers(dest="format", required=True)
    ics = formats.add_parser(
        "ics", help="the patient's booked and suggested visits as an iCalendar (.ics) file"
    )
    ics.add_argument(
        "--patient", required=True, type=_subject_number, metavar="SUBJECT", help="the subject number"
    )
    ics.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=None,
        help="English or Simplified Chinese (default: the language the subject reads, else English)",
    )
    _site_options(ics)
    _common(ics, "the .ics file to write (- for standard output)")
    ics.set_defaults(handler=_ics)
    add_sdtm_parser(formats)
