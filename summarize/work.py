"""The lines of work (办文, 办会, 督查督办, …) an office reports on, loaded from ``work.toml``.

One list serves every place that names them: the 年终总结's sections and their order, the 大事记 类别 words
quoted in each, and the headings and hints ``summarize init`` writes into 总结素材.md and the 大事记 register.
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


@cache
def lines_of_work() -> tuple[LineOfWork, ...]:
    """The lines of work in the order a 年终总结 presents them."""
    text = resources.files("summarize").joinpath("work.toml").read_text(encoding="utf-8")
    return tuple(
        LineOfWork(
            name=entry["name"],
            hint=entry.get("hint", ""),
            chronicle=tuple(entry.get("chronicle", ())),
            in_init=entry.get("in_init", True),
        )
        for entry in tomllib.loads(text)["line"]
    )


def section_names() -> tuple[str, ...]:
    """The names of the lines of work, in order."""
    return tuple(line.name for line in lines_of_work())


def chronicle_sections() -> dict[str, str]:
    """Each 大事记 类别 word → the line of work its entries are quoted in."""
    return {word: line.name for line in lines_of_work() for word in line.chronicle}
