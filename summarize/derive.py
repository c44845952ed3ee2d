"""Status columns derived from a register's own fields, so that metric filters can name them.

For every kind that records closing (办结日期 or a status such as 办理状态/办理情况) this adds:

- ``已办结``: closed, by date or by status word;
- ``期限``: the deadline — the row's own 办理时限 where written, otherwise the kind's rule from the settings
  (信访 by default 60 days from the day after 登记/受理), counted on natural or working days;
- ``按期``: closed on or before the deadline (NA while open);
- ``受理``: for 信访, registered and not 不予受理.
"""

from __future__ import annotations

import pandas as pd

from summarize.errors import SummarizeError
from summarize.registers import kind_spec
from summarize.workdays import DeadlineRule, due_dates

CLOSED_WORDS = ("已办结", "办结", "已结案", "结案", "已完成", "完成", "已答复", "办毕")
STATUS_FIELDS = ("办理状态", "办理情况", "办理结果")
DEFAULT_RULES = {"信访": DeadlineRule(days=60, workdays=False, start_next_day=True)}
RULE_KEYS = {"days", "workdays", "start_next_day", "uncovered"}


def deadline_rule(kind: str, deadlines: dict[str, dict]) -> DeadlineRule | None:
    """The deadline rule for a kind: the settings' ``[deadlines."信访"]`` table, else the built-in default."""
    raw = deadlines.get(kind)
    if raw is None:
        return DEFAULT_RULES.get(kind)
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise SummarizeError(
            f'summarize.toml 的 [deadlines."{kind}"] 中有不认识的设置项：{"、".join(sorted(unknown))}；'
            f"可用：days（天数）、workdays（是否按工作日）、start_next_day（是否次日起算）、uncovered"
        )
    return DeadlineRule(**raw)


def derive(kind: str, records: pd.DataFrame, deadlines: dict[str, dict]) -> pd.DataFrame:
    """A copy of ``records`` with 已办结, 期限, 按期 (and 受理 for 信访) added where the register allows."""
    spec = kind_spec(kind)
    out = records.copy()
    statuses = [f for f in STATUS_FIELDS if f in out.columns]
    if "办结日期" not in out.columns and not statuses:
        return _add_acceptance(kind, out)

    closed = out["办结日期"].notna() if "办结日期" in out.columns else pd.Series(False, index=out.index)
    for field in statuses:
        text = out[field].astype("string")
        closed |= text.isin(CLOSED_WORDS).fillna(False)
    out["已办结"] = closed.astype("boolean")

    rule = deadline_rule(kind, deadlines)
    due = (
        out["办理时限"]
        if "办理时限" in out.columns
        else pd.Series(pd.NaT, index=out.index, dtype="datetime64[us]")
    )
    if rule is not None:
        due = due.fillna(due_dates(out[spec.date_field], rule).astype(due.dtype))
    out["期限"] = due

    on_time = pd.Series(pd.NA, index=out.index, dtype="boolean")
    if "办结日期" in out.columns:
        on_time = (out["办结日期"] <= due).astype("boolean").where(due.notna() & out["办结日期"].notna())
        # No deadline written and no rule: the item cannot be late.
        on_time = on_time.mask(due.isna() & out["办结日期"].notna(), True)
    if "是否按期" in out.columns:
        on_time = on_time.fillna(out["是否按期"])
    if "是否超期" in out.columns:
        on_time = on_time.fillna(~out["是否超期"])
    out["按期"] = on_time.where(out["已办结"], pd.NA).astype("boolean")
    return _add_acceptance(kind, out)


def _add_acceptance(kind: str, out: pd.DataFrame) -> pd.DataFrame:
    if kind != "信访":
        return out
    accepted = out["是否受理"].fillna(True) if "是否受理" in out.columns else pd.Series(True, index=out.index)
    for field in STATUS_FIELDS:
        if field in out.columns:
            accepted &= ~out[field].astype("string").isin(("不予受理", "不受理")).fillna(False)
    out["受理"] = accepted.astype("boolean")
    return out
