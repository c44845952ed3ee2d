"""One layout pass: Word, the web page's HTML and Markdown show the same content — every heading, paragraph,
numbered caption, table note, 附件 line, 落款 and table cell, in the same order, with the same placeholders
marked — because all three draw the Report as laid out once."""

from datetime import date
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from markdown_it import MarkdownIt

from summarize.report.laid_out import Line, lay_out
from summarize.report.model import Attachment, Figure, Paragraph, Report, Table
from summarize.workspace import Workspace, sample_path

BLOCKS = {"h1", "h2", "h3", "h4", "p", "figcaption", "caption", "li"}
CELLS = {"td", "th"}


class Shown(HTMLParser):
    """The text of each block of an HTML page (a <br> ends one), the table cells, and the <mark>ed texts."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self.cells: list[str] = []
        self.marks: list[str] = []
        self._text: list[str] | None = None
        self._mark: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCKS | CELLS:
            self._flush()
            self._text, self._where = [], self.cells if tag in CELLS else self.blocks
        elif tag == "br":
            self._flush()
            self._text = []
        elif tag == "mark":
            self._mark = []

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS | CELLS:
            self._flush()
        elif tag == "mark" and self._mark is not None:
            self.marks.append("".join(self._mark))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)
        if self._mark is not None:
            self._mark.append(data)

    def _flush(self) -> None:
        if self._text is not None:
            text = "".join(self._text).strip()
            if text or self._where is self.cells:
                self._where.append(text)
        self._text = None


def shown(html: str) -> Shown:
    parser = Shown()
    parser.feed(html)
    parser.close()
    return parser


def from_docx(report: Report, tmp_path) -> tuple[list[str], list[str], list[str]]:
    doc = Document(str(report.to_docx(tmp_path / "r.docx")))
    blocks = [p.text.strip() for p in doc.paragraphs if p.text.strip()]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    marks = [
        r.text
        for p in [*doc.paragraphs, *(p for t in doc.tables for c in t._cells for p in c.paragraphs)]
        for r in p.runs
        if r.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    return blocks, cells, marks


def made_by_hand() -> Report:
    """A report with every kind of content: placeholders in a heading, a paragraph and a cell, a figure, a
    table with a note in the body and in the appendix, a 附件 and a 落款."""
    from summarize import charts

    png = charts.share_bars(["来信", "来访"], [3, 4], "", "件")
    return Report(
        title="某办公室2025年工作总结",
        blocks=[
            Paragraph("导语【请补充：上级机关】的领导下。", "lead"),
            Paragraph("一、主要工作", "h1"),
            Paragraph("（一）【请补充：小标题】", "h2"),
            Paragraph("全年办文12份。", "body"),
            Figure(png, "信访形式"),
            Table(
                "办文",
                ["指标", "本年"],
                [["收文", "12"], ["发文", "【请补充：发文数】"]],
                (1,),
                note="基数小",
            ),
            Table("办会", ["指标", "本年"], [["会议", "3"]], (1,), note="注：含视频会议"),
        ],
        signature="某办公室",
        date=date(2025, 12, 31),
        attachments=[
            Attachment(
                "2025年主要指标统计表",
                [Table("主要指标", ["指标", "本年"], [["收文", "12"]], (1,), note="口径见说明")],
            ),
            Attachment("统计口径说明", [Paragraph("收文：登记条数。", "body")]),
        ],
    )


@pytest.fixture(scope="module")
def sample():
    return Workspace(sample_path(), today=date(2026, 1, 15))


@pytest.mark.parametrize("which", ["by hand", "年终总结", "月报", "年终总結 zh-Hant"])
def test_word_html_and_markdown_show_the_same_content(which, sample, tmp_path):
    if which == "by hand":
        report = made_by_hand()
    elif which == "月报":
        report = sample.monthly_report(2025, 11).report
    else:
        report = sample.report(2025, lang="zh-Hant" if "Hant" in which else None)
    laid = lay_out(report)
    # Spaces before a line (the 　　　 aligning a second 附件 under the first) are layout, drawn as an indent.
    expected = [line.text.strip() for line in laid.lines()]
    expected_marks = [part for line in laid.lines() for part, marked in line.runs if marked]
    expected_marks += [
        part
        for item in [*laid.body, *(i for a in laid.attachments for i in a.items)]
        if hasattr(item, "table")
        for row in item.table.rows
        for cell in row
        for part, marked in Line("", cell).runs
        if marked
    ]
    word, word_cells, word_marks = from_docx(report, tmp_path)
    page = shown(report.to_html())
    markdown = shown(MarkdownIt("commonmark").enable("table").render(report.to_markdown(embed_images=True)))
    assert word == expected
    assert page.blocks == expected
    assert markdown.blocks == expected
    assert page.cells == word_cells == markdown.cells
    assert sorted(word_marks) == sorted(page.marks) == sorted(markdown.marks) == sorted(expected_marks)


def test_the_pass_numbers_notes_and_closes_once():
    laid = lay_out(made_by_hand())
    lines = [line.text for line in laid.lines()]
    assert "图1 信访形式" in lines and "表1 办文" in lines and "表2 办会" in lines
    assert "表3 主要指标" in lines  # the appendix numbers on from the body
    assert "注：基数小" in lines and "注：含视频会议" in lines and "注：口径见说明" in lines
    closing = lines.index("某办公室")
    assert lines[closing - 2 : closing + 3] == [
        "附件：1.2025年主要指标统计表",
        "　　　2.统计口径说明",
        "某办公室",
        "2025年12月31日",
        "附件1",
    ]
    assert [part for line in laid.lines() for part, marked in line.runs if marked] == [
        "【请补充：上级机关】",
        "【请补充：小标题】",
    ]
