"""Reading a laboratory's numbers and reference ranges as its systems write them, and never guessing.

    lab_number("1,234.5")        -> Decimal("1234.5")     both separators: the last one is the decimal point
    lab_number("0,8")            -> Decimal("0.8")        a decimal comma (a thousands group has three digits)
    lab_number("1,234")          -> AmbiguousNumber       1234 or 1.234: DoseDesk will not choose
    lab_number(">1000")          -> NotANumber            beyond the measuring range: not a value to grade
    reference_range("0-21")      -> (Decimal("0"), Decimal("21"))
    reference_range("<40")       -> (None, Decimal("40"))
    range_and_unit("0-21 µmol/L") -> (Decimal("0"), Decimal("21"), "µmol/L")

Shared by the site settings (reference ranges typed by an administrator) and the lab import (values and ranges
read from files). A number DoseDesk cannot read for certain is refused with the reason, in words.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.errors import InputError
from app.inputs import is_plausible, shown
from app.text import msg


class NotANumber(InputError):
    """The laboratory wrote something else than a number ("see note", "溶血", ">1000")."""


class AmbiguousNumber(InputError):
    """A number that reads two ways ("1,234": one thousand two hundred and thirty-four, or 1.234)."""


_PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:[,.]\d{3})+")
_CENSORED = re.compile(r"^\s*(?:[<>≤≥]=?|=<|=>)\s*[\d.,]+\s*$")
_RANGE_SEPARATOR = r"(?:-|–|—|~|～|to)"
_NUMBER_TEXT = r"[\d.,]+"
_RANGE = re.compile(
    rf"^\s*[(\[]?\s*(?P<low>{_NUMBER_TEXT})\s*{_RANGE_SEPARATOR}\s*(?P<high>{_NUMBER_TEXT})\s*[)\]]?\s*$"
)
_BOUND = re.compile(rf"^\s*[(\[]?\s*(?P<op><=|>=|=<|=>|<|>|≤|≥)\s*(?P<limit>{_NUMBER_TEXT})\s*[)\]]?\s*$")
_RANGE_AND_UNIT = re.compile(
    rf"^\s*(?P<range>(?:<=|>=|<|>|≤|≥)\s*{_NUMBER_TEXT}|{_NUMBER_TEXT}\s*{_RANGE_SEPARATOR}\s*{_NUMBER_TEXT})"
    r"\s*(?P<unit>.*?)\s*$"
)


def lab_number(text: str) -> Decimal:
    """The number a laboratory wrote, with its thousands separators and decimal comma read where that is
    certain; NotANumber for text or a value beyond the measuring range, AmbiguousNumber when it reads two ways."""
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise NotANumber(msg("there is no value"))
    if _CENSORED.match(raw):
        raise NotANumber(
            msg(
                "{value} is beyond what the laboratory could measure, not a value DoseDesk can grade",
                value=shown(raw),
            )
        )
    sign = ""
    body = raw
    if body[0] in "+-":
        sign, body = ("-" if body[0] == "-" else ""), body[1:]
    if not body or not set(body) <= set("0123456789.,"):
        raise NotANumber(msg("{value} is not a number", value=shown(raw)))
    plain = _plain(body, raw)
    try:
        number = Decimal(sign + plain)
    except InvalidOperation:  # pragma: no cover - _plain lets only digits and one point through
        raise NotANumber(msg("{value} is not a number", value=shown(raw))) from None
    if not is_plausible(number):
        raise NotANumber(msg("{value} is not a plausible number", value=shown(raw)))
    return number


def _plain(body: str, raw: str) -> str:
    """`body` (digits, commas, points) as digits with at most one decimal point."""
    commas, points = body.count(","), body.count(".")
    if commas and points:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _, fraction = body.rpartition(decimal_mark)
        if body.count(decimal_mark) != 1 or not fraction.isdigit() or not _GROUPED.fullmatch(whole):
            raise NotANumber(msg("{value} is not a number", value=shown(raw)))
        if grouping in fraction:  # pragma: no cover - rpartition keeps the fraction free of marks
            raise NotANumber(msg("{value} is not a number", value=shown(raw)))
        return whole.replace(grouping, "") + "." + fraction
    if commas or points > 1:
        mark = "," if commas else "."
        parts = body.split(mark)
        if len(parts) > 2:  # 1,234,567 or 1.234.567: thousands groups only
            if not _GROUPED.fullmatch(body):
                raise NotANumber(msg("{value} is not a number", value=shown(raw)))
            return body.replace(mark, "")
        whole, fraction = parts
        if not whole.isdigit() or not fraction.isdigit():
            raise NotANumber(msg("{value} is not a number", value=shown(raw)))
        if len(fraction) == 3 and len(whole) <= 3 and whole != "0":
            raise AmbiguousNumber(
                msg(
                    "{value} reads two ways (thousands, or a decimal comma): the laboratory must write it "
                    "without a thousands separator",
                    value=shown(raw),
                )
            )
        return whole + "." + fraction  # a decimal comma: a thousands group has three digits
    if not _PLAIN.fullmatch(body):
        raise NotANumber(msg("{value} is not a number", value=shown(raw)))
    return body


def reference_range(text: str) -> tuple[Decimal | None, Decimal | None]:
    """A reference range as a laboratory writes it ("3.5-5.0", "0–21", "<40", "≥60", "(1.8~6.3)") as (low, high);
    (None, None) for no range. Refused: anything else, or a range upside down."""
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        return None, None
    found = _RANGE.match(raw)
    if found is not None:
        low, high = lab_number(found["low"]), lab_number(found["high"])
        if low >= high:
            raise InputError(
                msg(
                    "the reference range {range} is upside down: its low end must be below its high end",
                    range=shown(raw),
                )
            )
        return low, high
    bound = _BOUND.match(raw)
    if bound is not None:
        limit = lab_number(bound["limit"])
        return (None, limit) if bound["op"] in ("<", "<=", "=<", "≤") else (limit, None)
    raise InputError(msg("{range} is not a reference range such as 3.5-5.0, 0-21 or <40", range=shown(raw)))


def range_and_unit(text: str) -> tuple[Decimal | None, Decimal | None, str]:
    """A range followed by its unit, as an administrator types it: "0-21 µmol/L", "<40 U/L"."""
    found = _RANGE_AND_UNIT.match(text or "")
    if found is None or not found["unit"]:
        raise InputError(
            msg(
                "{text} is not a reference range with its unit, such as 0-21 µmol/L or <40 U/L",
                text=shown(text or ""),
            )
        )
    low, high = reference_range(found["range"])
    return low, high, found["unit"]
