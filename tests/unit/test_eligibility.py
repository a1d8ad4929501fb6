"""Screening eligibility (docs/domain.md §7a): every measurable criterion at its boundary on both sides, the
attestations, and the properties that a worse value never makes a subject more eligible and that the order of
the results does not matter."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.eligibility import (
    Ecg,
    EligibilityResult,
    LiveVaccineHistory,
    Lvef,
    PregnancyTest,
    ScreeningRecord,
    UrineDipstick,
    age_on,
    evaluate_eligibility,
    qtcf_ms,
)
from app.errors import InputError
from app.protocol import load_protocol
from app.text import Message, message_of
from app.toxicity.labs import LabResult

NCT = load_protocol("nct07343453")
FIRST_DOSE = date(2026, 3, 10)
LAB_DAY = date(2026, 3, 5)

ATTESTED = {
    item.id: True
    for item in NCT.eligibility.items
    if item.kind == "attested"  # type: ignore[union-attr]
}


def lab(
    name: str, value: str, unit: str | None = None, *, uln: str | None = None, day: date = LAB_DAY
) -> LabResult:
    units = {
        "neutrophils": "10^9/L",
        "platelets": "10^9/L",
        "hemoglobin": "g/L",
        "albumin": "g/L",
        "ast": "U/L",
        "alt": "U/L",
        "bilirubin": "µmol/L",
        "creatinine": "µmol/L",
        "inr": "ratio",
        "aptt": "s",
        "urine_protein_24h": "g/24h",
    }
    return LabResult(name, D(value), unit or units[name], day, uln=None if uln is None else D(uln))


GOOD_LABS = (
    lab("neutrophils", "2.1"),
    lab("platelets", "180"),
    lab("hemoglobin", "118"),
    lab("albumin", "38"),
    lab("ast", "30", uln="40"),
    lab("alt", "25", uln="40"),
    lab("bilirubin", "12", uln="20"),
    lab("creatinine", "70", uln="90"),
    lab("inr", "1.0", uln="1.2"),
    lab("aptt", "32", uln="40"),
)


def eligible_record(**changes: Any) -> ScreeningRecord:
    """A woman of childbearing potential who meets every criterion; `changes` replace fields."""
    record = ScreeningRecord(
        first_dose_date=FIRST_DOSE,
        sex="female",
        birth_date=date(1970, 5, 2),
        consent_date=date(2026, 3, 1),
        weight_kg=D("61.5"),
        childbearing_potential=True,
        liver_metastases=False,
        ecog=1,
        labs=GOOD_LABS,
        urine_dipsticks=(UrineDipstick(LAB_DAY, "-"),),
        ecgs=(Ecg(date(2026, 3, 4), D("410"), rr_ms=D("1000")),),
        lvefs=(Lvef(date(2026, 3, 3), D("62")),),
        pregnancy_tests=(PregnancyTest(date(2026, 3, 8), "urine", "negative"),),
        live_vaccine=LiveVaccineHistory(None),
        attested=ATTESTED,
    )
    return replace(record, **changes)


def with_lab(*results: LabResult, record: ScreeningRecord | None = None) -> ScreeningRecord:
    """The eligible record with `results` in place of its results of the same labs."""
    base = record or eligible_record()
    names = {r.lab for r in results}
    return replace(base, labs=tuple(r for r in base.labs if r.lab not in names) + results)


def evaluate(record: ScreeningRecord) -> EligibilityResult:
    return evaluate_eligibility(NCT, record)


def status(record: ScreeningRecord, item_id: str) -> str:
    return outcome(record, item_id).status


def outcome(record: ScreeningRecord, item_id: str) -> Any:
    found = [o for o in evaluate(record).items if o.id == item_id]
    assert len(found) == 1, item_id
    return found[0]


# The whole record ----------------------------------------------------------------------------------------


def test_the_eligible_record_is_eligible_with_every_item_met_or_not_applicable() -> None:
    result = evaluate(eligible_record())
    assert result.eligible is True
    assert {o.status for o in result.items} == {"met", "not_applicable"}
    assert [o.id for o in result.items if o.status == "not_applicable"] == ["I11"]  # a man's criterion
    assert result.not_met == () and result.missing == ()
    assert result.qtcf_ms == 410  # RR 1 s: QTcF = QT


def test_every_item_of_the_record_is_judged_in_the_protocols_order() -> None:
    ids = [o.id for o in evaluate(eligible_record()).items]
    assert ids[0] == "I1" and ids[-1] == "E17.planned"
    assert ids.index("I11") < ids.index("E1")
    for wanted in (
        "I5",
        "I6",
        "I8.neutrophils",
        "I8.renal",
        "I8.lvef",
        "I9",
        "I10.pregnancy_test",
        "E6.qtcf",
    ):
        assert wanted in ids


def test_anything_missing_leaves_eligibility_undecided_and_anything_not_met_refuses_it() -> None:
    missing = eligible_record(ecog=None)
    assert evaluate(missing).eligible is None
    assert evaluate(missing).missing == ("I6",)
    both = eligible_record(ecog=None, attested={**ATTESTED, "E9": False})
    result = evaluate(both)
    assert result.eligible is False
    assert result.not_met == ("E9",) and result.missing == ("I6",)


def test_reasons_are_messages_the_window_can_translate() -> None:
    item = outcome(with_lab(lab("neutrophils", "1.4")), "I8.neutrophils")
    assert isinstance(item.why, Message) and isinstance(item.limit, Message)
    assert item.why == "1.4 ×10⁹/L on 2026-03-05 is not ≥ 1.5 ×10⁹/L"
    assert item.why.template == "{fact} is not {limit}"


def test_a_protocol_without_eligibility_criteria_says_so_in_plain_words() -> None:
    other = load_protocol("sacituzumab-govitecan")
    assert other.eligibility is None
    with pytest.raises(InputError) as err:
        evaluate_eligibility(other, eligible_record())
    assert "eligibility is not defined for this protocol" in str(err.value)


def test_unconfirmed_values_are_marked_on_their_items() -> None:
    result = {o.id: o for o in evaluate(eligible_record()).items}
    assert result["I8.neutrophils"].unconfirmed  # the record's "1500 ×10⁹/L" read as 1.5
    assert result["E6.qtcf"].unconfirmed  # how old the ECG may be
    assert not result["I8.platelets"].unconfirmed
    assert not result["I5"].unconfirmed


# Labs at their limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "met", "not_met", "beside"),
    [
        ("I8.neutrophils", lab("neutrophils", "1.5"), lab("neutrophils", "1.49"), None),
        (
            "I8.neutrophils",
            lab("neutrophils", "1500", "cells/µL"),
            lab("neutrophils", "1499", "cells/µL"),
            None,
        ),
        ("I8.platelets", lab("platelets", "100"), lab("platelets", "99.9"), None),
        ("I8.hemoglobin", lab("hemoglobin", "90.1"), lab("hemoglobin", "90"), None),  # > 90 g/L
        ("I8.hemoglobin", lab("hemoglobin", "9.1", "g/dL"), lab("hemoglobin", "9", "g/dL"), None),
        ("I8.albumin", lab("albumin", "28"), lab("albumin", "27.9"), None),
        ("I8.albumin", lab("albumin", "2.8", "g/dL"), lab("albumin", "2.79", "g/dL"), None),
        ("I8.ast", lab("ast", "120", uln="40"), lab("ast", "120.1", uln="40"), None),
        ("I8.alt", lab("alt", "120", uln="40"), lab("alt", "120.1", uln="40"), None),
        ("I8.bilirubin", lab("bilirubin", "30", uln="20"), lab("bilirubin", "30.1", uln="20"), None),
        ("I8.renal", lab("creatinine", "135", uln="90"), lab("creatinine", "250", uln="90"), None),
        # INR or APTT: each at its limit, beside the other one out of limit
        (
            "I8.coagulation",
            lab("inr", "1.8", uln="1.2"),
            lab("inr", "1.81", uln="1.2"),
            lab("aptt", "61", uln="40"),
        ),
        (
            "I8.coagulation",
            lab("aptt", "60", uln="40"),
            lab("aptt", "60.1", uln="40"),
            lab("inr", "1.9", uln="1.2"),
        ),
    ],
)
def test_a_lab_at_its_limit_meets_it_and_just_past_it_does_not(
    item: str, met: LabResult, not_met: LabResult, beside: LabResult | None
) -> None:
    others = () if beside is None else (beside,)
    assert status(with_lab(met, *others), item) == "met"
    assert status(with_lab(not_met, *others), item) == "not_met"
    assert evaluate(with_lab(not_met, *others)).eligible is False


@pytest.mark.parametrize(
    ("name", "strict", "lenient", "uln"),
    [("ast", "120", "200", "40"), ("alt", "120", "200", "40"), ("bilirubin", "30", "60", "20")],
)
def test_liver_metastases_allow_the_higher_limit(name: str, strict: str, lenient: str, uln: str) -> None:
    item = {"ast": "I8.ast", "alt": "I8.alt", "bilirubin": "I8.bilirubin"}[name]
    above_strict = str(D(strict) + D("0.1"))
    above_lenient = str(D(lenient) + D("0.1"))
    with_mets = eligible_record(liver_metastases=True)
    assert status(with_lab(lab(name, lenient, uln=uln), record=with_mets), item) == "met"
    assert status(with_lab(lab(name, above_lenient, uln=uln), record=with_mets), item) == "not_met"
    without = eligible_record(liver_metastases=False)
    assert status(with_lab(lab(name, strict, uln=uln), record=without), item) == "met"
    assert status(with_lab(lab(name, above_strict, uln=uln), record=without), item) == "not_met"
    unknown = eligible_record(liver_metastases=None)
    assert status(with_lab(lab(name, strict, uln=uln), record=unknown), item) == "met"
    between = outcome(with_lab(lab(name, above_strict, uln=uln), record=unknown), item)
    assert between.status == "missing"
    assert "say whether the subject has liver metastases" in between.why
    assert status(with_lab(lab(name, above_lenient, uln=uln), record=unknown), item) == "not_met"


def test_the_liver_metastasis_limit_is_said_with_its_figure() -> None:
    item = outcome(
        with_lab(lab("ast", "150", uln="40"), record=eligible_record(liver_metastases=True)), "I8.ast"
    )
    assert item.limit == "≤ 5 × ULN (200 U/L) with liver metastases"
    assert item.why == "150 U/L on 2026-03-05 is ≤ 5 × ULN (200 U/L) with liver metastases"


def test_a_multiple_of_the_uln_needs_the_uln() -> None:
    item = outcome(with_lab(lab("bilirubin", "12")), "I8.bilirubin")
    assert item.status == "missing"
    assert "upper limit of normal (ULN) is needed" in item.why


# Creatinine or its clearance -----------------------------------------------------------------------------

# A man of 50 on the first dose weighing 80 kg: CrCl = 90 × 80 / (72 × creatinine mg/dL) = 100 / creatinine.
MAN_OF_50 = {
    "sex": "male",
    "birth_date": date(1976, 3, 10),
    "weight_kg": D("80"),
    "childbearing_potential": None,
}


def test_creatinine_within_its_limit_meets_the_renal_criterion_whatever_the_clearance() -> None:
    record = with_lab(lab("creatinine", "1.8", "mg/dL", uln="1.2"), record=eligible_record(**MAN_OF_50))
    item = outcome(record, "I8.renal")
    assert item.status == "met"
    assert evaluate(record).crcl_ml_per_min == D("100") / D("1.8")


def test_a_high_creatinine_is_met_by_a_clearance_of_exactly_50_and_not_by_less() -> None:
    man = eligible_record(**MAN_OF_50)
    at_limit = with_lab(lab("creatinine", "2.0", "mg/dL", uln="1.2"), record=man)
    result = evaluate(at_limit)
    assert result.crcl_ml_per_min == D(50)
    assert status(at_limit, "I8.renal") == "met"
    below = with_lab(lab("creatinine", "2.01", "mg/dL", uln="1.2"), record=man)
    item = outcome(below, "I8.renal")
    assert item.status == "not_met"
    # 49.75… is shown on its side of the limit, never as "50"
    assert "CrCl 49.8 mL/min is not ≥ 50 mL/min" in item.why
    assert evaluate(below).crcl_shown_ml_per_min == D("49.8")


def test_a_clearance_just_below_50_never_reads_as_50() -> None:
    man = eligible_record(**MAN_OF_50)
    record = with_lab(lab("creatinine", "2.0005", "mg/dL", uln="1.2"), record=man)  # CrCl 49.9875…
    assert evaluate(record).crcl_shown_ml_per_min == D("49.9")
    assert status(record, "I8.renal") == "not_met"


def test_a_high_creatinine_without_what_a_clearance_needs_is_missing_and_says_what() -> None:
    record = with_lab(lab("creatinine", "250", uln="90"), record=eligible_record(weight_kg=None))
    item = outcome(record, "I8.renal")
    assert item.status == "missing"
    assert "a CrCl ≥ 50 mL/min would still meet it, but a creatinine clearance needs the weight" in item.why
    assert evaluate(record).crcl_ml_per_min is None


def test_without_a_uln_the_clearance_alone_can_meet_the_renal_criterion() -> None:
    man = eligible_record(**MAN_OF_50)
    assert status(with_lab(lab("creatinine", "1.0", "mg/dL"), record=man), "I8.renal") == "met"
    assert status(with_lab(lab("creatinine", "2.5", "mg/dL"), record=man), "I8.renal") == "missing"


# Urine protein: dipstick or 24 hours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reading", "wanted"), [("-", "met"), ("±", "met"), ("1+", "met"), ("2+", "missing")]
)
def test_a_dipstick_below_2_plus_meets_urine_protein(reading: str, wanted: str) -> None:
    record = eligible_record(urine_dipsticks=(UrineDipstick(LAB_DAY, reading),))
    assert status(record, "I8.urine_protein") == wanted


def test_a_dipstick_of_2_plus_asks_for_a_24_hour_urine_protein_which_then_decides() -> None:
    dip = (UrineDipstick(LAB_DAY, "3+"),)
    alone = outcome(eligible_record(urine_dipsticks=dip), "I8.urine_protein")
    assert alone.status == "missing"
    assert "a 24-hour urine protein < 1 g/24 h would still meet it" in alone.why
    below = with_lab(lab("urine_protein_24h", "0.99"), record=eligible_record(urine_dipsticks=dip))
    assert status(below, "I8.urine_protein") == "met"
    at = with_lab(lab("urine_protein_24h", "1.0"), record=eligible_record(urine_dipsticks=dip))
    assert status(at, "I8.urine_protein") == "not_met"


@pytest.mark.parametrize(
    ("value", "unit", "wanted"),
    [
        ("0.99", "g/24h", "met"),
        ("999", "mg/24h", "met"),
        ("1000", "mg/24h", "missing"),
        ("1", "g/24h", "missing"),
    ],
)
def test_a_24_hour_urine_protein_alone_below_1_g_meets_it(value: str, unit: str, wanted: str) -> None:
    record = with_lab(lab("urine_protein_24h", value, unit), record=eligible_record(urine_dipsticks=()))
    assert status(record, "I8.urine_protein") == wanted


def test_no_urine_protein_at_all_is_missing() -> None:
    item = outcome(eligible_record(urine_dipsticks=()), "I8.urine_protein")
    assert item.status == "missing"
    assert item.why == "no urine protein result in the 14 days before the first dose on 2026-03-10"


# INR or APTT ---------------------------------------------------------------------------------------------


def test_coagulation_is_met_by_an_inr_or_an_aptt_within_its_limit() -> None:
    only_inr = replace(eligible_record(), labs=tuple(r for r in GOOD_LABS if r.lab != "aptt"))
    assert status(only_inr, "I8.coagulation") == "met"
    neither = replace(eligible_record(), labs=tuple(r for r in GOOD_LABS if r.lab not in ("inr", "aptt")))
    assert status(neither, "I8.coagulation") == "missing"
    one_bad = outcome(with_lab(lab("aptt", "70", uln="40")), "I8.coagulation")
    assert one_bad.status == "met"
    assert "APTT: 70 s on 2026-03-05 is not ≤ 1.5 × ULN (60 s)" in one_bad.why
    assert one_bad.value == "INR 1; APTT 70 s"
    assert one_bad.limit == "INR or APTT ≤ 1.5 × ULN"
    both_bad = with_lab(lab("aptt", "70", uln="40"), lab("inr", "2", uln="1.2"))
    assert status(both_bad, "I8.coagulation") == "not_met"
    bad_alone = replace(
        eligible_record(), labs=(*(r for r in GOOD_LABS if r.lab != "inr"), lab("aptt", "70", uln="40"))
    )
    bad_alone = replace(
        bad_alone, labs=tuple(r for r in bad_alone.labs if not (r.lab == "aptt" and r.value == D("32")))
    )
    item = outcome(bad_alone, "I8.coagulation")
    assert item.status == "missing"  # an INR in date could still meet it
    assert "INR: no INR result in the 14 days" in item.why


def test_an_inr_is_a_ratio_without_a_unit() -> None:
    item = outcome(
        with_lab(lab("inr", "1.1", "", uln="1.2"), record=replace(eligible_record(), labs=GOOD_LABS[:8])),
        "I8.coagulation",
    )
    assert item.status == "met"
    assert item.why == "INR: 1.1 on 2026-03-05 is ≤ 1.5 × ULN (1.8)"


# How recent the evidence is ------------------------------------------------------------------------------


def test_a_lab_14_days_before_the_first_dose_counts_and_15_does_not() -> None:
    inside = with_lab(lab("platelets", "180", day=FIRST_DOSE - timedelta(days=14)))
    assert status(inside, "I8.platelets") == "met"
    old = with_lab(lab("platelets", "180", day=FIRST_DOSE - timedelta(days=15)))
    item = outcome(old, "I8.platelets")
    assert item.status == "missing"
    assert item.why == (
        "no platelet count result in the 14 days before the first dose on 2026-03-10; the latest, of 2026-02-23,"
        " is 15 days before it and no longer counts"
    )


def test_a_lab_on_the_first_dose_day_counts_and_one_after_it_does_not() -> None:
    assert status(with_lab(lab("platelets", "180", day=FIRST_DOSE)), "I8.platelets") == "met"
    later = outcome(with_lab(lab("platelets", "180", day=FIRST_DOSE + timedelta(days=1))), "I8.platelets")
    assert later.status == "missing"
    assert "the one of 2026-03-11 is after the first dose" in later.why


def test_the_latest_result_counts_not_a_better_older_one() -> None:
    record = with_lab(
        lab("neutrophils", "2.0", day=date(2026, 3, 1)), lab("neutrophils", "1.2", day=date(2026, 3, 6))
    )
    assert status(record, "I8.neutrophils") == "not_met"


def test_two_results_on_the_latest_day_count_as_the_worse_in_any_order() -> None:
    good, bad = lab("neutrophils", "1.6"), lab("neutrophils", "1.4")
    assert status(with_lab(good, bad), "I8.neutrophils") == "not_met"
    assert status(with_lab(bad, good), "I8.neutrophils") == "not_met"


def test_lvef_of_50_percent_meets_it_and_14_days_is_its_age_limit() -> None:
    assert status(eligible_record(lvefs=(Lvef(LAB_DAY, D("50")),)), "I8.lvef") == "met"
    assert status(eligible_record(lvefs=(Lvef(LAB_DAY, D("49.9")),)), "I8.lvef") == "not_met"
    assert (
        status(eligible_record(lvefs=(Lvef(FIRST_DOSE - timedelta(days=14), D("60")),)), "I8.lvef") == "met"
    )
    assert (
        status(eligible_record(lvefs=(Lvef(FIRST_DOSE - timedelta(days=15), D("60")),)), "I8.lvef")
        == "missing"
    )


# QTcF by sex ---------------------------------------------------------------------------------------------


def ecg(qt: str, *, rr: str = "1000", rate: str | None = None, day: date = date(2026, 3, 4)) -> Ecg:
    """An ECG with its RR interval, or with its heart rate when `rate` is given."""
    if rate is not None:
        return Ecg(day, D(qt), heart_rate_bpm=D(rate))
    return Ecg(day, D(qt), rr_ms=D(rr))


def test_qtcf_is_qt_over_the_cube_root_of_rr_in_seconds_to_whole_ms() -> None:
    assert qtcf_ms(ecg("400", rr="729")) == 444  # ∛0.729 = 0.9: 444.4
    assert qtcf_ms(ecg("420", rate="75")) == 452  # RR 0.8 s: 452.4
    assert qtcf_ms(ecg("400", rate="60")) == 400  # RR 1 s
    assert qtcf_ms(ecg("417.28", rr="800")) == 450  # 449.50…, half up
    assert qtcf_ms(ecg("417.27", rr="800")) == 449  # 449.49…


@pytest.mark.parametrize(
    ("sex", "below", "at"),
    [("male", "449", "450"), ("female", "469", "470")],
)
def test_qtcf_at_450_excludes_a_man_and_at_470_a_woman(sex: str, below: str, at: str) -> None:
    person = {"sex": sex, "childbearing_potential": True if sex == "female" else None}
    assert status(eligible_record(ecgs=(ecg(below),), **person), "E6.qtcf") == "met"
    item = outcome(eligible_record(ecgs=(ecg(at),), **person), "E6.qtcf")
    assert item.status == "not_met"
    assert item.why == f"QTcF {at} ms (QT {at} ms, RR 1,000 ms) on 2026-03-04 is not < {at} ms"
    assert evaluate(eligible_record(ecgs=(ecg(at),), **person)).eligible is False


def test_a_qtcf_that_rounds_to_450_excludes_a_man() -> None:
    man = {"sex": "male", "childbearing_potential": None}
    assert status(eligible_record(ecgs=(ecg("417.28", rr="800"),), **man), "E6.qtcf") == "not_met"
    assert status(eligible_record(ecgs=(ecg("417.27", rr="800"),), **man), "E6.qtcf") == "met"


def test_without_the_sex_a_qtcf_between_the_two_limits_is_undecided() -> None:
    unknown = {"sex": None}
    assert status(eligible_record(ecgs=(ecg("449"),), **unknown), "E6.qtcf") == "met"
    between = outcome(eligible_record(ecgs=(ecg("460"),), **unknown), "E6.qtcf")
    assert between.status == "missing"
    assert "depends on the subject's sex" in between.why
    assert status(eligible_record(ecgs=(ecg("470"),), **unknown), "E6.qtcf") == "not_met"


def test_an_ecg_may_be_28_days_old_and_not_29() -> None:
    assert (
        status(eligible_record(ecgs=(ecg("410", day=FIRST_DOSE - timedelta(days=28)),)), "E6.qtcf") == "met"
    )
    assert (
        status(eligible_record(ecgs=(ecg("410", day=FIRST_DOSE - timedelta(days=29)),)), "E6.qtcf")
        == "missing"
    )


def test_an_ecg_needs_its_rr_or_its_heart_rate_and_plausible_figures() -> None:
    with pytest.raises(InputError):
        Ecg(LAB_DAY, D("400"))
    with pytest.raises(InputError):
        Ecg(LAB_DAY, D("400"), rr_ms=D("800"), heart_rate_bpm=D("75"))
    with pytest.raises(InputError):
        Ecg(LAB_DAY, D("4000"), rr_ms=D("800"))
    with pytest.raises(InputError):
        Ecg(LAB_DAY, D("400"), heart_rate_bpm=D("0"))


# Pregnancy test ------------------------------------------------------------------------------------------


def pregnancy(kind: str, result: str, days_before: int) -> PregnancyTest:
    return PregnancyTest(FIRST_DOSE - timedelta(days=days_before), kind, result)  # type: ignore[arg-type]


def test_a_negative_pregnancy_test_3_days_before_counts_and_4_does_not() -> None:
    assert (
        status(eligible_record(pregnancy_tests=(pregnancy("urine", "negative", 3),)), "I10.pregnancy_test")
        == "met"
    )
    assert (
        status(eligible_record(pregnancy_tests=(pregnancy("urine", "negative", 0),)), "I10.pregnancy_test")
        == "met"
    )
    old = outcome(eligible_record(pregnancy_tests=(pregnancy("urine", "negative", 4),)), "I10.pregnancy_test")
    assert old.status == "missing"
    assert "is 4 days before it and no longer counts" in old.why


def test_a_serum_result_prevails_over_an_unconfirmed_urine_one() -> None:
    unconfirmed = eligible_record(pregnancy_tests=(pregnancy("urine", "positive", 2),))
    item = outcome(unconfirmed, "I10.pregnancy_test")
    assert item.status == "missing"
    assert "a serum test is needed, and its result decides" in item.why
    assert (
        status(
            eligible_record(pregnancy_tests=(pregnancy("urine", "indeterminate", 2),)), "I10.pregnancy_test"
        )
        == "missing"
    )
    confirmed = eligible_record(
        pregnancy_tests=(pregnancy("urine", "positive", 2), pregnancy("serum", "negative", 1))
    )
    assert status(confirmed, "I10.pregnancy_test") == "met"
    # a serum result prevails both ways, even over a later urine one
    positive = eligible_record(
        pregnancy_tests=(pregnancy("serum", "positive", 2), pregnancy("urine", "negative", 1))
    )
    item = outcome(positive, "I10.pregnancy_test")
    assert item.status == "not_met"
    assert "it prevails over the urine test of 2026-03-09" in item.why
    assert (
        status(
            eligible_record(pregnancy_tests=(pregnancy("serum", "indeterminate", 1),)), "I10.pregnancy_test"
        )
        == "missing"
    )


def test_the_pregnancy_test_applies_only_to_women_who_can_become_pregnant() -> None:
    assert (
        status(eligible_record(childbearing_potential=False, pregnancy_tests=()), "I10.pregnancy_test")
        == "not_applicable"
    )
    man = eligible_record(sex="male", childbearing_potential=None, pregnancy_tests=())
    assert status(man, "I10.pregnancy_test") == "not_applicable"
    assert status(man, "I11") == "met"
    assert status(man, "E14") == "not_applicable"
    not_said = eligible_record(childbearing_potential=None)
    assert status(not_said, "I10.pregnancy_test") == "met"  # a negative test in date settles it either way
    item = outcome(eligible_record(childbearing_potential=None, pregnancy_tests=()), "I10.pregnancy_test")
    assert item.status == "missing"
    assert "whether she can become pregnant" in item.why


# Live vaccine --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_before", "wanted"), [(29, "met"), (28, "not_met"), (1, "not_met"), (0, "not_met"), (-3, "not_met")]
)
def test_a_live_vaccine_within_28_days_before_the_first_dose_excludes(days_before: int, wanted: str) -> None:
    record = eligible_record(live_vaccine=LiveVaccineHistory(FIRST_DOSE - timedelta(days=days_before)))
    assert status(record, "E17.recent") == wanted


def test_no_live_vaccine_meets_it_and_not_knowing_is_missing() -> None:
    assert status(eligible_record(live_vaccine=LiveVaccineHistory(None)), "E17.recent") == "met"
    assert status(eligible_record(live_vaccine=None), "E17.recent") == "missing"


# Age, ECOG, consent --------------------------------------------------------------------------------------


def test_age_18_is_reached_on_the_18th_birthday_on_the_consent_date() -> None:
    born = date(2008, 3, 1)
    assert status(eligible_record(birth_date=born, consent_date=date(2026, 3, 1)), "I5") == "met"
    item = outcome(eligible_record(birth_date=born, consent_date=date(2026, 2, 28)), "I5")
    assert item.status == "not_met"
    assert item.why == "17 years old on 2026-02-28 is not ≥ 18 years on the consent date"


def test_age_counts_on_the_consent_date_not_the_first_dose() -> None:
    # 17 when consenting, 18 by the first dose: not eligible
    record = eligible_record(birth_date=date(2008, 3, 5), consent_date=date(2026, 3, 1))
    assert status(record, "I5") == "not_met"


def test_a_29_february_birthday_is_reached_on_1_march_in_a_common_year() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
    assert age_on(date(2008, 2, 29), date(2028, 2, 29)) == 20


@pytest.mark.parametrize(("ecog", "wanted"), [(0, "met"), (1, "met"), (2, "not_met"), (None, "missing")])
def test_ecog_0_to_1(ecog: int | None, wanted: str) -> None:
    assert status(eligible_record(ecog=ecog), "I6") == wanted


def test_consent_must_come_before_every_study_evaluation_and_the_first_dose() -> None:
    # the echocardiogram of 2026-03-03 is the earliest evaluation: consent that day is in time
    assert status(eligible_record(consent_date=date(2026, 3, 3)), "I9") == "met"
    late = outcome(eligible_record(consent_date=date(2026, 3, 6)), "I9")
    assert late.status == "not_met"
    assert late.why == (
        "the LVEF measurement of 2026-03-03 is before the consent of 2026-03-06; the ECG of 2026-03-04 is before"
        " the consent of 2026-03-06; the evaluations of 2026-03-05 (ALT, APTT, AST, INR, creatinine, haemoglobin,"
        " neutrophil count (ANC), platelet count, serum albumin, total bilirubin and urine protein dipstick) are"
        " before the consent of 2026-03-06"
    )
    after = outcome(eligible_record(consent_date=date(2026, 3, 11), birth_date=date(1970, 5, 2)), "I9")
    assert "is after the first dose on 2026-03-10" in after.why
    assert status(eligible_record(consent_date=None), "I9") == "missing"
    assert status(eligible_record(consent_date=None), "I5") == "missing"


# Attestations --------------------------------------------------------------------------------------------


def test_an_attestation_true_satisfies_a_criterion_false_fails_it_and_none_is_awaited() -> None:
    assert outcome(eligible_record(), "I1").why == "the investigator attests that it holds"
    assert outcome(eligible_record(), "E9").why == "the investigator attests that it is absent"
    refused = outcome(eligible_record(attested={**ATTESTED, "I1": False}), "I1")
    assert refused.status == "not_met" and refused.why == "the investigator attests that it does not hold"
    excluded = outcome(eligible_record(attested={**ATTESTED, "E9": False}), "E9")
    assert excluded.status == "not_met" and excluded.why == "the investigator attests that it applies"
    awaited = {k: v for k, v in ATTESTED.items() if k != "E16"}
    assert status(eligible_record(attested=awaited), "E16") == "missing"


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("I8.neutrophils", "I8.neutrophils is measured from the screening record, so it cannot be attested"),
        ("I5", "I5 is measured from the screening record, so it cannot be attested"),
        ("I8", "I8 is measured from the screening record, so it cannot be attested"),
        ("E6", "E6 is attested item by item: use E6.cardiac_history"),
        ("E18", "there is no criterion E18 in protocol nct07343453"),
    ],
)
def test_a_measured_criterion_cannot_be_attested_over_its_value(key: str, said: str) -> None:
    with pytest.raises(InputError) as err:
        evaluate(eligible_record(attested={**ATTESTED, key: True}))
    assert said in message_of(err.value)


def test_an_attestation_must_be_true_or_false() -> None:
    with pytest.raises(InputError):
        eligible_record(attested={"I1": "yes"})


# Properties ----------------------------------------------------------------------------------------------

_RANK = {"not_met": 0, "missing": 1, "met": 2, "not_applicable": 3}
_ELIGIBLE_RANK = {False: 0, None: 1, True: 2}
# Labs where a higher value is worse, and where a lower one is.
_HIGHER_WORSE = ("ast", "alt", "bilirubin", "creatinine", "inr", "aptt", "urine_protein_24h")
_LOWER_WORSE = ("neutrophils", "platelets", "hemoglobin", "albumin")
# For each lab a range well inside its limit and a narrow one across it: most records are then eligible or
# nearly so, and a worsening has something to spoil.
_RANGES = {
    "neutrophils": (("1.6", "4"), ("1.4", "1.6")),
    "platelets": (("110", "300"), ("95", "105")),
    "hemoglobin": (("95", "140"), ("88", "92")),
    "albumin": (("30", "45"), ("27", "29")),
    "ast": (("10", "110"), ("115", "210")),
    "alt": (("10", "110"), ("115", "210")),
    "bilirubin": (("5", "28"), ("29", "62")),
    "creatinine": (("40", "130"), ("130", "250")),
    "inr": (("0.8", "1.7"), ("1.75", "1.9")),
    "aptt": (("25", "58"), ("58", "62")),
    "urine_protein_24h": (("0.1", "0.9"), ("0.95", "1.1")),
}
_ULNS = {"ast": "40", "alt": "40", "bilirubin": "20", "creatinine": "90", "inr": "1.2", "aptt": "40"}
_MOSTLY = [True] * 9 + [False]


def _between(draw: st.DrawFn, good: tuple[str, str], edge: tuple[str, str]) -> D:
    low, high = good if draw(st.sampled_from(_MOSTLY)) else edge
    return draw(st.decimals(D(low), D(high), places=2, allow_nan=False, allow_infinity=False))


@st.composite
def lab_results(draw: st.DrawFn, name: str) -> LabResult:
    value = _between(draw, *_RANGES[name])
    days = draw(st.sampled_from([5, 3, 7, 1, 0, 10, 14, 15, 2]))
    uln = _ULNS.get(name) if draw(st.sampled_from(_MOSTLY)) else None
    return lab(name, str(value), uln=uln, day=FIRST_DOSE - timedelta(days=days))


@st.composite
def records(draw: st.DrawFn) -> ScreeningRecord:
    labs: list[LabResult] = []
    for name in _RANGES:
        for _ in range(draw(st.sampled_from([1, 1, 1, 1, 1, 1, 2, 0]))):
            labs.append(draw(lab_results(name)))
    sex = draw(st.sampled_from(["female", "male", None]))
    return eligible_record(
        sex=sex,
        childbearing_potential=draw(st.sampled_from([True, False, None])) if sex != "male" else None,
        liver_metastases=draw(st.sampled_from([False, True, False, None])),
        weight_kg=draw(st.sampled_from([D("61.5"), None, D("45"), D("61.5"), D("90")])),
        birth_date=draw(st.sampled_from([date(1976, 3, 10)] * 4 + [date(1950, 1, 1), date(2008, 3, 1)])),
        consent_date=FIRST_DOSE - timedelta(days=draw(st.sampled_from([30] * 8 + [25, 16, 3]))),
        ecog=draw(st.sampled_from([1, 0] * 5 + [2, None])),
        labs=tuple(labs),
        urine_dipsticks=tuple(
            UrineDipstick(FIRST_DOSE - timedelta(days=draw(st.sampled_from([4, 0, 14, 15]))), reading)
            for reading in draw(st.lists(st.sampled_from(["-", "±", "1+", "-", "2+", "3+"]), max_size=2))
        ),
        ecgs=(
            ecg(
                str(_between(draw, ("380", "440"), ("445", "475"))),
                day=FIRST_DOSE - timedelta(days=draw(st.sampled_from([6, 0, 6, 3, 20, 28, 29]))),
            ),
        ),
        lvefs=(
            Lvef(
                FIRST_DOSE - timedelta(days=draw(st.sampled_from([7, 0, 14, 15]))),
                _between(draw, ("52", "70"), ("48", "52")),
            ),
        ),
        pregnancy_tests=(
            pregnancy(
                draw(st.sampled_from(["urine", "serum"])),
                draw(st.sampled_from(["negative"] * 6 + ["positive", "indeterminate"])),
                draw(st.sampled_from([2, 0, 1, 3, 4])),
            ),
        ),
        live_vaccine=draw(
            st.sampled_from(
                [LiveVaccineHistory(None)] * 10
                + [
                    None,
                    LiveVaccineHistory(FIRST_DOSE - timedelta(days=27)),
                    LiveVaccineHistory(FIRST_DOSE - timedelta(days=40)),
                ]
            )
        ),
    )


_OLDER = ("older lab", "older ecg", "older lvef", "older pregnancy test")


@st.composite
def worsenings(draw: st.DrawFn, record: ScreeningRecord) -> tuple[str, ScreeningRecord]:
    """`record` with one thing made worse, and what: a lab value, the QT, the LVEF, the dipstick, the ECOG, a
    more recent live vaccine, or an older test."""
    choice = draw(st.sampled_from(["lab", "qt", "lvef", "dipstick", "ecog", "vaccine", *_OLDER]))
    return choice, _worsen(draw, record, choice)


def _worsen(draw: st.DrawFn, record: ScreeningRecord, choice: str) -> ScreeningRecord:
    if choice in ("lab", "older lab") and record.labs:
        index = draw(st.integers(0, len(record.labs) - 1))
        result = record.labs[index]
        if choice == "lab":
            step = draw(st.decimals(D("0.01"), D("50"), places=2, allow_nan=False))
            highest = result.kind.max_si  # the results here are in SI units
            value = (
                min(highest, result.value + step)
                if result.lab in _HIGHER_WORSE
                else max(D(0), result.value - step)
            )
            changed = replace(result, value=value)
        else:
            if sum(r.lab == result.lab for r in record.labs) > 1:
                return record  # with two results, an older one may leave a newer one as the latest
            changed = replace(result, taken=result.taken - timedelta(days=draw(st.integers(1, 10))))
        return replace(record, labs=(*record.labs[:index], changed, *record.labs[index + 1 :]))
    if choice == "qt":
        e = record.ecgs[0]
        return replace(record, ecgs=(replace(e, qt_ms=e.qt_ms + draw(st.integers(1, 40))),))
    if choice == "older ecg":
        e = record.ecgs[0]
        return replace(record, ecgs=(replace(e, taken=e.taken - timedelta(days=draw(st.integers(1, 10)))),))
    if choice == "older lvef":
        v = record.lvefs[0]
        return replace(record, lvefs=(replace(v, taken=v.taken - timedelta(days=draw(st.integers(1, 10)))),))
    if choice == "older pregnancy test":
        p = record.pregnancy_tests[0]
        return replace(
            record, pregnancy_tests=(replace(p, taken=p.taken - timedelta(days=draw(st.integers(1, 5)))),)
        )
    if choice == "lvef":
        v = record.lvefs[0]
        return replace(record, lvefs=(replace(v, percent=max(D(1), v.percent - draw(st.integers(1, 20)))),))
    if choice == "dipstick" and record.urine_dipsticks:
        d = record.urine_dipsticks[0]
        worse = ["-", "±", "1+", "2+", "3+", "4+"][min(5, d.rank + draw(st.integers(1, 3)))]
        return replace(record, urine_dipsticks=(replace(d, reading=worse), *record.urine_dipsticks[1:]))
    if choice == "ecog" and record.ecog is not None:
        return replace(record, ecog=min(5, record.ecog + 1))
    if choice == "vaccine":
        return replace(
            record, live_vaccine=LiveVaccineHistory(FIRST_DOSE - timedelta(days=draw(st.integers(0, 28))))
        )
    return record


def check_never_better(what: str, before: EligibilityResult, after: EligibilityResult) -> None:
    if after.eligible is True:
        assert before.eligible is True
    for was, now in zip(before.items, after.items, strict=True):
        if what in _OLDER and was.id == "I9":
            # a test that goes out of date is no longer one the eligibility rests on, so consent given after it
            # is no longer late; the subject is no more eligible for it (that test's criterion now lacks one)
            continue
        if now.status == "met":
            assert was.status in ("met", "not_applicable"), (what, was.id, was.why, now.why)
        if what not in _OLDER:
            # a worse value (unlike a test gone out of date, which may leave a criterion undecided) never
            # improves any criterion: met stays met or worsens, not met stays not met
            assert _RANK[now.status] <= _RANK[was.status], (what, was.id, was.why, now.why)


@given(st.data())
def test_a_worse_value_or_an_older_test_never_makes_a_subject_eligible(data: st.DataObject) -> None:
    record = data.draw(records())
    what, worse = data.draw(worsenings(record))
    check_never_better(what, evaluate(record), evaluate(worse))


@given(records(), st.randoms(use_true_random=False))
def test_the_order_of_the_results_does_not_change_the_answer(record: ScreeningRecord, rng: Any) -> None:
    labs = list(record.labs)
    rng.shuffle(labs)
    dips = list(record.urine_dipsticks)
    rng.shuffle(dips)
    shuffled = replace(record, labs=tuple(labs), urine_dipsticks=tuple(dips))
    first, second = evaluate(record), evaluate(shuffled)
    assert first == second


def test_the_eligibility_core_imports_no_window_database_or_paper_library() -> None:
    code = (
        "import sys, app.eligibility, app.protocol\n"
        "app.eligibility.evaluate_eligibility\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'reportlab'))\n"
        "print(heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
