"""The window's words for the records' codes: labs, toxicity actions, audit actions, audit values, CTCAE terms.

The services and the core name things by code ("neutrophils", "hold", "update"); a user reads them here, in
their language. Records name a toxicity by its English CTCAE term: a Chinese window says it with the Chinese
name of the CTCAE catalogue (app/toxicity/ctcae.py), in a sentence too (an `app.text.Term` value).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.text import GradeDefinition, Message, Term, message_of

if TYPE_CHECKING:
    from decimal import Decimal

    def QT_TRANSLATE_NOOP(context: str, message: str) -> str:  # PySide6 types it as object
        ...
else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP


def say(text: object) -> str:
    """A sentence of the core or the services (an `app.text.Message`) in the window's language, its values
    filled in (values that are sentences too are said the same way). Any other text is shown as it is."""
    if isinstance(text, Message):
        named = getattr(text, "name_in", None)  # a public holiday: its name as the holidays package gives it
        if callable(named):
            from app.ui.i18n import current_language

            language = current_language()
            return str(text) if language == "en" else str(named(language))
        template = QCoreApplication.translate("messages", text.template)
        values = {key: _said(value) for key, value in text.params.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a field: the English is right
            return str(text)
    return "" if text is None else str(text)


def _said(value: object) -> object:
    """A message's value as the window says it: a sentence, a CTCAE term or grade definition in its language."""
    if isinstance(value, Message):
        return say(value)
    if isinstance(value, Term):
        return term_name(value)
    if isinstance(value, GradeDefinition):
        return grade_definition(value)
    return value


def speaks_chinese() -> bool:
    """Whether the window speaks Chinese now."""
    from app.ui.i18n import current_language

    return current_language().startswith("zh")


def term_name(term: str | None, *, with_english: bool = False) -> str:
    """A CTCAE term, named by its English as records keep it, in the window's language: in a Chinese window its
    Chinese name, with the English beside it when `with_english` (where a clinician matches a paper form):
    "中性粒细胞计数降低 (Neutrophil count decreased)". A name CTCAE does not have is shown as it is."""
    if not term:
        return ""
    text = str(term)
    if not speaks_chinese():
        return text
    from app.toxicity.ctcae import find_term

    found = find_term(text)
    chinese = found.chinese if found is not None else None
    if found is None or chinese is None:
        return text
    return f"{chinese.name} ({found.term})" if with_english else chinese.name


def grade_definition(definition: str | None) -> str:
    """A CTCAE grade definition (the English, as NCI writes it) in the window's language."""
    if not definition:
        return ""
    text = str(definition)
    if not speaks_chinese():
        return text
    from app.toxicity.ctcae import chinese_definition

    return chinese_definition(text) or text


def soc_name(term: str) -> str:
    """The system organ class of a CTCAE term (named by its English) in the window's language."""
    from app.toxicity.ctcae import find_term

    found = find_term(term)
    if found is None:
        return ""
    chinese = found.chinese if speaks_chinese() else None
    return chinese.soc if chinese is not None else found.soc


def say_error(exc: BaseException) -> str:
    """What an error says to the user, in the window's language."""
    return say(message_of(exc))


def rule_text(text: str | None) -> str:
    """A protocol rule's text (from the protocol file, or as stored with a decision) in the window's language."""
    return QCoreApplication.translate("protocol", text) if text else ""


_SENTENCE_ENDS = ".!?。！？"


def as_sentence(text: str) -> str:
    """`text` ending with one full stop, so that a sentence after it never runs on: "。" after Chinese, "." after
    anything else; a text that already ends a sentence is kept as it is."""
    text = text.rstrip()
    if not text or text[-1] in _SENTENCE_ENDS:
        return text
    return text + ("。" if "\u3000" <= text[-1] <= "\u9fff" or "\uff00" <= text[-1] <= "\uffef" else ".")


def rule_sentence(text: str | None) -> str:
    """A protocol rule's text in the window's language as a sentence of its own (the protocol files write rule
    texts as headings, without a full stop: followed by another sentence they ran on into it)."""
    return as_sentence(rule_text(text))


def lab_value(value: Decimal | None, unit: str | None, lab: str | None = None) -> str:
    """A lab result with the unit the laboratory gave (free text, so not always one of the formatter's); for
    `lab`'s SI unit, the unit as a report prints it ("0.8 ×10⁹/L")."""
    from app.dosing.format import format_number

    if value is None:
        return "—"
    if unit and lab is not None:
        from app.toxicity.labs import lab_kinds, normalise_unit

        kind = lab_kinds().get(lab)
        if kind is not None and normalise_unit(unit) == normalise_unit(kind.si_unit):
            unit = kind.display_unit
    return f"{format_number(value)} {unit}".strip() if unit else format_number(value)


def graded_value(value: Decimal | None, unit: str | None, grade: int | None, lab: str | None = None) -> str:
    """A lab result with its CTCAE grade beside it ("0.8 ×10⁹/L · grade 3"), when the grade is known."""
    text = lab_value(value, unit, lab)
    if value is None or grade is None:
        return text
    return QCoreApplication.translate("words", "{value} · grade {grade}").format(value=text, grade=grade)


