"""The registers' side of 核稿: the figure each claim should be, and the verdict (一致 / 不一致 / 无法核对).

A written figure agrees when it is the registers' figure as rounded to the digits written (5.9% for 5.89%,
91% for 90.96%); a count must be exact; "1800余份" agrees with 1800 up to (not including) 1900; a change
agrees in size and direction (增长 / 下降); a change of a rate written with "%" instead of 个百分点 agrees when
the points match, with a note; a 量词 of the same kind (1804件 for 1804份) agrees, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarize import phrasing
from summarize.verify.claims import Claim, Found
from summarize.verify.lexicon import Lexicon
from summarize.verify.provenance import comment_header, rows_sentence

if TYPE_CHECKING:
    import pandas as pd

    from summarize.workspace import Workspace

AGREE, DISAGREE, UNCHECKABLE = "一致", "不一致", "无法核对"


@dataclass
class Finding:
    """One row of the 核稿 table."""

    found: Found
    verdict: str
    expected: str = ""  # the registers' figure, as the document would write it
    metric_text: str = ""  # 收文（2025年） / 收文·特急（2025年） / 收文同比（2025年比2024年）
    why: str = ""
    expected_value: float | None = None


class Registers:
    """The workspace's figures for the claims of one document (frames computed once per year and field)."""

    def __init__(self, ws: Workspace, lexicon: Lexicon, year: int, month: int | None = None) -> None:
        self.ws, self.lexicon, self.year, self.month = ws, lexicon, year, month
        self._frames: dict[tuple[int, int | None, str | None], pd.DataFrame] = {}

    def frame(self, year: int, by: str | None = None, month: int | None = None) -> pd.DataFrame:
        """ws.annual(year, by) (or ws.monthly(year, month, by)) indexed by 指标 (and the field)."""
        key = (year, month, by)
        if key not in self._frames:
            frame = self.ws.monthly(year, month, by) if month else self.ws.annual(year, by)
            self._frames[key] = frame.set_index(["指标", by] if by else "指标")
        return self._frames[key]

    def cell(
        self, metric: str, column: str, year: int, group: tuple[str, str] | None, month: int | None = None
    ) -> float | None:
        """One figure of the annual (or monthly) frame, None when the registers do not give it."""
        frame = self.frame(year, group[0] if group else None, month)
        key = (metric, group[1]) if group else metric
        if key not in frame.index or column not in frame.columns:
            return None
        value = frame.at[key, column]
        return None if phrasing.is_missing(value) else float(value)

    def counted(self, name: str, group: tuple[str, str] | None = None) -> float | None:
        """A counted figure (督办在办, 督办超期, an item's 超期天数, 信访在办（未到期）) as the 年终总结 computes it;
        for an item's days, ``group`` is ("事项", the item as written)."""
        from summarize.periods import judged_on
        from summarize.report.annual import overdue_items

        spec = self.lexicon.wording.counted[name]
        if spec.how in ("open", "overdue", "days"):
            if spec.source not in self.ws.derived:
                return None
            open_items, overdue = overdue_items(
                self.ws.overdue(judged_on(self.ws.asof, self.year, self.month))
            )
            if spec.how == "days":
                item = group[1] if group else ""
                days = [i["超期天数"] for i in overdue if item and (i["事项"] or "") and i["事项"] in item]
                return float(days[0]) if len(days) == 1 else None
            return float(len(open_items if spec.how == "open" else overdue))
        first, second = (self.cell(m, "本年", self.year, None) for m in spec.of)
        return None if first is None or second is None else first - second

    def events(self, phrase: str, shortest: int = 6) -> tuple[str, int] | None:
        """(the words matched, how many 大事记 entries of the period contain them) for the longest ending of
        ``phrase`` (at least ``shortest`` characters: shorter words are too common to name events) some entry contains; None when none does."""
        register = self.ws.derived.get("大事记")
        if register is None or "事项" not in register or "日期" not in register:
            return None
        dates = register["日期"]
        chosen = dates.dt.year == self.year
        if self.month:
            chosen &= dates.dt.month == self.month
        entries = register.loc[chosen.fillna(False).astype(bool), "事项"].astype("string").fillna("")
        for start in range(0, max(len(phrase) - shortest + 1, 0)):
            words = phrase[start:]
            count = int(entries.str.contains(words, regex=False).sum())
            if count:
                return words, count
        return None

    def rows(self, metric: str, year: int, group: tuple[str, str] | None) -> pd.DataFrame:
        """The facts rows a metric (both parts of a rate) counts in ``year`` (in the group)."""
        facts = self.ws.facts
        m = self.ws.metrics[metric]
        parts = [m.numerator, m.denominator] if m.is_rate else [metric]
        chosen = facts[facts["指标"].isin(parts) & (facts["年"] == year)]
        if group is not None and group[0] in chosen.columns:
            chosen = chosen[chosen[group[0]].astype("string") == group[1]]
        return chosen


