"""Migration 0010 on a database made at 0009, whose subjects ended treatment and the study with sentences: each
gets the code its sentence stands for, on the audit trail; the rows already written keep their hashes, the
sentences stay as they were signed, `check` finds nothing, and the chart tells them as they were written."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select, text

from app.models import AuditLog, DoseLevelChange, Hold, Subject, SubjectStatus, Visit
from app.models.migrate import current_revision, head_revision, upgrade
from app.scheduling.disposition import BEFORE_CODES, Disposition, infer_disposition, load_params
from app.scheduling.visit_reasons import visit_reason_text
from app.services.audit import SystemActor, verify_chain
from app.services.database import check_report, open_database
from app.services.queries import subject_chart

from ._later import LATER_COLUMNS
from ._services import World

CODE_COLUMNS = tuple(  # of 0010
    (table, column)
    for table in ("subjects", "visits", "holds", "dose_level_changes", "stock_lots", "stock_movements")
    for column in LATER_COLUMNS[table]
    if "_code" in column or "_params" in column
)

# What DoseDesk wrote before the codes: the reason as one sentence, in the words picked (in either language).
ENDED = {
    "001-001": ("Disease progression: new liver lesions on CT", None),
    "001-002": ("疾病进展", "Death"),
    "001-003": ("The subject withdrew from treatment", "Lost to follow-up: no answer since May"),
}


def _as_before_codes(database, subject_id: int, stop: str, off: str | None, coded: dict[int, str]) -> None:
    """Write the ends as DoseDesk did before 0010 (audited, the code columns empty)."""
    uow = database.uow(SystemActor("DoseDesk 1.0"))
    with uow:
        subject = uow.session.get(Subject, subject_id)
        assert subject is not None
        with uow.acting(SystemActor("DoseDesk 1.0"), "as written before the codes"):
            subject.treatment_stop_code = None
            subject.treatment_stop_reason = stop
            if off is not None:
                subject.off_study_code = None
                subject.off_study_reason = off
            for table in (Hold, DoseLevelChange):
                for row in uow.session.execute(select(table).where(table.subject_id == subject_id)).scalars():
                    row.reason_code = None
            for visit in subject.visits:  # the sentence DoseDesk wrote for the code it writes today
                if visit.status_reason_code is not None:
                    coded[visit.id] = visit.status_reason_code
                    words = visit_reason_text(
                        visit.status_reason_code, load_params(visit.status_reason_params), visit.status_reason
                    )
                    visit.status_reason = str(words)
                    visit.status_reason_code = None
                    visit.status_reason_params = None
        uow.commit()


def test_a_0009_database_upgrades_with_its_ends_coded_and_its_hashes_intact(database_url: str) -> None:
    old = open_database(database_url, migrate=False)
    with old.engine.begin() as connection:
        upgrade(connection, "0009")
        for table, column in CODE_COLUMNS:  # today's models write them while the old rows are written
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column}"))
    world = World.build(old).at(date(2026, 3, 2))
    ids: dict[str, int] = {}
    for number, (_stop, off) in ENDED.items():
        subject_id = world.enrol(number, c1d1=world.today)
        world.give_dose(subject_id, "C1D1")
        world.at(date(2026, 3, 3))
        from app.services.toxicities import end_follow_up, record_and_decide, stop_treatment

        if number == "001-001":  # a hold from a toxicity decision, and a reduction outside one
            record_and_decide(world.uow("investigator"), subject_id, "Neutrophil count decreased", 3, world.today)

        stop_treatment(world.uow("investigator"), subject_id, world.today, "OTHER", "placeholder")
        if off is not None:
            end_follow_up(world.uow("investigator"), subject_id, world.today, "OTHER", "placeholder")
        world.at(date(2026, 3, 2))
        ids[number] = subject_id
    coded: dict[int, str] = {}  # visit id → the code DoseDesk writes for it today
    for number, (stop, off) in ENDED.items():
        _as_before_codes(old, ids[number], stop, off, coded)
    assert "no_dose_after_decision" in coded.values()
    with old.read_session_factory() as session:
        trail = [(r.id, r.row_hash) for r in session.execute(select(AuditLog).order_by(AuditLog.id)).scalars()]
    with old.engine.begin() as connection:
        for table, column in CODE_COLUMNS:
            connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column.split()[0]}"))
    old.dispose()

    database = open_database(database_url)  # upgrades through 0010 to the newest
    try:
        with database.read_session_factory() as session:
            assert current_revision(session.connection()) == head_revision()
            rows = list(session.execute(select(AuditLog).order_by(AuditLog.id)).scalars())
            assert [(r.id, r.row_hash) for r in rows[: len(trail)]] == trail  # written rows unchanged
            added = rows[len(trail) :]
            assert {r.user_name for r in added} == {"DoseDesk (schema upgrade 0010)"}
            assert verify_chain(session) == []
            for number, (stop, off) in ENDED.items():
                subject = session.get(Subject, ids[number])
                assert subject is not None
                assert subject.treatment_stop_reason == stop  # kept as signed
                assert subject.treatment_stop_code == infer_disposition(stop)
                assert json.loads(subject.treatment_stop_params or "") == {BEFORE_CODES: True}
                if off is not None:
                    assert subject.status == SubjectStatus.OFF_STUDY
                    assert (subject.off_study_reason, subject.off_study_code) == (off, infer_disposition(off))
            codes = {
                number: session.get(Subject, subject_id).treatment_stop_code  # type: ignore[union-attr]
                for number, subject_id in ids.items()
            }
            assert codes == {
                "001-001": Disposition.PROGRESSIVE_DISEASE,
                "001-002": Disposition.PROGRESSIVE_DISEASE,
                "001-003": Disposition.WITHDRAWAL_BY_SUBJECT,
            }
            offs = {number: session.get(Subject, i).off_study_code for number, i in ids.items()}  # type: ignore[union-attr]
            assert offs == {"001-001": None, "001-002": "DEATH", "001-003": "LOST TO FOLLOW-UP"}
            # Each visit's sentence gives back the code DoseDesk writes for it today.
            for visit_id, code in coded.items():
                visit = session.get(Visit, visit_id)
                assert visit is not None, visit_id
                assert visit.status_reason_params is not None, (visit.label, str(visit.status), code)
                assert (visit.status_reason_code, json.loads(visit.status_reason_params or "")) == (
                    code,
                    {BEFORE_CODES: True},
                )
            holds = list(session.execute(select(Hold)).scalars())
            assert holds and {h.reason_code for h in holds} == {"adverse_event"}
        assert check_report(database).problems == []
        header = subject_chart(database.read_uow(None), ids["001-001"]).header
        assert header.treatment_stop_reason == "Disease progression: new liver lesions on CT"  # as signed
        assert header.treatment_stop_code == "PROGRESSIVE DISEASE"
    finally:
        database.dispose()
