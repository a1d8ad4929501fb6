"""A writer process for the crash and concurrency tests (run as a script, not collected by pytest).

    python _writer.py URL append NAME [COUNT] [BUSY_TIMEOUT_MS]
        commit audited changes one after another (a new weight, and a change to the subject, per commit);
        print "OK <weight id>" after each commit returns, "BUSY <message>" when the database is busy
        (then carry on), and "DONE" at the end.
    python _writer.py URL hold SECONDS
        take the write lock, print "HOLDING", keep it SECONDS, then roll back.

The subject with subject_number "CRASH" must exist.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.models import Subject, Weight
from app.models.engine import DatabaseBusyError
from app.services.audit import SystemActor
from app.services.database import open_database


def append(url: str, name: str, count: int, busy_timeout_ms: int) -> None:
    database = open_database(url, create=False, migrate=False, busy_timeout_ms=busy_timeout_ms)
    actor = SystemActor(f"writer {name}")
    index = 0
    while count <= 0 or index < count:
        index += 1
        try:
            with database.uow(actor, f"{name} write {index}") as uow:
                subject = uow.session.execute(
                    select(Subject).where(Subject.subject_number == "CRASH")
                ).scalar_one()
                weight = Weight(
                    subject_id=subject.id,
                    weight_kg=Decimal(50) + Decimal(index) / 100,
                    measured_on=date(2026, 1, 1),
                    measured_by=f"{name}-{index}",
                    recorded_at=uow.now(),
                )
                uow.session.add(weight)
                subject.allergies = f"{name} note {index}"
                uow.commit()
            print(f"OK {weight.id}", flush=True)
        except DatabaseBusyError as exc:
            print(f"BUSY {exc}", flush=True)
    print("DONE", flush=True)
    database.dispose()


def hold(url: str, seconds: float) -> None:
    database = open_database(url, create=False, migrate=False)
    with database.uow(SystemActor("holder")) as uow:
        uow.session.execute(select(Subject.id)).all()  # BEGIN IMMEDIATE took the write lock
        print("HOLDING", flush=True)
        time.sleep(seconds)
    database.dispose()


if __name__ == "__main__":
    url, mode = sys.argv[1], sys.argv[2]
    if mode == "append":
        append(
            url,
            sys.argv[3],
            int(sys.argv[4]) if len(sys.argv) > 4 else 0,
            int(sys.argv[5]) if len(sys.argv) > 5 else 10_000,
        )
    elif mode == "hold":
        hold(url, float(sys.argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")
