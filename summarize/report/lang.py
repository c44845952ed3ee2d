"""zh-Hant output: every generated text of a Report converted through OpenCC (简体 → 繁體)."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from summarize.report.model import Figure, Paragraph, Report, Table


@cache
def _converter():  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified Chinese text in traditional characters (OpenCC s2t)."""
    return _converter().convert(text)


def convert_report(report: Report, lang: str) -> Report:
    """The report in ``lang``: unchanged for zh-Hans, every title, paragraph, caption and cell converted for zh-Hant."""
    if lang != "zh-Hant":
        return report
    t = to_traditional

    def block(b: Paragraph | Figure | Table) -> Paragraph | Figure | Table:
        if isinstance(b, Paragraph):
            return replace(b, text=t(b.text))
        if isinstance(b, Figure):
            return replace(b, caption=t(b.caption))
        return replace(
            b,
            caption=t(b.caption),
            columns=[t(c) for c in b.columns],
            rows=[[t(c) for c in r] for r in b.rows],
            note=t(b.note),
        )

    return replace(
        report,
        title=t(report.title),
        blocks=[block(b) for b in report.blocks],
        signature=t(report.signature),
        appendix_title=t(report.appendix_title),
        appendix=[block(b) for b in report.appendix],
        lang=lang,
    )
