"""Protocol versions: registered by fingerprint, reviewed and signed off by an investigator and a pharmacist,
then frozen.

    register_shipped_protocols(uow)                     # every file under resources/protocols, once each
    sign_off_protocol_version(uow, version_id, pw)      # one "approved" e-signature; signed off at the second
    is_signed_off(uow, "nct07343453")                   # is the protocol file in use signed off?

A version is one protocol file's content: its id, its version text and the SHA-256 of the file. A file that
changes, even by one byte, is a new version, unconfirmed until it is signed off: two people approve it with
their e-signatures, an investigator (the principal investigator, for the dose levels and the toxicity rules) and
a pharmacist (for the vials, volumes and bags), each reviewing the values no public source confirms. A version
approved by one of them waits for the other. An administrator looks after the system, not the clinical rules,
and signs no protocol. Versions signed off before this rule keep the signature they carry. The database refuses any
change to a signed-off version. Records keep the version they were made under (subjects the one they were
enrolled under, orders the one they were calculated under), and orders are finalised only under a signed-off
version (docs/domain.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from app.errors import InputError
from app.models import ProtocolVersion, Role, Signature, SignatureMeaning, Subject, User
from app.protocol import Protocol, load_protocol, shipped_protocols
from app.services._common import load, require_any_role
from app.services.audit import SystemActor
from app.services.database import register_check
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign
from app.services.uow import UnitOfWork
from app.text import msg

#: The trial this desk serves; subjects are enrolled under it unless another protocol id is given.
TRIAL_PROTOCOL = "nct07343453"

_REGISTRY = SystemActor("DoseDesk protocol registry")

# Protocol files in use instead of the shipped one of the same id (tests, and a site's own edited file).
_overrides: dict[str, Protocol] = {}


#: The roles whose approvals, by two different people, sign a protocol version off.
SIGNING_ROLES = (Role.INVESTIGATOR, Role.PHARMACIST)


@dataclass(frozen=True)
class Approval:
    """One approval of a protocol version: who (as printed on the signature), their roles then, when."""

    name: str
    roles: tuple[str, ...]
    at: datetime
    user_id: int


@dataclass(frozen=True)
class ProtocolVersionInfo:
    """One registered protocol version, as the Protocol screen shows it."""

    id: int
    protocol_id: str
    version: str
    fingerprint: str
    title: str
    registered_at: datetime
    signed_off: bool
    signed_off_by: str | None
    signed_off_at: datetime | None
    in_use: bool  # True when it is the content of the protocol file DoseDesk uses now
    unconfirmed: tuple[str, ...]  # the file's unconfirmed values (empty when not in use: unknown)
    approvals: tuple[Approval, ...] = ()  # the "approved" e-signatures so far, oldest first
    awaiting: tuple[str, ...] = ()  # the roles whose approval it still needs ("investigator", "pharmacist")

    @property
    def confirmed(self) -> bool:
        return self.signed_off


RegisteredMatch = Literal["registered", "differs", "not registered"]


@dataclass(frozen=True)
class ProtocolIdentity:
    """Which protocol content a result rests on, and how it stands against the registered versions.

    `match`: "registered" (this very content is a registered version), "differs" (a version with this id and
    version number is registered with other content: this file is not that version, whatever its number
    says), or "not registered" (no version with this id and version number is registered)."""

    protocol_id: str
    version: str
    fingerprint: str
    file: str
    match: RegisteredMatch
    signed_off: bool
    registered_fingerprints: tuple[str, ...]  # of the registered versions with this id and version number


# --- the protocol files in use ---------------------------------------------------------------------------


def protocol_file(protocol_id: str) -> Protocol:
    """The protocol file DoseDesk uses for `protocol_id` now: an override if one is set, else the shipped one.

    Found by id only: among the shipped protocol files and the files put in use (and registered) with
    `use_protocol_file`; never a file of that name in the working folder."""
    override = _overrides.get(protocol_id)
    if override is not None:
        return override
    return load_protocol(protocol_id)


def use_protocol_file(protocol: Protocol) -> None:
    """Use `protocol` for its id from now on (a changed file; tests). Register it before records use it."""
    _overrides[protocol.id] = protocol


def reset_protocol_files() -> None:
    """Back to the shipped protocol files."""
    _overrides.clear()


def protocol_of(subject: Subject) -> Protocol:
    """The protocol file in use for a subject's protocol."""
    return protocol_file(subject.protocol_version.protocol_id)


