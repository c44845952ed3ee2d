"""The lines of work (办文, 办会, 督查督办, …) an office reports on and the headings of its notes file, loaded from
``work.toml``.

One list serves every place that names them: the 年终总结's sections and their order, the 大事记 类别 words
quoted in each, the headings of 总结素材.md as the reports read them (:mod:`summarize.notes`), as
``summarize init`` writes them with their hints, and as the web page's 素材 form offers them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class LineOfWork:
    """One line of work: its name, the hint for the office's notes, and the 大事记 类别 words filed under it."""

    name: str
    hint: str = ""
    chronicle: tuple[str, ...] = ()
    in_init: bool = True


@dataclass(frozen=True)
class NoteHeading:
    """A heading of 总结素材.md the reports read: its name, the other words that name it, the hint the web page
    shows, the comment ``summarize init`` writes after it, and whether it holds a sub-heading per line of work."""

    name: str
    also: tuple[str, ...] = ()
    hint: str = ""
    comment: str = ""
    lines: bool = False


@dataclass(frozen=True)
class MonthNotes:
    """The notes of a month (``# 2025年11月``): the hint and comment of its heading, and its sub-headings."""

    hint: str
    comment: str
    headings: tuple[NoteHeading, ...]


@cache
def _work() -> dict:
    text = resources.files("summarize").joinpath("work.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _heading(entry: dict) -> NoteHeading:
    return NoteHeading(
        name=entry["name"],
        also=tuple(entry.get("also", ())),
        hint=entry.get("hint", ""),
        comment=entry.get("comment", ""),
        lines=entry.get("lines", False),
    )


@cache
def note_headings() -> tuple[NoteHeading, ...]:
    """The top-level headings of 总结素材.md a 年终总结 reads (导语, 亮点, 存在问题, 工作打算), in its order."""
    return tuple(_heading(entry) for entry in _work()["note"])


@cache
def month_notes() -> MonthNotes:
    """What a month's section of 总结素材.md holds, for the 月报."""
    month = _work()["month"]
    return MonthNotes(month["hint"], month["comment"], tuple(_heading(entry) for entry in month["note"]))


@cache
def lines_of_work() -> tuple[LineOfWork, ...]:
    """The lines of work in the order a 年终总结 presents them."""
    return tuple(
        LineOfWork(
            name=entry["name"],
            hint=entry.get("hint", ""),
            chronicle=tuple(entry.get("chronicle", ())),
            in_init=entry.get("in_init", True),
        )
        for entry in _work()["line"]
    )


def section_names() -> tuple[str, ...]:
    """The names of the lines of work, in order."""
    return tuple(line.name for line in lines_of_work())


def chronicle_sections() -> dict[str, str]:
    """Each 大事记 类别 word → the line of work its entries are quoted in."""
    return {word: line.name for line in lines_of_work() for word in line.chronicle}
