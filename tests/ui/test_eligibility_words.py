"""Every eligibility sentence reaches a Chinese window in Chinese: the criteria texts, the limits, the values
and the reasons, with the sentences inside them (lab names, units, what is missing) translated too."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

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
from app.ui.words import rule_text, say

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")
FIRST_DOSE = date(2026, 3, 10)
DAY = date(2026, 3, 5)


def _records() -> list[ScreeningRecord]:
    """Records that between them reach every kind of sentence: met, not met, missing, not applicable."""
    labs = (
        LabResult("neutrophils", D("1.4"), "10^9/L", DAY),
        LabResult("platelets", D("1500"), "cells/µL", DAY),
        LabResult("hemoglobin", D("9.5"), "g/dL", DAY),
        LabResult("albumin", D("30"), "g/L", DAY - timedelta(days=20)),
        LabResult("ast", D("150"), "U/L", DAY, uln=D("40")),
        LabResult("alt", D("30"), "U/L", DAY),
        LabResult("bilirubin", D("70"), "µmol/L", DAY, uln=D("20")),
        LabResult("creatinine", D("200"), "µmol/L", DAY, uln=D("90")),
        LabResult("inr", D("1.1"), "ratio", DAY, uln=D("1.2")),
        LabResult("urine_protein_24h", D("1.2"), "g/24h", DAY),
    )
    woman = ScreeningRecord(
        first_dose_date=FIRST_DOSE,
        sex="female",
        birth_date=date(2008, 3, 3),
        consent_date=date(2026, 3, 4),
        weight_kg=D("60"),
        childbearing_potential=True,
        liver_metastases=None,
        ecog=2,
        labs=labs,
        urine_dipsticks=(UrineDipstick(DAY, "3+"),),
        ecgs=(Ecg(DAY, D("440"), heart_rate_bpm=D("75")),),
        lvefs=(Lvef(FIRST_DOSE + timedelta(days=1), D("60")),),
        pregnancy_tests=(
            PregnancyTest(date(2026, 3, 8), "urine", "positive"),
            PregnancyTest(date(2026, 3, 7), "serum", "indeterminate"),
        ),
        live_vaccine=LiveVaccineHistory(date(2026, 2, 20)),
        attested={"I1": True, "E9": False, "I2": False, "E10": True},
    )
    unknown = replace(
        woman,
        sex=None,
        weight_kg=None,
        childbearing_potential=None,
        ecgs=(Ecg(DAY, D("460"), rr_ms=D("1000")),),
        pregnancy_tests=(PregnancyTest(date(2026, 3, 8), "serum", "negative"),),
        live_vaccine=None,
        consent_date=None,
    )
    man = replace(
        woman,
        sex="male",
        childbearing_potential=None,
        birth_date=date(1960, 1, 1),
        liver_metastases=True,
        live_vaccine=LiveVaccineHistory(None),
        lvefs=(Lvef(DAY, D("45")),),
    )
    # 17 at consent and at the first dose (no Cockcroft–Gault for a minor), consenting after the labs
    minor = replace(woman, birth_date=date(2008, 6, 1), consent_date=date(2026, 3, 6))
    return [woman, unknown, man, minor]


def test_every_eligibility_sentence_is_said_in_chinese(chinese) -> None:
    protocol = load_protocol("nct07343453")
    seen: set[str] = set()
    for record in _records():
        for item in evaluate_eligibility(protocol, record).items:
            seen.add(item.status)
            text = rule_text(item.text)
            assert CHINESE.search(text), (item.id, text)
            for words in (item.why, item.limit, item.value):
                if words is None:
                    continue
                said = say(words)
                if ENGLISH_WORD.search(str(words)):
                    assert CHINESE.search(said), (item.id, str(words), said)
                leftover = [
                    w
                    for w in ENGLISH_WORD.findall(said)
                    if w not in ("QTcF", "ECOG", "APTT", "LVEF", "CrCl", "Cockcroft", "Gault", "cells")
                ]
                assert not leftover, (item.id, said)
    assert seen == {"met", "not_met", "missing", "not_applicable"}
