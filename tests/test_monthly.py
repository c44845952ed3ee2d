"""The 月报: its Word table and text and its Excel sheet hold exactly the numbers of ``ws.monthly()``."""

import re
from datetime import date

import openpyxl
import pandas as pd
import pytest
from docx import Document

from summarize import phrasing
from summarize.report.monthly import TABLE_COLUMNS
from summarize.workspace import Workspace, sample_path
from tests.conftest import unlisted_metrics

NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def ws():
    return Workspace(sample_path(), today=date(2026, 1, 15))


PAIRS = {"环比": ("本月", "上月"), "同比": ("本月", "上年同月"), "累计同比": ("本年累计", "上年同期累计")}


def shown(frame, metrics, col, row):
    """A table cell as the 月报 prints it: a base of fewer than 10 items in counts (+1, 4/5, no rate change)."""
    metric = metrics[row["指标"]]
    values = frame.set_index("指标")

    def of(column):  # a rate's denominator in that column
        return values.at[metric.denominator, column]

    if col in ("指标", "单位"):
        return str(row[col])
    if col in PAIRS:
        now, before = PAIRS[col]
        if metric.is_rate:
            return "—" if min(of(now), of(before)) < 10 else phrasing.signed_change(row[col], True)
        if row[before] < 10:
            diff = int(row[now] - row[before])
            return "持平" if diff == 0 else f"{diff:+d}"
        return phrasing.signed_change(row[col], False)
    if metric.is_rate and 0 < of(col) < 10:
        return f"{int(values.at[metric.numerator, col])}/{int(of(col))}"
    return phrasing.value(row[col], metric.is_rate)


@pytest.mark.parametrize("month", [1, 11])
def test_docx_table_and_text_match_the_statistics(ws, tmp_path, month):
    frame = ws.monthly(2025, month)
    path = ws.monthly_report(2025, month).to_docx(tmp_path / "月报.docx")
    doc = Document(str(path))
    table = doc.tables[0]
    # A header too wide for its column is broken into even lines (上年/同月).
    assert [c.text.replace("\n", "") for c in table.rows[0].cells] == TABLE_COLUMNS
    lines = frame[~frame["指标"].isin(unlisted_metrics())]
    for docx_row, row in zip(table.rows[1:], lines.to_dict("records"), strict=True):
        assert [c.text for c in docx_row.cells] == [
            shown(frame, ws.metrics, col, row) for col in TABLE_COLUMNS
        ]
    allowed = {t for row in table.rows[1:] for c in row.cells for t in NUMBER.findall(c.text)}
    allowed |= {"2025", str(month), "1", "12", "31"}
    overview = [p.text for p in doc.paragraphs]
    start = overview.index("一、本月工作概述") + 1
    end = overview.index("二、主要指标完成情况")
    text = "".join(overview[start:end])
    assert text.startswith(f"{month}月，示例县人民政府办公室办理收文")
    for token in NUMBER.findall(text.replace("—", " ")):
        assert token in allowed, f"“{token}” is not in the statistics table"
    incoming = frame.set_index("指标").loc["收文"]
    assert f"办理收文{phrasing.number(incoming['本月'])}份" in text
    assert f"收文环比{phrasing.change_words(incoming['环比'], False, '上月')}" in text
    assert len(doc.inline_shapes) == 1


def test_january_compares_with_december_in_the_document(ws):
    text = ws.monthly_report(2025, 1).to_markdown()
    december = ws.monthly(2024, 12).set_index("指标").loc["收文", "本月"]
    assert (
        f"| 收文 | 份 | {phrasing.number(ws.monthly(2025, 1).set_index('指标').loc['收文', '本月'])} | {phrasing.number(december)} |"
        in text
    )
    assert "1—1月累计" not in text


def test_first_year_has_no_comparison_with_last_year(ws):
    frame = ws.monthly(2024, 3)
    assert frame["同比"].isna().all() and frame["上年同月"].isna().all()
    assert "同比" not in ws.monthly_report(2024, 3).to_markdown().split("## 二、")[0]


