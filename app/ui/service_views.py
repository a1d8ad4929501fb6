"""The services' read models (`app.services.queries`) turned into what the screens show.

Kept apart from the backend so that start-up does not import the scheduling and charting modules.
"""

from __future__ import annotations

from typing import Any

from app.protocol import load_protocol
from app.scheduling import Visit, VisitWarning
from app.ui.charts import TimelineEvent
from app.ui.views import (
    CriteriaView,
    DoseRow,
    HistoryRow,
    HoldRow,
    LabRow,
    ReactionRow,
    SubjectChart,
    SubjectHeader,
    ToxicityRow,
    WeightRow,
)
from app.ui.words import audit_action, audit_value, field_name, say

GIVEN = ("started", "completed", "stopped")  # the infusion was started


def core_visit(row: Any) -> Visit:
    return Visit(
        label=row.label,
        kind=row.kind,
        cycle=row.cycle,
        day=row.day,
        target=row.target,
        window_start=row.window_start,
        window_end=row.window_end,
        suggested=row.suggested,
        booked=row.booked,
        actual=row.actual,
        status=row.status,
        warnings=tuple(VisitWarning(w.code, w.message) for w in row.warnings),
    )


def _timeline(chart: Any) -> list[TimelineEvent]:
    events: list[TimelineEvent] = []
    for order in chart.orders:
        if order.status in GIVEN:
            started = order.started_at or order.administration_started_at
            day = started.astimezone().date() if started else order.planned_date
            events.append(
                TimelineEvent(day, "dose", order.visit_label, level_mg_per_kg=order.dose_level_mg_per_kg)
            )
    for hold in chart.holds:
        events.append(TimelineEvent(hold.start, "hold", hold.reason, until=hold.end))
    for change in chart.level_changes:
        if change.to_level_mg_per_kg is None:
            events.append(TimelineEvent(change.effective_on, "discontinued", change.reason))
        else:
            level = change.to_level_mg_per_kg
            events.append(
                TimelineEvent(change.effective_on, "reduction", change.reason, level_mg_per_kg=level)
            )
    for visit in chart.visits:
        if visit.kind == "dose" and visit.status == "omitted":
            events.append(TimelineEvent(visit.target, "omitted", visit.label))
    return events


def chart_view(chart: Any, criteria: CriteriaView | None = None) -> SubjectChart:
    h = chart.header
    protocol = load_protocol(h.protocol_id)
    header = SubjectHeader(
        subject_id=h.id,
        subject_number=h.subject_number,
        initials=h.initials,
        birth_date=h.birth_date,
        sex=h.sex,
        status=h.status,
        allergies=h.allergies,
        baseline_weight_kg=h.baseline_weight_kg,
        liver_metastases=h.liver_metastases,
        current_dose_level_mg_per_kg=h.current_dose_level_mg_per_kg,
        protocol_id=h.protocol_id,
        protocol_version=h.protocol_version,
        protocol_signed_off=h.protocol_signed_off,
        c1d1=h.c1d1,
        treatment_stopped_on=h.treatment_stopped_on,
        treatment_stop_reason=h.treatment_stop_reason,
        off_study_on=h.off_study_on,
        off_study_reason=h.off_study_reason,
        hospital_number=h.hospital_number,
        language=h.language,
    )
    doses = [
        DoseRow(
            label=o.visit_label,
            day=(o.started_at or o.administration_started_at).astimezone().date()
            if (o.started_at or o.administration_started_at)
            else o.planned_date,
            level_mg_per_kg=o.dose_level_mg_per_kg,
            weight_kg=o.weight_kg,
            final_dose_mg=o.final_dose_mg,
            status=o.display_status,
            order_id=o.id,
            blinded=o.blinded,
            dose_given_mg=o.dose_given_mg,
        )
        for o in chart.orders
    ]
    reactions = tuple(
        ReactionRow(e.id, o.order_number, o.visit_label, e.at, e.grade, e.note, o.reaction_term)
        for o in chart.orders
        for e in o.reactions_to_record
    )
    toxicities = []
    for t in chart.toxicities:
        if t.cancelled:
            continue
        decision = t.decisions[-1] if t.decisions else None
        toxicities.append(
            ToxicityRow(
                term=t.term,
                grade=t.grade,
                onset=t.onset,
                resolved=t.resolution,
                action=decision.taken_action if decision else "—",
                rule=decision.proposed_rule_text if decision else None,
                overridden=bool(decision and decision.overridden),
                reason=decision.override_reason if decision else None,
                toxicity_id=t.id,
            )
        )
    return SubjectChart(
        header=header,
        visits=tuple(core_visit(v) for v in chart.visits if v.status != "cancelled"),
        dose_days=protocol.regimen.dose_days,
        timeline=tuple(_timeline(chart)),
        doses=tuple(doses),
        weights=tuple(
            WeightRow(w.measured_on, w.weight_kg, w.change_from_baseline_percent)
            for w in chart.weights
            if not w.cancelled
        ),
        labs=tuple(
            LabRow(r.collected_on, r.lab, r.value, r.unit, r.ctcae_grade)
            for r in sorted(chart.labs, key=lambda r: (r.collected_on, r.id), reverse=True)
            if not r.cancelled
        ),
        toxicities=tuple(toxicities),
        history=tuple(
            HistoryRow(
                at=r.at,
                who=r.user_name,
                what=f"{say(r.record)} {audit_action(str(r.action))}",
                field=field_name(r.field, r.table),
                old=audit_value(r.old_value, r.table, r.field),
                new=audit_value(r.new_value, r.table, r.field),
                reason=say(r.reason) if r.reason else r.reason,
            )
            for r in sorted(chart.history, key=lambda r: (r.at, r.id), reverse=True)
        ),
        weight_warn_percent=protocol.dosing.weight_change_warn_percent,
        criteria=criteria,
        holds=tuple(
            HoldRow(
                hold_id=hold.id,
                visit_label=hold.visit_label,
                reason=hold.reason,
                start=hold.start,
                end=hold.end,
                until_grade=hold.hold_until_grade,
                toxicity_id=hold.toxicity_id,
            )
            for hold in sorted(chart.holds, key=lambda h: (h.start, h.id), reverse=True)
        ),
        visit_notes={
            v.label: v.status_reason
            for v in chart.visits
            if v.status_reason and v.status in ("missed", "omitted", "cancelled", "done")
        },
        as_of=chart.as_of,
        reactions=reactions,
    )
