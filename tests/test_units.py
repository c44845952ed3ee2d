"""Units: sub-folders or a 单位 column, roll-ups by unit, one report per unit plus the 汇总."""

import subprocess
import sys
from datetime import date

import pytest
from docx import Document

from summarize.errors import SummarizeError
from summarize.show import formatted
from summarize.workspace import Workspace


@pytest.fixture
def units_ws(tmp_path):
    folder = tmp_path / "市办"
    for unit, rows in (("城关镇", ["2025-01-02,a", "2025-02-03,b"]), ("青石镇", ["2025-01-05,c"])):
        (folder / unit).mkdir(parents=True)
        (folder / unit / "收文2025.csv").write_text(
            "收文日期,文件标题\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
    (folder / "信息2025.csv").write_text(
        "报送日期,信息标题,单位,采用级别\n2025-01-02,x,城关镇,市级\n2025-01-03,y,青石镇,\n2025-01-04,z,青石镇,省级\n",
        encoding="utf-8",
    )
    (folder / "summarize.toml").write_text('unit = "示例市人民政府办公室"\nyear = 2025\n', encoding="utf-8")
    return folder


def test_units_come_from_sub_folders_and_the_unit_column(units_ws):
    ws = Workspace(units_ws, today=date(2026, 1, 15))
    assert ws.units == ["城关镇", "青石镇"]
    by_unit = ws.annual(2025, by="单位").pivot_table(index="单位", columns="指标", values="本年")
    assert by_unit.loc["城关镇", "收文"] == 2 and by_unit.loc["青石镇", "收文"] == 1
    assert by_unit.loc["青石镇", "信息得分"] == 10 and by_unit.loc["城关镇", "信息得分"] == 3


def test_grouped_by_unit_the_unit_of_measure_is_kept_as_its_own_column(units_ws):
    # 单位 names both the 下属单位 field and the unit of measure (件, 分): grouped by the field, the units of
    # measure are 计量单位, never overwritten by the units' names.
    ws = Workspace(units_ws, today=date(2026, 1, 15))
    by_unit = ws.annual(2025, by="单位")
    assert list(by_unit.columns[:3]) == ["指标", "计量单位", "单位"]
    measure = dict(zip(ws.annual(2025)["指标"], ws.annual(2025)["单位"], strict=True))
    assert (by_unit["计量单位"] == by_unit["指标"].map(measure)).all()
    assert set(by_unit["单位"]) == {"城关镇", "青石镇"}
    assert measure["收文"] == "份" and measure["信息得分"] == "分"
    # Printed: the group column is the one a change's base is looked up by (one row per metric and unit).
    shown = formatted(by_unit, ws.metrics).set_index(["指标", "单位"])
    assert shown.loc[("收文", "城关镇"), "本年"] == "2" and shown.loc[("收文", "城关镇"), "计量单位"] == "份"


def test_a_unit_view_reports_only_its_rows_under_its_name(units_ws):
    ws = Workspace(units_ws, today=date(2026, 1, 15))
    view = ws.for_unit("青石镇")
    assert view.annual(2025).set_index("指标").loc["收文", "本年"] == 1
    report = view.report(2025)
    assert report.title == "青石镇2025年工作总结" and report.signature == "青石镇"
    with pytest.raises(SummarizeError, match="没有单位“东关镇”"):
        ws.for_unit("东关镇")
    # Opened for the unit directly: the same figures, read from the cache like any workspace.
    own = Workspace(units_ws, today=date(2026, 1, 15), unit="青石镇")
    assert own.annual(2025).equals(view.annual(2025))
    assert own.units == ["青石镇"]
    assert (
        view.from_cache is ws.from_cache
    )  # a real Workspace: every attribute there (the fake had no from_cache)
    with pytest.raises(SummarizeError, match="没有单位“东关镇”"):
        Workspace(units_ws, today=date(2026, 1, 15), unit="东关镇").annual(2025)


def test_each_unit_writes_one_document_per_unit_and_the_summary(units_ws, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarize",
            "report",
            str(units_ws),
            "--each-unit",
            "--jobs",
            "2",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        ".summarize-written.json",  # what the tool wrote, so that hand edits are never overwritten
        "城关镇2025年工作总结.docx",
        "示例市人民政府办公室2025年工作总结.docx",
        "青石镇2025年工作总结.docx",
    ]
    text = "\n".join(p.text for p in Document(str(out / "城关镇2025年工作总结.docx")).paragraphs)
    assert "办理上级和各类来文2份" in text
    summary = "\n".join(
        p.text for p in Document(str(out / "示例市人民政府办公室2025年工作总结.docx")).paragraphs
    )
    assert "办理上级和各类来文3份" in summary


def test_each_unit_without_units_is_explained(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-01-02,a\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summarize",
            "report",
            str(tmp_path),
            "--each-unit",
            "-o",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "工作区中没有单位" in result.stderr


def test_the_same_number_in_two_units_is_two_records(tmp_path):
    for unit in ("城关镇", "青石镇"):
        (tmp_path / unit).mkdir()
        (tmp_path / unit / "收文2025.csv").write_text(
            "收文号,收文日期,文件标题\n收2025-0001,2025-01-02,a\n", encoding="utf-8"
        )
    (tmp_path / "信访2025.csv").write_text(
        "登记编号,登记日期,单位\nXF-1,2025-01-02,城关镇\nXF-1,2025-01-02,青石镇\nXF-1,2025-01-02,青石镇\n",
        encoding="utf-8",
    )
    ws = Workspace(tmp_path, today=date(2026, 1, 15))
    assert len(ws.registers["收文"]) == 2
    assert len(ws.registers["信访"]) == 2  # the third row repeats 青石镇's own record
    assert ws.problems["说明"].str.contains("重复").sum() == 1
