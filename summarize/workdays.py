"""Deadlines (办理时限) counted in natural days or working days, for whole columns at once.

Working days follow the State Council holiday schedule, 调休 weekend working days included. A year's schedule
comes, first that has it, from:

1. the workspace's own ``[holidays]`` in summarize.toml (放假 and 调休上班 dates, copied from the State Council's
   notice for a year no installed package has yet): ``"settings"``;
2. chinese-calendar, which ships the published schedules year by year: ``"official"``;
3. for a year neither has, by ``uncovered``: ``"statutory"`` (the default) takes the statutory holidays known by
   rule from the ``holidays`` package (《全国年节及纪念日放假办法》: 元旦, 春节 from 除夕, 清明, 劳动节, 端午, 中秋,
   国庆, and 补假 when one falls on a weekend) without 调休, which only the notice fixes; ``"weekends"`` counts
   Monday to Friday; ``"error"`` stops with an explanation. Deadlines counted over such a year are provisional
   (:data:`PROVISIONAL`, :func:`provisional`): the 口径 and ``check`` say so.

Localities differ on whether day 1 is the day of 受理 or the next day and on whether holidays count, so both
are fields of :class:`DeadlineRule` rather than fixed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import chinese_calendar
import numpy as np
import pandas as pd

from summarize.errors import SummarizeError

# What to do with a year no schedule covers: statutory holidays by rule, Mon–Fri, or stop.
UNCOVERED_CHOICES = ("statutory", "weekends", "error")
# Where a year's working days came from, and which of those are not the published schedule.
SOURCES = {
    "settings": "工作区 summarize.toml 中的 [holidays]",
    "official": "国务院办公厅节假日安排（chinese-calendar）",
    "statutory": "法定节假日（按《全国年节及纪念日放假办法》推算，未含调休）",
    "weekends": "周一至周五（未考虑节假日和调休）",
}
PROVISIONAL = frozenset({"statutory", "weekends"})
# The [holidays] keys of a year: days off, and weekend days worked (调休上班).
OFF_KEY, ON_KEY = "放假", "调休上班"
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:~|～|至|\.\.)\s*(\d{4}-\d{2}-\d{2})\s*$")


@dataclass(frozen=True)
class DeadlineRule:
    """A deadline such as 60 natural days from the day after 受理, or 3 working days from 登记 itself.

    ``uncovered`` says what to do for years no schedule covers (see the module): ``"statutory"``, ``"weekends"``
    or ``"error"``.
    """

    days: int
    workdays: bool = False
    start_next_day: bool = True
    uncovered: str = "statutory"

    def __post_init__(self) -> None:
        # A rule comes from a settings file, so a bad value is the user's to fix, not a bug; the message names
        # the key, so the settings loader can point at its line.
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 1:
            raise SummarizeError(f"“days”（办理时限天数）应为正整数，当前为“{self.days}”")
        for key in ("workdays", "start_next_day"):
            if not isinstance(getattr(self, key), bool):
                raise SummarizeError(f"“{key}”应为“true”或“false”（不加引号），当前为“{getattr(self, key)}”")
        if self.uncovered not in UNCOVERED_CHOICES:
            raise SummarizeError(
                f"“uncovered”（未收录年份的处理方式）“{self.uncovered}”无效，"
                "应为“statutory”（默认）、“weekends”或“error”"
            )


@dataclass(frozen=True)
class Schedule:
    """One year's schedule as the State Council's notice gives it: the days off and the weekend days worked."""

    year: int
    off: frozenset[date]
    on: frozenset[date]


@dataclass(frozen=True)
class Calendar:
    """The schedules a workspace supplies (summarize.toml ``[holidays]``), ahead of chinese-calendar."""

    schedules: tuple[Schedule, ...] = ()

    @classmethod
    def from_settings(cls, raw: dict) -> Calendar:
        """``{"2027": {"放假": [...], "调休上班": [...]}}`` with dates, ISO date texts or "A~B" ranges; raises
        :class:`SummarizeError` naming the year and key of a bad entry."""
        schedules = []
        for key, table in raw.items():
            year = int(key) if str(key).isdigit() else None
            if year is None or not 1990 <= year <= 2100 or not isinstance(table, dict):
                raise SummarizeError(
                    f"“{key}”应为年份，写作 [holidays.2027]，下面写 {OFF_KEY} = [...] 和 {ON_KEY} = [...]"
                )
            unknown = set(table) - {OFF_KEY, ON_KEY}
            if unknown:
                raise SummarizeError(
                    f"{year}年中不认识的设置项“{'、'.join(sorted(unknown))}”；可用的设置项：{OFF_KEY}、{ON_KEY}"
                )
            off, on = (_dates(year, name, table.get(name, [])) for name in (OFF_KEY, ON_KEY))
            both = sorted(off & on)
            if both:
                raise SummarizeError(f"{year}年的{both[0].isoformat()}既写在“{OFF_KEY}”中又写在“{ON_KEY}”中")
            schedules.append(Schedule(year, frozenset(off), frozenset(on)))
        return cls(tuple(sorted(schedules, key=lambda s: s.year)))

    def get(self, year: int) -> Schedule | None:
        """The workspace's schedule for ``year``, if it gives one."""
        return next((s for s in self.schedules if s.year == year), None)


