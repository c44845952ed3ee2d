"""Write the statistics to an .xlsx a superior can check: every figure is a number, formatted as offices write it.

Sheets: 统计表 (the table as computed), 分科室 (per department, when given) and 口径 (each metric's caliber).

Number formats — a cell always holds the number the statistics computed, so it can be recomputed:

- counts and sums: ``#,##0`` (``#,##0.0`` for a value with a fraction);
- rates and 完成率: the fraction with ``0.0%`` (0.953 shows 95.3%);
- 环比/同比/累计同比 of a count: the relative change with ``+0.0%;-0.0%;"持平"`` (0.062 shows +6.2%);
- 环比/同比/累计同比 of a rate: the difference in percentage points, i.e. the fraction difference ×100, with
  ``+0.0"个百分点";-0.0"个百分点";"持平"`` (1.2 shows +1.2个百分点).

Changes are stored rounded to the 0.1 shown, and zero shows 持平 for both kinds of change, as
:func:`summarize.phrasing.signed_change` writes it. A missing value
(no base) is the text "—", centred. Text that Excel would take for a formula (= + - @ …) is stored as text with
the quote prefix. The bytes are reproducible: fixed document properties, zip entries in a fixed order with fixed
timestamps.
"""

from __future__ import annotations

import io
import math
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from summarize.bases import listed_rows
from summarize.layout import text_columns
from summarize.metrics import Metric
from summarize.output import reproducible_zip, write_bytes_atomic
from summarize.phrasing import MISSING, chinese_date, is_missing

TABLE_SHEET = "统计表"
DEPARTMENT_SHEET = "分科室"
CALIBER_SHEET = "口径"
CHANGE_COLUMNS = ("环比", "同比", "累计同比")
SHARE_COLUMNS = ("完成率",)

COUNT_FORMAT = "#,##0"
FRACTION_COUNT_FORMAT = "#,##0.0"
RATE_FORMAT = "0.0%"
COUNT_CHANGE_FORMAT = '+0.0%;-0.0%;"持平"'
RATE_CHANGE_FORMAT = '+0.0"个百分点";-0.0"个百分点";"持平"'

