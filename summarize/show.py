"""Printing engine results in the terminal with rich: the CLI's only presentation code.

Everything printed here passes through :func:`plain` first: file, sheet, unit and metric names and cell values
are the clerk's text, and rich would read "[/]" in them as markup (and crash) or "[files]" as a style (and
drop it).
"""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from summarize import phrasing
from summarize.bases import stated
from summarize.config import SMALL_BASE
from summarize.errors import where
from summarize.ingest.problems import ERROR, LISTED_PER_SHAPE, Problem, listed
from summarize.metrics import Metric
from summarize.workspace import Workspace

CHANGE_COLUMNS = {"同比", "环比", "累计同比"}
# With a period in progress, 上月/上年同月/上年 are shown as 上月同期/上年同期 (see summarize.periods).
VALUE_COLUMNS = {
    "本年",
    "上年",
    "目标",
    "本月",
    "上月",
    "上年同月",
    "本年累计",
    "上年同期累计",
    "上月同期",
    "上年同期",
}
TEXT_COLUMNS = {"指标", "单位", "计量单位"}
NUMERIC_LIKE = CHANGE_COLUMNS | VALUE_COLUMNS | {"完成率"}


def plain(value: object) -> Text:
    """``value`` as text rich prints literally, never reading markup in it."""
    return Text(str(value))


def print_check(ws: Workspace, console: Console, every: bool = False) -> int:
    """Print the per-file table, the problems and the reconciliation line; return the number of errors.

    Problems of one shape (same sheet, column and reason) are printed ten at a time followed by a line counting
    the rest and the rows they span, unless ``every``."""
    recon = ws.reconciliation()
    table = Table(title=plain(f"{ws.unit} 台账检查"), title_justify="left")
    for name in ("文件", "台账", "年度", "工作表", "读取", "计入", "未计入", "跳过"):
        table.add_column(name, justify="right" if name not in ("文件", "台账") else "left")
    for row in ws.files().itertuples(index=False):
        table.add_row(
            plain(row.文件 + (f"（{row.备注}）" if row.备注 else "")),
            plain(row.台账 or "—"),
            plain(row.年度 or "—"),
            *(plain(v) for v in (row.工作表, row.读取, row.计入, row.未计入, row.跳过)),
        )
    console.print(table)

    problems = ws.ingested.problems
    errors = [p for p in problems if p.severity == ERROR]
    if problems:
        console.print(f"\n发现 {len(errors)} 个错误、{len(problems) - len(errors)} 条提示：")
        shown, unlisted = (problems, []) if every else listed(problems)
        for p in shown:
            value = f"（原值：{p.value}）" if p.value else ""
            _print_problem(console, p, f" {p.location()}：{p.reason}{value}")
        if unlisted:
            console.print(
                f"\n同一列的同类问题只列出前{LISTED_PER_SHAPE}条，其余的条数如下（summarize check --all 列出全部）："
            )
        for left in unlisted:
            p = left.first
            rows = f"，在第{left.first_row}行至第{left.last_row}行之间" if left.first_row is not None else ""
            line = f" {where(p.file, p.sheet, None, p.column)}：与“{p.reason}”同类的问题还有{left.count:,}条未列出{rows}"
            _print_problem(console, p, line)
    print_unused_columns(ws, console)
    print_provisional_deadlines(ws, console)
    total = recon[["读取行数", "计入", "未计入", "空行", "合计行", "重复"]].sum()
    console.print(
        f"\n合计读取 {total['读取行数']} 行 = 计入 {total['计入']} 行 + 未计入 {total['未计入']} 行"
        f" + 跳过 {total['空行'] + total['合计行'] + total['重复']} 行"
        f"（空行 {total['空行']}，合计行 {total['合计行']}，重复 {total['重复']}）"
    )
    return len(errors)


def _print_problem(console: Console, problem: Problem, line: str) -> None:
    """``line`` after the problem's severity, in red for an error and yellow for a notice (no markup read)."""
    style = "red" if problem.severity == ERROR else "yellow"
    console.print(Text.assemble((problem.severity, style), line), soft_wrap=True)


def print_provisional_deadlines(ws: Workspace, console: Console) -> None:
    """One line per register file whose working-day deadlines run over a year with no published schedule."""
    from summarize.workdays import provisional_note

    table = ws.provisional_deadlines()
    if table.empty:
        return
    console.print()
    for row in table.itertuples(index=False):
        line = (
            f"提示 文件“{row.文件}”：{row.件数}件{row.台账}的办理期限暂定：{provisional_note(row.期限年份)}"
        )
        console.print(Text.assemble(("提示", "yellow"), plain(line.removeprefix("提示"))), soft_wrap=True)


def print_unused_columns(ws: Workspace, console: Console) -> None:
    """Per file, the columns no field took ("未使用的列：文件去向、厅领导签批意见"), with the field a column's
    header comes close to, so that nothing disappears without a word."""
    from summarize.ingest.header import near_field

    by_file: dict[str, dict[str, str | None]] = {}
    for sheet in ws.sheets:
        for text in sheet.unused:
            by_file.setdefault(sheet.file, {}).setdefault(
                text, near_field(sheet.kind, text) if sheet.kind else None
            )
    if not by_file:
        return
    console.print()
    for file, columns in by_file.items():
        shown = "、".join(
            escape(text) + (f"（若是“{escape(near)}”，请改正列名）" if near else "")
            for text, near in columns.items()
        )
        console.print(f"文件“{escape(file)}”未使用的列：{shown}", soft_wrap=True)


def formatted(frame: pd.DataFrame, metrics: dict[str, Metric], small: int = SMALL_BASE) -> pd.DataFrame:
    """A statistics frame as the text offices print: 1896, 95.3%, +6.2%, +1.2个百分点, "—" with no base; over a
    base under ``small`` in counts (+1, 4/5), as :mod:`summarize.bases` decides."""
    return stated(frame, metrics, small)[0]


def print_frame(frame: pd.DataFrame, console: Console, title: str) -> None:
    """Print an already formatted frame as a rich table, numbers right-aligned."""
    table = Table(title=plain(title), title_justify="left")
    for col in frame.columns:
        table.add_column(
            plain(col), justify="left" if col in TEXT_COLUMNS or col not in NUMERIC_LIKE else "right"
        )
    for row in frame.itertuples(index=False):
        table.add_row(*[plain(v) for v in row])
    console.print(table)


def formatted_ranking(frame: pd.DataFrame, metrics: dict[str, Metric]) -> pd.DataFrame:
    """A 通报 table as printed: values per metric, 排名 with （并列） for shared ranks, 汇总 unranked."""
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        if col in metrics:
            out[col] = [phrasing.value(v, metrics[col].is_rate) for v in frame[col]]
        elif col == "排名":
            out[col] = [
                "" if pd.isna(rank) else f"{rank}（并列）" if tied else str(rank)
                for rank, tied in zip(frame["排名"], frame["并列"], strict=True)
            ]
        elif col != "并列":
            out[col] = frame[col].astype("string")
    return out
