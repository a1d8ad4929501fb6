"""Column types that keep clinical values exact on both SQLite and PostgreSQL.

`ExactDecimal`: a Decimal goes in and the same Decimal comes out, digits and scale included (`Decimal("5.0")`
stays `5.0`). PostgreSQL stores it in an unconstrained NUMERIC, which keeps the scale it is given. SQLite has no
exact decimal type (its NUMERIC affinity turns values into binary floats), so there the value is kept as text.
Consequence for queries: on SQLite, `<`/`>` on these columns compare text; compare in Python instead.

`UTCDateTime`: an aware datetime goes in, an aware UTC datetime comes out on both databases; a naive datetime is
refused, because nobody can later tell which clock it was read from.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Numeric, String, TypeDecorator
from sqlalchemy.types import TypeEngine


def canonical_decimal(value: Decimal | int) -> Decimal:
    """The one spelling of a Decimal that both databases keep: no exponent, no negative zero."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"an exact Decimal is needed, not {type(value).__name__} ({value!r})")
    decimal = Decimal(value)
    if not decimal.is_finite():
        raise ValueError(f"{decimal} is not a number that can be stored")
    decimal = Decimal(format(decimal, "f"))
    if decimal.is_zero() and decimal.is_signed():
        decimal = decimal.copy_abs()
    return decimal


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal stored without loss: unconstrained NUMERIC on PostgreSQL, text on SQLite."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        decimal = canonical_decimal(value)
        if dialect.name == "sqlite":
            return format(decimal, "f")
        return decimal

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, float):  # pragma: no cover - only if someone wrote a float behind our back
            raise TypeError(f"inexact value {value!r} found in a Decimal column")
        return Decimal(str(value))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class UTCDateTime(TypeDecorator[datetime]):
    """An instant: stored in UTC, always returned timezone-aware in UTC."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(DateTime(timezone=False))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"a datetime is needed, not {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a time without a time zone cannot be stored; use an aware datetime")
        utc = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return utc.replace(tzinfo=None)
        return utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):  # pragma: no cover - the driver gives datetimes
            raise TypeError(f"unexpected {type(value).__name__} in a time column")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    @property
    def python_type(self) -> type[datetime]:
        return datetime
