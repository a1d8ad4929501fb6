"""Migration 0006 on an existing database (SQLite and PostgreSQL): a database at 0003 holding orders of the old
life — one given and recorded in one step ("administered"), one prepared and waiting, one cancelled — with their
e-signatures and a complete audit trail, is upgraded:

- the administered order becomes completed (started and ended at the times recorded, the final dose given),
  the prepared one keeps its bag as bag 1, its lines belong to that bag;
- every old signature still verifies (their content is computed as it always was), the audit chain holds and
  replaying the audit trail gives every record's values (the upgrade wrote its changes to the trail);
- the waiting order goes on in the new life: checked by a second pharmacist, started and ended by a nurse.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.dosing.order_codes import CHECK_ITEMS
from app.models import GENESIS_HASH
from app.models.migrate import upgrade
from app.services import users
from app.services.audit import canonical_json, row_hash
from app.services.database import check_database, open_database
from app.services.orders import check_order, start_infusion, stop_infusion
from app.services.queries import order_detail, wristband_code
from app.services.reasons import REASONS
from app.services.uow import SqlUnitOfWork

from .test_state_machine import check_audit_replay

PASSWORD = "correct horse"
SIGNED = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)

# The content the old signatures covered (frozen here: these hashes are in databases in use).
PRESCRIPTION = (
    "id", "order_number", "subject_id", "visit_id", "protocol_version_id", "planned_date", "weight_id",
    "weight_kg", "weight_measured_on", "dose_level_mg_per_kg", "calculated_dose_mg", "final_dose_mg",
    "concentration_mg_per_ml", "volume_to_draw_ml", "vials", "waste_mg", "bag_volume_ml",
    "final_concentration_mg_per_ml", "infusion_minutes", "reduction_reason", "warnings", "warnings_acknowledged",
    "acknowledgement_reason",
)  # fmt: skip
VERIFICATION = (
    "verifier_weight_kg",
    "verifier_dose_level_mg_per_kg",
    "verifier_final_dose_mg",
    "verifier_volume_ml",
)
PREPARATION = ("beyond_use_at", "beyond_use_storage")
ADMINISTRATION = ("administration_started_at", "administration_ended_at", "administered_by")
FIELDS = {
    "prescribed": PRESCRIPTION,
    "verified": PRESCRIPTION + VERIFICATION,
    "prepared": PRESCRIPTION + VERIFICATION + PREPARATION,
    "administered": PRESCRIPTION + VERIFICATION + PREPARATION + ADMINISTRATION,
}


def _old_hash(order: dict[str, Any], meaning: str, lines: list[dict[str, Any]]) -> str:
    content = {name: order.get(name) for name in FIELDS[meaning]}
    if meaning in ("prepared", "administered"):
        content["preparation_lines"] = "[" + ",".join(canonical_json(line) for line in lines) + "]"
    text = canonical_json(
        {"table": "infusion_orders", "meaning": meaning, "content": canonical_json(content)}
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Legacy:
    """Rows written straight into a database at 0003, each with its audit "create" row, chained."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        self.metadata = sa.MetaData()
        self.metadata.reflect(connection)
        self.prev = GENESIS_HASH
        self.at = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)

    def _stored(self, value: Any) -> Any:
        if self.sqlite and isinstance(value, Decimal):
            return format(value, "f")
        if self.sqlite and isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def add(self, table: str, **values: Any) -> int:
        rows = self.metadata.tables[table]
        stored = {key: self._stored(value) for key, value in values.items()}
        new_id = self.connection.execute(rows.insert().values(**stored).returning(rows.c.id)).scalar_one()
        self.audit(table, new_id, "create", None, None, canonical_json({"id": new_id, **values}))
        return int(new_id)

    def audit(self, table: str, record: int, action: str, field: str | None, old: Any, new: Any) -> None:
        entry = {
            "at": self.at,
            "user_id": None,
            "user_name": "legacy DoseDesk",
            "action": action,
            "table_name": table,
            "record_id": str(record),
            "field": field,
            "old_value": old,
            "new_value": new,
            "reason": "written before the bedside steps",
        }
        digest = row_hash(prev_hash=self.prev, **entry)
        log = self.metadata.tables["audit_log"]
        self.connection.execute(log.insert().values(**{**entry, "at": self._stored(self.at)}, prev_hash=self.prev,
                                                     row_hash=digest))  # fmt: skip
        self.prev = digest


