"""An .xlsx workbook's worksheets read column by column, with no Python object per cell.

fastexcel (calamine, as the cell-by-cell reader uses, with Arrow columns out) gives every cell as text; the sheet's
XML, already inflated by the container check, says which cells are text and which are numbers or dates (the ``t``
attribute of each ``<c>``), which the text alone cannot (a number 45315 is an Excel date serial, a text "45315" is
not), and holds each number exactly (fastexcel's text keeps nine digits). Each column is then held as its distinct
values and every row's position among them, the values being exactly what the cell-by-cell reader gives
(``sources._frame``): text as typed, whole numbers as int, other numbers as float, dates as datetime, an empty
cell (or "") as None.

Only files written plainly take this path. A cell without its ``r`` reference, a namespace prefix, a boolean, a
date stored as ISO text, a time or duration cell, a cell with two values, a merged range written another way, a
chart sheet, or a sheet whose cells fastexcel and the XML see differently sends the whole workbook to the
cell-by-cell reader, which reads everything; so does any error of fastexcel's. Nothing is guessed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from summarize.ingest.workbook_size import NAME_END, column_index, named, reference_columns

if TYPE_CHECKING:
    import polars as pl

# What a cell's type attribute says its value is; a cell without one holds a number. An error value is read as
# empty here: the scan for unreadable cells puts its CellProblem in (``sources._mark_unreadable_cells``).
TEXT, NUMBER, BOOLEAN, ERROR, OTHER = 0, 1, 2, 4, 5
_PAD = 40  # look-ahead past the last byte: a reference is read up to 12 bytes after its quote
# A number format for durations ("[h]:mm:ss", also built in as number format 46).
_DURATION_FORMAT = re.compile(rb'formatCode="[^"]*\[(?:h|hh|m|mm|s|ss)\]|numFmtId="46"', re.IGNORECASE)
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"/>')
# How fastexcel writes a number cell formatted as a date, and a plain number (Rust's shortest exact form).
_DATE_TEXT = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?$"
_NUMBER_TEXT = r"^-?[0-9.]+(?:[eE][-+]?[0-9]+)?$"
# Before 1900-03-01 a date cell is a time of day or a duration, which the cell-by-cell reader gives as such.
_FIRST_DATE = "1900-03-01"


class Cells(NamedTuple):
    """The cells of a sheet's XML that hold a value: 0-based row and column, type (TEXT, NUMBER …), and for a
    number the value its ``<v>`` holds (NaN for other cells): fastexcel's text of a number is rounded to nine
    digits, the XML's is exact."""

    rows: np.ndarray
    columns: np.ndarray
    kinds: np.ndarray
    numbers: np.ndarray
    # (rows, columns) from A1 to the farthest cell element not empty (as ``workbook_size.used_range`` measures),
    # and whether the XML holds ``<f`` or ``:f`` (where a formula element may be).
    extent: tuple[int, int]
    formulas: bool
    merged: list[tuple[int, int, int, int]]
    errors: bool  # whether some cell holds an error value


class ColumnSheet(NamedTuple):
    """A worksheet as columns: per column from A, every row's position among its distinct values (-1: empty) and
    those values; its merged ranges as 0-based (first row, first column, last row, last column); and whether
    some cell holds an error value."""

    name: str
    columns: list[tuple[np.ndarray, np.ndarray]]
    merged: list[tuple[int, int, int, int]]
    errors: bool


class LoadedSheet(NamedTuple):
    """A worksheet fastexcel has read as text (its used range), with its cells as the XML says."""

    name: str
    text: pl.DataFrame
    cells: Cells


def load_sheets(
    data: bytes, parts: dict[str, str], cells: dict[str, Cells | None], styles: bytes | None
) -> list[LoadedSheet] | None:
    """The worksheets of an .xlsx (``data``) read by fastexcel as text, in the workbook's order, or None when the
    file is not written plainly enough to be read by columns (then the cell-by-cell reader reads it). ``parts``
    maps each sheet name to its zip member, ``cells`` each worksheet member to its :func:`value_cells` (measured
    and found within the size limits already), ``styles`` is ``xl/styles.xml``.

    This is the part that runs without the GIL; :func:`column_sheets` makes the columns."""
    if styles is not None and _DURATION_FORMAT.search(styles):
        return None  # a duration cell ([h]:mm) is a timedelta to the other reader
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
        names = reader.sheet_names
    except Exception:  # fastexcel raises its own types for every damage: the other reader says what it is
        return None
    # The same sheets, in the same order, each found in the package and holding a worksheet (not a chart sheet
    # stored among them); a workbook with a chart sheet, or naming its parts some other way, goes cell by cell.
    worksheets = [name for name in parts if parts[name] in cells]
    if names != worksheets or any(cells[parts[name]] is None for name in names):
        return None
    sheets = []
    for name in worksheets:
        found = cells[parts[name]]
        try:
            frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        except Exception:
            return None
        sheets.append(LoadedSheet(name, frame, found))
    return sheets


