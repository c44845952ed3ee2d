"""Units (下属单位): which unit each register row belongs to, for roll-ups, rankings and one report per unit.

A workspace holds units in either of two ways, which may be mixed:

- a sub-folder per unit (``台账/城关镇/收文.xlsx`` belongs to 城关镇);
- a 单位 column in the registers (one file holding every unit's rows).

A row's own 单位 cell wins over its folder. Rows in the workspace's top folder without a 单位 cell have no unit.
"""

from __future__ import annotations

import pandas as pd

UNIT_FIELD = "单位"


def folder_units(files: pd.Series) -> pd.Series:
    """The unit each row's file lies in: the first sub-folder of its path in the workspace, or NA."""
    # Rows share a few hundred files: each distinct path is looked at once.
    codes, paths = pd.factorize(files.to_numpy(dtype=object))
    folders = pd.Series(paths, dtype="string").str.extract(r"^([^/]+)/", expand=False)
    return pd.Series(folders.array.take(codes, allow_fill=True), index=files.index, dtype="string")


def assign_units(registers: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The registers with a 单位 column filled from each row's 单位 cell or, failing that, its sub-folder."""
    out = {}
    for kind, frame in registers.items():
        folder = folder_units(frame["_file"])
        own = (
            frame[UNIT_FIELD].astype("string")
            if UNIT_FIELD in frame
            else pd.Series(pd.NA, index=frame.index, dtype="string")
        )
        out[kind] = frame.assign(**{UNIT_FIELD: own.fillna(folder)})
    return out


def units_of(registers: dict[str, pd.DataFrame]) -> list[str]:
    """Every unit named in any register, sorted."""
    names: set[str] = set()
    for frame in registers.values():
        if UNIT_FIELD in frame:
            names.update(str(u) for u in frame[UNIT_FIELD].dropna().unique())
    return sorted(names)
