"""Protocol versions (registered by fingerprint, signed off, frozen, new on change) and the read models of the
Today and Patients screens, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError

from app.errors import InputError
from app.models import ProtocolVersion
from app.protocol import load_protocol
from app.services.database import Database, check_database
from app.services.protocols import (
    is_signed_off,
    list_protocol_versions,
    protocol_version_info,
    register_shipped_protocols,
    reset_protocol_files,
    sign_off_protocol_version,
    use_protocol_file,
)
from app.services.queries import (
    clinic_list,
    find_order,
    list_orders,
    patient_list,
    pharmacy_queue,
    subject_chart,
)
from app.services.uow import SqlUnitOfWork
from app.services.users import NotAllowedError, UserInfo
from app.services.visits import book_visit

from ._race import race
from ._services import GOOD_LABS, PASSWORD, SCREENING_LABS, World, unchanged, wrong_password_counted


@pytest.fixture(autouse=True)
def _shipped_protocols() -> Iterator[None]:
    yield
    reset_protocol_files()


def test_protocol_versions_are_signed_off_by_an_investigator_and_a_pharmacist_and_frozen(
    database: Database,
) -> None:
    world = World.build(database, sign_off=False).at(date(2026, 3, 2))
    infos = register_shipped_protocols(world.uow("admin"))
    assert {i.protocol_id for i in infos} == {"nct07343453", "sacituzumab-govitecan"}
    assert register_shipped_protocols(world.uow("admin")) == infos  # registering again adds nothing
    trial = protocol_version_info(world.uow("admin"))
    assert not trial.signed_off and trial.in_use and "product" in trial.unconfirmed
    assert not is_signed_off(world.uow(None))
    for who in ("admin", "coordinator", "nurse"):  # the IT administrator signs no clinical rule
        unchanged(
            database,
            lambda who=who: sign_off_protocol_version(world.uow(who), trial.id, PASSWORD),
            NotAllowedError,
            "investigator",
        )
    wrong_password_counted(
        database,
        lambda: sign_off_protocol_version(world.uow("investigator"), trial.id, "nope"),
        "investigator",
    )
    first = sign_off_protocol_version(world.uow("investigator"), trial.id, PASSWORD)
    assert not first.signed_off and not is_signed_off(world.uow(None))
    assert [(a.name, a.roles) for a in first.approvals] == [("Dr Zhang Wei", ("investigator",))]
    assert first.awaiting == ("pharmacist",)
    unchanged(
        database,
        lambda: sign_off_protocol_version(world.uow("investigator"), trial.id, PASSWORD),
        InputError,
        "already approved",
    )
    signed = sign_off_protocol_version(world.uow("pharmacist"), trial.id, PASSWORD)
    assert signed.signed_off and signed.signed_off_by == "Wang Fang" and is_signed_off(world.uow(None))
    assert [a.name for a in signed.approvals] == ["Dr Zhang Wei", "Wang Fang"] and signed.awaiting == ()
    unchanged(
        database,
        lambda: sign_off_protocol_version(world.uow("pharmacist2"), trial.id, PASSWORD),
        InputError,
        "already signed off",
    )
    assert check_database(database) == []
    # the database itself refuses to change a signed-off version
    with database.engine.connect() as connection, pytest.raises(DBAPIError):
        connection.execute(
            update(ProtocolVersion).where(ProtocolVersion.id == trial.id).values(title="edited")
        )


def test_an_order_is_refused_under_an_unconfirmed_protocol_and_a_changed_file_is_a_new_version(
    database: Database,
) -> None:
    world = World.build(database, sign_off=False).at(date(2026, 3, 2))
    subject_id = world.enrol(c1d1=date(2026, 3, 4))
    world.at(date(2026, 3, 4))
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    draft = world.order(subject_id, "C1D1")
    world.sign_eligibility(subject_id)  # signed before the snapshot: the refusal alone must change nothing
    unchanged(database, lambda: world.prescribe(draft), InputError, "unconfirmed protocol")
    world.sign_off()
    assert world.prescribe(draft).status == "prescribed"
    # the site edits the protocol file: a new version, unconfirmed, while the old records keep theirs
    shipped = load_protocol("nct07343453")
    use_protocol_file(dataclasses.replace(shipped, version="1.1", fingerprint="e" * 64))
    assert not is_signed_off(world.uow(None))
    world.verify(draft)  # finalised under its own, signed-off version
    second = world.enrol("001-002", c1d1=date(2026, 3, 6), weight="70")
    world.weigh(second, "70")
    world.labs(second)
    order = world.order(second, "C1D1")
    assert order.protocol_version == "1.1" and not order.protocol_signed_off
    world.sign_eligibility(second)
    unchanged(database, lambda: world.prescribe(order), InputError, "version 1.1")
    charts = [subject_chart(world.uow(None), s).header for s in (subject_id, second)]
    assert [h.protocol_version for h in charts] == ["1.0", "1.1"]
    versions = list_protocol_versions(world.uow(None))
    trial = [v for v in versions if v.protocol_id == "nct07343453"]
    assert [(v.version, v.signed_off, v.in_use) for v in trial] == [
        ("1.1", False, True),
        ("1.0", True, False),
    ]


def test_the_today_screen_and_the_patient_list(database: Database) -> None:
    world = World.build(database).at(date(2026, 3, 2))
    first = world.enrol("001-001", c1d1=date(2026, 3, 4), initials="LW")
    second = world.enrol("001-002", c1d1=date(2026, 3, 5), initials="ZQ", weight="70")
    third = world.enrol(
        "002-001", c1d1=date(2026, 3, 9), initials="HM", weight="66", screening_date=date(2026, 3, 2)
    )
    world.at(date(2026, 3, 4))
    given = world.give_dose(first, "C1D1")
    world.weigh(second, "70")
    world.labs(second)
    draft = world.order(second, "C1D1")
    book_visit(world.uow("coordinator"), world.visit(third, "C1D1").id, date(2026, 3, 5))
    world.at(date(2026, 3, 5))
    world.weigh(third, "66")
    world.labs(third)
    to_verify = world.prescribe(world.order(third, "C1D1"))
    world.prescribe(draft)
    queue = pharmacy_queue(world.uow(None), date(2026, 3, 5))
    assert {o.order_number for o in queue.to_verify} == {to_verify.order_number, draft.order_number}
    assert queue.to_prescribe == () and queue.to_check == () and queue.ready == ()
    assert pharmacy_queue(world.uow(None), date(2026, 3, 3)).to_verify == ()
    day = clinic_list(world.uow(None), date(2026, 3, 5))
    assert [(r.subject_number, r.label) for r in day.booked] == [("002-001", "C1D1")]
    assert ("001-002", "C1D1") in [(r.subject_number, r.label) for r in day.due]
    booked_row = day.booked[0]
    assert booked_row.order_id == to_verify.id and booked_row.order_status == "prescribed"
    patients = patient_list(world.uow(None))
    assert [(p.subject_number, p.status, p.cycle) for p in patients] == [
        ("001-001", "on_treatment", 1),
        ("001-002", "screening", None),
        ("002-001", "screening", None),
    ]
    assert patients[0].next_visit_label == "C1D15" and patients[2].next_visit_date == date(2026, 3, 5)
    assert [p.subject_number for p in patient_list(world.uow(None), "zq")] == ["001-002"]
    assert [p.subject_number for p in patient_list(world.uow(None), "002-")] == ["002-001"]
    assert find_order(world.uow(None), given.order_number).status == "completed"
    assert [o.status for o in list_orders(world.uow(None), subject_id=first)] == ["completed"]
    unchanged(
        database, lambda: list_orders(world.uow(None), status="lost"), InputError, "not an order status"
    )
    chart = subject_chart(world.uow(None), first)
    # the visit's panel, and the screening-only labs recorded when eligibility was signed before the first dose
    assert len(chart.orders) == 1 and len(chart.weights) == 1
    assert len(chart.labs) == len(GOOD_LABS) + len(SCREENING_LABS)
    records = {h.record for h in chart.history}
    assert {"subject", "visit C1D1", "order 001-001-C1D1-1", "signature on order 001-001-C1D1-1"} <= records
    assert all(h.user_name for h in chart.history)
    # a booking out of its window shows in the clinic list with its warning
    c1d15 = world.visit(first, "C1D15")
    book_visit(world.uow("coordinator"), c1d15.id, date(2026, 3, 25), "holiday")
    late = clinic_list(world.uow(None), date(2026, 3, 25))
    assert [r.label for r in late.out_of_window] == ["C1D15"] and late.out_of_window[0].warnings
    assert clinic_list(world.uow(None), date(2026, 3, 5) + timedelta(days=60)).overdue


def test_two_pharmacists_do_not_sign_off_a_version_and_one_person_with_both_roles_needs_another(
    database: Database,
) -> None:
    world = World.build(database, sign_off=False).at(date(2026, 3, 2))
    trial = protocol_version_info(world.uow("admin"))
    sign_off_protocol_version(world.uow("pharmacist"), trial.id, PASSWORD)
    second = sign_off_protocol_version(world.uow("pharmacist2"), trial.id, PASSWORD)
    assert not second.signed_off and second.awaiting == ("investigator",)
    done = sign_off_protocol_version(world.uow("doctor_pharmacist"), trial.id, PASSWORD)
    assert done.signed_off and len(done.approvals) == 3
    assert check_database(database) == []

    other = next(
        info
        for info in register_shipped_protocols(world.uow("admin"))
        if info.protocol_id != trial.protocol_id
    )
    both = sign_off_protocol_version(world.uow("doctor_pharmacist"), other.id, PASSWORD)
    assert not both.signed_off  # one person holding both roles is still one person
    assert set(both.awaiting) == {"investigator", "pharmacist"}
    assert sign_off_protocol_version(world.uow("investigator"), other.id, PASSWORD).signed_off


def _approve(user: UserInfo, now: datetime, version_id: int, database: Database) -> bool:
    uow = SqlUnitOfWork(database.session_factory, user, None, clock=lambda: now)
    return sign_off_protocol_version(uow, version_id, PASSWORD).signed_off


def test_an_investigator_and_a_pharmacist_approving_at_once_sign_the_version_off_once(
    database: Database, database_url: str
) -> None:
    world = World.build(database, sign_off=False).at(date(2026, 3, 2))
    trial = protocol_version_info(world.uow("admin"))
    outcomes = race(
        database_url,
        partial(_approve, world.user("investigator"), world.now, trial.id),
        partial(_approve, world.user("pharmacist"), world.now, trial.id),
    )
    # One approval lands; the other is plainly refused (it read the version before the first was signed).
    assert sorted(outcome.kind for outcome in outcomes) == ["ok", "refused"], outcomes
    assert "Someone else just did this" in next(o.text for o in outcomes if o.kind == "refused")
    info = protocol_version_info(world.uow("admin"))
    assert not info.signed_off and len(info.approvals) == 1
    waiting = "pharmacist" if info.awaiting == ("pharmacist",) else "investigator"
    assert info.awaiting == (waiting,)
    assert sign_off_protocol_version(world.uow(waiting), trial.id, PASSWORD).signed_off  # asked again: done
    assert check_database(database) == []
