"""Lab results from the laboratory, on SQLite and PostgreSQL: each format's round trip (preview, commit, list),
duplicates never stored twice (also by two workstations at once), corrections, malformed files storing
nothing, and who may import. The site settings and the hospital number the import stands on are in
test_site_settings.py."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from functools import partial
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.errors import InputError
from app.models import AuditLog, LabResult
from app.services import lab_import
from app.services.clinical import subject_labs
from app.services.database import Database, check_database
from app.services.lab_import import ImportIdentity, RowStatus
from app.services.uow import SqlUnitOfWork
from app.services.users import NotAllowedError, UserInfo

from ._race import race
from ._services import World, snapshot, unchanged

C1D1 = date(2026, 3, 4)
DAY = date(2026, 3, 3)  # the labs are drawn the day before C1D1
MRN = "ZS001001"
HEADER = "Hospital number,Test code,Result,Unit,Reference range,Collected,Accession number"


@pytest.fixture
def world(database: Database) -> World:
    world = World.build(database).at(date(2026, 3, 2))
    world.enrol("001-001", c1d1=C1D1, hospital_number=MRN.lower())
    world.enrol("001-002", c1d1=C1D1, initials="ZQ", hospital_number="ZS001002")
    return world.at(DAY, 10)


def _csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows, ""]).encode("utf-8")


PANEL = _csv(
    f"{MRN},751-8,2.4,10^9/L,1.8-6.3,2026-03-03 07:30,A1",
    f"{MRN},777-3,210,10^9/L,125-350,2026-03-03 07:30,A1",
    f"{MRN},1975-2,0.6,mg/dL,0-1.2,2026-03-03 07:30,A1",
    "ZS001002,718-7,121,g/L,115-150,2026-03-03 07:45,A2",
    "ZS999999,718-7,121,g/L,115-150,2026-03-03 07:45,A3",
    f"{MRN},1988-5,3.1,mg/L,0-6,2026-03-03 07:30,A1",
)


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Results exported"])
    sheet.merge_cells("A1:E1")
    sheet.append(["Hospital number", "Test code", "Result", "Unit", "Low", "High", "Collected"])
    when = datetime(2026, 3, 3, 7, 30)
    sheet.append([MRN, "751-8", 2.4, "10^9/L", 1.8, 6.3, when])
    sheet.append([MRN, "1742-6", "1,024.0", "U/L", None, 40, when])
    sheet.append(["ZS001002", "2160-0", 0.71, "mg/dL", 0.5, 0.9, 46084.3125])  # a serial date: 07:30
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HL7 = "\r".join(
    [
        "MSH|^~\\&|LIS|ZSH|DOSEDESK|ZSH|202603030915||ORU^R01^ORU_R01|M1|P|2.5.1",
        f"PID|1||{MRN}^^^ZSH^MR||Wang^Li",
        "OBR|1|P1|ACC1^LIS|58410-2^CBC^LN|||202603030730|||||||||||||||202603030900|||F",
        "OBX|1|NM|751-8^Neutrophils^LN||2.4|10*9/L^^UCUM|1.8-6.3|N|||F",
        "OBX|2|NM|6690-2^WBC^LN||5.9|10*9/L^^UCUM|3.5-9.5|N|||P",
        "MSH|^~\\&|LIS|ZSH|DOSEDESK|ZSH|202603030935||ORU^R01^ORU_R01|M2|P|2.5.1",
        f"PID|1||{MRN}^^^ZSH^MR||Wang^Li",
        "OBR|1|P2|ACC2^LIS|24323-8^CMP^LN|||202603030730|||||||||||||||202603030930|||F",
        "OBX|1|NM|14631-6^Bilirubin^LN||12.4|umol/L^^UCUM|0-21|N|||F",
    ]
).encode("utf-8")


def _preview(
    world: World, content: bytes, who: str = "coordinator", **options: bool
) -> lab_import.ImportPreview:
    return lab_import.preview_import(world.uow(who), content, file_name="labs", **options)


def _commit(world: World, content: bytes, preview: lab_import.ImportPreview, who: str = "coordinator"):
    return lab_import.commit_import(world.uow(who), content, preview.identity, file_name="labs")


def _imported(database: Database) -> list[LabResult]:
    with database.session_factory() as session:
        return list(session.execute(select(LabResult).order_by(LabResult.id)).scalars())


# --- round trips ---------------------------------------------------------------------------------------------


def test_a_csv_export_round_trip(world: World, database: Database) -> None:
    preview = _preview(world, PANEL)
    assert preview.format == "csv"
    statuses = [(row.line, row.status, row.lab, row.subject_number) for row in preview.rows]
    assert statuses == [
        (2, RowStatus.NEW, "neutrophils", "001-001"),
        (3, RowStatus.NEW, "platelets", "001-001"),
        (4, RowStatus.NEW, "bilirubin", "001-001"),
        (5, RowStatus.NEW, "hemoglobin", "001-002"),
        (6, RowStatus.NOT_MATCHED, None, None),
        (7, RowStatus.NOT_MATCHED, None, "001-001"),
    ]
    assert preview.unknown_hospital_numbers == ("ZS999999",) and preview.unknown_codes == ("1988-5",)
    bilirubin = preview.rows[2]
    # 0.6 mg/dL is 10.26 µmol/L; its range 0–1.2 mg/dL (a lower limit of 0) is 0–20.52 µmol/L.
    assert (bilirubin.value, bilirubin.unit, bilirubin.lln, bilirubin.uln) == (
        Decimal("10.26"),
        "µmol/L",
        Decimal("0"),
        Decimal("20.52"),
    )
    assert bilirubin.grade == 0 and bilirubin.visit_label == "C1D1" and bilirubin.range_from == "file"
    before = snapshot(world.database)
    assert snapshot(world.database) == before  # the preview changed nothing

    done = _commit(world, PANEL, preview)
    assert len(done.stored) == 4 and not done.cancelled
    labs = subject_labs(database.read_uow(), "001-001")
    assert [(lab.lab, lab.source, lab.file_sha256, lab.accession, lab.visit_label) for lab in labs] == [
        ("bilirubin", "imported", preview.identity.file_sha256, "A1", "C1D1"),
        ("neutrophils", "imported", preview.identity.file_sha256, "A1", "C1D1"),
        ("platelets", "imported", preview.identity.file_sha256, "A1", "C1D1"),
    ]
    assert labs[0].collected_at is not None and labs[0].collected_at.astimezone().time() == time(7, 30)
    with database.session_factory() as session:
        reasons = set(
            session.execute(select(AuditLog.reason).where(AuditLog.table_name == "lab_results")).scalars()
        )
    assert any(reason and preview.identity.file_sha256[:16] in reason for reason in reasons)

    again = _preview(world, PANEL)
    assert [row.status for row in again.rows if row.problem is None] == [RowStatus.DUPLICATE] * 4
    assert not again.to_store and check_database(database) == []


def test_an_excel_export_round_trip(world: World, database: Database) -> None:
    content = _xlsx()
    preview = _preview(world, content)
    assert preview.format == "xlsx"
    assert [(row.lab, row.status, row.value, row.uln) for row in preview.rows] == [
        ("neutrophils", RowStatus.NEW, Decimal("2.4"), Decimal("6.3")),
        ("alt", RowStatus.NEW, Decimal("1024"), Decimal("40")),  # a thousands separator, read
        ("creatinine", RowStatus.NEW, Decimal("62.764"), Decimal("79.56")),  # mg/dL in µmol/L
    ]
    assert preview.rows[2].collected_at is not None
    assert preview.rows[2].collected_at.astimezone().replace(tzinfo=None) == datetime(2026, 3, 3, 7, 30)
    assert preview.rows[1].grade == 4  # ALT above 20 x ULN
    assert len(_commit(world, content, preview).stored) == 3
    assert not _preview(world, content).to_store


def test_hl7_messages_round_trip_and_a_preliminary_result_waits_for_the_final(
    world: World, database: Database
) -> None:
    preview = _preview(world, HL7)
    assert preview.format == "hl7"
    assert [(row.lab, row.status, row.accession) for row in preview.rows] == [
        ("neutrophils", RowStatus.NEW, "ACC1"),
        ("wbc", RowStatus.NOT_MATCHED, "ACC1"),
        ("bilirubin", RowStatus.NEW, "ACC2"),
    ]
    assert "not a final result" in str(preview.rows[1].reason)
    assert preview.rows[2].lln == 0 and preview.rows[2].reported_at is not None
    assert len(_commit(world, HL7, preview).stored) == 2
    final = HL7.replace(b"3.5-9.5|N|||P", b"3.5-9.5|N|||F")
    later = _preview(world, final)
    assert [row.status for row in later.rows] == [RowStatus.DUPLICATE, RowStatus.NEW, RowStatus.DUPLICATE]


def test_a_corrected_result_replaces_the_one_imported(world: World, database: Database) -> None:
    _commit(world, HL7, _preview(world, HL7))
    corrected = HL7.replace(b"||12.4|umol/L^^UCUM|0-21|N|||F", b"||14.1|umol/L^^UCUM|0-21|N|||C")
    preview = _preview(world, corrected)
    bilirubin = preview.rows[2]
    assert bilirubin.status == RowStatus.CORRECTION and len(bilirubin.replaces) == 1
    done = _commit(world, corrected, preview)
    assert done.cancelled == bilirubin.replaces
    held = [lab for lab in subject_labs(database.read_uow(), "001-001") if lab.lab == "bilirubin"]
    assert [(lab.value, lab.cancelled) for lab in held] == [(Decimal("12.4"), True), (Decimal("14.1"), False)]
    assert "corrected by the laboratory" in str(held[0].cancel_reason)


def test_a_typed_result_is_a_duplicate_of_the_same_imported_one(world: World) -> None:
    from app.services.clinical import LabInput

    world.labs(1, DAY, (LabInput("neutrophils", Decimal("2400"), "cells/µL"),))  # 2.4 ×10⁹/L, typed
    preview = _preview(world, PANEL)
    assert preview.rows[0].status == RowStatus.DUPLICATE and "typed" in str(preview.rows[0].reason)


# --- never stored twice --------------------------------------------------------------------------------------

VALUES = st.lists(
    st.tuples(
        st.sampled_from(["751-8", "777-3", "718-7", "1742-6"]),
        st.decimals(min_value=1, max_value=300, places=1, allow_nan=False, allow_infinity=False),
        st.integers(min_value=0, max_value=23),
    ),
    min_size=1,
    max_size=12,
)
UNITS = {"751-8": "10^9/L", "777-3": "10^9/L", "718-7": "g/L", "1742-6": "U/L"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(results=VALUES)
def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    world: World, results: list[tuple[str, Decimal, int]]
) -> None:
    content = _csv(
        *(
            f"{MRN},{code},{value},{UNITS[code]},,2026-03-0{1 + hour % 3} {hour:02d}:15,X"
            for code, value, hour in results
        )
    )
    first = _preview(world, content, readable_rows_only=True)
    if first.to_store:
        _commit(world, content, first)
    before = snapshot(world.database)
    second = _preview(world, content, readable_rows_only=True)
    assert not second.to_store
    committed = lab_import.commit_import(world.uow("coordinator"), content, second.identity)
    assert committed.stored == () and snapshot(world.database) == before


def _commit_in(
    content: bytes, identity: ImportIdentity, user: UserInfo, now: datetime, database: Database
) -> int:
    uow = SqlUnitOfWork(database.session_factory, user, None, clock=lambda: now)
    return len(lab_import.commit_import(uow, content, identity).stored)


@pytest.mark.parametrize("meet", ["lock", "write"])
def test_two_workstations_importing_the_same_file_at_once_store_it_once(
    world: World, database: Database, database_url: str, meet: str
) -> None:
    if meet == "write" and database_url.startswith("sqlite"):
        pytest.skip("SQLite serialises writers at their write lock")
    preview = _preview(world, PANEL)
    action = partial(_commit_in, PANEL, preview.identity, world.user("coordinator"), world.now)
    outcomes = race(database_url, action, action, meet=meet)
    assert sorted(outcome.kind for outcome in outcomes) == ["ok", "refused"], outcomes
    refusal = next(outcome.text for outcome in outcomes if outcome.kind == "refused")
    assert "Nothing was" in refusal or "nothing was saved" in refusal, refusal
    keys = [lab.import_key for lab in _imported(database)]
    assert len(keys) == 4 == len(set(keys)) and check_database(database) == []


def test_the_database_itself_refuses_an_imported_result_held_twice(world: World, database: Database) -> None:
    _commit(world, PANEL, _preview(world, PANEL))
    held = _imported(database)[0]
    copy = {column: getattr(held, column) for column in LabResult.__table__.columns.keys() if column != "id"}  # noqa: SIM118
    uow = world.uow("coordinator")
    with pytest.raises(Exception) as refused, uow:
        uow.session.add(LabResult(**copy))
        uow.session.flush()
    assert "import_key" in str(refused.value) or "unique" in str(refused.value).lower()


# --- malformed files store nothing ---------------------------------------------------------------------------

TRUNCATED = HL7[: HL7.rindex(b"|0-21|")]
MERGED = _xlsx()


def _merged() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(MERGED))
    book.active.merge_cells("A3:A4")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (TRUNCATED, "cut short"),
        (_csv(f'{MRN},751-8,"1,234",10^9/L,,2026-03-03 07:30,A1'), "reads two ways"),
        (_csv(f"{MRN},751-8,2.4,10^9/L,,03/03/2026,A1"), "not a date"),
        (_csv(f"{MRN},751-8,2.4,10^9/L"), "cells"),
        (_merged(), "merged"),
    ],
    ids=["truncated-hl7", "thousands-or-decimal", "bad-date", "half-a-row", "merged-cells"],
)
def test_a_file_with_a_row_that_cannot_be_read_is_refused_whole(
    world: World, database: Database, content: bytes, said: str
) -> None:
    preview = _preview(world, content)
    assert preview.unreadable and not preview.can_commit
    unchanged(database, lambda: _commit(world, content, preview), InputError, said)
    with pytest.raises(InputError, match=r"(line|row) \d+"):
        _commit(world, content, preview)


def test_the_readable_rows_only_when_asked(world: World, database: Database) -> None:
    preview = _preview(world, TRUNCATED, readable_rows_only=True)
    assert preview.can_commit and len(preview.unreadable) == 1
    assert len(_commit(world, TRUNCATED, preview).stored) == 1  # neutrophils; the cut bilirubin never


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (HEADER.replace("Result", "结果").encode("gb18030") + b"\nZS1,751-8,2.4", "not UTF-8"),
        (b"%PDF-1.7 not labs", "column headers"),
        (b"", "empty"),
    ],
)
def test_a_file_refused_whole_stores_nothing(
    world: World, database: Database, content: bytes, said: str
) -> None:
    unchanged(database, lambda: _preview(world, content), InputError, said)


def test_a_file_changed_since_its_preview_is_refused(world: World, database: Database) -> None:
    preview = _preview(world, PANEL)
    unchanged(database, lambda: _commit(world, PANEL + b"\n", preview), InputError, "not the file")


# --- who ----------------------------------------------------------------------------------------------------


def test_a_pharmacist_may_not_import(world: World, database: Database) -> None:
    unchanged(database, lambda: _preview(world, PANEL, who="pharmacist"), NotAllowedError, "coordinator")
    preview = _preview(world, PANEL, who="investigator")
    unchanged(
        database, lambda: _commit(world, PANEL, preview, who="pharmacist"), NotAllowedError, "investigator"
    )
    assert len(_commit(world, PANEL, preview, who="investigator").stored) == 4


def test_the_sample_files_import_into_the_demo(sqlite_url: str, tmp_path: Path) -> None:
    from app.commands.demo import fill_demo
    from app.services import users
    from app.services.database import open_database

    database = open_database(sqlite_url)
    try:
        fill_demo(database, today=date(2026, 12, 7))
        with database.session_factory() as session:
            from app.models import User

            coordinator = session.execute(select(User).where(User.username == "chen.jing")).scalar_one()
            user = users.UserInfo.of(coordinator)
        samples = Path(__file__).resolve().parents[2] / "resources" / "samples"
        for name, subject in (
            ("labs-export.csv", "001-006"),
            ("labs-export.xlsx", "001-007"),
            ("labs-oru-r01.hl7", "001-009"),
        ):
            content = (samples / name).read_bytes()
            preview = lab_import.preview_import(database.read_uow(user), content, file_name=name)
            assert not preview.unreadable, preview.unreadable
            assert {row.subject_number for row in preview.to_store} == {subject}
            assert all(row.visit_label for row in preview.to_store), name
            done = lab_import.commit_import(database.uow(user), content, preview.identity, file_name=name)
            assert len(done.stored) >= 7
        assert check_database(database) == []
    finally:
        database.dispose()
