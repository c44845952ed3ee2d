"""Register layouts seen in public sources (tests/real_layouts): each is read with the exact counts known by
construction, every sheet is read or listed with a reason, the reconciliation holds, and the annual and monthly
figures equal counts made with pandas over the rows the builder wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.ingest.problems import ERROR
from tests.conftest import open_ws
from tests.real_layouts import LAYOUTS, Built

COUNTS = ["读取行数", "计入", "未计入", "空行", "合计行", "重复"]
COUNT_METRIC = {"收文": "收文", "发文": "发文", "信访": "信访登记"}


def _built(tmp_path: Path, name: str) -> tuple[Path, Built]:
    folder = tmp_path / name
    folder.mkdir()
    spec = next(item for item in LAYOUTS if item.name == name)
    return folder, spec.build(folder)


def test_the_corpus_has_fifteen_distinct_sources():
    assert len(LAYOUTS) >= 15
    assert len({item.source for item in LAYOUTS}) == len(LAYOUTS)


@pytest.mark.parametrize("name", [item.name for item in LAYOUTS])
def test_layout_is_read_with_exact_counts(tmp_path, name):
    folder, built = _built(tmp_path, name)
    ws = open_ws(folder)
    recon = ws.reconciliation()
    # Every sheet of every file is either read or listed with a reason, and only the sheets expected.
    listed = {(f, s) for f, s in zip(recon["文件"], recon["工作表"], strict=True)}
    assert listed == set(built.sheets)
    for (file, sheet), expected in built.sheets.items():
        rows = recon[(recon["文件"] == file) & (recon["工作表"] == sheet)]
        assert rows["台账"].tolist() == [e.kind or "" for e in expected], (file, sheet)
        for (_, row), exp in zip(rows.iterrows(), expected, strict=True):
            got = [int(row[c]) for c in COUNTS]
            want = [exp.read, exp.accepted, exp.rejected, exp.blank, exp.totals, exp.duplicates]
            assert got == want, (file, sheet, exp.kind)
            assert exp.note in row["备注"]
            if exp.kind is None and built.errors == 0:
                assert row["备注"], "a sheet not read says why"
    # 读取 = 计入 + 未计入 + 空行 + 合计行 + 重复, on every sheet.
    assert (recon["读取行数"] == recon[COUNTS[1:]].sum(axis=1)).all()
    errors = ws.problems[ws.problems["级别"] == ERROR]
    assert len(errors) == built.errors, errors.to_dict("records")
    for kind, by_year in built.years.items():
        dates = ws.registers[kind][_date_field(kind)]
        assert dates.dt.year.value_counts().sort_index().to_dict() == dict(sorted(by_year.items()))
    assert set(ws.registers) == set(built.years)


@pytest.mark.parametrize("name", [item.name for item in LAYOUTS])
def test_annual_and_monthly_figures_match_pandas_counts(tmp_path, name):
    folder, built = _built(tmp_path, name)
    if not built.years:
        pytest.skip("nothing to count in this layout")
    ws = open_ws(folder)
    for kind, by_year in built.years.items():
        metric = COUNT_METRIC[kind]
        for year, count in by_year.items():
            annual = ws.annual(year).set_index("指标")
            assert annual.loc[metric, "本年"] == count, (kind, year)
        year = max(by_year)
        dates = ws.registers[kind][_date_field(kind)]
        month = int(dates[dates.dt.year == year].dt.month.mode().iloc[0])
        expected = int(((dates.dt.year == year) & (dates.dt.month == month)).sum())
        monthly = ws.monthly(year, month).set_index("指标")
        assert monthly.loc[metric, "本月"] == expected


@pytest.mark.parametrize("name", [item.name for item in LAYOUTS])
def test_unused_columns_are_listed_per_file(tmp_path, name):
    folder, built = _built(tmp_path, name)
    ws = open_ws(folder)
    unused = {}
    for sheet in ws.sheets:
        unused.setdefault(sheet.file, set()).update(sheet.unused)
    for file, columns in built.unused.items():
        assert set(columns) <= unused[file], (file, unused[file])


def _date_field(kind: str) -> str:
    from summarize.registers import kind_spec

    return kind_spec(kind).date_field
