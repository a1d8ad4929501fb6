"""The replay of the audit trail: what it covers, and `record_problems`, the cheap check of one record a
service can make before acting on it. Both databases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event, text
from sqlalchemy.orm.attributes import set_committed_value

from app.errors import InputError
from app.models import Base, InfusionOrder, OrderStatus, SignatureMeaning, Weight
from app.services import integrity
from app.services.database import Database, check_report
from app.services.integrity import NOT_AUDITED, NOT_REPLAYED, record_problems
from app.services.signatures import sign

from ._services import PASSWORD, World
from ._tamper import attacker

C1D1 = date(2026, 3, 2)

# Every column the replay compares, as reviewed: a new column fails the test below until someone has looked at
# whether DoseDesk writes it through the ORM (then it is replayed: add it here) or the database writes it itself
# (a trigger, a server default: list it in integrity.NOT_REPLAYED with why).
REVIEWED = {
    "dose_level_changes": (
        "id subject_id from_level_mg_per_kg to_level_mg_per_kg reason reason_code toxicity_id decision_id effective_on "
        "decided_by_id decided_at"
    ),
    "holds": (
        "id subject_id visit_id reason reason_code toxicity_id decision_id hold_until_grade start_date end_date "
        "decided_by_id"
    ),
    "infusion_bags": (
        "id order_id number prepared_by_id prepared_at beyond_use_at beyond_use_storage tare_g checked_by_id "
        "checked_at check_items weighed_g expected_g wasted_at wasted_by_id waste_reason_code waste_note"
    ),
    "infusion_events": "id order_id kind started_at ended_at grade note recorded_by_id recorded_at toxicity_id",
    "infusion_order_steps": "id order_id step user_id at signature_id note",
    "infusion_orders": (
        "id order_number subject_id visit_id protocol_version_id status planned_date created_at weight_id "
        "weight_kg weight_measured_on dose_level_mg_per_kg calculated_dose_mg final_dose_mg "
        "concentration_mg_per_ml volume_to_draw_ml vials waste_mg bag_volume_ml final_concentration_mg_per_ml "
        "infusion_minutes reduction_reason warnings warnings_acknowledged acknowledgement_reason "
        "prescribed_by_id prescribed_at verified_by_id verified_at verifier_weight_kg "
        "verifier_dose_level_mg_per_kg verifier_final_dose_mg verifier_volume_ml prepared_by_id prepared_at "
        "beyond_use_at beyond_use_storage administration_started_at administration_ended_at administered_by "
        "administration_recorded_by_id started_at started_by_id ended_at ended_by_id volume_given_ml "
        "dose_given_mg stop_reason_code stop_reason cancelled_at cancelled_by_id cancel_reason_code cancel_reason"
    ),
    "lab_results": (
        "id subject_id visit_id lab value unit lln uln collected_on ctcae_grade recorded_at cancelled "
        "cancel_reason source file_sha256 accession reported_at collected_at import_key"
    ),
    "preparation_lines": "id order_id bag_id lot_number lot_expiry vials volume_drawn_ml",
    "protocol_versions": "id protocol_id version fingerprint title registered_at signed_off_by_id signed_off_at",
    "signatures": "id user_id printed_name signed_at meaning record_table record_id record_hash",
    "site_settings": "id key value changed_at",
    "screening_evidence": (
        "id subject_id kind taken_on qt_ms rr_ms heart_rate_bpm lvef_percent test_kind result ecog criterion_id "
        "satisfied recorded_by recorded_at cancelled cancel_reason"
    ),
    "eligibility_decisions": (
        "id subject_id kind first_dose_date evaluation evaluation_sha256 ds_term reason_code criteria_not_met "
        "detail decided_by_id decided_at cancelled cancel_reason"
    ),
    "stock_lots": "id lot_number protocol_id strength_mg expiry status status_reason status_reason_code created_at",
    "stock_movements": (
        "id lot_id kind vials waste_mg shipment_id order_id preparation_line_id reference reason reason_code at by_id "
        "by_name signature_id"
    ),
    "stock_shipments": "id reference received_on received_by_id received_by_name recorded_at note",
    "subjects": (
        "id subject_number initials birth_date sex allergies liver_metastases baseline_weight_kg height_cm "
        "can_become_pregnant protocol_version_id status c1d1 current_dose_level_mg_per_kg "
        "treatment_stopped_on treatment_stop_reason treatment_stop_code treatment_stop_params off_study_on "
        "off_study_reason off_study_code off_study_params enrolled_at hospital_number language"
    ),
    "toxicities": (
        "id subject_id visit_id ctcae_term meddra_code grade onset_date resolution_date recorded_at cancelled "
        "cancel_reason"
    ),
    "toxicity_decisions": (
        "id toxicity_id proposed_action proposed_hold_until_grade proposed_resume proposed_rule_text "
        "taken_action taken_hold_until_grade taken_resume overridden override_reason investigator_id "
        "decided_at"
    ),
    "user_roles": "id user_id role",
    "users": (
        "id username full_name password_hash active failed_sign_ins locked_at must_change_password created_at "
        "last_sign_in_at language"
    ),
    "visits": (
        "id subject_id label kind cycle day target_date window_start window_end suggested_date booked_date "
        "actual_date status booking_reason status_reason status_reason_code status_reason_params"
    ),
    "weights": "id subject_id visit_id weight_kg measured_on measured_by recorded_at cancelled cancel_reason",
}

# --- what is replayed ------------------------------------------------------------------------------------


def test_every_table_is_replayed_or_listed_with_its_reason() -> None:
    audited = {mapper.class_.__tablename__ for mapper in Base.registry.mappers if mapper.class_.__audited__}
    for table in Base.metadata.tables.values():
        assert (table.name in audited) != (table.name in NOT_AUDITED), table.name
    for reason in [*NOT_AUDITED.values(), *NOT_REPLAYED.values()]:
        assert len(reason) > 20


def test_every_column_is_reviewed_as_replayed_or_listed_as_not() -> None:
    for model in integrity.audited_models():
        table = Base.metadata.tables[model.__tablename__]
        replayed = [column.name for column in integrity.replayed_columns(table)]
        assert replayed == REVIEWED[table.name].split(), f"{table.name}: review its new or removed columns"


def test_every_column_of_an_audited_table_is_replayed_or_listed() -> None:
    """A column the database writes itself (a server default, a trigger) cannot come back from the trail:
    such a column must be listed in NOT_REPLAYED with why, or this fails."""
    for (table_name, column_name), _why in NOT_REPLAYED.items():
        assert column_name in Base.metadata.tables[table_name].columns, (table_name, column_name)
    for model in integrity.audited_models():
        table = Base.metadata.tables[model.__tablename__]
        replayed = {column.name for column in integrity.replayed_columns(table)}
        for column in table.columns:
            listed = (table.name, column.name) in NOT_REPLAYED
            assert (column.name in replayed) != listed, (table.name, column.name)
            if column.server_default is not None or column.server_onupdate is not None:
                assert listed, (
                    f"{table.name}.{column.name} is written by the database: list it in NOT_REPLAYED"
                )


# --- one record ------------------------------------------------------------------------------------------


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(C1D1)


def prescribed_order(world: World, number: str = "001-001") -> int:
    subject_id = world.enrol(number, c1d1=C1D1)
    world.weigh(subject_id)
    world.labs(subject_id)
    return world.prescribe(world.order(subject_id, "C1D1")).id


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", count)


def test_a_record_as_its_trail_says_has_no_problem_and_costs_a_few_statements(
    database: Database, world: World
) -> None:
    order_id = prescribed_order(world)
    with database.read_session_factory() as session:
        order = session.get(InfusionOrder, order_id)
        assert order is not None
        with statements(database) as seen:
            assert record_problems(session, order) == []
    assert len(seen) <= 4, seen  # its row, its audit rows, its signatures, its steps


def test_an_order_set_to_verified_by_plain_sql_is_reported(database: Database, world: World) -> None:
    order_id = prescribed_order(world)
    with attacker(database) as sql:
        sql("UPDATE infusion_orders SET status = 'verified' WHERE id = :id", {"id": order_id})
    with database.read_session_factory() as session:
        order = session.get(InfusionOrder, order_id)
        assert order is not None and order.status == OrderStatus.VERIFIED
        assert record_problems(session, order) == [
            f"Infusion order {order_id}: the database holds status 'verified', but its audit trail says "
            "'prescribed': it was changed outside DoseDesk."
        ]


def test_an_order_set_to_verified_by_plain_sql_cannot_be_prepared(database: Database, world: World) -> None:
    """On main `prepare_order` accepted such an order: the status said verified, nobody had verified it."""
    subject_id = world.enrol("001-001", c1d1=C1D1)
    world.weigh(subject_id)
    world.labs(subject_id)
    order = world.prescribe(world.order(subject_id, "C1D1"))
    order_id = order.id
    with attacker(database) as sql:
        sql("UPDATE infusion_orders SET status = 'verified' WHERE id = :id", {"id": order_id})
    with pytest.raises(InputError, match="does not hold what its audit trail says") as refused:
        world.prepare(order)
    assert "status 'verified', but its audit trail says 'prescribed'" in str(refused.value)
    with database.read_session_factory() as session:
        still = session.get(InfusionOrder, order_id)
        assert still is not None and still.status == OrderStatus.VERIFIED and not still.bags


def test_a_weight_changed_by_plain_sql_is_reported_inside_a_unit_of_work(
    database: Database, world: World
) -> None:
    subject_id = world.enrol("001-001", c1d1=C1D1)
    world.weigh(subject_id, "61")
    with attacker(database) as sql:
        sql("UPDATE weights SET weight_kg = '91' WHERE subject_id = :id", {"id": subject_id})
    with world.uow("pharmacist") as uow:
        weight = uow.session.query(Weight).filter_by(subject_id=subject_id).one()
        assert [p for p in record_problems(uow.session, weight) if "weight_kg '91'" in p and "'61'" in p]


def test_a_record_with_no_history_is_reported(database: Database, world: World) -> None:
    order_id = prescribed_order(world)
    with attacker(database) as sql:
        sql(
            "DELETE FROM audit_log WHERE table_name = 'infusion_orders' AND record_id = :id",
            {"id": str(order_id)},
        )
    with database.read_session_factory() as session:
        order = session.get(InfusionOrder, order_id)
        assert order is not None
        problems = record_problems(session, order)
    assert problems == [
        f"Infusion order {order_id} is in the database but has no audit history: it was added outside DoseDesk."
    ]


# --- two transitions out of one state --------------------------------------------------------------------


def verify_at_once(database: Database, world: World, order_id: int) -> None:
    """Two pharmacists verify the same prescribed order, each from what they read before the other wrote
    (the race before row versions: both were told 'verified'). The row version each writes from is made the
    current one, as a DoseDesk without the row versions would have written, so the race gets through."""
    read: list[InfusionOrder] = []
    for _ in range(2):
        with database.read_session_factory() as session:
            order = session.get(InfusionOrder, order_id)
            assert order is not None and order.status == OrderStatus.PRESCRIBED
            session.expunge(order)
            read.append(order)
    for who, seen in zip(("pharmacist", "pharmacist2"), read, strict=True):
        with database.read_session_factory() as session:
            current = session.get(InfusionOrder, order_id)
            assert current is not None
            set_committed_value(seen, "row_version", current.row_version)
        with world.uow(who) as uow:
            order = uow.session.merge(seen, load=False)  # acting on what was read, not on what is there now
            sign(uow, world.user(who), PASSWORD, SignatureMeaning.VERIFIED, order)
            order.status = OrderStatus.VERIFIED
            order.verified_by_id = world.user(who).id
            order.verified_at = world.now
            uow.commit()


def test_two_verifications_of_one_order_are_named_by_check_and_record_problems(
    database: Database, world: World
) -> None:
    order_id = prescribed_order(world)
    verify_at_once(database, world, order_id)
    with database.read_session_factory() as session:
        order = session.get(InfusionOrder, order_id)
        assert order is not None
        problems = record_problems(session, order)
    twice = [p for p in problems if "changes status from 'prescribed' twice" in p]
    assert twice and twice[0].startswith(f"Infusion order {order_id}: ")
    assert [p for p in problems if "carries 2 'verified' signatures" in p]
    assert set(problems) <= set(check_report(database).problems)


def test_a_step_taken_twice_is_named(database: Database, world: World) -> None:
    order_id = prescribed_order(world)
    with world.uow("pharmacist") as uow:
        uow.session.execute(
            text(
                "INSERT INTO infusion_order_steps (order_id, step, user_id, at) "
                "SELECT order_id, step, user_id, at FROM infusion_order_steps WHERE order_id = :id AND step = 'prescribed'"
            ),
            {"id": order_id},
        )
        uow.commit()
    assert [
        p
        for p in check_report(database).problems
        if f"Infusion order {order_id} has 2 'prescribed' steps" in p
    ]


def test_a_value_its_column_cannot_hold_is_named_not_a_crash(database: Database, world: World) -> None:
    """SQLite keeps whatever is written: a number in an exact decimal column (kept as text), text in a date
    column."""
    if not database.is_sqlite:
        pytest.skip("PostgreSQL's column types refuse such values themselves")
    subject_id = world.enrol("001-001", c1d1=C1D1)
    world.weigh(subject_id, "61")
    with attacker(database) as sql:
        sql("UPDATE weights SET weight_kg = 90.5 WHERE subject_id = :id", {"id": subject_id})
        sql(
            "UPDATE visits SET target_date = 'soon' WHERE subject_id = :id AND label = 'C1D1'",
            {"id": subject_id},
        )
    problems = check_report(database).problems
    assert [
        p for p in problems if "the database holds weight_kg '90.5', but its audit trail says '61'" in p
    ], problems
    assert [p for p in problems if "the database holds a target_date that is not a valid value ('soon')" in p]
