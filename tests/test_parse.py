"""The cell parsers: every spelling clerks use, and a reason for every cell they cannot read."""

from datetime import datetime

import pandas as pd
import pytest

from summarize.ingest.parse import clean_text, parse_bools, parse_dates, parse_ints, parse_numbers


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2025-03-05", "2025-03-05"),
        ("2025/3/5", "2025-03-05"),
        ("2025.3.5", "2025-03-05"),
        ("2025年3月5日", "2025-03-05"),
        ("２０２５年３月５日", "2025-03-05"),
        ("3月5日", "2025-03-05"),
        ("20250305", "2025-03-05"),
        ("2025年3月", "2025-03-01"),
        ("2025-06-03 10:20", "2025-06-03"),
        (45814, "2025-06-06"),
        (45814.0, "2025-06-06"),
        (datetime(2025, 6, 9, 14, 30), "2025-06-09"),
    ],
)
def test_dates_in_every_spelling(raw, expected):
    dates, reasons = parse_dates(pd.Series([raw], dtype=object), default_year=2025)
    assert dates.iloc[0] == pd.Timestamp(expected)
    assert pd.isna(reasons.iloc[0])


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("2月30日", "日期不存在"),
        ("2025-13-01", "日期不存在"),
        ("明天", "无法识别的日期"),
        (5.0, "无法识别的日期"),
    ],
)
def test_unreadable_dates_have_a_reason(raw, reason):
    dates, reasons = parse_dates(pd.Series([raw], dtype=object), default_year=2025)
    assert pd.isna(dates.iloc[0])
    assert reason in reasons.iloc[0]


def test_month_day_without_any_year_is_explained():
    dates, reasons = parse_dates(pd.Series(["3月5日"], dtype=object), default_year=None)
    assert pd.isna(dates.iloc[0])
    assert "没有写年份" in reasons.iloc[0]


def test_empty_dates_are_not_problems():
    dates, reasons = parse_dates(pd.Series([None, "  ", float("nan")], dtype=object), 2025)
    assert dates.isna().all() and reasons.isna().all()


def test_counts_with_units_fullwidth_chinese_and_defaults():
    counts, reasons = parse_ints(
        pd.Series(["3份", "１２", None, "十二", 4.0, "若干", "-2"], dtype=object), default=1
    )
    assert counts.tolist()[:5] == [3, 12, 1, 12, 4]
    assert pd.isna(counts.iloc[5]) and reasons.iloc[5] == "不是有效的数量"
    assert pd.isna(counts.iloc[6]) and reasons.iloc[6] == "数量不能为负数"


def test_numbers_and_booleans():
    numbers, _ = parse_numbers(pd.Series(["8.5分", 3, "x"], dtype=object))
    assert numbers.iloc[0] == 8.5 and numbers.iloc[1] == 3 and pd.isna(numbers.iloc[2])
    flags, reasons = parse_bools(pd.Series(["是", "否", "√", "×", "已立案", "也许", None], dtype=object))
    assert flags.tolist()[:5] == [True, False, True, False, True]
    assert reasons.iloc[5] == "应填“是”或“否”" and pd.isna(flags.iloc[6])


def test_text_keeps_codes_readable():
    text = clean_text(pd.Series([123.0, " 关于A ", None, datetime(2025, 1, 2)], dtype=object))
    assert text.tolist()[:2] == ["123", "关于A"] and pd.isna(text.iloc[2]) and text.iloc[3] == "2025-01-02"


def test_a_count_too_long_for_a_number_is_a_reason_not_an_overflow():
    values, reasons = parse_ints(pd.Series(["9223372036854775808", "3份"], dtype=object), None)
    assert values.isna().tolist() == [True, False] and reasons.iloc[0] == "不是有效的数量"
