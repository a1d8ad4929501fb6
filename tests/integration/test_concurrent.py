"""Two processes writing the same SQLite file at once: both succeed, or one is told plainly that the database
is busy (or, when both change the same subject at the same moment, that someone else just did); never
corruption, never a lost or half-written change."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import AuditLog, Subject, Weight
from app.services.audit import SystemActor, verify_chain
from app.services.database import check_database, open_database

from ._records import add_subject, start_writer
from ._records import prepare_crash_subject as prepare

PER_WRITER = 40


def outcome(process_output: str, kind: str = "BUSY") -> tuple[list[int], list[str]]:
    lines = process_output.splitlines()
    assert lines[-1] == "DONE", process_output
    written = [int(line.split()[1]) for line in lines if line.startswith("OK ")]
    refused = [line[len(kind) + 1 :] for line in lines if line.startswith(f"{kind} ")]
    assert len(written) + len(refused) == len(lines) - 1, process_output
    return written, refused


def test_two_processes_write_at_once(sqlite_url: str) -> None:
    prepare(sqlite_url)
    database = open_database(sqlite_url, create=False)
    add_subject(database.uow(SystemActor("test")), "OTHER")
    database.dispose()
    # One patient writer, one with a busy timeout short enough to be refused now and then; each on its own
    # subject (two writers on one subject: see below).
    first = start_writer(sqlite_url, "append", "patient", str(PER_WRITER))
    second = start_writer(sqlite_url, "append", "hasty", str(PER_WRITER), "5", "OTHER")
    out_first, err_first = first.communicate(timeout=120)
    out_second, err_second = second.communicate(timeout=120)
    assert first.returncode == 0, err_first
    assert second.returncode == 0, err_second
    assert "Traceback" not in err_first + err_second
    written_first, busy_first = outcome(out_first)
    written_second, busy_second = outcome(out_second)
    assert set(busy_first + busy_second) <= {"The database is busy; try again."}
    assert len(written_first) + len(busy_first) == PER_WRITER
    assert len(written_second) + len(busy_second) == PER_WRITER
    assert len(written_first) == PER_WRITER  # ten seconds of patience is plenty here

    database = open_database(sqlite_url, create=False)
    assert check_database(database) == []
    with database.session_factory() as session:
        weights = set(session.execute(select(Weight.id)).scalars())
        assert weights == set(written_first) | set(written_second)
        audited = session.execute(
            select(func.count(AuditLog.id)).where(AuditLog.table_name == "weights")
        ).scalar_one()
        assert audited == len(weights)
        assert verify_chain(session) == []
    database.dispose()


def test_a_writer_that_cannot_wait_is_told_the_database_is_busy(sqlite_url: str) -> None:
    prepare(sqlite_url)
    holder = start_writer(sqlite_url, "hold", "3")
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "HOLDING"
    hasty = start_writer(sqlite_url, "append", "hasty", "2", "200")
    out, err = hasty.communicate(timeout=60)
    holder.communicate(timeout=60)
    assert hasty.returncode == 0 and "Traceback" not in err, err
    written, busy = outcome(out)
    assert written == [] and busy == ["The database is busy; try again."] * 2
    database = open_database(sqlite_url, create=False)
    assert check_database(database) == []
    database.dispose()


def test_two_processes_changing_one_subject_at_once_never_overwrite_each_other(sqlite_url: str) -> None:
    """Each commit changes the subject's allergies: when the other process changed them while this one waited,
    this one is told so in plain words and nothing of it is saved; every acknowledged write is there."""
    prepare(sqlite_url)
    first = start_writer(sqlite_url, "append", "one", str(PER_WRITER))
    second = start_writer(sqlite_url, "append", "two", str(PER_WRITER))
    out_first, err_first = first.communicate(timeout=120)
    out_second, err_second = second.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, err_first + err_second
    assert "Traceback" not in err_first + err_second
    written_first, changed_first = outcome(out_first, "CHANGED")
    written_second, changed_second = outcome(out_second, "CHANGED")
    for refusal in changed_first + changed_second:
        assert refusal.startswith("Someone else just did this: "), refusal
        assert "Nothing was saved" in refusal
    assert written_first and written_second

    database = open_database(sqlite_url, create=False)
    assert check_database(database) == []
    with database.session_factory() as session:
        weights = set(session.execute(select(Weight.id)).scalars())
        assert weights == set(written_first) | set(written_second)  # refused ones left nothing behind
        changes = session.execute(
            select(func.count(AuditLog.id)).where(
                AuditLog.table_name == "subjects", AuditLog.field == "allergies"
            )
        ).scalar_one()
        assert changes == len(weights)
        allergies = session.execute(
            select(Subject.allergies).where(Subject.subject_number == "CRASH")
        ).scalar()
        last = max(weights)
        writer = session.execute(select(Weight.measured_by).where(Weight.id == last)).scalar_one()
        # The last acknowledged write is what the record says.
        assert allergies == writer.replace("-", " note ")
    database.dispose()
