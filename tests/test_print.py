"""Documents that print and travel: fonts WPS has, traditional Chinese, widow control, figures and tables."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import pytest
from docx import Document

from summarize import charts
from summarize.layout import Layout
from summarize.render.docx import (
    CELL_MARGIN_TWIPS,
    UncoveredCharactersWarning,
    cell_padding,
    column_widths,
    display_width,
    png_size,
    render_docx,
    uncovered_characters,
)
from summarize.report.lang import convert_text
from summarize.report.model import Figure, Paragraph, Report
from summarize.workspace import sample_path
from tests.conftest import open_ws

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Fonts python-docx's default theme and font table name, which a Chinese office machine does not have.
FOREIGN_FONTS = ("ＭＳ 明朝", "ＭＳ ゴシック", "MS Mincho", "MS Gothic", "Calibri", "Cambria")
# OpenCC's standard forms and a character-by-character conversion that official traditional texts never use.
NOT_OFFICIAL = ("爲", "羣", "啓", "審覈", "編髮")


@pytest.fixture(scope="module")
def sample_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("print")
    ws = open_ws(sample_path())
    return {
        "annual": ws.report(2025).to_docx(out / "annual.docx"),
        "monthly": ws.monthly_report(2025, 11).to_docx(out / "monthly.docx"),
        "hant": ws.report(2025, lang="zh-Hant").to_docx(out / "hant.docx"),
    }


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


@pytest.mark.parametrize("which", ["annual", "monthly", "hant"])
def test_theme_and_font_table_name_only_the_layouts_fonts(sample_docs: dict[str, Path], which: str) -> None:
    theme = part(sample_docs[which], "word/theme/theme1.xml")
    fonts = part(sample_docs[which], "word/fontTable.xml")
    for name in FOREIGN_FONTS:
        assert name not in theme and name not in fonts, name
    layout = Layout().for_lang("zh-Hant" if which == "hant" else "zh-Hans")
    listed = set(re.findall(r'<w:font w:name="([^"]+)"', fonts))
    assert listed == {*layout.east_asian_fonts(), layout.latin_font}
    typefaces = set(re.findall(r'typeface="([^"]*)"', theme))
    assert typefaces == {layout.latin_font, layout.title_font, layout.body_font}


def test_tables_keep_grid_column_widths(sample_docs: dict[str, Path]) -> None:
    """WPS lays tables out by w:gridCol (it ignores w:tblW): every column has its width, summing to 版心."""
    doc = Document(str(sample_docs["monthly"]))
    layout = Layout()
    tables = doc.element.body.findall(f"{W}tbl")
    assert tables
    for table in tables:
        widths = [int(col.get(f"{W}w")) for col in table.findall(f"{W}tblGrid/{W}gridCol")]
        cells = table.find(f"{W}tr").findall(f"{W}tc")
        assert len(widths) == len(cells) and all(w > 0 for w in widths)
        assert abs(sum(widths) - layout.text_width_twips) <= len(widths)


def test_every_metric_name_of_the_monthly_table_fits_on_one_line(sample_docs: dict[str, Path]) -> None:
    """The 月报 table's ten columns leave its 指标 column room for the longest name (督办按期办结率, seven
    characters) and its cell margins at the size the table is set in, and no number column less than its
    widest value."""
    doc = Document(str(sample_docs["monthly"]))
    table = doc.tables[0]
    widths = [int(col.get(f"{W}w")) for col in table._tbl.findall(f"{W}tblGrid/{W}gridCol")]
    size_pt = next(r.font.size.pt for r in table.rows[1].cells[0].paragraphs[0].runs)
    char = size_pt * 20  # twips
    names = [row.cells[0].text for row in table.rows[1:]]
    assert max(map(len, names)) == 7
    assert widths[0] >= max(map(display_width, names)) * char + 2 * CELL_MARGIN_TWIPS
    for c in range(2, len(widths)):
        widest = max(display_width(row.cells[c].text) for row in table.rows[1:])
        assert widths[c] >= widest * char + 2 * CELL_MARGIN_TWIPS, table.rows[0].cells[c].text


def test_widow_and_orphan_control_is_on(sample_docs: dict[str, Path]) -> None:
    styles = part(sample_docs["annual"], "word/styles.xml")
    defaults = re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", styles, re.S).group(0)
    assert re.search(r"<w:widowControl\s*/>", defaults)
    assert 'w:widowControl w:val="0"' not in styles and 'w:widowControl w:val="false"' not in styles


def test_traditional_document_is_in_official_traditional_forms(sample_docs: dict[str, Path]) -> None:
    doc = Document(str(sample_docs["hant"]))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    whole = text + "\n".join(cells)
    for form in NOT_OFFICIAL:
        assert form not in whole, form
    assert "總結" in text and "辦公室" in text
    # Big5 has traditional characters only: a simplified-only one (总, 办, 为) cannot be encoded.
    chinese = {ch for ch in whole if "\u4e00" <= ch <= "\u9fff"}
    assert [ch for ch in sorted(chinese) if not _in_big5(ch)] == []
    # The document names no register file, in either script (the workbook's 口径 sheet does).
    for path in sample_path().iterdir():
        if path.suffix in (".xlsx", ".csv"):
            assert path.name not in whole and path.stem not in whole
    assert (
        open_ws(sample_path()).unit not in text
    )  # the unit's name is text: converted (示例縣人民政府辦公室)


def _in_big5(ch: str) -> bool:
    try:
        ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def test_traditional_document_sets_taiwan_language_and_faces(sample_docs: dict[str, Path]) -> None:
    styles = part(sample_docs["hant"], "word/styles.xml")
    assert 'w:eastAsia="zh-TW"' in styles and 'w:eastAsia="zh-CN"' not in styles
    assert 'w:eastAsia="標楷體"' in styles and "仿宋_GB2312" not in styles
    assert 'w:eastAsia="微軟正黑體"' in styles and 'w:eastAsia="黑体"' not in styles


@pytest.mark.parametrize(
    ("simplified", "taiwan", "hong_kong"),
    [
        ("为群众启动审核", "為群眾啟動審核", "為羣眾啓動審核"),
        ("编发信息32条", "編發信息32條", "編發信息32條"),
        ("印发、签发、转发文件", "印發、簽發、轉發文件", "印發、簽發、轉發文件"),
    ],
)
def test_conversion_is_by_phrase_and_variant(simplified: str, taiwan: str, hong_kong: str) -> None:
    assert convert_text(simplified, "zh-Hant") == taiwan
    assert convert_text(simplified, "zh-Hant-TW") == taiwan
    assert convert_text(simplified, "zh-Hant-HK") == hong_kong
    assert convert_text(simplified, "zh-Hans") == simplified


def test_chart_labels_are_drawn_in_the_reports_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every string the charts of the zh-Hant 年终总结 draw, captured as matplotlib renders it."""
    from matplotlib.backends.backend_agg import RendererAgg

    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    drawn: list[str] = []
    original = RendererAgg.draw_text

    def record(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):  # noqa: ANN001, ANN202
        drawn.append(s)
        return original(self, gc, x, y, s, prop, angle, ismath, mtext)

    monkeypatch.setattr(RendererAgg, "draw_text", record)
    report = open_ws(sample_path()).report(2025, lang="zh-Hant")
    assert report.figures
    text = "".join(drawn)
    assert "單位" in text and "收文" in text and "月" in text
    for form in (*NOT_OFFICIAL, "单位", "发文", "来信", "网上"):
        assert form not in text, form
    chinese = {ch for ch in text if "\u4e00" <= ch <= "\u9fff"}
    assert [ch for ch in sorted(chinese) if not _in_big5(ch)] == []


