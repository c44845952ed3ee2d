"""How big a workbook really is, judged before the Excel reader sees it.

Calamine allocates the whole rectangle from A1 to the farthest cell at once: a 5 KB .xlsx whose one cell sits
at XFD1048576 asks for 17 billion cells and the process aborts (a Rust allocation failure, no Python exception
to catch), and a zip member that inflates to gigabytes raises MemoryError. The checks here refuse such a file
with one Chinese sentence, from the zip directory and from the sheet XML scanned in chunks, before calamine
runs; the caller reports it as that file's problem and reads the rest of the workspace.

The used range is judged by the cells a sheet really holds (``<c r="XFD1048576">`` with a value), never by its
``<dimension>``: LibreOffice writes whole-row dimensions (``ref="1:2137"``) or none, and a dimension alone
costs calamine nothing. Cells that only carry a format (``<c r="Z9" s="3"/>``) cost nothing either.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO

from summarize.errors import SummarizeError

# A large register is 100 000 rows × 50 columns; reading 5 million cells takes about 1.5 GB and half a minute,
# so more is no register but a stray entry far away (or a hostile file).
MAX_CELLS = 5_000_000
MAX_UNCOMPRESSED = 1 << 30  # all members together
# Sheet XML compresses 5–30 times; a large member that inflates a hundred times more is a zip bomb.
MAX_RATIO = 100
BOMB_SIZE = 64 << 20
CHUNK = 8 << 20


def check_zip_sizes(archive: zipfile.ZipFile, label: str) -> None:
    """Refuse a workbook whose members would inflate too far, from the sizes its zip directory states.

    (A member that inflates beyond its stated size fails its check while it is read: the file is damaged.)
    """
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise _too_large(label, f"解压后共 {_size(total)}")
    for info in infos:
        if info.file_size > BOMB_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            stated = f"其中一部分由 {_size(info.compress_size)} 解压后达 {_size(info.file_size)}"
            raise _too_large(label, stated)


def check_sheet_ranges(sheets: Iterable[bytes], label: str) -> None:
    """Refuse an .xlsx/.xlsm one of whose sheets (``sheets``: the XML of each ``xl/worksheets/…`` part) spans
    more than :data:`MAX_CELLS` cells from A1.

    Each sheet is first bounded by literal scans (fast); only a sheet whose bound is over the limit is read
    cell by cell, so that a register with many rows is never refused for formats or empty rows far down.
    """
    for xml in sheets:
        rows, columns = range_bound(io.BytesIO(xml))
        if rows * columns <= MAX_CELLS:
            continue
        rows, columns = used_range(io.BytesIO(xml))
        if rows * columns > MAX_CELLS:
            raise _too_large(label, _range_reason(rows, columns))


def check_loaded_range(end: tuple[int, int] | None, label: str) -> None:
    """Refuse a sheet calamine has loaded whose cells reach ``end`` (0-based last row and column) beyond
    :data:`MAX_CELLS` from A1, before its cells are converted one by one (an .xls reaching IV65536 holds 16.7
    million cells: minutes and gigabytes)."""
    if end is None:
        return
    rows, columns = end[0] + 1, end[1] + 1
    if rows * columns > MAX_CELLS:
        raise _too_large(label, _range_reason(rows, columns))


def _range_reason(rows: int, columns: int) -> str:
    return (
        f"有工作表用到了 {rows} 行 × {columns} 列的区域，最远的单元格到 {column_letters(columns)}{rows}，"
        f"超过 {MAX_CELLS // 10_000} 万个单元格；可能是在很远处误填了内容"
    )


# ---- the exact used range: every cell with a value ----------------------------------------------------------

_CELL_WITH_VALUE = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,9})"[^>/]*>(?!</(?:\w+:)?c>)')
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d{1,9})"')
_ROW_END = re.compile(rb"</(?:\w+:)?row>")


def used_range(stream: IO[bytes]) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell with a value in a sheet's XML, read in chunks.

    A cell or row written without its ``r`` reference (the format allows that: it then follows the previous
    one) is bounded by how many cells its row holds, or how many rows there are in all.
    """
    rows = columns = unreferenced_rows = 0
    for window in _windows(stream):
        refs = _CELL_WITH_VALUE.findall(window)
        if refs:
            columns = max(columns, max(column_index(c) for c in {c for c, _ in refs}) + 1)
            rows = max(rows, max(int(r) for _, r in refs))
        row_refs = _ROW_REF.findall(window)
        unreferenced_rows += len(_ROW.findall(window)) - len(row_refs)
        if len(_CELL.findall(window)) > len(_CELL_REF.findall(window)):  # cells one after another
            columns = max(columns, *(len(_CELL.findall(row)) for row in _ROW_END.split(window)))
            rows = max(rows, *map(int, row_refs or [0]))
    return rows + unreferenced_rows, columns


