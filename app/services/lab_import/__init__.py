"""Lab results from the hospital's laboratory: first a preview of what a file holds, then one audited commit.

    preview = preview_import(uow, content, file_name="labs.csv")            -> ImportPreview (typed rows)
    done = commit_import(uow, content, preview.identity, file_name="labs.csv")  -> ImportCommitted

`content` is the file's bytes: a CSV or Excel (.xlsx) export with the columns of the site settings, or HL7 v2
ORU^R01 messages (one or many). The preview says, for each result: which subject (by hospital number), which
visit it belongs to by date, the value converted to DoseDesk's unit for its lab, its LLN and ULN (the file's, or
the site's reference range), its CTCAE grade, and whether it is new, a correction of a result held, a duplicate
of one held (same subject, lab, collection time and value), not matched (an unknown subject, code or unit, a
value that is not a number, a result not final) or unreadable — each with the reason in words. Nothing is
guessed: an unknown code or unit is listed, never mapped to the nearest.

The commit takes the preview's identity (the file's SHA-256, the choice of importing the readable rows only,
and a digest of what the preview would store) and does exactly that, as one unit of work: the new results,
each with the file's hash, and the corrections (the result replaced is cancelled with the laboratory's
correction as the reason). It is refused, with nothing stored, when anything changed since the preview (the
file, or the records: someone else imported the same file meanwhile), and when a row cannot be read and the
readable rows only were not asked for. A result held is never stored twice: the preview's check, and the
database's own unique key on imported results across workstations.

Who: coordinators and investigators (who record labs).
"""

from __future__ import annotations

import enum
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import DoseDeskError, InputError, NotFoundError
from app.models import LAB_IMPORTED, LabResult, Subject, Visit, VisitKind, VisitStatus
from app.services._common import local_today, require_any_role
from app.services._lab_values import AmbiguousNumber, NotANumber, lab_number, reference_range
from app.services.clinical import LAB_RECORDERS
from app.services.lab_import._files import CSV, HL7, XLSX, SourceRow, Unreadable, read_lab_file
from app.services.protocols import protocol_of
from app.services.reasons import reason as audit_reason
from app.services.settings import SiteSettings, lab_code_for, read_settings
from app.services.uow import UnitOfWork
from app.text import msg
from app.toxicity import LabGrade, grade_result
from app.toxicity import LabResult as CoreLab
from app.toxicity.labs import lab_kind, normalise_unit

__all__ = [
    "CSV",
    "HL7",
    "XLSX",
    "ImportCommitted",
    "ImportIdentity",
    "ImportPreview",
    "ImportRow",
    "Problem",
    "RowStatus",
    "commit_import",
    "preview_import",
    "read_import_file",
]

MAX_FILE_BYTES = 50 * 1024 * 1024


