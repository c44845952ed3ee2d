"""Problems found while reading registers: where (file, sheet, Excel row, column), what, and how serious."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

ERROR = "错误"  # the row was not counted, or the file could not be read
NOTICE = "提示"  # the row was counted; something in it deserves a look

PROBLEM_COLUMNS = {
    "severity": "级别",
    "file": "文件",
    "sheet": "工作表",
    "row": "行",
    "column": "列",
    "value": "原值",
    "reason": "说明",
    "kind": "台账",
}


# A cell quoted in a message is cut to this many characters, so that a 40,000-character cell stays readable.
SHOWN_CHARS = 60


def abbreviate(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` as quoted in a message: cut after ``limit`` characters, saying how long it was."""
    return text if len(text) <= limit else f"{text[:limit]}…（共{len(text)}字）"


@dataclass(frozen=True)
class Problem:
    """One thing a clerk should look at, located as Excel shows it."""

    severity: str
    file: str
    reason: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    kind: str | None = None

    def location(self) -> str:
        """文件“…” 工作表“…” 第N行 “列”列 — the words a clerk needs to find the cell."""
        from summarize.errors import where

        return where(self.file, self.sheet, self.row, self.column)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a DataFrame with Chinese column names, in reading order."""
    frame = pd.DataFrame([asdict(p) for p in problems], columns=list(PROBLEM_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns=PROBLEM_COLUMNS)
