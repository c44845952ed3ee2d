"""Deadlines on natural and working days, checked by hand around 国庆 2024, 春节 2025 and 国庆 2025."""

import re
from datetime import date, timedelta

import chinese_calendar
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.errors import SummarizeError
from summarize.workdays import (
    Calendar,
    DeadlineRule,
    closed_on_time,
    days_overdue,
    due_dates,
    provisional,
    statutory_holidays,
)

D = date.fromisoformat


def dates(*values):
    return pd.Series(pd.to_datetime(list(values), format="ISO8601"))


def due_one(start, days, start_next_day=True):
    rule = DeadlineRule(days, workdays=True, start_next_day=start_next_day)
    return due_dates(dates(start), rule).iloc[0].date()


# The schedule the hand-checked dates below rely on; asserted first so a changed schedule fails loudly here.
@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2024-09-28", False),  # Saturday
        ("2024-09-29", True),  # Sunday, 调休
        ("2024-09-30", True),
        ("2024-10-01", False),
        ("2024-10-07", False),
        ("2024-10-08", True),
        ("2024-10-12", True),  # Saturday, 调休
        ("2024-10-13", False),
        ("2025-01-25", False),  # Saturday
        ("2025-01-26", True),  # Sunday, 调休
        ("2025-01-27", True),
        ("2025-01-28", False),
        ("2025-02-04", False),
        ("2025-02-05", True),
        ("2025-02-08", True),  # Saturday, 调休
        ("2025-02-09", False),
        ("2025-09-27", False),  # Saturday
        ("2025-09-28", True),  # Sunday, 调休
        ("2025-10-01", False),
        ("2025-10-08", False),
        ("2025-10-09", True),
        ("2025-10-11", True),  # Saturday, 调休
        ("2025-10-12", False),
    ],
)
def test_schedule_assumed_by_the_cases(day, working):
    assert chinese_calendar.is_workday(D(day)) is working
    # Counted from the day itself, a working day is its own day 1; any other day passes to the next one.
    assert (due_one(day, 1, start_next_day=False) == D(day)) is working


@pytest.mark.parametrize(
    ("start", "days", "start_next_day", "due"),
    [
        # 国庆 2024: 9-30 Mon, holiday 10-01..07, then 10-08 (1) 10-09 (2) 10-10 (3).
        ("2024-09-30", 3, True, "2024-10-10"),
        ("2024-09-30", 3, False, "2024-10-09"),
        # A Saturday start: day 1 is the 调休 Sunday 9-29 either way.
        ("2024-09-28", 1, True, "2024-09-29"),
        ("2024-09-28", 1, False, "2024-09-29"),
        # Start on the 调休 Sunday itself: counts as day 1 only with same-day counting.
        ("2024-09-29", 1, False, "2024-09-29"),
        ("2024-09-29", 3, False, "2024-10-08"),
        ("2024-09-29", 3, True, "2024-10-09"),
        # Start inside the holiday: the first working day after it is day 1.
        ("2024-10-03", 1, True, "2024-10-08"),
        ("2024-10-03", 1, False, "2024-10-08"),
        # 10-10 (1) 10-11 (2) and the 调休 Saturday 10-12 (3).
        ("2024-10-09", 3, True, "2024-10-12"),
        # 春节 2025: 1-24 Fri; 1-25 Sat off; 1-26 Sun 调休 (1), 1-27 (2), holiday 1-28..2-04, 2-05 (3).
        ("2025-01-24", 3, True, "2025-02-05"),
        ("2025-01-27", 1, True, "2025-02-05"),
        # 2-06 (1) 2-07 (2) and the 调休 Saturday 2-08 (3).
        ("2025-02-05", 3, True, "2025-02-08"),
        # 1-21..1-24 (4), 1-26 (5), 1-27 (6), 2-05..2-08 (10), 2-10..2-14 (15).
        ("2025-01-20", 15, True, "2025-02-14"),
        # 国庆 2025: 9-26 Fri; 9-27 Sat off; 9-28 Sun 调休 (1), 9-29 (2), 9-30 (3).
        ("2025-09-26", 3, True, "2025-09-30"),
        # Holiday 10-01..08; 10-09 (1) 10-10 (2) and the 调休 Saturday 10-11 (3).
        ("2025-09-30", 3, True, "2025-10-11"),
        ("2025-09-30", 3, False, "2025-10-10"),
    ],
)
def test_working_day_due_dates_checked_by_hand(start, days, start_next_day, due):
    assert due_one(start, days, start_next_day) == D(due)