def column_sheets(loaded: list[LoadedSheet]) -> list[ColumnSheet] | None:
    """The sheets :func:`load_sheets` read, as columns; None when fastexcel and the XML disagree somewhere or a
    cell is of a kind not read so (then the cell-by-cell reader reads the file)."""
    sheets = []
    for sheet in loaded:
        columns = _columns(sheet.text, sheet.cells)
        if columns is None:
            return None
        sheets.append(ColumnSheet(sheet.name, columns, sheet.cells.merged, sheet.cells.errors))
    return sheets


def value_cells(xml: bytes) -> Cells | None:
    """Every cell of a sheet's XML holding a value (a ``<v>`` or an inline string), found by numpy at the ``<``
    (a few passes over the bytes in C, not a pattern search per cell); None unless the part is a worksheet whose
    every cell element is written as Excel, WPS and openpyxl write them (unprefixed, ``r`` its first attribute,
    its opening tag ending right before the next element, one value), none is a boolean or a date stored as ISO
    text, and its merged ranges are written plainly (see ``_merged_ranges``)."""
    if b"<worksheet" not in xml[:1024]:
        return None  # a chart or dialog sheet, or a root element written with a prefix
    data = np.frombuffer(xml, dtype=np.uint8)
    padded = np.concatenate([data, np.zeros(_PAD, dtype=np.uint8)])
    colons = np.flatnonzero(data == ord(":")) + 1
    if named(padded, colons, b"c").any() or named(padded, colons, b"row").any():
        return None  # maybe a prefixed <x:c> or <x:row>, which the size check must measure its own way
    opens = np.flatnonzero(data == ord("<"))
    first, second = padded[opens + 1], padded[opens + 2]
    formulas = bool((first == ord("f")).any() or (padded[colons] == ord("f")).any())
    at = np.flatnonzero((first == ord("c")) & NAME_END[second])  # each cell element among the elements
    if not len(at):
        nothing = np.zeros(0, dtype=np.int64)
        merged = _merged_ranges(xml, padded, opens, first, colons)
        if merged is None:
            return None
        return Cells(nothing, nothing, nothing, np.zeros(0), (0, 0), formulas, merged, False)
    if at[-1] + 1 >= len(opens):
        return None
    cells = opens[at]
    if not all((padded[cells + 2 + k] == byte).all() for k, byte in enumerate(b' r="')):
        return None
    refs = cells + 6
    columns, letters = reference_columns(padded, refs)
    if columns is None:
        return None
    found = _numbers(padded, refs + letters)
    if found is None:
        return None
    rows, digits = found
    following = opens[at + 1]  # the element after each cell's opening tag
    ends = following - 1
    if not (padded[ends] == ord(">")).all():
        return None  # white space or a stray ">" between elements
    kinds = _kinds(padded, data, refs + letters + digits + 1, ends)
    closed = padded[ends - 1] == ord("/")
    name, name_end = padded[following + 1], padded[following + 2]
    value = ~closed & (
        ((name == ord("v")) & (name_end == ord(">"))) | ((name == ord("i")) & (name_end == ord("s")))
    )
    value_at = following.copy()
    # A formula comes before its value: the value is among the next few elements, before the cell's </c>.
    formula = np.flatnonzero(~closed & (name == ord("f")) & NAME_END[name_end])
    undecided = formula
    for k in range(2, 6):
        if not len(undecided):
            break
        if int(at[undecided].max()) + k >= len(opens):
            return None
        element = opens[at[undecided] + k]
        one, two = padded[element + 1], padded[element + 2]
        found = (one == ord("v")) & (two == ord(">"))
        value[undecided[found]] = True
        value_at[undecided[found]] = element[found]
        undecided = undecided[~found & ~((one == ord("/")) & (two == ord("c")))]
    if len(undecided):
        return None
    # Not empty as used_range sees it: neither closed at once nor followed by its </c>.
    counted = ~closed & ~((name == ord("/")) & (name_end == ord("c")))
    extent = (int(rows[counted].max(initial=0)), int(columns[counted].max(initial=0)))
    errors = bool((kinds == ERROR).any())  # (an empty error cell too: the scan for unreadable cells marks it)
    kinds, value_at = kinds[value], value_at[value]
    # A boolean (whose <v> the two readers may read apart), an ISO date, or a cell with a second <v>: read cell
    # by cell.
    second_values = np.count_nonzero((first == ord("v")) & (second == ord(">"))) != np.count_nonzero(
        padded[value_at + 1] == ord("v")
    )
    if (kinds == OTHER).any() or (kinds == BOOLEAN).any() or second_values:
        return None
    numbers = np.full(len(kinds), np.nan)
    number = np.flatnonzero(kinds == NUMBER)
    if len(number):
        starts = value_at[number] + 3
        length = opens[np.searchsorted(opens, starts)] - starts
        # <v></v>: no value (a formula never calculated, which the scan for unreadable cells reports), read as
        # empty as the cell-by-cell reader reads it.
        kinds[number[length == 0]] = ERROR
        number, starts, length = number[length > 0], starts[length > 0], length[length > 0]
        read = _value_numbers(padded, starts, length)
        if read is None:
            return None
        numbers[number] = read
    merged = _merged_ranges(xml, padded, opens, first, colons)
    if merged is None:
        return None
    return Cells(rows[value] - 1, columns[value] - 1, kinds, numbers, extent, formulas, merged, errors)


