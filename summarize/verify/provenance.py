"""A figure's provenance as a Word comment: which metric and year it is, its 口径 in one sentence, and the
register rows it was counted from ("2025年收文登记簿.xlsx 1—12月工作表，1804行").

The comment's first line names the metric in a fixed form (指标：收文（2025年，数值）) that :func:`parse_comment`
reads back, so 核稿 knows what a figure is even after the sentence around it was rewritten.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

AUTHOR = "summarize"
ROLE_WORDS = {
    "value": "数值",
    "change": "同比",
    "difference": "增减",
    "target": "目标",
    "completion": "完成率",
}
_HEADER = re.compile(
    r"^指标：(?P<metric>[^（\n·]+)(?:·(?P<field>[^\n（]+?)为(?P<label>[^\n（]+))?"
    r"（(?P<year>\d{4})年，(?P<role>数值|同比|增减|目标|完成率)）"
)


def comment_header(metric: str, role: str, year: int, group: tuple[str, str] | None = None) -> str:
    """指标：收文（2025年，数值） / 指标：收文·紧急程度为特急（2025年，数值） / 指标：收文（2025年，同比）."""
    part = f"·{group[0]}为{group[1]}" if group else ""
    return f"指标：{metric}{part}（{year}年，{ROLE_WORDS[role]}）"


def parse_comment(text: str) -> tuple[str, str, int, tuple[str, str] | None] | None:
    """(metric, role, year, group) from a comment :func:`comment_header` began; None for any other comment."""
    m = _HEADER.match(text.strip())
    if m is None:
        return None
    role = next(k for k, v in ROLE_WORDS.items() if v == m.group("role"))
    group = (m.group("field"), m.group("label")) if m.group("field") else None
    return m.group("metric").strip(), role, int(m.group("year")), group


def rows_sentence(rows: pd.DataFrame, measure: str = "count") -> str:
    """Where rows come from, file by file: "2025年收文登记簿.xlsx 1—12月工作表，1804行"; sums say so."""
    if rows.empty:
        return "台账中没有计入的行"
    parts = []
    for file, group in rows.groupby("_file", sort=True, observed=True):
        sheets = [str(s) for s in dict.fromkeys(group["_sheet"].astype(str)) if s and s != "nan"]
        parts.append(f"{file}{_sheets_phrase(sheets)}，{len(group)}行")
    tail = "（各行数量之和）" if measure == "sum" else ""
    return "；".join(parts) + tail


def _sheets_phrase(sheets: list[str]) -> str:
    """ " 1—12月工作表" for month sheets in a run, " “收文”工作表" for one, " 3个工作表" for others."""
    if not sheets:
        return ""
    months = [re.fullmatch(r"(\d{1,2})月", s) for s in sheets]
    if all(months):
        numbers = sorted(int(m.group(1)) for m in months if m)
        if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 1:
            return f" {numbers[0]}—{numbers[-1]}月工作表"
    if len(sheets) == 1:
        return f" “{sheets[0]}”工作表"
    shown = "、".join(f"“{s}”" for s in sheets[:3])
    return f" {shown}{'等' if len(sheets) > 3 else ''}{len(sheets)}个工作表"
