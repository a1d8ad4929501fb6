"""Users and roles: create, change roles, disable, reset passwords, sign in, unlock. Every change is audited.

Each use case takes a unit of work (not yet entered) whose acting user is the signed-in user:

    admin = sign_in(database.uow(), "li.na", "…")               # -> UserInfo (satisfies the audit Actor)
    create_user(database.uow(admin, "new pharmacist"), "wang.fang", "Wang Fang", "…", [Role.PHARMACIST])

The first user of an empty database needs no acting user and must be an admin. Passwords are hashed with argon2
(argon2-cffi); 5 failed sign-ins in a row lock the account until an admin unlocks it (or resets its password).
`verify_password(user, password)` unlocks an idle-locked window (the UI's job) without counting as a sign-in.

Checking or hashing a password costs argon2's ~100 ms on purpose, so it is never done inside a write
transaction (on SQLite that would hold every other workstation's writes for as long): passwords are checked in
a short read of their own and hashed before the transaction begins. An e-signing service calls
`prove_password(uow, password)` before `with uow:`; `sign` then only compares that the stored hash is still the
one checked, and counts a wrong password exactly as before.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import inputs
from app.errors import InputError, NotFoundError
from app.models import Role, User, UserRole
from app.services.audit import Actor, SystemActor
from app.services.reasons import reason as audit_reason
from app.services.uow import UnitOfWork
from app.text import Message, msg

MAX_FAILED_SIGN_INS = 5
MAX_PASSWORD_LENGTH = 1024
MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

WRONG_CREDENTIALS = msg("The user name or password is wrong.")
# A sign-in that finds the password stored with older hashing parameters stores it again with today's. That is
# DoseDesk's own upkeep, not a change of password: it is audited as the system's, with this reason.
PASSWORD_STORAGE = "DoseDesk (password storage)"
REHASHED = msg("password stored again with the current hashing parameters at sign-in; the password is unchanged")
# Reasons these services store besides those of app.services.reasons (the audit trail says them again).
STORED_REASONS: tuple[str, ...] = (REHASHED.template,)


class SignInError(InputError):
    """Signing in was refused; the message says why in plain words."""


class NotAllowedError(InputError):
    """The signed-in user does not hold the role this action needs."""


@dataclass(frozen=True)
class UserInfo:
    """A user as the window keeps it after signing in; usable as the acting user of a unit of work."""

    id: int
    username: str
    full_name: str
    roles: frozenset[Role]
    active: bool
    locked: bool
    must_change_password: bool
    language: str | None = None  # the window's language for this user ("en", "zh"); None: the workstation's

    def has_role(self, role: Role | str) -> bool:
        return Role(role) in self.roles

    @classmethod
    def of(cls, user: User) -> UserInfo:
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            roles=user.role_names,
            active=user.active,
            locked=user.locked,
            must_change_password=user.must_change_password,
            language=user.language,
        )


# --- passwords -------------------------------------------------------------------------------------------

_hasher = PasswordHasher()


def configure_password_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Use `hasher` from now on; returns the previous one (tests use cheaper parameters)."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous


def fast_hasher_for_tests() -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _password_matches(password_hash: str, password: str) -> bool:
    if not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
        return False  # never a password of anyone's (and not hashed: megabytes would take seconds)
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def verify_password(user: User, password: str) -> bool:
    """True when `password` is this user's and the account may be used (active, not locked).

    Counts nothing and changes nothing: for unlocking an idle-locked window (see `unlock_window`).
    """
    return user.active and not user.locked and _password_matches(user.password_hash, password)


def _check_new_password(password: str) -> None:
    if not isinstance(password, str):
        raise InputError(msg("Give the password."))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError(msg("A password has at most {count} characters.", count=str(MAX_PASSWORD_LENGTH)))
    inputs.check_characters(password, msg("The password"))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(msg("A password needs at least {count} characters.", count=str(MIN_PASSWORD_LENGTH)))
    if password.strip() != password or not password.strip():
        raise InputError(msg("A password cannot begin or end with a space."))


# --- roles -----------------------------------------------------------------------------------------------


def _load(session: Session, user_id: int, *, for_update: bool = False) -> User:
    """The user; `for_update` locks the row (PostgreSQL) and reads it afresh, for counts kept on it."""
    if for_update:
        user = session.get(User, user_id, with_for_update=True, populate_existing=True)
    else:
        user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(msg("There is no such user."))
    return user


_ROLE_NAMES: dict[Role, Message] = {
    Role.ADMIN: msg("admin"),
    Role.PHARMACIST: msg("pharmacist"),
    Role.COORDINATOR: msg("coordinator"),
    Role.INVESTIGATOR: msg("investigator"),
    Role.NURSE: msg("nurse"),
}


def role_name(role: Role | str) -> Message:
    """A role's name in a sentence ("admin", "pharmacist" …), translatable by the window."""
    return _ROLE_NAMES[Role(role)]


