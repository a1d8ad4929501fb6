"""Clinic days: weekends, China's public holidays and make-up working days, site closures, suggestions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InputError
from app.protocol import load_protocol
from app.scheduling import clinic as clinic_module
from app.scheduling.clinic import ClinicCalendar


@pytest.fixture(scope="module")
def cn() -> ClinicCalendar:
    return ClinicCalendar.for_protocol(load_protocol("nct07343453"))


def test_spring_festival_2026_closes_the_clinic(cn: ClinicCalendar) -> None:
    closed = [date(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)]
    for day in closed:
        assert not cn.is_open(day), day
    assert cn.why_closed(date(2026, 2, 17)) == "Chinese New Year (Spring Festival)"
    assert cn.why_closed(date(2026, 2, 15)) == "weekend"
    assert cn.is_open(date(2026, 2, 24))


def test_make_up_working_days_open_at_the_weekend(cn: ClinicCalendar) -> None:
    assert date(2026, 2, 14).weekday() == 5  # a Saturday
    assert cn.is_open(date(2026, 2, 14))
    assert cn.is_open(date(2026, 2, 28))
    assert cn.is_open(date(2026, 1, 4))  # a working Sunday before the New Year's day off
    assert cn.why_closed(date(2026, 2, 14)) is None
    assert cn.why_closed(date(2026, 3, 7)) == "weekend"  # an ordinary Saturday


def _days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


# The State Council's 2026 holiday notice: each holiday's days off, and the weekend days worked instead.
CN_2026 = [
    ("New Year", _days("2026-01-01", "2026-01-03"), ["2026-01-04"]),
    ("Spring Festival", _days("2026-02-15", "2026-02-23"), ["2026-02-14", "2026-02-28"]),
    ("Qingming", _days("2026-04-04", "2026-04-06"), []),
    ("Labour Day", _days("2026-05-01", "2026-05-05"), ["2026-05-09"]),
    ("Dragon Boat", _days("2026-06-19", "2026-06-21"), []),
    ("Mid-Autumn", _days("2026-09-25", "2026-09-27"), []),
    ("National Day", _days("2026-10-01", "2026-10-07"), ["2026-09-20", "2026-10-10"]),
]


@pytest.mark.parametrize(("name", "days_off", "worked"), CN_2026, ids=[h[0] for h in CN_2026])
def test_every_2026_holiday_and_make_up_day(
    cn: ClinicCalendar, name: str, days_off: list[date], worked: list[str]
) -> None:
    for day in days_off:
        assert not cn.is_open(day), (name, day)
    for text in worked:
        day = date.fromisoformat(text)
        assert day.weekday() >= 5 and cn.is_open(day), (name, day)
    # the working day before and after each break is open
    before, after = days_off[0] - timedelta(days=1), days_off[-1] + timedelta(days=1)
    assert cn.is_open(before) or before.weekday() >= 5, (name, before)
    assert cn.is_open(after) or after.weekday() >= 5, (name, after)


def test_ties_between_a_make_up_day_and_an_ordinary_day_go_to_the_later_day(cn: ClinicCalendar) -> None:
    # Sunday 11 October 2026: the working Saturday 10 October and Monday 12 October are both one day away.
    assert cn.suggest(date(2026, 10, 11), date(2026, 10, 8), date(2026, 10, 14)) == date(2026, 10, 12)
    # Saturday 19 September 2026: Friday 18 September and the working Sunday 20 September.
    assert cn.suggest(date(2026, 9, 19), date(2026, 9, 16), date(2026, 9, 22)) == date(2026, 9, 20)
    # Sunday 15 February 2026, first day of the Spring Festival break: the working Saturday is nearest (the next
    # open day after it is 24 February).
    assert cn.suggest(date(2026, 2, 15), date(2026, 2, 12), date(2026, 2, 18)) == date(2026, 2, 14)


def test_public_holidays_have_their_names(cn: ClinicCalendar) -> None:
    assert cn.why_closed(date(2026, 1, 1)) == "New Year's Day"
    assert cn.why_closed(date(2026, 10, 1)) == "National Day"
    assert cn.is_open(date(2026, 1, 5))


def test_suggestion_prefers_the_target_then_the_nearest_open_day(cn: ClinicCalendar) -> None:
    assert cn.suggest(date(2026, 3, 4), date(2026, 3, 1), date(2026, 3, 7)) == date(2026, 3, 4)
    # Saturday 2026-03-07: Friday is one day away, Monday two.
    assert cn.suggest(date(2026, 3, 7), date(2026, 3, 4), date(2026, 3, 10)) == date(2026, 3, 6)
    # Spring Festival: from Tuesday 17 Feb the nearest open day inside 14–20 Feb is the working Saturday.
    assert cn.suggest(date(2026, 2, 17), date(2026, 2, 14), date(2026, 2, 20)) == date(2026, 2, 14)


def test_a_tie_goes_to_the_later_day(cn: ClinicCalendar) -> None:
    # Saturday 2026-06-20 after the Dragon Boat Festival (Friday 19 June): Thursday 18 and Monday 22 are both
    # two days away.
    assert not cn.is_open(date(2026, 6, 19))
    assert cn.suggest(date(2026, 6, 20), date(2026, 6, 17), date(2026, 6, 23)) == date(2026, 6, 22)
    # Saturday 2026-09-26 after the Mid-Autumn Festival (Friday 25 September): Thursday 24 or Monday 28.
    assert cn.suggest(date(2026, 9, 26), date(2026, 9, 23), date(2026, 9, 29)) == date(2026, 9, 28)
    # Only when the later day lies inside the window.
    assert cn.suggest(date(2026, 6, 20), date(2026, 6, 17), date(2026, 6, 21)) == date(2026, 6, 18)


def test_no_open_day_in_the_window_gives_no_suggestion(cn: ClinicCalendar) -> None:
    assert cn.suggest(date(2026, 2, 18), date(2026, 2, 15), date(2026, 2, 21)) is None
    assert cn.suggest(date(2026, 2, 18), date(2026, 2, 20), date(2026, 2, 19)) is None  # empty window


def test_a_target_outside_the_window_gets_the_nearest_open_day_inside(cn: ClinicCalendar) -> None:
    assert cn.suggest(date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 9)) == date(2026, 3, 4)
    assert cn.suggest(date(2026, 3, 20), date(2026, 3, 4), date(2026, 3, 8)) == date(2026, 3, 6)


def test_site_closures_and_openings_win(cn: ClinicCalendar) -> None:
    site = ClinicCalendar(
        "CN",
        ["mon", "tue", "wed", "thu", "fri"],
        extra_closed={date(2026, 3, 4): "staff training"},
        extra_open={date(2026, 2, 18)},
    )
    assert site.why_closed(date(2026, 3, 4)) == "staff training"
    assert site.is_open(date(2026, 2, 18))
    plain = ClinicCalendar("CN", ["mon"], extra_closed={date(2026, 3, 2)})
    assert plain.why_closed(date(2026, 3, 2)) == "closed by the site"
    assert plain.why_closed(date(2026, 3, 3)) == "the clinic does not open on Tuesdays"
    with pytest.raises(InputError):
        ClinicCalendar("CN", ["mon"], extra_closed={date(2026, 3, 2)}, extra_open={date(2026, 3, 2)})


def test_open_weekdays_come_from_the_protocol_or_the_caller() -> None:
    saturdays = ClinicCalendar("CN", ["sat"])
    assert saturdays.is_open(date(2026, 3, 7))
    assert not saturdays.is_open(date(2026, 3, 6))
    assert not saturdays.is_open(date(2026, 5, 2))  # Labour Day holiday on a Saturday
    numbered = ClinicCalendar("CN", [0, 1, 2, 3, 4])
    assert numbered.is_open(date(2026, 3, 6))
    with pytest.raises(InputError):
        ClinicCalendar("CN", ["funday"])  # type: ignore[list-item]
    with pytest.raises(InputError):
        ClinicCalendar("CN", [7])


def test_another_country_uses_its_own_holidays() -> None:
    de = ClinicCalendar("DE", ["mon", "tue", "wed", "thu", "fri"])
    assert de.why_closed(date(2026, 4, 3)) == "Good Friday"
    assert de.is_open(date(2026, 2, 17))  # no Spring Festival in Germany
    assert not de.is_open(date(2026, 2, 14))  # nor make-up Saturdays


def test_an_unknown_country_is_refused() -> None:
    with pytest.raises(InputError, match="XX"):
        ClinicCalendar("XX", ["mon"]).is_open(date(2026, 1, 5))


def test_holiday_tables_are_built_once_per_country_and_year(monkeypatch: pytest.MonkeyPatch) -> None:
    clinic_module._country_year.cache_clear()
    calls: list[object] = []
    real = holidays.country_holidays

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    for _ in range(3):
        calendar = ClinicCalendar("CN", ["mon", "tue", "wed", "thu", "fri"])
        for offset in range(0, 365, 3):
            calendar.is_open(date(2026, 1, 1) + timedelta(days=offset))
    assert calls.count(2026) == 1
    clinic_module._country_year.cache_clear()


def test_open_days_and_next_open_day(cn: ClinicCalendar) -> None:
    assert cn.open_days(date(2026, 2, 13), date(2026, 2, 24)) == [
        date(2026, 2, 13),
        date(2026, 2, 14),
        date(2026, 2, 24),
    ]
    assert cn.next_open_day(date(2026, 2, 15)) == date(2026, 2, 24)
    assert cn.next_open_day(date(2026, 2, 15), limit_days=3) is None


@given(
    target=st.dates(date(2025, 1, 1), date(2028, 12, 31)),
    before=st.integers(0, 10),
    after=st.integers(0, 10),
)
def test_suggestion_is_the_nearest_open_day_inside_the_window(target: date, before: int, after: int) -> None:
    cn = ClinicCalendar("CN", ["mon", "tue", "wed", "thu", "fri"])
    start, end = target - timedelta(days=before), target + timedelta(days=after)
    suggested = cn.suggest(target, start, end)
    open_days = cn.open_days(start, end)
    if not open_days:
        assert suggested is None
        return
    assert suggested is not None
    assert start <= suggested <= end and cn.is_open(suggested)
    best = min(abs((d - target).days) for d in open_days)
    assert abs((suggested - target).days) == best
    if suggested < target:  # ties go to the later day
        assert target + (target - suggested) not in open_days


def test_the_holidays_the_holiday_table_only_estimates_are_told() -> None:
    from app.scheduling.clinic import holiday_estimated

    # China's holiday weeks are fixed each year by the State Council's notice: the package holds it up to 2026;
    # its 2027 dates are its own reckoning from the rules.
    assert not holiday_estimated("CN", date(2026, 10, 1))
    assert holiday_estimated("CN", date(2027, 10, 1)) and holiday_estimated("CN", date(2027, 2, 6))
    assert not holiday_estimated("CN", date(2027, 10, 12))  # no holiday at all
    assert not holiday_estimated("US", date(2030, 7, 4))  # a holiday of fixed rules is never estimated
