"""The audit trail's head witnessed outside the database: kept by every commit, compared by `dosedesk check`,
tolerant of what is innocent (a witness behind on PostgreSQL, a lost witness, a write rolled back), and started
again by a restore. Both databases."""

from __future__ import annotations

import itertools
import json
import logging
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select

from app.cli import main
from app.models import AuditLog, Sex, Subject
from app.services import paper, witness
from app.services.audit import SystemActor
from app.services.database import Database, backup_database, check_report, open_database
from app.services.uow import SqlUnitOfWork

from ._records import add_subject
from ._tamper import agree, attacker, rewrite_trail

ALICE = SystemActor("Alice Investigator")


def write(database: Database, number: str) -> int:
    return add_subject(SqlUnitOfWork(database.session_factory, ALICE, "enrolment"), number)


def head(database: Database) -> witness.Head:
    with database.read_session_factory() as session:
        _identity, found = witness.chain_ends(session)
    assert found is not None
    return found


def kept(database: Database) -> witness.Witness:
    place = witness.location(database.url)
    assert place is not None
    found = witness.read_witness(place)
    assert found is not None
    return found


def use_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(folder))


def test_each_commit_leaves_its_head_witnessed(database: Database) -> None:
    for number in ("A", "B", "C"):
        write(database, number)
        assert kept(database).head == head(database) and kept(database).pending is None  # committed
    found = kept(database)
    assert found.database is not None and len(found.checkpoints) >= 3
    assert witness.witness_file(found.location).stat().st_size == witness.BLOCK_SIZE
    assert check_report(database).problems == [] and check_report(database).notes == []


