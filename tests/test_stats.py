"""Statistics checked against independent pandas computations over the raw sample files, and by properties."""

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.derive import derive
from summarize.errors import SummarizeError
from summarize.metrics import compute_facts, load_catalogue, resolve
from summarize.stats import annual, coverage_of, monthly
from summarize.workspace import Workspace, sample_path

S = sample_path()


@pytest.fixture(scope="module")
def ws():
    return Workspace(S, today=date(2026, 1, 15))


def sheets(name: str, header: int) -> dict[str, pd.DataFrame]:
    return pd.read_excel(S / name, sheet_name=None, header=header, engine="calamine")


def pick(frame: pd.DataFrame, *names: str) -> pd.Series:
    return frame[next(n for n in names if n in frame.columns)]


def loose_dates(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "")
    return pd.to_datetime(text, errors="coerce", format="mixed")


def annual_value(ws, metric: str, column: str = "本年"):
    frame = ws.annual(2025).set_index("指标")
    return frame.loc[metric, column]


def incoming_2025() -> dict[str, pd.DataFrame]:
    return {
        name: df[pick(df, "收文号", "登记号", "收文编号").astype(str).str.startswith("收2025")]
        for name, df in sheets("2025年收文登记簿.xlsx", 2).items()
    }


def test_incoming_documents_match_an_independent_count(ws):
    rows = pd.concat(incoming_2025().values())
    # Planted problems: 2 rows rejected (2月30日, empty date) and 1 duplicate of a 4月 row in 5月.
    expected = pick(rows, "收文号", "登记号", "收文编号").nunique() - 2
    assert annual_value(ws, "收文") == expected
    last_year = pd.concat(sheets("2024年收文登记簿.xlsx", 2).values())
    assert (
        annual_value(ws, "收文", "上年")
        == pick(last_year, "收文号", "登记号", "收文编号").astype(str).str.startswith("收2024").sum()
    )


def test_monthly_incoming_matches_each_month_sheet(ws):
    march = incoming_2025()["3月"]
    row = ws.monthly(2025, 3).set_index("指标").loc["收文"]
    assert row["本月"] == len(march)
    assert row["上月"] == len(incoming_2025()["2月"]) - 1  # 2月30日 is rejected
    january_to_march = sum(len(incoming_2025()[f"{m}月"]) for m in (1, 2, 3)) - 1
    assert row["本年累计"] == january_to_march


def test_outgoing_information_meetings_and_supervision(ws):
    outgoing = next(iter(sheets("发文登记簿（2025年）.xlsx", 1).values()))
    assert annual_value(ws, "发文") == pick(outgoing, "发文字号", "文号", "发文号").notna().sum()

    info = next(iter(sheets("信息报送采用登记2025.xlsx", 0).values()))
    info = info[pd.to_datetime(pick(info, "报送日期", "上报日期", "日期"), errors="coerce").dt.year == 2025]
    assert annual_value(ws, "信息报送") == len(info)
    adopted = pick(info, "采用级别", "采用层级", "级别").notna().sum()
    assert annual_value(ws, "信息采用") == adopted
    assert annual_value(ws, "信息采用率") == pytest.approx(adopted / len(info))

    meetings = next(iter(sheets("会议记录2025.xlsx", 0).values()))
    assert annual_value(ws, "会议") == len(meetings)

    items = sheets("督办事项台账.xlsx", 0)["2025年"]
    closed = items[pick(items, "办结日期", "完成日期").notna()]
    on_time = (
        pd.to_datetime(pick(closed, "办结日期", "完成日期"))
        <= pd.to_datetime(pick(closed, "办理时限", "限办日期", "完成时限"))
    ).sum()
    assert annual_value(ws, "督办事项") == len(items)
    assert annual_value(ws, "督办办结") == len(closed)
    assert annual_value(ws, "督办按期办结率") == pytest.approx(on_time / len(closed))


def test_breakdowns_count_each_group_largest_first_and_levels_highest_first(ws):
    from summarize.gather import breakdowns

    # Counted here with plain pandas from the registers as read, not from the facts.
    parts = breakdowns(ws, 2025)
    incoming = ws.registers["收文"]
    counts = incoming.loc[incoming["收文日期"].dt.year == 2025, "紧急程度"].value_counts()
    got = [(label, stat.value) for label, stat in parts["收文"]["紧急程度"]]
    assert dict(got) == {str(k): float(v) for k, v in counts.items() if v}
    assert [v for _, v in got] == sorted((v for _, v in got), reverse=True)

    info = ws.registers["信息"]
    levels = info.loc[info["报送日期"].dt.year == 2025, "采用级别"].value_counts()
    got = [(label, stat.value) for label, stat in parts["信息采用"]["采用级别"]]
    order = ["国家级", "省级", "市级", "县级"]
    assert got == [(level, float(levels[level])) for level in order if levels.get(level)]


