"""The window's words for the records' codes: labs, toxicity actions, audit actions, audit values.

The services and the core name things by code ("neutrophils", "hold", "update"); a user reads them here, in
their language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.text import Message, message_of

if TYPE_CHECKING:
    from decimal import Decimal


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
        values = {
            key: say(value) if isinstance(value, Message) else value for key, value in text.params.items()
        }
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a field: the English is right
            return str(text)
    return "" if text is None else str(text)


def say_error(exc: BaseException) -> str:
    """What an error says to the user, in the window's language."""
    return say(message_of(exc))


def rule_text(text: str | None) -> str:
    """A protocol rule's text (from the protocol file, or as stored with a decision) in the window's language."""
    return QCoreApplication.translate("protocol", text) if text else ""


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


_HIDDEN_FIELDS = frozenset({"id", "subject_id", "created_at", "updated_at"})


def audit_value(value: str | None) -> str:
    """An audited value for reading: a created record's JSON becomes "field: value; …" (ids left out)."""
    if not value:
        return ""
    text = value.strip()
    if not text.startswith("{"):
        return text
    try:
        import json

        data: Any = json.loads(text)
    except ValueError:
        return text
    if not isinstance(data, dict):
        return text
    parts = [
        f"{key}: {_plain(item)}"
        for key, item in data.items()
        if key not in _HIDDEN_FIELDS and not key.endswith("_id") and item not in (None, "", [], {})
    ]
    return "; ".join(parts)


def _plain(item: Any) -> str:
    if isinstance(item, bool):
        return (
            QCoreApplication.translate("words", "yes") if item else QCoreApplication.translate("words", "no")
        )
    if isinstance(item, list | dict):
        import json

        return json.dumps(item, ensure_ascii=False)
    return str(item)
