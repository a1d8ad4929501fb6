"""The pure parts of the SDTM export: controlled terms, ISO 8601 dates, dose intensity worked by hand, variable
metadata within the SAS transport v5 limits, and the Dataset-JSON v1.1 structure."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.export import sdtm, terms
from app.export.intensity import dose_interval_days, planned_intensity, subject_intensity
from app.export.records import Dose, Interruption, Reduction, Subject, Trial, TrialData
from app.export.writers import dataset_json

TRIAL = Trial("NCT07343453", "Drug", "IV", "DRUG 5 MG/KG D1, D15 Q4W", Decimal(5), 28, 2)


def _dose(on: date, level: str = "5", kg: str = "60", number: str = "O-1") -> Dose:
    mg = Decimal(level) * Decimal(kg)
    start = datetime.combine(on, datetime.min.time()).replace(hour=9)
    return Dose(number, "C1D1", 1, 1, "completed", on, start, start + timedelta(hours=1), Decimal(level),
                Decimal(5), Decimal(kg), on, mg, mg, ("L1",), None, None, None)  # fmt: skip


def _subject(*doses: Dose, **kw: object) -> Subject:
    first = min((d.planned_date for d in doses), default=None)
    return Subject("001-001", "001", date(1961, 3, 4), "female", date(2026, 2, 20), "on_treatment", False,
                   first, None, None, None, None, doses=doses, **kw)  # type: ignore[arg-type]  # fmt: skip


def test_controlled_terms() -> None:
    assert terms.SEX == {"female": "F", "male": "M"}
    assert terms.ROUTE["IV"] == "INTRAVENOUS"
    assert terms.AE_ACTION["reduce"] == "DOSE REDUCED" and terms.AE_ACTION["hold"] == "DRUG INTERRUPTED"
    assert (
        terms.AE_ACTION["discontinue"] == "DRUG WITHDRAWN"
        and terms.AE_ACTION["continue"] == "DOSE NOT CHANGED"
    )


def test_iso_8601_dates_and_times() -> None:
    assert sdtm._iso(date(2026, 3, 2)) == "2026-03-02"
    assert sdtm._iso(datetime(2026, 3, 2, 9, 5, 37, 12)) == "2026-03-02T09:05"
    assert sdtm._iso(None) == ""


def test_planned_intensity_is_five_mg_per_kg_every_fourteen_days() -> None:
    assert planned_intensity(TRIAL) == Decimal("2.5")  # 5 mg/kg × 2 doses ÷ 4 weeks
    assert dose_interval_days(TRIAL) == 14


def test_rdi_with_a_hold_and_a_reduction_worked_by_hand() -> None:
    # 5 + 5 mg/kg on days 1 and 15, a hold, then 4 mg/kg on day 43: 14 mg/kg over (42 + 14) days = 8 weeks.
    doses = (_dose(date(2026, 3, 2)), _dose(date(2026, 3, 16)), _dose(date(2026, 4, 13), "4"))
    hold = Interruption("hold", date(2026, 3, 30), date(2026, 4, 12), "neutropenia grade 3")
    cut = Reduction(date(2026, 4, 13), Decimal(5), Decimal(4), "neutropenia grade 3")
    figures = subject_intensity(TRIAL, _subject(*doses, holds=(hold,), reductions=(cut,)))
    assert figures.doses == 3 and figures.cumulative_mg == Decimal(840)
    assert figures.cumulative_mg_per_kg == Decimal("14.00") and figures.weeks == Decimal("8.0")
    assert figures.delivered_mg_per_kg_week == Decimal("1.75") and figures.rdi_percent == Decimal("70.0")
    assert figures.holds == (hold,) and figures.reductions == (cut,)


def test_no_dose_no_intensity() -> None:
    figures = subject_intensity(TRIAL, _subject())
    assert figures.doses == 0 and figures.rdi_percent is None and figures.delivered_mg_per_kg_week is None


@given(
    gaps=st.lists(st.integers(min_value=14, max_value=60), max_size=12),
    levels=st.lists(st.sampled_from(["5", "4", "3"]), min_size=13, max_size=13),
)
def test_rdi_never_above_100_when_no_dose_exceeds_the_plan(gaps: list[int], levels: list[str]) -> None:
    day, doses = date(2026, 1, 5), []
    for index, gap in enumerate([0, *gaps]):
        day += timedelta(days=gap)
        doses.append(_dose(day, levels[index], number=f"O-{index}"))
    figures = subject_intensity(TRIAL, _subject(*doses))
    assert figures.rdi_percent is not None and Decimal(0) < figures.rdi_percent <= 100


def _data() -> TrialData:
    subject = _subject(_dose(date(2026, 3, 2)), _dose(date(2026, 3, 16), number="O-2"))
    return TrialData(TRIAL, (subject,), datetime(2026, 3, 16, 12))


def test_variable_names_labels_and_lengths_fit_sas_transport_v5() -> None:
    datasets = sdtm.build_datasets(_data())
    assert [d.name for d in datasets] == list(sdtm.DOMAINS)
    for dataset in datasets:
        names = [v.name for v in dataset.variables]
        assert len(names) == len(set(names))
        for variable in dataset.variables:
            assert variable.name.isupper() and 1 <= len(variable.name) <= 8, variable.name
            assert 1 <= len(variable.label) <= 40, variable.label
            assert variable.kind in ("Char", "Num")
            assert (
                dataset.length(variable) == 8
                if variable.kind == "Num"
                else 1 <= dataset.length(variable) <= 200
            )
        assert len(dataset.name) <= 8 and len(dataset.label) <= 40


def test_dataset_json_structure() -> None:
    ex = next(d for d in sdtm.build_datasets(_data()) if d.name == "EX")
    content = dataset_json(ex, study_id="NCT07343453", created=datetime(2026, 3, 17, 8), last_change=None,
                           version="1.0")  # fmt: skip
    assert content["datasetJSONVersion"] == "1.1.0" and content["name"] == "EX"
    assert content["records"] == len(content["rows"]) == 2
    assert [c["name"] for c in content["columns"]] == [v.name for v in ex.variables]
    assert all({"itemOID", "name", "label", "dataType"} <= set(c) for c in content["columns"])
    assert all(len(row) == len(content["columns"]) for row in content["rows"])
    column = {c["name"]: i for i, c in enumerate(content["columns"])}
    assert [row[column["EXDOSE"]] for row in content["rows"]] == [300, 300]
    assert content["rows"][0][column["EXROUTE"]] == "INTRAVENOUS"
    assert content["rows"][0][column["EXSTDTC"]] == "2026-03-02T09:00"
