"""Reading rows: each sheet's rows are classified (record candidate, blank, 合计) and mapped to canonical
fields; then each field is parsed once for all sheets of a kind, so the cost does not grow with the number of
sheets. Every row below a header is counted exactly once: accepted, rejected (with a problem), blank or 合计.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from summarize.ingest import parse
from summarize.ingest.header import HeaderMatch, normalize_header
from summarize.ingest.problems import ERROR, NOTICE, Problem, abbreviate
from summarize.ingest.sources import CellProblem, RawSheet
from summarize.registers import KindSpec, kind_spec

# A date's year more than this many years from every year the sheet holds in number (or names in its title) is a
# typo (2205 among 2025s) when few rows have it; an export spanning 2011–2020 is its own run of years.
YEAR_TOLERANCE = 1
RARE_YEAR_SHARE = 0.01
PROVENANCE = ["_file", "_sheet", "_row"]


@dataclass
class SheetCounts:
    """How the rows below one header were accounted for: read = accepted + rejected + blank + totals."""

    read: int = 0
    accepted: int = 0
    rejected: int = 0
    blank: int = 0
    totals: int = 0


@dataclass
class SheetRows:
    """One sheet's record candidates, still raw, mapped to canonical fields, with where each came from."""

    file: str
    sheet: str  # "" for CSV
    raw: pd.DataFrame  # canonical field columns (raw cells) + _file, _sheet, _row, _year, _named_year
    columns: dict[str, str]  # canonical field → "C列（收文日期）" for messages
    counts: SheetCounts
    unreadable: bool = False  # whether some cells are CellProblems (formulas with no result, error values)