# ---- a fast bound ----------------------------------------------------------------------------------------------

_PLAIN_ROW = re.compile(rb'<row r="(\d{1,9})"')


def range_bound(stream: IO[bytes]) -> tuple[int, int]:
    """(rows, columns) at least as large as :func:`used_range` gives, from literal scans that look at few
    cells; a sheet not written as Excel, LibreOffice and openpyxl write them is measured exactly.

    Rows come from the ``<row r>`` elements (and any cell whose row has more digits); columns from the cells
    in three-letter, then two-letter columns (few sheets have either), else at most Z.
    """
    rows = columns = 0
    for window in _windows(stream):
        row_numbers = _PLAIN_ROW.findall(window)
        if not _plain(window, len(row_numbers)):
            exact = used_range(io.BytesIO(window))
            rows, columns = max(rows, exact[0]), max(columns, exact[1])
            continue
        if row_numbers:
            rows = max(rows, int(max(row_numbers, key=lambda digits: (len(digits), digits))))
        longer = re.findall(rb'<c r="[A-Z]{1,3}(\d{%d,9})"' % (len(str(rows)) + 1), window)
        rows = max(rows, *map(int, longer)) if longer else rows
        for width in (3, 2):
            letters = set(re.findall(rb'<c r="([A-Z]{%d})\d' % width, window))
            if letters:
                columns = max(columns, max(column_index(c) for c in letters) + 1)
                break
        else:
            if b'<c r="' in window:
                columns = max(columns, 26)
    return rows, columns


def _plain(window: bytes, row_elements: int) -> bool:
    """Whether every ``<row`` and ``<c`` has ``r`` as its first attribute, without namespace prefixes."""
    if any(tag in window for tag in (b"<c>", b"<c/>", b"<row>", b"<row/>", b":c ", b":row ")):
        return False
    return window.count(b"<c ") == window.count(b'<c r="') and window.count(b"<row ") == row_elements


def _windows(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in chunks cut before a ``<``, so that no tag is split between two of them."""
    tail = b""
    while chunk := stream.read(CHUNK):
        window = tail + chunk
        cut = window.rfind(b"<")
        if cut <= 0:  # no tag begins after the first: read on
            tail = window
            continue
        window, tail = window[:cut], window[cut:]
        yield window
    if tail:
        yield tail


def column_index(letters: bytes) -> int:
    """0-based index of a column's letters (b"A" → 0, b"XFD" → 16383)."""
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def column_letters(count: int) -> str:
    """The letters of the ``count``-th column (1 → "A", 16384 → "XFD")."""
    letters = ""
    while count:
        count, rest = divmod(count - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _size(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{max(n, 1) / 1024:.0f} KB"


def _too_large(label: str, why: str) -> SummarizeError:
    return SummarizeError(
        f"文件“{label}”过大，无法读取（{why}）；请在 Excel 中打开，删除多余的行列后另存再试", exit_code=1
    )
