"""The order life of issue 13 through the services, on SQLite and PostgreSQL:

- separation of duties, each rule relaxed only by the protocol file's [order_checks];
- a bag past its use-before time: never checked or started, only made again (the old bag wasted with its lots,
  a new preparation signed) or the order cancelled; the optional gravimetric check of the bag;
- interruptions, a reaction (later infusions take the first-dose duration; the toxicity recorded from it is
  linked), stopped early with the volume and the dose given;
- blind means blind in every read model, the audit trail's views and the headless commands (`--user`);
- the wristband document; the stock alerts of bags near and past their use-before time.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.dosing.order_codes import CHECK_ITEMS
from app.errors import InputError
from app.models import InfusionOrder, MovementKind, StockMovement
from app.protocol import load_protocol
from app.protocol.model import OrderChecks
from app.services import stock
from app.services.audit_trail import audit_trail
from app.services.database import Database, check_database
from app.services.orders import (
    LotUse,
    check_order,
    end_interruption,
    link_reaction,
    prepare_order,
    record_interruption,
    record_reaction,
    remake_order,
    stop_infusion,
    verify_order,
)
from app.services.protocols import reset_protocol_files, use_protocol_file
from app.services.queries import (
    WITHHELD,
    find_order,
    list_orders,
    order_detail,
    pharmacy_queue,
    subject_chart,
)
from app.services.signatures import record_signatures_valid
from app.services.toxicities import record_toxicity
from app.services.users import create_user

from ._services import PASSWORD, World, unchanged
from .test_paper import pdf_text

C1D1 = date(2026, 3, 4)
EVERYTHING = [item.value for item in CHECK_ITEMS]


@pytest.fixture(autouse=True)
def _shipped_protocols() -> Iterator[None]:
    yield
    reset_protocol_files()


@pytest.fixture
def world(database: Database) -> World:
    return World.build(database).at(date(2026, 3, 2))


def _ready(world: World, number: str = "001-001", kg: str = "61") -> int:
    subject = world.enrol(number, c1d1=C1D1)
    world.at(C1D1, 8)
    world.weigh(subject, kg)
    world.labs(subject)
    return subject


def _site_protocol(world: World, **checks: object) -> None:
    """The site's own protocol file: the shipped one with `checks` in its [order_checks], signed off."""
    shipped = load_protocol("nct07343453")
    changed = dataclasses.replace(shipped.order_checks, **checks)  # type: ignore[arg-type]
    use_protocol_file(dataclasses.replace(shipped, order_checks=changed, fingerprint="c" * 64))
    world.sign_off()


def test_a_site_may_relax_each_separation_of_duties_in_its_protocol_file(
    world: World, database: Database
) -> None:
    subject = _ready(world)
    _site_protocol(
        world, verifier_not_prescriber=False, preparer_not_verifier=False, checker_not_preparer=False
    )
    order = world.prescribe(world.order(subject, "C1D1"))
    # Wang Fang made it, verifies it, prepares it and checks it: the site allows it.
    verified = world.verify(order, "pharmacist")
    assert verified.verified_by == "Wang Fang"
    prepared = world.prepare(verified, "pharmacist")
    checked = world.check(prepared, "pharmacist")
    assert (checked.status, checked.checked_by, checked.prepared_by) == ("checked", "Wang Fang", "Wang Fang")
    # With the shipped file again (every rule on), the same is refused step by step.
    world.stop(world.start(checked))
    reset_protocol_files()
    world.at(date(2026, 3, 18), 8)
    world.weigh(subject, "61")
    world.labs(subject)
    second = world.prescribe(world.order(subject, "C1D15"))
    unchanged(database, lambda: world.verify(second, "pharmacist"), InputError, "you made order")
    verified = world.verify(second)
    unchanged(
        database, lambda: world.prepare(verified, "pharmacist2"), InputError, "another pharmacist prepares"
    )
    prepared = world.prepare(verified)
    unchanged(database, lambda: world.check(prepared, "pharmacist"), InputError, "a second pharmacist checks")


def test_a_bag_past_its_use_before_time_is_only_made_again_or_cancelled(
    world: World, database: Database
) -> None:
    subject = _ready(world)
    order = world.verify(world.prescribe(world.order(subject, "C1D1")))
    prepared = world.prepare(order)
    assert prepared.use_before_state == "ok"
    world.now += timedelta(hours=3, minutes=30)
    assert order_detail(world.uow("pharmacist"), order.id).use_before_state == "soon"
    assert pharmacy_queue(world.uow(None), C1D1).to_check[0].use_before_minutes == 30
    alerts = [a for a in stock.stock_alerts(world.uow(None)) if a.kind.startswith("bag_")]
    assert [(a.kind, a.order_number, a.minutes_left) for a in alerts] == [
        ("bag_expiring", order.order_number, 30)
    ]
    unchanged(
        database,
        lambda: remake_order(
            world.uow("pharmacist"), order.id, PASSWORD, reason="expired", lots=[], note=None
        ),
        InputError,
        "it has not expired",
    )
    world.now += timedelta(minutes=31)  # 4 h 1 min after the preparation
    row = order_detail(world.uow("pharmacist"), order.id)
    assert row.expired and row.use_before_minutes == -1
    [alert] = [a for a in stock.stock_alerts(world.uow(None)) if a.kind.startswith("bag_")]
    assert alert.kind == "bag_expired" and "EXPIRED — do not give" in alert.message
    unchanged(
        database,
        lambda: check_order(world.uow("pharmacist2"), order.id, PASSWORD, confirmed=EVERYTHING),
        InputError,
        "EXPIRED — do not give",
    )
    lot = world.stock_lot()
    before = {line.lot_number: line for line in stock.list_lots(world.uow(None))}["LOT-A1"]
    remade = remake_order(
        world.uow("pharmacist"),
        order.id,
        PASSWORD,
        reason="expired",
        note="patient delayed in radiology",
        lots=[LotUse("LOT-A1", lot, 2, Decimal("15.3"))],
    )
    assert (remade.status, remade.bag_number, remade.use_before_state) == ("prepared", 2, "ok")
    old, new = remade.bags
    assert (old.wasted_at, old.waste_reason_code, old.waste_note) == (
        world.now,
        "expired",
        "patient delayed in radiology",
    )
    assert new.wasted_at is None and new.beyond_use_at == world.now + timedelta(hours=4)
    # Stock: the new bag took two more vials and its partial vial's waste; the old bag's 306 mg are waste.
    after = {line.lot_number: line for line in stock.list_lots(world.uow(None))}["LOT-A1"]
    assert after.dispensed - before.dispensed == 2
    assert after.wasted_mg - before.wasted_mg == Decimal("94.0") + Decimal("306.0")
    with database.session_factory() as session:
        wasted = session.execute(
            select(StockMovement.waste_mg, StockMovement.preparation_line_id).where(
                StockMovement.order_id == order.id, StockMovement.kind == MovementKind.WASTE
            )
        ).all()
        assert sorted(mg for mg, _line in wasted) == [Decimal("94.0"), Decimal("94.0"), Decimal("306.0")]
        stored = session.get(InfusionOrder, order.id)
        assert stored is not None and record_signatures_valid(session, stored)
        assert all(
            record_signatures_valid(session, bag) for bag in stored.bags
        )  # the old bag's signature too
    assert [s.step for s in remade.steps][-2:] == ["remade", "prepared"]
    given = world.stop(world.start(world.check(remade)))
    assert given.status == "completed"
    assert check_database(database) == []


def test_the_gravimetric_check_of_the_bag(world: World, database: Database) -> None:
    subject = _ready(world)
    _site_protocol(world, weigh_bag=True, solution_density_g_per_ml=Decimal("1.0"),
                   bag_weight_tolerance_percent=Decimal("5"))  # fmt: skip
    order = world.verify(world.prescribe(world.order(subject, "C1D1")))
    lots = [LotUse("LOT-A1", world.stock_lot(), 2, Decimal("15.3"))]
    unchanged(
        database,
        lambda: prepare_order(world.uow("pharmacist"), order.id, PASSWORD, lots=lots),
        InputError,
        "Weigh the diluent bag",
    )
    prepared = prepare_order(world.uow("pharmacist"), order.id, PASSWORD, lots=lots, tare_g=Decimal("118.0"))
    assert prepared.bags[0].tare_g == Decimal("118.0")

    def check(weighed: str | None) -> object:
        grams = Decimal(weighed) if weighed is not None else None
        return check_order(
            world.uow("pharmacist2"), order.id, PASSWORD, confirmed=EVERYTHING, weighed_g=grams
        )

    unchanged(database, lambda: check(None), InputError, "Weigh the prepared bag")
    # 118 g + 15.3 mL × 1.0 g/mL = 133.3 g, within 5 % of the 15.3 g added (0.765 g)
    unchanged(database, lambda: check("132.4"), InputError, "do not release it")
    checked = check("133.9")
    assert (checked.bags[0].weighed_g, checked.bags[0].expected_g) == (Decimal("133.9"), Decimal("133.30"))


