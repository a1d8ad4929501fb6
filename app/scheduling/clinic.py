"""Clinic days: which dates the clinic is open, why it is closed, and the best open day for a visit.

Open days are the protocol's open weekdays, minus the public holidays of the site's country, plus the
official make-up working days (China moves weekend days into holiday weeks: 2026-02-14 was a working
Saturday), all from the `holidays` package. Sites may add their own closures and openings.

Holiday tables are built once per country and year for the whole process; each calendar then keeps a
date → reason map per year, so the thousands of look-ups a calendar makes are dictionary reads.

Every reason is an `app.text.Message`, so the window can say it in its language: our own words ("weekend",
"closed by the site", "the clinic does not open on Tuesdays") through the translation catalogue, and a public
holiday as a `Holiday`, whose name the `holidays` package itself gives in the languages it knows
(`Holiday.name_in("zh_CN")` → "春节").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import cast

import holidays

from app.errors import InputError
from app.protocol.model import WEEKDAYS, Protocol, Weekday
from app.text import Message, msg

WEEKEND = msg("weekend")
SITE_CLOSURE = msg("closed by the site")
_NOT_OPEN_ON = tuple(
    msg("the clinic does not open on {weekdays}", weekdays=days)
    for days in (
        msg("Mondays"),
        msg("Tuesdays"),
        msg("Wednesdays"),
        msg("Thursdays"),
        msg("Fridays"),
        msg("Saturdays"),
        msg("Sundays"),
    )
)
_ONE_DAY = timedelta(days=1)
_ENGLISH = "en_US"


class Holiday(Message):
    """A public holiday's name as a reason the clinic is closed: the name in English where the `holidays`
    package has it (else in the package's default language for the country), as a message whose template is
    that name. `name_in(language)` gives the name in another language the package knows for the country
    ("zh_CN", "zh_TW", "th" for China), so a window can show it in its own language."""

    country: str
    day: date

    def __new__(cls, name: str, country: str, day: date) -> Holiday:
        made = cast(Holiday, super().__new__(cls, name, {}))
        made.country = country
        made.day = day
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Holiday, (self.template, self.country, self.day))

    @property
    def estimated(self) -> bool:
        """True when the `holidays` package only estimates this holiday: "to be confirmed" on paper
        (`holiday_estimated`)."""
        return holiday_estimated(self.country, self.day)

    def name_in(self, language: str) -> str:
        """The holiday's name in `language` (a code such as "zh_CN"), as the `holidays` package gives it;
        the name as it is when the package does not have that language for the country."""
        return _holiday_names(self.country, self.day.year, language).get(self.day, str(self))


def holiday_languages(country: str) -> tuple[str, ...]:
    """The languages the `holidays` package gives the public holidays of `country` in ("zh_CN" …)."""
    try:
        probe = holidays.country_holidays(country)
    except NotImplementedError:
        return ()
    return tuple(getattr(probe, "supported_languages", ()))


@lru_cache(maxsize=64)
def _notice_years(country: str) -> tuple[int, int] | None:
    """For a country whose holiday weeks are fixed each year by an official notice that moves working days
    (China's State Council notice, the package's `substituted_label` holidays), the first and last years whose
    notice the `holidays` package holds; None for a country whose holidays follow fixed rules."""
    try:
        probe = holidays.country_holidays(country)
    except NotImplementedError:
        return None
    if not getattr(probe, "substituted_label", None):
        return None
    years = [year for year in getattr(probe, "special_public_holidays", {}) if isinstance(year, int)]
    return (min(years), max(years)) if years else None


def _estimated_marks(country: str) -> tuple[str, ...]:
    """The words the `holidays` package adds to an estimated holiday's name ("(estimated)", "（推定）")."""
    marks = ["estimated"]
    try:
        probe = holidays.country_holidays(country)
    except NotImplementedError:
        return tuple(marks)
    for label in (getattr(probe, "estimated_label", ""), getattr(probe, "observed_estimated_label", "")):
        mark = str(label).replace("%s", "").strip()
        if mark:
            marks.append(mark)
    return tuple(marks)


@lru_cache(maxsize=4096)
def holiday_estimated(country: str, day: date) -> bool:
    """Whether the `holidays` package only estimates the public holiday of `country` on `day` (not one:
    False). Two ways the package tells: it names an estimated holiday so ("… (estimated)", "…（推定）": a lunar
    date beyond the tables it holds), and, for a country whose holiday weeks are set each year by an official
    notice (China), a year after the last notice it holds is its own reckoning from the rules (2027 in the
    package shipped with this build: the State Council publishes it late in 2026)."""
    if day not in _holiday_names(country, day.year, None):
        return False
    marks = _estimated_marks(country)
    for language in (None, _ENGLISH):
        name = _holiday_names(country, day.year, language).get(day, "")
        if any(mark in name for mark in marks):
            return True
    notices = _notice_years(country)
    return notices is not None and day.year > notices[1]


@lru_cache(maxsize=512)
def _holiday_names(country: str, year: int, language: str | None) -> Mapping[date, str]:
    """The public holidays of `country` in `year`: date → name in `language` (None: the package's default;
    a language the package does not have for the country: no names)."""
    if language is not None and language not in holiday_languages(country):
        return {}
    table = holidays.country_holidays(country, years=year, language=language)
    return {day: name for day, name in table.items() if day.year == year}


@lru_cache(maxsize=512)
def _country_year(country: str, year: int) -> tuple[Mapping[date, Holiday], frozenset[date]]:
    """Public holidays (date → name, in English where the package has it) and make-up working days."""
    try:
        probe = holidays.country_holidays(country)
    except NotImplementedError:
        raise InputError(
            msg("No public-holiday calendar is known for the country code {country}.", country=repr(country))
        ) from None
    language = _ENGLISH if _ENGLISH in getattr(probe, "supported_languages", ()) else None
    table = holidays.country_holidays(country, years=year, language=language)
    names = {day: Holiday(name, country, day) for day, name in table.items() if day.year == year}
    # weekend_workdays only exists for countries that move working days (CN and a few others); it can
    # hold dates of other years too, so keep this year's.
    workdays: set[date] = getattr(table, "weekend_workdays", set())
    return names, frozenset(day for day in workdays if day.year == year)


class ClinicCalendar:
    """When the clinic of one site is open.

    `open_weekdays` are weekday names ("mon" … "sun") or numbers (Monday = 0). `extra_closed` are site
    closures; give a mapping date → reason to have the reason shown. `extra_open` are extra opening days.
    A site's own closures and openings win over the public calendar.
    """

    def __init__(
        self,
        country: str,
        open_weekdays: Iterable[Weekday | int],
        extra_closed: Collection[date] | Mapping[date, str] = frozenset(),
        extra_open: Collection[date] = frozenset(),
    ) -> None:
        self.country = country
        numbers: set[int] = set()
        for day in open_weekdays:
            if isinstance(day, int):
                if not 0 <= day <= 6:
                    raise InputError(
                        msg("A weekday number runs from 0 (Monday) to 6 (Sunday), not {number}.", number=day)
                    )
                numbers.add(day)
            elif day in WEEKDAYS:
                numbers.add(WEEKDAYS.index(day))
            else:
                raise InputError(
                    msg(
                        "Unknown weekday {weekday}; use mon, tue, wed, thu, fri, sat or sun.",
                        weekday=repr(day),
                    )
                )
        self.open_weekdays: frozenset[int] = frozenset(numbers)
        if isinstance(extra_closed, Mapping):
            # A reason that is a message stays one (the window says it in its language); the site's own
            # words are shown as the site wrote them.
            self._extra_closed: dict[date, str] = {
                day: reason if isinstance(reason, str) else str(reason)
                for day, reason in extra_closed.items()
            }
        else:
            self._extra_closed = dict.fromkeys(extra_closed, SITE_CLOSURE)
        self._extra_open = frozenset(extra_open)
        both = self._extra_open & self._extra_closed.keys()
        if both:
            first = min(both).isoformat()
            raise InputError(
                msg("{day} is given both as a site closure and as an extra opening day.", day=first)
            )
        # date → None when open, else the reason it is closed; filled one whole year at a time.
        self._days: dict[date, str | None] = {}
        self._years: set[int] = set()

    @classmethod
    def for_protocol(
        cls,
        protocol: Protocol,
        country: str | None = None,
        extra_closed: Collection[date] | Mapping[date, str] = frozenset(),
        extra_open: Collection[date] = frozenset(),
    ) -> ClinicCalendar:
        """The clinic of the protocol (its country unless `country` names the site's)."""
        return cls(
            country or protocol.clinic.country, protocol.clinic.open_weekdays, extra_closed, extra_open
        )

    def _fill(self, year: int) -> None:
        if year in self._years:
            return
        names, workdays = _country_year(self.country, year)
        day = date(year, 1, 1)
        end = date(year + 1, 1, 1)
        days = self._days
        while day < end:
            reason: str | None
            if day in self._extra_open:
                reason = None
            elif day in self._extra_closed:
                reason = self._extra_closed[day]
            elif day in names:
                reason = names[day]
            elif day in workdays or day.weekday() in self.open_weekdays:
                reason = None
            elif day.weekday() >= 5:
                reason = WEEKEND
            else:
                reason = _NOT_OPEN_ON[day.weekday()]
            days[day] = reason
            day += _ONE_DAY
        self._years.add(year)

    def why_closed(self, day: date) -> str | None:
        """Why the clinic is closed on `day`, or None if open: a `Holiday` (its name), "weekend", "the clinic
        does not open on Tuesdays" or "closed by the site" (messages), or the reason the site gave."""
        try:
            return self._days[day]
        except KeyError:
            self._fill(day.year)
            return self._days[day]

    def is_open(self, day: date) -> bool:
        return self.why_closed(day) is None

    def suggest(self, target: date, window_start: date, window_end: date) -> date | None:
        """The open day nearest `target` inside the window (both ends included); a tie goes to the later day.

        None when no day of the window is open. The target itself may lie outside the window (when the
        front of the window was closed), in which case the nearest open day inside it is still chosen.
        """
        if window_start > window_end:
            return None
        why_closed = self.why_closed
        if target < window_start:
            target = window_start
        elif target > window_end:
            target = window_end
        later = earlier = target
        while True:
            in_later = later <= window_end
            in_earlier = earlier >= window_start
            if not in_later and not in_earlier:
                return None
            if in_later:
                if why_closed(later) is None:
                    return later
                later += _ONE_DAY
            if in_earlier:
                if why_closed(earlier) is None:
                    return earlier
                earlier -= _ONE_DAY

    def open_days(self, start: date, end: date) -> list[date]:
        """Every open day from `start` to `end`, both included."""
        out: list[date] = []
        day = start
        while day <= end:
            if self.is_open(day):
                out.append(day)
            day += _ONE_DAY
        return out

    def next_open_day(self, day: date, limit_days: int = 366) -> date | None:
        """The first open day on or after `day`, looking at most `limit_days` ahead."""
        for _ in range(limit_days):
            if self.is_open(day):
                return day
            day += _ONE_DAY
        return None