def read_import_file(path: Path) -> bytes:
    """The bytes of the laboratory's file at `path`, refused in words when it is a folder, missing, unreadable
    or larger than DoseDesk imports (the window and `dosedesk import labs` read files through this)."""
    name = str(path)
    if path.is_dir():
        raise InputError(msg("{name} is a folder: give the laboratory's file.", name=name))
    if not path.is_file():
        raise NotFoundError(msg("There is no file {name}.", name=name))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(
                msg(
                    "{name} is larger than {size} MB: DoseDesk imports smaller files.",
                    name=name,
                    size=MAX_FILE_BYTES // 2**20,
                )
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(msg("Cannot read {name}: {why}.", name=name, why=exc.strerror or str(exc))) from None


_FINAL = ("F", "C")


class RowStatus(enum.StrEnum):
    NEW = "new"
    CORRECTION = "correction"  # a corrected result (HL7 status C) replacing one held
    DUPLICATE = "duplicate"
    NOT_MATCHED = "not_matched"
    UNREADABLE = "unreadable"


class Problem(enum.StrEnum):
    """Why a row was not matched (or read)."""

    UNKNOWN_SUBJECT = "unknown_subject"
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_UNIT = "unknown_unit"
    NOT_A_NUMBER = "not_a_number"
    NOT_FINAL = "not_final"
    IMPLAUSIBLE = "implausible"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class ImportRow:
    """One result of the file and what importing it would do."""

    line: int
    where: str  # the line in words ("line 12", "row 12 of sheet Results")
    status: RowStatus
    reason: str | None  # why not new, in words (a message)
    problem: Problem | None
    hospital_number: str  # as the file writes it ("" when the row could not be read)
    subject_id: int | None = None
    subject_number: str | None = None
    visit_id: int | None = None
    visit_label: str | None = None
    code: str = ""
    lab: str | None = None
    value_as_written: str = ""
    unit_as_written: str = ""
    value: Decimal | None = None  # in DoseDesk's unit for the lab
    unit: str | None = None  # DoseDesk's unit for the lab
    lln: Decimal | None = None
    uln: Decimal | None = None
    range_from: str | None = None  # "file", "site", or None (no range)
    collected_on: date | None = None
    collected_at: datetime | None = None  # where the file gives a time
    reported_at: datetime | None = None
    accession: str = ""
    specimen: str = ""
    flags: str = ""
    result_status: str = ""
    grade: int | None = None
    grade_note: str | None = None
    duplicate_of: int | None = None  # the result held (its id)
    replaces: tuple[int, ...] = ()  # the results a correction cancels
    key: str | None = None

    @property
    def stored(self) -> bool:
        """Whether committing stores this row."""
        return self.status in (RowStatus.NEW, RowStatus.CORRECTION)


@dataclass(frozen=True)
class ImportIdentity:
    """What a preview showed, for the commit to do exactly that (`ImportPreview.identity`)."""

    file_sha256: str
    readable_rows_only: bool
    rows_digest: str


@dataclass(frozen=True)
class ImportPreview:
    identity: ImportIdentity
    file_name: str
    format: str  # csv, xlsx, hl7
    encoding: str | None
    rows: tuple[ImportRow, ...]

    def having(self, *statuses: RowStatus) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if row.status in statuses)

    @property
    def to_store(self) -> tuple[ImportRow, ...]:
        return tuple(row for row in self.rows if row.stored)

    @property
    def unreadable(self) -> tuple[ImportRow, ...]:
        return self.having(RowStatus.UNREADABLE)

    @property
    def can_commit(self) -> bool:
        """True when committing would store something and no unreadable row stands in the way."""
        return bool(self.to_store) and (self.identity.readable_rows_only or not self.unreadable)

    def _listed(self, problem: Problem, value: Any) -> tuple[str, ...]:
        return tuple(sorted({value(row) for row in self.rows if row.problem == problem}))

    @property
    def unknown_codes(self) -> tuple[str, ...]:
        return self._listed(Problem.UNKNOWN_CODE, lambda row: row.code)

    @property
    def unknown_units(self) -> tuple[str, ...]:
        return self._listed(Problem.UNKNOWN_UNIT, lambda row: f"{row.lab or row.code}: {row.unit_as_written}")

    @property
    def unknown_hospital_numbers(self) -> tuple[str, ...]:
        return self._listed(Problem.UNKNOWN_SUBJECT, lambda row: row.hospital_number)


@dataclass(frozen=True)
class ImportCommitted:
    preview: ImportPreview
    stored: tuple[int, ...]  # the new lab results' ids
    cancelled: tuple[int, ...]  # the results replaced by corrections


# --- reading the records the file speaks of ----------------------------------------------------------------


@dataclass
class _Held:
    """What DoseDesk holds about the subjects a file names."""

    subjects: dict[str, Subject]
    visits: dict[int, list[Visit]]
    labs: dict[tuple[int, str], list[LabResult]]
    keys: dict[str, LabResult]


def _mrn(text: str) -> str:
    return text.strip().upper()