def _find(session: Session, protocol: Protocol) -> ProtocolVersion | None:
    return session.execute(
        select(ProtocolVersion).where(
            ProtocolVersion.protocol_id == protocol.id,
            ProtocolVersion.version == protocol.version,
            ProtocolVersion.fingerprint == protocol.fingerprint,
        )
    ).scalar_one_or_none()


def version_row(uow: UnitOfWork, protocol: Protocol) -> ProtocolVersion:
    """The registered version of `protocol`'s content, registering it first if it is new (inside `with uow:`)."""
    session = uow.session
    found = _find(session, protocol)
    if found is not None:
        return found
    row = ProtocolVersion(
        protocol_id=protocol.id,
        version=protocol.version,
        fingerprint=protocol.fingerprint,
        title=protocol.title,
        registered_at=uow.now(),
    )
    with uow.acting(_REGISTRY, audit_reason("protocol_file_registered", name=protocol.source.name)):
        session.add(row)
    return row


def identify_protocol(uow: UnitOfWork, protocol: Protocol) -> ProtocolIdentity:
    """How `protocol`'s content stands against the versions registered in the database (nothing is changed)."""
    with uow:
        rows = (
            uow.session.execute(
                select(ProtocolVersion).where(
                    ProtocolVersion.protocol_id == protocol.id, ProtocolVersion.version == protocol.version
                )
            )
            .scalars()
            .all()
        )
        same = [row for row in rows if row.fingerprint == protocol.fingerprint]
        match: RegisteredMatch = "registered" if same else ("differs" if rows else "not registered")
        return ProtocolIdentity(
            protocol_id=protocol.id,
            version=protocol.version,
            fingerprint=protocol.fingerprint,
            file=str(protocol.source),
            match=match,
            signed_off=bool(same) and same[0].signed_off,
            registered_fingerprints=tuple(row.fingerprint for row in rows),
        )


def current_version(uow: UnitOfWork, protocol_id: str) -> tuple[Protocol, ProtocolVersion]:
    """The protocol file in use for `protocol_id` and its registered version (inside `with uow:`)."""
    protocol = protocol_file(protocol_id)
    return protocol, version_row(uow, protocol)


def _approvers(session: Session, row: ProtocolVersion) -> list[tuple[Signature, User]]:
    rows = session.execute(
        select(Signature, User)
        .join(User, User.id == Signature.user_id)
        .where(
            Signature.record_table == ProtocolVersion.__tablename__,
            Signature.record_id == row.id,
            Signature.meaning == SignatureMeaning.APPROVED,
        )
        .order_by(Signature.signed_at, Signature.id)
    )
    return [(signature, user) for signature, user in rows]


def _awaiting(signers: list[User]) -> tuple[str, ...]:
    """The roles still to approve, given who approved: none once two different people cover both roles."""
    for first in signers:
        for second in signers:
            if (
                first.id != second.id
                and first.has_role(Role.INVESTIGATOR)
                and second.has_role(Role.PHARMACIST)
            ):
                return ()
    covered = [role for role in SIGNING_ROLES if any(user.has_role(role) for user in signers)]
    if len(covered) == len(SIGNING_ROLES):  # one person holding both roles: either role from someone else
        return tuple(str(role) for role in SIGNING_ROLES)
    return tuple(str(role) for role in SIGNING_ROLES if role not in covered)


def _info(row: ProtocolVersion) -> ProtocolVersionInfo:
    session = object_session(row)
    approvers = _approvers(session, row) if session is not None else []
    approvals = tuple(
        Approval(
            signature.printed_name,
            tuple(sorted(str(role) for role in user.role_names)),
            signature.signed_at,
            user.id,
        )
        for signature, user in approvers
    )
    awaiting = () if row.signed_off else _awaiting([user for _signature, user in approvers])
    try:
        in_use_file: Protocol | None = protocol_file(row.protocol_id)
    except InputError:
        in_use_file = None
    in_use = in_use_file is not None and in_use_file.fingerprint == row.fingerprint
    return ProtocolVersionInfo(
        id=row.id,
        protocol_id=row.protocol_id,
        version=row.version,
        fingerprint=row.fingerprint,
        title=row.title,
        registered_at=row.registered_at,
        signed_off=row.signed_off,
        signed_off_by=row.signed_off_by.full_name if row.signed_off_by is not None else None,
        signed_off_at=row.signed_off_at,
        in_use=in_use,
        unconfirmed=in_use_file.unconfirmed if in_use and in_use_file is not None else (),
        approvals=approvals,
        awaiting=awaiting,
    )