def column_letter(position: int) -> str:
    """Excel's column name for a 0-based position: 0 → A, 27 → AB."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _blank_cell(value: object) -> bool:
    return value is None or value != value or (type(value) is str and not value.strip())


# What clerks type into a cell with nothing to say: these alone in a cell are an empty value.
BLANK_MARKS = ("/", "／", "\\", "无", "—", "——", "-", "－", "--", "–")


def _spellings() -> tuple[frozenset[str], frozenset[str]]:
    """Every way a clerk writes a blank cell or a total cell, so whole sheets are classified with ``isin`` (a hash
    lookup per cell in C) instead of a Python call per cell."""
    spaces = ("", " ", "  ", "\u3000")
    blanks = {a + b + c for a in spaces for b in spaces for c in ("", "\t", "\n")}
    blanks |= {a + mark + b for a in spaces[:2] for b in spaces[:2] for mark in BLANK_MARKS}
    blanks = frozenset(blanks)
    words = ("合计", "总计", "小计", "共计")
    prefixes = ("", "本月", "本年", "全年", "本页", "总")
    totals = set()
    for prefix in prefixes:
        for word in words:
            for lead in spaces if prefix else ("",):
                for gap in spaces:
                    core = prefix + lead + word[0] + gap + word[1]
                    for colon in ("", ":", "："):
                        totals.update({core + colon, " " + core + colon, core + colon + " "})
    return blanks, frozenset(totals)


BLANK_SPELLINGS, TOTAL_SPELLINGS = _spellings()
# A total row's label may run on: "合计份数", "本月合计（收文）", "总计：12件".
_TOTAL_START = re.compile(r"^\s*(?:本月|本年|全年|本页|总)?\s*(?:合\s*计|总\s*计|小\s*计|共\s*计)")
_TOTAL_LABEL_CHARS = 16


def sheet_rows(
    raw_sheet: RawSheet, header: HeaderMatch, label: str, year: int | None, named_year: int | None = None
) -> SheetRows:
    """Classify the rows below the header and keep the record candidates' mapped cells.

    Trailing empty rows are not counted (nobody wrote them); blank rows in between and 合计 rows are. A value
    merged down over several rows of a column (承办科室 merged over three records) belongs to each of those rows,
    as the clerk sees it. Blank marks ("/", "无", "—") are empty values. ``year`` dates a "3月5日" with no year;
    ``named_year`` is the year the sheet's name, title or file name gives (None when only the settings give one).
    """
    cells, sheet = raw_sheet.cells, raw_sheet.name
    header_cells = cells.iloc[header.row]
    columns = {
        name: f"{column_letter(col)}列（{normalize_header(header_cells.iloc[col])}）"
        for col, name in header.columns.items()
    }
    body = cells.iloc[header.row + 1 :]
    grid = body.to_numpy(dtype=object)
    # Each column's cells hashed once: blank, 合计 and total-label checks are made on its distinct values.
    columns_of = [_Column(grid[:, j], raw_sheet.unreadable) for j in range(grid.shape[1])]
    blank_cells = (
        np.column_stack([c.flag(c.blank, na=True) for c in columns_of])
        if grid.size
        else np.zeros((0, 0), bool)
    )
    written = ~blank_cells.all(axis=1) if blank_cells.size else np.zeros(len(body), bool)
    if not written.any():
        return SheetRows(label, sheet or "", _empty_raw(header), columns, SheetCounts(), raw_sheet.unreadable)
    end = int(np.flatnonzero(written)[-1]) + 1
    body, blank_cells = body.iloc[:end], blank_cells[:end]
    positions = list(header.columns)
    is_total = np.zeros(end, dtype=bool)
    for c in columns_of:
        is_total |= c.flag(c.total)[:end]
    is_blank = (blank_cells[:, positions].all(axis=1) | _numbered_only(body, blank_cells, header)) & ~is_total
    keep = ~is_total & ~is_blank
    filled = _fill_merged(body, raw_sheet.merged, header.row + 1, keep, blank_cells, positions)
    rows = np.flatnonzero(keep)
    if filled is not body:  # a merged range wrote into some cells: read them as the clerk sees them
        picked = filled.iloc[rows, positions]
        marks = picked.isin(BLANK_SPELLINGS).to_numpy(dtype=bool)
        if marks.any():  # "/" or "无" typed into a cell: an empty value, never a count of "/"
            picked = picked.mask(marks)
        data = {header.columns[p]: picked.iloc[:, i].to_numpy() for i, p in enumerate(positions)}
    else:
        data = {header.columns[p]: columns_of[p].values(rows) for p in positions}
    # Object columns as the sheet held them (a plain array of text would be inferred as a string column).
    data = {name: pd.Series(values, dtype=object, copy=False) for name, values in data.items()}
    raw = pd.DataFrame(
        data
        | {
            "_file": label,
            "_sheet": sheet or "",
            "_row": body.index.to_numpy()[rows].astype("int64") + 1,
            "_year": year,
            "_named_year": named_year,
        },
        index=pd.RangeIndex(len(rows)),
    )
    counts = SheetCounts(read=len(body), blank=int(is_blank.sum()), totals=int(is_total.sum()))
    return SheetRows(label, sheet or "", raw, columns, counts, raw_sheet.unreadable)


def _numbered_only(body: pd.DataFrame, blank_cells: np.ndarray, header: HeaderMatch) -> np.ndarray:
    """Rows after the last record whose only written cell among the read columns is a whole number in the
    kind's own numbering column (编号 1, 2, 3 … typed down the sheet before anything was registered): blank rows,
    like 序号 alone. A number alone between records is a record missing its date, and is reported as such."""
    number = kind_spec(header.kind).dedup[:1]
    position = next((p for p, name in header.columns.items() if name in number), None)
    if position is None:
        return np.zeros(len(body), dtype=bool)
    others = [p for p in header.columns if p != position]
    alone = ~blank_cells[:, position] & blank_cells[:, others].all(axis=1)
    records = np.flatnonzero(~blank_cells[:, others].all(axis=1))
    alone[: records[-1] + 1 if len(records) else 0] = False
    if not alone.any():
        return alone
    values = pd.to_numeric(body.iloc[:, position].where(alone), errors="coerce")
    return alone & values.notna().to_numpy() & (values.fillna(0) % 1 == 0).to_numpy()


def _fill_merged(
    body: pd.DataFrame,
    merged: list[tuple[int, int, int, int]],
    first_row: int,
    keep: np.ndarray,
    blank_cells: np.ndarray,
    positions: list[int],
) -> pd.DataFrame:
    """``body`` with the value of each range merged over several rows written into the record rows below its
    top cell (only the range's first column, which holds the value; only rows that are records anyway)."""
    filled = None
    for top, col, bottom, _ in merged:
        start = top - first_row
        if bottom == top or col not in positions or not 0 <= start < len(body):
            continue
        value = body.iat[start, col]
        if _blank_cell(value):
            continue
        rows = np.arange(start + 1, min(bottom - first_row + 1, len(body)))
        rows = rows[keep[rows] & blank_cells[rows, col]]
        if len(rows):
            filled = body.copy() if filled is None else filled
            filled.iloc[rows, col] = value
    return body if filled is None else filled


def _empty_raw(header: HeaderMatch) -> pd.DataFrame:
    columns = [*header.columns.values(), "_file", "_sheet", "_row", "_year", "_named_year"]
    return pd.DataFrame(columns=columns, dtype=object)


class _Column:
    """One column of a sheet's body, factorised: its distinct values, each cell's code (-1 when empty), and
    per distinct value whether it is a blank mark, a 合计 spelling or the start of a total label ("合计份数",
    "本月合计（收文）"). Text columns are rebuilt from the distinct values, so a date or a 科室 typed a thousand
    times is held once; other columns (numbers, dates, unreadable cells) keep their cells as they are."""

    def __init__(self, cells: np.ndarray, unreadable: bool) -> None:
        self.cells = cells
        self.codes, self.distinct = pd.factorize(cells)
        distinct = self.distinct.tolist()
        self.blank = np.array([v in BLANK_SPELLINGS for v in distinct], dtype=bool)
        self.total = np.array(
            [
                v in TOTAL_SPELLINGS
                or (type(v) is str and len(v) <= _TOTAL_LABEL_CHARS and _TOTAL_START.match(v) is not None)
                for v in distinct
            ],
            dtype=bool,
        )
        # Hashing takes "1" and a CellProblem "1" for one value: only plain text columns are rebuilt.
        self.text = bool(distinct) and not unreadable and all(type(v) is str for v in distinct)

    def flag(self, per_value: np.ndarray, na: bool = False) -> np.ndarray:
        """A per-value flag spread over the cells (``na`` for empty cells)."""
        return np.append(per_value, na)[self.codes]

    def values(self, rows: np.ndarray) -> np.ndarray:
        """The cells of ``rows``, a blank mark read as empty (NaN, as ``DataFrame.mask`` leaves it)."""
        codes = self.codes[rows]
        if self.text:
            out = self.distinct.take(np.maximum(codes, 0)).astype(object)
            empty = codes < 0
            out[empty] = self.cells[rows[empty]]
        else:
            out = self.cells[rows].copy()
        marks = np.append(self.blank, False)[codes]
        out[marks] = np.nan
        return out


def parse_rows(
    raw: pd.DataFrame,
    spec: KindSpec,
    locations: dict[tuple[str, str], dict[str, str]],
    today: date,
    unreadable: bool = True,
) -> tuple[pd.DataFrame, pd.Series, list[Problem]]:
    """Parse every field of a kind's record candidates at once.

    Returns the records (typed canonical fields + provenance), a boolean Series marking rejected candidates
    (aligned with ``raw``), and a problem for every cell that could not be read. ``locations`` gives, per
    (file, sheet), the column label of each field for messages. ``unreadable`` says whether any cell may be a
    :class:`CellProblem` (when none can be, the cells are not looked at for one).
    """
    raw = raw.reset_index(drop=True)
    years = pd.to_numeric(raw["_year"], errors="coerce").astype("Int64")
    rejected = pd.Series(False, index=raw.index)
    values: dict[str, pd.Series] = {}
    found: list[
        tuple[np.ndarray, str, str, list[str]]
    ] = []  # (candidate positions, field, severity, reasons)
    for name in [c for c in raw.columns if c in spec.fields]:
        fspec = spec.fields[name]
        cells = raw[name]
        parsed, reasons = _parse_distinct(cells, fspec.type, fspec.default, years)
        marked = cells.map(lambda v: isinstance(v, CellProblem)).astype(bool) if unreadable else None
        if marked is not None and marked.any():  # a formula with no result or an error value: never a value
            parsed = parsed.mask(marked)
            reasons = reasons.mask(marked, cells[marked].map(lambda v: v.reason))
        if fspec.type == "date":
            reasons = _check_year(parsed, reasons, raw, today, name == spec.date_field)
        bad = reasons.notna()
        if fspec.required:
            # Only a cell with no value can be blank: look at those alone.
            missing = pd.Series(False, index=cells.index)
            unread = parsed.isna()
            missing[unread] = cells[unread].map(_blank_cell).astype(bool)
            reasons = reasons.mask(missing, f"缺少必填项“{name}”")
            bad |= missing
            rejected |= bad
        suffix = "，该行未计入" if fspec.required else "，已按空值处理"
        severity = ERROR if fspec.required else NOTICE
        positions = np.flatnonzero(bad.to_numpy(dtype=bool))
        if len(positions):
            found.append((positions, name, severity, [r + suffix for r in reasons.iloc[positions].tolist()]))
        values[name] = parsed
    for name in spec.required:
        if name not in values:  # cannot happen for the date field: detection requires it
            rejected[:] = True
    problems = _problems(raw, found, locations, spec.name)
    keep = ~rejected
    records = pd.DataFrame({name: series[keep] for name, series in values.items()})
    for col in PROVENANCE:
        records[col] = raw.loc[keep, col]
    records["_row"] = records["_row"].astype("int64")
    return records.reset_index(drop=True), rejected, problems


def _problems(
    raw: pd.DataFrame,
    found: list[tuple[np.ndarray, str, str, list[str]]],
    locations: dict[tuple[str, str], dict[str, str]],
    kind: str,
) -> list[Problem]:
    """A problem per unreadable cell, field by field in row order; only those rows' cells are looked at."""
    files, sheets, rows = (raw[c].to_numpy(dtype=object) for c in PROVENANCE)
    problems = []
    for positions, name, severity, reasons in found:
        values = raw[name].iloc[positions].tolist()
        for at, value, reason in zip(positions.tolist(), values, reasons, strict=True):
            file, sheet = files[at], sheets[at]
            problems.append(
                Problem(
                    severity=severity,
                    file=file,
                    sheet=sheet or None,
                    row=int(rows[at]),
                    column=locations[(file, sheet)].get(name),
                    value=_shown(value),
                    reason=reason,
                    kind=kind,
                )
            )
    return problems


def _shown(value: object) -> str | None:
    """A raw cell as the clerk typed it, for messages (dates without a midnight time)."""
    if _blank_cell(value):
        return None
    if isinstance(value, pd.Timestamp | date):
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M").removesuffix(" 00:00")
    return abbreviate(str(value))


# Column contents (pandas' inference) whose equal-hashing cells are equal in every parser's eyes.
_ONE_KIND = frozenset({"string", "empty", "integer", "floating", "mixed-integer-float", "datetime", "date"})


def _parse_distinct(
    raw: pd.Series, ftype: str, default: object, years: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """``_parse_column`` of each distinct cell once, spread back over the column.

    Register columns repeat themselves (a year has 365 dates, 科室 and 是/否 a handful of values), and parsing
    is text work in Python; hashing the cells to find the distinct ones is done by pandas in C. A date with no
    year takes the sheet's year, so for dates a cell is distinct by its value and its year. Only columns of one
    kind of value take this path: hashing counts True, 1 and 1.0 as one value, which they are not as text.
    """
    if pd.api.types.infer_dtype(raw, skipna=True) not in _ONE_KIND:
        return _parse_column(raw, ftype, default, years)
    codes, distinct = pd.factorize(raw, use_na_sentinel=False)
    if ftype == "date":
        year_codes, year_values = pd.factorize(years, use_na_sentinel=False)
        codes, distinct = pd.factorize(codes * (len(year_values) + 1) + year_codes, use_na_sentinel=False)
    if len(distinct) > len(raw) // 2:  # mostly different (titles): nothing to gain
        return _parse_column(raw, ftype, default, years)
    first = np.unique(codes, return_index=True)[1]
    parsed, reasons = _parse_column(
        raw.iloc[first].reset_index(drop=True), ftype, default, years.iloc[first].reset_index(drop=True)
    )
    return parsed.take(codes).set_axis(raw.index), reasons.take(codes).set_axis(raw.index)


def _parse_column(
    raw: pd.Series, ftype: str, default: object, years: pd.Series
) -> tuple[pd.Series, pd.Series]:
    if ftype == "date":
        return parse.parse_dates(raw, years)
    if ftype == "int":
        return parse.parse_ints(raw, default if isinstance(default, int) else None)
    if ftype == "number":
        return parse.parse_numbers(raw)
    if ftype == "bool":
        return parse.parse_bools(raw)
    return parse.clean_text(raw), pd.Series(None, index=raw.index, dtype="object")


def _anchor_far_years(group: pd.DataFrame, anchor_of: pd.Series) -> None:
    """Put into ``anchor_of`` the nearest anchor year of each row of one sheet whose year is rare and more than
    ``YEAR_TOLERANCE`` from every anchor (``group`` holds the sheet's rows with a year, ``at`` their positions)."""
    counts = group["year"].value_counts()
    rare = max(1, int(len(group) * RARE_YEAR_SHARE))
    anchors = {int(y) for y, n in counts.items() if n > rare}
    anchors |= {int(y) for y in group["named"].dropna().unique()}
    if not anchors:
        return
    for value, n in counts.items():
        nearest = min(anchors, key=lambda a: abs(a - int(value)))
        if n <= rare and abs(nearest - int(value)) > YEAR_TOLERANCE:
            anchor_of.iloc[group["at"][group["year"] == value].to_numpy()] = nearest


def _check_year(
    dates: pd.Series, reasons: pd.Series, raw: pd.DataFrame, today: date, is_date_field: bool
) -> pd.Series:
    """Name dates whose year is an isolated outlier in their sheet (typos like 2205 among 2025s) and register
    dates in the future.

    A sheet's years are those many of its rows have, and the year its name or title gives; a year few rows
    have and more than ``YEAR_TOLERANCE`` from all of them is a typo. The workspace's year is not one of them:
    it chooses the report year, other years' rows stay theirs.
    """
    year = dates.dt.year.astype("Int64")
    named = pd.to_numeric(raw["_named_year"], errors="coerce").astype("Int64")
    frame = pd.DataFrame({"file": raw["_file"], "sheet": raw["_sheet"], "year": year, "named": named})
    frame = frame[frame["year"].notna()].reset_index(names="at")
    sheets = frame.groupby(["file", "sheet"], sort=False)
    rare = np.maximum(1, (sheets["year"].transform("size").to_numpy() * RARE_YEAR_SHARE).astype(int))
    per_year = frame.groupby(["file", "sheet", "year"], sort=False)["year"].transform("size").to_numpy()
    frame["rare"] = per_year <= rare
    reasons = reasons.copy()
    far = pd.Series(False, index=dates.index)
    if frame["rare"].any():
        # Anchors: the years many rows of the sheet have, and the year its name or title gives.
        anchors: dict[tuple, set[int]] = {}
        for file, sheet, value in (
            frame.loc[~frame["rare"], ["file", "sheet", "year"]].drop_duplicates().itertuples(index=False)
        ):
            anchors.setdefault((file, sheet), set()).add(int(value))
        named_rows = frame.loc[frame["named"].notna(), ["file", "sheet", "named"]].drop_duplicates()
        for file, sheet, value in named_rows.itertuples(index=False):
            anchors.setdefault((file, sheet), set()).add(int(value))
        rare_years = frame.loc[frame["rare"], ["file", "sheet", "year"]].drop_duplicates()
        far_sheets = {
            (file, sheet)
            for file, sheet, value in rare_years.itertuples(index=False)
            if anchors.get((file, sheet))
            and min(abs(a - int(value)) for a in anchors[(file, sheet)]) > YEAR_TOLERANCE
        }
        anchor_of = pd.Series(pd.NA, index=dates.index, dtype="Int64")
        groups = sheets.indices
        for key in far_sheets:  # few: sheets holding a mistyped year
            _anchor_far_years(frame.iloc[groups[key]], anchor_of)
        far = anchor_of.notna()
        positions = np.flatnonzero(far.to_numpy())
        reasons.iloc[positions] = [
            f"日期年份与台账年度（{a}年）不符，可能是笔误" for a in anchor_of.iloc[positions].tolist()
        ]
    if is_date_field:
        future = dates.gt(pd.Timestamp(today)).fillna(False).astype(bool) & ~far
        reasons = reasons.mask(future, "登记日期晚于今天，可能是笔误")
    return reasons
