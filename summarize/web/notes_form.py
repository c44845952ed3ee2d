"""The 素材 page: the workspace's ``总结素材.md`` edited one top-level section at a time.

Each ``#`` section (导语, 亮点, 存在问题, 工作打算, a month such as 2025年11月) is a text box holding the section's
own text, ``##`` sub-headings and guidance comments included, so nothing the office wrote is lost or reordered.
Sections the reports read but the file does not have yet are offered empty and appended when filled in; the
text before the first heading is kept as it is. The file is written atomically, as UTF-8.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.errors import SummarizeError
from summarize.notes import NOTES_NAME, NoteSection, edited_body, join_sections, note_sections
from summarize.web.site import Site

# What the reports read, in the order a 年终总结 uses them, with a line on what to write.
STANDARD_SECTIONS = {
    "导语": "一句话写全年工作主线，接在“在……的坚强领导下，”之后",
    "亮点": "按板块写本年度的特色做法和成效：每个板块一行“## 办文”这样的小标题，其下每条以“- ”开头",
    "存在问题": "逐条写本年度工作中的不足，每条以“- ”开头；不填则根据统计数据提示",
    "工作打算": "逐条写明年的工作思路和重点，每条以“- ”开头",
}
# A new section posted from the page is one the page offers: a standard one, or exactly "2025年12月".
_OFFERED_MONTH = re.compile(r"\d{4}年(?:[1-9]|1[0-2])月")
MONTH_HINT = "月报素材：直接写在这里的是本月工作概述；“## 存在问题”“## 下月工作安排”下逐条写该月的内容"


@dataclass
class SectionField:
    """A text box on the page: ``name`` is the form field, ``title`` the heading shown."""

    name: str
    title: str
    hint: str
    body: str


def _read(site: Site) -> str:
    path = site.folder / NOTES_NAME
    if not path.exists():
        return ""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SummarizeError(
            f"素材文件“{NOTES_NAME}”不是 UTF-8 编码，请用记事本“另存为 UTF-8”后再在此编辑"
        ) from exc


def _latest_month(site: Site) -> str | None:
    """ "2025年11月" for the workspace's latest month with records, for a month section to offer."""
    try:
        ws = site.workspace()
        year = ws.year
        return f"{year}年{ws.last_month(year)}月"
    except SummarizeError:
        return None


def notes_sections_for_page(site: Site) -> list[SectionField]:
    """The text boxes: the file's own sections in its order, then the standard ones it lacks."""
    sections = note_sections(_read(site))
    fields = [
        SectionField(f"section-{i}", s.title, s.hint or _hint(s), s.body.strip("\n"))
        for i, s in enumerate(sections)
        if s.heading
    ]
    have = {s.key for s in sections if s.heading}
    month = _latest_month(site)
    wanted = [*STANDARD_SECTIONS, *([month] if month else [])]
    for title in wanted:
        if NoteSection(f"# {title}", "").key not in have:
            hint = STANDARD_SECTIONS.get(title, MONTH_HINT)
            fields.append(SectionField(f"new-{title}", title, hint, ""))
    return fields


def _hint(section: NoteSection) -> str:
    if section.key in STANDARD_SECTIONS:
        return STANDARD_SECTIONS[section.key]
    return MONTH_HINT if section.is_month else ""


def save_notes_form(site: Site, fields: dict[str, str]) -> list[str]:
    """Apply the submitted text boxes to the notes file; return the titles of the sections that changed."""
    from summarize.output import write_text_atomic

    text = _read(site)
    sections = note_sections(text)
    changed = []
    for i, section in enumerate(sections):
        submitted = fields.get(f"section-{i}")
        if submitted is None or not section.heading:
            continue
        body = edited_body(submitted)
        if body.strip() != section.body.strip():
            section.body = body
            changed.append(section.title)
    for name, submitted in fields.items():
        if name.startswith("new-") and submitted.strip():
            title = name.removeprefix("new-").strip()
            if title in STANDARD_SECTIONS or _OFFERED_MONTH.fullmatch(title):
                sections.append(NoteSection(f"# {title}", edited_body(submitted)))
                changed.append(title)
    if changed:
        write_text_atomic(site.folder / NOTES_NAME, join_sections(sections))
    return changed