@pytest.mark.parametrize(
    ("start", "days", "start_next_day", "due"),
    [
        ("2025-03-01", 60, True, "2025-04-30"),  # 3-02 is day 1, 3-31 day 30, 4-30 day 60
        ("2025-03-01", 60, False, "2025-04-29"),  # 3-01 is day 1, 3-31 day 31, 4-29 day 60
        ("2025-01-20", 15, True, "2025-02-04"),  # holidays count: ends inside 春节
        ("2024-12-31", 1, True, "2025-01-01"),
    ],
)
def test_natural_day_due_dates(start, days, start_next_day, due):
    rule = DeadlineRule(days, start_next_day=start_next_day)
    assert due_dates(dates(start), rule).iloc[0].date() == D(due)


@pytest.mark.parametrize("workdays", [False, True])
def test_missing_start_stays_missing_and_index_is_kept(workdays):
    start = pd.Series(pd.to_datetime(["2024-09-30", None, "2025-09-30"]), index=[10, 11, 12], name="受理日期")
    due = due_dates(start, DeadlineRule(3, workdays=workdays))
    assert list(due.index) == [10, 11, 12]
    assert due.name == "受理日期"
    assert pd.isna(due.loc[11])
    assert due.notna().sum() == 2


def test_all_missing_and_empty_columns():
    rule = DeadlineRule(3, workdays=True)
    assert due_dates(pd.Series([None, None], dtype="datetime64[ns]"), rule).isna().all()
    assert due_dates(pd.Series([], dtype="datetime64[ns]"), rule).empty


def test_times_of_day_and_date_objects_are_accepted():
    rule = DeadlineRule(3, workdays=True)
    start = pd.Series([date(2024, 9, 30), pd.NaT])
    assert due_dates(start, rule).iloc[0].date() == D("2024-10-10")
    start = pd.Series(pd.to_datetime(["2024-09-30 16:45"]))
    assert due_dates(start, rule).iloc[0] == pd.Timestamp("2024-10-10")


def test_closed_on_time():
    rule = DeadlineRule(3, workdays=True)
    start = dates("2024-09-30", "2024-09-30", "2024-09-30", None)
    closed = dates("2024-10-10 17:30", "2024-10-11", None, "2024-10-01")
    result = closed_on_time(closed, due_dates(start, rule))
    assert str(result.dtype) == "boolean"
    assert result.tolist() == [True, False, pd.NA, pd.NA]


def test_days_overdue():
    due = dates("2024-10-10", "2024-10-10", None)
    assert days_overdue(due, date(2024, 10, 15)).tolist() == [5, 5, pd.NA]
    assert days_overdue(due, date(2024, 10, 1)).tolist() == [0, 0, pd.NA]
    closed = dates("2024-10-10", "2024-10-12", "2024-10-12")
    result = days_overdue(due, closed)
    assert str(result.dtype) == "Int64"
    assert result.tolist() == [0, 2, pd.NA]


def test_uncovered_year_explains_itself_in_chinese_when_asked_to_stop():
    with pytest.raises(SummarizeError) as caught:
        due_dates(dates("2027-01-05"), DeadlineRule(1, workdays=True, uncovered="error"))
    message = caught.value.message
    assert "2027年" in message
    assert "2004" in message and "2026" in message
    assert "[holidays.2027]" in message and "statutory" in message and "自然日" in message
    assert caught.value.exit_code == 2
    # A due date running into 2027 needs 2027; 12-31 (1), then 2027.
    with pytest.raises(SummarizeError, match="2027年"):
        due_dates(dates("2026-12-30"), DeadlineRule(3, workdays=True, uncovered="error"))


def test_uncovered_error_names_the_year_in_the_register():
    with pytest.raises(SummarizeError, match="2205年"):
        due_dates(dates("2025-03-01", "2205-03-01"), DeadlineRule(3, workdays=True, uncovered="error"))


def test_last_covered_year_does_not_need_the_next():
    assert due_one("2026-12-01", 3) == D("2026-12-04")


def test_weekends_fallback_counts_monday_to_friday():
    # 2027-01-01 is a Friday; 元旦 is not known for 2027, so it counts: that is the documented approximation.
    rule = DeadlineRule(1, workdays=True, start_next_day=False, uncovered="weekends")
    starts = dates(*(f"2027-01-{d:02d}" for d in range(1, 11)))
    working = {s.date() for s, due in zip(starts, due_dates(starts, rule), strict=True) if s == due}
    assert sorted(str(d) for d in working) == [
        "2027-01-01",
        "2027-01-04",
        "2027-01-05",
        "2027-01-06",
        "2027-01-07",
        "2027-01-08",
    ]
    # Covered years keep the real schedule under the fallback too: 12-31 (1), 2027-01-01 (2), 01-04 (3).
    rule = DeadlineRule(3, workdays=True, uncovered="weekends")
    assert due_dates(dates("2026-12-30"), rule).iloc[0].date() == D("2027-01-04")