def lab_name(key: str) -> str:
    """A lab's name as the laboratory report prints it."""
    names = {
        "neutrophils": QCoreApplication.translate("words", "Neutrophils (ANC)"),
        "platelets": QCoreApplication.translate("words", "Platelets"),
        "hemoglobin": QCoreApplication.translate("words", "Haemoglobin"),
        "wbc": QCoreApplication.translate("words", "White blood cells"),
        "lymphocytes": QCoreApplication.translate("words", "Lymphocytes"),
        "ast": QCoreApplication.translate("words", "AST"),
        "alt": QCoreApplication.translate("words", "ALT"),
        "alp": QCoreApplication.translate("words", "Alkaline phosphatase"),
        "bilirubin": QCoreApplication.translate("words", "Total bilirubin"),
        "creatinine": QCoreApplication.translate("words", "Creatinine"),
        "creatinine_clearance": QCoreApplication.translate("words", "Creatinine clearance"),
    }
    return names.get(key, key)


def toxicity_action(action: str) -> str:
    words = {
        "continue": QCoreApplication.translate("words", "continue"),
        "hold": QCoreApplication.translate("words", "hold"),
        "reduce": QCoreApplication.translate("words", "reduce"),
        "discontinue": QCoreApplication.translate("words", "discontinue"),
    }
    return words.get(action, action)


def audit_action(action: str) -> str:
    words = {
        "create": QCoreApplication.translate("words", "created"),
        "update": QCoreApplication.translate("words", "changed"),
        "cancel": QCoreApplication.translate("words", "cancelled"),
        "delete": QCoreApplication.translate("words", "deleted"),
    }
    return words.get(action, action)


# --- the audit trail's words: records, fields, coded values ----------------------------------------------------
# Marked for translation here (QT_TRANSLATE_NOOP returns the English); translated when shown.

_TABLES: dict[str, str] = {
    "audit_log": QT_TRANSLATE_NOOP("words", "audit record"),
    "dose_level_changes": QT_TRANSLATE_NOOP("words", "dose level change"),
    "eligibility_decisions": QT_TRANSLATE_NOOP("words", "eligibility decision"),
    "holds": QT_TRANSLATE_NOOP("words", "dosing hold"),
    "infusion_order_steps": QT_TRANSLATE_NOOP("words", "order step"),
    "infusion_orders": QT_TRANSLATE_NOOP("words", "order"),
    "infusion_bags": QT_TRANSLATE_NOOP("words", "infusion bag"),
    "infusion_events": QT_TRANSLATE_NOOP("words", "event during the infusion"),
    "lab_results": QT_TRANSLATE_NOOP("words", "lab result"),
    "preparation_lines": QT_TRANSLATE_NOOP("words", "lot used in preparation"),
    "protocol_versions": QT_TRANSLATE_NOOP("words", "protocol version"),
    "screening_evidence": QT_TRANSLATE_NOOP("words", "screening evidence"),
    "signatures": QT_TRANSLATE_NOOP("words", "signature"),
    "site_settings": QT_TRANSLATE_NOOP("words", "site setting"),
    "stock_lots": QT_TRANSLATE_NOOP("words", "lot"),
    "stock_movements": QT_TRANSLATE_NOOP("words", "stock movement"),
    "stock_shipments": QT_TRANSLATE_NOOP("words", "shipment"),
    "subjects": QT_TRANSLATE_NOOP("words", "subject"),
    "toxicities": QT_TRANSLATE_NOOP("words", "toxicity"),
    "toxicity_decisions": QT_TRANSLATE_NOOP("words", "toxicity decision"),
    "user_roles": QT_TRANSLATE_NOOP("words", "user role"),
    "users": QT_TRANSLATE_NOOP("words", "user"),
    "visits": QT_TRANSLATE_NOOP("words", "visit"),
    "weights": QT_TRANSLATE_NOOP("words", "weight"),
}

