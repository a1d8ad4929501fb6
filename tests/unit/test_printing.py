"""The infusion order and the bag label, read back from the PDF as a pharmacist would read them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from app.dosing.format import format_number
from app.errors import InputError
from app.printing import LabelSize, LotUsed, Signature, render_label, render_order
from app.printing.samples import label_from_order, sample_criteria, sample_draft_order, sample_order
from app.text import Message, message_of

MM = 72 / 25.4
# A figure with a trailing zero after its decimal point: "5.0", "71.30", "0.50".
TRAILING_ZERO = re.compile(r"(?<![\d.])\d[\d,]*\.\d*0(?![\d])")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def decoded_barcodes(data: bytes, tmp_path: Path) -> list[str]:
    """Rasterise the top of the first page (where the barcode is) at 300 dpi and read it with zbarimg."""
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(data)
    crop = ["-x", "0", "-y", "0", "-W", "2500", "-H", "700"]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "300", "-f", "1", "-l", "1", *crop, str(pdf), str(tmp_path / "page")],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=False
    )
    return result.stdout.split()


needs_barcode_reader = pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")),
    reason="zbarimg and pdftoppm read barcodes back",
)


def test_order_carries_every_element_of_section_7() -> None:
    sheet = sample_order()
    text = pdf_text(render_order(sheet))
    required = [
        # two identifiers
        "TET-007",
        "W.L.",
        "1961-04-12",
        # trial, protocol version, cycle and day
        "NCT07343453",
        "version 1.0",
        "Cycle 3, Day 15",
        "C3D15",
        # planned and actual date
        "Planned date",
        "Actual date",
        "2026-03-16",
        # weight with its date, baseline with % change
        "71.3 kg measured 2026-03-14",
        "74 kg",
        "-3.7%",
        # dose level, calculated, final, reduction with reason
        "4 mg/kg",
        "285.2 mg",
        "286 mg",
        "Reduced from 5 mg/kg to 4 mg/kg",
        "Neutrophil count decreased grade 4 (C2D15)",
        # vials, reconstitution, volume to draw, diluent and bag, final concentration, route, duration
        "2 × 200 mg",
        "waste 114 mg",
        "10 mL sterile water for injection",
        "20 mg/mL",
        "14.3 mL",
        "0.9% sodium chloride 100 mL",
        "114.3 mL",
        "2.5 mg/mL",
        "IV",
        "30 min",
        # premedication and allergies
        "dexamethasone",
        "5-HT3 antiemetic",
        "penicillin (rash)",
        # who, with date and time
        "Dr Chen Hui",
        "2026-03-16 08:40",
        "Li Na (pharmacist)",
        "2026-03-16 09:05",
        "Zhou Min (pharmacist)",
        "2026-03-16 09:50",
        # lots, expiry, beyond-use
        "SKB2601A",
        "2027-06-30",
        "SKB2602C",
        "2027-09-30",
        "2026-03-16 13:50",
        # the order's identifier under its barcode
        "ORD-000123",
    ]
    missing = [item for item in required if item not in text]
    assert not missing, missing


def test_order_criteria_show_values_dates_and_limits() -> None:
    text = pdf_text(render_order(sample_order()))
    for item in ("Neutrophils (ANC)", "2.1", "182", "104 g/L", "36 U/L", "ULN 40 U/L", "12.4 µmol/L"):
        assert item in text
    assert "Criterion for Day 15" in text
    # Limits in words, not the error-prone symbols (ISMP).
    assert "at least 1.5" in text and "at least 100" in text and "above 90 g/L" in text
    assert "at most 3 × ULN" in text and "at most 1.5 × ULN" in text
    assert "CrCl 71.5 mL/min" in text and "CrCl at least 50 mL/min" in text
    assert not {"≥", "≤", ">", "<"} & set(text)
    assert text.count("2026-03-14") >= 8  # the weight's date and each lab's date
    assert "NOT MET" not in text
    assert "· grade" not in text  # no grade printed where none was told


def test_order_flags_an_unmet_or_missing_criterion() -> None:
    criteria = list(sample_criteria(date(2026, 3, 14)))
    criteria[0] = replace(criteria[0], value=Decimal("0.9"), met=False, grade=3)
    criteria[1] = replace(criteria[1], value=None, measured_on=None, met=None)
    text = pdf_text(render_order(sample_order(criteria=tuple(criteria))))
    assert "NOT MET" in text
    assert "0.9 ×10" in text and "grade 3" in text  # the CTCAE grade beside the value (issue 8)
    assert "NOT ASSESSED" in text and "no valid result" in text


def test_order_fits_one_page_even_when_full() -> None:
    lots = tuple(LotUsed(f"LOT{n:04d}", date(2027, 1, n), 1) for n in range(1, 5))
    full = sample_order(
        lots=lots,
        vials=4,
        acknowledgements=("Weight < 35 kg acknowledged: cachexia documented by the investigator",),
        status="superseded",
        superseded_by="ORD-000124",
    )
    for sheet in (sample_order(), sample_draft_order(), full):
        assert page_count(render_order(sheet)) == 1


def test_unsigned_steps_print_empty_signature_lines() -> None:
    text = pdf_text(render_order(sample_draft_order()))
    for step in (
        "Prescribed",
        "Verified blind",
        "Prepared",
        "Product checked",
        "Started (nurse)",
        "Completed",
    ):
        assert step in text
    assert "Dr Chen Hui" in text
    assert "Li Na" not in text and "Zhou Min" not in text
    assert text.count("signed electronically") == 1
    assert "SKB2601A" not in text  # no lots yet: blank lines to fill in


def test_signed_steps_count_matches() -> None:
    sheet = sample_order(
        administered=Signature("started", "Huang Li (nurse)", datetime(2026, 3, 16, 10, 30)),
        ended=Signature("completed", "Huang Li (nurse)", datetime(2026, 3, 16, 11, 0)),
    )
    text = pdf_text(render_order(sheet))
    assert text.count("signed electronically") == 6  # prescribed, verified, prepared, checked, started, ended
    assert "Huang Li (nurse)" in text and "2026-03-16 10:30" in text and "Completed (nurse)" in text


def test_an_infusion_recorded_in_one_step_prints_who_really_signed_it() -> None:
    sheet = sample_order(
        administered=Signature(
            "administered", "Dr Zhang Wei", datetime(2026, 3, 16, 10, 30), "recorded for the nurse Nurse Ho"
        )
    )
    text = pdf_text(render_order(sheet))
    assert "Given (recorded in one step)" in text and "Dr Zhang Wei" in text
    assert "signed electronically — recorded for the nurse Nurse Ho" in text


def test_a_blind_sheet_prints_no_figure_of_the_dose() -> None:
    sheet = sample_order(
        blinded=True,
        calculated_dose_mg=None,
        final_dose_mg=None,
        vials=None,
        waste_mg=None,
        volume_to_draw_ml=None,
        final_volume_ml=None,
        final_concentration_mg_per_ml=None,
    )
    text = pdf_text(render_order(sheet))
    assert "BLIND" in text and text.count("withheld until verified") >= 5
    shown = sample_order()
    for figure in (
        f"{format_number(shown.final_dose_mg)} mg",
        f"{format_number(shown.volume_to_draw_ml)} mL",
    ):
        assert figure in pdf_text(render_order(shown)) and figure not in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"status": "cancelled", "cancellation_reason": "Weight re-measured"},
            "CANCELLED — Weight re-measured",
        ),
        ({"status": "superseded", "superseded_by": "ORD-000124"}, "superseded by order ORD-000124"),
    ],
)
def test_void_orders_print_cancelled_across(changes: dict[str, object], expected: str) -> None:
    text = pdf_text(render_order(sample_order(**changes)))
    assert expected in text
    assert text.count("CANCELLED") >= 2  # the line under the title and the words across the page


def test_live_orders_are_not_marked_cancelled() -> None:
    assert "CANCELLED" not in pdf_text(render_order(sample_order()))


def test_unconfirmed_protocol_is_marked_and_values_flagged() -> None:
    text = pdf_text(render_order(sample_draft_order()))
    assert "UNCONFIRMED PROTOCOL — NOT FOR USE" in text
    assert "not signed off" in text
    assert text.count("(unconfirmed)") >= 6  # dose level, criteria, vials, reconstitution, bag, duration, ...
    assert "limits not confirmed" in text


def test_signed_off_protocol_prints_no_unconfirmed_marks() -> None:
    text = pdf_text(render_order(sample_order()))
    assert "UNCONFIRMED" not in text and "(unconfirmed)" not in text and "not signed off" not in text


@pytest.mark.parametrize(
    ("allergies", "expected"),
    [
        (None, "NOT RECORDED"),
        ((), "No known drug allergies"),
        (("iodine contrast", "latex"), "iodine contrast, latex"),
    ],
)
def test_allergies(allergies: tuple[str, ...] | None, expected: str) -> None:
    assert expected in pdf_text(render_order(sample_order(allergies=allergies)))


def test_confirmed_concentration_limits_are_printed() -> None:
    sheet = sample_order(
        final_concentration_min_mg_per_ml=Decimal("1.10"), final_concentration_max_mg_per_ml=Decimal("3.40")
    )
    text = pdf_text(render_order(sheet))
    assert "allowed 1.1–3.4 mg/mL" in text


@needs_barcode_reader
def test_order_barcode_scans_to_the_order_id(tmp_path: Path) -> None:
    assert decoded_barcodes(render_order(sample_order(order_id="ORD-009876")), tmp_path) == ["ORD-009876"]


decimals = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("2000"), places=2)


@settings(max_examples=25, deadline=None)
@given(
    weight=st.decimals(min_value=Decimal(25), max_value=Decimal(250), places=1),
    dose=decimals,
    volume=st.decimals(min_value=Decimal("0.1"), max_value=Decimal(100), places=1),
    concentration=st.decimals(min_value=Decimal("0.1"), max_value=Decimal(20), places=3),
)
def test_no_printed_figure_ends_in_point_zero(
    weight: Decimal, dose: Decimal, volume: Decimal, concentration: Decimal
) -> None:
    # Values that arrive with trailing zeros ("71.0", "286.00") must still print without them.
    sheet = sample_order(
        weight_kg=weight.quantize(Decimal("0.01")),
        calculated_dose_mg=dose.quantize(Decimal("0.001")),
        final_dose_mg=dose.quantize(Decimal("0.01")),
        volume_to_draw_ml=volume.quantize(Decimal("0.01")),
        final_volume_ml=(volume + 100).quantize(Decimal("0.01")),
        final_concentration_mg_per_ml=concentration,
        dose_level_mg_per_kg=Decimal("4.0"),
        waste_mg=Decimal("114.00"),
    )
    text = pdf_text(render_order(sheet)).replace("version 1.0", "")
    assert not TRAILING_ZERO.findall(text)
    label_text = pdf_text(render_label(label_from_order(sheet)))
    assert not TRAILING_ZERO.findall(label_text)


def test_bag_label_carries_its_elements() -> None:
    data = render_label(label_from_order(sample_order()))
    text = pdf_text(data)
    for item in (
        "TET-007",
        "W.L.",
        "1961-04-12",
        "sacituzumab tirumotecan",
        "C3D15",
        "286 mg",
        "114.3 mL",
        "2.5 mg/mL",
        "0.9% sodium chloride",
        "IV",
        "30 min",
        "Use by 2026-03-16 13:50",
        "Zhou Min (pharmacist)",
        "2026-03-16 09:50",
        "ORD-000123",
        "protect from light",
    ):
        assert item in text, item
    assert page_count(data) == 1


def test_bag_label_default_size_is_100_by_70_mm() -> None:
    box = PdfReader(io.BytesIO(render_label(label_from_order(sample_order())))).pages[0].mediabox
    assert float(box.width) == pytest.approx(100 * MM, abs=0.01)
    assert float(box.height) == pytest.approx(70 * MM, abs=0.01)


@pytest.mark.parametrize(("width", "height"), [(50, 35), (62, 40), (102, 76), (150, 100)])
def test_bag_label_size_is_configurable_and_everything_fits(width: int, height: int) -> None:
    data = render_label(label_from_order(sample_draft_order()), LabelSize(Decimal(width), Decimal(height)))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(width * MM, abs=0.01)
    assert float(box.height) == pytest.approx(height * MM, abs=0.01)
    text = pdf_text(data)
    assert "370 mg in 118.5 mL" in text and "ORD-000042" in text and "60 min" in text


def test_too_small_label_stock_is_refused() -> None:
    with pytest.raises(InputError, match="too small") as err:
        render_label(label_from_order(sample_order()), LabelSize(Decimal(40), Decimal(25)))
    said = message_of(err.value)
    assert said == (
        "A bag label needs stock of at least 50 × 35 mm; "
        "40 × 25 mm is too small to print every required element."
    )
    assert isinstance(said, Message)
    assert said.params == {"min_width": "50", "min_height": "35", "width": "40", "height": "25"}


def test_unprepared_label_leaves_blanks_and_void_label_is_cancelled() -> None:
    text = pdf_text(render_label(label_from_order(sample_draft_order())))
    assert "Prepared by ____" in text and "Use by ____" in text
    assert "UNCONFIRMED PROTOCOL — NOT FOR USE" in text
    assert "CANCELLED" in pdf_text(render_label(label_from_order(sample_order(status="cancelled"))))


@needs_barcode_reader
def test_label_barcode_scans(tmp_path: Path) -> None:
    assert decoded_barcodes(render_label(label_from_order(sample_order())), tmp_path) == ["ORD-000123"]


def test_a_label_printed_blind_has_no_figure_and_an_expired_one_says_so() -> None:
    label = label_from_order(sample_order())
    blind = replace(label, final_dose_mg=None, final_volume_ml=None, final_concentration_mg_per_ml=None)
    text = pdf_text(render_label(blind))
    assert "____ mg" in text and format_number(label.final_dose_mg or 0) + " mg" not in text
    assert "EXPIRED — do not give" in pdf_text(render_label(replace(label, expired=True)))
    assert "Checked by Li Na" in pdf_text(
        render_label(replace(label, checker="Li Na", checked_at=datetime(2026, 3, 16, 10, 0)))
    )
    for width, height in ((50, 35), (100, 70)):  # the checker's line fits the smallest stock too
        render_label(replace(label, expired=True), LabelSize(Decimal(width), Decimal(height)))


def test_the_wristband_prints_both_identifiers_and_the_code_in_each_language() -> None:
    from app.printing import Subject, Wristband, render_wristband

    band = Wristband(
        subject=Subject("TET-007", "LW", date(1961, 3, 4)),
        code="ID-TET-007",
        trial="NCT07343453",
        drug_name="sacituzumab tirumotecan",
        allergies=("penicillin",),
        clinic_name="Day clinic",
        printed_at=datetime(2026, 3, 16, 8, 0),
    )
    english = pdf_text(render_wristband(band))
    assert "TET-007" in english and "LW" in english and "1961-03-04" in english and "ID-TET-007" in english
    assert "penicillin" in english
    chinese = pdf_text(render_wristband(replace(band, allergies=None), "zh"))
    assert "受试者编号" in chinese and "未记录" in chinese and "ID-TET-007" in chinese
