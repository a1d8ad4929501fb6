"""The declarative base every record derives from, and the conventions they share.

Auditing is switched on per class: a class with `__audited__ = True` gets an audit row for every create, change
(one row per field, old → new) and cancellation, written by the session listener in `app.services.audit`.
`__audit_redacted__` names fields whose values never enter the audit log (a password hash): the row says the
field changed, not what to.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import MetaData, inspect
from sqlalchemy.orm import DeclarativeBase

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

    def column_values(self) -> dict[str, Any]:
        """The mapped column attributes and their current values, by attribute name."""
        mapper = inspect(type(self))
        return {attr.key: getattr(self, attr.key) for attr in mapper.column_attrs}

    def __repr__(self) -> str:
        identity = inspect(self).identity
        return f"<{type(self).__name__} {identity[0] if identity else 'new'}>"
