"""The one table from DoseDesk's stored codes and words to CDISC controlled terminology (SDTM CT).

Why treatment or the study ended is stored as its CDISC disposition term already (`app.scheduling.disposition`),
written to DSDECOD as it is.
"""

from __future__ import annotations

import re
from decimal import Decimal

SEX = {"female": "F", "male": "M"}  # codelist SEX (C66731)

ROUTE = {"IV": "INTRAVENOUS", "SC": "SUBCUTANEOUS", "PO": "ORAL"}  # codelist ROUTE (C66729)
DOSE_FORM = "INJECTION, POWDER, LYOPHILIZED, FOR SOLUTION"  # codelist FRM (C66726)
DOSE_UNIT = "mg"  # codelist UNIT
LEVEL_UNIT = "mg/kg"

# The action taken with the study treatment for an adverse event: codelist ACN (C66767).
AE_ACTION = {
    "continue": "DOSE NOT CHANGED",
    "hold": "DRUG INTERRUPTED",
    "reduce": "DOSE REDUCED",
    "discontinue": "DRUG WITHDRAWN",
    "none": "NOT APPLICABLE",
}

# Protocol milestones and disposition events (DSDECOD, codelists PROTMLST C114118 and NCOMPLT C66727).
INFORMED_CONSENT = "INFORMED CONSENT OBTAINED"
SCREEN_FAILURE = "SCREEN FAILURE"
COMPLETED = "COMPLETED"

EPOCH_SCREENING = "SCREENING"
EPOCH_TREATMENT = "TREATMENT"
EPOCH_FOLLOW_UP = "FOLLOW-UP"

# The protocol's lab keys as LB tests (codelists LBTESTCD C65047 / LBTEST C67154), with the specimen.
LAB_TESTS: dict[str, tuple[str, str, str]] = {
    "neutrophils": ("NEUT", "Neutrophils", "BLOOD"),
    "platelets": ("PLAT", "Platelets", "BLOOD"),
    "wbc": ("WBC", "Leukocytes", "BLOOD"),
    "lymphocytes": ("LYM", "Lymphocytes", "BLOOD"),
    "hemoglobin": ("HGB", "Hemoglobin", "BLOOD"),
    "alt": ("ALT", "Alanine Aminotransferase", "SERUM"),
    "ast": ("AST", "Aspartate Aminotransferase", "SERUM"),
    "alp": ("ALP", "Alkaline Phosphatase", "SERUM"),
    "bilirubin": ("BILI", "Bilirubin", "SERUM"),
    "creatinine": ("CREAT", "Creatinine", "SERUM"),
    "albumin": ("ALB", "Albumin", "SERUM"),
    "inr": ("INR", "Prothrombin Intl. Normalized Ratio", "PLASMA"),
    "aptt": ("APTT", "Activated Partial Thromboplastin Time", "PLASMA"),
    "urine_protein_24h": ("PROT", "Protein", "URINE"),
}
LAB_CATEGORY = {"BLOOD": "HEMATOLOGY", "PLASMA": "COAGULATION", "URINE": "URINALYSIS", "SERUM": "CHEMISTRY"}


def lab_test(lab: str) -> tuple[str, str, str]:
    """(LBTESTCD, LBTEST, LBSPEC) of a lab key; an unknown key keeps its own name, upper-cased to 8."""
    return LAB_TESTS.get(lab, (re.sub(r"[^A-Z0-9]", "", lab.upper())[:8] or "OTHER", lab, ""))


def cdisc_unit(unit: str) -> str:
    """A unit as SDTM writes it (codelist UNIT): ASCII, micro as u, no spaces."""
    text = unit.replace("µ", "u").replace("μ", "u").replace("×", "").replace(" ", "")
    return {"ratio": "RATIO", "g/24h": "g/(24.h)"}.get(text, text)


# Visit numbers: one scheme for every subject (the trial design's visits).
_VISIT_BASE = {
    "screening": Decimal(0),
    "end_of_treatment": Decimal(900),
    "safety_follow_up": Decimal(910),
}


def visit_number(label: str, kind: str, cycle: int | None, day: int | None) -> Decimal:
    """VISITNUM: screening 0, CcDd c + d/100 (C2D15 = 2.15), TAn 100 + n, EOT 900, SFU 910, OSn 920 + n."""
    if kind == "dose" and cycle is not None and day is not None:
        return Decimal(cycle) + Decimal(day) / 100
    found = re.search(r"(\d+)$", label)
    number = Decimal(found.group(1)) if found else Decimal(0)
    if kind == "tumour_assessment":
        return Decimal(100) + number
    if kind == "survival_follow_up":
        return Decimal(920) + number
    return _VISIT_BASE.get(kind, Decimal(990))


def visit_name(label: str, kind: str, cycle: int | None, day: int | None) -> str:
    """VISIT in words: 'CYCLE 2 DAY 15', 'SCREENING', 'TUMOUR ASSESSMENT 3', 'END OF TREATMENT', …"""
    if kind == "dose" and cycle is not None and day is not None:
        return f"CYCLE {cycle} DAY {day}"
    found = re.search(r"(\d+)$", label)
    number = f" {found.group(1)}" if found else ""
    names = {
        "screening": "SCREENING",
        "tumour_assessment": f"TUMOR ASSESSMENT{number}",
        "end_of_treatment": "END OF TREATMENT",
        "safety_follow_up": "SAFETY FOLLOW-UP",
        "survival_follow_up": f"SURVIVAL FOLLOW-UP{number}",
    }
    return names.get(kind, label.upper())
