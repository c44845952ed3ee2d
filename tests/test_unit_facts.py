"""A unit's facts taken from the whole workspace's (``--each-unit``) are the facts computed for the unit alone,
and its 年终总结 written through the batch is the one written for the unit on its own."""

import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

import summarize
from summarize.metrics import compute_facts
from summarize.registers import kind_spec
from summarize.workspace import Workspace

UNITS = ("城关镇", "青石镇", "东关镇")
YEAR = 2025


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's register rows dealt in turn to three unit sub-folders, one CSV per kind, so that each unit
    differs from the whole in what plain filtering of the whole's facts gets wrong: 青石镇's 工作量 names its
    事项 in another order, 东关镇 has a 科室 and a 事项 of its own, 城关镇 has no 值班, and a workspace
    metric counts distinct 来文单位 (the same 来文单位 writes to several units in a month)."""
    folder = tmp_path_factory.mktemp("split") / "市办"
    sample = summarize.Workspace(summarize.sample_path())
    for kind, frame in sample.ingested.registers.items():
        rows = frame.drop(columns=["_file", "_sheet", "_row"])
        for i, unit in enumerate(UNITS):
            part = rows.iloc[i::3]
            if kind == "工作量":  # monthly totals per 事项: every unit has its own
                part = rows[rows["事项"] != "值班"] if unit == "城关镇" else rows
                if unit == "青石镇":
                    part = part.sort_values("事项", kind="stable")
            if unit == "东关镇":
                part = part.replace({"综合科": "东关镇综合办", "公务接待": "东关镇来客接待"})
            part = part.map(lambda v: "是" if v is True else "否" if v is False else v)
            (folder / unit).mkdir(parents=True, exist_ok=True)
            part.to_csv(folder / unit / f"{kind}登记.csv", index=False, date_format="%Y-%m-%d")
    shutil.copy(summarize.sample_path() / "summarize.toml", folder / "summarize.toml")
    (folder / "指标目录.toml").write_text(
        '["来文机关"]\nsource = "收文"\nmeasure = "distinct"\nfield = "来文单位"\nunit = "个"\n',
        encoding="utf-8",
    )
    return folder


def _csv(folder: Path, unit: str, kind: str, date_field: str) -> pd.DataFrame:
    """A unit's register as plain pandas reads the file, only the report year's rows."""
    frame = pd.read_csv(folder / unit / f"{kind}登记.csv", dtype=str)
    return frame[pd.to_datetime(frame[date_field]).dt.year == YEAR]


def _distinct_senders(folder: Path, unit: str) -> int:
    """来文机关 of the report year as its 口径 says, by hand: distinct 来文单位 a month, summed over the months."""
    rows = _csv(folder, unit, "收文", "收文日期").dropna(subset=["来文单位"])
    return len(rows.assign(月=rows["收文日期"].str[:7]).drop_duplicates(["月", "来文单位"]))


def test_plain_filtering_of_the_whole_facts_is_not_a_units_facts(split):
    # What unit_facts has to put right; were it not so, the next test would prove nothing.
    ws = Workspace(split)
    whole = ws.facts
    for unit in UNITS:
        view = Workspace(split, unit=unit)
        own = compute_facts(view.metrics, view.derived)
        filtered = whole[whole["单位"] == unit]
        assert set(filtered["承办科室"].cat.categories) > set(own["承办科室"].cat.categories)
        assert set(own["指标"].cat.categories) < set(filtered["指标"].cat.categories)
    qingshi = Workspace(split, unit="青石镇").metrics
    assert [m for m in qingshi if m in ws.metrics] != [m for m in ws.metrics if m in qingshi]
    distinct = whole[(whole["指标"] == "来文机关") & (whole["年"] == YEAR)]
    counted = {unit: distinct.loc[distinct["单位"] == unit, "值"].sum() for unit in UNITS}
    assert any(counted[unit] < _distinct_senders(split, unit) for unit in UNITS)


def test_a_units_facts_taken_from_the_whole_are_its_own(split):
    ws = Workspace(split)
    ws.facts  # noqa: B018 - computed first, as the batch does before it forks
    for unit in UNITS:
        view, alone = ws.for_unit(unit), Workspace(split, unit=unit)
        for kind, register in alone.registers.items():
            pd.testing.assert_frame_equal(view.registers[kind], register)
        assert list(view.derived) == list(alone.derived)
        for kind, register in alone.derived.items():
            pd.testing.assert_frame_equal(view.derived[kind], register, check_exact=True)
        expected = compute_facts(alone.metrics, alone.derived)
        taken = view.facts
        pd.testing.assert_frame_equal(taken, expected, check_exact=True)
        for column in expected.select_dtypes("category"):
            assert taken[column].cat.categories.equals(expected[column].cat.categories), column
            assert taken[column].cat.categories.dtype == expected[column].cat.categories.dtype, column
        distinct = taken.loc[(taken["指标"] == "来文机关") & (taken["年"] == YEAR), "值"].sum()
        assert distinct == _distinct_senders(split, unit)


def test_a_units_derived_rows_taken_from_the_whole_are_its_own_on_an_earlier_day(split):
    # Rows after the as-of day are left out and items closed after it are open: the view's rows of the
    # whole's derived registers are the unit's registers derived on their own.
    asof = date(2025, 9, 10)
    ws = Workspace(split, asof=asof)
    ws.derived  # noqa: B018 - computed first, as the batch does before it forks
    for unit in UNITS:
        view, alone = ws.for_unit(unit), Workspace(split, asof=asof, unit=unit)
        assert list(view.derived) == list(alone.derived)
        for kind, register in alone.derived.items():
            pd.testing.assert_frame_equal(view.derived[kind], register, check_exact=True)
            assert not (register[kind_spec(kind).date_field] > pd.Timestamp(asof)).any()


def _parts(path: Path) -> dict[str, bytes]:
    """A .docx's text and pictures (its document.xml, charts and the other parts, not its zip dates)."""
    with zipfile.ZipFile(path) as docx:
        return {name: docx.read(name) for name in docx.namelist()}


def test_a_units_report_written_through_the_batch_is_the_one_written_for_it_alone(split, tmp_path):
    out = tmp_path / "batch"
    args = ["report", str(split), "--each-unit", "--jobs", "2", "-o", str(out)]
    result = subprocess.run([sys.executable, "-m", "summarize", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for unit in UNITS:
        (alone,) = Workspace(split, unit=unit).write_report(tmp_path / unit, YEAR)
        batch = out / alone.name
        assert _parts(batch) == _parts(alone), unit
        text = "\n".join(p.text for p in Document(str(batch)).paragraphs)
        received = _csv(split, unit, "收文", "收文日期")
        sent = _csv(split, unit, "发文", "发文日期")
        information = _csv(split, unit, "信息", "报送日期")
        assert f"全年共办理上级和各类来文{len(received)}份" in text
        assert f"其中急件{(received['紧急程度'] == '急件').sum()}份" in text
        assert f"制发各类文件{len(sent)}份" in text
        assert f"向上级报送信息{len(information)}条" in text
        workload = _csv(split, unit, "工作量", "日期")
        visits = workload.loc[workload["事项"] == "公务接待", "数量"].astype(int).sum()
        if visits:
            assert f"接待公务来访{visits}批次" in text
        else:  # 东关镇 calls it otherwise: the item is its own
            assert "接待公务来访" not in text and re.search(r"东关镇来客接待\d+批次", text)
