"""The pharmacy worklist and the bedside in the window, on a real database (issue 13).

- The Today worklist: each order's badges (blind, criteria not met or awaiting labs, the bag's use-before countdown, EXPIRED) and
  the next step's button, for the user signed in, acting on that row's order.
- Blind means blind: a pharmacist who may still verify an order reads none of its figures on Today, the chart's
  Doses and History tabs, the Orders screen, its order sheet, label or the day list; the investigator does.
- Cancelling names its buttons by what they do, needs a reason and a signature.
- The nurse pauses the infusion, records a reaction and stops it early; the investigator is offered the
  reaction as a toxicity, prefilled with the protocol's infusion-reaction term, and records it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import shiboken6
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from app.models import InfusionEvent, InfusionOrder, Toxicity
from app.ui.dialogs.orders import CancelDialog, InterruptionDialog, ReactionDialog, StopDialog, VerifyDialog
from app.ui.dialogs.prepare import RemakeDialog
from app.ui.dialogs.toxicity import RecordToxicityDialog
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.orders import OrdersScreen
from app.ui.screens.registry import default_factories
from app.ui.screens.today import TodayScreen
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from tests.integration._services import PASSWORD, World
from tests.integration.test_paper import pdf_text


def _window(qtbot, backend, tmp_path: Path, who) -> MainWindow:
    context = build_context(backend, UiSettings(tmp_path / f"{who.username}.ini"), "en")
    context.user = signed_in(who)
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    return window


def _today(qtbot, window: MainWindow) -> TodayScreen:
    screen = window.show_screen("today")
    assert isinstance(screen, TodayScreen)
    today = datetime.now().date()
    screen.day.setDate(QDate(today.year, today.month, today.day))
    screen.refresh()
    qtbot.waitUntil(lambda: screen.view is not None and screen.queue_model.rowCount() > 0, timeout=10_000)
    return screen


def _cells(screen: TodayScreen, number: str) -> list[str]:
    model = screen.queue_model
    row = next(r for r in range(model.rowCount()) if model.record(r).order_number == number)
    return [model.data(model.index(row, column)) for column in range(model.columnCount())]


def _world(database) -> World:
    """Orders at every pharmacy step, made five hours ago: the clock of the window is the real one."""
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=5)
    return world


def test_the_worklist_gives_each_row_its_badges_and_its_next_step(qtbot, backend, database, tmp_path):
    world = _world(database)
    made = {}
    for number in ("001-001", "001-002", "001-003", "001-004"):
        subject = world.enrol(number, c1d1=world.today)
        world.weigh(subject, "61")
        if number != "001-004":  # 001-004 has no labs yet: its criteria to treat await them
            world.sign_eligibility(subject)
            world.labs(subject)
        made[number] = world.order(subject, "C1D1")
    # 001-001: a bag made five hours ago, past its 4 h at room temperature (verified by Dr Sun).
    expired = world.prepare(world.verify(world.prescribe(made["001-001"]), "doctor_pharmacist"))
    # 001-002: awaiting verification; 001-004: a draft without labs.
    waiting = world.prescribe(made["001-002"])
    # 001-003: a bag made 3 h 30 min ago: half an hour left.
    world.now += timedelta(hours=1, minutes=30)
    soon = world.prepare(world.verify(world.prescribe(made["001-003"]), "doctor_pharmacist"))

    window = _window(qtbot, backend, tmp_path, world.user("pharmacist2"))
    screen = _today(qtbot, window)
    row = _cells(screen, expired.order_number)
    assert row[0] == "to make again" and "EXPIRED — do not give" in row[6]
    assert screen.step_buttons[expired.order_number].text() == "Make the bag again…"
    row = _cells(screen, soon.order_number)
    assert row[0] == "prepared, to check" and "min left)" in row[6] and "use before" in row[6]
    assert screen.step_buttons[soon.order_number].text() == "Check the bag…"
    row = _cells(screen, waiting.order_number)
    assert row[0] == "to verify" and "blind" in row[6] and row[5] == "hidden until you verify"
    assert "306" not in " ".join(row)
    assert screen.step_buttons[waiting.order_number].text() == "Verify blind…"
    draft = _cells(screen, made["001-004"].order_number)
    # Not "criteria not met": no value is out of its limit, the labs are still to come.
    assert "awaiting labs" in draft[6] and "criteria not met" not in draft[6] and "blind" in draft[6]
    assert made["001-004"].order_number not in screen.step_buttons  # not hers to prescribe

    # Each row's button opens its step for that row's order.
    qtbot.mouseClick(screen.step_buttons[waiting.order_number], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(screen.context.extras.get("last_dialog"), VerifyDialog), timeout=10_000
    )
    dialog = screen.context.extras.pop("last_dialog")
    assert dialog.task.order_number == waiting.order_number and "306" not in dialog.inputs.text()
    dialog.reject()
    qtbot.mouseClick(screen.step_buttons[expired.order_number], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(screen.context.extras.get("last_dialog"), RemakeDialog), timeout=10_000
    )
    remake = screen.context.extras.pop("last_dialog")
    assert remake.reason.currentData() == "expired"
    remake.reject()

    # Wang Fang made every order: she sees every figure, and is offered no step the separation keeps from her.
    window.close()
    window = _window(qtbot, backend, tmp_path, world.user("pharmacist"))
    screen = _today(qtbot, window)
    row = _cells(screen, waiting.order_number)
    assert row[5] == "306 mg" and "blind" not in row[6]
    assert soon.order_number not in screen.step_buttons  # she prepared it: not hers to check


def test_blind_means_blind_on_every_screen_and_paper(qtbot, backend, database, tmp_path):
    world = _world(database)
    subject = world.enrol("002-001", c1d1=world.today)
    world.sign_eligibility(subject)
    world.weigh(subject, "61")
    world.labs(subject)
    order = world.prescribe(world.order(subject, "C1D1"))
    hidden = ("306", "15.3")

    def no_figure(text: str, where: str) -> None:
        for figure in hidden:
            assert figure not in text, f"{figure} shown in {where}: {text!r}"

    window = _window(qtbot, backend, tmp_path, world.user("pharmacist2"))
    verifier = window.context.user
    # Today
    today = _today(qtbot, window)
    no_figure(" ".join(_cells(today, order.order_number)), "the Today worklist")
    # the chart: Doses and History tabs
    patients = window.show_screen("patients")
    qtbot.waitUntil(lambda: patients.loaded, timeout=10_000)
    patients.open_subject(subject)
    qtbot.waitUntil(lambda: patients.chart.chart is not None, timeout=10_000)
    chart = patients.chart
    [dose] = chart.chart.doses
    assert dose.blinded and dose.final_dose_mg is None
    doses = chart.doses_model
    no_figure(
        " ".join(doses.data(doses.index(0, c)) for c in range(doses.columnCount())), "the chart's Doses tab"
    )
    assert "hidden until you verify" in doses.data(doses.index(0, 4))
    history = chart.history_model
    texts = [
        history.data(history.index(r, c)) or ""
        for r in range(history.rowCount())
        for c in range(history.columnCount())
    ]
    assert any("withheld until the order is verified" in text for text in texts)
    no_figure(" ".join(texts), "the chart's History tab")
    # the Orders screen and the order's detail
    orders = window.show_screen("orders")
    assert isinstance(orders, OrdersScreen)
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    no_figure(orders.detail.text(), "the order's detail")
    assert orders.buttons["preview_order"].isEnabled()  # it prints, blind
    # the paper the window prints for her
    sheet = pdf_text(backend.order_pdf(order.id, verifier))
    assert "BLIND" in sheet and "withheld until verified" in sheet
    no_figure(sheet, "the order sheet")
    no_figure(pdf_text(backend.label_pdf(order.id, verifier)), "the bag label")
    day = pdf_text(backend.day_list_pdf(order.planned_date, verifier))
    assert order.order_number in day and "withheld" in day
    no_figure(day.split("Pharmacy preparations", 1)[1], "the day list")
    assert "306" not in str(backend.verification_task(order.id, verifier))

    # The investigator reads every figure in the same places.
    window.close()
    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    investigator = window.context.user
    assert backend.subject_chart(subject, investigator).doses[0].final_dose_mg == Decimal("306.0")
    assert "306 mg" in pdf_text(backend.order_pdf(order.id, investigator))


def test_cancelling_names_its_buttons_and_needs_a_reason_and_a_signature(qtbot, backend, database, tmp_path):
    world = _world(database)
    subject = world.enrol("003-001", c1d1=world.today)
    world.sign_eligibility(subject)
    world.weigh(subject, "61")
    world.labs(subject)
    order = world.prescribe(world.order(subject, "C1D1"))
    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    orders = window.show_screen("orders")
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.mouseClick(orders.buttons["cancel_order"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(orders.context.extras.get("last_dialog"), CancelDialog), timeout=10_000
    )
    dialog = orders.context.extras.pop("last_dialog")
    texts = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"Cancel the order", "Keep the order"} <= texts and "Cancel" not in texts and "OK" not in texts
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert "Choose why" in dialog.message.text()
    dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert "Say why" in dialog.message.text()
    qtbot.keyClicks(dialog.detail, "patient moved to another hospital")
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert "password" in dialog.message.text()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    with database.session_factory() as session:
        row = session.get(InfusionOrder, order.id)
        assert row is not None
        assert (str(row.status), row.cancel_reason_code, row.cancel_reason) == (
            "cancelled",
            "other",
            "patient moved to another hospital",
        )
    # The other order dialogs say what their buttons do too: none has a bare "Cancel" or "OK".
    from app.ui.dialogs.orders import CheckDialog, StartDialog
    from app.ui.ops import OpRunner

    again = world.verify(world.prescribe(world.order(subject, "C1D1")))
    row = world.check(world.prepare(again))
    for made in (
        CheckDialog(OpRunner(), world.figures(row), lambda *a: None),
        StartDialog(OpRunner(), world.figures(row), lambda *a: None),
        CancelDialog(OpRunner(), row, lambda *a: None),
    ):
        qtbot.addWidget(made)
        texts = {b.text() for b in made.findChildren(QPushButton)}
        assert not texts & {"Cancel", "OK", "&Cancel", "&OK"}, texts


def test_the_nurse_pauses_and_stops_for_a_reaction_which_the_investigator_records(
    qtbot, backend, database, tmp_path
):
    world = _world(database)
    subject = world.enrol("004-001", c1d1=world.today)
    world.sign_eligibility(subject)
    world.weigh(subject, "61")
    world.labs(subject)
    order = world.verify(world.prescribe(world.order(subject, "C1D1")))
    world.now = datetime.now(UTC) - timedelta(hours=1)
    started = world.start(world.check(world.prepare(order)))

    window = _window(qtbot, backend, tmp_path, world.user("nurse"))
    orders = window.show_screen("orders")
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.status == "started", timeout=10_000)
    qtbot.mouseClick(orders.buttons["interrupt"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(orders.context.extras.get("last_dialog"), InterruptionDialog))
    dialog = orders.context.extras.pop("last_dialog")
    qtbot.keyClicks(dialog.reason, "flushing and a racing pulse")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: orders.order is not None and orders.order.paused, timeout=10_000)
    qtbot.mouseClick(orders.buttons["reaction"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(orders.context.extras.get("last_dialog"), ReactionDialog))
    dialog = orders.context.extras.pop("last_dialog")
    qtbot.keyClicks(dialog.note, "Flushing, rash on the chest; antihistamine given")
    dialog.grade.setCurrentIndex(dialog.grade.findData(2))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=10_000)
    qtbot.waitUntil(lambda: orders.order is not None and "Infusion reaction" in orders.detail.text())
    qtbot.mouseClick(orders.buttons["stop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(orders.context.extras.get("last_dialog"), StopDialog))
    dialog = orders.context.extras.pop("last_dialog")
    dialog.in_full.setChecked(False)
    assert "stopped before the bag was given in full" in dialog.statement.text()
    qtbot.keyClicks(dialog.volume, "40")
    dialog.reason.setCurrentIndex(dialog.reason.findData("infusion_reaction"))
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    with database.session_factory() as session:
        row = session.get(InfusionOrder, order.id)
        assert row is not None and str(row.status) == "stopped"
        assert (row.volume_given_ml, row.stop_reason_code) == (Decimal("40"), "infusion_reaction")
        assert row.dose_given_mg == Decimal("106.2")  # 40 of 115.3 mL of 306 mg
        [paused] = [e for e in row.events if str(e.kind) == "interruption"]
        assert paused.ended_at is not None  # the pause ended with the infusion
    window.close()

    # The investigator is offered the reaction as a toxicity on the chart, and records it.
    window = _window(qtbot, backend, tmp_path, world.user("investigator"))
    patients = window.show_screen("patients")
    qtbot.waitUntil(lambda: patients.loaded, timeout=10_000)
    patients.open_subject(subject)
    chart = patients.chart
    qtbot.waitUntil(lambda: chart.chart is not None, timeout=10_000)
    assert len(chart.chart.reactions) == 1 and not chart.reaction_button.isHidden()
    assert "not yet recorded as a toxicity" in chart.reactions.text()
    dialog = chart.record_reaction()
    assert isinstance(dialog, RecordToxicityDialog)
    assert dialog.current_term().term == "Infusion related reaction"
    assert dialog.grade_buttons[2].isChecked()
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Record").click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or dialog.message.isVisible(), timeout=10_000)
    assert not shiboken6.isValid(dialog), dialog.message.text()
    with database.session_factory() as session:
        event_id = session.execute(
            select(InfusionEvent.id).where(InfusionEvent.kind == "reaction")
        ).scalar_one()
    qtbot.waitUntil(lambda: _linked(database, event_id), timeout=10_000)
    with database.session_factory() as session:
        toxicity = session.execute(select(Toxicity).where(Toxicity.subject_id == subject)).scalar_one()
        assert toxicity.ctcae_term == "Infusion related reaction" and toxicity.grade == 2
    qtbot.waitUntil(lambda: chart.chart is not None and not chart.chart.reactions, timeout=10_000)
    assert started.status == "started"


def _linked(database, event_id: int) -> bool:
    with database.session_factory() as session:
        event = session.get(InfusionEvent, event_id)
        return event is not None and event.toxicity_id is not None
