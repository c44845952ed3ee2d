"""Parsers for the cell values clerks type: dates, counts, yes/no and text.

The text of a column is parsed by polars expressions (``text_dates``, ``text_ints``, ``text_numbers``,
``text_bools``, ``text_clean``: one pass in Rust per rule, on the column's distinct values). The pandas functions
(``parse_dates`` …) read a column of raw Excel cells (str, float, int, datetime, None): typed cells (a date cell,
a serial number, a float) are read there, and their text cells go through the same polars expressions, so a
spelling means the same whatever the file. Every parser returns the parsed column plus a Chinese reason for each
cell it could not read (null where the cell was fine or empty). Python runs per cell only on the few leftovers
no expression matched (counts in Chinese numerals).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import polars as pl

# What Python's str.strip() and re's \s take for white space (Rust's trim and \s leave out U+001C–U+001F), so
# a cell is blank or trimmed exactly as before.
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
SPACE_CLASS = "[" + SPACES + "]"
_S = SPACE_CLASS
# Full-width digits and punctuation that clerks type in Chinese input mode.
_FULLWIDTH_FROM = list("０１２３４５６７８９．－／：　")
_FULLWIDTH_TO = list("0123456789.-/: ")
# Excel stores dates as days since 1899-12-30; accept serials for 1954..2119 only, so a count is never a date.
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")

# A time after the date is ignored: 09:30, 09:30:15.5, or as clerks write it by hand, 上午9时30分 / 17点.
_TIME = (
    rf"(?:[ T]?\d{{1,2}}[:：]\d{{2}}(?:[:：]\d{{2}})?(?:\.\d+)?|{_S}*(?:上午|下午|晚上|凌晨|中午)?{_S}*\d{{1,2}}"
    rf"{_S}*[时点](?:{_S}*\d{{1,2}}{_S}*分)?)"
)
_FULL_DATE = (
    rf"^(?P<y>\d{{4}}){_S}*[-/.年]{_S}*(?P<m>\d{{1,2}}){_S}*(?:[-/.月]{_S}*(?P<d>\d{{1,2}}){_S}*日?)?{_S}*(?:月)?"
    + _TIME
    + rf"?{_S}*$"
)
_COMPACT_DATE = r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})$"
_MONTH_DAY = rf"^(?P<m>\d{{1,2}}){_S}*[月\-/.]{_S}*(?P<d>\d{{1,2}}){_S}*日?$"

_INT = rf"^[+]?(\d{{1,15}})(?:\.0+)?{_S}*[份件条篇期次场人批个项天张本册台辆名户起]?{_S}*$"
_NUMBER = rf"^([+-]?\d+(?:\.\d+)?){_S}*[份件条篇期次场人批个项天张本册台辆名户起分]?{_S}*$"

TRUE_WORDS = frozenset(
    "是 √ ✓ ✔ 对 y yes true 1 有 已 已受理 受理 立案 已立案 按期 按期办结 是（按期） 超期 已超期".split()
)
FALSE_WORDS = frozenset(
    "否 × ✗ ✘ 错 n no false 0 无 未 不予受理 不受理 未受理 未立案 不立案 未按期 未超期".split()
)
# For 是否超期 the same words mean the opposite of 按期; the field name decides, the words are read literally.

UNREADABLE_DATE = "无法识别的日期"
NO_YEAR = "日期没有写年份，也无法从工作表、标题或文件名推断年份"
NO_SUCH_DATE = "日期不存在（如2月30日、13月）"
NOT_A_COUNT = "不是有效的数量"
NEGATIVE_COUNT = "数量不能为负数"
NOT_A_NUMBER = "不是有效的数值"
NOT_YES_NO = "应填“是”或“否”"


# ---- text, as polars expressions ----------------------------------------------------------------------------


def _pl() -> object:
    import polars

    return polars


def stripped(cells: pl.Expr) -> pl.Expr:
    """Cells trimmed of white space as Python's str.strip() trims it."""
    return cells.str.strip_chars(SPACES)


def empty_text(cells: pl.Expr) -> pl.Expr:
    """True where a text cell holds nothing: null or only white space."""
    return cells.is_null() | stripped(cells).eq("")


