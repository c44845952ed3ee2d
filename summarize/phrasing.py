"""How offices write numbers: 1896件, 95.3%, 增长6.2%, 下降4.0%, 持平, 提高3.2个百分点, 2025年12月31日, 一、（一）.

These functions format single values; the statistics stay numeric. They are also the Jinja filters of the
report templates.
"""

from __future__ import annotations

import math
from datetime import date

MISSING = "—"
_CN_DIGITS = "零一二三四五六七八九"


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


def number(value: object) -> str:
    """A count or sum as offices write it: 1896, 12.5; "—" when missing."""
    if is_missing(value):
        return MISSING
    v = float(value)
    return str(int(round(v))) if math.isclose(v, round(v), abs_tol=1e-9) else f"{v:.1f}"


def percent(value: object, digits: int = 1) -> str:
    """A rate as a percentage with one decimal, whole numbers too (95.3%, 91.0%, 100.0%): offices keep one
    decimal throughout a document, its tables and its workbook."""
    if is_missing(value):
        return MISSING
    return f"{round(float(value) * 100, digits):.{digits}f}%"


def value(v: object, is_rate: bool) -> str:
    """A metric's value: a percentage for rates, a number otherwise."""
    return percent(v) if is_rate else number(v)


def signed_change(v: object, is_rate: bool) -> str:
    """A change for tables: +6.2%, -1.5%, 持平, +1.2个百分点; "—" with no base."""
    if is_missing(v):
        return MISSING
    amount = round(float(v) * 100, 1)
    if amount == 0:
        return "持平"
    text = f"{abs(amount):.1f}"
    sign = "+" if amount > 0 else "-"
    return f"{sign}{text}个百分点" if is_rate else f"{sign}{text}%"


def signed_count(diff: float) -> str:
    """A change in counts for tables: +1, -2, 持平 (a change from a base too small for a percentage)."""
    amount = round(float(diff), 1)
    if amount == 0:
        return "持平"
    return ("+" if amount > 0 else "-") + number(abs(amount))


def change_words(v: object, is_rate: bool, base: str = "上年") -> str:
    """A change in 公文 phrasing: 增长6.2% / 下降1.5% / 与上年持平; rates 提高/降低1.2个百分点."""
    if is_missing(v):
        return ""
    amount = round(float(v) * 100, 1)
    if amount == 0:
        return f"与{base}持平"
    text = f"{abs(amount):.1f}"
    if is_rate:
        return f"{'提高' if amount > 0 else '降低'}{text}个百分点"
    return f"{'增长' if amount > 0 else '下降'}{text}%"


def count_change(value: float, last: float, unit: str, base: str = "上月") -> str:
    """A change over a small base in counts: 比上月多1份 / 比上年同期少2件 / 与上月持平."""
    diff = round(value - last, 1)
    if diff == 0:
        return f"与{base}持平"
    return f"比{base}{'多' if diff > 0 else '少'}{number(abs(diff))}{unit}"


def chinese_date(d: date) -> str:
    """2025年12月31日 — full year, no zero padding (GB/T 9704)."""
    return f"{d.year}年{d.month}月{d.day}日"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99), for headings."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def ordinal_heading(n: int, level: int) -> str:
    """The 序号 of a heading: level 1 一、 level 2 （一） level 3 1. level 4 （1）."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def enumerate_points(points: list[str]) -> str:
    """一是……；二是……；三是……。 — the house style for listing achievements in one paragraph."""
    cleaned = [p.strip().rstrip("。；;，,") for p in points if p and p.strip()]
    if not cleaned:
        return ""
    return "；".join(f"{chinese_number(i)}是{p}" for i, p in enumerate(cleaned, 1)) + "。"


def numbered_points(points: list[str]) -> list[str]:
    """Each point as its own paragraph: 一是……。 二是……。 (for problems and plans)."""
    return [f"{chinese_number(i)}是{p.strip().rstrip('。；;')}。" for i, p in enumerate(points, 1)]
