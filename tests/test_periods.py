"""The as-of day and like-for-like periods: spans by construction, the sample's figures against pandas counts over
the files themselves, and properties (a finished period ignores the as-of day; 本年累计 is the sum of its months)."""

import re
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from summarize.cli import app
from summarize.errors import SummarizeError
from summarize.periods import Span, month_periods, parse_asof, year_periods
from summarize.workspace import Workspace, sample_path

TODAY = date(2026, 1, 15)
# Counts judged on a day (closed, due, on time by then): named here, not read from the code under test.
CLOSING = [
    "督办办结",
    "督办应办结",
    "督办按期办结",
    "信访办结",
    "信访应办结",
    "信访受理办结",
    "信访立案结案",
    "信访按期办结",
]


def incoming_dates(year: int) -> pd.Series:
    """The 收文日期 of the sample's register for ``year`` that pandas reads as dates on its own (one sheet a month,
    the header on the third row, the date in the third column) — all of November's and December's."""
    sheets = pd.read_excel(
        sample_path() / f"{year}年收文登记簿.xlsx", sheet_name=None, header=2, engine="calamine"
    )
    cells = pd.concat([frame.iloc[:, 2] for frame in sheets.values()], ignore_index=True)
    text = cells.astype(str).str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "")
    return pd.to_datetime(text, errors="coerce", format="mixed").dropna()


def count_between(dates: pd.Series, start: date, end: date) -> int:
    return int(dates.between(pd.Timestamp(start), pd.Timestamp(end)).sum())


@pytest.fixture(scope="module")
def december_15():
    return Workspace(sample_path(), today=TODAY, asof="2025-12-15")


def test_a_month_in_progress_is_compared_with_the_same_days():
    spans = month_periods(2025, 12, date(2025, 12, 15))
    assert spans.partial and spans.cutoff == date(2025, 12, 15)
    assert spans.spans == {
        "本月": Span(date(2025, 12, 1), date(2025, 12, 15)),
        "上月": Span(date(2025, 11, 1), date(2025, 11, 15)),
        "上年同月": Span(date(2024, 12, 1), date(2024, 12, 15)),
        "本年累计": Span(date(2025, 1, 1), date(2025, 12, 15)),
        "上年同期累计": Span(date(2024, 1, 1), date(2024, 12, 15)),
    }
    assert spans.headers() == {"上月": "上月同期", "上年同月": "上年同期"}


@pytest.mark.parametrize(
    ("asof", "last_month", "last_year"),
    [
        # 30 March: February has no 30th, so 上月 is all of it (28 days in 2025, 29 in 2024).
        (date(2025, 3, 30), date(2025, 2, 28), date(2024, 3, 30)),
        (date(2024, 3, 30), date(2024, 2, 29), date(2023, 3, 30)),
        # 28 February of a leap year is not the month's end: a year earlier runs to 28 February as well.
        (date(2024, 2, 28), date(2024, 1, 28), date(2023, 2, 28)),
        # 15 January: 上月 is 1—15 December of the year before.
        (date(2025, 1, 15), date(2024, 12, 15), date(2024, 1, 15)),
    ],
)
def test_partial_months_around_month_ends_and_leap_years(asof, last_month, last_year):
    spans = month_periods(asof.year, asof.month, asof).spans
    assert spans["上月"] == Span(last_month.replace(day=1), last_month)
    assert spans["上年同月"] == Span(last_year.replace(day=1), last_year)
    assert spans["上年同期累计"] == Span(date(asof.year - 1, 1, 1), last_year)


def test_finished_periods_are_whole_and_29_february_is_a_month_end():
    leap = month_periods(2024, 2, date(2024, 2, 29))
    assert not leap.partial and leap.headers() == {}
    assert leap.spans["上年同月"] == Span(date(2023, 2, 1), date(2023, 2, 28))
    assert month_periods(2025, 2, date(2025, 2, 28)).spans["上年同月"] == Span(
        date(2024, 2, 1), date(2024, 2, 29)
    )
    assert year_periods(2025, date(2025, 12, 31)).spans["上年"] == Span(date(2024, 1, 1), date(2024, 12, 31))
    in_leap_day = year_periods(2024, date(2024, 2, 29))
    assert in_leap_day.partial and in_leap_day.spans["上年"] == Span(date(2023, 1, 1), date(2023, 2, 28))
    with pytest.raises(SummarizeError, match="统计截止日"):
        month_periods(2026, 1, date(2025, 12, 31))


