"""Small builders of valid records for the storage tests (not the services: those are tested elsewhere)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from app.models import ProtocolVersion, Sex, Subject, Weight
from app.services.audit import SystemActor
from app.services.database import open_database
from app.services.uow import SqlUnitOfWork


def protocol_version(uow: SqlUnitOfWork) -> ProtocolVersion:
    """The test protocol version (made on first use), inside an open unit of work."""
    version = uow.session.execute(select(ProtocolVersion).limit(1)).scalar_one_or_none()
    if version is None:
        version = ProtocolVersion(
            protocol_id="nct07343453", version="1.0", fingerprint="f" * 64, registered_at=uow.now()
        )
        uow.session.add(version)
    return version


def subject(uow: SqlUnitOfWork, number: str = "001-001", weight: str = "61.4") -> Subject:
    """A new subject, added to the open unit of work's session (not committed)."""
    record = Subject(
        subject_number=number,
        initials="LW",
        birth_date=date(1961, 3, 4),
        sex=Sex.FEMALE,
        baseline_weight_kg=Decimal(weight),
        height_cm=Decimal("158"),
        protocol_version=protocol_version(uow),
        enrolled_at=uow.now(),
    )
    uow.session.add(record)
    return record


def add_subject(uow: SqlUnitOfWork, number: str = "001-001") -> int:
    with uow:
        record = subject(uow, number)
        uow.commit()
        return record.id


def weight(uow: SqlUnitOfWork, subject_id: int, kg: str, day: date = date(2026, 1, 5)) -> Weight:
    record = Weight(
        subject_id=subject_id,
        weight_kg=Decimal(kg),
        measured_on=day,
        measured_by="nurse Chen",
        recorded_at=uow.now(),
    )
    uow.session.add(record)
    return record


WRITER = Path(__file__).with_name("_writer.py")


def start_writer(url: str, *args: str) -> subprocess.Popen[str]:
    environment = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, str(WRITER), url, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def prepare_crash_subject(url: str) -> None:
    database = open_database(url)
    add_subject(database.uow(SystemActor("test")), "CRASH")
    database.dispose()