def test_bad_settings_are_user_errors():
    with pytest.raises(SummarizeError, match="正整数"):
        DeadlineRule(0)
    with pytest.raises(SummarizeError, match="处理方式"):
        DeadlineRule(3, workdays=True, uncovered="skip")


# ---- years with no published schedule: 2027 ------------------------------------------------------------------
# China's statutory days off in 2027 worked out by hand from the lunar calendar and 《全国年节及纪念日放假办法》
# (2024 revision: 春节 from 除夕, 劳动节 two days; a day falling on a weekend is made up, 补假, on the next
# working days): 元旦 1-1 (Fri); 除夕 2-5 (Fri), 初一至初三 2-6..2-8 with 2-6/2-7 a weekend → 补假 2-9, 2-10;
# 清明 4-5 (Mon); 劳动节 5-1, 5-2 (Sat, Sun) → 补假 5-3, 5-4; 端午 6-9 (Wed); 中秋 9-15 (Wed); 国庆 10-1..10-3
# (Fri-Sun) → 补假 10-4, 10-5.
HAND_2027 = [
    "2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10",
    "2027-04-05", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04", "2027-06-09", "2027-09-15",
    "2027-10-01", "2027-10-02", "2027-10-03", "2027-10-04", "2027-10-05",
]  # fmt: skip


def test_2027_statutory_holidays_are_the_ones_worked_out_by_hand():
    assert sorted(d.isoformat() for d in statutory_holidays(2027)) == HAND_2027


@pytest.mark.parametrize(
    "start, days, due",
    [
        # Fri 1-29: Mon 2-1 (1), 2-2, 2-3, Thu 2-4 (4); 2-5..2-10 off; Thu 2-11 (5).
        ("2027-01-29", 5, "2027-02-11"),
        # Tue 9-28: 9-29 (1), 9-30 (2); 10-1..10-5 off; Wed 10-6 (3).
        ("2027-09-28", 3, "2027-10-06"),
        # Thu 2026-12-31 (covered by the published 2026 schedule): 2027-01-01 off, 1-2/1-3 weekend, Mon 1-4 (1).
        ("2026-12-31", 1, "2027-01-04"),
        # Wed 4-28: 4-29 (1), 4-30 (2); 5-1..5-4 off; Wed 5-5 (3) — no 调休 Saturday counted in 2027.
        ("2027-04-28", 3, "2027-05-05"),
    ],
)
def test_a_2027_deadline_counts_the_statutory_holidays_and_is_provisional(start, days, due):
    rule = DeadlineRule(days, workdays=True)  # the default: statutory holidays for a year with no schedule
    counted = due_dates(dates(start), rule)
    assert counted.iloc[0].date() == D(due)
    assert provisional(dates(start), counted, rule).tolist() == [True]


def test_a_deadline_within_a_published_year_is_not_provisional():
    rule = DeadlineRule(3, workdays=True)
    counted = due_dates(dates("2025-09-29"), rule)
    assert counted.iloc[0].date() == D("2025-10-10")  # 9-30 (1); 10-1..10-8 off; 10-9 (2), 10-10 (3)
    assert provisional(dates("2025-09-29"), counted, rule).tolist() == [False]
    assert provisional(
        dates("2027-09-28"), due_dates(dates("2027-09-28"), DeadlineRule(60)), DeadlineRule(60)
    ).tolist() == [False]


