"""Reading never waits for a writer, and a password is never checked inside a write transaction (SQLite, where
a write transaction holds the whole database).

With another process holding a write transaction, the read commands (`list`, `stock list|alerts|log`, `print`)
and the window's read methods answer at once; the schema is only upgraded, under the write lock, when an upgrade
is due. Signing in, an e-signature, a password change and the unlocking of a window check the password (argon2,
slow on purpose) outside any write transaction, and a wrong one still counts. A unit of work that reads refuses
to write.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app.cli import main
from app.errors import InputError
from app.models import Subject
from app.services import orders, protocols, stock, users
from app.services.database import open_database
from app.services.orders import LotUse
from app.services.restore import sqlite_target
from app.services.uow import ReadOnlyWorkError

from ._records import start_writer
from ._services import PASSWORD, World, failed_sign_ins, wrong_password_counted

C1D1 = date(2026, 3, 4)
# seconds: a reader that waited for the writer would wait the whole busy timeout (10 s) and then fail; well
# under it, so that a slow first paper on a loaded machine (fonts, reportlab) is not taken for waiting.
PATIENT = 8.0


@pytest.fixture
def world(sqlite_url: str) -> Iterator[World]:
    database = open_database(sqlite_url)
    world = World.build(database).at(date(2026, 3, 2))
    subject_id = world.enrol(c1d1=C1D1)
    world.at(C1D1, 8)
    world.give_dose(subject_id, "C1D1")
    yield world
    database.dispose()


@pytest.fixture
def writer_elsewhere(sqlite_url: str, world: World) -> Iterator[subprocess.Popen[str]]:
    """Another process holding a write transaction (SQLite's write lock) for half a minute."""
    holder = start_writer(sqlite_url, "hold", "30")
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "HOLDING", holder.stderr.read() if holder.stderr else ""
    yield holder
    holder.kill()
    holder.communicate(timeout=30)


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "patients", "--json"],
        ["list", "visits"],
        ["list", "orders"],
        ["list", "lots"],
        ["stock", "list"],
        ["stock", "alerts", "--date", "2026-03-04"],
        ["stock", "log", "--lot", "LOT-A1", "--out", "{out}"],
        ["print", "day", "--date", "2026-03-04", "--out", "{out}"],
        ["print", "order", "--order", "001-001-C1D1-1", "--out", "{out}"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_read_commands_answer_at_once_while_another_process_writes(
    sqlite_url: str, writer_elsewhere: subprocess.Popen[str], tmp_path: Path, capsys: Any, argv: list[str]
) -> None:
    out = tmp_path / "paper.pdf"
    started = time.monotonic()
    code = main([part.format(out=out) for part in argv] + ["--database", sqlite_url])
    waited = time.monotonic() - started
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert waited < PATIENT, f"{' '.join(argv)} waited {waited:.1f} s for the writer"
    assert writer_elsewhere.poll() is None  # the writer still held its transaction throughout


def test_the_windows_read_methods_answer_at_once_while_another_process_writes(
    world: World, writer_elsewhere: subprocess.Popen[str]
) -> None:
    from app.ui.service_backend import ServiceBackend

    backend = ServiceBackend(world.database)
    subject_id = backend.list_patients()[0].subject_id
    calls = {
        "patients": lambda: backend.list_patients(),
        "chart": lambda: backend.subject_chart(subject_id),
        "today": lambda: backend.today(C1D1),
        "orders": lambda: backend.list_orders(False),
        "users": lambda: backend.list_users(world.user("admin")),  # type: ignore[arg-type]
        "day list": lambda: backend.day_list_pdf(C1D1),
        "order paper": lambda: backend.order_pdf(1),
        "lots": lambda: backend.preparation_choices("nct07343453", 1),
        "has users": lambda: backend.has_users(),
    }
    for name, call in calls.items():
        started = time.monotonic()
        call()
        waited = time.monotonic() - started
        assert waited < PATIENT, f"{name} waited {waited:.1f} s for the writer"


def test_the_schema_is_upgraded_under_the_write_lock_only_when_an_upgrade_is_due(
    sqlite_url: str, world: World, writer_elsewhere: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    reopened = open_database(sqlite_url, create=False)  # up to date: reading only
    reopened.dispose()
    assert time.monotonic() - started < PATIENT


def test_a_reading_unit_of_work_refuses_to_write(world: World) -> None:
    reading = world.database.read_uow()
    with reading:
        subject = reading.session.execute(select(Subject)).scalars().first()
        assert subject is not None
        subject.allergies = "penicillin"
        with pytest.raises(ReadOnlyWorkError):
            reading.session.flush()
    with world.database.read_uow() as again:
        assert again.session.execute(select(Subject.allergies)).scalar() == ""


# --- passwords outside the write transaction ---------------------------------------------------------------


class _Watching(PasswordHasher):
    """The tests' cheap hasher, noting for every check or hash whether SQLite's write lock was held then."""

    def __init__(self, path: Path) -> None:
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.path = path
        self.locked: list[str] = []
        self.calls = 0

    def _note(self, what: str) -> None:
        self.calls += 1
        probe = sqlite3.connect(self.path, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
        except sqlite3.OperationalError:
            self.locked.append(what)
        finally:
            probe.close()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self._note("check")
        return super().verify(hash, password)

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self._note("hash")
        return super().hash(password, salt=salt)


@contextmanager
def _watched(url: str) -> Iterator[_Watching]:
    hasher = _Watching(sqlite_target(url))
    previous = users.configure_password_hasher(hasher)
    try:
        yield hasher
    finally:
        users.configure_password_hasher(previous)


@pytest.fixture
def watching(sqlite_url: str, world: World) -> Iterator[_Watching]:
    with _watched(sqlite_url) as hasher:
        yield hasher


def test_no_password_is_checked_or_hashed_inside_a_write_transaction(
    world: World, watching: _Watching
) -> None:
    subject_id = world.enrol("001-002", c1d1=C1D1 + timedelta(days=1))
    world.weigh(subject_id)
    world.labs(subject_id)
    order = world.order(subject_id, "C1D1")
    order = world.verify(world.prescribe(order))
    order = world.prepare(order)
    world.administer(order)
    stock.return_to_sponsor(world.uow("pharmacist", "r"), "LOT-A1", 1, "damaged box", PASSWORD)
    stock.destroy_vials(world.uow("pharmacist", "d"), "LOT-A1", 1, "dropped", PASSWORD)
    users.sign_in(world.uow(None), "pharmacist", PASSWORD)
    assert users.unlock_window(world.uow(None), world.user("pharmacist").id, PASSWORD)
    users.create_user(world.uow("admin", "new"), "nurse.li", "Li Ming", "first-pass-1", ["coordinator"])
    nurse = users.sign_in(world.uow(None), "nurse.li", "first-pass-1")
    users.change_password(world.uow(None), nurse.id, "first-pass-1", "second-pass-2")
    users.reset_password(world.uow("admin", "reset"), nurse.id, "third-pass-3")
    assert watching.calls >= 12
    assert watching.locked == [], f"argon2 ran inside a write transaction: {watching.locked}"


def test_a_protocol_sign_off_checks_the_password_outside_the_write_transaction(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'unsigned.sqlite3'}"
    database = open_database(url)
    with _watched(url) as watching:
        unsigned = World.build(database, sign_off=False)
        info = protocols.protocol_version_info(unsigned.uow("admin"))
        assert not info.signed_off
        protocols.sign_off_protocol_version(unsigned.uow("investigator"), info.id, PASSWORD)
    database.dispose()
    assert watching.calls and watching.locked == []


def test_a_wrong_password_checked_beforehand_still_counts_and_still_locks(
    world: World, watching: _Watching
) -> None:
    subject_id = world.enrol("001-002", c1d1=C1D1 + timedelta(days=1))
    world.sign_eligibility(subject_id)
    world.weigh(subject_id)
    world.labs(subject_id)
    order = world.order(subject_id, "C1D1")
    before = failed_sign_ins(world.database, "investigator")
    wrong_password_counted(
        world.database,
        lambda: orders.prescribe_order(world.uow("investigator"), order.id, "not the password"),
        "investigator",
    )
    assert failed_sign_ins(world.database, "investigator") == before + 1
    for _ in range(users.MAX_FAILED_SIGN_INS - before - 2):
        with pytest.raises(InputError, match="password is wrong"):
            orders.prescribe_order(world.uow("investigator"), order.id, "not the password")
    with pytest.raises(InputError, match="now locked"):
        orders.prescribe_order(world.uow("investigator"), order.id, "not the password")
    with pytest.raises(InputError, match="cannot be used"):  # locked: even the right password no longer signs
        orders.prescribe_order(world.uow("investigator"), order.id, PASSWORD)
    assert watching.locked == []


def test_a_password_checked_beforehand_is_checked_again_when_it_changed_meanwhile(world: World) -> None:
    """Between the check and the signing an administrator resets the password: the old one no longer signs."""
    subject_id = world.enrol("001-002", c1d1=C1D1 + timedelta(days=1))
    world.weigh(subject_id)
    world.labs(subject_id)
    order = world.verify(world.prescribe(world.order(subject_id, "C1D1")))
    work = world.uow("pharmacist", "prepared")
    users.prove_password(work, PASSWORD)  # right, as checked now
    users.reset_password(world.uow("admin", "reset"), world.user("pharmacist").id, "a-new-password-1")
    lots = [LotUse("LOT-A1", world.stock_lot(), order.vials, order.volume_to_draw_ml)]
    with pytest.raises(InputError, match="password is wrong"):
        orders.prepare_order(work, order.id, PASSWORD, lots=lots, prepared_at=world.now)
