"""Plausibility limits on what a person types, in one place.

The command line, the services and the clinical core's own input checks all use these, so that a typing slip —
a year 9999, 2,147,483,648 vials, a weight of 1e999999999, a lot number holding a right-to-left override, a
note of 100,000 characters — is refused in plain words before it reaches arithmetic, a database column or a
printed page. They are limits of plausibility, not trial rules: the protocol file's own limits (weights, dose
levels, windows) apply on top of them.

Every check takes `what`, a message that starts the sentence (`msg("The weight")`, or a plain string on the
command line such as "The weight (--weight-kg)"), and raises an `InputError` that names it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.errors import InputError
from app.text import msg

#: The calendar dates DoseDesk accepts anywhere (birth dates, receipts, expiries, visits, labs).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)

#: Any count a person types: vials in a lot, a movement or a shipment line; an occurrence; a number of items.
MAX_COUNT = 10_000

#: Any quantity a person types (kg, mg, mL, a lab value, a limit): at most this large, this many decimal
#: places and this many significant digits. Beyond them it is a slip, and arithmetic on it would overflow.
MAX_MAGNITUDE = Decimal(10) ** 9
MAX_PLACES = 9
MAX_DIGITS = 18

#: Lengths of what people type.
MAX_NOTE = 2_000  # a note on a shipment, a visit, a weight
MAX_REASON = 1_000  # a reason for a change, an override, a cancellation, a quarantine
MAX_NAME = 200  # a person's name (who measured, who gave), a user's full name
MAX_IDENTIFIER = 64  # lot numbers, shipment and return references, user names, order numbers

#: A computed quantity (a limit divided by a unit factor) may carry up to this many digits (Decimal's 28 and more).
_MAX_COMPUTED_DIGITS = 60

#: Longer than this, typed text is not read as a number or a date at all.
_MAX_NUMBER_TEXT = 60

# The embedding, override and isolate controls of the Unicode bidirectional algorithm: text holding them can
# read differently on screen and on paper from what was stored ("LOT‮1A" shows as "LOTA1").
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_WHITESPACE = frozenset("\t\n\r\x0b\x0c")
_WHOLE = re.compile(r"[+-]?[0-9]{1,20}")


def shown(value: object, limit: int = 40) -> str:
    """A value a person gave, quoted for a message and cut short when long (a 5,000-character name is not
    echoed whole), with invisible characters written as escapes so the message says what was typed."""
    text = value if isinstance(value, str) else str(value)
    return repr(
        text if len(text) <= limit else text[:limit] + "…"
    )  # repr writes invisible characters as escapes


def _character_problem(character: str, *, identifier: bool) -> str | None:
    """What is wrong with one character of typed text: "control", "direction", "invisible", or None."""
    if character in _BIDI_CONTROLS:
        return "direction"
    category = unicodedata.category(character)
    if category == "Cs":  # a lone surrogate: bytes that were not text (an undecodable file name, say)
        return "control"
    if category == "Cc":
        return None if character in _WHITESPACE and not identifier else "control"
    if identifier and (category in ("Cf", "Zl", "Zp") or (category == "Zs" and character != " ")):
        return "invisible"
    return None


def check_characters(text: str, what: str, *, identifier: bool = False) -> str:
    """`text` when it holds no control character and no direction override (and, for an identifier, no
    invisible character either: zero-width spaces, soft hyphens, other spaces than the plain one)."""
    for character in text:
        problem = _character_problem(character, identifier=identifier)
        if problem is None:
            continue
        code = f"U+{ord(character):04X}"
        if problem == "direction":
            raise InputError(
                msg(
                    "{what} holds an invisible direction mark ({code}) that can make it read differently on "
                    "screen and on paper: type it again without it.",
                    what=what,
                    code=code,
                )
            )
        if problem == "invisible":
            raise InputError(
                msg(
                    "{what} holds an invisible character ({code}): type it again without it.",
                    what=what,
                    code=code,
                )
            )
        raise InputError(
            msg("{what} holds a control character ({code}): type it again without it.", what=what, code=code)
        )
    return text


# --- texts -----------------------------------------------------------------------------------------------


def _length(text: str, what: str, limit: int) -> str:
    if len(text) > limit:
        raise InputError(
            msg("{what} is too long (at most {limit} characters).", what=what, limit=f"{limit:,}")
        )
    return text


def free_text(value: object, what: str, *, limit: int = MAX_NOTE) -> str:
    """Free text as typed (a note, a reason), its runs of white space made one space; "" when empty.

    Refused: not text, longer than `limit`, or holding control characters or direction overrides."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(msg("{what} must be text.", what=what))
    check_characters(value, what)
    return _length(" ".join(value.split()), what, limit)


