"""The calendar's and the clinic's sentences are messages (app.text): English as before, with templates and
values the window can say in its language; a public holiday's name comes from the `holidays` package in the
window's language."""

from __future__ import annotations

import pickle
import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import InputError, NotFoundError
from app.models import Subject
from app.protocol import load_protocol
from app.scheduling import ClinicCalendar, TreatmentHistory, build_calendar, check_booking, describe
from app.scheduling.clinic import SITE_CLOSURE, WEEKEND, Holiday, holiday_languages
from app.services._common import load, require_aware, require_reason
from app.text import Message, message_of, msg

NCT = load_protocol("nct07343453")
CN = ClinicCalendar.for_protocol(NCT)
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Values a sentence may carry as plain text: dates, visit labels, numbers, quoted input, dose-day lists.
PLAIN_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}|C\d+D\d+|(TA|OS)\d+|SCR|EOT|SFU|'.*'|D\d+(, D\d+)*")


def said(text: object, table: dict[str, str]) -> str:
    """`text` as a window with translation `table` says it (app/ui/words.say without Qt); a template missing
    from the table is kept in English, a plain string as it is."""
    if not isinstance(text, Message):
        return str(text)
    template = table.get(text.template, text.template)
    return template.format(**{k: said(v, table) for k, v in text.params.items()})


def english_left(text: object) -> list[object]:
    """The plain (untranslatable) English values inside a message, at any depth."""
    if not isinstance(text, Message):
        return [] if isinstance(text, int) else [text]
    left: list[object] = []
    for value in text.params.values():
        if isinstance(value, Message):
            left.extend(english_left(value))
        elif not isinstance(value, int) and not PLAIN_VALUE.fullmatch(str(value)):
            left.append(value)
    return left


def test_describe_is_a_message_with_the_weekday_as_a_word() -> None:
    text = describe(date(2026, 2, 14))
    assert text == "2026-02-14 (Sat)"
    assert isinstance(text, Message) and text.template == "{date} ({weekday})"
    assert said(text, {"{date} ({weekday})": "{date}（{weekday}）", "Sat": "周六"}) == "2026-02-14（周六）"


def test_closed_day_reasons_are_messages_the_window_can_translate() -> None:
    weekend = CN.why_closed(date(2026, 2, 15))
    assert weekend == "weekend" and weekend is WEEKEND and isinstance(weekend, Message)
    plain = ClinicCalendar("CN", ["mon"], extra_closed={date(2026, 3, 2)})
    tuesday = plain.why_closed(date(2026, 3, 3))
    assert isinstance(tuesday, Message) and tuesday.template == "the clinic does not open on {weekdays}"
    assert said(
        tuesday, {"the clinic does not open on {weekdays}": "本中心{weekdays}不开诊", "Tuesdays": "周二"}
    ) == ("本中心周二不开诊")
    assert plain.why_closed(date(2026, 3, 2)) is SITE_CLOSURE
    site = ClinicCalendar("CN", ["mon"], extra_closed={date(2026, 3, 9): msg("closed by the site")})
    assert isinstance(site.why_closed(date(2026, 3, 9)), Message)  # a message given by the site stays one


def test_a_public_holiday_is_named_in_english_and_in_the_windows_language() -> None:
    festival = CN.why_closed(date(2026, 2, 17))
    assert isinstance(festival, Holiday)
    assert festival == "Chinese New Year (Spring Festival)"
    assert festival.name_in("zh_CN") == "春节"
    assert festival.name_in("zh_TW") == "春節"
    assert festival.name_in("xx_XX") == "Chinese New Year (Spring Festival)"  # a language the package lacks
    assert CN.why_closed(date(2026, 10, 1)).name_in("zh_CN") == "国庆节"  # type: ignore[union-attr]
    assert "zh_CN" in holiday_languages("CN") and holiday_languages("XX") == ()
    again = pickle.loads(pickle.dumps(festival))
    assert isinstance(again, Holiday) and (again.country, again.day) == ("CN", date(2026, 2, 17))
    assert again.name_in("zh_CN") == "春节"
    good_friday = ClinicCalendar("DE", ["mon", "tue", "wed", "thu", "fri"]).why_closed(date(2026, 4, 3))
    assert isinstance(good_friday, Holiday) and good_friday == "Good Friday"