def test_headline_comparison_gives_each_unit_its_own_panel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    from matplotlib.figure import Figure as MplFigure

    made: list[MplFigure] = []
    original = MplFigure.savefig

    def keep(self, *args, **kwargs):  # noqa: ANN001, ANN202
        made.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(MplFigure, "savefig", keep)
    charts.compare_panels(["收文", "会议", "信访受理"], [1804, 71, 96], [1703, 64, 98], ["份", "次", "件"])
    (figure,) = made
    axes = [ax for ax in figure.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == ["收文（份）", "会议（次）", "信访受理（件）"]
    # Each panel's bars are its own metric's values (the y range of one is not another's).
    tops = [max(bar.get_height() for bar in ax.patches) for ax in axes]
    assert tops == [1804, 71, 98]


def test_count_axes_have_whole_number_ticks() -> None:
    from matplotlib.figure import Figure as MplFigure

    seen: list[list[float]] = []
    original = MplFigure.savefig

    def keep(self, *args, **kwargs):  # noqa: ANN001, ANN202
        for ax in self.axes:
            seen.append([t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]])
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SUMMARIZE_NO_CACHE", "1")
        mp.setattr(MplFigure, "savefig", keep)
        charts.monthly_trend({"本年": [1, 2, 3, 2], "上年": [0, 1, 3, 1]}, [1, 2, 3, 4], "", "件")
    assert seen and all(float(t).is_integer() for t in seen[0])