def test_asof_is_read_as_offices_write_dates():
    assert (
        parse_asof("2025-12-15")
        == parse_asof("2025年12月15日")
        == parse_asof("2025/12/15")
        == date(2025, 12, 15)
    )
    for bad in ("2025-02-30", "12-15", "昨天"):
        with pytest.raises(SummarizeError, match="统计截止日应写成"):
            parse_asof(bad)
    with pytest.raises(SummarizeError, match="晚于今天"):
        Workspace(sample_path(), today=TODAY, asof="2026-02-01")


def test_sample_december_1_to_15_against_pandas_counts(december_15):
    this, last = incoming_dates(2025), incoming_dates(2024)
    row = december_15.monthly(2025, 12).set_index("指标").loc["收文"]
    assert row["本月"] == count_between(this, date(2025, 12, 1), date(2025, 12, 15))
    assert row["上月"] == count_between(this, date(2025, 11, 1), date(2025, 11, 15))
    assert row["上年同月"] == count_between(last, date(2024, 12, 1), date(2024, 12, 15))
    # Year to date: the whole year's count less the rows of 16—31 December, counted by pandas.
    whole = Workspace(sample_path(), today=TODAY).annual(2025).set_index("指标").loc["收文"]
    assert row["本年累计"] == whole["本年"] - count_between(this, date(2025, 12, 16), date(2025, 12, 31))
    assert row["上年同期累计"] == whole["上年"] - count_between(last, date(2024, 12, 16), date(2024, 12, 31))
    assert row["同比"] == pytest.approx(row["本月"] / row["上年同月"] - 1)
    annual = december_15.annual(2025).set_index("指标").loc["收文"]
    assert (annual["本年"], annual["上年"]) == (row["本年累计"], row["上年同期累计"])


def test_the_monthly_report_as_of_december_15_says_what_it_compares(december_15):
    this, last = incoming_dates(2025), incoming_dates(2024)
    now = count_between(this, date(2025, 12, 1), date(2025, 12, 15))
    before = count_between(last, date(2024, 12, 1), date(2024, 12, 15))
    text = december_15.monthly_report(2025, 12).to_markdown()
    drop = round((1 - now / before) * 100, 1)
    assert "12月（统计截至2025年12月15日，与上月、上年同期比较）" in text
    assert f"办理收文{now}份" in text and f"同比下降{drop:g}%" in text
    assert (
        "| 指标 | 单位 | 本月 | 上月同期 | 环比 | 上年同期 | 同比 | 本年累计 | 上年同期累计 | 累计同比 |"
        in text
    )
    assert "1月1日至12月15日累计" in text
    assert "12月为1—15日数据，上年取同期" in text


def test_rows_after_the_asof_day_are_left_out_and_said_once_per_file(december_15):
    later = incoming_dates(2025)
    later = int((later > pd.Timestamp(2025, 12, 15)).sum())
    notices = [n for n in december_15.notices() if "收文登记簿" in n]
    assert notices == [
        f"文件“2025年收文登记簿.xlsx”中有{later}条收文登记的日期晚于统计截止日2025年12月15日"
        "（2025年12月16日至2025年12月31日），未计入本次统计"
    ]
    assert december_15.facts["日期"].max() <= pd.Timestamp(2025, 12, 15)


