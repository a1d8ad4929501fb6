"""A writer killed with SIGKILL at random moments, 25 times: the database stays sound, no acknowledged write is
lost, and every write has its audit rows."""

from __future__ import annotations

import json
import random
import signal
import time

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.models import AuditLog, Weight
from app.services.audit import verify_chain
from app.services.database import open_database

from ._records import prepare_crash_subject as prepare
from ._records import start_writer

KILLS = 25


@pytest.mark.slow
def test_killed_writers_lose_no_acknowledged_write(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    prepare(database_url)
    chance = random.Random(20260302)
    acknowledged: set[int] = set()
    for round_number in range(KILLS):
        writer = start_writer(database_url, "append", f"w{round_number}")
        assert writer.stdout is not None
        first = writer.stdout.readline()  # started and committed once: now kill it mid-stream
        assert first.startswith("OK "), first + (writer.stderr.read() if writer.stderr else "")
        time.sleep(chance.uniform(0.0, 0.25))
        writer.send_signal(signal.SIGKILL)
        out, _err = writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL
        lines = (first + out).split("\n")
        # Only whole lines are acknowledgements (the kill may cut the last one).
        acknowledged |= {int(line.split()[1]) for line in lines[:-1] if line.startswith("OK ")}

    assert main(["check", "--database", database_url]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out == "OK\n"
    database = open_database(database_url, create=False)
    with database.session_factory() as session:
        present = set(session.execute(select(Weight.id)).scalars())
        assert acknowledged <= present
        assert len(acknowledged) >= KILLS
        # Every weight that is there (acknowledged or committed just before the kill) has its create row,
        # and its commit's change to the subject has one too.
        created = {
            int(record_id)
            for record_id in session.execute(
                select(AuditLog.record_id).where(
                    AuditLog.table_name == "weights", AuditLog.action == "create"
                )
            ).scalars()
        }
        assert created == present
        changes = session.execute(
            select(func.count(AuditLog.id)).where(
                AuditLog.table_name == "subjects", AuditLog.field == "allergies"
            )
        ).scalar_one()
        assert changes == len(present)
        measured_by = {
            json.loads(value)["measured_by"]
            for value in session.execute(
                select(AuditLog.new_value).where(
                    AuditLog.table_name == "weights", AuditLog.action == "create"
                )
            ).scalars()
        }
        assert len(measured_by) == len(present)
        assert verify_chain(session) == []
    database.dispose()
