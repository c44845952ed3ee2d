"""Building the 年终总结 as a Report: 标题, 导语, 一、主要工作完成情况, 二、存在的问题和不足, 三、明年工作打算, 落款,
附件 主要指标统计表 — every number from the workspace's statistics, every sentence from a text template.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from summarize import phrasing
from summarize.bases import table_notes
from summarize.periods import judged_on, whole_months, year_periods
from summarize.report import events
from summarize.report.appendix import caliber_attachment, headline_table
from summarize.report.model import Attachment, Figure, Paragraph, Report
from summarize.report.sandbox import LimitedEnvironment
from summarize.report.stat import Stat, StatLookup, frame_stats
from summarize.report.text import environment, paragraphs, render_text
from summarize.work import section_names
from summarize.workdays import provisional_note

if TYPE_CHECKING:
    from summarize.metrics import Metric
    from summarize.report.inputs import AnnualInputs, Provisional

# Lines of work in the order a 年终总结 presents them (the catalogue's ``section`` names them): summarize/work.toml.
SECTIONS = section_names()
HEADLINE_METRICS = ("收文", "发文", "会议", "督办事项", "信息报送", "信息采用", "信访受理")


def stats_for(inputs: AnnualInputs) -> dict[str, Stat]:
    """Every metric of the year as a Stat (value, 上年, 同比, target); a year in progress is compared with the same
    part of last year (上年同期)."""
    frame = inputs.annual
    base = "上年同期" if frame.attrs["periods"].partial else "上年"
    return frame_stats(frame, inputs.metrics, "本年", "上年", "同比", base, inputs.settings.small_base)


def overdue_items(table: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """督办 items still open in an overdue table (:meth:`summarize.workspace.Workspace.overdue`) and, among them,
    those past their deadline, for the report's sentences."""
    open_items = table[(table["台账"] == "督办") & table["状态"].isin(["在办", "超期"])]
    items = [
        # A register without a 责任单位 column gives NA there, which `or` cannot test.
        {
            "事项": _text_or_blank(row.事项),
            "责任单位": _text_or_blank(row.责任单位),
            "超期天数": int(row.超期天数),
        }
        for row in open_items.sort_values("期限", kind="stable").itertuples(index=False)
    ]
    return items, [i for i in items if i["超期天数"] > 0]


def _text_or_blank(value: object) -> str:
    return "" if phrasing.is_missing(value) else str(value)


def nothing_read(has_records: bool, not_counted: str | None, year: int, month: int | None = None) -> str:
    """The sentence a 年终总结 (or a 月报, with ``month``) opens with when no register gives a record of the
    period, instead of a summary of work nothing shows; "" when some register does."""
    if has_records:
        return ""
    period = f"{year}年" + (f"{month}月" if month else "")
    return (
        f"【说明：没有读到{period}的任何台账记录"
        + (f"（{not_counted}）" if not_counted else "")
        + "，本文没有统计数字，请核对台账后重新生成】"
    )


