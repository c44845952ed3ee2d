"""Vectorised parsers for the cell values clerks type: dates, counts, yes/no and text.

Each parser takes a column of raw cells (object dtype: str, float, int, datetime, None) and returns the parsed
column plus a Chinese reason for every cell it could not read (``None`` where the cell was fine or empty). No
Python loop runs per cell except over the few leftovers no vectorised rule matched.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import numpy as np
import pandas as pd

# Full-width digits and punctuation that clerks type in Chinese input mode.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／：　", "0123456789.-/: ")
_SPACES = re.compile(r"\s+")
# Excel stores dates as days since 1899-12-30; accept serials for 1954..2119 only, so a count is never a date.
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")

# A time after the date is ignored: 09:30, 09:30:15.5, or as clerks write it by hand, 上午9时30分 / 17点.
_TIME = r"(?:[ T]?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:\.\d+)?|\s*(?:上午|下午|晚上|凌晨|中午)?\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?)"
_FULL_DATE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*(?:[-/.月]\s*(?P<d>\d{1,2})\s*日?)?\s*(?:月)?"
    + _TIME
    + r"?\s*$"
)
_COMPACT_DATE = re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$")
_MONTH_DAY = re.compile(r"^(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?$")

_INT = re.compile(r"^[+]?(\d{1,15})(?:\.0+)?\s*[份件条篇期次场人批个项天张本册台辆名户起]?\s*$")
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*[份件条篇期次场人批个项天张本册台辆名户起分]?\s*$")

TRUE_WORDS = frozenset(
    "是 √ ✓ ✔ 对 y yes true 1 有 已 已受理 受理 立案 已立案 按期 按期办结 是（按期） 超期 已超期".split()
)
FALSE_WORDS = frozenset(
    "否 × ✗ ✘ 错 n no false 0 无 未 不予受理 不受理 未受理 未立案 不立案 未按期 未超期".split()
)
# For 是否超期 the same words mean the opposite of 按期; the field name decides, the words are read literally.


def is_empty(values: pd.Series) -> pd.Series:
    """True where a cell holds nothing: None, NaN, NaT or only white space."""
    na = values.isna()
    text = values.where(~na).astype("string").str.strip()
    return na | text.eq("").fillna(True)


def clean_text(values: pd.Series) -> pd.Series:
    """Cells as trimmed text (``<NA>`` when empty); whole floats like 123.0 become "123", dates ISO."""
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    if _all_text(values):  # CSV columns and text-only Excel columns: one strip, no per-cell type checks
        text = values.astype("string").str.strip()
        return text.mask(text.eq("").fillna(False))
    present = ~is_empty(values)
    if not present.any():
        return out
    sub = values[present]
    is_float = sub.map(lambda v: isinstance(v, float))
    as_text = sub.astype("string")
    if is_float.any():
        floats = sub[is_float].astype(float)
        whole = _whole(floats)
        as_text.loc[floats.index[whole]] = floats[whole].astype("int64").astype("string")
    is_time = sub.map(lambda v: isinstance(v, datetime | date))
    if is_time.any():
        as_text.loc[is_time] = pd.to_datetime(sub[is_time]).dt.strftime("%Y-%m-%d").astype("string")
    out.loc[present] = as_text.str.strip()
    return out


def _all_text(values: pd.Series) -> bool:
    """Whether every cell is a str (decided by pandas' C type inference, not a Python call per cell)."""
    return pd.api.types.infer_dtype(values, skipna=True) == "string"


def _whole(numbers: pd.Series) -> pd.Series:
    """Where a float holds a whole number that an int64 can take (not inf, not 1e300)."""
    return numbers.eq(np.floor(numbers)) & np.isfinite(numbers) & numbers.abs().lt(1e15)


def _to_halfwidth(text: pd.Series) -> pd.Series:
    return text.str.translate(_FULLWIDTH)


def parse_dates(values: pd.Series, default_year: int | pd.Series | None) -> tuple[pd.Series, pd.Series]:
    """Read a column of dates as clerks type them.

    Accepts Excel dates, Excel serial numbers, ``2025-03-05``, ``2025/3/5``, ``2025.3.5``, ``2025年3月5日``,
    ``20250305``, a month alone (``2025年3月`` → the 1st) and ``3月5日`` with no year, which takes
    ``default_year`` (one year, or a year per cell). Times are ignored. Returns ``(dates, reasons)``: ``datetime64`` dates (``NaT`` where empty or
    unreadable) and a Chinese reason where a non-empty cell could not be read.
    """
    dates = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    reasons = pd.Series(None, index=values.index, dtype="object")
    present = ~is_empty(values)
    if not present.any():
        return dates, reasons
    sub = values[present]
    if isinstance(default_year, pd.Series):
        defaults = default_year.reindex(values.index).astype("Int64")
    else:
        defaults = pd.Series(default_year, index=values.index, dtype="Int64")

    if _all_text(sub):
        _apply_text(_to_halfwidth(sub.astype("string")).str.strip(), dates, reasons, defaults)
        return dates, reasons
    is_time = sub.map(lambda v: isinstance(v, datetime | date | pd.Timestamp))
    if is_time.any():
        dates.loc[sub.index[is_time]] = pd.to_datetime(sub[is_time]).dt.normalize().astype("datetime64[us]")

    is_num = sub.map(lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool))
    if is_num.any():
        nums = sub[is_num].astype(float)
        whole = _whole(nums)
        ok = nums.between(_SERIAL_MIN, _SERIAL_MAX) & whole
        serial_days = pd.to_timedelta(nums[ok], unit="D")
        dates.loc[nums.index[ok]] = (_EXCEL_EPOCH + serial_days).astype("datetime64[us]")
        compact = nums[~ok & whole].astype("int64").astype("string")  # 20250305 typed as a number
        reasons.loc[nums.index[~ok]] = "无法识别的日期"
        _apply_text(compact, dates, reasons, defaults)

    rest = sub[~is_time & ~is_num]
    if len(rest):
        _apply_text(_to_halfwidth(rest.astype("string")).str.strip(), dates, reasons, defaults)
    return dates, reasons


