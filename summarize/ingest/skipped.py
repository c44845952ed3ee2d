"""Sheets that are not registers: instructions, totals by sender or month, and print forms (文件处理单, one
document per sheet). They are listed as skipped with the reason, never read as records and never an error.

The words that name them live in ``sheets.toml``; a sheet whose header is found is always read, whatever its
name says ("7-12月（含情况说明）" holds records).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

import pandas as pd

# A print form is mostly label cells: "收文日期：" or a short label followed by an empty cell to fill in.
_FORM_LABEL_SHARE = 0.5
_MIN_FORM_LABELS = 4


@cache
def _words() -> dict:
    text = resources.files("summarize").joinpath("sheets.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def without_ambiguous_words(text: str) -> str:
    """``text`` without the words that name two kinds at once ("收发文件登记簿" names both 收文 and 发文)."""
    for word in sorted(_words()["hints"]["ambiguous"], key=len, reverse=True):
        text = text.replace(word, " ")
    return text


def skip_reason(cells: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    """Why a sheet with no readable header is not a register (the note to list it with), or None.

    ``names`` are the sheet name and the title text, looked at in that order.
    """
    words = _words()
    for section in ("notes", "totals", "forms"):
        for name in names:
            found = next((w for w in words[section]["words"] if w in name), None)
            if found:
                return words[section]["note"].format(word=found)
    if _looks_like_form(cells):
        return words["forms"]["form_note"]
    return None


def form_name(names: tuple[str, ...]) -> str | None:
    """The note for a sheet whose name or title says it is a print form (收文处理单), whatever header-like label
    rows it holds ("收文日期： | | 来文单位："), or None."""
    forms = _words()["forms"]
    for name in names:
        found = next((w for w in forms["words"] if w in name), None)
        if found:
            return forms["note"].format(word=found)
    return None


def _looks_like_form(cells: pd.DataFrame) -> bool:
    """Whether most written cells are labels waiting for a value: "收文日期：", or a short text whose right
    neighbour is empty (the box to fill in)."""
    grid = cells.to_numpy(dtype=object)
    written = labels = 0
    for r in range(min(len(grid), 40)):
        row = grid[r]
        for c, value in enumerate(row):
            if _empty(value):
                continue
            written += 1
            text = str(value).strip()
            right_empty = c + 1 >= len(row) or _empty(row[c + 1])
            if text.endswith(("：", ":")) or (isinstance(value, str) and len(text) <= 10 and right_empty):
                labels += 1
    return labels >= _MIN_FORM_LABELS and labels >= _FORM_LABEL_SHARE * written


def _empty(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or (isinstance(value, str) and not value.strip())
    )