def _halfwidth(cells: pl.Expr) -> pl.Expr:
    return cells.str.replace_many(_FULLWIDTH_FROM, _FULLWIDTH_TO)


def _squeezed(cells: pl.Expr) -> pl.Expr:
    """Trimmed, in half-width characters, with no white space left inside (how counts and yes/no are read)."""
    return _halfwidth(stripped(cells)).str.replace_all(_S + "+", "")


def text_clean(cells: pl.Series) -> pl.Series:
    """Text cells trimmed; empty ones null."""
    pl = _pl()
    text = stripped(pl.lit(cells))
    return pl.select(pl.when(text != "").then(text)).to_series()


def _on_distinct(frame: pl.DataFrame, kernel: object) -> pl.DataFrame:
    """``kernel`` (a function of a frame returning its ``value`` and ``reason`` columns) run on the distinct rows
    of ``frame`` and spread back over every row: registers repeat their dates, counts and 是/否 many times."""
    codes = None
    for column in frame.get_columns():
        found = factorize(column)[0]
        codes = found if codes is None else first_codes(codes * (int(found.max(initial=0)) + 1) + found)[0]
    return kernel(frame[firsts(codes)]).select("value", "reason")[codes]


def factorize(cells: pl.Series) -> tuple[np.ndarray, pl.Series]:
    """``(codes, distinct)`` with ``distinct.gather(codes)`` equal to ``cells``: the column's distinct cells (a null
    too) in order of first appearance and each cell's position among them, or, for a column of mostly different
    cells (numbers, titles), the column itself, where finding them gains nothing.

    Cells are told apart by polars' hash of each (one pass in Rust, no Python object per cell) and numpy's
    factorisation of the hashes; should two different cells ever hash alike, the check catches it and the
    column is returned as it is.
    """
    whole = np.arange(len(cells)), cells
    if len(cells) > 5 * _SAMPLE:
        # A sample with hardly a repeat: the column has far too many distinct cells to be worth finding.
        sample = cells.gather(np.linspace(0, len(cells) - 1, _SAMPLE).astype(np.int64))
        if sample.n_unique() > _SAMPLE * 0.99:
            return whole
    codes, first = first_codes(cells.hash().to_numpy())
    if len(first) > len(cells) // 2:
        return whole
    distinct = cells.gather(first)
    if not distinct.gather(codes).eq_missing(cells).all():
        return whole
    return codes, distinct


# Cells looked at to tell a column of mostly different cells: among 2000 cells of a column with k distinct ones
# about 2000² / 2k repeat, more than 20 unless k is over 100,000.
_SAMPLE = 2000


def first_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each key's position among the distinct keys in order of first appearance, and where each first appears."""
    codes = pd.factorize(keys)[0]
    return codes, firsts(codes)


def firsts(codes: np.ndarray) -> np.ndarray:
    """Where each code first appears, for codes handed out in order of appearance (0, 1, 0, 2 …): where their
    running maximum rises."""
    if not len(codes):
        return codes
    rising = np.maximum.accumulate(codes)
    return np.flatnonzero(np.r_[True, rising[1:] != rising[:-1]])


def parse_text(frame: pl.DataFrame, ftype: str, default: object = None) -> pl.DataFrame:
    """``value`` and ``reason`` of each row of ``frame`` (its text ``t`` and, for dates, the ``year`` a date
    without one takes) read as ``ftype`` (date, int, number or bool), row by row: the caller passes distinct rows.
    """
    if ftype == "date":
        return _dates_kernel(frame)
    if ftype == "int":
        return _ints_kernel(frame, default if isinstance(default, int) else None)
    if ftype == "number":
        return _numbers_kernel(frame)
    if ftype == "bool":
        return _bools_kernel(frame)
    raise ValueError(f"no parser reads {ftype}")


def text_dates(cells: pl.Series, years: pl.Series) -> pl.DataFrame:
    """Read text dates (every spelling ``parse_dates`` names); ``years`` dates a "3月5日" with no year (null: none
    known). Returns ``value`` (Datetime, null where empty or unreadable) and ``reason``."""
    pl = _pl()
    frame = pl.DataFrame({"t": cells, "year": years}, schema={"t": pl.String, "year": pl.Int64})
    return _on_distinct(frame, _dates_kernel)