def _held(session: Session, numbers: Iterable[str]) -> _Held:
    wanted = sorted({_mrn(number) for number in numbers if number.strip()})
    subjects: dict[str, Subject] = {}
    for start in range(0, len(wanted), 500):
        for subject in session.execute(
            select(Subject).where(Subject.hospital_number.in_(wanted[start : start + 500]))
        ).scalars():
            subjects[str(subject.hospital_number)] = subject
    ids = [subject.id for subject in subjects.values()]
    visits: dict[int, list[Visit]] = defaultdict(list)
    labs: dict[tuple[int, str], list[LabResult]] = defaultdict(list)
    keys: dict[str, LabResult] = {}
    if ids:
        for visit in session.execute(
            select(Visit).where(Visit.subject_id.in_(ids), Visit.status != VisitStatus.CANCELLED)
        ).scalars():
            visits[visit.subject_id].append(visit)
        for lab in session.execute(
            select(LabResult)
            .where(LabResult.subject_id.in_(ids))
            .order_by(LabResult.collected_on, LabResult.id)
        ).scalars():
            labs[(lab.subject_id, lab.lab)].append(lab)
            if lab.import_key:
                keys[lab.import_key] = lab
    return _Held(subjects, visits, labs, keys)


def _visit_for(subject: Subject, visits: Sequence[Visit], day: date) -> Visit | None:
    """The visit a result collected on `day` belongs to: one done that day; else the next dose visit within the
    protocol's age for labs (labs are drawn in the days before a dose); else the screening visit whose window
    holds the day."""
    done = [visit for visit in visits if visit.actual_date == day]
    if done:
        return min(done, key=lambda visit: visit.id)
    max_age = protocol_of(subject).criteria_to_treat.lab_max_age_days
    doses = [
        visit
        for visit in visits
        if visit.kind == VisitKind.DOSE
        and visit.status not in (VisitStatus.OMITTED, VisitStatus.MISSED)
        and 0 <= (_best_date(visit) - day).days <= max_age
    ]
    if doses:
        return min(doses, key=lambda visit: (_best_date(visit), visit.id))
    screening = [
        visit
        for visit in visits
        if visit.kind == VisitKind.SCREENING
        and visit.window_start <= day <= (visit.actual_date or visit.window_end)
    ]
    return screening[0] if screening else None


def _best_date(visit: Visit) -> date:
    return visit.actual_date or visit.booked_date or visit.suggested_date or visit.target_date


# --- one row --------------------------------------------------------------------------------------------


def _not_matched(row: SourceRow, problem: Problem, reason: str, **found: Any) -> ImportRow:
    return ImportRow(
        line=row.line,
        where=row.where,
        status=RowStatus.UNREADABLE if problem == Problem.UNREADABLE else RowStatus.NOT_MATCHED,
        reason=reason,
        problem=problem,
        hospital_number=row.hospital_numbers[0] if row.hospital_numbers else "",
        code=row.code,
        value_as_written=row.value,
        unit_as_written=row.unit,
        accession=row.accession,
        specimen=row.specimen,
        flags=row.flags,
        result_status=row.status,
        **found,
    )


def _status_problem(status: str) -> str | None:
    if status in _FINAL:
        return None
    if status in ("P", "R", "I", "S", "A", "U"):
        return msg(
            "not a final result (status {status}): only final and corrected results are imported; import the "
            "final one when the laboratory sends it",
            status=status,
        )
    if status == "X":
        return msg("the laboratory could not obtain a result (status X)")
    if status in ("D", "W"):
        return msg(
            "the laboratory withdrew this result (status {status}): if DoseDesk holds it, cancel it by hand",
            status=status,
        )
    return msg("status {status} is not a result status DoseDesk imports", status=status or "?")


