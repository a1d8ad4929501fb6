"""The words of the patient's calendar, in English and Simplified Chinese.

Patients read these: plain words, no trial jargon. Dates are written the way each language writes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.printing.data import CalendarVisit, Language
from app.scheduling.kinds import VisitKind, VisitStatus


@dataclass(frozen=True)
class CalendarWords:
    title: str
    subject: str
    initials: str
    born: str
    trial: str
    call: str
    clinic: str  # when the site has not named its clinic
    next_visit: str
    no_next_visit: str
    all_visits: str
    months: str
    date: str
    visit: str
    what: str
    window: str
    status: str
    legend: str
    note: str
    printed: str
    bring: str
    weekday_short: tuple[str, ...]
    weekday_long: tuple[str, ...]
    month_names: tuple[str, ...]
    kinds: dict[VisitKind, str]
    markers: dict[VisitKind, str]
    statuses: dict[VisitStatus, str]
    suggested: str
    no_phone: str  # the site has not given its phone number
    coming: str  # the heading of the visits to come
    past: str  # the heading of the visits already past
    no_open_day: str  # no open clinic day in a visit's window
    closed: str  # "closed" before the public holidays of a window
    holidays: str  # the heading of the list of public holidays
    holiday: str  # a public holiday, in the key
    to_confirm: str  # a holiday the table only estimates
    to_confirm_note: str
    runs_to: str  # between the first and last day of a run of open days
    waits: str  # a dose whose date waits for a hold of the treatment to end


ENGLISH = CalendarWords(
    title="Your visit calendar",
    subject="Subject",
    initials="initials",
    born="born",
    trial="Clinical trial",
    call="Questions, or need to change a visit? Call",
    clinic="Clinical trial clinic",
    next_visit="Your next visit",
    no_next_visit="No visit planned yet: we will call you.",
    all_visits="All your visits",
    months="Month by month",
    date="Date",
    visit="Visit",
    what="What happens",
    window="You may come between",
    status="Status",
    legend="Key",
    note="Dates may move if treatment is delayed; we will then give you a new calendar.",
    printed="Printed",
    bring="Please bring this calendar to every visit.",
    weekday_short=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    weekday_long=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    month_names=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    kinds={
        VisitKind.SCREENING: "Tests before treatment starts",
        VisitKind.DOSE: "Infusion of {drug} (blood tests first)",
        VisitKind.TUMOUR_ASSESSMENT: "CT or MRI scan to see how the tumour responds",
        VisitKind.END_OF_TREATMENT: "Check-up when treatment ends",
        VisitKind.SAFETY_FOLLOW_UP: "Safety check-up after the last infusion",
        VisitKind.SURVIVAL_FOLLOW_UP: "A phone call or visit about your health",
    },
    markers={
        VisitKind.SCREENING: "Tests",
        VisitKind.DOSE: "Infusion",
        VisitKind.TUMOUR_ASSESSMENT: "Scan",
        VisitKind.END_OF_TREATMENT: "Check-up",
        VisitKind.SAFETY_FOLLOW_UP: "Check-up",
        VisitKind.SURVIVAL_FOLLOW_UP: "Call",
    },
    statuses={
        VisitStatus.PLANNED: "to be booked",
        VisitStatus.BOOKED: "booked",
        VisitStatus.DONE: "done",
        VisitStatus.OMITTED: "skipped: no need to come",
        VisitStatus.MISSED: "missed",
        VisitStatus.CANCELLED: "cancelled",
    },
    suggested="suggested date",
    no_phone="(the clinic has not given its number yet: ask at your next visit)",
    coming="Your coming visits",
    past="Visits already past",
    no_open_day="no open clinic day in this window: we will call you",
    closed="closed",
    holidays="Public holidays: the clinic is closed",
    holiday="holiday, closed",
    to_confirm="to be confirmed",
    to_confirm_note="The official dates of these holidays are not published yet; we will tell you if a visit moves.",
    runs_to=" to ",
    waits="date to follow: your treatment is paused; we will call you with the new date",
)

CHINESE = CalendarWords(
    title="您的就诊日历",
    subject="受试者编号",
    initials="姓名缩写",
    born="出生日期",
    trial="临床试验",
    call="如有疑问或需要更改就诊时间，请致电",
    clinic="临床试验门诊",
    next_visit="下次就诊",
    no_next_visit="暂无已安排的就诊，我们会与您电话联系。",
    all_visits="全部就诊安排",
    months="月历",
    date="日期",
    visit="访视",
    what="内容",
    window="可就诊时间段",
    status="状态",
    legend="图例",
    note="如治疗推迟，就诊日期可能会调整，届时我们会为您打印新的日历。",
    printed="打印日期",
    bring="每次就诊请携带本日历。",
    weekday_short=("一", "二", "三", "四", "五", "六", "日"),
    weekday_long=("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"),
    month_names=tuple(f"{number}月" for number in range(1, 13)),
    kinds={
        VisitKind.SCREENING: "开始治疗前的各项检查",
        VisitKind.DOSE: "静脉输注{drug}（输注前先抽血化验）",
        VisitKind.TUMOUR_ASSESSMENT: "CT或磁共振检查，评估肿瘤疗效",
        VisitKind.END_OF_TREATMENT: "治疗结束时的检查",
        VisitKind.SAFETY_FOLLOW_UP: "末次输注后的安全性检查",
        VisitKind.SURVIVAL_FOLLOW_UP: "电话或门诊随访，了解您的健康状况",
    },
    markers={
        VisitKind.SCREENING: "筛选",
        VisitKind.DOSE: "输注",
        VisitKind.TUMOUR_ASSESSMENT: "影像",
        VisitKind.END_OF_TREATMENT: "结束",
        VisitKind.SAFETY_FOLLOW_UP: "随访",
        VisitKind.SURVIVAL_FOLLOW_UP: "随访",
    },
    statuses={
        VisitStatus.PLANNED: "待预约",
        VisitStatus.BOOKED: "已预约",
        VisitStatus.DONE: "已完成",
        VisitStatus.OMITTED: "本次免做，无需前来",
        VisitStatus.MISSED: "未按时就诊",
        VisitStatus.CANCELLED: "已取消",
    },
    suggested="建议日期",
    no_phone="（门诊尚未提供电话号码，请在下次就诊时询问）",
    coming="即将进行的就诊",
    past="已过去的就诊",
    no_open_day="此时间段内门诊无开诊日，我们会与您联系",
    closed="休息",
    holidays="法定节假日（门诊休息）",
    holiday="节假日休息",
    to_confirm="待确认",
    to_confirm_note="这些节假日的官方安排尚未公布；如就诊需要调整，我们会通知您。",
    runs_to="至",
    waits="日期待定：您的治疗暂停中，我们会电话告知新的日期",
)

WORDS: dict[Language, CalendarWords] = {"en": ENGLISH, "zh": CHINESE}


def words(language: Language) -> CalendarWords:
    return WORDS[language]


def _number(label: str) -> str:
    match = re.search(r"(\d+)$", label)
    return match.group(1) if match else ""


def visit_name(visit: CalendarVisit, language: Language) -> str:
    """``Cycle 2, Day 15`` / ``第2周期 第15天``; ``Scan 3`` / ``第3次影像评估``."""
    number = _number(visit.label)
    if language == "zh":
        if visit.kind == "dose" and visit.cycle is not None and visit.day is not None:
            return f"第{visit.cycle}周期 第{visit.day}天"
        names: dict[VisitKind, str] = {
            VisitKind.SCREENING: "筛选",
            VisitKind.DOSE: "输注治疗",
            VisitKind.TUMOUR_ASSESSMENT: f"第{number}次肿瘤评估" if number else "肿瘤评估",
            VisitKind.END_OF_TREATMENT: "治疗结束",
            VisitKind.SAFETY_FOLLOW_UP: "安全性随访",
            VisitKind.SURVIVAL_FOLLOW_UP: f"第{number}次生存随访" if number else "生存随访",
        }
        return names[visit.kind]
    if visit.kind == "dose" and visit.cycle is not None and visit.day is not None:
        return f"Cycle {visit.cycle}, Day {visit.day}"
    english: dict[VisitKind, str] = {
        VisitKind.SCREENING: "Screening",
        VisitKind.DOSE: "Treatment",
        VisitKind.TUMOUR_ASSESSMENT: f"Scan {number}".strip(),
        VisitKind.END_OF_TREATMENT: "End of treatment",
        VisitKind.SAFETY_FOLLOW_UP: "Safety follow-up",
        VisitKind.SURVIVAL_FOLLOW_UP: f"Follow-up {number}".strip(),
    }
    return english[visit.kind]


def long_date(value: date, language: Language) -> str:
    """``Mon 2 Mar 2026`` / ``2026年3月2日 星期一``."""
    w = words(language)
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日 {w.weekday_long[value.weekday()]}"
    return f"{w.weekday_short[value.weekday()]} {value.day} {w.month_names[value.month - 1][:3]} {value.year}"


def short_date(value: date, language: Language) -> str:
    """``Mon 2 Mar`` / ``3月2日（周一）``."""
    w = words(language)
    if language == "zh":
        return f"{value.month}月{value.day}日（周{w.weekday_short[value.weekday()]}）"
    return f"{w.weekday_short[value.weekday()]} {value.day} {w.month_names[value.month - 1][:3]}"


def window_text(visit: CalendarVisit, language: Language) -> str:
    start, end = visit.window_start, visit.window_end
    if start == end:
        return short_date(start, language)
    if language == "zh":
        return f"{short_date(start, language)}至{short_date(end, language)}"
    return f"{short_date(start, language)} and {short_date(end, language)}"


def month_title(year: int, month: int, language: Language) -> str:
    if language == "zh":
        return f"{year}年{month}月"
    return f"{words(language).month_names[month - 1]} {year}"


def what_happens(visit: CalendarVisit, language: Language, drug: str) -> str:
    return words(language).kinds[visit.kind].format(drug=drug)


def status_text(visit: CalendarVisit, language: Language) -> str:
    w = words(language)
    if visit.waits_for_hold:
        return w.waits
    if visit.status == "planned" and visit.suggested is not None:
        if language == "zh":
            return f"{w.suggested}，{w.statuses[VisitStatus.PLANNED]}"
        return f"{w.suggested}, {w.statuses[VisitStatus.PLANNED]}"
    return w.statuses[visit.status]


def _day(value: date, language: Language, same_month: bool = False) -> str:
    """A day of a run: ``Mon 15 Jun`` / ``6月15日周一`` (``15日周一`` after a day of the same month)."""
    if language != "zh":
        return short_date(value, language)
    weekday = words(language).weekday_short[value.weekday()]
    return f"{value.day}日周{weekday}" if same_month else f"{value.month}月{value.day}日周{weekday}"


def _run_text(first: date, last: date, language: Language) -> str:
    if first == last:
        return _day(first, language)
    same = (first.year, first.month) == (last.year, last.month)
    return f"{_day(first, language)}{words(language).runs_to}{_day(last, language, same)}"


def _runs(days: tuple[date, ...]) -> list[tuple[date, date]]:
    """Consecutive dates grouped: (first, last) of each run."""
    runs: list[tuple[date, date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def open_days_text(visit: CalendarVisit, language: Language, holidays: dict[date, str] | None = None) -> str:
    """The days the patient may come: the clinic's open days of the window, runs of days joined ("Mon 15 Jun
    to Thu 18 Jun"), the public holidays inside the window named as closed; the window itself when the open
    days are not told."""
    if visit.open_days is None:
        return window_text(visit, language)
    w = words(language)
    if not visit.open_days:
        return w.no_open_day
    parts = [_run_text(first, last, language) for first, last in _runs(visit.open_days)]
    joined = ("、" if language == "zh" else ", ").join(parts)
    closed = tuple(
        day for day in (holidays or {}) if visit.window_start <= day <= visit.window_end and day.weekday() < 5
    )
    if not closed:
        return joined
    days = ("、" if language == "zh" else ", ").join(
        _run_text(first, last, language) for first, last in _runs(closed)
    )
    if language == "zh":
        return f"{joined}（{days}{w.holiday}）"
    return f"{joined} ({w.holiday}: {days})"