# A column's name, whatever its table (the few that mean something else in one table are in _TABLE_FIELDS).
_FIELDS: dict[str, str] = {
    "id": QT_TRANSLATE_NOOP("words", "record number"),
    # rows of other records
    "subject_id": QT_TRANSLATE_NOOP("words", "subject"),
    "visit_id": QT_TRANSLATE_NOOP("words", "visit"),
    "toxicity_id": QT_TRANSLATE_NOOP("words", "toxicity"),
    "decision_id": QT_TRANSLATE_NOOP("words", "toxicity decision"),
    "order_id": QT_TRANSLATE_NOOP("words", "order"),
    "lot_id": QT_TRANSLATE_NOOP("words", "lot"),
    "shipment_id": QT_TRANSLATE_NOOP("words", "shipment"),
    "preparation_line_id": QT_TRANSLATE_NOOP("words", "lot used in preparation"),
    "signature_id": QT_TRANSLATE_NOOP("words", "signature"),
    "protocol_version_id": QT_TRANSLATE_NOOP("words", "protocol version"),
    "weight_id": QT_TRANSLATE_NOOP("words", "weight record"),
    "user_id": QT_TRANSLATE_NOOP("words", "user"),
    "by_id": QT_TRANSLATE_NOOP("words", "done by"),
    "by_name": QT_TRANSLATE_NOOP("words", "done by (name)"),
    "decided_by_id": QT_TRANSLATE_NOOP("words", "decided by"),
    "investigator_id": QT_TRANSLATE_NOOP("words", "investigator"),
    "prescribed_by_id": QT_TRANSLATE_NOOP("words", "prescribed by"),
    "verified_by_id": QT_TRANSLATE_NOOP("words", "verified by"),
    "prepared_by_id": QT_TRANSLATE_NOOP("words", "prepared by"),
    "administration_recorded_by_id": QT_TRANSLATE_NOOP("words", "administration recorded by"),
    "cancelled_by_id": QT_TRANSLATE_NOOP("words", "cancelled by"),
    "started_by_id": QT_TRANSLATE_NOOP("words", "started by"),
    "ended_by_id": QT_TRANSLATE_NOOP("words", "ended by"),
    "checked_by_id": QT_TRANSLATE_NOOP("words", "checked by"),
    "wasted_by_id": QT_TRANSLATE_NOOP("words", "wasted by"),
    "recorded_by_id": QT_TRANSLATE_NOOP("words", "recorded by"),
    "bag_id": QT_TRANSLATE_NOOP("words", "infusion bag"),
    "received_by_id": QT_TRANSLATE_NOOP("words", "received by"),
    "received_by_name": QT_TRANSLATE_NOOP("words", "received by (name)"),
    "signed_off_by_id": QT_TRANSLATE_NOOP("words", "signed off by"),
    # common
    "status": QT_TRANSLATE_NOOP("words", "status"),
    "status_reason": QT_TRANSLATE_NOOP("words", "status reason"),
    "status_reason_code": QT_TRANSLATE_NOOP("words", "why not"),
    "status_reason_params": QT_TRANSLATE_NOOP("words", "why not: details"),
    "reason": QT_TRANSLATE_NOOP("words", "reason"),
    "note": QT_TRANSLATE_NOOP("words", "note"),
    "kind": QT_TRANSLATE_NOOP("words", "kind"),
    "at": QT_TRANSLATE_NOOP("words", "time"),
    "created_at": QT_TRANSLATE_NOOP("words", "created at"),
    "recorded_at": QT_TRANSLATE_NOOP("words", "recorded at"),
    "cancelled": QT_TRANSLATE_NOOP("words", "cancelled"),
    "cancelled_at": QT_TRANSLATE_NOOP("words", "cancelled at"),
    "cancel_reason": QT_TRANSLATE_NOOP("words", "cancel reason"),
    "vials": QT_TRANSLATE_NOOP("words", "vials"),
    "waste_mg": QT_TRANSLATE_NOOP("words", "waste (mg)"),
    "reference": QT_TRANSLATE_NOOP("words", "reference"),
    "protocol_id": QT_TRANSLATE_NOOP("words", "protocol"),
    "lot_number": QT_TRANSLATE_NOOP("words", "lot number"),
    "weight_kg": QT_TRANSLATE_NOOP("words", "weight (kg)"),
    # dose level changes, holds
    "from_level_mg_per_kg": QT_TRANSLATE_NOOP("words", "dose level before (mg/kg)"),
    "to_level_mg_per_kg": QT_TRANSLATE_NOOP("words", "dose level after (mg/kg)"),
    "effective_on": QT_TRANSLATE_NOOP("words", "effective on"),
    "decided_at": QT_TRANSLATE_NOOP("words", "decided at"),
    "hold_until_grade": QT_TRANSLATE_NOOP("words", "hold until grade"),
    "start_date": QT_TRANSLATE_NOOP("words", "start date"),
    "end_date": QT_TRANSLATE_NOOP("words", "end date"),
    # orders and their steps
    "step": QT_TRANSLATE_NOOP("words", "step"),
    "order_number": QT_TRANSLATE_NOOP("words", "order number"),
    "planned_date": QT_TRANSLATE_NOOP("words", "planned date"),
    "weight_measured_on": QT_TRANSLATE_NOOP("words", "weight measured on"),
    "dose_level_mg_per_kg": QT_TRANSLATE_NOOP("words", "dose level (mg/kg)"),
    "calculated_dose_mg": QT_TRANSLATE_NOOP("words", "calculated dose (mg)"),
    "final_dose_mg": QT_TRANSLATE_NOOP("words", "final dose (mg)"),
    "concentration_mg_per_ml": QT_TRANSLATE_NOOP("words", "concentration (mg/mL)"),
    "volume_to_draw_ml": QT_TRANSLATE_NOOP("words", "volume to draw (mL)"),
    "bag_volume_ml": QT_TRANSLATE_NOOP("words", "bag volume (mL)"),
    "final_concentration_mg_per_ml": QT_TRANSLATE_NOOP("words", "final concentration (mg/mL)"),
    "infusion_minutes": QT_TRANSLATE_NOOP("words", "infusion time (minutes)"),
    "reduction_reason": QT_TRANSLATE_NOOP("words", "reduction reason"),
    "warnings": QT_TRANSLATE_NOOP("words", "warnings"),
    "warnings_acknowledged": QT_TRANSLATE_NOOP("words", "warnings acknowledged"),
    "acknowledgement_reason": QT_TRANSLATE_NOOP("words", "acknowledgement reason"),
    "prescribed_at": QT_TRANSLATE_NOOP("words", "prescribed at"),
    "verified_at": QT_TRANSLATE_NOOP("words", "verified at"),
    "verifier_weight_kg": QT_TRANSLATE_NOOP("words", "weight checked by the verifier (kg)"),
    "verifier_dose_level_mg_per_kg": QT_TRANSLATE_NOOP("words", "dose level checked by the verifier (mg/kg)"),
    "verifier_final_dose_mg": QT_TRANSLATE_NOOP("words", "final dose checked by the verifier (mg)"),
    "verifier_volume_ml": QT_TRANSLATE_NOOP("words", "volume checked by the verifier (mL)"),
    "prepared_at": QT_TRANSLATE_NOOP("words", "prepared at"),
    "beyond_use_at": QT_TRANSLATE_NOOP("words", "beyond-use time"),
    "beyond_use_storage": QT_TRANSLATE_NOOP("words", "beyond-use storage"),
    "administration_started_at": QT_TRANSLATE_NOOP("words", "administration started at"),
    "administration_ended_at": QT_TRANSLATE_NOOP("words", "administration ended at"),
    "administered_by": QT_TRANSLATE_NOOP("words", "administered by"),
    "started_at": QT_TRANSLATE_NOOP("words", "started at"),
    "ended_at": QT_TRANSLATE_NOOP("words", "ended at"),
    "volume_given_ml": QT_TRANSLATE_NOOP("words", "volume given (mL)"),
    "dose_given_mg": QT_TRANSLATE_NOOP("words", "dose given (mg)"),
    "stop_reason_code": QT_TRANSLATE_NOOP("words", "why it stopped early"),
    "stop_reason": QT_TRANSLATE_NOOP("words", "stopped early: detail"),
    "cancel_reason_code": QT_TRANSLATE_NOOP("words", "why it was cancelled"),
    # bags and their check, events at the bedside
    "number": QT_TRANSLATE_NOOP("words", "bag number"),
    "tare_g": QT_TRANSLATE_NOOP("words", "diluent bag weight (g)"),
    "checked_at": QT_TRANSLATE_NOOP("words", "checked at"),
    "check_items": QT_TRANSLATE_NOOP("words", "items confirmed"),
    "weighed_g": QT_TRANSLATE_NOOP("words", "bag weight at the check (g)"),
    "expected_g": QT_TRANSLATE_NOOP("words", "bag weight expected (g)"),
    "wasted_at": QT_TRANSLATE_NOOP("words", "wasted at"),
    "waste_reason_code": QT_TRANSLATE_NOOP("words", "why it was wasted"),
    "waste_note": QT_TRANSLATE_NOOP("words", "waste: detail"),
    # labs, weights, toxicities, decisions
    "lab": QT_TRANSLATE_NOOP("words", "lab test"),
    "value": QT_TRANSLATE_NOOP("words", "result"),
    "unit": QT_TRANSLATE_NOOP("words", "unit"),
    "lln": QT_TRANSLATE_NOOP("words", "lower limit of normal"),
    "uln": QT_TRANSLATE_NOOP("words", "upper limit of normal"),
    "collected_on": QT_TRANSLATE_NOOP("words", "collected on"),
    "collected_at": QT_TRANSLATE_NOOP("words", "collection time"),
    "reported_at": QT_TRANSLATE_NOOP("words", "report time"),
    "source": QT_TRANSLATE_NOOP("words", "source"),
    "file_sha256": QT_TRANSLATE_NOOP("words", "file SHA-256"),
    "accession": QT_TRANSLATE_NOOP("words", "accession number"),
    "import_key": QT_TRANSLATE_NOOP("words", "import key"),
    "hospital_number": QT_TRANSLATE_NOOP("words", "hospital number"),
    "language": QT_TRANSLATE_NOOP("words", "language"),
    "changed_at": QT_TRANSLATE_NOOP("words", "changed at"),
    "ctcae_grade": QT_TRANSLATE_NOOP("words", "CTCAE grade"),
    "measured_on": QT_TRANSLATE_NOOP("words", "measured on"),
    "measured_by": QT_TRANSLATE_NOOP("words", "measured by"),
    "ctcae_term": QT_TRANSLATE_NOOP("words", "CTCAE term"),
    "meddra_code": QT_TRANSLATE_NOOP("words", "MedDRA code"),
    "grade": QT_TRANSLATE_NOOP("words", "grade"),
    "onset_date": QT_TRANSLATE_NOOP("words", "onset date"),
    "resolution_date": QT_TRANSLATE_NOOP("words", "resolution date"),
    "proposed_action": QT_TRANSLATE_NOOP("words", "proposed action"),
    "proposed_hold_until_grade": QT_TRANSLATE_NOOP("words", "proposed: hold until grade"),
    "proposed_resume": QT_TRANSLATE_NOOP("words", "proposed: resume at"),
    "proposed_rule_text": QT_TRANSLATE_NOOP("words", "protocol rule proposed"),
    "taken_action": QT_TRANSLATE_NOOP("words", "action taken"),
    "taken_hold_until_grade": QT_TRANSLATE_NOOP("words", "taken: hold until grade"),
    "taken_resume": QT_TRANSLATE_NOOP("words", "taken: resume at"),
    "overridden": QT_TRANSLATE_NOOP("words", "proposal overridden"),
    "override_reason": QT_TRANSLATE_NOOP("words", "override reason"),
    # protocol versions, signatures
    "version": QT_TRANSLATE_NOOP("words", "version"),
    "fingerprint": QT_TRANSLATE_NOOP("words", "file fingerprint"),
    "title": QT_TRANSLATE_NOOP("words", "title"),
    "registered_at": QT_TRANSLATE_NOOP("words", "registered at"),
    "signed_off_at": QT_TRANSLATE_NOOP("words", "signed off at"),
    "printed_name": QT_TRANSLATE_NOOP("words", "printed name"),
    "signed_at": QT_TRANSLATE_NOOP("words", "signed at"),
    "meaning": QT_TRANSLATE_NOOP("words", "meaning"),
    "record_table": QT_TRANSLATE_NOOP("words", "signed record"),
    "record_id": QT_TRANSLATE_NOOP("words", "signed record number"),
    "record_hash": QT_TRANSLATE_NOOP("words", "signed record fingerprint"),
    # stock
    "strength_mg": QT_TRANSLATE_NOOP("words", "strength (mg)"),
    "expiry": QT_TRANSLATE_NOOP("words", "expiry"),
    "lot_expiry": QT_TRANSLATE_NOOP("words", "lot expiry"),
    "volume_drawn_ml": QT_TRANSLATE_NOOP("words", "volume drawn (mL)"),
    "received_vials": QT_TRANSLATE_NOOP("words", "vials received"),
    "dispensed_vials": QT_TRANSLATE_NOOP("words", "vials dispensed"),
    "returned_vials": QT_TRANSLATE_NOOP("words", "vials returned"),
    "destroyed_vials": QT_TRANSLATE_NOOP("words", "vials destroyed"),
    "on_hand_vials": QT_TRANSLATE_NOOP("words", "vials on hand"),
    "received_on": QT_TRANSLATE_NOOP("words", "received on"),
    # subjects
    "subject_number": QT_TRANSLATE_NOOP("words", "subject number"),
    "initials": QT_TRANSLATE_NOOP("words", "initials"),
    "birth_date": QT_TRANSLATE_NOOP("words", "birth date"),
    "sex": QT_TRANSLATE_NOOP("words", "sex"),
    "allergies": QT_TRANSLATE_NOOP("words", "allergies"),
    "liver_metastases": QT_TRANSLATE_NOOP("words", "liver metastases"),
    "baseline_weight_kg": QT_TRANSLATE_NOOP("words", "baseline weight (kg)"),
    "height_cm": QT_TRANSLATE_NOOP("words", "height (cm)"),
    "can_become_pregnant": QT_TRANSLATE_NOOP("words", "can become pregnant"),
    "c1d1": QT_TRANSLATE_NOOP("words", "Cycle 1 Day 1"),
    "current_dose_level_mg_per_kg": QT_TRANSLATE_NOOP("words", "current dose level (mg/kg)"),
    "treatment_stopped_on": QT_TRANSLATE_NOOP("words", "treatment stopped on"),
    "treatment_stop_reason": QT_TRANSLATE_NOOP("words", "treatment stop reason"),
    "treatment_stop_code": QT_TRANSLATE_NOOP("words", "why treatment ended"),
    "treatment_stop_params": QT_TRANSLATE_NOOP("words", "why treatment ended: details"),
    "off_study_code": QT_TRANSLATE_NOOP("words", "why the study ended"),
    "off_study_params": QT_TRANSLATE_NOOP("words", "why the study ended: details"),
    "off_study_on": QT_TRANSLATE_NOOP("words", "off study on"),
    "off_study_reason": QT_TRANSLATE_NOOP("words", "off-study reason"),
    "enrolled_at": QT_TRANSLATE_NOOP("words", "enrolled at"),
    # users
    "role": QT_TRANSLATE_NOOP("words", "role"),
    "username": QT_TRANSLATE_NOOP("words", "user name"),
    "full_name": QT_TRANSLATE_NOOP("words", "full name"),
    "password_hash": QT_TRANSLATE_NOOP("words", "password"),
    "active": QT_TRANSLATE_NOOP("words", "active"),
    "failed_sign_ins": QT_TRANSLATE_NOOP("words", "failed sign-ins"),
    "locked_at": QT_TRANSLATE_NOOP("words", "locked at"),
    "must_change_password": QT_TRANSLATE_NOOP("words", "must change password"),
    "last_sign_in_at": QT_TRANSLATE_NOOP("words", "last signed in at"),
    # visits
    "label": QT_TRANSLATE_NOOP("words", "label"),
    "cycle": QT_TRANSLATE_NOOP("words", "cycle"),
    "day": QT_TRANSLATE_NOOP("words", "day of cycle"),
    "target_date": QT_TRANSLATE_NOOP("words", "target date"),
    "window_start": QT_TRANSLATE_NOOP("words", "window start"),
    "window_end": QT_TRANSLATE_NOOP("words", "window end"),
    "suggested_date": QT_TRANSLATE_NOOP("words", "suggested date"),
    "booked_date": QT_TRANSLATE_NOOP("words", "booked date"),
    "actual_date": QT_TRANSLATE_NOOP("words", "actual date"),
    "booking_reason": QT_TRANSLATE_NOOP("words", "booking reason"),
}

