"""Annual, monthly and by-group views of the facts: 本年/上年/同比, 本月/上月/环比/累计, targets.

Every function takes the facts table and the resolved metrics and returns a plain DataFrame with Chinese column
names and numeric values: counts as numbers, rates as fractions (0.953), changes of counts as fractions (0.062 =
增长6.2%) and changes of rates as differences (0.012 = 提高1.2个百分点). A value with no base is ``<NA>`` — shown
as "—" — never 0%.

"Missing is not zero": a period in a year for which the metric's register has no rows at all is ``<NA>``; a
covered period with no matching rows is a real 0.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from summarize.metrics import Metric, counts_on
from summarize.periods import MONTH_COLUMNS, Periods, month_end, month_periods, whole_months, year_periods
from summarize.registers import kind_specs

Coverage = dict[str, set[int]]  # register kind → years with at least one record


def coverage_of(registers: dict[str, pd.DataFrame], date_fields: dict[str, str]) -> Coverage:
    """The years each register kind has records for."""
    return {
        kind: set(frame[date_fields[kind]].dt.year.dropna().astype(int))
        for kind, frame in registers.items()
        if date_fields[kind] in frame
    }


def _source(metric: Metric, metrics: dict[str, Metric]) -> str | None:
    while metric.is_rate:
        metric = metrics[metric.numerator]
    return metric.source


def period_values(
    facts: pd.DataFrame,
    metrics: dict[str, Metric],
    coverage: Coverage,
    start: date,
    end: date,
    by: str | None = None,
) -> pd.Series:
    """The value of every metric over ``start``–``end`` (inclusive), optionally per value of ``by``.

    Returns a Series indexed by 指标 (or 指标 and ``by``); ``<NA>`` where the register does not cover the year.
    Items count as closed (and as due) as they stood on ``end``. Several metric sets or fields over one span
    are cheaper from one :class:`SpanValues`.
    """
    return SpanValues(facts, coverage, start, end).values(metrics, by)


class SpanValues:
    """The facts that count over ``start``–``end``, found once, and the metrics' values over that span
    (:meth:`values`) for any metric set and breakdown field: a report asks a dozen of them of one year."""

    def __init__(self, facts: pd.DataFrame, coverage: Coverage, start: date, end: date) -> None:
        self.facts, self.coverage, self.start, self.end = facts, coverage, start, end
        days = facts["日期"].to_numpy(dtype="datetime64[us]")
        first, last = np.datetime64(start, "us"), np.datetime64(end, "us")
        # Closing and deadlines are judged as of the span's last day: a finished period keeps its figures
        # whatever the as-of day, and a span set against one in progress is judged on the same day of its own.
        # (NaT compares False: a fact with no 日期 is in no span.)
        since = facts["_from"].to_numpy(dtype="datetime64[us]")
        until = facts["_until"].to_numpy(dtype="datetime64[us]")
        counts = (np.isnat(since) | (since <= last)) & (np.isnat(until) | (until > last))
        self.in_span = (days >= first) & (days <= last) & counts
        # A register of month totals counts the months wholly in the span: its December row is no part of
        # 1—15 December.
        self.whole = whole_months(start, end)
        if self.whole is None:
            self.in_whole = np.zeros(len(facts), dtype=bool)
        else:
            lo, hi = np.datetime64(self.whole.start, "us"), np.datetime64(self.whole.end, "us")
            self.in_whole = (days >= lo) & (days <= hi)
        names = facts["指标"]
        self.codes = names.cat.codes.to_numpy()
        self.names = list(names.cat.categories)
        self._fields: dict[str, tuple[np.ndarray, pd.Index]] = {}

    def _rows(self, metrics: dict[str, Metric]) -> tuple[np.ndarray, list[str]]:
        """Which facts count for ``metrics`` over the span, and the names of those counted in month totals."""
        monthly_names = [m for m in metrics if is_month_totals(metrics[m], metrics)]
        if not monthly_names:
            return self.in_span, monthly_names
        of_months = np.isin(self.codes, [self.names.index(m) for m in monthly_names if m in self.names])
        return np.where(of_months, self.in_whole, self.in_span), monthly_names

    def _field(self, by: str) -> tuple[np.ndarray, pd.Index]:
        """Each fact's code in the ``by`` column (-1 where it has none) and the values the codes stand for,
        found once per field."""
        if by not in self._fields:
            column = self.facts[by] if by in self.facts else pd.Series(pd.NA, index=self.facts.index)
            if isinstance(column.dtype, pd.CategoricalDtype):
                self._fields[by] = column.cat.codes.to_numpy(), column.cat.categories
            else:
                codes, uniques = pd.factorize(column)
                self._fields[by] = codes, pd.Index(uniques)
        return self._fields[by]

    def _shape(
        self, metrics: dict[str, Metric], by: str | None, mask: np.ndarray, monthly_names: list[str]
    ) -> tuple[list[str], list, dict[str, Metric], np.ndarray]:
        """What :meth:`values` gives a figure for: the counted metrics' names, the ``by`` groups (sorted; one
        None without ``by``), the metrics shown (for ``by``, those whose rows carry the field, and rates of
        two such parts) and, per name and group, whether the figure is known (else missing, not 0)."""
        names = [m for m in metrics if not metrics[m].is_rate]
        groups: list = [None]
        if by:
            # Only metrics whose rows carry this field: 信息报送 has no 采用级别, and zeros would mislead.
            codes, labels = self._field(by)
            with_field = self.codes[codes >= 0]
            carried = {self.names[c] for c in np.unique(with_field[with_field >= 0])}
            names = [m for m in names if m in carried]
            metrics = {
                k: v
                for k, v in metrics.items()
                if k in carried or (v.is_rate and {v.numerator, v.denominator} <= carried)
            }
            present = np.unique(codes[mask])
            groups = sorted(labels.take(present[present >= 0]).tolist())
        year = self.start.year
        known = [
            year in self.coverage.get(_source(metrics[n], metrics), set())
            # No whole month yet: a month total is not known (missing), not 0.
            and (self.whole is not None or n not in monthly_names)
            for n in names
        ]
        return names, groups, metrics, np.repeat(np.array(known, dtype=bool), len(groups))

    def breakdown(self, metrics: dict[str, Metric], by: str) -> dict[str, list[tuple[object, float]]]:
        """The figures of :meth:`values` ``(metrics, by)`` above 0, per counted metric: (group, figure) in
        the groups' order. The same sums, without building the Series (a report asks for a dozen fields)."""
        mask, monthly_names = self._rows(metrics)
        names, groups, _, covered = self._shape(metrics, by, mask, monthly_names)
        codes, labels = self._field(by)
        place = np.full(len(labels) + 1, -1, dtype=np.intp)  # each code's group, and -1 for no value
        place[labels.get_indexer(groups)] = np.arange(len(groups))
        wanted = {name: i for i, name in enumerate(names)}
        position = np.array([wanted.get(name, -1) for name in self.names] + [-1], dtype=np.intp)
        metric_of, group_of = position[self.codes], place[codes]  # a code of -1 takes the last entry, -1
        rows = mask & (metric_of >= 0) & (group_of >= 0)
        figures = np.zeros(len(names) * len(groups))
        if rows.any():
            # pandas adds each figure up, grouped by one integer key, as grouping by 指标 and field adds it.
            key = metric_of[rows] * len(groups) + group_of[rows]
            sums = pd.Series(self.facts["值"].array[rows]).groupby(key).sum()
            figures[sums.index.to_numpy()] = sums.to_numpy(dtype=float, na_value=0.0)
        shown = covered & (figures > 0)
        return {
            name: [(groups[j], float(figures[i * len(groups) + j])) for j in np.flatnonzero(block)]
            for i, name in enumerate(names)
            if (block := shown[i * len(groups) : (i + 1) * len(groups)]).any()
        }

    def values(self, metrics: dict[str, Metric], by: str | None = None) -> pd.Series:
        """:func:`period_values` of ``metrics`` over this span, per value of ``by`` when given."""
        facts = self.facts
        mask, monthly_names = self._rows(metrics)
        keys = ["指标"] + ([by] if by else [])
        # Only the columns grouped and summed are taken: the facts carry two dozen more.
        sums = (
            facts.loc[mask, [*keys, "值"]].groupby(keys, dropna=True, observed=True)["值"].sum()
            if mask.any()
            else None
        )
        names, groups, metrics, covered = self._shape(metrics, by, mask, monthly_names)
        if by:
            index = pd.MultiIndex.from_product([names, groups], names=keys)
        else:
            index = pd.Index(names, name="指标")
        values = (sums.reindex(index) if sums is not None else pd.Series(pd.NA, index=index)).astype(
            "Float64"
        )
        values = values.fillna(0).where(covered, pd.NA)
        rates = [m for m in metrics.values() if m.is_rate]
        if not rates:
            return values
        rate_parts = []
        level = values.index.get_level_values(0)
        for metric in rates:
            num, den = values[level == metric.numerator], values[level == metric.denominator]
            ratio = num.to_numpy() / den.where(den > 0).to_numpy()
            if by:
                idx = pd.MultiIndex.from_arrays(
                    [[metric.name] * len(num), num.index.get_level_values(1)], names=num.index.names
                )
            else:
                idx = pd.Index([metric.name], name="指标")
            rate_parts.append(pd.Series(ratio, index=idx, dtype="Float64"))
        combined = pd.concat([values, *rate_parts])
        order = list(metrics)
        position = pd.Series(range(len(order)), index=order)
        sort_key = position.reindex(combined.index.get_level_values(0)).to_numpy()
        return combined.iloc[pd.Index(sort_key).argsort(kind="stable")]