def _aware(moment: datetime) -> datetime:
    """A laboratory's time as an instant: a time without its zone is the workstation's, as everywhere in
    DoseDesk (the laboratory and the workstations are at the site)."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _tidy(number: Decimal) -> Decimal:
    normal = number.normalize()
    return Decimal(format(normal, "f")) if normal != 0 else Decimal(0)


def _key(subject_id: int, lab: str, collected_on: date, collected_at: datetime | None, value: Decimal) -> str:
    when = collected_at.astimezone(UTC).isoformat() if collected_at is not None else collected_on.isoformat()
    text = f"{subject_id}|{lab}|{when}|{format(_tidy(value), 'f')}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _same_moment(held: LabResult, collected_on: date, collected_at: datetime | None) -> bool:
    if held.collected_at is not None and collected_at is not None:
        return held.collected_at == collected_at
    return held.collected_on == collected_on


def _value_si(held: LabResult) -> Decimal | None:
    try:
        return held.value * lab_kind(held.lab).factor(held.unit)
    except DoseDeskError:
        return None


def _match(
    row: SourceRow,
    settings: SiteSettings,
    held: _Held,
    today: date,
    now: datetime,
) -> ImportRow:
    """What importing `row` would do, or why it is not matched (the grade comes later: it needs every row)."""
    candidates = {held.subjects.get(_mrn(number)) for number in row.hospital_numbers if number.strip()}
    subjects = [subject for subject in candidates if subject is not None]
    if not subjects:
        return _not_matched(row, Problem.UNKNOWN_SUBJECT, msg("no subject has this hospital number"))
    if len(subjects) > 1:
        return _not_matched(
            row, Problem.UNKNOWN_SUBJECT, msg("the patient's identifiers name two different subjects")
        )
    subject = subjects[0]
    found: dict[str, Any] = {"subject_id": subject.id, "subject_number": subject.subject_number}
    code = lab_code_for(settings, row.code, row.code_system)
    if code is None and row.alternate_code:
        code = lab_code_for(settings, row.alternate_code, row.alternate_system)
    if code is None:
        return _not_matched(
            row,
            Problem.UNKNOWN_CODE,
            msg("DoseDesk does not know the test code {code}", code=repr(row.code)),
            **found,
        )
    kind = lab_kind(code.lab)
    found["lab"] = code.lab
    problem = _status_problem(row.status)
    if problem is not None:
        return _not_matched(row, Problem.NOT_FINAL, problem, **found)
    try:
        value = lab_number(row.value)
    except AmbiguousNumber as exc:
        return _not_matched(row, Problem.UNREADABLE, str(exc), **found)
    except NotANumber as exc:
        return _not_matched(row, Problem.NOT_A_NUMBER, str(exc), **found)
    unit = row.unit or code.unit or ""
    if not unit and kind.factors.get("") is None:
        return _not_matched(
            row, Problem.UNKNOWN_UNIT, msg("the file gives no unit for {lab}", lab=kind.name), **found
        )
    if kind.factors.get(normalise_unit(unit)) is None:
        return _not_matched(
            row,
            Problem.UNKNOWN_UNIT,
            msg("{unit} is not a unit DoseDesk knows for {lab}", unit=repr(unit), lab=kind.name),
            **found,
        )
    try:
        if row.range_text:
            low, high = reference_range(row.range_text)
        else:
            low = lab_number(row.low) if row.low else None
            high = lab_number(row.high) if row.high else None
    except InputError as exc:
        return _not_matched(
            row, Problem.UNREADABLE, msg("its reference range cannot be read: {why}", why=str(exc)), **found
        )
    if isinstance(row.collected, datetime):
        collected_at: datetime | None = _aware(row.collected)
        collected_on = row.collected.date()
    else:
        collected_at, collected_on = None, row.collected
    if collected_on > today or (collected_at is not None and collected_at > now + timedelta(minutes=5)):
        return _not_matched(
            row, Problem.IMPLAUSIBLE, msg("it was collected after now: check the file's dates"), **found
        )
    try:
        CoreLab(code.lab, value, unit, collected_on, low, high)  # refuses an impossible value or range
    except InputError as exc:
        return _not_matched(row, Problem.IMPLAUSIBLE, str(exc), **found)
    factor = kind.factor(unit)
    value_si = _tidy(value * factor)
    lln = None if low is None else _tidy(low * factor)
    uln = None if high is None else _tidy(high * factor)
    range_from = "file" if low is not None or high is not None else None
    if range_from is None:
        # The site's range of the lab: in the file's unit, else in DoseDesk's unit (every range converts into it
        # exactly), so a result in mg/dL still gets a range the site set in µmol/L.
        in_unit = settings.reference_range(code.lab, unit)
        if in_unit is not None:
            lln = None if in_unit.lln is None else _tidy(in_unit.lln * factor)
            uln = None if in_unit.uln is None else _tidy(in_unit.uln * factor)
            range_from = "site"
        else:
            in_si = settings.reference_range(code.lab, kind.si_unit)
            if in_si is not None:
                lln, uln, range_from = in_si.lln, in_si.uln, "site"
    visit = _visit_for(subject, held.visits.get(subject.id, []), collected_on)
    key = _key(subject.id, code.lab, collected_on, collected_at, value_si)
    result = ImportRow(
        line=row.line,
        where=row.where,
        status=RowStatus.NEW,
        reason=None,
        problem=None,
        hospital_number=row.hospital_numbers[0],
        subject_id=subject.id,
        subject_number=subject.subject_number,
        visit_id=visit.id if visit else None,
        visit_label=visit.label if visit else None,
        code=row.code,
        lab=code.lab,
        value_as_written=row.value,
        unit_as_written=row.unit,
        value=value_si,
        unit=kind.si_unit,
        lln=lln,
        uln=uln,
        range_from=range_from,
        collected_on=collected_on,
        collected_at=collected_at,
        reported_at=_aware(row.reported) if row.reported is not None else None,
        accession=row.accession,
        specimen=row.specimen,
        flags=row.flags,
        result_status=row.status,
        key=key,
    )
    return _against_held(result, row, held)


def _against_held(result: ImportRow, row: SourceRow, held: _Held) -> ImportRow:
    """`result` as a duplicate of a result held, or a correction of one, where it is."""
    assert result.subject_id is not None and result.lab is not None and result.collected_on is not None
    same_key = held.keys.get(result.key or "")
    if same_key is not None:
        words = (
            msg(
                "already imported (result {id}), and cancelled since: it is not imported again",
                id=same_key.id,
            )
            if same_key.cancelled
            else msg("already held (result {id})", id=same_key.id)
        )
        return replace(result, status=RowStatus.DUPLICATE, reason=words, duplicate_of=same_key.id)
    replaced: list[int] = []
    for lab in held.labs.get((result.subject_id, result.lab), []):
        if lab.cancelled or not _same_moment(lab, result.collected_on, result.collected_at):
            continue
        if _value_si(lab) == result.value:
            return replace(
                result,
                status=RowStatus.DUPLICATE,
                reason=(
                    msg("already held (result {id}, imported)", id=lab.id)
                    if lab.source == LAB_IMPORTED
                    else msg("already held (result {id}, typed on a form)", id=lab.id)
                ),
                duplicate_of=lab.id,
            )
        corrected_by_lab = (
            row.status == "C"
            and lab.source == LAB_IMPORTED
            and lab.collected_at is not None
            and (not row.accession or not lab.accession or lab.accession == row.accession)
        )
        if corrected_by_lab:
            replaced.append(lab.id)
    if replaced:
        return replace(
            result,
            status=RowStatus.CORRECTION,
            reason=msg(
                "corrected by the laboratory: replaces result {ids}",
                ids=", ".join(str(number) for number in replaced),
            ),
            replaces=tuple(replaced),
        )
    return result


# --- the whole file ----------------------------------------------------------------------------------------


def _core(lab: LabResult) -> CoreLab | None:
    try:
        return CoreLab(lab.lab, lab.value, lab.unit, lab.collected_on, lab.lln, lab.uln)
    except DoseDeskError:
        return None


def _graded(rows: list[ImportRow], held: _Held) -> list[ImportRow]:
    """Each row to store graded by CTCAE v5.0, against the subject's baseline: the latest result of the lab
    before C1D1 (before treatment: before the result), among those held and those of this file."""
    Entry = tuple[date, int, int, CoreLab]  # collected, 0 held / 1 this file, order, the result
    by_subject_lab: dict[tuple[int, str], list[Entry]] = defaultdict(list)
    for (subject_id, lab), results in held.labs.items():
        for result in results:
            core = _core(result)
            if core is not None and not result.cancelled:
                by_subject_lab[(subject_id, lab)].append((result.collected_on, 0, result.id, core))
    cores: dict[int, CoreLab] = {}
    for index, row in enumerate(rows):
        if row.stored and row.lab and row.value is not None and row.collected_on and row.unit:
            core = CoreLab(row.lab, row.value, row.unit, row.collected_on, row.lln, row.uln)
            cores[index] = core
            assert row.subject_id is not None
            by_subject_lab[(row.subject_id, row.lab)].append((row.collected_on, 1, index, core))
    subjects = {subject.id: subject for subject in held.subjects.values()}
    graded: list[ImportRow] = []
    for index, row in enumerate(rows):
        core = cores.get(index)
        if core is None or row.subject_id is None or row.lab is None:
            graded.append(row)
            continue
        limit = subjects[row.subject_id].c1d1 or core.taken
        before = [
            entry
            for entry in by_subject_lab[(row.subject_id, row.lab)]
            if entry[0] < limit and entry[3] is not core
        ]
        baseline = max(before, key=lambda entry: entry[:3])[3] if before else None
        grade: LabGrade | None
        try:
            grade = grade_result(core, baseline)
            note = None
        except DoseDeskError as exc:
            grade, note = None, str(exc)
        graded.append(replace(row, grade=grade.grade if grade else None, grade_note=note))
    return graded


def _within_file(rows: list[ImportRow]) -> list[ImportRow]:
    """A result written twice in the file is imported once: the later ones are duplicates of the first."""
    first: dict[str, ImportRow] = {}
    out: list[ImportRow] = []
    for row in rows:
        if row.stored and row.key is not None:
            earlier = first.get(row.key)
            if earlier is not None:
                out.append(
                    replace(
                        row,
                        status=RowStatus.DUPLICATE,
                        reason=msg("the same result is on {where} of this file", where=earlier.where),
                    )
                )
                continue
            first[row.key] = row
        out.append(row)
    return out


def _digest(rows: Sequence[ImportRow]) -> str:
    text = "\n".join(
        f"{row.line}|{row.key}|{','.join(map(str, row.replaces))}|{row.visit_id}"
        for row in rows
        if row.stored
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _unreadable(item: Unreadable) -> ImportRow:
    return ImportRow(
        line=item.line,
        where=item.where,
        status=RowStatus.UNREADABLE,
        reason=item.reason,
        problem=Problem.UNREADABLE,
        hospital_number="",
    )


def _file_name(name: str) -> str:
    """The file's own name (no folders), printable, for the preview and the audit trail."""
    base = Path(name).name if name else ""
    return "".join(character for character in base if character.isprintable())[:120]