# Columns that mean something else in one table.
_TABLE_FIELDS: dict[tuple[str, str], str] = {
    ("signatures", "user_id"): QT_TRANSLATE_NOOP("words", "signed by"),
    ("infusion_order_steps", "user_id"): QT_TRANSLATE_NOOP("words", "done by"),
    ("infusion_order_steps", "signature_id"): QT_TRANSLATE_NOOP("words", "signature"),
    ("stock_lots", "created_at"): QT_TRANSLATE_NOOP("words", "recorded at"),
    ("site_settings", "key"): QT_TRANSLATE_NOOP("words", "setting"),
    ("site_settings", "value"): QT_TRANSLATE_NOOP("words", "setting value"),
    # screening evidence and the eligibility decision
    ("screening_evidence", "taken_on"): QT_TRANSLATE_NOOP("words", "taken on"),
    ("screening_evidence", "qt_ms"): QT_TRANSLATE_NOOP("words", "QT interval"),
    ("screening_evidence", "rr_ms"): QT_TRANSLATE_NOOP("words", "RR interval"),
    ("screening_evidence", "heart_rate_bpm"): QT_TRANSLATE_NOOP("words", "heart rate"),
    ("screening_evidence", "lvef_percent"): QT_TRANSLATE_NOOP("words", "LVEF"),
    ("screening_evidence", "test_kind"): QT_TRANSLATE_NOOP("words", "pregnancy test kind"),
    ("screening_evidence", "result"): QT_TRANSLATE_NOOP("words", "test result"),
    ("screening_evidence", "ecog"): QT_TRANSLATE_NOOP("words", "ECOG performance status"),
    ("screening_evidence", "criterion_id"): QT_TRANSLATE_NOOP("words", "criterion"),
    ("screening_evidence", "satisfied"): QT_TRANSLATE_NOOP("words", "attested satisfied"),
    ("screening_evidence", "recorded_by"): QT_TRANSLATE_NOOP("words", "recorded by"),
    ("eligibility_decisions", "first_dose_date"): QT_TRANSLATE_NOOP("words", "first dose date"),
    ("eligibility_decisions", "evaluation"): QT_TRANSLATE_NOOP("words", "evaluation signed"),
    ("eligibility_decisions", "evaluation_sha256"): QT_TRANSLATE_NOOP("words", "evaluation fingerprint"),
    ("eligibility_decisions", "ds_term"): QT_TRANSLATE_NOOP("words", "disposition term"),
    ("eligibility_decisions", "reason_code"): QT_TRANSLATE_NOOP("words", "screen failure reason"),
    ("holds", "reason_code"): QT_TRANSLATE_NOOP("words", "why held"),
    ("stock_lots", "status_reason_code"): QT_TRANSLATE_NOOP("words", "why set aside or released"),
    ("stock_movements", "reason_code"): QT_TRANSLATE_NOOP("words", "why"),
    ("dose_level_changes", "reason_code"): QT_TRANSLATE_NOOP("words", "why reduced"),
    ("eligibility_decisions", "criteria_not_met"): QT_TRANSLATE_NOOP("words", "criteria not met"),
    ("eligibility_decisions", "detail"): QT_TRANSLATE_NOOP("words", "detail"),
}