def test_cli_asof_on_stats_names_the_columns_and_tells_once(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        app, ["stats", "--sample", "-y", "2025", "-m", "12", "--asof", "2025-12-15", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert header[:6] == ["指标", "单位", "本月", "上月同期", "环比", "上年同期"]
    assert result.stderr.count("2025年收文登记簿.xlsx") == 1
    annual = runner.invoke(app, ["stats", "--sample", "-y", "2025", "--asof", "2025-12-15"])
    assert "截至12月15日，与同期比较" in annual.stdout and "上年同期" in annual.stdout
    bad = runner.invoke(app, ["stats", "--sample", "--asof", "15.12.2025"])
    assert bad.exit_code == 2 and "统计截止日应写成" in bad.stderr


def test_closing_is_judged_as_of_the_periods_own_last_day(tmp_path):
    """口径: an item counts as closed in a period when it was closed by the period's last day (the as-of day while
    the period is in progress), so November keeps its figures whatever the as-of day; the year to date, judged on
    the as-of day, counts the item closed on 10 December once that day has come."""
    (tmp_path / "督办2025.csv").write_text(
        "交办日期,督办事项,办理时限,办结日期,办理情况\n"
        "2025-11-03,甲,2025-11-30,2025-11-20,已办结\n"
        "2025-11-05,乙,2025-12-30,2025-12-10,已办结\n",
        encoding="utf-8",
    )
    early = Workspace(tmp_path, today=TODAY, asof="2025-11-30").monthly(2025, 11).set_index("指标")
    late = Workspace(tmp_path, today=TODAY).monthly(2025, 11).set_index("指标")
    for frame in (early, late):
        # 乙 was open on 30 November and within its term: 应办结 is 甲 alone, 办结率 1/1.
        assert frame.loc[["督办办结", "督办应办结", "督办事项"], "本月"].tolist() == [1, 1, 2]
    assert early.equals(late)
    before = Workspace(tmp_path, today=TODAY, asof="2025-12-05").monthly(2025, 12).set_index("指标")
    after = Workspace(tmp_path, today=TODAY, asof="2025-12-15").monthly(2025, 12).set_index("指标")
    assert (before.loc["督办办结", "本年累计"], after.loc["督办办结", "本年累计"]) == (1, 2)


def test_a_petition_decided_after_the_period_is_open_in_it(tmp_path):
    """A 办理状态 written on closing (不予立案) counts from its 办结日期 on, not back into the period before."""
    (tmp_path / "信访2025.csv").write_text(
        "登记日期,信访人,信访形式,反映问题,办理状态,办结日期\n"
        "2025-11-03,张某,来信,甲,不予立案,2025-11-10\n"
        "2025-11-20,李某,来访,乙,不予立案,2025-12-03\n"
        "2025-11-21,王某,来访,丙,不予立案,\n",
        encoding="utf-8",
    )
    for asof in ("2025-11-30", "2025-12-15", None):
        ws = Workspace(tmp_path, today=TODAY, asof=asof)
        november = ws.monthly(2025, 11).set_index("指标")
        # 甲 (decided 10 November) and 丙 (decided, no date written) closed; 乙 decided in December.
        assert november.loc["信访办结", "本月"] == 2
    year = Workspace(tmp_path, today=TODAY, asof="2025-12-15").annual(2025).set_index("指标")
    assert year.loc["信访办结", "本年"] == 3


@st.composite
def asof_days(draw):
    return draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)))


@settings(max_examples=25, deadline=None)
@given(day=asof_days(), extra=st.integers(min_value=0, max_value=400))
def test_a_finished_month_ignores_any_asof_at_or_after_its_end(day, extra):
    end = pd.Timestamp(day) + pd.offsets.MonthEnd(0)
    later = min(end.date() + timedelta(days=extra), TODAY)
    whole, cut = month_periods(day.year, day.month), month_periods(day.year, day.month, later)
    assert whole.spans == cut.spans and not cut.partial


@settings(max_examples=6, deadline=None)
@given(day=asof_days())
def test_year_to_date_is_the_sum_of_its_months(day):
    """本年累计 is the sum of 本月 over the months to the as-of day for every count. A closing count is judged on
    each period's own last day, so an item registered in March and closed in May is open in March's 本月 and
    closed in the 本年累计 as of May: there the year to date is at least the sum, and exactly the rows closed by
    the as-of day (counted by pandas over the register file in another test). A month total (工作量) of the month
    in progress is not given, and the year to date runs over the whole months: the sum of the 本月 given."""
    ws = _sample_as_of(day)
    months = [ws.monthly(day.year, m).set_index("指标")["本月"].fillna(0) for m in range(1, day.month + 1)]
    counts = [n for n, m in ws.metrics.items() if not m.is_rate and n not in CLOSING]
    closing = [n for n in CLOSING if n in ws.metrics]
    frame = ws.monthly(day.year, day.month).set_index("指标")
    total = frame.loc[counts, "本年累计"].fillna(0)
    assert total.astype(float).tolist() == pytest.approx(
        sum(m.loc[counts] for m in months).astype(float).tolist()
    )
    summed = sum(m.loc[closing] for m in months).astype(float)
    assert (frame.loc[closing, "本年累计"].astype(float) >= summed).all()
    assert ws.annual(day.year).set_index("指标").loc[counts, "本年"].fillna(0).tolist() == total.tolist()


_OPENED: dict[date, Workspace] = {}


def _sample_as_of(day: date) -> Workspace:
    if day not in _OPENED:
        _OPENED[day] = Workspace(sample_path(), today=TODAY, asof=day)
    return _OPENED[day]


def test_a_finished_year_ignores_the_asof_day(december_15):
    whole = Workspace(sample_path(), today=TODAY).annual(2024)
    assert december_15.annual(2024).equals(whole)
    assert re.search("上年同期", "".join(december_15.annual(2024).columns)) is None


VOLUMES = ["收文", "发文", "会议", "督办事项", "信息报送", "信访登记"]