def is_month_totals(metric: Metric, metrics: dict[str, Metric]) -> bool:
    """Whether the metric counts a register of month totals (工作量): it cannot be split by day."""
    source = _source(metric, metrics)
    return source is not None and kind_specs()[source].monthly_totals


def change(this: pd.Series, last: pd.Series, rates: pd.Series) -> pd.Series:
    """同比/环比: relative change for counts, difference (in fraction points) for rates; ``<NA>`` with no base.

    Growth from 0 has no base (新增), and is ``<NA>``; 0 to 0 is 0 (持平).
    """
    this, last = this.astype("Float64"), last.astype("Float64")
    relative = (this - last) / last.where(last != 0)
    relative = relative.mask(((last == 0) & (this == 0)).fillna(False), 0.0)
    return relative.where(~rates.to_numpy(), this - last)


def _text(values: pd.Index) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


# The column of each metric's unit of measure (件, 次, %); in a view grouped by the 单位 field (下属单位), whose
# column is named 单位, it is 计量单位.
MEASURE_COLUMN, GROUPED_MEASURE_COLUMN = "单位", "计量单位"


def _frame(metrics: dict[str, Metric], columns: dict[str, pd.Series]) -> pd.DataFrame:
    index = columns[next(iter(columns))].index
    names = index.get_level_values(0)
    group = index.names[1] if index.nlevels > 1 else None
    measure = GROUPED_MEASURE_COLUMN if group == MEASURE_COLUMN else MEASURE_COLUMN
    # Names as text, whatever the facts store them as (categories when grouped), so that a view's columns have
    # the same types whichever grouping or data made it.
    frame = pd.DataFrame(
        {"指标": _text(names), measure: pd.Series([metrics[n].unit for n in names], dtype="str")}
    )
    if index.nlevels > 1:
        frame[index.names[1]] = _text(index.get_level_values(1))
    for label, series in columns.items():
        frame[label] = series.to_numpy()
    return frame