def test_petitions_from_the_gbk_csv(ws):
    raw = pd.read_csv(S / "信访登记表2025.csv", encoding="gbk", dtype=str).drop_duplicates(
        ["登记编号", "登记日期"]
    )
    accepted = raw[(raw["是否受理"] == "是") & (raw["办理状态"] != "不予受理")]
    assert annual_value(ws, "信访登记") == len(raw)
    assert annual_value(ws, "信访受理") == len(accepted)
    assert annual_value(ws, "信访立案") == (raw["是否立案"] == "是").sum()
    closed = accepted[accepted["办结日期"].notna()]
    # 办结: a closing date, or a decision (不予受理) in 办理状态; 应办结: those and the items past their 60 days by
    # the as-of day (the fixture's today, 2026-01-15); an open item still within its 60 days is not a failure.
    decided = raw["办结日期"].notna() | (raw["办理状态"] == "不予受理")
    past_due = loose_dates(raw["登记日期"]) + pd.Timedelta(days=60) < pd.Timestamp(2026, 1, 15)
    assert annual_value(ws, "信访办结") == decided.sum()
    assert annual_value(ws, "信访应办结") == (decided | past_due).sum()
    assert annual_value(ws, "信访办结率") == pytest.approx(decided.sum() / (decided | past_due).sum())
    # 60 natural days counted from the day after 登记.
    due = loose_dates(closed["登记日期"]) + pd.Timedelta(days=60)
    on_time = (loose_dates(closed["办结日期"]) <= due).sum()
    assert annual_value(ws, "信访按期办结率") == pytest.approx(on_time / len(closed))
    by_form = ws.annual(2025, by="信访形式").query("指标 == '信访受理'").set_index("信访形式")["本年"]
    assert (
        by_form.to_dict()
        == pick(accepted, "信访形式", "信访类型", "信访方式").value_counts().astype(float).to_dict()
    )


def test_workload_items_become_metrics(ws):
    work = sheets("其他工作量统计.xlsx", 1)["2025"]
    duty = work[pick(work, "事项", "指标", "工作事项") == "值班"]
    assert annual_value(ws, "值班") == pd.to_numeric(pick(duty, "数量", "次数", "件数")).sum()
    assert ws.metrics["值班"].unit == "天"


def test_targets_give_completion(ws):
    row = ws.annual(2025).set_index("指标").loc["信息采用"]
    assert row["目标"] == 110
    assert row["完成率"] == pytest.approx(row["本年"] / 110)


def test_rates_change_in_points_and_counts_in_percent(ws):
    frame = ws.annual(2025).set_index("指标")
    rate = frame.loc["信息采用率"]
    assert rate["同比"] == pytest.approx(rate["本年"] - rate["上年"])
    count = frame.loc["收文"]
    assert count["同比"] == pytest.approx((count["本年"] - count["上年"]) / count["上年"])


def test_january_compares_with_the_previous_december(ws):
    row = ws.monthly(2025, 1).set_index("指标").loc["收文"]
    december = ws.monthly(2024, 12).set_index("指标").loc["收文", "本月"]
    assert row["上月"] == december


def test_first_year_of_data_has_no_comparison(ws):
    row = ws.annual(2024).set_index("指标").loc["收文"]
    assert pd.isna(row["上年"]) and pd.isna(row["同比"])


def test_trace_lists_the_rows_behind_a_figure(ws):
    rows = ws.trace("信访立案", 2025)
    assert len(rows) == annual_value(ws, "信访立案")
    assert set(rows["_file"]) == {"信访登记表2025.csv"}
    assert rows["是否立案"].all()
    rate_rows = ws.trace("信访办结率", 2025)
    assert set(rate_rows["指标"]) == {"信访办结", "信访应办结"}


def test_missing_register_is_absent_not_zero(tmp_path):
    (tmp_path / "收文2025.csv").write_text("收文日期,文件标题\n2025-03-01,a\n", encoding="utf-8")
    ws = Workspace(tmp_path)
    frame = ws.annual(2025).set_index("指标")
    assert list(frame.index) == ["收文"]  # no 信访 register: no 信访 metric at all
    assert ws.monthly(2025, 4).set_index("指标").loc["收文", "本月"] == 0  # kept, but nothing that month


# ---- properties over generated registers -----------------------------------------------------------------

