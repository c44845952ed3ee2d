"""Problems found while reading registers: where (file, sheet, Excel row, column), what, and how serious."""

from __future__ import annotations

import re
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


@dataclass(frozen=True, init=False)
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

    def __init__(
        self,
        severity: str,
        file: str,
        reason: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        kind: str | None = None,
    ) -> None:
        # A frozen dataclass's own __init__ sets each field through object.__setattr__ (~3 us a problem); a
        # messy workspace has tens of thousands. The fields are put in place at once; assigning one later still
        # raises, as for any frozen dataclass.
        self.__dict__.update(
            severity=severity,
            file=file,
            reason=reason,
            sheet=sheet,
            row=row,
            column=column,
            value=value,
            kind=kind,
        )

    def location(self) -> str:
        """文件“…” 工作表“…” 第N行 “列”列 — the words a clerk needs to find the cell."""
        from summarize.errors import where

        return where(self.file, self.sheet, self.row, self.column)


# Problems of one shape — same file, sheet, column, severity and reason once the row numbers and quoted values in
# it are set aside — are listed this many at a time; a sheet whose every date is wrong would otherwise print a
# million lines, which nobody reads and which take minutes to print.
LISTED_PER_SHAPE = 10
_NUMBERS = re.compile(r"\d+")
_QUOTED = re.compile(r"“[^”]*”")


@dataclass(frozen=True)
class Unlisted:
    """Problems of one shape left out of a list: the first of them, how many, and the rows they span."""

    first: Problem
    count: int
    first_row: int | None
    last_row: int | None


def listed(
    problems: list[Problem], per_shape: int = LISTED_PER_SHAPE
) -> tuple[list[Problem], list[Unlisted]]:
    """The problems worth printing one by one, in reading order — the first ``per_shape`` of each shape — and,
    for each shape with more, what was left out."""
    seen: dict[tuple, int] = {}
    shown: list[Problem] = []
    left: dict[tuple, list[Problem]] = {}
    for p in problems:
        shape = (p.file, p.sheet, p.column, p.severity, _QUOTED.sub("“”", _NUMBERS.sub("#", p.reason)))
        seen[shape] = seen.get(shape, 0) + 1
        if seen[shape] <= per_shape:
            shown.append(p)
        else:
            left.setdefault(shape, []).append(p)
    unlisted = []
    for group in left.values():
        rows = [p.row for p in group if p.row is not None]
        unlisted.append(Unlisted(group[0], len(group), min(rows, default=None), max(rows, default=None)))
    return shown, unlisted


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a DataFrame with Chinese column names, in reading order."""
    frame = pd.DataFrame([asdict(p) for p in problems], columns=list(PROBLEM_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    return frame.rename(columns=PROBLEM_COLUMNS)
