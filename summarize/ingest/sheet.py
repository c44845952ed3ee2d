"""Reading one sheet whose kind and header are known: every row below the header is counted exactly once,
as a record, a rejected row (with a problem), a blank row or a 合计 row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from summarize.ingest import parse
from summarize.ingest.header import HeaderMatch, normalize_header
from summarize.ingest.problems import ERROR, NOTICE, Problem
from summarize.registers import KindSpec

# A whole cell that says the row is a total, not a record: 合计, 总计：, 本月合计, 小 计 …
_TOTAL = re.compile(r"^(?:本月|本年|全年|本页|总)?(?:合计|总计|小计|共计)[:：]?$")
# A register's own date more than this many years from the sheet's year is a typo (2205 for 2025).
YEAR_TOLERANCE = 1


@dataclass
class SheetCounts:
    """How the rows below one header were accounted for: read = accepted + rejected + blank + totals."""

    read: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    totals: int = 0


def column_letter(position: int) -> str:
    """Excel's column name for a 0-based position: 0 → A, 27 → AB."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_records(
    cells: pd.DataFrame,
    spec: KindSpec,
    header: HeaderMatch,
    label: str,
    sheet: str | None,
    year: int | None,
    today: date,
) -> tuple[pd.DataFrame, list[Problem], SheetCounts]:
    """The records of one sheet as canonical fields plus ``_file``, ``_sheet``, ``_row`` (Excel row numbers).

    ``year`` supplies the year of dates written without one and bounds plausible dates. Rows that cannot be
    records are returned as problems; the counts reconcile every row read.
    """
    problems: list[Problem] = []
    header_cells = cells.iloc[header.row]
    body = cells.iloc[header.row + 1 :]
    nonblank_raw = ~body.apply(parse.is_empty).all(axis=1)
    if not nonblank_raw.any():
        return _empty_frame(spec, header), problems, SheetCounts()
    body = body.loc[: nonblank_raw[nonblank_raw].index[-1]]  # trailing empty rows are not rows anyone wrote
    excel_rows = pd.Series(body.index + 1, index=body.index)
    counts = SheetCounts(read=len(body))

    def name_of(col: int) -> str:
        return f"{column_letter(col)}列（{normalize_header(header_cells.iloc[col])}）"

    mapped = body[list(header.columns)]
    is_total = body.apply(
        lambda col: parse.clean_text(col).str.replace(r"\s+", "", regex=True).str.fullmatch(_TOTAL)
    )
    is_total = is_total.fillna(False).any(axis=1)
    is_blank = mapped.apply(parse.is_empty).all(axis=1) & ~is_total
    counts.totals, counts.blank = int(is_total.sum()), int(is_blank.sum())
    candidates = body[~is_total & ~is_blank]

    values: dict[str, pd.Series] = {}
    rejected = pd.Series(False, index=candidates.index)
    for col, field_name in header.columns.items():
        fspec = spec.fields[field_name]
        raw = candidates[col]
        parsed, reasons = _parse_column(raw, fspec.type, fspec.default, year)
        if fspec.type == "date" and year is not None:
            reasons = _check_year(parsed, reasons, year, today, fspec.name == spec.date_field)
        bad = reasons.notna()
        if fspec.required:
            missing = parse.is_empty(raw)
            reasons = reasons.where(~missing, f"缺少必填项“{field_name}”")
            bad = bad | missing
        severity = ERROR if fspec.required else NOTICE
        for idx in bad[bad].index:
            value = raw.loc[idx]
            problems.append(
                Problem(
                    severity=severity,
                    file=label,
                    sheet=sheet,
                    row=int(excel_rows.loc[idx]),
                    column=name_of(col),
                    value=None if parse.is_empty(pd.Series([value])).iloc[0] else str(value),
                    reason=reasons.loc[idx] + ("，该行未计入" if fspec.required else "，已按空值处理"),
                    kind=spec.name,
                )
            )
        if fspec.required:
            rejected |= bad
        values[field_name] = parsed
    for field_name in spec.required:
        if field_name not in values:  # the header lacks a required column: no row can be a record
            rejected[:] = True
            problems.append(
                Problem(
                    ERROR,
                    label,
                    f"表头缺少必需的列“{field_name}”，本表数据均未计入",
                    sheet,
                    header.row + 1,
                    kind=spec.name,
                )
            )
    problems.sort(key=lambda p: p.row or 0)

    keep = ~rejected
    records = pd.DataFrame({name: series[keep] for name, series in values.items()})
    records["_file"] = label
    records["_sheet"] = sheet or ""
    records["_row"] = excel_rows[candidates.index[keep]].astype("int64")
    counts.accepted = int(keep.sum())
    counts.rejected = int(rejected.sum())
    return records.reset_index(drop=True), problems, counts


def _parse_column(
    raw: pd.Series, ftype: str, default: object, year: int | None
) -> tuple[pd.Series, pd.Series]:
    if ftype == "date":
        return parse.parse_dates(raw, year)
    if ftype == "int":
        return parse.parse_ints(raw, default if isinstance(default, int) else None)
    if ftype == "number":
        return parse.parse_numbers(raw)
    if ftype == "bool":
        return parse.parse_bools(raw)
    return parse.clean_text(raw), pd.Series(None, index=raw.index, dtype="object")


def _check_year(
    dates: pd.Series, reasons: pd.Series, year: int, today: date, is_date_field: bool
) -> pd.Series:
    """Name dates whose year is far from the sheet's (typos like 2205) and register dates in the future."""
    far = (dates.dt.year - year).abs().gt(YEAR_TOLERANCE).fillna(False)
    reasons = reasons.where(~far, f"日期年份与台账年度（{year}年）不符，可能是笔误")
    if is_date_field:
        future = dates.gt(pd.Timestamp(today)).fillna(False) & ~far
        reasons = reasons.where(~future, "登记日期晚于今天，可能是笔误")
    return reasons


def _empty_frame(spec: KindSpec, header: HeaderMatch) -> pd.DataFrame:
    dtypes = {
        "date": "datetime64[us]",
        "int": "Int64",
        "number": "Float64",
        "bool": "boolean",
        "text": "string",
    }
    columns = {name: pd.Series(dtype=dtypes[spec.fields[name].type]) for name in header.columns.values()}
    columns |= {
        "_file": pd.Series(dtype="string"),
        "_sheet": pd.Series(dtype="string"),
        "_row": pd.Series(dtype=np.int64),
    }
    return pd.DataFrame(columns)
