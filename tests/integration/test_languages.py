"""Languages on the records — SQLite and PostgreSQL: migration 0009 on a database at 0007 (its audit trail
intact), the language a subject reads (at enrolment, changed on the audit trail with a reason, in `list
patients --json`) as the default of their paper on the command line, each user's own window language, and the
patient calendar from the records (open days, holidays, the site's phone, fewer pages)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from pypdf import PdfReader
from sqlalchemy import create_engine, select

from app.cli import main
from app.errors import InputError
from app.models import AuditLog, Subject, User
from app.models.migrate import alembic_config, current_revision, head_revision
from app.scheduling import default_clinic
from app.services import paper, settings
from app.services.audit import verify_chain
from app.services.database import Database, open_database
from app.services.protocols import TRIAL_PROTOCOL, protocol_file
from app.services.subjects import set_subject_language
from app.services.users import set_own_language, sign_in

from ._services import PASSWORD, World, unchanged
from .test_state_machine import check_audit_replay

C1D1 = date(2026, 3, 4)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(date(2026, 3, 2))


def _text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _columns(url: str, table: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {column["name"] for column in sa.inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


# --- the migration -------------------------------------------------------------------------------------------


def test_a_database_at_0007_upgrades_with_its_audit_trail_intact(world: World, database_url: str) -> None:
    world.enrol("001-001", c1d1=C1D1, hospital_number="ZS001001")
    world.enrol("001-002", c1d1=C1D1, initials="HM")
    world.database.dispose()
    engine = create_engine(database_url)
    with engine.begin() as connection:  # back to the schema before languages, its rows and trail as they are
        command.downgrade(alembic_config(connection), "0007")
    engine.dispose()
    assert "language" not in _columns(database_url, "subjects")
    assert "language" not in _columns(database_url, "users")
    engine = create_engine(database_url)
    with engine.connect() as connection:
        hashes_before = connection.execute(sa.text("SELECT id, row_hash FROM audit_log ORDER BY id")).all()
    engine.dispose()

    database = open_database(database_url)  # upgrades to the newest schema
    try:
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            after = connection.execute(sa.text("SELECT id, row_hash FROM audit_log ORDER BY id")).all()
        assert after == hashes_before  # no row rewritten, none added
        with database.session_factory() as session:
            assert verify_chain(session) == []
            assert [s.language for s in session.execute(select(Subject)).scalars()] == [None, None]
            assert {u.language for u in session.execute(select(User)).scalars()} == {None}
        check_audit_replay(database)
        # the new columns refuse a language DoseDesk does not print
        with pytest.raises(sa.exc.IntegrityError), database.engine.begin() as connection:
            connection.execute(sa.text("UPDATE subjects SET language = 'fr'"))
        # a subject enrolled before is printed in English until their language is recorded
        assert paper.patient_language(database.read_uow(), "001-001") == "en"
    finally:
        database.dispose()


# --- the subject's language ----------------------------------------------------------------------------------


def test_the_language_a_subject_reads_is_recorded_audited_and_listed(
    world: World, database: Database, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    chinese = world.enrol("001-001", c1d1=C1D1, language="zh")
    english = world.enrol("001-002", c1d1=C1D1, initials="HM")
    unchanged(database, lambda: world.enrol("001-003", c1d1=C1D1, language="fr"), InputError, "English (en)")
    unchanged(database, lambda: set_subject_language(world.uow("coordinator"), english, "zh", ""), InputError,
              "reason")  # fmt: skip
    unchanged(database, lambda: set_subject_language(world.uow("pharmacist"), english, "zh", "asked"),
              InputError, "")  # fmt: skip
    header = set_subject_language(world.uow("coordinator"), english, "zh", "the patient asked for Chinese")
    assert header.language == "zh"
    with database.session_factory() as session:
        row = session.execute(
            select(AuditLog).where(AuditLog.table_name == "subjects", AuditLog.field == "language")
        ).scalar_one()
        assert (row.record_id, row.old_value, row.new_value) == (str(english), None, "zh")
        assert row.reason == "the patient asked for Chinese" and row.user_name == "Chen Jing"
    assert main(["list", "patients", "--json", "--database", database_url]) == 0
    listed = {p["subject"]: p["language"] for p in json.loads(capsys.readouterr().out)}
    assert listed == {"001-001": "zh", "001-002": "zh"}
    assert chinese != english


def test_patient_paper_on_the_command_line_is_in_the_subject_language_unless_asked(
    world: World, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world.enrol("001-001", c1d1=C1D1, language="zh")
    world.enrol("001-002", c1d1=C1D1, initials="HM")  # not recorded: English
    out = tmp_path / "paper"
    for document in ("calendar", "wristband"):
        for number in ("001-001", "001-002"):
            target = str(out) + f"-{document}-{number}.pdf"
            assert (
                main(["print", document, "--patient", number, "--database", database_url, "--out", target])
                == 0
            )
        chinese = _text(Path(str(out) + f"-{document}-001-001.pdf").read_bytes())
        english = _text(Path(str(out) + f"-{document}-001-002.pdf").read_bytes())
        assert "受试者" in chinese.replace(" ", ""), document
        assert "Subject" in english and "受试者" not in english, document
    target = str(out) + "-asked.pdf"
    assert main(["print", "calendar", "--patient", "001-001", "--lang", "en", "--database", database_url,
                 "--out", target]) == 0  # fmt: skip
    assert "Your visit calendar" in _text(Path(target).read_bytes())
    ics = tmp_path / "c.ics"
    assert main(["export", "ics", "--patient", "001-001", "--database", database_url, "--out", str(ics)]) == 0
    assert "可就诊时间段" in ics.read_text(encoding="utf-8")
    capsys.readouterr()


# --- the user's language -------------------------------------------------------------------------------------


def test_each_user_keeps_a_window_language_of_their_own(world: World, database: Database) -> None:
    assert sign_in(database.uow(), "nurse", PASSWORD).language is None  # the workstation's
    info = set_own_language(world.uow("nurse"), world.user("nurse").id, "zh")
    assert info.language == "zh"
    assert sign_in(database.uow(), "nurse", PASSWORD).language == "zh"
    assert sign_in(database.uow(), "pharmacist", PASSWORD).language is None  # others keep theirs
    unchanged(database, lambda: set_own_language(world.uow("nurse"), world.user("nurse").id, "fr"), InputError,
              "English (en) or Chinese (zh)")  # fmt: skip
    assert set_own_language(world.uow("nurse"), world.user("nurse").id, None).language is None
    with database.session_factory() as session:
        rows = (
            session.execute(
                select(AuditLog).where(AuditLog.table_name == "users", AuditLog.field == "language")
            )
            .scalars()
            .all()
        )
        assert [(r.old_value, r.new_value, r.user_name) for r in rows] == [
            (None, "zh", "Huang Li"),
            ("zh", None, "Huang Li"),
        ]
        assert verify_chain(session) == []


# --- the calendar from the records ---------------------------------------------------------------------------


def test_the_calendar_from_the_records_has_open_days_holidays_and_the_phone(
    world: World, database: Database
) -> None:
    world.enrol("001-001", c1d1=C1D1, language="zh")
    calendar = paper.patient_calendar(world.uow(None), "001-001", language="zh")
    assert calendar.clinic_phone == ""  # not set: the paper says so
    coming = [v for v in calendar.visits if v.open_days is not None]
    assert coming
    clinic = default_clinic(protocol_file(TRIAL_PROTOCOL))
    for visit in coming:  # exactly the days of the window the clinic is open (a make-up working Saturday too)
        window = [
            visit.window_start + timedelta(days=n)
            for n in range((visit.window_end - visit.window_start).days + 1)
        ]
        assert list(visit.open_days or ()) == [day for day in window if clinic.is_open(day)], visit.label
        assert any(day.weekday() >= 5 for day in window) <= (len(visit.open_days or ()) < len(window))
    holidays = {h.day: h for h in calendar.holidays}
    assert date(2026, 4, 6) in holidays and not holidays[date(2026, 4, 6)].estimated  # Qingming, observed
    assert "清明" in holidays[date(2026, 4, 6)].name
    for visit in coming:
        assert not set(visit.open_days or ()) & set(holidays)  # no visit offered on a holiday
    settings.set_setting(world.uow("admin"), "clinic_phone", "020-8734 3088")
    text = _text(paper.print_calendar(world.uow(None), "001-001", "zh"))
    assert "020-8734 3088" in text


def test_a_patient_mid_treatment_gets_fewer_pages(world: World, database: Database) -> None:
    subject = world.enrol("001-001", c1d1=C1D1)
    for label in ("C1D1", "C1D15", "C2D1", "C2D15", "C3D1"):
        visit = world.visit(subject, label)
        world.at(visit.suggested or visit.target)
        world.give_dose(subject, label)
    world.at(date(2026, 5, 6))
    pages = len(PdfReader(io.BytesIO(paper.print_calendar(world.uow(None), "001-001", "en"))).pages)
    chinese = len(PdfReader(io.BytesIO(paper.print_calendar(world.uow(None), "001-001", "zh"))).pages)
    assert pages <= 3 and chinese <= 3, (pages, chinese)  # 6 before: every visit large, every month's grid
