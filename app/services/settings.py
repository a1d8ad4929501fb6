"""The site's own settings, kept in the database: read by everyone, changed by an administrator.

    site_settings(uow)                              -> SiteSettings   every setting, checked, defaults filled in
    setting_rows(uow)                               -> list[SettingRow]   what `dosedesk settings show` prints
    set_setting(uow, "clinic_phone", "+86 20 8734 3088")               -> SettingRow  (an administrator)
    set_setting(uow, "reference_range.bilirubin", "0-21 µmol/L")       one entry of a map
    reference_range_for(uow, "bilirubin", "umol/L")  -> ReferenceRange | None   the lab form's LLN/ULN defaults
    lab_code_for(settings, "751-8", "LN")           -> LabCode | None  the site's code map, then LOINC

Keys (`KEYS`): `hospital_name`, `hospital_name_zh`, `clinic_name`, `clinic_name_zh`, `clinic_phone`,
`lab_file_encoding` (utf-8 or gb18030), `paper_bilingual` (true: the pharmacy's paper may be printed in Chinese
with the English beside it), and three maps, each set whole (JSON) or one entry at a time:

- `lab_codes` / `lab_code.CODE`: the laboratory's test code → a DoseDesk lab and, when its files leave the unit
  out, the unit it uses ("neutrophils 10^9/L"); LOINC codes of DoseDesk's labs are known without it
  (resources/labs/loinc.toml);
- `lab_columns` / `lab_column.FIELD`: the header of each column of the laboratory's CSV and Excel exports
  (`LAB_COLUMN_FIELDS`);
- `reference_ranges` / `reference_range.LAB`: the laboratory's normal range of a lab in a unit ("0-21 µmol/L";
  a lower limit of 0 is a real range), the default LLN and ULN of every lab form and import.

A value is stored as canonical JSON in one audited row per key (`app.models.SiteSetting`): every change is on the
audit trail, old → new. An empty value sets a key back to its default (or removes one entry of a map). Values
are checked: a phone is a phone, a range has its low end below its high end, a unit is one DoseDesk knows for
that lab, a code maps to a lab DoseDesk knows.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import inputs
from app.errors import InputError
from app.inputs import MAX_IDENTIFIER, MAX_NAME, shown
from app.models import Role, SiteSetting
from app.paths import resources_dir
from app.services._lab_values import range_and_unit
from app.services.database import register_check
from app.services.reasons import reason as audit_reason
from app.services.uow import UnitOfWork
from app.services.users import require_role
from app.text import Message, msg
from app.toxicity.labs import lab_kind, lab_kinds, normalise_unit

TEXT_KEYS = ("hospital_name", "hospital_name_zh", "clinic_name", "clinic_name_zh", "clinic_phone")
ENCODINGS = ("utf-8", "gb18030")
_ENCODING_NAMES = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "gb18030": "gb18030",
    # GBK and GB2312 are subsets of GB18030: a file in either reads the same as GB18030.
    "gbk": "gb18030",
    "gb2312": "gb18030",
}
MAP_KEYS = {"lab_codes": "lab_code", "lab_columns": "lab_column", "reference_ranges": "reference_range"}
FLAG_KEYS = ("paper_bilingual",)
KEYS = (*TEXT_KEYS, "lab_file_encoding", *FLAG_KEYS, *MAP_KEYS)
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")

#: The columns of a laboratory's CSV or Excel export DoseDesk reads, and their headers until a site sets its own.
LAB_COLUMN_FIELDS = (
    "hospital_number",
    "test_code",
    "value",
    "unit",
    "reference_range",
    "low",
    "high",
    "collected",
    "reported",
    "accession",
)
REQUIRED_COLUMNS = ("hospital_number", "test_code", "value", "collected")
DEFAULT_COLUMNS: Mapping[str, str] = {
    "hospital_number": "Hospital number",
    "test_code": "Test code",
    "value": "Result",
    "unit": "Unit",
    "reference_range": "Reference range",
    "low": "Low",
    "high": "High",
    "collected": "Collected",
    "reported": "Reported",
    "accession": "Accession number",
}

_PHONE = re.compile(r"^\+?[0-9(][0-9 ()./-]*[0-9](?:\s*(?:ext\.?|x|#|转|分机)\s*[0-9]{1,6})?$", re.IGNORECASE)
_PHONE_DIGITS = (5, 20)
_WORDS: dict[str, Message] = {
    "hospital_name": msg("The hospital's name"),
    "hospital_name_zh": msg("The hospital's Chinese name"),
    "clinic_name": msg("The clinic's name"),
    "clinic_name_zh": msg("The clinic's Chinese name"),
    "clinic_phone": msg("The clinic's phone number"),
}


# --- what the settings hold ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabCode:
    """A laboratory test code and the DoseDesk lab it reports; `unit`: the unit the laboratory uses for it when
    its files leave the unit out (None: the file must say). `source`: "site" (the code map) or "loinc"."""

    code: str
    lab: str
    unit: str | None = None
    source: str = "site"
    name: str = ""
    sure: bool = True


@dataclass(frozen=True)
class ReferenceRange:
    """The laboratory's normal range of `lab` in `unit` (either end may be open; a lower limit of 0 is allowed)."""

    lab: str
    unit: str
    lln: Decimal | None
    uln: Decimal | None


