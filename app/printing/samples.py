"""Sample documents for previews, the benchmark and the tests: realistic, made-up subjects.

The figures are internally consistent (5 mg/kg × 71.3 kg, 17.8 mL of 20 mg/mL…) but they are examples, not
computed by the dosing core; real paper comes from ``app.services.paper``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from app.dosing.order_status import OrderStatus
from app.printing.data import (
    BagLabel,
    CalendarHoliday,
    CalendarVisit,
    ClinicDay,
    ClinicVisitLine,
    DoseReduction,
    LabCriterion,
    LotUsed,
    OrderSheet,
    PatientCalendar,
    PreparationLine,
    Signature,
    Subject,
)
from app.printing.eligibility import EligibilityChecklist, EvidenceLine
from app.scheduling.kinds import OPEN_STATUSES, VisitKind, VisitStatus

SUBJECT = Subject("TET-007", "W.L.", date(1961, 4, 12))
UNCONFIRMED = (
    "product",
    "preparation",
    "regimen.dose_levels_mg_per_kg",
    "criteria_to_treat",
)
PREMEDICATION = (
    "antihistamine",
    "H2 blocker",
    "antipyretic",
    "dexamethasone",
    "5-HT3 antiemetic",
    "steroid-free oral care (mouthwash)",
)


def sample_criteria(measured_on: date) -> tuple[LabCriterion, ...]:
    return (
        LabCriterion("neutrophils", "min", Decimal("1.5"), Decimal("2.1"), "10^9/L", measured_on, True),
        LabCriterion("platelets", "min", Decimal(100), Decimal(182), "10^9/L", measured_on, True),
        LabCriterion("hemoglobin", "above", Decimal(90), Decimal(104), "g/L", measured_on, True),
        LabCriterion("ast", "uln", Decimal(3), Decimal(36), "U/L", measured_on, True, uln=Decimal(40)),
        LabCriterion("alt", "uln", Decimal(3), Decimal(29), "U/L", measured_on, True, uln=Decimal(40)),
        LabCriterion(
            "bilirubin", "uln", Decimal("1.5"), Decimal("12.4"), "µmol/L", measured_on, True, uln=Decimal(21)
        ),
        LabCriterion(
            "creatinine",
            "uln",
            Decimal("1.5"),
            Decimal(88),
            "µmol/L",
            measured_on,
            True,
            uln=Decimal(97),
            crcl_ml_per_min=Decimal("71.5"),
            or_crcl_min_ml_per_min=Decimal(50),
        ),
    )


def sample_order(**changes: Any) -> OrderSheet:
    """A prescribed, verified and prepared C3D15 order at a reduced level (4 mg/kg × 71.3 kg)."""
    sheet = OrderSheet(
        order_id="ORD-000123",
        status=OrderStatus.PREPARED,
        subject=SUBJECT,
        trial="NCT07343453",
        protocol_id="nct07343453",
        protocol_version="1.0",
        protocol_signed_off=True,
        drug_name="sacituzumab tirumotecan",
        drug_name_zh="芦康沙妥珠单抗",
        drug_short_name="sac-TMT",
        cycle=3,
        day=15,
        planned_date=date(2026, 3, 16),
        actual_date=date(2026, 3, 16),
        weight_kg=Decimal("71.3"),
        weight_measured_on=date(2026, 3, 14),
        baseline_weight_kg=Decimal("74.0"),
        weight_change_percent=Decimal("-3.65"),
        dose_level_mg_per_kg=Decimal(4),
        calculated_dose_mg=Decimal("285.2"),
        final_dose_mg=Decimal(286),
        reduction=DoseReduction(
            Decimal(5), Decimal(4), "Neutrophil count decreased grade 4 (C2D15)", date(2026, 2, 23)
        ),
        criteria=sample_criteria(date(2026, 3, 14)),
        vial_strength_mg=Decimal(200),
        vials=2,
        waste_mg=Decimal(114),
        reconstitution_diluent="sterile water for injection",
        reconstitution_volume_ml=Decimal(10),
        reconstituted_concentration_mg_per_ml=Decimal(20),
        volume_to_draw_ml=Decimal("14.3"),
        bag_diluent="0.9% sodium chloride",
        bag_volume_ml=Decimal(100),
        final_volume_ml=Decimal("114.3"),
        final_concentration_mg_per_ml=Decimal("2.502187226596675415573053368"),
        final_concentration_min_mg_per_ml=None,
        final_concentration_max_mg_per_ml=None,
        route="IV",
        infusion_minutes=30,
        first_infusion=False,
        premedication=PREMEDICATION,
        allergies=("penicillin (rash)",),
        prescribed=Signature("prescribed", "Dr Chen Hui", datetime(2026, 3, 16, 8, 40)),
        verified=Signature("verified", "Li Na (pharmacist)", datetime(2026, 3, 16, 9, 5)),
        prepared=Signature("prepared", "Zhou Min (pharmacist)", datetime(2026, 3, 16, 9, 50)),
        checked=Signature("checked", "Li Na (pharmacist)", datetime(2026, 3, 16, 10, 0)),
        administered=Signature("started"),
        lots=(LotUsed("SKB2601A", date(2027, 6, 30), 1), LotUsed("SKB2602C", date(2027, 9, 30), 1)),
        beyond_use=datetime(2026, 3, 16, 13, 50),
        storage="use within 4 h at room temperature or 24 h at 2–8 °C after dilution; protect from light",
        printed_at=datetime(2026, 3, 16, 9, 55),
        unconfirmed=UNCONFIRMED,
    )
    return replace(sheet, **changes)


def sample_draft_order(**changes: Any) -> OrderSheet:
    """A first-dose order just prescribed under an unsigned protocol: nothing verified or prepared yet."""
    sheet = sample_order(
        order_id="ORD-000042",
        status="prescribed",
        protocol_signed_off=False,
        cycle=1,
        day=1,
        planned_date=date(2026, 2, 2),
        actual_date=None,
        weight_kg=Decimal("74.0"),
        weight_measured_on=date(2026, 1, 31),
        weight_change_percent=Decimal(0),
        dose_level_mg_per_kg=Decimal(5),
        calculated_dose_mg=Decimal(370),
        final_dose_mg=Decimal(370),
        reduction=None,
        criteria=sample_criteria(date(2026, 1, 30)),
        waste_mg=Decimal(30),
        volume_to_draw_ml=Decimal("18.5"),
        final_volume_ml=Decimal("118.5"),
        final_concentration_mg_per_ml=Decimal("3.12"),
        infusion_minutes=60,
        first_infusion=True,
        allergies=None,
        prescribed=Signature("prescribed", "Dr Chen Hui", datetime(2026, 2, 2, 8, 5)),
        verified=Signature("verified"),
        prepared=Signature("prepared"),
        checked=Signature("checked"),
        lots=(),
        beyond_use=None,
        printed_at=datetime(2026, 2, 2, 8, 15),
    )
    return replace(sheet, **changes)


def label_from_order(sheet: OrderSheet) -> BagLabel:
    """The bag label of a prepared order."""
    return BagLabel(
        order_id=sheet.order_id,
        status=sheet.status,
        subject=sheet.subject,
        trial=sheet.trial,
        protocol_signed_off=sheet.protocol_signed_off,
        drug_name=sheet.drug_name,
        cycle=sheet.cycle,
        day=sheet.day,
        final_dose_mg=sheet.final_dose_mg,
        final_volume_ml=sheet.final_volume_ml,
        final_concentration_mg_per_ml=sheet.final_concentration_mg_per_ml,
        bag_diluent=sheet.bag_diluent,
        route=sheet.route,
        infusion_minutes=sheet.infusion_minutes,
        beyond_use=sheet.beyond_use,
        storage=sheet.storage,
        preparer=sheet.prepared.name,
        prepared_at=sheet.prepared.signed_at,
        lots=sheet.lots,
        drug_name_zh=sheet.drug_name_zh,
    )


def _nearest_weekday(target: date, start: date, end: date) -> date | None:
    """The weekday nearest `target` inside [start, end], ties to the later day (sample data only)."""
    for offset in range(0, (end - start).days + 1):
        for candidate in (target + timedelta(days=offset), target - timedelta(days=offset)):
            if start <= candidate <= end and candidate.weekday() < 5:
                return candidate
    return None


def sample_calendar(
    subject: Subject = SUBJECT,
    c1d1: date = date(2026, 1, 5),
    cycles: int = 6,
    today: date = date(2026, 2, 20),
) -> PatientCalendar:
    """D1/D15 Q4W doses for `cycles` cycles and 6-weekly scans; visits before `today` done."""
    visits: list[CalendarVisit] = []
    for cycle in range(1, cycles + 1):
        for day in (1, 15):
            target = c1d1 + timedelta(days=28 * (cycle - 1) + day - 1)
            visits.append(_visit(f"C{cycle}D{day}", VisitKind.DOSE, target, 3, today, cycle, day))
    for number in range(1, cycles * 28 // 42 + 1):
        target = c1d1 + timedelta(weeks=6 * number)
        visits.append(_visit(f"TA{number}", VisitKind.TUMOUR_ASSESSMENT, target, 7, today))
    visits.sort(key=lambda visit: (visit.shown_date, visit.label))
    holidays = tuple(h for h in SAMPLE_HOLIDAYS if h.day >= today.replace(day=1))
    closed = {h.day for h in holidays}
    visits = [
        replace(
            visit,
            open_days=tuple(
                day
                for day in (
                    visit.window_start + timedelta(days=n)
                    for n in range((visit.window_end - visit.window_start).days + 1)
                )
                if day.weekday() < 5 and day not in closed
            ),
        )
        if visit.status in OPEN_STATUSES
        else visit
        for visit in visits
    ]
    return PatientCalendar(
        subject=subject,
        trial="NCT07343453",
        drug_name="sacituzumab tirumotecan",
        drug_name_zh="芦康沙妥珠单抗",
        clinic_name="Sun Yat-sen University Cancer Center, Phase I/II Clinic",
        clinic_phone="+86 20 8734 3088",
        visits=tuple(visits),
        generated_at=datetime.combine(today, datetime.min.time()).replace(hour=9),
        holidays=holidays,
    )


# China's public holidays of spring 2026 (confirmed) and one of 2027 as the holiday table only estimates it.
SAMPLE_HOLIDAYS = (
    CalendarHoliday(date(2026, 4, 6), "Tomb-Sweeping Day (observed)"),
    CalendarHoliday(date(2026, 5, 1), "Labor Day"),
    CalendarHoliday(date(2026, 5, 4), "Labor Day (observed)"),
    CalendarHoliday(date(2026, 5, 5), "Day off (substituted from 05/09/2026)"),
    CalendarHoliday(date(2026, 6, 19), "Dragon Boat Festival"),
    CalendarHoliday(date(2027, 1, 1), "New Year's Day", estimated=True),
)


def _visit(
    label: str,
    kind: VisitKind,
    target: date,
    window: int,
    today: date,
    cycle: int | None = None,
    day: int | None = None,
) -> CalendarVisit:
    start, end = target - timedelta(days=window), target + timedelta(days=window)
    suggested = _nearest_weekday(target, start, end)
    if target < today:
        return CalendarVisit(
            label, kind, target, start, end, VisitStatus.DONE, cycle, day, suggested, suggested, suggested
        )
    if target < today + timedelta(days=21):
        return CalendarVisit(
            label, kind, target, start, end, VisitStatus.BOOKED, cycle, day, suggested, suggested
        )
    return CalendarVisit(label, kind, target, start, end, VisitStatus.PLANNED, cycle, day, suggested)


def sample_day(day: date = date(2026, 3, 16)) -> ClinicDay:
    order = sample_order()
    other = Subject("TET-012", "Z.Q.", date(1974, 11, 3))
    third = Subject("TET-019", "H.Y.", date(1958, 7, 21))
    return ClinicDay(
        day=day,
        clinic_name="Phase I/II Clinic",
        trial="NCT07343453",
        visits=(
            ClinicVisitLine(
                SUBJECT,
                "C3D15",
                VisitKind.DOSE,
                day,
                day - timedelta(3),
                day + timedelta(3),
                VisitStatus.BOOKED,
                day,
            ),
            ClinicVisitLine(
                other,
                "TA2",
                VisitKind.TUMOUR_ASSESSMENT,
                day - timedelta(2),
                day - timedelta(9),
                day + timedelta(5),
                VisitStatus.BOOKED,
                day,
            ),
            ClinicVisitLine(
                third,
                "C5D1",
                VisitKind.DOSE,
                day - timedelta(4),
                day - timedelta(7),
                day - timedelta(1),
                VisitStatus.PLANNED,
                None,
                ("out of window", "overdue"),
            ),
        ),
        preparations=(
            PreparationLine(
                order.order_id,
                SUBJECT,
                "C3D15",
                OrderStatus.PREPARED,
                Decimal(4),
                Decimal(286),
                2,
                Decimal(200),
                Decimal("14.3"),
            ),
            PreparationLine(
                "ORD-000131",
                third,
                "C5D1",
                OrderStatus.PRESCRIBED,
                Decimal(5),
                Decimal(312),
                2,
                Decimal(200),
                Decimal("15.6"),
            ),
        ),
        printed_at=datetime.combine(day, datetime.min.time()).replace(hour=7, minute=30),
    )


def sample_eligibility_checklist(**changes: Any) -> EligibilityChecklist:
    """A woman of childbearing potential screened for a first dose on 2026-03-10: every criterion met, signed."""
    from app.eligibility import (
        Ecg,
        LiveVaccineHistory,
        Lvef,
        PregnancyTest,
        ScreeningRecord,
        UrineDipstick,
        evaluate_eligibility,
    )
    from app.protocol import load_protocol
    from app.toxicity.labs import LabResult

    protocol = load_protocol("nct07343453")
    lab_day = date(2026, 3, 5)
    labs = tuple(
        LabResult(name, Decimal(value), unit, lab_day, uln=None if uln is None else Decimal(uln))
        for name, value, unit, uln in (
            ("neutrophils", "2.1", "10^9/L", None),
            ("platelets", "180", "10^9/L", None),
            ("hemoglobin", "118", "g/L", None),
            ("albumin", "38", "g/L", None),
            ("ast", "30", "U/L", "40"),
            ("alt", "25", "U/L", "40"),
            ("bilirubin", "12", "µmol/L", "20"),
            ("creatinine", "70", "µmol/L", "90"),
            ("inr", "1.0", "ratio", "1.2"),
            ("aptt", "32", "s", "40"),
        )
    )
    assert protocol.eligibility is not None
    attested = {item.id: True for item in protocol.eligibility.items if item.kind == "attested"}
    record = ScreeningRecord(
        first_dose_date=date(2026, 3, 10),
        sex="female",
        birth_date=date(1970, 5, 2),
        consent_date=date(2026, 3, 1),
        weight_kg=Decimal("61.5"),
        childbearing_potential=True,
        liver_metastases=False,
        ecog=1,
        labs=labs,
        urine_dipsticks=(UrineDipstick(lab_day, "-"),),
        ecgs=(Ecg(date(2026, 3, 4), Decimal("410"), rr_ms=Decimal("1000")),),
        lvefs=(Lvef(date(2026, 3, 3), Decimal("62")),),
        pregnancy_tests=(PregnancyTest(date(2026, 3, 8), "urine", "negative"),),
        live_vaccine=LiveVaccineHistory(None),
        attested=attested,
    )
    result = evaluate_eligibility(protocol, record)
    evidence = (
        *(
            EvidenceLine(lab.lab, lab.taken, f"{lab.value} {lab.unit}", "imported", "检验科接口")
            for lab in labs
        ),
        EvidenceLine("ecg", date(2026, 3, 4), "QT 410 ms, RR 1000 ms", "typed", "研究护士 陈静"),
        EvidenceLine("lvef", date(2026, 3, 3), "62 %", "typed", "研究护士 陈静"),
        EvidenceLine("pregnancy_test", date(2026, 3, 8), "urine, negative", "typed", "研究护士 陈静"),
    )
    sheet = EligibilityChecklist(
        trial="NCT07343453 · sacituzumab tirumotecan in thymic epithelial tumours",
        protocol_version=protocol.version,
        protocol_confirmed=True,
        subject="TET-007 W.L.",
        sex="female",
        result=result,
        evidence=evidence,
        decision="eligible",
        decided_by="主要研究者 张伟",
        decided_at=datetime(2026, 3, 9, 16, 20),
        decision_words=None,
        printed_at=datetime(2026, 3, 9, 16, 25),
    )
    return replace(sheet, **changes)