petition_rows = st.lists(
    st.tuples(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)),
        st.booleans(),
        st.booleans(),
        st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
    ),
    min_size=1,
    max_size=60,
)


JUDGED_ON_A_DAY = {"信访办结", "信访应办结", "信访受理办结", "信访立案结案", "信访按期办结"}


def _petitions(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "登记日期": pd.to_datetime([r[0] for r in rows]).astype("datetime64[us]"),
            "是否受理": pd.array([r[1] for r in rows], dtype="boolean"),
            "是否立案": pd.array([r[2] for r in rows], dtype="boolean"),
            "办结日期": pd.to_datetime(
                [pd.Timestamp(r[0]) + pd.Timedelta(days=r[3]) if r[3] is not None else None for r in rows]
            ).astype("datetime64[us]"),
            "_file": "x.csv",
            "_sheet": "",
            "_row": range(2, len(rows) + 2),
        }
    )


@settings(max_examples=15, deadline=None)
@given(petition_rows)
def test_months_sum_to_the_year_and_rates_stay_in_bounds(rows):
    registers = {"信访": derive("信访", _petitions(rows), {})}
    metrics = resolve(load_catalogue(), registers)
    facts = compute_facts(metrics, registers)
    coverage = coverage_of(registers, {"信访": "登记日期"})
    year = annual(facts, metrics, coverage, 2025).set_index("指标")
    months = [monthly(facts, metrics, coverage, 2025, m).set_index("指标") for m in range(1, 13)]
    counts = [n for n, m in metrics.items() if not m.is_rate]
    if 2025 in coverage["信访"]:
        for name in counts:
            summed = sum(mo.loc[name, "本月"] for mo in months)
            # A closing is judged on each period's last day: closed later, it is open in its month's 本月 and
            # closed in the year's figure. Every other count adds up exactly.
            if name in JUDGED_ON_A_DAY:
                assert summed <= year.loc[name, "本年"]
            else:
                assert summed == year.loc[name, "本年"]
            cumulative = [mo.loc[name, "本年累计"] for mo in months]
            assert cumulative == sorted(cumulative)
    for name, metric in metrics.items():
        value = year.loc[name, "本年"]
        if metric.is_rate and pd.notna(value):
            assert 0 <= value <= 1
        this, last, change = year.loc[name, ["本年", "上年", "同比"]]
        if pd.notna(change) and change != 0:
            assert (change > 0) == (this > last)


@settings(max_examples=25, deadline=None)
@given(rows=petition_rows, late=st.integers(min_value=0, max_value=500), month=st.integers(1, 12))
def test_a_finished_period_is_the_registers_as_they_stood_on_its_last_day(rows, late, month):
    """Whatever the as-of day at or after a period's end, its figures — closing, 应办结, 按期 and the rates
    included — are those of the registers cut at the period's last day (rows and closings after it unknown)."""
    frame = _petitions(rows)

    def figures(asof: date, view) -> pd.DataFrame:
        cut = frame[frame["登记日期"] <= pd.Timestamp(asof)].reset_index(drop=True)
        registers = {"信访": derive("信访", cut, {}, asof=asof)}
        metrics = resolve(load_catalogue(), registers)
        facts = compute_facts(metrics, registers)
        # The register file covers its years whatever the as-of day (as the workspace's sheets say).
        return view(facts, metrics, coverage_of({"信访": frame}, {"信访": "登记日期"}), asof)

    def year_2024(facts, metrics, coverage, asof):
        return annual(facts, metrics, coverage, 2024, asof=asof)

    def month_2024(facts, metrics, coverage, asof):
        return monthly(facts, metrics, coverage, 2024, month, asof=asof)

    year_end = date(2024, 12, 31)
    month_end = (pd.Timestamp(2024, month, 1) + pd.offsets.MonthEnd(0)).date()
    assert figures(year_end + timedelta(days=late), year_2024).equals(figures(year_end, year_2024))
    later = figures(month_end + timedelta(days=late), month_2024)
    assert later.equals(figures(month_end, month_2024))


