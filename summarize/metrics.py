"""The metric catalogue and the facts table: every figure an office reports, as rows traceable to registers.

The catalogue (``catalogue.toml``, overridable per workspace) says for each metric which register rows count and
how. :func:`compute_facts` turns the registers into one tidy table, a row per (metric, register row) with the
value that row contributes and its provenance (``_file``, ``_sheet``, ``_row``). Statistics are sums over it;
rates are computed from their numerator and denominator sums, never averaged.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from summarize.config import CONFIG_NAME, Settings, error_at, read_toml
from summarize.derive import STATUS_FIELDS, TIME_FIELDS, status_on, turning_days
from summarize.errors import SummarizeError
from summarize.registers import kind_specs
from summarize.units import UNIT_FIELD
from summarize.work import section_names

WORKSPACE_CATALOGUE = "指标目录.toml"
MEASURES = ("count", "sum", "distinct")
FACT_COLUMNS = ["指标", "日期", "年", "月", "科室", "值", "_file", "_sheet", "_row", "_from", "_until"]
# A fact counts for a figure judged on a day in [_from, _until) (NaT: unbounded): a row of 督办办结 counts from its
# 办结日期 on, a row of 督办应办结 from its 期限 on. Counted metrics that name no day-dependent field count always.


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
    listed: bool = True  # a line of the printed statistics tables; false for a rate's helper part (信访参评)
    basis: str = ""
    units: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)
    sections: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)
    headline: bool = False
    direction: str = "neutral"
    # For an ``expand`` metric: the 量词 of an item not in ``units``, by a word of its name (刊物 → 期), the
    # direction of each item, the items that are headline figures and those that are no line of a table.
    unit_words: tuple[tuple[str, str], ...] = ()
    directions: dict[str, str] = dataclasses.field(default_factory=dict, hash=False)
    headlines: tuple[str, ...] = ()
    unlisted: tuple[str, ...] = ()

    @property
    def better(self) -> int:
        """+1 when a rise is good (采用率), -1 when a fall is (超期件), 0 when neither is a problem (收文, 公务用车)."""
        return DIRECTIONS[self.direction]

    def item_unit(self, item: str) -> str:
        """The 量词 of one item of an ``expand`` metric: its own in ``units``, else the first ``unit_words`` rule
        whose word its name contains (编发《组工信息》 → 期), else the metric's."""
        if item in self.units:
            return self.units[item]
        return next((unit for word, unit in self.unit_words if word in item), self.unit)

    @property
    def is_rate(self) -> bool:
        """Whether the metric is a rate (numerator ÷ denominator), shown as a percentage."""
        return self.numerator is not None


# What each key of a metric holds, as TOML writes it, and how a message says so.
KEY_TYPES: dict[str, tuple[type, str]] = {
    "source": (str, "加英文双引号的台账种类"),
    "unit": (str, "加英文双引号的量词"),
    "measure": (str, "“count”“sum”或“distinct”"),
    "field": (str, "加英文双引号的字段名"),
    "where": (list, '筛选条件列表，如 [{ field = "字段", equals = 值 }]'),
    "requires": (list, '字段名列表，如 ["是否立案"]'),
    "by": (list, '字段名列表，如 ["承办科室"]'),
    "numerator": (str, "加英文双引号的指标名"),
    "denominator": (str, "加英文双引号的指标名"),
    "section": (str, "加英文双引号的板块名"),
    "expand": (str, "加英文双引号的字段名"),
    "caliber": (str, "加英文双引号的文字"),
    "basis": (str, "加英文双引号的文字"),
    "units": (dict, '表，如 { "业务学习交流" = "次" }'),
    "sections": (dict, '表，如 { "业务学习交流" = "自身建设" }'),
    "enabled": (bool, "“true”或“false”"),
    "detail": (bool, "“true”或“false”"),
    "listed": (bool, "“true”或“false”"),
    "headline": (bool, "“true”或“false”"),
    "direction": (str, "“higher”（越高越好）、“lower”（越低越好）或“neutral”（无所谓好坏）"),
    "unit_words": (list, '字样和量词的列表，如 [["培训班", "期"], ["会议", "次"]]'),
    "directions": (dict, '表，如 { "编发刊物" = "higher" }'),
    "headlines": (list, '事项名称列表，如 ["编发刊物"]'),
    "unlisted": (list, '事项名称列表，如 ["值班"]'),
}
# A metric's ``direction``: which way of moving is good, as the sign of the change (neutral: no problem either way).
DIRECTIONS = {"higher": 1, "lower": -1, "neutral": 0}
CONDITIONS = ("equals", "in", "not_empty", "empty")
# Columns derive.py adds to the registers, which metrics may count and filter on, with their value types.
DERIVED_FIELDS = {"已办结": "bool", "期限": "date", "按期": "bool", "受理": "bool", "得分": "number"}