# The closed vocabularies of app/models/enums.py and app/models/stock.py, value code → word. The visit kinds and
# statuses and the order statuses have their words in the core with their values (`_CORE_VOCABULARIES`).
_VOCABULARIES: dict[str, dict[str, str]] = {
    "role": {
        "admin": QT_TRANSLATE_NOOP("words", "administrator"),
        "pharmacist": QT_TRANSLATE_NOOP("words", "pharmacist"),
        "coordinator": QT_TRANSLATE_NOOP("words", "coordinator"),
        "investigator": QT_TRANSLATE_NOOP("words", "investigator"),
        "nurse": QT_TRANSLATE_NOOP("words", "nurse"),
    },
    "sex": {
        "female": QT_TRANSLATE_NOOP("words", "female"),
        "male": QT_TRANSLATE_NOOP("words", "male"),
    },
    "subject_status": {
        "screening": QT_TRANSLATE_NOOP("words", "screening"),
        "screen_failed": QT_TRANSLATE_NOOP("words", "screen failed"),
        "on_treatment": QT_TRANSLATE_NOOP("words", "on treatment"),
        "follow_up": QT_TRANSLATE_NOOP("words", "follow-up"),
        "off_study": QT_TRANSLATE_NOOP("words", "off study"),
    },
    "decision_action": {
        "continue": QT_TRANSLATE_NOOP("words", "continue"),
        "hold": QT_TRANSLATE_NOOP("words", "hold"),
        "discontinue": QT_TRANSLATE_NOOP("words", "discontinue"),
    },
    "resume": {
        "same": QT_TRANSLATE_NOOP("words", "the same dose level"),
        "reduce": QT_TRANSLATE_NOOP("words", "a reduced dose level"),
    },
    "order_step": {
        "created": QT_TRANSLATE_NOOP("words", "created"),
        "prescribed": QT_TRANSLATE_NOOP("words", "prescribed"),
        "mismatch": QT_TRANSLATE_NOOP("words", "blind verification did not match"),
        "verified": QT_TRANSLATE_NOOP("words", "verified"),
        "prepared": QT_TRANSLATE_NOOP("words", "prepared"),
        "checked": QT_TRANSLATE_NOOP("words", "checked"),
        "remade": QT_TRANSLATE_NOOP("words", "bag made again"),
        "started": QT_TRANSLATE_NOOP("words", "started"),
        "completed": QT_TRANSLATE_NOOP("words", "completed"),
        "stopped": QT_TRANSLATE_NOOP("words", "stopped early"),
        "administered": QT_TRANSLATE_NOOP("words", "administered"),
        "cancelled": QT_TRANSLATE_NOOP("words", "cancelled"),
    },
    "infusion_event_kind": {
        "interruption": QT_TRANSLATE_NOOP("words", "interruption"),
        "reaction": QT_TRANSLATE_NOOP("words", "infusion reaction"),
    },
    "beyond_use_storage": {
        "room": QT_TRANSLATE_NOOP("words", "room temperature"),
        "fridge": QT_TRANSLATE_NOOP("words", "refrigerated"),
    },
    "signature_meaning": {
        "prescribed": QT_TRANSLATE_NOOP("words", "prescribed"),
        "verified": QT_TRANSLATE_NOOP("words", "verified"),
        "prepared": QT_TRANSLATE_NOOP("words", "prepared"),
        "checked": QT_TRANSLATE_NOOP("words", "checked"),
        "started": QT_TRANSLATE_NOOP("words", "started"),
        "completed": QT_TRANSLATE_NOOP("words", "completed"),
        "stopped": QT_TRANSLATE_NOOP("words", "stopped early"),
        "cancelled": QT_TRANSLATE_NOOP("words", "cancelled"),
        "administered": QT_TRANSLATE_NOOP("words", "administered"),
        "approved": QT_TRANSLATE_NOOP("words", "approved"),
    },
    "lot_status": {
        "released": QT_TRANSLATE_NOOP("words", "released"),
        "quarantined": QT_TRANSLATE_NOOP("words", "quarantined"),
    },
    "movement_kind": {
        "receipt": QT_TRANSLATE_NOOP("words", "receipt"),
        "dispense": QT_TRANSLATE_NOOP("words", "dispensed"),
        "waste": QT_TRANSLATE_NOOP("words", "waste"),
        "return": QT_TRANSLATE_NOOP("words", "returned to sponsor"),
        "destruction": QT_TRANSLATE_NOOP("words", "destroyed"),
        "quarantine": QT_TRANSLATE_NOOP("words", "quarantine"),
        "release": QT_TRANSLATE_NOOP("words", "release"),
    },
}

