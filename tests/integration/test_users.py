"""Users, roles, sign-in and lockout, and electronic signatures. Both databases."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from app.errors import InputError
from app.models import (
    AuditAction,
    AuditLog,
    BeyondUseStorage,
    InfusionBag,
    InfusionOrder,
    OrderStatus,
    PreparationLine,
    Role,
    Signature,
    SignatureMeaning,
    User,
    Visit,
    VisitKind,
)
from app.services import users
from app.services.audit import is_redacted, redacted_digest, verify_chain
from app.services.database import Database, check_database
from app.services.signatures import (
    record_hash,
    record_signatures_valid,
    sign,
    signature_valid,
    signatures_for,
    signers,
)
from app.services.uow import SqlUnitOfWork
from app.services.users import NotAllowedError, SignInError, UserInfo
from app.text import Message

from ._records import subject, weight

PASSWORD = "correct horse"


def first_admin(database: Database) -> UserInfo:
    return users.create_user(database.uow(), "Li.Na", "Li Na", PASSWORD, [Role.ADMIN])


def add_user(database: Database, admin: UserInfo, username: str, *roles: Role) -> UserInfo:
    return users.create_user(
        database.uow(admin, "new colleague"), username, username.title(), PASSWORD, roles
    )


def audit_rows(database: Database, table: str) -> list[AuditLog]:
    with database.session_factory() as session:
        query = select(AuditLog).where(AuditLog.table_name == table).order_by(AuditLog.id)
        return list(session.execute(query).scalars())


# --- users and roles ------------------------------------------------------------------------------------


def test_the_first_user_is_an_admin_who_creates_themself(database: Database) -> None:
    assert not users.has_users(database.uow())
    with pytest.raises(InputError, match="first user must be an administrator"):
        users.create_user(database.uow(), "wang", "Wang Fang", PASSWORD, [Role.PHARMACIST])
    admin = first_admin(database)
    assert admin.username == "li.na" and admin.roles == {Role.ADMIN}
    assert users.has_users(database.uow())
    created = audit_rows(database, "users")[0]
    assert (created.action, created.user_id, created.user_name, created.reason) == (
        AuditAction.CREATE,
        admin.id,
        "Li Na",
        "first administrator",
    )
    # The trail keeps a digest of the hash (so a replaced hash shows), never the hash.
    with database.session_factory() as session:
        stored = session.get(User, admin.id)
        assert stored is not None
        assert json.loads(created.new_value or "")["password_hash"] == redacted_digest(stored.password_hash)
    assert "argon2" not in (created.new_value or "")


def test_only_an_admin_creates_users_and_changes_roles(database: Database) -> None:
    admin = first_admin(database)
    pharmacist = add_user(database, admin, "wang.fang", Role.PHARMACIST)
    with pytest.raises(NotAllowedError, match="admin role"):
        users.create_user(database.uow(pharmacist), "zhao", "Zhao Lei", PASSWORD, [Role.COORDINATOR])
    with pytest.raises(NotAllowedError):
        users.create_user(database.uow(), "zhao", "Zhao Lei", PASSWORD, [Role.COORDINATOR])
    with pytest.raises(InputError, match="taken"):
        add_user(database, admin, "WANG.FANG", Role.PHARMACIST)
    with pytest.raises(InputError, match="not a role"):
        users.change_roles(database.uow(admin), pharmacist.id, ["pharmacist", "porter"])

    both = users.change_roles(
        database.uow(admin, "also investigator"), pharmacist.id, ["investigator", "pharmacist"]
    )
    assert both.roles == {Role.PHARMACIST, Role.INVESTIGATOR}
    only = users.change_roles(database.uow(admin, "pharmacy only"), pharmacist.id, [Role.PHARMACIST])
    assert only.roles == {Role.PHARMACIST}
    role_rows = audit_rows(database, "user_roles")
    assert [(r.action, r.reason) for r in role_rows[-2:]] == [
        (AuditAction.CREATE, "also investigator"),
        (AuditAction.DELETE, "pharmacy only"),
    ]
    assert json.loads(role_rows[-1].old_value or "")["role"] == "investigator"


def test_the_last_admin_cannot_be_removed_or_disabled(database: Database) -> None:
    admin = first_admin(database)
    with pytest.raises(InputError, match="last active administrator"):
        users.change_roles(database.uow(admin), admin.id, [Role.PHARMACIST])
    with pytest.raises(InputError, match="your own account"):
        users.disable_user(database.uow(admin), admin.id)


def test_weak_passwords_and_bad_names_are_refused(database: Database) -> None:
    with pytest.raises(InputError, match="at least 8"):
        users.create_user(database.uow(), "li", "Li Na", "short", [Role.ADMIN])
    with pytest.raises(InputError, match="user name"):
        users.create_user(database.uow(), "li na", "Li Na", PASSWORD, [Role.ADMIN])
    assert not users.has_users(database.uow())


# --- signing in -----------------------------------------------------------------------------------------


def test_sign_in_with_the_right_password(database: Database) -> None:
    admin = first_admin(database)
    signed = users.sign_in(database.uow(), " LI.NA ", PASSWORD)
    assert signed.id == admin.id and signed.has_role("admin")
    with database.session_factory() as session:
        user = session.get(User, admin.id)
        assert user is not None and user.last_sign_in_at is not None
        assert users.verify_password(user, PASSWORD)
        assert not users.verify_password(user, "wrong one")


def test_five_failed_sign_ins_lock_the_account_until_an_admin_unlocks_it(database: Database) -> None:
    admin = first_admin(database)
    nurse = add_user(database, admin, "chen", Role.COORDINATOR)
    for _ in range(4):
        with pytest.raises(SignInError, match="user name or password is wrong"):
            users.sign_in(database.uow(), "chen", "not it at all")
    with pytest.raises(SignInError, match="now locked"):
        users.sign_in(database.uow(), "chen", "not it at all")
    with pytest.raises(SignInError, match="locked after 5 failed"):
        users.sign_in(database.uow(), "chen", PASSWORD)  # even the right password
    assert not users.unlock_window(database.uow(), nurse.id, PASSWORD)
    with pytest.raises(SignInError, match="user name or password is wrong"):
        users.sign_in(database.uow(), "nobody", PASSWORD)

    failures = [r for r in audit_rows(database, "users") if r.field == "failed_sign_ins"]
    assert [r.new_value for r in failures] == ["1", "2", "3", "4", "5"]
    assert all(r.reason == "failed sign-in" for r in failures)

    users.unlock_user(database.uow(admin, "called the pharmacy"), nurse.id)
    assert users.sign_in(database.uow(), "chen", PASSWORD).id == nurse.id
    assert users.unlock_window(database.uow(), nurse.id, PASSWORD)


def test_a_right_password_resets_the_count(database: Database) -> None:
    admin = first_admin(database)
    add_user(database, admin, "chen", Role.COORDINATOR)
    for _ in range(3):
        with pytest.raises(SignInError):
            users.sign_in(database.uow(), "chen", "nope nope nope")
    users.sign_in(database.uow(), "chen", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInError, match="wrong"):
            users.sign_in(database.uow(), "chen", "nope nope nope")
    assert users.sign_in(database.uow(), "chen", PASSWORD).locked is False


def test_disabled_users_cannot_sign_in_and_reset_passwords_must_be_changed(database: Database) -> None:
    admin = first_admin(database)
    nurse = add_user(database, admin, "chen", Role.COORDINATOR)
    users.disable_user(database.uow(admin, "left the site"), nurse.id)
    with pytest.raises(SignInError, match="disabled"):
        users.sign_in(database.uow(), "chen", PASSWORD)
    users.enable_user(database.uow(admin, "came back"), nurse.id)
    users.reset_password(database.uow(admin, "forgot it"), nurse.id, "temporary pass")
    signed = users.sign_in(database.uow(), "chen", "temporary pass")
    assert signed.must_change_password
    with pytest.raises(InputError, match="current password is wrong"):
        users.change_password(database.uow(signed), nurse.id, "guess work", "my own secret")
    changed = users.change_password(database.uow(signed), nurse.id, "temporary pass", "my own secret")
    assert not changed.must_change_password
    assert users.sign_in(database.uow(), "chen", "my own secret").id == nurse.id
    hashes = [r for r in audit_rows(database, "users") if r.field == "password_hash"]
    assert len(hashes) == 2 and all(
        is_redacted(r.new_value) and "argon2" not in (r.new_value or "") for r in hashes
    )
    assert hashes[0].new_value == hashes[1].old_value != hashes[1].new_value
    assert [r.reason for r in audit_rows(database, "users") if r.field == "active"] == [
        "left the site",
        "came back",
    ]


# --- signatures -----------------------------------------------------------------------------------------


def make_order(uow: SqlUnitOfWork) -> InfusionOrder:
    record = subject(uow)
    uow.session.flush()
    visit = Visit(
        subject_id=record.id,
        label="C1D1",
        kind=VisitKind.DOSE,
        cycle=1,
        day=1,
        target_date=date(2026, 3, 2),
        window_start=date(2026, 2, 27),
        window_end=date(2026, 3, 5),
    )
    uow.session.add(visit)
    measured = weight(uow, record.id, "61.4", date(2026, 3, 1))
    uow.session.flush()
    order = InfusionOrder(
        order_number="ORD-000001",
        subject_id=record.id,
        visit_id=visit.id,
        protocol_version_id=record.protocol_version_id,
        planned_date=date(2026, 3, 2),
        created_at=uow.now(),
        weight_id=measured.id,
        weight_kg=Decimal("61.4"),
        weight_measured_on=date(2026, 3, 1),
        dose_level_mg_per_kg=Decimal("5"),
        calculated_dose_mg=Decimal("307"),
        final_dose_mg=Decimal("308"),
        concentration_mg_per_ml=Decimal("20"),
        volume_to_draw_ml=Decimal("15.4"),
        vials=2,
        waste_mg=Decimal("92"),
        bag_volume_ml=Decimal("100"),
        final_concentration_mg_per_ml=Decimal("2.6690"),
        infusion_minutes=60,
    )
    uow.session.add(order)
    uow.session.flush()
    return order


def test_a_signature_records_who_when_what_and_the_hash(database: Database) -> None:
    admin = first_admin(database)
    doctor = add_user(database, admin, "dr.huang", Role.INVESTIGATOR)
    pharmacist = add_user(database, admin, "wang.fang", Role.PHARMACIST)

    uow = database.uow(doctor, "prescribing C1D1")
    with uow:
        order = make_order(uow)
        with pytest.raises(InputError, match="password is wrong"):
            sign(uow, doctor, "not my password", SignatureMeaning.PRESCRIBED, order)
        with pytest.raises(InputError, match="Only the signed-in user"):
            sign(uow, pharmacist, PASSWORD, SignatureMeaning.PRESCRIBED, order)
        order.status = OrderStatus.PRESCRIBED
        prescribed = sign(uow, doctor, PASSWORD, "prescribed", order)
        uow.commit()
    assert prescribed.printed_name == "Dr.Huang"
    assert prescribed.signed_at.tzinfo is not None
    assert prescribed.record_table == "infusion_orders" and prescribed.record_id == order.id

    with database.uow(pharmacist, "verified blind") as verify_uow:
        order_row = verify_uow.session.get(InfusionOrder, order.id)
        assert order_row is not None
        assert signers(verify_uow.session, order_row, SignatureMeaning.PRESCRIBED) == {doctor.id}
        order_row.verifier_weight_kg = Decimal("61.4")
        order_row.verifier_dose_level_mg_per_kg = Decimal("5")
        order_row.verifier_final_dose_mg = Decimal("308")
        order_row.verifier_volume_ml = Decimal("15.4")
        order_row.status = OrderStatus.VERIFIED
        order_row.verified_by_id = pharmacist.id
        order_row.verified_at = verify_uow.now()
        sign(verify_uow, pharmacist, PASSWORD, SignatureMeaning.VERIFIED, order_row)
        bag = InfusionBag(
            order=order_row,
            number=1,
            prepared_by_id=pharmacist.id,
            prepared_at=verify_uow.now(),
            beyond_use_at=verify_uow.now() + timedelta(hours=4),
            beyond_use_storage=BeyondUseStorage.ROOM,
        )
        verify_uow.session.add(bag)
        order_row.preparation_lines.append(
            PreparationLine(
                bag=bag,
                lot_number="L2407",
                lot_expiry=date(2027, 6, 30),
                vials=2,
                volume_drawn_ml=Decimal("15.4"),
            )
        )
        order_row.status = OrderStatus.PREPARED
        prepared = sign(verify_uow, pharmacist, PASSWORD, SignatureMeaning.PREPARED, order_row)
        verify_uow.commit()

    with database.session_factory() as session:
        stored = session.get(InfusionOrder, order.id)
        assert stored is not None
        # The next steps did not break the prescription's signature.
        assert record_signatures_valid(session, stored)
        assert [s.meaning for s in signatures_for(session, stored)] == ["prescribed", "verified", "prepared"]
        assert {s.record_hash for s in signatures_for(session, stored)} == {
            record_hash(stored, m) for m in ("prescribed", "verified", "prepared")
        }
        assert verify_chain(session) == []
    assert check_database(database) == []

    # A change to what was signed shows, in the record and in `dosedesk check`.
    with database.uow(pharmacist, "lot number typo") as fix:
        line = fix.session.execute(select(PreparationLine)).scalar_one()
        line.lot_number = "L2408"
        fix.commit()
    with database.session_factory() as session:
        stored = session.get(InfusionOrder, order.id)
        assert stored is not None
        validity = {s.meaning: signature_valid(session, s) for s in signatures_for(session, stored)}
        assert validity == {"prescribed": True, "verified": True, "prepared": False}
    problems = check_database(database)
    assert len(problems) == 1 and f"Signature {prepared.id} (prepared by Wang.Fang" in problems[0]


def test_signatures_cannot_be_changed_or_deleted(database: Database) -> None:
    admin = first_admin(database)
    doctor = add_user(database, admin, "dr.huang", Role.INVESTIGATOR)
    with database.uow(doctor, "prescribing") as uow:
        sign(uow, doctor, PASSWORD, SignatureMeaning.PRESCRIBED, make_order(uow))
        uow.commit()
    for statement in ("UPDATE signatures SET printed_name = 'someone else'", "DELETE FROM signatures"):
        with database.engine.connect() as connection, pytest.raises(Exception, match="can never be"):
            connection.execute(text(statement))
    with database.session_factory() as session:
        assert session.execute(select(Signature.printed_name)).scalars().all() == ["Dr.Huang"]


def test_a_locked_user_cannot_sign(database: Database) -> None:
    admin = first_admin(database)
    doctor = add_user(database, admin, "dr.huang", Role.INVESTIGATOR)
    for _ in range(5):
        with pytest.raises(SignInError):
            users.sign_in(database.uow(), "dr.huang", "wrong wrong")
    with database.uow(doctor, "prescribing") as uow, pytest.raises(InputError, match="locked"):
        sign(uow, doctor, PASSWORD, SignatureMeaning.PRESCRIBED, make_order(uow))


def test_a_rehash_at_sign_in_is_the_systems_upkeep_not_a_password_change(database: Database) -> None:
    """The demo's passwords are stored with cheap argon2 parameters: the first sign-in with today's stores the
    password again. That row is DoseDesk's, says what it is, and no later sign-in writes the password again."""
    from argon2 import PasswordHasher

    from app.services.audit_trail import audit_trail

    admin = first_admin(database)
    add_user(database, admin, "chen.jing", Role.COORDINATOR)
    cheap = users.configure_password_hasher(PasswordHasher(time_cost=1, memory_cost=16, parallelism=1))
    try:
        for _ in range(3):
            users.sign_in(database.uow(), "chen.jing", PASSWORD)
    finally:
        users.configure_password_hasher(cheap)
    rows = [r for r in audit_rows(database, "users") if r.field == "password_hash"]
    assert [r.user_name for r in rows] == [users.PASSWORD_STORAGE]  # re-hashed once, by DoseDesk
    assert rows[-1].reason == users.REHASHED
    signed_in = [r for r in audit_rows(database, "users") if r.reason == "signed in"]
    assert len(signed_in) == 3 and {r.field for r in signed_in} == {"last_sign_in_at"}
    assert users.sign_in(database.uow(), "chen.jing", PASSWORD).username == "chen.jing"
    trail = audit_trail(database.uow(admin), what="users")
    said = [e.reason for e in trail if e.field == "password_hash" and e.user_name == users.PASSWORD_STORAGE]
    assert said and isinstance(said[0], Message) and said[0].template == users.REHASHED.template
