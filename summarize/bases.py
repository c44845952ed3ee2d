"""A base too small for a percentage, decided here for every table and file that prints figures.

From 1 to 2 is "增长100%" and means nothing; 4 of 5 closed is "80%" and reads as a failure rate. Over fewer
items than the small base (``[report] small_base`` in summarize.toml, default 10):

- a change of a count is said in counts (+1, 比上月多1份), not as a percentage;
- a rate is said as its counts (4/5), and its change in 个百分点 is not said at all;

in the CLI's tables, the web page, the 月报 and 年终总结 tables (and, through :mod:`summarize.report.stat`, their
text). csv, json and xlsx keep every rate as the number it is, leave such a change empty and say it in counts in
a 说明 column, so that no file carries a percentage the printed table refuses.

:func:`small_cells` is the one decision; :func:`stated` and :func:`exported` apply it for reading and for files.
"""

from __future__ import annotations

import pandas as pd

from summarize import phrasing
from summarize.metrics import Metric
from summarize.periods import whole_months_note
from summarize.stats import GROUPED_MEASURE_COLUMN, MEASURE_COLUMN, is_month_totals

# Each change column and the two columns it compares (annual and monthly views).
CHANGE_PAIRS = {
    "同比": ("本年", "上年"),
    "环比": ("本月", "上月"),
    "累计同比": ("本年累计", "上年同期累计"),
}
MONTH_CHANGE_PAIRS = {**CHANGE_PAIRS, "同比": ("本月", "上年同月")}
VALUE_COLUMNS = ("本年", "上年", "本月", "上月", "上年同月", "本年累计", "上年同期累计")
# How a cell is stated: as it is, a rate as its counts, a change in counts, a change not said.
AS_IS, FRACTION, DIFFERENCE, UNSAID = "", "分数", "差数", "不比"
NOTE = "注：基数不足{small}的，增减写数量（如+1），比率写作“分子/分母”（如4/5），比率的增减不计算。"
EXPORT_NOTE = "说明"


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the column names of the statistics (上年 for 上年同期 …) whatever it is labelled with."""
    spans = frame.attrs.get("periods")
    return frame.rename(columns={v: k for k, v in spans.headers().items()}) if spans is not None else frame


def _pairs(frame: pd.DataFrame) -> dict[str, tuple[str, str]]:
    pairs = MONTH_CHANGE_PAIRS if "本月" in frame.columns else CHANGE_PAIRS
    return {k: v for k, v in pairs.items() if k in frame.columns and set(v) <= set(frame.columns)}


def _keys(frame: pd.DataFrame) -> list[str]:
    """指标 and the group column of a by-group frame (科室, 单位 …)."""
    # Grouped by the 单位 field, 单位 is the group and the unit of measure is 计量单位.
    measure = GROUPED_MEASURE_COLUMN if GROUPED_MEASURE_COLUMN in frame.columns else MEASURE_COLUMN
    known = {"指标", measure, "目标", "完成率", *VALUE_COLUMNS, *CHANGE_PAIRS}
    return ["指标", *[c for c in frame.columns if c not in known][:1]]


def small_cells(frame: pd.DataFrame, metrics: dict[str, Metric], small: int) -> pd.DataFrame:
    """How each value and change cell of a statistics frame is to be stated: :data:`AS_IS`, :data:`FRACTION`
    (a rate over fewer than ``small`` items), :data:`DIFFERENCE` (a count's change from fewer than ``small``)
    or :data:`UNSAID` (a change of a rate where either rate is over fewer than ``small`` items).

    The frame is ``ws.annual()`` or ``ws.monthly()`` (by group too), labelled or not; the result has its index
    and its value and change columns under the statistics' names.
    """
    plain = _plain(frame)
    keys = _keys(plain)
    values = [c for c in VALUE_COLUMNS if c in plain.columns]
    pairs = _pairs(plain)
    lookup = plain.set_index(keys)

    def items(name: str | None, row: pd.Series, column: str) -> float | None:
        """The count of metric ``name`` in the row's group, or None when it is not known."""
        if name is None:
            return None
        key = (name, *[row[k] for k in keys[1:]]) if len(keys) > 1 else name
        if key not in lookup.index:
            return None
        value = lookup.at[key, column]
        return None if phrasing.is_missing(value) else float(value)

    def few(count: float | None) -> bool:
        return count is not None and count < small

    columns = [c for c in plain.columns if c in values or c in pairs]  # in the frame's order
    out = pd.DataFrame(AS_IS, index=plain.index, columns=columns)
    for index, row in plain.iterrows():
        metric = metrics[row["指标"]]
        for column in values:
            denominator = items(metric.denominator, row, column) if metric.is_rate else None
            if metric.is_rate and few(denominator) and denominator:
                out.at[index, column] = FRACTION
        for column, (now, before) in pairs.items():
            if metric.is_rate:
                dens = (items(metric.denominator, row, now), items(metric.denominator, row, before))
                if any(few(d) for d in dens):
                    out.at[index, column] = UNSAID
            elif few(None if phrasing.is_missing(row[before]) else float(row[before])) and not (
                phrasing.is_missing(row[now])
            ):
                out.at[index, column] = DIFFERENCE
    return out


def _fraction(frame: pd.DataFrame, index: object, metric: Metric, column: str) -> str:
    plain = _plain(frame)
    keys = _keys(plain)
    row = plain.loc[index]
    group = [row[k] for k in keys[1:]]
    lookup = plain.set_index(keys)
    part = [lookup.at[(n, *group) if group else n, column] for n in (metric.numerator, metric.denominator)]
    return f"{phrasing.number(part[0])}/{phrasing.number(part[1])}"


def stated(
    frame: pd.DataFrame, metrics: dict[str, Metric], small: int, listed_only: bool = False
) -> tuple[pd.DataFrame, bool]:
    """The frame as text offices read — 1896, 95.3%, +6.2%, +1.2个百分点, "—" with no base — with the small base
    applied (+1, 4/5, "—"), and whether any cell was stated so (a table then carries :data:`NOTE`).

    ``listed_only`` leaves out the rows of the catalogue's unlisted metrics (``listed = false``: a rate's helper
    parts, 信访参评), as a printed table does; they are read all the same, for a rate's counts (4/5)."""
    how = small_cells(frame, metrics, small)
    plain = _plain(frame)
    out = frame.copy()
    labels = dict(zip(plain.columns, frame.columns, strict=True))
    is_rate = plain["指标"].map(lambda n: metrics[n].is_rate)
    pairs = _pairs(plain)
    for column in plain.columns:
        shown = labels[column]
        if column in pairs:
            now, before = pairs[column]
            cells = []
            for index, rate in is_rate.items():
                state = how.at[index, column]
                if state == UNSAID:
                    cells.append(phrasing.MISSING)
                elif state == DIFFERENCE:
                    cells.append(
                        phrasing.signed_count(float(plain.at[index, now]) - float(plain.at[index, before]))
                    )
                else:
                    cells.append(phrasing.signed_change(plain.at[index, column], rate))
            out[shown] = cells
        elif column == "完成率":
            out[shown] = [phrasing.percent(v) for v in plain[column]]
        elif column in how.columns or column == "目标":
            out[shown] = [
                _fraction(frame, index, metrics[plain.at[index, "指标"]], column)
                if column in how.columns and how.at[index, column] == FRACTION
                else phrasing.value(plain.at[index, column], rate)
                for index, rate in is_rate.items()
            ]
    said = how != AS_IS
    if listed_only:
        keep = listed_rows(frame, metrics)
        out, said = out[keep], said[keep]
    return out.astype("string").fillna(""), bool(said.to_numpy().any())


def listed_rows(frame: pd.DataFrame, metrics: dict[str, Metric]) -> pd.Series:
    """Which rows of a statistics frame are lines of a printed table: all but those of the catalogue's unlisted
    metrics (``listed = false``)."""
    return frame["指标"].map(lambda name: metrics[name].listed).astype(bool)


def exported(frame: pd.DataFrame, metrics: dict[str, Metric], small: int) -> pd.DataFrame:
    """The frame for csv, json and xlsx: numbers as computed, except a change the small base forbids, which is
    empty, with a 说明 column saying it in counts ("同比：基数不足10，比上年多1件" / "4/5") where it applies, and
    on a month total's row of a view in progress which months it counts (:func:`~summarize.periods.whole_months_note`)."""
    how = small_cells(frame, metrics, small)
    plain = _plain(frame)
    labels = dict(zip(plain.columns, frame.columns, strict=True))
    out = frame.copy()
    pairs = _pairs(plain)
    spans = frame.attrs.get("periods")
    months = whole_months_note(spans) if spans is not None else ""
    notes: list[str] = []
    for index in plain.index:
        metric = metrics[plain.at[index, "指标"]]
        said = []
        for column in how.columns:
            state = how.at[index, column]
            if state == FRACTION:
                said.append(f"{labels[column]}：{_fraction(frame, index, metric, column)}")
            elif state == DIFFERENCE:
                now, before = pairs[column]
                base = labels[before]
                words = phrasing.count_change(
                    float(plain.at[index, now]), float(plain.at[index, before]), metric.unit, base
                )
                said.append(f"{labels[column]}：基数不足{small}，{words}")
                out.at[index, labels[column]] = pd.NA
            elif state == UNSAID:
                said.append(f"{labels[column]}：基数不足{small}，不比较")
                out.at[index, labels[column]] = pd.NA
        if months and is_month_totals(metric, metrics):
            said.append(months)
        notes.append("；".join(said))
    out[EXPORT_NOTE] = notes  # always there, so that a file's columns do not depend on its figures
    return out


def table_notes(frame: pd.DataFrame, metrics: dict[str, Metric], small: int, counted: bool) -> list[str]:
    """The notes a printed table carries under it: the small-base note when ``counted`` (cells stated in counts),
    and for a view in progress with month totals (工作量) the months they are counted over."""
    notes = [NOTE.format(small=small)] if counted else []
    spans = frame.attrs.get("periods")
    names = set(frame["指标"]) if "指标" in frame else set()
    if spans is not None and spans.partial and any(is_month_totals(metrics[n], metrics) for n in names):
        notes.append(f"注：{whole_months_note(spans)}。")
    return notes
