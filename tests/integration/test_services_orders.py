"""Infusion orders through the services on SQLite and PostgreSQL: every step, its signature and audit rows,
and every refusal changing nothing (docs/domain.md §4, §7 and §9)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from app.cli import main
from app.dosing.dose import WARNING_TEMPLATES
from app.dosing.order_codes import CHECK_ITEMS
from app.errors import InputError
from app.models import AuditLog, InfusionOrder, OrderStep, Signature, SignatureMeaning
from app.services import signatures as signatures_service
from app.services.audit import canonical_json
from app.services.clinical import LabInput, correct_weight, record_weight
from app.services.database import Database, check_database
from app.services.orders import (
    LotUse,
    cancel_order,
    check_order,
    create_order,
    prepare_order,
    prescribe_order,
    start_infusion,
    stop_infusion,
    verification_task,
    verify_order,
)
from app.services.orders import _base as orders_base
from app.services.paper import order_sheet, print_order
from app.services.queries import order_detail, pharmacy_queue, subject_chart
from app.services.signatures import record_signatures_valid, signature_valid, signatures_for
from app.services.stock import LotReceipt, list_lots, receive_shipment
from app.services.users import NotAllowedError
from app.text import Message, message_of

from ._services import (
    GOOD_LABS,
    PASSWORD,
    World,
    failed_sign_ins,
    snapshot,
    unchanged,
    wrong_password_counted,
)
from .test_paper import pdf_text

C1D1 = date(2026, 3, 4)  # a Wednesday


@pytest.fixture
def world(database: Database) -> World:
    world = World.build(database).at(date(2026, 3, 2))
    return world


@pytest.fixture
def subject_id(world: World) -> int:
    """Enrolled a week before C1D1 and signed eligible then (its screening labs too old for the criteria to
    treat on C1D1: each test records the labs of the day it needs)."""
    world.at(C1D1 - timedelta(days=7))
    subject = world.enrol(c1d1=C1D1)
    world.sign_eligibility(subject)
    world.at(C1D1, 8)
    return subject


def test_an_order_through_every_step(world: World, subject_id: int, database: Database) -> None:
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    draft = world.order(subject_id, "C1D1")
    assert (draft.status, draft.order_number, draft.planned_date) == ("draft", "001-001-C1D1-1", C1D1)
    # 5 mg/kg x 61 kg = 305 mg; 15.25 mL rounds half up to 15.3 mL = 306 mg; 2 vials of 200 mg, 94 mg waste
    assert (draft.calculated_dose_mg, draft.volume_to_draw_ml, draft.final_dose_mg) == (
        Decimal("305"),
        Decimal("15.3"),
        Decimal("306.0"),
    )
    assert (draft.vials, draft.waste_mg, draft.infusion_minutes) == (2, Decimal("94.0"), 60)
    assert draft.final_volume_ml == Decimal("115.3") and draft.warnings == ()
    assert [o.id for o in pharmacy_queue(world.uow(None), C1D1).to_prescribe] == [draft.id]

    prescribed = world.prescribe(draft)
    assert (prescribed.status, prescribed.prescribed_by) == ("prescribed", "Dr Zhang Wei")
    task = verification_task(world.uow("pharmacist2"), draft.id)
    assert (task.visit_label, task.subject_number) == ("C1D1", "001-001")
    assert not hasattr(task, "final_dose_mg")  # blind: the verifier sees no figure
    # ... but every input of the dose: the weight with its day, the level, the product, the rounding rule
    assert (task.weight_kg, task.weight_measured_on, task.dose_level_mg_per_kg) == (Decimal("61"), C1D1, 5)
    assert (task.vial_strength_mg, task.concentration_mg_per_ml, task.volume_rounding_ml) == (
        Decimal("200"),
        Decimal("20"),
        Decimal("0.1"),
    )
    assert "rounded half up to the nearest 0.1 mL" in task.rounding_text and task.may_verify
    verified = world.verify(prescribed)
    assert (verified.status, verified.verified_by) == ("verified", "Liu Yang")
    world.at(C1D1, 9)
    prepared = world.prepare(verified)
    assert (prepared.status, prepared.prepared_by, prepared.bag_number) == ("prepared", "Wang Fang", 1)
    assert prepared.beyond_use_at == world.now + timedelta(hours=4) and prepared.beyond_use_storage == "room"
    assert [(lot.lot_number, lot.vials) for lot in prepared.lots] == [("LOT-A1", 2)]
    assert prepared.use_before_state == "ok" and prepared.use_before_minutes == 4 * 60
    queue = pharmacy_queue(world.uow(None), C1D1)
    assert [o.id for o in queue.to_check] == [draft.id] and not queue.to_verify and not queue.to_prepare
    checked = world.check(prepared)
    assert (checked.status, checked.checked_by) == ("checked", "Liu Yang")
    assert [o.id for o in pharmacy_queue(world.uow(None), C1D1).ready] == [draft.id]
    started = world.start(checked)
    assert (started.status, started.started_by, started.started_at) == ("started", "Huang Li", world.now)
    assert started.planned_end == world.now + timedelta(minutes=60)
    assert world.visit(subject_id, "C1D1").status == "done"  # done, and the calendar follows, at the start
    assert [o.id for o in pharmacy_queue(world.uow(None), C1D1).running] == [draft.id]
    given = world.stop(started)
    assert (given.status, given.ended_by, given.volume_given_ml, given.dose_given_mg) == (
        "completed",
        "Huang Li",
        Decimal("115.3"),
        Decimal("306.0"),
    )
    assert given.administered_by is None and given.administration_recorded_by is None
    assert [s.step for s in given.steps] == [
        "created",
        "prescribed",
        "verified",
        "prepared",
        "checked",
        "started",
        "completed",
    ]
    assert all(s.signed for s in given.steps[1:])
    assert [s.signed_name for s in given.steps[1:]] == [
        "Dr Zhang Wei",
        "Liu Yang",
        "Wang Fang",
        "Liu Yang",
        "Huang Li",
        "Huang Li",
    ]

    chart = subject_chart(world.uow(None), subject_id)
    assert (chart.header.status, chart.header.c1d1) == ("on_treatment", C1D1)
    assert next(v for v in chart.visits if v.label == "C1D1").status == "done"
    with world.uow(None) as uow:
        order = uow.session.get(InfusionOrder, draft.id)
        assert order is not None and record_signatures_valid(uow.session, order)
        assert all(record_signatures_valid(uow.session, bag) for bag in order.bags)
        signatures = uow.session.execute(
            select(func.count()).select_from(Signature).where(Signature.record_table == "infusion_orders")
        ).scalar_one()
        on_bags = uow.session.execute(
            select(Signature.meaning).where(Signature.record_table == "infusion_bags").order_by(Signature.id)
        ).scalars()
        assert [str(m) for m in on_bags] == ["prepared", "checked"]
        status_rows = uow.session.execute(
            select(AuditLog.new_value, AuditLog.reason)
            .where(
                AuditLog.table_name == "infusion_orders",
                AuditLog.record_id == str(draft.id),
                AuditLog.field == "status",
            )
            .order_by(AuditLog.id)
        ).all()
    assert signatures == 4  # prescribed, verified, started, completed (the bag carries prepared and checked)
    assert [tuple(r) for r in status_rows] == [
        ("prescribed", "order 001-001-C1D1-1 prescribed"),
        ("verified", "order 001-001-C1D1-1 verified"),
        ("prepared", "order 001-001-C1D1-1 prepared"),
        ("checked", "order 001-001-C1D1-1 checked and released to the ward"),
        ("started", "order 001-001-C1D1-1 started"),
        ("completed", "order 001-001-C1D1-1 completed"),
    ]
    # the next dose is a later dose: 30 minutes when the first was tolerated
    world.at(date(2026, 3, 18), 8)
    world.weigh(subject_id, "61.2")
    assert world.order(subject_id, "C1D15").infusion_minutes == 30


def test_prescribing_needs_the_criteria_to_treat_or_the_investigators_reason(
    world: World, subject_id: int, database: Database
) -> None:
    world.weigh(subject_id, "61")
    draft = world.order(subject_id, "C1D1")  # an order is made without labs; prescribing checks them
    error = unchanged(database, lambda: world.prescribe(draft), InputError, "criteria to treat of C1D1")
    assert "no neutrophil count (ANC) result in the 3 days before the dose on 2026-03-04" in str(error)
    world.labs(subject_id, on=C1D1 - timedelta(days=4))  # a full panel, too old to count
    error = unchanged(database, lambda: world.prescribe(draft), InputError, "give your reason")
    assert "is 4 days old and no longer counts" in str(error)
    low = tuple(
        LabInput("neutrophils", Decimal("1.2"), "10^9/L") if lab.lab == "neutrophils" else lab
        for lab in GOOD_LABS
    )
    world.labs(subject_id, results=low)
    error = unchanged(database, lambda: world.prescribe(draft), InputError, "not met")
    assert "neutrophil count (ANC) 1.2 ×10⁹/L on 2026-03-04 is not ≥ 1.5 ×10⁹/L" in str(error)
    assert "platelet" not in str(error)  # only what is not met is named
    blank = "  "
    unchanged(
        database,
        lambda: prescribe_order(
            world.uow("investigator"), draft.id, PASSWORD, criteria_override_reason=blank
        ),
        InputError,
        "not met",
    )

    reason = "ANC 1.2 is her usual level (benign ethnic neutropenia); treat as planned"
    prescribed = prescribe_order(
        world.uow("investigator"), draft.id, PASSWORD, criteria_override_reason=f"  {reason} "
    )
    assert prescribed.status == "prescribed"
    override = prescribed.criteria_override
    assert override is not None and override.startswith(reason)
    assert "not met on 2026-03-04: neutrophil count (ANC) 1.2 ×10⁹/L" in override
    step = next(s for s in prescribed.steps if s.step == "prescribed")
    assert step.signed and step.note is not None and step.note.endswith(override)
    with world.uow(None) as uow:  # audited: the step's own create row, and the order's changes give why
        step_rows = uow.session.execute(
            select(AuditLog.new_value).where(
                AuditLog.table_name == "infusion_order_steps", AuditLog.action == "create"
            )
        ).scalars()
        assert any(reason in (row or "") for row in step_rows)
        status_reason = uow.session.execute(
            select(AuditLog.reason).where(
                AuditLog.table_name == "infusion_orders",
                AuditLog.record_id == str(draft.id),
                AuditLog.field == "status",
            )
        ).scalar_one()
        assert status_reason.startswith("order 001-001-C1D1-1 prescribed; criteria to treat not met")
        assert reason in status_reason
    # It stays on the order through the next steps, and prints on it.
    given = world.administer(world.prepare(world.verify(prescribed)))
    assert given.criteria_override == override
    sheet = order_sheet(world.uow(None), draft.order_number)
    [printed] = [line for line in sheet.acknowledgements if line.startswith("Criteria to treat not met")]
    assert reason in printed and "1.2 ×10^9/L" in printed  # the paper's fonts have no superscript 9
    assert reason in pdf_text(print_order(world.uow(None), draft.order_number))

    # With the criteria met, a reason overrides nothing and is not recorded.
    world.at(date(2026, 3, 18), 8)
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    met = prescribe_order(
        world.uow("investigator"),
        world.order(subject_id, "C1D15").id,
        PASSWORD,
        criteria_override_reason="just in case",
    )
    assert met.criteria_override is None and all(s.note is None for s in met.steps)


def test_creating_an_order_is_refused_without_a_usable_weight(
    world: World, subject_id: int, database: Database
) -> None:
    c1d1 = world.visit(subject_id, "C1D1").id
    unchanged(database, lambda: create_order(world.uow("pharmacist"), c1d1), InputError, "no weight")
    world.weigh(subject_id, "61", on=C1D1 - timedelta(days=4))
    unchanged(
        database, lambda: create_order(world.uow("pharmacist"), c1d1), InputError, "weigh the patient again"
    )
    world.weigh(subject_id, "54")  # 12% below the 61.4 kg baseline: a soft limit
    unchanged(database, lambda: create_order(world.uow("pharmacist"), c1d1), InputError, "acknowledgement")
    unchanged(
        database, lambda: create_order(world.uow("coordinator"), c1d1, "ok"), NotAllowedError, "pharmacist"
    )
    order = create_order(world.uow("pharmacist"), c1d1, "weight loss confirmed on the clinic scale")
    assert (
        order.warnings_acknowledged
        and order.acknowledgement_reason == "weight loss confirmed on the clinic scale"
    )
    assert any("baseline" in w for w in order.warnings)
    # Read back from the record (stored as the signed English), the warning is the sentence that made it again.
    [stored] = order_detail(world.uow("pharmacist"), order.id).warnings
    assert isinstance(stored, Message) and stored.template in WARNING_TEMPLATES
    assert stored.params["weight"] == "54 kg" and stored.params["reference"] == "61.4 kg"
    unchanged(
        database, lambda: create_order(world.uow("pharmacist"), c1d1, "x"), InputError, "already has order"
    )
    c1d15 = world.visit(subject_id, "C1D15").id
    unchanged(database, lambda: create_order(world.uow("pharmacist"), c1d15), InputError, "order C1D1 first")
    scr = world.visit(subject_id, "SCR").id
    unchanged(database, lambda: create_order(world.uow("pharmacist"), scr), InputError, "not a dose visit")
    # a weight an order rests on cannot be corrected under it
    weight_id = subject_chart(world.uow(None), subject_id).weights[-1].id
    unchanged(
        database,
        lambda: correct_weight(world.uow("coordinator"), weight_id, Decimal("55"), "typo"),
        InputError,
        "cancel the order first",
    )
    unchanged(
        database,
        lambda: record_weight(world.uow("coordinator"), subject_id, Decimal("612"), C1D1, "nurse"),
        InputError,
        "check the weight",
    )


def _mismatch_recorded(database: Database, action: object, match: str) -> InputError:
    """A blind verification that does not match: refused, nothing signed, and only its "mismatch" step (with
    the step's audit row) kept on the order."""
    before = snapshot(database)
    with pytest.raises(InputError) as caught:
        action()  # type: ignore[operator]
    assert match.lower() in str(caught.value).lower(), str(caught.value)
    after = snapshot(database)
    changed = {table for table in before if before[table] != after[table]}
    assert changed == {"infusion_order_steps", "audit_log"}, changed
    new_steps = [row for row in after["infusion_order_steps"] if row not in before["infusion_order_steps"]]
    assert len(new_steps) == 1 and "mismatch" in str(new_steps[0])
    return caught.value


def test_verification_is_blind_and_never_by_who_made_or_prescribed_it(
    world: World, subject_id: int, database: Database
) -> None:
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    order = world.prescribe(world.order(subject_id, "C1D1"))

    def verify(who: str, **figures: Decimal) -> object:
        values = {
            "weight_kg": order.weight_kg,
            "dose_level_mg_per_kg": order.dose_level_mg_per_kg,
            "final_dose_mg": order.final_dose_mg,
            "volume_to_draw_ml": order.volume_to_draw_ml,
        }
        values.update(figures)
        return verify_order(world.uow(who), order.id, PASSWORD, **values)

    error = _mismatch_recorded(
        database, lambda: verify("pharmacist2", final_dose_mg=Decimal("305")), "final dose"
    )
    assert "306" not in str(error)  # the order's figure is not given away
    said = message_of(error)
    assert isinstance(said, Message) and isinstance(
        said.params["figure"], Message
    )  # said in the window's words
    _mismatch_recorded(database, lambda: verify("pharmacist2", weight_kg=Decimal("16")), "weight")
    both = _mismatch_recorded(
        database,
        lambda: verify("pharmacist2", weight_kg=Decimal("16"), final_dose_mg=Decimal("305")),
        "Your weight and final dose do not match order",
    )
    assert "306" not in str(both)
    mismatches = [s for s in order_detail(world.uow("investigator"), order.id).steps if s.step == "mismatch"]
    assert [(s.user_name, s.signed, s.note) for s in mismatches][-1] == (
        "Liu Yang",
        False,
        "blind verification did not match the order: weight and final dose",
    )
    unchanged(database, lambda: verify("coordinator"), NotAllowedError, "pharmacist")
    # the pharmacist who made the order has seen its figures: another one verifies it
    unchanged(database, lambda: verify("pharmacist"), InputError, "you made order")
    wrong_password_counted(
        database,
        lambda: verify_order(
            world.uow("pharmacist2"),
            order.id,
            "wrong password",
            weight_kg=order.weight_kg,
            dose_level_mg_per_kg=order.dose_level_mg_per_kg,
            final_dose_mg=order.final_dose_mg,
        ),
        "pharmacist2",
    )
    # a person with both roles who prescribed may not verify the same order
    world.at(C1D1, 9)
    world.cancel(order, "investigator", "re-prescribed by Dr Sun")
    second = create_order(world.uow("pharmacist"), world.visit(subject_id, "C1D1").id)
    second = prescribe_order(world.uow("doctor_pharmacist"), second.id, PASSWORD)
    unchanged(
        database,
        lambda: verify_order(
            world.uow("doctor_pharmacist"),
            second.id,
            PASSWORD,
            weight_kg=second.weight_kg,
            dose_level_mg_per_kg=second.dose_level_mg_per_kg,
            final_dose_mg=second.final_dose_mg,
        ),
        InputError,
        "you prescribed",
    )
    assert world.verify(second).verified_by == "Liu Yang"
    assert order_detail(world.uow(None), order.id).status == "cancelled"


def test_preparation_check_and_the_bedside(world: World, subject_id: int, database: Database) -> None:
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    order = world.verify(world.prescribe(world.order(subject_id, "C1D1")))
    world.at(C1D1, 9)

    def prepare(*lots: LotUse, refrigerated: bool = False, who: str = "pharmacist") -> object:
        return prepare_order(
            world.uow(who),
            order.id,
            PASSWORD,
            lots=list(lots),
            prepared_at=world.now,
            refrigerated=refrigerated,
        )

    unchanged(
        database,
        lambda: prepare(LotUse("L1", C1D1 - timedelta(days=1), 2, Decimal("15.3"))),
        InputError,
        "expired",
    )
    unchanged(
        database, lambda: prepare(LotUse("L1", date(2027, 1, 1), 3, Decimal("15.3"))), InputError, "needs 2"
    )
    unchanged(
        database, lambda: prepare(LotUse("L1", date(2027, 1, 1), 2, Decimal("15"))), InputError, "15.3 mL"
    )
    unchanged(database, lambda: prepare(), InputError, "which lots")
    unchanged(
        database,
        lambda: prepare(LotUse("L1", date(2027, 1, 1), 2, Decimal("15.3"))),
        InputError,
        "There is no lot L1 in stock",
    )
    receive_shipment(
        world.uow("pharmacist"),
        reference="SH-1",
        received_on=world.today,
        lots=[
            LotReceipt("L1", Decimal("200"), date(2027, 1, 1), 5),
            LotReceipt("L2", Decimal("200"), date(2027, 2, 1), 5),
        ],
        protocol_id="nct07343453",
    )
    unchanged(
        database,
        lambda: prepare(
            LotUse("L1", date(2027, 1, 1), 1, Decimal("10")),
            LotUse("L3", date(2027, 2, 1), 1, Decimal("5.3")),
        ),
        InputError,
        "no lot L3",
    )
    # the verifier does not prepare the bag (separation of duties)
    unchanged(
        database,
        lambda: prepare(LotUse("L1", date(2027, 1, 1), 2, Decimal("15.3")), who="pharmacist2"),
        InputError,
        "another pharmacist prepares it",
    )
    prepared = prepare(
        LotUse("L1", date(2027, 1, 1), 1, Decimal("10")),
        LotUse("L2", date(2027, 2, 1), 1, Decimal("5.3")),
        refrigerated=True,
    )
    assert prepared.beyond_use_at == world.now + timedelta(hours=24)  # type: ignore[attr-defined]
    # One vial from each lot; the partial vial (the last lot named) carries the 94 mg of waste.
    lots = {lot.lot_number: lot for lot in list_lots(world.uow(None))}
    assert [(lots[n].dispensed, lots[n].on_hand, lots[n].wasted_mg) for n in ("L1", "L2")] == [
        (1, 4, Decimal(0)),
        (1, 4, Decimal("94.0")),
    ]

    def start(bag: str = order.order_number, subject: str = "ID-001-001", **kw: object) -> object:
        return start_infusion(
            world.uow("nurse"), order.id, PASSWORD, bag_code=bag, subject_code=subject, **kw
        )

    everything = [item.value for item in CHECK_ITEMS]
    unchanged(database, lambda: start(), InputError, "has not had its product check")
    unchanged(
        database,
        lambda: check_order(world.uow("pharmacist"), order.id, PASSWORD, confirmed=everything),
        InputError,
        "a second pharmacist checks it",
    )
    unchanged(
        database,
        lambda: check_order(world.uow("pharmacist2"), order.id, PASSWORD, confirmed=everything[:-1]),
        InputError,
        "the use-before time on the label",
    )
    unchanged(
        database,
        lambda: check_order(world.uow("nurse"), order.id, PASSWORD, confirmed=everything),
        NotAllowedError,
        "pharmacist",
    )
    world.at(C1D1, 9, 10)
    checked = check_order(world.uow("pharmacist2"), order.id, PASSWORD, confirmed=everything)
    assert (checked.status, checked.checked_by) == ("checked", "Liu Yang")

    world.at(C1D1 + timedelta(days=1), 12)  # 27 hours after preparation: the 24 h in the fridge are over
    unchanged(database, lambda: start(), InputError, "EXPIRED — do not give")
    unchanged(
        database,
        lambda: start_infusion(
            world.uow("pharmacist"), order.id, PASSWORD, bag_code=order.order_number, subject_code="001-001"
        ),
        NotAllowedError,
        "nurse",
    )
    at_nine = world.now - timedelta(hours=26, minutes=50)  # C1D1 09:10, when it was checked
    unchanged(
        database, lambda: start(started_at=at_nine - timedelta(minutes=5)), InputError, "before the bag was"
    )
    unchanged(database, lambda: start(bag="001-001-C1D1-2", started_at=at_nine), InputError, "do not hang it")
    unchanged(database, lambda: start(subject="ID-001-002", started_at=at_nine), InputError, "wristband")
    unchanged(database, lambda: start(started_at=world.now + timedelta(hours=1)), InputError, "future")
    started = start(subject=" 001-001 ", started_at=at_nine + timedelta(minutes=50))  # typed, not scanned
    assert started.status == "started"  # type: ignore[attr-defined]
    unchanged(database, lambda: world.cancel(order), InputError, "started")

    def stop(**kw: object) -> object:
        return stop_infusion(world.uow("nurse"), order.id, PASSWORD, **kw)

    began = at_nine + timedelta(minutes=50)
    unchanged(
        database, lambda: stop(ended_at=began - timedelta(minutes=1)), InputError, "end after it starts"
    )
    unchanged(database, lambda: stop(ended_at=world.now + timedelta(hours=1)), InputError, "future")
    unchanged(
        database, lambda: stop(volume_given_ml=Decimal("200")), InputError, "more cannot have been given"
    )
    unchanged(
        database, lambda: stop(volume_given_ml=Decimal("50")), InputError, "why the infusion was stopped"
    )
    unchanged(
        database,
        lambda: stop(volume_given_ml=Decimal("50"), reason="other"),
        InputError,
        "why the infusion was stopped",
    )
    stopped = stop(
        ended_at=began + timedelta(minutes=25),
        volume_given_ml=Decimal("50"),
        reason="patient_request",
        note="wanted to go home",
    )
    # 50 of 115.3 mL of a 306 mg bag: 132.7 mg given (EX: the dose actually given)
    assert (stopped.status, stopped.volume_given_ml, stopped.dose_given_mg) == (  # type: ignore[attr-defined]
        "stopped",
        Decimal("50"),
        Decimal("132.7"),
    )
    assert (stopped.stop_reason_code, stopped.stop_reason) == ("patient_request", "wanted to go home")  # type: ignore[attr-defined]
    assert check_database(database) == []


def test_cancel_at_any_step_before_the_start_and_order_again(
    world: World, subject_id: int, database: Database
) -> None:
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    visit = world.visit(subject_id, "C1D1").id
    steps = [lambda o: o, world.prescribe, lambda o: world.verify(world.prescribe(o))]
    for number, advance in enumerate(steps, start=1):
        order = create_order(world.uow("pharmacist"), visit)
        assert order.order_number == f"001-001-C1D1-{number}"
        order = advance(order)
        unchanged(
            database,
            lambda o=order: cancel_order(
                world.uow("pharmacist"), o.id, PASSWORD, reason="other", detail="  "
            ),
            InputError,
            "say why",
        )
        unchanged(
            database,
            lambda o=order: cancel_order(world.uow("pharmacist"), o.id, PASSWORD, reason="whatever"),
            InputError,
            "choose why",
        )
        unchanged(
            database,
            lambda o=order: cancel_order(world.uow("coordinator"), o.id, PASSWORD, reason="did_not_attend"),
            NotAllowedError,
            "investigator",
        )
        wrong_password_counted(
            database,
            lambda o=order: cancel_order(world.uow("pharmacist"), o.id, "not it", reason="did_not_attend"),
            "pharmacist",
        )
        cancelled = world.cancel(order, detail=f"cancelled at step {number}")
        assert (
            cancelled.status,
            cancelled.cancel_reason_code,
            cancelled.cancel_reason,
            cancelled.cancelled_by,
        ) == ("cancelled", "other", f"cancelled at step {number}", "Wang Fang")
        assert cancelled.steps[-1].step == "cancelled" and cancelled.steps[-1].signed
    prepared = world.prepare(world.verify(world.prescribe(create_order(world.uow("pharmacist"), visit))))
    cancelled = cancel_order(world.uow("investigator"), prepared.id, PASSWORD, reason="patient_unwell")
    assert (cancelled.status, cancelled.cancel_reason_code, cancelled.cancel_reason) == (
        "cancelled",
        "patient_unwell",
        None,
    )
    # its bag was made: recorded as waste with its lots (the mg drawn from each), its vials gone from stock
    [bag] = cancelled.bags
    assert bag.wasted_at == world.now and bag.waste_reason_code == "patient_unwell"
    [lot] = list_lots(world.uow(None))
    assert (lot.dispensed, lot.wasted_mg) == (2, Decimal("94.0") + Decimal("306.0"))
    assert world.visit(subject_id, "C1D1").status == "planned"
    with database.session_factory() as session:
        order = session.get(InfusionOrder, cancelled.id)
        assert order is not None
        [signature] = signatures_for(session, order, SignatureMeaning.CANCELLED)
        assert signature.printed_name == "Dr Zhang Wei" and signature_valid(session, signature)
    assert check_database(database) == []


def test_an_order_made_at_the_same_moment_elsewhere_is_a_plain_refusal(
    world: World, subject_id: int, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.weigh(subject_id, "61")
    first = world.order(subject_id, "C1D1")
    world.cancel(first, detail="wrong visit")
    # Another workstation took the next order number between our check and our write.
    monkeypatch.setattr(orders_base, "_order_number", lambda session, subject, visit: first.order_number)
    unchanged(
        database,
        lambda: create_order(world.uow("pharmacist"), world.visit(subject_id, "C1D1").id),
        InputError,
        "another workstation",
    )


def _hash_without_a_note(order: InfusionOrder, meaning: SignatureMeaning) -> str:
    """The prescription hash as it was before the signature covered the prescribe step's note."""
    content = {name: getattr(order, name) for name in signatures_service._ORDER_PRESCRIPTION}
    text_signed = canonical_json(
        {"table": "infusion_orders", "meaning": meaning, "content": canonical_json(content)}
    )
    return hashlib.sha256(text_signed.encode("utf-8")).hexdigest()


def test_the_prescription_signature_covers_the_criteria_override_reason(
    world: World,
    subject_id: int,
    database: Database,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world.weigh(subject_id, "61")
    low = tuple(
        LabInput("neutrophils", Decimal("1.2"), "10^9/L") if lab.lab == "neutrophils" else lab
        for lab in GOOD_LABS
    )
    world.labs(subject_id, results=low)
    reason = "ANC 1.2 is her usual level; treat as planned"
    overridden = world.verify(
        prescribe_order(
            world.uow("investigator"),
            world.order(subject_id, "C1D1").id,
            PASSWORD,
            criteria_override_reason=reason,
        )
    )
    other = world.enrol("001-002", c1d1=C1D1)
    world.at(C1D1, 8)
    world.weigh(other, "61")
    world.labs(other)
    plain = world.prescribe(world.order(other, "C1D1"))
    assert overridden.criteria_override is not None and plain.criteria_override is None

    with database.session_factory() as session:
        order = session.get(InfusionOrder, overridden.id)
        without = session.get(InfusionOrder, plain.id)
        assert order is not None and without is not None
        assert record_signatures_valid(session, order) and record_signatures_valid(session, without)
        [prescribed] = signatures_for(session, order, SignatureMeaning.PRESCRIBED)
        [plain_signature] = signatures_for(session, without, SignatureMeaning.PRESCRIBED)
        # A prescription without an override keeps the hash it always had; with one, the note is in it.
        assert plain_signature.record_hash == _hash_without_a_note(without, SignatureMeaning.PRESCRIBED)
        assert prescribed.record_hash != _hash_without_a_note(order, SignatureMeaning.PRESCRIBED)
        step = next(s for s in order.steps if s.step == OrderStep.PRESCRIBED)
        assert step.signature_id == prescribed.id and step.note is not None and reason in step.note
        step_id, note = step.id, step.note
        audited_steps = session.execute(
            select(func.count())
            .select_from(AuditLog)
            .where(AuditLog.table_name == "infusion_order_steps", AuditLog.record_id == str(step_id))
        ).scalar_one()
        assert audited_steps == 1  # one create row: the step was written with its signature, never updated
    assert check_database(database) == []

    # The reason altered after signing, behind DoseDesk's back: the signatures show it, and so does the check.
    with database.engine.begin() as connection:
        connection.execute(
            text("UPDATE infusion_order_steps SET note = :note WHERE id = :id"),
            {"note": note.replace("her usual level", "a lab error"), "id": step_id},
        )
    with database.session_factory() as session:
        order = session.get(InfusionOrder, overridden.id)
        without = session.get(InfusionOrder, plain.id)
        assert order is not None and without is not None
        validity = {s.meaning: signature_valid(session, s) for s in signatures_for(session, order)}
        assert validity == {"prescribed": False, "verified": False}
        assert record_signatures_valid(session, without)
    problems = check_database(database)
    assert len(problems) == 3 and f"Order step {step_id}: the database holds note " in problems[0]
    assert f"Signature {prescribed.id} (prescribed by Dr Zhang Wei" in problems[1]
    capsys.readouterr()
    assert main(["check", "--database", database_url]) == 1
    assert f"Signature {prescribed.id} (prescribed by Dr Zhang Wei" in capsys.readouterr().out

    # Put back as signed, the signatures are valid again: the hash is of the note, not of the moment.
    with database.engine.begin() as connection:
        connection.execute(
            text("UPDATE infusion_order_steps SET note = :note WHERE id = :id"), {"note": note, "id": step_id}
        )
    assert check_database(database) == []


def test_wrong_passwords_at_an_e_signature_count_toward_the_lockout_and_a_right_one_resets_them(
    world: World, subject_id: int, database: Database
) -> None:
    from app.services.users import MAX_FAILED_SIGN_INS, SignInError, sign_in

    world.weigh(subject_id, "61")
    world.labs(subject_id)
    order = world.order(subject_id, "C1D1")

    def prescribe(password: str) -> object:
        return prescribe_order(world.uow("investigator"), order.id, password)

    for tries in range(1, MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(InputError, match="password is wrong"):
            prescribe("not my password")
        assert failed_sign_ins(database, "investigator") == tries
    prescribe(PASSWORD)  # a right password at a signature starts the count again
    assert failed_sign_ins(database, "investigator") == 0
    assert order_detail(world.uow("investigator"), order.id).status == "prescribed"

    cancelled = world.cancel(order, "investigator", "dose to be re-checked")  # signed: the count starts again
    assert cancelled.status == "cancelled"
    # at sign-in and at signing the wrong passwords add up: the fifth in a row locks the account
    for _ in range(2):
        with pytest.raises(SignInError):
            sign_in(world.uow(None), "investigator", "not my password")
    again = world.order(subject_id, "C1D1")
    for _ in range(2):
        with pytest.raises(InputError, match="password is wrong"):
            prescribe_order(world.uow("investigator"), again.id, "not my password")
    with pytest.raises(InputError, match="now locked"):
        prescribe_order(world.uow("investigator"), again.id, "not my password")
    assert failed_sign_ins(database, "investigator") == MAX_FAILED_SIGN_INS
    with pytest.raises(InputError, match="cannot be used"):
        prescribe_order(world.uow("investigator"), again.id, PASSWORD)
    with pytest.raises(SignInError, match="locked"):
        sign_in(world.uow(None), "investigator", PASSWORD)
    assert order_detail(world.uow("investigator"), again.id).status == "draft"


def test_a_patients_history_names_people_and_finds_its_sentences_again(
    world: World, subject_id: int, database: Database
) -> None:
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    order = world.prescribe(world.order(subject_id, "C1D1"))
    world.cancel(order, "investigator", "re-weigh the patient")
    history = subject_chart(world.uow("investigator"), subject_id).history
    prescriber = [r for r in history if r.field == "prescribed_by_id" and r.new_value]
    assert prescriber and prescriber[-1].new_value == "Dr Zhang Wei"  # a person, not a user number
    reasons = [r.new_value for r in history if r.field == "cancel_reason" and r.new_value]
    assert reasons == ["re-weigh the patient"]  # typed by a person: as typed


def test_a_screen_failure_in_the_history_is_its_code_and_the_words_typed(
    world: World, database: Database
) -> None:
    from app.services.subjects import record_screen_failure

    failed = world.enrol("001-002")
    record_screen_failure(world.uow("coordinator"), failed, "platelets too low at screening")
    history = subject_chart(world.uow("investigator"), failed).history
    assert {r.new_value for r in history if r.field == "status_reason_code" and r.new_value} == {"screen_failure"}
    assert {r.new_value for r in history if r.field == "status_reason" and r.new_value} == {
        "platelets too low at screening"
    }
    visits = subject_chart(world.uow("investigator"), failed).visits
    said = {v.status_reason for v in visits if v.status == "cancelled"}
    assert said == {"Screen failure: platelets too low at screening"}
    assert all(isinstance(v.status_reason, Message) for v in visits if v.status == "cancelled")