def _dates_kernel(frame: pl.DataFrame) -> pl.DataFrame:
    pl = _pl()
    text = stripped(_halfwidth(pl.col("t")))
    full = text.str.extract_groups(_FULL_DATE)
    compact = text.str.extract_groups(_COMPACT_DATE)
    month_day = text.str.extract_groups(_MONTH_DAY)
    out = frame.select(
        present=~empty_text(pl.col("t")),
        default=pl.col("year"),
        y=pl.coalesce(full.struct["y"], compact.struct["y"]).cast(pl.Int64),
        m=pl.coalesce(full.struct["m"], compact.struct["m"]).cast(pl.Int64),
        d=pl.coalesce(full.struct["d"], compact.struct["d"]).cast(pl.Int64),
        md_m=month_day.struct["m"].cast(pl.Int64),
        md_d=month_day.struct["d"].cast(pl.Int64),
    )
    no_year = pl.col("y").is_null() & pl.col("md_m").is_not_null()
    usable = no_year & pl.col("default").is_not_null()
    year = pl.when(usable).then(pl.col("default")).otherwise(pl.col("y"))
    month = pl.when(usable).then(pl.col("md_m")).otherwise(pl.col("m"))
    day = pl.when(usable).then(pl.col("md_d")).when(pl.col("y").is_not_null()).then(pl.col("d").fill_null(1))
    out = out.with_columns(year=year, month=month, day=day, unknown=no_year & pl.col("default").is_null())
    matched = pl.col("year").is_not_null() & pl.col("month").is_not_null() & pl.col("day").is_not_null()
    spelled = pl.format(
        "{}-{}-{}",
        pl.col("year").cast(pl.String).str.zfill(4),
        pl.col("month").cast(pl.String).str.zfill(2),
        pl.col("day").cast(pl.String).str.zfill(2),
    )
    # Year 0 is no date pandas can hold; every other 4-digit year is.
    built = pl.when(matched & pl.col("year").ge(1)).then(spelled.str.to_date("%Y-%m-%d", strict=False))
    out = out.with_columns(value=pl.when(pl.col("present")).then(built).cast(pl.Datetime("us")))
    reason = (
        pl.when(~pl.col("present") | pl.col("value").is_not_null())
        .then(None)
        .when(matched)
        .then(pl.lit(NO_SUCH_DATE))
        .when(pl.col("unknown"))
        .then(pl.lit(NO_YEAR))
        .otherwise(pl.lit(UNREADABLE_DATE))
    )
    return out.select("value", reason.alias("reason"))


def text_ints(cells: pl.Series, default: int | None) -> pl.DataFrame:
    """Read counts written as text: ``3``, ``3.0``, ``"3份"``, full-width ``"３"``, Chinese ``"三"``; empty cells take
    ``default``. Returns ``value`` (Int64) and ``reason`` (negative and non-numeric cells)."""
    pl = _pl()
    return _on_distinct(
        pl.DataFrame({"t": cells}, schema={"t": pl.String}), lambda d: _ints_kernel(d, default)
    )


def _ints_kernel(frame: pl.DataFrame, default: int | None) -> pl.DataFrame:
    pl = _pl()
    text = _squeezed(pl.col("t"))
    out = frame.select(
        present=~empty_text(pl.col("t")),
        text=text,
        digits=text.str.extract(_INT, 1).cast(pl.Int64),
        negative=text.str.contains(r"^-\d"),
    )
    leftovers = out.filter(pl.col("present") & pl.col("digits").is_null())["text"].unique().to_list()
    chinese = {t: v for t in leftovers if (v := _chinese_int(t)) is not None}
    numeral = pl.col("text").replace_strict(chinese, default=None, return_dtype=pl.Int64)
    value = pl.when(pl.col("present")).then(pl.coalesce(pl.col("digits"), numeral))
    out = out.with_columns(value=value)
    reason = (
        pl.when(~pl.col("present") | pl.col("value").is_not_null())
        .then(None)
        .when(pl.col("negative"))
        .then(pl.lit(NEGATIVE_COUNT))
        .otherwise(pl.lit(NOT_A_COUNT))
    )
    out = out.with_columns(reason=reason)
    if default is not None:
        out = out.with_columns(
            value=pl.when(pl.col("present")).then(pl.col("value")).otherwise(pl.lit(default, pl.Int64))
        )
    return out.select("value", "reason")