def _build_preview(
    session: Session, content: bytes, file_name: str, readable_rows_only: bool, today: date, now: datetime
) -> ImportPreview:
    if not isinstance(content, bytes | bytearray):
        raise InputError(msg("Give the file's content to import."))
    if len(content) > MAX_FILE_BYTES:
        raise InputError(
            msg(
                "The file is larger than {size} MB: DoseDesk imports smaller files.",
                size=MAX_FILE_BYTES // 2**20,
            )
        )
    content = bytes(content)
    settings = read_settings(session)
    lab_file = read_lab_file(content, settings)
    held = _held(session, (number for row in lab_file.rows for number in row.hospital_numbers))
    rows = [_match(row, settings, held, today, now) for row in lab_file.rows]
    rows.extend(_unreadable(item) for item in lab_file.unreadable)
    rows.sort(key=lambda row: row.line)
    rows = _graded(_within_file(rows), held)
    identity = ImportIdentity(hashlib.sha256(content).hexdigest(), bool(readable_rows_only), _digest(rows))
    return ImportPreview(identity, _file_name(file_name), lab_file.format, lab_file.encoding, tuple(rows))


def preview_import(
    uow: UnitOfWork, content: bytes, *, file_name: str = "", readable_rows_only: bool = False
) -> ImportPreview:
    """What importing the file would do, row by row (nothing is changed). A coordinator or an investigator."""
    with uow:
        session = uow.session
        require_any_role(session, uow.user, *LAB_RECORDERS)
        return _build_preview(session, content, file_name, readable_rows_only, local_today(uow), uow.now())


