"""The backend on the real services: each method opens a unit of work on the database and calls one service.

Nothing here holds a session beyond one call, and nothing returned is a database row.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.errors import InputError
from app.services import users
from app.services.database import Database, open_database
from app.ui.session import SignedInUser

if TYPE_CHECKING:  # kept out of start-up: the screens import them when they open
    from app.ui.dialogs.toxicity import ToxicityEntry
    from app.ui.views import PatientSummary, ProtocolStatus, SubjectChart


def signed_in(info: users.UserInfo) -> SignedInUser:
    return SignedInUser(
        user_id=info.id,
        username=info.username,
        full_name=info.full_name,
        roles=frozenset(str(role) for role in info.roles),
        must_change_password=info.must_change_password,
    )


class ServiceBackend:
    def __init__(self, database: Database) -> None:
        self.database = database

    # Features whose services have landed; the window shows a plain "not available yet" page for the others.
    FEATURES: frozenset[str] = frozenset()

    def supports(self, feature: str) -> bool:
        return feature in self.FEATURES

    def describe(self) -> str:
        return self.database.describe()

    def close(self) -> None:
        self.database.dispose()

    # --- users -------------------------------------------------------------------------------------------

    def has_users(self) -> bool:
        return users.has_users(self.database.uow())

    def create_first_admin(self, username: str, full_name: str, password: str) -> SignedInUser:
        info = users.create_user(
            self.database.uow(None, "first administrator"), username, full_name, password, ["admin"]
        )
        return signed_in(info)

    def sign_in(self, username: str, password: str) -> SignedInUser:
        return signed_in(users.sign_in(self.database.uow(), username, password))

    def unlock(self, user: SignedInUser, password: str) -> None:
        if not users.unlock_window(self.database.uow(), user.user_id, password):
            raise InputError(
                QCoreApplication.translate(
                    "ServiceBackend", "The password is wrong, or this account can no longer be used."
                )
            )

    def change_password(self, user: SignedInUser, old_password: str, new_password: str) -> SignedInUser:
        info = users.change_password(
            self.database.uow(user, "password changed"), user.user_id, old_password, new_password
        )
        return signed_in(info)

    # --- patients (the window does not offer these until their services land: see FEATURES) ---------------

    def _not_yet(self) -> InputError:
        return InputError(
            QCoreApplication.translate(
                "ServiceBackend", "This part of DoseDesk is not available in this version yet."
            )
        )

    def list_patients(self) -> list[PatientSummary]:
        raise self._not_yet()

    def subject_chart(self, subject_id: int) -> SubjectChart:
        raise self._not_yet()

    def book_visit(
        self, user: SignedInUser, subject_id: int, label: str, day: date, reason: str | None
    ) -> Any:
        raise self._not_yet()

    def record_toxicity(self, user: SignedInUser, subject_id: int, entry: ToxicityEntry) -> Any:
        raise self._not_yet()

    def protocol_status(self, protocol_id: str) -> ProtocolStatus:
        raise self._not_yet()

    def sign_off_protocol(self, user: SignedInUser, version_id: int, password: str) -> ProtocolStatus:
        raise self._not_yet()


def open_backend(url: str | None) -> ServiceBackend:
    """Open (creating on first start) the database at `url`, else the embedded one."""
    return ServiceBackend(open_database(url))
