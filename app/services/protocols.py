"""Protocol versions: registered by fingerprint, reviewed and signed off by an admin, then frozen.

    register_shipped_protocols(uow)                     # every file under resources/protocols, once each
    sign_off_protocol_version(uow, version_id, pw)      # an admin's "approved" e-signature; frozen afterwards
    is_signed_off(uow, "nct07343453")                   # is the protocol file in use signed off?

A version is one protocol file's content: its id, its version text and the SHA-256 of the file. A file that
changes, even by one byte, is a new version, unconfirmed until an admin signs it off; the database refuses any
change to a signed-off version. Records keep the version they were made under (subjects the one they were
enrolled under, orders the one they were calculated under), and orders are finalised only under a signed-off
version (DOMAIN.md section 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputError
from app.models import ProtocolVersion, Role, SignatureMeaning, Subject
from app.protocol import Protocol, load_protocol, shipped_protocols
from app.services._common import load, require_any_role
from app.services.audit import SystemActor
from app.services.reasons import reason as audit_reason
from app.services.signatures import prove_password, sign
from app.services.uow import UnitOfWork
from app.text import msg

#: The trial this desk serves; subjects are enrolled under it unless another protocol id is given.
TRIAL_PROTOCOL = "nct07343453"

_REGISTRY = SystemActor("DoseDesk protocol registry")

# Protocol files in use instead of the shipped one of the same id (tests, and a site's own edited file).
_overrides: dict[str, Protocol] = {}


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


def _info(row: ProtocolVersion) -> ProtocolVersionInfo:
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


def sign_off_protocol_version(uow: UnitOfWork, version_id: int, password: str) -> ProtocolVersionInfo:
    """An admin reviews a version and signs it off ("approved" e-signature); it is frozen afterwards.

    Refused for a user without the admin role, a wrong password, or a version already signed off.
    """
    prove_password(uow, password)
    with uow:
        session = uow.session
        admin = require_any_role(session, uow.user, Role.ADMIN)
        row = load(session, ProtocolVersion, version_id, msg("protocol version"))
        if row.signed_off:
            raise InputError(
                msg(
                    "Protocol {protocol} version {version} is already signed off; a signed-off version is frozen.",
                    protocol=row.protocol_id,
                    version=row.version,
                )
            )
        with uow.acting(
            admin, audit_reason("protocol_version_signed_off", protocol=row.protocol_id, version=row.version)
        ):
            signature = sign(uow, admin, password, SignatureMeaning.APPROVED, row)
            row.signed_off_by_id = admin.id
            row.signed_off_at = signature.signed_at
        session.flush()
        session.refresh(row)
        info = _info(row)
        uow.commit()
        return info
