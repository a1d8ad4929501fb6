"""The backend on the real services: each method opens a unit of work on the database and calls one service.

Nothing here holds a session beyond one call, and nothing returned is a database row.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.errors import InputError
from app.services import users
from app.services.database import Database, open_database
from app.ui.session import SignedInUser


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


def open_backend(url: str | None) -> ServiceBackend:
    """Open (creating on first start) the database at `url`, else the embedded one."""
    return ServiceBackend(open_database(url))
