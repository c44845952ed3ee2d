"""Finding register files in a workspace and reading their sheets as raw cells.

Excel files (xlsx, xlsm, xlsb, xls, ods, and WPS's .et where it holds one of those) are read with calamine: an
.xlsx written plainly column by column (``xlsx_columns``), any other cell by cell, falling back to openpyxl for a
valid .xlsx calamine refuses (WPS and LibreOffice write sheet dimensions such as
``ref="1:2137"`` or none at all); CSV and tab-separated text with the encoding detected, always without a
header so that row *i* of a frame is Excel row *i + 1*: locating a cell as the clerk sees it depends on that.
Alongside the cells a sheet carries its merged ranges, and a cell whose value the file does not hold (a formula
never calculated, an Excel error such as ``#DIV/0!``) is a :class:`CellProblem` saying so, never an empty cell.
"""

from __future__ import annotations

import codecs
import collections
import csv
import functools
import gc
import io
import itertools
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from summarize.errors import SummarizeError
from summarize.ingest.header import HEADER_SEARCH_ROWS
from summarize.ingest.workbook_size import check_loaded_range, check_sheet_ranges, check_zip_sizes
from summarize.ingest.xlsx_columns import ColumnSheet, column_sheets, load_sheets, value_cells, whole_numbers

if TYPE_CHECKING:
    import polars as pl

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".et"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
TABLE_SUFFIXES = EXCEL_SUFFIXES | TEXT_SUFFIXES
# A CSV cell may hold a long text (an Excel cell holds up to 32 767 characters); one beyond this is a
# quote left open.
CSV_FIELD_LIMIT = 1_000_000
# Excel's own widest sheet. A line with more fields is no register (commas typed or pasted by mistake), and handing
# it on would pad every row to its width: a 9 MB header of a million fields aborted polars, 5 MB of commas in one
# row ran the padding out of memory.
CSV_COLUMN_LIMIT = 16_384
CSV_PADDED_CELLS = 5_000_000
SAVE_AS_CSV = "请在 Excel 中打开，确认文字显示正常后另存为“CSV UTF-8”再试"


class CellProblem(str):
    """A cell whose value cannot be read from the file; the text is what Excel shows in the formula bar.

    ``reason`` says why, in the words a clerk needs (the row and column are added where it is reported).
    """

    reason: str

    def __new__(cls, text: str, reason: str) -> CellProblem:
        cell = super().__new__(cls, text)
        cell.reason = reason
        return cell

    def __reduce__(self) -> tuple:
        return CellProblem, (str(self), self.reason)


# Reasons end without a full stop: where they are reported, "，该行未计入" or "，已按空值处理" follows.
UNCACHED_FORMULA = "单元格是公式，但文件中没有保存计算结果（请用 Excel 或 WPS 打开该文件、保存后再试）"
ERROR_VALUE = "单元格显示错误值 {}（请在 Excel 中改正公式或直接填写）"


class RawSheet:
    """One sheet's cells as the file holds them: ``cells.iloc[i]`` is Excel row ``i + 1``. ``name`` is None for
    CSV. A cell whose value the file does not hold is a :class:`CellProblem` (then ``unreadable`` is True).

    ``merged`` lists the merged ranges as 0-based ``(first row, first column, last row, last column)``. A CSV
    file's cells are all text: they are kept as a polars frame (``text``, null where empty). An .xlsx read by
    columns keeps each column as its distinct values and every row's position among them (``columns``, -1 where
    empty; see ``xlsx_columns``). For either, ``cells`` (a pandas object frame) is built only when something
    asks for the whole sheet that way.
    """

    def __init__(
        self,
        name: str | None,
        cells: pd.DataFrame | None = None,
        merged: list[tuple[int, int, int, int]] | None = None,
        unreadable: bool = False,
        text: pl.DataFrame | None = None,
        columns: list[tuple[np.ndarray, np.ndarray]] | None = None,
    ) -> None:
        self.name = name
        self._cells = cells
        self.merged = merged or []
        self.unreadable = unreadable
        self.text = text
        self.columns = columns
        self._head: tuple[int, pd.DataFrame] | None = None
        self._blank: bool | None = None

    @property
    def cells(self) -> pd.DataFrame:
        """Every cell as an object frame (None where empty)."""
        if self._cells is None:
            self._cells = _object_frame(self.text) if self.columns is None else _column_frame(self.columns)
        return self._cells

    @cells.setter
    def cells(self, cells: pd.DataFrame) -> None:
        self._cells, self.text, self.columns, self._head, self._blank = cells, None, None, None, None

    def head(self, rows: int) -> pd.DataFrame:
        """The first ``rows`` rows as an object frame (all a header and title search needs)."""
        if self._cells is not None:
            return self._cells.iloc[:rows]
        if self._head is None or self._head[0] != rows:  # detection and reading ask for the same rows
            if self.columns is not None:
                head = _column_frame([(codes[:rows], values) for codes, values in self.columns])
            else:
                head = _head_frame(self.text.head(rows))
            self._head = (rows, head)
        return self._head[1]

    @property
    def blank(self) -> bool:
        """Whether no cell of the sheet is written (found once: a CSV's on the thread reading it)."""
        if self._blank is None:
            if self._cells is None and self.columns is not None:
                self._blank = all(not len(values) for _, values in self.columns)
            elif self._cells is None:
                self._blank = sum(self.text.null_count().row(0)) == self.text.height * self.text.width
            else:  # cell by cell, stopping at the first written one (the title or header, at once in a register)
                self._blank = self._cells.empty or all(map(pd.isna, self._cells.to_numpy(dtype=object).flat))
        return self._blank


