"""What a report is built from, as plain data: the builders (:func:`summarize.report.annual.build_annual`,
:func:`summarize.report.monthly.build_monthly`) read nothing else, so a report can be built — and tested — from
inputs made by hand. :mod:`summarize.gather` assembles them from a Workspace; nothing under ``report/`` knows
about the Workspace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from summarize.report.official import OfficialMarks

if TYPE_CHECKING:
    from summarize.metrics import Metric
    from summarize.notes import Notes
    from summarize.report.stat import Stat


@dataclass(frozen=True)
class ReportSettings:
    """The settings a document is written with (``summarize.toml``'s lang, superior and [report]), typed."""

    lang: str = "zh-Hans"
    superior: str = ""
    signature: str = ""  # the 落款; "" for the unit's name
    date: date | None = None  # the 成文日期 when set; else the end of the period (or its as-of day)
    small_base: int = 10  # fewer items than this are said in counts, not percentages
    appendix: str = "main"  # "full" adds the 统计口径说明 to the 年终总结's 附件
    marks: OfficialMarks | None = None  # 红头, 发文字号, 版记 … when the report goes out as a formal 报告


@dataclass(frozen=True)
class Provisional:
    """Deadlines of the year counted on a provisional holiday schedule (see :mod:`summarize.workdays`): the
    register kinds that have them and the years of those deadlines; empty when there are none."""

    kinds: frozenset[str] = frozenset()
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class AnnualInputs:
    """Everything the 年终总结 of ``year`` states."""

    unit: str
    year: int
    asof: date  # the as-of day the figures run to
    settings: ReportSettings
    annual: pd.DataFrame  # the annual statistics (its attrs["periods"] says what is compared)
    metrics: Mapping[str, Metric]
    # metric → breakdown field → (label, Stat) pairs, largest first (收文 by 紧急程度, 信访受理 by 信访形式, …)
    breakdowns: Mapping[str, Mapping[str, list[tuple[str, Stat]]]]
    overdue: pd.DataFrame  # open and late items on the day the year is judged (see Workspace.overdue)
    series: pd.DataFrame  # this year's figures month by month (指标 × 1…12)
    last_series: pd.DataFrame  # last year's
    # The statistics of the month still in progress on the as-of day (its 上年同月 is the same days of last
    # year), None when no month of the year is in progress.
    running_month: pd.DataFrame | None
    chronicle: pd.DataFrame | None  # the 大事记 register (日期, 事项, 类别 …) up to the as-of day
    has_records: bool  # whether any register records a day of the year
    not_counted: str | None  # what the figures leave out (files, sheets, rows not read), if anything
    notes: Notes  # the office's own words (总结素材.md)
    folder: Path | None = None  # the workspace folder, whose templates/ may override the wording
    provisional: Provisional = field(default_factory=lambda: Provisional())


@dataclass(frozen=True)
class MonthlyInputs:
    """Everything the 月报 of ``year``-``month`` states."""

    unit: str
    year: int
    month: int
    settings: ReportSettings
    table: pd.DataFrame  # the month's statistics (本月, 上月, 环比, … ; attrs["periods"])
    by_department: pd.DataFrame | None  # the same by 科室, when departments are recorded
    metrics: Mapping[str, Metric]
    series: pd.DataFrame  # this year's figures month by month
    last_series: pd.DataFrame  # last year's
    overdue: pd.DataFrame  # open and late items at the month's end (or its as-of day)
    chronicle: pd.DataFrame | None  # the 大事记 register up to the as-of day
    has_records: bool  # whether any register records a day of the month
    not_counted: str | None
    notes: Mapping[str, list[str]]  # the month's section of 总结素材.md: heading → points
    folder: Path | None = None
    provisional: Provisional = field(default_factory=lambda: Provisional())
    sources: Mapping[str, str] = field(default_factory=dict)  # metric → its register files (口径 sheet)


def report_settings(
    settings: Any, unit: str, lang: str | None = None, appendix: str | None = None
) -> ReportSettings:
    """The report settings from a workspace's :class:`summarize.config.Settings` (typed and checked when read),
    with the unit's name as the default 落款 and ``lang``/``appendix`` overriding the file's."""
    report = settings.report
    return ReportSettings(
        lang=lang or settings.lang,
        superior=settings.superior,
        signature=unit if report.signature is None else report.signature,
        date=report.date,
        small_base=report.small_base,
        appendix=appendix or report.appendix,
        marks=report.marks,
    )