def _apply_text(text: pd.Series, dates: pd.Series, reasons: pd.Series, defaults: pd.Series) -> None:
    """Fill ``dates`` for the text cells any pattern matches; the others get a reason.

    Plain ISO dates (2025-03-05), the most common spelling, are parsed by pandas in C first; only the rest go
    through the patterns.
    """
    reasons.loc[text.index] = "无法识别的日期"
    iso = pd.to_datetime(text.where(text.str.len() == 10), format="%Y-%m-%d", errors="coerce")
    found = iso.notna()
    if found.any():
        dates.loc[iso.index[found]] = iso[found].astype("datetime64[us]")
        reasons.loc[iso.index[found]] = None
        text = text[~found]
        if text.empty:
            return
    full = text.str.extract(_FULL_DATE)
    compact = text.str.extract(_COMPACT_DATE)
    full = full.fillna(compact)
    month_day = text.str.extract(_MONTH_DAY)
    year = pd.to_numeric(full["y"], errors="coerce")
    month = pd.to_numeric(full["m"], errors="coerce")
    day = pd.to_numeric(full["d"], errors="coerce").where(year.notna())
    day = day.fillna(1).where(year.notna())
    no_year = year.isna() & month_day["m"].notna()
    if no_year.any():
        fallback = defaults.reindex(text.index)
        unknown = no_year & fallback.isna()
        reasons.loc[unknown[unknown].index] = "日期没有写年份，也无法从工作表、标题或文件名推断年份"
        usable = no_year & fallback.notna()
        year = year.where(~usable, fallback.astype("float64"))
        month = month.where(~usable, pd.to_numeric(month_day["m"], errors="coerce"))
        day = day.where(~usable, pd.to_numeric(month_day["d"], errors="coerce"))
    matched = year.notna() & month.notna() & day.notna()
    if not matched.any():
        return
    parts = pd.DataFrame({"year": year[matched], "month": month[matched], "day": day[matched]}).astype(
        "int64"
    )
    built = pd.to_datetime(parts, errors="coerce")
    good = built.notna()
    dates.loc[built.index[good]] = built[good].astype("datetime64[us]")
    reasons.loc[built.index[good]] = None
    reasons.loc[built.index[~good]] = "日期不存在（如2月30日、13月）"


def parse_ints(values: pd.Series, default: int | None) -> tuple[pd.Series, pd.Series]:
    """Read counts: ``3``, ``3.0``, ``"3份"``, full-width ``"３"``, Chinese ``"三"``; empty cells take ``default``.

    Returns ``(counts, reasons)`` with counts as nullable ``Int64``. Negative and non-numeric cells get a reason.
    """
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    reasons = pd.Series(None, index=values.index, dtype="object")
    empty = is_empty(values)
    if default is not None:
        out.loc[empty] = default
    sub = values[~empty]
    if sub.empty:
        return out, reasons
    text = _to_halfwidth(clean_text(sub)).str.replace(_SPACES, "", regex=True)
    digits = text.str.extract(_INT)[0]
    ok = digits.notna()
    out.loc[digits.index[ok]] = digits[ok].astype("int64")
    leftovers = text[~ok]
    if len(leftovers):
        chinese = leftovers.map(_chinese_int)
        found = chinese.notna()
        out.loc[chinese.index[found]] = chinese[found].astype("int64")
        negative = leftovers.str.match(r"^-\d").fillna(False)
        reasons.loc[leftovers.index[~found]] = "不是有效的数量"
        reasons.loc[leftovers.index[negative & ~found]] = "数量不能为负数"
    return out, reasons


def _chinese_int(text: str) -> int | None:
    """``"十二"`` → 12 through cn2an; None for anything else (rare, so a per-cell call is fine)."""
    if not re.fullmatch(r"[零〇一二两三四五六七八九十百千万]+[份件条篇期次场人批个项天]?", text):
        return None
    import cn2an

    try:
        value = cn2an.cn2an(re.sub(r"[份件条篇期次场人批个项天]$", "", text).replace("两", "二"), "smart")
    except ValueError:
        return None
    return int(value) if value >= 0 else None


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read decimal numbers such as scores (``"8.5分"``); returns ``(Float64 values, reasons)``."""
    out = pd.Series(pd.NA, index=values.index, dtype="Float64")
    reasons = pd.Series(None, index=values.index, dtype="object")
    sub = values[~is_empty(values)]
    if sub.empty:
        return out, reasons
    text = _to_halfwidth(clean_text(sub)).str.replace(_SPACES, "", regex=True)
    num = text.str.extract(_NUMBER)[0]
    ok = num.notna()
    out.loc[num.index[ok]] = num[ok].astype(float)
    reasons.loc[num.index[~ok]] = "不是有效的数值"
    return out, reasons


def parse_bools(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read yes/no cells (是/否, √/×, Y/N, 已立案/未立案 …); returns ``(boolean values, reasons)``."""
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    reasons = pd.Series(None, index=values.index, dtype="object")
    sub = values[~is_empty(values)]
    if sub.empty:
        return out, reasons
    text = _to_halfwidth(clean_text(sub)).str.replace(_SPACES, "", regex=True).str.lower()
    yes = text.isin(TRUE_WORDS)
    no = text.isin(FALSE_WORDS)
    out.loc[yes[yes].index] = True
    out.loc[no[no].index] = False
    reasons.loc[text.index[~yes & ~no]] = "应填“是”或“否”"
    return out, reasons