def require_role(session: Session, actor: Actor | None, role: Role | str) -> User:
    """The acting user's row, if that user is active, not locked and holds `role`; else NotAllowedError."""
    wanted = Role(role)
    if actor is None or actor.id is None:
        raise NotAllowedError(
            msg("Sign in as a user with the {role} role to do this.", role=role_name(wanted))
        )
    user = session.get(User, actor.id)
    if user is None or not user.active or user.locked:
        raise NotAllowedError(msg("Your account cannot be used; ask an administrator."))
    if not user.has_role(wanted):
        raise NotAllowedError(
            msg(
                "This needs the {role} role, which {name} does not hold.",
                role=role_name(wanted),
                name=user.full_name,
            )
        )
    return user


def _roles(roles: Iterable[Role | str]) -> list[Role]:
    chosen: list[Role] = []
    for role in roles:
        try:
            value = Role(role)
        except ValueError:
            names = ", ".join(r.value for r in Role)
            raise InputError(
                msg("'{role}' is not a role; the roles are {names}.", role=str(role), names=names)
            ) from None
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise InputError(msg("A user needs at least one role."))
    return sorted(chosen)


def _active_admins(session: Session) -> int:
    return int(
        session.execute(
            select(func.count(User.id.distinct()))
            .join(UserRole)
            .where(UserRole.role == Role.ADMIN, User.active.is_(True))
        ).scalar_one()
    )


# --- use cases -------------------------------------------------------------------------------------------


def has_users(uow: UnitOfWork) -> bool:
    """False on a new database: the window then asks for the first administrator."""
    with uow:
        return uow.session.execute(select(User.id).limit(1)).first() is not None


def list_users(uow: UnitOfWork) -> list[UserInfo]:
    with uow:
        return [UserInfo.of(u) for u in uow.session.execute(select(User).order_by(User.username)).scalars()]


def create_user(
    uow: UnitOfWork, username: str, full_name: str, password: str, roles: Iterable[Role | str]
) -> UserInfo:
    """A new user. An admin acts; or nobody, when the database has no user yet (then it must be an admin)."""
    name = username.strip().lower() if isinstance(username, str) else ""
    if not _USERNAME.fullmatch(name):
        raise InputError(
            msg(
                "A user name is 1 to 64 letters, digits, dots, dashes or underscores, "
                "beginning with a letter or digit."
            )
        )
    printed = inputs.name_text(full_name, msg("The user's full name"), limit=inputs.MAX_NAME)
    if not printed:
        raise InputError(msg("Give the user's full name as it should be printed on signatures."))
    _check_new_password(password)
    chosen = _roles(roles)
    password_hash = hash_password(password)  # before the write transaction: argon2 is slow on purpose
    with uow:
        session = uow.session
        first = session.execute(select(User.id).limit(1)).first() is None
        if first:
            if Role.ADMIN not in chosen:
                raise InputError(msg("The first user must be an administrator."))
        else:
            require_role(session, uow.user, Role.ADMIN)
        if session.execute(select(User.id).where(User.username == name)).first() is not None:
            raise InputError(msg("The user name {name} is taken.", name=name))
        user = User(
            username=name,
            full_name=printed,
            password_hash=password_hash,
            created_at=uow.now(),
            roles=[UserRole(role=role) for role in chosen],
        )
        if first:  # nobody to act yet: the first administrator creates themself
            with uow.acting(user, uow.reason or audit_reason("first_administrator")):
                session.add(user)
        else:
            session.add(user)
            session.flush()
        info = UserInfo.of(user)
        uow.commit()
        return info


def change_roles(uow: UnitOfWork, user_id: int, roles: Iterable[Role | str]) -> UserInfo:
    chosen = _roles(roles)
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.ADMIN)
        user = _load(session, user_id)
        if (
            Role.ADMIN in user.role_names
            and Role.ADMIN not in chosen
            and user.active
            and _active_admins(session) <= 1
        ):
            raise InputError(
                msg("This is the last active administrator; give another user the admin role first.")
            )
        for held in list(user.roles):
            if held.role not in chosen:
                user.roles.remove(held)
                session.delete(held)
        have = user.role_names
        for role in chosen:
            if role not in have:
                user.roles.append(UserRole(role=role))
        session.flush()
        info = UserInfo.of(user)
        uow.commit()
        return info


def disable_user(uow: UnitOfWork, user_id: int) -> UserInfo:
    """The user can no longer sign in or sign; their records and signatures stay."""
    with uow:
        session = uow.session
        admin = require_role(session, uow.user, Role.ADMIN)
        user = _load(session, user_id)
        if user.id == admin.id:
            raise InputError(msg("You cannot disable your own account."))
        if user.active and Role.ADMIN in user.role_names and _active_admins(session) <= 1:
            raise InputError(msg("This is the last active administrator; it cannot be disabled."))
        user.active = False
        info = UserInfo.of(user)
        uow.commit()
        return info