@dataclass(frozen=True)
class SiteSettings:
    """Every site setting, checked, with the defaults filled in ("" for a name or phone not set)."""

    hospital_name: str = ""
    hospital_name_zh: str = ""
    clinic_name: str = ""
    clinic_name_zh: str = ""
    clinic_phone: str = ""
    lab_file_encoding: str = "utf-8"
    paper_bilingual: bool = False
    lab_codes: tuple[LabCode, ...] = ()
    lab_columns: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    reference_ranges: tuple[ReferenceRange, ...] = ()

    def clinic_name_for(self, language: str) -> str:
        """The clinic's name in `language` ("zh": the Chinese name when set), else the other one."""
        if language == "zh":
            return self.clinic_name_zh or self.clinic_name
        return self.clinic_name or self.clinic_name_zh

    def hospital_name_for(self, language: str) -> str:
        if language == "zh":
            return self.hospital_name_zh or self.hospital_name
        return self.hospital_name or self.hospital_name_zh

    def site_code(self, code: str) -> LabCode | None:
        wanted = _code_key(code)
        return next((entry for entry in self.lab_codes if _code_key(entry.code) == wanted), None)

    def reference_range(self, lab: str, unit: str) -> ReferenceRange | None:
        """The site's range of `lab` in `unit`; from another unit of the same lab when it converts exactly."""
        wanted = normalise_unit(unit)
        ranges = [entry for entry in self.reference_ranges if entry.lab == lab]
        for entry in ranges:
            if normalise_unit(entry.unit) == wanted:
                return ReferenceRange(lab, unit, entry.lln, entry.uln)
        kind = lab_kinds().get(lab)
        if kind is None or wanted not in kind.factors:
            return None
        for entry in ranges:
            low = _convert(entry.lln, kind.factor(entry.unit), kind.factors[wanted])
            high = _convert(entry.uln, kind.factor(entry.unit), kind.factors[wanted])
            if (entry.lln is None or low is not None) and (entry.uln is None or high is not None):
                return ReferenceRange(lab, unit, low, high)
        return None


def _convert(value: Decimal | None, from_factor: Decimal, to_factor: Decimal) -> Decimal | None:
    """`value` from one unit to another of the same lab, when the result is exact (else None)."""
    if value is None:
        return None
    si = value * from_factor
    converted = si / to_factor
    if converted * to_factor != si or len(converted.normalize().as_tuple().digits) > 12:
        return None
    return _tidy(converted)


def _tidy(number: Decimal) -> Decimal:
    """`number` without trailing zeros or an exponent ("21.00" → 21, "1.5E+3" → 1500)."""
    normal = number.normalize()
    return Decimal(format(normal, "f")) if normal != 0 else Decimal(0)


def _code_key(code: str) -> str:
    return code.strip().casefold()


# --- LOINC -----------------------------------------------------------------------------------------------