def annual(
    facts: pd.DataFrame,
    metrics: dict[str, Metric],
    coverage: Coverage,
    year: int,
    targets: dict[str, float] | None = None,
    by: str | None = None,
    asof: date | None = None,
) -> pd.DataFrame:
    """The annual view: 指标, 单位, 本年, 上年, 同比, and 目标, 完成率 for metrics with a 年度目标 (完成率 of
    counts only: a rate reaches its target or not).

    A year still in progress on ``asof`` runs to that day and 上年 is the same part of last year (上年同期); the
    frame's ``attrs["periods"]`` is the :class:`~summarize.periods.Periods` it was computed for.
    """
    spans = year_periods(year, asof)
    this = period_values(facts, metrics, coverage, *_days(spans, "本年"), by)
    last = period_values(facts, metrics, coverage, *_days(spans, "上年"), by)
    last = last.reindex(this.index)
    is_rate = pd.Series([metrics[n].is_rate for n in this.index.get_level_values(0)], index=this.index)
    frame = _frame(metrics, {"本年": this, "上年": last, "同比": change(this, last, is_rate)})
    if targets and by is None:
        goal = frame["指标"].map(targets).astype("Float64")
        frame["目标"] = goal
        # A count's 完成率 only: a rate, or a figure to be kept low, reaches its target or not (a rate's 完成率
        # would be a percentage of a percentage, 101.1%).
        counts = frame["指标"].map(lambda name: not metrics[name].is_rate and metrics[name].better >= 0)
        frame["完成率"] = (frame["本年"] / goal.where((goal > 0) & counts.to_numpy())).astype("Float64")
    frame.attrs["periods"] = spans
    return frame


def _days(spans: Periods, column: str) -> tuple[date, date]:
    span = spans.spans[column]
    return span.start, span.end


