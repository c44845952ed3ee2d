"""The metric catalogue and the facts table: every figure an office reports, as rows traceable to registers.

The catalogue (``catalogue.toml``, overridable per workspace) says for each metric which register rows count and
how. :func:`compute_facts` turns the registers into one tidy table, a row per (metric, register row) with the
value that row contributes and its provenance (``_file``, ``_sheet``, ``_row``). Statistics are sums over it;
rates are computed from their numerator and denominator sums, never averaged.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from summarize.config import read_toml
from summarize.errors import SummarizeError
from summarize.registers import kind_specs

WORKSPACE_CATALOGUE = "指标目录.toml"
METRIC_KEYS = {
    "source", "unit", "measure", "field", "where", "requires", "by", "numerator", "denominator",
    "section", "expand", "caliber", "units", "sections", "enabled", "detail", "basis",
}  # fmt: skip
MEASURES = ("count", "sum", "distinct")
FACT_COLUMNS = ["指标", "日期", "年", "月", "科室", "值", "_file", "_sheet", "_row"]


@dataclass(frozen=True)
class Metric:
    """One reported figure: a count, sum or distinct count over filtered register rows, or a rate of two."""

    name: str
    unit: str
    caliber: str = ""
    source: str | None = None
    measure: str = "count"
    field: str | None = None
    where: tuple[dict[str, Any], ...] = ()
    requires: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    numerator: str | None = None
    denominator: str | None = None
    section: str = ""
    expand: str | None = None
    detail: bool = False
    basis: str = ""
    units: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)
    sections: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)

    @property
    def is_rate(self) -> bool:
        """Whether the metric is a rate (numerator ÷ denominator), shown as a percentage."""
        return self.numerator is not None


def _parse_metric(name: str, raw: dict[str, Any], where_from: str) -> Metric:
    unknown = set(raw) - METRIC_KEYS
    if unknown:
        raise SummarizeError(f"{where_from}中指标“{name}”有不认识的设置项：{'、'.join(sorted(unknown))}")
    metric = Metric(
        name=name,
        unit=raw.get("unit", "件"),
        caliber=raw.get("caliber", ""),
        source=raw.get("source"),
        measure=raw.get("measure", "count"),
        field=raw.get("field"),
        where=tuple(raw.get("where", ())),
        requires=tuple(raw.get("requires", ())),
        by=tuple(raw.get("by", ())),
        numerator=raw.get("numerator"),
        denominator=raw.get("denominator"),
        section=raw.get("section", ""),
        expand=raw.get("expand"),
        detail=bool(raw.get("detail", False)),
        basis=raw.get("basis", ""),
        units=dict(raw.get("units", {})),
        sections=dict(raw.get("sections", {})),
    )
    if metric.is_rate != (metric.denominator is not None):
        raise SummarizeError(f"{where_from}中比率指标“{name}”须同时给出 numerator 和 denominator")
    if not metric.is_rate:
        if metric.source not in kind_specs():
            raise SummarizeError(
                f"{where_from}中指标“{name}”的来源台账“{metric.source}”不存在；可用：{'、'.join(kind_specs())}"
            )
        if metric.measure not in MEASURES:
            raise SummarizeError(f"{where_from}中指标“{name}”的 measure 应为 count、sum 或 distinct")
        if metric.measure != "count" and not metric.field:
            raise SummarizeError(f"{where_from}中指标“{name}”按 {metric.measure} 计量，须给出 field")
    for cond in metric.where:
        for part in cond.get("any", [cond]):
            if "field" not in part or not ({"equals", "in", "not_empty", "empty"} & set(part)):
                raise SummarizeError(
                    f'{where_from}中指标“{name}”的筛选条件 {cond} 应写成 {{ field = "字段", equals = 值 }} 等形式，'
                    "或 { any = [条件, …] }（满足其一即可）"
                )
    return metric


def load_catalogue(
    workspace: Path | None = None, overrides: dict[str, dict] | None = None
) -> dict[str, Metric]:
    """The metric catalogue: the package's, then the workspace's ``指标目录.toml``, then ``overrides``
    (``[metrics]`` in summarize.toml). A later definition of the same name replaces the fields it gives;
    ``enabled = false`` removes a metric.
    """
    layers: list[tuple[str, dict]] = [
        (
            "内置指标目录",
            tomllib.loads(resources.files("summarize").joinpath("catalogue.toml").read_text("utf-8")),
        )
    ]
    if workspace is not None and (workspace / WORKSPACE_CATALOGUE).exists():
        path = workspace / WORKSPACE_CATALOGUE
        layers.append((f"“{path.name}”", read_toml(path)[0]))
    if overrides:
        layers.append(("summarize.toml 的 [metrics]", overrides))
    merged: dict[str, dict] = {}
    for _, layer in layers:
        for name, raw in layer.items():
            merged[name] = {**merged.get(name, {}), **raw}
    catalogue = {
        name: _parse_metric(name, raw, "指标目录") for name, raw in merged.items() if raw.get("enabled", True)
    }
    for metric in catalogue.values():
        for part in (metric.numerator, metric.denominator):
            if part is not None and part not in catalogue:
                raise SummarizeError(f"比率指标“{metric.name}”引用的指标“{part}”不在指标目录中")
    return catalogue


def _select(records: pd.DataFrame, metric: Metric) -> pd.Series:
    keep = pd.Series(True, index=records.index)
    for cond in metric.where:
        if "any" in cond:  # one of several conditions (a field the register lacks meets none of its own)
            either = pd.Series(False, index=records.index)
            for part in cond["any"]:
                either |= _meets(records, part)
            keep &= either
        else:
            keep &= _meets(records, cond)
    return keep


def _meets(records: pd.DataFrame, cond: dict[str, Any]) -> pd.Series:
    """Rows meeting one ``{ field = …, equals/in/not_empty/empty = … }`` condition."""
    col = cond["field"]
    if col not in records.columns:
        return pd.Series(False, index=records.index)
    values, keep = records[col], pd.Series(True, index=records.index)
    if "equals" in cond:
        keep &= values.eq(cond["equals"]).fillna(False).astype(bool)
    if "in" in cond:
        keep &= values.isin(cond["in"]).fillna(False).astype(bool)
    if cond.get("not_empty"):
        keep &= values.notna() & values.astype("string").str.strip().ne("").fillna(False)
    if cond.get("empty"):
        keep &= values.isna()
    return keep


def resolve(catalogue: dict[str, Metric], registers: dict[str, pd.DataFrame]) -> dict[str, Metric]:
    """The metrics this workspace can report, in catalogue order.

    ``registers`` are the derived registers. A metric whose register is absent, whose filter fields the register
    lacks, or whose ``requires`` fields it does not record, is left out (missing is not zero); an ``expand``
    metric becomes one metric per value (工作量 事项 → 业务学习交流, …); a rate needs both its parts.
    """
    resolved: dict[str, Metric] = {}
    for metric in catalogue.values():
        if metric.is_rate:
            if metric.numerator in resolved and metric.denominator in resolved:
                resolved[metric.name] = metric
            continue
        records = registers.get(metric.source)
        # A required field is recorded when its column exists and is not blank in every row written so far.
        if records is None or any(
            r not in records.columns or (len(records) > 0 and records[r].isna().all())
            for r in metric.requires
        ):
            continue
        if any(
            cond["field"] not in records.columns
            for cond in metric.where
            if "field" in cond and cond["field"] != metric.expand
        ):
            continue
        if metric.expand is None:
            resolved[metric.name] = metric
            continue
        if metric.expand not in records.columns:
            continue
        for value in records[metric.expand].dropna().unique():
            name = str(value)
            if name in catalogue or name in resolved:
                continue
            resolved[name] = replace(
                metric,
                name=name,
                unit=metric.units.get(name, metric.unit),
                section=metric.sections.get(name, metric.section or "其他工作"),
                where=(*metric.where, {"field": metric.expand, "equals": name}),
                expand=None,
            )
    return resolved


def compute_facts(metrics: dict[str, Metric], registers: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per (metric, contributing register row): 指标, 日期, 年, 月, 科室, breakdown fields, 值, provenance.

    ``registers`` are the derived registers (see :mod:`summarize.derive`). Rates have no facts of their own.
    For ``distinct`` metrics the value is 1 on the first row of each distinct value in each month.

    The label columns (指标, 科室, 单位, breakdown fields, _file, _sheet) are categories: a few names repeat over
    every row, and as categories they cost a byte or two a row instead of a pointer. Each is built with the
    categories of all the registers at once, so the parts join without passing through text.
    """
    counted = [m for m in metrics.values() if not m.is_rate]
    sources = {m.name: _label_sources(m, registers[m.source]) for m in counted}
    labels = list(
        dict.fromkeys(["科室", "_file", "_sheet", *(col for cols in sources.values() for col in cols)])
    )
    # Each register column is hashed once: its distinct values make the label's categories, and its codes are
    # mapped onto them, then every metric picks its rows' codes.
    factorized = {
        (m.source, column): pd.factorize(registers[m.source][column])
        for m in counted
        for column in sources[m.name].values()
    }
    categories = {
        label: sorted(
            {
                value
                for m in counted
                if label in sources[m.name]
                for value in factorized[m.source, sources[m.name][label]][1]
            },
            key=str,
        )
        for label in labels
    }
    coded: dict[tuple[str, str, str], np.ndarray] = {}

    def codes(kind: str, column: str, label: str) -> np.ndarray:
        if (kind, column, label) not in coded:
            local, distinct = factorized[kind, column]
            onto = pd.Index(categories[label], dtype=object).get_indexer(np.asarray(distinct, dtype=object))
            # A missing value's code is -1, which picks the -1 appended here: missing stays missing.
            coded[kind, column, label] = np.append(onto, -1)[local]
        return coded[kind, column, label]

    parts = []
    for position, metric in enumerate(counted):
        records = registers[metric.source]
        spec = kind_specs()[metric.source]
        selected = _select(records, metric).to_numpy(dtype=bool)
        rows = records[selected]
        if metric.measure == "count":
            value = pd.Series(1, index=rows.index, dtype="Int64")
        elif metric.measure == "sum":
            value = rows[metric.field].astype("Float64").fillna(0)
        else:
            month = rows[spec.date_field].dt.to_period("M")
            first = (
                ~pd.DataFrame({"m": month, "v": rows[metric.field]}).duplicated() & rows[metric.field].notna()
            )
            value = first.astype("Int64")
        dates = rows[spec.date_field]
        part = pd.DataFrame(
            {
                "指标": pd.Categorical.from_codes(
                    np.full(len(rows), position), categories=[m.name for m in counted]
                ),
                "日期": dates,
                "年": dates.dt.year.astype("Int64"),
                "月": dates.dt.month.astype("Int64"),
                "值": value.astype("Float64"),
                "_row": rows["_row"],
            },
            index=rows.index,
        )
        for col in labels:  # every part has every label column, so that concat keeps them categorical
            source = sources[metric.name].get(col)
            picked = codes(metric.source, source, col)[selected] if source else np.full(len(rows), -1)
            part[col] = pd.Categorical.from_codes(picked, categories=categories[col])
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=FACT_COLUMNS)
    facts = pd.concat(parts, ignore_index=True)
    extra = [c for c in labels if c not in FACT_COLUMNS]
    return facts[FACT_COLUMNS[:6] + extra + FACT_COLUMNS[6:]]


def _label_sources(metric: Metric, records: pd.DataFrame) -> dict[str, str]:
    """The facts' label columns this metric fills, each with the register column it comes from."""
    spec = kind_specs()[metric.source]
    sources = {"科室": spec.department} if spec.department in records else {}
    sources |= {col: col for col in ("单位", *metric.by) if col in records.columns}
    return sources | {"_file": "_file", "_sheet": "_sheet"}