@dataclass
class _Layer:
    """One source of metric definitions, and how to point at a line of it."""

    label: str  # how a message names it when it is no file of the workspace
    entries: dict[str, Any]
    path: Path | None = None
    text: str = ""
    table: tuple[str, ...] = ()  # the tables the metrics sit in: ("metrics",) in summarize.toml

    def error(self, name: str, key: str | None, why: str) -> SummarizeError:
        """A message naming the line of ``key`` in metric ``name`` (or of the metric's table)."""
        if self.path is None:
            return SummarizeError(f"{self.label}中指标“{name}”{why}")
        return error_at(self.path, self.text, key, f"指标“{name}”{why}", (*self.table, name))


def _check_entry(layer: _Layer, name: str, raw: object) -> None:
    """The keys and value types of one definition, as written (before layers are merged)."""
    if not isinstance(raw, dict):
        raise layer.error(name, None, f'应写成一个表：[“{name}”] 下逐行写 source = "…" 等（而不是“{raw}”）')
    for key, value in raw.items():
        if key not in KEY_TYPES:
            known = "、".join(KEY_TYPES)
            raise layer.error(name, key, f"中不认识的设置项“{key}”；可用的设置项：{known}")
        kind, form = KEY_TYPES[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise layer.error(name, key, f"的“{key}”应为{form}，而不是“{value}”")
        if key in ("requires", "by") and not all(isinstance(v, str) for v in value):
            raise layer.error(name, key, f"的“{key}”应为{form}")
        if key in ("units", "sections", "directions") and not all(isinstance(v, str) for v in value.values()):
            raise layer.error(name, key, f"的“{key}”应为{form}")
        if key in ("headlines", "unlisted") and not all(isinstance(v, str) for v in value):
            raise layer.error(name, key, f"的“{key}”应为{form}")
        if key == "unit_words" and not all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(w, str) for w in v) for v in value
        ):
            raise layer.error(name, key, f"的“{key}”应为{form}")
        directions = [value] if key == "direction" else value.values() if key == "directions" else []
        if any(d not in DIRECTIONS for d in directions):
            raise layer.error(name, key, f"的“{key}”应为{form}")
    for cond in raw.get("where", ()):
        parts = cond.get("any") if isinstance(cond, dict) and set(cond) == {"any"} else [cond]
        if not isinstance(parts, list) or not parts or not all(_condition(part) for part in parts):
            why = (
                f'的筛选条件 {cond} 应写成 {{ field = "字段", equals = 值 }} 等形式（{"、".join(CONDITIONS)}），'
                "或 { any = [条件, …] }（满足其一即可）"
            )
            raise layer.error(name, "where", why)


def _condition(cond: object) -> bool:
    """Whether one filter condition is written as the catalogue expects."""
    ok = isinstance(cond, dict) and isinstance(cond.get("field"), str)
    ok = ok and set(cond) <= {"field", *CONDITIONS} and bool(set(cond) & set(CONDITIONS))
    return ok and ("in" not in cond or isinstance(cond["in"], list))


