"""Two registers side by side on one sheet: the 收发文件登记簿 template keeps 收文 on the left and 发文 on the
right under one title, each block with its own 月/日, 文号, 单位, 事由 columns. Such a sheet is read as two
registers, each seeing only its own columns (column letters stay those of the sheet, for messages).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from summarize.ingest.header import HEADER_SEARCH_ROWS, HeaderMatch, find_headers, header_texts
from summarize.ingest.sources import RawSheet
from summarize.registers import kind_specs


def side_by_side(
    raw: RawSheet, texts: list[list[str]] | None = None, headers: dict[str, HeaderMatch | None] | None = None
) -> list[RawSheet]:
    """The sheet's registers: ``[raw]`` for an ordinary sheet, two masked copies for a sheet whose header row
    repeats its date column under the same words with at least one more column of the left block repeated
    (月/日 文号 … 月/日 文号 …). Two different date columns (收文日期 and 登记日期) are not a split. ``texts`` are
    the sheet's ``header_texts``, and ``headers`` what ``find_headers`` finds in them for every kind, when the
    caller has them already."""
    texts = header_texts(raw.head(HEADER_SEARCH_ROWS)) if texts is None else texts
    specs = kind_specs()
    headers = find_headers(texts, list(specs)) if headers is None else headers
    for spec in specs.values():
        header = headers[spec.name]
        if header is None:
            continue
        first = next((c for c, name in header.columns.items() if name == spec.date_field), None)
        second = [
            other for kept, other, name in header.duplicates if name == spec.date_field and kept == first
        ]
        if first is None or len(second) != 1:
            continue
        row, split = texts[header.row], second[0]
        left = {t for t in row[first:split] if t}
        right = [t for t in row[split:] if t]
        if row[first] != row[split] or len(left.intersection(right)) < 2:
            continue
        return [_block(raw, header.row, 0, split), _block(raw, header.row, split, raw.cells.shape[1])]
    return [raw]


def _block(raw: RawSheet, header_row: int, start: int, stop: int) -> RawSheet:
    """The sheet with every cell from the header row down outside columns [start, stop) emptied; the title rows
    above stay whole, since they name both registers."""
    grid = raw.cells.to_numpy(dtype=object, copy=True)
    outside = np.ones(grid.shape[1], dtype=bool)
    outside[start:stop] = False
    grid[header_row:, outside] = None
    merged = [m for m in raw.merged if m[0] < header_row or (start <= m[1] and m[3] < stop)]
    return RawSheet(raw.name, pd.DataFrame(grid, dtype=object), merged, raw.unreadable)