def test_interruptions_a_reaction_and_an_infusion_stopped_early(world: World, database: Database) -> None:
    subject = _ready(world)
    order = world.verify(world.prescribe(world.order(subject, "C1D1")))
    started = world.start(world.check(world.prepare(order)))
    began = started.started_at
    assert began is not None
    nurse = world.uow("nurse")
    unchanged(
        database,
        lambda: record_interruption(world.uow("nurse"), order.id, note="  "),
        InputError,
        "needs a reason",
    )
    unchanged(
        database,
        lambda: record_interruption(
            world.uow("nurse"), order.id, note="line blocked", started_at=began - timedelta(minutes=1)
        ),
        InputError,
        "before the infusion did",
    )
    world.now += timedelta(minutes=10)
    paused = record_interruption(nurse, order.id, note="line blocked")
    assert paused.paused
    unchanged(
        database,
        lambda: record_interruption(world.uow("nurse"), order.id, note="again"),
        InputError,
        "already paused",
    )
    world.now += timedelta(minutes=15)
    running = end_interruption(world.uow("nurse"), order.id)
    assert not running.paused and running.planned_end == began + timedelta(minutes=60 + 15)
    world.now += timedelta(minutes=5)
    reacted = record_reaction(world.uow("nurse"), order.id, note="flushing, rash", grade=2)
    [reaction] = reacted.reactions_to_record
    assert (reaction.kind, reaction.grade, reaction.recorded_by) == ("reaction", 2, "Huang Li")
    assert reacted.reaction_term == "Infusion related reaction"
    stopped = stop_infusion(
        world.uow("nurse"), order.id, PASSWORD, volume_given_ml=Decimal("38.4"), reason="infusion_reaction"
    )
    assert (stopped.status, stopped.dose_given_mg, stopped.stop_reason_code) == (
        "stopped",
        Decimal("101.9"),  # 306 mg × 38.4 / 115.3 mL
        "infusion_reaction",
    )
    # The investigator records the reaction as a toxicity; it is no longer offered.
    other = world.enrol("001-002", c1d1=C1D1)
    elsewhere = record_toxicity(world.uow("investigator"), other, "Infusion related reaction", 2, world.today)
    unchanged(
        database,
        lambda: link_reaction(world.uow("investigator"), reaction.id, elsewhere.toxicity.id),
        InputError,
        "another subject",
    )
    toxicity = record_toxicity(
        world.uow("investigator"), subject, "Infusion related reaction", 2, world.today
    )
    unchanged(
        database,
        lambda: link_reaction(world.uow("nurse"), reaction.id, toxicity.toxicity.id),
        InputError,
        "investigator",
    )
    linked = link_reaction(world.uow("investigator"), reaction.id, toxicity.toxicity.id)
    assert linked.reactions_to_record == ()
    # After a reaction, the next infusion takes the first-dose duration.
    world.at(date(2026, 3, 18), 8)
    world.weigh(subject, "61")
    assert world.order(subject, "C1D15").infusion_minutes == 60
    assert check_database(database) == []


def _hidden(row: object) -> bool:
    figures = ("calculated_dose_mg", "final_dose_mg", "volume_to_draw_ml", "vials", "waste_mg",
               "final_concentration_mg_per_ml", "final_volume_ml")  # fmt: skip
    return row.blinded and all(getattr(row, name) is None for name in figures)


