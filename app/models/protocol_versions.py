"""The protocol versions records are made under, and their sign-off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.users import User


class ProtocolVersion(Versioned, Base):
    """One version of one protocol file, identified by its fingerprint (SHA-256 of the file).

    Unconfirmed until an admin signs it off (`signed_off_by_id`/`signed_off_at`, plus an "approved" signature);
    once signed it is frozen: the database refuses any UPDATE of a signed row, so a change to the protocol makes
    a new version. Records keep the version they were made under.
    """

    __tablename__ = "protocol_versions"
    __audited__ = True
    __table_args__ = (UniqueConstraint("protocol_id", "version", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    protocol_id: Mapped[str] = mapped_column(String(64))  # e.g. "nct07343453"
    version: Mapped[str] = mapped_column(String(32))  # e.g. "1.0"
    fingerprint: Mapped[str] = mapped_column(String(64))  # Protocol.fingerprint
    title: Mapped[str] = mapped_column(String(300), default="")
    registered_at: Mapped[datetime]
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    signed_off_at: Mapped[datetime | None] = mapped_column(default=None)

    signed_off_by: Mapped[User | None] = relationship()

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None
