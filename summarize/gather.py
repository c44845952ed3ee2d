"""The inputs of a report, gathered from a Workspace (see :mod:`summarize.report.inputs`).

This is the one place that asks a Workspace for what a report states; the builders then work on the gathered
data alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarize.report.inputs import AnnualInputs, MonthlyInputs, Provisional, report_settings
from summarize.report.stat import Stat

if TYPE_CHECKING:
    from summarize.workspace import Workspace


def annual_inputs(
    ws: Workspace, year: int, lang: str | None = None, appendix: str | None = None
) -> AnnualInputs:
    """What the 年终总结 of ``year`` needs from ``ws``."""
    from summarize.notes import load_notes
    from summarize.periods import judged_on

    frame = ws.annual(year)
    cutoff = frame.attrs["periods"].cutoff
    running = ws.monthly(year, cutoff.month) if cutoff is not None and cutoff.year == year else None
    chronicle = ws.derived.get("大事记")  # up to the as-of day, like every figure (quoted, never counted)
    return AnnualInputs(
        unit=ws.unit,
        year=year,
        asof=ws.asof,
        settings=report_settings(ws.settings, ws.unit, lang, appendix),
        annual=frame,
        metrics=ws.metrics,
        breakdowns=breakdowns(ws, year),
        overdue=ws.overdue(judged_on(ws.asof, year)),
        series=ws.month_series(year),
        last_series=ws.month_series(year - 1),
        running_month=running,
        chronicle=chronicle,
        has_records=has_records(ws, year),
        not_counted=ws.not_counted,
        notes=load_notes(ws.path),
        folder=ws.path,
        provisional=provisional(ws, year),
    )


def monthly_inputs(ws: Workspace, year: int, month: int, lang: str | None = None) -> MonthlyInputs:
    """What the 月报 of ``year``-``month`` needs from ``ws``."""
    from summarize.notes import load_notes
    from summarize.periods import month_end

    table = ws.monthly(year, month)
    departments = "科室" in ws.facts and ws.facts["科室"].notna().any()
    asof = table.attrs["periods"].cutoff or month_end(year, month)
    return MonthlyInputs(
        unit=ws.unit,
        year=year,
        month=month,
        settings=report_settings(ws.settings, ws.unit, lang),
        table=table,
        by_department=ws.monthly(year, month, by="科室") if departments else None,
        metrics=ws.metrics,
        series=ws.month_series(year),
        last_series=ws.month_series(year - 1),
        overdue=ws.overdue(asof),
        chronicle=ws.derived.get("大事记"),
        has_records=has_records(ws, year, month),
        not_counted=ws.not_counted,
        notes=load_notes(ws.path).months.get((year, month), {}),
        folder=ws.path,
        sources=ws.sources(year),
        provisional=provisional(ws, year),
    )


def provisional(ws: Workspace, year: int) -> Provisional:
    """The register kinds with provisional deadlines among the items of ``year``, and those deadlines' years."""
    from summarize.registers import kind_specs

    kinds, years = set(), set()
    for kind, frame in ws.derived.items():
        if "期限暂定" in frame:
            marked = frame[frame["期限暂定"] & (frame[kind_specs()[kind].date_field].dt.year == year)]
            if len(marked):
                kinds.add(kind)
                years |= {int(y) for y in marked["期限"].dt.year.dropna()}
    return Provisional(frozenset(kinds), tuple(sorted(years)))


def provisional_metrics(ws: Workspace, year: int) -> dict:
    """The catalogue with each 口径 a provisional deadline of ``year`` decides saying so (for workbooks)."""
    from summarize.report.annual import marked_provisional

    return marked_provisional(ws.metrics, provisional(ws, year))[0]


def has_records(ws: Workspace, year: int, month: int | None = None) -> bool:
    """Whether any register records a day of ``year`` (or of its ``month``)."""
    from summarize.registers import kind_spec

    for kind, frame in ws.registers.items():
        dates = frame[kind_spec(kind).date_field]
        if ((dates.dt.year == year) & (month is None or dates.dt.month == month)).any():
            return True
    return False


def breakdowns(ws: Workspace, year: int) -> dict[str, dict[str, list[tuple[str, Stat]]]]:
    """For each metric and each of its catalogue ``by`` fields: (label, Stat) pairs, largest first (levels such
    as 采用级别 highest first), zeros left out.

    Only the year's own values are needed, and only for the metrics broken down by each field: the year's
    facts are found once, then grouped once per field (a report per unit asks for a dozen of these).
    """
    from summarize.periods import year_periods
    from summarize.stats import SpanValues
    from summarize.unit_name import wording

    levels = wording()["levels"]
    result: dict[str, dict[str, list[tuple[str, Stat]]]] = {}
    fields = {f for m in ws.metrics.values() for f in m.by if f in ws.facts.columns}
    span = year_periods(year, ws.asof).spans["本年"]
    of_year = SpanValues(ws.facts, ws.coverage, span.start, span.end)
    for field in sorted(fields):
        chosen = {n: m for n, m in ws.metrics.items() if not m.is_rate and field in m.by}
        for name, pairs in of_year.breakdown(chosen, field).items():
            # Largest first; equal figures keep the groups' order (a stable sort).
            pairs = sorted(pairs, key=lambda pair: -pair[1])
            if field in levels["fields"]:  # 国家级 → 省级 → 市级 → 县级, highest first
                order = levels["order"]
                pairs = sorted(
                    pairs, key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order)
                )
            result.setdefault(name, {})[field] = [
                (str(label), Stat(name=str(label), unit=chosen[name].unit, value=v)) for label, v in pairs
            ]
    return result