def _parse_metric(name: str, raw: dict[str, Any], origin: dict[str, _Layer]) -> Metric:
    """A metric from its merged definition; ``origin`` is the layer that last set each key (``""``: the
    metric itself), so that a mistake is named where it was written."""

    def fail(key: str | None, why: str) -> SummarizeError:
        layer = origin.get(key or "", origin[""])
        return layer.error(name, key if layer is origin.get(key or "") else None, why)

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
        listed=bool(raw.get("listed", True)),
        basis=raw.get("basis", ""),
        units=dict(raw.get("units", {})),
        sections=dict(raw.get("sections", {})),
        headline=bool(raw.get("headline", False)),
        direction=raw.get("direction", "neutral"),
        unit_words=tuple(tuple(pair) for pair in raw.get("unit_words", ())),
        directions=dict(raw.get("directions", {})),
        headlines=tuple(raw.get("headlines", ())),
        unlisted=tuple(raw.get("unlisted", ())),
    )
    _check_sections(metric, fail)
    if metric.is_rate != (metric.denominator is not None):
        key = "numerator" if metric.is_rate else "denominator"
        raise fail(key, "是比率指标，须同时给出“numerator”（分子）和“denominator”（分母）")
    if metric.is_rate:
        return metric
    kinds = kind_specs()
    if metric.source not in kinds:
        why = f"的来源台账“{metric.source}”不存在；可用的种类：{'、'.join(kinds)}"
        raise fail(
            "source", why if metric.source else f"没有写来源台账“source”；可用的种类：{'、'.join(kinds)}"
        )
    if metric.measure not in MEASURES:
        raise fail("measure", f"的“measure”应为“count”“sum”或“distinct”，而不是“{metric.measure}”")
    types = {f.name: f.type for f in kinds[metric.source].fields.values()} | DERIVED_FIELDS
    if metric.measure != "count":
        verb = "求和" if metric.measure == "sum" else "计不同值个数"
        if not metric.field:
            raise fail("measure", f"按“{metric.measure}”（{verb}）计量，须给出“field”（对哪个字段{verb}）")
        if metric.field not in types:
            raise fail(
                "field", f"的字段“{metric.field}”不是{metric.source}台账的字段；可用：{'、'.join(types)}"
            )
        if metric.measure == "sum" and types[metric.field] not in ("int", "number"):
            why = f"对“{metric.field}”求和，但它不是数字字段；计条数请用“count”，计不同值个数请用“distinct”"
            raise fail("field", why)
    return metric


def _check_sections(metric: Metric, fail: Callable[[str | None, str], SummarizeError]) -> None:
    """The metric's ``section`` and each item's in ``sections`` are lines of work of ``work.toml``: a figure
    filed under any other name would have no section of the 年终总结 to appear in."""
    known = section_names()
    named = [("section", metric.section)] if metric.section else []
    named += [("sections", section) for section in metric.sections.values()]
    for key, section in named:
        if section not in known:
            raise fail(key, f"的板块“{section}”不是工作板块；可用的板块：{'、'.join(known)}")


def _check_rates(catalogue: dict[str, Metric], origins: dict[str, dict[str, _Layer]]) -> None:
    """A rate's parts are counted metrics of the catalogue: not missing, not itself, not rates."""
    for metric in catalogue.values():
        for key in ("numerator", "denominator"):
            part = getattr(metric, key)
            if part is None:
                continue
            origin = origins[metric.name]
            layer = origin.get(key, origin[""])
            line_key = key if key in origin else None
            role = "分子" if key == "numerator" else "分母"
            if part == metric.name:
                raise layer.error(
                    metric.name, line_key, f"的{role}“{part}”是它自己；比率的分子、分母应为计数的指标"
                )
            if part not in catalogue:
                raise layer.error(metric.name, line_key, f"的{role}“{part}”不在指标目录中")
            if catalogue[part].is_rate:
                why = f"的{role}“{part}”本身是比率；比率的分子、分母应为计数的指标"
                raise layer.error(metric.name, line_key, why)