def test_legends_stand_outside_the_plot(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib.figure import Figure as MplFigure

    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    boxes: list[tuple] = []
    original = MplFigure.savefig

    def keep(self, *args, **kwargs):  # noqa: ANN001, ANN202
        result = original(self, *args, **kwargs)
        renderer = self.canvas.get_renderer()
        (ax,) = self.axes
        plot = ax.get_window_extent(renderer)
        for legend in self.legends + ([ax.get_legend()] if ax.get_legend() else []):
            boxes.append((legend.get_window_extent(renderer), plot))
        return result

    monkeypatch.setattr(MplFigure, "savefig", keep)
    charts.monthly_trend({"本年": [5, 9, 12], "上年": [4, 8, 11]}, [1, 2, 3], "", "份")
    charts.compare_bars(["收文", "发文"], [1804, 596], [1703, 621], "", "份")
    assert len(boxes) == 2
    for legend, plot in boxes:
        assert legend.y0 >= plot.y1 - 1  # above the plotted area, not on it


def test_figures_with_caption_take_at_most_a_third_of_a_page(tmp_path: Path) -> None:
    layout = Layout()
    tall = charts.compare_panels(
        [f"指标{i}" for i in range(8)], list(range(1, 9)), list(range(2, 10)), ["件"] * 8
    )
    report = Report(
        title="图", blocks=[Figure(tall, "高图"), Figure(charts.share_bars(["a"], [1], "", "件"), "图")]
    )
    doc = Document(str(render_docx(report, tmp_path / "f.docx")))
    for extent in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
    ):
        height_pt = int(extent.get("cy")) / 12700
        caption_pt = layout.line_pitch_twips / 20
        assert height_pt + caption_pt <= layout.figure_max_lines * layout.line_pitch_twips / 20 + 0.5
        assert int(extent.get("cx")) <= layout.text_width_twips * 635
    w, h = png_size(tall)
    assert w > 0 and h > 0


def test_a_five_character_metric_name_does_not_wrap() -> None:
    """The 月报 table at 14 pt: the 指标 column keeps 信息采用率 (5 characters) plus padding."""
    header = ["指标", "单位", "本月", "上月", "环比", "上年同月", "同比", "本年累计", "上年同期", "累计同比"]
    rows = [
        [
            "信息采用率",
            "%",
            "45.2%",
            "40.1%",
            "+5.1个百分点",
            "38.0%",
            "+7.2个百分点",
            "44.0%",
            "41.0%",
            "+3.0个百分点",
        ]
    ]
    capacity = Layout().text_width_twips / (10.5 * 20)
    widths = column_widths(header, rows, tuple(range(2, 10)), capacity, cell_padding(10.5))
    assert widths[0] >= 5 + cell_padding(10.5)


def test_characters_outside_gb2312_are_flagged_for_gb2312_fonts(tmp_path: Path) -> None:
    report = Report(title="总结", blocks=[Paragraph("感谢王堃、李喆同志，𠮷野家。")], signature="办公室")
    assert uncovered_characters(report, Layout()) == ["堃", "喆", "𠮷"]
    with pytest.warns(UncoveredCharactersWarning, match="堃、喆、𠮷"):
        render_docx(report, tmp_path / "a.docx")
    gbk = Layout(
        body_font="方正仿宋_GBK", h2_font="方正楷体_GBK", h3_font="方正仿宋_GBK", table_font="方正仿宋_GBK"
    )
    assert uncovered_characters(report, gbk) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_docx(report, tmp_path / "b.docx", layout=gbk)


