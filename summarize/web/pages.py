"""What each page of ``summarize serve`` shows, computed from the workspace: plain data and HTML tables.

Nothing here knows about HTTP; :mod:`summarize.web.app` passes the results to the page templates. The figures are
the engine's own (``ws.files()``, ``ws.annual()``, ``ws.monthly()``, the reports), formatted as the CLI prints
them, so the page, the terminal and the documents never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from markupsafe import Markup

from summarize.render.html import table_html

if TYPE_CHECKING:
    import pandas as pd

    from summarize.periods import Periods
    from summarize.web.site import Site
    from summarize.workspace import Workspace

# Columns the statistics tables right-align.
_TEXT_COLUMNS = {
    "指标",
    "单位",
    "计量单位",
    "文件",
    "台账",
    "年度",
    "工作表",
    "列",
    "原值",
    "说明",
    "级别",
    "备注",
}
_MAX_PROBLEMS_SHOWN = 1000


def periods(ws: Workspace) -> dict[int, list[int]]:
    """The years with register records, newest first, each with its months that have records (1 … last)."""
    facts = ws.facts
    years = sorted({int(y) for y in facts["年"].dropna()}, reverse=True)
    return {y: list(range(1, ws.last_month(y) + 1)) for y in years}


def choose_period(ws: Workspace, year: str | None, month: str | None) -> tuple[int | None, int | None]:
    """The year and month a page asked for, falling back to the workspace's year and its latest month."""
    known = periods(ws)
    if not known:
        return None, None
    asked_year, asked_month = _number(year, 4), _number(month, 2)
    chosen = asked_year if asked_year in known else ws.year
    if chosen not in known:
        chosen = max(known)
    months = known[chosen]
    wanted = asked_month or months[-1]
    return chosen, wanted if wanted in months else months[-1]


def _number(text: str | None, digits: int) -> int | None:
    """A year or month from the address, or None: only ASCII digits, and few of them ("²" passes isdigit but
    not int; a 5000-digit year is past what int() converts)."""
    return int(text) if text and len(text) <= digits and text.isascii() and text.isdigit() else None


def frame_html(frame: pd.DataFrame, caption: str = "") -> Markup:
    """A formatted frame (every cell already text) as a table, numbers right-aligned."""
    columns = [str(c) for c in frame.columns]
    numeric = tuple(i for i, c in enumerate(columns) if c not in _TEXT_COLUMNS)
    rows = [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]
    return table_html(columns, rows, caption, numeric)


def files_page(ws: Workspace) -> dict:
    """The 台账 page: each file read and how its rows were accounted for, every problem with its location."""
    from summarize.ingest.problems import ERROR, LISTED_PER_SHAPE, listed

    files = ws.files()
    problems = ws.ingested.problems
    shown = listed(problems)[0][:_MAX_PROBLEMS_SHOWN]
    provisional = _provisional_hints(ws)
    totals = ws.reconciliation()[["读取行数", "计入", "未计入", "空行", "合计行", "重复"]].sum()
    return {
        "files": [
            {
                "name": row.文件,
                "kind": row.台账 or "—",
                "years": row.年度 or "—",
                "sheets": row.工作表,
                "read": row.读取,
                "accepted": row.计入,
                "rejected": row.未计入,
                "skipped": row.跳过,
                "note": row.备注,
            }
            for row in files.itertuples(index=False)
        ],
        "problems": [
            {
                "error": p.severity == ERROR,
                "severity": p.severity,
                "where": p.location(),
                "reason": p.reason,
                "value": p.value or "",
            }
            for p in shown
        ]
        + provisional,
        "errors": sum(p.severity == ERROR for p in problems),
        "hints": sum(p.severity != ERROR for p in problems) + len(provisional),
        "hidden_problems": len(problems) - len(shown),
        "listed_per_shape": LISTED_PER_SHAPE,
        "totals": {key: int(value) for key, value in totals.items()},
        "units": ws.units,
    }


