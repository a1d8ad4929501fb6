"""The records' statuses, and what a signature means, in words for the services' sentences
("Order {order} is {status}.").

The records keep the codes; these are the words a sentence names them by, as messages the window translates.
"""

from __future__ import annotations

from app.models import OrderStatus, SignatureMeaning, SubjectStatus, VisitStatus
from app.text import Message, msg

SUBJECT_STATUS: dict[SubjectStatus, Message] = {
    SubjectStatus.SCREENING: msg("screening"),
    SubjectStatus.SCREEN_FAILED: msg("screen failed"),
    SubjectStatus.ON_TREATMENT: msg("on treatment"),
    SubjectStatus.FOLLOW_UP: msg("follow-up"),
    SubjectStatus.OFF_STUDY: msg("off study"),
}

VISIT_STATUS: dict[VisitStatus, Message] = {
    VisitStatus.PLANNED: msg("planned"),
    VisitStatus.BOOKED: msg("booked"),
    VisitStatus.DONE: msg("done"),
    VisitStatus.OMITTED: msg("omitted"),
    VisitStatus.MISSED: msg("missed"),
    VisitStatus.CANCELLED: msg("cancelled"),
}

ORDER_STATUS: dict[OrderStatus, Message] = {
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
