"""The patient calendar (English and Chinese), the .ics file and the clinic day list, read back."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pypdf import PdfReader

from app.printing import (
    CalendarHoliday,
    CalendarVisit,
    ClinicDay,
    PatientCalendar,
    calendar_ics,
    render_calendar,
    render_day_list,
)
from app.printing.ics import ics_visits, visit_uid
from app.printing.samples import sample_calendar, sample_day
from app.printing.texts import (
    long_date,
    month_title,
    open_days_text,
    short_date,
    visit_name,
    window_text,
)
from app.printing.texts import words as calendar_words


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def no_space(value: str) -> str:
    return re.sub(r"\s+", "", value)


def with_follow_up() -> tuple[CalendarVisit, ...]:
    """The sample calendar plus an omitted dose, an end-of-treatment, safety and survival visits."""
    calendar = sample_calendar()
    visits = list(calendar.visits)
    visits[7] = replace(visits[7], status="omitted", booked=None)
    eot = date(2026, 7, 1)
    visits += [
        CalendarVisit("EOT", "end_of_treatment", eot, eot, eot + timedelta(7), "planned", suggested=eot),
        CalendarVisit(
            "SFU",
            "safety_follow_up",
            date(2026, 7, 8),
            date(2026, 7, 1),
            date(2026, 7, 15),
            "planned",
            suggested=date(2026, 7, 8),
        ),
        CalendarVisit(
            "OS1",
            "survival_follow_up",
            date(2026, 10, 6),
            date(2026, 9, 22),
            date(2026, 10, 20),
            "planned",
            suggested=None,  # no open clinic day: not in the .ics file
        ),
    ]
    return tuple(visits)


def _upcoming(calendar: PatientCalendar) -> list[CalendarVisit]:
    today = calendar.generated_at.date()
    return [v for v in calendar.visits if v.status in ("planned", "booked") and v.shown_date >= today]


def test_english_calendar_lists_every_visit_with_date_window_and_what_happens() -> None:
    calendar = sample_calendar()
    text = pdf_text(render_calendar(calendar, "en"))
    assert "Your visit calendar" in text
    assert "TET-007" in text and "W.L." in text
    assert calendar.clinic_phone in text
    assert "Your next visit" in text and "Mon 2 Mar 2026 — Cycle 3, Day 1" in text
    holidays = {h.day: h.name for h in calendar.holidays}
    coming = _upcoming(calendar)
    for visit in calendar.visits:
        assert visit_name(visit, "en") in text, visit.label
        if visit in coming:  # large: the whole date, the open days to come on
            assert long_date(visit.shown_date, "en").split(" ", 1)[1] in text, visit.label
            assert open_days_text(visit, "en", holidays).split(" (")[0] in text, visit.label
        else:  # condensed: the short date
            assert short_date(visit.shown_date, "en") in text, visit.label
    assert "Infusion of sacituzumab tirumotecan" in text
    assert "CT or MRI scan" in text
    assert "booked" in text and "done" in text and "suggested date, to be booked" in text


def test_calendar_puts_the_visits_to_come_first_and_the_past_ones_in_one_small_table() -> None:
    calendar = sample_calendar()
    text = pdf_text(render_calendar(calendar, "en"))
    coming, past = text.index("Your coming visits"), text.index("Visits already past")
    assert text.count("Visits already past") == 1 and coming < past
    # every visit to come is listed before the past ones; every past visit after
    for visit in _upcoming(calendar):
        assert text.index(visit_name(visit, "en")) < past, visit.label
    for visit in calendar.visits:
        if visit not in _upcoming(calendar):
            assert text.index(f"{short_date(visit.shown_date, 'en')} {visit_name(visit, 'en')}") > past, visit.label


def test_calendar_month_grids_cover_every_month_with_a_visit_to_come() -> None:
    calendar = sample_calendar()
    text = pdf_text(render_calendar(calendar, "en"))
    months = {(v.shown_date.year, v.shown_date.month) for v in _upcoming(calendar)}
    assert len(months) >= 3
    for year, month in months:
        assert month_title(year, month, "en") in text
    assert month_title(2026, 1, "en") not in text  # January is past: no grid
    assert "Month by month" in text and "Mon Tue Wed Thu Fri Sat Sun" in text


def test_you_may_come_lists_only_open_clinic_days_and_names_the_holidays_closed() -> None:
    # The window: Sun 14 Jun to Sat 20 Jun 2026, the clinic open Monday to Friday, Fri 19 Jun the
    # Dragon Boat Festival.
    visit = CalendarVisit(
        "C7D1", "dose", date(2026, 6, 17), date(2026, 6, 14), date(2026, 6, 20), "planned", 7, 1,
        open_days=(date(2026, 6, 15), date(2026, 6, 16), date(2026, 6, 17), date(2026, 6, 18)),
    )  # fmt: skip
    closed = {date(2026, 6, 19): "Dragon Boat Festival"}
    english = open_days_text(visit, "en", closed)
    assert english == "Mon 15 Jun to Thu 18 Jun (holiday, closed: Fri 19 Jun)"
    assert "Sun" not in english and "Sat" not in english
    chinese = open_days_text(visit, "zh", closed)
    assert chinese == "6月15日周一至18日周四（6月19日周五节假日休息）"
    assert open_days_text(replace(visit, open_days=()), "en") == calendar_words("en").no_open_day
    assert open_days_text(replace(visit, open_days=None), "en") == window_text(visit, "en")


def test_holidays_are_marked_and_estimated_ones_to_be_confirmed_in_both_languages() -> None:
    calendar = replace(
        sample_calendar(),
        holidays=(
            CalendarHoliday(date(2026, 5, 1), "Labor Day"),
            CalendarHoliday(date(2026, 6, 19), "Dragon Boat Festival"),
            CalendarHoliday(date(2026, 5, 4), "Labor Day (observed)", estimated=True),
        ),
    )
    english = pdf_text(render_calendar(calendar, "en"))
    assert "Public holidays: the clinic is closed" in english
    assert "Fri 19 Jun Dragon Boat Festival" in english
    assert "Mon 4 May Labor Day (observed), to be confirmed" in english
    assert "Fri 1 May Labor Day, to be confirmed" not in english
    assert "holiday, closed" in english  # the key of the grids
    assert english.count("closed?") >= 1  # the estimated day marked on its month's grid
    chinese_calendar = replace(
        calendar,
        holidays=(
            CalendarHoliday(date(2026, 5, 1), "劳动节"),
            CalendarHoliday(date(2026, 5, 4), "劳动节（补假）", estimated=True),
        ),
    )
    chinese = no_space(pdf_text(render_calendar(chinese_calendar, "zh")))
    assert "法定节假日（门诊休息）" in chinese and "5月1日（周五）劳动节" in chinese
    assert "5月4日（周一）劳动节（补假），待确认" in chinese and "休息?" in chinese


def test_calendar_says_when_the_site_has_not_given_its_phone() -> None:
    calendar = replace(sample_calendar(), clinic_phone="")
    assert "the clinic has not given its number yet" in pdf_text(render_calendar(calendar, "en"))
    assert "门诊尚未提供电话号码" in no_space(pdf_text(render_calendar(calendar, "zh")))
    assert "has not given its number" in calendar_ics(calendar).decode()


def test_chinese_calendar_is_in_chinese() -> None:
    calendar = sample_calendar()
    text = pdf_text(render_calendar(calendar, "zh"))
    compact = no_space(text)
    for words in (
        "您的就诊日历",
        "受试者编号",
        "下次就诊",
        "即将进行的就诊",
        "已过去的就诊",
        "可就诊时间段",
        "月历",
        "第1周期第1天",
        "第3周期第15天",
        "第1次肿瘤评估",
        "芦康沙妥珠单抗",
        "星期一",
        "2026年3月",
        "已完成",
        "已预约",
        "如有疑问或需要更改就诊时间，请致电",
        "CT或磁共振检查",
    ):
        assert words in compact, words
    assert no_space(calendar.clinic_phone) in compact
    assert "Cycle" not in text and "Your visit" not in text


def test_calendar_shows_follow_up_and_omitted_visits_in_both_languages() -> None:
    calendar = replace(sample_calendar(), visits=with_follow_up())
    english = pdf_text(render_calendar(calendar, "en"))
    assert "End of treatment" in english and "Safety follow-up" in english and "Follow-up 1" in english
    assert "skipped: no need to come" in english
    chinese = no_space(pdf_text(render_calendar(calendar, "zh")))
    assert "治疗结束" in chinese and "安全性随访" in chinese and "第1次生存随访" in chinese
    assert "本次免做，无需前来" in chinese


def test_calendar_without_upcoming_visits_says_so() -> None:
    calendar = sample_calendar(today=date(2027, 1, 1))
    assert "No visit planned yet" in pdf_text(render_calendar(calendar, "en"))


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        render_calendar(sample_calendar(), "fr")  # type: ignore[arg-type]


def _events(data: bytes) -> list[object]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_ics_has_the_booked_and_suggested_visits_as_all_day_events() -> None:
    calendar = replace(sample_calendar(), visits=with_follow_up())
    data = calendar_ics(calendar)
    parsed = Calendar.from_ical(data)
    assert str(parsed["VERSION"]) == "2.0" and "DoseDesk" in str(parsed["PRODID"])
    events = list(parsed.walk("VEVENT"))
    expected = [
        v
        for v in calendar.visits
        if v.status == "booked" or (v.status == "planned" and v.suggested is not None)
    ]
    assert len(events) == len(expected) == len(ics_visits(calendar))
    by_uid = {str(e["UID"]): e for e in events}
    for visit in expected:
        event = by_uid[visit_uid(calendar, visit)]
        start = event.decoded("DTSTART")
        assert type(start) is date and start == (visit.booked or visit.suggested)
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert str(event["STATUS"]) == ("CONFIRMED" if visit.status == "booked" else "TENTATIVE")
        description = str(event["DESCRIPTION"])
        assert open_days_text(visit, "en", {h.day: h.name for h in calendar.holidays}) in description
        assert calendar.clinic_phone in description
        assert visit_name(visit, "en") in str(event["SUMMARY"])
    labels = {v.label for v in calendar.visits} - {v.label for v in expected}
    assert "OS1" in labels and "C1D1" in labels  # no suggestion; done
    assert b"\r\n" in data


def test_ics_uids_are_stable_and_unique() -> None:
    first = _events(calendar_ics(sample_calendar()))
    later = sample_calendar()
    later = replace(later, generated_at=later.generated_at + timedelta(days=3))
    second = _events(calendar_ics(later))
    uids = [str(e["UID"]) for e in first]  # type: ignore[index]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["UID"]) for e in second]  # type: ignore[index]
    assert int(second[0]["SEQUENCE"]) > int(first[0]["SEQUENCE"])  # type: ignore[index]


def test_chinese_ics_description() -> None:
    events = _events(calendar_ics(sample_calendar(), "zh"))
    summary = str(events[0]["SUMMARY"])  # type: ignore[index]
    description = str(events[0]["DESCRIPTION"])  # type: ignore[index]
    assert "第3周期 第1天" in summary
    assert "可就诊时间段：" in description and "已预约" in description


def test_day_list_has_visits_with_status_and_window_and_the_preparations() -> None:
    day = sample_day()
    text = pdf_text(render_day_list(day))
    assert "Clinic day list — Mon 2026-03-16" in text
    for subject in ("TET-007", "TET-012", "TET-019"):
        assert subject in text
    assert "C3D15" in text and "TA2" in text and "C5D1" in text
    assert "booked" in text and "planned" in text
    assert "2026-03-13 to 2026-03-19" in text
    assert "out of window; overdue" in text
    assert "286 mg" in text and "312 mg" in text and "4 mg/kg" in text
    assert "2 × 200 mg" in text and "14.3 mL" in text
    assert "Vials needed in total: 4 × 200 mg" in text


def test_empty_day_list() -> None:
    empty = ClinicDay(date(2026, 5, 1), "Phase I/II Clinic", "NCT07343453", (), (), datetime(2026, 5, 1, 7))
    text = pdf_text(render_day_list(empty))
    assert "No visits on this date." in text and "No preparations for this date." in text


kinds = st.sampled_from(
    ["screening", "dose", "tumour_assessment", "end_of_treatment", "safety_follow_up", "survival_follow_up"]
)
statuses = st.sampled_from(["planned", "booked", "done", "omitted", "missed", "cancelled"])


@st.composite
def visit_sets(draw: st.DrawFn) -> tuple[CalendarVisit, ...]:
    count = draw(st.integers(min_value=0, max_value=14))
    visits = []
    for number in range(1, count + 1):
        kind = draw(kinds)
        target = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 22)))
        window = draw(st.integers(min_value=0, max_value=14))
        start, end = target - timedelta(days=window), target + timedelta(days=window)
        status = draw(statuses)
        inside = st.one_of(st.none(), st.dates(min_value=start, max_value=end))
        suggested = draw(inside)
        booked = draw(inside) if status == "booked" else None
        if status == "booked" and booked is None:
            booked = target
        actual = target if status == "done" else None
        label = f"C{number}D1" if kind == "dose" else f"V{number}"
        cycle, day = (number, 1) if kind == "dose" else (None, None)
        visits.append(
            CalendarVisit(label, kind, target, start, end, status, cycle, day, suggested, booked, actual)  # type: ignore[arg-type]
        )
    return tuple(visits)


@settings(max_examples=20, deadline=None)
@given(visits=visit_sets(), language=st.sampled_from(["en", "zh"]))
def test_any_calendar_renders_and_its_ics_round_trips(
    visits: tuple[CalendarVisit, ...], language: str
) -> None:
    calendar = replace(sample_calendar(), visits=visits)
    text = no_space(pdf_text(render_calendar(calendar, language)))  # type: ignore[arg-type]
    for visit in visits:
        if visit.status != "cancelled":
            assert no_space(visit_name(visit, language)) in text  # type: ignore[arg-type]
    today = calendar.generated_at.date()
    active_months = {
        (v.shown_date.year, v.shown_date.month)
        for v in visits
        if v.status in ("planned", "booked") and v.shown_date >= today
    }
    for year, month in active_months:
        assert no_space(month_title(year, month, language)) in text  # type: ignore[arg-type]
    events = _events(calendar_ics(calendar, language))  # type: ignore[arg-type]
    expected = {visit_uid(calendar, v): v.shown_date for v in ics_visits(calendar)}
    assert {str(e["UID"]): e.decoded("DTSTART") for e in events} == expected  # type: ignore[index,attr-defined]
