"""Builders shared by the stock tests (no tests here): users, subjects with dose visits, orders, lots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import count

from sqlalchemy import func, select

from app.models import (
    AuditLog,
    BeyondUseStorage,
    InfusionBag,
    InfusionOrder,
    OrderStatus,
    PreparationLine,
    ProtocolVersion,
    Role,
    Sex,
    Signature,
    Subject,
    SubjectStatus,
    User,
    Visit,
    VisitKind,
    VisitStatus,
    Weight,
)
from app.models.stock import Lot, Shipment, StockMovement
from app.protocol import load_protocol
from app.services import stock, users
from app.services.audit import SystemActor
from app.services.database import Database
from app.services.uow import SqlUnitOfWork
from app.services.users import UserInfo

PASSWORD = "correct horse"
PROTOCOL = "nct07343453"
TODAY = date(2026, 3, 2)
VIAL = load_protocol(PROTOCOL).product.vial_strength_mg

_numbers = count(1)


@dataclass(frozen=True)
class People:
    admin: UserInfo
    pharmacist: UserInfo
    investigator: UserInfo


def clock(day: date = TODAY, hour: int = 2) -> datetime:
    """A fixed UTC instant on `day` (02:00 UTC: the same date in China and in UTC)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def people(database: Database) -> People:
    admin = users.create_user(database.uow(), "li.na", "Li Na", PASSWORD, [Role.ADMIN])
    pharmacist = users.create_user(
        database.uow(admin, "new pharmacist"), "wang.fang", "Wang Fang", PASSWORD, [Role.PHARMACIST]
    )
    investigator = users.create_user(
        database.uow(admin, "new investigator"), "dr.huang", "Huang Wei", PASSWORD, [Role.INVESTIGATOR]
    )
    return People(admin, pharmacist, investigator)


def pharmacy(database: Database, user: UserInfo, day: date = TODAY) -> SqlUnitOfWork:
    """A unit of work acting as `user`, whose clock reads `day`."""
    return SqlUnitOfWork(database.session_factory, user, "stock test", clock=lambda: clock(day))


def receive(
    database: Database,
    user: UserInfo,
    *lots: tuple[str, int, date],
    reference: str | None = None,
    day: date = TODAY,
    strength: Decimal = VIAL,
    quarantine_reason: str | None = None,
) -> list[stock.LotSummary]:
    return stock.receive_shipment(
        pharmacy(database, user, day),
        reference=reference or f"SH-{next(_numbers):04d}",
        received_on=day,
        lots=[stock.LotReceipt(number, strength, expiry, vials) for number, vials, expiry in lots],
        protocol_id=PROTOCOL,
        quarantine_reason=quarantine_reason,
    )


def protocol_version(uow: SqlUnitOfWork, protocol_id: str = PROTOCOL) -> ProtocolVersion:
    version = uow.session.execute(
        select(ProtocolVersion).where(ProtocolVersion.protocol_id == protocol_id).limit(1)
    ).scalar_one_or_none()
    if version is None:
        version = ProtocolVersion(
            protocol_id=protocol_id,
            version="1.0",
            fingerprint=load_protocol(protocol_id).fingerprint,
            title=load_protocol(protocol_id).title,
            registered_at=uow.now(),
        )
        uow.session.add(version)
        uow.session.flush()
    return version


def enrol(
    database: Database,
    number: str,
    *,
    baseline: str = "61.4",
    level: str | None = "5",
    status: SubjectStatus = SubjectStatus.ON_TREATMENT,
    protocol_id: str = PROTOCOL,
) -> int:
    uow = SqlUnitOfWork(database.session_factory, SystemActor("test"), "test set-up")
    with uow:
        record = Subject(
            subject_number=number,
            initials="LW",
            birth_date=date(1961, 3, 4),
            sex=Sex.FEMALE,
            baseline_weight_kg=Decimal(baseline),
            height_cm=Decimal("158"),
            protocol_version=protocol_version(uow, protocol_id),
            status=status,
            current_dose_level_mg_per_kg=Decimal(level) if level else None,
            enrolled_at=uow.now(),
        )
        uow.session.add(record)
        uow.commit()
        return record.id


def add_weight(database: Database, subject_id: int, kg: str, on: date, *, cancelled: bool = False) -> None:
    uow = SqlUnitOfWork(database.session_factory, SystemActor("test"), "test set-up")
    with uow:
        uow.session.add(
            Weight(
                subject_id=subject_id,
                weight_kg=Decimal(kg),
                measured_on=on,
                measured_by="nurse Chen",
                recorded_at=uow.now(),
                cancelled=cancelled,
            )
        )
        uow.commit()