def text_numbers(cells: pl.Series) -> pl.DataFrame:
    """Read decimal numbers written as text, such as scores (``"8.5分"``): ``value`` (Float64) and ``reason``."""
    pl = _pl()
    return _on_distinct(pl.DataFrame({"t": cells}, schema={"t": pl.String}), _numbers_kernel)


def _numbers_kernel(frame: pl.DataFrame) -> pl.DataFrame:
    pl = _pl()
    present = ~empty_text(pl.col("t"))
    value = _squeezed(pl.col("t")).str.extract(_NUMBER, 1).cast(pl.Float64)
    reason = pl.when(present & value.is_null()).then(pl.lit(NOT_A_NUMBER))
    return frame.select(value=pl.when(present).then(value), reason=reason)


def text_bools(cells: pl.Series) -> pl.DataFrame:
    """Read yes/no text (是/否, √/×, Y/N, 已立案/未立案 …): ``value`` (Boolean) and ``reason``."""
    pl = _pl()
    return _on_distinct(pl.DataFrame({"t": cells}, schema={"t": pl.String}), _bools_kernel)


def _bools_kernel(frame: pl.DataFrame) -> pl.DataFrame:
    pl = _pl()
    present = ~empty_text(pl.col("t"))
    text = _squeezed(pl.col("t")).str.to_lowercase()
    yes, no = text.is_in(sorted(TRUE_WORDS)), text.is_in(sorted(FALSE_WORDS))
    value = pl.when(present & yes).then(True).when(present & no).then(False)
    reason = pl.when(present & ~yes & ~no).then(pl.lit(NOT_YES_NO))
    return frame.select(value=value, reason=reason)


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


# ---- raw Excel cells, as pandas -----------------------------------------------------------------------------


def _text_series(values: pd.Series) -> pl.Series:
    """A pandas column of text cells (str, or missing) as a polars text column."""
    return text_series(values.to_numpy(dtype=object, na_value=None).tolist())


def text_series(texts: list[str | None]) -> pl.Series:
    """Python texts (or None) as a polars text column. A lone surrogate (``"\\ud800"``, which no file read here
    holds but a string built in Python may) cannot be UTF-8: it becomes U+FFFD, so the cell is unreadable
    rather than the column."""
    pl = _pl()
    try:
        return pl.Series(texts, dtype=pl.String)
    except UnicodeEncodeError:
        return pl.Series([_valid_utf8(t) for t in texts], dtype=pl.String)


def _valid_utf8(text: str | None) -> str | None:
    return None if text is None else text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _reasons(found: pl.Series, index: pd.Index) -> pd.Series:
    return pd.Series(found.to_numpy(), index=index, dtype="object").where(
        found.is_not_null().to_numpy(), None
    )


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