NOTE = (
    "注：件数类指标的环比、同比、累计同比为增减幅度；比率类指标的为增减百分点（两期比率之差）。"
    "“—”表示无数据或无可比基数。"
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
AUTHOR = "summarize"
FIXED_DAY = date(2000, 1, 1)

HEADER_ROW = 3
MIN_WIDTH = 6
MAX_WIDTH = 60  # wider text wraps
LINE_HEIGHT = 16  # points per line of 11pt text
TITLE_FONT = Font(name="黑体", size=16, bold=True)
BODY_FONT = Font(name="宋体", size=11)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
NOTE_FONT = Font(name="宋体", size=10)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class Shown(NamedTuple):
    """One table cell: the stored value, its number format (None for text) and the text it displays."""

    value: Any
    number_format: str | None
    text: str


def write_statistics_xlsx(
    path: str | Path,
    *,
    unit: str,
    title: str,
    period_label: str,
    table: pd.DataFrame,
    metrics: dict[str, Metric],
    by_department: pd.DataFrame | None = None,
    asof: date | None = None,
    generated: date | None = None,
    sources: dict[str, str] | None = None,
) -> Path:
    """Write ``table`` (``ws.monthly()`` or ``ws.annual()``) to an .xlsx at ``path`` and return the path.

    ``asof`` marks a month in progress (统计时间 gets “（截至…）”); ``generated`` is the date recorded in the
    document properties (a fixed day when not given, so the same input always gives the same bytes).
    ``sources`` names each metric's register files for the 口径 sheet (the documents name no files).
    """
    period = period_label + (f"（截至{chinese_date(asof)}）" if asof else "")
    heading = (f"填报单位：{unit}", f"统计时间：{period}")
    wb = Workbook()
    # The catalogue's unlisted metrics (a rate's helper parts) are no lines of the tables; 口径 still explains them.
    _write_sheet(wb.active, TABLE_SHEET, table[listed_rows(table, metrics)], metrics, title, heading, NOTE)
    if by_department is not None:
        rows = _department_rows(by_department[listed_rows(by_department, metrics)])
        sheet = wb.create_sheet(DEPARTMENT_SHEET)
        _write_sheet(sheet, DEPARTMENT_SHEET, rows, metrics, f"{title}（分科室）", heading, NOTE)
    sheet = wb.create_sheet(CALIBER_SHEET)
    # Unit only: a three-column sheet has no room for both, and the calibers do not depend on the period.
    caliber_heading = (heading[0], "")
    _write_sheet(
        sheet, CALIBER_SHEET, _caliber_rows(table, metrics, sources), metrics, "指标统计口径", caliber_heading
    )

    stamp = datetime.combine(generated or FIXED_DAY, datetime.min.time())
    props = wb.properties
    props.creator = props.lastModifiedBy = AUTHOR
    props.title = _clean(title)
    props.created = props.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp "modified" with the current time.
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return write_bytes_atomic(Path(path), reproducible_zip(buffer.getvalue()))


def _department_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The per-department rows worth reading.

    Kept in the long layout (指标, 单位, 科室, then the same value columns as 统计表) rather than pivoted to one
    column per metric: with some twenty metrics a pivot runs to forty columns, which neither reads nor prints,
    and the long layout keeps rates and changes. Rows that are zero or missing in every column (a department the
    metric never concerns) are left out.
    """
    values = frame.select_dtypes("number")
    return frame[(values.fillna(0) != 0).any(axis=1)].reset_index(drop=True)


def _caliber_rows(
    table: pd.DataFrame, metrics: dict[str, Metric], sources: dict[str, str] | None
) -> pd.DataFrame:
    names = table["指标"].drop_duplicates().tolist()
    rows = {
        "指标": names,
        "单位": [metrics[n].unit for n in names],
        "统计口径": [metrics[n].caliber for n in names],
    }
    if sources is not None:
        rows["来源台账"] = [sources.get(n, MISSING) for n in names]
    return pd.DataFrame(rows)


def _write_sheet(
    sheet: Worksheet,
    name: str,
    frame: pd.DataFrame,
    metrics: dict[str, Metric],
    title: str,
    heading: tuple[str, str],
    note: str | None = None,
) -> None:
    """One sheet: title (row 1), unit and period (row 2), header (row 3), data, an optional note below."""
    sheet.title = name
    columns = [str(c) for c in frame.columns]
    ncols = len(columns)
    rates = [metrics[n].is_rate for n in frame["指标"]]
    grid = [
        [_shown(column, value, rate) for column, value in zip(columns, row, strict=True)]
        for row, rate in zip(frame.itertuples(index=False, name=None), rates, strict=True)
    ]
    natural = [
        max([text_columns(column)] + [text_columns(row[i].text) for row in grid]) + 2
        for i, column in enumerate(columns)
    ]
    wraps = [width > MAX_WIDTH for width in natural]
    widths = [max(MIN_WIDTH, min(width, MAX_WIDTH)) for width in natural]
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width

    _merged_text(sheet, 1, ncols, title, Alignment(horizontal="center", vertical="center")).font = TITLE_FONT
    sheet.row_dimensions[1].height = 30
    # Not merged: both texts overflow into the empty cells between them.
    for column, text, side in ((1, heading[0], "left"), (ncols, heading[1], "right")):
        if not text:
            continue
        cell = _text(sheet.cell(2, column), text)
        cell.alignment, cell.font = Alignment(horizontal=side), BODY_FONT

    for c, column in enumerate(columns, start=1):
        cell = _text(sheet.cell(HEADER_ROW, c), column)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for r, row in enumerate(grid, start=HEADER_ROW + 1):
        lines = 1
        for c, (shown, wrap) in enumerate(zip(row, wraps, strict=True), start=1):
            cell = sheet.cell(r, c)
            cell.font, cell.border = BODY_FONT, BORDER
            if shown.number_format:
                cell.value, cell.number_format = shown.value, shown.number_format
                cell.alignment = Alignment(horizontal="right", vertical="center")
                continue
            _text(cell, shown.value)
            left = (c == 1 or wrap) and shown.text != MISSING
            cell.alignment = Alignment(
                horizontal="left" if left else "center", vertical="center", wrap_text=wrap
            )
            if wrap:
                lines = max(lines, math.ceil(text_columns(shown.text) / (MAX_WIDTH - 2)))
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_HEIGHT * lines

    if note:
        r = HEADER_ROW + len(grid) + 1
        alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        _merged_text(sheet, r, ncols, note, alignment).font = NOTE_FONT
        width = text_columns(note) * NOTE_FONT.size / BODY_FONT.size
        sheet.row_dimensions[r].height = LINE_HEIGHT * math.ceil(width / sum(widths))
    _page_setup(sheet)


def _shown(column: str, value: object, is_rate: bool) -> Shown:
    """How one value is stored and shown (see the module docstring for the number formats)."""
    if is_missing(value):
        return Shown(MISSING, None, MISSING)
    if isinstance(value, str):
        return Shown(value, None, value)
    v = float(value)
    if column in CHANGE_COLUMNS:
        # Stored at the precision shown, so a change that rounds to nothing reads 持平 here as in the document.
        if is_rate:
            points = round(v * 100, 1)
            return Shown(points, RATE_CHANGE_FORMAT, f"{points:+.1f}个百分点")
        relative = round(v, 3)
        return Shown(relative, COUNT_CHANGE_FORMAT, f"{relative:+.1%}")
    if is_rate or column in SHARE_COLUMNS:
        return Shown(v, RATE_FORMAT, f"{v:.1%}")
    if v == round(v):
        return Shown(v, COUNT_FORMAT, f"{v:,.0f}")
    return Shown(v, FRACTION_COUNT_FORMAT, f"{v:,.1f}")


def _clean(text: str) -> str:
    """``text`` without the control characters an .xlsx cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _text(cell: Cell, text: str) -> Cell:
    """Write ``text`` as literal text: a leading = + - @ is never taken for a formula (formula injection)."""
    text = _clean(text)
    cell.value = text
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def _merged_text(sheet: Worksheet, row: int, ncols: int, text: str, alignment: Alignment) -> Cell:
    """``text`` in ``row`` merged across the table's ``ncols`` columns."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    cell = _text(sheet.cell(row, 1), text)
    cell.alignment = alignment
    return cell


# A statistics table this short is shrunk onto one page, as an office sends it upward; a longer one (分科室)
# runs over as many pages as it needs at full width.
ONE_PAGE_ROWS = 50


def _page_setup(sheet: Worksheet) -> None:
    """A4 landscape, one page wide (and one page tall up to ``ONE_PAGE_ROWS`` rows), rows 1–3 repeated on every
    page, centred, panes frozen below the header."""
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"1:{HEADER_ROW}"
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = sheet.ORIENTATION_LANDSCAPE
    setup.fitToWidth, setup.fitToHeight = 1, 1 if sheet.max_row <= ONE_PAGE_ROWS else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.5, bottom=0.5, header=0.2, footer=0.2)
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_table_xlsx(path: str | Path, frame: pd.DataFrame, sheet_name: str = "数据") -> Path:
    """Write ``frame`` as a plain table (header row, then one row per record) for ``stats``/``trace -f xlsx``.

    Register text is stored as typed, but literally: never as a formula, and without the control characters an
    .xlsx cannot hold. Dates are Excel dates, numbers numbers; the bytes are reproducible and the write atomic.
    """
    wb = Workbook()
    sheet = wb.active
    sheet.title = sheet_name
    for c, column in enumerate(frame.columns, start=1):
        _text(sheet.cell(1, c), str(column)).font = HEADER_FONT
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            if is_missing(value):
                continue
            if isinstance(value, str):
                _text(cell, value)
            elif isinstance(value, datetime | date):
                cell.value, cell.number_format = pd.Timestamp(value).to_pydatetime(), "yyyy-mm-dd"
            elif isinstance(value, bool | int | float) or hasattr(value, "dtype"):
                cell.value = value.item() if hasattr(value, "item") else value
            else:
                _text(cell, str(value))
    sheet.freeze_panes = "A2"
    props = wb.properties
    props.creator = props.lastModifiedBy = AUTHOR
    props.created = props.modified = datetime.combine(FIXED_DAY, datetime.min.time())
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return write_bytes_atomic(Path(path), reproducible_zip(buffer.getvalue()))
