"""The 附件 of a 年终总结: one page of 主要指标统计表 and, on request, the 统计口径说明 in words.

Only the catalogue's headline metrics are listed (``headline = true``): the helper figures a rate is built from
(信访参评, 督办应办结) and the long tail of the statistics stay in the workbook, whose 口径 sheet also names the
register files. The words of the 口径说明 name registers by kind, never a file or a setting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from summarize import phrasing
from summarize.report.model import Attachment, Paragraph, Table

if TYPE_CHECKING:
    from summarize.metrics import Metric
    from summarize.report.stat import Stat

APPENDIX_CHOICES = ("main", "full")


def headline_names(frame: pd.DataFrame, metrics: dict[str, Metric]) -> list[str]:
    """The headline metrics of a statistics frame, in catalogue order, leaving out those with no figure in either
    year (a register unreadable this year still shows last year's figure beside a "—")."""
    rows = frame.set_index("指标")
    return [
        name
        for name in rows.index
        if metrics[name].headline and not (rows.loc[name, ["本年", "上年"]].map(phrasing.is_missing).all())
    ]


def headline_table(
    frame: pd.DataFrame, metrics: dict[str, Metric], headers: dict[str, str], small: int
) -> Table:
    """主要指标统计表: 指标, 单位, 本年, 上年, 增减, 增幅 — and 目标, 完成情况 when a headline metric has a target:
    a count's 完成率 (103.6%), or whether a rate (or a figure to be kept low) 已达到 its target or 未达到 it.

    Values are stated as every table states them (:func:`summarize.bases.stated`: a rate over fewer than
    ``small`` items as 4/5). 增减 is the difference (in 个百分点 for a rate, which has no 增幅); a count compared
    with fewer than ``small`` items has its 增减 and no 增幅, as the text says it in counts.
    """
    from summarize.bases import stated
    from summarize.report.stat import frame_stats

    names = headline_names(frame, metrics)
    rows = frame.set_index("指标")
    columns = [c for c in ("指标", "单位", "本年", "上年", "同比", "目标", "完成率") if c in frame.columns]
    # Stated over the whole frame: a rate's small base is read from its denominator's row.
    shown, _ = stated(frame[columns], metrics, small)
    shown = shown.set_index("指标").loc[names]
    counted = any("/" in str(v) for v in shown[["本年", "上年"]].to_numpy().ravel())
    targets = "目标" in rows.columns and rows.loc[names, "目标"].notna().any()
    stats = frame_stats(frame, metrics, "本年", "上年", "同比", "上年", small) if targets else {}
    table_rows = []
    for name in names:
        metric, row = metrics[name], rows.loc[name]
        now, last = row["本年"], row["上年"]
        if metric.is_rate:
            diff, growth = shown.at[name, "同比"], phrasing.MISSING
        elif phrasing.is_missing(last) or phrasing.is_missing(now):
            diff = growth = phrasing.MISSING
        else:
            diff = phrasing.signed_count(float(now) - float(last))
            growth = phrasing.MISSING if float(last) < small else phrasing.signed_change(row["同比"], False)
        cells = [name, metric.unit, shown.at[name, "本年"], shown.at[name, "上年"], diff, growth]
        if targets:
            stat = stats[name]
            cells += [shown.at[name, "目标"] if stat.has_target else phrasing.MISSING]
            cells += [_attainment(stat)]
        table_rows.append(cells)
    header = ["指标", "单位", headers.get("本年", "本年"), headers.get("上年", "上年"), "增减", "增幅"]
    header += ["目标", "完成情况"] if targets else []
    # The base is a bare number (no 量词), so that no reader — or ``summarize verify`` — takes it for a figure.
    note = "注：比率的增减为两年比率之差（个百分点）；" + (
        f"基数不足{small}的，增减写数量，比率写作“分子/分母”，不计增幅"
        if counted
        else f"上年数少于{small}的不计增幅"
    )
    if targets and any(stats[n].target_verdict and not stats[n].completion for n in names):
        note += "；比率的年度目标只看是否达到，不计完成率"
    note += "；“—”表示无数据或无可比基数。"
    return Table(
        caption="",  # the 附件's title, 2025年主要指标统计表, names it: a caption would say it again
        columns=header,
        rows=table_rows,
        # 完成情况 holds words too (已达到): a text column, whose header then stays on one line.
        numeric_columns=tuple(range(2, len(header) - 1 if targets else len(header))),
        nowrap_columns=(0, 1),  # 督办按期办结率 on one line
        note=note,
    )


def _attainment(stat: Stat) -> str:
    """The 完成情况 cell: a count's 完成率, 已达到/未达到 for a rate or a figure to be kept low, "—" without a
    target or a figure."""
    if stat.completion:
        return stat.completion
    if not stat.target_verdict:
        return phrasing.MISSING
    return "已达到" if stat.met_target else "未达到"


def caliber_attachment(frame: pd.DataFrame, metrics: dict[str, Metric], period: str) -> Attachment:
    """统计口径说明: how each headline figure is counted, in words — which register, which rows, which base."""
    from summarize.registers import kind_specs

    names = headline_names(frame, metrics)
    kinds = kind_specs()
    blocks = [
        Paragraph(
            f"附件1所列数字均由本单位各类工作台账逐条统计得出，统计期为{period}；上年数字按同一口径统计。",
            "body",
        )
    ]
    for n, name in enumerate(names, 1):
        metric = metrics[name]
        caliber = metric.caliber.rstrip("。")
        if metric.is_rate:  # "督办办结 ÷ 督办应办结：基数为……" in words
            num, den = metrics[metric.numerator], metrics[metric.denominator]
            # What follows the formula: its "：" explanation, or a "；" remark (a provisional deadline's note).
            why = caliber.split("：", 1)[1] if "：" in caliber else caliber.partition("；")[2]
            caliber = f"{num.name}{num.unit}数占{den.name}{den.unit}数的比例" + (f"，{why}" if why else "")
            unit = "百分比"
        else:
            unit = metric.unit
            if metric.source in kinds and metric.source not in caliber:
                caliber = f"按{metric.source}台账统计，{caliber}"
        blocks.append(Paragraph(f"{n}.{name}（{unit}）：{caliber}。", "body"))
    return Attachment("统计口径说明", blocks)
