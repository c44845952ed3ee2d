"""Charts: Chinese text without missing glyphs, PNG bytes that repeat, the packaged-font fallback."""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
import warnings
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from summarize import charts

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _draw_all() -> list[bytes]:
    return [
        charts.monthly_trend(
            {"2025年": [120, 98, None, 141, 150, 160], "2024年": [100, 90, 110, 120, 125, 130]},
            [1, 2, 3, 4, 5, 6],
            "收文数量月度趋势",
            "件",
        ),
        charts.compare_bars(
            ["收文", "发文", "信访"], [1896, 837, 65], [1650, 801, 71], "主要工作量与上年对比", "件"
        ),
        charts.share_bars(["国家部门采用", "省级采用", "市级采用"], [30, 50, 50.5], "信息采用级别构成", "篇"),
    ]


def _size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_charts_draw_chinese_without_missing_glyphs() -> None:
    with warnings.catch_warnings():
        # matplotlib warns "Glyph … missing from font(s)" when a CJK character has no glyph.
        warnings.simplefilter("error")
        pngs = _draw_all()
    for png in pngs:
        assert png.startswith(PNG_SIGNATURE)
        assert _size(png) == (
            round(charts.FIGSIZE_IN[0] * charts.DPI),
            round(charts.FIGSIZE_IN[1] * charts.DPI),
        )
        assert b"Software" not in png


def test_charts_are_byte_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    # With the chart cache on, the second drawing would be the first one read back: both must be drawn.
    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    first, second = _draw_all(), _draw_all()
    assert first == second
    # Drawn in a fresh process (its own matplotlib and font state): still the same bytes.
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tests'); from test_charts import _draw_all; "
        "print(' '.join(hashlib.sha256(p).hexdigest() for p in _draw_all()))"
    )
    env = {**os.environ, "SUMMARIZE_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == [hashlib.sha256(p).hexdigest() for p in first]


def test_falls_back_to_packaged_noto_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "system_cjk_font", lambda: None)
    assert charts.chart_font() == "Noto Sans SC"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = charts.share_bars(["来信", "来访", "网上信访"], [30, 12, 18], "信访形式构成", "件")
    assert png.startswith(PNG_SIGNATURE)


def test_system_font_is_preferred_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    class Entry:
        name = "WenQuanYi Zen Hei"

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [Entry()])
    assert charts.system_cjk_font() == "WenQuanYi Zen Hei"
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    assert charts.system_cjk_font() is None


def test_mismatched_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="月份"):
        charts.monthly_trend({"本年": [1, 2]}, [1, 2, 3], "标题", "件")
    with pytest.raises(ValueError, match="对比图"):
        charts.compare_bars(["甲", "乙"], [1, 2], [1], "标题", "件")
    with pytest.raises(ValueError, match="构成图"):
        charts.share_bars([], [], "标题", "件")


@pytest.mark.parametrize(
    ("value", "text"), [(12, "12"), (12.0, "12"), (98.5, "98.5"), (3.256, "3.26"), (None, "")]
)
def test_value_labels(value: float | None, text: str) -> None:
    assert charts.format_number(value) == text


def test_a_chart_drawn_before_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SUMMARIZE_NO_CACHE", raising=False)
    first = charts.compare_bars(["收文", "发文"], [1804, 596], [1703, 621], "", "份")
    kept = list((tmp_path / "charts").glob("*.png"))
    assert len(kept) == 1 and kept[0].read_bytes() == first
    assert charts.compare_bars(["收文", "发文"], [1804, 596], [1703, 621], "", "份") == first
    # Other data, or the same series in another order (drawn in other styles), is another chart.
    charts.compare_bars(["收文", "发文"], [1804, 597], [1703, 621], "", "份")
    a = charts.monthly_trend({"本年": [1.0, 2.0], "上年": [2.0, 1.0]}, [1, 2], "", "份")
    b = charts.monthly_trend({"上年": [2.0, 1.0], "本年": [1.0, 2.0]}, [1, 2], "", "份")
    assert a != b
    assert len(list((tmp_path / "charts").glob("*.png"))) == 4
    # Switched off, nothing is kept.
    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    charts.share_bars(["来信", "来访"], [3, 4], "", "件")
    assert len(list((tmp_path / "charts").glob("*.png"))) == 4


