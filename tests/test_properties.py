"""Properties that must hold for any input, checked with generated data (hypothesis).

- Every date spelling the parser supports reads back the date it was written from; junk never raises, and a
  cell it cannot read always gets a reason.
- Counts with units, full-width digits or Chinese numerals read back their value.
- However messy a register (blank rows, 合计 rows, bad dates, repeats, title rows), every row read is accounted
  for exactly once: 读取 = 计入 + 未计入 + 空行 + 合计行 + 重复, with each part the number the sheet was built with.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import cn2an
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize.ingest.parse import parse_dates, parse_ints
from summarize.workspace import Workspace
from tests.conftest import write_xlsx

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
EXCEL_EPOCH = date(1899, 12, 30)

# Every spelling parse_dates documents, as (format function, whether only year and month are written).
SPELLINGS = {
    "iso": lambda d: d.isoformat(),
    "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "dot": lambda d: f"{d.year}.{d.month}.{d.day}",
    "dot_padded": lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    "chinese": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "chinese_spaced": lambda d: f" {d.year} 年 {d.month} 月 {d.day} 日 ",
    "chinese_full_width": lambda d: f"{d.year}年{d.month}月{d.day}日".translate(FULL_WIDTH),
    "compact": lambda d: d.strftime("%Y%m%d"),
    "with_time": lambda d: f"{d.isoformat()} 14:30",
    "iso_time_seconds": lambda d: f"{d.isoformat()}T08:05:09",
    "excel_date": lambda d: datetime(d.year, d.month, d.day),
    "excel_date_with_time": lambda d: datetime(d.year, d.month, d.day, 16, 45),
    "excel_serial": lambda d: (d - EXCEL_EPOCH).days,
    "excel_serial_float": lambda d: float((d - EXCEL_EPOCH).days),
}
MONTH_ONLY = {
    "chinese_month": lambda d: f"{d.year}年{d.month}月",
    "dash_month": lambda d: f"{d.year}-{d.month:02d}",
}
NO_YEAR = {
    "month_day": lambda d: f"{d.month}月{d.day}日",
    "month_day_dash": lambda d: f"{d.month}-{d.day}",
    "month_day_slash": lambda d: f"{d.month}/{d.day}",
}
# Excel serials are accepted for 1954..2119 only, so that a count is never taken for a date.
DATES = st.dates(min_value=date(1955, 1, 1), max_value=date(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(DATES, st.sampled_from(sorted(SPELLINGS)))
def test_every_date_spelling_reads_back_exactly(day, spelling):
    parsed, reasons = parse_dates(pd.Series([SPELLINGS[spelling](day)], dtype=object), None)
    assert parsed.iloc[0] == pd.Timestamp(day)
    assert pd.isna(reasons.iloc[0])


@settings(max_examples=100, deadline=None)
@given(DATES, st.sampled_from(sorted(MONTH_ONLY)))
def test_a_month_alone_reads_as_its_first_day(day, spelling):
    parsed, reasons = parse_dates(pd.Series([MONTH_ONLY[spelling](day)], dtype=object), None)
    assert parsed.iloc[0] == pd.Timestamp(day.replace(day=1))
    assert pd.isna(reasons.iloc[0])


@settings(max_examples=100, deadline=None)
@given(DATES, st.sampled_from(sorted(NO_YEAR)))
def test_a_date_without_a_year_takes_the_sheets_year(day, spelling):
    parsed, reasons = parse_dates(pd.Series([NO_YEAR[spelling](day)], dtype=object), day.year)
    assert parsed.iloc[0] == pd.Timestamp(day)
    assert pd.isna(reasons.iloc[0])
    unknown, why = parse_dates(pd.Series([NO_YEAR[spelling](day)], dtype=object), None)
    assert pd.isna(unknown.iloc[0]) and "没有写年份" in why.iloc[0]


CELLS = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789-/.年月日 ：:T０１２３", max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=8), st.one_of(st.none(), st.integers(1990, 2100)))
def test_any_cell_gives_a_date_or_a_reason_and_never_an_exception(cells, year):
    values = pd.Series(cells, dtype=object)
    parsed, reasons = parse_dates(values, year)
    empty = [
        c is None or (isinstance(c, float) and c != c) or (isinstance(c, str) and not c.strip())
        for c in cells
    ]
    for value, why, blank in zip(parsed, reasons, empty, strict=True):
        if blank:
            assert pd.isna(value) and pd.isna(why)
        else:
            assert pd.isna(value) != pd.isna(why)  # exactly one of: a date, a reason


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Nd",)), min_size=1, max_size=30).filter(str.strip)
)
def test_text_without_digits_is_never_a_date(text):
    parsed, reasons = parse_dates(pd.Series([text], dtype=object), 2025)
    assert pd.isna(parsed.iloc[0]) and reasons.iloc[0]


UNITS = list("份件条篇期次场人批个项天张本册台辆名户起")


@st.composite
def written_counts(draw):
    """(cell as a clerk writes it, its value)."""
    n = draw(st.integers(min_value=0, max_value=10_000_000))
    form = draw(
        st.sampled_from(["int", "float", "text", "unit", "full_width", "spaced", "point_zero", "chinese"])
    )
    if form == "int":
        return n, n
    if form == "float":
        return float(n), n
    if form == "text":
        return str(n), n
    if form == "unit":
        return f"{n}{draw(st.sampled_from(UNITS))}", n
    if form == "full_width":
        return f"{n}{draw(st.sampled_from(UNITS))}".translate(FULL_WIDTH), n
    if form == "spaced":
        return f" {n} {draw(st.sampled_from(UNITS))} ", n
    if form == "point_zero":
        return f"{n}.0", n
    small = n % 100_000
    return cn2an.an2cn(small) + draw(st.sampled_from(["", "份", "件", "次"])), small


@settings(max_examples=300, deadline=None)
@given(st.lists(written_counts(), min_size=1, max_size=8))
def test_counts_read_back_their_value(cells):
    values, reasons = parse_ints(pd.Series([c for c, _ in cells], dtype=object), None)
    assert values.tolist() == [n for _, n in cells]
    assert reasons.isna().all()


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["", "份", "件"]))
def test_negative_counts_are_refused_with_a_reason(n, unit):
    values, reasons = parse_ints(pd.Series([-n, f"-{n}{unit}"], dtype=object), 1)
    assert values.isna().all()
    assert reasons.tolist() == ["数量不能为负数", "数量不能为负数"]


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=8), st.one_of(st.none(), st.integers(0, 3)))
def test_any_count_cell_gives_a_value_or_a_reason_and_never_an_exception(cells, default):
    values, reasons = parse_ints(pd.Series(cells, dtype=object), default)
    for value, why in zip(values, reasons, strict=True):
        assert pd.isna(why) or pd.isna(value)


# ---- the reconciliation invariant over generated messy registers ---------------------------------------------

HEADER = ["序号", "收文号", "收文日期", "文件标题", "份数"]
ROW_KINDS = ["valid", "valid", "valid", "blank", "total", "bad_date", "no_date", "repeat", "junk_count"]


def _sheet(kinds: list[str], titles: int, start: int, earlier: list[list]) -> tuple[list[list], dict]:
    """Rows of one sheet and the counts they must give; ``earlier`` holds the records read before it."""
    rows: list[list] = [[f"2025年收文登记簿（{i + 1}）"] for i in range(titles)] + [HEADER]
    counts = dict.fromkeys(["读取行数", "计入", "未计入", "空行", "合计行", "重复"], 0)
    for i, kind in enumerate(kinds):
        number = start + i
        day = date(2025, 1, 1) + timedelta(days=number % 365)
        record = [number, f"S{number}", day.isoformat(), f"关于{number}", 1]
        if kind == "repeat" and earlier:
            rows.append(list(earlier[number % len(earlier)]))
            counts["重复"] += 1
        elif kind == "blank":
            rows.append([None] * len(HEADER))
            counts["空行"] += 1
        elif kind == "total":
            rows.append(["合计", None, None, None, number])
            counts["合计行"] += 1
        elif kind in ("bad_date", "no_date"):
            rows.append([number, f"S{number}", "2月30日" if kind == "bad_date" else None, f"关于{number}", 1])
            counts["未计入"] += 1
        else:
            if kind == "junk_count":
                record[-1] = "若干"  # a notice; the row still counts
            rows.append(record)
            earlier.append(record)
            counts["计入"] += 1
    while len(rows) > titles + 1 and all(v is None for v in rows[-1]):  # nobody wrote the trailing rows
        rows.pop()
        counts["空行"] -= 1
    counts["读取行数"] = len(rows) - titles - 1
    return rows, counts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(st.sampled_from(ROW_KINDS), max_size=12), min_size=1, max_size=3),
    st.integers(min_value=0, max_value=2),
)
def test_every_row_read_is_accounted_for(sheets, titles):
    earlier: list[list] = []
    built, expected = {}, []
    for s, kinds in enumerate(sheets):
        rows, counts = _sheet(kinds, titles, 100 * s, earlier)
        built[f"{s + 1}月"] = rows
        expected.append(counts)
    with tempfile.TemporaryDirectory() as folder:
        write_xlsx(Path(folder) / "收文2025.xlsx", built)
        ws = Workspace(folder, today=date(2026, 1, 15))
        recon = ws.reconciliation()
        parts = ["计入", "未计入", "空行", "合计行", "重复"]
        assert (recon["读取行数"] == recon[parts].sum(axis=1)).all()
        assert recon[["读取行数", *parts]].to_dict("records") == expected
        errors = ws.problems[ws.problems["级别"] == "错误"]
        assert len(errors) == sum(c["未计入"] for c in expected)  # each rejected row says why
        accepted = ws.registers.get("收文", pd.DataFrame())
        assert len(accepted) == sum(c["计入"] for c in expected)


def test_a_lone_surrogate_is_an_unreadable_date_not_a_crash():
    """Hypothesis found "\ud800" (text no file holds, but a Python string may): polars cannot take it as UTF-8."""
    parsed, reasons = parse_dates(pd.Series(["\ud800", "2025年3月5日"], dtype=object), 2025)
    assert pd.isna(parsed.iloc[0]) and reasons.iloc[0] == "无法识别的日期"
    assert parsed.iloc[1] == pd.Timestamp("2025-03-05") and pd.isna(reasons.iloc[1])