def test_the_workspaces_own_schedule_takes_precedence_and_is_not_provisional():
    # A notice as the State Council might publish it: 国庆 10-1..10-7 off, Sun 9-26 and Sat 10-9 worked.
    calendar = Calendar.from_settings(
        {"2027": {"放假": ["2027-10-01~2027-10-07"], "调休上班": [D("2027-09-26"), "2027-10-09"]}}
    )
    rule = DeadlineRule(3, workdays=True)
    # Fri 9-24: Sun 9-26 worked (1), Mon 9-27 (2), Tue 9-28 (3).
    assert due_dates(dates("2027-09-24"), rule, calendar).iloc[0].date() == D("2027-09-28")
    # Tue 9-28: 9-29 (1), 9-30 (2); 10-1..10-7 off; Fri 10-8 (3).
    counted = due_dates(dates("2027-09-28"), rule, calendar)
    assert counted.iloc[0].date() == D("2027-10-08")
    assert provisional(dates("2027-09-28"), counted, rule, calendar).tolist() == [False]
    # Days the notice does not list are working days even where the rule has a holiday (元旦 is not listed).
    assert due_dates(dates("2026-12-31"), DeadlineRule(1, workdays=True), calendar).iloc[0].date() == D(
        "2027-01-01"
    )


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ({"2027": {"放假": ["2027-13-01"]}}, "“2027-13-01”不是日期"),
        ({"2027": {"放假": ["2028-01-01"]}}, "2028-01-01不在2027年"),
        ({"2027": {"放假日": []}}, "不认识的设置项“放假日”"),
        ({"二〇二七": {}}, "应为年份"),
        ({"2027": {"放假": "2027-10-01"}}, "应为日期列表"),
        ({"2027": {"放假": ["2027-10-09"], "调休上班": ["2027-10-09"]}}, "既写在“放假”中又写在“调休上班”中"),
    ],
)
def test_a_bad_holidays_table_is_named(raw, phrase):
    with pytest.raises(SummarizeError, match=re.escape(phrase)):
        Calendar.from_settings(raw)


def reference_due(start, days, start_next_day):
    """One day at a time, straight from chinese_calendar: the definition, not the implementation."""
    day = start + timedelta(days=1) if start_next_day else start
    counted = 0
    while True:
        if chinese_calendar.is_workday(day):
            counted += 1
            if counted == days:
                return day
        day += timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(
    starts=st.lists(
        st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)), min_size=1, max_size=20
    ),
    days=st.integers(min_value=1, max_value=90),
    start_next_day=st.booleans(),
)
def test_working_day_properties(starts, days, start_next_day):
    starts = sorted(starts)
    due = [
        d.date()
        for d in due_dates(pd.Series(pd.to_datetime(starts)), DeadlineRule(days, True, start_next_day))
    ]
    for start, end in zip(starts, due, strict=True):
        assert chinese_calendar.is_workday(end)
        first_counted = start + timedelta(days=1) if start_next_day else start
        assert len(chinese_calendar.get_workdays(first_counted, end)) == days
        assert end == reference_due(start, days, start_next_day)
    assert all(a <= b for a, b in zip(due, due[1:], strict=False))


# ---- 2027 through the commands: provisional in check and in the 口径, the workspace's schedule first ----------

SUPERVISED_2027 = (
    "交办日期,督办事项,责任单位,办结日期,办理情况\n"
    "2027-01-29,关于甲,综合科,2027-02-10,已办结\n"  # due 2-11 (hand, above): on time
    "2027-09-28,关于乙,秘书科,2027-10-07,已办结\n"  # due 10-8 by rule, 10-11 by the notice below: on time
    "2026-03-02,关于丙,综合科,2026-03-04,已办结\n"  # 2026: the published schedule, not provisional
)
SETTINGS_2027 = (
    'unit = "测试办公室"\n[report]\nappendix = "full"\n[deadlines."督办"]\ndays = 5\nworkdays = true\n'
)
NOTICE_2027 = '[holidays.2027]\n"放假" = ["2027-10-01~2027-10-07"]\n"调休上班" = [2027-09-26, 2027-10-09]\n'


