"""The text an 办公室主任 sends on: the unit from the registers, a one-page 附件 of headline figures, no file or
settings names in any document.

Expected values are read from the register files with plain pandas/openpyxl or known by construction.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest

from summarize.render import pdf
from summarize.workspace import sample_path
from tests.conftest import open_ws, write_xlsx

HAVE_PDF_TOOLS = pdf.find_soffice() is not None and all(shutil.which(t) for t in ("pdfinfo", "pdftotext"))
needs_soffice = pytest.mark.skipif(not HAVE_PDF_TOOLS, reason="LibreOffice 或 poppler-utils 未安装")


def headline_catalogue_names() -> list[str]:
    """The metrics the package catalogue flags as headline figures, read from the TOML itself."""
    catalogue = tomllib.loads(
        (Path(__file__).parent.parent / "summarize" / "catalogue.toml").read_text("utf-8")
    )
    names = [name for name, entry in catalogue.items() if entry.get("headline")]
    return names + [item for entry in catalogue.values() for item in entry.get("headlines", [])]


def _title_units(folder: Path) -> list[str]:
    """Every "登记单位：…" written above a header in the workspace's .xlsx files, read with openpyxl."""
    found = []
    for path in folder.glob("*.xlsx"):
        for sheet in openpyxl.load_workbook(path, read_only=True).worksheets:
            for row in sheet.iter_rows(max_row=3, values_only=True):
                found += [
                    str(v).split("：", 1)[1] for v in row if isinstance(v, str) and v.startswith("登记单位：")
                ]
    return found


def test_unit_comes_from_the_registers_not_the_folder(tmp_path):
    ws_dir = tmp_path / "ws"
    shutil.copytree(sample_path(), ws_dir)
    (ws_dir / "summarize.toml").unlink()
    ws = open_ws(ws_dir)
    expected = _title_units(ws_dir)
    assert expected and ws.unit == max(set(expected), key=expected.count)
    assert ws.unit_known and not any("单位名称" in n for n in ws.notices())
    text = ws.report(2025).to_markdown()
    assert text.startswith(f"# {ws.unit}2025年工作总结")
    assert "ws2025" not in text and "填报单位：ws" not in text and "，ws在" not in text


def test_unit_from_the_most_files_wins(tmp_path):
    header = ["收文日期", "文件标题"]
    for i, unit in enumerate(["甲县人民法院办公室", "甲县人民法院办公室", "乙县人民法院办公室"]):
        write_xlsx(
            tmp_path / f"收文{i}.xlsx",
            {"2025": [["2025年收文登记簿"], [f"填报单位：{unit}（盖章）"], header, ["2025-03-01", f"文{i}"]]},
        )
    assert open_ws(tmp_path).unit == "甲县人民法院办公室"


def test_no_unit_anywhere_is_asked_for_and_warned(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-01-02,a\n", encoding="utf-8")
    ws = open_ws(tmp_path)
    assert ws.unit == "【请补充：单位名称】" and not ws.unit_known
    assert any("【请补充：单位名称】" in n for n in ws.notices())
    report = ws.report(2025)
    assert report.title.startswith("【请补充：单位名称】") and tmp_path.name not in report.to_markdown()


def test_appendix_lists_headline_metrics_only(tmp_path):
    ws = open_ws(sample_path())
    report = ws.report(2025)
    (table,) = report.attachments[0].blocks
    assert table.columns == ["指标", "单位", "本年", "上年", "增减", "增幅", "目标", "完成率"]
    names = [row[0] for row in table.rows]
    assert names == [n for n in headline_catalogue_names() if n in names]
    for helper in ("信访参评", "信访立案结案", "值班", "督办应办结", "信息得分"):
        assert helper not in names
    assert len(report.attachments) == 1
    full = ws.report(2025, appendix="full")
    assert [a.title for a in full.attachments] == ["2025年主要指标统计表", "统计口径说明"]


def test_no_file_name_or_setting_in_any_document(tmp_path):
    ws = open_ws(sample_path())
    texts = [ws.report(2025, appendix="full").to_markdown(), ws.monthly_report(2025, 12).to_markdown()]
    files = [p for p in sample_path().iterdir() if p.suffix in (".xlsx", ".csv", ".md", ".toml")]
    for text in texts:
        for path in files:
            assert path.name not in text and path.stem not in text, path.name
        for key in ("summarize.toml", "[scoring]", "[targets]", "[report]", "small_base", "指标目录"):
            assert key not in text


@needs_soffice
@pytest.mark.parametrize("appendix", ["main", "full"])
def test_headline_table_fits_one_page(tmp_path, appendix):
    from tests.test_pdf import page_texts

    ws = open_ws(sample_path())
    path = ws.report(2025, appendix=appendix).to_pdf(tmp_path / "总结.pdf", layout=ws.layout)
    pages = ["".join(page.split()) for page in page_texts(path)]  # pdftotext spaces 2025 年 apart
    start = max(i for i, page in enumerate(pages) if page.startswith("附件"))
    if appendix == "full":
        start = next(i for i, page in enumerate(pages) if page.startswith("附件1"))
        assert pages[start + 1].lstrip().startswith("附件2")
    else:
        assert start == len(pages) - 1  # the table's page is the last
    # The first and the last row of the table on the 附件's one page.
    assert (
        "主要指标统计表" in pages[start] and "收文份1804" in pages[start] and "编发刊物期24" in pages[start]
    )
