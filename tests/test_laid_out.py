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
from summarize.report.official import OfficialMarks
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
    # A header too wide for its column is broken into even lines in Word (上年/同月): the same words.
    cells = [
        c.text.replace("\n", "") if r == 0 else c.text
        for t in doc.tables
        for r, row in enumerate(t.rows)
        for c in row.cells
    ]
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


# ---------------------------------------------------------------------------------------------------------------
# A formal 公文's marks: the 版头, the 主送机关 and the 版记 come from the same pass into all three writers.

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FORMAL = {
    "issuer": "示例县人民政府办公室文件",
    "number": "示政办〔2025〕12号",
    "signer": "张三",
    "addressee": "县委、县政府",
    "cc": "县委办公室，县人大常委会办公室",
    "printer": "示例县人民政府办公室秘书科",
    "print_date": date(2025, 12, 30),
    "seal": True,
}


def formal_workspace(folder, report: dict) -> Workspace:
    """A copy of the sample whose summarize.toml gets a [report] table with ``report``'s keys."""
    import shutil

    def toml(value: object) -> str:
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, date):
            return value.isoformat()
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

    shutil.copytree(sample_path(), folder)
    settings = folder / "summarize.toml"
    table = "".join(f"{key} = {toml(value)}\n" for key, value in report.items())
    settings.write_text(settings.read_text(encoding="utf-8") + "\n[report]\n" + table, encoding="utf-8")
    return Workspace(folder, today=date(2026, 1, 15))


def word_lines(path) -> list[str]:
    """Every paragraph of the .docx in document order, those inside tables too (the 版记 is a table), each part
    between tabs a line of its own (the 签发人 and the 印发日期 stand at tab stops)."""
    body = Document(str(path)).element.body
    texts = [
        "".join("\t" if e.tag == f"{W}tab" else e.text or "" for e in p.iter(f"{W}t", f"{W}tab"))
        for p in body.iter(f"{W}p")
    ]
    return [part.strip() for text in texts for part in text.split("\t") if part.strip()]


def all_three(report: Report, tmp_path) -> tuple[list[str], list[str], list[str]]:
    """The lines Word, the page and the Markdown (as markdown-it renders it) show, in order."""
    word = word_lines(report.to_docx(tmp_path / "formal.docx"))
    page = shown(report.to_html()).blocks
    markdown = shown(MarkdownIt("commonmark").enable("table").render(report.to_markdown())).blocks
    return word, page, markdown


@pytest.mark.parametrize("which", ["年终总结", "月报"])
def test_formal_marks_are_the_same_in_word_html_and_markdown(which, tmp_path):
    ws = formal_workspace(tmp_path / "ws", FORMAL)
    report = ws.report(2025) if which == "年终总结" else ws.monthly_report(2025, 11).report
    title = (
        "示例县人民政府办公室2025年工作总结"
        if which == "年终总结"
        else "示例县人民政府办公室2025年11月工作月报"
    )
    # GB/T 9704's order: 红头, 发文字号 with the 签发人, title, 主送机关, … 版记 (抄送, 印发机关, 印发日期).
    frame = [
        "示例县人民政府办公室文件",
        "示政办〔2025〕12号",
        "签发人：张三",
        title,
        "县委、县政府：",
        "抄送：县委办公室，县人大常委会办公室。",
        "示例县人民政府办公室秘书科",
        "2025年12月30日印发",
    ]
    for shown_lines in all_three(report, tmp_path):
        assert shown_lines[:5] == frame[:5]  # nothing above the 版头, the 主送机关 right under the title
        assert shown_lines[-3:] == frame[-3:]  # the 版记 last, after the 附件
        assert [line for line in shown_lines if line in frame] == frame  # and each mark once


def test_traditional_marks_are_the_same_in_word_html_and_markdown(tmp_path):
    report = formal_workspace(tmp_path / "ws", FORMAL).report(2025, lang="zh-Hant")
    for lines in all_three(report, tmp_path):
        assert lines[:3] == ["示例縣人民政府辦公室文件", "示政辦〔2025〕12號", "簽發人：張三"]
        assert lines[-3:] == [
            "抄送：縣委辦公室，縣人大常委會辦公室。",
            "示例縣人民政府辦公室秘書科",
            "2025年12月30日印發",
        ]


@pytest.mark.parametrize(
    ("settings", "head", "record"),
    [
        # A 签发人 stands on the 发文字号's line: without a 发文字号 it is not shown (and there is no rule).
        ({"issuer": "某办文件", "signer": "张三"}, ["某办文件"], []),
        ({"number": "某办〔2025〕3号"}, ["某办〔2025〕3号"], []),
        ({"cc": "甲局，乙局。"}, [], ["抄送：甲局，乙局。"]),
        ({"print_date": date(2025, 1, 5)}, [], ["2025年1月5日印发"]),
        ({"printer": "某办", "addressee": "县政府："}, [], ["某办"]),
    ],
)
def test_each_mark_shows_alone_in_all_three(settings, head, record, tmp_path):
    report = Report(
        "某办2025年工作总结",
        [Paragraph("全年收文12份。")],
        signature="某办秘书科",
        date=date(2025, 12, 31),
        marks=OfficialMarks(**settings),
    )
    addressee = ["县政府："] if "addressee" in settings else []
    expected = [
        *head,
        "某办2025年工作总结",
        *addressee,
        "全年收文12份。",
        "某办秘书科",
        "2025年12月31日",
        *record,
    ]
    word, page, markdown = all_three(report, tmp_path)
    assert word == page == markdown == expected
    html = report.to_html()
    # The red rule runs under the 发文字号, in Word (the number's bottom border) as on the page.
    assert ('class="head-rule"' in html) == ("number" in settings)
    assert ("<header" in html) == bool(head) and ("<footer" in html) == bool(record)


def test_user_text_in_the_marks_is_escaped_on_the_page_and_in_markdown(tmp_path):
    hostile = {
        "issuer": "示例<script>alert(1)</script>办公室文件",
        "addressee": "<b>县政府</b>",
        "cc": "甲局 & <img src=x onerror=alert(1)>",
        "printer": "*某办*",
    }
    report = formal_workspace(tmp_path / "ws", hostile).report(2025)
    html = report.to_html()
    # (The figures are <img src="data:…">: the hostile one would have src=x.)
    assert "<script" not in html and "<img src=x" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x" in html
    markdown = MarkdownIt("commonmark").enable("table").render(report.to_markdown())
    assert "<script" not in markdown and "<img" not in markdown and "<em>某办</em>" not in markdown
    # Shown as typed, and as Word prints them.
    typed = [
        "示例<script>alert(1)</script>办公室文件",
        "<b>县政府</b>：",
        "抄送：甲局 & <img src=x onerror=alert(1)>。",
        "*某办*",
    ]
    for lines in all_three(report, tmp_path):
        assert [line for line in lines if line in typed] == typed
