"""Infusion orders through the services on SQLite and PostgreSQL: every step, its signature and audit rows,
and every refusal changing nothing (DOMAIN.md sections 4, 7 and 9)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from app.cli import main
from app.dosing.dose import WARNING_TEMPLATES
from app.errors import InputError
from app.models import AuditLog, InfusionOrder, OrderStep, Signature, SignatureMeaning
from app.services import orders as orders_service
from app.services import signatures as signatures_service
from app.services.audit import canonical_json
from app.services.clinical import LabInput, correct_weight, record_weight
from app.services.database import Database, check_database
from app.services.orders import (
    LotUse,
    administer_order,
    cancel_order,
    create_order,
    prepare_order,
    prescribe_order,
    verification_task,
    verify_order,
)
from app.services.paper import order_sheet, print_order
from app.services.queries import order_detail, pharmacy_queue, subject_chart
from app.services.signatures import record_signatures_valid, signature_valid, signatures_for
from app.services.stock import LotReceipt, list_lots, receive_shipment
from app.services.users import NotAllowedError
from app.text import Message, message_of

from ._services import GOOD_LABS, PASSWORD, World, failed_sign_ins, unchanged, wrong_password_counted
from .test_paper import pdf_text

C1D1 = date(2026, 3, 4)  # a Wednesday


@pytest.fixture
def world(database: Database) -> World:
    world = World.build(database).at(date(2026, 3, 2))
    return world


@pytest.fixture
def subject_id(world: World) -> int:
    subject = world.enrol(c1d1=C1D1)
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
    verified = world.verify(prescribed)
    assert (verified.status, verified.verified_by) == ("verified", "Liu Yang")
    world.at(C1D1, 9)
    prepared = world.prepare(verified)
    assert (prepared.status, prepared.prepared_by) == ("prepared", "Wang Fang")
    assert prepared.beyond_use_at == world.now + timedelta(hours=4) and prepared.beyond_use_storage == "room"
    assert [(lot.lot_number, lot.vials) for lot in prepared.lots] == [("LOT-A1", 2)]
    queue = pharmacy_queue(world.uow(None), C1D1)
    assert [o.id for o in queue.prepared] == [draft.id] and not queue.to_verify and not queue.to_prepare
    given = world.administer(prepared)
    assert (given.status, given.administered_by, given.administration_recorded_by) == (
        "administered",
        "Nurse Ho",
        "Dr Zhang Wei",
    )
    assert [s.step for s in given.steps] == ["created", "prescribed", "verified", "prepared", "administered"]
    assert all(s.signed for s in given.steps[1:])

    chart = subject_chart(world.uow(None), subject_id)
    assert (chart.header.status, chart.header.c1d1) == ("on_treatment", C1D1)
    assert next(v for v in chart.visits if v.label == "C1D1").status == "done"
    with world.uow(None) as uow:
        order = uow.session.get(InfusionOrder, draft.id)
        assert order is not None and record_signatures_valid(uow.session, order)
        signatures = uow.session.execute(
            select(func.count()).select_from(Signature).where(Signature.record_table == "infusion_orders")
        ).scalar_one()
        status_rows = uow.session.execute(
            select(AuditLog.new_value, AuditLog.reason)
            .where(
                AuditLog.table_name == "infusion_orders",
                AuditLog.record_id == str(draft.id),
                AuditLog.field == "status",
            )
            .order_by(AuditLog.id)
        ).all()
    assert signatures == 4
    assert [tuple(r) for r in status_rows] == [
        ("prescribed", "order 001-001-C1D1-1 prescribed"),
        ("verified", "order 001-001-C1D1-1 verified"),
        ("prepared", "order 001-001-C1D1-1 prepared"),
        ("administered", "order 001-001-C1D1-1 administered"),
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


def test_verification_is_blind_and_never_by_the_prescriber(
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

    error = unchanged(
        database, lambda: verify("pharmacist", final_dose_mg=Decimal("305")), InputError, "final dose"
    )
    assert "306" not in str(error)  # the order's figure is not given away
    said = message_of(error)
    assert isinstance(said, Message) and isinstance(
        said.params["figure"], Message
    )  # said in the window's words
    unchanged(database, lambda: verify("pharmacist", weight_kg=Decimal("16")), InputError, "weight")
    both = unchanged(
        database,
        lambda: verify("pharmacist", weight_kg=Decimal("16"), final_dose_mg=Decimal("305")),
        InputError,
        "Your weight and final dose do not match order",
    )
    assert "306" not in str(both)
    unchanged(database, lambda: verify("coordinator"), NotAllowedError, "pharmacist")
    wrong_password_counted(
        database,
        lambda: verify_order(
            world.uow("pharmacist"),
            order.id,
            "wrong password",
            weight_kg=order.weight_kg,
            dose_level_mg_per_kg=order.dose_level_mg_per_kg,
            final_dose_mg=order.final_dose_mg,
        ),
        "pharmacist",
    )
    # a person with both roles who prescribed may not verify the same order
    world.at(C1D1, 9)
    cancel_order(world.uow("investigator"), order.id, "re-prescribed by Dr Sun")
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


def test_preparation_and_administration_checks(world: World, subject_id: int, database: Database) -> None:
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    order = world.verify(world.prescribe(world.order(subject_id, "C1D1")))
    world.at(C1D1, 9)

    def prepare(*lots: LotUse, refrigerated: bool = False) -> object:
        return prepare_order(
            world.uow("pharmacist"),
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

    def administer(start_hours: float, minutes: int = 60) -> object:
        start = world.now + timedelta(hours=start_hours)
        return administer_order(
            world.uow("pharmacist"),
            order.id,
            PASSWORD,
            started_at=start,
            ended_at=start + timedelta(minutes=minutes),
            nurse="Nurse Ho",
        )

    world.at(C1D1 + timedelta(days=1), 12)  # 27 hours after preparation
    unchanged(database, lambda: administer(-2), InputError, "beyond use")
    unchanged(database, lambda: administer(-3, -10), InputError, "end after it starts")
    unchanged(database, lambda: administer(1), InputError, "future")
    unchanged(
        database,
        lambda: administer_order(
            world.uow("coordinator"), order.id, PASSWORD, started_at=world.now, ended_at=world.now, nurse="x"
        ),
        NotAllowedError,
        "pharmacist",
    )
    given = administer(-26)
    assert given.status == "administered"  # type: ignore[attr-defined]
    unchanged(
        database, lambda: cancel_order(world.uow("pharmacist"), order.id, "late"), InputError, "administered"
    )


def test_cancel_at_any_step_and_order_again(world: World, subject_id: int, database: Database) -> None:
    world.weigh(subject_id, "61")
    world.labs(subject_id)
    visit = world.visit(subject_id, "C1D1").id
    steps = [lambda o: o, world.prescribe, lambda o: world.verify(world.prescribe(o))]
    for number, advance in enumerate(steps, start=1):
        order = create_order(world.uow("pharmacist"), visit)
        assert order.order_number == f"001-001-C1D1-{number}"
        order = advance(order)
        unchanged(
            database, lambda o=order: cancel_order(world.uow("pharmacist"), o.id, "  "), InputError, "reason"
        )
        unchanged(
            database,
            lambda o=order: cancel_order(world.uow("coordinator"), o.id, "x"),
            NotAllowedError,
            "investigator",
        )
        cancelled = cancel_order(world.uow("pharmacist"), order.id, f"cancelled at step {number}")
        assert (cancelled.status, cancelled.cancel_reason, cancelled.cancelled_by) == (
            "cancelled",
            f"cancelled at step {number}",
            "Wang Fang",
        )
        assert cancelled.steps[-1].step == "cancelled"
    prepared = world.prepare(world.verify(world.prescribe(create_order(world.uow("pharmacist"), visit))))
    assert cancel_order(world.uow("investigator"), prepared.id, "patient unwell today").status == "cancelled"
    assert world.visit(subject_id, "C1D1").status == "planned"


def test_an_order_made_at_the_same_moment_elsewhere_is_a_plain_refusal(
    world: World, subject_id: int, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.weigh(subject_id, "61")
    first = world.order(subject_id, "C1D1")
    cancel_order(world.uow("pharmacist"), first.id, "wrong visit")
    # Another workstation took the next order number between our check and our write.
    monkeypatch.setattr(orders_service, "_order_number", lambda session, subject, visit: first.order_number)
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

    # at sign-in and at signing the wrong passwords add up: the fifth in a row locks the account
    for _ in range(2):
        with pytest.raises(SignInError):
            sign_in(world.uow(None), "investigator", "not my password")
    cancelled = cancel_order(world.uow("investigator"), order.id, "dose to be re-checked")
    assert cancelled.status == "cancelled"
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
    cancel_order(world.uow("investigator"), order.id, "re-weigh the patient")
    history = subject_chart(world.uow("investigator"), subject_id).history
    prescriber = [r for r in history if r.field == "prescribed_by_id" and r.new_value]
    assert prescriber and prescriber[-1].new_value == "Dr Zhang Wei"  # a person, not a user number
    reasons = [r.new_value for r in history if r.field == "cancel_reason" and r.new_value]
    assert reasons == ["re-weigh the patient"]  # typed by a person: as typed


def test_a_screen_failure_in_the_history_is_the_sentence_that_made_it(
    world: World, database: Database
) -> None:
    from app.services.subjects import record_screen_failure

    failed = world.enrol("001-002")
    record_screen_failure(world.uow("coordinator"), failed, "platelets too low at screening")
    history = subject_chart(world.uow("investigator"), failed).history
    [said] = {r.new_value for r in history if r.field == "status_reason" and r.new_value}
    assert isinstance(said, Message) and said.template == "Screen failure: {reason}"
    assert str(said) == "Screen failure: platelets too low at screening"
