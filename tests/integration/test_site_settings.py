"""The site's settings (audited, admin only, checked), the subject's hospital number, the calendar's phone from
the settings, and `dosedesk settings|import labs|list labs` on the command line — SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from app.cli import main
from app.errors import InputError
from app.models import AuditLog, LabResult, SiteSetting
from app.models.migrate import upgrade
from app.services import paper, settings
from app.services.audit import verify_chain
from app.services.database import Database, check_database, open_database
from app.services.queries import patient_list
from app.services.subjects import set_hospital_number
from app.services.users import NotAllowedError

from ._services import PASSWORD, World, unchanged

C1D1 = date(2026, 3, 4)


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(date(2026, 3, 2))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- site settings -------------------------------------------------------------------------------------------


def test_an_administrator_changes_a_setting_on_the_audit_trail(world: World, database: Database) -> None:
    row = settings.set_setting(world.uow("admin"), "clinic_phone", "+86 20 8734 3088")
    assert (row.value, row.is_default) == ("+86 20 8734 3088", False)
    settings.set_setting(world.uow("admin"), "reference_range.bilirubin", "0-21 µmol/L")
    settings.set_setting(world.uow("admin"), "lab_code.NEUT#", "neutrophils 10^9/L")
    settings.set_setting(world.uow("admin"), "lab_column.value", "结果")
    read = settings.site_settings(database.read_uow())
    assert read.clinic_phone == "+86 20 8734 3088" and read.lab_columns["value"] == "结果"
    assert read.site_code("neut#") == settings.LabCode("NEUT#", "neutrophils", "10^9/L")
    in_unit = settings.reference_range_for(database.read_uow(), "bilirubin", "umol/L")
    assert in_unit is not None and (in_unit.lln, in_unit.uln) == (Decimal("0"), Decimal("21"))
    assert settings.reference_range_for(database.read_uow(), "bilirubin", "mg/dL") is None  # not exact
    with database.session_factory() as session:
        trail = session.execute(
            select(AuditLog.action, AuditLog.reason).where(AuditLog.table_name == "site_settings")
        ).all()
    assert len(trail) == 4 and all(reason.startswith("site setting ") for _action, reason in trail)
    settings.set_setting(world.uow("admin"), "clinic_phone", "")
    assert settings.site_settings(database.read_uow()).clinic_phone == ""
    assert check_database(database) == []


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("clinic_phone", "call the ward", "not a phone number"),
        ("clinic_phone", "12", "not a phone number"),
        ("reference_range.bilirubin", "21-0 µmol/L", "upside down"),
        ("reference_range.bilirubin", "0-21 mmol/L", "not a unit"),
        ("reference_range.bilirubin", "0-0 µmol/L", "upside down"),
        ("reference_range.sodium", "135-145 mmol/L", "not a lab"),
        ("lab_code.X1", "ferritin", "not a lab"),
        ("lab_code.X1", "platelets mg", "not a unit"),
        ("lab_column.weight", "Weight", "not a column"),
        ("lab_column.unit", "Result", "same header"),
        ("lab_file_encoding", "latin-1", "not an encoding"),
        ("colour", "blue", "not a site setting"),
        ("hospital_name", "Sun\x00Yat-sen", "control character"),
    ],
)
def test_a_value_a_setting_cannot_hold_is_refused(
    world: World, database: Database, key: str, value: str, said: str
) -> None:
    unchanged(database, lambda: settings.set_setting(world.uow("admin"), key, value), InputError, said)


def test_several_settings_change_as_one_unit_or_not_at_all(world: World, database: Database) -> None:
    changes = [
        ("clinic_name", "Oncology day unit"),
        ("lab_column.value", "结果"),
        ("clinic_phone", "call us"),
    ]
    unchanged(database, lambda: settings.set_settings(world.uow("admin"), changes), InputError, "not a phone")
    rows = settings.set_settings(world.uow("admin"), [*changes[:2], ("clinic_phone", "020-8734 3088")])
    assert [row.key for row in rows] == ["clinic_name", "lab_columns", "clinic_phone"]
    read = settings.site_settings(database.read_uow())
    assert (read.clinic_name, read.lab_columns["value"], read.clinic_phone) == (
        "Oncology day unit",
        "结果",
        "020-8734 3088",
    )
    with database.session_factory() as session:
        reasons = session.scalars(select(AuditLog.reason).where(AuditLog.table_name == "site_settings")).all()
    assert len(reasons) == 3
    assert check_database(database) == []


def test_only_an_administrator_changes_the_settings_and_everyone_reads_them(
    world: World, database: Database
) -> None:
    unchanged(
        database, lambda: settings.set_setting(world.uow("coordinator"), "clinic_phone", "020-1234 5678"),
        NotAllowedError, "admin",
    )  # fmt: skip
    assert settings.site_settings(world.uow("pharmacist")).lab_file_encoding == "utf-8"


def test_the_calendar_prints_the_site_phone(world: World, database: Database) -> None:
    world.enrol("001-001", c1d1=C1D1)
    assert paper.patient_calendar(database.read_uow(), "001-001").clinic_phone == paper.NO_PHONE
    settings.set_setting(world.uow("admin"), "clinic_phone", "020-8734 3088")
    settings.set_setting(world.uow("admin"), "clinic_name_zh", "肿瘤科临床试验门诊")
    calendar = paper.patient_calendar(database.read_uow(), "001-001", language="zh")
    assert (calendar.clinic_phone, calendar.clinic_name) == ("020-8734 3088", "肿瘤科临床试验门诊")
    assert paper.clinic_day(database.read_uow(), C1D1).clinic_name == "肿瘤科临床试验门诊"


# --- the hospital number -------------------------------------------------------------------------------------


def test_a_hospital_number_is_recorded_unique_and_shown(world: World, database: Database) -> None:
    first = world.enrol("001-001", c1d1=C1D1, hospital_number=" zs-2026-0117 ")
    second = world.enrol("001-002", c1d1=C1D1, initials="ZQ")
    unchanged(
        database,
        lambda: world.enrol("001-003", c1d1=C1D1, initials="HM", hospital_number="ZS-2026-0117"),
        InputError,
        "already has this hospital number",
    )
    unchanged(
        database,
        lambda: set_hospital_number(
            world.uow("coordinator"), second, "ZS-2026-0117", "from the ward's record"
        ),
        InputError,
        "already has",
    )
    for wrong in ("ZS", "ZS 2026", "AB\u202e12"):
        unchanged(database, lambda w=wrong: set_hospital_number(world.uow("coordinator"), second, w, "typo"),
                  InputError, "hospital number")  # fmt: skip
    unchanged(database, lambda: set_hospital_number(world.uow("coordinator"), second, "ZS0099", ""), InputError,
              "reason")  # fmt: skip
    unchanged(database, lambda: set_hospital_number(world.uow("pharmacist"), second, "ZS0099", "record"),
              NotAllowedError, "coordinator")  # fmt: skip
    set_hospital_number(world.uow("coordinator"), second, "ZS0099", "from the ward's record")
    assert {row.subject_number: row.hospital_number for row in patient_list(database.read_uow())} == {
        "001-001": "ZS-2026-0117",
        "001-002": "ZS0099",
    }
    assert first


def test_the_hospital_number_is_on_the_order_and_the_label(world: World, database: Database) -> None:
    from .test_paper import pdf_text

    subject = world.enrol("001-001", c1d1=C1D1, hospital_number="ZS001001")
    world.at(C1D1)
    order = world.give_dose(subject, "C1D1")
    assert "Hospital no. ZS001001" in pdf_text(paper.print_order(database.read_uow(), order.order_number))
    assert "hosp. no. ZS001001" in pdf_text(paper.print_label(database.read_uow(), order.order_number))


def test_an_errors_log_entry_never_holds_a_hospital_number(tmp_path: Path) -> None:
    from app.services import errors_log

    errors_log.set_errors_log_path(tmp_path / "errors.log")
    try:
        for number in ("ZS-2026-0117", "A1B2C3", "0012345678", "12-AB"):
            errors_log.log_unexpected(RuntimeError(f"no subject has the hospital number {number} (12-ab)"))
        text = (tmp_path / "errors.log").read_text(encoding="utf-8")
    finally:
        errors_log.set_errors_log_path(None)
    for piece in ("ZS-2026", "0117", "A1B2C3", "0012345678", "12-AB", "12-ab", "-ab"):
        assert piece not in text, piece


# --- the migration -------------------------------------------------------------------------------------------


def test_results_held_before_the_upgrade_are_typed_on_the_audit_trail(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        upgrade(connection, "0006")  # the schema before site settings and imported labs
    engine.dispose()
    path = sqlite_url[len("sqlite:///") :]
    raw = sqlite3.connect(path)  # foreign keys off: two bare results are enough for the migration
    for lab_id in (1, 2):
        raw.execute(
            "INSERT INTO lab_results (id, subject_id, lab, value, unit, collected_on, recorded_at, cancelled) "
            "VALUES (?, 1, 'neutrophils', '2.4', '10^9/L', '2026-03-02', '2026-03-02 08:00:00', 0)",
            (lab_id,),
        )
    raw.commit()
    raw.close()
    database = open_database(sqlite_url)
    try:
        with database.session_factory() as session:
            assert [lab.source for lab in session.execute(select(LabResult)).scalars()] == ["typed", "typed"]
            rows = session.execute(select(AuditLog).order_by(AuditLog.id)).scalars().all()
            assert [(row.record_id, row.field, row.old_value, row.new_value) for row in rows] == [
                ("1", "source", None, "typed"),
                ("2", "source", None, "typed"),
            ]
            assert verify_chain(session) == []
            assert session.execute(select(SiteSetting)).first() is None
    finally:
        database.dispose()


# --- the command line ----------------------------------------------------------------------------------------


def test_settings_import_and_list_labs_on_the_command_line(
    world: World, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    world.enrol("001-001", c1d1=C1D1, hospital_number="ZS001001")
    world.at(date(2026, 3, 3), 10)
    monkeypatch.setattr("app.services.uow.utc_now", world.clock)
    monkeypatch.setattr("app.services.audit.utc_now", world.clock)
    db = ("--database", database_url)
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    code, out, err = _run(
        capsys, "settings", "set", "reference_range.bilirubin", "0-21 umol/L", "--user", "admin", *db
    )
    assert code == 0 and "bilirubin" in out, err
    code, out, _ = _run(capsys, "settings", "show", "--json", *db)
    shown = json.loads(out)
    assert code == 0 and shown["reference_ranges"] == {"bilirubin": {"umol/L": {"lln": "0", "uln": "21"}}}
    assert shown["known_loinc_codes"]["751-8"]["lab"] == "neutrophils"
    code, _, err = _run(capsys, "settings", "set", "clinic_phone", "020-1", "--user", "coordinator", *db)
    assert code == 2 and "admin" in err

    labs = tmp_path / "labs.csv"
    labs.write_text(
        "Hospital number,Test code,Result,Unit,Collected\n"
        "ZS001001,14631-6,11,µmol/L,2026-03-03 07:30\n"
        "ZS001001,751-8,2.4,10^9/L,2026-03-03 07:30\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "import", "labs", "--file", str(labs), "--user", "coordinator", "--preview",
                          "--json", *db)  # fmt: skip
    preview = json.loads(out)
    assert code == 0, err
    assert [row["status"] for row in preview["rows"]] == ["new", "new"] and preview["stored"] == []
    assert preview["rows"][0]["lln"] == "0" and preview["rows"][0]["range_from"] == "site"
    code, out, err = _run(capsys, "import", "labs", "--file", str(labs), "--user", "coordinator", *db)
    assert code == 0 and "Imported 2 results." in out, err
    code, out, _ = _run(capsys, "import", "labs", "--file", str(labs), "--user", "coordinator", *db)
    assert code == 0 and "Nothing new to import." in out
    code, out, _ = _run(capsys, "list", "labs", "--patient", "001-001", "--json", *db)
    listed = json.loads(out)
    assert [(row["lab"], row["source"], row["lln"], row["grade"]) for row in listed] == [
        ("bilirubin", "imported", "0", 0),
        ("neutrophils", "imported", None, None),  # no LLN: no grade (CTCAE grades below the LLN)
    ]
    assert listed[0]["file_sha256"] == preview["sha256"] and listed[0]["collected_at"]
    code, out, _ = _run(capsys, "list", "labs", "--patient", "001-001", *db)
    assert code == 0 and "imported" in out
    code, out, _ = _run(capsys, "list", "patients", "--json", *db)
    assert json.loads(out)[0]["hospital_number"] == "ZS001001"


@pytest.mark.parametrize(
    ("argv", "content", "said"),
    [
        (("--file", "missing.csv", "--user", "coordinator"), None, "There is no file"),
        (("--file", "notes.txt", "--user", "coordinator"), b"shopping: milk, eggs\n", "column headers"),
        (("--file", "labs.csv", "--user", "pharmacist"), b"x", "coordinator"),
        (("--file", "labs.csv", "--user", "nobody"), b"x", "password"),
        (
            ("--file", "cut.hl7", "--user", "coordinator"),
            b"MSH|^~\\&|L|Z|||202603030915||ORU^R01|M|P|2.5\rPID|1||Z1\rOBR|1|||C|||202603030730\rOBX|1|NM|751-8||2",
            "cut short",
        ),
    ],
    ids=["missing-file", "not-a-lab-file", "pharmacist", "wrong-user", "truncated"],
)
def test_bad_input_to_import_is_one_line_and_exit_2(
    world: World, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...], content: bytes | None, said: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    if content is not None:
        (tmp_path / argv[1]).write_bytes(content)
    code, _out, err = _run(capsys, "import", "labs", *argv, "--database", database_url)
    assert code == 2 and said in err and err.count("\n") == 1, err
    monkeypatch.setenv("DOSEDESK_PASSWORD", "wrong password")
    (tmp_path / "w.csv").write_bytes(b"Hospital number,Test code,Result,Collected\n")
    code, _, err = _run(
        capsys, "import", "labs", "--file", "w.csv", "--user", "coordinator", "--database", database_url
    )
    assert code == 2 and "password" in err.lower(), err