@cache
def loinc_codes() -> tuple[LabCode, ...]:
    """The LOINC codes DoseDesk knows out of the box (resources/labs/loinc.toml), checked once."""
    file = resources_dir() / "labs" / "loinc.toml"
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    found: list[LabCode] = []
    seen: set[str] = set()
    for entry in data["codes"]:
        code, lab = str(entry["code"]), str(entry["lab"])
        if lab not in lab_kinds() or code in seen or not re.fullmatch(r"\d{1,7}-\d", code):
            raise InputError(
                msg(
                    "{file}: the LOINC code {code} is listed twice, or not for a lab DoseDesk knows",
                    file=file.name,
                    code=repr(code),
                )
            )
        seen.add(code)
        found.append(LabCode(code, lab, None, "loinc", str(entry.get("name", "")), bool(entry.get("sure"))))
    return tuple(found)


def lab_code_for(settings: SiteSettings, code: str, system: str | None = None) -> LabCode | None:
    """The lab a laboratory's test code reports: the site's code map first, then DoseDesk's LOINC codes (when
    the code says it is LOINC, or says nothing of its coding system). None when neither knows it."""
    site = settings.site_code(code)
    if site is not None:
        return site
    if system and system.strip().upper() not in ("LN", "LOINC", "HTTP://LOINC.ORG"):
        return None
    wanted = code.strip()
    return next((entry for entry in loinc_codes() if entry.code == wanted), None)


# --- checking a value ------------------------------------------------------------------------------------


def _phone(value: str) -> str:
    text = inputs.name_text(value, _WORDS["clinic_phone"], limit=40)
    digits = sum(character.isdigit() for character in text)
    if text and (not _PHONE.match(text) or not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]):
        raise InputError(
            msg(
                "{phone} is not a phone number: write digits, spaces, dashes and brackets, with + for the "
                "country code if needed (like +86 20 8734 3088 or 020-8734 3088).",
                phone=shown(text),
            )
        )
    return text


def _encoding(value: str) -> str:
    name = (value or "").strip().lower().replace("_", "-") or "utf-8"
    found = _ENCODING_NAMES.get(name)
    if found is None:
        raise InputError(
            msg(
                "{encoding} is not an encoding DoseDesk reads laboratory files in; use utf-8 or gb18030.",
                encoding=shown(value),
            )
        )
    return found


def _flag(value: Any) -> bool | None:
    """A yes/no setting: true or false (yes/no, on/off, 1/0); None (empty) for its default, false."""
    if value is None or isinstance(value, bool):
        return value or None
    words = str(value).strip().lower()
    if words in ("", *_FALSE):
        return None
    if words in _TRUE:
        return True
    raise InputError(msg("{value} is not true or false.", value=shown(str(value))))


def _lab(name: str) -> str:
    key = (name or "").strip().lower()
    lab_kind(key)  # refuses an unknown lab, naming those it knows
    return key


def _unit(lab: str, unit: str) -> str:
    text = inputs.identifier(unit, msg("The unit"), limit=32)
    lab_kind(lab).factor(text)  # refuses a unit DoseDesk does not know for this lab
    return text


def _code_entry(code: str, value: Any) -> dict[str, str | None]:
    """One entry of the code map, from "LAB [UNIT]" or {"lab": …, "unit": …}."""
    checked_code = inputs.identifier(code, msg("The laboratory's test code"), limit=MAX_IDENTIFIER)
    if not checked_code:
        raise InputError(msg("Give the laboratory's test code."))
    if isinstance(value, Mapping):
        lab_text, unit_text = str(value.get("lab") or ""), value.get("unit")
    else:
        words = str(value).split(None, 1)
        lab_text, unit_text = (words[0] if words else ""), (words[1] if len(words) > 1 else None)
    lab = _lab(lab_text)
    unit = _unit(lab, str(unit_text)) if unit_text not in (None, "") else None
    return {"lab": lab, "unit": unit}


def _column_entry(field_name: str, value: Any) -> str:
    if field_name not in LAB_COLUMN_FIELDS:
        raise InputError(
            msg(
                "{field} is not a column DoseDesk reads; the columns are: {fields}.",
                field=shown(field_name),
                fields=", ".join(LAB_COLUMN_FIELDS),
            )
        )
    header = inputs.name_text(
        value if isinstance(value, str) else str(value), msg("A column header"), limit=MAX_NAME
    )
    return header


