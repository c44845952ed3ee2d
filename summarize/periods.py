"""What "as of" means, and which days each view compares: decided here and nowhere else.

The figures run to an *as-of day* (``--asof``; default today). A period that has ended by then is counted
whole and compared with whole periods, as before. A period still in progress on its as-of day is compared like
for like — the same days of the periods it is set against:

- 本月 = the 1st .. the as-of day; 上月 = the same days of the month before (clipped to its length);
  上年同月 = the same days a year earlier (29 February becomes the 28th);
- 本年累计 = 1 January .. the as-of day; 上年同期累计 = 1 January .. the same day last year;
- a year in progress (本年) against the same part of last year (上年同期).

Statistics, reports, the CLI's tables and files, and the web page all take their spans from
:func:`month_periods` and :func:`year_periods`, and their column names and 截至 phrases from :class:`Periods`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from summarize.errors import SummarizeError

if TYPE_CHECKING:
    import pandas as pd

# The columns of a view whose span starts on 1 January (year to date), and those set against it.
MONTH_COLUMNS = ("本月", "上月", "上年同月", "本年累计", "上年同期累计")
YEAR_COLUMNS = ("本年", "上年")
# Column names of a view in progress: what the compared spans are, in an office's words.
PARTIAL_HEADERS = {"上月": "上月同期", "上年同月": "上年同期", "本年": "本年累计", "上年": "上年同期"}


@dataclass(frozen=True)
class Span:
    """Days ``start`` .. ``end``, both included."""

    start: date
    end: date


@dataclass(frozen=True)
class Periods:
    """The spans one view compares, as of a day.

    ``partial`` is True when the view's own period (the month, or the year) is still in progress on ``asof``:
    its spans then end on the as-of day and the spans it is compared with end on the same day of theirs.
    """

    asof: date
    partial: bool
    spans: dict[str, Span] = field(default_factory=dict)

    def __deepcopy__(self, memo: dict) -> Periods:
        # A view carries its Periods in ``attrs``, which pandas deep-copies on every operation (hundreds of times
        # for one report); nothing changes a Periods or its spans once made, so the copy can be itself.
        return self

    @property
    def cutoff(self) -> date | None:
        """The as-of day when the period is in progress (the figures are 截至 it), None for a finished one."""
        return self.asof if self.partial else None

    def headers(self) -> dict[str, str]:
        """Column renames for display: 上年 → 上年同期 and so on while the period is in progress; {} otherwise."""
        if not self.partial:
            return {}
        return {k: v for k, v in PARTIAL_HEADERS.items() if k in self.spans}

    def cutoff_phrase(self) -> str:
        """“截至12月15日” for a period in progress, "" for a finished one."""
        return f"截至{self.asof.month}月{self.asof.day}日" if self.partial else ""


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """A statistics frame with its columns named for the days they compare (上年 → 上年同期 while the year is in
    progress, 上月 → 上月同期 …), as every table shows it; a frame without periods is returned as it is."""
    spans = frame.attrs.get("periods")
    return frame.rename(columns=spans.headers()) if spans is not None else frame


def days_in(year: int, month: int) -> int:
    """The number of days of a month (29 for February of a leap year)."""
    return calendar.monthrange(year, month)[1]


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, days_in(year, month))


def same_day(day: date, year: int, month: int) -> date:
    """The day of ``year``-``month`` that corresponds to ``day``: the same day number, clipped to the month's
    length (31 March → 28 or 29 February, 29 February → 28 February a year later)."""
    return date(year, month, min(day.day, days_in(year, month)))


def previous_month(year: int, month: int) -> tuple[int, int]:
    """The month before: January's is December of the year before."""
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_periods(year: int, month: int, asof: date | None = None) -> Periods:
    """The spans of the monthly view of ``year``-``month`` as of ``asof`` (None: no cut-off, the month whole).

    Raises :class:`SummarizeError` for a month that begins after the as-of day.
    """
    start, end = date(year, month, 1), month_end(year, month)
    prev_y, prev_m = previous_month(year, month)
    if asof is not None and asof < start:
        raise SummarizeError(f"{year}年{month}月在统计截止日{_cn(asof)}之后，还没有可统计的数据")
    if asof is None or asof >= end:
        return Periods(
            asof=asof or end,
            partial=False,
            spans={
                "本月": Span(start, end),
                "上月": Span(date(prev_y, prev_m, 1), month_end(prev_y, prev_m)),
                "上年同月": Span(date(year - 1, month, 1), month_end(year - 1, month)),
                "本年累计": Span(date(year, 1, 1), end),
                "上年同期累计": Span(date(year - 1, 1, 1), month_end(year - 1, month)),
            },
        )
    last_year = same_day(asof, year - 1, month)
    return Periods(
        asof=asof,
        partial=True,
        spans={
            "本月": Span(start, asof),
            "上月": Span(date(prev_y, prev_m, 1), same_day(asof, prev_y, prev_m)),
            "上年同月": Span(date(year - 1, month, 1), last_year),
            "本年累计": Span(date(year, 1, 1), asof),
            "上年同期累计": Span(date(year - 1, 1, 1), last_year),
        },
    )