# --- use cases -------------------------------------------------------------------------------------------


def register_protocol(uow: UnitOfWork, protocol: Protocol) -> ProtocolVersionInfo:
    """Register one protocol file's content as a version (nothing new when it is registered already)."""
    with uow:
        row = version_row(uow, protocol)
        uow.session.flush()
        info = _info(row)
        uow.commit()
        return info


def register_shipped_protocols(uow: UnitOfWork) -> list[ProtocolVersionInfo]:
    """Register the content of every protocol file in use (done at start; cheap when nothing changed)."""
    with uow:
        rows = [version_row(uow, protocol_file(name)) for name in shipped_protocols()]
        uow.session.flush()
        infos = [_info(row) for row in rows]
        uow.commit()
        return infos


def list_protocol_versions(uow: UnitOfWork) -> list[ProtocolVersionInfo]:
    """Every registered version, newest first within each protocol."""
    with uow:
        rows = uow.session.execute(
            select(ProtocolVersion).order_by(ProtocolVersion.protocol_id, ProtocolVersion.id.desc())
        ).scalars()
        return [_info(row) for row in rows]


def protocol_version_info(uow: UnitOfWork, protocol_id: str = TRIAL_PROTOCOL) -> ProtocolVersionInfo:
    """The version of the protocol file in use for `protocol_id` (registered if it is new)."""
    with uow:
        _protocol, row = current_version(uow, protocol_id)
        uow.session.flush()
        info = _info(row)
        uow.commit()
        return info


def is_signed_off(uow: UnitOfWork, protocol_id: str = TRIAL_PROTOCOL) -> bool:
    """True when the protocol file in use for `protocol_id` is a version an admin has signed off."""
    with uow:
        row = _find(uow.session, protocol_file(protocol_id))
        return row is not None and row.signed_off


@register_check("protocol approvals", order=55)
def approval_problems(session: Session) -> list[str]:
    """A protocol version is approved at most once by each person (two approvals mean two people)."""
    twice = session.execute(
        select(Signature.record_id, Signature.user_id, func.count())
        .where(
            Signature.record_table == ProtocolVersion.__tablename__,
            Signature.meaning == SignatureMeaning.APPROVED,
        )
        .group_by(Signature.record_id, Signature.user_id)
        .having(func.count() > 1)
        .order_by(Signature.record_id)
    ).all()
    return [
        msg(
            "Protocol version {version} carries {count} approvals by one person: two people must approve it.",
            version=record_id,
            count=count,
        )
        for record_id, _user_id, count in twice
    ]


def sign_off_protocol_version(uow: UnitOfWork, version_id: int, password: str) -> ProtocolVersionInfo:
    """An investigator or a pharmacist approves a version ("approved" e-signature) after reviewing its values;
    with an investigator's and a pharmacist's approvals, by two different people, it is signed off and frozen.

    Refused for a user who is neither, a wrong password, a version already signed off, and a second approval
    by the same person. Two workstations approving at once: the version's row is locked while one signs.
    """
    prove_password(uow, password)
    with uow:
        session = uow.session
        signer = require_any_role(session, uow.user, *SIGNING_ROLES)
        row = load(session, ProtocolVersion, version_id, msg("protocol version"), for_update=True)
        if row.signed_off:
            raise InputError(
                msg(
                    "Protocol {protocol} version {version} is already signed off; a signed-off version is frozen.",
                    protocol=row.protocol_id,
                    version=row.version,
                )
            )
        signers = [user for _signature, user in _approvers(session, row)]
        if any(user.id == signer.id for user in signers):
            raise InputError(
                msg(
                    "You have already approved protocol {protocol} version {version}; it waits for the approval "
                    "of {roles}.",
                    protocol=row.protocol_id,
                    version=row.version,
                    roles=", ".join(_awaiting(signers)),
                )
            )
        complete = not _awaiting([*signers, signer])
        key = "protocol_version_signed_off" if complete else "protocol_version_approved"
        with uow.acting(signer, audit_reason(key, protocol=row.protocol_id, version=row.version)):
            signature = sign(uow, signer, password, SignatureMeaning.APPROVED, row)
            if complete:
                row.signed_off_by_id = signer.id
                row.signed_off_at = signature.signed_at
        session.flush()
        session.refresh(row)
        info = _info(row)
        uow.commit()
        return info
