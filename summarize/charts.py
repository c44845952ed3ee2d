"""Charts for the reports as PNG bytes: Chinese labels, readable in black-and-white print, reproducible bytes.

matplotlib is imported inside the functions (only reports with charts pay for it) and only through its Agg
canvas, never pyplot, so no global figure state or GUI backend is involved. Chinese text needs a CJK font:
an installed one is preferred (黑体/SimHei, 微软雅黑, Noto Sans CJK SC, WenQuanYi, 仿宋, Noto Serif CJK SC …);
otherwise the Noto Sans SC shipped by the optional ``pylopdf_fonts_zh_cn`` package (``summarize[fonts]``) is
registered and used. With neither, charts stop with a Chinese message rather than draw empty boxes.

Print rules: legends stand outside the plotted area (above it), counts get whole-number ticks (never 2.5 件),
metrics counted in different units (份, 件, 次, 条) get a panel each instead of sharing one axis, and every text
a chart draws is in the report's language (``lang``, converted by :func:`summarize.report.lang.convert_text`).
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

# Installed fonts with simplified Chinese glyphs, most legible for charts (sans) first.
SYSTEM_CJK_FONTS = (
    "SimHei",
    "黑体",
    "Microsoft YaHei",
    "微软雅黑",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "思源黑体",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "FangSong",
    "仿宋",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
)
PACKAGED_FONT = ("pylopdf_fonts_zh_cn", "NotoSansSC-Regular.otf")

# 6.3 × 2.6 in, placed 14 cm wide: 5.8 cm high, so a figure and its caption take under a third of a page (7 of
# 22 lines) and one pushed to the next page never leaves more than that blank.
FIGSIZE_IN = (6.3, 2.6)
# The per-metric panels of the headline comparison: up to PANELS_PER_ROW in a row, PANEL_ROW_IN high each.
PANELS_PER_ROW = 4
PANEL_ROW_IN = 1.55
# 150 dpi: about 170 pixels an inch as placed 14 cm wide, sharp in print, and half the pixels of 200 dpi to draw.
DPI = 150
# Margins are fixed for each figure, from the sizes of the texts around its axes (:class:`_Margins`), rather
# than found by constrained layout, which measures every artist and draws each figure twice. In inches:
EDGE_IN = 0.06  # blank along every edge of the picture
TICK_IN = (3.5 + 3.5) / 72  # a tick and the pad between it and its label (matplotlib's defaults, 3.5 pt each)
TITLE_PAD_IN = 6 / 72  # between an axes and its title (axes.titlepad)
LEGEND_ROW_IN = 0.3  # a legend of one row above the plot
PANEL_GAP_IN = 0.2  # between two panels of the headline comparison side by side
ROW_GAP_IN = 0.08  # between one row of panels' tick labels and the next row's titles
LINE = 1.25  # the height of a line of text, in font sizes
# Grey levels, markers, dash styles and hatches tell the series apart without colour.
GREYS = ("#1a1a1a", "#5a5a5a", "#8c8c8c", "#b0b0b0")
MARKERS = ("o", "s", "^", "D", "v", "P")
DASHES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))
HATCHES = ("", "///", "...", "xxx")

Number = float | int


def system_cjk_font() -> str | None:
    """The first installed font of :data:`SYSTEM_CJK_FONTS` matplotlib knows, or None."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in SYSTEM_CJK_FONTS if name in installed), None)


NO_FONT = (
    "本机没有可用于图表的中文字体：请安装一种中文字体（如黑体、微软雅黑、Noto Sans CJK、文泉驿），"
    '或安装字体包：pip install "summarize[fonts]"（内网安装见 README“内网安装”）'
)


def packaged_cjk_font() -> str | None:
    """Register the Noto Sans SC shipped by ``pylopdf_fonts_zh_cn`` with matplotlib and return its family; None
    when that optional package is not installed."""
    from matplotlib import font_manager

    package, filename = PACKAGED_FONT
    try:
        path = str(resources.files(package).joinpath(filename))
    except ModuleNotFoundError:
        return None
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def chart_font() -> str:
    """The font family the charts use: an installed CJK font, else the packaged Noto Sans SC; raises
    :class:`SummarizeError` when there is neither."""
    font = system_cjk_font() or packaged_cjk_font()
    if font is None:
        from summarize.errors import SummarizeError

        raise SummarizeError(NO_FONT)
    return font


