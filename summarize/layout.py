"""The page and type settings of a report (GB/T 9704-2012 党政机关公文格式 by default).

Every number a renderer needs is a field of :class:`Layout`, so a province or unit with other margins or fonts
(方正仿宋_GBK, 28 mm 订口 …) changes settings, not code. Lengths are in millimetres and points as the standard
states them; the ``*_twips`` properties give what Word stores (1 twip = 1/20 pt = 1/1440 inch).

Line grid — 22 lines × 28 characters, the same in Word and LibreOffice:

- Lines: a fixed ("exact") line spacing of 28.95 pt (derived from lines_per_page) on every text style (22 × 28.95 pt = 636.9 pt fits the
  225 mm = 637.8 pt 版心, 23 lines do not), plus ``w:docGrid w:type="lines"`` with that pitch so Word's page
  setup also shows 22 lines. Picture and table paragraphs use single spacing, off the grid, so nothing is clipped.
- Characters: 28 three-size characters (28 × 16 pt = 448 pt) do not fit the 156 mm = 442.2 pt line, so the
  text is condensed by ``char_spacing_twips`` (−0.25 pt: 28 × 15.75 pt = 441 pt), Word's 字符间距“紧缩”.
  A ``linesAndChars`` document grid (the usual Word answer, charSpace −841) is *not* used: converted to PDF,
  LibreOffice 7.4 puts each 16 pt character on two 15.79 pt grid cells and sets only 14 characters a line,
  while the condensed spacing gives 28 characters and 22 lines a page there (checked with pdftotext).
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from summarize.errors import SummarizeError

TWIPS_PER_INCH = 1440
MM_PER_INCH = Decimal("25.4")


def text_columns(text: str) -> int:
    """How many columns ``text`` takes in a Chinese font, the one measure of text width for Word, Excel and
    the workbooks ``init`` writes: 2 for a wide character (汉字, full-width forms and, as Chinese fonts draw
    them, the ambiguous ones: “” — … ·), 1 for Latin letters and digits."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips, rounded half up (37 mm → 2098, 28 mm → 1587, 26 mm → 1474, 35 mm → 1984)."""
    exact = Decimal(str(mm)) * TWIPS_PER_INCH / MM_PER_INCH
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pt_to_twips(pt: float) -> int:
    """Points to twips, rounded half up (28.95 pt → 579)."""
    return int((Decimal(str(pt)) * 20).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Layout:
    """Page setup, line grid and fonts of a 年终总结/月报; defaults follow GB/T 9704-2012.

    Fonts are referenced by name only (the official ones are proprietary and never shipped); Word falls back to
    仿宋/楷体/宋体 through the template's font table when a ``_GB2312`` font is not installed.
    """

    # Page: A4 with 天头 37 mm, 订口 28 mm → 版心 156 × 225 mm.
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    # Distance of the header/footer from the page edge: the page number's 一字线 sits about 7 mm below 版心.
    header_distance_mm: float = 15.0
    footer_distance_mm: float = 25.0

    # Line grid (see the module docstring: fixed line spacing and condensed characters, no character grid).
    lines_per_page: int = 22
    chars_per_line: int = 28
    # None: the largest pitch in 1/20 pt that fits lines_per_page lines in the 版心 (28.95 pt for the defaults).
    line_spacing_pt: float | None = None

    # Type. Sizes: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt, 小四 = 12 pt.
    title_font: str = "方正小标宋简体"
    title_size_pt: float = 22.0
    body_font: str = "仿宋_GB2312"
    body_size_pt: float = 16.0
    h1_font: str = "黑体"
    h2_font: str = "楷体_GB2312"
    h3_font: str = "仿宋_GB2312"
    h3_bold: bool = True
    heading_size_pt: float = 16.0
    latin_font: str = "Times New Roman"
    caption_font: str = "黑体"
    caption_size_pt: float = 14.0
    table_font: str = "仿宋_GB2312"
    table_size_pt: float = 14.0
    attachment_label_font: str = "黑体"
    page_number_font: str = "宋体"
    page_number_size_pt: float = 14.0

    # Indents in characters of the paragraph's own size.
    first_line_indent_chars: float = 2.0
    signature_right_chars: float = 2.0
    page_number_indent_chars: float = 1.0

    # A figure and its caption take at most this many lines (a third of the page): one that no longer fits at
    # the bottom of a page moves to the next and leaves no more than that blank.
    figure_max_lines: int = 7

    # 公文 elements (used only when set in [report]; GB/T 9704 7.2, 7.3.5.1, 7.4).
    issuer_size_pt: float = 36.0  # 发文机关标志 (小初): "醒目、美观、庄重", narrower than the 版心
    head_top_mm: float = 35.0  # 版心 top → top of the 发文机关标志; 80 mm for an 上行文 (with 签发人)
    head_top_upward_mm: float = 80.0
    head_color: str = "FF0000"
    head_rule_gap_mm: float = 4.0  # 发文字号 → the red rule below it
    head_rule_eighths: int = 8  # its thickness in 1/8 pt (1 pt)
    record_size_pt: float = 14.0  # 版记 in 4号
    record_thick_eighths: int = 8  # first and last rule: 0.35 mm ≈ 1 pt
    record_thin_eighths: int = 6  # rules between: 0.25 mm ≈ 0.75 pt
    seal_date_right_chars: float = 4.0  # with a seal: 成文日期右空四字
    seal_blank_lines: int = 2  # lines between the text and the 落款 under a seal

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> Layout:
        """A layout with the defaults overridden by ``settings`` (keys are field names).

        Raises :class:`SummarizeError` naming the key when a key is unknown or a value has the wrong type.
        """
        if not settings:
            return cls()
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for key, value in settings.items():
            if key not in fields:
                known = "、".join(fields)
                raise SummarizeError(f"版式设置中有未知的项“{key}”；可用的项：{known}")
            values[key] = _checked(key, value, fields[key].default)
        layout = dataclasses.replace(cls(), **values)
        width, height = layout.text_width_mm, layout.text_height_mm
        if width < 50 or height < 50:
            margins = next((k for k in values if k.startswith("margin_")), "margin_left_mm")
            raise SummarizeError(
                f"版式设置中的页边距“{margins}”等过大：版心只剩 {width:g}×{height:g} 毫米，应至少 50×50 毫米"
            )
        return layout

    def east_asian_fonts(self) -> list[str]:
        """The Chinese fonts a document of this layout names, each once, in field order."""
        names = [
            self.title_font,
            self.body_font,
            self.h1_font,
            self.h2_font,
            self.h3_font,
            self.caption_font,
            self.table_font,
            self.attachment_label_font,
            self.page_number_font,
        ]
        return list(dict.fromkeys(names))

    def for_lang(self, lang: str) -> Layout:
        """This layout for a document in ``lang``: for traditional Chinese every simplified font that has a
        traditional counterpart in ``summarize/fonts.toml`` (仿宋_GB2312 → 標楷體, 黑体 → 微軟正黑體 …) replaced."""
        if not lang.startswith("zh-Hant"):
            return self
        faces = font_data()["traditional"]
        changes = {
            f.name: faces[value]
            for f in dataclasses.fields(self)
            if f.name.endswith("_font") and isinstance(value := getattr(self, f.name), str) and value in faces
        }
        return dataclasses.replace(self, **changes)

    # Derived values in Word units.
    @property
    def text_width_mm(self) -> float:
        """Width of the 版心 (text block)."""
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        """Height of the 版心 (text block)."""
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def text_width_twips(self) -> int:
        """Width of the 版心 as Word computes it from the page and margins in twips."""
        return (
            mm_to_twips(self.page_width_mm)
            - mm_to_twips(self.margin_left_mm)
            - mm_to_twips(self.margin_right_mm)
        )

    @property
    def text_height_twips(self) -> int:
        """Height of the 版心 as Word computes it from the page and margins in twips."""
        return (
            mm_to_twips(self.page_height_mm)
            - mm_to_twips(self.margin_top_mm)
            - mm_to_twips(self.margin_bottom_mm)
        )

    @property
    def line_pitch_twips(self) -> int:
        """Fixed line spacing and document-grid line pitch in twips: 579 (28.95 pt) for 22 lines in 225 mm."""
        if self.line_spacing_pt:
            return pt_to_twips(self.line_spacing_pt)
        return self.text_height_twips // self.lines_per_page

    @property
    def char_spacing_twips(self) -> int:
        """Character spacing (``w:spacing``, 1/20 pt) that sets exactly chars_per_line body characters a line.

        The pitch ``body_size_pt + spacing`` is rounded down to the 1/20 pt Word stores, so the characters
        still fit (156 mm, 28 × 16 pt → −5, i.e. condensed by 0.25 pt); a wider line gives expanded spacing.
        """
        pitch_twips = self.text_width_twips / self.chars_per_line
        return math.floor(pitch_twips - self.body_size_pt * 20)


@cache
def font_data() -> dict[str, dict[str, Any]]:
    """``summarize/fonts.toml``: each font's installed substitutes and its traditional counterpart."""
    text = resources.files("summarize").joinpath("fonts.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


# What a value may be, by the kind of field: a page of A3 size at most, type sizes of 5号 to 初号 and beyond,
# and no zero where a renderer divides by the value (sizes, lines and characters per page).
_RANGES = (  # the first part found in the key decides
    ("_pt", (1.0, 100.0)),
    ("_chars", (0.0, 20.0)),
    ("_per_", (1.0, 100.0)),
    ("page_", (50.0, 500.0)),
    ("_mm", (0.0, 200.0)),
)


def _range(key: str) -> tuple[float, float]:
    return next((bounds for part, bounds in _RANGES if part in key), (0.0, 1000.0))


def _checked(key: str, value: Any, default: Any) -> Any:
    """``value`` converted to the type of the field's default, or a SummarizeError in Chinese."""
    if default is None:  # an optional number (line_spacing_pt)
        return None if value is None else _checked(key, value, 0.0)
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        raise SummarizeError(f"版式设置“{key}”应为 true 或 false，实际为“{value}”")
    low, high = _range(key)
    if isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool) and max(low, 1) <= value <= high:
            return value
        raise SummarizeError(f"版式设置“{key}”应为 {max(low, 1):g} 到 {high:g} 之间的整数，实际为“{value}”")
    if isinstance(default, float):
        if isinstance(value, int | float) and not isinstance(value, bool) and low <= value <= high:
            return float(value)  # the comparison also refuses nan; inf is above every range
        raise SummarizeError(f"版式设置“{key}”应为 {low:g} 到 {high:g} 之间的数字，实际为“{value}”")
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise SummarizeError(f"版式设置“{key}”应为非空的文字（字体名），实际为“{value}”")
