"""The life of an infusion order (docs/domain.md §7), kept once: its statuses, the groups the rules use, and
their words.

The records (`app.models` columns take these values), the services, the paper and the window all use this enum.
A value is the code the records store: never renamed once written (a renamed value needs a migration). The
words are `app.text.msg` messages, said in the reader's language from the one catalogue.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from app.text import Message, msg


class OrderStatus(StrEnum):
    """Orders recorded as "administered" before the bedside steps existed were given in full: the upgrade made
    them "completed" (see `RETIRED_ORDER_STATUS_WORDS`)."""

    DRAFT = "draft"
    PRESCRIBED = "prescribed"
    VERIFIED = "verified"
    PREPARED = "prepared"  # a bag is made; the product check is next
    CHECKED = "checked"  # a second pharmacist released the bag to the ward
    STARTED = "started"  # the nurse hung it
    COMPLETED = "completed"
    STOPPED = "stopped"  # stopped early: the volume given is recorded
    CANCELLED = "cancelled"


#: Orders still on their way to the patient: they may be cancelled (a started infusion is stopped, not cancelled).
OPEN_ORDER_STATUSES: Final[tuple[OrderStatus, ...]] = (
    OrderStatus.DRAFT,
    OrderStatus.PRESCRIBED,
    OrderStatus.VERIFIED,
    OrderStatus.PREPARED,
    OrderStatus.CHECKED,
)
#: Orders whose infusion was started: given (in part, when stopped early, or still running).
GIVEN_ORDER_STATUSES: Final[tuple[OrderStatus, ...]] = (
    OrderStatus.STARTED,
    OrderStatus.COMPLETED,
    OrderStatus.STOPPED,
)
#: Orders whose figures are not yet checked by a second pharmacist: withheld from who may still verify them.
UNVERIFIED_ORDER_STATUSES: Final[tuple[OrderStatus, ...]] = (OrderStatus.DRAFT, OrderStatus.PRESCRIBED)

ORDER_STATUS_WORDS: Final[dict[OrderStatus, Message]] = {
    OrderStatus.DRAFT: msg("draft"),
    OrderStatus.PRESCRIBED: msg("prescribed"),
    OrderStatus.VERIFIED: msg("verified"),
    OrderStatus.PREPARED: msg("prepared"),
    OrderStatus.CHECKED: msg("checked"),
    OrderStatus.STARTED: msg("started"),
    OrderStatus.COMPLETED: msg("completed"),
    OrderStatus.STOPPED: msg("stopped early"),
    OrderStatus.CANCELLED: msg("cancelled"),
}

#: Statuses no order has any more but an older audit trail still names (the upgrade made them "completed").
RETIRED_ORDER_STATUS_WORDS: Final[dict[str, Message]] = {"administered": msg("administered")}


def order_status_words(code: str) -> str:
    """A stored order status in words, a retired one too (an unknown code as it is)."""
    try:
        return ORDER_STATUS_WORDS[OrderStatus(code)]
    except ValueError:
        return RETIRED_ORDER_STATUS_WORDS.get(code, code)
