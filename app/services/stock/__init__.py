"""Investigational product accountability (docs/domain.md §8): receive, quarantine, release, dispense, waste,
return, destroy — and the balances, alerts and accountability log that show where every vial went.

Each use case takes a unit of work (not yet entered) whose acting user is the signed-in user, like the other
services; a write needs the pharmacist role. Refusals are `InputError`s in a pharmacist's words and change
nothing.

    receive_shipment(uow, reference="SH-1", received_on=day, lots=[LotReceipt("L1", Decimal(200), exp, 20)],
                     protocol_id="nct07343453")
    quarantine_lot(uow, "L1", "temperature excursion in transit")
    release_lot(uow, "L1", "sponsor confirmed the excursion is acceptable")
    suggest_lots(uow, 3, protocol_id="nct07343453", on=day)           # first-expiry-first-out picks
    dispense_for_order(uow, order)        # the orders service's prepare step calls this inside its own work
    return_to_sponsor(uow, "L1", 4, "expired", password)             # e-signed
    destroy_vials(uow, "L1", 1, "vial broken", password)              # e-signed
    list_lots(uow) / lots_as_json(uow) / lot_movements(uow, "L1") / stock_alerts(uow, today=day)
    accountability_log(uow, "L1")         # the printable log (app.printing.accountability)
    seed_demo_stock(uow, pharmacist, on=first_day, today=day) / finish_demo_stock(uow, pharmacist, password,
                    today=day)             # `dosedesk demo`: opening stock, then the recent stock work

The balance of every lot, always: on hand = received − dispensed − returned − destroyed. The database keeps
it (see `app.models.stock` and migration 0003); `dosedesk check` re-adds every lot's movements ("lot balances")
and a lot that does not reconcile is listed with its problem, on screen, in JSON and on paper.

The package, one module a seam: `rows` (what the services hand out), `_base` (shared helpers), `balances`
(reading lots, reconciliation), `receiving` (receipt, quarantine, release), `dispensing` (FEFO, dispensing,
waste, returns and destructions), `log` (movements, the accountability log), `forecast` (coverage and
alerts), `check` (the "lot balances" check) and `demo` (the demo's stock). The rules themselves (FEFO, the
refusals, a lot's problems) are pure functions in `app.dosing.stock_rules`.
"""

from __future__ import annotations

from app.dosing.stock_rules import KIND_WORDS as KIND_WORDS
from app.dosing.stock_rules import VialPick as VialPick
from app.models.stock import LotStatus as LotStatus  # re-exported: the window reads them from here
from app.models.stock import MovementKind as MovementKind
from app.protocol import load_protocol as load_protocol  # re-exported: the stock tests read it from here
from app.services.stock._base import MAX_LOT_NUMBER as MAX_LOT_NUMBER
from app.services.stock._base import MAX_REFERENCE as MAX_REFERENCE
from app.services.stock._base import MAX_STRENGTH_MG as MAX_STRENGTH_MG
from app.services.stock._base import MAX_VIALS as MAX_VIALS
from app.services.stock._base import StockRefused as StockRefused
from app.services.stock.balances import get_lot as get_lot
from app.services.stock.balances import list_lots as list_lots
from app.services.stock.balances import lots_as_json as lots_as_json
from app.services.stock.check import GUARD_TRIGGERS as GUARD_TRIGGERS
from app.services.stock.check import POSTGRESQL_ONLY_TRIGGERS as POSTGRESQL_ONLY_TRIGGERS
from app.services.stock.check import lot_balance_problems as lot_balance_problems
from app.services.stock.demo import DEMO_LOTS as DEMO_LOTS
from app.services.stock.demo import DEMO_SHORT_DATED as DEMO_SHORT_DATED
from app.services.stock.demo import demo_lots as demo_lots
from app.services.stock.demo import finish_demo_stock as finish_demo_stock
from app.services.stock.demo import seed_demo_stock as seed_demo_stock
from app.services.stock.dispensing import destroy_vials as destroy_vials
from app.services.stock.dispensing import dispense_for_order as dispense_for_order
from app.services.stock.dispensing import return_to_sponsor as return_to_sponsor
from app.services.stock.dispensing import suggest_lots as suggest_lots
from app.services.stock.dispensing import waste_bag as waste_bag
from app.services.stock.forecast import coverage as coverage
from app.services.stock.forecast import local_date_of as local_date_of
from app.services.stock.forecast import stock_alerts as stock_alerts
from app.services.stock.log import accountability_log as accountability_log
from app.services.stock.log import lot_movements as lot_movements
from app.services.stock.log import order_movements as order_movements
from app.services.stock.log import print_accountability as print_accountability
from app.services.stock.receiving import quarantine_lot as quarantine_lot
from app.services.stock.receiving import receive_shipment as receive_shipment
from app.services.stock.receiving import release_lot as release_lot
from app.services.stock.rows import AlertKind as AlertKind
from app.services.stock.rows import CoverageForecast as CoverageForecast
from app.services.stock.rows import DoseNeed as DoseNeed
from app.services.stock.rows import LotReceipt as LotReceipt
from app.services.stock.rows import LotSummary as LotSummary
from app.services.stock.rows import MovementLine as MovementLine
from app.services.stock.rows import StockAlert as StockAlert