def _provisional_hints(ws: Workspace) -> list[dict]:
    """A 提示 row per register file whose working-day deadlines run over a year with no published holiday
    schedule, as ``summarize check`` prints them; none when the deadlines cannot be worked out at all (the
    statistics pages then say why)."""
    from summarize.errors import SummarizeError
    from summarize.workdays import provisional_note

    try:
        table = ws.provisional_deadlines()
    except SummarizeError:
        return []
    return [
        {
            "error": False,
            "severity": "提示",
            "where": f"文件“{row.文件}”",
            "reason": f"{row.件数}件{row.台账}的办理期限暂定：{provisional_note(row.期限年份)}",
            "value": "",
        }
        for row in table.itertuples(index=False)
    ]


def stats_page(site: Site, ws: Workspace, year: int, month: int) -> dict:
    """The 统计 page: the annual and monthly tables as offices print them, and two charts."""
    from summarize.bases import stated, table_notes
    from summarize.periods import labelled

    annual = ws.annual(year)
    monthly = ws.monthly(year, month)
    # A period in progress names its compared columns for what they are (上年同期, 上月同期), as the CLI does.
    small = ws.settings.report.small_base
    annual_cells, annual_counted = stated(labelled(annual), ws.metrics, small)
    monthly_cells, monthly_counted = stated(labelled(monthly), ws.metrics, small)
    return {
        "annual": frame_html(annual_cells),
        "monthly": frame_html(monthly_cells),
        # Headings say how far a period in progress runs and what it is compared with, as the documents do.
        "annual_span": _compared(annual.attrs["periods"], "上年同期"),
        "monthly_span": _compared(monthly.attrs["periods"], "上月同期、上年同期"),
        "annual_notes": table_notes(annual, ws.metrics, small, annual_counted),
        "monthly_notes": table_notes(monthly, ws.metrics, small, monthly_counted),
        "charts": site.memo(("stats-charts", year), lambda: stats_charts(ws, year, annual)),
    }


def _compared(spans: Periods, with_what: str) -> str:
    """“（截至12月15日，与上年同期比较）” for a period in progress, "" for a finished one."""
    return f"（{spans.cutoff_phrase()}，与{with_what}比较）" if spans.partial else ""


def stats_charts(ws: Workspace, year: int, annual: pd.DataFrame) -> list[tuple[str, str]]:
    """(caption, PNG as base64) for the month-by-month trend of 收文 and 发文 and the 本年/上年 comparison."""
    import base64

    import pandas as pd

    from summarize import charts
    from summarize.report.annual import HEADLINE_METRICS

    out = []
    series = ws.month_series(year)
    lines = {name: charts.month_values(series, name) for name in ("收文", "发文") if name in series.index}
    spans = annual.attrs["periods"]
    if lines:
        png = charts.year_trend(lines, spans.asof if running_asof(ws, year) else None)
        out.append((f"{year}年{'、'.join(lines)}月度趋势", base64.b64encode(png).decode("ascii")))
    rows = annual.set_index("指标")
    shown = [n for n in HEADLINE_METRICS if n in rows.index and pd.notna(rows.at[n, "上年"])]
    if shown:
        png = charts.compare_bars(
            shown,
            [float(rows.at[n, "本年"]) for n in shown],
            [float(rows.at[n, "上年"]) for n in shown],
            "",
            "份/件/次/条",
            names=(f"{year}年", f"{year - 1}年同期" if spans.partial else f"{year - 1}年"),
        )
        compared = (
            f"{year}年（{spans.cutoff_phrase()}）与{year - 1}年同期"
            if spans.partial
            else f"{year}年与{year - 1}年"
        )
        out.append((f"主要指标{compared}对比", base64.b64encode(png).decode("ascii")))
    return out


def running_asof(ws: Workspace, year: int) -> date | None:
    """For a year still in progress on the workspace's as-of day, that day (the statistics are 截至 it)."""
    from summarize.periods import year_periods

    return year_periods(year, ws.asof).cutoff
