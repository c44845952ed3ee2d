"""大事记 as a 年终总结 uses it: events of the same kind counted and grouped, the important ones chosen, each
phrased as a point of the line of work it belongs to ("召开党组理论学习中心组学习会4次", "举办全县政务信息业务培训班2期").

An event's kind is its main clause with the office's own name, numbering (第3次) and years taken out, so the
twelve 常务会议 of a year are one kind. Importance comes from the register's 重要 or 级别 column when it has
one, else from scale words (全县, 全市, 常务会议, 上级领导 …); every word list is data in ``wording.toml``
([events]). Events the section's register already counts (a 会议类型 such as 常务会议) are not counted again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from summarize.unit_name import wording
from summarize.work import chronicle_sections

CLAUSE_END = "。；;！!"


@dataclass(frozen=True)
class EventGroup:
    """Events of one kind in a line of work: the kind's words, how many, when first, and how important."""

    section: str
    kind: str
    count: int
    first: pd.Timestamp
    score: float
    detail: str = ""  # what the only event of its kind was about (研究部署……), "" for a counted group

    @property
    def phrase(self) -> str:
        """召开党组理论学习中心组学习会4次 / 召开全县经济工作会议 — a clause to place among the 一是/二是 points."""
        if self.count == 1:
            return self.kind + (f"，{self.detail}" if self.detail else "")
        return f"{self.kind}{self.count}{measure_word(self.kind)}"


@cache
def _words() -> dict:
    return wording()["events"]


def measure_word(kind: str) -> str:
    """The 量词 an event kind is counted in: 培训班 期, 会议 次, 接待 批次 (the first rule of ``measure_words``
    whose word the kind contains; 次 otherwise)."""
    return next((unit for word, unit in _words()["measure_words"] if word in kind), "次")


def section_of(category: object) -> str:
    """The line of work a 大事记 类别 belongs to: a ``chronicle`` word of work.toml, else the category itself (a line of work
    of its own, such as 党建), or "" when the row has none."""
    text = "" if category is None or pd.isna(category) else str(category).strip()
    return chronicle_sections().get(text, text)


def _without_subject(text: str) -> str:
    """The clause without the office's own name before its first verb (县政府办公室召开… → 召开…)."""
    words = _words()
    positions = [(text.find(v), v) for v in words["verbs"] if text.find(v) > 0]
    if not positions:
        return text
    at = min(positions)[0]
    subject = text[:at]
    ours = subject.endswith(tuple(words["subject_suffixes"])) and not subject.endswith(
        tuple(words["subject_keep"])
    )
    return text[at:] if ours else text


def kind_and_detail(text: str) -> tuple[str, str]:
    """An event's kind (its main clause, without subject, numbering or year) and the rest of the sentence."""
    words = _words()
    text = str(text).strip().rstrip(CLAUSE_END)
    main, _, rest = text.partition("，")
    main = _without_subject(main.strip())
    for pattern in words["numbering"]:
        main = re.sub(pattern, "", main)
    rest = rest.strip()
    if rest in words["fillers"]:
        rest = ""
    return main.strip(), rest


def _score(kind: str, rows: pd.DataFrame) -> float:
    words = _words()
    if "重要" in rows and rows["重要"].notna().any():
        marked = rows["重要"].astype("string").str.strip().isin(words["important_values"]).fillna(False)
        return 100.0 * float(marked.any())
    if "级别" in rows and rows["级别"].notna().any():
        levels = wording()["levels"]["order"]
        ranks = [
            len(levels) - levels.index(v)
            for v in rows["级别"].dropna().astype(str).str.strip()
            if v in levels
        ]
        return 10.0 * max(ranks, default=0)
    return float(sum(weight for word, weight in words["scale_words"].items() if word in kind))


def event_groups(register: pd.DataFrame | None, start: pd.Timestamp, end: pd.Timestamp) -> list[EventGroup]:
    """The 大事记 rows dated ``start``..``end`` grouped by line of work and kind, in order of first date."""
    if register is None or register.empty or "事项" not in register:
        return []
    rows = register[(register["日期"] >= start) & (register["日期"] <= end)].copy()
    if rows.empty:
        return []
    categories = rows["类别"] if "类别" in rows else pd.Series(None, index=rows.index)
    rows["_section"] = [section_of(c) for c in categories]
    parts = [kind_and_detail(t) for t in rows["事项"]]
    rows["_kind"] = [k for k, _ in parts]
    rows["_detail"] = [d for _, d in parts]
    rows = rows[(rows["_section"] != "") & (rows["_kind"] != "")]
    groups = []
    for (section, kind), group in rows.groupby(["_section", "_kind"], sort=False):
        group = group.sort_values("日期", kind="stable")
        count = len(group)
        score = _score(kind, group) + (count - 1) * 0.5  # a kind that recurs matters more than a one-off
        detail = str(group["_detail"].iloc[0]) if count == 1 else ""
        groups.append(EventGroup(section, kind, count, group["日期"].iloc[0], score, detail))
    return sorted(groups, key=lambda g: g.first)


def chosen(groups: list[EventGroup], section: str, counted: tuple[str, ...] = ()) -> list[EventGroup]:
    """At most ``per_section`` groups of ``section``, the most important first chosen and then shown in date
    order; a kind naming one of ``counted`` (the section's register already counts it: 常务会议) is left out."""
    mine = [g for g in groups if g.section == section and not any(label in g.kind for label in counted)]
    if any(g.score >= 100 for g in mine):  # a 重要 column decides alone
        mine = [g for g in mine if g.score >= 100]
    best = sorted(mine, key=lambda g: (-g.score, -g.count, g.first))[: _words()["per_section"]]
    return sorted(best, key=lambda g: g.first)


def points(groups: list[EventGroup], room: int) -> list[str]:
    """The chosen groups as at most ``room`` points of the 一是/二是 enumeration: clauses joined by "，" in one
    sentence style, a new point where a second "等" would follow the first (never "等…等")."""
    if room <= 0:
        return []
    out: list[str] = []
    last_verb = ""
    # Counted kinds first: "学习会4次" then reads on its own, not after another clause's 会议.
    for group in sorted(groups, key=lambda g: (g.count == 1, g.first)):
        phrase = group.phrase
        verb = next((v for v in _words()["verbs"] if phrase.startswith(v)), "")
        if out and not ("等" in out[-1] and "等" in phrase):
            # 召开A会议，召开B会议 → 召开A会议、B会议: one verb for clauses that share it
            same = verb and verb == last_verb and "，" not in out[-1].rsplit("；", 1)[-1][-30:]
            out[-1] += ("、" + phrase[len(verb) :]) if same and not group.detail else ("，" + phrase)
        elif len(out) < room:
            out.append(phrase)
        else:
            continue
        last_verb = "" if group.detail else verb
    return out


def room_for(highlights: int) -> int:
    """How many points the 大事记 may add after ``highlights`` of the office's own: at least one."""
    return max(1, _words()["max_points"] - highlights)


def sections_spoken_of(groups: list[EventGroup]) -> list[str]:
    """The lines of work the 大事记 names, in order of first mention."""
    return list(dict.fromkeys(g.section for g in groups))


def section_title(section: str) -> str:
    """A heading for a line of work with no template of its own: 党建 → 党建工作, 其他工作 stays 其他工作."""
    suffix = _words()["section_suffix"]
    return section if section.endswith(suffix) else section + suffix