@settings(max_examples=5, deadline=None)
@given(day=st.dates(min_value=date(2025, 2, 1), max_value=date(2025, 12, 30)), back=st.integers(1, 11))
def test_a_finished_months_figures_ignore_the_asof_day(day, back):
    month = max(1, day.month - back)  # a month that has ended by ``day``
    if date(2025, month, 1) + pd.offsets.MonthEnd(0) > pd.Timestamp(day):
        return
    cut = _sample_as_of(day).monthly(2025, month).set_index("指标").loc[VOLUMES]
    whole = _sample_as_of(TODAY).monthly(2025, month).set_index("指标").loc[VOLUMES]
    assert cut.equals(whole)


def _web_as_of_december_15(tmp_path):
    """The web page over a copy of the sample, as of 15 December 2025."""
    import shutil

    from starlette.testclient import TestClient

    from summarize.web.app import create_app

    folder = tmp_path / "ws"
    shutil.copytree(sample_path(), folder)
    return TestClient(
        create_app(folder, today=TODAY, asof=date(2025, 12, 15)), base_url="http://127.0.0.1:8765"
    )


def test_the_web_page_compares_like_for_like_and_tells_once(tmp_path):
    web = _web_as_of_december_15(tmp_path)
    page = web.get("/stats", params={"year": "2025", "month": "12"}).text
    assert "上月同期" in page and "上年同期" in page
    assert page.count("2025年收文登记簿.xlsx”中有") == 1
    assert "2025年收文登记簿.xlsx”中有" not in web.get("/stats", params={"year": "2025", "month": "12"}).text


def test_a_year_in_progress_quotes_and_signs_up_to_the_asof_day(december_15):
    text = december_15.report(2025).to_markdown()
    assert "12月16日" not in text.split("附件")[0]
    assert "示例县人民政府办公室<br>2025年12月15日" in text
    assert "| 指标 | 单位 | 本年累计 | 上年同期 | 增减 | 增幅 |" in text
    assert "2025年1月1日至12月15日与2024年同期主要指标对比" in text


def workload(year: int) -> pd.DataFrame:
    """The sample's 其他工作量统计 sheet for ``year`` as pandas reads it: 月份 (“2025年3月”), 事项, 数量."""
    frame = pd.read_excel(
        sample_path() / "其他工作量统计.xlsx", sheet_name=str(year), header=1, engine="calamine"
    )
    frame["月"] = frame["月份"].str.extract(r"年(\d+)月")[0].astype(int)
    return frame


@pytest.mark.parametrize("asof", ["2025-12-15", "2025-03-01", "2025-01-20"])
def test_month_totals_are_compared_in_whole_months_only(asof):
    """A 工作量 register records a total per month and cannot be split by day: with December in progress its
    本月 and the same days before are not given, and the year to date runs over the whole months (1—11月)
    on both sides — counted here by pandas over the sample file."""
    day = date.fromisoformat(asof)
    ws = Workspace(sample_path(), today=TODAY, asof=asof)
    month = ws.monthly(2025, day.month).set_index("指标").loc["值班"]
    assert month[["本月", "上月", "上年同月"]].isna().all()
    this, last = workload(2025), workload(2024)
    whole = day.month - 1
    if whole == 0:
        assert pd.isna(month["本年累计"]) and pd.isna(month["上年同期累计"])
    else:
        expected = this[(this["事项"] == "值班") & (this["月"] <= whole)]["数量"].sum()
        before = last[(last["事项"] == "值班") & (last["月"] <= whole)]["数量"].sum()
        assert (month["本年累计"], month["上年同期累计"]) == (expected, before)
        year = ws.annual(2025).set_index("指标").loc["值班"]
        assert (year["本年"], year["上年"]) == (expected, before)
    assert pd.isna(ws.month_series(2025).loc["值班", day.month])  # the trend leaves the month out too


def test_month_totals_say_which_months_they_count(december_15, tmp_path):
    """The tables, files and documents say that 工作量 runs to the last whole month."""
    note = "按月汇总填报的工作量只计完整月份：12月尚未结束，本月及同期不列，累计为1—11月"
    runner = CliRunner()
    args = ["stats", "--sample", "-y", "2025", "-m", "12", "--asof", "2025-12-15"]
    assert note in runner.invoke(app, args).stdout
    csv = runner.invoke(app, [*args, "-f", "csv"]).stdout.splitlines()
    duty = workload(2025)
    duty = duty[(duty["事项"] == "值班") & (duty["月"] <= 11)]["数量"].sum()
    assert any(line.startswith(f"值班,天,,,,,,{duty},") and line.endswith(note) for line in csv)
    text = december_15.monthly_report(2025, 12).to_markdown()
    assert f"注：{note}。" in text and "| 公务接待 | 批次 | — | — | — | — | — |" in text
    assert "| 值班 |" not in text  # a day of 值班 every day: no line of the table (catalogue: unlisted)
    annual = december_15.report(2025).to_markdown()
    assert f"1—11月安排值班{duty}天" in annual
    assert "按月汇总填报的工作量只计完整月份：12月尚未结束，累计为1—11月。" in annual.split("附件")[-1]


