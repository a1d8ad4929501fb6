"""The patient list model and its filter: qtmodeltester, sorting on typed keys, filtering on every word."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from app.ui.models.patients import PatientFilterProxy, PatientListModel, PatientSummary, SubjectIdRole


def patients(n: int) -> list[PatientSummary]:
    return [
        PatientSummary(
            subject_id=i + 1,
            subject_number=f"{i + 1:03d}",
            initials=("ABC", "LWZ", "ZHM", "CXY")[i % 4],
            status=("on_treatment", "screening", "follow_up")[i % 3],
            cycle=(i % 9) + 1 if i % 3 == 0 else None,
            dose_level_mg_per_kg=(Decimal(5), Decimal(4), Decimal(3))[i % 3] if i % 3 == 0 else None,
            next_visit_label=f"C{(i % 9) + 2}D1",
            next_visit_date=date(2026, 3, 2) + timedelta(days=i % 40),
            attention="overdue" if i % 17 == 0 else "",
        )
        for i in range(n)
    ]


def test_models_pass_qtmodeltester(qtmodeltester):
    model = PatientListModel()
    model.set_patients(patients(30))
    qtmodeltester.check(model)
    proxy = PatientFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("abc")
    qtmodeltester.check(proxy)


def test_filter_keeps_rows_with_every_word():
    model = PatientListModel()
    model.set_patients(patients(40))
    proxy = PatientFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("LWZ screening")
    shown = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert shown and all(
        p.initials == "LWZ" and p.status == "screening" for p in patients(40) if p.subject_number in shown
    )
    expected = [p.subject_number for p in patients(40) if p.initials == "LWZ" and p.status == "screening"]
    assert sorted(shown) == expected
    proxy.set_filter_text("")
    assert proxy.rowCount() == 40


def test_sorting_uses_dates_and_numbers_not_text():
    model = PatientListModel()
    rows = patients(12)
    model.set_patients(rows)
    proxy = PatientFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(5, Qt.SortOrder.AscendingOrder)
    ids = [proxy.index(r, 0).data(SubjectIdRole) for r in range(proxy.rowCount())]
    dates = [next(p.next_visit_date for p in rows if p.subject_id == i) for i in ids]
    assert dates == sorted(dates)
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 4).data() == "5 mg/kg"


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abclwz0123 ", max_size=6))
def test_filter_matches_a_plain_search(text):
    model = PatientListModel()
    model.set_patients(patients(25))
    proxy = PatientFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text(text)
    words = text.casefold().split()
    expected = sum(all(w in key for w in words) for key in model.search_keys)
    assert proxy.rowCount() == expected


def test_the_invalid_index_has_no_data():
    from PySide6.QtCore import QModelIndex

    model = PatientListModel()
    model.set_patients(patients(3))
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, SubjectIdRole):
        assert model.data(QModelIndex(), role) is None
