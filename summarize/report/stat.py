"""What a text template sees of a metric: its value and comparisons, already phrased the 公文 way.

A template writes ``全年共办理收文{{ m.收文 }}{{ m.收文.yoy_clause }}`` and gets "全年共办理收文1896份，同比增长6.2%";
a metric the office does not keep is ``None`` in ``m``, so ``{% if m.信访立案 %}`` leaves the sentence out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarize import phrasing
from summarize.config import SMALL_BASE

if TYPE_CHECKING:
    import pandas as pd

    from summarize.metrics import Metric


@dataclass(frozen=True)
class Stat:
    """One metric for one period, with its comparison base and target."""

    name: str
    unit: str
    value: float | None
    is_rate: bool = False
    last: float | None = None
    change: float | None = None
    target: float | None = None
    base: str = "上年"
    small_base: int = SMALL_BASE
    count: float | None = None  # a rate's numerator and denominator, this period and the compared one
    of: float | None = None
    last_of: float | None = None
    better: int = 0  # the catalogue's direction: +1 higher is better, -1 lower is better, 0 neither

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The value with its 量词: 1896份, 95.3%; a rate over fewer items than the small base as counts (4/5)."""
        if self.is_rate:
            if self._few(self.of) and self.count is not None and self.of:
                return f"{phrasing.number(self.count)}/{phrasing.number(self.of)}"
            return phrasing.percent(self.value)
        return phrasing.number(self.value) + ("" if phrasing.is_missing(self.value) else self.unit)

    @property
    def n(self) -> int:
        """The value as a whole number (0 when missing), for template arithmetic and tests."""
        return 0 if phrasing.is_missing(self.value) else int(round(float(self.value)))

    @property
    def yoy(self) -> str:
        """The change against the base in words — 同比增长6.2% / 同比下降1.5% / 与上年持平 / 提高3.2个百分点 —
        or "" when there is no base (first year of data, growth from zero)."""
        if self.small and not self.is_rate and not phrasing.is_missing(self.value):
            return phrasing.count_change(float(self.value), float(self.last), self.unit, self.base)
        if self.is_rate and (self._few(self.of) or self._few(self.last_of)):
            return ""  # 个百分点 between rates of a handful of items say nothing
        words = phrasing.change_words(self.change, self.is_rate, self.base)
        if not words or words.startswith("与"):
            return words
        prefix = {
            "上年": "同比",
            "上月": "环比",
            "上月同期": "环比",
            "上年同月": "同比",
            "上年同期": "同比",
        }.get(self.base, "")
        return ("比上年" if self.is_rate and self.base == "上年" else prefix) + words

    @property
    def small(self) -> bool:
        """True when the compared count is below the small base: its change is said in counts, not per cent."""
        return not self.is_rate and not phrasing.is_missing(self.last) and float(self.last) < self.small_base

    def _few(self, items: float | None) -> bool:
        return items is not None and float(items) < self.small_base

    @property
    def yoy_clause(self) -> str:
        """``yoy`` preceded by a comma, or "" — to append to a sentence."""
        return f"，{self.yoy}" if self.yoy else ""

    @property
    def has_target(self) -> bool:
        """Whether a 年度目标 is set for this metric."""
        return not phrasing.is_missing(self.target)

    @property
    def target_text(self) -> str:
        """The target with its unit: 110条, 95%."""
        if not self.has_target:
            return ""
        return phrasing.percent(self.target) if self.is_rate else phrasing.number(self.target) + self.unit

    @property
    def met_target(self) -> bool:
        """True when the value reaches the target — is at most the target for a lower-is-better metric —
        (False when either is missing)."""
        if not self.has_target or phrasing.is_missing(self.value):
            return False
        if self.better < 0:
            return float(self.value) <= float(self.target)
        return float(self.value) >= float(self.target)

    @property
    def completion(self) -> str:
        """完成率 as text (104.5%), or "" without a target — and for a rate or a lower-is-better figure, whose
        target is reached or not (a rate's 完成率 would be a percentage of a percentage: 101.1%)."""
        if not self.has_target or phrasing.is_missing(self.value) or not self.target or not _completes(self):
            return ""
        return phrasing.percent(float(self.value) / float(self.target))

    @property
    def target_verdict(self) -> str:
        """How the figure stands against its 年度目标, as an office says it: a count 超额完成/完成/未完成年度目标,
        a rate 达到/未达到年度目标, a lower-is-better figure 控制在年度目标以内/超出年度目标; "" without a target."""
        if not self.has_target or phrasing.is_missing(self.value):
            return ""
        if self.better < 0:
            return "控制在年度目标以内" if self.met_target else "超出年度目标"
        if self.is_rate:
            return "达到年度目标" if self.met_target else "未达到年度目标"
        if not self.met_target:
            return "未完成年度目标"
        return "超额完成年度目标" if float(self.value) > float(self.target) else "完成年度目标"

    @property
    def fell(self) -> bool:
        """True when the figure went down against its base."""
        return not phrasing.is_missing(self.change) and float(self.change) < 0

    @property
    def worsened(self) -> bool:
        """True when the figure moved the way its direction calls bad (a 采用率 down, a lower-is-better count up)
        by a change the text states (none over a small base): a hint for 存在问题. A metric with no direction
        (收文, 公务用车, 信访件数) never worsens."""
        if not self.better or phrasing.is_missing(self.change) or not self.yoy or self.yoy.startswith("与"):
            return False
        return float(self.change) * self.better < 0

    @property
    def target_clause(self) -> str:
        """The figure against its 年度目标 — 信息采用超额完成年度目标（目标110条，实际114条，完成率103.6%） /
        督办按期办结率达到年度目标（目标90.0%，实际91.0%） — "" without a target. Every number in it is the
        target, the value or its 完成率 (as ``summarize verify`` reads them)."""
        if not self.target_verdict:
            return ""
        completion = f"，完成率{self.completion}" if self.completion else ""
        return f"{self.name}{self.target_verdict}（目标{self.target_text}，实际{self.text}{completion}）"