def load_catalogue(
    workspace: Path | None = None, overrides: dict[str, dict] | None = None, settings_path: Path | None = None
) -> dict[str, Metric]:
    """The metric catalogue: the package's, then the workspace's ``指标目录.toml``, then ``overrides``
    (``[metrics]`` in summarize.toml, at ``settings_path``). A later definition of the same name replaces the
    fields it gives; ``enabled = false`` removes a metric.

    Raises :class:`SummarizeError` naming the file and line of the first mistake: an unknown key, a value of
    the wrong type, a sum over a text field, a rate of a rate or of itself.
    """
    builtin = resources.files("summarize").joinpath("catalogue.toml").read_text("utf-8")
    layers = [_Layer("内置指标目录", tomllib.loads(builtin))]
    if workspace is not None and (workspace / WORKSPACE_CATALOGUE).exists():
        path = workspace / WORKSPACE_CATALOGUE
        entries, text = read_toml(path)
        layers.append(_Layer(f"“{path.name}”", entries, path, text))
    if overrides:
        path = settings_path or (workspace / CONFIG_NAME if workspace is not None else None)
        text = path.read_text(encoding="utf-8-sig") if path is not None and path.is_file() else ""
        layers.append(
            _Layer("summarize.toml 的 [metrics]", overrides, path if text else None, text, ("metrics",))
        )
    merged: dict[str, dict] = {}
    origins: dict[str, dict[str, _Layer]] = {}
    for layer in layers:
        for name, raw in layer.entries.items():
            _check_entry(layer, name, raw)
            merged[name] = {**merged.get(name, {}), **raw}
            origins.setdefault(name, {}).update({"": layer} | dict.fromkeys(raw, layer))
    catalogue = {
        name: _parse_metric(name, raw, origins[name])
        for name, raw in merged.items()
        if raw.get("enabled", True)
    }
    _check_rates(catalogue, origins)
    return catalogue


def check_targets(settings: Settings, catalogue: dict[str, Metric], metrics: dict[str, Metric]) -> None:
    """Every ``[targets]`` name is a metric: of the catalogue, or one that a register's 事项 made (工作量).

    A misspelt name would otherwise leave its target out of the documents without a word.
    """
    for name in settings.targets:
        if name not in catalogue and name not in metrics:
            path = settings.source or Path(CONFIG_NAME)
            text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
            known = "、".join(m for m in metrics if not metrics[m].detail)
            why = f"[targets] 中的“{name}”不是指标的名称（可能写错了字）；可用的指标：{known}"
            raise error_at(path, text, name, why, ("targets",))


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
        if metric.measure != "count" and metric.field not in records.columns:
            continue  # a field of the kind this register does not record: nothing to add up
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
                unit=metric.item_unit(name),
                section=metric.sections.get(name, metric.section or "其他工作"),
                where=(*metric.where, {"field": metric.expand, "equals": name}),
                expand=None,
                headline=name in metric.headlines,
                listed=metric.listed and name not in metric.unlisted,
                direction=metric.directions.get(name, metric.direction),
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
    if not counted:
        return _no_facts()
    labels = _Labels(counted, registers)
    return labels.ordered(pd.concat([labels.part(p) for p in range(len(counted))], ignore_index=True))