def _range_entry(lab_name: str, value: Any) -> tuple[str, dict[str, str | None]]:
    """One reference range, from "LOW-HIGH UNIT" or {"unit": …, "lln": …, "uln": …}: (unit, limits)."""
    lab = _lab(lab_name)
    kind = lab_kind(lab)
    if isinstance(value, Mapping):
        unit_text = str(value.get("unit") or "")
        low = (
            None if value.get("lln") in (None, "") else inputs.plausible_decimal(value["lln"], msg("The LLN"))
        )
        high = (
            None if value.get("uln") in (None, "") else inputs.plausible_decimal(value["uln"], msg("The ULN"))
        )
    else:
        low, high, unit_text = range_and_unit(str(value))
    unit = _unit(lab, unit_text)
    if low is None and high is None:
        raise InputError(msg("Give the reference range's low end, its high end, or both."))
    for limit, what in (
        (low, msg("the lower limit of normal of {lab},", lab=kind.name)),
        (high, msg("the upper limit of normal of {lab},", lab=kind.name)),
    ):
        if limit is not None:
            kind.check_value(limit, unit, what)
    if high is not None and high == 0:
        raise InputError(msg("the upper limit of normal of {lab} cannot be 0", lab=kind.name))
    if low is not None and high is not None and low >= high:
        raise InputError(
            msg(
                "The range of {lab} is upside down: its low end {low} must be below its high end {high}.",
                lab=kind.name,
                low=str(low),
                high=str(high),
            )
        )
    return unit, {
        "lln": None if low is None else str(_tidy(low)),
        "uln": None if high is None else str(_tidy(high)),
    }


def _check_value(key: str, value: Any) -> Any:
    """The JSON value to store for `key` (whole), checked; None for "not set"."""
    if key in TEXT_KEYS:
        if value is None:
            return None
        if not isinstance(value, str):
            raise InputError(msg("{what} must be text.", what=_WORDS[key]))
        checked = (
            _phone(value) if key == "clinic_phone" else inputs.name_text(value, _WORDS[key], limit=MAX_NAME)
        )
        return checked or None
    if key == "lab_file_encoding":
        return None if value in (None, "") else _encoding(str(value))
    if key in FLAG_KEYS:
        return _flag(value)
    if value in (None, ""):
        return None
    if not isinstance(value, Mapping):
        raise InputError(msg("{key} is set as a JSON object, or one entry at a time.", key=key))
    if key == "lab_codes":
        codes = {str(code).strip(): _code_entry(str(code), entry) for code, entry in value.items()}
        if len({_code_key(code) for code in codes}) != len(codes):
            raise InputError(msg("The code map names a test code twice (codes are matched ignoring case)."))
        return dict(sorted(codes.items())) or None
    if key == "lab_columns":
        columns = {str(name): _column_entry(str(name), header) for name, header in value.items()}
        headers = [header.casefold() for header in {**DEFAULT_COLUMNS, **columns}.values() if header]
        if len(headers) != len(set(headers)):
            raise InputError(msg("Two columns have the same header: each column needs a header of its own."))
        missing = [name for name in REQUIRED_COLUMNS if not {**DEFAULT_COLUMNS, **columns}.get(name)]
        if missing:
            raise InputError(msg("These columns need a header: {fields}.", fields=", ".join(missing)))
        return dict(sorted(columns.items())) or None
    ranges: dict[str, dict[str, dict[str, str | None]]] = {}
    for lab, by_unit in value.items():
        if not isinstance(by_unit, Mapping):
            raise InputError(msg("Each lab's ranges are an object of unit → limits."))
        for unit, limits in by_unit.items():
            entry = dict(limits) if isinstance(limits, Mapping) else {}
            checked_unit, unit_limits = _range_entry(str(lab), {**entry, "unit": unit})
            ranges.setdefault(_lab(str(lab)), {})[checked_unit] = unit_limits
    return {lab: dict(sorted(units.items())) for lab, units in sorted(ranges.items())} or None


# --- reading ---------------------------------------------------------------------------------------------


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _stored(session: Session) -> dict[str, SiteSetting]:
    return {row.key: row for row in session.execute(select(SiteSetting)).scalars()}