def judge(found: Found, registers: Registers) -> Finding:
    """The verdict on one figure."""
    claim, number, lexicon = found.claim, found.number, registers.lexicon
    if claim.metric is None:
        if claim.event:
            events = registers.events(claim.event)
            if events is not None:
                matched, count = events
                label = f"大事记·{matched}（{registers.year}年{f'{registers.month}月' if registers.month else ''}）"
                return _compare(
                    found, float(count), f"{count}{found.number.unit}", label, "按大事记登记的条数"
                )
        return Finding(found, UNCHECKABLE, why=claim.why)
    name = claim.metric + (f"·{claim.group[1]}" if claim.group else "")
    year = claim.year or registers.year
    rate = lexicon.is_rate(claim.metric)
    unit = lexicon.unit_of(claim.metric)
    label = _label(name, claim, year)
    if claim.metric in lexicon.wording.counted:
        actual = registers.counted(claim.metric, claim.group)
        if actual is None:
            why = "台账中没有计算这一数字所需的登记"
            if claim.group:
                why = (
                    f"督办台账中没有超期未办结的事项“{claim.group[1]}”"
                    if claim.group[1]
                    else "没有写明是哪个事项"
                )
            return Finding(found, UNCHECKABLE, metric_text=label, why=why)
        return _compare(found, actual, phrasing.number(actual) + unit, label, note="")
    notes = []
    if number.kind not in ("percent", "points", "bare") and number.unit and number.unit != unit:
        notes.append(f"文中量词为“{number.unit}”，台账口径以“{unit}”计")
    if claim.column:
        return _judge_month(found, registers, name, unit, notes)
    if claim.role == "value":
        base_year = registers.year
        column = "本年"
        if year == base_year - 1:
            column = "上年"  # like for like in a year in progress (上年同期)
            year = base_year
        actual = registers.cell(claim.metric, column, year, claim.group)
        if actual is None:
            return Finding(
                found, UNCHECKABLE, metric_text=label, why=f"台账中没有{claim.year or year}年的“{name}”"
            )
        return _compare(found, actual, _value_text(actual, rate, unit), label, "；".join(notes), scale=rate)
    if claim.role in ("target", "completion"):
        column = "目标" if claim.role == "target" else "完成率"
        actual = registers.cell(claim.metric, column, registers.year, None)
        if actual is None:
            why = f"summarize.toml 中没有设置“{claim.metric}”的年度目标"
            if registers.cell(claim.metric, "目标", registers.year, None) is not None:
                # A rate (or a figure to be kept low) reaches its target or not; a ratio of it says nothing.
                why = f"“{claim.metric}”只看是否达到年度目标，不计完成率"
            return Finding(found, UNCHECKABLE, metric_text=label, why=why)
        as_rate = rate or claim.role == "completion"
        return _compare(
            found, actual, _value_text(actual, as_rate, unit), label, "；".join(notes), scale=as_rate
        )
    this = registers.cell(claim.metric, "本年", registers.year, claim.group)
    last = registers.cell(claim.metric, "上年", registers.year, claim.group)
    if this is None or last is None:
        return Finding(
            found, UNCHECKABLE, metric_text=label, why=f"台账中没有{registers.year - 1}年的“{name}”，无从比较"
        )
    written = number.value * claim.sign
    # A rate's 增减 in 个百分点 (the 附件 writes it so) is its change: 同比 holds the difference of the rates.
    if claim.role == "difference" and not (rate and number.kind == "points"):
        actual = this - last
        said = f"{'多' if actual >= 0 else '少'}{phrasing.number(abs(actual))}{unit}"
        return _compare(found, actual, said, label, "；".join(notes), written=written)
    # A change: 同比 as the annual frame holds it (a ratio for counts, points for rates).
    change = registers.cell(claim.metric, "同比", registers.year, claim.group)
    if change is None:
        return Finding(found, UNCHECKABLE, metric_text=label, why=f"{registers.year - 1}年为0，没有增长率")
    said = phrasing.change_words(change, rate) or "持平"
    if rate and number.kind == "percent":
        if _agrees(written, change * 100, number.decimals):
            notes.append("比率的变化应写作“个百分点”")
        elif last:  # a relative change of the rate itself (增幅)
            change = this / last - 1
            said = phrasing.change_words(change, False)
    if not rate and number.kind == "points":
        notes.append("不是比率，变化应写作百分数")
    return _compare(found, change, said, label, "；".join(notes), scale=True, written=written)


