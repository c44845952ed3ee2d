"""The names a document may call a figure by, from the metric catalogue first and ``wording.toml`` second.

Every metric's own name names it; a register kind's name (信访) names its total (信访登记); the rest of a
metric's name after its kind (受理 in 信访受理, 办结率 in 督办办结率) names that metric where the text is about
that kind; the values of a metric's breakdown fields (特急, 来访, 市级) name its parts. ``wording.toml`` adds
the other ways offices write them (来文 for 收文, 来信来访 for 信访登记) and the words for periods and changes.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from summarize.metrics import Metric

RATE_UNIT = "%"


def unit_group(unit: str) -> str:
    """The kind of a figure counted in ``unit``: 量词 of one group of ``wording.toml`` may stand for each other."""
    return f"量词:{unit}"


@dataclass
class Counted:
    """A figure the 年终总结 states that is no catalogue metric (尚有8件正在办理, 超期3件)."""

    name: str
    source: str
    unit: str
    how: str
    names: list[str]
    caliber: str
    of: list[str] = field(default_factory=list)


@dataclass
class Wording:
    """``wording.toml`` as read: synonyms, counted figures, period/change/role words, unit kinds, headers."""

    synonyms: dict[str, list[str]]
    sources: dict[str, list[str]]
    counted: dict[str, Counted]
    periods: dict[str, list[str]]
    changes: dict[str, list[str]]
    roles: dict[str, list[str]]
    unit_kinds: dict[str, str]
    headers: dict[str, list[str]]
    month_periods: dict[str, list[str]]
    month_headers: dict[str, list[str]]


def load_wording() -> Wording:
    """The bundled ``wording.toml``."""
    raw = tomllib.loads(resources.files("summarize.verify").joinpath("wording.toml").read_text("utf-8"))
    counted = {name: Counted(name=name, **entry) for name, entry in raw.get("counted", {}).items()}
    unit_kinds = {unit: unit_group(group[0]) for group in raw["units"]["groups"] for unit in group}
    return Wording(
        synonyms=raw.get("synonyms", {}),
        sources=raw.get("sources", {}),
        counted=counted,
        periods=raw["periods"],
        changes=raw["changes"],
        roles=raw["roles"],
        unit_kinds=unit_kinds,
        headers=raw["headers"],
        month_periods=raw["month_periods"],
        month_headers=raw["month_headers"],
    )


@dataclass
class Entry:
    """What one written name can mean; a name may be several of these at once (收文: metric and kind)."""

    metric: str | None = None
    counted: list[str] = field(default_factory=list)  # figures outside the catalogue, tried in order
    source: str | None = None  # a register kind named on its own
    suffix: dict[str, str] = field(default_factory=dict)  # kind → metric, for 受理, 办结率 …
    labels: set[tuple[str, str]] = field(default_factory=set)  # (metric, breakdown field)


@dataclass
class Lexicon:
    """Written names → meanings, with a pattern finding them longest first."""

    entries: dict[str, Entry]
    metrics: dict[str, Metric]
    primary: dict[str, str]  # register kind → its total metric
    wording: Wording
    pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = sorted(self.entries, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(n) for n in names) if names else r"(?!)")

    def source_of(self, metric: str) -> str | None:
        """The register kind a metric (or a rate's numerator, or a counted figure) comes from."""
        if metric in self.wording.counted:
            return self.wording.counted[metric].source
        m = self.metrics.get(metric)
        if m is None:
            return None
        if m.is_rate and m.numerator in self.metrics:
            return self.metrics[m.numerator].source
        return m.source

    def unit_of(self, metric: str) -> str:
        """The metric's 量词 (% for a rate)."""
        if metric in self.wording.counted:
            return self.wording.counted[metric].unit
        m = self.metrics[metric]
        return RATE_UNIT if m.is_rate else m.unit

    def is_rate(self, metric: str) -> bool:
        """Whether the metric is a rate."""
        return metric in self.metrics and self.metrics[metric].is_rate

    def unit_kind(self, metric: str) -> str:
        """The group of the metric's 量词 (1804件 may stand for 1804份, 21期 not for 21条); percent for a rate."""
        if self.is_rate(metric):
            return "percent"
        unit = self.unit_of(metric)
        return self.wording.unit_kinds.get(unit, unit_group(unit))


def build_lexicon(
    metrics: dict[str, Metric], groups: dict[str, dict[str, set[str]]], wording: Wording
) -> Lexicon:
    """The lexicon for a workspace's ``metrics``; ``groups`` is metric → breakdown field → the values seen."""
    entries: dict[str, Entry] = {}
    for m in metrics.values():  # a 量词 only the catalogue uses is a group of its own
        if not m.is_rate and m.unit not in wording.unit_kinds:
            wording.unit_kinds[m.unit] = unit_group(m.unit)

    def entry(name: str) -> Entry:
        return entries.setdefault(name, Entry())

    primary: dict[str, str] = {}
    for name, m in metrics.items():
        if m.source and not m.is_rate and not m.where and m.measure == "count" and not m.detail:
            primary.setdefault(m.source, name)
    for name, m in metrics.items():
        entry(name).metric = name
        source = m.source or (metrics[m.numerator].source if m.is_rate and m.numerator in metrics else None)
        if source and name.startswith(source) and len(name) > len(source):
            entry(name[len(source) :]).suffix.setdefault(source, name)
    for source in primary:
        entry(source).source = source
    for source, names in wording.sources.items():
        if source in primary:
            for written in names:
                entry(written).source = source
    for metric, names in wording.synonyms.items():
        if metric in metrics:
            for written in names:
                if entry(written).metric is None:
                    entry(written).metric = metric
    for name, counted in wording.counted.items():
        if counted.source in primary:
            for written in counted.names:
                entry(written).counted.append(name)
    for metric, fields in groups.items():
        for field_name, values in fields.items():
            for value in values:
                if not value.isdigit() or len(value) >= 4:  # 12 would be a number, 12345 (热线) a name
                    entry(value).labels.add((metric, field_name))
    return Lexicon(entries=entries, metrics=metrics, primary=primary, wording=wording)


def breakdown_groups(frames: dict[str, pd.DataFrame]) -> dict[str, dict[str, set[str]]]:
    """metric → field → values, from the annual frames by each breakdown field (``ws.annual(year, by=f)``)."""
    out: dict[str, dict[str, set[str]]] = {}
    for field_name, frame in frames.items():
        for metric, values in frame.groupby("指标", observed=True)[field_name]:
            out.setdefault(str(metric), {})[field_name] = {str(v) for v in values.dropna() if str(v).strip()}
    return out
