"""The office's name as its registers write it: "登记单位：市委组织部办公室" above the header, or a title that starts
with it ("示例县人民政府办公室2025年发文登记簿").

The name a report is signed with comes from the settings' ``unit`` first, then from the registers (the name
most files give), else it is left as a visible 【请补充：单位名称】: a folder's name is never an office's name.
Which labels and endings count is data in ``wording.toml`` ([unit]).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarize.ingest import SheetReport

UNIT_PLACEHOLDER = "【请补充：单位名称】"
# A name is at most this long: longer text after a label is a sentence, not a name.
_MAX_NAME = 30
# What may follow a name in the same cell: （盖章）, spaces, the next label.
_TRAILING = re.compile(r"[（(][^）)]*[）)]$")


@cache
def wording() -> dict:
    """The [unit] and [events] word lists of ``wording.toml``."""
    return tomllib.loads(resources.files("summarize").joinpath("wording.toml").read_text(encoding="utf-8"))


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, tuple[str, ...]]:
    words = wording()["unit"]
    labels = "|".join(map(re.escape, words["labels"]))
    labelled = re.compile(rf"(?:{labels})\s*[:：]\s*([^\s:：，,；;]+)")
    stops = "|".join(map(re.escape, words["title_stops"]))
    leading = re.compile(rf"^\s*([^\s\d:：（(]+?)\s*(?:[（(]?\d{{4}}\s*年|{stops})")
    return labelled, leading, tuple(words["suffixes"])


def names_in_title(title: str) -> list[str]:
    """The office names a register's title rows give: after a label (登记单位：…) or at the start of the title."""
    labelled, leading, suffixes = _patterns()
    names = [_TRAILING.sub("", m.group(1)) for m in labelled.finditer(title)]
    if not names and (m := leading.match(title)) and m.group(1).endswith(suffixes):
        names.append(m.group(1))
    return [n for n in names if 2 <= len(n) <= _MAX_NAME and not n.startswith("【")]


def named_unit(sheets: list[SheetReport]) -> str | None:
    """The office name most register files give in their title rows (a file counts once however many of its
    sheets repeat it; ties go to the name met first), or None when no file names one."""
    files: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for sheet in sheets:
        for name in names_in_title(sheet.title):
            if (sheet.file, name) not in seen:
                seen.add((sheet.file, name))
                files[name] += 1
    return files.most_common(1)[0][0] if files else None
