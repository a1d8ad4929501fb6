"""`dosedesk eligibility --screening FILE [--json]`: a subject's screening record against the protocol's
inclusion and exclusion criteria. Nothing is recorded.

FILE is JSON (UTF-8, a byte-order mark is fine):

    {"protocol": "nct07343453", "sex": "female", "birth_date": "1970-05-02", "consent_date": "2026-03-01",
     "first_dose_date": "2026-03-10", "weight_kg": "61.5", "childbearing_potential": true,
     "liver_metastases": false, "ecog": 1,
     "labs": [{"lab": "neutrophils", "value": "1.8", "unit": "10^9/L", "date": "2026-03-05"},
              {"lab": "ast", "value": 32, "unit": "U/L", "uln": 40, "date": "2026-03-05"},
              {"lab": "urine_protein", "value": "1+", "date": "2026-03-05"},
              {"lab": "urine_protein_24h", "value": "0.4", "unit": "g/24h", "date": "2026-03-06"}, ...],
     "ecg": {"date": "2026-03-04", "qt_ms": 410, "heart_rate_bpm": 72},
     "lvef": {"date": "2026-03-03", "percent": 62},
     "pregnancy_test": {"date": "2026-03-08", "kind": "urine", "result": "negative"},
     "last_live_vaccine_date": null,
     "attested": {"I1": true, "E9": true}}

Only "protocol" and "first_dose_date" are needed; what is left out makes the criteria that need it "missing".
"ecg", "lvef" and "pregnancy_test" may also be lists. "last_live_vaccine_date": null says there was none.
"urine_protein" reads "-", "±", "1+" … "4+"; a lab's "unit" defaults to its SI unit. The protocol is found by
id among the shipped protocol files, never by a path. Bad input is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from app.commands._options import add_json_flag, path_argument, print_json
from app.dosing.format import format_number, plain_decimal
from app.eligibility import (
    Ecg,
    EligibilityResult,
    LiveVaccineHistory,
    Lvef,
    PregnancyTest,
    ScreeningRecord,
    UrineDipstick,
    evaluate_eligibility,
)
from app.errors import InputError
from app.protocol import load_protocol, shipped_protocols
from app.protocol.model import DIPSTICK_SCALE
from app.text import message_of
from app.toxicity.labs import LAB_KEYS, SCREENING_LAB_KEYS, LabResult, lab_kind

MAX_BYTES = 1_000_000  # a screening record is a few kilobytes
MAX_ENTRIES = 1_000  # results of one kind
EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
_MAX_MAGNITUDE = Decimal(10) ** 9
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_KEYS = frozenset(
    {
        "protocol",
        "sex",
        "birth_date",
        "consent_date",
        "first_dose_date",
        "weight_kg",
        "childbearing_potential",
        "liver_metastases",
        "ecog",
        "labs",
        "ecg",
        "lvef",
        "pregnancy_test",
        "last_live_vaccine_date",
        "attested",
    }
)
_DIPSTICK = "urine_protein"
_LABS = (*LAB_KEYS, *SCREENING_LAB_KEYS, _DIPSTICK)
# Other spellings of a dipstick reading that laboratories print.
_DIPSTICK_ALIASES = {
    "−": "-",
    "neg": "-",
    "negative": "-",
    "+-": "±",
    "+/-": "±",
    "trace": "±",
    "+": "1+",
    "++": "2+",
    "+++": "3+",
    "++++": "4+",
}


def _fail(text: str) -> NoReturn:
    raise InputError(text)


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def _shown(value: Any) -> str:
    """A value from the file, quoted and cut short (a number of a million digits is not echoed whole)."""
    text = str(value) if isinstance(value, Decimal) else repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _object(value: Any, where: str, keys: frozenset[str], needed: tuple[str, ...] = ()) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        _fail(f"{where} must be an object, not {_shown(value)}.")
    unknown = sorted(set(value) - keys)
    if unknown:
        _fail(f"{where} has {unknown[0]!r}, which is not one of: {', '.join(sorted(keys))}.")
    for key in needed:
        if key not in value:
            _fail(f'{where} needs "{key}".')
    return value


def _date(value: Any, where: str) -> date:
    day: date | None = None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        _fail(f"{where} must be a date like 2026-03-10, not {_shown(value)}.")
    if not EARLIEST <= day <= LATEST:
        _fail(f"{where} {value} is not a plausible date (1900-01-01 to 2200-12-31).")
    return day


def _optional_date(data: Mapping[str, Any], key: str) -> date | None:
    return None if data.get(key) is None else _date(data[key], f'"{key}"')


def _number(value: Any, where: str) -> Decimal:
    number: Decimal | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str) and len(value) <= 40:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        _fail(f"{where} must be a number, not {_shown(value)}.")
    if not number.is_zero() and number.adjusted() >= _MAX_MAGNITUDE.adjusted():
        _fail(f"{where} {_shown(value)} is not a plausible number.")
    return number


def _optional_number(data: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    return None if data.get(key) is None else _number(data[key], where)


def _flag(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        _fail(f'"{key}" must be true, false or null, not {_shown(value)}.')
    return value


def _entries(value: Any, key: str) -> list[Any]:
    """A list of objects; a single object stands for a list of one."""
    entries = value if isinstance(value, list) else [value]
    if len(entries) > MAX_ENTRIES:
        _fail(f'"{key}" holds {len(entries)} entries; at most {MAX_ENTRIES} are read.')
    return entries


def _dipstick(value: Any, where: str) -> str:
    reading = _DIPSTICK_ALIASES.get(value.strip().lower(), value.strip()) if isinstance(value, str) else None
    if reading not in DIPSTICK_SCALE:
        _fail(f"{where} must be one of {', '.join(DIPSTICK_SCALE)}, not {_shown(value)}.")
    return reading


def _labs(value: Any) -> tuple[tuple[LabResult, ...], tuple[UrineDipstick, ...]]:
    if not isinstance(value, list):
        _fail(f'"labs" must be a list of results, not {_shown(value)}.')
    labs: list[LabResult] = []
    dipsticks: list[UrineDipstick] = []
    keys = frozenset({"lab", "value", "unit", "uln", "lln", "date"})
    for i, raw in enumerate(_entries(value, "labs"), start=1):
        entry = _object(raw, f'"labs" entry {i}', keys, ("lab", "value", "date"))
        lab = entry["lab"]
        if not isinstance(lab, str) or lab not in _LABS:
            _fail(
                f'"labs" entry {i}: {_shown(lab)} is not a lab DoseDesk knows; use one of: {", ".join(_LABS)}.'
            )
        where = f'"labs" entry {i} ({lab})'
        taken = _date(entry["date"], f"the date of {where}")
        if lab == _DIPSTICK:
            extra = sorted({"unit", "uln", "lln"} & set(entry))
            if extra:
                _fail(f"{where} is a dipstick reading: it has no {extra[0]!r}.")
            dipsticks.append(UrineDipstick(taken, _dipstick(entry["value"], f"the value of {where}")))
            continue
        unit = entry.get("unit", lab_kind(lab).si_unit)
        if not isinstance(unit, str) or len(unit) > 40:
            _fail(
                f"the unit of {where} must be a unit such as {lab_kind(lab).si_unit!r}, not {_shown(unit)}."
            )
        try:
            labs.append(
                LabResult(
                    lab,
                    _number(entry["value"], f"the value of {where}"),
                    unit,
                    taken,
                    lln=_optional_number(entry, "lln", f"the LLN of {where}"),
                    uln=_optional_number(entry, "uln", f"the ULN of {where}"),
                )
            )
        except InputError as exc:
            _fail(_sentence(f"{where}: {message_of(exc)}"))
    return tuple(labs), tuple(dipsticks)


def _ecgs(value: Any) -> tuple[Ecg, ...]:
    keys = frozenset({"date", "qt_ms", "heart_rate_bpm", "rr_ms"})
    ecgs: list[Ecg] = []
    for i, raw in enumerate(_entries(value, "ecg"), start=1):
        where = '"ecg"' if isinstance(value, dict) else f'"ecg" entry {i}'
        entry = _object(raw, where, keys, ("date", "qt_ms"))
        if ("heart_rate_bpm" in entry) == ("rr_ms" in entry):
            _fail(f'{where} needs "heart_rate_bpm" or "rr_ms", one of the two.')
        try:
            ecgs.append(
                Ecg(
                    _date(entry["date"], f"the date of {where}"),
                    _number(entry["qt_ms"], f"the QT of {where}"),
                    rr_ms=_optional_number(entry, "rr_ms", f"the RR of {where}"),
                    heart_rate_bpm=_optional_number(entry, "heart_rate_bpm", f"the heart rate of {where}"),
                )
            )
        except InputError as exc:
            _fail(_sentence(f"{where}: {message_of(exc)}"))
    return tuple(ecgs)


def _lvefs(value: Any) -> tuple[Lvef, ...]:
    lvefs: list[Lvef] = []
    for i, raw in enumerate(_entries(value, "lvef"), start=1):
        where = '"lvef"' if isinstance(value, dict) else f'"lvef" entry {i}'
        entry = _object(raw, where, frozenset({"date", "percent"}), ("date", "percent"))
        try:
            lvefs.append(
                Lvef(
                    _date(entry["date"], f"the date of {where}"),
                    _number(entry["percent"], f"the LVEF of {where}"),
                )
            )
        except InputError as exc:
            _fail(_sentence(f"{where}: {message_of(exc)}"))
    return tuple(lvefs)


def _pregnancy_tests(value: Any) -> tuple[PregnancyTest, ...]:
    tests: list[PregnancyTest] = []
    for i, raw in enumerate(_entries(value, "pregnancy_test"), start=1):
        where = '"pregnancy_test"' if isinstance(value, dict) else f'"pregnancy_test" entry {i}'
        entry = _object(raw, where, frozenset({"date", "kind", "result"}), ("date", "kind", "result"))
        if entry["kind"] not in ("urine", "serum"):
            _fail(f'the kind of {where} must be "urine" or "serum", not {_shown(entry["kind"])}.')
        if entry["result"] not in ("negative", "positive", "indeterminate"):
            _fail(
                f'the result of {where} must be "negative", "positive" or "indeterminate",'
                f" not {_shown(entry['result'])}."
            )
        tests.append(
            PregnancyTest(_date(entry["date"], f"the date of {where}"), entry["kind"], entry["result"])
        )
    return tuple(tests)


def _attested(value: Any) -> dict[str, bool]:
    if not isinstance(value, dict):
        _fail(f'"attested" must be an object of criterion ids and true or false, not {_shown(value)}.')
    if len(value) > MAX_ENTRIES:
        _fail(f'"attested" holds {len(value)} entries; at most {MAX_ENTRIES} are read.')
    for key, answer in value.items():
        if not isinstance(answer, bool):
            _fail(
                f'the attestation of {_shown(key)} in "attested" must be true or false, not {_shown(answer)}.'
            )
    return dict(value)


def _protocol_id(value: Any) -> str:
    shipped = shipped_protocols()
    if not isinstance(value, str) or value not in shipped:
        _fail(f'"protocol" must name a shipped protocol ({", ".join(shipped)}), not {_shown(value)}.')
    return value


def screening_from_json(data: Any) -> tuple[str, ScreeningRecord]:
    """The protocol id and the screening record a file holds; bad input is an `InputError` naming the field."""
    record = _object(data, "The screening file", _KEYS, ("protocol", "first_dose_date"))
    protocol_id = _protocol_id(record["protocol"])
    sex = record.get("sex")
    if sex is not None and sex not in ("female", "male"):
        _fail(f'"sex" must be "female" or "male", not {_shown(sex)}.')
    ecog = record.get("ecog")
    if ecog is not None and (isinstance(ecog, bool) or not isinstance(ecog, int) or not 0 <= ecog <= 5):
        _fail(f'"ecog" must be a whole number from 0 to 5, not {_shown(ecog)}.')
    labs, dipsticks = _labs(record["labs"]) if record.get("labs") is not None else ((), ())
    live_vaccine = (
        LiveVaccineHistory(_optional_date(record, "last_live_vaccine_date"))
        if "last_live_vaccine_date" in record
        else None
    )
    try:
        screening = ScreeningRecord(
            first_dose_date=_date(record["first_dose_date"], '"first_dose_date"'),
            sex=sex,
            birth_date=_optional_date(record, "birth_date"),
            consent_date=_optional_date(record, "consent_date"),
            weight_kg=_optional_number(record, "weight_kg", '"weight_kg"'),
            childbearing_potential=_flag(record, "childbearing_potential"),
            liver_metastases=_flag(record, "liver_metastases"),
            ecog=ecog,
            labs=labs,
            urine_dipsticks=dipsticks,
            ecgs=_ecgs(record["ecg"]) if record.get("ecg") is not None else (),
            lvefs=_lvefs(record["lvef"]) if record.get("lvef") is not None else (),
            pregnancy_tests=(
                _pregnancy_tests(record["pregnancy_test"]) if record.get("pregnancy_test") is not None else ()
            ),
            live_vaccine=live_vaccine,
            attested=_attested(record["attested"]) if record.get("attested") is not None else {},
        )
    except InputError as exc:
        _fail(_sentence(message_of(exc)))
    return protocol_id, screening


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            _fail(f"The screening file gives {_shown(key)} twice.")
        data[key] = value
    return data


def _no_constant(name: str) -> NoReturn:
    _fail(f"The screening file holds {name}, which is not a number.")


def read_screening(path: str) -> Any:
    """The JSON a screening file holds (decimals read exactly), or one plain sentence saying why not."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        _fail(f"Cannot read the screening file {path}: {exc.strerror or exc}.")
    if len(raw) > MAX_BYTES:
        _fail(
            f"The screening file {path} is larger than {MAX_BYTES // 1000} kB: it is not a screening record."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail(f"The screening file {path} is not UTF-8 text.")
    try:
        return json.loads(
            text, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_no_duplicates
        )
    except json.JSONDecodeError as exc:
        _fail(f"The screening file {path} is not valid JSON (line {exc.lineno}, column {exc.colno}).")
    except RecursionError:
        _fail(f"The screening file {path} is nested too deeply to be a screening record.")
    except ValueError:  # an integer of thousands of digits
        _fail(f"The screening file {path} holds a number too long to read.")


def result_to_json(result: EligibilityResult) -> dict[str, Any]:
    crcl = result.crcl_shown_ml_per_min
    return {
        "protocol": result.protocol_id,
        "protocol_version": result.protocol_version,
        "first_dose_date": result.first_dose_date.isoformat(),
        "eligible": result.eligible,
        "qtcf_ms": result.qtcf_ms,
        "crcl_ml_per_min": None if crcl is None else plain_decimal(crcl),
        "criteria": [
            {
                "id": item.id,
                "text": item.text,
                "kind": item.kind,
                "status": item.status,
                "value": item.value,
                "limit": item.limit,
                "date": None if item.evidence_date is None else item.evidence_date.isoformat(),
                "why": item.why,
                "unconfirmed": item.unconfirmed,
            }
            for item in result.items
        ],
        "not_met": list(result.not_met),
        "missing": list(result.missing),
    }


_STATUS_WORDS = {"met": "met", "not_met": "NOT MET", "missing": "missing", "not_applicable": "n/a"}


def _print_table(result: EligibilityResult) -> None:
    verdict = {True: "ELIGIBLE", False: "NOT ELIGIBLE", None: "UNDECIDED"}[result.eligible]
    print(
        f"Eligibility under protocol {result.protocol_id} {result.protocol_version}, "
        f"first dose {result.first_dose_date.isoformat()}: {verdict}"
    )
    if result.not_met:
        print(f"Not met: {', '.join(result.not_met)}")
    if result.missing:
        print(f"Missing: {', '.join(result.missing)}")
    figures = []
    if result.qtcf_ms is not None:
        figures.append(f"QTcF {result.qtcf_ms} ms")
    if result.crcl_shown_ml_per_min is not None:
        figures.append(f"CrCl {format_number(result.crcl_shown_ml_per_min)} mL/min (Cockcroft–Gault)")
    if figures:
        print(" · ".join(figures))
    print()
    width = max(len(item.id) for item in result.items) + 2
    print(f"{'criterion':<{width}}{'status':<10}{'value':<22}limit")
    for item in result.items:
        mark = "*" if item.unconfirmed else ""
        print(
            f"{item.id + mark:<{width}}{_STATUS_WORDS[item.status]:<10}{item.value or '—':<22}{item.limit or '—'}"
        )
        print(f"{'':<{width}}{item.text}")
        print(f"{'':<{width}}→ {item.why}")
    if any(item.unconfirmed for item in result.items):
        print()
        print("* a value of this criterion is unconfirmed in the protocol file: the site decides.")


def _eligibility(args: argparse.Namespace) -> int:
    protocol_id, screening = screening_from_json(read_screening(args.screening))
    result = evaluate_eligibility(load_protocol(protocol_id), screening)
    if args.json:
        print_json(result_to_json(result))
    else:
        _print_table(result)
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eligibility",
        help="check a screening record against the inclusion and exclusion criteria",
        description=(
            "Check a subject's screening record (a JSON file) against the protocol's inclusion and exclusion "
            "criteria: each criterion met, not met, missing or not applicable, and whether the subject is "
            "eligible. Nothing is recorded."
        ),
    )
    parser.add_argument(
        "--screening",
        required=True,
        metavar="FILE",
        type=path_argument("The screening file"),
        help="the screening record (JSON)",
    )
    add_json_flag(parser)
    parser.set_defaults(handler=_eligibility)