def test_a_closed_day_warning_carries_the_reason_as_a_value() -> None:
    c = build_calendar(NCT, TreatmentHistory(c1d1=date(2026, 1, 19)), as_of=date(2026, 1, 10))
    c1d15 = c.visit("C1D15")
    assert c1d15 is not None
    (warning,) = (w for w in check_booking(c1d15, date(2026, 2, 1), CN) if w.code == "clinic_closed")
    text = warning.message
    assert text == "The clinic is closed on 2026-02-01 (Sun): weekend."
    assert isinstance(text, Message) and text.template == "The clinic is closed on {day}: {reason}."
    assert text.params["reason"] is WEEKEND


def test_an_unknown_country_and_a_bad_weekday_are_refused_in_messages() -> None:
    with pytest.raises(InputError) as caught:
        ClinicCalendar("XX", ["mon"]).is_open(date(2026, 1, 5))
    assert isinstance(message_of(caught.value), Message)
    assert str(caught.value) == "No public-holiday calendar is known for the country code 'XX'."
    with pytest.raises(InputError) as caught:
        ClinicCalendar("CN", ["funday"])  # type: ignore[list-item]
    assert str(caught.value) == "Unknown weekday 'funday'; use mon, tue, wed, thu, fri, sat or sun."
    assert isinstance(message_of(caught.value), Message)


def test_history_errors_are_messages_naming_what_was_wrong() -> None:
    h = TreatmentHistory(c1d1=date(2026, 1, 5), doses={"C1D1": date(2026, 1, 5)}, omitted=frozenset({"C1D8"}))
    with pytest.raises(InputError) as caught:
        build_calendar(NCT, h, as_of=date(2026, 1, 20))
    text = message_of(caught.value)
    assert text == "Unknown omitted visit 'C1D8': dose visits are named like C3D15 (D1, D15)."
    assert isinstance(text, Message) and text.params["what"] == "omitted visit"
    assert isinstance(text.params["what"], Message)
    h = TreatmentHistory(c1d1=date(2026, 1, 5), done={"XY1": date(2026, 1, 6)})
    with pytest.raises(InputError, match=r"Unknown visit done 'XY1': visits are named SCR"):
        build_calendar(NCT, h, as_of=date(2026, 1, 20))


def test_service_helpers_take_and_give_messages() -> None:
    with pytest.raises(InputError) as caught:
        require_reason("  ", msg("Cancelling a booking"))
    text = message_of(caught.value)
    assert text == "Cancelling a booking needs a reason."
    assert isinstance(text, Message) and isinstance(text.params["what"], Message)
    with pytest.raises(NotFoundError) as found:
        load(None, Subject, "12", msg("subject"))  # type: ignore[arg-type]
    assert str(found.value) == "There is no subject '12'."
    assert message_of(found.value).template == "There is no {what} {number}."  # type: ignore[attr-defined]
    with pytest.raises(InputError, match=r"^The start time needs its time zone\.$"):
        require_aware(datetime(2026, 1, 1), msg("The start time"))
    with pytest.raises(InputError, match=r"^The start time must be a date and time\.$"):
        require_aware("noon", "the start time")  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    c1d1=st.dates(date(2025, 12, 1), date(2026, 12, 31)),
    as_of_days=st.integers(0, 120),
    late=st.integers(0, 30),
    booked=st.dictionaries(
        st.sampled_from(["C1D15", "C2D1", "C2D15", "TA1", "SCR"]), st.integers(-20, 60), max_size=4
    ),
)
def test_every_calendar_warning_can_be_said_without_english_left(
    c1d1: date, as_of_days: int, late: int, booked: dict[str, int]
) -> None:
    as_of = c1d1 + timedelta(days=as_of_days)
    doses = {"C1D1": c1d1}
    if as_of_days > 14 + late:
        doses["C1D15"] = c1d1 + timedelta(days=14 + late)
    history = TreatmentHistory(
        c1d1=c1d1,
        doses=doses,
        booked={label: c1d1 + timedelta(days=offset) for label, offset in booked.items()},
    )
    calendar = build_calendar(NCT, history, as_of=as_of)
    for visit in calendar.visits:
        warnings = list(visit.warnings)
        if visit.is_open:
            warnings += check_booking(visit, as_of + timedelta(days=late), CN, as_of=as_of)
        for warning in warnings:
            text = warning.message
            assert isinstance(text, Message), (warning.code, text)
            assert set(PLACEHOLDER.findall(text.template)) == set(text.params)
            assert said(text, {}) == text  # said with no translation: the English, unchanged
            left = [v for v in english_left(text) if not isinstance(v, Holiday)]
            assert not left, (text, left)
