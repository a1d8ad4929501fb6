"""The criteria-to-treat figures on paper and on screen come from the one formatter: for lab values and a
creatinine clearance just either side of each limit, the printed order and the Orders screen's criteria show the
same figures. The defect: the printed order rounded CrCl with `quantize` half-even outside the formatter, so a
clearance of 49.98 read "49.9 mL/min is not ≥ 50" on screen and "CrCl 50 mL/min" on paper beside "at least 50"."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.dosing import cockcroft_gault, format_number
from app.dosing.format import format_beside_limit
from app.services import paper
from app.services.clinical import LabInput
from app.ui.main import build_context
from app.ui.main_window import MainWindow
from app.ui.screens.orders import OrdersScreen
from app.ui.screens.registry import default_factories
from app.ui.service_backend import signed_in
from app.ui.settings import UiSettings
from app.ui.words import say
from tests.integration._services import World

D = Decimal
WEIGHT = D(61)
BORN = date(1961, 3, 4)
ULN = {"ast": D(40), "alt": D(40), "bilirubin": D(21), "creatinine": D(60)}


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _creatinine_for(target: Decimal, day: date) -> tuple[Decimal, Decimal]:
    """A creatinine (µmol/L, two decimals) whose Cockcroft–Gault clearance is about `target`, and that clearance."""
    unit_clearance = cockcroft_gault(_age(BORN, day), WEIGHT, "female", D(1), "µmol/L")
    creatinine = (unit_clearance / target).quantize(D("0.01"))
    return creatinine, cockcroft_gault(_age(BORN, day), WEIGHT, "female", creatinine, "µmol/L")


# Each set straddles every Day 1 limit: ANC ≥ 1.5, platelets ≥ 100, haemoglobin > 90, AST/ALT ≤ 3 × ULN,
# bilirubin ≤ 1.5 × ULN, creatinine ≤ 1.5 × ULN or CrCl ≥ 50 mL/min (the creatinine is above 1.5 × ULN: the
# clearance decides, and a clearance just short of 50 half-rounds to 50).
SETS = {
    "just short": {
        "values": {
            "neutrophils": "1.49",
            "platelets": "99.9",
            "hemoglobin": "90",
            "ast": "120.1",
            "alt": "120.01",
            "bilirubin": "31.6",
        },
        "crcl": D("49.975"),
        "crcl_between": (D("49.95"), D(50)),
        "crcl_shown": "49.9",
    },
    "just met": {
        "values": {
            "neutrophils": "1.5",
            "platelets": "100",
            "hemoglobin": "90.1",
            "ast": "120",
            "alt": "119.99",
            "bilirubin": "31.5",
        },
        "crcl": D("50.025"),
        "crcl_between": (D("50.0001"), D("50.05")),
        "crcl_shown": "50.1",
    },
}
UNITS = {
    "neutrophils": "10^9/L",
    "platelets": "10^9/L",
    "hemoglobin": "g/L",
    "ast": "U/L",
    "alt": "U/L",
    "bilirubin": "umol/L",
}


def _pdf_text(data: bytes) -> str:
    import io

    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def world(database) -> World:
    world = World.build(database)
    world.now = datetime.now(UTC) - timedelta(hours=3)
    return world


@pytest.mark.parametrize("name", list(SETS))
def test_paper_and_screen_show_the_same_criteria_figures(
    qtbot, backend, database, tmp_path: Path, world, name
):
    chosen = SETS[name]
    subject_id = world.enrol(f"005-00{list(SETS).index(name) + 1}", c1d1=world.today, birth_date=BORN)
    world.weigh(subject_id, str(WEIGHT))
    creatinine, crcl = _creatinine_for(chosen["crcl"], world.today)
    low, high = chosen["crcl_between"]
    assert low <= crcl < high, crcl  # the clearance lies where rounding half up would read it as the limit
    results = [
        LabInput(lab, D(value), UNITS[lab], uln=ULN.get(lab)) for lab, value in chosen["values"].items()
    ]
    results.append(LabInput("creatinine", creatinine, "umol/L", D(45), ULN["creatinine"]))
    world.labs(subject_id, results=tuple(results))
    order = world.order(subject_id, "C1D1")

    # The screen: the Orders screen's criteria to treat of this order.
    context = build_context(backend, UiSettings(tmp_path / "investigator.ini"), "en")
    context.user = signed_in(world.user("investigator"))
    window = MainWindow(context, default_factories())
    qtbot.addWidget(window)
    window.show()
    orders = window.show_screen("orders")
    assert isinstance(orders, OrdersScreen)
    qtbot.waitUntil(lambda: orders.select_order(order.order_number), timeout=10_000)
    qtbot.waitUntil(lambda: orders.criteria_view is not None, timeout=10_000)
    view = orders.criteria_view
    # The lines the screen shows, and each criterion's reason as the window says it (shown beside an unmet one).
    screen = "\n".join([orders.describe_criteria(view), *(say(item.reason) for item in view.items)])

    # The paper: the printed order.
    printed = _pdf_text(paper.print_order(world.uow(None), order.order_number))

    for lab, value in chosen["values"].items():
        figure = format_number(D(value))
        assert re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", screen), (lab, figure, screen)
        assert re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", printed), (lab, figure, printed)
    shown = format_beside_limit(crcl, D(50))
    assert shown == chosen["crcl_shown"]
    met = name == "just met"
    if not met:  # the window gives a criterion's reason (where the clearance is) when it is not met
        assert f"CrCl {shown} mL/min" in screen, screen
    assert f"CrCl {shown} mL/min" in printed, printed
    assert "CrCl 50 mL/min" not in printed and "CrCl 50 mL/min" not in screen
    assert ("NOT MET" in printed) is not met
    assert orders.criteria_view.met is met