def test_zero_month_is_stated_and_an_absent_register_is_left_out(tmp_path):
    (tmp_path / "收文2025.csv").write_text(
        "收文日期,文件标题\n2025-01-05,a\n2025-03-02,b\n", encoding="utf-8"
    )
    ws = Workspace(tmp_path, today=date(2026, 1, 15))
    frame = ws.monthly(2025, 2).set_index("指标")
    assert list(frame.index) == ["收文"]
    assert frame.loc["收文", "本月"] == 0 and frame.loc["收文", "上月"] == 1
    text = ws.monthly_report(2025, 2).to_markdown()
    assert "| 收文 | 份 | 0 | 1 |" in text
    assert "信访" not in text and "发文" not in text


def test_a_month_in_progress_is_reported_up_to_the_asof_day(tmp_path):
    (tmp_path / "收文2025.csv").write_text(
        "收文日期,文件标题\n2025-10-02,a\n2025-10-25,b\n2025-11-03,c\n2025-11-18,d\n", encoding="utf-8"
    )
    report = Workspace(tmp_path, today=date(2025, 11, 20)).monthly_report(2025, 11)
    assert report.partial and report.asof == date(2025, 11, 20)  # default: today
    ws = Workspace(tmp_path, today=date(2025, 11, 20), asof=date(2025, 11, 18))
    report = ws.monthly_report(2025, 11)
    assert report.partial and report.asof == date(2025, 11, 18)
    text = report.to_markdown()
    assert "11月（统计截至2025年11月18日，与上月、上年同期比较）" in text
    # 1—18 October holds one of October's two records: 2 against 1 is stated against the same days.
    assert "| 指标 | 单位 | 本月 | 上月同期 | 环比 | 上年同期 |" in text
    assert "| 收文 | 份 | 2 | 1 |" in text
    sheet = openpyxl.load_workbook(report.to_xlsx(tmp_path / "统计.xlsx"))["统计表"]
    assert any("截至2025年11月18日" in str(c.value) for row in sheet.iter_rows(max_row=2) for c in row)
    assert [c.value for c in sheet[3]][:4] == ["指标", "单位", "本月", "上月同期"]


def test_finished_month_has_no_cutoff(ws, tmp_path):
    report = ws.monthly_report(2025, 11)
    assert not report.partial
    book = openpyxl.load_workbook(report.to_xlsx(tmp_path / "统计.xlsx"))
    assert book.sheetnames == ["统计表", "分科室", "口径"]
    sheet = book["统计表"]
    frame = ws.monthly(2025, 11)
    frame = frame[~frame["指标"].isin(unlisted_metrics())]
    values = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(4, 4 + len(frame))}
    for row in frame.to_dict("records"):
        assert values[row["指标"]] == pytest.approx(row["本月"])
    assert str(sheet.cell(4 + len(frame), 1).value).startswith("注：")  # no line of an unlisted metric


def test_notes_for_the_month_replace_the_placeholders(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-11-03,a\n", encoding="utf-8")
    (tmp_path / "总结素材.md").write_text(
        "# 2025年11月\n## 存在问题\n- 办文时效有待提高\n## 下月工作安排\n- 做好年终总结\n", encoding="utf-8"
    )
    text = Workspace(tmp_path, today=date(2026, 1, 15)).monthly_report(2025, 11).to_markdown()
    assert "一是办文时效有待提高。" in text and "一是做好年终总结。" in text
    # Only the unit's name is asked for: no setting or register title gives it.
    assert text.replace("【请补充：单位名称】", "").count("【请补充") == 0


def test_a_rates_helper_parts_are_no_lines_of_the_table_but_the_rate_is_computed_from_them(ws, tmp_path):
    unlisted = unlisted_metrics()
    assert {"信访参评", "督办应办结", "值班"} <= unlisted & set(ws.monthly(2025, 12)["指标"])
    doc = Document(str(ws.monthly_report(2025, 12).to_docx(tmp_path / "月报.docx")))
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in doc.tables[0].rows[1:]}
    assert not unlisted & set(rows)
    # 信访群众满意率 of the year so far: 满意 and 基本满意 over those rated, from the file (XF2025-042 is entered twice).
    visits = pd.read_csv(sample_path() / "信访登记表2025.csv", encoding="gbk").drop_duplicates("登记编号")
    rated = visits["满意度"].dropna()
    expected = f"{rated.isin(['满意', '基本满意']).sum() / len(rated) * 100:.1f}%"
    assert rows["信访群众满意率"][TABLE_COLUMNS.index("本年累计")] == expected == "98.8%"
