"""The declarative base every record derives from, and the conventions they share.

Auditing is switched on per class: a class with `__audited__ = True` gets an audit row for every create, change
(one row per field, old → new) and cancellation, written by the session listener in `app.services.audit`.
`__audit_redacted__` names fields whose values never enter the audit log (a password hash): the row says the
field changed, not what to.

Two workstations acting on the same record at once (docs/domain.md §10): a `Versioned` record carries a
`row_version` counter that SQLAlchemy raises on every UPDATE and checks in its WHERE clause, so an update made
from a stale read matches no row and is refused (the unit of work says so in plain words). `__owners__` names
the foreign keys through which a new or changed row of a class changes the record it points at (a movement
changes its lot, a toxicity its subject): the unit of work treats such a row, written by someone else while it
was working on that record, as a change to the record itself. `__bookkeeping__` names fields whose changes are
stamps and counts, not an act on the record (a user's last sign-in): they never count as such a change.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import MetaData, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from app.models.types import ExactDecimal, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        Decimal: ExactDecimal(),
        datetime: UTCDateTime(),
    }

    __audited__: ClassVar[bool] = False
    __audit_redacted__: ClassVar[frozenset[str]] = frozenset()
    __owners__: ClassVar[tuple[str, ...]] = ()
    __bookkeeping__: ClassVar[frozenset[str]] = frozenset()

    def column_values(self) -> dict[str, Any]:
        """The mapped column attributes and their current values, by attribute name (not the row version)."""
        mapper = inspect(type(self))
        return {
            attr.key: getattr(self, attr.key)
            for attr in mapper.column_attrs
            if not is_row_version(type(self), attr.key)
        }

    def __repr__(self) -> str:
        identity = inspect(self).identity
        return f"<{type(self).__name__} {identity[0] if identity else 'new'}>"


ROW_VERSION = "row_version"


class Versioned:
    """A record two workstations may change at once: its `row_version` counts its updates (optimistic locking).

    Not audited and not signed: it says how often the row changed, not what the record says."""

    row_version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]


def is_row_version(model: type[Any], attribute: str) -> bool:
    """True when `attribute` of `model` is its row version counter (left out of audit rows and signatures)."""
    return attribute == ROW_VERSION and issubclass(model, Versioned)
