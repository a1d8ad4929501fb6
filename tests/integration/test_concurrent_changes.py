"""What counts as someone else acting on the same record at the same moment (the unit of work's check), in one
process: a piece of work is held just before its write lock (or, on PostgreSQL, once it has read) while another
commits, then goes on. On SQLite and PostgreSQL.

- a change to a record the work read, or a new row belonging to it, refuses the work, naming what the other
  did, with nothing of the work saved;
- a change to another record, or a stamp such as a sign-in, does not;
- an update from an overtaken read (PostgreSQL: both read before either wrote) is refused by the row version.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.models import AuditLog, LabResult, Subject
from app.models import engine as engine_rules
from app.services import subjects, users, visits
from app.services.clinical import LabInput, record_labs
from app.services.database import Database, check_database
from app.services.uow import ConcurrentChangeError

from ._services import PASSWORD, World


@pytest.fixture
def world(database: Database) -> World:
    world = World.build(database).at(date(2026, 3, 2))
    world.enrol("001-001", c1d1=date(2026, 3, 4))
    world.enrol("001-002", c1d1=date(2026, 3, 4), initials="ZQ")
    return world


def _id(world: World, number: str) -> int:
    with world.database.read_uow() as work:
        return int(
            work.session.execute(select(Subject.id).where(Subject.subject_number == number)).scalar_one()
        )


def interleaved(work: Callable[[], Any], meanwhile: Callable[[], Any], *, after_reading: bool = False) -> Any:
    """Run `work` in a thread, held as it begins its write transaction (or, `after_reading`, at its first flush)
    while `meanwhile` runs and commits here; then let it go on. What `work` returned, or the error it raised."""
    held, go = threading.Event(), threading.Event()
    outcome: list[Any] = []

    def hold(*_args: Any) -> None:
        if threading.current_thread() is worker and not held.is_set():
            held.set()
            go.wait(30)

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as exc:
            outcome.append(exc)
        finally:
            held.set()

    if after_reading:
        event.listen(Session, "before_flush", hold, insert=True)
    else:
        engine_rules.before_write_lock.append(hold)
    worker = threading.Thread(target=run)
    try:
        worker.start()
        assert held.wait(30)
        meanwhile()
        go.set()
        worker.join(60)
    finally:
        go.set()
        if after_reading:
            event.remove(Session, "before_flush", hold)
        else:
            engine_rules.before_write_lock.remove(hold)
    return outcome[0]


def _allergies(world: World, number: str) -> str:
    with world.database.read_uow() as work:
        return str(
            work.session.execute(
                select(Subject.allergies).where(Subject.subject_number == number)
            ).scalar_one()
        )


def _correct(world: World, who: str, number: str, allergies: str) -> Callable[[], Any]:
    subject_id = _id(world, number)
    return lambda: subjects.correct_subject(
        world.uow(who), subject_id, f"allergy history from {who}", allergies=allergies
    )


def test_a_change_to_the_same_record_meanwhile_refuses_the_work_and_names_it(world: World) -> None:
    refused = interleaved(
        _correct(world, "coordinator", "001-001", "penicillin"),
        _correct(world, "investigator", "001-001", "sulfonamides"),
    )
    assert isinstance(refused, ConcurrentChangeError), refused
    text = str(refused)
    assert text.startswith("Someone else just did this: allergy history from investigator (Dr Zhang Wei, ")
    assert text.endswith("Nothing was saved: look at it again, then do what is still needed.")
    assert _allergies(world, "001-001") == "sulfonamides"  # the other's, not overwritten
    assert check_database(world.database) == []


def test_a_change_to_another_record_meanwhile_does_not(world: World) -> None:
    done = interleaved(
        _correct(world, "coordinator", "001-001", "penicillin"),
        _correct(world, "investigator", "001-002", "sulfonamides"),
    )
    assert not isinstance(done, Exception), done
    assert (_allergies(world, "001-001"), _allergies(world, "001-002")) == ("penicillin", "sulfonamides")


def test_a_sign_in_meanwhile_is_a_stamp_not_an_act(world: World) -> None:
    """The work read its own user's row; the same user signing in elsewhere only stamps it."""
    done = interleaved(
        _correct(world, "coordinator", "001-001", "penicillin"),
        lambda: users.sign_in(world.uow(None), "coordinator", PASSWORD),
    )
    assert not isinstance(done, Exception), done
    assert _allergies(world, "001-001") == "penicillin"


def test_a_new_row_of_the_record_meanwhile_counts_as_a_change_to_it(world: World) -> None:
    """Labs recorded for the subject while the subject's record was being corrected."""
    subject_id = _id(world, "001-001")
    refused = interleaved(
        _correct(world, "coordinator", "001-001", "penicillin"),
        lambda: record_labs(
            world.uow("investigator"),
            subject_id,
            [LabInput("neutrophils", Decimal("2.4"), "10^9/L")],
            world.today,
        ),
    )
    assert isinstance(refused, ConcurrentChangeError), refused
    assert "labs" in str(refused)
    assert _allergies(world, "001-001") == ""
    with world.database.read_uow() as work:
        assert work.session.execute(select(func.count(LabResult.id))).scalar_one() == 1


def test_a_refusal_after_waiting_for_the_other_says_what_the_other_did(world: World) -> None:
    """The work's own refusal (the booking it cancels is gone) follows what the other did, in one line."""
    visit = world.visit(_id(world, "001-001"), "C1D1")
    if visit.booked is None:
        visits.book_visit(world.uow("coordinator"), visit.id, visit.suggested or visit.target, "clinic day")

    def cancel(who: str) -> Callable[[], Any]:
        return lambda: visits.cancel_booking(world.uow(who), visit.id, f"cancelled by {who}")

    refused = interleaved(cancel("coordinator"), cancel("investigator"))
    assert isinstance(refused, InputError) and not isinstance(refused, ConcurrentChangeError), refused
    assert str(refused).startswith("Someone else just did this: cancelled by investigator (Dr Zhang Wei, ")
    assert str(refused).endswith("C1D1 is not booked.")


@pytest.mark.postgres
def test_an_update_from_an_overtaken_read_is_refused_by_the_row_version(
    world: World, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("on SQLite the other waits for the write lock: nobody reads before the other writes")
    refused = interleaved(
        _correct(world, "coordinator", "001-001", "penicillin"),
        _correct(world, "investigator", "001-001", "sulfonamides"),
        after_reading=True,
    )
    assert isinstance(refused, ConcurrentChangeError), refused
    assert str(refused).startswith("Someone else just did this: allergy history from investigator")
    assert _allergies(world, "001-001") == "sulfonamides"
    with world.database.read_uow() as work:
        changes = work.session.execute(
            select(func.count(AuditLog.id)).where(
                AuditLog.table_name == "subjects", AuditLog.field == "allergies"
            )
        ).scalar_one()
    assert changes == 1
