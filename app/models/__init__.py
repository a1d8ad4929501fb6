"""SQLAlchemy 2 mapped classes for DoseDesk's records, the engine set-up and the Alembic migrations.

Import the classes from here: `from app.models import Subject, Visit, InfusionOrder, …`.
"""

from app.models.audit import GENESIS_HASH, AuditLog
from app.models.base import Base
from app.models.eligibility import EligibilityDecision, ScreeningEvidence
from app.models.enums import (
    GIVEN_ORDER_STATUSES,
    OPEN_ORDER_STATUSES,
    UNVERIFIED_ORDER_STATUSES,
    AuditAction,
    BeyondUseStorage,
    DecisionAction,
    InfusionEventKind,
    OrderStatus,
    OrderStep,
    Resume,
    Role,
    Sex,
    SignatureMeaning,
    SubjectStatus,
    VisitKind,
    VisitStatus,
)
from app.models.orders import InfusionBag, InfusionEvent, InfusionOrder, InfusionOrderStep, PreparationLine
from app.models.protocol_versions import ProtocolVersion
from app.models.settings import SiteSetting
from app.models.stock import Lot, LotStatus, MovementKind, Shipment, StockMovement
from app.models.subjects import LAB_IMPORTED, LAB_TYPED, LabResult, Subject, Visit, Weight
from app.models.toxicity import DoseLevelChange, Hold, Toxicity, ToxicityDecision
from app.models.users import Signature, User, UserRole

__all__ = [
    "GENESIS_HASH",
    "GIVEN_ORDER_STATUSES",
    "LAB_IMPORTED",
    "LAB_TYPED",
    "OPEN_ORDER_STATUSES",
    "UNVERIFIED_ORDER_STATUSES",
    "AuditAction",
    "AuditLog",
    "Base",
    "BeyondUseStorage",
    "DecisionAction",
    "DoseLevelChange",
    "EligibilityDecision",
    "Hold",
    "InfusionBag",
    "InfusionEvent",
    "InfusionEventKind",
    "InfusionOrder",
    "InfusionOrderStep",
    "LabResult",
    "Lot",
    "LotStatus",
    "MovementKind",
    "OrderStatus",
    "OrderStep",
    "PreparationLine",
    "ProtocolVersion",
    "Resume",
    "Role",
    "ScreeningEvidence",
    "Sex",
    "Shipment",
    "Signature",
    "SignatureMeaning",
    "SiteSetting",
    "StockMovement",
    "Subject",
    "SubjectStatus",
    "Toxicity",
    "ToxicityDecision",
    "User",
    "UserRole",
    "Visit",
    "VisitKind",
    "VisitStatus",
    "Weight",
]
