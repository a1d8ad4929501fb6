"""A writer process for the crash and concurrency tests (run as a script, not collected by pytest).

    python _writer.py URL append NAME [COUNT] [BUSY_TIMEOUT_MS] [SUBJECT]
        commit audited changes one after another (a new weight, and a change to the subject, per commit);
        print "OK <weight id>" after each commit returns, "BUSY <message>" when the database is busy,
        "CHANGED <message>" when someone else changed the subject at the same moment (then carry on), and
        "DONE" at the end. SUBJECT (default CRASH) is the subject number written to.
    python _writer.py URL reconnecting NAME SECONDS
        the same for SECONDS, closing every connection after each commit and pausing 20 ms (so that nothing
        holds the database open between writes); each line also carries the monotonic time the answer came:
        "OK <measured_by> <time>", "REFUSED <time> <message>".
    python _writer.py URL hold SECONDS
        take the write lock, print "HOLDING", keep it SECONDS, then roll back.
    python _writer.py URL open SECONDS
        open the database as DoseDesk does, read once, print "OPEN", and keep it open (idle) SECONDS.

The subject with subject_number "CRASH" (or SUBJECT) must exist.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.errors import DoseDeskError
from app.models import Subject, Weight
from app.models.engine import DatabaseBusyError
from app.services.audit import SystemActor
from app.services.database import Database, open_database
from app.services.uow import ConcurrentChangeError


def _write(database: Database, actor: SystemActor, name: str, index: int, number: str = "CRASH") -> int:
    with database.uow(actor, f"{name} write {index}") as uow:
        subject = uow.session.execute(select(Subject).where(Subject.subject_number == number)).scalar_one()
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
    return weight.id


def append(url: str, name: str, count: int, busy_timeout_ms: int, number: str = "CRASH") -> None:
    database = open_database(url, create=False, migrate=False, busy_timeout_ms=busy_timeout_ms)
    actor = SystemActor(f"writer {name}")
    index = 0
    while count <= 0 or index < count:
        index += 1
        try:
            print(f"OK {_write(database, actor, name, index, number)}", flush=True)
        except DatabaseBusyError as exc:
            print(f"BUSY {exc}", flush=True)
        except ConcurrentChangeError as exc:
            print(f"CHANGED {exc}", flush=True)
    print("DONE", flush=True)
    database.dispose()


def reconnecting(url: str, name: str, seconds: float) -> None:
    database = open_database(url, create=False, migrate=False, busy_timeout_ms=2_000)
    actor = SystemActor(f"writer {name}")
    index = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        index += 1
        try:
            _write(database, actor, name, index)
            print(f"OK {name}-{index} {time.monotonic()}", flush=True)
        except DoseDeskError as exc:
            print(f"REFUSED {time.monotonic()} {exc}".replace("\n", " "), flush=True)
        database.dispose()  # nothing stays open between two writes
        time.sleep(0.02)
    print("DONE", flush=True)


def hold(url: str, seconds: float) -> None:
    database = open_database(url, create=False, migrate=False)
    with database.uow(SystemActor("holder")) as uow:
        uow.session.execute(select(Subject.id)).all()  # BEGIN IMMEDIATE took the write lock
        print("HOLDING", flush=True)
        time.sleep(seconds)
    database.dispose()


def keep_open(url: str, seconds: float) -> None:
    database = open_database(url, create=False, migrate=False)
    with database.read_uow() as uow:
        uow.session.execute(select(Subject.id)).all()
    print("OPEN", flush=True)  # the pooled connection stays open, idle
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
            sys.argv[6] if len(sys.argv) > 6 else "CRASH",
        )
    elif mode == "reconnecting":
        reconnecting(url, sys.argv[3], float(sys.argv[4]))
    elif mode == "open":
        keep_open(url, float(sys.argv[3]))
    elif mode == "hold":
        hold(url, float(sys.argv[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")
