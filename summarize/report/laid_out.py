"""The one layout pass over a Report: everything a reader sees, in order, with the words the renderers used to
add each on their own.

:func:`lay_out` numbers the figures (图1 below each picture) and tables (表1 above each table) across body and
attachments, writes each table's note as "注：……", puts the 附件说明 ("附件：……") before the 落款, dates the 落款 in
Chinese and splits every text into plain and 【请补充：……】 placeholder runs. When the report goes out as a formal
公文 (``report.marks``) it also decides which of its marks show and with what words: the 版头 above the title
(:class:`Head`), the 主送机关 below it and the 版记 at the end (:class:`Record`). The Word, HTML and Markdown
writers (:mod:`summarize.render`) only draw this: they show the same content and cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarize.phrasing import chinese_date
from summarize.report.model import PLACEHOLDER_RE, Block, Figure, Paragraph, Table

if TYPE_CHECKING:
    from summarize.report.model import Report
    from summarize.report.official import OfficialMarks


@dataclass(frozen=True)
class Line:
    """One line of text as it is shown: its role (a paragraph style — h1, h2, h3, body, lead — or one of
    figure_caption, table_caption, table_note, attachment, or a 公文 mark: issuer, number, signer, addressee, cc,
    printer, printed) and its text."""

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
    """A table, its numbered caption ("表1 ……") above it and its note ("注：……") below, if it has them: a table
    with no caption of its own (the one table of a 附件, which the 附件's title names) is neither captioned nor
    numbered."""

    table: Table
    caption: Line | None
    note: Line | None = None


Item = Line | PlacedFigure | PlacedTable


@dataclass(frozen=True)
class Head:
    """The 版头 above the title (GB/T 9704 7.2): the 发文机关标志 (红头, printed in red), then the 发文字号, with
    the 签发人 on its line in an 上行文, and the red rule under the 发文字号."""

    issuer: str = ""
    number: str = ""
    # "签发人：" and the name; both "" without a 发文字号, whose line the 签发人 shares.
    signer_label: str = ""
    signer: str = ""
    # An 上行文 (one naming a 签发人, shown or not) sets its 红头 lower on the page.
    upward: bool = False

    @property
    def rule(self) -> bool:
        """Whether the red rule is drawn: it runs 4 mm under the 发文字号, so only a head with one has it."""
        return bool(self.number)

    def rows(self) -> list[list[Line]]:
        """The head's rows, each the lines there are on it: the 红头, then the 发文字号 and the 签发人."""
        out = [[Line("issuer", self.issuer)]] if self.issuer else []
        if self.number:
            signer = [Line("signer", self.signer_label + self.signer)] if self.signer else []
            out.append([Line("number", self.number), *signer])
        return out

    def lines(self) -> list[Line]:
        """The lines of every row, in reading order."""
        return [line for row in self.rows() for line in row]


@dataclass(frozen=True)
class Record:
    """The 版记 at the end (GB/T 9704 7.4), between its rules: the 抄送 line ("抄送：甲，乙。"), then the 印发机关
    and the 印发日期 ("2025年12月31日印发") at either end of one line."""

    cc_label: str = ""  # "抄送：", what a second line of names is indented by
    cc: str = ""  # the whole line, label included; "" without 抄送
    printer: str = ""
    printed: str = ""

    @property
    def has_print_line(self) -> bool:
        """Whether there is a line for the 印发机关 and 印发日期 (either is enough)."""
        return bool(self.printer or self.printed)

    def rows(self) -> list[list[Line]]:
        """The rows between the rules, each the lines there are on it: the 抄送 line, then the 印发机关 and the
        印发日期."""
        out = [[Line("cc", self.cc)]] if self.cc else []
        if self.has_print_line:
            row = [Line("printer", self.printer)] if self.printer else []
            row += [Line("printed", self.printed)] if self.printed else []
            out.append(row)
        return out

    def lines(self) -> list[Line]:
        """The lines of every row, in reading order."""
        return [line for row in self.rows() for line in row]


@dataclass(frozen=True)
class LaidAttachment:
    """One 附件 as shown on its own page: its label ("附件", or "附件1" when there are several), title and items."""

    label: str
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class LaidOut:
    """A report as shown: the 版头 (if any), title, 主送机关 (if any), body items, the 附件说明 and 落款, each 附件
    on a page of its own, then the 版记 (if any)."""

    title: str
    lang: str
    head: Head | None = None
    addressee: Line | None = None  # "县人民政府：", 顶格 below the title
    body: list[Item] = field(default_factory=list)
    # The 附件说明 between the text and the 落款: "附件：2025年主要指标统计表", or "附件：1.……" and "　　　2.……".
    attachment_lines: list[Line] = field(default_factory=list)
    signature: str = ""
    date: str = ""  # the 落款's date in Chinese ("2025年12月31日"), "" without one
    attachments: list[LaidAttachment] = field(default_factory=list)
    record: Record | None = None
    # A 落款 for a seal: the date 右空四字 and the signature centred above it (where only Word places lines).
    seal: bool = False

    def lines(self) -> list[Line]:
        """Every line of text in reading order (captions and notes included, table cells not): what a reader
        reads and what the three writers must all show."""
        out = [*(self.head.lines() if self.head else []), Line("title", self.title)]
        out += [self.addressee] if self.addressee else []
        for item in self.body:
            out += _item_lines(item)
        out += self.attachment_lines
        out += [Line("signature", t) for t in (self.signature, self.date) if t]
        for attachment in self.attachments:
            out.append(Line("attachment_label", attachment.label))
            out += [Line("attachment_title", attachment.title)] if attachment.title else []
            for item in attachment.items:
                out += _item_lines(item)
        out += self.record.lines() if self.record else []
        return out


def _item_lines(item: Item) -> list[Line]:
    if isinstance(item, Line):
        return [item]
    if isinstance(item, PlacedFigure):
        return [item.caption]
    return [line for line in (item.caption, item.note) if line is not None]


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
                caption = None
                if block.caption:
                    counter["table"] += 1
                    caption = Line(
                        "table_caption", f"{report.label('table')}{counter['table']} {block.caption}"
                    )
                note = block.note if not block.note or block.note.startswith("注") else f"注：{block.note}"
                out.append(PlacedTable(block, caption, Line("table_note", note) if note else None))
            else:
                raise TypeError(f"未知的报告内容：{type(block).__name__}")
        return out

    body = items(report.blocks)
    marks = report.marks
    return LaidOut(
        title=report.title,
        lang=report.lang,
        head=_head(report, marks) if marks else None,
        addressee=Line("addressee", marks.addressee.rstrip("：:") + "：")
        if marks and marks.addressee
        else None,
        body=body,
        attachment_lines=[Line("attachment", text) for text in report.attachment_list()],
        signature=report.signature,
        date=chinese_date(report.date) if report.date else "",
        attachments=[
            LaidAttachment(report.attachment_label(i), a.title, items(a.blocks))
            for i, a in enumerate(report.attachments)
        ],
        record=_record(report, marks) if marks and marks.has_record else None,
        seal=bool(marks and marks.seal),
    )


def _head(report: Report, marks: OfficialMarks) -> Head | None:
    """The 版头, or None when there is neither 红头 nor 发文字号."""
    if not (marks.issuer or marks.number):
        return None
    signer = marks.signer if marks.number else ""
    return Head(
        issuer=marks.issuer,
        number=marks.number,
        signer_label=f"{report.label('signer')}：" if signer else "",
        signer=signer,
        upward=bool(marks.signer),
    )


def _record(report: Report, marks: OfficialMarks) -> Record:
    """The 版记: 抄送 names end with one full stop however they were typed; the 印发日期 in Chinese."""
    label = f"{report.label('cc')}："
    return Record(
        cc_label=label if marks.cc else "",
        cc=label + marks.cc.rstrip("。.") + "。" if marks.cc else "",
        printer=marks.printer,
        printed=f"{chinese_date(marks.print_date)}{report.label('printed')}" if marks.print_date else "",
    )
