"""Reading a laboratory's file into rows as it writes them: CSV and Excel exports, HL7 v2 ORU^R01 messages.

    read_lab_file(content, settings) -> LabFile    its format, and every row read or why it cannot be

Nothing here knows the database: a row keeps what the file says (the hospital number, the test code, the value
and unit as written, the range, the times), and `app.services.lab_import` matches it with the records. A row
that cannot be read whole is an `Unreadable` naming its line, never half a row; a file that is no lab file at
all, or not in the encoding the laboratory writes, is refused whole with an `InputError`.

The format is told by the content, not the file's name: HL7 starts with an MSH (or FHS/BHS) segment, an Excel
workbook is a zip with a workbook in it, anything else must be CSV text with the column headers of the site
settings. Text is decoded in the site's laboratory encoding (UTF-8 or GB18030) strictly; a UTF-8 byte-order mark
is read as the UTF-8 it announces. HL7's own character set (MSH-18), where it names one DoseDesk knows, wins.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

from app.errors import InputError
from app.inputs import EARLIEST_DATE, LATEST_DATE, shown
from app.services.settings import REQUIRED_COLUMNS, SiteSettings
from app.text import Message, msg

CSV, XLSX, HL7 = "csv", "xlsx", "hl7"
_HEADER_SEARCH_ROWS = 20
_BOM = b"\xef\xbb\xbf"
_ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030"}
# HL7 table 0211 (MSH-18) names of the encodings DoseDesk reads.
_HL7_CHARSETS = {"UNICODE UTF-8": "utf-8", "UTF-8": "utf-8", "GB 18030-2000": "gb18030", "GB18030": "gb18030"}


@dataclass(frozen=True)
class SourceRow:
    """One result as the laboratory wrote it."""

    line: int  # the line (CSV, HL7) or row (Excel) it starts on
    where: str  # the line in words, for messages ("line 12", "row 12 of sheet Results")
    hospital_numbers: tuple[
        str, ...
    ]  # the patient's identifiers (HL7 PID-3: the medical record number first)
    code: str
    code_system: str | None
    code_text: str
    alternate_code: str | None
    alternate_system: str | None
    value: str
    unit: str
    range_text: str
    low: str
    high: str
    flags: str
    status: str  # HL7 OBX-11 result status; "F" (final) for an export
    collected: datetime | date  # a naive datetime is the laboratory's wall-clock time
    reported: datetime | None
    accession: str
    specimen: str


@dataclass(frozen=True)
class Unreadable:
    line: int
    where: str
    reason: str


@dataclass(frozen=True)
class LabFile:
    format: str  # csv, xlsx, hl7
    encoding: str | None  # of a text file
    rows: tuple[SourceRow, ...]
    unreadable: tuple[Unreadable, ...]


def _line(number: int) -> Message:
    return msg("line {line}", line=number)


# --- telling the format, and decoding --------------------------------------------------------------------


def _not_a_lab_file() -> InputError:
    return InputError(
        msg(
            "This is not a laboratory file DoseDesk reads: give a CSV or Excel (.xlsx) export of the laboratory's "
            "results, or an HL7 v2 file of ORU^R01 result messages."
        )
    )


def read_lab_file(content: bytes, settings: SiteSettings) -> LabFile:
    """Every row of the file, read or said to be unreadable (see the module's doc)."""
    if not content.strip():
        raise InputError(msg("The file is empty: there are no results in it."))
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content, settings)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            msg(
                "This is an old Excel workbook (.xls): open it in Excel and save it as .xlsx, then import that."
            )
        )
    if b"\x00" in content[:4096]:
        raise _not_a_lab_file()
    head = content[3:] if content.startswith(_BOM) else content
    if re.match(rb"\s*(?:\x0b)?(?:MSH|FHS|BHS)\S", head):
        return _read_hl7(content, settings)
    return _read_csv(content, settings)


