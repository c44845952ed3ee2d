"""The office's own words for the reports: ``总结素材.md`` in the workspace.

A plain Markdown file a clerk can edit in Notepad::

    # 导语
    紧紧围绕县委、县政府中心工作……
    # 亮点
    ## 办文
    - 推行公文办理“一单式”流转……
    # 存在问题
    - ……
    # 工作打算
    - ……
    # 2025年11月
    ## 存在问题
    - ……
    ## 下月工作安排
    - ……

Headings are matched by their words; bullets (``-``, ``*``, ``1.``) or plain paragraphs both work. A heading
the file does not have is simply absent, and the report shows a 【请补充：……】 placeholder there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from summarize.config import refuse_special_file
from summarize.errors import SummarizeError
from summarize.work import month_notes, note_headings

NOTES_NAME = "总结素材.md"
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.、)]|[（(]?[一二三四五六七八九十]+[)）、])\s*")
_MONTH_HEADING = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月")


def _aliases() -> dict[str, str]:
    """Heading words → the heading they name (``work.toml``'s note headings, a year's then a month's), so
    "明年工作打算" and "下一步工作打算" both land under 工作打算; the first word a heading contains wins."""
    headings = [*note_headings(), *month_notes().headings]
    aliases: dict[str, str] = {}
    for heading in headings:
        for word in (heading.name, *heading.also):
            aliases.setdefault(word, heading.name)
    return aliases


_ALIASES = _aliases()


@dataclass
class Notes:
    """What the office wrote: the 导语 phrase, 亮点 per line of work, problems, plans, and per-month notes."""

    lead: str = ""
    highlights: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)
    months: dict[tuple[int, int], dict[str, list[str]]] = field(default_factory=dict)


def _canonical(heading: str) -> str:
    for word, key in _ALIASES.items():
        if word in heading:
            return key
    return heading.strip()


def _items(lines: list[str]) -> list[str]:
    """Bullets or paragraphs as separate items; wrapped lines of one bullet are joined."""
    items: list[str] = []
    for line in lines:
        text = line.strip()
        if not text:
            items.append("")
            continue
        if _BULLET.match(text):
            items.append(_BULLET.sub("", text, count=1))
        elif items and items[-1]:
            items[-1] += text
        else:
            items.append(text)
    return [i.strip() for i in items if i.strip()]


def parse_notes(text: str) -> Notes:
    """Parse the notes Markdown (see the module docstring for its shape)."""
    notes = Notes()
    sections: dict[tuple[str, str], list[str]] = {}
    top, sub = "", ""
    for line in text.splitlines():
        m = re.match(r"^(#{1,3})\s*(.+?)\s*#*$", line)
        if m:
            level, title = len(m.group(1)), m.group(2)
            if level == 1:
                top, sub = title, ""
            else:
                sub = title
            continue
        sections.setdefault((top, sub), []).append(line)
    for (top, sub), lines in sections.items():
        items = _items(lines)
        month = _MONTH_HEADING.match(top)
        if month:
            key = (int(month.group(1)), int(month.group(2)))
            if items:
                notes.months.setdefault(key, {})[_canonical(sub) if sub else "本月工作概述"] = items
            continue
        kind = _canonical(top)
        if kind == "导语":
            notes.lead = "".join(items)
        elif kind == "亮点" and sub and items:
            notes.highlights[sub.strip()] = items
        elif kind == "存在问题":
            notes.problems += items
        elif kind == "工作打算":
            notes.plans += items
    return notes


def load_notes(folder: Path) -> Notes:
    """The workspace's notes, or empty notes when it has no ``总结素材.md``."""
    path = folder / NOTES_NAME
    if not path.exists():
        return Notes()
    refuse_special_file(path, "素材文件")
    try:
        return parse_notes(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SummarizeError(
            f"素材文件“{NOTES_NAME}”不是 UTF-8 编码，请用记事本“另存为 UTF-8”后重试"
        ) from exc


# ---- editing the file section by section (the web page's notes editor) ----------------------------------

_TOP_HEADING = re.compile(r"^#(?!#)\s*(.*?)\s*$")
_COMMENT = re.compile(r"<!--(.*?)-->")


@dataclass
class NoteSection:
    """One top-level section of the notes file: its heading line as written and the text below it.

    The text before the first heading has an empty ``heading``. ``title`` is the heading's words without
    ``#`` and without the guidance comment the scaffolded file puts after them; ``hint`` is that guidance.
    """

    heading: str
    body: str

    @property
    def title(self) -> str:
        """The heading's words, e.g. "导语" or "2025年11月"."""
        match = _TOP_HEADING.match(self.heading)
        return _COMMENT.sub("", match.group(1)).strip() if match else ""

    @property
    def hint(self) -> str:
        """The guidance written in a comment after the heading, if any."""
        found = _COMMENT.search(self.heading)
        return found.group(1).strip() if found else ""

    @property
    def is_month(self) -> bool:
        """Whether this is a month's 月报 notes ("2025年11月"), read as parse_notes reads it."""
        return bool(_MONTH_HEADING.match(self.title))

    @property
    def key(self) -> str:
        """What the reports read this section as (导语, 亮点, 存在问题, 工作打算, or the month it is for)."""
        return self.title if self.is_month else _canonical(self.title)


def note_sections(text: str) -> list[NoteSection]:
    """The file split at its top-level ``#`` headings; joining them with :func:`join_sections` gives it back."""
    sections = [NoteSection("", "")]
    for line in text.splitlines(keepends=True):
        if _TOP_HEADING.match(line.rstrip("\r\n")):
            sections.append(NoteSection(line.rstrip("\r\n"), ""))
        else:
            sections[-1].body += line
    return sections


def join_sections(sections: list[NoteSection]) -> str:
    """The notes file from its sections: each heading on its own line, a blank line before the next heading."""
    out = []
    for section in sections:
        body = section.body
        if section.heading:
            out.append(section.heading + "\n")
            if body.strip() and not body.startswith("\n"):
                body = "\n" + body
        if body.strip():
            body = body.rstrip("\n") + "\n\n"
        out.append(body)
    return "".join(out).rstrip("\n") + "\n"


def edited_body(text: str) -> str:
    """Text typed into a browser's text box as a section body: line ends as in the file, trailing blanks off."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