def add_visit(
    database: Database,
    subject_id: int,
    label: str,
    target: date,
    *,
    booked: date | None = None,
    status: VisitStatus | None = None,
    kind: VisitKind = VisitKind.DOSE,
) -> int:
    uow = SqlUnitOfWork(database.session_factory, SystemActor("test"), "test set-up")
    with uow:
        visit = Visit(
            subject_id=subject_id,
            label=label,
            kind=kind,
            target_date=target,
            window_start=target - timedelta(days=3),
            window_end=target + timedelta(days=3),
            booked_date=booked,
            status=status or (VisitStatus.BOOKED if booked else VisitStatus.PLANNED),
        )
        uow.session.add(visit)
        uow.commit()
        return visit.id


def make_order(
    uow: SqlUnitOfWork,
    *,
    vials: int = 2,
    waste: str = "92",
    final: str = "308",
    status: OrderStatus = OrderStatus.VERIFIED,
    lines: tuple[tuple[str, date, int], ...] = (),
    subject_number: str | None = None,
    protocol_id: str = PROTOCOL,
) -> InfusionOrder:
    """An order (inside an open unit of work) with its subject, visit and weight, and preparation lines."""
    n = next(_numbers)
    with uow.acting(SystemActor("test"), "test set-up"):
        record = Subject(
            subject_number=subject_number or f"S-{n:04d}",
            initials="LW",
            birth_date=date(1961, 3, 4),
            sex=Sex.FEMALE,
            baseline_weight_kg=Decimal("61.4"),
            height_cm=Decimal("158"),
            protocol_version=protocol_version(uow, protocol_id),
            status=SubjectStatus.ON_TREATMENT,
            enrolled_at=uow.now(),
        )
        uow.session.add(record)
        uow.session.flush()
        visit = Visit(
            subject_id=record.id,
            label="C1D1",
            kind=VisitKind.DOSE,
            cycle=1,
            day=1,
            target_date=TODAY,
            window_start=TODAY - timedelta(days=3),
            window_end=TODAY + timedelta(days=3),
        )
        measured = Weight(
            subject_id=record.id,
            weight_kg=Decimal("61.4"),
            measured_on=TODAY,
            measured_by="nurse Chen",
            recorded_at=uow.now(),
        )
        uow.session.add_all([visit, measured])
        uow.session.flush()
        order = InfusionOrder(
            order_number=f"ORD-{n:06d}",
            subject_id=record.id,
            visit_id=visit.id,
            protocol_version_id=record.protocol_version_id,
            planned_date=TODAY,
            created_at=uow.now(),
            weight_id=measured.id,
            weight_kg=Decimal("61.4"),
            weight_measured_on=TODAY,
            dose_level_mg_per_kg=Decimal("5"),
            calculated_dose_mg=Decimal("307"),
            final_dose_mg=Decimal(final),
            concentration_mg_per_ml=Decimal("20"),
            volume_to_draw_ml=Decimal(final) / Decimal("20"),
            vials=vials,
            waste_mg=Decimal(waste),
            bag_volume_ml=Decimal("100"),
            final_concentration_mg_per_ml=Decimal("2.669"),
            infusion_minutes=60,
            status=status,
        )
        uow.session.add(order)
        uow.session.flush()
        if lines:  # the bag they went into, made by the acting user (else the first user there is)
            maker = uow.user.id if uow.user is not None and uow.user.id is not None else None
            maker = maker or uow.session.execute(select(User.id).order_by(User.id).limit(1)).scalar_one()
            bag = InfusionBag(
                order_id=order.id,
                number=1,
                prepared_by_id=maker,
                prepared_at=uow.now(),
                beyond_use_at=uow.now() + timedelta(hours=4),
                beyond_use_storage=BeyondUseStorage.ROOM,
            )
            uow.session.add(bag)
            uow.session.flush()
        for lot_number, expiry, count_ in lines:
            uow.session.add(
                PreparationLine(
                    order_id=order.id,
                    bag_id=bag.id,
                    lot_number=lot_number,
                    lot_expiry=expiry,
                    vials=count_,
                    volume_drawn_ml=Decimal("10"),
                )
            )
        uow.session.flush()
        uow.session.refresh(order)
    return order


def counts(database: Database) -> dict[str, int]:
    """Rows in the stock tables, the audit log and the signatures: "nothing changed" compares these."""
    with database.session_factory() as session:
        return {
            model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Shipment, Lot, StockMovement, AuditLog, Signature)
        } | {
            "balances": tuple(
                session.execute(
                    select(Lot.lot_number, Lot.on_hand_vials, Lot.status).order_by(Lot.lot_number)
                ).all()
            )
        }
