"""Report inputs are plain data: the builders are pure functions of them, testable from inputs made by hand,
and nothing under summarize/report/ reaches back into a Workspace."""

import ast
import dataclasses
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from summarize.gather import annual_inputs, monthly_inputs
from summarize.metrics import Metric
from summarize.notes import Notes
from summarize.periods import year_periods
from summarize.report.annual import build_annual
from summarize.report.inputs import AnnualInputs, ReportSettings
from summarize.report.monthly import build_monthly
from summarize.workspace import Workspace, sample_path

REPORT = Path(__file__).resolve().parent.parent / "summarize" / "report"


def test_nothing_under_report_imports_the_workspace():
    for path in REPORT.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert not imported & {"summarize.workspace", "summarize.gather", "summarize.cli"}, path.name


def hand_made(**changes) -> AnnualInputs:
    """A 年终总结 of two registers, 收文 and 发文, written by hand: no workspace, no files."""
    metrics = {
        "收文": Metric("收文", "份", source="收文", section="办文", headline=True),
        "发文": Metric("发文", "份", source="发文", section="办文", headline=True),
    }
    frame = pd.DataFrame(
        {
            "指标": ["收文", "发文"],
            "单位": ["份", "份"],
            "本年": [1200.0, 300.0],
            "上年": [1000.0, 400.0],
            "同比": [0.2, -0.25],
        }
    )
    frame.attrs["periods"] = year_periods(2025, date(2026, 1, 15))
    months = pd.DataFrame([[100.0] * 12, [25.0] * 12], index=["收文", "发文"], columns=range(1, 13))
    inputs = AnnualInputs(
        unit="某某县人民政府办公室",
        year=2025,
        asof=date(2026, 1, 15),
        settings=ReportSettings(superior="县委、县政府"),
        annual=frame,
        metrics=metrics,
        breakdowns={},
        overdue=pd.DataFrame(columns=["台账", "事项", "责任单位", "期限", "状态", "超期天数"]),
        series=months,
        last_series=months * 0.8,
        running_month=None,
        chronicle=None,
        has_records=True,
        not_counted=None,
        notes=Notes(problems=["基层调研不够深入"]),
    )
    return dataclasses.replace(inputs, **changes)


def test_a_report_built_from_hand_made_inputs_states_them():
    report = build_annual(hand_made())
    text = report.to_markdown()
    assert report.title == "某某县人民政府办公室2025年工作总结"
    assert "1200份" in text and "同比增长20" in text
    assert "300份" in text and "同比下降25" in text
    assert "县委、县政府" in text and "基层调研不够深入" in text
    assert report.signature == "某某县人民政府办公室" and report.date == date(2025, 12, 31)
    assert len(report.figures) == 2  # the two-year comparison and the 办文 monthly trend
    # The inputs alone decide it: the same inputs give the same document, other inputs another.
    assert build_annual(hand_made()).to_markdown(embed_images=True) == report.to_markdown(embed_images=True)
    signed = build_annual(hand_made(settings=ReportSettings(signature="办公室", date=date(2026, 1, 5))))
    assert signed.signature == "办公室" and signed.date == date(2026, 1, 5)
    empty = build_annual(hand_made(has_records=False, not_counted="有1个文件未能读取"))
    assert "没有读到2025年的任何台账记录（有1个文件未能读取）" in empty.to_markdown()


def test_inputs_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        hand_made().unit = "别的单位"  # type: ignore[misc]


def test_the_workspace_reports_are_the_builders_over_gathered_inputs():
    ws = Workspace(sample_path(), today=date(2026, 1, 15))
    assert build_annual(annual_inputs(ws, 2025)).to_markdown() == ws.report(2025).to_markdown()
    monthly = build_monthly(monthly_inputs(ws, 2025, 11))
    assert monthly.to_markdown() == ws.monthly_report(2025, 11).to_markdown()
    # Gathered once, changed by hand: the figure in the text is the one in the inputs.
    inputs = annual_inputs(ws, 2025)
    frame = inputs.annual.copy()
    frame.loc[frame["指标"] == "收文", "本年"] = 4321.0
    frame.attrs = inputs.annual.attrs
    assert "4321份" in build_annual(dataclasses.replace(inputs, annual=frame)).to_markdown()