# The as-of day may not be after today: these runs take place on 2028-01-15, in this process.
TODAY = date(2028, 1, 15)


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Run the command line in this process with today being :data:`TODAY`; returns exit code and output."""
    from typer.testing import CliRunner

    from summarize.cli import app
    from summarize.workspace import Workspace

    monkeypatch.setattr(Workspace, "today", property(lambda self: self._today or TODAY))
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        result = CliRunner().invoke(app, list(args))
        return result.exit_code, result.output

    return invoke


def _workspace_2027(folder, settings):
    folder.mkdir()
    (folder / "督办事项台账2027.csv").write_text(SUPERVISED_2027, encoding="utf-8")
    (folder / "summarize.toml").write_text(settings, encoding="utf-8")
    return folder


def test_2027_deadlines_are_counted_marked_provisional_and_never_stop_a_report(tmp_path, run):
    from summarize.workspace import Workspace

    folder = _workspace_2027(tmp_path / "ws", SETTINGS_2027)
    ws = Workspace(folder, today=TODAY, asof=date(2027, 12, 31))
    due = ws.derived["督办"].set_index("督办事项")["期限"].dt.date.to_dict()
    # 5 working days, by hand: 1-29 → 2-11; 9-28: 9-29, 9-30, (10-1..10-5 off) 10-6, 10-7, 10-8; 2026-03-02 → 3-9.
    assert due == {"关于甲": D("2027-02-11"), "关于乙": D("2027-10-08"), "关于丙": D("2026-03-09")}
    assert ws.derived["督办"].set_index("督办事项")["期限暂定"].to_dict() == {
        "关于甲": True,
        "关于乙": True,
        "关于丙": False,
    }

    code, output = run("check", str(folder))  # as of today, 2028-01-15
    assert code == 0, output
    assert (
        "提示 文件“督办事项台账2027.csv”：2件督办的办理期限暂定：期限涉及2027年的按法定节假日推算"
        "（尚无国务院办公厅的节假日安排，未含调休），为暂定；通知发布后可在 summarize.toml 的 [holidays.2027] 中"
        "填写放假和调休上班日期"
    ).replace(" ", "") in "".join(output.split())

    code, output = run(
        "report", str(folder), "--year", "2027", "--asof", "2027-12-31", "-f", "md", "-o", "r.md"
    )
    assert code == 0, output
    text = "".join((tmp_path / "r.md").read_text("utf-8").split())
    note = "期限涉及2027年的按法定节假日推算（尚无国务院办公厅的节假日安排，未含调休），为暂定"
    # Under the 主要指标统计表, naming the headline figures a deadline decides; in the 统计口径说明, per metric.
    assert f"督办办结率、督办按期办结率：{note}" in text
    assert f"督办按期办结率（百分比）：督办按期办结件数占督办办结件数的比例，{note}" in text
    assert "督办事项（件）：督办台账中交办日期在统计期内的事项数。" in text  # no deadline decides it

    # The 口径 sheet of the annual 统计表 and of a 月报's workbook, read back with openpyxl.
    from openpyxl import load_workbook

    from summarize import documents

    annual = documents.plan_statistics(ws, tmp_path, 2027)
    monthly = ws.monthly_report(2027, 10).to_xlsx(tmp_path / "月报统计表.xlsx")
    for path in (annual.write(annual.wanted), monthly):
        sheet = load_workbook(path)["口径"]
        calibers = {row[0]: row[2] for row in sheet.iter_rows(values_only=True) if row and row[0]}
        assert note in "".join(str(calibers["督办按期办结率"]).split()), path
        assert "暂定" not in str(calibers["督办事项"]), path


def test_the_state_councils_schedule_in_the_settings_takes_precedence(tmp_path, run):
    from summarize.workspace import Workspace

    folder = _workspace_2027(tmp_path / "ws", SETTINGS_2027 + NOTICE_2027)
    ws = Workspace(folder, today=TODAY, asof=date(2027, 12, 31))
    due = ws.derived["督办"].set_index("督办事项")["期限"].dt.date.to_dict()
    # The notice lists no 春节: 1-29 → 2-1..2-5 (5). 9-28: 9-29, 9-30, (10-1..10-7 off) 10-8, Sat 10-9 worked, 10-11.
    assert due == {"关于甲": D("2027-02-05"), "关于乙": D("2027-10-11"), "关于丙": D("2026-03-09")}
    assert not ws.derived["督办"]["期限暂定"].any()
    code, output = run("check", str(folder))
    assert code == 0 and "暂定" not in output, output


def test_uncovered_error_stays_available_and_names_the_year(tmp_path, run):
    folder = _workspace_2027(tmp_path / "ws", SETTINGS_2027 + 'uncovered = "error"\n')
    code, output = run("report", str(folder), "--year", "2027", "--asof", "2027-12-31", "-o", "r.docx")
    assert code == 2
    assert "需要2027年的节假日安排" in "".join(output.split()) and "Traceback" not in output


def test_a_bad_holidays_table_in_the_settings_names_its_line(tmp_path, run):
    folder = _workspace_2027(tmp_path / "ws", SETTINGS_2027 + '[holidays.2027]\n"放假" = ["2027-02-30"]\n')
    code, output = run("check", str(folder))
    assert code == 2
    assert "".join(output.split()) == "".join(
        (
            "错误：配置文件“summarize.toml”第8行：[holidays] 中2027年的“放假”中“2027-02-30”不是日期；"
            '写作 2027-10-01，连续几天写作 "2027-10-01~2027-10-07"'
        ).split()
    )