def _loaded(rows: Mapping[str, SiteSetting]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, row in rows.items():
        if key in KEYS:
            try:
                values[key] = json.loads(row.value)
            except ValueError:
                values[key] = None  # named by the 'site settings' check
    return values


def read_settings(session: Session) -> SiteSettings:
    """The site settings as the session sees them (a service reading them inside its own work)."""
    values = _loaded(_stored(session))
    codes = tuple(
        LabCode(code, str(entry["lab"]), entry.get("unit"))
        for code, entry in sorted((values.get("lab_codes") or {}).items())
        if isinstance(entry, Mapping) and entry.get("lab") in lab_kinds()
    )
    ranges = tuple(
        ReferenceRange(
            lab,
            unit,
            None if limits.get("lln") is None else Decimal(str(limits["lln"])),
            None if limits.get("uln") is None else Decimal(str(limits["uln"])),
        )
        for lab, by_unit in sorted((values.get("reference_ranges") or {}).items())
        for unit, limits in sorted(by_unit.items())
        if isinstance(limits, Mapping)
    )
    return SiteSettings(
        **{key: str(values.get(key) or "") for key in TEXT_KEYS},
        lab_file_encoding=str(values.get("lab_file_encoding") or "utf-8"),
        paper_bilingual=values.get("paper_bilingual") is True,
        lab_codes=codes,
        lab_columns={**DEFAULT_COLUMNS, **(values.get("lab_columns") or {})},
        reference_ranges=ranges,
    )


def site_settings(uow: UnitOfWork) -> SiteSettings:
    """Every site setting (anyone may read them: the paper, the lab form and the import use them)."""
    with uow:
        return read_settings(uow.session)


def reference_range_for(uow: UnitOfWork, lab: str, unit: str) -> ReferenceRange | None:
    """The site's reference range of `lab` in `unit`, the LLN and ULN a lab form offers as its defaults (None:
    the site has none for that lab, or none that converts exactly into `unit`)."""
    with uow:
        return read_settings(uow.session).reference_range(lab, unit)


@dataclass(frozen=True)
class SettingRow:
    """One key as `settings show` prints it: its value (JSON-ready), whether it is the default, when changed."""

    key: str
    value: Any
    is_default: bool
    changed_at: datetime | None


def _shown_value(key: str, settings: SiteSettings) -> Any:
    if key in TEXT_KEYS:
        return getattr(settings, key)
    if key == "lab_file_encoding":
        return settings.lab_file_encoding
    if key in FLAG_KEYS:
        return bool(getattr(settings, key))
    if key == "lab_codes":
        return {entry.code: {"lab": entry.lab, "unit": entry.unit} for entry in settings.lab_codes}
    if key == "lab_columns":
        return dict(settings.lab_columns)
    ranges: dict[str, dict[str, dict[str, str | None]]] = {}
    for entry in settings.reference_ranges:
        ranges.setdefault(entry.lab, {})[entry.unit] = {
            "lln": None if entry.lln is None else str(entry.lln),
            "uln": None if entry.uln is None else str(entry.uln),
        }
    return ranges


def setting_rows(uow: UnitOfWork) -> list[SettingRow]:
    with uow:
        session = uow.session
        rows = _stored(session)
        settings = read_settings(session)
        values = _loaded(rows)
        return [
            SettingRow(
                key,
                _shown_value(key, settings),
                values.get(key) is None,
                rows[key].changed_at if key in rows else None,
            )
            for key in KEYS
        ]


# --- changing --------------------------------------------------------------------------------------------


def _parse_whole(key: str, value: str) -> Any:
    """The whole value of `key` from the text typed: plain text for a name, JSON for a map."""
    if key in MAP_KEYS:
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except ValueError:
            entry = MAP_KEYS[key]
            raise InputError(
                msg(
                    "{key} is set as a JSON object, or one entry at a time with {entry}.NAME VALUE.",
                    key=key,
                    entry=entry,
                )
            ) from None
    return value


def _split_key(key: str) -> tuple[str, str | None]:
    """("lab_codes", "NEUT") for "lab_code.NEUT"; ("clinic_phone", None) for a whole key; refused otherwise."""
    text = inputs.identifier(key, msg("The setting"), limit=MAX_IDENTIFIER + 32)
    name, dot, entry = text.partition(".")
    for whole, single in MAP_KEYS.items():
        if dot and name == single:
            if not entry:
                break
            return whole, entry
    if not dot and text in KEYS:
        return text, None
    raise InputError(
        msg(
            "{key} is not a site setting; the settings are: {keys} (and lab_code.CODE, lab_column.FIELD, "
            "reference_range.LAB).",
            key=shown(key),
            keys=", ".join(KEYS),
        )
    )


def set_setting(uow: UnitOfWork, key: str, value: str) -> SettingRow:
    """Set one setting (an administrator): a whole key, or one entry of a map (`lab_code.CODE`,
    `lab_column.FIELD`, `reference_range.LAB`). An empty value sets the key back to its default, or removes the
    entry. Refused, with nothing changed, when the value is not one the key can hold."""
    return set_settings(uow, [(key, value)])[0]


def set_settings(uow: UnitOfWork, changes: Sequence[tuple[str, str]]) -> list[SettingRow]:
    """Set several settings as one unit of work (the Admin screen's Save): each as `set_setting` would, in
    order; when any is refused, none is changed. Returns each key's row after the change."""
    keys = [_split_key(key) for key, _value in changes]
    if not all(isinstance(value, str) for _key, value in changes):
        raise InputError(msg("A setting's value is text."))
    with uow:
        session = uow.session
        user = require_role(session, uow.user, Role.ADMIN)
        changed: dict[str, SiteSetting] = {}
        for (whole, entry), (_key, value) in zip(keys, changes, strict=True):
            rows = _stored(session)
            current = _loaded(rows).get(whole)
            if entry is None:
                new = _check_value(whole, _parse_whole(whole, value))
            else:
                new = _with_entry(whole, dict(current or {}), entry, value)
            text_value = _canonical(new)
            row = rows.get(whole)
            if row is None or row.value != text_value:
                with uow.acting(user, audit_reason("site_setting_changed", key=whole)):
                    if row is None:
                        row = SiteSetting(key=whole, value=text_value, changed_at=uow.now())
                        session.add(row)
                    else:
                        row.value = text_value
                        row.changed_at = uow.now()
                    session.flush()
            changed[whole] = row
        settings = read_settings(session)
        values = _loaded(_stored(session))
        results = [
            SettingRow(
                whole, _shown_value(whole, settings), values.get(whole) is None, changed[whole].changed_at
            )
            for whole, _entry in keys
        ]
        uow.commit()
        return results


def _with_entry(whole: str, current: dict[str, Any], entry: str, value: str) -> Any:
    """The map `whole` with `entry` set to `value` (removed when `value` is empty), checked whole."""
    if whole == "lab_codes":
        for code in [code for code in current if _code_key(code) == _code_key(entry)]:
            del current[code]
        if value.strip():
            current[entry.strip()] = _code_entry(entry, value)
    elif whole == "lab_columns":
        header = _column_entry(entry, value)
        if header:
            current[entry] = header
        else:
            current.pop(entry, None)
    else:
        lab = _lab(entry)
        if value.strip():
            unit, limits = _range_entry(lab, value)
            units = {
                name: limit
                for name, limit in dict(current.get(lab) or {}).items()
                if normalise_unit(name) != normalise_unit(unit)
            }
            current[lab] = {**units, unit: limits}
        else:
            current.pop(lab, None)
    return _check_value(whole, current)


# --- the check -------------------------------------------------------------------------------------------


@register_check("site settings", order=60)
def settings_problems(session: Session) -> list[str]:
    """Every stored setting still reads as a value its key can hold, and the table's guard is in place."""
    problems: list[str] = []
    for key, row in _stored(session).items():
        if key not in KEYS:
            problems.append(msg("The site settings hold an unknown key {key}.", key=shown(key)))
            continue
        try:
            _check_value(key, json.loads(row.value))
        except (ValueError, InputError):
            problems.append(msg("The site setting {key} holds a value it cannot hold.", key=key))
    dialect = session.get_bind().dialect.name
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'site_settings_no_delete'"
        if dialect == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE tgname = 'site_settings_no_delete' AND tgenabled <> 'D'"
    )
    if session.execute(text(query)).first() is None:
        problems.append(
            msg("The database guard {name} is missing or disabled.", name="site_settings_no_delete")
        )
    return problems