# Which vocabulary each coded column uses (tests/ui/test_audit_words.py checks this against the models).
_CODED: dict[tuple[str, str], str] = {
    ("user_roles", "role"): "role",
    ("subjects", "sex"): "sex",
    ("subjects", "status"): "subject_status",
    ("visits", "kind"): "visit_kind",
    ("visits", "status"): "visit_status",
    ("toxicity_decisions", "proposed_action"): "decision_action",
    ("toxicity_decisions", "taken_action"): "decision_action",
    ("toxicity_decisions", "proposed_resume"): "resume",
    ("toxicity_decisions", "taken_resume"): "resume",
    ("infusion_orders", "status"): "order_status",
    ("infusion_orders", "beyond_use_storage"): "beyond_use_storage",
    ("infusion_bags", "beyond_use_storage"): "beyond_use_storage",
    ("infusion_events", "kind"): "infusion_event_kind",
    ("infusion_order_steps", "step"): "order_step",
    ("signatures", "meaning"): "signature_meaning",
    ("stock_lots", "status"): "lot_status",
    ("stock_movements", "kind"): "movement_kind",
}

# Vocabularies whose words the core keeps beside the values (app/scheduling/kinds.py, app/dosing/order_status.py).
_CORE_VOCABULARIES = frozenset({"visit_kind", "visit_status", "order_status"})


