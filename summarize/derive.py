"""Status columns derived from a register's own fields, so that metric filters can name them.

For every kind that records closing (办结日期 or a status such as 办理状态/办理情况) this adds:

- ``已办结``: closed, by date or by status word;
- ``期限``: the deadline — the row's own 办理时限 where written, otherwise the kind's rule from the settings
  (defaults.toml's built-in rule: 信访 60 days from the day after 登记/受理), counted on natural or working days;
- ``期限暂定``: that rule counted working days over a year with no published holiday schedule (see
  :mod:`summarize.workdays`), so the deadline is provisional;
- ``按期``: closed on or before the deadline (NA while open);
- ``到期``: the deadline has come by the as-of day (or no deadline is known), so the item had to be closed by
  then — what 应办结 counts; an open item not yet due is 在办（未到期）, not a failure;
- ``受理``: for 信访, registered and not 不予受理;

已办结, 按期 and 到期 change with the day an item is judged on. The columns hold what is true on the as-of day;
:func:`status_on` gives them on any earlier day, which is how a period's figures judge closing as of the period's
own last day (see :mod:`summarize.metrics`), whatever the as-of day of the run.
- ``得分``: for 信息, the points of each item — the register's own 得分 where written, otherwise the settings'
  ``[scoring]`` ladder by 采用刊物 or 采用级别, plus the 批示 bonus (localities score differently).
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources

import pandas as pd

from summarize.registers import kind_spec
from summarize.workdays import NO_CALENDAR, Calendar, DeadlineRule, closed_on_time, due_dates, provisional

# The derived columns that depend on the day an item is judged on.
TIME_FIELDS = ("已办结", "按期", "到期")
# The built-in office knowledge (defaults.toml), read once; a workspace's summarize.toml replaces any of it.
_DEFAULTS = tomllib.loads(resources.files("summarize").joinpath("defaults.toml").read_text(encoding="utf-8"))
STATUS_FIELDS = tuple(_DEFAULTS["closing"]["fields"])
CLOSED_WORDS = tuple(_DEFAULTS["closing"]["words"])
NOT_ACCEPTED_WORDS = tuple(_DEFAULTS["closing"]["not_accepted"])
# The built-in deadline rules by kind; summarize.toml's [deadlines."信访"] replaces a kind's.
DEFAULT_RULES = {kind: DeadlineRule(**rule) for kind, rule in _DEFAULTS["deadlines"].items()}
# The key of the 批示 bonus among the points by 采用级别, in defaults.toml's [scoring] as in summarize.toml's.
BONUS_KEY = "批示"
_DEFAULT_LEVELS = {level: points for level, points in _DEFAULTS["scoring"].items() if level != BONUS_KEY}


@dataclass(frozen=True)
class Scoring:
    """How a 信息 item scores where its register gives no 得分 (localities score differently): points by 采用级别,
    points by 采用刊物 (ahead of the level), and the bonus for a 领导批示. The defaults are defaults.toml's
    ``[scoring]``; the settings' ``[scoring]`` replaces any of them (:mod:`summarize.config`)."""

    levels: Mapping[str, float] = dataclasses.field(default_factory=lambda: dict(_DEFAULT_LEVELS))
    outlets: Mapping[str, float] = dataclasses.field(default_factory=dict)
    bonus: float = _DEFAULTS["scoring"][BONUS_KEY]


def deadline_rule(kind: str, deadlines: Mapping[str, DeadlineRule]) -> DeadlineRule | None:
    """The deadline rule for a kind: the settings' ``[deadlines."信访"]`` (checked when they were read), else the
    built-in rule of defaults.toml (信访: 60 natural days from the day after 登记)."""
    return deadlines.get(kind, DEFAULT_RULES.get(kind))