def test_the_web_page_headings_say_how_far_and_against_what(tmp_path):
    web = _web_as_of_december_15(tmp_path)
    page = web.get("/stats", params={"year": "2025", "month": "12"}).text
    assert "2025年统计（截至12月15日，与上年同期比较）" in page
    assert "2025年12月统计（截至12月15日，与上月同期、上年同期比较）" in page
    assert "本月及同期不列，累计为1—11月" in page
    finished = web.get("/stats", params={"year": "2024", "month": "11"}).text
    assert "2024年统计</h2>" in finished and "截至" not in finished.split("2024年11月统计")[1][:40]


def supervision(sheet: str) -> pd.DataFrame:
    """A sheet of the sample's 督办事项台账 as pandas reads it (交办日期, 限办/办理时限 and 办结日期 are dates)."""
    frame = pd.read_excel(sample_path() / "督办事项台账.xlsx", sheet_name=sheet, engine="calamine")
    frame = frame.rename(columns={"限办日期": "办理时限"})
    for column in ("交办日期", "办理时限", "办结日期"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce")
    return frame


@pytest.mark.parametrize(
    ("asof", "start", "end", "column"),
    [
        # 1—15 December against the same days of 2024, each judged on its own 15 December.
        ("2025-12-15", date(2025, 12, 1), date(2025, 12, 15), "本月"),
        ("2025-12-15", date(2024, 12, 1), date(2024, 12, 15), "上年同月"),
        ("2025-12-15", date(2025, 1, 1), date(2025, 12, 15), "本年累计"),
        ("2025-12-15", date(2024, 1, 1), date(2024, 12, 15), "上年同期累计"),
        ("2025-12-15", date(2025, 11, 1), date(2025, 11, 15), "上月"),
    ],
)
def test_closing_figures_against_pandas_on_the_days_they_are_judged(asof, start, end, column):
    """督办办结 and 督办应办结 of every span of the 1—15 December view: the rows assigned in the span, closed
    (办结日期) by the span's last day, and due (办理时限) or closed by it — counted by pandas over the file."""
    frame = supervision(f"{start.year}年")
    at = pd.Timestamp(end)
    assigned = frame[frame["交办日期"].between(pd.Timestamp(start), at)]
    closed = assigned["办结日期"].notna() & (assigned["办结日期"] <= at)
    due = assigned["办理时限"].isna() | (assigned["办理时限"] <= at)
    row = _sample_as_of(date.fromisoformat(asof)).monthly(2025, 12).set_index("指标")[column]
    assert row["督办事项"] == len(assigned)
    assert (row["督办办结"], row["督办应办结"]) == (closed.sum(), (closed | due).sum())


@pytest.mark.parametrize("asof", ["2024-02-29", "2025-02-28"])
def test_a_leap_day_and_the_28th_a_year_later(asof):
    """As of 29 February 2024 February is whole and compared with all of February 2023 (no sample data: —);
    as of 28 February 2025 February is whole too, and 上年同月 is all 29 days of February 2024."""
    day = date.fromisoformat(asof)
    ws = _sample_as_of(day)
    spans = ws.monthly(day.year, 2).attrs["periods"]
    assert not spans.partial and spans.spans["上年同月"].end == date(
        day.year - 1, 2, 28 + (day.year - 1 == 2024)
    )
    row = ws.monthly(day.year, 2).set_index("指标").loc["收文"]
    dates = incoming_dates(day.year)
    assert row["本月"] == count_between(dates, date(day.year, 2, 1), day)
    if day.year == 2025:
        assert row["上年同月"] == count_between(incoming_dates(2024), date(2024, 2, 1), date(2024, 2, 29))
    else:
        assert pd.isna(row["上年同月"])


def test_the_annual_trend_sets_each_register_beside_its_last_year_and_says_so(december_15):
    report = december_15.report(2025)
    (figure,) = [f for f in report.figures if "月度趋势" in f.caption]
    assert figure.caption == "2025年收文、发文月度趋势（与2024年对比；12月为1—15日数据，上年取同期）"