def build_annual(inputs: AnnualInputs) -> Report:
    """The 年终总结 stated by ``inputs`` in their language, as a Report (see :mod:`summarize.report.model`);
    charts are drawn in that language. The settings' ``appendix = "full"`` adds the 附件 统计口径说明 to the
    主要指标统计表."""
    from summarize.report.lang import convert_report

    settings, metrics, year, unit = inputs.settings, inputs.metrics, inputs.year, inputs.unit
    lang = settings.lang
    env = environment(inputs.folder)
    notes = inputs.notes
    stats, frame = stats_for(inputs), inputs.annual
    parts = inputs.breakdowns
    periods = frame.attrs["periods"]
    asof = judged_on(inputs.asof, year)
    open_items, overdue = overdue_items(inputs.overdue)
    m = StatLookup(stats)
    # “全年” for a finished year; a year in progress says how far its figures run (截至12月15日).
    span = f"截至{asof.month}月{asof.day}日" if periods.partial else "全年"
    # Month totals (工作量) of a year in progress run to the last whole month: "1—11月", not 截至12月15日.
    whole = whole_months(date(year, 1, 1), asof)
    months = span if not periods.partial else f"1—{whole.end.month}月" if whole else "本年尚无完整月份的"
    common = {
        "unit": unit,
        "year": year,
        "m": m,
        "parts": _PartsLookup(parts),
        "asof": asof,
        "span": span,
        "months_span": months,
    }

    report = Report(
        title=render_text(env, "年终总结/标题.j2", **common),
        signature=settings.signature or unit,
        date=settings.date or periods.cutoff or date(year, 12, 31),
        lang=lang,
        marks=settings.marks,
    )
    missing = nothing_read(inputs.has_records, inputs.not_counted, year)
    if missing:  # no summary of work that no register shows
        report.add(Paragraph(missing, "lead"))
    else:
        lead_phrase = notes.lead.strip().rstrip("。；;，,")
        lead = render_text(env, "年终总结/导语.j2", superior=settings.superior, lead=lead_phrase, **common)
        for text in paragraphs(lead):
            report.add(Paragraph(text, "lead"))

    report.add(Paragraph(f"{phrasing.ordinal_heading(1, 1)}主要工作完成情况", "h1"))
    if _compared(stats):
        compared = (
            f"{year}年1月1日至{asof.month}月{asof.day}日与{year - 1}年同期"
            if periods.partial
            else f"{year}年与{year - 1}年"
        )
        report.add(Figure(_compare_chart(stats, lang), f"{compared}主要指标对比"))
    span_days = year_periods(year, inputs.asof).spans["本年"]
    groups = events.event_groups(inputs.chronicle, pd.Timestamp(span_days.start), pd.Timestamp(span_days.end))
    n = 0
    for section in _sections(notes.highlights, groups):
        section_stats = [s for name, s in stats.items() if metrics[name].section == section]
        highlights = notes.highlights.get(section, [])
        # Events the section's own register counts (会议类型 常务会议 …) are said by its figures, not again.
        counted = tuple(
            label
            for name, s in stats.items()
            if metrics[name].section == section
            for pairs in parts.get(name, {}).values()
            for label, _ in pairs
        )
        shown = events.chosen(groups, section, counted)
        if not section_stats and not highlights and not shown:
            continue
        heading, body = _section_text(env, section, section_stats, open_items, overdue, common)
        n += 1
        report.add(Paragraph(f"{phrasing.ordinal_heading(n, 2)}{heading}", "h2"))
        for para in body:
            report.add(Paragraph(para, "body"))
        if targets := _target_sentence(section_stats, metrics):
            report.add(Paragraph(targets, "body"))
        points = [*highlights, *events.points(shown, events.room_for(len(highlights)))]
        if len(points) > 1:
            report.add(Paragraph(phrasing.enumerate_points(points), "body"))
        elif points:  # one point is a sentence, not "一是……"
            report.add(Paragraph(points[0].rstrip("。；;，,") + "。", "body"))
        else:
            report.add(Paragraph(f"【请补充：{events.section_title(section)}的主要做法和成效】", "body"))
        for figure in _section_figures(inputs, section, stats, lang):
            report.add(figure)

    report.add(Paragraph(f"{phrasing.ordinal_heading(2, 1)}存在的问题和不足", "h1"))
    if notes.problems:
        for point in phrasing.numbered_points(notes.problems):
            report.add(Paragraph(point, "body"))
    else:
        # Only moves the catalogue calls bad: fewer 公务用车 or 来访人次 is no problem, a falling 采用率 is.
        worse = [s for s in stats.values() if s.worsened and not metrics[s.name].detail]
        missed = [s for s in stats.values() if s.has_target and not s.met_target]
        hint = render_text(
            env, "年终总结/存在问题提示.j2", worse=worse, missed=missed, overdue=overdue, **common
        )
        for para in paragraphs(hint):
            report.add(Paragraph(para, "body"))

    report.add(Paragraph(f"{phrasing.ordinal_heading(3, 1)}{year + 1}年工作打算", "h1"))
    if notes.plans:
        for point in phrasing.numbered_points(notes.plans):
            report.add(Paragraph(point, "body"))
    else:
        report.add(Paragraph(f"【请补充：{year + 1}年工作打算】", "body"))

    report.attachments = _attachments(inputs)
    return convert_report(report, lang)