def derive(
    kind: str,
    records: pd.DataFrame,
    deadlines: Mapping[str, DeadlineRule],
    scoring: Scoring | None = None,
    asof: date | None = None,
    calendar: Calendar = NO_CALENDAR,
) -> pd.DataFrame:
    """A copy of ``records`` with 已办结, 期限, 按期 (受理 for 信访, 得分 for 信息) added where the register allows.

    With ``asof``, an item whose 办结日期 is after that day was still open on it (已办结 is false).
    """
    spec = kind_spec(kind)
    out = records.copy()
    if kind == "信息":
        out["得分"] = information_points(out, scoring or Scoring())
    statuses = [f for f in STATUS_FIELDS if f in out.columns]
    if "办结日期" not in out.columns and not statuses:
        return _add_acceptance(kind, out)

    closed = out["办结日期"].notna() if "办结日期" in out.columns else pd.Series(False, index=out.index)
    for field in statuses:
        text = out[field].astype("string")
        closed |= text.isin(CLOSED_WORDS).fillna(False)
    if asof is not None and "办结日期" in out.columns:
        # Closed after the as-of day: open on it, whatever the status column says now.
        closed &= ~(out["办结日期"] > pd.Timestamp(asof)).fillna(False).astype(bool)
    out["已办结"] = closed.astype("boolean")

    rule = deadline_rule(kind, deadlines)
    due = (
        out["办理时限"]
        if "办理时限" in out.columns
        else pd.Series(pd.NaT, index=out.index, dtype="datetime64[us]")
    )
    uncertain = pd.Series(False, index=out.index)
    if rule is not None:
        by_rule = due.isna()
        counted = due_dates(out[spec.date_field], rule, calendar).astype(due.dtype)
        due = due.fillna(counted)
        uncertain = by_rule & provisional(out[spec.date_field], counted, rule, calendar)
    out["期限"] = due
    out["期限暂定"] = uncertain

    on_time = pd.Series(pd.NA, index=out.index, dtype="boolean")
    if "办结日期" in out.columns:
        on_time = closed_on_time(out["办结日期"], due)
        # No deadline written and no rule: the item cannot be late.
        on_time = on_time.mask(due.isna() & out["办结日期"].notna(), True)
    if "是否按期" in out.columns:
        on_time = on_time.fillna(out["是否按期"])
    if "是否超期" in out.columns:
        on_time = on_time.fillna(~out["是否超期"])
    out["按期"] = on_time.where(out["已办结"], pd.NA).astype("boolean")
    judged = pd.Timestamp(asof) if asof is not None else pd.Timestamp.max
    out["到期"] = (due.isna() | (due <= judged)).fillna(True).astype("boolean")
    return _add_acceptance(kind, out)


def status_on(records: pd.DataFrame, judged: pd.Series) -> dict[str, pd.Series]:
    """已办结, 按期 and 到期 of a derived register's rows as they stood on ``judged`` (a day per row, at most the
    as-of day the register was derived for): closed by then (a 办结日期 after it was still open), on time where
    closed, due where the deadline had come (or none is known)."""
    result: dict[str, pd.Series] = {}
    later = pd.Series(False, index=records.index)
    if "办结日期" in records:
        later = (records["办结日期"] > judged).fillna(False).astype(bool)
        # A status written on closing (不予立案, 已答复 …) was not yet the item's status before its 办结日期.
        for field in STATUS_FIELDS:
            if field in records:
                result[field] = records[field].mask(later)
    if "已办结" in records:
        closed = records["已办结"].fillna(False).astype(bool) & ~later
        result["已办结"] = closed.astype("boolean")
        if "按期" in records:
            result["按期"] = records["按期"].where(closed, pd.NA).astype("boolean")
    if "期限" in records:
        due = records["期限"]
        result["到期"] = (due.isna() | (due <= judged)).fillna(True).astype("boolean")
    return result


def turning_days(records: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The days on which a row's 已办结, 按期, 到期 or status can change: its 办结日期 and its 期限, as
    the earlier and the later of the two per row (NaT where the row has none)."""
    none = pd.Series(pd.NaT, index=records.index, dtype="datetime64[us]")
    closed_on = records["办结日期"].astype(none.dtype) if "办结日期" in records else none
    due = records["期限"].astype(none.dtype) if "期限" in records else none
    both = pd.DataFrame({"a": closed_on, "b": due})
    return both.min(axis=1).astype(none.dtype), both.max(axis=1).astype(none.dtype)


def information_points(records: pd.DataFrame, scoring: Scoring) -> pd.Series:
    """Points per 信息 item: 得分 as written, else the points of its 采用刊物 or, failing that, of its 采用级别,
    plus the 批示 bonus when 领导批示 is filled in. Items not adopted score 0 (plus any bonus)."""
    zero = pd.Series(0.0, index=records.index, dtype="Float64")
    level = records["采用级别"].map(scoring.levels).astype("Float64") if "采用级别" in records else zero
    if "采用刊物" in records and scoring.outlets:
        level = records["采用刊物"].map(scoring.outlets).astype("Float64").fillna(level)
    points = level.fillna(0)
    if "领导批示" in records:
        points = points + records["领导批示"].notna().astype("Float64") * scoring.bonus
    if "得分" in records:
        points = records["得分"].astype("Float64").fillna(points)
    return points


def _add_acceptance(kind: str, out: pd.DataFrame) -> pd.DataFrame:
    if kind != "信访":
        return out
    accepted = out["是否受理"].fillna(True) if "是否受理" in out.columns else pd.Series(True, index=out.index)
    for field in STATUS_FIELDS:
        if field in out.columns:
            accepted &= ~out[field].astype("string").isin(NOT_ACCEPTED_WORDS).fillna(False)
    out["受理"] = accepted.astype("boolean")
    return out