def _column_frame(columns: list[tuple[np.ndarray, np.ndarray]]) -> pd.DataFrame:
    """The object frame of a sheet held as columns: each column's values taken at its rows' positions (pointers
    copied, no value made), None where empty."""
    height = len(columns[0][0]) if columns else 0
    if not height:
        return pd.DataFrame(dtype=object)
    grid = np.empty((height, len(columns)), dtype=object)
    for j, (codes, values) in enumerate(columns):
        grid[:, j] = np.append(values, None)[codes]  # -1 takes the None after the values
    return pd.DataFrame(grid, dtype=object)


def _object_frame(text: pl.DataFrame) -> pd.DataFrame:
    # Polars gives its text columns as one object array (None where null), which pandas takes as one block
    # without looking at each cell, as it does when given the rows.
    return pd.DataFrame(text.to_numpy(), dtype=object) if text.height else pd.DataFrame(dtype=object)


def _head_frame(text: pl.DataFrame) -> pd.DataFrame:
    """``_object_frame`` of a sheet's first rows: for so few cells, polars' object array costs several times
    what putting each column's list in does."""
    if not text.height:
        return pd.DataFrame(dtype=object)
    grid = np.empty(text.shape, dtype=object)
    for j, column in enumerate(text.get_columns()):
        grid[:, j] = column.to_list()
    return pd.DataFrame(grid, dtype=object)


def find_register_files(folder: Path, ignore: list[str] | None = None) -> list[Path]:
    """Register files in a workspace folder and its sub-folders, sorted by path.

    Skips Excel's lock files (``~$…``), hidden files, the ``out``, ``templates`` and cache folders, and the
    names in ``ignore`` (relative paths or file names).
    """
    return [path for path in _workspace_paths(folder, ignore) if _is_register_file(path)]


def find_workspace_files(folder: Path, ignore: list[str] | None = None) -> tuple[list[Path], list[Path]]:
    """The register files (as :func:`find_register_files` finds them) and, from the same walk of ``folder``,
    what it holds that may be a register but is not read, so that ``check`` can say so: files named like a
    register ("收文登记2025.docx") in a format not read (Word, PDF, Numbers, Excel templates, databases) or
    Windows shortcuts to one; table files that cannot be opened (a link whose target is gone); and links to
    folders, whose files are not read (following them could loop or leave the workspace)."""
    registers, others = [], []
    for path in _workspace_paths(folder, ignore):
        if _is_register_file(path):
            registers.append(path)
        elif _is_other_file(path):
            others.append(path)
    return registers, others


