"""Laboratory results: the lab keys, their units and conversion to SI, and the dated `LabResult`.

The accepted units and factors live in `resources/ctcae/lab-units.toml`. Conversion is a multiplication by an
exact Decimal factor, so comparing two values converted with the same factor gives the same answer as comparing
them in the unit they were written in.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Final

from app.dosing.format import format_number
from app.errors import InputError
from app.inputs import is_computable, shown
from app.paths import resources_dir
from app.text import msg

LAB_KEYS: Final = (
    "neutrophils",
    "platelets",
    "hemoglobin",
    "wbc",
    "lymphocytes",
    "ast",
    "alt",
    "alp",
    "bilirubin",
    "creatinine",
)

# Labs read at screening only (the eligibility criteria): not on the visit lab form, not graded by CTCAE.
SCREENING_LAB_KEYS: Final = ("albumin", "inr", "aptt", "urine_protein_24h")

# The labs' names in words, as lab-units.toml writes them, so that a sentence naming a lab is said in the
# window's language; a name the file words otherwise is shown as the file writes it.
_NAMES: Final = {
    str(name): name
    for name in (
        msg("neutrophil count (ANC)"),
        msg("platelet count"),
        msg("white blood cell count"),
        msg("lymphocyte count"),
        msg("haemoglobin"),
        msg("ALT"),
        msg("AST"),
        msg("alkaline phosphatase"),
        msg("total bilirubin"),
        msg("creatinine"),
        msg("serum albumin"),
        msg("INR"),
        msg("APTT"),
        msg("24-hour urine protein"),
    )
}

_SUPERSCRIPTS: Final = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁹": "9"}


def units_file() -> Path:
    return resources_dir() / "ctcae" / "lab-units.toml"


def normalise_unit(unit: str) -> str:
    """A unit spelling reduced for matching: no spaces or case, µ/μ as u, × as x, superscripts as ^n."""
    text = "".join(unit.split()).lower().replace("µ", "u").replace("μ", "u").replace("×", "x")
    out: list[str] = []
    in_power = False
    for char in text:
        digit = _SUPERSCRIPTS.get(char)
        if digit is not None and not in_power:
            out.append("^")
        out.append(digit if digit is not None else char)
        in_power = digit is not None
    return "".join(out)


@dataclass(frozen=True)
class LabKind:
    """One lab: its key, its name in words, its SI unit and the units accepted for it."""

    key: str
    name: str
    si_unit: str
    display_unit: str
    max_si: Decimal
    factors: dict[str, Decimal]  # normalised spelling -> factor to SI
    unit_names: tuple[str, ...]  # the spellings as written in the data file, for messages

    def factor(self, unit: str) -> Decimal:
        """The factor turning a value in `unit` into SI; an unknown unit is refused."""
        found = self.factors.get(normalise_unit(unit))
        if found is None:
            raise InputError(
                msg(
                    "{unit} is not a unit DoseDesk accepts for {lab}; use one of: {units}",
                    unit=repr(unit),
                    lab=self.name,
                    units=", ".join(self.unit_names),
                )
            )
        return found

    def to_si(self, value: Decimal, unit: str) -> Decimal:
        return value * self.factor(unit)

    def show_si(self, value_si: Decimal) -> str:
        """`value_si` with its SI unit in words, e.g. ``1.5 ×10⁹/L``."""
        return f"{format_number(value_si)} {self.display_unit}".rstrip()

    def check_value(self, value: Decimal, unit: str, what: str = "") -> Decimal:
        """`value` in SI after refusing a value no patient can have; `what` names it (e.g. "the ULN")."""
        label = what or msg("a {lab} of", lab=self.name)
        if not value.is_finite():
            raise InputError(msg("{what} {value} is not a number", what=label, value=str(value)))
        if not is_computable(value):
            raise InputError(
                msg(
                    "{what} {value} {unit} is not a plausible value; check the value and its unit",
                    what=label,
                    value=shown(str(value)),
                    unit=unit,
                )
            )
        if value < 0:
            raise InputError(
                msg(
                    "{what} {value} {unit} is impossible: it cannot be negative",
                    what=label,
                    value=format_number(value),
                    unit=unit,
                )
            )
        value_si = self.to_si(value, unit)
        if value_si > self.max_si:
            raise InputError(
                msg(
                    "{what} {value} {unit} is impossible (above {most}); check the value and its unit",
                    what=label,
                    value=format_number(value),
                    unit=unit,
                    most=self.show_si(self.max_si),
                )
            )
        return value_si


def _decimal(file: Path, where: str, raw: Any) -> Decimal:
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        raise InputError(
            msg("{file}: {where} is not a number: {value}", file=file.name, where=where, value=repr(raw))
        ) from None
    if not number.is_finite() or number <= 0:
        raise InputError(
            msg(
                "{file}: {where} must be a positive number, not {value}",
                file=file.name,
                where=where,
                value=repr(raw),
            )
        )
    return number


@cache
def lab_kinds() -> dict[str, LabKind]:
    """Every lab DoseDesk reads, by key, from lab-units.toml (read once)."""
    file = units_file()
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    families: dict[str, Any] = data["families"]
    kinds: dict[str, LabKind] = {}
    for key, lab in data["labs"].items():
        family = families[lab["family"]]
        factors: dict[str, Decimal] = {}
        names: list[str] = []
        for group in family["units"]:
            factor = _decimal(file, f"families.{lab['family']}.units factor", group["factor"])
            names.extend(group["names"])
            for name in [*group["names"], *group.get("aliases", [])]:
                spelling = normalise_unit(name)
                if spelling in factors and factors[spelling] != factor:
                    raise InputError(
                        msg(
                            "{file}: unit {unit} is listed twice with different factors",
                            file=file.name,
                            unit=repr(name),
                        )
                    )
                factors[spelling] = factor
        if factors.get(normalise_unit(family["si"])) != Decimal(1):
            raise InputError(
                msg(
                    "{file}: the SI unit of {family} must have factor 1", file=file.name, family=lab["family"]
                )
            )
        kinds[key] = LabKind(
            key=key,
            name=_NAMES.get(lab["name"], lab["name"]),
            si_unit=family["si"],
            display_unit=family["display"],
            max_si=_decimal(file, f"labs.{key}.max", lab["max"]),
            factors=factors,
            unit_names=tuple(names),
        )
    if set(kinds) != {*LAB_KEYS, *SCREENING_LAB_KEYS}:
        raise InputError(
            msg(
                "{file}: must describe exactly the labs {labs}",
                file=file.name,
                labs=", ".join((*LAB_KEYS, *SCREENING_LAB_KEYS)),
            )
        )
    return kinds


def lab_kind(lab: str) -> LabKind:
    """The lab named by its key (neutrophils, platelets, …); an unknown key is refused."""
    found = lab_kinds().get(lab)
    if found is None:
        raise InputError(
            msg(
                "{lab} is not a lab DoseDesk knows; use one of: {labs}",
                lab=repr(lab),
                labs=", ".join((*LAB_KEYS, *SCREENING_LAB_KEYS)),
            )
        )
    return found


@dataclass(frozen=True)
class LabResult:
    """One dated laboratory result as the laboratory reported it, with its normal range when given.

    `lln` and `uln` are in the same `unit` as `value`. Constructing one checks it: an unknown lab or unit,
    a negative or impossible value, or a normal range upside down is refused with an `InputError`.
    """

    lab: str
    value: Decimal
    unit: str
    taken: date
    lln: Decimal | None = None
    uln: Decimal | None = None

    def __post_init__(self) -> None:
        kind = lab_kind(self.lab)
        kind.check_value(self.value, self.unit)
        # A lower limit of 0 is a real laboratory range (total bilirubin 0–21 µmol/L); an upper limit of 0 is not.
        if self.lln is not None:
            kind.check_value(self.lln, self.unit, msg("the lower limit of normal of {lab},", lab=kind.name))
        if self.uln is not None:
            kind.check_value(self.uln, self.unit, msg("the upper limit of normal of {lab},", lab=kind.name))
            if self.uln == 0:
                raise InputError(msg("the upper limit of normal of {lab} cannot be 0", lab=kind.name))
        if self.lln is not None and self.uln is not None and self.lln >= self.uln:
            raise InputError(
                msg(
                    "the normal range of {lab} is upside down: LLN {lln} is not below ULN {uln} {unit}",
                    lab=kind.name,
                    lln=format_number(self.lln),
                    uln=format_number(self.uln),
                    unit=self.unit,
                )
            )

    @property
    def kind(self) -> LabKind:
        return lab_kind(self.lab)

    @property
    def value_si(self) -> Decimal:
        return self.kind.to_si(self.value, self.unit)

    @property
    def lln_si(self) -> Decimal | None:
        return None if self.lln is None else self.kind.to_si(self.lln, self.unit)

    @property
    def uln_si(self) -> Decimal | None:
        return None if self.uln is None else self.kind.to_si(self.uln, self.unit)
