"""The records' statuses, and what a signature means, in words for the services' sentences
("Order {order} is {status}.").

The records keep the codes; these are the words a sentence names them by, as messages the window translates.
"""

from __future__ import annotations

from app.dosing.order_status import ORDER_STATUS_WORDS
from app.models import OrderStatus, SignatureMeaning, SubjectStatus, VisitStatus
from app.scheduling.kinds import VISIT_STATUS_WORDS
from app.text import Message, msg

SUBJECT_STATUS: dict[SubjectStatus, Message] = {
    SubjectStatus.SCREENING: msg("screening"),
    SubjectStatus.SCREEN_FAILED: msg("screen failed"),
    SubjectStatus.ON_TREATMENT: msg("on treatment"),
    SubjectStatus.FOLLOW_UP: msg("follow-up"),
    SubjectStatus.OFF_STUDY: msg("off study"),
}

#: The visit and order statuses' words are the core's (app/scheduling/kinds.py, app/dosing/order_status.py).
VISIT_STATUS: dict[VisitStatus, Message] = VISIT_STATUS_WORDS
ORDER_STATUS: dict[OrderStatus, Message] = ORDER_STATUS_WORDS

SIGNATURE_MEANING: dict[SignatureMeaning, Message] = {
    SignatureMeaning.PRESCRIBED: msg("prescribed"),
    SignatureMeaning.VERIFIED: msg("verified"),
    SignatureMeaning.PREPARED: msg("prepared"),
    SignatureMeaning.CHECKED: msg("checked"),
    SignatureMeaning.STARTED: msg("started"),
    SignatureMeaning.COMPLETED: msg("completed"),
    SignatureMeaning.STOPPED: msg("stopped early"),
    SignatureMeaning.CANCELLED: msg("cancelled"),
    SignatureMeaning.ADMINISTERED: msg("administered"),
    SignatureMeaning.APPROVED: msg("approved"),
}
