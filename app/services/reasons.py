"""The reasons the services write on the audit trail, as one table of templates.

Every audited change keeps its reason as English text, byte for byte as it was written ("calendar brought up to
date", "decision: Neutrophil count decreased grade 3: hold until grade ≤ 2, …"). The chart's History tab and the
Admin audit trail show them: `recall_reason` finds the template a stored reason was made from, so the window can
say it in its language. A reason that is entirely the user's own text is stored and shown as it was typed.

    with uow.acting(user, reason("order_verified", number=order.order_number)):
        ...
    recall_reason("order 001-003-C2D1-1 verified")   # -> Message, template "order {number} verified"
"""

from __future__ import annotations

from functools import lru_cache

from app.dosing.adjustments import ADJUSTMENT_WORDS
from app.scheduling.disposition import DISPOSITION_WORDS
from app.scheduling.visit_reasons import VISIT_REASON_WORDS
from app.text import Message, recall, template
from app.toxicity.rules import EXPLANATION_TEMPLATES

__all__ = ["REASONS", "REASON_TEMPLATES", "reason", "recall_reason"]

REASONS: dict[str, str] = {
    # the calendar, laid out again
    "calendar_up_to_date": template("calendar brought up to date"),
    "calendar_enrolment": template("calendar generated at enrolment"),
    "calendar_after_screening": template("calendar re-derived after screening"),
    "calendar_after_booking": template("calendar re-derived after booking {label}"),
    "calendar_after_booking_cancelled": template(
        "calendar re-derived after cancelling the booking of {label}"
    ),
    "calendar_after_done": template("calendar re-derived after {label} was done"),
    "calendar_after_missed": template("calendar re-derived after {label} was missed"),
    "calendar_after_omitted": template("calendar re-derived after {label} was omitted"),
    "calendar_after_given": template("calendar re-derived after {label} was given"),
    "calendar_after_decision": template("calendar re-derived after the decision on {toxicity}"),
    "calendar_after_resolved": template("calendar re-derived after {term} resolved"),
    "calendar_after_hold": template("calendar re-derived after a hold ended"),
    "calendar_after_reduction": template("calendar re-derived after a dose reduction"),
    "calendar_after_stop": template("calendar re-derived after treatment stopped"),
    "calendar_after_follow_up": template("calendar re-derived after follow-up ended"),
    # subjects and visits
    "enrolled": template("enrolled"),
    "subject_enrolled": template("subject {number} enrolled"),
    "screening_done": template("screening done"),
    "visit_booked": template("{label} booked for {day}"),
    "visit_done": template("{label} done on {day}"),
    # clinical records
    "weight_recorded": template("weight recorded"),
    "weight_of_day_recorded": template("weight of {day} recorded"),
    "labs_recorded": template("labs recorded"),
    "labs_of_day_recorded": template("labs of {day} recorded"),
    "labs_imported": template("labs imported from the laboratory's file {file} (SHA-256 {digest})"),
    "lab_corrected_by_laboratory": template(
        "corrected by the laboratory: replaced by the result in the file {file} (SHA-256 {digest})"
    ),
    # toxicities and decisions
    "toxicity_recorded": template("toxicity {term} grade {grade} recorded"),
    "toxicity_resolved": template("{term} resolved on {day}"),
    "decision": template("decision: {because}"),
    "treatment_stopped": template("Treatment stopped: {reason}"),
    "below_lowest_level": template("Reduction below the lowest dose level: {reason}"),
    "reduced_from": template("Reduced from {old_level} to {new_level} on {day}: {reason}"),
    # notes on an order's steps
    "dose_level_changed": template("cancelled: the dose level changed"),
    "superseded_by": template("superseded by {number}"),
    "replaces_order": template("replaces order {number}"),
    # why a visit or a subject stopped being planned (kept on the record, shown on the calendar and the chart)
    "no_dose_after_decision": template("Treatment stopped: no dose is planned after the decision."),
    "not_on_calendar": template("No longer on the calendar: {reason}"),
    "screen_failure": template("Screen failure: {reason}"),
    "screening_evidence_recorded": template("screening evidence recorded: {what}"),
    "attestations_recorded": template("eligibility attestations recorded: {criteria}"),
    "eligibility_signed": template("eligibility signed for a first dose on {day}"),
    "late_dose_omitted": template("Not given by Day {omit_day} of cycle {cycle}: omitted, not made up."),
    "window_ended": template("Its window ended on {day} with no visit recorded."),
    # orders
    "order_made": template("order for {label} made"),
    "prescribed": template("prescribed"),
    "order_prescribed": template("order {number} prescribed"),
    "order_prescribed_with_note": template("order {number} prescribed; {note}"),
    "criteria_override": template(
        "criteria to treat not met, prescribed on the investigator's decision: {reason} (not met on {day}: {unmet})"
    ),
    "verified": template("verified"),
    "order_verified": template("order {number} verified"),
    "prepared": template("prepared"),
    "order_prepared": template("order {number} prepared"),
    "administered": template("administered"),
    "order_administered": template("order {number} administered"),
    "verification_mismatch": template("blind verification did not match the order: {figures}"),
    "verification_mismatch_of": template("order {number}: blind verification did not match"),
    "order_checked": template("order {number} checked and released to the ward"),
    "bag_remade": template("order {number}: bag {bag} wasted ({reason}) and made again"),
    "bag_wasted_cancelled": template("order {number}: bag {bag} wasted, the order cancelled"),
    "order_started": template("order {number} started"),
    "infusion_interrupted": template("order {number}: infusion interrupted"),
    "infusion_resumed": template("order {number}: infusion running again"),
    "infusion_reaction": template("order {number}: infusion reaction recorded"),
    "reaction_recorded_as_toxicity": template("order {number}: infusion reaction recorded as a toxicity"),
    "order_completed": template("order {number} completed"),
    "order_stopped": template("order {number} stopped early"),
    "order_cancelled": template("order {number} cancelled"),
    "checked": template("checked"),
    "started": template("started"),
    "stopped": template("stopped"),
    "cancelled": template("cancelled"),
    "remade": template("remade"),
    "upgrade_order_life": template(
        "upgrade: orders given in one step are completed, and each prepared order keeps its bag"
    ),
    "upgrade_reason_codes": template(
        "upgrade: the reasons treatment and the study ended, and why visits did not take place, are coded from"
        " the words they were recorded with"
    ),
    # protocols
    "protocols_registered": template("protocol files in use registered"),
    "protocol_file_registered": template("protocol file {name} registered"),
    "protocol_signed_off": template("protocol signed off"),
    "protocol_version_signed_off": template("protocol {protocol} version {version} signed off"),
    "protocol_version_approved": template(
        "protocol {protocol} version {version} approved, awaiting a second approval"
    ),
    # users and signing in
    "first_administrator": template("first administrator"),
    "new_user": template("new user"),
    "roles_changed": template("roles changed"),
    "enabled": template("enabled"),
    "disabled": template("disabled"),
    "account_unlocked": template("account unlocked"),
    "password_reset": template("password reset"),
    "password_changed": template("password changed"),
    "password_changed_by_owner": template("password changed by its owner"),
    "language_chosen_by_owner": template("window language chosen by its user"),
    "signed_in": template("signed in"),
    "failed_sign_in": template("failed sign-in"),
    "right_password_at_signature": template("right password at an e-signature"),
    "wrong_password_at_signature": template("wrong password at an e-signature"),
    # the site's settings
    "site_setting_changed": template("site setting {key} changed"),
    # the database itself
    "database_restored": template(
        "database restored from the backup {backup}; the database it replaced is kept as {aside}"
    ),
    # demonstration data (dosedesk demo)
    "demo_set_up": template("demo set-up"),
    "demo_stock": template("demo stock"),
}

