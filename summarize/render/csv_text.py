"""A result table as CSV text that Excel opens safely.

Excel runs a CSV cell beginning with = + - @ (or a tab or carriage return before one) as a formula: a register
cell "=HYPERLINK(…)" or "=cmd|' /C calc'!A0" copied into ``stats``, ``trace`` or a by-department table would act
when the file is opened. Such cells, and column names, get a leading "'" (as OWASP advises for CSV; the .xlsx
writer stores them as text instead). Numbers are left as numbers: -3 is a value, not a formula.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """``value`` with a leading "'" when it is text Excel would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text (no index), every text cell and column name :func:`neutralised`."""
    import pandas as pd

    # Cell by cell into object columns: DataFrame.map would infer a column of 3 and None as floats (3.0).
    safe = pd.DataFrame(
        {
            i: pd.Series([neutralised(v) for v in frame.iloc[:, i]], dtype=object)
            for i in range(frame.shape[1])
        }
    )
    safe.columns = [neutralised(str(c)) for c in frame.columns]
    return safe.to_csv(index=False)
