"""Two processes writing the same SQLite file at once: both succeed, or one is told plainly that the database
is busy; never corruption, never a lost or half-written change."""

from __future__ import annotations

from sqlalchemy import func, select

from app.models import AuditLog, Weight
from app.services.audit import verify_chain
from app.services.database import check_database, open_database

from ._records import prepare_crash_subject as prepare
from ._records import start_writer

PER_WRITER = 40


def outcome(process_output: str) -> tuple[list[int], list[str]]:
    lines = process_output.splitlines()
    assert lines[-1] == "DONE", process_output
    written = [int(line.split()[1]) for line in lines if line.startswith("OK ")]
    busy = [line[len("BUSY ") :] for line in lines if line.startswith("BUSY ")]
    return written, busy


def test_two_processes_write_at_once(sqlite_url: str) -> None:
    prepare(sqlite_url)
    # One patient writer, one with a busy timeout short enough to be refused now and then.
    first = start_writer(sqlite_url, "append", "patient", str(PER_WRITER))
    second = start_writer(sqlite_url, "append", "hasty", str(PER_WRITER), "5")
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
