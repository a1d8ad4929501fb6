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
from app.paths import resources_dir

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
                f"{unit!r} is not a unit DoseDesk accepts for {self.name}; use one of: "
                + ", ".join(self.unit_names)
            )
        return found

    def to_si(self, value: Decimal, unit: str) -> Decimal:
        return value * self.factor(unit)

    def show_si(self, value_si: Decimal) -> str:
        """`value_si` with its SI unit in words, e.g. ``1.5 ×10⁹/L``."""
        return f"{format_number(value_si)} {self.display_unit}"

    def check_value(self, value: Decimal, unit: str, what: str = "") -> Decimal:
        """`value` in SI after refusing a value no patient can have; `what` names it (e.g. "the ULN")."""
        label = what or f"a {self.name} of"
        if not value.is_finite():
            raise InputError(f"{label} {value} is not a number")
        if value < 0:
            raise InputError(f"{label} {format_number(value)} {unit} is impossible: it cannot be negative")
        value_si = self.to_si(value, unit)
        if value_si > self.max_si:
            raise InputError(
                f"{label} {format_number(value)} {unit} is impossible (above {self.show_si(self.max_si)});"
                " check the value and its unit"
            )
        return value_si


def _decimal(file: Path, where: str, raw: Any) -> Decimal:
    try:
        number = Decimal(str(raw))
    except InvalidOperation:
        raise InputError(f"{file.name}: {where} is not a number: {raw!r}") from None
    if not number.is_finite() or number <= 0:
        raise InputError(f"{file.name}: {where} must be a positive number, not {raw!r}")
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
                    raise InputError(f"{file.name}: unit {name!r} is listed twice with different factors")
                factors[spelling] = factor
        if factors.get(normalise_unit(family["si"])) != Decimal(1):
            raise InputError(f"{file.name}: the SI unit of {lab['family']} must have factor 1")
        kinds[key] = LabKind(
            key=key,
            name=lab["name"],
            si_unit=family["si"],
            display_unit=family["display"],
            max_si=_decimal(file, f"labs.{key}.max", lab["max"]),
            factors=factors,
            unit_names=tuple(names),
        )
    if set(kinds) != set(LAB_KEYS):
        raise InputError(f"{file.name}: must describe exactly the labs {', '.join(LAB_KEYS)}")
    return kinds


def lab_kind(lab: str) -> LabKind:
    """The lab named by its key (neutrophils, platelets, …); an unknown key is refused."""
    found = lab_kinds().get(lab)
    if found is None:
        raise InputError(f"{lab!r} is not a lab DoseDesk knows; use one of: {', '.join(LAB_KEYS)}")
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
        for label, limit in (("lower limit of normal", self.lln), ("upper limit of normal", self.uln)):
            if limit is not None:
                kind.check_value(limit, self.unit, f"the {label} of {kind.name},")
                if limit == 0:
                    raise InputError(f"the {label} of {kind.name} cannot be 0")
        if self.lln is not None and self.uln is not None and self.lln >= self.uln:
            raise InputError(
                f"the normal range of {kind.name} is upside down: LLN {format_number(self.lln)}"
                f" is not below ULN {format_number(self.uln)} {self.unit}"
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