def test_a_witness_behind_is_fine_on_postgresql_and_named_on_sqlite(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another workstation (its own data folder) writes after this one."""
    here, there = tmp_path / "here", tmp_path / "there"
    use_folder(monkeypatch, here)
    write(database, "A")
    use_folder(monkeypatch, there)
    other = write(database, "B")
    use_folder(monkeypatch, here)
    problems = check_report(database).problems
    if database.is_sqlite:
        assert len(problems) == 1 and "not written by DoseDesk on this computer" in problems[0], problems
        assert f"subjects {other}" in problems[0]
    else:
        assert problems == []
        write(database, "C")  # and this workstation's witness goes on from there
        assert check_report(database).problems == []
        use_folder(monkeypatch, there)
        assert check_report(database).problems == []


def test_a_lost_witness_is_something_to_note_not_tampering(database: Database) -> None:
    write(database, "A")
    witness.witness_file(kept(database).location).unlink()
    report = check_report(database)
    assert report.problems == []
    assert [n for n in report.notes if n.startswith("No witness of this database's audit trail")]
    write(database, "B")  # the next change starts it again
    assert check_report(database).notes == []


def test_a_damaged_witness_is_noted_and_started_again(database: Database) -> None:
    write(database, "A")
    witness.witness_file(kept(database).location).write_text("not json", encoding="utf-8")
    report = check_report(database)
    assert report.problems == [] and [n for n in report.notes if "cannot be read" in n]
    write(database, "B")
    assert check_report(database).notes == [] and check_report(database).problems == []


def test_a_witness_that_cannot_be_written_never_fails_the_write(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "blocked"
    folder.mkdir()
    (folder / witness.FOLDER_NAME).write_text("a file where the folder should be", encoding="utf-8")
    use_folder(monkeypatch, folder)
    with caplog.at_level(logging.WARNING, logger="app.services.witness"):
        subject_id = write(database, "A")
    with database.read_session_factory() as session:
        assert session.get(Subject, subject_id) is not None  # the user's write is there
    assert [r for r in caplog.records if "could not be witnessed" in r.getMessage()]
    report = check_report(database)
    assert report.problems == []
    assert [n for n in report.notes if n.startswith("The witness of the audit trail cannot be written")]


def test_a_rolled_back_write_raises_no_false_alarm(database: Database) -> None:
    write(database, "A")
    uow = SqlUnitOfWork(database.session_factory, ALICE, "never kept")
    with pytest.raises(RuntimeError), uow:
        uow.session.add(
            Subject(
                subject_number="X",
                initials="XX",
                birth_date=date(1960, 1, 1),
                sex=Sex.FEMALE,
                baseline_weight_kg=Decimal("60"),
                height_cm=Decimal("160"),
                protocol_version_id=1,
                enrolled_at=uow.now(),
            )
        )
        uow.session.flush()  # audit rows written, then the work fails
        raise RuntimeError("the work failed")
    assert check_report(database).problems == []
    write(database, "B")
    assert check_report(database).problems == [] and check_report(database).notes == []


def test_a_write_that_dies_between_its_witness_and_its_commit_raises_no_false_alarm(
    database: Database,
) -> None:
    """What a SIGKILL at that moment leaves: a witnessed head that was never committed."""
    write(database, "A")
    before = head(database)

    def die(_connection: object) -> None:
        raise RuntimeError("killed before the COMMIT")

    event.listen(Engine, "commit", die)  # after the witness's own listener
    try:
        with pytest.raises(RuntimeError, match="killed"):
            write(database, "B")
    finally:
        event.remove(Engine, "commit", die)
    found = kept(database)
    assert found.pending is not None and found.pending.row > before.row  # witnessed, never committed
    assert head(database) == before
    assert check_report(database).problems == []
    write(database, "C")
    assert check_report(database).problems == [] and check_report(database).notes == []


def test_rows_removed_from_the_end_are_named(database: Database) -> None:
    for number in ("A", "B", "C"):
        write(database, number)
    last = head(database).row
    with attacker(database) as sql:
        sql("DELETE FROM audit_log WHERE id > :keep", {"keep": last - 2})
        if sql.sqlite:
            sql("UPDATE sqlite_sequence SET seq = :keep WHERE name = 'audit_log'", {"keep": last - 2})
    problems = check_report(database).problems
    assert [p for p in problems if f"DoseDesk on this computer wrote it up to row {last}" in p], problems
    write(database, "after")
    assert [
        p for p in check_report(database).problems if f"wrote it up to row {last}" in p or "rewritten" in p
    ]


def test_a_recomputed_chain_is_named_from_the_last_row_still_intact(database: Database) -> None:
    ids = [write(database, f"P{n}") for n in range(30)]
    with attacker(database) as sql:
        sql("UPDATE subjects SET allergies = 'none' WHERE id = :id", {"id": ids[10]})
        first = rewrite_trail(sql, lambda rows: agree(rows, "subjects", str(ids[10]), "allergies", "none"))
    problems = check_report(database).problems
    rewritten = [p for p in problems if p.startswith("The audit trail was rewritten after row")]
    assert rewritten, problems
    intact, broken = (int(n.replace(",", "")) for n in re.findall(r"row ([\d,]+)", rewritten[0])[:2])
    assert intact < first <= broken
    write(database, "after")  # DoseDesk writing on does not witness the changed trail as its own
    assert rewritten[0] in check_report(database).problems


def test_several_workstations_each_keep_their_own_witness_and_each_catches_a_rewrite(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if database.is_sqlite:
        pytest.skip("several workstations share a PostgreSQL server")
    ids: dict[str, list[int]] = {"one": [], "two": []}
    for round_number in range(6):
        for station in ("one", "two"):
            use_folder(monkeypatch, tmp_path / station)
            ids[station].append(write(database, f"{station}-{round_number}"))
    for station in ("one", "two"):
        use_folder(monkeypatch, tmp_path / station)
        assert check_report(database).problems == [], station
    target = ids["one"][2]
    with attacker(database) as sql:
        sql("UPDATE subjects SET allergies = 'none' WHERE id = :id", {"id": target})
        rewrite_trail(sql, lambda rows: agree(rows, "subjects", str(target), "allergies", "none"))
    for station in ("one", "two"):
        use_folder(monkeypatch, tmp_path / station)
        assert [p for p in check_report(database).problems if "rewritten" in p], station


# --- restores and other databases at the same place -------------------------------------------------------


def test_a_restored_older_copy_is_named_until_the_restore_says_so(sqlite_url: str, tmp_path: Path) -> None:
    database = open_database(sqlite_url)
    write(database, "A")
    copy = backup_database(database, tmp_path / "copy.sqlite3")
    write(database, "B")
    path = database.sqlite_path
    assert path is not None
    database.dispose()
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    shutil.copy(copy, path)  # an older copy put in place by hand
    database = open_database(sqlite_url, create=False)
    try:
        assert [p for p in check_report(database).problems if "an older copy of the database" in p]
        witness.witness_after_restore(database, copy)  # what the restore calls once the copy is in place
        assert check_report(database).problems == []
        assert kept(database).previous[-1]["why"] == "restored from copy.sqlite3"
        write(database, "C")
        assert check_report(database).problems == [] and check_report(database).notes == []
    finally:
        database.dispose()


def test_a_new_database_at_the_same_place_starts_the_witness_again(sqlite_url: str) -> None:
    database = open_database(sqlite_url)
    write(database, "A")
    path = database.sqlite_path
    assert path is not None
    database.dispose()
    for extra in ("", "-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    database = open_database(sqlite_url)  # made new by DoseDesk
    try:
        assert check_report(database).problems == []
        write(database, "A")
        report = check_report(database)
        assert report.problems == [] and report.notes == []
        assert kept(database).previous[-1]["why"] == "replaced by a new database"
    finally:
        database.dispose()


def test_another_database_put_in_its_place_is_named_until_the_witness_is_reset(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(sqlite_url)
    write(database, "A")
    other = open_database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    write(other, "B")
    copy = backup_database(other, tmp_path / "other-copy.sqlite3")
    other.dispose()
    path = database.sqlite_path
    assert path is not None
    database.dispose()
    for extra in ("-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    shutil.copy(copy, path)
    assert main(["check", "--database", sqlite_url]) == 1
    assert "This is not the database DoseDesk on this computer witnessed" in capsys.readouterr().out
    assert main(["check", "--database", sqlite_url, "--reset-witness"]) == 0
    out = capsys.readouterr().out
    assert (
        out.startswith("OK\n") and "Note: The witness of the audit trail on this computer starts again" in out
    )
    assert main(["check", "--database", sqlite_url]) == 0
    assert capsys.readouterr().out == "OK\n"


# --- backups and paper carry the head --------------------------------------------------------------------


def test_a_backup_carries_its_head_and_check_compares_the_trail_with_it(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(sqlite_url)
    subject_id = write(database, "A")
    write(database, "B")
    copy = backup_database(database, tmp_path / "copy.sqlite3")
    content = json.loads(witness.backup_head_file(copy).read_text(encoding="utf-8"))
    assert (
        witness.Head.of(content["head"]) == head(database) and content["database"] == kept(database).database
    )
    write(database, "C")
    for against in (str(copy), str(witness.backup_head_file(copy))):
        assert main(["check", "--database", sqlite_url, "--against", against]) == 0
        assert capsys.readouterr().out == "OK\n"
    with attacker(database) as sql:
        sql("UPDATE subjects SET allergies = 'none' WHERE id = :id", {"id": subject_id})
        rewrite_trail(sql, lambda rows: agree(rows, "subjects", str(subject_id), "allergies", "none"))
    assert main(["check", "--database", sqlite_url, "--against", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"differs from the copy copy.sqlite3: the copy says subjects {subject_id} created" in out, out
    database.dispose()


def test_the_day_list_prints_the_head_and_check_compares_with_it(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    from .test_paper import pdf_text

    subject_id = write(database, "A")
    write(database, "B")
    now = head(database)
    uow = SqlUnitOfWork(database.session_factory, ALICE)
    day = paper.clinic_day(uow, date(2026, 3, 2))
    assert day.audit_head == f"audit row {now.row} · {now.hash[:12]}"
    assert day.audit_head in pdf_text(paper.print_day(uow, date(2026, 3, 2)))
    url = database.url.render_as_string(hide_password=False)
    assert main(["check", "--database", url, "--against", day.audit_head]) == 0
    assert capsys.readouterr().out == "OK\n"
    with attacker(database) as sql:
        sql("UPDATE subjects SET allergies = 'none' WHERE id = :id", {"id": subject_id})
        rewrite_trail(sql, lambda rows: agree(rows, "subjects", str(subject_id), "allergies", "none"))
    assert main(["check", "--database", url, "--against", f"{now.row}:{now.hash[:12]}"]) == 1
    assert f"Row {now.row} of the audit trail is not the row printed" in capsys.readouterr().out


def test_check_prints_notes_after_ok_and_in_json(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    write(database, "A")
    witness.witness_file(kept(database).location).unlink()
    url = database.url.render_as_string(hide_password=False)
    assert main(["check", "--database", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "OK" and lines[1].startswith("Note: No witness")
    assert main(["check", "--database", url, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["ok"] is True and printed["problems"] == [] and len(printed["notes"]) == 1
    with database.read_session_factory() as session:
        assert session.execute(select(AuditLog.id)).first() is not None


def test_checkpoints_stay_few_and_reach_back_to_the_first() -> None:
    points: list[witness.Head] = []
    for row in range(1, 5001, 7):
        points = witness._thin([*points, witness.Head(row, f"{row:064x}")])
    rows = [point.row for point in points]
    assert rows[0] == 1 and rows[-1] == 4999 and rows == sorted(rows)
    assert len(points) <= witness.RECENT_CHECKPOINTS + 14
    # Ever sparser into the past, but a rewrite is always placed within about twice its distance from the head.
    for earlier, later in itertools.pairwise(rows):
        assert later - earlier <= 3 * (rows[-1] - later) + 7, (earlier, later)
