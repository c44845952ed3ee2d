"""Render a hand-built Report to .docx and read it back: GB/T 9704 layout, content, reproducibility."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX, WD_PARAGRAPH_ALIGNMENT

from summarize import charts
from summarize.errors import SummarizeError
from summarize.layout import Layout, mm_to_twips
from summarize.phrasing import chinese_date
from summarize.render.docx import render_docx, xml_safe
from summarize.report.model import Attachment, Figure, Paragraph, Report, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BODY = "全年共办理上级来文来电1896件，制发文件837份，较上年增长4.5%。"
PLACEHOLDER = "【请补充：典型案例】"
SIGNATURE = "某某市人民政府办公室"


def make_report() -> Report:
    bars = charts.compare_bars(["收文", "发文"], [1896, 837], [1650, 801], "主要工作量与上年对比", "件")
    share = charts.share_bars(["来信", "来访"], [30, 12], "信访形式构成", "件")
    report = Report(title="某某市人民政府办公室2025年工作总结")
    report.add(Paragraph("2025年，市政府办公室较好地完成了全年各项工作任务。现将有关情况总结如下：", "lead"))
    report.add(Paragraph("一、主要工作完成情况", "h1"))
    report.add(Paragraph("（一）文书处理", "h2"))
    report.add(Paragraph(BODY))
    report.add(Paragraph("1.信访工作", "h3"))
    report.add(Paragraph(f"受理来信来访65件。{PLACEHOLDER}另：𠮷字、A&B <c>\x0b。"))
    report.add(Figure(bars, "主要工作量与上年对比", width_cm=14))
    report.add(
        Table(
            "2025年主要工作量",
            ["项目", "2025年", "2024年"],
            [["收文（件）", "1896", "1650"], ["发文（份）", "837", "801"]],
            numeric_columns=(1, 2),
        )
    )
    report.add(Paragraph("二、存在的问题和不足", "h1"))
    report.add(Paragraph(BODY * 3))
    report.signature = SIGNATURE
    report.date = date(2025, 12, 31)
    report.attachments = [
        Attachment(
            "2025年主要工作数据",
            [
                Table(
                    "各月收文数量",
                    ["月份", "收文（件）"],
                    [["1月", "101"], ["2月", "102"]],
                    numeric_columns=(1,),
                ),
                Figure(share, "信访形式构成"),
            ],
        )
    ]
    return report


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report()


@pytest.fixture(scope="module")
def rendered(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_docx(report, tmp_path_factory.mktemp("docx") / "总结.docx")


@pytest.fixture(scope="module")
def doc(rendered: Path):
    return Document(str(rendered))


def style_by_id(doc, style_id: str):
    return next(s for s in doc.styles if s.style_id == style_id)


def rpr_attr(style, tag: str, attr: str) -> str | None:
    element = style.element.find(f"{W}rPr/{W}{tag}")
    return None if element is None else element.get(f"{W}{attr}")


def body_elements(doc) -> list:
    """(kind, text, element) for every paragraph and table of the body, in order."""
    out = []
    for element in doc.element.body:
        if element.tag == f"{W}p":
            out.append(("p", "".join(t.text or "" for t in element.iter(f"{W}t")), element))
        elif element.tag == f"{W}tbl":
            out.append(("tbl", "", element))
    return out


def index_of(elements: list, text: str) -> int:
    return next(i for i, (kind, value, _) in enumerate(elements) if kind == "p" and value == text)


def test_page_setup_follows_gbt9704(doc) -> None:
    section = doc.sections[0]
    pg_mar = section._sectPr.find(f"{W}pgMar")
    layout = Layout()
    margins = {side: int(pg_mar.get(f"{W}{side}")) for side in ("top", "left", "right", "bottom")}
    assert margins == {
        "top": mm_to_twips(layout.margin_top_mm),
        "left": mm_to_twips(layout.margin_left_mm),
        "right": mm_to_twips(layout.margin_right_mm),
        "bottom": mm_to_twips(layout.margin_bottom_mm),
    }
    # 28 mm is 1587.4 twips (Word's 567-twips-per-cm shortcut writes 1588).
    assert margins == {"top": 2098, "left": 1587, "right": 1474, "bottom": 1984}
    pg_sz = section._sectPr.find(f"{W}pgSz")
    assert (pg_sz.get(f"{W}w"), pg_sz.get(f"{W}h")) == ("11906", "16838")


def test_line_grid_gives_22_lines_of_28_characters(doc) -> None:
    layout = Layout()
    grid = doc.sections[0]._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "lines"
    assert grid.get(f"{W}linePitch") == "579"
    text_height = mm_to_twips(layout.page_height_mm) - 2098 - 1984
    assert 22 * 579 <= text_height < 23 * 579
    assert layout.line_pitch_twips == 579  # 28.95 pt
    assert Layout(lines_per_page=23).line_pitch_twips == text_height // 23
    assert Layout(line_spacing_pt=28).line_pitch_twips == 560
    body = style_by_id(doc, "GwBody")
    spacing = body.element.find(f"{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")
    # Characters condensed by 0.25 pt: 28 × 15.75 pt fit the 156 mm line, 29 do not.
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    condensed = int(defaults.find(f"{W}spacing").get(f"{W}val"))
    assert condensed == -5
    pitch_twips = 32 * 10 + condensed
    assert 28 * pitch_twips <= layout.text_width_twips < 29 * pitch_twips


@pytest.mark.parametrize(
    ("style_id", "font", "half_points"),
    [
        ("GwTitle", "方正小标宋简体", 44),
        ("GwBody", "仿宋_GB2312", 32),
        ("GwH1", "黑体", 32),
        ("GwH2", "楷体_GB2312", 32),
        ("GwH3", "仿宋_GB2312", 32),
        ("GwTableText", "仿宋_GB2312", 28),
        ("GwPageNumber", "宋体", 28),
    ],
)
def test_styles_have_east_asian_fonts_and_sizes(doc, style_id: str, font: str, half_points: int) -> None:
    style = style_by_id(doc, style_id)
    assert rpr_attr(style, "rFonts", "eastAsia") == font
    assert rpr_attr(style, "sz", "val") == str(half_points)
    assert rpr_attr(style, "lang", "eastAsia") == "zh-CN"
    fonts = style.element.find(f"{W}rPr/{W}rFonts")
    assert not [key for key in fonts.attrib if "heme" in key]


def test_no_theme_fonts_and_chinese_defaults(rendered: Path, doc) -> None:
    styles_xml = zipfile.ZipFile(rendered).read("word/styles.xml").decode()
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme=", styles_xml)
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.find(f"{W}rFonts").get(f"{W}ascii") == "Times New Roman"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert style_by_id(doc, "GwH3").element.find(f"{W}rPr/{W}b") is not None
    assert style_by_id(doc, "GwH1").element.find(f"{W}rPr/{W}b") is None


def test_body_first_line_indent_is_two_characters(doc) -> None:
    ind = style_by_id(doc, "GwBody").element.find(f"{W}pPr/{W}ind")
    assert ind.get(f"{W}firstLineChars") == "200"
    assert ind.get(f"{W}firstLine") == str(2 * 16 * 20)
    body = next(p for p in doc.paragraphs if p.text == BODY)
    assert body.style.style_id == "GwBody"
    assert body.style.paragraph_format.first_line_indent.pt == 32
    title = doc.paragraphs[0]
    assert title.text == "某某市人民政府办公室2025年工作总结"
    assert title.style.style_id == "GwTitle"
    assert title.style.paragraph_format.alignment == WD_PARAGRAPH_ALIGNMENT.CENTER


@pytest.mark.parametrize(
    ("text", "style_id"),
    [("一、主要工作完成情况", "GwH1"), ("（一）文书处理", "GwH2"), ("1.信访工作", "GwH3")],
)
def test_headings_use_heading_styles(doc, text: str, style_id: str) -> None:
    assert next(p for p in doc.paragraphs if p.text == text).style.style_id == style_id


def test_even_and_odd_footers_with_page_field(doc) -> None:
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align, side in (
        (section.footer, "right", "right"),
        (section.even_page_footer, "left", "left"),
    ):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(f"{W}instrText"))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.text.count("—") == 2
        ppr = paragraph._p.pPr
        assert ppr.find(f"{W}jc").get(f"{W}val") == align
        # 空一字: one 4号 (14 pt) character from the edge of the text block.
        assert ppr.find(f"{W}ind").get(f"{W}{side}") == "280"
        assert paragraph.style.style_id == "GwPageNumber"


def test_figures_pictures_and_captions(doc) -> None:
    assert len(doc.inline_shapes) == 2
    elements = body_elements(doc)
    first = index_of(elements, "图1 主要工作量与上年对比")
    picture = elements[first - 1][2]
    assert picture.find(f".//{W}drawing") is not None
    assert picture.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "GwFigure"
    assert elements[first][2].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "GwFigureCaption"
    # Numbered on into the appendix.
    second = index_of(elements, "图2 信访形式构成")
    assert elements[second - 1][2].find(f".//{W}drawing") is not None
    assert abs(doc.inline_shapes[0].width.cm - 14) < 0.01


def test_tables_captions_above_and_cells(doc) -> None:
    elements = body_elements(doc)
    caption = index_of(elements, "表1 2025年主要工作量")
    assert elements[caption][2].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "GwTableCaption"
    assert elements[caption + 1][0] == "tbl"
    assert elements[index_of(elements, "表2 各月收文数量") + 1][0] == "tbl"
    table = doc.tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["项目", "2025年", "2024年"],
        ["收文（件）", "1896", "1650"],
        ["发文（份）", "837", "801"],
    ]
    header = table.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    borders = table._tbl.tblPr.find(f"{W}tblBorders")
    assert {b.tag[len(W) :]: b.get(f"{W}val") for b in borders} == dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
    )
    number = table.cell(1, 1).paragraphs[0]
    assert number.alignment == WD_PARAGRAPH_ALIGNMENT.RIGHT
    assert table.cell(1, 0).paragraphs[0].alignment != WD_PARAGRAPH_ALIGNMENT.RIGHT
    assert number.style.style_id == "GwTableText"


def test_placeholder_is_highlighted_and_text_is_xml_safe(doc) -> None:
    paragraph = next(p for p in doc.paragraphs if PLACEHOLDER in p.text)
    highlighted = [r for r in paragraph.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert [r.text for r in highlighted] == [PLACEHOLDER]
    assert paragraph.text == f"受理来信来访65件。{PLACEHOLDER}另：𠮷字、A&B <c>。"


def test_signature_and_date(doc) -> None:
    elements = body_elements(doc)
    signature = index_of(elements, SIGNATURE)
    assert elements[signature - 1][1] == ""
    assert elements[signature + 1][1] == "2025年12月31日"
    paragraph = next(p for p in doc.paragraphs if p.text == SIGNATURE)
    assert paragraph.style.style_id == "GwSignature"
    assert paragraph.style.paragraph_format.alignment == WD_PARAGRAPH_ALIGNMENT.RIGHT
    assert paragraph._p.pPr.find(f"{W}ind").get(f"{W}rightChars") == "200"
    # The 落款 stays on the page of the text's last line.
    assert paragraph.paragraph_format.keep_with_next
    assert next(p for p in doc.paragraphs if p.text == BODY * 3).paragraph_format.keep_with_next
    # 附件说明 before the 落款, one blank line below the text.
    note = index_of(elements, "附件：2025年主要工作数据")
    assert elements[note - 1][1] == "" and note < signature


def test_appendix_starts_on_new_page(doc) -> None:
    elements = body_elements(doc)
    label = index_of(elements, "附件")
    assert label > index_of(elements, "2025年12月31日")
    paragraph = next(p for p in doc.paragraphs if p.text == "附件")
    assert paragraph.paragraph_format.page_break_before
    assert paragraph.style.style_id == "GwAttachmentLabel"
    assert elements[label + 1][1] == ""
    assert elements[label + 2][1] == "2025年主要工作数据"
    title = next(p for p in doc.paragraphs if p.text == "2025年主要工作数据")
    assert title.style.style_id == "GwAttachmentTitle"
    assert title.style.paragraph_format.alignment == WD_PARAGRAPH_ALIGNMENT.CENTER


def test_no_template_tags_left(rendered: Path) -> None:
    with zipfile.ZipFile(rendered) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert "{{" not in xml and "{%" not in xml, name


def test_output_is_byte_reproducible(report: Report, rendered: Path, tmp_path: Path) -> None:
    again = render_docx(make_report(), tmp_path / "again.docx")
    assert again.read_bytes() == rendered.read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert [p.name for p in tmp_path.iterdir()] == ["again.docx"]  # no temporary file left


def test_core_properties_are_fixed(doc) -> None:
    props = doc.core_properties
    assert props.author == "summarize"
    assert props.title == "某某市人民政府办公室2025年工作总结"
    assert props.created.date() == date(2025, 12, 31) == props.modified.date()


def test_layout_is_applied_to_bundled_template(tmp_path: Path) -> None:
    layout = Layout.from_settings(
        {"margin_left_mm": 30, "body_font": "方正仿宋_GBK", "h1_font": "方正黑体_GBK"}
    )
    doc = Document(
        str(render_docx(Report(title="标题", blocks=[Paragraph(BODY)]), tmp_path / "a.docx", layout=layout))
    )
    assert doc.sections[0]._sectPr.find(f"{W}pgMar").get(f"{W}left") == str(mm_to_twips(30))
    assert rpr_attr(style_by_id(doc, "GwBody"), "rFonts", "eastAsia") == "方正仿宋_GBK"
    assert rpr_attr(style_by_id(doc, "GwH1"), "rFonts", "eastAsia") == "方正黑体_GBK"


def test_user_template_is_used_as_is(tmp_path: Path) -> None:
    template = tmp_path / "mine.docx"
    base = Document(str(render_docx(Report(title="x"), tmp_path / "base.docx")))
    # A template of one's own: the bundled one re-saved with other margins and the tags typed back in.
    body = base.element.body
    for element in list(body)[:-1]:
        body.remove(element)
    base.add_paragraph("{{ title }}", style=style_by_id(base, "GwTitle"))
    base.add_paragraph("{{p body }}")
    base.sections[0].left_margin = base.sections[0].left_margin + 360 * 635
    base.save(str(template))
    out = render_docx(
        make_report(), tmp_path / "out.docx", template=template, layout=Layout(margin_left_mm=10)
    )
    doc = Document(str(out))
    assert doc.sections[0]._sectPr.find(f"{W}pgMar").get(f"{W}left") == str(1587 + 360)
    assert doc.paragraphs[0].text == "某某市人民政府办公室2025年工作总结"
    assert next(p for p in doc.paragraphs if p.text == BODY).style.style_id == "GwBody"


def test_template_errors_are_explained(tmp_path: Path) -> None:
    with pytest.raises(SummarizeError, match="找不到"):
        render_docx(Report(title="x"), tmp_path / "x.docx", template=tmp_path / "none.docx")
    bare = tmp_path / "bare.docx"
    Document().save(str(bare))
    with pytest.raises(SummarizeError, match=r"\{\{p body \}\}"):
        render_docx(Report(title="x"), tmp_path / "x.docx", template=bare)
    not_docx = tmp_path / "bad.docx"
    not_docx.write_text("不是 Word 文件")
    with pytest.raises(SummarizeError, match="无法打开"):
        render_docx(Report(title="x"), tmp_path / "x.docx", template=not_docx)
    with pytest.raises(SummarizeError, match="无法写入"):
        render_docx(Report(title="x"), not_docx / "x.docx")  # a file where a folder should be


def test_layout_settings_errors_name_the_key() -> None:
    assert Layout.from_settings({"body_size_pt": 15}).body_size_pt == 15.0
    assert Layout.from_settings(None) == Layout()
    assert Layout.from_settings({"line_spacing_pt": 29}).line_spacing_pt == 29.0
    with pytest.raises(SummarizeError, match="margin_top"):
        Layout.from_settings({"margin_top": 30})
    with pytest.raises(SummarizeError, match="lines_per_page"):
        Layout.from_settings({"lines_per_page": "二十二"})
    with pytest.raises(SummarizeError, match="h3_bold"):
        Layout.from_settings({"h3_bold": "yes"})


def test_text_helpers() -> None:
    assert chinese_date(date(2025, 1, 5)) == "2025年1月5日"
    assert xml_safe("a\x00b\x0bc\x1f\ufffe𠮷&<>\t\n") == "abc𠮷&<>\t\n"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    _soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice 或 pdftotext 未安装"
)
def test_libreoffice_renders_pages_of_22_lines_by_28_characters(tmp_path: Path) -> None:
    report = make_report()
    # 26 characters after the two-character indent, then full lines of 28, over more than one page.
    long_text = "".join("一二三四五六七八九十"[i % 10] for i in range(26 + 28 * 40))
    report.blocks.insert(0, Paragraph(long_text))
    docx = render_docx(report, tmp_path / "report.docx")
    env = {**os.environ, "HOME": str(tmp_path)}
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        [_soffice(), profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
        env=env,
    )
    pdf = tmp_path / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    texts = []
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert text.strip(), f"第{page}页是空白页"
        texts.append(text)
    lines = [line.strip() for line in "\n".join(texts).splitlines()]
    assert long_text[26:54] in lines  # a full line holds exactly 28 characters
    page2 = [
        line
        for line in texts[1].splitlines()
        if set(line.strip()) <= set("一二三四五六七八九十") and line.strip()
    ]
    assert len(page2) == 22
    # Page numbers: "— 1 —" at the right on odd pages, "— 2 —" at the left on even pages.
    odd = next(line for line in texts[0].splitlines() if line.replace(" ", "").endswith("—1—"))
    even = next(line for line in texts[1].splitlines() if line.replace(" ", "").startswith("—2—"))
    assert len(odd) - len(odd.lstrip()) > len(even) - len(even.lstrip()) + 10


def test_wide_tables_step_down_the_font_so_numbers_never_wrap() -> None:
    from summarize.render.docx import cell_padding, column_widths, display_width, fit_table

    columns = [
        "指标",
        "单位",
        "本月",
        "上月",
        "环比",
        "上年同月",
        "同比",
        "本年累计",
        "上年同期累计",
        "累计同比",
    ]
    rows = [
        [
            "信访按期办结率",
            "%",
            "95.2%",
            "94.5%",
            "+0.7个百分点",
            "100%",
            "-14.3个百分点",
            "1614",
            "1523",
            "+6%",
        ]
    ]
    numeric = tuple(range(2, 10))
    size, widths = fit_table(Table("t", columns, rows, numeric_columns=numeric), Layout())
    assert size < Layout().table_size_pt
    capacity = Layout().text_width_twips / (size * 20)
    assert sum(widths) <= capacity + 0.01
    for c in numeric:
        assert widths[c] >= display_width(rows[0][c]) + cell_padding(size)
    # A narrow table keeps the layout's size and its text columns take the room.
    small = column_widths(["指标", "本年"], [["收文", "1804"]], (1,), 31.0, 1.0)
    assert small[1] == 3.0


def test_headers_too_wide_for_their_column_break_into_even_lines() -> None:
    from summarize.render.docx import balanced_header

    assert balanced_header("本年累计", 3.2) == "本年\n累计"  # not 本年累/计
    assert balanced_header("上年同期累计", 3.2) == "上年同\n期累计"
    assert balanced_header("上年同期累计", 2.0) == "上年\n同期\n累计"
    assert balanced_header("本月", 3.2) == "本月"  # fits
    assert balanced_header("2025年累计", 3.0) == "2025年累计"  # a number is never broken