def _attachments(inputs: AnnualInputs) -> list[Attachment]:
    """主要指标统计表 (headline metrics, one page) and, with ``appendix = "full"``, 统计口径说明."""
    frame, year, settings = inputs.annual, inputs.year, inputs.settings
    periods = frame.attrs["periods"]
    title = f"{year}年主要指标统计表" + (f"（{periods.cutoff_phrase()}）" if periods.partial else "")
    metrics, provisional = marked_provisional(inputs.metrics, inputs.provisional)
    table = headline_table(frame, metrics, periods.headers(), settings.small_base)
    if provisional:  # the figures a provisional deadline decides, named under the table
        table.note += f"{'、'.join(provisional)}：{provisional_note(list(inputs.provisional.years))}。"
    shown = frame[frame["指标"].isin([row[0] for row in table.rows])]
    months = [n.removeprefix("注：") for n in table_notes(shown, inputs.metrics, settings.small_base, False)]
    if months:  # 工作量 of a year in progress: the whole months it is counted over
        table.note += months[0]
    attachments = [Attachment(title, [table])]
    if settings.appendix == "full":
        end = periods.cutoff or date(year, 12, 31)
        period = f"{year}年1月1日至{end.month}月{end.day}日"
        attachments.append(caliber_attachment(frame, metrics, period))
    return attachments


# Derived columns that hold a deadline's outcome (summarize.derive): a metric filtering on them depends on it.
DEADLINE_FIELDS = frozenset({"按期", "到期", "期限"})


def marked_provisional(
    metrics: dict[str, Metric], provisional: Provisional
) -> tuple[dict[str, Metric], list[str]]:
    """The catalogue with the 口径 of every metric a provisional deadline decides amended to say so (see
    :mod:`summarize.workdays`), and the names of those metrics that are headline figures."""

    kinds, years = provisional.kinds, list(provisional.years)
    marked = dict(metrics)
    for name, metric in metrics.items():
        if _source(metric, metrics) in kinds and _uses_deadline(metric, metrics):
            marked[name] = replace(metric, caliber=f"{metric.caliber}；{provisional_note(years)}")
    headline = [n for n, m in marked.items() if m is not metrics[n] and m.headline]
    return marked, headline


def _source(metric: Metric, metrics: dict[str, Metric]) -> str | None:
    """The register kind a metric counts, a rate's through its numerator."""
    if metric.is_rate:
        numerator = metrics.get(metric.numerator or "")
        return _source(numerator, metrics) if numerator else None
    return metric.source


def _uses_deadline(metric: Metric, metrics: dict[str, Metric]) -> bool:
    """Whether a metric's rows are chosen by a deadline (按期, 到期), directly or through a rate's parts."""
    if metric.is_rate:
        return any(
            _uses_deadline(metrics[name], metrics)
            for name in (metric.numerator, metric.denominator)
            if name in metrics
        )
    return bool(DEADLINE_FIELDS & _condition_fields(metric.where))


def _condition_fields(conditions: object) -> set[str]:
    """The fields a where list names, inside ``any`` groups too."""
    names: set[str] = set()
    for condition in conditions if isinstance(conditions, list | tuple) else ():
        if isinstance(condition, dict):
            if "field" in condition:
                names.add(str(condition["field"]))
            names |= _condition_fields(condition.get("any", ()))
    return names


def _target_sentence(stats: list[Stat], metrics: dict) -> str:
    """Each of the section's metrics with a 年度目标: its 完成率 and whether it was met, in one sentence."""
    said = [s.target_clause for s in stats if s.target_clause and not metrics[s.name].detail]
    return f"{'；'.join(said)}。" if said else ""


def _sections(highlights: dict[str, list[str]], groups: list[events.EventGroup]) -> list[str]:
    """The lines of work in the order a 年终总结 presents them, then any other the notes or the 大事记 speak of
    (a line of work with no register still gets its section), 其他工作 last."""
    extra = [s for s in [*highlights, *events.sections_spoken_of(groups)] if s not in SECTIONS]
    return [*SECTIONS[:-1], *dict.fromkeys(extra), SECTIONS[-1]]