def monthly(
    facts: pd.DataFrame,
    metrics: dict[str, Metric],
    coverage: Coverage,
    year: int,
    month: int,
    by: str | None = None,
    asof: date | None = None,
) -> pd.DataFrame:
    """The monthly view: 本月, 上月, 环比, 上年同月, 同比, 本年累计, 上年同期累计, 累计同比.

    January's 上月 is December of the previous year. A month still in progress on ``asof`` is compared like for
    like (see :func:`summarize.periods.month_periods`); the frame's ``attrs["periods"]`` says which days.
    """
    spans = month_periods(year, month, asof)
    periods = {
        column: period_values(facts, metrics, coverage, *_days(spans, column), by) for column in MONTH_COLUMNS
    }
    this = periods["本月"]
    periods = {k: v.reindex(this.index) for k, v in periods.items()}
    is_rate = pd.Series([metrics[n].is_rate for n in this.index.get_level_values(0)], index=this.index)
    frame = _frame(
        metrics,
        {
            "本月": periods["本月"],
            "上月": periods["上月"],
            "环比": change(periods["本月"], periods["上月"], is_rate),
            "上年同月": periods["上年同月"],
            "同比": change(periods["本月"], periods["上年同月"], is_rate),
            "本年累计": periods["本年累计"],
            "上年同期累计": periods["上年同期累计"],
            "累计同比": change(periods["本年累计"], periods["上年同期累计"], is_rate),
        },
    )
    frame.attrs["periods"] = spans
    return frame


def month_series(
    facts: pd.DataFrame, metrics: dict[str, Metric], coverage: Coverage, year: int, asof: date | None = None
) -> pd.DataFrame:
    """Each metric's value in each month of a year: 指标 × 1…12 (for trend charts), in one pass over the facts.

    Months that begin after ``asof`` have no value yet (``<NA>``, not 0); closing is judged as of each month's end.
    """
    names = [m for m in metrics if not metrics[m].is_rate]
    # Only the columns counted and grouped are taken: the facts carry two dozen more.
    of_year = facts.loc[facts["年"] == year, ["指标", "月", "值", "日期", "_from", "_until"]]
    # Each month judged as of its own last day (or the as-of day, for the month in progress), as monthly() does.
    ends = of_year["日期"] + pd.offsets.MonthEnd(0)
    if asof is not None:
        ends = ends.clip(upper=pd.Timestamp(asof))
    sums = of_year[counts_on(of_year, ends)].groupby(["指标", "月"], observed=True)["值"].sum().unstack("月")
    table = sums.reindex(index=names, columns=range(1, 13)).astype("Float64")
    covered = [year in coverage.get(_source(metrics[n], metrics), set()) for n in names]
    table = table.fillna(0).where(pd.Series(covered, index=names), pd.NA)
    if asof is not None:
        table.loc[:, [m for m in table.columns if date(year, m, 1) > asof]] = pd.NA
        if date(year, 1, 1) <= asof < date(year, 12, 31) and asof != month_end(year, asof.month):
            # The month in progress has no month total yet (工作量 and the like).
            partial = [n for n in names if is_month_totals(metrics[n], metrics)]
            table.loc[partial, asof.month] = pd.NA
    rates = {
        m.name: table.loc[m.numerator] / table.loc[m.denominator].where(table.loc[m.denominator] > 0)
        for m in metrics.values()
        if m.is_rate
    }
    if rates:
        table = pd.concat([table, pd.DataFrame(rates).T.astype("Float64")])
    return table.reindex(list(metrics))


TOTAL_LABEL = "汇总"


def ranking(
    frame: pd.DataFrame, metrics: dict[str, Metric], by: str, names: list[str], value: str
) -> pd.DataFrame:
    """A 通报 table from a by-group frame: one row per group, a column per metric in ``names`` (their ``value``
    column, e.g. 本年 or 本月), 排名 by the first metric with ties sharing a rank (并列, as offices rank: 1, 2, 2, 4),
    and a 汇总 row: counts summed, rates recomputed from their summed parts.
    """
    unknown = [n for n in names if n not in metrics]
    if unknown:
        from summarize.errors import SummarizeError

        raise SummarizeError(f"没有指标“{'、'.join(unknown)}”，或该指标不能按“{by}”分组")
    wide = frame.pivot_table(index=by, columns="指标", values=value, aggfunc="first", dropna=False)
    table = pd.DataFrame(index=wide.index)
    for name in names:
        table[name] = wide[name].astype("Float64") if name in wide else pd.NA
    key = table[names[0]].astype("Float64")
    table["排名"] = key.rank(method="min", ascending=False).astype("Int64")
    table["并列"] = table["排名"].duplicated(keep=False) & table["排名"].notna()
    table = table.sort_values(["排名", by], na_position="last", kind="stable") if len(table) else table
    total = {}
    for name in names:
        metric = metrics[name]
        if metric.is_rate:
            num = wide[metric.numerator].sum() if metric.numerator in wide else float("nan")
            den = wide[metric.denominator].sum() if metric.denominator in wide else float("nan")
            total[name] = num / den if den else pd.NA
        else:
            total[name] = table[name].sum()
    out = table.reset_index()
    summary = pd.DataFrame([{by: TOTAL_LABEL, **total, "排名": pd.NA, "并列": False}])
    return pd.concat([out, summary.astype(out.dtypes.to_dict())], ignore_index=True)