def _unreadable_refusal(rows: Sequence[ImportRow]) -> InputError:
    named = "; ".join(f"{row.where} ({row.reason})" for row in rows[:5])
    if len(rows) > 5:
        named = msg("{lines} and {count} more", lines=named, count=len(rows) - 5)
    return InputError(
        msg(
            "Nothing was imported: the file has rows that cannot be read: {lines}. Have the laboratory send the "
            "file again, or import its readable rows only.",
            lines=named,
        )
    )


def commit_import(
    uow: UnitOfWork, content: bytes, identity: ImportIdentity, *, file_name: str = ""
) -> ImportCommitted:
    """Store what the preview with this `identity` showed, as one audited unit of work (see the module's doc).
    A coordinator or an investigator."""
    with uow:
        session = uow.session
        user = require_any_role(session, uow.user, *LAB_RECORDERS)
        preview = _build_preview(
            session, content, file_name, identity.readable_rows_only, local_today(uow), uow.now()
        )
        if preview.identity.file_sha256 != identity.file_sha256:
            raise InputError(
                msg(
                    "This is not the file that was previewed (its content differs): preview it again. Nothing was imported."
                )
            )
        if preview.unreadable and not identity.readable_rows_only:
            raise _unreadable_refusal(preview.unreadable)
        if preview.identity != identity:
            raise InputError(
                msg(
                    "What this file would import changed since its preview (someone else imported it, or recorded "
                    "labs, meanwhile): preview it again. Nothing was imported."
                )
            )
        rows = preview.to_store
        if not rows:
            return ImportCommitted(preview, (), ())
        digest = identity.file_sha256
        name = preview.file_name or msg("(no name)")
        records: list[LabResult] = []
        cancelled: list[int] = []
        try:
            with uow.acting(user, audit_reason("labs_imported", file=name, digest=digest[:16])):
                now = uow.now()
                for row in rows:
                    assert row.subject_id is not None and row.lab and row.value is not None and row.unit
                    assert row.collected_on is not None
                    record = LabResult(
                        subject_id=row.subject_id,
                        visit_id=row.visit_id,
                        lab=row.lab,
                        value=row.value,
                        unit=row.unit,
                        lln=row.lln,
                        uln=row.uln,
                        collected_on=row.collected_on,
                        collected_at=row.collected_at,
                        ctcae_grade=row.grade,
                        recorded_at=now,
                        source=LAB_IMPORTED,
                        file_sha256=digest,
                        accession=row.accession[:64] or None,
                        reported_at=row.reported_at,
                        import_key=row.key,
                    )
                    records.append(record)
                    session.add(record)
                session.flush()
            correction = audit_reason("lab_corrected_by_laboratory", file=name, digest=digest[:16])
            with uow.acting(user, correction):
                for row in rows:
                    for old_id in row.replaces:
                        old = session.get(LabResult, old_id)
                        if old is not None and not old.cancelled:
                            old.cancelled = True
                            old.cancel_reason = correction
                            cancelled.append(old_id)
                session.flush()
        except IntegrityError:
            raise InputError(
                msg(
                    "Someone else imported these results at the same moment: nothing was saved. Preview the file "
                    "again to see what is still new."
                )
            ) from None
        committed = ImportCommitted(preview, tuple(record.id for record in records), tuple(cancelled))
        uow.commit()
        return committed