def test_characters_outside_gb2312_in_the_marks_are_flagged(tmp_path: Path) -> None:
    from summarize.report.official import OfficialMarks

    marks = OfficialMarks(issuer="堃城县人民政府办公室文件", cc="喆山镇人民政府", printer="办公室")
    report = Report(title="总结", blocks=[Paragraph("全年收文12份。")], signature="办公室", marks=marks)
    assert uncovered_characters(report, Layout()) == ["堃", "喆"]
    with pytest.warns(UncoveredCharactersWarning, match="堃、喆"):
        render_docx(report, tmp_path / "a.docx")
        render_docx(Report(title="总结", blocks=[Paragraph("收文1804份。")]), tmp_path / "c.docx")


def test_cli_shows_the_gb2312_warning_in_chinese(tmp_path: Path) -> None:
    import shutil

    from typer.testing import CliRunner

    from summarize.cli import app

    folder = tmp_path / "ws"
    shutil.copytree(sample_path(), folder)
    toml = folder / "summarize.toml"
    toml.write_text(
        re.sub(r'unit = "[^"]*"', 'unit = "示例县堃山镇人民政府办公室"', toml.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["report", str(folder), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 0, result.output
    assert "注意：" in result.output and "堃" in result.output and "GB2312" in result.output
    assert "UncoveredCharactersWarning" not in result.output


# ---------------------------------------------------------------------------------------------------------------
# 公文 elements


def formal_report() -> Report:
    from datetime import date

    from summarize.report.official import OfficialMarks

    marks = OfficialMarks(
        issuer="示例县人民政府办公室文件",
        number="示政办〔2025〕12号",
        signer="张三",
        addressee="县人民政府",
        cc="县委办公室，县人大常委会办公室",
        printer="示例县人民政府办公室",
        print_date=date(2025, 12, 31),
        seal=True,
    )
    return Report(
        title="示例县人民政府办公室2025年工作总结",
        blocks=[Paragraph("全年收文1804份。")],
        signature="示例县人民政府办公室",
        date=date(2025, 12, 31),
        marks=marks,
    )


@pytest.fixture(scope="module")
def formal_doc(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    path = render_docx(formal_report(), tmp_path_factory.mktemp("formal") / "formal.docx")
    return Document(str(path))


def _texts(doc) -> list[str]:  # noqa: ANN001
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in doc.element.body.iter(f"{W}p")]


def test_head_mark_number_and_rule_follow_gbt9704(formal_doc) -> None:  # noqa: ANN001
    from summarize.layout import mm_to_twips, pt_to_twips

    layout = Layout()
    body = [e for e in formal_doc.element.body if e.tag == f"{W}p"]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body]
    assert texts[:4] == [
        "示例县人民政府办公室文件",
        "示政办〔2025〕12号签发人：张三",
        "示例县人民政府办公室2025年工作总结",
        "县人民政府：",
    ]
    mark, number = body[0], body[1]
    spacing = mark.find(f"{W}pPr/{W}spacing")
    # An 上行文 (it names a 签发人): the mark's top 80 mm below the 版心's top, two lines above the number.
    assert int(spacing.get(f"{W}before")) == mm_to_twips(80)
    assert int(spacing.get(f"{W}after")) == 2 * layout.line_pitch_twips
    assert mark.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"
    colors = {c.get(f"{W}val") for c in mark.iter(f"{W}color")}
    assert colors == {"FF0000"}
    # 发文字号 左空一字, 签发人 右空一字: tab stops one character in from the 版心's edges, no indent, so the
    # red rule (the paragraph's bottom border) is as wide as the 版心.
    one_char = pt_to_twips(layout.body_size_pt)
    ind = number.find(f"{W}pPr/{W}ind")
    assert ind.get(f"{W}left") == "0" and ind.get(f"{W}right") == "0"
    tabs = [(t.get(f"{W}val"), int(t.get(f"{W}pos"))) for t in number.findall(f"{W}pPr/{W}tabs/{W}tab")]
    assert tabs == [("left", one_char), ("right", layout.text_width_twips - one_char)]
    # The red rule 4 mm below the number, as wide as the 版心 (a paragraph border spans the text width).
    rule = number.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert rule.get(f"{W}color") == "FF0000"
    assert abs(int(rule.get(f"{W}space")) - 4 * 72 / 25.4) <= 0.5
    # The 主送机关 顶格.
    addressee = body[3].find(f"{W}pPr/{W}ind")
    assert addressee.get(f"{W}firstLine") == "0" and addressee.get(f"{W}left") == "0"


def test_record_lines_and_seal_signature(formal_doc) -> None:  # noqa: ANN001
    from summarize.layout import pt_to_twips

    layout = Layout()
    table = formal_doc.element.body.findall(f"{W}tbl")[-1]
    borders = table.find(f"{W}tblPr/{W}tblBorders")
    size = {side: borders.find(f"{W}{side}").get(f"{W}sz") for side in ("top", "bottom", "insideH")}
    assert size == {"top": "8", "bottom": "8", "insideH": "6"}  # 0.35 mm outer, 0.25 mm between
    assert borders.find(f"{W}left").get(f"{W}val") == "nil"
    # Floating at the foot of the 版心: two one-line rows placed two lines above its bottom.
    floating = table.find(f"{W}tblPr/{W}tblpPr")
    assert floating.get(f"{W}vertAnchor") == "margin"
    assert int(floating.get(f"{W}tblpY")) == layout.text_height_twips - 2 * layout.line_pitch_twips
    rows = ["".join(t.text or "" for t in tr.iter(f"{W}t")) for tr in table.findall(f"{W}tr")]
    assert rows == ["抄送：县委办公室，县人大常委会办公室。", "示例县人民政府办公室2025年12月31日印发"]
    margins = table.find(f"{W}tblPr/{W}tblCellMar")
    assert {m.get(f"{W}w") for m in margins} == {"0"}
    cc_ind = table.find(f"{W}tr/{W}tc/{W}p/{W}pPr/{W}ind")
    one_char = pt_to_twips(layout.record_size_pt)
    assert int(cc_ind.get(f"{W}right")) == one_char
    assert int(cc_ind.get(f"{W}left")) - int(cc_ind.get(f"{W}hanging")) == one_char
    # Seal-ready 落款: the date 右空四字, the signature centred on the date.
    paragraphs = {
        t: p for t, p in zip(_texts(formal_doc), formal_doc.element.body.iter(f"{W}p"), strict=True)
    }
    day = paragraphs["2025年12月31日"].find(f"{W}pPr/{W}ind")
    assert day.get(f"{W}rightChars") == "400"
    signature = paragraphs["示例县人民政府办公室"].find(f"{W}pPr/{W}ind")
    # Date 7 characters wide (digits count half), signature 10: centred, its right edge 1.5 characters further.
    assert signature.get(f"{W}rightChars") == "250"


@pytest.mark.parametrize(
    "number", ["示政办[2025]12号", "示政办〔2025〕012号", "示政办（2025）12号", "〔2025〕12号"]
)
def test_document_number_is_checked(tmp_path: Path, number: str) -> None:
    from summarize.config import load_settings

    (tmp_path / "summarize.toml").write_text(
        f'unit = "办公室"\n\n[report]\nnumber = "{number}"\n', encoding="utf-8"
    )
    with pytest.raises(Exception, match="〔2025〕12号") as info:
        load_settings(tmp_path)
    assert "第4行" in str(info.value)


def test_marks_are_off_by_default_and_read_from_settings(tmp_path: Path) -> None:
    from summarize.report.official import marks_from_settings

    assert open_ws(sample_path()).report(2025).marks is None  # off by default
    assert marks_from_settings({"signature": "办公室"}) is None
    marks = marks_from_settings({"number": "示政办〔2025〕3号", "seal": True})
    assert marks.number == "示政办〔2025〕3号" and marks.seal and not marks.issuer


def test_the_samples_formal_example_renders_a_formal_report(tmp_path: Path) -> None:
    """The sample's summarize.toml carries the 公文 elements commented out; switched on, they are all there."""
    import shutil

    folder = tmp_path / "ws"
    shutil.copytree(sample_path(), folder)
    toml = folder / "summarize.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(re.sub(r"^# (?=\[report\]|[a-z_]+ = )", "", text, flags=re.M), encoding="utf-8")
    ws = open_ws(folder)
    path = ws.monthly_report(2025, 11).to_docx(tmp_path / "formal.docx")
    texts = _texts(Document(str(path)))
    assert texts[:2] == ["示例县人民政府办公室文件", "示政办〔2025〕12号"]
    assert texts[3] == "县委、县政府："
    assert "抄送：县委办公室，县人大常委会办公室。" in texts
    assert (
        "示例县人民政府办公室\t2025年12月31日印发" in texts
        or "示例县人民政府办公室2025年12月31日印发" in texts
    )