def year_periods(year: int, asof: date | None = None) -> Periods:
    """The spans of the annual view of ``year`` as of ``asof``: the whole year and the whole year before, or
    1 January .. the as-of day and the same part of last year while the year is in progress.

    Raises :class:`SummarizeError` for a year that begins after the as-of day.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    if asof is not None and asof < start:
        raise SummarizeError(f"{year}年在统计截止日{_cn(asof)}之后，还没有可统计的数据")
    if asof is None or asof >= end:
        spans = {"本年": Span(start, end), "上年": Span(date(year - 1, 1, 1), date(year - 1, 12, 31))}
        return Periods(asof=asof or end, partial=False, spans=spans)
    last_year = same_day(asof, year - 1, asof.month)
    spans = {"本年": Span(start, asof), "上年": Span(date(year - 1, 1, 1), last_year)}
    return Periods(asof=asof, partial=True, spans=spans)


def whole_months(start: date, end: date) -> Span | None:
    """The whole months within ``start`` .. ``end``: what a register of month totals (工作量) can be counted over —
    1 January .. 15 December gives 1 January .. 30 November; None when no month is whole (1—15 December)."""
    first = start if start.day == 1 else month_end(start.year, start.month) + timedelta(days=1)
    last = end if end == month_end(end.year, end.month) else date(end.year, end.month, 1) - timedelta(days=1)
    return Span(first, last) if first <= last else None


def whole_months_note(spans: Periods) -> str:
    """What a view in progress says of the registers of month totals (工作量), "" for a finished one:
    “按月汇总填报的工作量只计完整月份：12月尚未结束，本月及同期不列，累计为1—11月”."""
    if not spans.partial:
        return ""
    day = spans.asof
    whole = f"累计为1—{day.month - 1}月" if day.month > 1 else "本年尚无完整月份"
    this = "本月及同期不列，" if "本月" in spans.spans else ""
    return f"按月汇总填报的工作量只计完整月份：{day.month}月尚未结束，{this}{whole}"


def judged_on(asof: date, year: int, month: int | None = None) -> date:
    """The day open and overdue items are judged on in a view of ``year`` (or its ``month``): the period's last
    day, or the as-of day while the period is still in progress."""
    end = month_end(year, month) if month else date(year, 12, 31)
    return min(end, asof)


def parse_asof(text: str | date) -> date:
    """An as-of day from ``2025-12-15`` (also 2025/12/15, 2025.12.15, 2025年12月15日) or a date."""
    if isinstance(text, date):
        return text
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", str(text))
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise SummarizeError(f"统计截止日应写成 2025-12-15 这样的日期，而不是“{text}”")


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