def _remembered(draw: Callable[..., bytes]) -> Callable[..., bytes]:
    """Take a chart already drawn for the same data from the cache (see :func:`summarize.cache.remembered_png`)."""

    @functools.wraps(draw)
    def chart(*args: object, **kwargs: object) -> bytes:
        from summarize.cache import remembered_png

        recipe = repr((draw.__name__, _plain(args), sorted((k, _plain(v)) for k, v in kwargs.items())))
        return remembered_png(recipe, lambda: draw(*args, **kwargs))

    return chart


def _plain(value: object) -> object:
    """Arguments as plain Python values, so their repr names the data (a NumPy number or array as its values).
    A dict keeps its order: the series of a trend chart are drawn, and styled, in that order."""
    if isinstance(value, dict):
        return [(str(k), _plain(v)) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist())
    return value


def year_trend(
    lines: dict[str, list[float | None]], running: date | None = None, lang: str = "zh-Hans"
) -> bytes:
    """The trend chart of a year, 1月 to 12月 in 份: the 年终总结's 办文 figure, the 月报's and the web page's
    statistics chart all draw it here. ``running`` (the as-of day) marks its month as counting 1—N日 only."""
    partial = (running.month, f"1—{running.day}日") if running is not None else None
    return monthly_trend(lines, list(range(1, 13)), "", "份", partial=partial, lang=lang)


def month_values(series: Any, name: str, through: int = 12) -> list[float | None]:
    """The twelve months of ``name`` in a month series (a frame of 指标 × 1…12) as a chart line: None where
    the figure is unknown, after month ``through`` or for a metric the series does not hold."""
    import pandas as pd

    if name not in series.index:
        return [None] * 12
    return [None if m > through or pd.isna(v) else float(v) for m, v in series.loc[name].items()]


@_remembered
def monthly_trend(
    series: dict[str, list[float | None]],
    months: list[int],
    title: str,
    unit: str,
    partial: tuple[int, str] | None = None,
    lang: str = "zh-Hans",
) -> bytes:
    """A line per series over ``months`` (1–12, shown as 1月…12月); None leaves a gap.

    Each series has its own grey, marker and dash style (e.g. 本年 solid with circles, 上年 dashed with squares);
    the legend stands above the plot, outside it, so no line runs under it.
    ``partial`` = (month, days) marks a month still in progress: a light band behind it and its days under its
    label (“12月 1—15日”), so a month of fifteen days does not read as a fall.
    """
    if not months or not series:
        raise ValueError("月度趋势图没有数据")
    for name, values in series.items():
        if len(values) != len(months):
            raise ValueError(f"月度趋势图中“{name}”有{len(values)}个数，与{len(months)}个月份不符")
    t = _translator(lang)
    with _chart(t(title), t(f"单位：{unit}") if unit else "") as chart:
        ax = chart.ax
        x = list(range(len(months)))
        for i, (name, values) in enumerate(series.items()):
            y = [math.nan if v is None else float(v) for v in values]
            ax.plot(
                x,
                y,
                label=t(name),
                color=GREYS[i % len(GREYS)],
                marker=MARKERS[i % len(MARKERS)],
                linestyle=DASHES[i % len(DASHES)],
                linewidth=1.4,
                markersize=4.5,
                markerfacecolor="white" if i % 2 else GREYS[i % len(GREYS)],
            )
        labels = [t(f"{m}月") for m in months]
        if partial is not None and partial[0] in months:
            at = months.index(partial[0])
            ax.axvspan(at - 0.5, at + 0.5, color="0.92", zorder=0, linewidth=0)
            labels[at] = t(f"{partial[0]}月\n{partial[1]}")
        ax.set_xticks(x, labels)
        ax.set_ylim(bottom=0 if _all_non_negative(*series.values()) else None)
        _whole_number_ticks(ax.yaxis, *series.values())
        if len(series) > 1:
            chart.legend(ncols=min(len(series), 4))
    return chart.png