def test_blind_means_blind_in_every_read_model_until_the_verifier_signs(
    world: World, database: Database
) -> None:
    subject = _ready(world)
    draft = world.order(subject, "C1D1", ack=None)
    admin_pharmacist = create_user(
        world.uow("admin"), "li.pharm", "Li Jun", PASSWORD, ["admin", "pharmacist"]
    )
    world.people["admin_pharmacist"] = admin_pharmacist
    for state in ("draft", "prescribed"):
        order = draft if state == "draft" else world.prescribe(draft)
        for who in ("pharmacist2", "doctor_pharmacist", "admin_pharmacist", None):
            uow = world.uow(who) if who is not None else world.uow(None)
            assert _hidden(order_detail(uow, order.id)), (state, who)
            assert _hidden(find_order(world.uow(who), order.order_number))
            assert all(_hidden(o) for o in list_orders(world.uow(who)))
            assert all(_hidden(o) for o in pharmacy_queue(world.uow(who), C1D1).to_verify)
            chart = subject_chart(world.uow(who), subject)
            assert all(_hidden(o) for o in chart.orders)
            shown = [h for h in chart.history if h.table == "infusion_orders"]
            assert shown and not any(
                "306" in (h.new_value or "") or "15.3" in (h.new_value or "") for h in shown
            )
            assert any(WITHHELD in (h.new_value or "") for h in shown)
        # who made it, who prescribed it, who may not verify at all: every figure
        for who in ("pharmacist", "investigator", "coordinator", "nurse", "admin"):
            assert order_detail(world.uow(who), order.id).final_dose_mg == Decimal("306.0"), who
    # the Admin audit trail: withheld from an administrator who may verify, shown to one who may not
    trail = audit_trail(world.uow("admin_pharmacist"), what="infusion_orders")
    assert trail and all("306" not in (e.new_value or "") for e in trail)
    assert any("306" in (e.new_value or "") for e in audit_trail(world.uow("admin"), what="infusion_orders"))
    # Signed, the verifier sees the order whole.
    seen = world.figures(draft)
    verified = verify_order(
        world.uow("pharmacist2"),
        draft.id,
        PASSWORD,
        weight_kg=seen.weight_kg,
        dose_level_mg_per_kg=seen.dose_level_mg_per_kg,
        final_dose_mg=Decimal("306.0"),
        volume_to_draw_ml=Decimal("15.3"),
    )
    assert not verified.blinded and verified.final_dose_mg == Decimal("306.0")
    assert not order_detail(world.uow(None), draft.id).blinded


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands_withhold_the_figures_unless_told_who_reads(
    world: World, database: Database, database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    subject = _ready(world)
    order = world.prescribe(world.order(subject, "C1D1"))
    base = ("--database", database_url)
    code, out, _ = _run(capsys, "list", "orders", *base, "--json")
    [row] = json.loads(out)
    assert code == 0 and row["blinded"] is True and row["final_dose_mg"] is None and row["vials"] is None
    code, out, _ = _run(capsys, "list", "orders", *base)
    assert "withheld until verified" in out and "306" not in out
    code, out, _ = _run(capsys, "list", "orders", *base, "--json", "--user", "pharmacist2")
    assert json.loads(out)[0]["final_dose_mg"] is None  # she may verify it
    code, out, _ = _run(capsys, "list", "orders", *base, "--json", "--user", "investigator")
    assert json.loads(out)[0]["final_dose_mg"] == "306"
    code, _out, err = _run(capsys, "list", "orders", *base, "--user", "nobody")
    assert code == 2 and "no active user named 'nobody'" in err
    sheet, label, day = tmp_path / "o.pdf", tmp_path / "l.pdf", tmp_path / "d.pdf"
    for document, path, extra in (
        ("order", sheet, ("--order", order.order_number)),
        ("label", label, ("--order", order.order_number)),
        ("day", day, ("--date", C1D1.isoformat())),
    ):
        assert _run(capsys, "print", document, *extra, "--out", str(path), *base)[0] == 0
        assert "306" not in pdf_text(path.read_bytes()), document
    assert "withheld until verified" in pdf_text(sheet.read_bytes())
    assert _run(capsys, "print", "order", "--order", order.order_number, "--out", str(sheet), *base,
                "--user", "investigator")[0] == 0  # fmt: skip
    assert "306 mg" in pdf_text(sheet.read_bytes())


def test_the_wristband_carries_the_code_the_nurse_scans(
    world: World, database: Database, database_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    world.enrol("001-001", c1d1=C1D1, allergies="penicillin")
    out = tmp_path / "band.pdf"
    code, _, _ = _run(capsys, "print", "wristband", "--patient", "001-001", "--out", str(out), "--database",
                      database_url)  # fmt: skip
    words = pdf_text(out.read_bytes())
    assert code == 0 and "ID-001-001" in words and "Subject 001-001" in words and "penicillin" in words
    code, _, _ = _run(capsys, "print", "wristband", "--patient", "001-001", "--lang", "zh", "--out", str(out),
                      "--database", database_url)  # fmt: skip
    assert code == 0 and "受试者编号" in pdf_text(out.read_bytes())
    code, _, err = _run(capsys, "print", "wristband", "--patient", "009-009", "--out", str(out), "--database",
                        database_url)  # fmt: skip
    assert code == 2 and "There is no subject 009-009" in err


def test_the_protocol_checks_default_on_when_a_file_says_nothing(world: World) -> None:
    assert load_protocol("nct07343453").order_checks == OrderChecks()  # both shipped files: every rule on
    assert load_protocol("sacituzumab-govitecan").order_checks.checker_not_preparer