def _core_words(vocabulary: str, code: str) -> str:
    """A code of one of `_CORE_VOCABULARIES` in the core's words (a message; an unknown code as it is)."""
    from app.dosing.order_status import order_status_words  # imported when needed: the core loads holidays
    from app.scheduling.kinds import visit_kind_words, visit_status_words

    if vocabulary == "visit_kind":
        return visit_kind_words(code)
    if vocabulary == "visit_status":
        return visit_status_words(code)
    return order_status_words(code)


_YES = QT_TRANSLATE_NOOP("words", "yes")
_NO = QT_TRANSLATE_NOOP("words", "no")
_NOT_RECORDED = QT_TRANSLATE_NOOP("words", "(changed; not recorded)")  # app.services.audit.REDACTED
_WITHHELD = QT_TRANSLATE_NOOP("words", "(withheld until the order is verified)")  # queries.WITHHELD

_HIDDEN_FIELDS = frozenset({"id", "subject_id", "created_at", "updated_at"})
# Fields of a created record that hold a sentence the services wrote (as app/services/queries.py reads them):
# found again and said in the window's language, with the CTCAE term in it ("a hold's reason: …").
_SENTENCE_FIELDS = frozenset(
    {
        "status_reason",
        "cancel_reason",
        "note",
        "reason",
        "reduction_reason",
        "off_study_reason",
        "treatment_stop_reason",
    }
)
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _word(english: str) -> str:
    return QCoreApplication.translate("words", english)


def table_noun(table: str) -> str:
    """An audited table's record, as a noun in the window's language ("visits" → "visit"); else the name."""
    english = _TABLES.get(table)
    return _word(english) if english else table


def audit_record(table: str, record_id: str) -> str:
    """Which record an audit row is about, in words: "visit #362" (the record's number in the database, marked
    so that it is not read as a lot number or a visit label)."""
    return QCoreApplication.translate("words", "{record} #{number}").format(
        record=table_noun(table), number=record_id
    )


