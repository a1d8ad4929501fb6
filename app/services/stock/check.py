"""The "lot balances" check of `dosedesk check`: every lot re-added from its movements, and the stock guard
triggers of migration 0003 present."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models.stock import (
    Lot,
)
from app.services.database import register_check
from app.services.stock.balances import _problems, _Sums, _sums
from app.text import msg

# The triggers of migration 0003 (the "lot balances" check reports a missing one).
GUARD_TRIGGERS = frozenset(
    {
        "stock_movements_apply",
        "stock_lots_new_counters",
        "stock_lots_counters",
        "stock_movements_no_update",
        "stock_shipments_no_delete",
        "stock_lots_no_delete",
        "stock_movements_no_delete",
    }
)
POSTGRESQL_ONLY_TRIGGERS = frozenset(
    {"stock_shipments_no_truncate", "stock_lots_no_truncate", "stock_movements_no_truncate"}
)


@register_check("lot balances", order=60)
def lot_balance_problems(session: Session) -> list[str]:
    """Every lot re-added from its movements: a counter that differs, a balance that does not reconcile, a
    return or destruction without its e-signature, and a missing stock guard trigger, one sentence each."""
    problems: list[str] = []
    lots = list(session.execute(select(Lot).order_by(Lot.lot_number)).scalars())
    sums = _sums(session)
    for lot in lots:
        problems.extend(_problems(lot, sums.get(lot.id, _Sums())))
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        present = set(
            session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
        )
        expected = set(GUARD_TRIGGERS)
    else:
        present = set(
            session.execute(
                text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'")
            ).scalars()
        )
        expected = set(GUARD_TRIGGERS | POSTGRESQL_ONLY_TRIGGERS)
    problems.extend(
        msg(
            "The stock guard {name} is missing or disabled: the database no longer keeps lot balances itself.",
            name=name,
        )
        for name in sorted(expected - present)
    )
    return problems
