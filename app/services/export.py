"""The trial's data out: SDTM datasets and the dose-intensity figures, read through a unit of work.

    result = export_sdtm(database.uow(user), Path("out"), formats=("xpt", "json"), subjects=None)
    data = read_trial(uow)                        # -> app.export.records.TrialData (for the exposure report)

The export reads the records in one snapshot (`uow.reading()`), writes the files, then appends one audit row
(table "export"): who, when, the formats, the number of subjects and the SHA-256 of every file written. It
changes no record. Only an investigator or an administrator exports (a command without `--user` acts as
DoseDesk itself, named on the audit row).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app import __version__
from app.errors import InputError, NotFoundError
from app.export import records as rec
from app.export.intensity import Intensity, trial_intensity
from app.export.sdtm import Dataset, build_datasets
from app.export.writers import FORMATS, write_csv, write_define, write_json, write_xpt
from app.models import (
    GIVEN_ORDER_STATUSES,
    AuditLog,
    DoseLevelChange,
    Hold,
    InfusionOrder,
    Role,
    Subject,
    SubjectStatus,
    Toxicity,
    VisitStatus,
)
from app.protocol import Protocol
from app.services._common import require_any_role, wall_clock
from app.services.audit import record_event
from app.services.endings import study_end_words, treatment_end_words, visit_status_words
from app.services.protocols import TRIAL_PROTOCOL, protocol_file
from app.services.uow import UnitOfWork
from app.text import msg
from app.toxicity.ctcae import find_term, term_by_code
from app.toxicity.labs import lab_kind

EXPORT_TABLE = "export"
EXPORT_FIELD = "sdtm"
EXPORTERS = (Role.INVESTIGATOR, Role.ADMIN)


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    files: dict[str, str]  # file name -> SHA-256
    counts: dict[str, int]  # domain -> rows
    subjects: int


def _local(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment
    return wall_clock(moment)


def _site(subject_number: str) -> str:
    head, _, rest = subject_number.partition("-")
    return head if rest and head else "01"


def _action(session: Session, toxicity: Toxicity) -> str:
    """What was done with the treatment for the toxicity: a reduction, else the last decision taken."""
    reduced = session.execute(
        select(func.count()).select_from(DoseLevelChange).where(DoseLevelChange.toxicity_id == toxicity.id)
    ).scalar_one()
    if toxicity.decisions:
        last = toxicity.decisions[-1]
        if last.taken_action == "discontinue":
            return "discontinue"
        if reduced or last.taken_resume == "reduce":
            return "reduce"
        return str(last.taken_action)
    return "reduce" if reduced else "none"


def _dose(order: InfusionOrder, start_level: Decimal) -> rec.Dose:
    start = order.started_at or order.administration_started_at
    end = order.ended_at or order.administration_ended_at
    given = order.dose_given_mg if order.dose_given_mg is not None else order.final_dose_mg
    lots = tuple(sorted({line.lot_number for line in order.preparation_lines}))
    return rec.Dose(
        order_number=order.order_number,
        visit_label=order.visit.label,
        cycle=order.visit.cycle,
        day=order.visit.day,
        status=str(order.status),
        planned_date=order.planned_date,
        start=_local(start),
        end=_local(end),
        level_mg_per_kg=order.dose_level_mg_per_kg,
        start_level_mg_per_kg=start_level,
        weight_kg=order.weight_kg,
        weight_measured_on=order.weight_measured_on,
        planned_mg=order.final_dose_mg,
        given_mg=given,
        lots=lots,
        reduction_reason=order.reduction_reason,
        stop_reason_code=order.stop_reason_code,
        stop_reason=order.stop_reason,
    )


def _delays(doses: Sequence[rec.Dose], protocol: Protocol) -> tuple[rec.Interruption, ...]:
    """Doses given later than one dose interval (plus the window) after the dose before."""
    interval = protocol.regimen.cycle_length_days // max(1, len(protocol.regimen.dose_days))
    allowed = interval + protocol.schedule.window_after_days
    found: list[rec.Interruption] = []
    days = [d.start.date() for d in doses if d.start is not None]
    for before, after in itertools.pairwise(days):
        gap = (after - before).days
        if gap > allowed:
            found.append(
                rec.Interruption("delay", before, after, msg("{days} days late", days=gap - interval))
            )
    return tuple(found)


def _subject(session: Session, subject: Subject, protocol: Protocol) -> rec.Subject:
    visits = {visit.id: visit for visit in subject.visits}
    start_level = protocol.regimen.starting_level
    orders = session.execute(
        select(InfusionOrder)
        .where(InfusionOrder.subject_id == subject.id, InfusionOrder.status.in_(GIVEN_ORDER_STATUSES))
        .options(selectinload(InfusionOrder.visit), selectinload(InfusionOrder.preparation_lines))
    ).scalars()
    doses = sorted(
        (_dose(order, start_level) for order in orders),
        key=lambda d: (d.start or datetime.combine(d.planned_date, datetime.min.time()), d.order_number),
    )
    toxicities = []
    for tox in session.execute(
        select(Toxicity)
        .where(Toxicity.subject_id == subject.id, Toxicity.cancelled.is_(False))
        .options(selectinload(Toxicity.decisions))
        .order_by(Toxicity.onset_date, Toxicity.id)
    ).scalars():
        term = (term_by_code(tox.meddra_code) if tox.meddra_code else None) or find_term(tox.ctcae_term)
        toxicities.append(
            rec.Toxicity(
                key=tox.id,
                term=tox.ctcae_term,
                meddra_code=tox.meddra_code or (term.meddra_code if term else None),
                soc=term.soc if term else None,
                grade=tox.grade,
                onset=tox.onset_date,
                resolution=tox.resolution_date,
                action=_action(session, tox),
            )
        )
    labs = []
    for lab in sorted(
        (r for r in subject.lab_results if not r.cancelled), key=lambda r: (r.collected_on, r.lab, r.id)
    ):
        kind = lab_kind(lab.lab)
        try:
            value_si: Decimal | None = kind.to_si(lab.value, lab.unit)
            lln_si = None if lab.lln is None else kind.to_si(lab.lln, lab.unit)
            uln_si = None if lab.uln is None else kind.to_si(lab.uln, lab.unit)
        except InputError:
            value_si = lln_si = uln_si = None
        visit = visits.get(lab.visit_id) if lab.visit_id else None
        labs.append(
            rec.Lab(
                key=lab.id,
                lab=lab.lab,
                value=lab.value,
                unit=lab.unit,
                value_si=value_si,
                si_unit=kind.si_unit,
                lln=lab.lln,
                uln=lab.uln,
                lln_si=lln_si,
                uln_si=uln_si,
                grade=lab.ctcae_grade,
                collected_on=lab.collected_on,
                collected_at=_local(lab.collected_at),
                visit_label=visit.label if visit else None,
            )
        )
    weights = [
        rec.Weight(
            w.id, w.weight_kg, w.measured_on, visits[w.visit_id].label if w.visit_id in visits else None
        )
        for w in sorted((w for w in subject.weights if not w.cancelled), key=lambda w: (w.measured_on, w.id))
    ]
    past = (VisitStatus.DONE, VisitStatus.MISSED, VisitStatus.OMITTED)
    done = [
        rec.VisitDone(
            v.label,
            str(v.kind),
            v.cycle,
            v.day,
            str(v.status),
            v.actual_date or v.booked_date,
            visit_status_words(v.status_reason_code, v.status_reason_params, v.status_reason),
        )
        for v in sorted(subject.visits, key=lambda v: (v.target_date, v.id))
        if v.status in past
    ]
    holds = tuple(
        rec.Interruption("hold", h.start_date, h.end_date, h.reason)
        for h in session.execute(
            select(Hold).where(Hold.subject_id == subject.id).order_by(Hold.start_date, Hold.id)
        ).scalars()
    )
    reductions = tuple(
        rec.Reduction(c.effective_on, c.from_level_mg_per_kg, c.to_level_mg_per_kg, c.reason)
        for c in session.execute(
            select(DoseLevelChange)
            .where(DoseLevelChange.subject_id == subject.id)
            .order_by(DoseLevelChange.effective_on, DoseLevelChange.id)
        ).scalars()
    )
    first_dose = min((d.start.date() for d in doses if d.start is not None), default=subject.c1d1)
    return rec.Subject(
        subject_number=subject.subject_number,
        site_id=_site(subject.subject_number),
        birth_date=subject.birth_date,
        sex=str(subject.sex),
        consented_on=_local(subject.enrolled_at).date() if subject.enrolled_at else subject.birth_date,  # type: ignore[union-attr]
        status=str(subject.status),
        screen_failed=subject.status == SubjectStatus.SCREEN_FAILED,
        first_dose=first_dose if doses else None,
        treatment_stopped_on=subject.treatment_stopped_on,
        treatment_stop_reason=treatment_end_words(
            subject.treatment_stop_code, subject.treatment_stop_params, subject.treatment_stop_reason
        ),
        treatment_stop_code=subject.treatment_stop_code,
        off_study_on=subject.off_study_on,
        off_study_reason=study_end_words(subject.off_study_code, subject.off_study_params, subject.off_study_reason),
        off_study_code=subject.off_study_code,
        doses=tuple(doses),
        toxicities=tuple(toxicities),
        labs=tuple(labs),
        weights=tuple(weights),
        visits=tuple(done),
        holds=holds,
        reductions=reductions,
        delays=_delays(doses, protocol),
    )


def _trial(protocol: Protocol) -> rec.Trial:
    levels = protocol.regimen.starting_level
    days = ", ".join(f"D{d}" for d in protocol.regimen.dose_days)
    weeks = protocol.regimen.cycle_length_days // 7
    return rec.Trial(
        study_id=protocol.registry,
        drug=protocol.drug.name,
        route=protocol.drug.route,
        arm=f"{protocol.drug.name.upper()} {format(levels.normalize(), 'f')} MG/KG {days} Q{weeks}W",
        start_level_mg_per_kg=levels,
        cycle_length_days=protocol.regimen.cycle_length_days,
        doses_per_cycle=len(protocol.regimen.dose_days),
    )


def _read(session: Session, subjects: Iterable[str] | None) -> rec.TrialData:
    query = (
        select(Subject)
        .options(
            selectinload(Subject.protocol_version),
            selectinload(Subject.visits),
            selectinload(Subject.weights),
            selectinload(Subject.lab_results),
        )
        .order_by(Subject.subject_number)
    )
    wanted = sorted({s.strip() for s in subjects}) if subjects is not None else None
    if wanted is not None:
        query = query.where(Subject.subject_number.in_(wanted))
    found = list(session.execute(query).scalars())
    if wanted is not None:
        missing = sorted(set(wanted) - {s.subject_number for s in found})
        if missing:
            raise NotFoundError(msg("There is no subject {subject}.", subject=", ".join(missing)))
    protocol = protocol_file(found[0].protocol_version.protocol_id if found else TRIAL_PROTOCOL)
    last = session.execute(
        select(func.max(AuditLog.at)).where(AuditLog.table_name != EXPORT_TABLE)
    ).scalar_one_or_none()
    return rec.TrialData(
        trial=_trial(protocol),
        subjects=tuple(_subject(session, s, protocol_file(s.protocol_version.protocol_id)) for s in found),
        last_change=_local(last),
    )


def read_trial(uow: UnitOfWork, subjects: Iterable[str] | None = None) -> rec.TrialData:
    """The trial's records as plain facts, in one consistent read."""
    with uow.reading() as session:
        return _read(session, subjects)