def _completes(stat: Stat) -> bool:
    """Whether a 完成率 says how far the figure came: a count that is to reach its target, not a rate."""
    return not stat.is_rate and stat.better >= 0


def frame_stats(
    frame: pd.DataFrame,
    metrics: dict[str, Metric],
    value: str,
    last: str,
    change: str,
    base: str,
    small_base: int = SMALL_BASE,
) -> dict[str, Stat]:
    """Each row of a statistics frame as a Stat of its ``value`` column against its ``last`` column (with
    ``change`` between them) — a rate with its numerator and denominator, so a small base is said in counts."""
    rows = frame.set_index("指标")

    def cell(name: str | None, column: str) -> float | None:
        if name is None or name not in rows.index or phrasing.is_missing(rows.at[name, column]):
            return None
        return float(rows.at[name, column])

    out = {}
    for name in rows.index:
        metric = metrics[name]
        out[name] = Stat(
            name=name,
            unit=metric.unit,
            value=cell(name, value),
            is_rate=metric.is_rate,
            last=cell(name, last),
            change=cell(name, change),
            target=cell(name, "目标") if "目标" in rows.columns else None,
            base=base,
            small_base=small_base,
            count=cell(metric.numerator, value),
            of=cell(metric.denominator, value),
            last_of=cell(metric.denominator, last),
            better=metric.better,
        )
    return out


class StatLookup(dict):
    """``m.收文`` or ``m["收文"]`` in templates: the Stat, or None for a metric the office does not keep, so
    ``{% if m.信访立案 %}`` leaves the sentence out instead of failing."""

    def __getattr__(self, name: str) -> Stat | None:
        return self.get(name)

    def __getitem__(self, name: str) -> Stat | None:
        return self.get(name)
