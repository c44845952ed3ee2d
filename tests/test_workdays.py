"""Deadlines on natural and working days, checked by hand around 国庆 2024, 春节 2025 and 国庆 2025."""

from datetime import date, timedelta

import chinese_calendar
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.errors import SummarizeError
from summarize.workdays import DeadlineRule, closed_on_time, days_overdue, due_dates

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


def test_uncovered_year_explains_itself_in_chinese():
    with pytest.raises(SummarizeError) as caught:
        due_dates(dates("2027-01-05"), DeadlineRule(1, workdays=True))
    message = caught.value.message
    assert "2027年" in message
    assert "2004" in message and "2026" in message
    assert "weekends" in message and "自然日" in message
    assert caught.value.exit_code == 2
    # A due date running into 2027 needs 2027; 12-31 (1), then 2027.
    with pytest.raises(SummarizeError, match="2027年"):
        due_dates(dates("2026-12-30"), DeadlineRule(3, workdays=True))


def test_uncovered_error_names_the_year_in_the_register():
    with pytest.raises(SummarizeError, match="2205年"):
        due_dates(dates("2025-03-01", "2205-03-01"), DeadlineRule(3, workdays=True))


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