def parse_dates(values: pd.Series, default_year: int | pd.Series | None) -> tuple[pd.Series, pd.Series]:
    """Read a column of dates as clerks type them.

    Accepts Excel dates, Excel serial numbers, ``2025-03-05``, ``2025/3/5``, ``2025.3.5``, ``2025年3月5日``,
    ``20250305``, a month alone (``2025年3月`` → the 1st) and ``3月5日`` with no year, which takes
    ``default_year`` (one year, or a year per cell). Times are ignored. Returns ``(dates, reasons)``:
    ``datetime64`` dates (``NaT`` where empty or unreadable) and a Chinese reason where a non-empty cell could
    not be read.
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

    is_time = sub.map(lambda v: isinstance(v, datetime | date | pd.Timestamp))
    if is_time.any():
        dates.loc[sub.index[is_time]] = pd.to_datetime(sub[is_time]).dt.normalize().astype("datetime64[us]")
    is_num = sub.map(lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool))
    text = sub[~is_time & ~is_num].astype("string")
    if is_num.any():
        nums = sub[is_num].astype(float)
        whole = _whole(nums)
        ok = nums.between(_SERIAL_MIN, _SERIAL_MAX) & whole
        serial_days = pd.to_timedelta(nums[ok], unit="D")
        dates.loc[nums.index[ok]] = (_EXCEL_EPOCH + serial_days).astype("datetime64[us]")
        reasons.loc[nums.index[~ok]] = UNREADABLE_DATE
        compact = nums[~ok & whole].astype("int64").astype("string")  # 20250305 typed as a number
        text = pd.concat([text, compact])
    if len(text):
        pl = _pl()
        known = defaults.loc[text.index].tolist()
        years = pl.Series([None if pd.isna(y) else int(y) for y in known], dtype=pl.Int64)
        found = text_dates(_text_series(text), years)
        dates.loc[text.index] = found["value"].to_numpy()
        reasons.loc[text.index] = _reasons(found["reason"], text.index)
    return dates, reasons


def parse_ints(values: pd.Series, default: int | None) -> tuple[pd.Series, pd.Series]:
    """Read counts: ``3``, ``3.0``, ``"3份"``, full-width ``"３"``, Chinese ``"三"``; empty cells take ``default``.

    Returns ``(counts, reasons)`` with counts as nullable ``Int64``. Negative and non-numeric cells get a reason.
    """
    found = text_ints(_text_series(clean_text(values)), default)
    return to_pandas(found["value"], values.index), _reasons(found["reason"], values.index)


def parse_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read decimal numbers such as scores (``"8.5分"``); returns ``(Float64 values, reasons)``."""
    found = text_numbers(_text_series(clean_text(values)))
    numbers = pd.array(found["value"].to_numpy(), dtype="Float64")  # NaN from polars' nulls is <NA>
    return pd.Series(numbers, index=values.index), _reasons(found["reason"], values.index)


def parse_bools(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Read yes/no cells (是/否, √/×, Y/N, 已立案/未立案 …); returns ``(boolean values, reasons)``."""
    found = text_bools(_text_series(clean_text(values)))
    return to_pandas(found["value"], values.index), _reasons(found["reason"], values.index)


def to_pandas(values: pl.Series, index: pd.Index | None = None, codes: np.ndarray | None = None) -> pd.Series:
    """A parsed polars column as the pandas column the registers hold: Int64, Float64, boolean, string or
    datetime64[us], nulls as <NA>/NaT, built from numpy arrays of the values and the null mask.

    With ``codes``, the column holds ``values[codes]`` (``values`` are a column's distinct values): each value is
    converted once and the arrays are indexed. Text becomes one Python str per distinct text (a 科室 typed a
    thousand times is held once); a column of mostly different texts (titles) is converted as it is.
    """
    pl = _pl()
    dtype = values.dtype
    if dtype == pl.String:
        if codes is None:
            codes, values = factorize(values)
        if len(values) > len(codes) // 2:
            array = pd.array(values.gather(codes).to_numpy(), dtype="string")
        else:
            array = pd.array(values.to_numpy(), dtype="string").take(codes)
        return pd.Series(array, index=index if index is not None else pd.RangeIndex(len(array)), copy=False)
    missing = values.is_null().to_numpy()
    # Indexing makes a new array; without codes the array is copied out of polars' memory only if it is that
    # memory (read-only), so that the column is the registers' own.
    writable = codes is None
    if dtype == pl.Datetime("us"):
        data = values.to_numpy(writable=writable)
    elif dtype in (pl.Int64, pl.Float64, pl.Boolean):
        data = values.fill_null(False if dtype == pl.Boolean else 0).to_numpy(writable=writable)
    else:
        raise TypeError(f"no register column holds {dtype}")
    if codes is not None:
        data, missing = data[codes], missing[codes]
    if dtype == pl.Int64:
        array = pd.arrays.IntegerArray(data, missing)
    elif dtype == pl.Float64:
        array = pd.arrays.FloatingArray(data, missing)
    elif dtype == pl.Boolean:
        array = pd.arrays.BooleanArray(data, missing)
    else:
        array = data
    return pd.Series(array, index=index if index is not None else pd.RangeIndex(len(array)), copy=False)