# No schedules of the workspace's own: chinese-calendar, then the ``uncovered`` choice.
NO_CALENDAR = Calendar()


def _dates(year: int, name: str, values: object) -> set[date]:
    """The days a list of dates, ISO texts and ranges names, each checked to lie in ``year``."""
    if not isinstance(values, list):
        raise SummarizeError(f'{year}年的“{name}”应为日期列表，如 [2027-10-01, "2027-10-02~2027-10-07"]')
    days: set[date] = set()
    for value in values:
        if isinstance(value, date):
            days.add(value)
            continue
        text = str(value)
        try:
            if match := _RANGE.match(text):
                first, last = (date.fromisoformat(part) for part in match.groups())
                days.update(d.date() for d in pd.date_range(first, last, freq="D"))
            else:
                days.add(date.fromisoformat(text.strip()))
        except ValueError:
            raise SummarizeError(
                f'{year}年的“{name}”中“{text}”不是日期；写作 2027-10-01，连续几天写作 "2027-10-01~2027-10-07"'
            ) from None
    outside = sorted(d for d in days if d.year != year)
    if outside:
        raise SummarizeError(f"{year}年的“{name}”中的{outside[0].isoformat()}不在{year}年")
    return days


@cache
def official_years() -> tuple[int, int]:
    """The first and last year chinese-calendar has the State Council's schedule for."""
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    """The statutory days off of ``year`` by rule, 补假 for those on a weekend included, 调休 not (empty for a
    year the ``holidays`` package has no rule for)."""
    import holidays

    known = holidays.China(years=year, language="zh_CN")
    # Once a notice is out the package also lists its 调休 rest days, but not the weekend days worked in return:
    # taking one without the other would give too few working days, so a rule-based year has neither.
    return frozenset(day for day, name in known.items() if "调休" not in name)


@cache
def year_schedule(year: int, uncovered: str, calendar: Calendar = NO_CALENDAR) -> tuple[np.ndarray, str]:
    """The sorted working days of one year as datetime64[D] and where they came from (a key of
    :data:`SOURCES`); cached because every column asks again."""
    days = pd.date_range(date(year, 1, 1), date(year, 12, 31), freq="D")
    weekdays = days.day_of_week < 5
    own = calendar.get(year)
    if own is not None:
        mask = (weekdays & ~days.isin(_index(own.off))) | days.isin(_index(own.on))
        return days[mask].to_numpy().astype("datetime64[D]"), "settings"
    try:
        mask = np.array([chinese_calendar.is_workday(day.date()) for day in days])
        source = "official"
    except NotImplementedError:
        if uncovered == "error":
            first, last = official_years()
            raise SummarizeError(
                f"按工作日计算办理时限需要{year}年的节假日安排，但 chinese-calendar 只收录了{first}—{last}年。"
                f"请先核对是否把年份录错；如确需计算，可在 summarize.toml 的 [holidays.{year}] 中按国务院办公厅的通知"
                f"填写放假和调休上班日期，或升级 chinese-calendar，或改按自然日计算，"
                f"或把未收录年份的处理方式设为“statutory”（按法定节假日推算，不含调休）。"
            ) from None
        rule_days = statutory_holidays(year) if uncovered == "statutory" else frozenset()
        mask = weekdays & ~days.isin(_index(rule_days))
        source = "statutory" if rule_days else "weekends"
    return days[mask].to_numpy().astype("datetime64[D]"), source


def _index(days: frozenset[date]) -> pd.DatetimeIndex:
    # DatetimeIndex.isin does not match datetime.date objects: compare timestamps.
    return pd.DatetimeIndex(sorted(days))