def field_name(field: str | None, table: str | None = None) -> str:
    """An audited column's name in words ("booked_date" → "booked date"); an unknown name as it is."""
    if not field:
        return ""
    english = _TABLE_FIELDS.get((table, field)) if table else None
    english = english or _FIELDS.get(field)
    return _word(english) if english else field


_ORDER_CODE_FIELDS = frozenset({"cancel_reason_code", "stop_reason_code", "waste_reason_code", "check_items"})


def _order_code(field: str, value: str) -> str:
    """A code of app.dosing.order_codes (a cancel, stop or remake reason; the items a product check confirmed)
    in the window's words."""
    from app.dosing import order_codes as codes

    def words(code: str) -> str:
        for table, kind in (
            (codes.CANCEL_REASON_WORDS, codes.CancelReason),
            (codes.REMAKE_REASON_WORDS, codes.RemakeReason),
            (codes.STOP_REASON_WORDS, codes.StopReason),
            (codes.CHECK_ITEM_WORDS, codes.CheckItem),
        ):
            try:
                return say(table[kind(code)])  # type: ignore[index]
            except ValueError:
                continue
        return code

    if field == "stop_reason_code":
        try:
            return say(codes.STOP_REASON_WORDS[codes.StopReason(value)])
        except ValueError:
            return value
    if field == "check_items":
        return QCoreApplication.translate("words", "; ").join(
            words(code) for code in value.split(",") if code
        )
    return words(value)


_REASON_CODE_FIELDS = frozenset({"treatment_stop_code", "off_study_code", "status_reason_code"})


def _reason_code(field: str, value: str) -> str:
    """A disposition code (app.scheduling.disposition) or a visit reason code in the window's words."""
    from app.scheduling.disposition import DISPOSITION_WORDS, Disposition
    from app.scheduling.visit_reasons import VISIT_REASON_WORDS, VisitReason

    try:
        if field == "status_reason_code":
            words = VISIT_REASON_WORDS[VisitReason(value)]
            return say(words) if "{" not in words.template else value
        return say(DISPOSITION_WORDS[Disposition(value)])
    except ValueError:
        return value


def coded_value(table: str | None, field: str | None, value: str) -> str:
    """A stored code of a coded column in words ("planned" of a visit's status → "planned", 已计划)."""
    if table is None or field is None:
        return value
    if field in _ORDER_CODE_FIELDS:
        return _order_code(field, value)
    if (table, field) in (("stock_lots", "status_reason_code"), ("stock_movements", "reason_code")):
        from app.dosing.stock_reasons import STOCK_REASON_WORDS, StockReason

        try:
            return say(STOCK_REASON_WORDS[StockReason(value)])
        except ValueError:
            return value
    if field in _REASON_CODE_FIELDS:
        return _reason_code(field, value)
    if field == "reason_code" and table in ("holds", "dose_level_changes"):
        from app.dosing.adjustments import ADJUSTMENT_WORDS, AdjustmentReason

        try:
            return say(ADJUSTMENT_WORDS[AdjustmentReason(value)])
        except ValueError:
            return value
    vocabulary = _CODED.get((table, field))
    if vocabulary in _CORE_VOCABULARIES:
        return say(_core_words(vocabulary, value))
    if vocabulary is not None:
        english = _VOCABULARIES[vocabulary].get(value)
        return _word(english) if english else value
    if field == "record_table":
        return table_noun(value)
    if field == "lab":
        return lab_name(value)
    return value


def audit_value(value: str | None, table: str | None = None, field: str | None = None) -> str:
    """An audited value for reading, in the window's language: a code of `table`'s `field` in words, a time as
    local "YYYY-MM-DD HH:MM", true/false as yes/no, the redaction marker translated, and a created record's
    JSON as "field: value; …" (ids left out)."""
    if not value:
        return ""
    if isinstance(value, Message):  # a sentence the services found again in the stored English
        return say(value)
    text = value.strip()
    if not text.startswith("{"):
        return _value(text, table, field)
    try:
        data: Any = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return text
    colon = QCoreApplication.translate("words", ": ")
    parts = [
        f"{field_name(key, table)}{colon}{_value(item, table, key)}"
        for key, item in data.items()
        if key not in _HIDDEN_FIELDS and not key.endswith("_id") and item not in (None, "", [], {})
    ]
    return QCoreApplication.translate("words", "; ").join(parts)


def _value(item: Any, table: str | None, field: str | None) -> str:
    from app.services.audit import is_redacted

    if isinstance(item, bool) or item in ("true", "false"):
        yes = item is True or item == "true"
        return _word(_YES) if yes else _word(_NO)
    if isinstance(item, list | dict):
        return json.dumps(item, ensure_ascii=False)
    text = str(item)
    if is_redacted(text):  # the old marker, or the digest the trail keeps of a password hash
        return _word(_NOT_RECORDED)
    if text == _WITHHELD:
        return _word(_WITHHELD)
    if _TIMESTAMP.match(text):
        return _local_time(text)
    if field == "proposed_rule_text":
        return rule_text(text)
    if field == "ctcae_term":
        return term_name(text)
    if field in _SENTENCE_FIELDS:
        from app.services.reasons import recall_reason

        return say(recall_reason(text))
    return coded_value(table, field, text)


def _local_time(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")
