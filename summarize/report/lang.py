"""zh-Hant output: every generated text of a Report, and its charts' labels, converted through OpenCC.

Which conversion: OpenCC's plain ``s2t`` gives the OpenCC standard forms (爲, 羣, 啓, 審覈), which no official
traditional text uses; ``s2twp`` also swaps vocabulary (信息 → 資訊, 審核 → 稽核, 數據 → 資料), which changes what
the office wrote. ``s2tw`` (Taiwan forms: 為, 群, 啟, 審核) and ``s2hk`` (Hong Kong forms: 為, 羣, 啓, 審核)
convert characters and phrases only; the variant is the language setting: ``zh-Hant`` and ``zh-Hant-TW`` Taiwan,
``zh-Hant-HK`` Hong Kong. Office phrases OpenCC gets wrong (编发 → 編髮, "braided hair") are corrected after it,
from ``hant.toml``. File names are never converted: they name files on disk.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from importlib import resources

from summarize.report.model import Attachment, Figure, Paragraph, Report, Table
from summarize.report.official import OfficialMarks

# Language setting → OpenCC configuration and the East Asian language tag Word and WPS are given.
VARIANTS = {
    "zh-Hant": ("s2tw", "zh-TW"),
    "zh-Hant-TW": ("s2tw", "zh-TW"),
    "zh-Hant-HK": ("s2hk", "zh-HK"),
}


def is_traditional(lang: str) -> bool:
    """Whether ``lang`` is one of the traditional Chinese settings."""
    return lang in VARIANTS


def east_asian_tag(lang: str) -> str:
    """The ``w:lang w:eastAsia`` value for ``lang``: zh-CN, zh-TW or zh-HK."""
    return VARIANTS[lang][1] if lang in VARIANTS else "zh-CN"


@cache
def _converter(config: str):  # noqa: ANN202 - opencc has no type hints
    import opencc

    return opencc.OpenCC(config)


@cache
def _corrections(lang: str) -> tuple[tuple[str, str], ...]:
    """(OpenCC's output, the office form) pairs for ``lang``, longest first."""
    text = resources.files("summarize.report").joinpath("hant.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    pairs = {**data.get("all", {}), **data.get(VARIANTS[lang][0], {})}
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


def convert_text(text: str, lang: str) -> str:
    """``text`` (simplified Chinese) in ``lang``: unchanged for zh-Hans, else the variant's traditional forms."""
    if not is_traditional(lang):
        return text
    converted = _converter(VARIANTS[lang][0]).convert(text)
    for wrong, right in _corrections(lang):
        converted = converted.replace(wrong, right)
    return converted


def convert_report(report: Report, lang: str) -> Report:
    """The report in ``lang``: unchanged for zh-Hans, every title, paragraph, caption and cell converted for
    the traditional settings (a figure's picture is drawn in ``lang`` by its builder, its caption here)."""
    if not is_traditional(lang):
        return report

    def t(text: str) -> str:
        return convert_text(text, lang)

    def block(b: Paragraph | Figure | Table) -> Paragraph | Figure | Table:
        if isinstance(b, Paragraph):
            return replace(b, text=t(b.text))
        if isinstance(b, Figure):
            return replace(b, caption=t(b.caption))
        keep = set(b.verbatim_columns)
        return replace(
            b,
            caption=t(b.caption),
            columns=[t(c) for c in b.columns],
            rows=[[c if i in keep else t(c) for i, c in enumerate(r)] for r in b.rows],
            note=t(b.note),
        )

    return replace(
        report,
        title=t(report.title),
        blocks=[block(b) for b in report.blocks],
        signature=t(report.signature),
        attachments=[Attachment(t(a.title), [block(b) for b in a.blocks]) for a in report.attachments],
        lang=lang,
        marks=_marks(report.marks, t),
    )


def _marks(marks: OfficialMarks | None, t: Callable[[str], str]) -> OfficialMarks | None:
    if marks is None:
        return None
    texts = ("issuer", "number", "signer", "addressee", "cc", "printer")
    return replace(marks, **{name: t(getattr(marks, name)) for name in texts})
