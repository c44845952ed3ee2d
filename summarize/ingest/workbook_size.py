"""How big a workbook really is, judged before the Excel reader sees it.

Calamine allocates the whole rectangle from A1 to the farthest cell at once: a 5 KB .xlsx whose one cell sits
at XFD1048576 asks for 17 billion cells and the process aborts (a Rust allocation failure, no Python exception
to catch), and a zip member that inflates to gigabytes raises MemoryError. The checks here refuse such a file
with one Chinese sentence, from the zip directory and from the sheet XML, before calamine
runs; the caller reports it as that file's problem and reads the rest of the workspace.

The used range is judged by the cells a sheet really holds (``<c r="XFD1048576">`` with a value), never by its
``<dimension>``: LibreOffice writes whole-row dimensions (``ref="1:2137"``) or none, and a dimension alone
costs calamine nothing. Cells that only carry a format (``<c r="Z9" s="3"/>``) cost nothing either.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO

import numpy as np

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


def check_sheet_ranges(
    sheets: list[bytes], label: str, measured: list[tuple[tuple[int, int], bool] | None] | None = None
) -> list[bool]:
    """Refuse an .xlsx/.xlsm one of whose sheets (``sheets``: the XML of each ``xl/worksheets/…`` part) spans
    more than :data:`MAX_CELLS` cells from A1. Returns for each sheet whether its XML holds ``<f`` or ``:f``
    (where a formula element may be), seen in the same pass, so that a sheet without is not searched again.

    Each sheet is first bounded by the references its row and cell elements name (fast); only a sheet whose
    bound is over the limit is read cell by cell, so that a register with many rows is never refused for
    formats or empty rows far down. ``measured`` gives, where already known, a sheet's used range as
    :func:`used_range` measures it and whether it holds a formula.
    """
    formulas = []
    for xml, known in zip(sheets, measured or [None] * len(sheets), strict=True):
        if known is not None:
            (rows, columns), formula = known
        else:
            bound, formula = _plain_bound(xml)
            if bound is not None and bound[0] * bound[1] <= MAX_CELLS:
                formulas.append(formula)
                continue
            rows, columns = used_range(
                io.BytesIO(xml)
            )  # no fast bound, or one over the limit: measured exactly
        formulas.append(formula)
        if rows * columns > MAX_CELLS:
            raise _too_large(label, _range_reason(rows, columns))
    return formulas


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

# A reference as calamine takes it: letters of either case, leading zeros, single quotes, spaces around "=".
_REF = rb"""\br\s*=\s*["']"""
_CELL_WITH_VALUE = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?" + _REF + rb"""([A-Za-z]{1,3})0*(\d{1,9})["'][^>/]*>(?!</(?:\w+:)?c>)"""
)
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?" + _REF)
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\s[^>]*?" + _REF + rb"""0*(\d{1,9})["']""")
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
            columns = max(columns, max(column_index(c.upper()) for c in {c for c, _ in refs}) + 1)
            rows = max(rows, max(int(r) for _, r in refs))
        row_refs = _ROW_REF.findall(window)
        unreferenced_rows += len(_ROW.findall(window)) - len(row_refs)
        if len(_CELL.findall(window)) > len(_CELL_REF.findall(window)):  # cells one after another
            columns = max(columns, *(len(_CELL.findall(row)) for row in _ROW_END.split(window)))
            rows = max(rows, *map(int, row_refs or [0]))
    return rows + unreferenced_rows, columns


# ---- a fast bound ----------------------------------------------------------------------------------------------

_PAD = 32  # look-ahead past the last byte: a row or cell reference is read up to 19 bytes after its "<"
# What may follow an element's name: white space before its attributes, or its end.
NAME_END = np.zeros(256, dtype=bool)
NAME_END[list(b" \t\r\n>/")] = True


def range_bound(stream: IO[bytes]) -> tuple[int, int]:
    """(rows, columns) at least as large as :func:`used_range` gives: the farthest row and column any cell or row
    element names, found by numpy at the ``<`` in the XML (a few passes over the bytes in C, not a pattern search
    per rule); a sheet not written as Excel, LibreOffice and openpyxl write them (a reference not first, a
    namespace prefix, an element without its reference) is measured exactly by ``used_range``.
    """
    return _bound(stream.read())


def _bound(xml: bytes) -> tuple[int, int]:
    found = _plain_bound(xml)[0]
    return used_range(io.BytesIO(xml)) if found is None else found


def _plain_bound(xml: bytes) -> tuple[tuple[int, int] | None, bool]:
    """The farthest row and column named by ``<row r="…">`` and ``<c r="…">`` (None unless every row and cell
    element is written so: unprefixed, ``r`` its first attribute, after a space), and whether the XML holds
    ``<f`` or ``:f``."""
    data = np.frombuffer(xml, dtype=np.uint8)
    padded = np.concatenate([data, np.zeros(_PAD, dtype=np.uint8)])
    colons = np.flatnonzero(data == ord(":")) + 1
    tags = np.flatnonzero(data == ord("<")) + 1
    first = padded[tags]
    formulas = bool((first == ord("f")).any() or (padded[colons] == ord("f")).any())
    if named(padded, colons, b"c").any() or named(padded, colons, b"row").any():
        return None, formulas  # a prefixed <x:c> or <x:row>
    cells = tags[first == ord("c")]
    cells = cells[named(padded, cells, b"c")]
    rows = tags[first == ord("r")]
    rows = rows[named(padded, rows, b"row")]
    cell_refs = _after(padded, cells + 1, b' r="')
    row_refs = _after(padded, rows + 3, b' r="')
    if cell_refs is None or row_refs is None:
        return None, formulas  # <c>, <c/>, <row>, or a cell or row whose first attribute is not r
    columns, letters = reference_columns(padded, cell_refs)
    if columns is None:
        return None, formulas
    cell_rows, row_numbers = _largest(padded, cell_refs + letters), _largest(padded, row_refs)
    if cell_rows is None or row_numbers is None:
        return None, formulas
    return (max(row_numbers, cell_rows), int(columns.max(initial=0))), formulas


def reference_columns(padded: np.ndarray, refs: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """The 1-based column named by the letters at each of ``refs`` in ``padded`` (a sheet's XML bytes and a few
    zeros after) and how many letters each has; None for the columns unless every one has 1 to 3."""
    # Byte by byte after the quote (one array per position, not a window per reference: a sheet names millions).
    window = [padded[refs + k] for k in range(4)]
    upper = [(byte >= ord("A")) & (byte <= ord("Z")) for byte in window]
    # Letters before the first other byte (0 when 4 or none).
    letters = np.where(
        ~upper[0], 0, np.where(~upper[1], 1, np.where(~upper[2], 2, np.where(~upper[3], 3, 0)))
    )
    if not ((letters >= 1) & (letters <= 3)).all():
        return None, letters
    codes = [byte.astype(np.int64) - (ord("A") - 1) for byte in window[:3]]
    columns = np.where(letters == 1, codes[0], codes[0] * 26 + codes[1])
    return np.where(letters == 3, columns * 26 + codes[2], columns), letters


def named(padded: np.ndarray, starts: np.ndarray, name: bytes) -> np.ndarray:
    """Where the bytes at ``starts`` are the element name ``name`` (then white space, ``>`` or ``/``)."""
    found = NAME_END[padded[starts + len(name)]]
    for k, byte in enumerate(name):
        found &= padded[starts + k] == byte
    return found


def _after(padded: np.ndarray, starts: np.ndarray, text: bytes) -> np.ndarray | None:
    """``starts`` moved past ``text``, or None unless ``text`` is at every one of them."""
    for k, byte in enumerate(text):
        if not (padded[starts + k] == byte).all():
            return None
    return starts + len(text)


def _largest(padded: np.ndarray, starts: np.ndarray) -> int | None:
    """The largest of the numbers written at ``starts`` in 1 to 9 digits closed by a quote (0 when there are
    none), or None unless each is written so."""
    length = np.zeros(len(starts), dtype=np.intp)  # digits before the first other byte
    digits = np.ones(len(starts), dtype=bool)
    for k in range(10):
        byte = padded[starts + k]
        digits &= (byte >= ord("0")) & (byte <= ord("9"))
        if not digits.any():
            break
        length += digits
    length[length == 10] = 0  # ten digits are no row number
    closed = padded[starts + length] == ord('"')
    if not ((length >= 1) & closed).all():
        return None
    if not len(starts):
        return 0
    # The largest number is among the longest: only those are converted.
    longest = int(length.max())
    at = starts[length == longest]
    number = np.zeros(len(at), dtype=np.int64)
    for k in range(longest):
        number = number * 10 + (padded[at + k].astype(np.int64) - ord("0"))
    return int(number.max())


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