def _table(first_year: int, last_year: int, uncovered: str, calendar: Calendar) -> np.ndarray:
    # The end years hold the actual dates: check them first so that an error names a year the user can find in
    # the register (a typo such as 2205) rather than 2027 merely lying in between.
    year_schedule(last_year, uncovered, calendar)
    year_schedule(first_year, uncovered, calendar)
    # np.concatenate copies, so callers can never alter the cached per-year arrays.
    return np.concatenate(
        [year_schedule(y, uncovered, calendar)[0] for y in range(first_year, last_year + 1)]
    )


def provisional_years(first_year: int, last_year: int, uncovered: str, calendar: Calendar) -> list[int]:
    """The years from ``first_year`` to ``last_year`` whose working days are not a published schedule."""
    return [
        y for y in range(first_year, last_year + 1) if year_schedule(y, uncovered, calendar)[1] in PROVISIONAL
    ]


def _as_dates(values: pd.Series) -> pd.Series:
    # Times of day do not matter for a deadline: a case closed at 17:00 on the due date is on time.
    return pd.to_datetime(values).dt.normalize()


def due_dates(start: pd.Series, rule: DeadlineRule, calendar: Calendar = NO_CALENDAR) -> pd.Series:
    """The last day on which closing still counts as on time, for every start date; NaT stays NaT.

    Natural days: day 1 is the start day itself or the day after (``rule.start_next_day``). Working days: day 1
    is the first working day strictly after the start, or with ``start_next_day=False`` the start day itself
    when it is a working day and otherwise the next working day; the due date is the N-th such day.
    """
    starts = _as_dates(start)
    if not rule.workdays:
        return starts + pd.Timedelta(days=rule.days if rule.start_next_day else rule.days - 1)

    valid = starts.notna().to_numpy()
    days = starts.to_numpy()[valid].astype("datetime64[D]")
    out = np.full(len(starts), np.datetime64("NaT"), dtype="datetime64[D]")
    if days.size:
        years = starts[valid].dt.year
        first, last = int(years.min()), int(years.max())
        # "right" skips a start that is itself a working day; "left" lets it be day 1.
        side = "right" if rule.start_next_day else "left"
        while True:
            table = _table(first, last, rule.uncovered, calendar)
            positions = np.searchsorted(table, days, side=side) + rule.days - 1
            if positions.max() < table.size:
                break
            # Only reach into the next year when some deadline runs into it, so that a December start in the
            # last covered year does not fail for want of a schedule it does not need.
            last += 1
        out[valid] = table[positions]
    return pd.Series(out, index=starts.index, name=start.name).astype(starts.dtype)


def provisional(
    start: pd.Series, due: pd.Series, rule: DeadlineRule, calendar: Calendar = NO_CALENDAR
) -> pd.Series:
    """Whether each working-day deadline was counted over a year with no published schedule (its start's or its
    due date's year); always false for natural days."""
    starts, dues = _as_dates(start), _as_dates(due)
    if not rule.workdays or starts.notna().sum() == 0:
        return pd.Series(False, index=start.index)
    years = pd.concat([starts.dt.year, dues.dt.year]).dropna()
    uncertain = provisional_years(int(years.min()), int(years.max()), rule.uncovered, calendar)
    return (starts.dt.year.isin(uncertain) | dues.dt.year.isin(uncertain)).fillna(False).astype(bool)


def provisional_note(years: list[int]) -> str:
    """What the 口径 and ``check`` say of deadlines counted over ``years``, which have no published schedule."""
    named = "、".join(f"{y}年" for y in years)
    return (
        f"期限涉及{named}的按法定节假日推算（尚无国务院办公厅的节假日安排，未含调休），为暂定；"
        f"通知发布后可在 summarize.toml 的 [holidays.{years[0]}] 中填写放假和调休上班日期"
    )


def closed_on_time(closed: pd.Series, due: pd.Series) -> pd.Series:
    """Whether each item closed on or before its due date (times of day ignored), as a nullable boolean; NA
    where either date is missing."""
    closed_on, due_on = _as_dates(closed), _as_dates(due)
    return (closed_on <= due_on).astype("boolean").mask(closed_on.isna() | due_on.isna())


def days_overdue(due: pd.Series, asof: date | pd.Timestamp | pd.Series) -> pd.Series:
    """Natural days past the due date as of ``asof`` (a report date, or each item's closing date); 0 if not late.

    Returns a nullable integer Series, NA where the due date or the ``asof`` date is missing.
    """
    due_on = _as_dates(due)
    asof_on = _as_dates(asof) if isinstance(asof, pd.Series) else pd.Timestamp(asof).normalize()
    return (asof_on - due_on).dt.days.clip(lower=0).astype("Int64")