def unit_facts(
    whole: pd.DataFrame,
    whole_metrics: dict[str, Metric],
    metrics: dict[str, Metric],
    registers: dict[str, pd.DataFrame],
    unit: str,
) -> pd.DataFrame:
    """What ``compute_facts(metrics, registers)`` gives for one unit, mostly taken from the whole workspace's
    facts (``whole``, of ``whole_metrics``) instead of computed again.

    ``registers`` are the unit's derived registers (the whole's rows whose 单位 is ``unit``) and ``metrics``
    the metrics resolved on them. A unit's facts are the whole's facts of its rows except for what the other
    units' rows change, which is made here as ``compute_facts`` makes it:

    - the label columns' categories (科室, 单位, 责任单位, _file …) come from the unit's registers alone, so a
      breakdown lists no 责任单位 or file of another unit;
    - 指标 follows the unit's metrics: an ``expand`` item (工作量's 事项) stands where the unit's own rows first
      name it, and an item none of its rows names is not one of its metrics;
    - a ``distinct`` metric counts a value once a month in the unit (in the whole, another unit's row may have
      been the first with it), and a metric the unit resolves otherwise than the whole does (an item that
      another ``expand`` metric takes in the whole) has rows of its own: both are computed from ``registers``.
    """
    counted = [m for m in metrics.values() if not m.is_rate]
    if not counted:
        return _no_facts()
    labels = _Labels(counted, registers)
    mine = whole.iloc[np.flatnonzero((whole[UNIT_FIELD] == unit).to_numpy(dtype=bool))]
    names = pd.Index([m.name for m in counted], dtype=object)
    positions = names.get_indexer(mine["指标"].cat.categories)[mine["指标"].cat.codes.to_numpy()]
    taken = {
        p
        for p, metric in enumerate(counted)
        if metric.measure != "distinct" and whole_metrics.get(metric.name) == metric
    }
    keep = np.isin(positions, list(taken))
    shared = mine.iloc[np.flatnonzero(keep)].reset_index(drop=True)
    shared["指标"] = pd.Categorical.from_codes(positions[keep], categories=list(names))
    for column in labels.labels:
        categories = labels.categories[column]
        shared[column] = (
            shared[column].cat.set_categories(categories)
            if column in shared
            else pd.Categorical.from_codes(np.full(len(shared), -1), categories=categories)
        )
    anew = [labels.part(p) for p in range(len(counted)) if p not in taken]
    joined = pd.concat([shared[list(anew[0].columns)] if anew else shared, *anew], ignore_index=True)
    # Each metric's rows in the order compute_facts gives them: the metrics in the unit's order, and within
    # one metric the rows in register order, as the whole has them.
    order = np.argsort(joined["指标"].cat.codes.to_numpy(), kind="stable")
    return labels.ordered(joined.take(order).reset_index(drop=True))


class _Labels:
    """The label columns of the facts of ``counted`` over ``registers``, with each column's categories, and
    the facts of one metric labelled with them."""

    def __init__(self, counted: list[Metric], registers: dict[str, pd.DataFrame]) -> None:
        self.counted, self.registers = counted, registers
        self.sources = {m.name: _label_sources(m, registers[m.source]) for m in counted}
        self.labels = list(
            dict.fromkeys(["科室", "_file", "_sheet", *(c for cols in self.sources.values() for c in cols)])
        )
        # Each register column is hashed once: its distinct values make the label's categories, and its codes
        # are mapped onto them, then every metric picks its rows' codes.
        self.factorized = {
            (m.source, column): pd.factorize(registers[m.source][column])
            for m in counted
            for column in self.sources[m.name].values()
        }
        self.categories = {
            label: sorted(
                {
                    value
                    for m in counted
                    if label in self.sources[m.name]
                    for value in self.factorized[m.source, self.sources[m.name][label]][1]
                },
                key=str,
            )
            for label in self.labels
        }
        self._coded: dict[tuple[str, str, str], np.ndarray] = {}

    def codes(self, kind: str, column: str, label: str) -> np.ndarray:
        """The codes in ``label``'s categories of every row's value in column ``column`` of register ``kind``."""
        if (kind, column, label) not in self._coded:
            local, distinct = self.factorized[kind, column]
            onto = pd.Index(self.categories[label], dtype=object).get_indexer(
                np.asarray(distinct, dtype=object)
            )
            # A missing value's code is -1, which picks the -1 appended here: missing stays missing.
            self._coded[kind, column, label] = np.append(onto, -1)[local]
        return self._coded[kind, column, label]

    def part(self, position: int) -> pd.DataFrame:
        """The facts of the metric at ``position`` of ``counted``, labelled."""
        metric = self.counted[position]
        records = self.registers[metric.source]
        spec = kind_specs()[metric.source]
        picks, starts, ends = _counted_rows(records, metric)
        rows = records.iloc[picks].reset_index(drop=True)
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
                    np.full(len(rows), position), categories=[m.name for m in self.counted]
                ),
                "日期": dates,
                "年": dates.dt.year.astype("Int64"),
                "月": dates.dt.month.astype("Int64"),
                "值": value.astype("Float64"),
                "_row": rows["_row"],
                "_from": starts,
                "_until": ends,
            },
            index=rows.index,
        )
        for col in self.labels:  # every part has every label column, so that concat keeps them categorical
            source = self.sources[metric.name].get(col)
            picked = self.codes(metric.source, source, col)[picks] if source else np.full(len(rows), -1)
            part[col] = pd.Categorical.from_codes(picked, categories=self.categories[col])
        return part

    def ordered(self, facts: pd.DataFrame) -> pd.DataFrame:
        """The facts' columns in their order: :data:`FACT_COLUMNS` with the breakdown labels after 科室."""
        extra = [c for c in self.labels if c not in FACT_COLUMNS]
        return facts[FACT_COLUMNS[:6] + extra + FACT_COLUMNS[6:]]


