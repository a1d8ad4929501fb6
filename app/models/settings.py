"""The site's own settings, kept in the database: one row per key, its value as canonical JSON text.

The names of the hospital and the clinic, the clinic's phone, the laboratory's code map, the columns of its
exports, the encoding it writes and the reference ranges per lab and unit (docs/domain.md §10). Every change is
an ordinary audited change (old → new JSON, who, when, why); rows are never deleted (a key set back to nothing
keeps its row, holding JSON null). What each key holds and how it is checked is `app.services.settings`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Versioned


class SiteSetting(Versioned, Base):
    """One site setting: `key` (e.g. "clinic_phone") and its value as canonical JSON text."""

    __tablename__ = "site_settings"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    value: Mapped[str] = mapped_column(Text)  # canonical JSON (sorted keys, no spaces); "null" = not set
    changed_at: Mapped[datetime]