def test_overdue_lists_open_and_late_items_by_name(tmp_path):
    (tmp_path / "督办2025.csv").write_text(
        "交办日期,督办事项,责任单位,办理时限,办结日期\n2025-03-01,修路,交通局,2025-04-01,2025-04-11\n"
        "2025-11-01,建桥,住建局,2025-11-20,\n2025-12-01,植树,林业局,2026-01-10,\n2025-05-01,按时,水利局,2025-06-01,2025-05-20\n",
        encoding="utf-8",
    )
    table = Workspace(tmp_path, today=date(2026, 1, 15)).overdue(date(2025, 12, 31))
    rows = table.set_index("事项")[["责任单位", "状态", "超期天数"]].to_dict("index")
    assert rows == {
        "建桥": {"责任单位": "住建局", "状态": "超期", "超期天数": 41},
        "修路": {"责任单位": "交通局", "状态": "逾期办结", "超期天数": 10},
        "植树": {"责任单位": "林业局", "状态": "在办", "超期天数": 0},
    }
    assert table["_row"].tolist() == [3, 2, 4]


def test_workspace_catalogue_adds_and_removes_metrics(tmp_path):
    (tmp_path / "收文2025.csv").write_text(
        "收文日期,文件标题,紧急程度\n2025-03-01,a,特急\n2025-03-02,b,普通\n", encoding="utf-8"
    )
    (tmp_path / "指标目录.toml").write_text(
        '["特急收文"]\nsource = "收文"\nunit = "份"\nwhere = [{ field = "紧急程度", equals = "特急" }]\ncaliber = "特急件"\n'
        '["特急占比"]\nunit = "%"\nnumerator = "特急收文"\ndenominator = "收文"\n',
        encoding="utf-8",
    )
    (tmp_path / "summarize.toml").write_text('[metrics."收文"]\nunit = "件"\n', encoding="utf-8")
    frame = Workspace(tmp_path).annual(2025).set_index("指标")
    assert frame.loc["特急收文", "本年"] == 1 and frame.loc["特急占比", "本年"] == 0.5
    assert frame.loc["收文", "单位"] == "件"


def test_every_catalogue_section_is_a_line_of_work():
    package = Path(__file__).parent.parent / "summarize"
    catalogue = tomllib.loads((package / "catalogue.toml").read_text("utf-8"))
    lines = {line["name"] for line in tomllib.loads((package / "work.toml").read_text("utf-8"))["line"]}
    named = {entry["section"] for entry in catalogue.values() if "section" in entry}
    named |= {section for entry in catalogue.values() for section in entry.get("sections", {}).values()}
    assert {"办文", "信访", "机关事务"} <= named <= lines


def test_a_metric_filed_under_no_line_of_work_is_refused_naming_it(tmp_path):
    (tmp_path / "summarize.toml").write_text(
        '[metrics."收文"]\nunit = "件"\n[metrics."工作量".sections]\n"文印" = "文印室"\n', encoding="utf-8"
    )
    with pytest.raises(SummarizeError, match="第3行：指标“工作量”的板块“文印室”不是工作板块") as info:
        Workspace(tmp_path).metrics  # noqa: B018 (the catalogue is loaded with the metrics)
    assert "可用的板块：办文、办会、督查督办" in info.value.message


def test_deadline_settings_count_working_days(tmp_path):
    # Registered 2024-09-30, closed 2024-10-10: on time within 3 working days (国庆 holidays skipped, next-day
    # counting gives 2024-10-10), late in 3 natural days.
    (tmp_path / "信访2024.csv").write_text(
        "登记日期,反映问题,办结日期\n2024-09-30,修路,2024-10-10\n", encoding="utf-8"
    )
    (tmp_path / "summarize.toml").write_text(
        '[deadlines."信访"]\ndays = 3\nworkdays = true\n', encoding="utf-8"
    )
    assert Workspace(tmp_path).annual(2024).set_index("指标").loc["信访按期办结率", "本年"] == 1
    (tmp_path / "summarize.toml").write_text(
        '[deadlines."信访"]\ndays = 3\nworkdays = false\n', encoding="utf-8"
    )
    assert Workspace(tmp_path).annual(2024).set_index("指标").loc["信访按期办结率", "本年"] == 0


def test_targets_measure_the_report_year_only(ws):
    this_year = ws.annual(2025).set_index("指标")
    assert this_year.loc["信息采用", "目标"] == 110
    assert this_year.loc["信息采用", "完成率"] == pytest.approx(this_year.loc["信息采用", "本年"] / 110)
    assert "目标" not in ws.annual(2024).columns


def test_views_name_metrics_and_groups_as_text_whatever_the_grouping():
    ws = Workspace(sample_path())
    for frame in (
        ws.annual(2025),
        ws.annual(2025, by="科室"),
        ws.annual(2025, by="文种"),
        ws.monthly(2025, 11, by="文种"),
    ):
        text = [c for c in frame.columns if c in ("指标", "单位", "科室", "文种")]
        assert all(pd.api.types.is_string_dtype(frame[c]) for c in text), frame.dtypes
        assert not any(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in text)
