"""The one layout pass over a Report: everything a reader sees, in order, with the words the renderers used to
add each on their own.

:func:`lay_out` numbers the figures (图1 below each picture) and tables (表1 above each table) across body and
attachments, writes each table's note as "注：……", puts the 附件说明 ("附件：……") before the 落款, dates the 落款 in
Chinese and splits every text into plain and 【请补充：……】 placeholder runs. The Word, HTML and Markdown
writers (:mod:`summarize.render`) only draw this: they show the same content and cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarize.phrasing import chinese_date
from summarize.report.model import PLACEHOLDER_RE, Block, Figure, Paragraph, Table

if TYPE_CHECKING:
    from summarize.report.model import Report


@dataclass(frozen=True)
class Line:
    """One line of text as it is shown: its role (a paragraph style — h1, h2, h3, body, lead — or one of
    figure_caption, table_caption, table_note, attachment) and its text."""

    role: str
    text: str

    @property
    def runs(self) -> list[tuple[str, bool]]:
        """The text as (part, is_placeholder) runs: each 【请补充：……】 is a run of its own, to be marked."""
        runs, position = [], 0
        for match in PLACEHOLDER_RE.finditer(self.text):
            if match.start() > position:
                runs.append((self.text[position : match.start()], False))
            runs.append((match.group(0), True))
            position = match.end()
        if position < len(self.text):
            runs.append((self.text[position:], False))
        return runs


@dataclass(frozen=True)
class PlacedFigure:
    """A chart and its numbered caption ("图1 ……"), shown below it."""

    figure: Figure
    caption: Line


@dataclass(frozen=True)
class PlacedTable:
    """A table, its numbered caption ("表1 ……") above it and its note ("注：……") below, if it has one."""

    table: Table
    caption: Line
    note: Line | None = None


Item = Line | PlacedFigure | PlacedTable


@dataclass(frozen=True)
class LaidAttachment:
    """One 附件 as shown on its own page: its label ("附件", or "附件1" when there are several), title and items."""

    label: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class LaidOut:
    """A report as shown: title, body items, the 附件说明 and 落款, then each 附件 on a page of its own."""

    title: str
    lang: str
    body: list[Item] = field(default_factory=list)
    # The 附件说明 between the text and the 落款: "附件：2025年主要指标统计表", or "附件：1.……" and "　　　2.……".
    attachment_lines: list[Line] = field(default_factory=list)
    signature: str = ""
    date: str = ""  # the 落款's date in Chinese ("2025年12月31日"), "" without one
    attachments: list[LaidAttachment] = field(default_factory=list)

    def lines(self) -> list[Line]:
        """Every line of text in reading order (captions and notes included, table cells not): what a reader
        reads and what the three writers must all show."""
        out = [Line("title", self.title)]
        for item in self.body:
            out += _item_lines(item)
        out += self.attachment_lines
        out += [Line("signature", t) for t in (self.signature, self.date) if t]
        for attachment in self.attachments:
            out.append(Line("attachment_label", attachment.label))
            out += [Line("attachment_title", attachment.title)] if attachment.title else []
            for item in attachment.items:
                out += _item_lines(item)
        return out


def _item_lines(item: Item) -> list[Line]:
    if isinstance(item, Line):
        return [item]
    if isinstance(item, PlacedFigure):
        return [item.caption]
    return [item.caption, *([item.note] if item.note else [])]


def lay_out(report: Report) -> LaidOut:
    """The report laid out once (see the module docstring)."""
    counter = {"figure": 0, "table": 0}

    def items(blocks: list[Block]) -> list[Item]:
        out: list[Item] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(Line(block.style, block.text))
            elif isinstance(block, Figure):
                counter["figure"] += 1
                caption = f"{report.label('figure')}{counter['figure']} {block.caption}"
                out.append(PlacedFigure(block, Line("figure_caption", caption)))
            elif isinstance(block, Table):
                counter["table"] += 1
                caption = Line("table_caption", f"{report.label('table')}{counter['table']} {block.caption}")
                note = block.note if not block.note or block.note.startswith("注") else f"注：{block.note}"
                out.append(PlacedTable(block, caption, Line("table_note", note) if note else None))
            else:
                raise TypeError(f"未知的报告内容：{type(block).__name__}")
        return out

    body = items(report.blocks)
    return LaidOut(
        title=report.title,
        lang=report.lang,
        body=body,
        attachment_lines=[Line("attachment", text) for text in report.attachment_list()],
        signature=report.signature,
        date=chinese_date(report.date) if report.date else "",
        attachments=[
            LaidAttachment(report.attachment_label(i), a.title, items(a.blocks))
            for i, a in enumerate(report.attachments)
        ],
    )