def _value_numbers(padded: np.ndarray, starts: np.ndarray, length: np.ndarray) -> np.ndarray | None:
    """The numbers written in ``length`` bytes from ``starts`` (each ``<v>``'s text), parsed by numpy as Python
    parses them (the nearest double); None where one is no number or over 32 bytes."""
    if not len(starts):
        return np.zeros(0)
    width = int(length.max())
    if width > 32:
        return None
    grid = padded[starts[:, None] + np.arange(width)]
    grid[np.arange(width) >= length[:, None]] = 0
    try:
        return np.ascontiguousarray(grid).view(f"S{width}").ravel().astype(np.float64)
    except ValueError:
        return None


def _kinds(padded: np.ndarray, data: np.ndarray, after_ref: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Each cell's type from the ``t="…"`` of its opening tag (NUMBER without one), given where each tag's
    attributes after ``r`` begin and where it ends.

    Excel, WPS, LibreOffice and openpyxl write ``t`` last, after at most an ``s="…"``: those tags are read at
    their end; a sheet with any other tag is searched for every ``t="`` (a pass over its bytes)."""
    close = ends - (padded[ends - 1] == ord("/"))  # the ">" or the "/" of "/>"
    kinds = np.full(len(ends), NUMBER, dtype=np.int8)
    before = close.copy()  # where the attributes before ``t`` end
    for length in (1, 3, 9):  # "s", "n", "b", "e", "d"; "str"; "inlineStr"
        start = close - length - 5
        found = padded[close - 1] == ord('"')
        for k, byte in enumerate(b' t="'):
            found &= padded[start + k] == byte
        kinds[found] = _kind_of(padded[start[found] + 4], padded[start[found] + 5], length)
        before[found] = start[found]
    # The rest of each tag after r: nothing, or s="digits".
    rest = before - after_ref
    plain = rest == 0
    styled = (rest >= 6) & (rest <= 12) & (padded[before - 1] == ord('"'))
    for k, byte in enumerate(b' s="'):
        styled &= padded[after_ref + k] == byte
    digits = np.zeros(len(ends), dtype=np.intp)
    going = styled.copy()
    for k in range(8):
        byte = padded[after_ref + 4 + k]
        going &= (byte >= ord("0")) & (byte <= ord("9"))
        digits += going
    styled &= digits == rest - 5
    if (plain | styled).all():
        return kinds
    return _searched_kinds(padded, data, after_ref, ends)


def _kind_of(one: np.ndarray, two: np.ndarray, length: int) -> np.ndarray:
    """The type a ``t`` value of ``length`` letters starting with ``one``, ``two`` names."""
    kind = np.full(len(one), OTHER, dtype=np.int8)
    if length == 1:
        kind[one == ord("s")] = TEXT
        kind[one == ord("n")] = NUMBER
        kind[one == ord("b")] = BOOLEAN
        kind[one == ord("e")] = ERROR  # "d" (an ISO date) stays OTHER
    elif length == 3:
        kind[(one == ord("s")) & (two == ord("t"))] = TEXT  # "str"
    else:
        kind[(one == ord("i")) & (two == ord("n"))] = TEXT  # "inlineStr"
    return kind


def _searched_kinds(
    padded: np.ndarray, data: np.ndarray, after_ref: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """``_kinds`` of a sheet whose tags are written another way: each tag searched for ``t="`` (NUMBER without)."""
    ts = np.flatnonzero(data == ord("t"))
    ts = ts[(padded[ts - 1] == ord(" ")) & (padded[ts + 1] == ord("=")) & (padded[ts + 2] == ord('"'))]
    kinds = np.full(len(ends), NUMBER, dtype=np.int8)
    at = np.searchsorted(ts, after_ref)
    inside = at < len(ts)
    inside[inside] = ts[at[inside]] < ends[inside]
    start = ts[at[inside]] + 3
    kind = np.full(len(start), OTHER, dtype=np.int8)
    for length in (1, 3, 9):
        closed = padded[start + length] == ord('"')
        kind[closed] = _kind_of(padded[start[closed]], padded[start[closed] + 1], length)
    kinds[inside] = kind
    return kinds


def _numbers(padded: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The number written at each of ``starts`` in 1 to 7 digits closed by a quote, and its digits; None unless
    each is so written."""
    number = np.zeros(len(starts), dtype=np.int64)
    going = np.ones(len(starts), dtype=bool)
    length = np.zeros(len(starts), dtype=np.intp)
    for k in range(8):
        byte = padded[starts + k]
        digit = going & (byte >= ord("0")) & (byte <= ord("9"))
        number = np.where(digit, number * 10 + (byte.astype(np.int64) - ord("0")), number)
        length += digit
        going = digit
    if not ((length >= 1) & (length <= 7) & (padded[starts + length] == ord('"'))).all():
        return None
    return number, length


def _merged_ranges(
    xml: bytes, padded: np.ndarray, opens: np.ndarray, first: np.ndarray, colons: np.ndarray
) -> list[tuple[int, int, int, int]] | None:
    """The merged ranges, or None unless every ``mergeCell`` element is in the one ``<mergeCells>`` and written
    plainly (``ref="A1:B2"``, within Excel's rows): calamine reads them otherwise too, and other readings are
    left to it."""
    if named(padded, colons, b"mergeCell").any() or named(padded, colons, b"mergeCells").any():
        return None
    at = opens[first == ord("m")]
    blocks = at[named(padded, at + 1, b"mergeCells")]
    elements = at[named(padded, at + 1, b"mergeCell")]
    if not len(blocks) and not len(elements):
        return []
    if len(blocks) != 1:
        return None
    end = xml.find(b"</mergeCells>", int(blocks[0]))
    if end < 0 or not ((elements > blocks[0]) & (elements < end)).all():
        return None
    found = _MERGE.findall(xml, int(blocks[0]), end)
    if len(found) != len(elements):
        return None
    ranges = []
    for c1, r1, c2, r2 in found:
        top, left = int(r1) - 1, column_index(c1)
        ranges.append((top, left, int(r2) - 1 if r2 else top, column_index(c2) if c2 else left))
    return ranges


def _columns(frame: pl.DataFrame, cells: Cells) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """The sheet's columns from A (see ``ColumnSheet``) from fastexcel's text ``frame`` of its used range and the
    XML's cells; None where the two disagree or a cell is of a kind not read here.

    The whole sheet is worked on at once, column after column in one long text column (a few calls to polars
    and numpy per sheet, not per column): a text or date is distinct by its column, type and text, a
    number by its column and value.
    """
    import polars as pl

    from summarize.ingest import parse

    if not len(cells.rows):
        return [] if frame.height == 0 or frame.width == 0 else None
    top, left = int(cells.rows.min()), int(cells.columns.min())
    height, width = int(cells.rows.max()) + 1, int(cells.columns.max()) + 1
    if frame.shape != (height - top, width - left):
        return None
    rows, wide = frame.shape
    kinds = np.full((rows, wide), -1, dtype=np.int8)  # -1: no value
    kinds[cells.rows - top, cells.columns - left] = cells.kinds
    numbers = np.full((rows, wide), np.nan)
    numbers[cells.rows - top, cells.columns - left] = cells.numbers
    kinds, numbers = kinds.T.ravel(), numbers.T.ravel()  # column after column, as ``text``
    text = pl.concat([c.alias("") for c in frame.get_columns()], rechunk=True)
    text = pl.select(pl.when(pl.lit(text) != "").then(pl.lit(text))).to_series()  # "" is an empty cell
    written = text.is_not_null().to_numpy()
    if (written & (kinds < 0)).any() or ((kinds == NUMBER) & ~written).any():
        return None  # fastexcel and the XML see different cells
    written &= kinds != ERROR
    tags = kinds.astype(np.int64)
    number = np.flatnonzero(kinds == NUMBER)
    plain = np.zeros(len(kinds), dtype=bool)
    if len(number):
        texts = text.gather(number)
        dated = texts.str.contains(_DATE_TEXT).to_numpy()
        if not texts.filter(pl.Series(~dated)).str.contains(_NUMBER_TEXT).all():
            return None  # a time, a duration or something else fastexcel writes its own way
        tags[number[dated]] = _DATE
        plain[number[~dated]] = True
    at = np.flatnonzero(written)
    column = at // rows
    keys = text.gather(at).hash(seed=_SEED).to_numpy(writable=True)
    by_value = plain[at]
    keys[by_value] = numbers[at[by_value]].view(np.uint64)
    keys ^= (column * 8 + tags[at]).astype(np.uint64) * np.uint64(_MIX)
    codes, first = parse.first_codes(keys)
    # Cells hashing alike are the same value (should two ever not be, the cell-by-cell reader reads the file).
    same = first[codes]
    if not (
        (column[same] == column).all()
        and (tags[at[same]] == tags[at]).all()
        and text.gather(at[same]).eq_missing(text.gather(at)).all()
        and (numbers[at[same]][by_value] == numbers[at][by_value]).all()
    ):
        return None
    values = _values(text.gather(at[first]), tags[at[first]], numbers[at[first]])
    if values is None:
        return None
    bounds = np.searchsorted(column[first], np.arange(wide + 1))
    grid = np.full(len(kinds), -1, dtype=np.int64)
    grid[at] = codes
    grid = grid.reshape(wide, rows) - bounds[:-1, None]
    grid = np.where(written.reshape(wide, rows), grid, -1)
    lead = np.full(top, -1, dtype=np.int64)
    columns = [(np.full(height, -1, dtype=np.int64), np.zeros(0, dtype=object))] * left
    for j in range(wide):
        columns.append((np.concatenate([lead, grid[j]]), values[bounds[j] : bounds[j + 1]]))
    return columns


_DATE = 3  # a number cell formatted as a date: a type of its own among a sheet's values
_SEED = 20251205
_MIX = 0x9E3779B97F4A7C15  # an odd constant spreading a column's number and a type over the hash's bits


def _values(texts: pl.Series, tags: np.ndarray, numbers: np.ndarray) -> np.ndarray | None:
    """Each distinct cell's value as the cell-by-cell reader gives it, from its text, tag and number."""
    import polars as pl

    if not (tags != TEXT).any():
        return np.array(texts.to_list(), dtype=object)
    out = np.empty(len(tags), dtype=object)
    for tag in np.unique(tags).tolist():
        where = tags == tag
        if tag == TEXT:
            out[where] = texts.filter(pl.Series(where)).to_list()
        elif tag == _DATE:
            dates = texts.filter(pl.Series(where))
            if (dates < _FIRST_DATE).any():
                return None  # a time of day or a duration
            # Through numpy: its datetime objects are made several times faster than polars' list.
            parsed = dates.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us", strict=False)
            if parsed.null_count():
                return None
            out[where] = parsed.to_numpy().astype(object)
        else:
            out[where] = whole_numbers(numbers[where])
    return out


def whole_numbers(numbers: np.ndarray) -> np.ndarray:
    """Numbers as both readers give them, as objects: a whole one as int (within int64 converted in C, beyond,
    such as 1e20, by Python's int), another as float."""
    whole = np.isfinite(numbers) & (numbers == np.floor(numbers))
    small = whole & (np.abs(numbers) < 2.0**62)
    values = numbers.astype(object)
    values[small] = numbers[small].astype(np.int64).astype(object)
    values[whole & ~small] = [int(v) for v in numbers[whole & ~small]]
    return values