def _is_register_file(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES and path.is_file()


def _workspace_paths(folder: Path, ignore: list[str] | None) -> Iterator[Path]:
    """Every path under ``folder``, sorted, but those in hidden, ``out``, ``templates`` or cache folders, lock
    and hidden files, and the names in ``ignore`` (relative paths or file names)."""
    ignored = set(ignore or ())
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") or part in {"out", "templates"} for part in rel.parts[:-1]):
            continue
        if path.name.startswith(("~$", ".")) or path.name in ignored or rel.as_posix() in ignored:
            continue
        yield path


# Files that may hold a register but are no table this program reads: listed, never silently passed over.
OTHER_SUFFIXES = {
    ".doc",
    ".docx",
    ".wps",
    ".pdf",
    ".numbers",
    ".xlt",
    ".xltx",
    ".xltm",
    ".dbf",
    ".mdb",
    ".accdb",
}
_REGISTER_WORDS = (
    "登记",
    "台账",
    "登记簿",
    "收文",
    "发文",
    "信访",
    "督办",
    "会议",
    "大事记",
    "信息",
    "工作量",
)


def _is_other_file(path: Path) -> bool:
    """Whether ``path`` is one of the files :func:`find_workspace_files` lists as not read."""
    suffix = path.suffix.lower()
    if path.is_symlink() and path.is_dir():
        return True
    if suffix in TABLE_SUFFIXES and not path.is_file():
        return True
    if path.is_file() and (suffix in OTHER_SUFFIXES or suffix == ".lnk"):
        return any(word in path.stem for word in _REGISTER_WORDS) or (
            suffix == ".lnk" and Path(path.stem).suffix.lower() in TABLE_SUFFIXES
        )
    return False


def not_read_reason(path: Path) -> tuple[bool, str, str]:
    """Why a path among those ``find_workspace_files`` lists as not read is left out, and what to do: whether the
    figures may lack rows because of it (a table that cannot be opened, a shortcut to one, a linked folder holding
    tables), the problem's reason, and the note of its line in the file list ("无法读取" for the first kind, which
    ``not_counted`` counts)."""
    if path.is_dir():
        try:
            tables = any(p.suffix.lower() in TABLE_SUFFIXES for p in path.iterdir())
        except OSError:  # a folder we may not list may hold tables as well
            tables = True
        return (
            tables,
            f"是指向其他位置的文件夹（链接），其中的{'表格' if tables else '文件'}未读取；"
            "如果里面有台账，请把文件复制到工作区中",
            "无法读取" if tables else "文件夹链接，未读取",
        )
    if not path.exists():
        return True, "是一个链接，但它指向的文件已不存在，未读取；请把台账文件本身放回工作区", "无法读取"
    if not path.is_file():
        return True, "不是普通文件，无法读取；请把台账文件本身放回工作区", "无法读取"
    if path.suffix.lower() == ".lnk":
        return True, "是快捷方式，不是台账文件本身，未读取；请把它指向的台账文件复制到工作区中", "无法读取"
    return (
        False,
        f"是 {path.suffix.lower()} 文件，不是表格，未读取；如果它是台账，请另存为 Excel（.xlsx）后放回",
        "不是表格文件，未读取",
    )


def read_sheets(path: Path, label: str) -> list[RawSheet]:
    """Every sheet of a register file as raw cells. ``label`` names the file in messages.

    Raises :class:`SummarizeError` (exit code 1) with a Chinese explanation when the file cannot be read at all:
    empty, encrypted, damaged, in an unknown encoding, or not what its extension says.
    """
    return open_sheets(path, label)()


def open_sheets(path: Path, label: str) -> Callable[[], list[RawSheet]]:
    """:func:`read_sheets` in two steps, so that files can be read ahead on worker threads (:func:`read_ahead`).

    This step does what mostly runs without the GIL: reading the file, inflating and measuring a workbook's XML,
    calamine parsing its sheets, polars parsing a CSV. The function it returns gives the sheets, making an Excel
    file's cells Python values first; that is Python work, done with the cycle collector paused (which is
    process-wide, so not on a worker) and, for a workbook calamine refuses, openpyxl's (whose warnings filter is
    process-wide). Either step raises the :class:`SummarizeError` read_sheets raises.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SummarizeError(
            f"文件“{label}”无法打开（可能正在被其他程序使用，或没有读取权限），请关闭该文件后重试",
            exit_code=1,
        ) from exc
    if not data.strip():
        raise SummarizeError(f"文件“{label}”是空文件，没有任何内容", exit_code=1)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        if data.startswith((b"PK\x03\x04", _OLE_MAGIC)):
            real = ".xlsx" if data.startswith(b"PK") else ".xls"
            raise SummarizeError(
                f"文件“{label}”实际是 Excel 文件，只是扩展名为 {suffix}；请把扩展名改为 {real}", exit_code=1
            )
        sheets = [_read_csv(data, label)]
        # The first rows, which detection reads, and whether anything is written are found here: off the thread
        # taking the files, which is the one the reading waits for (and where each polars call, giving the GIL
        # up, waits to have it back while the readers hold it).
        sheets[0].head(HEADER_SEARCH_ROWS)
        sheets[0].blank  # noqa: B018 (found now, and kept)
        return lambda: sheets
    if suffix == ".et":
        return _open_wps_et(data, label)
    package = _check_excel_container(data, suffix, label)
    formulas = None
    if suffix in {".xlsx", ".xlsm"}:
        cells = [value_cells(xml) for _, xml in package.sheets]
        measured = [None if c is None else (c.extent, c.formulas) for c in cells]
        found = check_sheet_ranges([xml for _, xml in package.sheets], label, measured)
        formulas = {name for (name, _), formula in zip(package.sheets, found, strict=True) if formula}
        # The last of equally named members, as ``ZipFile.read`` takes it.
        by_part = dict(zip((name for name, _ in package.sheets), cells, strict=True))
        try:
            loaded = load_sheets(data, _sheet_parts(package.book), by_part, package.book.get(_STYLES))
            read = None if loaded is None else column_sheets(loaded)
        except Exception:  # a file this reader does not foresee: the cell-by-cell reader reads it
            read = None
        if read is not None:
            return functools.partial(_column_sheets, data, read, package, formulas)
    return _open_excel(data, suffix, label, package, formulas)


def _column_sheets(
    data: bytes, read: list[ColumnSheet], package: _Package, formulas: set[str]
) -> list[RawSheet]:
    """The second step of :func:`open_sheets` for an .xlsx read by columns: its sheets, unreadable cells marked."""
    sheets = [RawSheet(s.name, merged=s.merged, columns=s.columns) for s in read]
    errors = {s.name for s in read if s.errors}
    _mark_unreadable_cells(data, sheets, package, formulas, errors)
    return sheets


# How files are read ahead. polars parses a CSV in well under a millisecond without the GIL, and the thread then
# waits for the GIL (up to the 5 ms switch interval, while the thread taking the files detects the one before):
# with six files in flight those waits overlap. Calamine parses a workbook for longer without the GIL, and two
# at a time use both cores; more only add switching (measured slower), and a workbook's cells are held until it
# is taken, so at most four are.
TEXT_READERS, TEXT_AHEAD = 6, 12
BOOK_READERS, BOOKS_AHEAD = 2, 4


def read_ahead(
    files: list[tuple[Path, str]], ahead: int = TEXT_AHEAD, books_ahead: int = BOOKS_AHEAD
) -> Iterator[Callable[[], list[RawSheet]]]:
    """:func:`read_sheets` of each (path, label), in order, as a function giving the file's sheets or raising
    its :class:`SummarizeError`; the first step of each (:func:`open_sheets`) runs on worker threads, at most
    ``ahead`` files ahead of the one taken, of which at most ``books_ahead`` workbooks (their sheets are held
    until then).

    Close the iterator (``contextlib.closing``) when not running it to its end: the files not yet started are
    cancelled and the threads ended, waiting for the files under way.
    """
    from concurrent.futures import ThreadPoolExecutor

    waiting = collections.deque(files)
    texts = ThreadPoolExecutor(TEXT_READERS, thread_name_prefix="summarize-read-text")
    books = ThreadPoolExecutor(BOOK_READERS, thread_name_prefix="summarize-read-book")
    started: collections.deque = collections.deque()  # (future, whether a workbook)
    held_books = 0

    def start() -> None:
        nonlocal held_books
        while waiting and len(started) < ahead:
            book = waiting[0][0].suffix.lower() not in TEXT_SUFFIXES
            if book and held_books >= books_ahead:
                return  # in order: the files after it wait too
            path, label = waiting.popleft()
            started.append(((books if book else texts).submit(open_sheets, path, label), book))
            held_books += book

    try:
        start()
        while started:
            future, book = started.popleft()
            held_books -= book
            start()
            yield lambda future=future: future.result()()
    finally:
        texts.shutdown(cancel_futures=True)
        books.shutdown(cancel_futures=True)


def _open_wps_et(data: bytes, label: str) -> Callable[[], list[RawSheet]]:
    """A WPS 表格 .et file: WPS saves most of them as an Excel 97-2003 workbook (or an .xlsx) under its own
    extension; those are read. The others are WPS's own format, which only WPS opens."""
    inner = ".xls" if data.startswith(_OLE_MAGIC) else ".xlsx" if data.startswith(b"PK\x03\x04") else None
    if inner is None:
        raise _wps_only(label)
    package = _check_excel_container(data, inner, label)  # an encrypted one is named as such
    if inner == ".xlsx":
        check_sheet_ranges([xml for _, xml in package.sheets], label)
    opened = _open_excel(data, inner, label, package)

    def sheets() -> list[RawSheet]:
        try:
            return opened()
        except SummarizeError:
            pass
        raise _wps_only(label)

    return sheets


def _wps_only(label: str) -> SummarizeError:
    return SummarizeError(
        f"文件“{label}”是 WPS 表格专有的 .et 格式，无法直接读取；请在 WPS 中打开后“另存为”Excel 工作簿（.xlsx）再试",
        exit_code=1,
    )


def _open_excel(
    data: bytes, suffix: str, label: str, package: _Package, formulas: set[str] | None = None
) -> Callable[[], list[RawSheet]]:
    """The worksheets of an Excel file through calamine, with merged ranges and unreadable cells marked, in the
    two steps of :func:`open_sheets`: calamine parses the sheets now, the function returned converts them.
    ``package`` holds the members already inflated by :func:`_check_excel_container`; ``formulas``, when
    known, the worksheet parts among them that may hold a formula."""
    from python_calamine import SheetTypeEnum, load_workbook

    failed = None  # what calamine raised, judged with what converting the cells may raise
    loaded = []
    try:
        book = load_workbook(io.BytesIO(data))
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        loaded = [(name, book.get_sheet_by_name(name)) for name in names]
        for (
            _,
            sheet,
        ) in loaded:  # .xls and .ods are not measured before loading: at least spare the conversion
            check_loaded_range(sheet.end, label)
    except BaseException as exc:
        failed = exc
    return functools.partial(_excel_sheets, data, suffix, label, package, formulas, loaded, failed)


def _excel_sheets(
    data: bytes,
    suffix: str,
    label: str,
    package: _Package,
    formulas: set[str] | None,
    loaded: list[tuple[str, object]],
    failed: BaseException | None,
) -> list[RawSheet]:
    """The second step of :func:`_open_excel`: calamine's sheets ``loaded`` converted, or what ``failed``
    (calamine's exception) means."""
    import python_calamine

    password_error = getattr(python_calamine, "PasswordError", ())  # older releases have no such type

    try:
        if failed is not None:
            raise failed
        with _collector_paused():
            sheets = [
                RawSheet(name, _frame(sheet.to_python(skip_empty_area=False)), _merged(sheet))
                for name, sheet in loaded
            ]
    except password_error as exc:
        raise SummarizeError(
            f"文件“{label}”设置了打开密码，请在 Excel 中取消密码后另存再试", exit_code=1
        ) from exc
    except SummarizeError:  # a sheet over the size limit
        raise
    except MemoryError as exc:
        raise SummarizeError(
            f"文件“{label}”过大，读取时内存不足；请删除多余的行列后另存再试", exit_code=1
        ) from exc
    except BaseException as exc:  # calamine raises its own types for every kind of damage, a panic included
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # KeyboardInterrupt, SystemExit
        sheets = _read_with_openpyxl(data) if suffix in {".xlsx", ".xlsm"} else None
        if sheets is None:
            raise SummarizeError(
                f"文件“{label}”无法作为 Excel 文件读取，可能已损坏或不完整；请用 Excel 打开后另存，或重新获取该文件",
                exit_code=1,
            ) from exc
    if suffix in {".xlsx", ".xlsm"}:
        _mark_unreadable_cells(data, sheets, package, formulas)
    return sheets


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused: a sheet's cells are hundreds of thousands of new lists and values, none
    in a cycle, that each of its passes while they are made would walk again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_with_openpyxl(data: bytes) -> list[RawSheet] | None:
    """The worksheets of an .xlsx calamine refused, read by openpyxl (which takes a package as its parts say,
    whatever the sheet dimension); None when openpyxl cannot read it either, so the file is really damaged."""
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter(
                "ignore"
            )  # styles and extensions openpyxl does not know are not our concern
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl too raises many types for a damaged package
        return None
    sheets = []
    for ws in book.worksheets:
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        merged = [
            (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in ws.merged_cells.ranges
        ]
        sheets.append(RawSheet(ws.title, _frame(rows), merged))
    return sheets


def _frame(rows: list[list]) -> pd.DataFrame:
    """Calamine's cells as an object frame: empty cells None, whole numbers int, dates as datetime (as pandas'
    own Excel reader gives them), text exactly as typed.

    Converted for the whole sheet at once, each kind of cell together: a sheet holds hundreds of thousands of
    cells but only a few types, so one pass finds each cell's type and numpy converts the floats in C.
    """
    if not rows or not rows[0]:
        return pd.DataFrame(dtype=object)
    width = max(map(len, rows))
    if min(map(len, rows)) < width:  # a short row ends in empty cells
        rows = [row + [None] * (width - len(row)) for row in rows]
    flat = list(itertools.chain.from_iterable(rows))  # row by row, as the frame's array is laid out
    cells = np.fromiter(flat, dtype=object, count=len(flat))  # (no look into each cell for a sequence)
    types = list(map(type, flat))
    kinds = set(types)
    # Each cell's type as the identity of its type object (held by ``types`` meanwhile), for numpy to compare.
    identities = np.fromiter(map(id, types), dtype=np.intp, count=len(types))

    def where(kind: type) -> np.ndarray:
        return np.flatnonzero(identities == id(kind))

    if str in kinds:  # "" is how calamine gives an empty cell (no cell of another type equals it)
        at = where(str)
        cells[at[cells[at] == ""]] = None
    if float in kinds:
        at = where(float)
        cells[at] = whole_numbers(cells[at].astype(np.float64))
    if date in kinds:  # a date without a time: a datetime at midnight, each distinct date converted once
        at = where(date)
        days = cells[at].tolist()
        midnight = {day: datetime(day.year, day.month, day.day) for day in dict.fromkeys(days)}
        cells[at] = list(map(midnight.__getitem__, days))
    for kind in kinds - _KEPT_TYPES - {str, float, date}:
        at = where(kind)
        cells[at] = [_cell(v) for v in cells[at]]
    return pd.DataFrame(cells.reshape(len(rows), width), dtype=object)


# Cells of these types are kept as they are (calamine and openpyxl give time and timedelta cells too; those go
# through ``_cell`` like any type not named here).
_KEPT_TYPES = frozenset({int, bool, datetime, type(None)})


def _cell(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _merged(sheet: object) -> list[tuple[int, int, int, int]]:
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    return [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in ranges]


# ---- cells calamine reads as empty although the clerk sees something ----------------------------------------

# Elements may carry a namespace prefix (<x:c>) when a program other than Excel wrote the file.
_FORMULA_START = re.compile(rb"<(?:\w+:)?f[\s>/]")
_ERROR_TYPE = re.compile(rb' t="e"')
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WORKBOOK, _WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
_STYLES = "xl/styles.xml"


def _mark_unreadable_cells(
    data: bytes,
    sheets: list[RawSheet],
    package: _Package,
    formulas: set[str] | None = None,
    errors: set[str] | None = None,
) -> None:
    """Put a :class:`CellProblem` where an .xlsx holds a formula with no saved result or an error value.

    Calamine reads both as empty, which would turn a row into a "missing date" or drop it as blank. Only the
    cells that hold a formula or an error are looked at, so ordinary files cost one pattern search per sheet.
    ``package`` holds the worksheet parts already inflated (a part stored elsewhere is read here) and the
    workbook's XML that names each sheet's part. ``formulas``, when known, names the inflated parts that hold
    ``<f`` or ``:f`` (the others hold no formula to look for); ``errors``, when known, the sheets holding an
    error value (the others, without a formula, are not searched).
    """
    inflated_xml = dict(package.sheets)  # the last of equally named members, as ``ZipFile.read`` takes it
    parts = _sheet_parts(package.book)
    for sheet in sheets:
        part = parts.get(sheet.name or "")
        if part is None or part not in package.names:
            continue
        if errors is not None and formulas is not None and sheet.name not in errors and part not in formulas:
            continue
        xml = inflated_xml.get(part)
        if xml is None:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                found = _unreadable_cells(archive.read(part))
        else:
            found = _unreadable_cells(xml, None if formulas is None else part in formulas)
        if found:
            _put_unreadable_cells(sheet, found)


def _put_unreadable_cells(sheet: RawSheet, found: list[tuple[int, int, CellProblem]]) -> None:
    rows = max(len(sheet.cells), *(row + 1 for row, _, _ in found))
    cols = max(len(sheet.cells.columns), *(col + 1 for _, col, _ in found))
    grid = sheet.cells.reindex(index=range(rows), columns=range(cols)).to_numpy(dtype=object, copy=True)
    for row, col, cell in found:
        grid[row, col] = cell
    sheet.cells = pd.DataFrame(grid, dtype=object)
    sheet.unreadable = True


def _sheet_parts(members: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → the zip member holding its XML, from ``xl/workbook.xml`` and its relationships (``members``:
    those of the two the package holds)."""
    try:
        book = ElementTree.fromstring(members[_WORKBOOK])
        rels = ElementTree.fromstring(members[_WORKBOOK_RELS])
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(f"{_REL_NS}id") in targets:
            target = targets[sheet.get(f"{_REL_NS}id")]
            parts[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _unreadable_cells(xml: bytes, formulas: bool | None = None) -> list[tuple[int, int, CellProblem]]:
    """(0-based row, 0-based column, cell) for every formula without a cached result and every error value.
    ``formulas`` says whether the XML holds ``<f`` or ``:f``, when that is known already."""
    found = []
    seen = -1
    # Every formula tag holds "<f" or ":f" (a prefixed one): a sheet with neither, most registers, has no
    # formula to look for, found by a plain search much faster than the pattern.
    if formulas is None:
        formulas = b"<f" in xml or b":f" in xml
    patterns = (_FORMULA_START, _ERROR_TYPE) if formulas else (_ERROR_TYPE,)
    marks = sorted(m.start() for pattern in patterns for m in pattern.finditer(xml))
    for mark in marks:
        low = max(0, mark - 300)  # a cell's opening tag is short, and its formula follows it at once
        start = max(xml.rfind(b"<c ", low, mark), xml.rfind(b":c ", low, mark))
        if start <= seen:  # the same cell as the previous mark (a formula whose result is an error)
            continue
        seen = start
        head_end = xml.find(b">", start)
        attrs = xml[start:head_end]
        body = b"" if attrs.endswith(b"/") else xml[head_end + 1 : xml.find(b"c>", head_end)]
        kind = _TYPE.search(attrs)
        kind = kind.group(1) if kind else b"n"
        formula = _FORMULA.search(body)
        value = _VALUE.search(body)
        ref = _REF.search(attrs)
        if ref is None or (formula is None and kind != b"e"):
            continue
        text = "=" + _xml_text(formula.group(1) or b"") if formula else ""
        if kind == b"e":
            shown = _xml_text(value.group(1)) if value else "#VALUE!"
            cell = CellProblem(text or shown, ERROR_VALUE.format(shown))
        elif (value is None or not value.group(1).strip()) and kind not in (b"str", b"inlineStr"):
            cell = CellProblem(text, UNCACHED_FORMULA)
        else:
            continue
        found.append((int(ref.group(2)) - 1, _column_index(ref.group(1).decode()), cell))
    return found


def _xml_text(raw: bytes) -> str:
    return (
        raw.decode("utf-8", "replace")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


# ---- what the bytes are, before calamine gives a cryptic error -------------------------------------------

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


class _Package(NamedTuple):
    """What the container check keeps of a zip package, so that nothing is inflated twice: the worksheet XML
    (``xl/worksheets/…``) as (member name, XML) pairs in the package's order, the workbook's XML, its
    relationships and its styles (by member name, those the package holds) and the name of every member."""

    sheets: list[tuple[str, bytes]]
    book: dict[str, bytes]
    names: frozenset[str]


def _check_excel_container(data: bytes, suffix: str, label: str) -> _Package:
    """Explain the usual impostors: an encrypted workbook, an .xls or a web page or CSV under another name.

    Every member of a zip package is inflated here to check it is whole; what the size check and the scan for
    unreadable cells read of it is kept (nothing for a file that is no zip package).
    """
    head = data[:512].lstrip().lower()
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:  # the stream an encrypted .xlsx is stored in
            raise SummarizeError(f"文件“{label}”设置了打开密码，请在 Excel 中取消密码后另存再试", exit_code=1)
        if suffix in {".xlsx", ".xlsm"}:
            raise SummarizeError(
                f"文件“{label}”实际是旧版 .xls 格式，请把扩展名改为 .xls，或在 Excel 中另存为 .xlsx", 1
            )
        return _Package([], {}, frozenset())
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")):
        raise SummarizeError(
            f"文件“{label}”实际是网页（HTML）或 XML 格式，只是扩展名为 {suffix}；请在 Excel 中打开后另存为 .xlsx",
            exit_code=1,
        )
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_zip_sizes(archive, label)  # before every member is inflated
                bad, package = _inflate(archive)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error) as exc:
            raise SummarizeError(
                f"文件“{label}”已损坏或不完整（可能未下载完），请重新获取该文件", exit_code=1
            ) from exc
        if bad:
            raise SummarizeError(f"文件“{label}”已损坏（部分内容无法解压），请重新获取该文件", exit_code=1)
        return package
    raise SummarizeError(
        f"文件“{label}”不是有效的 {suffix} 文件（可能是改了扩展名的文本或 CSV 文件）；"
        "请用 Excel 打开后另存为 .xlsx，或把扩展名改回 .csv",
        exit_code=1,
    )


def _sheet_xml(xml: bytes) -> bytes | None:
    """A member's XML (as UTF-8) when it holds a sheet's cells, wherever it is stored and however it is named:
    calamine reads a worksheet where the workbook's relationships say (``sheets/a``, ``xl\\worksheets\\b.XML``),
    in UTF-16 too, and the size check must measure every one it may read."""
    if b"\x00" in xml[:4]:
        if xml[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            encoding = "utf-16"
        else:  # no mark: "<" is the first character, its zero byte after it or before
            encoding = "utf-16-le" if xml[1:2] == b"\x00" else "utf-16-be"
        try:
            xml = xml.decode(encoding).encode("utf-8")
        except UnicodeDecodeError:
            return None
    return xml if b"sheetData" in xml else None


def _inflate(archive: zipfile.ZipFile) -> tuple[bool, _Package]:
    """Every member inflated and its checksum verified, as ``ZipFile.testzip`` does (a member failing its check
    makes the first value True), keeping the sheets' XML (see ``_sheet_xml``) and the workbook's."""
    sheets, book = [], {}
    infos = archive.infolist()
    for info in infos:
        try:
            xml = archive.read(info)
        except zipfile.BadZipFile:
            return True, _Package([], {}, frozenset())
        sheet = _sheet_xml(xml)
        if sheet is not None:
            sheets.append((info.filename, sheet))
        elif info.filename in (_WORKBOOK, _WORKBOOK_RELS, _STYLES):
            book[info.filename] = xml  # the last of equally named members, as ``ZipFile.read`` takes it
    return False, _Package(sheets, book, frozenset(info.filename for info in infos))


# ---- CSV -----------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# What Chinese text holds besides ASCII: Han characters, and CJK, full-width and typographic punctuation.
_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
_HAN = re.compile(f"[{_HAN_CHARS}]")
_NOT_HAN = re.compile(f"[^{_HAN_CHARS}]+")
_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2010-\u2027\u00b7\u2160-\u216b\u2460-\u2473]")


def decode_text(data: bytes, label: str) -> tuple[str, str]:
    """Text of a CSV file in whatever encoding Excel or an OA system saved it: UTF-8 (with or without BOM),
    UTF-16 (Excel's "Unicode 文本", with or without BOM), or GBK/GB18030. Returns the text and the encoding.

    A file that mixes UTF-8 and GBK lines, or whose bytes are another encoding (Big5, Shift-JIS …) that would
    read as nonsense, is refused with a sentence naming the first line concerned, never read as garbled text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SummarizeError(
                    f"文件“{label}”不完整或已损坏（按 {encoding.upper()} 编码读到第{_line_at(data, exc.start)}行时出错），"
                    "请重新导出该文件",
                    exit_code=1,
                ) from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    odd_line = _odd_encoding_line(data, utf8_error.start)
    if odd_line:
        raise SummarizeError(
            f"文件“{label}”混用了 UTF-8 和 GBK 两种文字编码（从第{odd_line}行起与前面的行不同，可能是把两个文件拼接在一起）；"
            "请在 Excel 中打开，改正显示为乱码的行后另存为“CSV UTF-8”再试",
            exit_code=1,
        ) from utf8_error
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is None or not _plausible_chinese(text):
        raise SummarizeError(
            f"文件“{label}”的文字编码无法识别（不是 UTF-8 或 GBK，可能是繁体 Big5 等其他编码）；{SAVE_AS_CSV}",
            exit_code=1,
        ) from utf8_error
    return text, "gb18030"


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order of a file saved without a BOM (most ASCII characters have a zero byte beside
    them), or None."""
    sample = data[:4000]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) < 4:
        return None
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _odd_encoding_line(data: bytes, failed_at: int) -> int | None:
    """The line where the encoding changes, when whole lines of UTF-8 Chinese and lines that are not UTF-8 are
    both in the file; None for a file in one encoding. ``failed_at`` is where reading it as UTF-8 failed.

    Whole lines with Han characters are required: a GBK character now and then is also valid UTF-8 by chance,
    but never as a Han character, let alone a whole line of them.
    """
    line_start = data.rfind(b"\n", 0, failed_at) + 1
    failed_line = data.count(b"\n", 0, line_start) + 1
    if _HAN.search(data[:line_start].decode("utf-8")):  # UTF-8 Chinese first, then something else
        return failed_line
    # Something else first: is a whole line of UTF-8 Chinese further on? (Lines that are not UTF-8 have a
    # replacement character and are passed over at once.)
    for number, line in enumerate(data[line_start:].decode("utf-8", errors="replace").split("\n")):
        if "\ufffd" not in line and not line.isascii() and _HAN.search(line):
            return failed_line + number
    return None


def _plausible_chinese(text: str) -> bool:
    """Whether text read as GB18030 looks like Chinese rather than another encoding read wrongly (Big5 turns
    into kana and symbols, Shift-JIS into rare characters): its non-ASCII characters are Han characters and
    Chinese punctuation, and most of the Han characters are common (GB2312) ones. Judged on the file's start."""
    sample = text[:200_000]
    foreign = len(sample) - len(sample.encode("ascii", "ignore"))
    if foreign < 4:
        return True
    han = _NOT_HAN.sub("", sample)
    punctuation = len(sample) - len(_PUNCTUATION.sub("", sample))
    common = len(han.encode("gb2312", "ignore")) // 2
    return foreign - len(han) - punctuation <= 0.2 * foreign and common >= 0.5 * len(han)


def _read_csv(data: bytes, label: str) -> RawSheet:
    """Rows of a CSV as raw text cells; ragged rows (a title line above the header) are padded.

    Record *i* is row *i + 1* as Excel shows it when it opens the file. A regular file (its first row its widest)
    is read by polars into text columns; any other by the csv module, because a title row with one field would
    fix a CSV parser's width.
    """
    # Most files are UTF-8: polars reads their bytes as they are and checks them as it goes, and only a file it
    # does not take is decoded here (which then names a wrong encoding, or goes to the csv module).
    plain = _plain_utf8(data)
    if plain is not None:
        regular = _read_regular_csv(plain)
        if regular is not None:
            return RawSheet(None, text=regular)
    text, encoding = decode_text(data, label)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if plain is None or not encoding.startswith("utf-8"):  # polars has not tried these bytes yet
        regular = _read_regular_csv(text.encode("utf-8"))
        if regular is not None:
            return RawSheet(None, text=regular)
    dialect = "excel-tab" if _separator(text.split("\n", 1)[0]) == "\t" else "excel"
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))  # the default is 131 072 characters
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[str]] = []
    try:
        rows.extend(reader)  # the rows read so far stay in ``rows`` when a later one fails
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise SummarizeError(
                f"文件“{label}”第{len(rows) + 1}行有一个单元格超过 {CSV_FIELD_LIMIT // 10_000} 万字，无法读取"
                f"（多半是引号没有成对，使后面的内容都并入了这一格）；{SAVE_AS_CSV}",
                exit_code=1,
            ) from exc
        raise SummarizeError(
            f"文件“{label}”不是规整的 CSV 表格（引号不成对或含有无法识别的字符），{SAVE_AS_CSV}", exit_code=1
        ) from exc
    width = max((len(r) for r in rows), default=0)
    if _too_wide(width, len(rows), sum(map(len, rows))):
        widest = next(i for i, r in enumerate(rows) if len(r) == width)
        beyond = f"超过 Excel 的 {CSV_COLUMN_LIMIT:,} 列" if width > CSV_COLUMN_LIMIT else "远多于其他各行"
        raise SummarizeError(
            f"文件“{label}”第{widest + 1}行有 {width:,} 列，{beyond}，不像台账"
            f"（多半是误填或粘贴了大量{'制表符' if dialect == 'excel-tab' else '逗号'}）；请删去多余的分隔符后再试",
            exit_code=1,
        )
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return RawSheet(None, frame.where(frame.notna() & frame.ne(""), None))


def _too_wide(width: int, rows: int, fields: int) -> bool:
    """Whether rows padded to ``width`` would be past Excel's widest sheet, or millions of cells mostly padding
    (``fields`` is how many the rows hold)."""
    padded = width * rows
    return width > CSV_COLUMN_LIMIT or (padded > CSV_PADDED_CELLS and padded > 4 * fields)


def _separator(first_line: str) -> str:
    """A CSV's separator, by its first line: a tab where tabs outnumber commas (Excel's "文本文件（制表符分隔）"),
    else a comma."""
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def _plain_utf8(data: bytes) -> bytes | None:
    """The file's bytes without a UTF-8 BOM, for a file that may be UTF-8 as it is (no UTF-16 marks, no NUL
    bytes, which are dropped from the text first); None for any other."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(data):
        return None
    return None if b"\x00" in data else data


def _read_regular_csv(utf8: bytes) -> pl.DataFrame | None:
    """The cells of a CSV (UTF-8 bytes) whose first row is its widest, as polars text columns (null where
    empty), read by polars' parser, which gives what the csv module gives for such a file; None for anything
    else — bytes that are not UTF-8, a title row narrower than the header, quotes left open or inside a field,
    lines ended by a bare CR, a field over the limit, a first line so wide that padding the others would make
    millions of empty cells — which the csv module then reads or names."""
    import polars as pl

    end = utf8.find(b"\n")
    first = utf8[: end if end >= 0 else len(utf8)]
    separator = _separator(first.decode("utf-8", errors="replace"))
    mark = separator.encode()
    width = first.count(mark) + 1
    # A file has at most one line more than it has bytes: padding to the first line's width is harmless when even
    # that many lines would be, as for most registers, whose bytes then need not be counted (with the GIL held)
    # twice more. A first line wider than CSV_COLUMN_LIMIT holds at least that many bytes, and 16 384² is far past
    # CSV_PADDED_CELLS, so it is always counted. The separators counted may be quoted: the csv module counts
    # fields outside quotes, and names the line.
    if width * (len(utf8) + 1) > CSV_PADDED_CELLS:
        lines = utf8.count(b"\n") + 1
        if _too_wide(width, lines, utf8.count(mark) + lines):
            return None
    if b"\r" in utf8 and utf8.count(b"\r") != utf8.count(
        b"\r\n"
    ):  # old Mac line ends, which polars does not split on
        return None
    try:
        frame = pl.read_csv(
            utf8,
            separator=separator,
            has_header=False,
            infer_schema=False,
            quote_char='"',
            null_values=[""],  # a quoted empty field ("") is as empty as a missing one
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, ValueError, OverflowError):
        return None
    if frame.width == 0:
        return None
    # A field's characters are at most its bytes, which polars knows without reading them.
    if len(utf8) > CSV_FIELD_LIMIT and any(
        (frame[c].str.len_bytes().max() or 0) > CSV_FIELD_LIMIT
        and (frame[c].str.len_chars().max() or 0) > CSV_FIELD_LIMIT
        for c in frame.columns
    ):
        return None
    return frame
