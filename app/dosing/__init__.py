"""Pure clinical core: the dose of an infusion, its vials and volumes, and the one number formatter."""

from app.dosing.dose import (
    FIGURES,
    DosePlan,
    DoseRefused,
    DoseWarning,
    WarningCode,
    beyond_use,
    cockcroft_gault,
    compute_dose,
    infusion_minutes,
    require_acknowledgement,
    weight_change_percent,
)
from app.dosing.format import format_number, format_percent, format_quantity, plain_decimal

__all__ = [
    "FIGURES",
    "DosePlan",
    "DoseRefused",
    "DoseWarning",
    "WarningCode",
    "beyond_use",
    "cockcroft_gault",
    "compute_dose",
    "format_number",
    "format_percent",
    "format_quantity",
    "infusion_minutes",
    "plain_decimal",
    "require_acknowledgement",
    "weight_change_percent",
]
