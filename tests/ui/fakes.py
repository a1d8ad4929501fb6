"""A backend held in memory, for tests of the window's shell (sign-in, lock, roles) only.

Workflow tests use the real services on a real database; this fake stands in where the database is not what
is being tested.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from app.errors import InputError
from app.ui.session import SignedInUser


@dataclass
class MemoryBackend:
    users: dict[str, tuple[str, SignedInUser]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    threads: set[int] = field(default_factory=set)

    def _note(self, name: str) -> None:
        self.calls.append(name)
        self.threads.add(threading.get_ident())

    def describe(self) -> str:
        return "memory"

    def add(self, username: str, password: str, *roles: str, full_name: str = "") -> SignedInUser:
        user = SignedInUser(len(self.users) + 1, username, full_name or username.title(), frozenset(roles))
        self.users[username] = (password, user)
        return user

    def has_users(self) -> bool:
        self._note("has_users")
        return bool(self.users)

    def create_first_admin(self, username: str, full_name: str, password: str) -> SignedInUser:
        self._note("create_first_admin")
        if self.users:
            raise InputError("There is already an administrator.")
        if len(password) < 8:
            raise InputError("The password must have at least 8 characters.")
        return self.add(username, password, "admin", full_name=full_name)

    def sign_in(self, username: str, password: str) -> SignedInUser:
        self._note("sign_in")
        entry = self.users.get(username)
        if entry is None or entry[0] != password:
            raise InputError("The user name or the password is wrong.")
        return entry[1]

    def unlock(self, user: SignedInUser, password: str) -> None:
        self._note("unlock")
        if self.users[user.username][0] != password:
            raise InputError("The password is wrong.")

    def change_password(self, user: SignedInUser, old_password: str, new_password: str) -> SignedInUser:
        self._note("change_password")
        self.unlock(user, old_password)
        self.users[user.username] = (new_password, user)
        return user
