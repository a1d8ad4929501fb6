"""Audit reasons in the window's language: a reason the services stored in English (a template of
app/services/reasons.py) reaches the chart's History tab and the Admin audit trail of a Chinese window in Chinese;
a reason a person typed is shown as typed; the audit trail's CSV keeps the stored English."""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from decimal import Decimal

from app.models import Visit
from app.services import subjects
from app.services import visits as visit_service

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _enrol_and_book(database, who) -> tuple[int, date]:
    c1d1 = date.today() + timedelta(days=5)
    header = subjects.enrol_subject(
        database.uow(who),
        subject_number="017",
        initials="LW",
        birth_date=date(1965, 3, 4),
        sex="female",
        baseline_weight_kg=Decimal("61.4"),
        height_cm=Decimal("158"),
        planned_c1d1=c1d1,
    )
    with database.session_factory() as session:
        visit = session.query(Visit).filter_by(subject_id=header.id, label="C1D1").one()
        day = visit.suggested_date or visit.target_date
    visit_service.book_visit(database.uow(who), visit.id, day)
    return header.id, day


def test_a_history_rows_reason_reaches_a_chinese_window_in_chinese(chinese, backend, database, staff):
    _admin, coordinator = staff
    subject_id, booked = _enrol_and_book(database, coordinator)
    with database.session_factory() as session:
        visit_id = session.query(Visit.id).filter_by(subject_id=subject_id, label="C1D1").scalar()
    visit_service.cancel_booking(database.uow(coordinator), visit_id, "patient asked")

    chart = backend.subject_chart(subject_id)
    reasons = [row.reason for row in chart.history if row.reason]
    assert "受试者 017 已入组" in reasons, reasons
    assert "入组时生成日程" in reasons, reasons
    assert f"C1D1 已预约于 {booked.isoformat()}" in reasons, reasons
    assert "patient asked" in reasons  # typed by the coordinator: shown as typed
    english = [r for r in reasons if r != "patient asked" and not CHINESE.search(r)]
    assert not english, english


def test_the_audit_trail_says_reasons_in_chinese_and_exports_the_stored_english(
    chinese, qtbot, database, staff, main_window, tmp_path
):
    from app.ui.screens.admin import AdminScreen

    _admin, coordinator = staff
    _enrol_and_book(database, coordinator)
    window = main_window("ada", "admin-pass-1", "zh_CN")
    screen = window.show_screen("admin")
    assert isinstance(screen, AdminScreen)
    model = screen.audit_model
    qtbot.waitUntil(lambda: model.rowCount() > 10, timeout=10_000)
    reason_column = model.columnCount() - 1
    shown = {model.index(row, reason_column).data() for row in range(model.rowCount())}
    assert {"入组时生成日程", "受试者 017 已入组", "已登录"} <= shown, shown
    assert "new staff" in shown  # typed: as typed

    target = tmp_path / "audit.csv"
    screen.export_audit(target)
    assert screen.context.runner.wait_until_idle()
    with target.open(encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    header, body = rows[0], rows[1:]
    assert header[9] == "reason" and CHINESE.search(header[-1])
    pairs = {(r[9], r[-1]) for r in body}
    assert ("calendar generated at enrolment", "入组时生成日程") in pairs, pairs
    assert ("signed in", "已登录") in pairs, pairs
