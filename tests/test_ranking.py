"""信息 scoring by the settings' ladder, and 通报 rankings with ties and a 汇总 row."""

from datetime import date

import pandas as pd
import pytest

from summarize.workspace import Workspace, sample_path

LADDER = {"国家级": 20, "省级": 10, "市级": 3, "县级": 1}


def test_information_points_follow_the_default_ladder():
    info = pd.read_excel(sample_path() / "信息报送采用登记2025.xlsx", engine="calamine")
    date_col = next(c for c in ("报送日期", "上报日期", "日期") if c in info)
    level_col = next(c for c in ("采用级别", "采用层级", "级别") if c in info)
    info = info[pd.to_datetime(info[date_col], errors="coerce").dt.year == 2025]
    note_col = next(c for c in ("领导批示", "批示", "批示情况") if c in info)
    expected = info[level_col].map(LADDER).fillna(0).sum() + 5 * info[note_col].notna().sum()
    ws = Workspace(sample_path(), today=date(2026, 1, 15))
    assert ws.annual(2025).set_index("指标").loc["信息得分", "本年"] == expected


def test_settings_ladder_and_outlet_points_replace_the_default(tmp_path):
    (tmp_path / "信息2025.csv").write_text(
        "报送日期,信息标题,采用级别,采用刊物,领导批示\n2025-01-02,a,省级,省政府《政务信息》,\n"
        "2025-01-03,b,市级,市政府《要情》,市长批示\n2025-01-04,c,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "summarize.toml").write_text(
        '[scoring]\n"省级" = 15\n"批示" = 8\n[scoring."刊物"]\n"市政府《要情》" = 6\n', encoding="utf-8"
    )
    ws = Workspace(tmp_path, today=date(2026, 1, 15))
    assert ws.derived["信息"]["得分"].tolist() == [15, 6 + 8, 0]


def test_ranking_shares_ranks_on_ties_and_adds_a_total(tmp_path):
    rows = ["报送日期,信息标题,报送科室,采用级别"]
    for dept, adopted, submitted in (("甲科", 3, 4), ("乙科", 3, 6), ("丙科", 5, 5), ("丁科", 1, 2)):
        rows += [
            f"2025-02-0{i % 9 + 1},{dept}{i},{dept},{'市级' if i < adopted else ''}" for i in range(submitted)
        ]
    (tmp_path / "信息2025.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    table = Workspace(tmp_path, today=date(2026, 1, 15)).ranking("报送科室", ["信息采用", "信息采用率"], 2025)
    ranked = table.set_index("报送科室")
    assert ranked.loc["丙科", "排名"] == 1
    assert ranked.loc["甲科", "排名"] == ranked.loc["乙科", "排名"] == 2
    assert ranked.loc["甲科", "并列"] and not ranked.loc["丙科", "并列"]
    assert ranked.loc["丁科", "排名"] == 4  # 1, 2, 2, 4: the next rank after a tie skips
    assert table.iloc[-1]["报送科室"] == "汇总"
    assert ranked.loc["汇总", "信息采用"] == 12
    assert ranked.loc["汇总", "信息采用率"] == pytest.approx(12 / 17)  # from the summed parts, not an average


def test_ranking_names_an_unknown_metric(tmp_path):
    (tmp_path / "信息2025.csv").write_text("报送日期,信息标题,报送科室\n2025-01-02,a,甲\n", encoding="utf-8")
    from summarize.errors import SummarizeError

    with pytest.raises(SummarizeError, match="没有指标“不存在”"):
        Workspace(tmp_path).ranking("报送科室", ["不存在"], 2025)
