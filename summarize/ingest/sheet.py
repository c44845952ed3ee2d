"""Reading rows: each sheet's rows are classified (record candidate, blank, 合计) and mapped to canonical
fields; then each field is parsed once for all sheets of a kind, so the cost does not grow with the number of
sheets. Every row below a header is counted exactly once: accepted, rejected (with a problem), blank or 合计.
"""

from __future__ import annotations

import itertools
import operator
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from summarize.ingest import parse
from summarize.ingest.header import HEADER_SEARCH_ROWS, HeaderMatch, normalize_header
from summarize.ingest.problems import ERROR, NOTICE, Problem, abbreviate
from summarize.ingest.sources import CellProblem, RawSheet
from summarize.registers import KindSpec, kind_spec

if TYPE_CHECKING:
    from collections.abc import Callable

    import polars as pl

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
    # Canonical field columns (raw cells) and _row (the row as Excel shows it): a polars frame of text columns
    # for a CSV file, a pandas object frame for a workbook's sheet (whose cells may be dates, numbers or text;
    # most of its columns are in ``coded`` instead). A CSV file's is None until ``read_text_rows`` has
    # classified the rows of all of its kind's files at once.
    raw: pd.DataFrame | pl.DataFrame | None
    columns: dict[str, str]  # canonical field → "C列（收文日期）" for messages
    counts: SheetCounts
    unreadable: bool = False  # whether some cells are CellProblems (formulas with no result, error values)
    year: int | None = None  # the year a "3月5日" with no year is read in
    named_year: int | None = None  # the year the sheet's name, title or file name gives
    fields: list[str] = field(default_factory=list)  # the fields the header names, in its column order
    # A CSV file's cells (all of them: ``read_text_rows`` takes those below the header) and the header.
    text: pl.DataFrame | None = None
    header: HeaderMatch | None = None
    # A workbook sheet's fields held as their distinct values and codes (see ``CodedCells``), not in ``raw``.
    coded: dict[str, CodedCells] = field(default_factory=dict)


@dataclass
class CodedCells:
    """A workbook field's record cells, factorised: the column's distinct values and each row's position among
    them, so that each distinct value is converted and parsed once. Only columns of text, whole numbers and
    dates are held so (values equal when they hash alike), and only when their empty cells are None."""

    distinct: np.ndarray  # the column's distinct values, blank marks ("/", "无") among them
    codes: np.ndarray  # per row: a position in ``distinct``, EMPTY_CELL (None) or MARKED_CELL (a blank mark)
    plain: bool  # whether every value is text (exactly str), as ``_text_cells`` takes a text column


EMPTY_CELL, MARKED_CELL = -1, -2
# The types of the values a column held as CodedCells may have: no two values of them hash alike unless equal
# (True and 1, 1 and 1.0, 0.0 and -0.0 do, and are read differently).
_CODED_TYPES = frozenset({str, int, datetime})


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
# The same rule for polars, \s as Python's white space.
_TOTAL_START_TEXT = _TOTAL_START.pattern.replace(r"\s", parse.SPACE_CLASS)


def sheet_rows(
    raw_sheet: RawSheet, header: HeaderMatch, label: str, year: int | None, named_year: int | None = None
) -> SheetRows:
    """Classify the rows below the header and keep the record candidates' mapped cells (a CSV file's rows are
    classified later, with its kind's other CSV files, by :func:`read_text_rows`).

    Trailing empty rows are not counted (nobody wrote them); blank rows in between and 合计 rows are. A value
    merged down over several rows of a column (承办科室 merged over three records) belongs to each of those rows,
    as the clerk sees it. Blank marks ("/", "无", "—") are empty values. ``year`` dates a "3月5日" with no year;
    ``named_year`` is the year the sheet's name, title or file name gives (None when only the settings give one).
    """
    header_cells = raw_sheet.head(HEADER_SEARCH_ROWS).to_numpy()[header.row].tolist()
    columns = {
        name: f"{column_letter(col)}列（{normalize_header(header_cells[col])}）"
        for col, name in header.columns.items()
    }
    if raw_sheet.text is not None:  # (sliced below the header by ``read_text_rows``, off this thread)
        raw, counts, coded, text = None, SheetCounts(), {}, raw_sheet.text
    else:
        (raw, counts, coded), text = _cell_rows(raw_sheet, header), None
    return SheetRows(
        label,
        raw_sheet.name or "",
        raw,
        columns,
        counts,
        raw_sheet.unreadable,
        year,
        named_year,
        list(header.columns.values()),
        text,
        header if text is not None else None,
        coded,
    )


