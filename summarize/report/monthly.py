"""Building the 月报: 本月工作概述 in 公文 phrasing, the statistics table, a trend chart, 存在问题 and 下月工作安排.

:class:`MonthlyReport` carries the Report (for Word and Markdown) together with the numeric tables (for the
Excel statistics table an office sends upward), so both files come from the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from summarize import phrasing
from summarize.bases import exported, stated, table_notes
from summarize.config import SMALL_BASE
from summarize.periods import Periods, month_end
from summarize.report.annual import last_year_line, marked_provisional, nothing_read, overdue_items
from summarize.report.lang import convert_report
from summarize.report.model import Figure, Paragraph, Report, Table
from summarize.report.stat import StatLookup, frame_stats
from summarize.report.text import environment, paragraphs, render_text

if TYPE_CHECKING:
    from summarize.layout import Layout
    from summarize.report.inputs import MonthlyInputs

TABLE_COLUMNS = [
    "指标",
    "单位",
    "本月",
    "上月",
    "环比",
    "上年同月",
    "同比",
    "本年累计",
    "上年同期累计",
    "累计同比",
]
# Each change column and the two columns it compares.
CHANGE_PAIRS = {
    "环比": ("本月", "上月"),
    "同比": ("本月", "上年同月"),
    "累计同比": ("本年累计", "上年同期累计"),
}
TREND_METRICS = ("收文", "发文")


@dataclass
class MonthlyReport:
    """One month's 月报: the document and the numbers behind it."""

    report: Report
    table: pd.DataFrame
    by_department: pd.DataFrame | None
    metrics: dict
    unit: str
    year: int
    month: int
    periods: Periods
    sources: dict[str, str] | None = None  # each metric's register files, for the workbook's 口径 sheet
    small_base: int = SMALL_BASE  # a change from fewer items is left empty and said in counts (说明)

    @property
    def asof(self) -> date | None:
        """The as-of day of a month still in progress (the figures are 截至 it), None for a finished month."""
        return self.periods.cutoff

    @property
    def partial(self) -> bool:
        """True for a month still in progress on the as-of day (compared with the same days of other months)."""
        return self.periods.partial

    def to_docx(self, path: str | Path, template: Path | None = None, layout: Layout | None = None) -> Path:
        """Write the 月报 as a GB/T 9704 Word document."""
        return self.report.to_docx(path, template=template, layout=layout)

    def to_pdf(self, path: str | Path, template: Path | None = None, layout: Layout | None = None) -> Path:
        """The 月报 as a PDF (needs LibreOffice; see :func:`summarize.render.pdf.write_pdf`)."""
        return self.report.to_pdf(path, template=template, layout=layout)

    def to_xlsx(self, path: str | Path) -> Path:
        """Write the 统计表 workbook: 统计表, 分科室 (when departments are recorded) and 口径 sheets."""
        from summarize.render.xlsx import write_statistics_xlsx

        period = f"{self.year}年{self.month}月"
        headers = self.periods.headers()
        return write_statistics_xlsx(
            Path(path),
            unit=self.unit,
            title=f"{self.unit}{period}工作统计表",
            period_label=period,
            table=exported(self.table.rename(columns=headers), self.metrics, self.small_base),
            metrics=self.metrics,
            by_department=None
            if self.by_department is None
            else exported(self.by_department.rename(columns=headers), self.metrics, self.small_base),
            asof=self.asof,
            generated=month_end(self.year, self.month),
            sources=self.sources,
        )

    def to_markdown(self) -> str:
        """The 月报 as Markdown."""
        return self.report.to_markdown()

    def to_html(self) -> str:
        """The 月报 as an HTML fragment, as the web page previews it."""
        return self.report.to_html()

    def _repr_markdown_(self) -> str:
        return self.report.to_markdown(embed_images=True)