@_remembered
def compare_bars(
    labels: Sequence[str],
    this_year: Sequence[Number],
    last_year: Sequence[Number],
    title: str,
    unit: str,
    names: tuple[str, str] = ("本年", "上年"),
    lang: str = "zh-Hans",
) -> bytes:
    """Grouped bars per label, all in one ``unit``: this year dark, last year hatched white, each with its value
    on top. Metrics in different units belong in :func:`compare_panels`."""
    if not labels:
        raise ValueError("对比图没有数据")
    if not len(labels) == len(this_year) == len(last_year):
        raise ValueError(
            f"对比图的项目数（{len(labels)}）与数值个数（{len(this_year)}、{len(last_year)}）不符"
        )
    t = _translator(lang)
    with _chart(t(title), t(f"单位：{unit}") if unit else "") as chart:
        ax = chart.ax
        width = 0.38
        x = list(range(len(labels)))
        for i, (name, values) in enumerate(((names[0], this_year), (names[1], last_year))):
            offset = (i - 0.5) * width
            bars = ax.bar(
                [v + offset for v in x],
                [float(v) for v in values],
                width,
                label=t(name),
                color=GREYS[1] if i == 0 else "white",
                edgecolor="black",
                linewidth=0.8,
                hatch=HATCHES[i],
            )
            ax.bar_label(bars, labels=[format_number(v) for v in values], padding=2, fontsize=8)
        ax.set_xticks(x, [t(label) for label in labels], rotation=30 if len(labels) > 6 else 0)
        ax.margins(y=0.15)
        _whole_number_ticks(ax.yaxis, this_year, last_year)
        chart.legend(ncols=2)
    return chart.png