def exposure(
    uow: UnitOfWork, subjects: Iterable[str] | None = None
) -> tuple[rec.TrialData, tuple[Intensity, ...]]:
    """The trial's facts and the dose intensity of every treated subject (the exposure report, the tab)."""
    data = read_trial(uow, subjects)
    return data, trial_intensity(data.trial, data.subjects)


def parse_formats(text: str | Sequence[str]) -> tuple[str, ...]:
    """The formats asked for ("xpt,json"), in the order of FORMATS; an unknown one is refused in words."""
    words = text.split(",") if isinstance(text, str) else list(text)
    chosen = {w.strip().lower() for w in words if w.strip()}
    unknown = sorted(chosen - set(FORMATS))
    if unknown or not chosen:
        raise InputError(
            msg(
                "{formats} is not a format DoseDesk exports; use one or more of: {known}",
                formats=", ".join(unknown) or repr(text),
                known=", ".join(FORMATS),
            )
        )
    return tuple(f for f in FORMATS if f in chosen)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(
    datasets: Sequence[Dataset], folder: Path, formats: Sequence[str], data: rec.TrialData, created: datetime
) -> dict[str, list[Path]]:
    written: dict[str, list[Path]] = {}
    for dataset in datasets:
        paths = written.setdefault(dataset.name, [])
        if "xpt" in formats:
            paths.append(write_xpt(dataset, folder))
        if "json" in formats:
            paths.append(
                write_json(
                    dataset,
                    folder,
                    study_id=data.trial.study_id,
                    created=created,
                    last_change=data.last_change,
                    version=__version__,
                )
            )
        if "csv" in formats:
            paths.append(write_csv(dataset, folder))
    return written


