"""The 素材 page: the workspace's ``总结素材.md`` edited one top-level section at a time.

Each ``#`` section (导语, 亮点, 存在问题, 工作打算, a month such as 2025年11月) is a text box holding the section's
own text, ``##`` sub-headings and guidance comments included, so nothing the office wrote is lost or reordered.
Sections the reports read but the file does not have yet are offered empty and appended when filled in; the
text before the first heading is kept as it is. The file is written atomically, as UTF-8.

A text box is named by its section's heading (not its position), and the form carries a version of the file it
was made from (a hash of its bytes): if the file changed since the page was opened (a heading added in Notepad,
another browser window saved), nothing is saved and the page says so, showing what was typed so it is not lost.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from summarize.errors import SummarizeError
from summarize.notes import NOTES_NAME, NoteSection, edited_body, join_sections, note_sections
from summarize.web.site import Site
from summarize.work import lines_of_work, month_notes, note_headings


def standard_sections() -> dict[str, str]:
    """The sections the reports read (``work.toml``'s note headings), in the order a 年终总结 uses them, each
    with a line on what to write; the one holding a sub-heading per line of work names those lines."""
    names = "、".join(line.name for line in lines_of_work() if line.in_init)
    return {h.name: f"{h.hint}；板块：{names}" if h.lines else h.hint for h in note_headings()}


# A new section posted from the page is one the page offers: a standard one, or exactly "2025年12月".
_OFFERED_MONTH = re.compile(r"\d{4}年(?:[1-9]|1[0-2])月")
VERSION_FIELD = "version"
_SECTION = "section:"
_NEW = "new-"


@dataclass
class SectionField:
    """A text box on the page: ``name`` is the form field, ``title`` the heading shown."""

    name: str
    title: str
    hint: str
    body: str
    unsaved: str | None = None  # what was typed here in a form that could not be saved


@dataclass
class NotesPage:
    """The text boxes, the version of the file they were made from, and what a refused form had typed into
    sections the file no longer has."""

    fields: list[SectionField]
    version: str
    orphans: list[tuple[str, str]] = field(default_factory=list)


class NotesChanged(SummarizeError):
    """The form was made from an older version of the notes file; nothing was saved."""


def _read(site: Site) -> tuple[str, str]:
    """The notes file's text and its version (a hash of its bytes; that of no bytes when there is no file)."""
    path = site.folder / NOTES_NAME
    data = path.read_bytes() if path.exists() else b""
    version = hashlib.sha256(data).hexdigest()[:16]
    try:
        return data.decode("utf-8-sig"), version
    except UnicodeDecodeError as exc:
        raise SummarizeError(
            f"素材文件“{NOTES_NAME}”不是 UTF-8 编码，请用记事本“另存为 UTF-8”后再在此编辑"
        ) from exc


def _field_names(sections: list[NoteSection]) -> list[str | None]:
    """The form field of each section: its heading as written, numbered when the same heading repeats."""
    seen: dict[str, int] = {}
    names: list[str | None] = []
    for section in sections:
        if not section.heading:
            names.append(None)
            continue
        seen[section.heading] = seen.get(section.heading, 0) + 1
        names.append(f"{_SECTION}{seen[section.heading]}:{section.heading}")
    return names


def _latest_month(site: Site) -> str | None:
    """ "2025年11月" for the workspace's latest month with records, for a month section to offer."""
    try:
        ws = site.workspace()
        year = ws.year
        return f"{year}年{ws.last_month(year)}月"
    except SummarizeError:
        return None


def notes_page(site: Site, submitted: dict[str, str] | None = None) -> NotesPage:
    """The text boxes: the file's own sections in its order, then the standard ones it lacks. With
    ``submitted`` (a form that was refused), each box also shows what was typed there when it differs."""
    text, version = _read(site)
    sections = note_sections(text)
    fields = [
        SectionField(name, s.title, s.hint or _hint(s), s.body.strip("\n"))
        for name, s in zip(_field_names(sections), sections, strict=True)
        if name
    ]
    have = {s.key for s in sections if s.heading}
    month = _latest_month(site)
    standard = standard_sections()
    wanted = [*standard, *([month] if month else [])]
    for title in wanted:
        if NoteSection(f"# {title}", "").key not in have:
            hint = standard.get(title, month_notes().hint)
            fields.append(SectionField(f"{_NEW}{title}", title, hint, ""))
    orphans = []
    if submitted:
        by_name = {f.name: f for f in fields}
        for name, typed in submitted.items():
            if not name.startswith((_SECTION, _NEW)) or not typed.strip():
                continue
            box = by_name.get(name)
            if box is None:
                orphans.append((_title_of(name), typed))
            elif edited_body(typed).strip() != box.body.strip():
                box.unsaved = typed
    return NotesPage(fields, version, orphans)


def _title_of(name: str) -> str:
    if name.startswith(_NEW):
        return name.removeprefix(_NEW)
    return NoteSection(name.split(":", 2)[-1], "").title


def _hint(section: NoteSection) -> str:
    standard = standard_sections()
    if section.key in standard:
        return standard[section.key]
    return month_notes().hint if section.is_month else ""


def save_notes_form(site: Site, fields: dict[str, str]) -> list[str]:
    """Apply the submitted text boxes to the notes file; return the titles of the sections that changed.

    Raises :class:`NotesChanged` when the form was made from another version of the file than the one there
    now, and writes nothing then.
    """
    from summarize.output import write_text_atomic

    text, version = _read(site)
    if fields.get(VERSION_FIELD) != version:
        raise NotesChanged(
            f"素材文件“{NOTES_NAME}”在打开本页之后被修改过（如在记事本或另一个浏览器窗口中），"
            "为免覆盖那些修改，这次没有保存。下面是文件现在的内容，你填写的内容列在各部分下方，请核对后重新保存"
        )
    sections = note_sections(text)
    changed = []
    for name, section in zip(_field_names(sections), sections, strict=True):
        submitted = fields.get(name) if name else None
        if submitted is None:
            continue
        body = edited_body(submitted)
        if body.strip() != section.body.strip():
            section.body = body
            changed.append(section.title)
    standard = standard_sections()
    for name, submitted in fields.items():
        if name.startswith(_NEW) and submitted.strip():
            title = name.removeprefix(_NEW).strip()
            if title in standard or _OFFERED_MONTH.fullmatch(title):
                sections.append(NoteSection(f"# {title}", edited_body(submitted)))
                changed.append(title)
    if changed:
        write_text_atomic(site.folder / NOTES_NAME, join_sections(sections))
    return changed
