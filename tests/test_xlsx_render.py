"""Write the sample's statistics to .xlsx and read them back: every value, formats, layout, safety, bytes."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from summarize.render.xlsx import write_statistics_xlsx
from summarize.workspace import Workspace, sample_path
from tests.conftest import unlisted_metrics

UNIT = "示例县人民政府办公室"
TITLE = f"{UNIT}2025年11月工作统计表"
CHANGES = ("环比", "同比", "累计同比")
FIRST_DATA = 4  # title, unit/period and header rows come first


@pytest.fixture(scope="module")
def ws():
    return Workspace(sample_path(), today=date(2026, 1, 15))


def write(ws, path: Path, year: int, month: int, by_department: bool = False, **kwargs) -> Path:
    return write_statistics_xlsx(
        path,
        unit=ws.unit,
        title=f"{ws.unit}{year}年{month}月工作统计表",
        period_label=f"{year}年{month}月",
        table=ws.monthly(year, month),
        metrics=ws.metrics,
        by_department=ws.monthly(year, month, by="科室") if by_department else None,
        **kwargs,
    )


@pytest.fixture(scope="module")
def november(ws, tmp_path_factory):
    path = write(ws, tmp_path_factory.mktemp("xlsx") / "统计表.xlsx", 2025, 11, True, asof=date(2025, 11, 20))
    return openpyxl.load_workbook(path)


def assert_cells(sheet, frame: pd.DataFrame, metrics) -> None:
    """Every data cell holds the frame's value: numbers as numbers (rate changes ×100), missing as "—"."""
    assert [c.value for c in sheet[3]] == list(frame.columns)
    for i, row in enumerate(frame.itertuples(index=False)):
        is_rate = metrics[row[0]].is_rate
        for j, (column, value) in enumerate(zip(frame.columns, row, strict=True)):
            cell = sheet.cell(FIRST_DATA + i, 1 + j)
            if pd.isna(value):
                assert (cell.value, cell.data_type, cell.alignment.horizontal) == ("—", "s", "center")
            elif isinstance(value, str):
                assert (cell.value, cell.data_type) == (value, "s")
            else:
                expected = value
                if column in CHANGES:  # changes are stored at the 0.1 shown: 0.1 point, or 0.1%
                    expected = round(value * 100, 1) if is_rate else round(value, 3)
                assert cell.data_type == "n", (cell.coordinate, cell.value)
                # openpyxl writes 16 significant digits (Excel keeps 15): equal up to the last bit.
                assert cell.value == pytest.approx(expected, rel=1e-14, abs=1e-14), cell.coordinate
    assert str(sheet.cell(FIRST_DATA + len(frame), 1).value).startswith("注：")


def column_of(sheet, frame: pd.DataFrame, metric: str, column: str):
    row = frame.index[frame["指标"] == metric][0]
    return sheet.cell(FIRST_DATA + row, 1 + list(frame.columns).index(column))