REASON_TEMPLATES: tuple[str, ...] = tuple(REASONS.values())
# A coded choice as the trail keeps it: the code's English words, then the detail as typed ("Withdrawal by the
# subject: moved away"). Found again only when `coded` is the words of a code of the core's vocabularies.
CODED_REASON = template("{coded}: {detail}")
_CODE_WORDS: tuple[str, ...] = tuple(
    words.template
    for table in (DISPOSITION_WORDS, VISIT_REASON_WORDS, ADJUSTMENT_WORDS)
    for words in table.values()
)
# A reason may hold an explanation of the rules core ("decision: {because}"), or a coded choice, so all the
# tables are searched.
_ALL_TEMPLATES: tuple[str, ...] = REASON_TEMPLATES + EXPLANATION_TEMPLATES + _CODE_WORDS + (CODED_REASON,)


def reason(key: str, /, **values: object) -> Message:
    """The reason `key` of the table with `values` filled in: English text that the window can say again."""
    return Message(REASONS[key], values)


def recall_reason(text: str) -> str:
    """A stored audit reason as the message that made it, when a template of the table (or an explanation of
    the rules core, inside it) made it; else the text as it is."""
    if isinstance(text, Message):
        return text
    return _recalled(str(text))


# The audit trail repeats the same few reasons on many rows ("signed in", "calendar brought up to date"…).
@lru_cache(maxsize=4096)
def _recalled(text: str) -> str:
    # The reason's own template first: an explanation inside it ("decision: X grade 3: hold until …") has more
    # words of its own than "decision: {because}" and would otherwise be taken for the whole reason. A reason
    # may also be an explanation alone (an order cancelled with "Treatment held: …").
    found = recall(text, REASON_TEMPLATES)
    if not isinstance(found, Message):
        return recall(text, _ALL_TEMPLATES, nested=True)
    values = {key: recall(str(value), _ALL_TEMPLATES, nested=True) for key, value in found.params.items()}
    made = Message(found.template, values)
    return made if made == text else found
