"""Deadlines (办理时限) counted in natural days or working days, for whole columns at once.

Working days follow the State Council holiday schedule, 调休 weekend working days included, as shipped year by
year by chinese-calendar. Localities differ on whether day 1 is the day of 受理 or the next day and on whether
holidays count, so both are fields of :class:`DeadlineRule` rather than fixed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import chinese_calendar
import numpy as np
import pandas as pd

from summarize.errors import SummarizeError

# What to do with a year chinese-calendar has no schedule for: stop with an explanation, or count Mon–Fri.
UNCOVERED_CHOICES = ("error", "weekends")


@dataclass(frozen=True)
class DeadlineRule:
    """A deadline such as 60 natural days from the day after 受理, or 3 working days from 登记 itself.

    ``uncovered`` says what to do for years chinese-calendar does not cover: ``"error"`` stops with an
    explanation, ``"weekends"`` counts Monday to Friday as working days (no holidays, no 调休) for those years.
    """

    days: int
    workdays: bool = False
    start_next_day: bool = True
    uncovered: str = "error"

    def __post_init__(self) -> None:
        # A rule comes from a settings file, so a bad value is the user's to fix, not a bug.
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 1:
            raise SummarizeError(f"办理时限天数应为正整数，当前为“{self.days}”。")
        _check_uncovered(self.uncovered)


def _check_uncovered(uncovered: str) -> None:
    if uncovered not in UNCOVERED_CHOICES:
        raise SummarizeError(f"未收录年份的处理方式“{uncovered}”无效，应为“error”或“weekends”。")


@cache
def _covered_range() -> tuple[int, int]:
    # Only for the message: whether a year is covered is decided by chinese-calendar itself (see below).
    years = [day.year for day in chinese_calendar.holidays]
    return min(years), max(years)


@cache
def _year_workdays(year: int, uncovered: str) -> np.ndarray:
    """The sorted working days of one year as datetime64[D]; cached because every column asks again."""
    days = pd.date_range(date(year, 1, 1), date(year, 12, 31), freq="D")
    try:
        mask = np.array([chinese_calendar.is_workday(day.date()) for day in days])
    except NotImplementedError:
        if uncovered != "weekends":
            first, last = _covered_range()
            raise SummarizeError(
                f"按工作日计算办理时限需要{year}年的法定节假日安排，但 chinese-calendar 只收录了{first}—{last}年。"
                f"请先核对是否把年份录错；如确需计算，可升级 chinese-calendar，或改按自然日计算，"
                f"或把未收录年份的处理方式设为“weekends”（这些年份按周一至周五计工作日，不考虑节假日和调休）。"
            ) from None
        mask = days.day_of_week < 5
    return days[mask].to_numpy().astype("datetime64[D]")


def _table(first_year: int, last_year: int, uncovered: str) -> np.ndarray:
    # The end years hold the actual dates: check them first so that an error names a year the user can find in
    # the register (a typo such as 2205) rather than 2027 merely lying in between.
    _year_workdays(last_year, uncovered)
    _year_workdays(first_year, uncovered)
    # np.concatenate copies, so callers can never alter the cached per-year arrays.
    return np.concatenate([_year_workdays(y, uncovered) for y in range(first_year, last_year + 1)])


def _as_dates(values: pd.Series) -> pd.Series:
    # Times of day do not matter for a deadline: a case closed at 17:00 on the due date is on time.
    return pd.to_datetime(values).dt.normalize()


def due_dates(start: pd.Series, rule: DeadlineRule) -> pd.Series:
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
            table = _table(first, last, rule.uncovered)
            positions = np.searchsorted(table, days, side=side) + rule.days - 1
            if positions.max() < table.size:
                break
            # Only reach into the next year when some deadline runs into it, so that a December start in the
            # last covered year does not fail for want of a schedule it does not need.
            last += 1
        out[valid] = table[positions]
    return pd.Series(out, index=starts.index, name=start.name).astype(starts.dtype)


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
