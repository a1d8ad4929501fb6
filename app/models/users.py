"""Users, their roles, and the electronic signatures they make."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Versioned
from app.models.enums import Role, SignatureMeaning, enum_type


class User(Versioned, Base):
    """A person who signs in. Never deleted: disabled instead, so signatures and audit rows keep their author."""

    __tablename__ = "users"
    __audited__ = True
    __audit_redacted__ = frozenset({"password_hash"})
    __bookkeeping__ = frozenset({"last_sign_in_at", "failed_sign_ins"})
    __table_args__ = (CheckConstraint("language IS NULL OR language IN ('en', 'zh')", name="language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)  # stored lower-case
    full_name: Mapped[str] = mapped_column(String(200))  # the printed name on signatures
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)  # False: disabled by an admin
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[datetime | None] = mapped_column(default=None)  # set after too many failed sign-ins
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    last_sign_in_at: Mapped[datetime | None] = mapped_column(default=None)
    # The window's language for this user ('en' or 'zh'), applied when they sign in; None: the workstation's.
    language: Mapped[str | None] = mapped_column(String(8), default=None)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )

    @property
    def role_names(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.roles)

    def has_role(self, role: Role | str) -> bool:
        return Role(role) in self.role_names

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class UserRole(Base):
    """One role held by one user; a user may hold several."""

    __tablename__ = "user_roles"
    __audited__ = True
    __owners__ = ("user_id",)
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[Role] = mapped_column(enum_type(Role))

    user: Mapped[User] = relationship(back_populates="roles")


class Signature(Base):
    """An electronic signature (docs/domain.md §9): who, printed name, when, what it means, and what it signs.

    `record_table` + `record_id` name the signed row; `record_hash` is the SHA-256 of that row's signed content
    at the moment of signing (`app.services.signatures.record_hash`), so a later edit shows. The database refuses
    UPDATE and DELETE on this table.
    """

    __tablename__ = "signatures"
    __audited__ = True
    __table_args__ = (Index("ix_signatures_record", "record_table", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    printed_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime]
    meaning: Mapped[SignatureMeaning] = mapped_column(enum_type(SignatureMeaning))
    record_table: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int]
    record_hash: Mapped[str] = mapped_column(String(64))

    user: Mapped[User] = relationship()