def read_text_rows(parts: list[SheetRows]) -> None:
    """Classify the rows of every CSV part of one kind at once, as ``sheet_rows`` does a sheet's (trailing empty
    rows not counted; blank rows, rows holding only a number after the last record, and 合计 rows counted), and
    put each part's record candidates into its ``raw`` and its counts into its ``counts``.

    The parts' cells are stacked into one frame (each file's columns named by the field they hold), so that each
    rule is one polars expression for the whole kind: a workspace of a thousand small files would otherwise spend
    its time on a thousand rounds of the same few calls.
    """
    import polars as pl

    pending = [p for p in parts if p.text is not None]
    if not pending:
        return
    kind = pending[0].header.kind
    frames = []
    for part in pending:
        part.text = part.text.slice(part.header.row + 1)
        mapped = part.header.columns
        columns = part.text.get_columns()
        frames.append(pl.DataFrame([c.alias(mapped.get(j, f"_other{j}")) for j, c in enumerate(columns)]))
    stacked = pl.concat(frames, how="diagonal") if len(frames) > 1 else frames[0]
    fields = list(dict.fromkeys(f for p in pending for f in p.fields))
    number = next((f for f in kind_spec(kind).dedup[:1] if f in fields), None)
    others = [f for f in fields if f != number]

    # Whether each cell is blank, found once per column (each rule below is a reduction of these), and whether
    # a row holds 计 (the rows where a total label is looked for).
    marks = blank_marks()
    blank = stacked.select([(pl.col(c).is_null() | pl.col(c).is_in(marks)).alias(c) for c in stacked.columns])
    near = stacked.select(
        pl.any_horizontal([pl.col(c).str.contains("计", literal=True) for c in stacked.columns])
    ).to_series()

    def every(names: list[str]) -> np.ndarray:
        if not names:
            return np.ones(stacked.height, dtype=bool)
        return blank.select(pl.all_horizontal(names)).to_series().to_numpy()

    sizes = np.array([p.text.height for p in pending], dtype=np.int64)
    part = np.repeat(np.arange(len(pending)), sizes)
    local = np.arange(len(part)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    written = ~every(stacked.columns)
    end = _last_per_part(written, part, local, len(pending)) + 1
    inside = local < end[part]
    is_total = _total_rows(stacked, near.fill_null(False).to_numpy()) & inside
    others_blank = every(others)
    last_record = _last_per_part(~others_blank & inside, part, local, len(pending))
    number_written = ~blank[number].to_numpy() if number else np.zeros(stacked.height, dtype=bool)
    alone = number_written & others_blank & inside & (local > last_record[part])
    numbered = np.zeros(len(part), dtype=bool)
    if alone.any():  # 编号 1, 2, 3 … typed down the sheet before anything was registered: blank rows
        at = np.flatnonzero(alone)
        values = pd.to_numeric(pd.Series(stacked[number].gather(at).to_list(), dtype=object), errors="coerce")
        numbered[at] = (values.notna() & (values.fillna(0) % 1 == 0)).to_numpy()
    is_blank = (every(fields) | numbered) & ~is_total & inside
    keep = inside & ~is_total & ~is_blank
    first_row = np.array([p.header.row for p in pending], dtype=np.int64)[part]
    # Blank marks ("/", "无") are left in the cells: parse_rows empties them for all sheets at once.
    kept = (
        stacked.select(fields)
        .with_columns(_row=pl.Series(local + first_row + 2, dtype=pl.Int64))
        .filter(pl.Series(keep))
    )
    blanks, totals, kept_sizes = (
        np.bincount(part[flag], minlength=len(pending)) for flag in (is_blank, is_total, keep)
    )
    starts = np.cumsum(kept_sizes) - kept_sizes
    for i, p in enumerate(pending):
        p.raw = kept.slice(int(starts[i]), int(kept_sizes[i]))
        p.counts.read, p.counts.blank, p.counts.totals = int(end[i]), int(blanks[i]), int(totals[i])
        p.text = p.header = None


def _last_per_part(flag: np.ndarray, part: np.ndarray, local: np.ndarray, parts: int) -> np.ndarray:
    """Each part's last row (its position in the part) where ``flag`` holds, -1 where it holds nowhere."""
    last = np.full(parts, -1, dtype=np.int64)
    at = np.flatnonzero(flag)
    if len(at):
        # Rows are in part order: a part's last row is the one before the next part's first.
        ends = np.r_[part[at][1:] != part[at][:-1], True]
        last[part[at][ends]] = local[at][ends]
    return last


def _total_rows(stacked: pl.DataFrame, near: np.ndarray) -> np.ndarray:
    """Rows where a text cell says 合计 or starts a total label, given the rows where a cell holds 计 (``near``).
    Every one of TOTAL_SPELLINGS starts as _TOTAL_START says and is shorter than _TOTAL_LABEL_CHARS, so for text
    the pattern alone decides; and every total word ends in 计, so the pattern is tried only on the few rows
    holding one."""
    import polars as pl

    at = np.flatnonzero(near)
    found = np.zeros(len(near), dtype=bool)
    if len(at):
        cells = [
            pl.col(c).str.len_chars().le(_TOTAL_LABEL_CHARS) & pl.col(c).str.contains(_TOTAL_START_TEXT)
            for c in stacked.columns
        ]
        found[at] = stacked[at].select(pl.any_horizontal(cells).fill_null(False)).to_series().to_numpy()
    return found


@cache
def blank_marks() -> pl.Series:
    """``BLANK_SPELLINGS`` as a polars list, for ``is_in`` (built once, not per sheet and column)."""
    import polars as pl

    return pl.Series(sorted(BLANK_SPELLINGS), dtype=pl.String).implode()


def _numbering_column(header: HeaderMatch) -> int | None:
    """The position of the kind's own numbering column (its first identifying field), if the header has one."""
    number = kind_spec(header.kind).dedup[:1]
    return next((p for p, name in header.columns.items() if name in number), None)


def _cell_rows(
    raw_sheet: RawSheet, header: HeaderMatch
) -> tuple[pd.DataFrame, SheetCounts, dict[str, CodedCells]]:
    """``sheet_rows`` of a workbook's sheet, whose cells may be text, numbers, dates or CellProblems: the record
    candidates' cells and _row, the counts, and the fields held as ``CodedCells`` (not in the frame)."""
    start = header.row + 1
    columns = raw_sheet.columns  # (before ``cells`` is asked for: marking unreadable cells drops them)
    # Each column's cells hashed once: blank, 合计 and total-label checks are made on its distinct values. A sheet
    # read by columns has them already, and its object frame is made only should a merged range or a number
    # alone need it.
    if columns is not None:
        columns_of = [_Column(None, False, _body_codes(codes, start, values)) for codes, values in columns]
        height = max(len(columns[0][0]) - start, 0) if columns else 0
    else:
        grid = raw_sheet.cells.iloc[start:].to_numpy(dtype=object)
        columns_of = [_Column(grid[:, j], raw_sheet.unreadable) for j in range(grid.shape[1])]
        height = len(grid)
    blank_cells = (
        np.column_stack([c.flag(c.blank, na=True) for c in columns_of])
        if height and columns_of
        else np.zeros((0, 0), bool)
    )
    written = ~blank_cells.all(axis=1) if blank_cells.size else np.zeros(height, bool)
    if not written.any():
        return _empty_raw(header), SheetCounts(), {}
    end = int(np.flatnonzero(written)[-1]) + 1
    blank_cells = blank_cells[:end]
    positions = list(header.columns)
    is_total = np.zeros(end, dtype=bool)
    for c in columns_of:
        is_total |= c.flag(c.total)[:end]
    numbered = _numbered_only(columns_of, end, blank_cells, header)
    is_blank = (blank_cells[:, positions].all(axis=1) | numbered) & ~is_total
    keep = ~is_total & ~is_blank

    def body() -> pd.DataFrame:
        return raw_sheet.cells.iloc[start : start + end]

    filled = _fill_merged(body, raw_sheet.merged, start, keep, blank_cells, positions)
    rows = np.flatnonzero(keep)
    if filled is not None:  # a merged range wrote into some cells: read them as the clerk sees them
        picked = filled.iloc[rows, positions]
        marks = picked.isin(BLANK_SPELLINGS).to_numpy(dtype=bool)
        if marks.any():  # "/" or "无" typed into a cell: an empty value, never a count of "/"
            picked = picked.mask(marks)
        data = {header.columns[p]: picked.iloc[:, i].to_numpy() for i, p in enumerate(positions)}
        coded: dict[str, CodedCells] = {}
    else:
        data, coded = {}, {}
        for p in positions:
            held = columns_of[p].coded(rows)
            if held is not None:
                coded[header.columns[p]] = held
            else:
                data[header.columns[p]] = columns_of[p].values(rows)
    # Object columns as the sheet held them (a plain array of text would be inferred as a string column), built
    # as one block rather than a Series per field.
    block = np.empty((len(rows), len(data)), dtype=object)
    for i, values in enumerate(data.values()):
        block[:, i] = values
    raw = pd.DataFrame(block, index=pd.RangeIndex(len(rows)), columns=list(data), dtype=object, copy=False)
    raw["_row"] = rows.astype("int64") + start + 1
    counts = SheetCounts(read=end, blank=int(is_blank.sum()), totals=int(is_total.sum()))
    return raw, counts, coded


def _numbered_only(
    columns: list[_Column], end: int, blank_cells: np.ndarray, header: HeaderMatch
) -> np.ndarray:
    """Rows after the last record whose only written cell among the read columns is a whole number in the
    kind's own numbering column (编号 1, 2, 3 … typed down the sheet before anything was registered): blank rows,
    like 序号 alone. A number alone between records is a record missing its date, and is reported as such."""
    position = _numbering_column(header)
    if position is None:
        return np.zeros(end, dtype=bool)
    others = [p for p in header.columns if p != position]
    alone = ~blank_cells[:, position] & blank_cells[:, others].all(axis=1)
    records = np.flatnonzero(~blank_cells[:, others].all(axis=1))
    alone[: records[-1] + 1 if len(records) else 0] = False
    if not alone.any():
        return alone
    values = pd.to_numeric(
        pd.Series(columns[position].cells[:end], dtype=object).where(alone), errors="coerce"
    )
    return alone & values.notna().to_numpy() & (values.fillna(0) % 1 == 0).to_numpy()


def _fill_merged(
    body: Callable[[], pd.DataFrame],
    merged: list[tuple[int, int, int, int]],
    first_row: int,
    keep: np.ndarray,
    blank_cells: np.ndarray,
    positions: list[int],
) -> pd.DataFrame | None:
    """The record rows' cells (``body()``) with the value of each range merged over several rows written into the
    record rows below its top cell (only the range's first column, which holds the value; only rows that are
    records anyway); None when no range writes into any."""
    filled = None
    height = len(keep)
    for top, col, bottom, _ in merged:
        start = top - first_row
        if bottom == top or col not in positions or not 0 <= start < height:
            continue
        cells = body() if filled is None else filled
        value = cells.iat[start, col]
        if _blank_cell(value):
            continue
        rows = np.arange(start + 1, min(bottom - first_row + 1, height))
        rows = rows[keep[rows] & blank_cells[rows, col]]
        if len(rows):
            filled = cells.copy() if filled is None else filled
            filled.iloc[rows, col] = value
    return filled


def _empty_raw(header: HeaderMatch) -> pd.DataFrame:
    return pd.DataFrame(columns=[*header.columns.values(), "_row"], dtype=object)


class _Column:
    """One column of a sheet's body, factorised: its distinct values, each cell's code (-1 when empty), and
    per distinct value whether it is a blank mark, a 合计 spelling or the start of a total label ("合计份数",
    "本月合计（收文）"). Text columns are rebuilt from the distinct values, so a date or a 科室 typed a thousand
    times is held once; other columns (numbers, dates, unreadable cells) keep their cells as they are."""

    def __init__(
        self,
        cells: np.ndarray | None,
        unreadable: bool,
        factorized: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self._cells = cells
        self.codes, self.distinct = pd.factorize(cells) if factorized is None else factorized
        distinct = self.distinct.tolist()
        self.blank = np.array([v in BLANK_SPELLINGS for v in distinct], dtype=bool)
        # Every total spelling and label holds 计 (合计, 总计, 小计, 共计): the pattern is tried on those alone.
        self.total = np.array(
            [
                isinstance(v, str)
                and "计" in v
                and (
                    v in TOTAL_SPELLINGS
                    or (type(v) is str and len(v) <= _TOTAL_LABEL_CHARS and _TOTAL_START.match(v) is not None)
                )
                for v in distinct
            ],
            dtype=bool,
        )
        types = set(map(type, distinct))
        # Hashing takes "1" and a CellProblem "1" for one value: only plain text columns are rebuilt. (Without
        # unreadable cells no str is other than plain.)
        self.text = bool(distinct) and not unreadable and all(issubclass(t, str) for t in types)
        self.codable = bool(distinct) and not unreadable and types <= _CODED_TYPES
        self.plain = types == {str}  # exactly str (no subclass), as ``_text_cells`` takes a text cell

    @property
    def cells(self) -> np.ndarray:
        """The column's cells (for a column given factorised, its values at the codes: None where empty)."""
        if self._cells is None:
            self._cells = np.append(self.distinct, None)[self.codes]
        return self._cells

    def flag(self, per_value: np.ndarray, na: bool = False) -> np.ndarray:
        """A per-value flag spread over the cells (``na`` for empty cells)."""
        return np.append(per_value, na)[self.codes]

    def coded(self, rows: np.ndarray) -> CodedCells | None:
        """The cells of ``rows`` as ``CodedCells``, or None unless the column holds only text, whole numbers and
        dates and its empty cells among ``rows`` are None (a NaN or NaT keeps the column one of objects)."""
        if not self.codable:
            return None
        codes = self.codes[rows]
        # (A column given factorised is None where empty.)
        if self._cells is not None and not np.equal(self._cells[rows[codes < 0]], None).all():
            return None
        codes = np.where(np.append(self.blank, False)[codes], MARKED_CELL, codes)
        return CodedCells(self.distinct, codes, self.plain)

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


def _body_codes(codes: np.ndarray, start: int, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A column held as codes and values (see ``RawSheet.columns``), from row ``start`` down, as ``pd.factorize``
    gives those cells: the values they hold in order of first appearance, each row's position among them (-1:
    empty)."""
    # The values are in order of first appearance in the whole column: those of the rows above are the first few,
    # and unless one of them reappears below (a header repeated on every page) the rest are the rows' below.
    top = codes[:start]
    above = int(top.max(initial=-1)) + 1
    codes = codes[start:]
    if not ((codes >= 0) & (codes < above)).any():
        return np.where(codes >= 0, codes - above, -1), values[above:]
    order, first = parse.first_codes(codes)
    held = codes[first] >= 0
    renumber = np.full(len(first), -1, dtype=np.int64)
    renumber[held] = np.arange(int(held.sum()))
    return renumber[order], values[codes[first[held]]]


@dataclass
class Parsed:
    """A kind's record candidates, parsed: the records, which candidates were rejected (in the order of the
    parts and their rows), each part's main year (of its accepted records' dates), and the problems found."""

    records: pd.DataFrame
    rejected: np.ndarray
    years: list[int | None]
    problems: list[Problem]
    # Per field, an integer per record that is equal where the records' values are (empty ones alike), hashed by
    # polars from each distinct value: ``_deduplicate`` narrows its exact comparison to rows hashing alike.
    hashes: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass
class _Field:
    """One field's cells of every part, parsed. Its arrays hold an entry per distinct cell, ``codes`` giving each
    row's entry (None: an entry per row): the value, the reason it could not be read (None where fine or empty),
    the cell as read (for messages) and, when known, whether it is blank (no value and nothing written)."""

    values: pl.Series
    reasons: np.ndarray
    cells: pl.Series | pd.Series
    codes: np.ndarray | None = None
    blank: np.ndarray | None = None

    def rows(self, entries: np.ndarray, at: np.ndarray | None = None) -> np.ndarray:
        """A per-entry array at every row, or at the rows ``at``."""
        if self.codes is None:
            return entries if at is None else entries[at]
        return entries[self.codes if at is None else self.codes[at]]

    def shown(self, at: np.ndarray) -> list:
        """The cells of rows ``at`` as read."""
        entries = at if self.codes is None else self.codes[at]
        if isinstance(self.cells, pd.Series):
            return self.cells.take(entries).tolist()
        return self.cells.gather(entries).to_list()


def parse_rows(parts: list[SheetRows], spec: KindSpec, today: date) -> Parsed:
    """Parse every field of a kind's record candidates (the rows of ``parts``, in order) at once.

    The records hold the typed canonical fields and provenance (_file, _sheet, _row) as pandas columns; there
    is a problem for every cell that could not be read. A field whose cells are text in every part is parsed
    by polars expressions, each distinct cell once; one holding other cells too (dates, numbers, unreadable cells
    of a workbook) is read cell type by cell type (see ``parse``).
    """
    import polars as pl

    sizes = np.array([len(p.raw) for p in parts], dtype=np.int64)
    part_of = np.repeat(np.arange(len(parts)), sizes)
    runs = _runs(parts)
    rows = np.concatenate(
        [
            run.get_column("_row").to_numpy() if isinstance(run, pl.DataFrame) else run.raw["_row"].to_numpy()
            for run in runs
        ]
    ).astype(np.int64)
    part_years = pl.Series([p.year for p in parts], dtype=pl.Int64)
    years = part_years.gather(part_of)
    # The same as small integers, by which distinct dates are told apart.
    part_year_codes = np.unique(part_years.fill_null(-1).to_numpy(), return_inverse=True)[1].astype(np.int64)
    year_codes = part_year_codes[part_of]
    names = [
        f for f in dict.fromkeys(itertools.chain.from_iterable(p.fields for p in parts)) if f in spec.fields
    ]
    rejected = np.zeros(len(rows), dtype=bool)
    # Each field as pandas as soon as it can be: one copy of its text at a time.
    values: dict[str, pd.Series] = {}
    hashes: dict[str, np.ndarray] = {}
    # Required fields first: the rows they reject are known before any field is converted to pandas, so only the
    # kept rows are converted (a million Python strings cost more than the parsing).
    order = sorted(names, key=lambda n: not spec.fields[n].required)
    if any(name not in names for name in spec.required):  # never the date field: detection requires it
        rejected[:] = True
    held: dict[str, _Field] = {}  # required fields, parsed, until every required field has had its say
    found_in: dict[str, tuple[np.ndarray, str, str, list[str], list]] = {}
    for name in order:
        fspec = spec.fields[name]
        if not fspec.required and held:
            for n, f in held.items():
                values[n], hashes[n] = _converted(f, rejected)
            held.clear()
        text = _text_cells(runs, name)
        if text is not None:
            found = _parse_text(*text, fspec.type, fspec.default, years, year_codes)
        else:
            cells, owner, entries = _cell_entries(parts, name)
            found = _parse_cells(
                cells,
                entries,
                fspec.type,
                fspec.default,
                part_years.gather(owner),
                part_year_codes[owner],
                parts,
            )
        bad = found.rows(pd.notna(found.reasons))
        flagged, flags = np.zeros(0, dtype=np.int64), []
        if fspec.type == "date":
            if name == spec.date_field:
                dates = found
            flagged, flags = _check_year(
                found, part_of, [p.named_year for p in parts], today, name == spec.date_field
            )
            bad[flagged] = True
        if fspec.required:
            blank = found.blank if found.blank is not None else _blank_text(found.cells, found.values)
            missing = found.rows(found.values.is_null().to_numpy() & blank)
            bad |= missing
            rejected |= bad
        suffix = "，该行未计入" if fspec.required else "，已按空值处理"
        severity = ERROR if fspec.required else NOTICE
        positions = np.flatnonzero(bad)
        if len(positions):
            reasons = found.rows(found.reasons, positions)
            reasons[np.searchsorted(positions, flagged)] = flags
            if fspec.required:
                reasons[missing[positions]] = f"缺少必填项“{name}”"
            found_in[name] = (
                positions,
                name,
                severity,
                [r + suffix for r in reasons.tolist()],
                found.shown(positions),
            )
        if fspec.required:
            held[name] = found
        else:
            values[name], hashes[name] = _converted(found, rejected)
    for n, f in held.items():
        values[n], hashes[n] = _converted(f, rejected)
    found = [found_in[name] for name in names if name in found_in]
    keep = ~rejected
    # The columns are new arrays, the records' own: taken as they are, not copied.
    records = pd.DataFrame(
        {name: values[name] for name in names}, index=pd.RangeIndex(int(keep.sum())), copy=False
    )
    kept_parts = part_of[keep]
    # Provenance from each part's file and sheet name, held once and indexed (no text checked per row).
    records["_file"] = pd.Series(pd.array([p.file for p in parts], dtype="str").take(kept_parts), copy=False)
    records["_sheet"] = pd.Series(
        pd.array([p.sheet for p in parts], dtype="str").take(kept_parts), copy=False
    )
    records["_row"] = rows[keep]
    main_years = _main_years(dates, keep, part_of, len(parts))
    problems = _problems(parts, part_of, rows, found, spec.name)
    return Parsed(records, rejected, main_years, problems, hashes)


def _converted(found: _Field, rejected: np.ndarray) -> tuple[pd.Series, np.ndarray]:
    """A parsed field's kept rows as the pandas column the records hold, and their values' hashes."""
    import polars as pl

    kept = ~rejected if rejected.any() else None
    if found.codes is None:
        values = found.values.filter(pl.Series(kept)) if kept is not None else found.values
        return parse.to_pandas(values), values.hash().to_numpy()
    codes = found.codes[kept] if kept is not None else found.codes
    return parse.to_pandas(found.values, codes=codes), found.values.hash().to_numpy()[codes]


def _runs(parts: list[SheetRows]) -> list[pl.DataFrame | SheetRows]:
    """The parts in order, each run of consecutive CSV parts stacked into one frame (its parts' chunks side by
    side, not copied; a column some part lacks is null there): a field's cells are then taken from a few
    frames instead of from every part (a kind of a thousand small files has a thousand)."""
    import polars as pl

    runs: list[pl.DataFrame | SheetRows] = []
    for is_text, group in itertools.groupby(parts, key=lambda p: isinstance(p.raw, pl.DataFrame)):
        if is_text:
            runs.append(pl.concat([p.raw for p in group], how="diagonal", rechunk=False))
        else:
            runs.extend(group)
    return runs


def _text_cells(runs: list[pl.DataFrame | SheetRows], name: str) -> tuple[np.ndarray, pl.Series] | None:
    """The field's cells of every part (``runs`` as ``_runs`` makes them) as ``parse.factorize`` gives a text
    column, ``(codes, distinct)``, or None when some part holds other cells (numbers, dates, unreadable cells). A
    part without the field gives empty cells; a CSV's cells still hold their blank marks.

    A run's column is factorised on its own, a workbook sheet's ``CodedCells`` already are; only their distinct
    cells are put together and factorised again, so that a workbook's text becomes polars strings once per
    distinct text of each sheet (all sheets' in one call).
    """
    import polars as pl

    # Per run: each row's code (EMPTY_CELL: null) and the distinct cells (Python texts for a workbook sheet).
    pieces: list[tuple[np.ndarray, pl.Series | np.ndarray]] = []
    for run in runs:
        if isinstance(run, pl.DataFrame):
            if name in run.columns:
                pieces.append(parse.factorize(run[name].rechunk()))
            else:
                pieces.append((np.full(run.height, EMPTY_CELL), pl.Series(name, [], dtype=pl.String)))
        elif name in run.coded:
            cells = run.coded[name]
            if not cells.plain:
                return None
            pieces.append((np.maximum(cells.codes, EMPTY_CELL), cells.distinct))
        elif name not in run.raw.columns:
            pieces.append((np.full(len(run.raw), EMPTY_CELL), pl.Series(name, [], dtype=pl.String)))
        else:
            # Taken once: a pandas column access costs ~100 µs, and a kind may have a thousand sheets.
            cells = run.raw[name]
            if run.unreadable or pd.api.types.infer_dtype(cells, skipna=True) not in ("string", "empty"):
                return None
            texts = [c if type(c) is str else None for c in cells.to_numpy(dtype=object)]
            pieces.append(parse.factorize(parse.text_series(texts)))
    if not pieces:
        return None
    if len(pieces) == 1 and isinstance(pieces[0][1], pl.Series) and not (pieces[0][0] == EMPTY_CELL).any():
        return pieces[0]
    # The distinct cells put together: the sheets' texts, then the runs' cells, then a null for empty cells.
    texts = [d for _, d in pieces if isinstance(d, np.ndarray)]
    series = [d.alias(name) for _, d in pieces if isinstance(d, pl.Series)]
    starts, at, after = [], 0, sum(map(len, texts))
    for _, d in pieces:
        if isinstance(d, np.ndarray):
            starts.append(at)
            at += len(d)
        else:
            starts.append(after)
            after += len(d)
    codes = np.concatenate(
        [np.where(c == EMPTY_CELL, after, c + start) for (c, _), start in zip(pieces, starts, strict=True)]
    )
    if texts:
        series.insert(0, parse.text_series(np.concatenate(texts).tolist()).alias(name))
    distinct = pl.concat([*series, pl.Series(name, [None], dtype=pl.String)])
    merged, distinct = parse.factorize(distinct)
    return merged[codes], distinct


def _blank_text(cells: pl.Series, parsed: pl.Series) -> np.ndarray:
    """Where a text cell left without a value holds nothing (as opposed to something unreadable)."""
    import polars as pl

    return pl.select(pl.lit(parsed).is_null() & parse.empty_text(pl.lit(cells))).to_series().to_numpy()


def _cell_entries(parts: list[SheetRows], name: str) -> tuple[pd.Series, np.ndarray, np.ndarray | None]:
    """The field's cells of every part as one pandas object column (None where a part lacks the field), the part
    of each, and, when some sheet's cells are ``CodedCells``, each row's position in that column: such a sheet
    gives its distinct values that some row holds (an empty cell as None, a blank mark as NaN, as its object
    column would), every other part a cell per row."""
    arrays, owners, rows, size = [], [], [], 0
    by_row = any(name in p.coded for p in parts)
    for at, part in enumerate(parts):
        coded = part.coded.get(name)
        if coded is not None:
            values = np.append(coded.distinct, np.array([None, np.nan], dtype=object))
            # EMPTY_CELL (-1) and MARKED_CELL (-2) point at the None and the NaN after the distinct values.
            position = np.where(coded.codes < 0, len(coded.distinct) - 1 - coded.codes, coded.codes)
            used = np.zeros(len(values), dtype=bool)
            used[position] = True
            arrays.append(values[used])
            rows.append(size + (np.cumsum(used) - 1)[position])
        else:
            if name not in part.raw.columns:
                cells = np.full(len(part.raw), None, dtype=object)
            elif isinstance(part.raw, pd.DataFrame):
                cells = part.raw[name].to_numpy(dtype=object)
            else:
                listed = part.raw[name].to_list()  # a CSV's cells, blank marks still in them
                cells = np.array([None if c in BLANK_SPELLINGS else c for c in listed], dtype=object)
            arrays.append(cells)
            if by_row:
                rows.append(np.arange(size, size + len(cells)))
        size += len(arrays[-1])
        owners.append(np.full(len(arrays[-1]), at, dtype=np.int64))
    entries = np.concatenate(rows) if by_row else None
    return pd.Series(np.concatenate(arrays), dtype=object), np.concatenate(owners), entries


def _parse_text(
    codes: np.ndarray,
    distinct: pl.Series,
    ftype: str,
    default: object,
    years: pl.Series,
    year_codes: np.ndarray,
) -> _Field:
    """A text field (each row's code among the distinct cells, as ``parse.factorize`` gives them) parsed by
    polars, each distinct cell once (a date: each distinct cell and year, since a "3月5日" takes its sheet's
    year)."""
    import polars as pl

    # "/" or "无" typed into a cell: an empty value, never a count of "/" (a workbook's marks are emptied already).
    distinct = pl.select(pl.when(~pl.lit(distinct).is_in(blank_marks())).then(pl.lit(distinct))).to_series()
    if ftype == "text":
        return _Field(parse.text_clean(distinct), np.full(len(distinct), None, dtype=object), distinct, codes)
    if ftype == "date":
        return _text_dates(distinct, codes, years, year_codes)
    out = parse.parse_text(pl.DataFrame({"t": distinct}, schema={"t": pl.String}), ftype, default)
    return _Field(out["value"], np.array(out["reason"].to_numpy(), dtype=object), distinct, codes)


def _text_dates(distinct: pl.Series, codes: np.ndarray, years: pl.Series, year_codes: np.ndarray) -> _Field:
    """A date field's distinct texts (``codes`` giving each row's) read once without a year, and those that need
    their sheet's year (a "3月5日") read again for each distinct year their rows take: the entries of the field are
    the texts, then those (text, year) pairs. Most dates are written in full, so the pairs are looked for among
    few rows."""
    import polars as pl

    frame = pl.DataFrame({"t": distinct, "year": pl.repeat(None, len(distinct), dtype=pl.Int64, eager=True)})
    out = parse.parse_text(frame, "date")
    reasons = np.array(out["reason"].to_numpy(), dtype=object)
    # Read without a year, a text is NO_YEAR exactly when its reading takes the year it is given.
    at = np.flatnonzero((reasons == parse.NO_YEAR)[codes])
    if not len(at):
        return _Field(out["value"], reasons, distinct, codes)
    pairs, first = parse.first_codes(codes[at] * (int(year_codes.max(initial=0)) + 1) + year_codes[at])
    again = pl.DataFrame({"t": distinct.gather(codes[at][first]), "year": years.gather(at[first])})
    dated = parse.parse_text(again, "date")
    entries = codes.copy()
    entries[at] = len(distinct) + pairs
    return _Field(
        pl.concat([out["value"], dated["value"]]),
        np.concatenate([reasons, np.array(dated["reason"].to_numpy(), dtype=object)]),
        pl.concat([distinct, again["t"]]),
        entries,
    )


_POLARS_TYPE = {"date": "Datetime", "int": "Int64", "number": "Float64", "bool": "Boolean"}


def _parse_cells(
    cells: pd.Series,
    entries: np.ndarray | None,
    ftype: str,
    default: object,
    years: pl.Series,
    year_codes: np.ndarray,
    parts: list[SheetRows],
) -> _Field:
    """A field of workbook cells of several types, an entry per cell of ``cells`` (``entries`` giving each row's,
    None: a cell per row), with the year of each. Its text cells are parsed as a CSV's are (``_parse_text``,
    what ``parse``'s pandas functions do with them too), the others (dates, numbers, unreadable cells) cell type
    by cell type (``_typed_cells``)."""
    import polars as pl

    array = cells.to_numpy(dtype=object)
    same = map(operator.is_, map(type, array), itertools.repeat(str))  # exactly str: no CellProblem
    is_text = np.fromiter(same, dtype=bool, count=len(array))
    if not is_text.any():
        values, reasons, blank = _typed_cells(cells, ftype, default, years, parts)
        return _Field(values, reasons, cells, entries, blank)
    text_at, typed_at = np.flatnonzero(is_text), np.flatnonzero(~is_text)
    found = _parse_text(
        *parse.factorize(parse.text_series(array[text_at].tolist())),
        ftype,
        default,
        years.gather(text_at),
        year_codes[text_at],
    )
    values = found.values.gather(found.codes)
    reasons = found.rows(found.reasons)
    blank = found.rows(_blank_text(found.cells, found.values))
    if len(typed_at):
        typed = _typed_cells(
            cells.iloc[typed_at].reset_index(drop=True), ftype, default, years.gather(typed_at), parts
        )
        order = np.argsort(np.concatenate([text_at, typed_at]), kind="stable")
        values = pl.concat([values, typed[0]]).gather(order)
        reasons = np.concatenate([reasons, typed[1]])[order]
        blank = np.concatenate([blank, typed[2]])[order]
    return _Field(values, reasons, cells, entries, blank)


def _typed_cells(
    cells: pd.Series, ftype: str, default: object, years: pl.Series, parts: list[SheetRows]
) -> tuple[pl.Series, np.ndarray, np.ndarray]:
    """Cells of any type read by ``parse``'s pandas functions: the values as polars, each cell's reason, and
    where the cell is blank."""
    import polars as pl

    year_values = pd.arrays.IntegerArray(
        years.fill_null(0).to_numpy().astype(np.int64), years.is_null().to_numpy()
    )
    parsed, reasons = _parse_distinct(cells, ftype, default, pd.Series(year_values))
    if any(p.unreadable for p in parts):
        marked = cells.map(lambda v: isinstance(v, CellProblem)).astype(bool)
        if marked.any():  # a formula with no result or an error value: never a value
            parsed = parsed.mask(marked)
            reasons = reasons.mask(marked, cells[marked].map(lambda v: v.reason))
    if ftype == "date":
        values = pl.Series(parsed.to_numpy(dtype="datetime64[us]"))
    else:
        dtype = getattr(pl, _POLARS_TYPE.get(ftype, "String"))
        values = pl.Series(parsed.to_numpy(dtype=object, na_value=None).tolist(), dtype=dtype)
    reasons = reasons.to_numpy(dtype=object, copy=True)
    reasons[pd.isna(reasons)] = None
    blank = np.zeros(len(cells), dtype=bool)
    unread = values.is_null().to_numpy()
    blank[unread] = cells[unread].map(_blank_cell).to_numpy(dtype=bool)
    return values, reasons, blank


def _main_years(dates: _Field, keep: np.ndarray, part_of: np.ndarray, parts: int) -> list[int | None]:
    """Each part's most frequent year among its records' dates (the rows ``keep`` of the register's date field),
    the earliest of equally frequent ones."""
    entry_year, known = _entry_years(dates)
    at = np.flatnonzero(dates.rows(known) & keep)
    year, part = dates.rows(entry_year, at), part_of[at]
    _, pair_part, pair_year, count = _part_years(part, year)
    order = np.lexsort((pair_year, -count, pair_part))  # by part, then most rows, then earliest year
    best, best_year = pair_part[order], pair_year[order]
    leading = np.r_[True, best[1:] != best[:-1]] if len(best) else np.zeros(0, dtype=bool)
    years: list[int | None] = [None] * parts
    for at, value in zip(best[leading].tolist(), best_year[leading].tolist(), strict=True):
        years[at] = value
    return years


def _part_years(part: np.ndarray, year: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct (part, year) pairs of rows given by their part and year: each row's pair, and each pair's
    part, year and number of rows. When the parts times the years between the first and the last are not many
    more than the rows, the pairs are counted in a table of all of them (no hashing); otherwise factorised."""
    if len(year):
        low = int(year.min())
        span = int(year.max()) - low + 1
        if (int(part.max()) + 1) * span <= 4 * len(year) + _PAIR_TABLE:
            key = part * span + (year - low)
            count = np.bincount(key)
            pairs = np.flatnonzero(count)
            index = np.zeros(len(count), dtype=np.int64)
            index[pairs] = np.arange(len(pairs))
            return index[key], pairs // span, pairs % span + low, count[pairs]
    group, first = parse.first_codes(part * _YEAR_SPAN + year)
    return group, part[first], year[first], np.bincount(group)


# More than any year a date can have (datetime64[us] holds years 1–9999 as Python writes them, pandas more): a
# part's number times this plus a year is one integer per (part, year).
_YEAR_SPAN = 1_000_000
# Entries a table of (part, year) pairs may have beyond four per row.
_PAIR_TABLE = 1 << 16


def _problems(
    parts: list[SheetRows],
    part_of: np.ndarray,
    rows: np.ndarray,
    found: list[tuple[np.ndarray, str, str, list[str], list]],
    kind: str,
) -> list[Problem]:
    """A problem per unreadable cell, field by field in row order; only those rows' cells are looked at."""
    # Column labels per sheet as the last part read from it names them.
    locations = {(p.file, p.sheet): p.columns for p in parts}
    labels = [locations[(p.file, p.sheet)] for p in parts]
    problems = []
    for positions, name, severity, reasons, shown in found:
        cells = zip(part_of[positions].tolist(), rows[positions].tolist(), shown, reasons, strict=True)
        for at, row, value, reason in cells:
            part = parts[at]
            problems.append(
                Problem(
                    severity=severity,
                    file=part.file,
                    sheet=part.sheet or None,
                    row=row,
                    column=labels[at].get(name),
                    value=_shown(value),
                    reason=reason,
                    kind=kind,
                )
            )
    return problems


def _shown(value: object) -> str | None:
    """A raw cell as the clerk typed it, for messages (dates without a midnight time)."""
    if type(value) is str:  # most cells: a CSV's are all text
        return abbreviate(value) if value.strip() else None
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


def _entry_years(dates: _Field) -> tuple[np.ndarray, np.ndarray]:
    """The year of each entry of a date field (0 where it has no date) and where it has one: found per distinct
    date, since turning dates into years is slow in numpy (about 40 ns a date)."""
    days = dates.values.to_numpy()
    known = ~np.isnat(days)
    years = np.zeros(len(days), dtype=np.int64)
    years[known] = days[known].astype("datetime64[Y]").astype(np.int64) + 1970
    return years, known


def _check_year(
    dates: _Field, part_of: np.ndarray, named: list[int | None], today: date, is_date_field: bool
) -> tuple[np.ndarray, list[str]]:
    """The rows whose date's year is an isolated outlier in their sheet (typos like 2205 among 2025s) and, for
    the register's date, the rows dated in the future, with the reason for each.

    A sheet's years are those many of its rows have, and the year its name or title gives; a year few rows
    have and more than ``YEAR_TOLERANCE`` from all of them is a typo. The workspace's year is not one of them:
    it chooses the report year, other years' rows stay theirs.
    """
    entry_year, known = _entry_years(dates)
    at = np.flatnonzero(dates.rows(known))
    part, year = part_of[at], dates.rows(entry_year, at)
    group, group_part, group_year, count = _part_years(part, year)
    size = np.bincount(part, minlength=len(named))[group_part]
    rare = count <= np.maximum(1, (size * RARE_YEAR_SHARE).astype(np.int64))
    anchor = np.zeros(
        len(count), dtype=np.int64
    )  # per (part, year) that is a typo: the year it was meant to be
    typo = np.zeros(len(count), dtype=bool)
    if rare.any():
        # Anchors: the years many rows of the sheet have, and the year its name or title gives.
        anchors: dict[int, set[int]] = {}
        ordered = np.lexsort((group_year, -count, group_part))
        for g in ordered[~rare[ordered]].tolist():
            anchors.setdefault(int(group_part[g]), set()).add(int(group_year[g]))
        for p in np.unique(group_part).tolist():
            if named[p] is not None:
                anchors.setdefault(p, set()).add(int(named[p]))
        for g in ordered[rare[ordered]].tolist():
            value, near = int(group_year[g]), anchors.get(int(group_part[g]))
            if near:
                meant = min(near, key=lambda a: abs(a - value))
                if abs(meant - value) > YEAR_TOLERANCE:
                    anchor[g], typo[g] = meant, True
    hit = typo[group]
    flagged = at[hit]
    reasons = [f"日期年份与台账年度（{a}年）不符，可能是笔误" for a in anchor[group[hit]].tolist()]
    if is_date_field:
        future = dates.rows(dates.values.to_numpy() > np.datetime64(today, "us"))
        future[flagged] = False
        later = np.flatnonzero(future)
        flagged = np.concatenate([flagged, later])
        reasons += ["登记日期晚于今天，可能是笔误"] * len(later)
    return flagged, reasons
