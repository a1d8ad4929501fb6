"""Paper from real records (SQLite file and PostgreSQL): the services build it, the PDF carries it, the command
line writes it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select

from app.cli import main
from app.models import (
    BeyondUseStorage,
    DoseLevelChange,
    InfusionBag,
    InfusionOrder,
    InfusionOrderStep,
    LabResult,
    OrderStatus,
    OrderStep,
    PreparationLine,
    ProtocolVersion,
    Sex,
    Signature,
    SignatureMeaning,
    Subject,
    User,
    Visit,
    VisitKind,
    VisitStatus,
    Weight,
)
from app.services import paper
from app.services.database import Database
from app.services.uow import SqlUnitOfWork

SITE = paper.SiteDetails("Phase I/II Clinic", "+86 20 8734 3088")
DOSE_DAY = date(2026, 3, 16)
AT = datetime(2026, 3, 16, 1, 30, tzinfo=UTC)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Records:
    order_number: str
    draft_number: str
    cancelled_number: str
    subject_number: str


def _user(uow: SqlUnitOfWork, username: str, name: str) -> User:
    user = User(username=username, full_name=name, password_hash="x", created_at=uow.now())
    uow.session.add(user)
    return user


def _sign(uow: SqlUnitOfWork, order: InfusionOrder, user: User, step: OrderStep, at: datetime) -> None:
    signature = Signature(
        user=user,
        printed_name=f"{user.full_name} (signed)",
        signed_at=at,
        meaning=SignatureMeaning(step.value),
        record_table="infusion_orders",
        record_id=order.id,
        record_hash="0" * 64,
    )
    uow.session.add(signature)
    uow.session.add(InfusionOrderStep(order=order, step=step, user=user, at=at, signature=signature))


def _order(
    uow: SqlUnitOfWork,
    subject: Subject,
    visit: Visit,
    weight: Weight,
    version: ProtocolVersion,
    number: str,
    **values: object,
) -> InfusionOrder:
    figures: dict[str, object] = {
        "weight_kg": Decimal("71.3"),
        "weight_measured_on": DOSE_DAY - timedelta(days=2),
        "dose_level_mg_per_kg": Decimal(4),
        "calculated_dose_mg": Decimal("285.2"),
        "final_dose_mg": Decimal("286.0"),
        "concentration_mg_per_ml": Decimal("20.00"),
        "volume_to_draw_ml": Decimal("14.3"),
        "vials": 2,
        "waste_mg": Decimal("114.0"),
        "bag_volume_ml": Decimal("100"),
        "final_concentration_mg_per_ml": Decimal("2.50"),
        "infusion_minutes": 30,
    }
    figures.update(values)
    order = InfusionOrder(
        order_number=number,
        subject=subject,
        visit=visit,
        protocol_version=version,
        planned_date=visit.booked_date or visit.target_date,
        created_at=uow.now(),
        weight=weight,
        **figures,
    )
    uow.session.add(order)
    uow.session.flush()
    return order


def _visit(
    subject: Subject, label: str, kind: VisitKind, target: date, status: VisitStatus, **values: object
) -> Visit:
    window = 7 if kind == VisitKind.TUMOUR_ASSESSMENT else 3
    return Visit(
        subject=subject,
        label=label,
        kind=kind,
        target_date=target,
        window_start=target - timedelta(days=window),
        window_end=target + timedelta(days=window),
        status=status,
        **values,
    )


def make_records(uow: SqlUnitOfWork, signed_off: bool = True) -> Records:
    with uow:
        admin = _user(uow, "admin", "Admin Wu")
        version = ProtocolVersion(
            protocol_id="nct07343453",
            version="1.0",
            fingerprint="a" * 64,
            title="sac-TMT in thymic epithelial tumours",
            registered_at=uow.now(),
        )
        if signed_off:
            version.signed_off_by = admin
            version.signed_off_at = uow.now()
        doctor = _user(uow, "chen", "Dr Chen Hui")
        pharmacist = _user(uow, "li", "Li Na")
        preparer = _user(uow, "zhou", "Zhou Min")
        uow.session.flush()
        subject = Subject(
            subject_number="001-007",
            initials="WL",
            birth_date=date(1961, 4, 12),
            sex=Sex.FEMALE,
            allergies="penicillin (rash)",
            baseline_weight_kg=Decimal("74.0"),
            height_cm=Decimal(158),
            protocol_version=version,
            enrolled_at=uow.now(),
            c1d1=date(2026, 1, 5),
            current_dose_level_mg_per_kg=Decimal(4),
        )
        uow.session.add(subject)
        c1d1 = date(2026, 1, 5)
        visits = []
        for cycle in (1, 2, 3, 4):
            for day in (1, 15):
                target = c1d1 + timedelta(days=28 * (cycle - 1) + day - 1)
                if target < DOSE_DAY - timedelta(days=3):
                    status, extra = VisitStatus.DONE, {"actual_date": target, "booked_date": target}
                elif target <= DOSE_DAY:
                    status, extra = VisitStatus.BOOKED, {"booked_date": target, "suggested_date": target}
                else:
                    status, extra = VisitStatus.PLANNED, {"suggested_date": target}
                visits.append(
                    _visit(
                        subject,
                        f"C{cycle}D{day}",
                        VisitKind.DOSE,
                        target,
                        status,
                        cycle=cycle,
                        day=day,
                        **extra,
                    )
                )
        visits.append(
            _visit(
                subject,
                "TA2",
                VisitKind.TUMOUR_ASSESSMENT,
                date(2026, 3, 30),
                VisitStatus.PLANNED,
                suggested_date=date(2026, 3, 30),
            )
        )
        visits.append(
            _visit(subject, "TA9", VisitKind.TUMOUR_ASSESSMENT, date(2026, 9, 30), VisitStatus.CANCELLED)
        )
        uow.session.add_all(visits)
        dose_visit = next(v for v in visits if v.label == "C3D15")
        weight = Weight(
            subject=subject,
            weight_kg=Decimal("71.3"),
            measured_on=DOSE_DAY - timedelta(days=2),
            measured_by="nurse Wang",
            recorded_at=uow.now(),
        )
        uow.session.add(weight)
        taken = DOSE_DAY - timedelta(days=2)
        for lab, value, unit, uln in (
            ("neutrophils", "2.1", "10^9/L", None),
            ("platelets", "182", "10^9/L", None),
            ("hemoglobin", "104", "g/L", None),
            ("ast", "36", "U/L", "40"),
            ("alt", "29", "U/L", "40"),
            ("bilirubin", "12.4", "µmol/L", "21"),
            ("creatinine", "88", "µmol/L", "97"),
        ):
            uow.session.add(
                LabResult(
                    subject=subject,
                    lab=lab,
                    value=Decimal(value),
                    unit=unit,
                    uln=None if uln is None else Decimal(uln),
                    collected_on=taken,
                    recorded_at=uow.now(),
                )
            )
        uow.session.add(
            DoseLevelChange(
                subject=subject,
                from_level_mg_per_kg=Decimal(5),
                to_level_mg_per_kg=Decimal(4),
                reason="Neutrophil count decreased grade 4 at C2D15",
                effective_on=date(2026, 2, 23),
                decided_by_id=doctor.id,
                decided_at=uow.now(),
            )
        )
        uow.session.flush()
        prepared = _order(
            uow,
            subject,
            dose_visit,
            weight,
            version,
            "001-007-C3D15-2",
            status=OrderStatus.PREPARED,
            beyond_use_at=AT + timedelta(hours=4),
            beyond_use_storage=BeyondUseStorage.ROOM,
        )
        _sign(uow, prepared, doctor, OrderStep.PRESCRIBED, AT - timedelta(minutes=50))
        _sign(uow, prepared, pharmacist, OrderStep.VERIFIED, AT - timedelta(minutes=25))
        _sign(uow, prepared, preparer, OrderStep.PREPARED, AT)
        bag = InfusionBag(
            order=prepared,
            number=1,
            prepared_by=preparer,
            prepared_at=AT,
            beyond_use_at=AT + timedelta(hours=4),
            beyond_use_storage=BeyondUseStorage.ROOM,
        )
        uow.session.add_all(
            [
                bag,
                PreparationLine(
                    order=prepared,
                    bag=bag,
                    lot_number="SKB2601A",
                    lot_expiry=date(2027, 6, 30),
                    vials=1,
                    volume_drawn_ml=Decimal(10),
                ),
                PreparationLine(
                    order=prepared,
                    bag=bag,
                    lot_number="SKB2602C",
                    lot_expiry=date(2027, 9, 30),
                    vials=1,
                    volume_drawn_ml=Decimal("4.3"),
                ),
            ]
        )
        replaced = _order(
            uow,
            subject,
            dose_visit,
            weight,
            version,
            "001-007-C3D15-1",
            status=OrderStatus.CANCELLED,
            cancel_reason="replaced",
        )
        uow.session.add(
            InfusionOrderStep(
                order=replaced,
                step=OrderStep.CANCELLED,
                user=doctor,
                at=AT,
                note="superseded by 001-007-C3D15-2",
            )
        )
        next_visit = next(v for v in visits if v.label == "C4D1")
        draft = _order(
            uow, subject, next_visit, weight, version, "001-007-C4D1-1", status=OrderStatus.PRESCRIBED
        )
        _sign(uow, draft, doctor, OrderStep.PRESCRIBED, AT)
        uow.commit()
        return Records(
            prepared.order_number, draft.order_number, replaced.order_number, subject.subject_number
        )


@pytest.fixture
def records(uow: SqlUnitOfWork) -> Records:
    return make_records(uow)


def test_order_from_the_records_carries_section_7(uow: SqlUnitOfWork, records: Records) -> None:
    sheet = paper.order_sheet(uow, records.order_number)
    assert sheet.status == "prepared" and sheet.protocol_signed_off
    assert sheet.first_infusion is True  # no earlier administered order
    text = pdf_text(paper.print_order(uow, records.order_number))
    for item in (
        "001-007",
        "WL",
        "1961-04-12",
        "NCT07343453",
        "version 1.0",
        "Cycle 3, Day 15",
        "2026-03-16",
        "71.3 kg measured 2026-03-14",
        "74 kg",
        "-3.6%",
        "4 mg/kg",
        "285.2 mg",
        "286 mg",
        "Reduced from 5 mg/kg to 4 mg/kg",
        "Neutrophil count decreased grade 4 at C2D15",
        "2 × 200 mg",
        "waste 114 mg",
        "10 mL sterile water for injection",
        "14.3 mL",
        "0.9% sodium chloride 100 mL",
        "114.3 mL",
        "2.5 mg/mL",
        "30 min",
        "dexamethasone",
        "penicillin (rash)",
        "Dr Chen Hui (signed)",
        local(AT - timedelta(minutes=50)),
        "Li Na (signed)",
        "Zhou Min (signed)",
        "SKB2601A",
        "2027-06-30",
        "SKB2602C",
        local(AT + timedelta(hours=4)),
        "room temperature: use within 4 h",
        "001-007-C3D15-2",
    ):
        assert item in text, item
    # The criteria to treat, checked against the labs on record two days before the dose.
    assert "2.1 ×10" in text and "182 ×10" in text and "104 g/L" in text and "36 U/L (ULN 40 U/L)" in text
    assert "36 U/L (ULN 40 U/L) · grade 0" in text  # the CTCAE grade beside the value (issue 8)
    assert "NOT MET" not in text and "NOT ASSESSED" not in text
    assert "CrCl" in text
    assert "UNCONFIRMED" not in text


def test_unsigned_steps_and_unconfirmed_protocol(database: Database) -> None:
    from app.services.audit import SystemActor

    uow = SqlUnitOfWork(database.session_factory, SystemActor("test"), "set-up")
    records = make_records(uow, signed_off=False)
    text = pdf_text(paper.print_order(uow, records.draft_number))
    assert "UNCONFIRMED PROTOCOL — NOT FOR USE" in text
    assert "Cycle 4, Day 1" in text
    assert text.count("signed electronically") == 1
    assert "Li Na" not in text and "Zhou Min" not in text


def test_replaced_order_prints_cancelled_and_superseded(uow: SqlUnitOfWork, records: Records) -> None:
    sheet = paper.order_sheet(uow, records.cancelled_number)
    assert sheet.status == "superseded" and sheet.superseded_by == records.order_number
    text = pdf_text(paper.print_order(uow, records.cancelled_number))
    assert f"superseded by order {records.order_number}" in text and "CANCELLED" in text


def test_order_by_database_id(uow: SqlUnitOfWork, records: Records) -> None:
    with uow:
        order_id = uow.session.execute(
            select(InfusionOrder.id).where(InfusionOrder.order_number == records.order_number)
        ).scalar_one()
    assert paper.order_sheet(uow, order_id).order_id == records.order_number


def test_bag_label_from_the_records(uow: SqlUnitOfWork, records: Records) -> None:
    text = pdf_text(paper.print_label(uow, records.order_number))
    for item in ("001-007", "WL", "286 mg in 114.3 mL", "2.5 mg/mL", "IV", "30 min", "Zhou Min (signed)"):
        assert item in text, item
    assert f"Use by {local(AT + timedelta(hours=4))}" in text


def test_calendar_and_ics_from_the_records(uow: SqlUnitOfWork, records: Records) -> None:
    calendar = paper.patient_calendar(uow, records.subject_number, SITE)
    labels = [visit.label for visit in calendar.visits]
    assert "TA9" not in labels and {"C1D1", "C4D15", "TA2"} <= set(labels)
    english = pdf_text(paper.print_calendar(uow, records.subject_number, "en", SITE))
    assert "+86 20 8734 3088" in english and "Cycle 4, Day 15" in english and "Scan 2" in english
    chinese = re.sub(r"\s", "", pdf_text(paper.print_calendar(uow, records.subject_number, "zh", SITE)))
    assert "第4周期第15天" in chinese and "您的就诊日历" in chinese and "芦康沙妥珠单抗" in chinese
    unnamed = paper.SiteDetails(clinic_phone="+86 20 8734 3088")  # the site has not named its clinic
    assert "临床试验门诊" in re.sub(
        r"\s", "", pdf_text(paper.print_calendar(uow, records.subject_number, "zh", unnamed))
    )
    assert "Clinical trial clinic" in pdf_text(
        paper.print_calendar(uow, records.subject_number, "en", unnamed)
    )
    events = list(
        Calendar.from_ical(paper.export_ics(uow, records.subject_number, "en", SITE)).walk("VEVENT")
    )
    booked_or_suggested = {
        v.label: v.booked or v.suggested
        for v in calendar.visits
        if v.status == "booked" or (v.status == "planned" and v.suggested is not None)
    }
    assert {str(e["UID"]).split("-")[-1].split("@")[0].upper() for e in events} == set(booked_or_suggested)
    for event in events:
        label = str(event["UID"]).split("-")[-1].split("@")[0].upper()
        assert event.decoded("DTSTART") == booked_or_suggested[label]


def test_clinic_day_from_the_records(uow: SqlUnitOfWork, records: Records) -> None:
    day = paper.clinic_day(uow, DOSE_DAY, SITE)
    assert [line.label for line in day.visits] == ["C3D15"]
    assert [line.order_id for line in day.preparations] == [
        records.order_number
    ]  # the cancelled one is left out
    text = pdf_text(paper.print_day(uow, DOSE_DAY, SITE))
    assert "001-007" in text and "C3D15" in text and "booked" in text and "2026-03-13 to 2026-03-19" in text
    assert "286 mg" in text and "2 × 200 mg" in text and "Vials needed in total: 2 × 200 mg" in text


def test_missing_order_and_subject_are_not_found(uow: SqlUnitOfWork, records: Records) -> None:
    from app.errors import NotFoundError

    with pytest.raises(NotFoundError, match="There is no order 999-999"):
        paper.order_sheet(uow, "999-999")
    with pytest.raises(NotFoundError, match="There is no subject 404-404"):
        paper.patient_calendar(uow, "404-404")


def test_command_line_prints_and_exports(
    database_url: str, records: Records, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    order_pdf, label_pdf, calendar_pdf, day_pdf, ics = (
        tmp_path / name for name in ("order.pdf", "label.pdf", "cal.pdf", "day.pdf", "visits.ics")
    )
    db = ["--database", database_url]
    assert main(["print", "order", "--order", records.order_number, "--out", str(order_pdf), *db]) == 0
    assert (
        main(
            [
                "print",
                "label",
                "--order",
                records.order_number,
                "--label-size",
                "62x40",
                "--out",
                str(label_pdf),
                *db,
            ]
        )
        == 0
    )
    calendar_args = ["print", "calendar", "--patient", records.subject_number, "--lang", "zh"]
    assert main([*calendar_args, "--clinic-phone", "020-1234 5678", "--out", str(calendar_pdf), *db]) == 0
    assert main(["print", "day", "--date", "2026-03-16", "--out", str(day_pdf), *db]) == 0
    assert main(["export", "ics", "--patient", records.subject_number, "--out", str(ics), *db]) == 0
    assert "286 mg" in pdf_text(order_pdf.read_bytes())
    box = PdfReader(io.BytesIO(label_pdf.read_bytes())).pages[0].mediabox
    assert float(box.width) == pytest.approx(62 * 72 / 25.4, abs=0.01)
    assert "020-1234 5678" in pdf_text(calendar_pdf.read_bytes())
    assert "C3D15" in pdf_text(day_pdf.read_bytes())
    assert list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    capsys.readouterr()

    assert main(["print", "order", "--order", "NO-SUCH", "--out", str(tmp_path / "x.pdf"), *db]) == 2
    assert capsys.readouterr().err.strip() == "dosedesk: There is no order NO-SUCH."
    assert main(["export", "ics", "--patient", "999-999", "--out", str(tmp_path / "x.ics"), *db]) == 2
    assert capsys.readouterr().err.strip() == "dosedesk: There is no subject 999-999."
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.ics").exists()


def test_command_line_refuses_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["print", "day", "--date", "16/03/2026", "--out", str(tmp_path / "d.pdf")])
    assert exit_info.value.code == 2
    assert "must be a date like 2026-01-05" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["print", "label", "--order", "1", "--label-size", "30x20", "--out", str(tmp_path / "l.pdf")])
    assert exit_info.value.code == 2
    assert "too small" in capsys.readouterr().err