def _decode(content: bytes, encoding: str) -> tuple[str, str]:
    """The file as text and the encoding it was read in; refused, naming where, when it is not in `encoding`."""
    if content.startswith(_BOM):
        # A byte-order mark says UTF-8 whatever the settings say: no GB18030 file starts with it.
        return _strict(content[3:], "utf-8"), "utf-8"
    if encoding == "gb18030" and not content.isascii() and _is_utf8(content):
        # Valid UTF-8 with Chinese in it is UTF-8: as GB18030 it would read as other characters, or not at all.
        raise InputError(
            msg(
                "The file is written in UTF-8, but the site settings say the laboratory writes GB18030: set "
                "lab_file_encoding to utf-8 if it now writes UTF-8, and import again. Nothing was imported."
            )
        )
    return _strict(content, encoding), encoding


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _strict(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        other = "gb18030" if encoding == "utf-8" else "utf-8"
        raise InputError(
            msg(
                "Line {line} of the file is not {encoding} text, the encoding the site settings say the laboratory "
                "writes: if it writes {other}, set lab_file_encoding to {other_key} and import again. Nothing was "
                "imported.",
                line=line,
                encoding=_ENCODING_NAMES.get(encoding, encoding),
                other=_ENCODING_NAMES[other],
                other_key=other,
            )
        ) from None


# --- times -----------------------------------------------------------------------------------------------

_MOMENT = re.compile(
    r"^(?P<y>\d{4})(?:[-/.]|年)(?P<m>\d{1,2})(?:[-/.]|月)(?P<d>\d{1,2})日?"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?$")


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def moment(text: str) -> datetime | date:
    """A time a laboratory export writes ("2026-03-02 07:30", "2026/3/2", "2026年3月2日 07:30",
    "20260302073000"): a date when it gives no time; refused when it is not one, or out of 1900–2200."""
    raw = text.strip()
    found = _MOMENT.match(raw) or _COMPACT.match(raw)
    if found is None:
        raise InputError(msg("{value} is not a date and time such as 2026-03-02 07:30", value=shown(raw)))
    parts = found.groupdict()
    try:
        day = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValueError(raw)
        if parts["H"] is None:
            return day
        clock = time(int(parts["H"]), int(parts["M"]), int(parts["S"] or 0))
    except ValueError:
        raise InputError(msg("{value} is not a date and time that exists", value=shown(raw))) from None
    return datetime.combine(day, clock, tzinfo=_zone(parts.get("tz")))


# --- CSV and Excel ---------------------------------------------------------------------------------------


def _header_key(text: object) -> str:
    return " ".join(str(text or "").split()).casefold()


def _columns(header: Sequence[object], settings: SiteSettings) -> dict[str, int] | None:
    """Which cell holds each field, when `header` is the header row (it holds every required column)."""
    cells = [_header_key(cell) for cell in header]
    found: dict[str, int] = {}
    for name, title in settings.lab_columns.items():
        key = _header_key(title)
        if key and key in cells:
            found[name] = cells.index(key)
    return found if all(name in found for name in REQUIRED_COLUMNS) else None


def _no_header(settings: SiteSettings) -> InputError:
    titles = ", ".join(repr(settings.lab_columns[name]) for name in REQUIRED_COLUMNS)
    return InputError(
        msg(
            "No row of the file holds the column headers {headers}: it is not a laboratory export DoseDesk reads, "
            "or the laboratory names its columns otherwise (set them with lab_column.FIELD in the site settings). "
            "Nothing was imported.",
            headers=titles,
        )
    )


def _row_from_cells(
    cells: Mapping[str, Any], line: int, where: str, collected: datetime | date, reported: datetime | None
) -> SourceRow:
    return SourceRow(
        line=line,
        where=where,
        hospital_numbers=(str(cells["hospital_number"]).strip(),),
        code=str(cells["test_code"]).strip(),
        code_system=None,
        code_text="",
        alternate_code=None,
        alternate_system=None,
        value=str(cells.get("value") or "").strip(),
        unit=str(cells.get("unit") or "").strip(),
        range_text=str(cells.get("reference_range") or "").strip(),
        low=str(cells.get("low") or "").strip(),
        high=str(cells.get("high") or "").strip(),
        flags="",
        status="F",
        collected=collected,
        reported=reported,
        accession=str(cells.get("accession") or "").strip(),
        specimen="",
    )


def _export_row(cells: Mapping[str, Any], line: int, where: str, when: Any) -> SourceRow | Unreadable:
    """One row of a CSV or Excel export (its cells by field); `when` turns a cell into a time."""
    for name, words in (
        ("hospital_number", msg("no hospital number")),
        ("test_code", msg("no test code")),
        ("collected", msg("no collection time")),
    ):
        if cells.get(name) in (None, ""):
            return Unreadable(line, where, words)
    try:
        collected = when(cells["collected"])
        reported = when(cells["reported"]) if cells.get("reported") not in (None, "") else None
    except InputError as exc:
        return Unreadable(line, where, str(exc))
    if isinstance(reported, date) and not isinstance(reported, datetime):
        reported = datetime.combine(reported, time())
    return _row_from_cells(cells, line, where, collected, reported)


def _read_csv(content: bytes, settings: SiteSettings) -> LabFile:
    text, encoding = _decode(content, settings.lab_file_encoding)
    sample = "\n".join(text.splitlines()[:_HEADER_SEARCH_ROWS])
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[SourceRow] = []
    unreadable: list[Unreadable] = []
    columns: dict[str, int] | None = None
    width = 0
    last_line = 0
    try:
        for record in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if columns is None:
                columns = _columns(record, settings)
                width = len(record)
                if columns is None and first_line >= _HEADER_SEARCH_ROWS:
                    raise _no_header(settings)
                continue
            if not any(cell.strip() for cell in record):
                continue  # an empty row
            where = str(_line(first_line))
            extra = record[width:]
            if len(record) < width or any(cell.strip() for cell in extra):
                unreadable.append(
                    Unreadable(
                        first_line,
                        where,
                        msg(
                            "it has {found} cells where the header has {expected}",
                            found=len(record),
                            expected=width,
                        ),
                    )
                )
                continue
            cells = {name: record[index] for name, index in columns.items()}
            read = _export_row(cells, first_line, where, moment)
            (rows if isinstance(read, SourceRow) else unreadable).append(read)  # type: ignore[arg-type]
    except csv.Error:
        raise InputError(
            msg(
                "Line {line} of the file cannot be read as CSV (a quote is not closed): the file may be cut short. "
                "Nothing was imported.",
                line=last_line + 1,
            )
        ) from None
    if columns is None:
        raise _no_header(settings)
    return LabFile(CSV, encoding, tuple(rows), tuple(unreadable))


def _xlsx_text(value: Any) -> Any:
    """A cell's value as the text a laboratory export means by it (numbers exact, never through a float's
    binary digits: Excel stores a double, whose shortest spelling is what it shows)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value
    return str(value)


def _read_xlsx(content: bytes, settings: SiteSettings) -> LabFile:
    try:
        import openpyxl
        from openpyxl.utils.datetime import from_excel
    except ImportError:  # pragma: no cover - a dependency of DoseDesk
        raise InputError(msg("Excel files cannot be read: the openpyxl package is missing.")) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InputError(
            msg(
                "This file is not an Excel workbook DoseDesk can read ({problem}): give the laboratory's .xlsx "
                "export as it saved it.",
                problem=type(exc).__name__,
            )
        ) from None
    except Exception as exc:  # openpyxl raises its own errors for a damaged or foreign zip
        if type(exc).__module__.startswith("openpyxl"):
            raise _not_a_lab_file() from None
        raise
    computed: Any = None

    def when(value: Any) -> datetime | date:
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A date Excel shows as a number: its serial day (in the workbook's own epoch).
            if not 1 <= value <= 2_958_465:
                raise InputError(msg("{value} is not a date", value=shown(str(value))))
            found = from_excel(value, book.epoch)
            if isinstance(found, datetime) and found.time() == time() and float(value).is_integer():
                return found.date()
            if not isinstance(found, datetime):
                raise InputError(msg("{value} is not a date", value=shown(str(value))))
            return found.replace(microsecond=0)
        return moment(str(value))

    for sheet in book.worksheets:
        header_row = None
        columns: dict[str, int] | None = None
        for number, row in enumerate(sheet.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True), start=1):
            columns = _columns(row, settings)
            if columns is not None:
                header_row = number
                break
        if columns is None or header_row is None:
            continue
        merged: dict[int, str] = {}
        for cells in sheet.merged_cells.ranges:
            if cells.max_row > header_row:
                for row_number in range(max(cells.min_row, header_row + 1), cells.max_row + 1):
                    merged.setdefault(row_number, str(cells.coord))
        rows: list[SourceRow] = []
        unreadable: list[Unreadable] = []
        for number, row in enumerate(sheet.iter_rows(min_row=header_row + 1), start=header_row + 1):
            values = [cell.value for cell in row]
            if not any(value not in (None, "") and str(value).strip() for value in values):
                continue
            where = str(msg("row {row} of sheet {sheet}", row=number, sheet=sheet.title))
            if number in merged:
                unreadable.append(
                    Unreadable(
                        number,
                        where,
                        msg(
                            "its cells {cells} are merged: each result needs its own cells (unmerge them and "
                            "fill each cell)",
                            cells=merged[number],
                        ),
                    )
                )
                continue
            formula = next(
                (cell for cell in row if cell.data_type == "f" and isinstance(cell.value, str)), None
            )
            if formula is not None:
                if computed is None:
                    computed = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
                cached = computed[sheet.title][formula.coordinate].value
                if cached is None:
                    unreadable.append(
                        Unreadable(
                            number,
                            where,
                            msg(
                                "its cell {cell} holds a formula without a saved result: open the file in Excel, "
                                "save it, and import it again",
                                cell=formula.coordinate,
                            ),
                        )
                    )
                    continue
                values = [
                    computed[sheet.title][cell.coordinate].value if cell.data_type == "f" else cell.value
                    for cell in row
                ]
            cells = {
                name: (
                    values[index] if name == "collected" or name == "reported" else _xlsx_text(values[index])
                )
                if index < len(values)
                else ""
                for name, index in columns.items()
            }
            read = _export_row(cells, number, where, when)
            (rows if isinstance(read, SourceRow) else unreadable).append(read)  # type: ignore[arg-type]
        return LabFile(XLSX, None, tuple(rows), tuple(unreadable))
    raise _no_header(settings)


# --- HL7 v2 ----------------------------------------------------------------------------------------------


def _hl7_encoding(content: bytes, settings: SiteSettings) -> str:
    """The encoding MSH-18 names where DoseDesk knows it, else the site's laboratory encoding."""
    import hl7

    body = content[3:] if content.startswith(_BOM) else content
    first = re.split(rb"\r\n|\n|\r", body.lstrip(b"\x0b \t\r\n"), maxsplit=1)[0]
    if not first.startswith(b"MSH"):
        return "utf-8" if content.startswith(_BOM) else settings.lab_file_encoding
    try:
        header = hl7.parse(first.decode("latin-1"))
        named = str(header.segment("MSH").extract_field(1, 18, 1, 1)).strip().upper()
    except Exception:  # a header the library cannot read: the messages say why below
        named = ""
    return _HL7_CHARSETS.get(named, "utf-8" if content.startswith(_BOM) else settings.lab_file_encoding)


def _field(segment: Any, number: int, repetition: int = 1, component: int = 1) -> str:
    try:
        return str(segment.extract_field(1, number, repetition, component, 1))
    except (IndexError, KeyError):
        return ""


def _whole(segment: Any, number: int) -> str:
    try:
        return str(segment(number)) if len(segment) > number else ""
    except IndexError:
        return ""


def _hl7_time(text: str) -> datetime | date:
    import hl7

    raw = text.strip()
    digits = re.match(r"\d+", raw)
    if digits is None or len(digits.group(0)) < 8:
        raise InputError(msg("{value} is not a date and time (YYYYMMDDHHMM)", value=shown(raw)))
    try:
        found: datetime = hl7.parse_datetime(raw)
    except (ValueError, TypeError):
        raise InputError(msg("{value} is not a date and time (YYYYMMDDHHMM)", value=shown(raw))) from None
    if not EARLIEST_DATE <= found.date() <= LATEST_DATE:
        raise InputError(msg("{value} is not a date and time (YYYYMMDDHHMM)", value=shown(raw)))
    if len(digits.group(0)) <= 8:
        return found.date()
    if found.tzinfo is not None:
        found = found.replace(tzinfo=timezone(found.utcoffset() or timedelta()))
    return found.replace(microsecond=0)


@dataclass
class _Message:
    first_line: int
    segments: list[tuple[int, str]]


def _messages(text: str) -> Iterator[_Message]:
    """The file's messages, each with the line every segment is on (batch and file headers left out)."""
    current: _Message | None = None
    for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        line = raw.strip("\x0b\x1c \t")
        if not line:
            continue
        kind = line[:3]
        if kind in ("FHS", "BHS", "FTS", "BTS"):
            continue
        if kind == "MSH":
            if current is not None:
                yield current
            current = _Message(number, [(number, line)])
        elif current is None:
            raise InputError(
                msg(
                    "Line {line} of the HL7 file comes before any message header (MSH). Nothing was imported.",
                    line=number,
                )
            )
        else:
            current.segments.append((number, line))
    if current is not None:
        yield current


def _ucum(unit: str) -> str:
    """A UCUM unit as DoseDesk's units file writes it: 10*9/L → 10^9/L, [IU]/L → IU/L, {INR} → INR."""
    text = unit.strip()
    text = re.sub(r"10\*(\d+)", r"10^\1", text)
    return text.replace("[IU]", "IU").replace("{", "").replace("}", "")


def _read_hl7(content: bytes, settings: SiteSettings) -> LabFile:
    import hl7

    encoding = _hl7_encoding(content, settings)
    text, encoding = _decode(content, encoding)
    rows: list[SourceRow] = []
    unreadable: list[Unreadable] = []
    count = 0
    for count, message in enumerate(_messages(text), start=1):
        where_message = msg("message {number} (line {line})", number=count, line=message.first_line)
        try:
            parsed = hl7.parse("\r".join(line for _number, line in message.segments))
            kind = "^".join(
                part
                for part in (_field(parsed.segment("MSH"), 9, 1, 1), _field(parsed.segment("MSH"), 9, 1, 2))
                if part
            )
        except Exception:  # the library's own errors for a segment it cannot split
            unreadable.append(
                Unreadable(message.first_line, str(where_message), msg("it cannot be read as HL7"))
            )
            continue
        if kind != "ORU^R01":
            unreadable.append(
                Unreadable(
                    message.first_line,
                    str(where_message),
                    msg("it is a {kind} message, not ORU^R01 results", kind=shown(kind or "?")),
                )
            )
            continue
        rows_of, problems = _results(parsed, message)
        rows.extend(rows_of)
        unreadable.extend(problems)
    if count == 0:
        raise _not_a_lab_file()
    return LabFile(HL7, encoding, tuple(rows), tuple(unreadable))


def _patient_ids(pid: Any) -> tuple[str, ...]:
    """PID-3's identifiers, the medical record numbers (type MR) first."""
    ids: list[tuple[int, str]] = []
    for index in range(1, 11):
        value = _field(pid, 3, index, 1).strip()
        if not value:
            if index > 1:
                break
            continue
        kind = _field(pid, 3, index, 5).strip().upper()
        ids.append((0 if kind == "MR" else 1, value))
    return tuple(value for _rank, value in sorted(ids, key=lambda item: item[0]))


def _results(parsed: Any, message: _Message) -> tuple[list[SourceRow], list[Unreadable]]:
    rows: list[SourceRow] = []
    problems: list[Unreadable] = []
    patient: tuple[str, ...] | None = None
    order: dict[str, Any] | None = None
    for (number, _text), segment in zip(message.segments, parsed, strict=True):
        kind = str(segment[0][0]) if len(segment) else ""
        where = str(_line(number))
        if kind == "PID":
            patient, order = _patient_ids(segment), None
        elif kind == "OBR":
            collected_text = _field(segment, 7).strip()
            try:
                collected = _hl7_time(collected_text) if collected_text else None
                reported_text = _field(segment, 22).strip()
                reported = _hl7_time(reported_text) if reported_text else None
            except InputError as exc:
                problems.append(Unreadable(number, where, str(exc)))
                order = {"broken": True}
                continue
            order = {
                "collected": collected,
                "reported": reported if isinstance(reported, datetime) else None,
                "accession": (_field(segment, 3) or _field(segment, 2)).strip(),
                "specimen": (_field(segment, 15) or "").strip(),
            }
        elif kind == "SPM" and order is not None and not order.get("broken"):
            specimen = _field(segment, 4, 1, 2) or _field(segment, 4)
            order["specimen"] = specimen.strip() or order["specimen"]
            start = _field(segment, 17).strip()
            if start and order.get("collected") is None:
                try:
                    order["collected"] = _hl7_time(start)
                except InputError as exc:
                    problems.append(Unreadable(number, where, str(exc)))
                    order = {"broken": True}
        elif kind == "OBX":
            read = _observation(parsed, segment, number, where, patient, order)
            (rows if isinstance(read, SourceRow) else problems).append(read)  # type: ignore[arg-type]
    return rows, problems


def _observation(
    parsed: Any,
    segment: Any,
    number: int,
    where: str,
    patient: tuple[str, ...] | None,
    order: dict[str, Any] | None,
) -> SourceRow | Unreadable:
    if not patient:
        return Unreadable(number, where, msg("the result comes before the patient (PID) it belongs to"))
    if order is None:
        return Unreadable(number, where, msg("the result comes before its order (OBR)"))
    if order.get("broken"):
        return Unreadable(number, where, msg("its order (OBR) cannot be read"))
    if len(segment) <= 11 or not _field(segment, 11).strip():
        return Unreadable(
            number,
            where,
            msg("the result ends before its status (OBX-11): the file may be cut short"),
        )
    code = _field(segment, 3, 1, 1).strip()
    if not code:
        return Unreadable(number, where, msg("the result has no test code (OBX-3)"))
    observed = _field(segment, 14).strip()
    collected = order.get("collected")
    if collected is None and observed:
        try:
            collected = _hl7_time(observed)
        except InputError as exc:
            return Unreadable(number, where, str(exc))
    if collected is None:
        return Unreadable(number, where, msg("no collection time (OBR-7 or OBX-14)"))
    value_type = _field(segment, 2).strip().upper()
    if value_type == "SN":
        comparator = _field(segment, 5, 1, 1).strip()
        parts = [_field(segment, 5, 1, index) for index in (2, 3, 4)]
        value = ("" if comparator == "=" else comparator) + "".join(part for part in parts if part)
    else:
        value = parsed.unescape(_whole(segment, 5))
    unit_code = _field(segment, 6, 1, 1)
    return SourceRow(
        line=number,
        where=where,
        hospital_numbers=patient,
        code=code,
        code_system=_field(segment, 3, 1, 3).strip() or None,
        code_text=parsed.unescape(_field(segment, 3, 1, 2)).strip(),
        alternate_code=_field(segment, 3, 1, 4).strip() or None,
        alternate_system=_field(segment, 3, 1, 6).strip() or None,
        value=value.strip(),
        unit=_ucum(parsed.unescape(unit_code)),
        range_text=parsed.unescape(_whole(segment, 7)).strip(),
        low="",
        high="",
        flags="~".join(
            flag for flag in (_field(segment, 8, index, 1).strip() for index in range(1, 4)) if flag
        ),
        status=_field(segment, 11).strip().upper(),
        collected=collected,
        reported=order.get("reported"),
        accession=order.get("accession") or "",
        specimen=order.get("specimen") or "",
    )