def enable_user(uow: UnitOfWork, user_id: int) -> UserInfo:
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.ADMIN)
        user = _load(session, user_id)
        user.active = True
        info = UserInfo.of(user)
        uow.commit()
        return info


def unlock_user(uow: UnitOfWork, user_id: int) -> UserInfo:
    """Lift the lock that failed sign-ins put on an account."""
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.ADMIN)
        user = _load(session, user_id)
        user.locked_at = None
        user.failed_sign_ins = 0
        info = UserInfo.of(user)
        uow.commit()
        return info


def reset_password(uow: UnitOfWork, user_id: int, new_password: str) -> UserInfo:
    """An admin sets a temporary password; the user must change it at the next sign-in. Unlocks the account."""
    _check_new_password(new_password)
    password_hash = hash_password(new_password)
    with uow:
        session = uow.session
        require_role(session, uow.user, Role.ADMIN)
        user = _load(session, user_id)
        user.password_hash = password_hash
        user.must_change_password = True
        user.locked_at = None
        user.failed_sign_ins = 0
        info = UserInfo.of(user)
        uow.commit()
        return info


def change_password(uow: UnitOfWork, user_id: int, old_password: str, new_password: str) -> UserInfo:
    """A user changes their own password, giving the current one."""
    _check_new_password(new_password)
    seen, old_matches = _checked(uow, user_id, old_password)
    new_hash = hash_password(new_password)
    with uow:
        session = uow.session
        user = _load(session, user_id)
        if not _matches(user, old_password, seen, old_matches):
            raise InputError(msg("The current password is wrong; the password was not changed."))
        if old_password == new_password:
            raise InputError(msg("Choose a new password different from the current one."))
        with uow.acting(user, audit_reason("password_changed_by_owner")):
            user.password_hash = new_hash
            user.must_change_password = False
        info = UserInfo.of(user)
        uow.commit()
        return info


USER_LANGUAGES = ("en", "zh")


def set_own_language(uow: UnitOfWork, user_id: int, language: str | None) -> UserInfo:
    """A user chooses the language of their window ("en" or "zh"; None: as the workstation), applied each time
    they sign in. On the audit trail, as their own change."""
    if language is not None and language not in USER_LANGUAGES:
        raise InputError(
            msg("The window speaks English (en) or Chinese (zh), not {value}.", value=inputs.shown(language))
        )
    with uow:
        user = _load(uow.session, user_id)
        if user.language != language:
            with uow.acting(user, audit_reason("language_chosen_by_owner")):
                user.language = language
        info = UserInfo.of(user)
        uow.commit()
        return info


def _checked(uow: UnitOfWork, user_id: int | None, password: str) -> tuple[str | None, bool]:
    """The user's stored hash, read in a short read of its own, and whether `password` matches it (checked
    outside any write transaction); (None, False) when there is no such user."""
    if user_id is None:
        return None, False
    with uow.reading() as session:
        stored = session.execute(select(User.password_hash).where(User.id == user_id)).scalar_one_or_none()
    if stored is None:
        return None, False
    return stored, _password_matches(stored, password)


def _matches(user: User, password: str, seen: str | None, matched: bool) -> bool:
    """Whether `password` is the user's: the answer checked beforehand while the stored hash is still the one
    it was checked against, else checked now."""
    if seen is not None and user.password_hash == seen:
        return matched
    return _password_matches(user.password_hash, password)