def test_no_chinese_font_at_all_stops_with_a_message_naming_both_remedies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without an installed CJK font and without the optional font package, a chart would be empty boxes."""
    from summarize.errors import SummarizeError

    monkeypatch.setattr(charts, "system_cjk_font", lambda: None)
    monkeypatch.setattr(charts, "PACKAGED_FONT", ("summarize_no_such_font_package", "x.otf"))
    with pytest.raises(SummarizeError) as raised:
        charts.chart_font()
    assert str(raised.value) == charts.NO_FONT
    assert "中文字体" in charts.NO_FONT and 'pip install "summarize[fonts]"' in charts.NO_FONT


def _texts_drawn(monkeypatch: pytest.MonkeyPatch, draw: Callable[[], bytes]) -> list[tuple[str, Any, Any]]:
    """Every non-empty text a chart draws, with its box and the figure's box, in pixels, as saved."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    monkeypatch.setenv("SUMMARIZE_NO_CACHE", "1")
    seen: list[tuple[str, Any, Any]] = []
    original = Figure.savefig

    def keep(self, *args, **kwargs):  # noqa: ANN001, ANN202
        result = original(self, *args, **kwargs)
        renderer = self.canvas.get_renderer()
        for text in self.findobj(Text):
            shown = text.get_visible() and (text.axes is None or text.axes.get_visible())
            if shown and text.get_text().strip():
                seen.append((text.get_text(), text.get_window_extent(renderer), self.bbox))
        return result

    monkeypatch.setattr(Figure, "savefig", keep)
    draw()
    return seen


LONG_CHARTS = {
    "panels with long names": lambda: charts.compare_panels(
        ["收文", "召开党组理论学习中心组学习会", "编发《组工信息》", "信访按期办结率", "公务接待", "值班"],
        [1804, 12, 24, 95.4, 156, 365],
        [1703, 10, 23, 94.8, 164, 366],
        ["份", "次", "期", "%", "批次", "天"],
    ),
    "long categories": lambda: charts.share_bars(
        ["县委办公室《每日要情》专报采用", "省政府办公厅《政务信息》", "12345热线", "来访"],
        [1200, 22, 480, 7],
        "信息采用按刊物分布",
        "条",
    ),
    "rotated labels": lambda: charts.compare_bars(
        ["收文", "发文", "会议", "督办事项", "信息报送", "信息采用", "信访受理", "公务接待批次"],
        [1804, 596, 71, 86, 239, 114, 96, 150],
        [1703, 621, 64, 72, 215, 86, 107, 140],
        "主要工作量与上年对比",
        "件",
    ),
    "trend of a month in progress": lambda: charts.year_trend(
        {f"收文（{y}年）": [100 + m * y % 37 for m in range(12)] for y in (2025, 2024)}
        | {f"发文（{y}年）": [40 + m * y % 11 for m in range(12)] for y in (2025, 2024)},
        date(2025, 12, 15),
    ),
}


@pytest.mark.parametrize("name", LONG_CHARTS)
def test_no_text_is_clipped_or_drawn_over_another(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    # The margins are fixed from the texts' sizes (no layout engine): long names, two-line month labels and
    # rotated labels must still stand inside the picture, each clear of the others.
    texts = _texts_drawn(monkeypatch, LONG_CHARTS[name])
    assert len(texts) > 10
    for text, box, figure in texts:
        assert figure.x0 <= box.x0 and box.x1 <= figure.x1, text
        assert figure.y0 <= box.y0 and box.y1 <= figure.y1, text
    for i, (a, box_a, _) in enumerate(texts):
        for b, box_b, _ in texts[i + 1 :]:
            overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
            overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
            assert overlap_x <= 0 or overlap_y <= 0, (a, b)