@_remembered
def compare_panels(
    labels: Sequence[str],
    this_year: Sequence[Number],
    last_year: Sequence[Number],
    units: Sequence[str],
    names: tuple[str, str] = ("本年", "上年"),
    lang: str = "zh-Hans",
) -> bytes:
    """One small panel per metric, each with its own axis and unit: this year's bar dark, last year's hatched,
    values on top. Counts in 份, 件, 次 and 条 (and sizes a thousand times apart) never share an axis."""
    if not labels:
        raise ValueError("对比图没有数据")
    if not len(labels) == len(this_year) == len(last_year) == len(units):
        raise ValueError(
            f"对比图的项目数（{len(labels)}）与数值个数（{len(this_year)}、{len(last_year)}、{len(units)}）不符"
        )
    t = _translator(lang)
    columns = min(len(labels), PANELS_PER_ROW)
    rows = math.ceil(len(labels) / columns)
    size = (FIGSIZE_IN[0], PANEL_ROW_IN * rows + 0.1)
    with _figure(size) as chart:
        margins = _Margins(chart.fig)
        width = (size[0] - 2 * EDGE_IN - (columns - 1) * PANEL_GAP_IN) / columns
        # A title wider than its panel goes on two lines (or more) rather than over its neighbour's.
        titles = [
            margins.wrap(t(f"{label}（{unit}）") if unit else t(label), 9, width)
            for label, unit in zip(labels, units, strict=True)
        ]
        title_in = max(margins.height(title, 9) for title in titles) + TITLE_PAD_IN
        ticks_in = margins.height(t(names[0]), 9) + TICK_IN
        # Between two rows: the upper row's tick labels, a blank, and the lower row's titles.
        gap = title_in + ticks_in + ROW_GAP_IN
        height = (size[1] - 2 * EDGE_IN - title_in - ticks_in - (rows - 1) * gap) / rows
        grid = chart.fig.add_gridspec(
            rows,
            columns,
            left=EDGE_IN / size[0],
            right=1 - EDGE_IN / size[0],
            top=1 - (EDGE_IN + title_in) / size[1],
            bottom=(EDGE_IN + ticks_in) / size[1],
            wspace=PANEL_GAP_IN / width,
            hspace=gap / height,
        )
        # A panel per metric; the grid's cells after the last metric stay empty (no axes to set up there).
        axes = [chart.fig.add_subplot(grid[i // columns, i % columns]) for i in range(len(labels))]
        for ax, title, now, before in zip(axes, titles, this_year, last_year, strict=True):
            values = [float(now), float(before)]
            bars = ax.bar(
                [0, 1],
                values,
                0.62,
                color=[GREYS[1], "white"],
                edgecolor="black",
                linewidth=0.8,
                hatch=["", HATCHES[1]],
            )
            ax.bar_label(bars, labels=[format_number(v) for v in values], padding=2, fontsize=8)
            ax.set_title(title, fontsize=9)
            ax.set_xticks([0, 1], [t(names[0]), t(names[1])])
            ax.set_yticks([])
            ax.spines["left"].set_visible(False)
            ax.set_ylim(0, max(max(values), 1.0) * 1.3)
    return chart.png


@_remembered
def share_bars(
    labels: Sequence[str], values: Sequence[Number], title: str, unit: str, lang: str = "zh-Hans"
) -> bytes:
    """Horizontal bars in the given order (top to bottom), each labelled with its value and share of the total."""
    if not labels:
        raise ValueError("构成图没有数据")
    if len(labels) != len(values):
        raise ValueError(f"构成图的项目数（{len(labels)}）与数值个数（{len(values)}）不符")
    total = sum(float(v) for v in values)
    t = _translator(lang)
    with _chart(t(title), t(f"单位：{unit}") if unit else "", value_axis="x") as chart:
        ax = chart.ax
        y = list(range(len(labels)))
        bars = ax.barh(y, [float(v) for v in values], 0.6, color=GREYS[2], edgecolor="black", linewidth=0.8)
        texts = [
            f"{format_number(v)}（{float(v) / total * 100:.1f}%）" if total > 0 else format_number(v)
            for v in values
        ]
        ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
        # A label longer than two fifths of the width goes on two lines (or more) rather than squeeze the bars.
        wrap = _Margins(chart.fig).wrap
        ax.set_yticks(y, [wrap(t(label), 9, FIGSIZE_IN[0] * 0.4) for label in labels])
        ax.invert_yaxis()
        ax.margins(x=0.25)
        _whole_number_ticks(ax.xaxis, values)
    return chart.png


def format_number(value: Number | None) -> str:
    """A value label: integers without decimals, other numbers with at most two (12, 98.5, 3.25)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _all_non_negative(*columns: list[float | None]) -> bool:
    return all(v is None or v >= 0 for column in columns for v in column)


def _whole_number_ticks(axis: Any, *columns: Sequence[Number | None]) -> None:
    """Ticks only on whole numbers when every value is one (counts: no 2.5 件); rates keep their decimals."""
    from matplotlib.ticker import MaxNLocator

    if all(v is None or float(v).is_integer() for column in columns for v in column):
        axis.set_major_locator(MaxNLocator(integer=True))


def _translator(lang: str) -> Callable[[str], str]:
    """The function putting a chart's text into ``lang`` (identity for simplified Chinese)."""
    if lang == "zh-Hans":
        return str
    from summarize.report.lang import convert_text

    return lambda text: convert_text(text, lang)


@dataclass
class _Canvas:
    """A figure being drawn and, once the ``with`` block ends, its PNG bytes."""

    fig: Any
    ax: Any
    png: bytes = b""
    legend_columns: int = 0  # a legend of the series above the plot, in so many columns (0: none)

    def legend(self, ncols: int) -> None:
        """A legend of the plotted series in one row above the plot, outside it (placed with the margins)."""
        self.legend_columns = ncols


@functools.lru_cache(maxsize=4096)
def _text_width(line: str, prop: Any, dpi: float) -> float:
    """The width in pixels of one line of text in the font ``prop`` at ``dpi``, as the Agg renderer of any
    figure measures it (it depends on nothing else): the same labels (本年, 上年, 1月…12月, each metric's
    title) recur in every chart of a batch, and measuring a Chinese text lays out each of its glyphs."""
    return _measuring_renderer(dpi).get_text_width_height_descent(line, prop, ismath=False)[0]


@functools.cache
def _measuring_renderer(dpi: float) -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


class _Margins:
    """The sizes, in inches, of texts as a figure will draw them, measured with the Agg renderer's font metrics
    at its dpi without drawing it: what margins it needs, and where a title too wide for its panel breaks."""

    def __init__(self, fig: Any) -> None:
        self.dpi = fig.dpi

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` (its widest line) in a font of ``size`` points."""
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(size=size)  # in the figure's font (the rc_context of _figure)
        return max(_text_width(line, prop, self.dpi) for line in text.split("\n")) / self.dpi

    def height(self, text: str, size: float) -> float:
        """The height of ``text``'s lines in a font of ``size`` points."""
        return (text.count("\n") + 1) * size * LINE / 72

    def extent(self, label: Any) -> tuple[float, float]:
        """The width and height of a tick label as drawn, turned by its rotation."""
        text, size = label.get_text(), label.get_fontsize()
        w, h = self.width(text, size) if text else 0.0, self.height(text, size) if text else 0.0
        turn = math.radians(label.get_rotation())
        cos, sin = abs(math.cos(turn)), abs(math.sin(turn))
        return w * cos + h * sin, w * sin + h * cos

    def wrap(self, text: str, size: float, width: float) -> str:
        """``text`` on as many lines as it takes to be at most ``width`` wide: broken before a （ where that is
        enough (信访按期办结率 / （%）), else between characters."""
        if self.width(text, size) <= width:
            return text
        at = text.find("（")
        if at > 0 and max(self.width(text[:at], size), self.width(text[at:], size)) <= width:
            return f"{text[:at]}\n{text[at:]}"
        lines = [""]
        for char in text:
            if lines[-1] and self.width(lines[-1] + char, size) > width:
                lines.append("")
            lines[-1] += char
        return "\n".join(lines)


@contextmanager
def _chart(title: str, unit: str, value_axis: str = "y") -> Iterator[_Canvas]:
    """A fixed-size Agg figure with one axes in the CJK font, rendered to PNG when the block ends; ``unit`` is
    the whole label ("单位：件") beside the value axis."""
    with _figure(FIGSIZE_IN) as canvas:
        ax = canvas.fig.add_subplot()
        ax.set_title(title)
        if unit and value_axis == "y":
            # Horizontal above the value axis: rotated Chinese reads sideways.
            ax.set_title(unit, loc="left", fontsize=9)
        elif unit:
            ax.set_xlabel(unit)
        ax.grid(axis=value_axis, color="#d0d0d0", linewidth=0.6)
        ax.set_axisbelow(True)
        canvas.ax = ax
        yield canvas
        above = max(11 if title else 0, 9 if unit and value_axis == "y" else 0)
        below = 9 * LINE / 72 + 4 / 72 if unit and value_axis != "y" else 0.0  # the x label and its labelpad
        _fit_axes(canvas, above * LINE / 72 + TITLE_PAD_IN if above else 0.0, below)


def _fit_axes(canvas: _Canvas, title_in: float, xlabel_in: float) -> None:
    """Place the one axes of a chart with margins just holding what stands around it: from the top, the
    legend row and the title row; the y tick labels on the left; the x tick labels (and label) below."""
    fig, ax = canvas.fig, canvas.ax
    width, height = fig.get_size_inches()
    margins = _Margins(fig)
    x_labels = [margins.extent(label) for label in ax.xaxis.get_majorticklabels()]
    y_labels = [margins.extent(label) for label in ax.yaxis.get_majorticklabels()]
    top = EDGE_IN + title_in
    if canvas.legend_columns:
        top += LEGEND_ROW_IN
        anchor = (0.5, 1 - EDGE_IN / height)
        fig.legend(frameon=False, ncols=canvas.legend_columns, loc="upper center", bbox_to_anchor=anchor)
    # The first and last x labels stand centred on their ticks, which may be at the axes' ends.
    first, last = (x_labels[0][0] / 2, x_labels[-1][0] / 2) if x_labels else (0.0, 0.0)
    left = EDGE_IN + max(max((w for w, _ in y_labels), default=0.0) + TICK_IN, first)
    right = EDGE_IN + max(last, 0.05)
    bottom = EDGE_IN + max((h for _, h in x_labels), default=0.0) + TICK_IN + xlabel_in
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )


@contextmanager
def _figure(size: tuple[float, float]) -> Iterator[_Canvas]:
    """An Agg figure of ``size`` inches in the CJK font, rendered to PNG when the block ends; its axes are
    placed by the caller (no layout engine)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    style = {
        "font.family": [chart_font()],
        "axes.unicode_minus": False,
        "font.size": 9,
        "axes.titlesize": 11,
        "axes.edgecolor": "black",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "hatch.linewidth": 0.6,
    }
    with matplotlib.rc_context(style):
        fig = Figure(figsize=size, dpi=DPI)
        FigureCanvasAgg(fig)
        canvas = _Canvas(fig, None)
        yield canvas
        buffer = io.BytesIO()
        # No "Software" (matplotlib version) entry: the bytes depend on the data and the font only. zlib level 1
        # instead of PIL's 6: the same pixels, about 7% less time per document for about 11% larger pictures.
        fig.savefig(
            buffer, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 1}
        )
        canvas.png = buffer.getvalue()
