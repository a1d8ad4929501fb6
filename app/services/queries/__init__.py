"""Read models for screens, paper and scripts: plain frozen dataclasses, never database rows.

    patient_list(uow, search="")          -> list[PatientRow]        the Patients screen
    subject_chart(uow, subject_id)        -> Chart                   header, visits, doses, weights, labs, …
    pharmacy_queue(uow, day)              -> PharmacyQueue           Today: prescribe … check, ready, running
    clinic_list(uow, day)                 -> ClinicList              Today: due, booked, overdue, out of window
    order_detail(uow, order_id)           -> OrderRow                one order, every figure and signature
    list_orders(uow, …) / list_visits(uow, …) / visit_detail(uow, visit_id)

Each takes a unit of work and only reads (no commit). Dates default to today at the site. Clinical numbers
are Decimals, to be shown through `app.dosing.format`.

Blind verification (docs/domain.md §7): until an order is verified, its figures (calculated and final dose,
volume to draw, vials, waste, final concentration, the warnings that name them, the acknowledgement typed
beside them) are withheld from whoever could still verify it — a pharmacist who neither made nor prescribed
it — in every read model here: the order rows (`OrderRow.blinded`, the figures None), the chart, Today, the
History tab's audit rows of the order (`withhold_audit_value`). The viewer is the unit of work's user; a unit
of work without one (a command run without `--user`) could be anyone, so it sees an unverified order blind too.

The package: `rows` (the typed rows), `builders` (rows from the records, and what a reader may see),
`chart` (a subject's chart) and `lists` (the screens' lists).
"""

from __future__ import annotations

from app.services.queries.builders import (
    Viewer,
    bag_in_use,
    blinded_order_ids,
    criteria_override,
    held_subjects_of,
    held_visit_ids,
    order_makers,
    order_row,
    order_rows,
    reader,
    reader_language,
    superseded_by,
    viewer,
    visit_row,
    warning_names_dose,
    withhold_audit_value,
    wristband_code,
)
from app.services.queries.chart import level_change_row, subject_chart, subject_header, toxicity_row
from app.services.queries.lists import (
    clinic_list,
    find_order,
    list_orders,
    list_visits,
    order_detail,
    patient_list,
    pharmacy_queue,
    visit_detail,
)
from app.services.queries.rows import (
    CRITERIA_OVERRIDE_NOTE,
    OPEN_ORDER,
    OPEN_VISIT,
    SUPERSEDED_BY_NOTE,
    WITHHELD,
    WITHHELD_FIELDS,
    WRISTBAND_PREFIX,
    BagRow,
    Chart,
    ClinicList,
    ClinicVisitRow,
    DecisionRow,
    DoseLevelChangeRow,
    EventRow,
    HistoryRow,
    HoldRow,
    LabRow,
    LotRow,
    OrderRow,
    OrderStepRow,
    PatientRow,
    PharmacyQueue,
    SubjectHeader,
    ToxicityRow,
    VisitRow,
    VisitWarningRow,
    WeightRow,
)

__all__ = [
    "CRITERIA_OVERRIDE_NOTE",
    "OPEN_ORDER",
    "OPEN_VISIT",
    "SUPERSEDED_BY_NOTE",
    "WITHHELD",
    "WITHHELD_FIELDS",
    "WRISTBAND_PREFIX",
    "BagRow",
    "Chart",
    "ClinicList",
    "ClinicVisitRow",
    "DecisionRow",
    "DoseLevelChangeRow",
    "EventRow",
    "HistoryRow",
    "HoldRow",
    "LabRow",
    "LotRow",
    "OrderRow",
    "OrderStepRow",
    "PatientRow",
    "PharmacyQueue",
    "SubjectHeader",
    "ToxicityRow",
    "Viewer",
    "VisitRow",
    "VisitWarningRow",
    "WeightRow",
    "bag_in_use",
    "blinded_order_ids",
    "clinic_list",
    "criteria_override",
    "find_order",
    "held_subjects_of",
    "held_visit_ids",
    "level_change_row",
    "list_orders",
    "list_visits",
    "order_detail",
    "order_makers",
    "order_row",
    "order_rows",
    "patient_list",
    "pharmacy_queue",
    "reader",
    "reader_language",
    "subject_chart",
    "subject_header",
    "superseded_by",
    "toxicity_row",
    "viewer",
    "visit_detail",
    "visit_row",
    "warning_names_dose",
    "withhold_audit_value",
    "wristband_code",
]
