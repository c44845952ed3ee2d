"""Finding the figures in a piece of text the way people retype them: 1804份, 1,804件, １８０４份, 三件, 5.9%,
7.7个百分点, 1800余份, +5.9% in a table cell.

A figure is a number with a 量词, a per cent sign or 个百分点; a bare number (a year, 第3次, 12345热线, 图1) is
not a figure of the text — in a table cell under a figures column it is (see :func:`find_figures`'s ``bare``).
A small count in Chinese numerals (三件, 十二份) is a figure only where a metric is named before it, which the
caller decides: 一批, 一次 are words, not counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Full-width forms people type with a Chinese input method, mapped one character to one, so offsets hold.
_WIDE = str.maketrans("０１２３４５６７８９．％＋－−", "0123456789.%+--")
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
FRACTION = re.compile(r"(?<![\d./])(\d{1,6})/(\d{1,6})(?![\d./])")


@dataclass(frozen=True)
class Number:
    """A figure as written: where it is in the text, its value (signed when a sign is written) and unit."""

    start: int
    end: int
    written: str
    value: float
    decimals: int
    unit: str  # the 量词, "%", "个百分点", or "" for a bare number
    kind: str  # the 量词's group (量词:份), percent, points, or bare
    about: bool = False  # 1800余份: at least this many
    chinese: bool = False  # 三件
    signed: bool = False  # +5.9% / -4% (a change in a table)


def normalise(text: str) -> str:
    """``text`` with full-width digits, point, per cent and signs as ASCII, and traditional characters as
    simplified (a zh-Hant 年终总结: 發文 is 发文) — always the same length, so offsets hold."""
    plain = text.translate(_WIDE)
    if plain.isascii():
        return plain
    simplified = _simplified(plain)
    return simplified if len(simplified) == len(plain) else plain


@cache
def _t2s():  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    return _t2s().convert(text)


@cache
def _pattern(units: tuple[str, ...], about: tuple[str, ...]) -> re.Pattern[str]:
    unit = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    approx = "|".join(re.escape(a) for a in about)
    number = r"(?P<num>\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.(?P<frac>\d+))?"
    chinese = rf"(?P<cn>[{_CN_DIGITS}]+)"
    return re.compile(
        rf"(?P<sign>[+\-])?(?:{number}|{chinese})(?P<about>{approx})?\s?"
        rf"(?P<unit>个百分点|百分点|%|{unit})?"
    )


def find_numbers(
    text: str, unit_kinds: dict[str, str], about: tuple[str, ...] = ("余", "多"), bare: bool = False
) -> list[Number]:
    """Every figure in ``text``: numbers with a unit of ``unit_kinds`` (量词 → kind), %, 个百分点; with ``bare``,
    numbers without a unit too (a table cell). Dates, ordinals (第3次) and numbers inside codes are left out."""
    plain = normalise(text)
    found = []
    fractions = []
    for m in FRACTION.finditer(plain):  # 4/5: a rate over a small base, as the 月报 writes it
        numerator, denominator = int(m.group(1)), int(m.group(2))
        if 0 < denominator and numerator <= denominator:
            fractions.append((m.start(), m.end()))
            value = numerator / denominator * 100
            found.append(Number(m.start(), m.end(), text[m.start() : m.end()], value, 6, "", "percent"))
    for m in _pattern(tuple(unit_kinds), tuple(about)).finditer(plain):
        if any(a <= m.start() < b for a, b in fractions):
            continue
        unit = m.group("unit") or ""
        digits = m.group("num")
        if digits is None and m.group("cn") is None:
            continue
        start = m.start()
        before = plain[start - 1] if start else ""
        if before == "第" or (before.isascii() and before.isalnum()):
            continue  # 第3次, G20, 2025-1
        if m.group("cn") is not None:
            if (
                not unit
                or unit in ("个百分点", "百分点", "%")
                or m.group("cn") in ("一", "零", "〇", "百", "千")
            ):
                continue
            if plain.startswith("分之", m.start("unit")):
                continue  # 百分之五 is a percentage in words, not 百 of a unit 分
            value = _chinese_value(m.group("cn"))
            if value is None:
                continue
            decimals, chinese = 0, True
        else:
            if not unit and not bare:
                continue
            after = plain[m.end() : m.end() + 1]
            if not unit and after in ("年", "月", "日", "号", "时", "点", "届", "级", "岁"):
                continue
            frac = m.group("frac") or ""
            value = float(digits.replace(",", "").replace("，", "") + (f".{frac}" if frac else ""))
            decimals, chinese = len(frac), False
        if m.group("about") and unit in ("", "%", "个百分点", "百分点"):
            continue  # 5%多 is not a way to write a figure; "多" there starts the next word
        sign = m.group("sign")
        if sign == "-":
            value = -value
        end = m.end() if unit else m.end("about") if m.group("about") else _digits_end(m)
        kind = (
            "percent"
            if unit == "%"
            else "points"
            if unit in ("个百分点", "百分点")
            else unit_kinds.get(unit, "bare")
            if unit
            else "bare"
        )
        found.append(
            Number(
                start=start,
                end=end,
                written=text[start:end],
                value=value,
                decimals=decimals,
                unit=unit,
                kind=kind,
                about=bool(m.group("about")),
                chinese=chinese,
                signed=sign is not None,
            )
        )
    return sorted(found, key=lambda n: n.start)


def _digits_end(m: re.Match[str]) -> int:
    return max(e for e in (m.end("num"), m.end("frac"), m.end("cn")) if e != -1)


def _chinese_value(text: str) -> float | None:
    """三 → 3, 十二 → 12, 两 → 2, 二十一 → 21; None for what is no number (十十)."""
    import cn2an

    try:
        return float(cn2an.cn2an(text.replace("两", "二").replace("〇", "零"), "normal"))
    except (ValueError, KeyError, IndexError):
        return None
