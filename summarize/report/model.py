"""The Report model: a document as plain data, independent of Word.

A report is a title, a flat list of blocks (headings and body paragraphs, figures, tables), a 落款 and an
list of 附件. Renderers (``summarize.render.docx``, ``summarize.render.markdown``) walk the blocks in order;
nothing in this module imports python-docx.

Paragraph styles are the GB/T 9704 levels an office uses:

- ``"h1"``: 一级标题 "一、……" (黑体)
- ``"h2"``: 二级标题 "（一）……" (楷体)
- ``"h3"``: 三级标题 "1.……" (仿宋, often bold)
- ``"body"``: 正文 (仿宋, first line indented two characters)
- ``"lead"``: 导语, laid out as body text

Text may contain placeholders ``【请补充：……】`` where the office must write something; renderers highlight them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.report.official import OfficialMarks

if TYPE_CHECKING:
    from summarize.layout import Layout

PLACEHOLDER_OPEN = "【请补充："
# A placeholder runs to its closing 】 (or the end of the text when a template forgot it).
PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER_OPEN) + r"[^】]*(?:】|$)")
# The words renderers add around the blocks, per language (captions are numbered 图1/圖1, 表1).
LABELS = {
    "zh-Hans": {
        "figure": "图",
        "table": "表",
        "attachment": "附件",
        "signer": "签发人",
        "cc": "抄送",
        "printed": "印发",
    },
    "zh-Hant": {
        "figure": "圖",
        "table": "表",
        "attachment": "附件",
        "signer": "簽發人",
        "cc": "抄送",
        "printed": "印發",
    },
}
LABELS["zh-Hant-TW"] = LABELS["zh-Hant-HK"] = LABELS["zh-Hant"]
PARAGRAPH_STYLES = ("h1", "h2", "h3", "body", "lead")


@dataclass
class Paragraph:
    """A heading or a paragraph of body text."""

    text: str
    style: str = "body"

    def __post_init__(self) -> None:
        if self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"未知段落样式：{self.style}")


@dataclass
class Figure:
    """A chart as PNG bytes, captioned below the picture ("图1 ……")."""

    png: bytes
    caption: str
    width_cm: float = 15.0


@dataclass
class Table:
    """A table of already formatted cells, captioned above the table ("表1 ……"); with an empty caption it has
    none and no number (the one table of a 附件: the 附件's title names it, as GB/T 9704 lays an attachment out)."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    # Column indexes that hold numbers: right-aligned in Word.
    numeric_columns: tuple[int, ...] = ()
    note: str = ""
    # Column indexes whose cells are names to keep as they are (file names), not text to translate.
    verbatim_columns: tuple[int, ...] = ()
    # Text columns that must not wrap (a metric's name in the 附件): sized like numbers, the font shrinking first.
    nowrap_columns: tuple[int, ...] = ()


Block = Paragraph | Figure | Table


@dataclass
class Attachment:
    """One 附件: its title (centred on its first page) and its blocks."""

    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    """A 年终总结 or 月报 as data: render it with ``to_docx`` or ``to_markdown``."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    signature: str = ""
    date: date | None = None
    # The 附件, each on a new page after the 落款 and listed in the 附件说明 above it ("附件：1.…" when several).
    attachments: list[Attachment] = field(default_factory=list)
    lang: str = "zh-Hans"
    # The 公文 elements (红头, 发文字号, 主送机关, 版记, seal-ready 落款) when the report is sent as a formal 报告.
    marks: OfficialMarks | None = None
    # How the workspace prints it: its [layout] (None: GB/T 9704 as bundled) and its own Word template
    # (templates/report.docx; None: the bundled one). A report from ``ws.report()`` carries both, so writing it
    # from Python gives the document the commands write.
    layout: Layout | None = None
    template: Path | None = None

    def add(self, block: Block) -> Report:
        """Append a block and return the report, so building reads top to bottom."""
        self.blocks.append(block)
        return self

    def label(self, key: str) -> str:
        """The word a renderer writes for ``figure``, ``table`` or ``attachment`` in the report's language."""
        return LABELS.get(self.lang, LABELS["zh-Hans"])[key]

    def to_docx(self, path: str | Path, template: Path | None = None, layout: Layout | None = None) -> Path:
        """Write the report as a GB/T 9704 Word document (see :func:`summarize.render.docx.render_docx`) with its
        own layout and template unless others are given."""
        from summarize.render.docx import render_docx

        return render_docx(self, path, template=template or self.template, layout=layout or self.layout)

    def to_pdf(self, path: str | Path, template: Path | None = None, layout: Layout | None = None) -> Path:
        """Write the report as a PDF through LibreOffice (see :func:`summarize.render.pdf.write_pdf`), with its
        own layout and template unless others are given."""
        from summarize.render.pdf import write_pdf

        return write_pdf(self, path, template=template or self.template, layout=layout or self.layout)

    def to_markdown(self, embed_images: bool = False) -> str:
        """The report as Markdown, for previews; figures inline as PNG data when ``embed_images``."""
        from summarize.render.markdown import render_markdown

        return render_markdown(self, embed_images=embed_images)

    def to_html(self) -> str:
        """The report as an HTML fragment, figures inline, as the web page previews it."""
        from summarize.render.html import render_html

        return str(render_html(self))

    def _repr_markdown_(self) -> str:
        return self.to_markdown(embed_images=True)

    @property
    def figures(self) -> list[Figure]:
        """Every figure, body first then appendix, in the order they are numbered."""
        return [b for b in self.all_blocks if isinstance(b, Figure)]

    @property
    def tables(self) -> list[Table]:
        """Every table, body first then appendix, in the order they are numbered."""
        return [b for b in self.all_blocks if isinstance(b, Table)]

    @property
    def all_blocks(self) -> list[Block]:
        """The body's blocks, then every attachment's, in the order they are numbered."""
        return [*self.blocks, *(b for a in self.attachments for b in a.blocks)]

    def attachment_label(self, index: int) -> str:
        """ "附件" for a lone attachment, "附件1" "附件2" when there are several (GB/T 9704 7.3.4 and 8.1)."""
        label = self.label("attachment")
        return label if len(self.attachments) == 1 else f"{label}{index + 1}"

    def attachment_list(self) -> list[str]:
        """The 附件说明 lines: "附件：主要指标统计表", or "附件：1.…" with the later items under the first."""
        label = self.label("attachment")
        if len(self.attachments) == 1:
            return [f"{label}：{self.attachments[0].title}"]
        pad = "\u3000" * (len(label) + 1)
        return [
            f"{label if i == 0 else ''}{'：' if i == 0 else pad}{i + 1}.{a.title}"
            for i, a in enumerate(self.attachments)
        ]
