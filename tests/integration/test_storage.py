"""The database: created on first start, exact Decimals and UTC times on both engines, connection rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.models import Subject, SubjectStatus, Weight
from app.models.types import canonical_decimal
from app.services.database import Database, open_database
from app.services.uow import SqlUnitOfWork

from ._records import add_subject


def test_a_new_database_is_created_at_the_newest_schema(database: Database, uow: SqlUnitOfWork) -> None:
    subject_id = add_subject(uow)
    with uow:
        subject = uow.session.get(Subject, subject_id)
        assert subject is not None
        assert subject.status is SubjectStatus.SCREENING
        assert subject.baseline_weight_kg == Decimal("61.4")


def test_reopening_keeps_the_records(database_url: str) -> None:
    first = open_database(database_url)
    assert first.created
    add_subject(SqlUnitOfWork(first.session_factory, _Test()), "A-1")
    first.dispose()
    second = open_database(database_url)
    assert not second.created
    with second.uow(_Test()) as uow:
        assert uow.session.execute(select(Subject.subject_number)).scalars().all() == ["A-1"]
    second.dispose()


class _Test:
    id = None
    full_name = "test"


decimals = st.decimals(
    allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=None
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        decimals, st.sampled_from([Decimal("5.0"), Decimal("0.10"), Decimal("1E+2"), Decimal("-0")])
    )
)
def test_decimals_round_trip_exactly(database: Database, value: Decimal) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    subject_id = _subject_id(uow)
    with uow:
        weight = Weight(
            subject_id=subject_id,
            weight_kg=value,
            measured_on=date(2026, 1, 5),
            measured_by="nurse",
            recorded_at=uow.now(),
        )
        uow.session.add(weight)
        uow.commit()
    with database.session_factory() as session:
        stored = session.execute(select(Weight.weight_kg).where(Weight.id == weight.id)).scalar_one()
    assert stored == value
    assert isinstance(stored, Decimal)
    # Exactly the same digits and scale (only exponent notation spelled out and negative zero made zero).
    assert stored.as_tuple() == canonical_decimal(value).as_tuple()
    if value.as_tuple().exponent <= 0 and not value.is_zero():  # type: ignore[operator]
        assert stored.as_tuple() == value.as_tuple()


def _subject_id(uow: SqlUnitOfWork) -> int:
    with uow:
        found = uow.session.execute(select(Subject.id).limit(1)).scalar()
    return found if found is not None else add_subject(uow)


def test_floats_are_refused(database: Database) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    subject_id = _subject_id(uow)
    with uow, pytest.raises(Exception, match="exact Decimal"):
        uow.session.add(
            Weight(
                subject_id=subject_id,
                weight_kg=61.4,
                measured_on=date(2026, 1, 5),
                measured_by="n",
                recorded_at=uow.now(),
            )  # type: ignore[arg-type]
        )
        uow.session.flush()


def test_times_come_back_aware_in_utc(database: Database) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    shanghai = timezone(timedelta(hours=8))
    moment = datetime(2026, 2, 14, 9, 30, 15, 123456, tzinfo=shanghai)
    subject_id = _subject_id(uow)
    with uow:
        weight = Weight(
            subject_id=subject_id,
            weight_kg=Decimal(60),
            measured_on=date(2026, 2, 14),
            measured_by="n",
            recorded_at=moment,
        )
        uow.session.add(weight)
        uow.commit()
    with database.session_factory() as session:
        stored = session.execute(select(Weight.recorded_at).where(Weight.id == weight.id)).scalar_one()
    assert stored == moment
    assert stored.tzinfo is UTC or stored.utcoffset() == timedelta(0)
    assert stored.hour == 1


def test_naive_times_are_refused(database: Database) -> None:
    uow = SqlUnitOfWork(database.session_factory, _Test())
    subject_id = _subject_id(uow)
    with uow, pytest.raises(Exception, match="time zone"):
        uow.session.add(
            Weight(
                subject_id=subject_id,
                weight_kg=Decimal(60),
                measured_on=date(2026, 2, 14),
                measured_by="n",
                recorded_at=datetime(2026, 2, 14),
            )
        )
        uow.session.flush()