def _legacy_database(connection: sa.Connection) -> dict[str, int]:
    db = _Legacy(connection)
    people = {}
    for name, full, role in (
        ("admin", "Admin Li", "admin"),
        ("investigator", "Dr Zhang Wei", "investigator"),
        ("pharmacist", "Wang Fang", "pharmacist"),
        ("pharmacist2", "Liu Yang", "pharmacist"),
    ):
        people[name] = db.add(
            "users",
            username=name,
            full_name=full,
            password_hash=users.hash_password(PASSWORD),
            active=True,
            failed_sign_ins=0,
            must_change_password=False,
            created_at=db.at,
        )
        db.add("user_roles", user_id=people[name], role=role)
    version = db.add(
        "protocol_versions",
        protocol_id="nct07343453",
        version="1.0",
        fingerprint="f" * 64,
        title="legacy",
        registered_at=db.at,
        signed_off_by_id=people["investigator"],
        signed_off_at=db.at,
    )
    made: dict[str, int] = {}
    for number, status in (("001-001", "administered"), ("001-002", "prepared"), ("001-003", "cancelled")):
        subject = db.add(
            "subjects",
            subject_number=number,
            initials="LW",
            birth_date=date(1961, 3, 4),
            sex="female",
            allergies="",
            liver_metastases=False,
            baseline_weight_kg=Decimal("61.4"),
            height_cm=Decimal("158"),
            can_become_pregnant=False,
            protocol_version_id=version,
            status="on_treatment" if status == "administered" else "screening",
            current_dose_level_mg_per_kg=Decimal(5),
            c1d1=date(2026, 3, 4) if status == "administered" else None,
            enrolled_at=db.at,
        )
        visit = db.add(
            "visits",
            subject_id=subject,
            label="C1D1",
            kind="dose",
            cycle=1,
            day=1,
            target_date=date(2026, 3, 4),
            window_start=date(2026, 3, 1),
            window_end=date(2026, 3, 7),
            status="done" if status == "administered" else "booked",
            booked_date=date(2026, 3, 4),
            actual_date=date(2026, 3, 4) if status == "administered" else None,
        )
        weight = db.add(
            "weights",
            subject_id=subject,
            weight_kg=Decimal("61"),
            measured_on=date(2026, 3, 4),
            measured_by="nurse Chen",
            recorded_at=db.at,
            cancelled=False,
        )
        order: dict[str, Any] = {
            "order_number": f"{number}-C1D1-1",
            "subject_id": subject,
            "visit_id": visit,
            "protocol_version_id": version,
            "planned_date": date(2026, 3, 4),
            "weight_id": weight,
            "weight_kg": Decimal("61"),
            "weight_measured_on": date(2026, 3, 4),
            "dose_level_mg_per_kg": Decimal("5"),
            "calculated_dose_mg": Decimal("305"),
            "final_dose_mg": Decimal("306.0"),
            "concentration_mg_per_ml": Decimal("20"),
            "volume_to_draw_ml": Decimal("15.3"),
            "vials": 2,
            "waste_mg": Decimal("94.0"),
            "bag_volume_ml": Decimal("100"),
            "final_concentration_mg_per_ml": Decimal("2.654"),
            "infusion_minutes": 60,
            "reduction_reason": None,
            "warnings": "",
            "warnings_acknowledged": False,
            "acknowledgement_reason": None,
            "verifier_weight_kg": Decimal("61"),
            "verifier_dose_level_mg_per_kg": Decimal("5"),
            "verifier_final_dose_mg": Decimal("306.0"),
            "verifier_volume_ml": Decimal("15.3"),
            "beyond_use_at": SIGNED + timedelta(hours=5),
            "beyond_use_storage": "room",
        }
        if status == "administered":
            order |= {
                "administration_started_at": SIGNED + timedelta(hours=2),
                "administration_ended_at": SIGNED + timedelta(hours=3),
                "administered_by": "Nurse Ho",
                "administration_recorded_by_id": people["investigator"],
            }
        if status == "cancelled":
            order |= {"cancelled_at": SIGNED + timedelta(hours=2), "cancel_reason": "patient febrile",
                      "cancelled_by_id": people["investigator"]}  # fmt: skip
        stored = dict(
            order,
            status=status,
            created_at=db.at,
            prescribed_by_id=people["investigator"],
            prescribed_at=SIGNED,
            verified_by_id=people["pharmacist2"],
            verified_at=SIGNED,
            prepared_by_id=people["pharmacist"],
            prepared_at=SIGNED + timedelta(hours=1),
        )
        order_id = db.add("infusion_orders", **stored)
        order["id"] = order_id
        lines = [
            {
                "lot_number": "LOT-A1",
                "lot_expiry": date(2027, 1, 1),
                "vials": 2,
                "volume_drawn_ml": Decimal("15.3"),
            }
        ]
        db.add("preparation_lines", order_id=order_id, **lines[0])
        db.add(
            "infusion_order_steps", order_id=order_id, step="created", user_id=people["pharmacist"], at=db.at
        )
        meanings = ["prescribed", "verified", "prepared"] + (
            ["administered"] if status == "administered" else []
        )
        for meaning in meanings:
            who = {"prescribed": "investigator", "verified": "pharmacist2", "prepared": "pharmacist"}.get(
                meaning, "investigator"
            )
            signature = db.add(
                "signatures",
                user_id=people[who],
                printed_name={"investigator": "Dr Zhang Wei", "pharmacist2": "Liu Yang"}.get(
                    who, "Wang Fang"
                ),
                signed_at=SIGNED,
                meaning=meaning,
                record_table="infusion_orders",
                record_id=order_id,
                record_hash=_old_hash(order, meaning, lines),
            )
            db.add(
                "infusion_order_steps",
                order_id=order_id,
                step=meaning,
                user_id=people[who],
                at=SIGNED,
                signature_id=signature,
            )
        if status == "cancelled":
            db.add("infusion_order_steps", order_id=order_id, step="cancelled", user_id=people["investigator"],
                   at=SIGNED + timedelta(hours=2), note="patient febrile")  # fmt: skip
        made[status] = order_id
    return made


