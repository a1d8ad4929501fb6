"""The closed vocabularies the records use, in the trial's words.

Each is a `StrEnum`, so a member equals its plain string (`VisitStatus.BOOKED == "booked"`). The visit kinds and
statuses and the order statuses are the clinical core's own enums (`app.scheduling.kinds`,
`app.dosing.order_status`), defined once there: the columns store their values.
"""

from __future__ import annotations

import enum
import re
from typing import Any

from sqlalchemy import Enum

from app.dosing.order_status import (
    GIVEN_ORDER_STATUSES,
    OPEN_ORDER_STATUSES,
    UNVERIFIED_ORDER_STATUSES,
    OrderStatus,
)
from app.scheduling.kinds import VisitKind, VisitStatus

__all__ = [
    "GIVEN_ORDER_STATUSES",
    "OPEN_ORDER_STATUSES",
    "UNVERIFIED_ORDER_STATUSES",
    "AuditAction",
    "BeyondUseStorage",
    "DecisionAction",
    "InfusionEventKind",
    "OrderStatus",
    "OrderStep",
    "Resume",
    "Role",
    "Sex",
    "SignatureMeaning",
    "SubjectStatus",
    "VisitKind",
    "VisitStatus",
    "enum_type",
]


class Role(enum.StrEnum):
    ADMIN = "admin"
    PHARMACIST = "pharmacist"
    COORDINATOR = "coordinator"
    INVESTIGATOR = "investigator"
    NURSE = "nurse"  # gives the infusion: starts and stops it


class Sex(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


class SubjectStatus(enum.StrEnum):
    SCREENING = "screening"
    SCREEN_FAILED = "screen_failed"
    ON_TREATMENT = "on_treatment"
    FOLLOW_UP = "follow_up"  # treatment stopped; safety and survival follow-up
    OFF_STUDY = "off_study"  # death, withdrawal, lost to follow-up or study end


class DecisionAction(enum.StrEnum):
    """What a toxicity decision does to treatment (mirrors the protocol's rule actions, plus 'continue')."""

    CONTINUE = "continue"
    HOLD = "hold"
    DISCONTINUE = "discontinue"


class Resume(enum.StrEnum):
    SAME = "same"
    REDUCE = "reduce"


class OrderStep(enum.StrEnum):
    CREATED = "created"
    PRESCRIBED = "prescribed"
    MISMATCH = "mismatch"  # a blind verification whose figures did not match (recorded, not signed)
    VERIFIED = "verified"
    PREPARED = "prepared"
    CHECKED = "checked"
    REMADE = "remade"  # the bag was wasted; a new one follows
    STARTED = "started"
    COMPLETED = "completed"
    STOPPED = "stopped"
    ADMINISTERED = "administered"  # recorded in one step before the bedside steps existed
    CANCELLED = "cancelled"


class InfusionEventKind(enum.StrEnum):
    INTERRUPTION = "interruption"
    REACTION = "reaction"


class BeyondUseStorage(enum.StrEnum):
    ROOM = "room"
    FRIDGE = "fridge"


class SignatureMeaning(enum.StrEnum):
    PRESCRIBED = "prescribed"
    VERIFIED = "verified"
    PREPARED = "prepared"
    CHECKED = "checked"
    STARTED = "started"
    COMPLETED = "completed"
    STOPPED = "stopped"
    CANCELLED = "cancelled"
    ADMINISTERED = "administered"  # older orders: given, recorded in one step
    APPROVED = "approved"


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    CANCEL = "cancel"
    DELETE = "delete"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def enum_type(enum_class: type[enum.StrEnum], name: str | None = None) -> Enum:
    """A portable column type for a StrEnum: a short string plus a CHECK constraint listing the values.

    `name` names the CHECK constraint (default: the class name in snake case); give one when a table has two
    columns of the same enum, since constraint names must differ within a table.
    """
    values: list[str] = [member.value for member in enum_class]
    return Enum(
        enum_class,
        name=name or _snake(enum_class.__name__),
        native_enum=False,
        create_constraint=True,
        length=max(len(v) for v in values),
        values_callable=_values,
        validate_strings=True,
    )


def _values(enum_class: Any) -> list[str]:
    return [member.value for member in enum_class]
