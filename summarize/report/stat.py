"""What a text template sees of a metric: its value and comparisons, already phrased the 公文 way.

A template writes ``全年共办理收文{{ m.收文 }}{{ m.收文.yoy_clause }}`` and gets "全年共办理收文1896份，同比增长6.2%";
a metric the office does not keep is ``None`` in ``m``, so ``{% if m.信访立案 %}`` leaves the sentence out.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarize import phrasing


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

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The value with its 量词: 1896份, 95.3%."""
        if self.is_rate:
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
        """True when the value reaches the target (False when either is missing)."""
        return (
            self.has_target
            and not phrasing.is_missing(self.value)
            and float(self.value) >= float(self.target)
        )

    @property
    def completion(self) -> str:
        """完成率 as text (104.5%), or "" without a target."""
        if not self.has_target or phrasing.is_missing(self.value) or not self.target:
            return ""
        return phrasing.percent(float(self.value) / float(self.target))

    @property
    def fell(self) -> bool:
        """True when the figure went down against its base (a hint for 存在问题)."""
        return not phrasing.is_missing(self.change) and float(self.change) < 0


class StatLookup(dict):
    """``m.收文`` or ``m["收文"]`` in templates: the Stat, or None for a metric the office does not keep, so
    ``{% if m.信访立案 %}`` leaves the sentence out instead of failing."""

    def __getattr__(self, name: str) -> Stat | None:
        return self.get(name)

    def __getitem__(self, name: str) -> Stat | None:
        return self.get(name)