def export_sdtm(
    uow: UnitOfWork,
    folder: Path,
    formats: Sequence[str] = FORMATS,
    subjects: Iterable[str] | None = None,
) -> ExportResult:
    """Write the SDTM datasets of the trial (or of `subjects`) into `folder`, with define.html; audited."""
    chosen = parse_formats(formats)
    if not folder.is_dir():
        raise InputError(msg("Cannot write into {folder}: the folder does not exist.", folder=str(folder)))
    with uow:
        if getattr(uow.user, "id", None) is not None:
            require_any_role(uow.session, uow.user, *EXPORTERS)
        data = read_trial(uow, subjects)
        datasets = build_datasets(data)
        created = _local(uow.now()) or uow.now()
        try:
            written = _write(datasets, folder, chosen, data, created)
            define = write_define(
                datasets,
                folder,
                study_id=data.trial.study_id,
                created=created,
                files={name: [p.name for p in paths] for name, paths in written.items()},
            )
        except OSError as exc:
            raise InputError(
                msg(
                    "Cannot write into {folder}: {problem}.",
                    folder=str(folder),
                    problem=exc.strerror or str(exc),
                )
            ) from None
        files = {p.name: _sha256(p) for paths in written.values() for p in paths}
        files[define.name] = _sha256(define)
        counts = {d.name: len(d.rows) for d in datasets}
        what = json.dumps(
            {"formats": list(chosen), "subjects": len(data.subjects), "rows": counts, "files": files},
            sort_keys=True,
            separators=(",", ":"),
        )
        with uow.acting(uow.user, str(msg("SDTM datasets exported ({count} files)", count=len(files)))):
            record_event(
                uow.session,
                table_name=EXPORT_TABLE,
                record_id=created.isoformat(timespec="seconds"),
                field=EXPORT_FIELD,
                new_value=what,
            )
        uow.commit()
    return ExportResult(folder, files, counts, len(data.subjects))


__all__ = ["EXPORTERS", "ExportResult", "export_sdtm", "exposure", "parse_formats", "read_trial"]