def build_monthly(inputs: MonthlyInputs) -> MonthlyReport:
    """The 月报 stated by ``inputs``."""
    settings, metrics, table = inputs.settings, inputs.metrics, inputs.table
    year, month, unit = inputs.year, inputs.month, inputs.unit
    env = environment(inputs.folder)
    notes = inputs.notes
    by_department = inputs.by_department
    end = month_end(year, month)
    periods: Periods = table.attrs["periods"]
    # A month in progress is 截至 the as-of day and compared with the same days of the months it is set against.
    asof = periods.cutoff
    small = settings.small_base
    m = StatLookup(frame_stats(table, metrics, "本月", "上月", "环比", "上月同期" if asof else "上月", small))
    y = StatLookup(
        frame_stats(table, metrics, "本月", "上年同月", "同比", "上年同期" if asof else "上年同月", small)
    )
    c = StatLookup(frame_stats(table, metrics, "本年累计", "上年同期累计", "累计同比", "上年同期", small))
    common = {
        "unit": unit,
        "year": year,
        "month": month,
        "m": m,
        "y": y,
        "c": c,
        "asof": asof or end,
        "partial": asof is not None,
        "cumulative": f"1月1日至{month}月{asof.day}日" if asof else f"1—{month}月",
    }

    report = Report(
        title=render_text(env, "月报/标题.j2", **common),
        signature=settings.signature or unit,
        date=asof or end,
        lang=settings.lang,
        marks=settings.marks,
    )
    report.add(Paragraph(f"{phrasing.ordinal_heading(1, 1)}本月工作概述", "h1"))
    missing = nothing_read(inputs.has_records, inputs.not_counted, year, month)
    for text in [missing] if missing else paragraphs(render_text(env, "月报/概述.j2", **common)):
        report.add(Paragraph(text, "body"))
    for point in notes.get("本月工作概述", []):
        report.add(Paragraph(point, "body"))
    if not missing and (work := _month_events(inputs.chronicle, year, month, asof or end)):
        report.add(Paragraph(work, "body"))

    report.add(Paragraph(f"{phrasing.ordinal_heading(2, 1)}主要指标完成情况", "h1"))
    caption = f"{year}年{month}月主要指标统计" + (
        f"（{periods.cutoff_phrase()}，上月、上年均取同期）" if asof else ""
    )
    block, counted = _table_block(table, metrics, caption, periods.headers(), small)
    report.add(block)
    for note in table_notes(table, metrics, small, counted):
        report.add(Paragraph(note, "body"))
    _, overdue = overdue_items(inputs.overdue)
    if overdue:  # named here whatever the notes say under 存在问题: the figures above do not show them
        listed = "；".join(
            f"{i['事项']}（{i['责任单位'] + '，' if i['责任单位'] else ''}超期{i['超期天数']}天）"
            for i in overdue
        )
        day = phrasing.chinese_date(asof or end)
        report.add(Paragraph(f"截至{day}，督办事项超期未办结{len(overdue)}件：{listed}。", "body"))
    trend = _trend_figure(inputs, asof, report.lang)
    if trend is not None:
        report.add(trend)

    report.add(Paragraph(f"{phrasing.ordinal_heading(3, 1)}存在问题", "h1"))
    if notes.get("存在问题"):
        for point in phrasing.numbered_points(notes["存在问题"]):
            report.add(Paragraph(point, "body"))
    else:
        worse = [s for s in m.values() if s.worsened and not metrics[s.name].detail]
        for text in paragraphs(
            render_text(env, "月报/存在问题提示.j2", worse=worse, overdue=overdue, **common)
        ):
            report.add(Paragraph(text, "body"))

    report.add(Paragraph(f"{phrasing.ordinal_heading(4, 1)}下月工作安排", "h1"))
    plans = notes.get("下月工作安排", [])
    for point in phrasing.numbered_points(plans) if plans else ["【请补充：下月工作安排】"]:
        report.add(Paragraph(point, "body"))

    report = convert_report(report, settings.lang)
    # The workbook's 口径 sheet says which deadlines of the year are provisional (see summarize.workdays).
    marked = marked_provisional(dict(metrics), inputs.provisional)[0]
    return MonthlyReport(
        report, table, by_department, marked, unit, year, month, periods, dict(inputs.sources), small
    )


def _month_events(chronicle: pd.DataFrame | None, year: int, month: int, last: date) -> str:
    """The month's 大事记, grouped by kind as the 年终总结 groups them: "本月主要工作：一是……；二是……。" ("" when
    none is recorded)."""
    from summarize.report import events

    start = pd.Timestamp(year, month, 1)
    groups = events.event_groups(chronicle, start, pd.Timestamp(last))
    phrases = [g.phrase for g in groups]
    if not phrases:
        return ""
    if len(phrases) == 1:
        return f"本月主要工作：{phrases[0]}。"
    return f"本月主要工作：{phrasing.enumerate_points(phrases)}"


def _table_block(
    table: pd.DataFrame, metrics: dict, caption: str, headers: dict[str, str], small: int
) -> tuple[Table, bool]:
    """The 月报's statistics table, and whether any cell is stated in counts (see :mod:`summarize.bases`).

    The catalogue's unlisted metrics (a rate's helper parts, 信访参评) are no lines of it."""
    shown, counted = stated(table[TABLE_COLUMNS], metrics, small, listed_only=True)
    columns = [headers.get(c, c) for c in TABLE_COLUMNS]
    rows = [[str(v) for v in row] for row in shown.itertuples(index=False)]
    block = Table(caption=caption, columns=columns, rows=rows, numeric_columns=tuple(range(2, len(columns))))
    return block, counted


def _trend_figure(inputs: MonthlyInputs, asof: date | None, lang: str) -> Figure | None:
    from summarize import charts

    year, month = inputs.year, inputs.month
    this, last = inputs.series, inputs.last_series
    lines: dict[str, list[float | None]] = {}
    for name in TREND_METRICS:
        if name not in this.index:
            continue
        lines[f"{name}（{year}年）"] = charts.month_values(this, name, through=month)
        if name in last.index and last.loc[name].notna().any():
            running = inputs.table if asof else None  # the month in progress: last year's same days
            lines[f"{name}（{year - 1}年）"] = last_year_line(last, running, month, name)
    if not lines:
        return None
    png = charts.year_trend(lines, asof, lang)
    names = "、".join(n for n in TREND_METRICS if n in this.index)
    compared = f"（与{year - 1}年对比）" if any(str(year - 1) in label for label in lines) else ""
    # The month in progress is not a fall: the caption says how many of its days the point counts.
    running = f"；{month}月为1—{asof.day}日数据，上年取同期" if asof else ""
    if running:
        compared = f"（{compared.strip('（）')}{running}）" if compared else f"（{running.lstrip('；')}）"
    return Figure(png, f"{year}年1—{month}月{names}月度趋势{compared}")