def reason_text(value: object, what: str, *, limit: int = MAX_REASON) -> str:
    """A reason: free text (see `free_text`) with at most `limit` characters."""
    return free_text(value, what, limit=limit)


def name_text(value: object, what: str, *, limit: int = MAX_NAME) -> str:
    """A person's name: free text on one line, no invisible characters, at most `limit` characters."""
    text = free_text(value, what, limit=limit)
    return check_characters(text, what, identifier=True)


def identifier(value: object, what: str, *, limit: int = MAX_IDENTIFIER) -> str:
    """An identifier as typed (a lot number, a reference, a user name), without surrounding spaces; "" when
    empty. Refused: longer than `limit`, or holding control, invisible or direction characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(msg("{what} must be text.", what=what))
    text = value.strip()
    check_characters(text, what, identifier=True)
    return _length(text, what, limit)


def file_path(value: object, what: str, *, limit: int = 4096) -> str:
    """A file's path as typed, unchanged (spaces kept): refused only when it holds a control character, a lone
    surrogate or a direction override, or is longer than `limit`."""
    if not isinstance(value, str):
        raise InputError(msg("{what} must be text.", what=what))
    for character in value:
        problem = _character_problem(character, identifier=True)
        if problem in ("control", "direction"):
            check_characters(character, what, identifier=True)
    return _length(value, what, limit)


# --- numbers ---------------------------------------------------------------------------------------------


def _as_decimal(value: object, what: str) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_MAGNITUDE:
            raise _out_of_range(what, shown(value), None, None)
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_NUMBER_TEXT:
            raise InputError(msg("{what} must be a number, not {value}.", what=what, value=shown(value)))
        try:
            number = Decimal(text.replace("_", "x"))  # Decimal reads "1_000"; a person does not type it
        except InvalidOperation:
            raise InputError(
                msg("{what} must be a number, not {value}.", what=what, value=shown(value))
            ) from None
    else:
        raise InputError(msg("{what} must be a number, not {value}.", what=what, value=shown(value)))
    if not number.is_finite():
        raise InputError(msg("{what} must be a number, not {value}.", what=what, value=shown(value)))
    return number


def _out_of_range(what: str, value: str, low: Decimal | None, high: Decimal | None) -> InputError:
    from app.dosing.format import format_number

    if low is not None and high is not None:
        return InputError(
            msg(
                "{what} must be between {low} and {high}, not {value}.",
                what=what,
                low=format_number(low),
                high=format_number(high),
                value=value,
            )
        )
    if low is not None:
        return InputError(
            msg("{what} must be at least {low}, not {value}.", what=what, low=format_number(low), value=value)
        )
    if high is not None:
        return InputError(
            msg(
                "{what} must be at most {high}, not {value}.",
                what=what,
                high=format_number(high),
                value=value,
            )
        )
    return InputError(msg("{what} is not a plausible number: {value}.", what=what, value=value))


def plausible_decimal(
    value: object,
    what: str,
    *,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    positive: bool = False,
) -> Decimal:
    """A quantity a person typed (Decimal, int or text) as a finite Decimal within the plausibility limits
    (at most `MAX_MAGNITUDE`, `MAX_PLACES` decimal places, `MAX_DIGITS` significant digits) and within
    `minimum`..`maximum`; `positive` refuses zero and below. Never a float: a float is a programming error."""
    if isinstance(value, float):
        raise TypeError(f"{what}: a float is not an exact quantity ({value!r})")
    number = _as_decimal(value, what)
    if number.copy_abs() > MAX_MAGNITUDE or _too_precise(number):
        low = Decimal(minimum) if minimum is not None else None
        high = Decimal(maximum) if maximum is not None else None
        raise _out_of_range(what, shown(value if isinstance(value, str) else str(number)), low, high)
    if positive and number <= 0:
        raise InputError(msg("{what} must be more than 0, not {value}.", what=what, value=_formatted(number)))
    low = Decimal(minimum) if minimum is not None else None
    high = Decimal(maximum) if maximum is not None else None
    if (low is not None and number < low) or (high is not None and number > high):
        raise _out_of_range(what, _formatted(number), low, high)
    return number


def is_plausible(number: Decimal) -> bool:
    """True for a finite Decimal within the plausibility limits (see `plausible_decimal`)."""
    return number.is_finite() and number.copy_abs() <= MAX_MAGNITUDE and not _too_precise(number)


def is_computable(number: Decimal) -> bool:
    """True for a finite Decimal the clinical core can compute with and show: at most `MAX_MAGNITUDE`, and
    neither so small nor so long that writing it out would take thousands of digits (the core's own check
    of what reaches it; a computed value may carry more decimals than a person types)."""
    if not number.is_finite() or number.copy_abs() > MAX_MAGNITUDE:
        return False
    return number.is_zero() or (
        number.adjusted() >= -_MAX_COMPUTED_DIGITS and len(number.as_tuple().digits) <= _MAX_COMPUTED_DIGITS
    )


def _too_precise(number: Decimal) -> bool:
    """More than `MAX_DIGITS` significant digits or `MAX_PLACES` decimal places (trailing zeros not counted)."""
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # a finite number
    kept = list(digits)
    while len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    return len(kept) > MAX_DIGITS or -exponent > MAX_PLACES


def _formatted(number: Decimal) -> str:
    from app.dosing.format import format_number

    return format_number(number)


def count(value: object, what: str, *, minimum: int = 1, maximum: int = MAX_COUNT) -> int:
    """A whole number a person typed (int or text, e.g. vials) within `minimum`..`maximum`."""
    if isinstance(value, bool):
        raise InputError(msg("{what} must be a whole number, not {value}.", what=what, value=shown(value)))
    number: int
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise InputError(msg("{what} must be a whole number, not {value}.", what=what, value=shown(value)))
    if not minimum <= number <= maximum:
        raise InputError(
            msg(
                "{what} must be a whole number from {low} to {high}, not {value}.",
                what=what,
                low=f"{minimum:,}",
                high=f"{maximum:,}",
                value=shown(value) if abs(number) > 10**12 else f"{number:,}",
            )
        )
    return number


# --- dates -----------------------------------------------------------------------------------------------


def calendar_date(value: object, what: str) -> date:
    """A calendar date a person gave (a `date`, or text like 2026-01-05) between 1900-01-01 and 2200-12-31."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) > _MAX_NUMBER_TEXT:
                raise ValueError(text)
            day = date.fromisoformat(text)
        except ValueError:
            raise InputError(
                msg("{what} must be a date like 2026-01-05, not {value}.", what=what, value=shown(value))
            ) from None
    elif isinstance(value, date):
        day = value
    else:
        raise InputError(
            msg("{what} must be a date like 2026-01-05, not {value}.", what=what, value=shown(value))
        )
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InputError(
            msg(
                "{what} must be a date between {earliest} and {latest}, not {value}.",
                what=what,
                earliest=EARLIEST_DATE.isoformat(),
                latest=LATEST_DATE.isoformat(),
                value=day.isoformat(),
            )
        )
    return day