def _section_text(
    env: LimitedEnvironment, section: str, stats: list[Stat], open_items: list, overdue: list, common: dict
) -> tuple[str, list[str]]:
    """The section's heading and figure paragraphs from its template; a line of work without a template of its
    own (党建, 调研 …) is headed by its name."""
    if f"年终总结/{section}.j2" not in env.list_templates():
        return events.section_title(section), []
    text = render_text(
        env, f"年终总结/{section}.j2", stats=stats, open_items=open_items, overdue=overdue, **common
    )
    heading, *body = paragraphs(text) or [events.section_title(section)]
    return heading, body


def _section_figures(inputs: AnnualInputs, section: str, stats: dict[str, Stat], lang: str) -> list[Figure]:
    from summarize import charts

    year, parts = inputs.year, inputs.breakdowns
    figures = []
    documents = [name for name in ("收文", "发文") if name in stats]
    if section == "办文" and documents:
        cutoff = inputs.annual.attrs["periods"].cutoff
        month = cutoff.month if cutoff else None
        lines = {}
        for name in documents:  # each beside its own last year, as the 月报 has it
            lines[f"{name}（{year}年）"] = charts.month_values(inputs.series, name)
            if stats[name].last is not None:
                lines[f"{name}（{year - 1}年）"] = last_year_line(
                    inputs.last_series, inputs.running_month, month, name
                )
        names = "、".join(documents)
        notes = [f"与{year - 1}年对比"] if any(f"{year - 1}年" in label for label in lines) else []
        if cutoff:
            notes.append(f"{cutoff.month}月为1—{cutoff.day}日数据，上年取同期")
        png = charts.year_trend(lines, cutoff, lang)
        caption = f"{year}年{names}月度趋势" + (f"（{'；'.join(notes)}）" if notes else "")
        figures.append(Figure(png, caption))
    if section == "信访" and parts.get("信访受理", {}).get("信访形式"):
        pairs = parts["信访受理"]["信访形式"]
        png = charts.share_bars([p[0] for p in pairs], [p[1].value for p in pairs], "", "件", lang=lang)
        figures.append(Figure(png, f"{year}年信访受理按形式分布"))
    if section == "信息" and parts.get("信息采用", {}).get("采用级别"):
        pairs = parts["信息采用"]["采用级别"]
        png = charts.share_bars([p[0] for p in pairs], [p[1].value for p in pairs], "", "条", lang=lang)
        figures.append(Figure(png, f"{year}年信息采用按级别分布"))
    return figures


def last_year_line(
    last_series: pd.DataFrame, running_month: pd.DataFrame | None, month: int | None, name: str
) -> list[float | None]:
    """Last year's months of ``name`` for a trend chart; for the ``month`` still in progress (``running_month``
    holds its statistics), the point is the same days of last year (its 上年同月), so both lines count the
    same days."""
    from summarize.charts import month_values

    values = month_values(last_series, name)
    if running_month is not None and month is not None:
        row = running_month.set_index("指标")
        same = row.at[name, "上年同月"] if name in row.index else None
        values[month - 1] = None if phrasing.is_missing(same) else float(same)
    return values


def _compared(stats: dict[str, Stat]) -> list[Stat]:
    """The headline figures known for both years: a register kept only last year (or only this year) has no
    pair of bars to compare."""
    return [stats[n] for n in HEADLINE_METRICS if n in stats and None not in (stats[n].value, stats[n].last)]


def _compare_chart(stats: dict[str, Stat], lang: str) -> bytes:
    """The headline metrics this year and last, a panel each: they count in 份, 件, 次 and 条."""
    from summarize import charts

    shown = _compared(stats)
    return charts.compare_panels(
        [s.name for s in shown],
        [s.value for s in shown],
        [s.last for s in shown],
        [s.unit for s in shown],
        lang=lang,
    )


class _PartsLookup(dict):
    """``parts.收文.紧急程度`` in templates: the breakdown pairs, or an empty list when there is none."""

    def __getattr__(self, name: str) -> StatLookup:
        return StatLookup({k: v for k, v in self.get(name, {}).items()})