def _counted_rows(records: pd.DataFrame, metric: Metric) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The positions of the rows ``metric`` counts, each with the days it counts on: ``[from, until)``.

    A metric filtering on 已办结, 按期, 到期 or a status field (办理状态 …) is judged per row before, between and after the row's turning days
    (办结日期 and 期限, :func:`summarize.derive.turning_days`), and a row counts over each run of days its
    filter holds; any other metric's rows count on every day (NaT, NaT).
    """
    named = {c.get("field") for cond in metric.where for c in cond.get("any", [cond])} | {metric.field}
    if not named & {*TIME_FIELDS, *STATUS_FIELDS}:
        picks = np.flatnonzero(_select(records, metric).to_numpy(dtype=bool))
        unbounded = np.full(len(picks), np.datetime64("NaT"), dtype="datetime64[us]")
        return picks, unbounded, unbounded
    first, last = turning_days(records)
    early = pd.Series(pd.Timestamp("1900-01-01"), index=records.index).astype(first.dtype)

    def holds(judged: pd.Series) -> np.ndarray:
        return _select(records.assign(**status_on(records, judged)), metric).to_numpy(dtype=bool)

    turns = first.notna().to_numpy()
    before = holds(early)
    between = np.where(turns & (first < last).to_numpy(), holds(first.fillna(early)), before)
    after = np.where(turns, holds(last.fillna(early)), between)
    t1, t2 = first.to_numpy(dtype="datetime64[us]"), last.to_numpy(dtype="datetime64[us]")
    nat = np.datetime64("NaT")
    runs = [  # (rows, from, until): a run from the start, one from the first turn, one from the last
        (before, np.full(len(t1), nat), np.where(~between, t1, np.where(~after, t2, nat))),
        (~before & between, t1, np.where(~after, t2, nat)),
        (~between & after, t2, np.full(len(t1), nat)),
    ]
    picks = np.concatenate([np.flatnonzero(rows) for rows, _, _ in runs])
    starts = np.concatenate([np.asarray(s, dtype="datetime64[us]")[rows] for rows, s, _ in runs])
    ends = np.concatenate([np.asarray(e, dtype="datetime64[us]")[rows] for rows, _, e in runs])
    return picks, starts, ends


def _no_facts() -> pd.DataFrame:
    # The dtypes of real facts, so that views compare dates and sum values over an empty workspace too.
    dtypes = {"日期": "datetime64[us]", "年": "Int64", "月": "Int64", "值": "Float64", "_row": "int64"}
    dtypes |= {"_from": "datetime64[us]", "_until": "datetime64[us]"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, "category")) for c in FACT_COLUMNS})


def counts_on(facts: pd.DataFrame, judged: pd.Timestamp | pd.Series) -> pd.Series:
    """Which facts count for figures judged on ``judged`` (one day, or a day per fact)."""
    return (facts["_from"].isna() | (facts["_from"] <= judged)) & (
        facts["_until"].isna() | (facts["_until"] > judged)
    )


def _label_sources(metric: Metric, records: pd.DataFrame) -> dict[str, str]:
    """The facts' label columns this metric fills, each with the register column it comes from."""
    spec = kind_specs()[metric.source]
    sources = {"科室": spec.department} if spec.department in records else {}
    sources |= {col: col for col in ("单位", *metric.by) if col in records.columns}
    return sources | {"_file": "_file", "_sheet": "_sheet"}
