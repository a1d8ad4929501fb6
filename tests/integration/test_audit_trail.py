"""The Admin screen's audit trail query: filters, order, and who may read it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from app.errors import InputError
from app.services.audit_trail import audit_trail
from app.services.uow import SqlUnitOfWork
from app.services.users import NotAllowedError, create_user


def test_filters_and_newest_first(make_uow: Callable[..., SqlUnitOfWork]) -> None:
    admin = create_user(make_uow(None, "first administrator"), "li.na", "Li Na", "correct horse 1", ["admin"])
    create_user(
        make_uow(admin, "new pharmacist"), "wang.fang", "Wang Fang", "correct horse 2", ["pharmacist"]
    )
    rows = audit_trail(make_uow(admin))
    assert rows, "creating users writes audit rows"
    assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
    assert {r.table_name for r in rows} >= {"users"}
    assert all(r.user_name for r in rows)
    by_admin = audit_trail(make_uow(admin), who="LI NA")
    assert by_admin and all("li na" in r.user_name.lower() for r in by_admin)
    assert audit_trail(make_uow(admin), who="nobody of that name") == []
    assert audit_trail(make_uow(admin), what="no_such_table") == []
    today = date.today()
    assert audit_trail(make_uow(admin), since=today - timedelta(days=1), until=today + timedelta(days=1))
    assert audit_trail(make_uow(admin), until=today - timedelta(days=2)) == []
    assert len(audit_trail(make_uow(admin), limit=1)) == 1


def test_only_an_administrator_reads_it(make_uow: Callable[..., SqlUnitOfWork]) -> None:
    admin = create_user(make_uow(None, "first administrator"), "li.na", "Li Na", "correct horse 1", ["admin"])
    pharmacist = create_user(
        make_uow(admin, "new"), "wang.fang", "Wang Fang", "correct horse 2", ["pharmacist"]
    )
    with pytest.raises(NotAllowedError):
        audit_trail(make_uow(pharmacist))


def test_impossible_filters_are_refused(make_uow: Callable[..., SqlUnitOfWork]) -> None:
    admin = create_user(make_uow(None, "first administrator"), "li.na", "Li Na", "correct horse 1", ["admin"])
    with pytest.raises(InputError, match="after"):
        audit_trail(make_uow(admin), since=date(2026, 3, 2), until=date(2026, 3, 1))
    with pytest.raises(InputError):
        audit_trail(make_uow(admin), limit=0)
