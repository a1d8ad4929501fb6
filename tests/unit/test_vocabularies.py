"""One vocabulary per concept: the visit kinds, visit statuses and order statuses are the core's enums, used by the
records, the paper and the window alike; every value has its words in English and Chinese, and a value added in
one place only fails here."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Enum

from app import models
from app.catalogue import say
from app.dosing import order_status
from app.dosing.order_status import (
    ORDER_STATUS_WORDS,
    RETIRED_ORDER_STATUS_WORDS,
    OrderStatus,
    order_status_words,
)
from app.printing import data, pharmacy_words, texts
from app.printing.patient_calendar import KIND_COLOURS
from app.scheduling import kinds
from app.scheduling.kinds import VISIT_KIND_WORDS, VISIT_STATUS_WORDS, VisitKind, VisitStatus
from app.services import _words
from app.text import Message

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# The values the records store (migration 0001 and the upgrades after it): renaming one needs a migration.
STORED = {
    VisitKind: {
        "screening",
        "dose",
        "tumour_assessment",
        "end_of_treatment",
        "safety_follow_up",
        "survival_follow_up",
    },
    VisitStatus: {"planned", "booked", "done", "omitted", "missed", "cancelled"},
    OrderStatus: {
        "draft",
        "prescribed",
        "verified",
        "prepared",
        "checked",
        "started",
        "completed",
        "stopped",
        "cancelled",
    },
}

WORDS: list[tuple[type, dict]] = [
    (VisitKind, VISIT_KIND_WORDS),
    (VisitStatus, VISIT_STATUS_WORDS),
    (OrderStatus, ORDER_STATUS_WORDS),
]


def _values(enum: type) -> set[str]:
    return {member.value for member in enum}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("enum", "words"), WORDS, ids=lambda x: getattr(x, "__name__", ""))
def test_every_value_has_its_words_in_english_and_chinese(enum: type, words: dict) -> None:
    assert set(words) == set(enum), f"{enum.__name__}: values without words, or words without a value"
    for member, word in words.items():
        assert isinstance(word, Message), (member, word)
        english = say(word, "en")
        assert english and "_" not in english, (member, english)
        chinese = say(word, "zh")
        assert CHINESE.search(chinese), f"{member}: '{english}' has no Chinese in the catalogue"
    for code, word in RETIRED_ORDER_STATUS_WORDS.items():
        assert code not in _values(OrderStatus)
        assert CHINESE.search(say(word, "zh")), code


def test_the_core_values_are_those_the_records_store() -> None:
    for enum, stored in STORED.items():
        assert _values(enum) == stored, f"{enum.__name__} changed: a stored value needs a migration"


def test_the_records_columns_take_the_core_enums() -> None:
    assert models.VisitKind is VisitKind
    assert models.VisitStatus is VisitStatus
    assert models.OrderStatus is OrderStatus
    assert models.OPEN_ORDER_STATUSES is order_status.OPEN_ORDER_STATUSES
    for column, enum in (
        (models.Visit.__table__.c.kind, VisitKind),
        (models.Visit.__table__.c.status, VisitStatus),
        (models.InfusionOrder.__table__.c.status, OrderStatus),
    ):
        assert isinstance(column.type, Enum)
        assert column.type.enum_class is enum
        assert set(column.type.enums) == _values(enum)  # the CHECK constraint lists exactly the core's values


def test_the_core_calendar_names_visits_as_the_records_do() -> None:
    from datetime import date

    from app.protocol import load_protocol
    from app.scheduling import TreatmentHistory, build_calendar

    protocol = load_protocol("nct07343453")
    calendar = build_calendar(protocol, TreatmentHistory(c1d1=date(2026, 1, 5)), as_of=date(2026, 1, 5))
    found = {visit.kind for visit in calendar.visits}
    assert VisitKind.TUMOUR_ASSESSMENT in found
    assert all(isinstance(visit.kind, VisitKind) for visit in calendar.visits)
    assert all(isinstance(visit.status, VisitStatus) for visit in calendar.visits)
    assert found <= set(VisitKind)


def test_the_paper_has_a_word_for_every_value_in_both_languages() -> None:
    assert set(data.VISIT_KINDS) == set(VisitKind)
    assert set(data.VISIT_STATUSES) == set(VisitStatus)
    assert set(data.ORDER_STATUSES) == {*OrderStatus, data.SUPERSEDED}
    paper = (
        (pharmacy_words.VISIT_KIND_WORDS, set(VisitKind)),
        (pharmacy_words.VISIT_STATUS_WORDS, set(VisitStatus)),
        (pharmacy_words.ORDER_STATUS_WORDS, {*OrderStatus, data.SUPERSEDED}),
    )
    for table, values in paper:
        assert set(table) == values
        for english, chinese in table.values():
            assert english and "_" not in english and CHINESE.search(chinese)
    for language in ("en", "zh"):
        calendar = texts.words(language)
        assert set(calendar.kinds) == set(VisitKind)
        assert set(calendar.markers) == set(VisitKind)
        assert set(calendar.statuses) == set(VisitStatus)
    assert set(KIND_COLOURS) == set(VisitKind)


@pytest.mark.parametrize("kind", list(VisitKind))
def test_the_patient_calendar_names_every_kind_of_visit(kind: VisitKind) -> None:
    from datetime import date

    visit = data.CalendarVisit(
        "X1", kind, date(2026, 3, 2), date(2026, 3, 1), date(2026, 3, 3), VisitStatus.PLANNED, None, None
    )
    assert texts.visit_name(visit, "en")
    assert CHINESE.search(texts.visit_name(visit, "zh"))


def test_the_services_and_the_core_say_a_status_with_the_same_words() -> None:
    assert _words.VISIT_STATUS is VISIT_STATUS_WORDS
    assert _words.ORDER_STATUS is ORDER_STATUS_WORDS


def test_a_stored_code_in_words_and_an_unknown_one_as_it_is() -> None:
    assert kinds.visit_kind_words("tumour_assessment") == "tumour assessment"
    assert say(kinds.visit_kind_words("tumour_assessment"), "zh") == "肿瘤评估"
    assert kinds.visit_status_words("omitted") == "omitted"
    assert order_status_words("stopped") == "stopped early"
    assert say(order_status_words("administered"), "zh") == "已给药"
    assert kinds.visit_kind_words("assessment") == "assessment"
    assert order_status_words("no such status") == "no such status"