def listed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's lines of a printed table: without the catalogue's unlisted metrics (信访参评, 值班)."""
    return frame[~frame["指标"].isin(unlisted_metrics())].reset_index(drop=True)


def test_every_cell_matches_the_monthly_table(ws, november):
    assert_cells(november["统计表"], listed(ws.monthly(2025, 11)), ws.metrics)


def test_number_formats(ws, november):
    sheet, table = november["统计表"], listed(ws.monthly(2025, 11))
    assert column_of(sheet, table, "收文", "本月").number_format == "#,##0"
    assert column_of(sheet, table, "督办办结率", "本月").number_format == "0.0%"
    assert column_of(sheet, table, "收文", "环比").number_format == '+0.0%;-0.0%;"持平"'
    rate_change = column_of(sheet, table, "督办办结率", "环比")
    assert rate_change.number_format == '+0.0"个百分点";-0.0"个百分点";"持平"'
    # Each month judged on its own last day: November 2 closed of 3 due, October 2 of 2 (counted by hand from the
    # sample's 督办事项台账 2025年 sheet: 交办 in the month, 办结日期 or 办理时限 on or before the month's end).
    assert rate_change.value == round(100 * (2 / 3 - 2 / 2), 1)  # 66.7% − 100% = −33.3个百分点


def test_title_unit_and_period(ws, november):
    sheet = november["统计表"]
    title = sheet["A1"]
    assert title.value == TITLE
    assert (title.font.name, title.font.size, title.font.bold) == ("黑体", 16, True)
    assert "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == f"填报单位：{UNIT}"
    assert sheet["J2"].value == "统计时间：2025年11月（截至2025年11月20日）"
    assert sheet["J2"].alignment.horizontal == "right"
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("D9D9D9") for c in sheet[3])
    assert sheet["A4"].border.left.style == "thin"


def test_page_setup_on_every_sheet(november):
    assert november.sheetnames == ["统计表", "分科室", "口径"]
    for sheet in november:
        assert sheet.freeze_panes == "A4"
        assert sheet.print_title_rows == "$1:$3"
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)
        # The statistics table and the calibers fit on one page; the long 分科室 sheet runs over pages.
        tall = {"统计表": 1, "分科室": 0, "口径": 1}[sheet.title]
        assert (setup.fitToWidth, setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage) == (
            1,
            tall,
            True,
        )
        assert sheet.print_options.horizontalCentered


def test_column_widths_fit_chinese_text(november):
    sheet = november["统计表"]
    assert sheet.column_dimensions["A"].width >= 2 * len("信访按期办结率")
    assert sheet.column_dimensions["I"].width >= 2 * len("上年同期累计")


def test_caliber_sheet(ws, november):
    rows = list(november["口径"].iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("指标", "单位", "统计口径")
    expected = [(n, ws.metrics[n].unit, ws.metrics[n].caliber) for n in ws.monthly(2025, 11)["指标"]]
    assert rows[1:] == expected  # the unlisted metrics too: what 信访群众满意率's 信访参评 is
    assert {"信访参评", "值班"} <= {row[0] for row in rows}


def test_department_sheet(ws, november):
    frame = listed(ws.monthly(2025, 11, by="科室"))
    values = frame.select_dtypes("number").fillna(0)
    shown = frame[(values != 0).any(axis=1)].reset_index(drop=True)
    assert 0 < len(shown) < len(frame)  # rows zero or missing throughout are left out, the rest kept in order
    assert_cells(november["分科室"], shown, ws.metrics)


def test_formula_like_text_is_stored_as_text(ws, tmp_path):
    table = ws.monthly(2025, 11)
    table.loc[0, "指标"] = "=1+1"
    by = ws.monthly(2025, 11, by="科室")
    by.loc[by["科室"] == "信息科", "科室"] = "@SUM(A1)"
    by.loc[by["指标"] == "收文", "指标"] = "=1+1"
    metrics = dict(ws.metrics, **{"=1+1": dataclasses.replace(ws.metrics["收文"], name="=1+1")})
    path = write_statistics_xlsx(
        tmp_path / "x.xlsx",
        unit="+单位",
        title="-标题",
        period_label="p",
        table=table,
        metrics=metrics,
        by_department=by,
    )
    book = openpyxl.load_workbook(path)
    cells = [
        book["统计表"]["A4"],
        book["分科室"]["A4"],
        book["分科室"]["C4"],
        book["口径"]["A4"],
        book["统计表"]["A1"],
    ]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("=1+1", "s", True),
        ("=1+1", "s", True),
        ("@SUM(A1)", "s", True),
        ("=1+1", "s", True),
        ("-标题", "s", True),
    ]
    with zipfile.ZipFile(path) as archive:
        assert all(
            b"<f>" not in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
        )


def test_same_input_gives_same_bytes(ws, tmp_path):
    first = write(ws, tmp_path / "a.xlsx", 2025, 11, True)
    second = write(ws, tmp_path / "b.xlsx", 2025, 11, True)
    assert first.read_bytes() == second.read_bytes()
    dated = write(ws, tmp_path / "c.xlsx", 2025, 11, generated=date(2025, 12, 3))
    props = openpyxl.load_workbook(dated).properties
    assert (props.creator, props.created.date(), props.modified.date()) == (
        "summarize",
        date(2025, 12, 3),
        date(2025, 12, 3),
    )
    assert openpyxl.load_workbook(first).properties.modified.date() == date(2000, 1, 1)


def test_january_compares_with_december(ws, tmp_path):
    table = listed(ws.monthly(2025, 1))
    sheet = openpyxl.load_workbook(write(ws, tmp_path / "1月.xlsx", 2025, 1))["统计表"]
    assert_cells(sheet, table, ws.metrics)
    december = listed(ws.monthly(2024, 12))["本月"]
    previous = [sheet.cell(FIRST_DATA + i, 4).value for i in range(len(table))]
    assert sheet["D3"].value == "上月"
    assert previous == pytest.approx(december.tolist())
    assert sheet["J2"].value == "统计时间：2025年1月"


def test_first_year_has_no_year_on_year(ws, tmp_path):
    table = listed(ws.monthly(2024, 3))
    sheet = openpyxl.load_workbook(write(ws, tmp_path / "3月.xlsx", 2024, 3))["统计表"]
    assert_cells(sheet, table, ws.metrics)
    for column in ("同比", "上年同月", "累计同比"):
        index = 1 + list(table.columns).index(column)
        assert {sheet.cell(FIRST_DATA + i, index).value for i in range(len(table))} == {"—"}