def _judge_month(found: Found, registers: Registers, name: str, unit: str, notes: list[str]) -> Finding:
    """A 月报 figure against the month's frame (本月, 上月, 环比, 上年同月, 同比, 本年累计, 上年同期累计, 累计同比)."""
    claim, number, lexicon = found.claim, found.number, registers.lexicon
    assert claim.metric is not None
    year, month = registers.year, registers.month
    rate = lexicon.is_rate(claim.metric)

    def cell(column: str) -> float | None:
        return registers.cell(claim.metric, column, year, claim.group, month)

    if claim.role == "value":
        label = f"{name}（{year}年{month}月，{claim.column}）"
        actual = cell(claim.column)
        if actual is None:
            return Finding(found, UNCHECKABLE, metric_text=label, why=f"台账中没有“{name}”的{claim.column}数")
        return _compare(found, actual, _value_text(actual, rate, unit), label, "；".join(notes), scale=rate)
    label = f"{name}（{year}年{month}月，{claim.change}）"
    this, last = cell(claim.column), cell(claim.base)
    if this is None or last is None:
        return Finding(
            found, UNCHECKABLE, metric_text=label, why=f"台账中没有“{name}”的{claim.base}数，无从比较"
        )
    written = number.value * claim.sign
    if claim.role == "difference" or number.kind == "bare":
        actual = this - last
        said = f"{'多' if actual >= 0 else '少'}{phrasing.number(abs(actual))}{unit}"
        return _compare(found, actual, said, label, "；".join(notes), written=written)
    change = cell(claim.change)
    if change is None:
        return Finding(found, UNCHECKABLE, metric_text=label, why=f"{claim.base}为0，没有增长率")
    if rate and number.kind == "percent":
        notes.append("比率的变化应写作“个百分点”")
    said = phrasing.change_words(change, rate) or "持平"
    return _compare(found, change, said, label, "；".join(notes), scale=True, written=written)


def _compare(
    found: Found,
    actual: float,
    said: str,
    label: str,
    note: str,
    scale: bool = False,
    written: float | None = None,
) -> Finding:
    number = found.number
    written = number.value if written is None else written
    target = actual * 100 if scale else actual
    if number.about:
        ok = _about(written, target)
    else:
        ok = _agrees(written, target, number.decimals)
    return Finding(
        found,
        AGREE if ok else DISAGREE,
        expected=said,
        metric_text=label,
        why=note,
        expected_value=actual,
    )


def _agrees(written: float, actual: float, decimals: int) -> bool:
    """The registers' figure rounded to the digits written is the figure written."""
    return abs(written - actual) <= 0.5 * 10.0**-decimals + 1e-9


def _about(written: float, actual: float) -> bool:
    """1800余份: at least 1800 and under 1900 (the next unit of its last non-zero digit)."""
    text = str(int(abs(written)))
    step = 10 ** (len(text) - len(text.rstrip("0"))) if text.rstrip("0") != text else 1
    return abs(written) <= abs(actual) < abs(written) + max(step, 1)


def _value_text(actual: float, rate: bool, unit: str) -> str:
    return phrasing.percent(actual) if rate else phrasing.number(actual) + unit


def _label(name: str, claim: Claim, year: int) -> str:
    if claim.role == "value":
        return f"{name}（{year}年）"
    if claim.role in ("change", "difference"):
        return f"{name}（{year}年比{year - 1}年）"
    return f"{name}（{year}年{'目标' if claim.role == 'target' else '目标完成率'}）"


def provenance(finding: Finding, registers: Registers) -> str:
    """The comment text for a figure: the header :func:`parse_comment` reads, the 口径 and the source rows."""
    claim = finding.found.claim
    if claim.metric is None:  # a count of 大事记 entries (no metric to name in a header 核稿 reads back)
        return (
            f"{finding.metric_text}\n口径：大事记中该期间事项含“{finding.metric_text.split('·', 1)[-1].split('（')[0]}”"
            "的条数。\n来源：大事记台账。"
        )
    lexicon = registers.lexicon
    header = comment_header(claim.metric, claim.role, claim.year or registers.year, claim.group)
    if claim.metric in lexicon.wording.counted:
        spec = lexicon.wording.counted[claim.metric]
        return f"{header}\n口径：{spec.caliber}。\n来源：{spec.source}台账，截至统计截止日。"
    metric = registers.ws.metrics[claim.metric]
    caliber = metric.caliber.rstrip("。") + "。" if metric.caliber else ""
    years = [claim.year or registers.year]
    if claim.role in ("change", "difference"):
        years = [registers.year, registers.year - 1]
    sources = []
    for y in years:
        measure = registers.ws.metrics[metric.numerator].measure if metric.is_rate else metric.measure
        rows = rows_sentence(registers.rows(claim.metric, y, claim.group), measure)
        sources.append(f"{y}年：{rows}" if len(years) > 1 else rows)
    return f"{header}\n口径：{caliber}\n来源：{'；'.join(sources)}。"