def sign_in(uow: UnitOfWork, username: str, password: str) -> UserInfo:
    """The user, if the password is right and the account usable; else SignInError in plain words.

    A wrong password counts (and is committed, so it counts even though signing in fails); the fifth in a row
    locks the account. A right one resets the count. The password is checked before the write transaction.
    """
    name = username.strip().lower() if isinstance(username, str) else ""
    if (
        not isinstance(password, str)
        or len(password) > MAX_PASSWORD_LENGTH
        or len(name) > inputs.MAX_IDENTIFIER
    ):
        raise SignInError(WRONG_CREDENTIALS)  # no account has such a name or password: nothing to count
    with uow.reading() as session:
        found = session.execute(select(User.id).where(User.username == name)).scalar_one_or_none()
    if found is None:
        _hasher.hash(password)  # the same work as a real check, so timing does not tell which names exist
        raise SignInError(WRONG_CREDENTIALS)
    seen, matched = _checked(uow, found, password)
    # before the write transaction, as every hashing is: argon2 is slow on purpose
    rehashed = hash_password(password) if matched and seen and _hasher.check_needs_rehash(seen) else None
    with uow:
        session = uow.session
        uow.counters_only()  # a sign-in's stamps and counts never conflict with another workstation
        user = _load(session, found, for_update=True)
        if not user.active:
            raise SignInError(msg("This account is disabled; ask an administrator."))
        if user.locked:
            raise SignInError(
                msg(
                    "This account is locked after {count} failed sign-ins; an administrator must unlock it.",
                    count=str(MAX_FAILED_SIGN_INS),
                )
            )
        if not _matches(user, password, seen, matched):
            _count_wrong_password(uow, user.id, f"sign-in as {user.username}", audit_reason("failed_sign_in"))
            uow.commit()
            if user.locked:
                raise SignInError(
                    msg(
                        "Wrong password {count} times: this account is now locked; an administrator must unlock it.",
                        count=str(MAX_FAILED_SIGN_INS),
                    )
                )
            raise SignInError(WRONG_CREDENTIALS)
        if rehashed is not None and user.password_hash == seen:
            with uow.acting(SystemActor(PASSWORD_STORAGE), REHASHED):
                user.password_hash = rehashed
        with uow.acting(user, audit_reason("signed_in")):
            user.failed_sign_ins = 0
            user.last_sign_in_at = uow.now()
        info = UserInfo.of(user)
        uow.commit()
        return info


def unlock_window(uow: UnitOfWork, user_id: int, password: str) -> bool:
    """True when the idle-locked window may reopen for this user with this password (changes nothing)."""
    with uow.reading() as session:
        user = session.get(User, user_id)
        if user is None or not user.active or user.locked:
            return False
        stored = user.password_hash
    return _password_matches(stored, password)


# --- e-signatures ----------------------------------------------------------------------------------------

_PROOFS = "checked passwords"  # uow.notes: {(user id, keyed digest of the password): (stored hash, matched)}
_PROOF_KEY = secrets.token_bytes(32)  # this process's own: the digests mean nothing outside it


def _digest(password: str) -> str:
    return hmac.new(_PROOF_KEY, password.encode("utf-8"), hashlib.sha256).hexdigest()


def prove_password(uow: UnitOfWork, password: str) -> None:
    """Check the acting user's password now, in a short read of its own, before the work's write transaction.

    Call it in every e-signing service before `with uow:`. It changes and counts nothing: `sign` (through
    `check_signing_password`) then only compares that the stored hash is still the one checked, and refuses
    and counts a wrong password exactly as it always did. Without it, signing checks the password inside the
    transaction (correct, but it holds SQLite's write lock for argon2's ~100 ms).
    """
    actor = uow.user
    if actor is None or actor.id is None or not isinstance(password, str):
        return
    seen, matched = _checked(uow, actor.id, password)
    if seen is not None:
        uow.notes.setdefault(_PROOFS, {})[(actor.id, _digest(password))] = (seen, matched)


def check_signing_password(uow: UnitOfWork, user_id: int, password: str) -> User:
    """The signer's row when the password is right and the account usable (e-signatures re-check it).

    A wrong password counts as a failed sign-in does, kept although the signing is refused and rolled back;
    the fifth wrong password in a row, at signing or at sign-in, locks the account. A password checked by
    `prove_password` before the transaction is not checked again while the stored hash is unchanged.
    """
    user = _load(uow.session, user_id)
    if not user.active:
        raise InputError(msg("This account is disabled; it cannot sign."))
    if user.locked:
        raise InputError(msg("This account is locked; it cannot sign until an administrator unlocks it."))
    proof = (
        uow.notes.get(_PROOFS, {}).get((user_id, _digest(password))) if isinstance(password, str) else None
    )
    seen, matched = proof if proof is not None else (None, False)
    if not _matches(user, password, seen, matched):
        actor = f"e-signature by {user.username}"  # a plain string: `user` is gone once the work rolls back
        uow.afterwards(
            lambda: _count_wrong_password(uow, user_id, actor, audit_reason("wrong_password_at_signature"))
        )
        if user.failed_sign_ins + 1 >= MAX_FAILED_SIGN_INS:
            raise InputError(
                msg(
                    "Wrong password {count} times: this account is now locked; an administrator must unlock it.",
                    count=str(MAX_FAILED_SIGN_INS),
                )
            )
        raise InputError(msg("The password is wrong; nothing was signed."))
    if user.failed_sign_ins:
        with uow.acting(user, audit_reason("right_password_at_signature")):
            user.failed_sign_ins = 0
    return user


def _count_wrong_password(uow: UnitOfWork, user_id: int, actor: str, reason: str) -> None:
    """One more wrong password for this user; the last one allowed locks the account (the row is locked while
    it is counted: two wrong passwords at once count twice)."""
    user = _load(uow.session, user_id, for_update=True)
    with uow.acting(SystemActor(actor), reason):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS and user.locked_at is None:
            user.locked_at = uow.now()
