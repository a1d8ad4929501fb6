"""The audit trail in the user's words: every audited record, column and coded value has a word; the chart's
History tab and the Admin screen's audit trail, read from a real database in a Chinese window, show no
programmer's code, column name or UTC timestamp; an English window shows spaced words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Enum

from app.models import Base, Visit
from app.models.base import is_row_version
from app.services import clinical, subjects
from app.services import visits as visit_service
from app.services.audit import REDACTED, canonical_value
from app.ui.words import audit_action, audit_record, audit_value, coded_value, field_name, table_noun

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # booked_date, stock_movements, follow_up …


def _audited() -> list[type[Base]]:
    return sorted(
        (m.class_ for m in Base.registry.mappers if getattr(m.class_, "__audited__", False)),
        key=lambda c: c.__tablename__,
    )


def _columns() -> list[tuple[str, str, Enum | None]]:
    found = []
    for model in _audited():
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            if is_row_version(model, column.key):
                continue  # counts the row's updates; never on the audit trail
            coded = column.type if isinstance(column.type, Enum) and column.type.enum_class else None
            found.append((model.__tablename__, column.key, coded))
    return found


def _codes() -> set[str]:
    """Every raw name a user must never read: tables, columns, coded values."""
    codes = {model.__tablename__ for model in _audited()}
    for _table, column, coded in _columns():
        codes.add(column)
        if coded is not None:
            codes.update(str(v.value) for v in coded.enum_class)  # type: ignore[union-attr]
    return codes


def test_every_audited_table_column_and_coded_value_has_a_chinese_word(chinese):
    assert len(_columns()) > 150, "suspiciously few audited columns"
    missing = [
        f"{table}.{column}"
        for table, column, _coded in _columns()
        if not CHINESE.search(field_name(column, table))
    ]
    missing += [
        model.__tablename__ for model in _audited() if not CHINESE.search(table_noun(model.__tablename__))
    ]
    for table, column, coded in _columns():
        if coded is None:
            continue
        for member in coded.enum_class:  # type: ignore[union-attr]
            if not CHINESE.search(coded_value(table, column, str(member.value))):
                missing.append(f"{table}.{column} = {member.value}")
    assert not missing, "audited names without a word in app/ui/words.py:\n" + "\n".join(missing)


def test_english_words_are_spaced_and_unknown_names_stay_as_they_are(qapp):
    for table, column, coded in _columns():
        word = field_name(column, table)
        assert "_" not in word, (table, column, word)
        for member in coded.enum_class if coded is not None else ():  # type: ignore[union-attr]
            assert "_" not in coded_value(table, column, str(member.value))
    assert field_name("booked_date", "visits") == "booked date"
    assert field_name("prepared_by_id", "infusion_orders") == "prepared by"
    assert table_noun("stock_movements") == "stock movement"
    assert audit_record("visits", "362") == "visit #362"
    assert audit_value("follow_up", "subjects", "status") == "follow-up"
    assert audit_value("room", "infusion_orders", "beyond_use_storage") == "room temperature"
    assert field_name("no_such_column", "visits") == "no_such_column"
    assert table_noun("no_such_table") == "no_such_table"
    assert audit_value("mystery_code", "visits", "status") == "mystery_code"


def test_values_read_as_words_in_chinese(chinese):
    assert audit_value("planned", "visits", "status") == "计划中"
    assert audit_value("booked", "visits", "status") == "已预约"
    assert audit_value("prescribed", "infusion_orders", "status") == "已开具"
    assert audit_value("room", "infusion_orders", "beyond_use_storage") == "室温"
    assert audit_value("creatinine", "lab_results", "lab") == "肌酐"
    assert audit_value("infusion_orders", "signatures", "record_table") == "医嘱"
    assert audit_value(REDACTED, "users", "password_hash") == "（已更改；未记录）"
    assert audit_value("true", "infusion_orders", "warnings_acknowledged") == "是"
    assert field_name("administration_recorded_by_id", "infusion_orders") == "给药记录人"
    assert audit_action("update") == "已更改"
    moment = datetime(2026, 11, 26, 7, 5, tzinfo=UTC)
    local = moment.astimezone().strftime("%Y-%m-%d %H:%M")
    assert audit_value(canonical_value(moment), "infusion_orders", "verified_at") == local
    created = '{"id":"4","label":"C1D1","status":"planned","kind":"dose","cycle":"1","subject_id":"2"}'
    assert audit_value(created, "visits") == "访视编号：C1D1；状态：计划中；类型：给药；周期：1"


def _no_code_left(text: str, codes: set[str]) -> list[str]:
    problems = []
    if ISO_TIME.search(text):
        problems.append(f"UTC timestamp in {text!r}")
    for name in IDENTIFIER.findall(text):
        problems.append(f"{name!r} in {text!r}")
    for piece in re.split(r"[；：]", text):
        if piece.strip() in codes:
            problems.append(f"code {piece!r} in {text!r}")
    return problems


def _treat(database, who) -> int:
    """A subject with a booked C1D1, a weight and labs, one lab cancelled: creates and updates of several
    kinds of record."""
    c1d1 = date.today() + timedelta(days=5)
    header = subjects.enrol_subject(
        database.uow(who, "enrolled"),
        subject_number="017",
        initials="LW",
        birth_date=date(1965, 3, 4),
        sex="female",
        baseline_weight_kg=Decimal("61.4"),
        height_cm=Decimal("158"),
        planned_c1d1=c1d1,
        allergies="penicillin",
    )
    with database.session_factory() as session:
        visit_id = session.query(Visit.id).filter_by(subject_id=header.id, label="C1D1").scalar()
    visit_service.book_visit(database.uow(who, "booked"), visit_id, c1d1 + timedelta(days=1), "patient asked")
    clinical.record_weight(database.uow(who), header.id, Decimal("60.8"), date.today(), "Nurse Ho")
    recorded = clinical.record_labs(
        database.uow(who),
        header.id,
        [
            clinical.LabInput("creatinine", Decimal("80"), "umol/L"),
            clinical.LabInput("neutrophils", Decimal("2.1"), "10^9/L"),
        ],
        date.today(),
    )
    clinical.cancel_lab(database.uow(who), recorded[0].lab.id, "entered twice")
    return header.id


def test_a_real_history_reads_in_chinese_without_codes(chinese, backend, database, staff):
    _admin, coordinator = staff
    subject_id = _treat(database, coordinator)
    chart = backend.subject_chart(subject_id)
    assert len(chart.history) > 5
    codes = _codes()
    problems = []
    for row in chart.history:
        for text in (row.what, row.field or "", row.old or "", row.new or ""):
            problems += _no_code_left(text, codes)
        assert CHINESE.search(row.what), row
        assert not row.field or CHINESE.search(row.field), row
    assert not problems, "\n".join(problems)
    whats = " ".join(row.what for row in chart.history)
    assert "肌酐" in whats and "creatinine" not in whats
    fields = {row.field for row in chart.history}
    assert {"状态", "预约日期"} <= fields, fields
    changes = {(row.field, row.old, row.new) for row in chart.history}
    assert ("状态", "计划中", "已预约") in changes, changes
    assert ("已取消", "否", "是") in changes, changes


def test_a_real_audit_trail_reads_in_chinese_without_codes(
    chinese, qtbot, database, staff, main_window, tmp_path
):
    import csv

    from app.ui.screens.admin import AdminScreen

    _admin, coordinator = staff
    _treat(database, coordinator)
    window = main_window("ada", "admin-pass-1", "zh_CN")
    screen = window.show_screen("admin")
    assert isinstance(screen, AdminScreen)
    model = screen.audit_model
    qtbot.waitUntil(lambda: model.rowCount() > 10, timeout=10_000)
    codes = _codes()
    problems = []
    tables = set()
    for row in range(model.rowCount()):
        tables.add(model.record(row).table)
        cells = [model.index(row, column).data() for column in range(model.columnCount())]
        _when, _who, action, record, field, before, after, _reason = cells
        assert CHINESE.search(action), cells
        assert CHINESE.search(record), cells
        assert not field or CHINESE.search(field), cells
        for text in (action, record, field, before, after):
            problems += _no_code_left(text, codes)
    assert not problems, "\n".join(problems)
    assert {"users", "user_roles", "subjects", "visits", "lab_results"} <= tables
    # The time column is as wide as its text: nothing wrapped or clipped.
    view = screen.audit_view
    needed = view.sizeHintForColumn(0)
    assert view.columnWidth(0) >= needed > 0
    assert not view.wordWrap()

    target = tmp_path / "audit.csv"
    screen.export_audit(target)
    assert screen.context.runner.wait_until_idle()
    with target.open(encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    header, body = rows[0], rows[1:]
    assert header[:10] == ["id", "at", "who", "action", "table", "record_id", "field", "old", "new", "reason"]
    assert all(CHINESE.search(title) for title in header[10:])
    assert len(body) == model.rowCount()
    assert {r[4] for r in body} == tables  # the stored codes are kept, for comparison with the database
    assert all(not _no_code_left(" ".join(r[11:16]), codes) for r in body)