def test_an_existing_database_upgrades_with_its_signatures_and_audit_trail_intact(database_url: str) -> None:
    first = open_database(database_url, migrate=False)
    with first.engine.begin() as connection:
        upgrade(connection, "0003")
        made = _legacy_database(connection)
    first.dispose()

    database = open_database(database_url)  # upgraded to the newest schema, 0006 among the migrations
    try:
        assert check_database(database) == []  # the old signatures verify, the chain holds, nothing dangles
        check_audit_replay(database)  # and every change the upgrade made is on the audit trail
        given = order_detail(database.uow(), made["administered"])
        assert (given.status, given.started_at, given.ended_at) == (
            "completed",
            SIGNED + timedelta(hours=2),
            SIGNED + timedelta(hours=3),
        )
        assert (given.dose_given_mg, given.volume_given_ml) == (Decimal("306.0"), Decimal("115.3"))
        assert (given.administered_by, given.administration_recorded_by) == ("Nurse Ho", "Dr Zhang Wei")
        waiting = order_detail(database.uow(), made["prepared"])
        assert (waiting.status, waiting.bag_number, waiting.prepared_by) == ("prepared", 1, "Wang Fang")
        assert waiting.beyond_use_at == SIGNED + timedelta(hours=5)
        assert [lot.lot_number for lot in waiting.lots] == ["LOT-A1"]
        assert order_detail(database.uow(), made["cancelled"]).status == "cancelled"
        with database.engine.connect() as connection:
            reasons = set(
                connection.execute(
                    sa.text("SELECT reason FROM audit_log WHERE user_name = 'DoseDesk schema upgrade'")
                ).scalars()
            )
        assert reasons == {REASONS["upgrade_order_life"]}

        # The order that was waiting goes on in the new life, its old signatures still valid.
        admin = users.sign_in(database.uow(), "admin", PASSWORD)
        nurse = users.create_user(
            SqlUnitOfWork(database.session_factory, admin), "huang.li", "Huang Li", PASSWORD, ["nurse"]
        )
        pharmacist2 = users.sign_in(database.uow(), "pharmacist2", PASSWORD)
        clock = {"now": SIGNED + timedelta(hours=1, minutes=10)}

        def uow(who: Any) -> SqlUnitOfWork:
            return SqlUnitOfWork(database.session_factory, who, clock=lambda: clock["now"])

        confirmed = [item.value for item in CHECK_ITEMS]
        check_order(uow(pharmacist2), made["prepared"], PASSWORD, confirmed=confirmed)
        clock["now"] += timedelta(minutes=20)
        start_infusion(
            uow(nurse),
            made["prepared"],
            PASSWORD,
            bag_code="001-002-C1D1-1",
            subject_code=wristband_code("001-002"),
        )
        clock["now"] += timedelta(minutes=65)
        done = stop_infusion(uow(nurse), made["prepared"], PASSWORD)
        assert (done.status, done.checked_by, done.started_by) == ("completed", "Liu Yang", "Huang Li")
        assert check_database(database) == []
        check_audit_replay(database)
    finally:
        database.dispose()
