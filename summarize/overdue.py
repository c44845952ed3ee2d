"""Open and overdue items by name: the lists offices publish (督办 红/黄/蓝 lists, 信访 items past their term).

Built from the derived registers (``已办结``, ``期限``): an item is open when it is not closed on the given day,
overdue when it is open past its deadline, and late when it was closed after its deadline.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from summarize.workdays import days_overdue

# The field that names an item and the one that says who handles it, per kind.
# Kinds whose every item must be closed; for the others (收文) only items with a deadline (办件) are followed.
MUST_CLOSE = {"督办", "信访"}
ITEM_FIELDS = {
    "督办": ("督办事项", "责任单位"),
    "信访": ("反映问题", "承办科室"),
    "收文": ("文件标题", "承办科室"),
}
COLUMNS = [
    "台账",
    "事项",
    "责任单位",
    "交办日期",
    "期限",
    "办结日期",
    "状态",
    "超期天数",
    "_file",
    "_sheet",
    "_row",
]


def overdue_table(derived: dict[str, pd.DataFrame], date_fields: dict[str, str], asof: date) -> pd.DataFrame:
    """Items registered by ``asof`` that are still open (状态 在办 or 超期) or were closed late (逾期办结),
    with 超期天数 (natural days past the deadline), most overdue first."""
    at = pd.Timestamp(asof)
    parts = []
    for kind, (title, owner) in ITEM_FIELDS.items():
        frame = derived.get(kind)
        if frame is None or "已办结" not in frame or "期限" not in frame:
            continue
        frame = frame[frame[date_fields[kind]] <= at]
        closed_on = frame["办结日期"] if "办结日期" in frame else pd.Series(pd.NaT, index=frame.index)
        closed = frame["已办结"].fillna(False).astype(bool) & (closed_on.isna() | (closed_on <= at))
        due = frame["期限"]
        late = closed & (closed_on > due).fillna(False)
        still_open = ~closed
        overdue = still_open & (at > due).fillna(False)
        keep = (still_open & (due.notna() | (kind in MUST_CLOSE))) | late
        end = closed_on.where(closed, at)
        days = days_overdue(due, end).fillna(0).astype("int64")
        status = pd.Series("在办", index=frame.index).mask(overdue, "超期").mask(late, "逾期办结")
        part = pd.DataFrame(
            {
                "台账": kind,
                "事项": frame[title] if title in frame else pd.NA,
                "责任单位": frame[owner] if owner in frame else pd.NA,
                "交办日期": frame[date_fields[kind]],
                "期限": due,
                "办结日期": closed_on.where(closed),
                "状态": status,
                "超期天数": days,
                "_file": frame["_file"],
                "_sheet": frame["_sheet"],
                "_row": frame["_row"],
            }
        )[keep]
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["超期天数", "期限"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )
